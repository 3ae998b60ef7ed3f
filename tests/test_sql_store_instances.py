"""The SQL store as several instances use it: two stores on one database, processes starting at
once, forks, waiting writers, and a PostgreSQL server that goes away and comes back."""
from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Iterator

import pandas as pd
import pytest

from app.config import SAMPLE_DATA_DIR
from app.errors import store_error_status
from app.store import DatasetNotFound, StoreBusy, StoreUnavailable
from app.store.site_parts import sample_table
from app.store.sql_store import SqlStore
from tests.postgres import ThrowawayPostgres, write_lock_held
from tests.statements import ROWS_READ, once_before, rows_reads, statements_run
from tests.test_sql_store import SAMPLES, sales


@pytest.fixture
def store(store_url: str) -> Iterator[SqlStore]:
    """An SqlStore on a fresh database of each backend."""
    opened = SqlStore(store_url)
    yield opened
    opened.close()


def test_two_stores_on_one_database_see_each_others_writes_and_never_share_a_version(store_url, closing):
    first, second, reader = (closing(SqlStore(store_url)) for _ in range(3))
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
    fresh = closing(SqlStore(store_url)).read("sales")
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


def test_two_processes_starting_at_once_create_the_schema_and_load_the_samples_once(store_url, closing):
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
    store = closing(SqlStore(store_url))
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


def test_a_write_waiting_past_the_busy_timeout_is_store_busy_and_reads_go_on(store_url, closing):
    store = closing(SqlStore(store_url, busy_timeout=0.2))
    columns = sales(store)
    with write_lock_held(store_url, "sales"):
        with pytest.raises(StoreBusy) as caught:
            store.append("sales", columns, [("2024-03-01", 9, 3.0, None)])
        assert store_error_status(caught.value) == 503 and caught.value.retry_after == 1
        assert "locked" not in caught.value.message and "nothing was changed" in caught.value.message
        assert len(store.read("sales").frame) == 2
    assert store.append("sales", columns, [("2024-03-01", 9, 3.0, None)]).info.rows == 3


def test_postgres_down_is_store_unavailable_without_the_address_and_the_store_recovers(closing):
    server = ThrowawayPostgres()
    try:
        server.start()
        url = server.url.replace("postgres@", "postgres:s3cret-pw@")  # trusted: the password is not checked
        store = closing(SqlStore(url, busy_timeout=2))
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


def test_a_dataset_deleted_while_it_is_read_is_not_found_or_read_whole(store_url, closing):
    reader, deleter = closing(SqlStore(store_url)), closing(SqlStore(store_url))
    sales(deleter)  # made by the other instance, so that the reader keeps no frame of it: it reads the rows
    # The delete comes between the read's catalog look-up and its rows.
    with statements_run(once_before(ROWS_READ, lambda: deleter.delete("sales"))) as run:
        try:
            snapshot = reader.read("sales")
        except DatasetNotFound:  # PostgreSQL: the rows table went with the delete
            pass
        else:  # SQLite: the read's snapshot still holds the dataset as it was
            assert len(snapshot.frame) == snapshot.info.rows == 2
    assert len(rows_reads(run)) == 1
    with pytest.raises(DatasetNotFound):
        reader.read("sales")
