"""The SQL store on SQLite and PostgreSQL: the same guarantees on both backends."""
from __future__ import annotations

import json
import multiprocessing
import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pandas as pd
import psycopg
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from app.config import SAMPLE_DATA_DIR
from app.errors import store_error_status
from app.store import (
    Column,
    DatasetConflict,
    DatasetNotFound,
    StoreBusy,
    StoreUnavailable,
    WriteRejected,
    rows_from_json,
    table_from_csv,
)
from app.store.schema import schema_migrations
from app.store.site_store import sample_table
from app.store.sql_store import SqlStore
from app.store.sqlite_store import SqliteStore
from tests.postgres import ThrowawayPostgres, libpq_url

SALES = "month,units,price,note\n2024-01-01,5,1.5,first\n2024-02-01,7,2.25,\n"
SAMPLES = ("animals", "weather")


@pytest.fixture
def store(store_url: str) -> Iterator[SqlStore]:
    """An SqlStore on a fresh database of each backend."""
    opened = SqlStore(store_url)
    yield opened
    opened.close()


def sales(store: SqlStore, name: str = "sales") -> tuple[Column, ...]:
    return store.create(name, "Sales", table_from_csv(SALES)).columns


def test_every_write_gives_a_new_higher_version_never_reused_after_delete_and_create(store):
    columns = sales(store)
    versions = [int(store.info("sales").version)]
    for month in range(3, 6):
        versions.append(int(store.append("sales", columns, [(f"2024-0{month}-01", month, 1.0, None)]).info.version))
    store.delete("sales")
    again = store.create("sales", "Sales", table_from_csv(SALES))
    versions.append(int(again.version))
    assert versions == sorted(set(versions)) and len(versions) == 5
    assert store.info("sales").version == again.version and again.rows == 2
    assert store.read("sales").info == again


def test_a_row_that_does_not_fit_stores_nothing(store):
    columns = sales(store)
    before = store.read("sales")
    broken = ("2024-04-01", None, 3.0, "integer columns are NOT NULL in the table too")
    with pytest.raises(WriteRejected, match="nothing was stored"):
        store.append("sales", columns, [("2024-03-01", 9, 3.0, "ok"), broken])
    after = store.read("sales")
    assert after.info == before.info
    pd.testing.assert_frame_equal(after.frame, before.frame, check_exact=True)


def test_a_create_with_a_row_that_does_not_fit_leaves_no_dataset(store):
    table = table_from_csv(SALES)
    table.rows.append(("2024-03-01", "not a number", 1.0, None))
    with pytest.raises(WriteRejected):
        store.create("sales", "Sales", table)
    assert store.names() == []
    assert store.create("sales", "Sales", table_from_csv(SALES)).rows == 2


def test_an_append_with_a_key_seen_before_is_a_replay_that_stores_nothing(store):
    columns = sales(store)
    rows = [("2024-03-01", 9, 3.0, "new"), ("2024-04-01", 10, 3.5, None)]
    first = store.append("sales", columns, rows, key="batch-1")
    again = store.append("sales", columns, rows[:1], key="batch-1")
    assert (first.rows_added, first.replayed, first.info.rows) == (2, False, 4)
    assert (again.rows_added, again.replayed, again.info) == (2, True, first.info)
    assert store.append("sales", columns, rows, key="batch-2").info.rows == 6
    assert store.append("sales", columns, rows).info.rows == 8
    assert len(store.read("sales").frame) == 8


def test_a_key_belongs_to_one_dataset_and_is_forgotten_with_it(store):
    columns = sales(store)
    sales(store, "other")
    row = [("2024-03-01", 9, 3.0, None)]
    store.append("sales", columns, row, key="k")
    assert store.append("other", columns, row, key="k").replayed is False
    store.delete("sales")
    columns = sales(store)
    assert store.append("sales", columns, row, key="k").replayed is False


def test_an_append_checked_against_other_columns_is_a_conflict_and_stores_nothing(store):
    sales(store)
    with pytest.raises(DatasetConflict, match="month, units, price, note"):
        store.append("sales", (Column("month", "datetime"),), [("2024-03-01",)])
    assert store.info("sales").rows == 2


