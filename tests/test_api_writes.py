"""The write API: create, append, delete, each all or nothing, behind a bearer token; its OpenAPI."""
from __future__ import annotations

import bz2
import gzip
import io
import json
import re
import sys
import zipfile

import openapi_spec_validator
import pytest

from app import create_app
from app.views.write_requests import ROW_TYPES
from tests.sample_store import app_on_samples

TOKEN = "test-write-token-0123456789"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
SALES = "month,units,price,note\n2024-01-01,5,1.5,first\n2024-02-01,7,2.25,\n"
GOOD_ROW = {"month": "2024-03-01", "units": 9, "price": 3.0, "note": "third"}


@pytest.fixture
def app(data_dir):
    """The app with a write token and a small body limit (so 413 is cheap to reach)."""
    return app_on_samples({"TESTING": True, "DATA_DIR": str(data_dir), "WRITE_TOKENS": TOKEN,
                       "MAX_CONTENT_LENGTH": 64 * 1024})


@pytest.fixture
def sales(client):
    """A dataset `sales` created through the API; returns its creation response body."""
    response = client.post("/api/datasets?name=sales&title=Monthly+sales", data=SALES,
                           headers={**AUTH, "Content-Type": "text/csv"})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def state(client, name="sales") -> tuple[str, int]:
    dataset = client.get(f"/api/datasets/{name}").get_json()["dataset"]
    return dataset["version"], dataset["row_count"]


def error_of(response) -> str:
    body = response.get_json()
    # The part of the write it is about, where it is about one: tests/test_api_refused_fields.py.
    assert set(body) - {"field", "column"} == {"ok", "status", "title", "error"} and body["ok"] is False
    assert body["status"] == response.status_code
    return body["error"]


def test_create_from_a_multipart_upload_answers_201_with_the_dataset(client):
    response = client.post("/api/datasets", headers=AUTH, data={
        "name": "sales", "title": "Monthly sales", "file": (io.BytesIO(SALES.encode()), "sales.csv")})
    assert response.status_code == 201
    assert response.headers["Location"] == "/api/datasets/sales"
    body = response.get_json()
    assert body["rows_total"] == 2 and body["version"] == body["dataset"]["version"]
    assert [(c["name"], c["type"]) for c in body["dataset"]["columns"]] == [
        ("month", "datetime"), ("units", "integer"), ("price", "float"), ("note", "text")]
    assert client.get("/plot/sales.svg?y=units").status_code == 200


def test_create_from_a_csv_body_takes_name_and_title_from_the_url(client, sales):
    assert sales["dataset"]["title"] == "Monthly sales"
    assert "sales" in [d["name"] for d in client.get("/api/datasets").get_json()["datasets"]]


@pytest.mark.parametrize(("name", "title"), [("sales-", "Sales"), ("sales_2024_", "Sales 2024"),
                                            ("daily--sales", "Daily sales")])
def test_a_title_made_from_a_name_ending_in_a_separator_holds_no_space_at_its_end(client, name, title):
    response = client.post(f"/api/datasets?name={name}", data=SALES, headers={**AUTH, "Content-Type": "text/csv"})
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["dataset"]["title"] == title


@pytest.mark.parametrize(("body", "separated_by"), [("month;units\n2024-01-01;5\n", "semicolons"),
                                                     ("month\tunits\n2024-01-01\t5\n", "tabs")])
def test_a_csv_separated_by_semicolons_or_tabs_is_refused_saying_so(client, sales, body, separated_by):
    created = client.post("/api/datasets?name=semi", data=body, headers={**AUTH, "Content-Type": "text/csv"})
    appended = client.post("/api/datasets/sales/rows", data=body, headers={**AUTH, "Content-Type": "text/csv"})
    for response in (created, appended):
        assert response.status_code == 400
        assert f"separates values with {separated_by}; save it as CSV with commas" in error_of(response)
    assert client.get("/api/datasets/semi").status_code == 404 and state(client)[1] == 2
    # One column of text that holds a semicolon is a column like any other.
    assert client.post("/api/datasets?name=notes", data="note\na;b\n",
                       headers={**AUTH, "Content-Type": "text/csv"}).status_code == 201


@pytest.mark.parametrize("header", ['"Temp; C"', '"a ""b""; c"'])
def test_a_quoted_name_holding_a_semicolon_is_one_column(client, header):
    response = client.post("/api/datasets?name=temp", data=f"{header}\n1\n2\n", headers={**AUTH, "Content-Type": "text/csv"})
    assert response.status_code == 201, error_of(response)
    assert [c["name"] for c in response.get_json()["dataset"]["columns"]] == [header[1:-1].replace('""', '"')]


def test_a_quoted_name_holding_a_tab_is_refused_for_the_tab_not_as_a_file_separated_by_tabs(client):
    response = client.post("/api/datasets?name=temp", data='"Temp\tC"\n1\n', headers={**AUTH, "Content-Type": "text/csv"})
    assert response.status_code == 400
    assert error_of(response) == ("column 1 of the header, 'Temp\\tC', contains the control character U+0009; only "
                                  "printable characters are allowed")


