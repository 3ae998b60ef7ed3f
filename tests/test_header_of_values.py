"""A CSV without a header line has its first row read as the columns' names, and that row is not
among the rows: a create whose header names every column by a value of the column's own type, a date
or a number with a fraction among them, warns that the file may have no header line, in its answer and
on the dataset's page. Whole numbers (years, say) and words are names as often as values: a header of
them alone, or of any name its column's values could not be, is no such warning. A column of text
mostly of numbers or dates counts as one of them, its cells written another way told beside it."""
from __future__ import annotations

import html

import pytest

from app import create_app
from tests.conftest import created_warnings, writable_app

NO_HEADER = "2024-01-01,5.5,Airport\n2024-01-02,6,Harbour\n2024-01-03,7.25,Airport\n"


@pytest.fixture
def client(data_dir):
    return writable_app(data_dir, RENDER_WORKERS=0).test_client()


def test_a_csv_without_a_header_line_is_warned_of_as_its_first_row_read_as_names(client):
    [warning] = created_warnings(client, "readings", NO_HEADER)
    assert (warning["column"], warning["row"], warning["value"]) == ("2024-01-01", None, "2024-01-01,5.5,Airport")
    assert warning["message"].startswith(
        "the header line names the columns by values of their own types: '2024-01-01' (a date), '5.5' (a number), "
        "'Airport' (text); where the file has no header line, its first row was read as the names and is not "
        "among the rows: add a header line naming the columns above it"), warning["message"]
    assert warning["hint"] == "add a header line naming the columns above the first row"


@pytest.mark.parametrize("body", [
    "2024-01-01,5\n2024-01-02,6\n",        # a date naming a column of dates
    "1.5,2\n3,4\n",                        # a number with a fraction naming a column of whole numbers
    "2024-01-01T08:00:00Z\n2024-01-01T09:00:00Z\n",
])
def test_a_header_of_a_date_or_a_fraction_among_values_is_warned_of(client, body):
    [warning] = created_warnings(client, "values", body)
    assert warning["row"] is None and "where the file has no header line" in warning["message"]


def test_the_dataset_page_warns_of_it_too(client):
    created_warnings(client, "readings", NO_HEADER)
    page = html.unescape(client.get("/datasets/readings").get_data(as_text=True))
    assert "where the file has no header line, its first row was read as the names" in page


@pytest.mark.parametrize("body", [
    "date,v\n2024-01-01,5.5\n",           # names
    "2020,2021,2022\n1.5,2,3\n",           # years naming columns of numbers: whole numbers name columns too
    "station,2024-01-01\nAirport,5.5\n",   # a date naming a column of numbers
    "2024-01-01,v\n2024-01-02,5.5\n",      # a word naming a column of numbers
    "2024-01-01,5\nAirport,6\n",           # a date naming a column of text, a whole number one of numbers
])
def test_a_header_of_names_is_not_warned_of(client, body):
    assert created_warnings(client, "named", body) == []


# A file without a header line whose column of dates is text for one cell of 24:00 alone.
MIDNIGHT_CELL = "2024-01-01,5\n2024-01-02,6\n2024-01-02T24:00,7\n"


def test_a_data_folder_file_without_a_header_is_warned_of_it_with_the_cell_that_makes_its_dates_text(tmp_path):
    # Only the cell was told: the missing header line was told once the cell was mended.
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "r.csv").write_text(MIDNIGHT_CELL)
    client = create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "data"), "RENDER_WORKERS": 0}).test_client()
    page = html.unescape(client.get("/datasets/r").get_data(as_text=True))
    header = page.find("the header line names the columns by values of their own types: '2024-01-01' (a date), "
                       "'5' (a number); where the file has no header line")
    cell = page.find("column '2024-01-01' is text, though most of its values are numbers or dates: row 2 holds "
                     "'2024-01-02T24:00' (a time of 24:00 is not taken: write the next day's 2024-01-03T00:00)")
    assert -1 < header < cell, page


def test_a_create_without_a_header_is_warned_of_it_with_the_row_that_makes_its_dates_text(client):
    body = "".join(f"2024-01-0{day},{day}\n" for day in range(1, 8)) + "Total,28\n"
    header, cell = created_warnings(client, "totals", body)
    assert "where the file has no header line" in header["message"]
    assert (cell["column"], cell["row"], cell["value"]) == ("2024-01-01", 7, "Total")