def test_creating_a_name_that_exists_is_a_conflict(store):
    sales(store)
    with pytest.raises(DatasetConflict, match="exists already"):
        store.create("sales", "Sales", table_from_csv("a\n1\n"))


def test_delete_removes_the_dataset_and_unknown_names_are_not_found(store):
    columns = sales(store)
    sales(store, "kept")
    store.read("sales")
    store.delete("sales")
    assert store.names() == ["kept"]
    for call in (lambda: store.info("sales"), lambda: store.read("sales"), lambda: store.delete("sales"),
                 lambda: store.append("sales", columns, [])):
        with pytest.raises(DatasetNotFound, match="'sales'"):
            call()


def test_names_are_sorted_as_python_sorts_them(store):
    for name in ("b", "a_b", "a-c", "ab", "a0"):
        store.create(name, name, table_from_csv("x\n1\n"))
    assert store.names() == sorted(["b", "a_b", "a-c", "ab", "a0"])


def test_every_column_type_reads_back_with_its_exact_dtype(store):
    table = table_from_csv("i,f,when,label\n"
                           "-9223372036854775808,-1.5,2024-01-01,\"a, \"\"quoted\"\"\ttab\"\n"
                           "9223372036854775807,5e-324,2024-02-29T23:59:59.123456,émoji 🎉\n"
                           "0,,1970-01-01T00:00:00+02:00,\n"
                           "1,1.7976931348623157e+308,,\"line\nbreak\"\n")
    store.create("types", "Types", table)
    columns = store.info("types").columns
    store.append("types", columns, rows_from_json(json.dumps([{"i": 2, "f": 0.1, "when": None, "label": ""}]), columns))
    frame = store.read("types").frame
    assert frame.dtypes.astype(str).to_dict() == {"i": "int64", "f": "float64", "when": "datetime64[us]", "label": "str"}
    assert frame["i"].tolist() == [-(2**63), 2**63 - 1, 0, 1, 2]
    assert [str(v) for v in frame["f"]] == ["-1.5", "5e-324", "nan", "1.7976931348623157e+308", "0.1"]
    assert [str(v) for v in frame["when"]] == ["2024-01-01 00:00:00", "2024-02-29 23:59:59.123456",
                                               "1969-12-31 22:00:00", "NaT", "NaT"]
    assert [None if pd.isna(v) else v for v in frame["label"]] == [
        'a, "quoted"\ttab', "émoji 🎉", None, "line\nbreak", ""]
    assert store.read("types", ["label", "i"]).frame.columns.tolist() == ["label", "i"]


@pytest.mark.parametrize("name", SAMPLES)
def test_samples_read_back_exactly_as_the_sqlite_store_reads_them(store, tmp_path, name):
    path = SAMPLE_DATA_DIR / f"{name}.csv"
    assert store.load_once(name, name.title(), lambda: sample_table(path))
    old = SqliteStore(tmp_path / "old.sqlite")
    old.load_once(name, name.title(), lambda: sample_table(path))
    snapshot = store.read(name)
    pd.testing.assert_frame_equal(snapshot.frame, old.read(name).frame, check_exact=True)
    assert snapshot.info.columns == old.info(name).columns
    assert snapshot.info.rows == old.info(name).rows == len(snapshot.frame)
    assert snapshot.info.writable is True


def test_load_once_loads_at_the_first_start_only_and_a_deleted_sample_stays_deleted(store_url):
    path = SAMPLE_DATA_DIR / "animals.csv"
    first = SqlStore(store_url)
    assert first.load_once("animals", "Animals", lambda: sample_table(path)) is True
    assert first.load_once("animals", "Animals", lambda: sample_table(path)) is False
    first.delete("animals")
    again = SqlStore(store_url)
    assert again.load_once("animals", "Animals", lambda: sample_table(path)) is False
    assert again.names() == []
    with again._transaction() as conn:
        assert conn.execute(select(schema_migrations.c.version)).scalars().all() == [1]


