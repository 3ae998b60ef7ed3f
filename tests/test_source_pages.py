"""A source dataset's pages say where its rows come from and where they change: in its database,
not in a file of the data folder."""
from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from app import create_app
from tests.conftest import WRITE_TOKEN
from tests.page_text import page_lines
from tests.source_data import sources_toml


@pytest.fixture
def client(tmp_path: Path, closing):
    """The site over the sample data and the source 'shop', an SQLite file whose table 'weather' is
    the dataset 'shop-weather'."""
    with sqlite3.connect(tmp_path / "shop.db") as conn:
        conn.execute("CREATE TABLE weather (day DATETIME, temperature_c REAL)")
        conn.executemany("INSERT INTO weather VALUES (?, ?)", [("2025-01-01", 1.5), ("2025-01-02", 2.5)])
    conn.close()
    sources = sources_toml(tmp_path / "shop-sources.toml", {"shop": {"url": f"sqlite:///{tmp_path / 'shop.db'}"}},
                           {"shop-weather": {"source": "shop", "table": "weather"}})
    data = tmp_path / "data"
    data.mkdir()
    return closing(create_app({"TESTING": True, "DATA_DIR": str(data), "SOURCES": str(sources),
                               "WRITE_TOKENS": WRITE_TOKEN, "RENDER_WORKERS": 0})).test_client()


def page_text(response) -> str:
    """The page's words as a reader sees them: its head and scripts (a dataset's schema.org record) unread."""
    return " ".join(page_lines(response.get_data(as_text=True)))


def test_a_source_datasets_page_names_its_source_and_where_its_rows_change(client):
    page = client.get("/datasets/shop-weather")
    assert page.status_code == 200
    text = page_text(page)
    assert ("This dataset is read from the source shop (its entry [datasets.shop-weather] in the sources file), "
            "which the site only reads: its rows change in that database.") in text
    assert "data folder" not in text and "shop-weather.csv" not in text
    assert "Append rows" not in text


def test_a_data_folder_files_page_still_names_its_file(client, tmp_path: Path):
    (tmp_path / "data" / "counts.csv").write_text("n,m\n1,2\n")
    text = page_text(client.get("/datasets/counts"))
    assert "This dataset is the file counts.csv in the data folder: change the file to change the data" in text


def test_the_append_form_of_a_source_dataset_is_a_409_naming_the_source_and_its_database(client):
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/upload").get_data(as_text=True))[1]
    posted = client.post("/datasets/shop-weather/append", data={"csrf_token": csrf, "token": WRITE_TOKEN,
                                                                 "rows": "day,temperature_c\n2025-01-03,3\n"})
    for response in (client.get("/datasets/shop-weather/append"), posted):
        assert response.status_code == 409
        text = page_text(response)
        assert "read from the source 'shop', which the site only reads; change its rows in that database" in text
        assert "data folder" not in text and "to the file" not in text


def test_a_delete_of_a_source_dataset_says_to_remove_its_entry_from_the_sources_file(client):
    response = client.delete("/api/datasets/shop-weather", headers={"Authorization": f"Bearer {WRITE_TOKEN}"})
    assert response.status_code == 409
    assert response.get_json()["error"] == (
        "dataset 'shop-weather' is read from the source 'shop', which the site only reads; to take it off the site, "
        "remove its entry [datasets.shop-weather] from the sources file and start the site again")
