"""A dataset keeps what its rows hold: times as PostgreSQL writes them are times, leading zeros are
kept, a column typed without values says so, and an empty text means the same in JSON and CSV."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.store.csv_types import typed_column
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