def test_an_unchanged_dataset_is_not_read_again_and_an_append_adds_only_new_rows(store):
    columns = sales(store)
    first = store.read("sales").frame
    assert store.read("sales").frame is first
    store.append("sales", columns, [("2024-03-01", 9, 3.0, "new")])
    grown = store.read("sales").frame
    assert grown is not first and len(grown) == 3
    pd.testing.assert_frame_equal(grown.iloc[:2], first, check_exact=True)
    assert store.read("sales", ["units"]).frame["units"].tolist() == [5, 7, 9]


def test_names_and_titles_from_a_request_never_reach_the_sql(store):
    hostile = 'x"; DROP TABLE datasets; --\''
    header = '"' + hostile.replace('"', '""') + '",b'
    info = store.create("hostile", hostile, table_from_csv(f"{header}\n1,2\n"))
    assert store.info("hostile").title == hostile
    assert [c.name for c in info.columns] == [hostile, "b"]
    assert store.read("hostile").frame[hostile].tolist() == [1]
    with pytest.raises(DatasetNotFound):
        store.info(hostile)


def test_a_bulk_create_and_append_store_every_row_in_order(store):
    rows = [(i, i / 4, f"2024-01-01T00:00:{i % 60:02d}", f"row {i}") for i in range(20_000)]
    table = table_from_csv("i,x,when,label\n0,0.5,2024-01-01,a\n")
    store.create("bulk", "Bulk", type(table)(table.columns, rows))
    store.append("bulk", table.columns, rows[:5_000])
    frame = store.read("bulk").frame
    assert len(frame) == 25_000 and store.info("bulk").rows == 25_000
    assert frame["i"].tolist() == list(range(20_000)) + list(range(5_000))
    assert frame["label"].iloc[19_999] == "row 19999"


def test_a_read_while_another_thread_appends_is_always_one_snapshot(store):
    columns = sales(store)
    done = threading.Event()
    failures: list[str] = []

    def append() -> None:
        try:
            for batch in range(40):
                store.append("sales", columns, [("2024-03-01", batch, 1.0, str(i)) for i in range(batch % 7 + 1)])
        finally:
            done.set()

    writer = threading.Thread(target=append)
    writer.start()
    reads = 0
    while not done.is_set() or reads < 5:
        snapshot = store.read("sales")
        reads += 1
        if len(snapshot.frame) != snapshot.info.rows:
            failures.append(f"version {snapshot.info.version}: {snapshot.info.rows} rows, frame {len(snapshot.frame)}")
    writer.join()
    assert not failures, failures[:3]
    assert store.read("sales").info.rows == 2 + sum(batch % 7 + 1 for batch in range(40))


def test_two_stores_on_one_database_see_each_others_writes_and_never_share_a_version(store_url):
    first, second, reader = SqlStore(store_url), SqlStore(store_url), SqlStore(store_url)
    columns = sales(first)
    assert second.read("sales").info == first.info("sales")
    versions: list[int] = []
    lock = threading.Lock()

    def append(store: SqlStore, writer: int) -> None:
        for seq in range(25):
            appended = store.append("sales", columns, [("2024-03-01", writer, float(seq), f"{writer}-{seq}")] * 3)
            with lock:
                versions.append(int(appended.info.version))

    threads = [threading.Thread(target=append, args=(store, n)) for n, store in enumerate((first, second) * 2)]
    for thread in threads:
        thread.start()
    while any(thread.is_alive() for thread in threads):
        snapshot = reader.read("sales")  # incremental reads by row id, while others append
        assert len(snapshot.frame) == snapshot.info.rows
    for thread in threads:
        thread.join()
    assert len(versions) == len(set(versions)) == 100
    fresh = SqlStore(store_url).read("sales")
    assert fresh.info.rows == 2 + 300 and fresh.info.version == str(max(versions))
    for store in (first, second, reader):
        snapshot = store.read("sales")
        assert snapshot.info == fresh.info
        pd.testing.assert_frame_equal(snapshot.frame, fresh.frame, check_exact=True)


