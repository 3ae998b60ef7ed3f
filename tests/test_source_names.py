"""A source dataset named like a stored dataset, a sample or a data-folder file hides it, as a
data-folder file hides a stored dataset: start-up says so in one warning line, and a dashboard's
chart that fails over a source's dataset says where it comes from."""
from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

import pytest

from app import DashboardError, create_app
from tests.conftest import CSV_WRITE, WRITE_TOKEN, copy_sample
from tests.source_data import sources_toml


def shop_sources(tmp_path: Path, *names: str) -> Path:
    """A sources file of the source 'shop', an SQLite file whose table 'weather' (day, temperature_c)
    each of `names` reads."""
    with sqlite3.connect(tmp_path / "shop.db") as conn:
        conn.execute("CREATE TABLE weather (day DATETIME, temperature_c REAL)")
        conn.execute("INSERT INTO weather VALUES ('2025-01-01', 1.5)")
    conn.close()
    return sources_toml(tmp_path / "shop-sources.toml", {"shop": {"url": f"sqlite:///{tmp_path / 'shop.db'}"}},
                        {name: {"source": "shop", "table": "weather"} for name in names})


def site(data: Path, closing, **settings):
    return closing(create_app({"TESTING": True, "DATA_DIR": str(data), "WRITE_TOKENS": WRITE_TOKEN,
                               "RENDER_WORKERS": 0, **settings}))


def warnings_of(caplog) -> list[str]:
    return [record.getMessage() for record in caplog.records if record.levelno == logging.WARNING]


def test_a_source_dataset_named_like_a_stored_one_is_one_warning_line_at_start_up(tmp_path, closing, caplog):
    data = tmp_path / "data"
    data.mkdir()
    made = site(data, closing).test_client().post("/api/datasets?name=sales", headers=CSV_WRITE, data="n\n1\n")
    assert made.status_code == 201
    caplog.set_level(logging.WARNING)
    client = site(data, closing, SOURCES=str(shop_sources(tmp_path, "sales"))).test_client()
    assert warnings_of(caplog) == [
        "dataset 'sales' is read from the source 'shop' ([datasets.sales] in shop-sources.toml): that entry hides "
        "the stored dataset 'sales': the site reads the source's dataset in its place and refuses writes to it; "
        "give the entry another name to reach both"]
    assert client.get("/api/datasets/sales").json["dataset"]["source"] == "shop"


def test_a_source_dataset_named_like_a_data_folder_file_names_the_file(tmp_path, closing, caplog):
    data = tmp_path / "data"
    data.mkdir()
    (data / "sales.csv").write_text("n\n1\n")
    caplog.set_level(logging.WARNING)
    site(data, closing, SOURCES=str(shop_sources(tmp_path, "sales")))
    [line] = warnings_of(caplog)
    assert line.startswith("dataset 'sales' is read from the source 'shop' ([datasets.sales] in shop-sources.toml): "
                           "that entry hides the file sales.csv in the data folder: ")


def test_a_data_folder_file_named_like_a_stored_dataset_is_one_warning_line_at_start_up(tmp_path, closing, caplog):
    data = tmp_path / "data"
    data.mkdir()
    made = site(data, closing).test_client().post("/api/datasets?name=sales", headers=CSV_WRITE, data="n\n1\n")
    assert made.status_code == 201
    (data / "sales.csv").write_text("n\n2\n3\n")
    caplog.set_level(logging.WARNING)
    client = site(data, closing).test_client()
    assert warnings_of(caplog) == [
        "dataset 'sales' is the file sales.csv in the data folder: that file hides the stored dataset 'sales': the "
        "site reads the file in its place and refuses writes to it; rename the file to reach both"]
    assert client.get("/api/datasets/sales").json["dataset"]["row_count"] == 2


def test_a_data_folder_file_named_like_a_sample_names_the_sample_file(tmp_path, closing, caplog):
    data = tmp_path / "data"
    data.mkdir()
    copy_sample("weather", data)
    caplog.set_level(logging.WARNING)
    site(data, closing)
    assert warnings_of(caplog) == [
        "dataset 'weather' is the file weather.csv in the data folder: that file hides the stored dataset 'weather' "
        "(loaded from the sample file weather.csv): the site reads the file in its place and refuses writes to it; "
        "rename the file to reach both"]


def test_a_file_and_a_stored_dataset_a_source_hides_are_one_warning_line_naming_both(tmp_path, closing, caplog):
    data = tmp_path / "data"
    data.mkdir()
    made = site(data, closing).test_client().post("/api/datasets?name=sales", headers=CSV_WRITE, data="n\n1\n")
    assert made.status_code == 201
    (data / "sales.csv").write_text("n\n2\n")
    caplog.set_level(logging.WARNING)
    site(data, closing, SOURCES=str(shop_sources(tmp_path, "sales")))
    [line] = warnings_of(caplog)
    assert ("that entry hides the file sales.csv in the data folder and the stored dataset 'sales': "
            "the site reads the source's dataset in its place") in line


def test_source_datasets_that_hide_nothing_are_not_warned_of(tmp_path, closing, caplog):
    data = tmp_path / "data"
    data.mkdir()
    caplog.set_level(logging.WARNING)
    site(data, closing, SOURCES=str(shop_sources(tmp_path, "shop-weather")))
    assert warnings_of(caplog) == []


def test_a_dashboard_chart_failing_over_a_source_that_hides_a_sample_says_where_its_dataset_comes_from(
        tmp_path, closing, caplog):
    data = tmp_path / "data"
    data.mkdir()
    caplog.set_level(logging.WARNING)
    with pytest.raises(DashboardError) as caught:
        site(data, closing, SOURCES=str(shop_sources(tmp_path, "weather")))
    message = str(caught.value)
    assert message.startswith("stations.toml: chart 'weather-station': x: no column 'date'")
    assert message.endswith("; dataset 'weather' is read from the source 'shop' ([datasets.weather] in "
                            "shop-sources.toml): that entry hides the stored dataset 'weather' (loaded from the "
                            "sample file weather.csv)")
    assert len(warnings_of(caplog)) == 1  # said before the dashboards are read, so even when they stop the start
