"""Dates and times written as RFC 3339 allows (§5.6: a lower-case `t` or `z`) are dates, in an upload,
a data-folder file and a JSON append alike; forms ISO 8601 allows that the site does not read (the
basic form, `20240101T000000Z`, and a time of hours alone, `2024-01-01T00Z`) make their column text
with the warning and hint any other date written another way gets."""
from __future__ import annotations

import pytest

from app.store.written_forms import form_hint
from tests.conftest import CSV_WRITE, JSON_WRITE, created, writable_app

LOWER_CASE = "d,v\n2024-01-01T00:00:00z,1\n2024-01-02t00:00:00Z,2\n2024-01-03t12:30:00z,3\n"
READ_BACK = [["2024-01-01T00:00:00Z", 1], ["2024-01-02T00:00:00Z", 2], ["2024-01-03T12:30:00Z", 3]]


@pytest.fixture
def client(data_dir):
    return writable_app(data_dir, RENDER_WORKERS=0).test_client()


def test_an_upload_of_lower_case_t_and_z_is_a_date_column_without_a_warning(client):
    body = created(client, "lower", LOWER_CASE)
    assert [column["type"] for column in body["dataset"]["columns"]] == ["datetime", "integer"]
    assert body["warnings"] == []
    assert client.get("/datasets/lower.json").get_json()["rows"] == READ_BACK


def test_a_data_folder_file_of_lower_case_t_and_z_is_a_date_column(client, data_dir):
    (data_dir / "lower.csv").write_text(LOWER_CASE)
    assert client.get("/datasets/lower.json").get_json()["rows"] == READ_BACK


def test_appends_of_lower_case_t_and_z_to_a_date_column_are_read_as_dates(client):
    created(client, "days", "d,v\n2024-01-01T06:00:00Z,1\n")
    answer = client.post("/api/datasets/days/rows", json=[{"d": "2024-01-02T06:00:00z", "v": 2}], headers=JSON_WRITE)
    assert answer.status_code == 200, answer.get_data(as_text=True)
    answer = client.post("/api/datasets/days/rows", data="d,v\n2024-01-03t07:00:00+01:00,3\n", headers=CSV_WRITE)
    assert answer.status_code == 200, answer.get_data(as_text=True)
    assert client.get("/datasets/days.json").get_json()["rows"] == [
        ["2024-01-01T06:00:00Z", 1], ["2024-01-02T06:00:00Z", 2], ["2024-01-03T06:00:00Z", 3]]


@pytest.mark.parametrize(("cell", "hint"), [
    ("2024-01-01T00Z", "write dates and times as ISO 8601: 2024-01-01 00:00Z"),
    ("2024-01-01T09+02:00", "write dates and times as ISO 8601: 2024-01-01 09:00+02:00"),
    ("20240101T000000Z", "write dates as YYYY-MM-DD: 2024-01-01 00:00:00Z"),
    ("20240101t0930z", "write dates as YYYY-MM-DD: 2024-01-01 09:30Z"),
])
def test_a_date_and_time_the_site_does_not_read_gets_a_hint(cell, hint):
    assert form_hint(cell) == hint


@pytest.mark.parametrize("cell", ["20240132T00Z", "2024-01-01T25Z", "20240101T0960"])
def test_no_real_day_or_time_gets_no_such_hint(cell):
    assert form_hint(cell) is None


@pytest.mark.parametrize(("first", "hint"), [
    ("2024-01-01T00Z", "write dates and times as ISO 8601: 2024-01-01 00:00Z"),
    ("20240101T000000Z", "write dates as YYYY-MM-DD: 2024-01-01 00:00:00Z"),
])
def test_the_create_warns_of_a_column_of_dates_and_times_the_site_does_not_read(client, first, hint):
    body = created(client, "compact", f"d,v\n{first},1\n2024-01-02T00:00:00Z,2\n2024-01-03T00:00:00Z,3\n")
    assert [column["type"] for column in body["dataset"]["columns"]] == ["text", "integer"]
    [warning] = body["warnings"]
    assert (warning["column"], warning["row"], warning["value"], warning["hint"]) == ("d", 1, first, hint)
