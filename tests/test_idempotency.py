"""Idempotency-Key on appends: a retried append with the same key stores its rows once."""
from __future__ import annotations

import json
import threading

import pytest
from sqlalchemy import Column, MetaData, PrimaryKeyConstraint, Table, create_engine, event, select

from app.store import Appended, UploadLimits, table_from_csv
from app.store.schema import LATEST, append_keys, dataset_columns, datasets, meta, metadata, schema_migrations, writes
from app.store.sql_store import SqlStore
from app.store.types import KeyReused
from tests.conftest import CSV_WRITE, JSON_WRITE, writable_app

CSV, JSON = CSV_WRITE, JSON_WRITE
ROWS = json.dumps([{"day": 3, "v": 1.5}, {"day": 4, "v": 2.5}])


@pytest.fixture
def app(data_dir, store_url, closing):
    """A writable app on a fresh database of each backend."""
    return closing(writable_app(data_dir, DATABASE_URL=store_url))


@pytest.fixture
def series(client):
    assert client.post("/api/datasets?name=series", data="day,v\n1,0.5\n2,1.0\n", headers=CSV).status_code == 201


def append(client, key=None, name="series", data=ROWS, headers=JSON):
    headers = {**headers, **({"Idempotency-Key": key} if key else {})}
    return client.post(f"/api/datasets/{name}/rows", data=data, headers=headers)


def row_count(client, name="series") -> int:
    return client.get(f"/api/datasets/{name}").get_json()["dataset"]["row_count"]


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


def test_keys_are_remembered_across_restarts(data_dir, series, client, store_url, closing):
    first = append(client, "batch-0001").get_json()
    append(client)
    again = closing(writable_app(data_dir, DATABASE_URL=store_url)).test_client()
    assert append(again, "batch-0001").get_json() == first | {"replayed": True}
    assert first | {"version": None} == {
        "ok": True, "dataset": "series", "version": None, "rows_added": 2, "rows_total": 4, "replayed": False,
        "warnings": []}


def test_a_key_belongs_to_one_dataset_and_is_forgotten_with_it(client, series):
    append(client, "batch-0001")
    assert client.post("/api/datasets?name=other", data="day,v\n1,0.5\n", headers=CSV).status_code == 201
    assert append(client, "batch-0001", name="other").get_json()["replayed"] is False
    assert client.delete("/api/datasets/series", headers=CSV).status_code == 200
    assert client.post("/api/datasets?name=series", data="day,v\n1,0.5\n", headers=CSV).status_code == 201
    assert append(client, "batch-0001").get_json() | {"version": None} == {
        "ok": True, "dataset": "series", "version": None, "rows_added": 2, "rows_total": 3, "replayed": False,
        "warnings": []}


@pytest.mark.parametrize(("data", "headers"), [
    (json.dumps([{"day": 5, "v": 9.5}]), JSON),  # other rows
    ("day,v\n3,1.5\n4,2.5\n", CSV),  # the same rows as CSV: another request all the same
])
def test_a_key_sent_again_with_another_body_is_a_422_and_stores_nothing(client, series, data, headers):
    first = append(client, "batch-0001").get_json()
    response = append(client, "batch-0001", data=data, headers=headers)
    assert response.status_code == 422
    assert "Idempotency-Key 'batch-0001' was used before for another request" in response.get_json()["error"]
    assert row_count(client) == 4
    assert append(client, "batch-0001").get_json() == first | {"replayed": True}


def test_a_key_first_sent_with_no_rows_is_kept_and_refused_for_rows_later(client, series):
    empty = append(client, "batch-0001", data="[]").get_json()
    assert (empty["rows_added"], empty["rows_total"], empty["replayed"]) == (0, 2, False)
    assert append(client, "batch-0001", data="[]").get_json() == empty | {"replayed": True}
    assert append(client, "batch-0001").status_code == 422
    assert row_count(client) == 2