def test_a_data_folder_file_whose_header_is_one_quoted_name_holding_a_semicolon_is_one_column(client, data_dir):
    (data_dir / "temp.csv").write_text('\ufeff\n \n"Temp; C"\n1\n')  # pandas skips the mark and blank lines
    assert [c["name"] for c in client.get("/api/datasets/temp").get_json()["dataset"]["columns"]] == ["Temp; C"]


def test_a_quoted_name_followed_by_a_semicolon_is_still_a_file_separated_by_semicolons(client, data_dir):
    (data_dir / "semi.csv").write_text('"Temp; C";"Rain"\n1;2\n')  # read leniently as one name, Temp; C;"Rain"
    assert "separates values with semicolons" in client.get("/api/datasets/semi").get_json()["error"]


CSV_ROWS = "month,units,price,note\n2024-03-01,9,3.0,third\n"


@pytest.mark.parametrize(("body", "sent_as", "words"), [
    (CSV_ROWS, "application/json",
     "the body is not valid JSON at line 1, column 1, where it reads 'month,units,price,no…': a value is expected: "
     "a number, text in double quotes, true, false, null, a list or an object; the body looks like CSV: send it with "
     "Content-Type: text/csv (it was sent as application/json)"),
    ("units\n9\n", "application/json", "the body looks like CSV: send it with Content-Type: text/csv"),
    (json.dumps([GOOD_ROW]), "text/csv",
     "; the body looks like JSON: send it with Content-Type: application/json (it was sent as text/csv)"),
    ("\n  " + json.dumps([GOOD_ROW], indent=2), "text/csv", "the body looks like JSON"),
    (json.dumps(GOOD_ROW), "text/csv", "the body looks like JSON"),
])
def test_a_body_sent_as_the_other_format_says_so_and_which_content_type_to_send(client, sales, body, sent_as, words):
    response = client.post("/api/datasets/sales/rows", data=body, headers={**AUTH, "Content-Type": sent_as})
    assert response.status_code == 400 and words in error_of(response)
    assert state(client) == (sales["version"], 2)


@pytest.mark.parametrize(("body", "sent_as"), [
    ('[{"month": "2024-03-01", "units": 9, "price": 3.0, "note": "x",}]', "application/json"),  # a comma too many
    ("9", "application/json"),
    ("month,units,price,note\n2024-03-01,many,3.0,x\n", "text/csv"),
    ("[month],units,price,note\n2024-03-01,9,3.0,x\n", "text/csv"),
])
def test_a_body_refused_in_its_own_format_gets_no_word_of_the_other(client, sales, body, sent_as):
    response = client.post("/api/datasets/sales/rows", data=body, headers={**AUTH, "Content-Type": sent_as})
    assert response.status_code == 400 and "looks like" not in error_of(response)


def test_append_json_rows_answers_version_rows_added_and_total(client, sales):
    response = client.post("/api/datasets/sales/rows", json=[GOOD_ROW, {**GOOD_ROW, "note": None}], headers=AUTH)
    assert response.status_code == 200
    body = response.get_json()
    assert body["rows_added"] == 2 and body["rows_total"] == 4
    assert int(body["version"]) > int(sales["version"])
    assert state(client) == (body["version"], 4)
    assert client.get("/datasets/sales.json").get_json()["rows"][-2] == ["2024-03-01", 9, 3.0, "third"]


def test_append_csv_rows(client, sales):
    response = client.post("/api/datasets/sales/rows", data="units,month,price,note\n10,2024-04-01,,x\n",
                           headers={**AUTH, "Content-Type": "text/csv; charset=utf-8"})
    assert response.status_code == 200 and response.get_json()["rows_added"] == 1
    assert client.get("/datasets/sales.csv").get_data(as_text=True).splitlines()[-1] == "2024-04-01,10,,x"


def test_an_empty_list_adds_nothing_and_keeps_the_version(client, sales):
    body = client.post("/api/datasets/sales/rows", json=[], headers=AUTH).get_json()
    assert (body["rows_added"], body["rows_total"], body["version"]) == (0, 2, sales["version"])


