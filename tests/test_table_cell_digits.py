"""A page's table of rows, a dataset's first rows and a chart page's data, shows a float as a spreadsheet
shows it: to 15 significant digits (40.73, not the 40.730000000000004 of a query's temperature*9/5+32), a
whole one as it was written (5.0, 9007199254740993), with its column's unit; the dataset's and the chart's
.csv and .json keep every digit."""
from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from app import create_app
from tests.conftest import created, writable_app
from tests.source_data import sources_toml

# Doubles of arithmetic: 4.85 and 37.91 in Fahrenheit, 0.1 + 0.2, and 1234.5 a bit off.
ROWS = ("day,temperature_f,share,price ($),whole,count\n"
        "2025-01-01,40.730000000000004,0.30000000000000004,1234.5000000000002,5.0,9007199254740993\n"
        "2025-01-02,100.23799999999999,0.5,-0.30000000000000004,-2.0,7\n")
# The cells of each row, as the page's table writes them (an amount of dollars to the cent).
CELLS = [["2025-01-01", "40.73", "0.3", "$1,234.50", "5.0", "9007199254740993"],
         ["2025-01-02", "100.238", "0.5", "\N{MINUS SIGN}$0.30", "-2.0", "7"]]


def table_rows(page: str) -> list[list[str]]:
    """The cells of each row of a page's table of rows."""
    return [re.findall(r"<td>([^<]*)</td>", row) for row in re.findall(r"<tr>(<td>.*?)</tr>", page)]


@pytest.fixture(params=["stored", "data folder"])
def client(request, data_dir: Path):
    """A site holding ROWS as the dataset `temps`: stored through the API, or a file of the data folder."""
    if request.param == "data folder":
        (data_dir / "temps.csv").write_text(ROWS)
        return writable_app(data_dir).test_client()
    client = writable_app(data_dir).test_client()
    created(client, "temps", ROWS)
    return client


def test_a_datasets_first_rows_show_floats_to_15_digits(client):
    assert table_rows(client.get("/datasets/temps").get_data(as_text=True))[-2:] == CELLS


def test_a_datasets_downloads_keep_every_digit_of_its_floats(client):
    lines = client.get("/datasets/temps.csv").get_data(as_text=True).splitlines()
    assert lines[1] == "2025-01-01,40.730000000000004,0.30000000000000004,1234.5000000000002,5.0,9007199254740993"
    rows = client.get("/datasets/temps.json").get_json()["rows"]
    assert rows[1][1:4] == [100.23799999999999, 0.5, -0.30000000000000004]


@pytest.fixture
def source_client(tmp_path: Path, closing):
    """The site over an SQLite source whose dataset `hot` is a query computing Fahrenheit from Celsius, and a
    dashboard `m` of its line, `f`."""
    with sqlite3.connect(tmp_path / "shop.db") as conn:
        conn.execute("CREATE TABLE weather (day DATETIME, temperature REAL)")
        conn.executemany("INSERT INTO weather VALUES (?, ?)", [("2025-01-01", 4.85), ("2025-01-02", 37.91)])
    conn.close()
    query = "SELECT day, temperature, temperature*9/5+32 AS temperature_f FROM weather ORDER BY day"
    sources = sources_toml(tmp_path / "sources.toml", {"shop": {"url": f"sqlite:///{tmp_path / 'shop.db'}"}},
                           {"hot": {"source": "shop", "sql": query}})
    data, boards = tmp_path / "data", tmp_path / "boards"
    data.mkdir()
    boards.mkdir()
    (boards / "m.toml").write_text('[[charts]]\nid = "f"\ndataset = "hot"\nx = "day"\ny = ["temperature_f"]\n')
    return closing(create_app({"TESTING": True, "DATA_DIR": str(data), "SOURCES": str(sources),
                               "DASHBOARD_DIRS": [str(boards)], "RENDER_WORKERS": 0})).test_client()


def test_a_source_querys_computed_column_is_shown_to_15_digits_on_its_pages(source_client):
    dataset_page = source_client.get("/datasets/hot").get_data(as_text=True)
    assert table_rows(dataset_page)[-2:] == [["2025-01-01", "4.85", "40.73"], ["2025-01-02", "37.91", "100.238"]]
    chart_page = source_client.get("/d/m/f").get_data(as_text=True)
    assert table_rows(chart_page) == [["2025-01-01", "40.73"], ["2025-01-02", "100.238"]]


def test_a_source_querys_computed_column_keeps_every_digit_in_its_downloads(source_client):
    assert [row[2] for row in source_client.get("/datasets/hot.json").get_json()["rows"]] == [
        40.730000000000004, 100.23799999999999]
    assert source_client.get("/d/m/f.csv").get_data(as_text=True).splitlines()[1:] == [
        "2025-01-01,40.730000000000004", "2025-01-02,100.23799999999999"]
