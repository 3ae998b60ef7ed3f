"""The site's SQLite store file removed or replaced under a running site: the next write, and reads
within a second, read the file its path names now (made anew by the migrations when removed), never
the old one through pooled connections, which would take rows that no file then holds; and it is
opened only once every connection to the old file was given back."""
from __future__ import annotations

import logging
import re
import os
import sqlite3
import threading
import time
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Callable, Iterator

import pytest

from app import create_app
from app.store import table_from_csv
from app.store.schema import LATEST
from app.store.sql_store import SqlStore
from app.store.types import StoreBusy

TOKEN = "test-write-token-0123456789"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
SALES = "month,units\n2024-01-01,5\n2024-02-01,7\n"
ROW = {"month": "2024-03-01", "units": 9}


@pytest.fixture
def client(data_dir: Path):
    """A test client of the site over its SQLite store in `data_dir`, with a dataset `sales` of two
    rows, read once (so that its connections are pooled)."""
    app = create_app({"TESTING": True, "DATA_DIR": str(data_dir), "WRITE_TOKENS": TOKEN, "RENDER_WORKERS": 0,
                      "DASHBOARD_DIRS": []})
    client = app.test_client()
    created = client.post("/api/datasets?name=sales", data=SALES, headers={**AUTH, "Content-Type": "text/csv"})
    assert created.status_code == 201, created.get_json()
    assert client.get("/datasets/sales.json").status_code == 200
    return client


def rows_in_file(path: Path, dataset: str) -> int | None:
    """The row count the store file at `path` gives `dataset` (None: no such dataset there)."""
    with sqlite3.connect(path) as conn:
        found = conn.execute("SELECT row_count FROM datasets WHERE name = ?", (dataset,)).fetchone()
    return None if found is None else found[0]