BAD_APPENDS = [
    ("wrong type", json.dumps([GOOD_ROW, {**GOOD_ROW, "units": "many"}]), "application/json", 400,
     ["row 2", "'units'", "integer"]),
    ("unknown column", json.dumps([{**GOOD_ROW, "colour": "red"}]), "application/json", 400,
     ["'colour'", "month (datetime), units (integer), price (float), note (text)"]),
    ("missing column", json.dumps([{"month": "2024-03-01", "units": 1}]), "application/json", 400,
     ["'price'", "'note'", "month (datetime)"]),
    ("NaN", '[{"month": "2024-03-01", "units": 1, "price": NaN, "note": null}]', "application/json", 400, ["NaN"]),
    ("Infinity", '[{"month": "2024-03-01", "units": 1, "price": Infinity, "note": null}]', "application/json", 400,
     ["Infinity"]),
    ("CSV inf", "month,units,price,note\n2024-03-01,1,inf,x\n", "text/csv", 400, ["row 1", "'price'", "Infinity"]),
    ("CSV wrong type", "month,units,price,note\n2024-03-01,1,2,x\nsoon,1,2,x\n", "text/csv", 400,
     ["row 2", "'month'", "ISO 8601"]),
    ("not JSON", "[{", "application/json", 400, ["not valid JSON"]),
    ("invalid UTF-8", b"month,units,price,note\n2024-03-01,1,2,caf\xe9\n", "text/csv", 400, ["UTF-8", "0xe9"]),
    ("gzip body", gzip.compress(b"month,units,price,note\n"), "text/csv", 400, ["gzip", "uncompressed"]),
    ("form body", "units=1", "application/x-www-form-urlencoded", 415, ["application/json", "text/csv"]),
    ("too large", "month,units,price,note\n" + "2024-03-01,1,2,x\n" * 5000, "text/csv", 413, ["65536 bytes"]),
]


@pytest.mark.parametrize(("case", "body", "content_type", "status", "words"), BAD_APPENDS,
                         ids=[case[0] for case in BAD_APPENDS])
def test_a_refused_append_says_why_and_stores_nothing(client, sales, case, body, content_type, status, words):
    before = state(client)
    response = client.post("/api/datasets/sales/rows", data=body, headers={**AUTH, "Content-Type": content_type})
    assert response.status_code == status
    message = error_of(response)
    for word in words:
        assert word in message
    assert state(client) == before


@pytest.mark.parametrize("price", ["1e400", "-1e400", "1" + "0" * 400], ids=["1e400", "-1e400", "401 digits"])
def test_a_json_number_too_large_for_a_float_is_refused_in_the_csv_paths_words(client, sales, price):
    before = state(client)
    as_json = client.post("/api/datasets/sales/rows", headers={**AUTH, "Content-Type": "application/json"},
                          data=f'[{{"month": "2024-03-01", "units": 1, "price": {price}, "note": null}}]')
    as_csv = client.post("/api/datasets/sales/rows", headers={**AUTH, "Content-Type": "text/csv"},
                         data=f"month,units,price,note\n2024-03-01,1,{price},\n")
    assert as_json.status_code == as_csv.status_code == 400
    assert error_of(as_json).startswith("row 1, column 'price': ")
    assert "is too large for a number" in error_of(as_json)
    assert error_of(as_json).split(": ", 1)[1] == error_of(as_csv).split(": ", 1)[1]
    assert state(client) == before


@pytest.mark.parametrize("word", ["NA", "n/a", "#N/A", "null", " None "])
@pytest.mark.parametrize("column", ["price", "month"])
def test_a_word_for_a_missing_value_in_a_csv_append_gets_the_message_of_a_create(client, sales, word, column):
    before = state(client)
    row = {"month": "2024-03-01", "units": "1", "price": "2.5", "note": "x", column: word}
    appended = client.post("/api/datasets/sales/rows", data="month,units,price,note\n" + ",".join(row.values()) + "\n",
                           headers={**AUTH, "Content-Type": "text/csv"})
    created = client.post("/api/datasets?name=other", data=SALES + ",".join(row.values()) + "\n",
                          headers={**AUTH, "Content-Type": "text/csv"})
    assert appended.status_code == created.status_code == 400
    expected = f"{word.strip()!r} is a word for a missing value; leave the cell empty instead"
    assert error_of(appended) == f"row 1, column {column!r} (line 2): {expected}"
    assert error_of(created) == f"row 3, column {column!r} (line 4): {expected}"
    assert state(client) == before
    emptied = client.post("/api/datasets/sales/rows", data="month,units,price,note\n" + ",".join(row.values()).replace(
        word, "") + "\n", headers={**AUTH, "Content-Type": "text/csv"})  # what the message asks for
    assert emptied.status_code == 200


def test_a_word_for_a_missing_value_in_a_csv_append_is_refused_at_its_row_before_a_later_bad_cell(client, sales):
    body = "month,units,price,note\n2024-03-01,1,NA,x\n2024-03-02,1,many,x\n"
    response = client.post("/api/datasets/sales/rows", data=body, headers={**AUTH, "Content-Type": "text/csv"})
    assert error_of(response) == "row 1, column 'price' (line 2): 'NA' is a word for a missing value; leave the cell empty instead"
    body = "month,units,price,note\n2024-03-01,1,many,x\n2024-03-02,1,NA,x\n"
    response = client.post("/api/datasets/sales/rows", data=body, headers={**AUTH, "Content-Type": "text/csv"})
    assert error_of(response) == "row 1, column 'price' (line 2): expected a number, got 'many'"


