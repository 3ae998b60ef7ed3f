"""Idempotency-Key on appends: a retried append with the same key stores its rows once."""
from __future__ import annotations

import json

import pytest

from tests.conftest import CSV_WRITE, JSON_WRITE, writable_app

CSV, JSON = CSV_WRITE, JSON_WRITE
ROWS = json.dumps([{"day": 3, "v": 1.5}, {"day": 4, "v": 2.5}])


@pytest.fixture
def app(data_dir, store_url):
    """A writable app on a fresh database of each backend."""
    return writable_app(data_dir, DATABASE_URL=store_url)


@pytest.fixture
def series(client):
    assert client.post("/api/datasets?name=series", data="day,v\n1,0.5\n2,1.0\n", headers=CSV).status_code == 201


def append(client, key=None, name="series"):
    headers = {**JSON, **({"Idempotency-Key": key} if key else {})}
    return client.post(f"/api/datasets/{name}/rows", data=ROWS, headers=headers)


def test_a_retry_with_the_same_key_gets_the_first_answer_and_stores_nothing(client, series):
    first = append(client, "batch-0001").get_json()
    again = append(client, "batch-0001").get_json()
    assert (first["rows_added"], first["rows_total"], first["replayed"]) == (2, 4, False)
    assert (again["rows_added"], again["rows_total"], again["replayed"]) == (2, 4, True)
    assert again["version"] == first["version"]
    assert len(client.get("/datasets/series.json").get_json()["rows"]) == 4


def test_a_retry_after_other_appends_gets_the_first_answer_not_the_dataset_as_it_is_now(client, series):
    first = append(client, "batch-0001").get_json()
    append(client)
    append(client, "batch-0002")
    again = append(client, "batch-0001").get_json()
    assert again == first | {"replayed": True}
    assert client.get("/api/datasets/series").get_json()["dataset"]["row_count"] == 8


def test_another_key_or_no_key_appends_again(client, series):
    append(client, "batch-0001")
    assert append(client, "batch-0002").get_json()["rows_total"] == 6
    assert append(client).get_json()["rows_total"] == 8
    assert append(client).get_json()["replayed"] is False


def test_keys_are_remembered_across_restarts(data_dir, series, client, store_url):
    first = append(client, "batch-0001").get_json()
    append(client)
    again = writable_app(data_dir, DATABASE_URL=store_url).test_client()
    assert append(again, "batch-0001").get_json() == first | {"replayed": True}
    assert first | {"version": None} == {
        "ok": True, "dataset": "series", "version": None, "rows_added": 2, "rows_total": 4, "replayed": False}


def test_a_key_belongs_to_one_dataset_and_is_forgotten_with_it(client, series):
    append(client, "batch-0001")
    assert client.post("/api/datasets?name=other", data="day,v\n1,0.5\n", headers=CSV).status_code == 201
    assert append(client, "batch-0001", name="other").get_json()["replayed"] is False
    assert client.delete("/api/datasets/series", headers=CSV).status_code == 200
    assert client.post("/api/datasets?name=series", data="day,v\n1,0.5\n", headers=CSV).status_code == 201
    assert append(client, "batch-0001").get_json() | {"version": None} == {
        "ok": True, "dataset": "series", "version": None, "rows_added": 2, "rows_total": 3, "replayed": False}


@pytest.mark.parametrize("key", ["", "x" * 201, "has space", "tab\tkey", "é"])
def test_a_malformed_key_is_a_400_and_nothing_is_stored(client, series, key):
    response = client.post("/api/datasets/series/rows", data=ROWS, headers={**JSON, "Idempotency-Key": key})
    assert response.status_code == 400 and "Idempotency-Key" in response.get_json()["error"]
    assert client.get("/api/datasets/series").get_json()["dataset"]["row_count"] == 2