def remove_store(data_dir: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        (data_dir / f"svgplots.sqlite{suffix}").unlink(missing_ok=True)


def test_rows_appended_after_the_store_file_was_replaced_are_in_the_new_file(client, data_dir):
    store = data_dir / "svgplots.sqlite"
    copy = data_dir / "copy.sqlite"
    with sqlite3.connect(store) as old, sqlite3.connect(copy) as new:
        old.backup(new)  # the store as it is, then moved in over it (another inode)
    os.replace(copy, store)
    appended = client.post("/api/datasets/sales/rows", json=[ROW], headers=AUTH)
    assert appended.status_code == 200, appended.get_json()
    assert appended.get_json()["rows_total"] == 3
    assert rows_in_file(store, "sales") == 3
    assert client.get("/datasets/sales.json").get_json()["rows"][-1] == ["2024-03-01", 9]


def test_a_store_file_removed_is_made_anew_and_written_to(client, data_dir):
    remove_store(data_dir)
    created = client.post("/api/datasets?name=again", data=SALES, headers={**AUTH, "Content-Type": "text/csv"})
    assert created.status_code == 201, created.get_json()
    assert client.get("/api/datasets/sales").status_code == 404
    assert rows_in_file(data_dir / "svgplots.sqlite", "again") == 2
    appended = client.post("/api/datasets/again/rows", json=[ROW], headers=AUTH)
    assert appended.status_code == 200 and appended.get_json()["rows_total"] == 3
    assert rows_in_file(data_dir / "svgplots.sqlite", "again") == 3


def test_a_store_file_removed_is_logged_once_saying_its_datasets_are_no_longer_shown(client, data_dir, caplog):
    caplog.set_level(logging.WARNING)
    remove_store(data_dir)
    for _ in range(3):
        assert client.post("/api/datasets/sales/rows", json=[ROW], headers=AUTH).status_code == 404
        assert client.get("/healthz").status_code == 200
    said = [record.getMessage() for record in caplog.records if "SQLite file" in record.getMessage()]
    assert said == [f"the dataset database's SQLite file {data_dir / 'svgplots.sqlite'} was removed under the "
                    "running site: a new, empty store is made there, and the old file's datasets are no longer "
                    "shown; to show them again, stop the site and put that file back"]


def test_a_store_file_replaced_is_logged_once_saying_the_new_file_is_shown(client, data_dir, caplog):
    caplog.set_level(logging.WARNING)
    store, copy = data_dir / "svgplots.sqlite", data_dir / "copy.sqlite"
    with sqlite3.connect(store) as old, sqlite3.connect(copy) as new:
        old.backup(new)
    os.replace(copy, store)
    for _ in range(3):
        assert client.post("/api/datasets/sales/rows", json=[ROW], headers=AUTH).status_code == 200
    said = [record.getMessage() for record in caplog.records if "SQLite file" in record.getMessage()]
    assert said == [f"the dataset database's SQLite file {store} was replaced under the running site: the file "
                    "now there is opened, and its datasets are shown in place of the old file's"]


def test_a_store_file_a_newer_release_migrated_moved_in_is_a_503_saying_so_until_the_old_one_is_back(
        client, data_dir, caplog):
    # It was a 500 of an unhandled RuntimeError, and a read within a second of it read that file as it stood.
    caplog.set_level(logging.WARNING)
    store, kept, newer = data_dir / "svgplots.sqlite", data_dir / "kept.sqlite", data_dir / "newer.sqlite"
    for path in (kept, newer):
        with closing(sqlite3.connect(store)) as old, closing(sqlite3.connect(path)) as copy:
            old.backup(copy)
    with closing(sqlite3.connect(newer)) as copy, copy:  # closed, its log moved into the file
        copy.execute("INSERT INTO schema_migrations VALUES (?, '2027-01-01T00:00:00Z')", (LATEST + 1,))
    os.replace(newer, store)
    why = (f"it was written by a newer release of the site, at schema {LATEST + 1}, and this release reads schemas 1 "
           f"to {LATEST}: start a release of schema {LATEST + 1} or later (the last number of MIGRATIONS in its "
           "app/store/schema.py), or restore the backup made before that release opened it")
    refusal = f"the dataset database cannot be opened: {why}"
    for _ in range(2):
        written = client.post("/api/datasets/sales/rows", json=[ROW], headers=AUTH)
        assert written.status_code == 503 and written.get_json()["error"] == refusal
        # A read within the second after looks again too, rather than read the file it did not open.
        assert client.get("/healthz").get_data(as_text=True) == f"not ok: {refusal}\n"
    said = [record.getMessage() for record in caplog.records if "newer release" in record.getMessage()]
    assert said == [f"{refusal}. Until one of these is done, requests that need it answer 503 saying so: waiting does "
                    "not mend it"]
    os.replace(kept, store)
    assert client.post("/api/datasets/sales/rows", json=[ROW], headers=AUTH).get_json()["rows_total"] == 3


def test_columns_read_from_the_old_file_are_not_kept_for_the_new_one(tmp_path):
    """A read begun in the old store that reads a dataset's columns after another read found the new
    one (and forgot what was kept of the old) keeps them for the old store only: the new store's
    dataset of the same id has other columns. (A file replaced is opened anew once the old one's
    reads end; a PostgreSQL database dropped and made anew is found by its identity alone.)"""
    path = tmp_path / "store.sqlite"
    made = SqlStore(f"sqlite:///{path}")
    made.create("sales", "Sales", table_from_csv(SALES))
    made.close()
    other = SqlStore(f"sqlite:///{tmp_path / 'other.sqlite'}")
    other.create("sales", "Sales", table_from_csv("a,b,c\n1,2,3\n"))  # the same id, 1
    other_identity = other.identity
    other.close()
    store = SqlStore(f"sqlite:///{path}")
    store.file_seconds = 0.0
    saw_identity = store._saw_identity

    def found_meanwhile(identity: str) -> None:
        """The old store's identity seen; then, before its read goes on, another read finds the new one."""
        saw_identity(identity)
        if identity != other_identity:
            saw_identity(other_identity)  # what was kept is forgotten

    store._saw_identity = found_meanwhile
    try:
        assert [c.name for c in store.info("sales").columns] == ["month", "units"]  # the old store's snapshot
        os.replace(tmp_path / "other.sqlite", path)
        assert [c.name for c in store.info("sales").columns] == ["a", "b", "c"]
    finally:
        store.close()

OTHER_SALES = "month,units\n2025-01-01,1\n2025-02-01,2\n2025-03-01,3\n"


@pytest.fixture
def store_and_other(tmp_path) -> tuple[SqlStore, Path, Path]:
    """A store on `store.sqlite`, with `sales` of two rows, that looks at its file on every read; and
    `other.sqlite`, a store file whose `sales` has three other rows, to move in over it."""
    path, other = tmp_path / "store.sqlite", tmp_path / "other.sqlite"
    made = SqlStore(f"sqlite:///{other}")
    made.create("sales", "Sales", table_from_csv(OTHER_SALES))
    made.close()
    store = SqlStore(f"sqlite:///{path}", busy_timeout=2.0)
    store.create("sales", "Sales", table_from_csv(SALES))
    store.file_seconds = 0.0
    yield store, path, other
    store.close()


def test_a_file_moved_in_over_the_store_reads_as_itself_not_through_the_old_files_wal(store_and_other):
    """SQLite leaves the WAL of a file moved while open at the path, where the file moved in would
    read the old file's pages as its own."""
    store, path, other = store_and_other
    os.replace(other, path)
    read = store.read("sales")
    assert read.info.rows == 3 and read.frame["units"].tolist() == [1, 2, 3]
    store.close()
    assert rows_in_file(path, "sales") == 3
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]


