"""Whole numbers with an empty cell, or one past 64 bits, make a float column, which keeps whole numbers
past 2**53 to about 16 digits: a create warns of it, naming the column, the first such row and what it
is stored as, in its answer and on the dataset's page; an integer column keeps every digit."""
from __future__ import annotations

import html
import io

import pytest

from tests.conftest import CSV_WRITE, WRITE_TOKEN, created_warnings, csrf_at, writable_app

GAPS = "x,v\n1,9007199254740993\n2,\n3,123456789012345678\n"
STORED_AS = ("column 'v' is float (numbers), which holds whole numbers past 9007199254740992 (2**53) to about 16 "
             "digits: row 1 is stored as 9007199254740992.0; for every digit, write whole numbers with digits "
             "alone, within 64 bits (up to 9223372036854775807), and fill every cell: an integer column keeps "
             "them; a column's type is fixed when the dataset is created")


@pytest.fixture
def client(data_dir):
    return writable_app(data_dir, RENDER_WORKERS=0).test_client()


def test_integers_past_2_to_the_53_made_float_by_an_empty_cell_are_warned_of(client):
    [warning] = created_warnings(client, "gaps", GAPS)
    assert (warning["column"], warning["row"], warning["value"]) == ("v", 1, "9007199254740993")  # as written
    assert warning["message"].startswith(STORED_AS), warning["message"]
    assert "1,9007199254740992.0\n" in client.get("/datasets/gaps.csv").get_data(as_text=True)


def test_one_integer_past_64_bits_makes_the_column_float_and_is_warned_of_too(client):
    [warning] = created_warnings(client, "wide", "x,v\n1,5\n2,12345678901234567890\n")
    assert (warning["column"], warning["row"], warning["value"]) == ("v", 2, "12345678901234567890")
    assert "row 2 is stored as 12345678901234567168.0;" in warning["message"]


@pytest.mark.parametrize(("written", "stored"), [("1.00000000000000010e16", "10000000000000000.0"),
                                                 ('"9007199254740993"', "9007199254740992.0"),
                                                 ("123456789012345678901234", "1.2345678901234569e+23"),
                                                 ("1e300", "1e+300")])
def test_the_warning_names_the_cell_as_written_and_what_is_stored_written_whole(client, written, stored):
    # Blank lines are no rows: the row counts the rows stored, as the value is the cell of that row.
    [warning] = created_warnings(client, "big", f"x,v\n1,\n\n2,{written}\n")
    assert (warning["row"], warning["value"]) == (2, written.strip('"'))
    assert f"row 2 is stored as {stored};" in warning["message"]


def test_the_page_after_an_upload_says_so_too(client):
    form = {"csrf_token": csrf_at(client, "/upload"), "token": WRITE_TOKEN, "name": "gaps", "title": "",
            "file": (io.BytesIO(GAPS.encode()), "gaps.csv")}
    answer = client.post("/upload", data=form, follow_redirects=True)
    assert answer.status_code == 200
    assert STORED_AS in html.unescape(answer.get_data(as_text=True))


def test_an_integer_column_past_2_to_the_53_keeps_every_digit_without_a_warning(client):
    assert created_warnings(client, "exact", "x,v\n1,9007199254740993\n2,123456789012345678\n") == []
    assert client.get("/datasets/exact.csv").get_data(as_text=True) == "x,v\n1,9007199254740993\n2,123456789012345678\n"
    assert client.get("/datasets/exact.json").get_json()["rows"] == [[1, 9007199254740993], [2, 123456789012345678]]


@pytest.mark.parametrize("column", ["1.5\n2,\n3,1e17", "1\n2,\n3,9007199254740991"])
def test_a_float_column_of_fractions_or_of_integers_below_2_to_the_53_has_no_such_warning(client, column):
    assert created_warnings(client, "fine", f"x,v\n1,{column}\n") == []


def test_the_datasets_page_says_so_of_an_integer_past_2_to_the_53_appended_to_a_float_column(client):
    assert created_warnings(client, "gaps", "x,v\n1,5\n2,\n") == []
    assert client.post("/api/datasets/gaps/rows", data="x,v\n3,9007199254740993\n", headers=CSV_WRITE).status_code == 200
    page = html.unescape(client.get("/datasets/gaps").get_data(as_text=True))
    assert "holds whole numbers past 9007199254740992 (2**53) to about 16 digits: row 3 is stored as 9007199254740992.0;" in page


def test_the_openapi_document_names_the_warning(client):
    answers = client.get("/api/openapi.json").get_json()["paths"]["/api/datasets"]["post"]["responses"]
    described = answers["201"]["content"]["application/json"]["schema"]["properties"]["warnings"]["description"]
    assert "holding one past 2**53, which a float keeps to about 16 digits" in described
