"""A dataset created with a column typed text although most of its values are numbers or dates
written another way is created all the same, and its answer and page say which cell and how to
write it, so that the file can be fixed before rows are appended."""
from __future__ import annotations

import html
import io

import pytest

from app import create_app
from app.auth import CSRF_COOKIE, CSRF_FIELD
from tests.conftest import WRITE_TOKEN, created, writable_app

POINT = "no thousands separators, units or currency signs"


@pytest.fixture
def client(data_dir):
    return writable_app(data_dir).test_client()


@pytest.mark.parametrize(("cells", "row", "value", "hint"), [
    (["1.5", '"1,5"'], 2, "1,5", f"write numbers with a point: 1.5, {POINT}"),
    (['"1,234"', "2"], 1, "1,234", f"write numbers with a point: 1234 or 1.234 (whichever is meant), {POINT}"),
    (["1 234", "5"], 1, "1 234", f"write numbers with a point: 1234, {POINT}"),
    (["5%", "7%"], 1, "5%", f"write numbers with a point: 5, {POINT} (the percentage as written, 5 for 5%, not a fraction of one; a column's name can say its unit, which its charts then write beside each value: 'share (%)')"),
    (["$1.50", "$2"], 1, "$1.50", f"write numbers with a point: 1.50, {POINT} (a column's name can say its currency, "
                                  "which its charts then write beside each value: 'amount ($)')"),
    (["\u22121.5", "2"], 1, "\u22121.5", "write a minus as '-': -1.5"),
    (["1", "-", "3"], 2, "-", "leave the cell empty for a missing value"),
    (['"1.234,50"', "2"], 1, "1.234,50", f"write numbers with a point: 1234.50, {POINT}"),
    (["31.01.2024", "01.02.2024"], 1, "31.01.2024", "write dates as YYYY-MM-DD: 2024-01-31"),
    (["01/31/2024", "02/01/2024"], 1, "01/31/2024", "write dates as YYYY-MM-DD: 2024-01-31"),
    (["2024/01/31", "2024/02/01"], 1, "2024/01/31", "write dates as YYYY-MM-DD: 2024-01-31"),
])
def test_a_create_answers_201_warning_of_a_column_of_numbers_or_dates_written_another_way(client, cells, row,
                                                                                          value, hint):
    body = created(client, "odd", "n,value\n" + "".join(f"{n},{cell}\n" for n, cell in enumerate(cells)))
    assert {c["name"]: c["type"] for c in body["dataset"]["columns"]} == {"n": "integer", "value": "text"}
    [warning] = body["warnings"]
    assert warning["column"] == "value" and warning["row"] == row and warning["value"] == value
    assert warning["hint"] == hint
    assert warning["message"].startswith(
        f"column 'value' is text, though most of its values are numbers or dates: row {row} holds {value!r} ({hint}); "
        "a column's type is fixed when the dataset is created: fix the file and create the dataset again before "
        "appending rows to it (DELETE /api/datasets/odd with a write token removes this one)")


def test_a_create_of_words_or_numbers_warns_of_nothing(client):
    assert created(client, "plain", "day,station,value\n2024-01-01,North,1.5\n2024-01-02,\"Main St, 5\",2\n")[
        "warnings"] == []


def test_the_dataset_page_says_which_column_and_cell_and_how_to_write_it(client):
    created(client, "odd", 'day,value\n2024-01-01,"1,5"\n2024-01-02,2\n')
    page = html.unescape(client.get("/datasets/odd").get_data(as_text=True))
    assert (f"column 'value' is text, though most of its values are numbers or dates: row 1 holds '1,5' (write "
            f"numbers with a point: 1.5, {POINT}); a column's type is fixed") in page
    assert "No numeric column to chart." in page


def test_the_upload_form_answers_with_the_dataset_page_saying_so(client):
    form = client.get("/upload")
    token = client.get_cookie(CSRF_COOKIE).value
    assert form.status_code == 200
    answer = client.post("/upload", data={CSRF_FIELD: token, "name": "odd", "title": "", "token": WRITE_TOKEN,
                                          "file": (io.BytesIO(b"day,value\n31.01.2024,1\n01.02.2024,2\n"), "odd.csv")},
                         follow_redirects=True)
    assert answer.status_code == 200
    page = html.unescape(answer.get_data(as_text=True))
    assert "column 'day' is text, though most of its values are numbers or dates: row 1 holds '31.01.2024' " \
           "(write dates as YYYY-MM-DD: 2024-01-31)" in page


def test_a_data_folder_file_page_says_to_fix_the_file(data_dir):
    (data_dir / "prices.csv").write_text("item,price\na,1\nb,2 kg\n", encoding="utf-8")
    page = html.unescape(create_app({"TESTING": True, "DATA_DIR": str(data_dir)}).test_client()
                         .get("/datasets/prices").get_data(as_text=True))
    assert ("column 'price' is text, though most of its values are numbers or dates: row 2 holds '2 kg' (write "
            f"numbers with a point: 2, {POINT} (a column's name can say its unit)); fix the file prices.csv: its "
            "columns are typed again when it changes") in page


def test_a_data_folder_file_page_names_a_time_of_24_00_and_the_time_to_write(data_dir):
    (data_dir / "readings.csv").write_text("when,v\n2024-01-01 10:00,1\n2024-01-31 24:00,2\n2024-02-01 08:00,3\n",
                                           encoding="utf-8")
    client = create_app({"TESTING": True, "DATA_DIR": str(data_dir)}).test_client()
    page = html.unescape(client.get("/datasets/readings").get_data(as_text=True))
    cell = "row 2 holds '2024-01-31 24:00' (a time of 24:00 is not taken: write the next day's 2024-02-01 00:00)"
    assert (f"column 'when' is text, though most of its values are numbers or dates: {cell}; fix the file "
            "readings.csv: its columns are typed again when it changes") in page
    refused = client.get("/plot/readings.json?x=when&y=v&resample=day")
    assert refused.status_code == 400 and f"'when' holds text: {cell}" in refused.get_json()["error"]


def test_a_page_of_words_says_nothing_of_numbers(client):
    page = client.get("/datasets/stations").get_data(as_text=True)
    assert "though most of its values" not in page