def _open_and_load_samples(url: str, barrier, results) -> None:
    """In a new process: open the store and load the samples, meeting the other process twice."""

    def table(name: str):
        barrier.wait(timeout=60)  # both have seen "not loaded yet" before either writes
        return sample_table(SAMPLE_DATA_DIR / f"{name}.csv")

    try:
        barrier.wait(timeout=60)
        store = SqlStore(url)  # both create the schema at once
        results.put({name: store.load_once(name, name.title(), lambda n=name: table(n)) for name in SAMPLES})
    except BaseException as error:
        barrier.abort()  # the other process stops waiting too
        results.put(repr(error))


def test_two_processes_starting_at_once_create_the_schema_and_load_the_samples_once(store_url):
    context = multiprocessing.get_context("fork")
    barrier, results = context.Barrier(2), context.Queue()
    processes = [context.Process(target=_open_and_load_samples, args=(store_url, barrier, results)) for _ in range(2)]
    for process in processes:
        process.start()
    answers = [results.get(timeout=120) for _ in processes]
    for process in processes:
        process.join(timeout=60)
    assert all(isinstance(answer, dict) for answer in answers), answers
    for name in SAMPLES:
        assert sorted(answer[name] for answer in answers) == [False, True]
    store = SqlStore(store_url)
    assert store.names() == list(SAMPLES)
    assert store.info("animals").rows == 12 and len(store.read("weather").frame) == store.info("weather").rows


def test_a_forked_process_opens_its_own_connections(store):
    sales(store)
    with store._transaction() as conn:
        parent = id(conn.connection.driver_connection)
    reading, writing = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - the child reports through the pipe
        try:
            with store._transaction() as conn:
                own = id(conn.connection.driver_connection) != parent
            answer = f"{own} {store.read('sales').info.rows}"
        except BaseException as error:
            answer = repr(error)
        os.write(writing, answer.encode())
        os._exit(0)
    os.close(writing)
    answer = os.read(reading, 1000).decode()
    os.waitpid(child, 0)
    os.close(reading)
    assert answer == "True 2"
    assert store.read("sales").info.rows == 2


@contextmanager
def write_lock_held(url: str, name: str) -> Iterator[None]:
    """Another connection holding what an append to `name` must wait for."""
    if url.startswith("sqlite"):
        holder = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
    else:
        holder = psycopg.connect(libpq_url(url))
        holder.execute("SELECT id FROM datasets WHERE name = %s FOR UPDATE", (name,))
    try:
        yield
    finally:
        holder.rollback() if not url.startswith("sqlite") else holder.execute("ROLLBACK")
        holder.close()


def test_a_write_waiting_past_the_busy_timeout_is_store_busy_and_reads_go_on(store_url):
    store = SqlStore(store_url, busy_timeout=0.2)
    columns = sales(store)
    with write_lock_held(store_url, "sales"):
        with pytest.raises(StoreBusy) as caught:
            store.append("sales", columns, [("2024-03-01", 9, 3.0, None)])
        assert store_error_status(caught.value) == 503 and caught.value.retry_after == 1
        assert "locked" not in caught.value.message and "nothing was changed" in caught.value.message
        assert len(store.read("sales").frame) == 2
    assert store.append("sales", columns, [("2024-03-01", 9, 3.0, None)]).info.rows == 3


