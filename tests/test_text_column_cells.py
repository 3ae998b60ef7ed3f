"""A chart refusing a column for holding text names the cell that made it text, and how to write it:
a stored dataset's, a data-folder file's and a source's alike."""
from __future__ import annotations

import subprocess
from pathlib import Path

import pandas as pd
import pytest

from app import DashboardError, create_app
from tests.conftest import refusal, site_holding
from tests.source_data import sources_toml, write_sqlite

POINT = "no thousands separators, units or currency signs"


@pytest.fixture
def client(data_dir):
    return site_holding(data_dir, {"comma": 'date,value\n2024-01-01,1\n2024-01-02,"1,5"\n',
                                   "dotted": "day,value\n31.01.2024,1\n01.02.2024,2\n"})


def test_a_y_of_text_names_its_first_cell_that_is_no_number_and_how_to_write_it(client):
    assert refusal(client, "/plot/comma.json?y=value") == (
        f"y: column 'value' holds text, not numbers: row 2 holds '1,5' (write numbers with a point: 1.5, {POINT}); "
        "the dataset has no numeric column")


@pytest.mark.parametrize("kind", ["hist", "box"])
def test_the_values_of_a_histogram_or_box_plot_name_the_cell_too(client, kind):
    assert "row 2 holds '1,5' (write numbers with a point: 1.5" in refusal(client, f"/plot/comma.json?kind={kind}&y=value")


def test_resample_by_an_x_of_dates_written_another_way_names_the_first_and_how_to_write_it(client):
    assert refusal(client, "/plot/dotted.json?y=value&resample=day") == (
        "resample needs x to be a date column; 'day' holds text: row 1 holds '31.01.2024' (write dates as "
        "YYYY-MM-DD: 2024-01-31); this dataset has no date column")


def test_resample_by_an_x_of_numbers_names_the_x_and_what_it_holds_as_for_text_and_the_date_columns(client):
    message = refusal(client, "/plot/weather.json?x=temperature_c&y=rainfall_mm&resample=day")
    assert message == "resample needs x to be a date column; 'temperature_c' holds numbers; choose one as x (date)"


def test_x_bounds_on_an_x_of_text_name_the_cell_that_is_neither_a_number_nor_a_date(client):
    assert refusal(client, "/plot/dotted.json?y=value&xmin=1") == (
        "xmin and xmax need x to be a number or date column; 'day' holds text: row 1 holds '31.01.2024' "
        "(write dates as YYYY-MM-DD: 2024-01-31); choose another x")


def test_a_word_among_numbers_is_named_without_a_hint(client):
    assert "y: column 'station' holds text, not numbers: row 1 holds 'Airport'; numeric" in \
        refusal(client, "/plot/stations.json?y=station")


def test_a_data_folder_file_names_its_cell_too(data_dir):
    (data_dir / "prices.csv").write_text("item,price\na,$1.50\nb,$2\n", encoding="utf-8")
    client = create_app({"TESTING": True, "DATA_DIR": str(data_dir)}).test_client()
    assert "row 1 holds '$1.50' (write numbers with a point: 1.50" in refusal(client, "/plot/prices.json?x=item&y=price")


def test_a_dashboard_chart_of_a_text_column_names_the_cell(client):
    assert "y: column 'station' holds text, not numbers: row 1 holds 'Airport'; numeric" in \
        refusal(client, "/d/stations/temperature.json?y=station")


@pytest.fixture
def source_client(tmp_path: Path):
    frame = pd.DataFrame({"day": ["2024-01-01", "2024-01-02", "2024-01-03"], "signed": ["1", "2", "\u22123"],
                          "written": ["1.5", "2", "3"]})
    url = write_sqlite(tmp_path / "shop.db", {"readings": frame})
    sources = sources_toml(tmp_path / "sources.toml", {"shop": {"url": url}},
                           {"readings": {"source": "shop", "sql": "SELECT day, signed, CAST(written AS TEXT) AS written "
                                                                 "FROM readings"}})
    (tmp_path / "data").mkdir()
    return create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "data"), "SOURCES": str(sources),
                       "DASHBOARD_DIRS": [], "RENDER_WORKERS": 0}).test_client()


def test_a_source_text_column_names_its_cell(source_client):
    assert "row 3 holds '\u22123' (write a minus as '-': -3)" in refusal(source_client, "/plot/readings.json?y=signed")


def test_a_dashboard_file_charting_a_text_column_names_the_cell_at_start_up(data_dir, tmp_path):
    (data_dir / "prices.csv").write_text("item,price\na,1\nb,\"2,5\"\n", encoding="utf-8")
    folder = tmp_path / "dashboards"
    folder.mkdir()
    (folder / "shop.toml").write_text('title = "Shop"\n\n[[charts]]\nid = "prices"\ndataset = "prices"\nkind = "bar"\n'
                                      'x = "item"\ny = ["price"]\n', encoding="utf-8")
    with pytest.raises(DashboardError) as caught:
        create_app({"TESTING": True, "DATA_DIR": str(data_dir), "DASHBOARD_DIRS": [str(folder)]})
    assert "y: column 'price' holds text, not numbers: row 2 holds '2,5' (write numbers with a point: 2.5" in str(caught.value)


def test_a_dashboard_chart_whose_file_now_holds_text_names_the_cell_in_its_url_and_report(data_dir, tmp_path):
    (data_dir / "zoo.csv").write_text("year,lions\n2020,1\n2021,3\n", encoding="utf-8")
    folder = tmp_path / "boards"
    folder.mkdir()
    (folder / "zoo.toml").write_text('[[charts]]\nid = "lions"\ndataset = "zoo"\ny = ["lions"]\ntitle = "Lions"\n')
    client = create_app({"TESTING": True, "DATA_DIR": str(data_dir), "DASHBOARD_DIRS": [str(folder)]}).test_client()
    (data_dir / "zoo.csv").write_text("year,lions\n2020,1\n2021,\u22123\n", encoding="utf-8")
    assert "row 2 holds '\u22123' (write a minus as '-': -3)" in refusal(client, "/d/zoo/lions.json")
    report = client.get("/d/zoo.pdf")
    assert report.status_code == 200
    (tmp_path / "zoo.pdf").write_bytes(report.data)
    text = " ".join(subprocess.run(["pdftotext", str(tmp_path / "zoo.pdf"), "-"], capture_output=True, text=True,
                                   timeout=60, check=True).stdout.split())
    assert "row 2 holds" in text and "write a minus as '-'" in text