def test_a_retry_gets_the_first_answer_even_if_its_rows_would_be_refused_now(client, series, data_dir, store_url,
                                                                             closing):
    first = append(client, "batch-0001").get_json()
    stricter = closing(writable_app(data_dir, DATABASE_URL=store_url, UPLOAD_LIMITS=UploadLimits(max_rows=1)))
    stricter = stricter.test_client()
    assert append(stricter, "batch-0001").get_json() == first | {"replayed": True}
    refused = append(stricter, "batch-0002")
    assert refused.status_code == 400 and "at most 1 rows" in refused.get_json()["error"]
    assert append(stricter, "batch-0001", data=json.dumps([{"day": 5, "v": 9.5}])).status_code == 422
    assert row_count(client) == 4


def test_a_key_of_a_deleted_dataset_takes_another_body_on_a_new_one_of_the_same_name(client, series):
    append(client, "batch-0001")
    assert client.delete("/api/datasets/series", headers=CSV).status_code == 200
    assert client.post("/api/datasets?name=series", data="day,v\n1,0.5\n", headers=CSV).status_code == 201
    response = append(client, "batch-0001", data=json.dumps([{"day": 7, "v": 0.5}]))
    assert response.status_code == 200 and response.get_json()["replayed"] is False
    assert row_count(client) == 2


def catalog_reads(app, request) -> int:
    """How many statements read the catalog (the datasets table) while `request()` runs."""
    statements = []
    engine = app.extensions["svgplots"].store.database._engine

    def seen(conn, cursor, statement, *args) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", seen)
    try:
        request()
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    return sum(1 for s in statements if s.lstrip().upper().startswith("SELECT") and " datasets" in s)


def test_a_keyed_append_reads_the_catalog_once_before_its_write_and_once_in_it(app, client, series):
    first = catalog_reads(app, lambda: append(client, "batch-0001"))
    again = catalog_reads(app, lambda: append(client, "batch-0001"))
    # One snapshot to check the rows against (and find the key), one locked read in the write;
    # a retry is answered from the first.
    assert (first, again) == (2, 1)
    assert row_count(client) == 4


def test_the_same_keyed_append_sent_twice_at_once_stores_its_rows_once(app, series):
    start = threading.Barrier(2)
    answers = []

    def send() -> None:
        client = app.test_client()
        start.wait(timeout=30)
        answers.append(append(client, "batch-0001").get_json())

    senders = [threading.Thread(target=send) for _ in range(2)]
    for sender in senders:
        sender.start()
    for sender in senders:
        sender.join()
    assert sorted(answer["replayed"] for answer in answers) == [False, True]
    assert answers[0] | {"replayed": None} == answers[1] | {"replayed": None}
    assert row_count(app.test_client()) == 4


@pytest.mark.parametrize("key", ["", "x" * 201, "has space", "tab\tkey", "é"])
def test_a_malformed_key_is_a_400_and_nothing_is_stored(client, series, key):
    response = client.post("/api/datasets/series/rows", data=ROWS, headers={**JSON, "Idempotency-Key": key})
    assert response.status_code == 400 and "Idempotency-Key" in response.get_json()["error"]
    assert client.get("/api/datasets/series").get_json()["dataset"]["row_count"] == 2


def test_white_space_around_a_key_is_no_part_of_it_at_either_end(client, series):
    first = append(client, "k2  ")
    assert first.status_code == 200 and first.get_json()["replayed"] is False
    for spelled in (" k2", "k2\t", "\tk2 ", "k2"):
        assert append(client, spelled).get_json() == first.get_json() | {"replayed": True}
    assert row_count(client) == 4


def test_a_key_of_white_space_only_is_a_400(client, series):
    response = append(client, " \t ")
    assert response.status_code == 400 and "must be 1 to 200 visible ASCII characters" in response.get_json()["error"]
    assert row_count(client) == 2


TWICE = ("the Idempotency-Key header was given more than once (or holds a comma, which cannot be told from that: a "
         "server joins a header given twice with commas); give it once")


