"""A CSV line of commas alone (`,,`), as a spreadsheet writes an empty row, is stored as a row of
missing values, and the create's and the append's answers warn of such rows: how many, their first
lines, and each column of whole numbers they made float; JSON rows of no value alike. The forms'
next page shows the warning once."""
from __future__ import annotations

import io

import pytest

from tests.conftest import CSV_WRITE, JSON_WRITE, WRITE_TOKEN, created, created_warnings, csrf_of, writable_app
from tests.test_page_consistency import page_warnings

FIXED = ("a column's type is fixed when the dataset is created: fix the file and create the dataset again before "
         "appending rows to it (DELETE /api/datasets/sales with a write token removes this one)")


@pytest.fixture
def app(data_dir):
    return writable_app(data_dir)


def test_a_create_warns_of_lines_of_commas_alone_naming_the_column_of_whole_numbers_they_made_float(client):
    answer = created(client, "sales", "units,price,shop\n1,2.5,a\n,,\n3,4.5,b\n,,\n")
    assert answer["rows_total"] == 4
    assert [(c["name"], c["type"]) for c in answer["dataset"]["columns"]] == [
        ("units", "float"), ("price", "float"), ("shop", "text")]
    hint = ("remove the lines of commas alone where they stand for no row: without them, an integer column holds "
            "the whole numbers")
    assert answer["warnings"] == [{
        "column": "units", "row": 2, "value": ",,", "hint": hint,
        "message": "2 rows of the body hold commas alone, as a spreadsheet writes an empty row, each stored as a row "
                   "of missing values: lines 3, 5; column 'units', of whole numbers, is float (numbers) for them, as "
                   f"an integer column holds no missing value; {hint}; {FIXED}"}]


def test_a_create_names_the_first_five_lines_of_commas_alone(client):
    text = "price,shop\n1.5,a\n" + ",\n" * 7 + "2.5,b\n"
    [warning] = created_warnings(client, "sales", text)
    assert warning["column"] == "price" and warning["row"] == 2
    assert warning["message"] == (
        "7 rows of the body hold commas alone, as a spreadsheet writes an empty row, each stored as a row of missing "
        "values: lines 3, 4, 5, 6, 7 and 2 more; remove the lines of commas alone where they stand for no row: to "
        "keep them out, create the dataset again without them (DELETE /api/datasets/sales with a write token "
        "removes this one)")


def test_a_create_names_the_first_twenty_columns_made_float_then_how_many_more(client):
    names = [f"c{number:02d}" for number in range(1, 24)]
    text = ",".join(names) + "\n" + ",".join("1" * 23) + "\n" + "," * 22 + "\n"
    [warning] = created_warnings(client, "sales", text)
    listed = ", ".join(f"'{name}'" for name in names[:20])
    assert f"columns {listed} and 3 more columns, of whole numbers, are float (numbers)" in warning["message"]


def test_a_create_without_lines_of_commas_alone_warns_of_none(client):
    assert created_warnings(client, "sales", "units,shop\n1,a\n\n3,b\n") == []


def test_an_append_warns_of_its_lines_of_commas_alone_and_its_replay_alike(client):
    created(client, "sales", "price,shop\n1.5,a\n")
    headers = {**CSV_WRITE, "Idempotency-Key": "k1"}
    first = client.post("/api/datasets/sales/rows", data="shop,price\n,\nb,2\n", headers=headers).get_json()
    assert first["rows_added"] == 2
    assert first["warnings"] == [{
        "column": "price", "row": 1, "value": ",",
        "hint": "remove the lines of commas alone where they stand for no row",
        "message": "1 row of the body holds commas alone, as a spreadsheet writes an empty row, stored as a row of "
                   "missing values: line 2; remove the lines of commas alone where they stand for no row"}]
    again = client.post("/api/datasets/sales/rows", data="shop,price\n,\nb,2\n", headers=headers).get_json()
    assert again == first | {"replayed": True}
    plain = client.post("/api/datasets/sales/rows", data="shop,price\nc,3\n", headers=CSV_WRITE).get_json()
    assert plain["warnings"] == []


def test_an_append_of_json_warns_of_its_rows_of_no_value(client):
    created(client, "sales", "price,shop\n1.5,a\n")
    rows = '[{"price": 2, "shop": "b"}, {"price": null, "shop": ""}, {"price": null, "shop": null}]'
    answer = client.post("/api/datasets/sales/rows", data=rows, headers=JSON_WRITE).get_json()
    assert answer["rows_added"] == 3
    assert answer["warnings"] == [{
        "column": "price", "row": 2, "value": None,
        "hint": "leave out the rows of no value where they stand for no row",
        "message": "2 rows of the body hold no value in any column, each stored as a row of missing values: rows 2, "
                   "3; leave out the rows of no value where they stand for no row"}]


def test_the_upload_form_s_next_page_shows_the_warning_once(client):
    response = client.post("/upload", data={"csrf_token": csrf_of(client.get("/upload")), "token": WRITE_TOKEN,
                                            "name": "sales", "file": (io.BytesIO(b"units,shop\n1,a\n,\n"), "a.csv")})
    assert response.status_code == 303
    assert page_warnings(client, "sales") == [
        "1 row of the file holds commas alone, as a spreadsheet writes an empty row, stored as a row of missing "
        "values: line 3; column 'units', of whole numbers, is float (numbers) for them, as an integer column holds "
        "no missing value; remove the lines of commas alone where they stand for no row: without them, an integer "
        f"column holds the whole numbers; {FIXED}"]
    assert page_warnings(client, "sales") == []


def test_the_append_form_s_next_page_shows_the_warning_of_pasted_rows_once(client):
    created(client, "sales", "price,shop\n1.5,a\n")
    response = client.post("/datasets/sales/append", data={
        "csrf_token": csrf_of(client.get("/datasets/sales/append")), "token": WRITE_TOKEN,
        "rows": "price,shop\n2,b\n,\n"})
    assert response.status_code == 303
    assert page_warnings(client, "sales") == [
        "1 row of the pasted text holds commas alone, as a spreadsheet writes an empty row, stored as a row of "
        "missing values: line 3; remove the lines of commas alone where they stand for no row"]
    assert page_warnings(client, "sales") == []
