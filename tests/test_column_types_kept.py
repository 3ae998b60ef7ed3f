"""A dataset keeps what its rows hold: times as PostgreSQL writes them are times, leading zeros are
kept, a column typed without values says so, and an empty text means the same in JSON and CSV."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.store.cell_values import typed_column
from tests.conftest import CSV_WRITE, JSON_WRITE, rows_of, writable_app


@pytest.fixture
def api(data_dir: Path, closing):
    """A test client that may write."""
    return closing(writable_app(data_dir)).test_client()


def create(api, name: str, csv: str) -> dict:
    """Create `name` from `csv` through the API, which must answer 201; its answer."""
    answer = api.post(f"/api/datasets?name={name}", data=csv.encode(), headers=CSV_WRITE)
    assert answer.status_code == 201, answer.get_data(as_text=True)
    return answer.get_json()


def append_json(api, name: str, rows: list[dict]):
    return api.post(f"/api/datasets/{name}/rows", data=json.dumps(rows), headers=JSON_WRITE)


def column_types(answer: dict) -> dict[str, str]:
    return {column["name"]: column["type"] for column in answer["dataset"]["columns"]}


# Timestamps with an offset of hours only, as PostgreSQL's COPY and psql write a timestamptz.

def test_a_time_with_an_offset_of_hours_is_a_time():
    kind, values = typed_column(["2024-03-01 08:00:00+02", "2024-03-01T08:00:00.5-03", "2024-03-01 08:00+00"])
    assert kind == "datetime"
    assert [str(value) for value in values] == ["2024-03-01 06:00:00", "2024-03-01 11:00:00.500000",
                                                "2024-03-01 08:00:00"]


def test_a_csv_of_psql_timestamps_creates_a_datetime_column_in_utc(api):
    answer = create(api, "psql", "t,v\n2024-03-01 08:00:00+02,1\n2024-03-02 08:00:00+02,1\n")
    assert column_types(answer) == {"t": "datetime", "v": "integer"}
    assert answer["warnings"] == []
    assert rows_of(api, "psql") == [["2024-03-01T06:00:00Z", 1], ["2024-03-02T06:00:00Z", 1]]


def test_a_json_append_takes_an_offset_of_hours_as_a_csv_append_does(api):
    create(api, "times", "t,v\n2024-03-01T08:00:00Z,1\n")
    assert append_json(api, "times", [{"t": "2024-03-01T08:00:00+02", "v": 2}]).status_code == 200
    added = api.post("/api/datasets/times/rows", data=b"t,v\n2024-03-01 08:00:00-01,3\n", headers=CSV_WRITE)
    assert added.status_code == 200, added.get_data(as_text=True)
    assert rows_of(api, "times") == [["2024-03-01T08:00:00Z", 1], ["2024-03-01T06:00:00Z", 2],
                                     ["2024-03-01T09:00:00Z", 3]]


def test_an_offset_of_hours_beyond_a_day_is_no_real_time_in_json_and_csv(api):
    create(api, "times", "t,v\n2024-03-01T08:00:00Z,1\n")
    sent = append_json(api, "times", [{"t": "2024-03-01T08:00:00+24", "v": 2}])
    assert sent.status_code == 400
    assert "'2024-03-01T08:00:00+24' is not a real date or time" in sent.get_json()["error"]
    sent = api.post("/api/datasets/times/rows", data=b"t,v\n2024-03-01T08:00:00+24,3\n", headers=CSV_WRITE)
    assert sent.status_code == 400
    assert "'2024-03-01T08:00:00+24' is not a real date or time" in sent.get_json()["error"]


def test_a_time_of_24_00_is_told_the_next_days_midnight_in_an_upload_and_an_append(api):
    advice = "is not a real date or time; a time of 24:00 is not taken: write the next day's "
    sent = api.post("/api/datasets?name=ends", data=b"t,v\n2024-01-31T24:00:00,1\n", headers=CSV_WRITE)
    assert sent.status_code == 400
    assert f"'2024-01-31T24:00:00' {advice}2024-02-01T00:00:00" in sent.get_json()["error"]
    create(api, "times", "t,v\n2024-03-01T08:00:00Z,1\n")
    sent = append_json(api, "times", [{"t": "2024-02-29T24:00Z", "v": 2}])
    assert sent.status_code == 400
    assert f"'2024-02-29T24:00Z' {advice}2024-03-01T00:00Z" in sent.get_json()["error"]
    sent = api.post("/api/datasets/times/rows", data=b"t,v\n2024-12-31 24:00:00+02:00,3\n", headers=CSV_WRITE)
    assert sent.status_code == 400
    assert f"'2024-12-31 24:00:00+02:00' {advice}2025-01-01 00:00:00+02:00" in sent.get_json()["error"]
    assert rows_of(api, "times") == [["2024-03-01T08:00:00Z", 1]]


# Whole numbers with leading zeros, and a column without values.

def test_whole_numbers_with_a_leading_zero_are_text_and_keep_their_zeros():
    assert typed_column(["01234", "2345"])[0] == "text"
    assert typed_column(["01234", ""])[0] == "text"
    assert [typed_column(cells)[0] for cells in (["0", "10"], ["0.5", "1"], ["-1", "20"])] == \
        ["integer", "float", "integer"]


def test_a_create_keeps_leading_zeros_as_text_and_warns_how_to_get_numbers(api):
    answer = create(api, "zips", "zip,note,v\n1234,,1\n02345,,2\n")
    assert column_types(answer)["zip"] == "text"
    assert api.get("/datasets/zips.csv").get_data(as_text=True).splitlines()[1:] == ["1234,,1", "02345,,2"]
    [zeros] = [warning for warning in answer["warnings"] if warning["column"] == "zip"]
    assert (zeros["row"], zeros["value"], zeros["hint"]) == (2, "02345", "write numbers without leading zeros: 2345")
    assert zeros["message"].startswith(
        "column 'zip' is kept as text: its values are whole numbers, some with leading zeros, which numbers "
        "would lose: row 2 holds '02345'; for numbers, write them without leading zeros (2345); a column's type "
        "is fixed when the dataset is created")


def test_a_create_warns_that_a_column_without_values_was_guessed_as_numbers(api):
    answer = create(api, "notes", "zip,note,v\n1234,,1\n2345,,2\n")
    assert column_types(answer) == {"zip": "integer", "note": "float", "v": "integer"}
    [empty] = answer["warnings"]
    assert (empty["column"], empty["row"], empty["value"], empty["hint"]) == ("note", None, None, None)
    assert empty["message"].startswith(
        "column 'note' had no values when the dataset was created, so its type was guessed as float (numbers): "
        "text appended to it will be refused; a column's type is fixed when the dataset is created")


@pytest.mark.parametrize("body", [
    json.dumps([{"zip": 1, "note": None, "v": 1}, {"zip": 1, "note": "late delivery", "v": 3}]),
    "zip,note,v\n1,,1\n1,late delivery,3\n",
])
def test_text_appended_to_a_column_typed_without_values_is_told_why_it_is_refused(api, body):
    create(api, "notes", "zip,note,v\n1234,,1\n")
    headers = JSON_WRITE if body.startswith("[") else CSV_WRITE
    refused = api.post("/api/datasets/notes/rows", data=body.encode(), headers=headers)
    assert refused.status_code == 400
    message = refused.get_json()["error"]
    assert message.startswith("row 2, column 'note'") and "'late delivery'" in message
    assert message.endswith(
        "; column 'note' had no values when the dataset was created, so its type was guessed as float (numbers), "
        "which stays fixed: for text, delete the dataset (DELETE /api/datasets/notes) and create it again with "
        "values in this column")


def test_text_appended_to_a_float_column_with_values_is_refused_without_that_reason(api):
    create(api, "notes", "zip,note,v\n1234,,1\n1234,2.5,1\n")
    refused = append_json(api, "notes", [{"zip": 1, "note": "late delivery", "v": 3}])
    assert refused.status_code == 400
    assert refused.get_json()["error"] == \
        "row 1, column 'note': expected a number as a JSON number, got 'late delivery'"


# An empty text value: missing, in JSON as in CSV.

def test_an_empty_text_appended_as_json_is_missing_as_an_empty_csv_cell_is(api):
    create(api, "names", 't,n\na,1\n"",3\n')
    assert append_json(api, "names", [{"t": "", "n": 2}]).status_code == 200
    assert rows_of(api, "names") == [["a", 1], [None, 3], [None, 2]]


def test_json_rows_exported_as_csv_and_created_again_draw_the_same_chart(api):
    create(api, "sent", "t,n\na,1\n")
    assert append_json(api, "sent", [{"t": "", "n": 2}, {"t": "b", "n": 3}, {"t": " ", "n": 4}]).status_code == 200
    exported = api.get("/datasets/sent.csv").get_data(as_text=True)
    create(api, "again", exported)
    chart = "kind=bar&x=t&y=n"
    drawn, drawn_again = (api.get(f"/plot/{name}.json?{chart}").get_json() for name in ("sent", "again"))
    assert drawn_again["rows"] == drawn["rows"]
    assert drawn_again["columns"] == drawn["columns"]