def test_a_key_given_twice_is_a_400_saying_so_and_nothing_is_stored(client, series):
    response = client.post("/api/datasets/series/rows", data=ROWS,
                           headers=[*JSON.items(), ("Idempotency-Key", "k1"), ("Idempotency-Key", "k2")])
    assert response.status_code == 400 and response.get_json()["error"] == TWICE
    assert row_count(client) == 2
    assert append(client, "k1").get_json()["replayed"] is False  # neither key was used up


def test_a_key_given_twice_as_a_server_passes_it_on_is_a_400_too(client, series):
    # werkzeug's server and gunicorn join the two headers with a bare comma, as a key holding one is written.
    response = client.post("/api/datasets/series/rows", data=ROWS, headers=JSON,
                           environ_overrides={"HTTP_IDEMPOTENCY_KEY": "k1,k2"})
    assert response.status_code == 400 and response.get_json()["error"] == TWICE
    assert row_count(client) == 2


def schema_2_database(url: str, keys: list[dict]) -> None:
    """The catalog as schema 2 made it (append_keys without request digests), holding `keys`."""
    engine = create_engine(url)
    with engine.begin() as conn:
        metadata.create_all(conn, tables=[writes, datasets, dataset_columns, meta])
        kept = [c for c in append_keys.columns if c.name != "request_digest"]
        schema_2_keys = Table("append_keys", MetaData(), *(Column(c.name, c.type, nullable=c.nullable) for c in kept),
                              PrimaryKeyConstraint("dataset_id", "key"))
        schema_2_keys.create(conn)
        conn.execute(schema_2_keys.insert(), keys)
        schema_migrations.create(conn)
        conn.execute(schema_migrations.insert(), [{"version": v, "applied_at": "2025-01-01T00:00:00Z"} for v in (1, 2)])
    engine.dispose()


def test_a_database_at_schema_2_is_migrated_keeping_its_keys_and_their_answers(store_url, closing):
    # The first dataset made in the database has id 1: the keys are its, stored before digests were.
    schema_2_database(store_url, [
        {"dataset_id": 1, "key": "two-rows", "rows_added": 2, "version": 7, "rows_total": 9, "updated": "2025-01-02"},
        {"dataset_id": 1, "key": "no-rows", "rows_added": 0, "version": 8, "rows_total": 9, "updated": "2025-01-03"},
    ])
    store = closing(SqlStore(store_url))
    with store._transaction() as conn:
        assert conn.execute(select(schema_migrations.c.version)).scalars().all() == list(range(1, LATEST + 1))
    columns = store.create("series", "Series", table_from_csv("day,v\n1,0.5\n")).columns
    replayed = store.append("series", columns, [(3, 1.5), (4, 2.5)], key="two-rows", digest="0" * 64)
    assert (replayed.info.version, replayed.info.rows, replayed.rows_added, replayed.replayed) == ("7", 9, 2, True)
    # A kept key tells another request by its number of rows: a key used with none takes no rows now.
    with pytest.raises(KeyReused):
        store.append("series", columns, [(3, 1.5)], key="no-rows", digest="0" * 64)
    assert store.info("series").rows == 1
    new = store.append("series", columns, [(5, 0.5)], key="new", digest="1" * 64)
    assert store.append("series", columns, [(5, 0.5)], key="new", digest="1" * 64) == Appended(new.info, 1, True)
    with pytest.raises(KeyReused):
        store.append("series", columns, [(5, 0.5)], key="new", digest="2" * 64)


@pytest.mark.parametrize("key, got", [(" \t ", "got a blank one"), ("k" * 201, "got one of 201 characters"),
                                      ("caf\xe9", "got 'caf\xe9'"), ("a b", "got 'a b'")])
def test_a_refused_key_is_named_in_its_refusal(client, series, key, got):
    response = append(client, key)
    assert response.status_code == 400
    assert response.get_json()["error"] == ("Idempotency-Key must be 1 to 200 visible ASCII characters other than a "
                                            f"comma (a UUID is a good choice), {got}")
    assert row_count(client) == 2