def test_the_new_file_is_opened_only_once_the_old_files_connections_are_given_back(store_and_other):
    """A request reads the store while its file is replaced; another request notices the new file: it
    opens it only once the first has given its connection back, which would keep the old file's
    -wal and -shm at the path the new file opens its own at."""
    store, path, other = store_and_other
    happened: list[str] = []
    migrate = store._migrate

    def opened() -> str:
        happened.append("new file opened")
        return migrate()

    store._migrate = opened
    read_in_flight: list[int] = []

    def given_back(info) -> None:
        read_in_flight.append(info.rows)
        happened.append("old connection given back")

    with request_in_flight(store, given_back):
        os.replace(other, path)
        found: list[int] = []
        second = threading.Thread(target=lambda: found.append(store.info("sales").rows))
        second.start()
        while second.is_alive() and not getattr(getattr(store, "_gate", None), "_alone", False):
            second.join(0.01)  # until the second request waits to open the new file, or is done
    second.join(10)
    assert happened == ["old connection given back", "new file opened"]
    assert read_in_flight == [2] and found == [3]
    read = store.read("sales")
    assert read.info.rows == 3 and read.frame["units"].tolist() == [1, 2, 3]


def test_a_request_that_notices_the_new_file_while_it_holds_the_old_one_is_a_503_without_waiting(store_and_other):
    """Its own connection would keep the reopen waiting for ever, and a connection opened at the path
    now would read the old file's WAL as the new file's: a second connection it asks for is refused
    at once, its own reads the old file to its end, and the next request opens the new file."""
    store, path, other = store_and_other
    with store._reading("sales") as (conn, _, _, info):
        os.replace(other, path)
        with pytest.raises(StoreBusy, match="file was replaced .* try again in a moment"):
            store.info("sales")
        assert store._info(conn, "sales")[2].rows == info.rows == 2
    assert store.info("sales").rows == 3


def test_a_reopen_kept_waiting_past_the_busy_timeout_is_a_503_and_the_next_request_opens_the_new_file(
        store_and_other):
    store, path, other = store_and_other
    store._gate.timeout = 0.05
    with request_in_flight(store):
        os.replace(other, path)
        with pytest.raises(StoreBusy, match="file was replaced .* nothing was changed by this request; try again"):
            store.append("sales", store.info("sales").columns, [("2024-03-01", 9)])
    assert store.info("sales").rows == 3
    assert rows_in_file(path, "sales") == 3


def test_a_write_whose_store_file_is_replaced_before_it_commits_stores_nothing_and_is_a_503(store_and_other):
    """Its rows would be in the old file, which no path names any more: lost, though answered as stored."""
    store, path, other = store_and_other
    moved = store.backend.insert_rows

    def replaced_meanwhile(*args) -> None:
        moved(*args)
        os.replace(other, path)

    store.backend.insert_rows = replaced_meanwhile
    columns = store.info("sales").columns
    with pytest.raises(StoreBusy, match="file was replaced"):
        store.append("sales", columns, [("2024-03-01", 9)])
    store.backend.insert_rows = moved
    assert store.info("sales").rows == 3
    appended = store.append("sales", columns, [("2025-04-01", 4)])
    assert appended.info.rows == 4 and rows_in_file(path, "sales") == 4


class Clock:
    """A clock that moves only when told, from `now`."""

    def __init__(self, now: float):
        self.now = now

    def __call__(self) -> float:
        return self.now


def test_reads_look_at_the_store_file_once_a_second_and_writes_every_time(store_and_other, monkeypatch):
    """A stat of the file on every cache hit cost about 5 % of it: a read of the old file within the
    second is one begun a moment earlier, while a write to it would be lost."""
    store, path, other = store_and_other
    store.file_seconds, store.clock = 1.0, Clock(time.monotonic() + 10)  # 10 s since the store last looked
    looked: list[int] = []
    named_file = store.backend.named_file
    monkeypatch.setattr(store.backend, "named_file", lambda: looked.append(1) or named_file())
    store.info("sales")
    store.version("sales")
    store.read("sales")
    assert looked == [1]  # the first read's
    os.replace(other, path)
    assert store.info("sales").rows == 2  # the old file, within the second
    assert looked == [1]
    store.clock.now += 1.0
    assert store.read("sales").info.rows == 3
    looked.clear()
    columns = store.info("sales").columns
    store.version("sales")
    assert looked == []
    store.append("sales", columns, [])
    assert len(looked) == 2  # before the write begins and before it commits