@pytest.mark.parametrize(("column", "value", "expected"), [
    ("price", "", "expected a number, got ''; send null for a missing value"),
    ("price", "  ", "expected a number, got '  '; send null for a missing value"),
    ("month", "", "expected an ISO 8601 date or time such as 2024-05-01 or 2024-05-01T12:30:00Z, got ''; "
                  "send null for a missing value"),
    ("price", "NA", "'NA' is a word for a missing value; send null (without quotes) instead"),
    ("month", " null ", "'null' is a word for a missing value; send null (without quotes) instead"),
])
def test_an_empty_string_or_a_word_for_a_missing_value_in_json_asks_for_null(client, sales, column, value, expected):
    before = state(client)
    response = client.post("/api/datasets/sales/rows", json=[{**GOOD_ROW, column: value}], headers=AUTH)
    assert response.status_code == 400
    assert error_of(response) == f"row 1, column {column!r}: {expected}"
    assert state(client) == before
    assert client.post("/api/datasets/sales/rows", json=[{**GOOD_ROW, column: None}], headers=AUTH).status_code == 200


def test_an_empty_string_in_an_integer_or_text_column_of_json_is_not_said_to_be_null(client, sales):
    response = client.post("/api/datasets/sales/rows", json=[{**GOOD_ROW, "units": ""}], headers=AUTH)
    assert error_of(response) == "row 1, column 'units': expected an integer as a JSON number, got ''"
    assert client.post("/api/datasets/sales/rows", json=[{**GOOD_ROW, "note": ""}], headers=AUTH).status_code == 200


TIMES = ["2024-05-01+02:00", "2024-05-01-02:00", "2024-05-01+0200", "2024-05-01T12:30+00:60", "2024-05-01 12:30-0199",
         "2024-05-01T12:30+02:00", "2024-05-01 12:30-0230", "2024-05-01T12:30:00.5Z"]
# A zone follows a time only: a date with one is no ISO 8601 date at all.
DATES_WITH_A_ZONE = TIMES[:3]
# The zone each writes, and when its day starts in UTC, as the refusal's advice says.
DAY_STARTS = {"2024-05-01+02:00": "+02:00", "2024-05-01-02:00": "-02:00", "2024-05-01+0200": "+02:00"}
DAY_STARTS_IN_UTC = {"2024-05-01+02:00": "2024-04-30T22:00:00Z", "2024-05-01-02:00": "2024-05-01T02:00:00Z",
                     "2024-05-01+0200": "2024-04-30T22:00:00Z"}


@pytest.mark.parametrize("month", TIMES)
def test_a_time_in_json_is_read_as_the_same_time_in_csv_is(client, sales, month):
    before = state(client)
    as_json = client.post("/api/datasets/sales/rows", json=[{**GOOD_ROW, "month": month}], headers=AUTH)
    if as_json.status_code == 400:
        assert state(client) == before
    as_csv = client.post("/api/datasets/sales/rows", data=f"month,units,price,note\n{month},9,3.0,third\n",
                         headers={**AUTH, "Content-Type": "text/csv"})
    assert as_json.status_code == as_csv.status_code
    if as_json.status_code == 400:
        refused = (f"expected an ISO 8601 date or time such as 2024-05-01 or 2024-05-01T12:30:00Z, got {month!r} "
                   f"(write a date without a zone, which follows a time only: 2024-05-01 for the day, or "
                   f"2024-05-01 00:00:00{DAY_STARTS[month]} for the moment it starts there, which the site keeps in UTC as "
                   f"{DAY_STARTS_IN_UTC[month]})"
                   if month in DATES_WITH_A_ZONE else f"{month!r} is not a real date or time")
        assert error_of(as_json) == f"row 1, column 'month': {refused}"
        assert error_of(as_csv).split(": ", 1)[1] == error_of(as_json).split(": ", 1)[1]
    else:
        rows = client.get("/datasets/sales.json").get_json()["rows"]
        assert rows[-1] == rows[-2]


def test_a_compressed_content_encoding_is_refused(client, sales):
    before = state(client)
    response = client.post("/api/datasets/sales/rows", data=gzip.compress(json.dumps([GOOD_ROW]).encode()),
                           headers={**AUTH, "Content-Type": "application/json", "Content-Encoding": "gzip"})
    assert response.status_code == 415 and response.headers["Accept-Encoding"] == "identity"
    assert "Content-Encoding: gzip" in error_of(response)
    assert state(client) == before


@pytest.mark.parametrize("body", [bz2.compress(SALES.encode()), bz2.compress(b"")], ids=["bzip2", "empty bzip2"])
def test_a_bzip2_body_is_refused_saying_so(client, body):
    response = client.post("/api/datasets?name=packed", data=body, headers={**AUTH, "Content-Type": "text/csv"})
    assert response.status_code == 400 and "looks like a bzip2 file" in error_of(response)


@pytest.mark.parametrize("header", ["BZh_level,x", "BZh9,x", "BZh91AY,x"])
def test_a_csv_whose_first_column_name_begins_like_bzip2_is_text(client, header):
    response = client.post("/api/datasets?name=levels", data=f"{header}\n1,2\n",
                           headers={**AUTH, "Content-Type": "text/csv"})
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["dataset"]["columns"][0]["name"] == header.split(",")[0]