def test_an_sqlite_file_written_by_the_sqlite_store_opens_and_reads_unchanged(tmp_path):
    path = tmp_path / "svgplots.sqlite"
    old = SqliteStore(path)
    for name in SAMPLES:
        old.load_once(name, name.title(), lambda n=name: sample_table(SAMPLE_DATA_DIR / f"{n}.csv"))
    columns = old.create("sales", "Sales", table_from_csv(SALES)).columns
    old.append("sales", columns, [("2024-03-01", 9, 3.0, "x")], key="k")
    old.delete("animals")
    expected = {name: (old.info(name), old.read(name).frame) for name in old.names()}
    old.close()

    store = SqlStore(f"sqlite:///{path}")
    assert store.names() == sorted(expected)
    for name, (info, frame) in expected.items():
        snapshot = store.read(name)
        assert snapshot.info == info
        pd.testing.assert_frame_equal(snapshot.frame, frame, check_exact=True)
    assert store.append("sales", columns, [("2024-03-01", 9, 3.0, "x")], key="k").replayed is True
    assert store.load_once("animals", "Animals", lambda: sample_table(SAMPLE_DATA_DIR / "animals.csv")) is False
    appended = store.append("sales", columns, [("2024-04-01", 1, 1.0, None)])
    assert int(appended.info.version) > max(int(info.version) for info, _ in expected.values())
    assert SqliteStore(path).read("sales").frame["units"].tolist() == [5, 7, 9, 1]  # and the old store still reads it


def test_a_database_migrated_by_a_newer_site_is_refused(store_url):
    SqlStore(store_url).close()
    with SqlStore(store_url)._transaction(write=True) as conn:
        conn.execute(schema_migrations.insert().values(version=99, applied_at="2030-01-01T00:00:00Z"))
    with pytest.raises(RuntimeError, match="newer version"):
        SqlStore(store_url)


def test_an_unsupported_url_is_refused_naming_the_supported_ones():
    with pytest.raises(ValueError, match="sqlite:///.*postgresql\\+psycopg://"):
        SqlStore("mysql://user:secret@localhost/db")


def test_postgres_down_is_store_unavailable_without_the_address_and_the_store_recovers():
    server = ThrowawayPostgres()
    try:
        server.start()
        url = server.url.replace("postgres@", "postgres:s3cret-pw@")  # trusted: the password is not checked
        store = SqlStore(url, busy_timeout=2)
        columns = sales(store)
        assert "s3cret" not in repr(store) and "s3cret" not in store.url
        server.stop()
        calls = [lambda: store.info("sales"), lambda: store.read("sales"), store.names,
                 lambda: store.append("sales", columns, [("2024-03-01", 9, 3.0, None)]), lambda: SqlStore(url)]
        for call in calls:
            with pytest.raises(StoreUnavailable) as caught:
                call()
            message = caught.value.message
            assert store_error_status(caught.value) == 503 and caught.value.retry_after == 5
            assert "s3cret" not in message and str(server.port) not in message and "127.0.0.1" not in message
        server.start()
        assert store.read("sales").info.rows == 2  # the pool pings, finds its connections dead, opens new ones
        assert store.append("sales", columns, [("2024-03-01", 9, 3.0, None)]).info.rows == 3
    finally:
        server.remove()


row_values = st.tuples(
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.one_of(st.none(), st.floats(allow_nan=False, allow_infinity=False)),
    # Any printable text, tabs and line breaks: other control characters are refused on write.
    st.one_of(st.none(), st.text(st.characters(codec="utf-8", exclude_categories=["Cc"], include_characters="\t\n\r"),
                                 max_size=20)),
    st.one_of(st.none(), st.datetimes().map(lambda moment: moment.isoformat())),
)
_examples = iter(range(1_000_000))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(row_values, min_size=1, max_size=20))
def test_any_json_rows_read_back_exactly_as_sent(store, rows):
    name = f"p{next(_examples)}"
    columns = store.create(name, "P", table_from_csv("i,f,t,d\n1,1.5,a,2024-01-01\n")).columns
    records = [{"i": i, "f": f, "t": t, "d": d} for i, f, t, d in rows]
    store.append(name, columns, rows_from_json(json.dumps(records), columns))
    frame = store.read(name).frame.iloc[1:]
    assert frame["i"].tolist() == [i for i, _, _, _ in rows]
    assert [None if pd.isna(v) else v for v in frame["f"]] == [f for _, f, _, _ in rows]
    assert [None if pd.isna(v) else v for v in frame["t"]] == [t for _, _, t, _ in rows]
    assert [None if pd.isna(v) else v.isoformat() for v in frame["d"]] == [
        None if d is None else pd.Timestamp(d).isoformat() for _, _, _, d in rows]