@pytest.mark.parametrize("asked", ["info", "version"])
def test_a_request_that_finds_the_new_file_before_its_look_is_due_opens_it_as_a_due_look_would(store_and_other, asked):
    """Within the second the store trusts the file it looked at, a request that must open a connection
    (another holds the pooled one) finds the file replaced: it waits for the old file's connections
    to be given back and reads the new file, as it would a moment later, rather than a 503."""
    store, path, other = store_and_other
    store.file_seconds, store.clock = 1.0, Clock(time.monotonic() + 10)
    store.info("sales")  # the file looked at now: the next look is due in a second
    found: list = []

    def second_request() -> None:
        try:
            found.append(store.info("sales").rows if asked == "info" else store.version("sales"))
        except StoreBusy as refusal:
            found.append(refusal)

    with request_in_flight(store):
        os.replace(other, path)
        second = threading.Thread(target=second_request)
        second.start()
        while second.is_alive() and not store._gate._alone:
            second.join(0.01)  # until the second request waits to open the new file, or is done
    second.join(10)
    assert found == ([3] if asked == "info" else [store.version("sales")])
    assert store.read("sales").frame["units"].tolist() == [1, 2, 3]


@contextmanager
def request_in_flight(store: SqlStore, given_back: Callable = lambda info: None) -> Iterator[None]:
    """A request in another thread holding a read of `sales` open until the block ends; then it
    gives its connection back and calls `given_back` with what it read."""
    holding, go_on = threading.Event(), threading.Event()

    def request() -> None:
        with store._reading("sales") as (_, _, _, info):
            holding.set()
            go_on.wait(10)
        given_back(info)

    first = threading.Thread(target=request)
    first.start()
    assert holding.wait(10)
    try:
        yield
    finally:
        go_on.set()
        first.join(10)


def _days(days) -> str:
    return "t,a\n" + "".join(f"2024-01-{day:02d},{day}\n" for day in days)


def _chart_words(client, url: str) -> str:
    answer = client.get(url)
    assert answer.status_code == 200, answer.get_data(as_text=True)
    return re.search(r"<desc[^>]*>([^<]*)</desc>", answer.get_data(as_text=True)).group(1)


def test_a_big_dataset_made_again_in_a_store_made_anew_is_not_drawn_as_the_old_store_s_rows_were(data_dir):
    app = create_app({"TESTING": True, "DATA_DIR": str(data_dir), "WRITE_TOKENS": TOKEN, "RENDER_WORKERS": 0,
                      "DASHBOARD_DIRS": []})
    app.extensions["svgplots"].store.database.pushdown_above_rows = 5  # its lines asked of the database
    client, csv = app.test_client(), {**AUTH, "Content-Type": "text/csv"}
    line = "/plot/life.svg?y=a&xmin=2024-01-10&xmax=2024-01-20"
    assert client.post("/api/datasets?name=life", data=_days(range(1, 29)), headers=csv).status_code == 201
    # Its x in row order: its line is thinned over ranges of row ids.
    assert _chart_words(client, line).startswith("Line chart of a by t, 11 rows.")
    old_id = _dataset_id(data_dir / "svgplots.sqlite", "life")
    remove_store(data_dir)
    # The new store's `life`, made as the old one was, has its rows table's number; its x goes back and forth.
    for name in ("x1", "x2", "x3")[:old_id - 1]:
        assert client.post(f"/api/datasets?name={name}", data="p,q\n1,2\n", headers=csv).status_code == 201
    shuffled = [5, 22, 11, 1, 17, 9, 24, 14, 3, 20, 12, 7, 19, 2, 15, 23, 10, 6, 18, 13, 4, 21, 16, 8]
    assert client.post("/api/datasets?name=life", data=_days(shuffled), headers=csv).status_code == 201
    assert _dataset_id(data_dir / "svgplots.sqlite", "life") == old_id
    assert _chart_words(client, line).startswith("Line chart of a by t, 11 rows. t from 2024-01-10 to 2024-01-20.")


def _dataset_id(path: Path, dataset: str) -> int:
    with sqlite3.connect(path) as conn:
        found = conn.execute("SELECT id FROM datasets WHERE name = ?", (dataset,)).fetchone()
    conn.close()
    return found[0]