def test_appending_to_an_unknown_dataset_is_404_listing_the_datasets(client):
    response = client.post("/api/datasets/nothing/rows", json=[GOOD_ROW], headers=AUTH)
    assert response.status_code == 404
    assert "animals" in error_of(response)


@pytest.mark.parametrize(
    ("query", "body", "status", "words"),
    [
        ("name=Sales", SALES, 400, ["name", "lowercase letter", "'Sales'"]),
        # `$` matched before a final line feed: the dataset was listed, but no URL could reach it.
        ("name=sales%0A&title=Sales", SALES, 400, ["name", "lowercase letter", "'sales\\n'"]),
        ("title=x", SALES, 400, ["name", "missing"]),
        ("name=weather", SALES, 409, ["weather", "exists"]),
        ("name=empty", "a,b\n", 400, ["no rows"]),
        ("name=ragged", "a,b\n1,2,3\n", 400, ["row 1", "3 values", "a, b"]),
        ("name=nan", "a\n1\nNaN\n", 400, ["row 2", "'a'", "NaN"]),
        ("name=titled&title=%07bell", SALES, 400, ["title", "control"]),
    ],
)
def test_a_refused_create_says_why_and_creates_nothing(client, query, body, status, words):
    names = [d["name"] for d in client.get("/api/datasets").get_json()["datasets"]]
    response = client.post(f"/api/datasets?{query}", data=body, headers={**AUTH, "Content-Type": "text/csv"})
    assert response.status_code == status
    message = error_of(response)
    for word in words:
        assert word in message
    assert [d["name"] for d in client.get("/api/datasets").get_json()["datasets"]] == names


RULE = "a name is 1 to 63 characters: a lowercase letter, then lowercase letters, digits, - or _"


@pytest.mark.parametrize(("query", "form", "given_as"), [
    ("title=Sales", None, "?name= in the URL (POST /api/datasets?name=sales)"),
    ("name=&title=Sales", None, "?name= in the URL (POST /api/datasets?name=sales)"),
    ("", {"title": "Sales"}, "the form's field name"),
])
def test_a_create_without_a_name_says_the_name_is_missing_and_how_to_give_it(client, query, form, given_as):
    if form is None:
        response = client.post(f"/api/datasets?{query}", data=SALES, headers={**AUTH, "Content-Type": "text/csv"})
    else:
        response = client.post("/api/datasets", headers=AUTH,
                               data={**form, "file": (io.BytesIO(SALES.encode()), "sales.csv")})
    assert response.status_code == 400
    assert error_of(response) == f"the dataset's name is missing: give it as {given_as}; {RULE}"


def test_a_multipart_create_without_a_file_is_400(client):
    response = client.post("/api/datasets", data={"name": "sales"}, headers=AUTH)
    assert response.status_code == 400
    assert "file is required" in error_of(response)


def test_a_file_in_the_data_folder_cannot_be_appended_to_or_deleted(client, data_dir):
    (data_dir / "readings.csv").write_text("t,value\n1,2.5\n")
    appended = client.post("/api/datasets/readings/rows", json=[{"t": 2, "value": 1.0}], headers=AUTH)
    assert appended.status_code == 409 and "readings.csv" in error_of(appended)
    deleted = client.delete("/api/datasets/readings", headers=AUTH)
    assert deleted.status_code == 409 and "remove the file" in error_of(deleted)
    created = client.post("/api/datasets?name=readings", data=SALES, headers={**AUTH, "Content-Type": "text/csv"})
    assert created.status_code == 409


def test_deleting_a_data_folder_file_a_dashboard_draws_says_to_remove_the_file_not_the_charts(tmp_path, data_dir):
    # Removing the dashboard's charts would not let the delete through: what would is said first.
    (data_dir / "readings.csv").write_text("t,value\n1,2.5\n")
    boards = tmp_path / "boards"
    boards.mkdir()
    (boards / "r.toml").write_text('title = "R"\n[[charts]]\nid = "c"\ndataset = "readings"\nx = "t"\n'
                                   'y = ["value"]\n', encoding="utf-8")
    client = app_on_samples({"TESTING": True, "DATA_DIR": str(data_dir), "WRITE_TOKENS": TOKEN,
                             "DASHBOARD_DIRS": [str(boards)]}).test_client()
    deleted = client.delete("/api/datasets/readings", headers=AUTH)
    assert deleted.status_code == 409
    assert error_of(deleted).endswith("is the file readings.csv in the data folder, which the site only reads; "
                                      "remove the file instead")
    assert client.get("/d/r/c.svg").status_code == 200


def test_creating_a_dataset_whose_name_is_taken_says_to_delete_it_first_or_choose_another(client, sales):
    created = client.post("/api/datasets?name=sales", data=SALES, headers={**AUTH, "Content-Type": "text/csv"})
    assert created.status_code == 409
    assert error_of(created) == "a dataset named 'sales' exists already; delete it first or choose another name"


def test_creating_a_dataset_named_like_a_data_folder_file_says_to_remove_or_rename_the_file(client, data_dir):
    (data_dir / "readings.csv").write_text("t,value\n1,2.5\n")
    created = client.post("/api/datasets?name=readings", data=SALES, headers={**AUTH, "Content-Type": "text/csv"})
    assert created.status_code == 409
    assert "readings.csv in the data folder" in error_of(created)
    assert "remove or rename the file, or choose another name" in error_of(created)
    assert "delete it first" not in error_of(created)
    assert client.get("/api/datasets/readings").get_json()["dataset"]["row_count"] == 1


def test_delete_removes_the_dataset_and_its_charts(client, sales):
    response = client.delete("/api/datasets/sales", headers=AUTH)
    assert response.status_code == 200 and response.get_json() == {"ok": True, "deleted": "sales"}
    assert client.get("/api/datasets/sales").status_code == 404
    assert client.get("/plot/sales.svg").status_code == 404


def test_deleting_a_dataset_a_dashboard_draws_is_409_naming_the_dashboard(client):
    response = client.delete("/api/datasets/weather", headers=AUTH)
    assert response.status_code == 409
    assert "weather" in error_of(response) and "dashboard" in error_of(response)
    assert client.get("/d/weather/temperature.svg").status_code == 200


@pytest.mark.parametrize(
    ("headers", "status", "words"),
    [
        ({}, 401, ["Authorization: Bearer"]),
        ({"Authorization": "Bearer wrong-token"}, 401, ["not valid"]),
        ({"Authorization": f"Basic {TOKEN}"}, 401, ["Bearer"]),
    ],
)
def test_writes_without_a_valid_token_are_refused(client, sales, headers, status, words):
    before = state(client)
    for response in (
        client.post("/api/datasets/sales/rows", json=[GOOD_ROW], headers=headers),
        client.post("/api/datasets?name=other", data=SALES, headers={**headers, "Content-Type": "text/csv"}),
        client.delete("/api/datasets/sales", headers=headers),
    ):
        assert response.status_code == status
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
        for word in words:
            assert word in error_of(response)
    assert state(client) == before
    assert client.get("/api/datasets/other").status_code == 404


def test_with_no_token_configured_writes_are_turned_off(data_dir, monkeypatch):
    monkeypatch.delenv("SVGPLOTS_WRITE_TOKENS", raising=False)
    client = create_app({"TESTING": True, "DATA_DIR": str(data_dir)}).test_client()
    response = client.post("/api/datasets/animals/rows", json=[], headers=AUTH)
    assert response.status_code == 403
    assert "SVGPLOTS_WRITE_TOKENS" in error_of(response)
    assert client.get("/api/datasets/animals").status_code == 200


def test_tokens_may_come_from_the_environment(data_dir, monkeypatch):
    monkeypatch.setenv("SVGPLOTS_WRITE_TOKENS", "first-token-abcdef, second-token-abcdef")
    client = create_app({"TESTING": True, "DATA_DIR": str(data_dir)}).test_client()
    row = {"year": 2022, "Bear": 1, "Deer": 2, "Wolf": 3}
    for token in ("first-token-abcdef", "second-token-abcdef"):
        response = client.post("/api/datasets/animals/rows", json=[row], headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 200
    assert client.get("/api/datasets/animals").get_json()["dataset"]["row_count"] == 14


@pytest.mark.parametrize("token", ["1e3", "true", "0123", "null", '{"a": 1}'])
def test_a_token_from_the_environment_is_taken_as_written(data_dir, monkeypatch, token):
    # Flask reads a prefixed variable as JSON when it can: 1e3 became "1000.0", true "True", and
    # the token the administrator set was refused.
    monkeypatch.setenv("SVGPLOTS_WRITE_TOKENS", token)
    monkeypatch.setenv("SVGPLOTS_DATA_DIR", str(data_dir))
    app = create_app({"TESTING": True})
    assert app.config["WRITE_TOKENS"] == [token] and app.config["DATA_DIR"] == str(data_dir)
    response = app.test_client().post("/api/datasets/animals/rows", json=[], headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200


def test_openapi_describes_every_api_route_and_method(app, client):
    document = client.get("/api/openapi.json").get_json()
    assert document["openapi"].startswith("3.1")
    documented = {(path, method.upper()) for path, item in document["paths"].items()
                  for method in item if method != "parameters"}
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/"):
            path = rule.rule.replace("<slug:name>", "{name}")
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                assert (path, method) in documented, (path, method)
    assert document["paths"]["/api/datasets/{name}/rows"]["post"]["security"] == [{"bearer": []}]


def test_openapi_gives_a_title_s_length_by_the_rule_the_server_counts_it_by(client):
    # The server counts a title composed (NFC): a client counting the code points sent against a
    # maxLength would refuse 200 accented letters sent decomposed, which the server takes.
    create = client.get("/api/openapi.json").get_json()["paths"]["/api/datasets"]["post"]
    form = create["requestBody"]["content"]["multipart/form-data"]["schema"]["properties"]["title"]
    query = next(parameter for parameter in create["parameters"] if parameter["name"] == "title")
    for described, schema in ((form, form), (query, query["schema"])):
        assert "maxLength" not in schema
        assert "At most 200 printable characters, counted in Unicode's composed form (NFC)" in described["description"]
    title = "e\u0301" * 200  # 400 code points
    response = client.post("/api/datasets", query_string={"name": "accents", "title": title}, data="a\n1\n",
                           headers={**AUTH, "Content-Type": "text/csv"})
    assert response.status_code == 201, response.get_json()


def test_openapi_says_a_workbooks_sheet_is_matched_whatever_its_case_and_is_else_the_first_visible(client):
    create = client.get("/api/openapi.json").get_json()["paths"]["/api/datasets"]["post"]
    query = next(parameter for parameter in create["parameters"] if parameter["name"] == "sheet")
    assert "whatever its letter case" in query["description"]
    assert "left out or empty, the first visible sheet" in query["description"]


def test_every_path_the_openapi_document_describes_is_a_route_with_its_path_parameters(app, client):
    # Its query parameters and 400 are checked against the answers in test_openapi_answers.py.
    # A file's path names its format (/plot/{dataset}.svg) where its route takes any (.<extension:fmt>):
    # each path, its names filled in, must be a URL the app routes with that method.
    document = client.get("/api/openapi.json").get_json()
    adapter = app.url_map.bind("localhost")
    for path, item in document["paths"].items():
        placeholders = re.findall(r"\{([^}]+)\}", path)
        for method, described in item.items():
            if method == "parameters":
                continue
            rule, _ = adapter.match(re.sub(r"\{[^}]+\}", "x", path), method.upper(), return_rule=True)
            assert len(re.findall(r"<[^>]+>", rule.rule)) >= len(placeholders), (path, method, rule.rule)
            in_path = [p["name"] for p in [*item.get("parameters", []), *described.get("parameters", [])]
                       if p["in"] == "path"]
            assert sorted(in_path) == sorted(placeholders), (path, method, in_path)


def test_a_store_locked_past_the_busy_timeout_is_503_with_retry_after_and_reads_go_on(data_dir):
    import sqlite3

    app = create_app({"TESTING": True, "DATA_DIR": str(data_dir), "WRITE_TOKENS": TOKEN, "STORE_BUSY_TIMEOUT": 0.1})
    client = app.test_client()
    holder = sqlite3.connect(data_dir / "svgplots.sqlite", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        response = client.post("/api/datasets/animals/rows", headers=AUTH,
                               json=[{"year": 2022, "Bear": 1, "Deer": 2, "Wolf": 3}])
        assert response.status_code == 503
        assert response.headers["Retry-After"].isdigit()
        message = error_of(response)
        assert "busy" in message and "locked" not in message
        assert client.get("/d/animals/all.svg").status_code == 200
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert state(client, "animals")[1] == 12


def test_a_chunked_body_over_the_limit_is_413_not_cut_short(client, sales):
    before = state(client)
    rows = ("month,units,price,note\n" + "2024-03-01,1,2,x\n" * 5000).encode()
    response = client.post("/api/datasets/sales/rows", input_stream=io.BytesIO(rows),
                           headers={**AUTH, "Content-Type": "text/csv", "Transfer-Encoding": "chunked"},
                           environ_overrides={"wsgi.input_terminated": True})
    assert response.status_code == 413 and "65536 bytes" in error_of(response)
    assert state(client) == before


def test_openapi_document_is_valid_openapi_3_1(client):
    openapi_spec_validator.validate(client.get("/api/openapi.json").get_json())


def test_spaces_around_the_header_names_of_a_csv_are_trimmed(client, data_dir):
    # `date, value` written by hand: its second column is `value`, as its cells ` 1` are numbers.
    created = client.post("/api/datasets?name=typed", data="day, value , note\n2024-01-01, 1, a\n2024-01-02, 2.5, b\n",
                          headers={**AUTH, "Content-Type": "text/csv"})
    assert created.status_code == 201, created.get_json()
    assert [c["name"] for c in created.get_json()["dataset"]["columns"]] == ["day", "value", "note"]
    assert client.get("/plot/typed.json?y=value").get_json()["rows"] == [["2024-01-01", 1.0], ["2024-01-02", 2.5]]
    appended = client.post("/api/datasets/typed/rows", data=" note,day,value\nc,2024-01-03,4\n",
                           headers={**AUTH, "Content-Type": "text/csv"})
    assert appended.status_code == 200 and appended.get_json()["rows_total"] == 3
    twice = client.post("/api/datasets?name=twice", data="a, a\n1,2\n", headers={**AUTH, "Content-Type": "text/csv"})
    assert twice.status_code == 400 and "column 'a' appears twice" in error_of(twice)
    (data_dir / "folder.csv").write_text("day, value\n2024-01-01, 3\n")
    assert client.get("/plot/folder.json?y=value").get_json()["rows"] == [["2024-01-01", 3]]


def test_a_dataset_stored_with_spaces_around_a_column_name_still_takes_appends(app, client):
    from app.context import current_site
    from app.store import Column
    from app.store.tables import Table
    with app.app_context():
        current_site().store.create("legacy", "Legacy", Table((Column("day", "datetime"), Column(" value", "float")),
                                                              [("2024-01-01T00:00:00", 1.0)]))
    for header in ("day,value", "day, value"):
        appended = client.post("/api/datasets/legacy/rows", data=f"{header}\n2024-01-02,2\n",
                               headers={**AUTH, "Content-Type": "text/csv"})
        assert appended.status_code == 200, appended.get_json()
    assert client.get("/plot/legacy.json?y=%20value").get_json()["rows"][-1] == ["2024-01-02", 2.0]


def test_a_json_row_that_names_a_column_twice_is_refused_and_stores_nothing(client, sales):
    before = state(client)
    body = '[{"month": "2024-03-01", "units": 1, "price": 2, "note": "a"}, ' \
           '{"month": "2024-03-01", "units": 1, "units": 2, "price": 2, "note": "b"}]'
    response = client.post("/api/datasets/sales/rows", data=body, headers={**AUTH, "Content-Type": "application/json"})
    assert response.status_code == 400
    assert error_of(response) == "row 2 names 'units' twice; each row names each column once"
    assert state(client) == before


def test_a_json_integer_of_thousands_of_digits_is_refused_saying_what_columns_hold(client, sales):
    before = state(client)
    body = f'[{{"month": "2024-03-01", "units": {"9" * 5000}, "price": 2, "note": null}}]'
    response = client.post("/api/datasets/sales/rows", data=body, headers={**AUTH, "Content-Type": "application/json"})
    assert response.status_code == 400
    assert error_of(response) == (
        f"the JSON holds a whole number of more than {sys.get_int_max_str_digits()} digits; an integer column holds "
        "-9223372036854775808 to 9223372036854775807, a float column numbers of at most about 1.8e308")
    assert state(client) == before


def test_a_json_row_of_many_unknown_keys_is_refused_listing_a_few_of_them(client, sales):
    before = state(client)
    row = {**GOOD_ROW, **{f"extra{i}": i for i in range(1000)}, "x" * 5000: 1}
    response = client.post("/api/datasets/sales/rows", data=json.dumps([row]),
                           headers={**AUTH, "Content-Type": "application/json"})
    assert response.status_code == 400
    listed = ", ".join(f"'extra{i}'" for i in range(10))
    assert error_of(response) == (f"row 1: unknown columns {listed} (991 more); the columns are month (datetime), "
                                  "units (integer), price (float), note (text)")
    assert state(client) == before


def test_an_office_file_that_is_no_workbook_is_a_415_naming_the_formats_taken(client):
    # A zip of an Office package that names no workbook's part (a document, say): no Excel workbook to read.
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w") as sheet:
        sheet.writestr("[Content_Types].xml", "<Types/>")
        sheet.writestr("xl/workbook.xml", "<workbook/>")
    response = client.post("/api/datasets?name=sheet", data=packed.getvalue(),
                           headers={**AUTH, "Content-Type": "text/csv"})
    assert response.status_code == 415
    assert error_of(response) == ("the body is not a readable Excel workbook (.xlsx): it is an Office file of another "
                                  "kind (a document or a presentation); the site reads a CSV (UTF-8) or an Excel "
                                  "workbook (.xlsx)")
    assert client.get("/api/datasets/sheet").status_code == 404


ROWS_SENT_AS = "Content-Type {} cannot be appended; send " + ROW_TYPES
APPEND_CSV = "month,units,price,note\n2024-03-01,1,2,x\n"


@pytest.mark.parametrize("content_type", ["application/x-www-form-urlencoded", "text/plain"])
@pytest.mark.parametrize(("body", "advice"), [
    (json.dumps([GOOD_ROW]), "the body looks like JSON: send it with Content-Type: application/json"),
    (APPEND_CSV, "the body looks like CSV: send it with Content-Type: text/csv"),
], ids=["json", "csv"])
def test_rows_sent_with_a_type_that_cannot_be_appended_say_which_type_to_send(client, sales, content_type, body,
                                                                               advice):
    before = state(client)
    response = client.post("/api/datasets/sales/rows", data=body, headers={**AUTH, "Content-Type": content_type})
    assert response.status_code == 415
    assert error_of(response) == ROWS_SENT_AS.format(content_type) + "; " + advice
    assert state(client) == before


def test_rows_sent_as_text_plain_that_look_like_neither_get_no_word_of_either(client, sales):
    response = client.post("/api/datasets/sales/rows", data="hello", headers={**AUTH, "Content-Type": "text/plain"})
    assert response.status_code == 415 and error_of(response) == ROWS_SENT_AS.format("text/plain")
