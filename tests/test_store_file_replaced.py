"""The site's SQLite store file removed or replaced under a running site: the next write and the
next version read the file its path names now (made anew by the migrations when removed), never the
old one through pooled connections, which would take rows that no file then holds."""
from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from app import create_app
from app.store import table_from_csv
from app.store.sql_store import SqlStore

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
    assert client.get("/api/datasets/sales").status_code == 404
    created = client.post("/api/datasets?name=again", data=SALES, headers={**AUTH, "Content-Type": "text/csv"})
    assert created.status_code == 201, created.get_json()
    assert rows_in_file(data_dir / "svgplots.sqlite", "again") == 2
    appended = client.post("/api/datasets/again/rows", json=[ROW], headers=AUTH)
    assert appended.status_code == 200 and appended.get_json()["rows_total"] == 3
    assert rows_in_file(data_dir / "svgplots.sqlite", "again") == 3


def test_columns_read_from_the_old_file_are_not_kept_for_the_new_one(tmp_path):
    """A read begun in the old file that reads a dataset's columns after another read found the new
    file (and forgot what was kept of the old) keeps them for the old file only: the new file's
    dataset of the same id has other columns."""
    path = tmp_path / "store.sqlite"
    made = SqlStore(f"sqlite:///{path}")
    made.create("sales", "Sales", table_from_csv(SALES))
    made.close()
    other = SqlStore(f"sqlite:///{tmp_path / 'other.sqlite'}")
    other.create("sales", "Sales", table_from_csv("a,b,c\n1,2,3\n"))  # the same id, 1
    other.close()
    store = SqlStore(f"sqlite:///{path}")
    saw_identity = store._saw_identity

    def replaced_meanwhile(identity: str) -> None:
        """The old file's identity seen; then, before its read goes on, the file replaced and found."""
        saw_identity(identity)
        moved_in = tmp_path / "other.sqlite"
        if moved_in.exists():  # once, in the first read
            os.replace(moved_in, path)
            store.version("sales")  # reads the new file's identity: what was kept is forgotten

    store._saw_identity = replaced_meanwhile
    try:
        assert [c.name for c in store.info("sales").columns] == ["month", "units"]  # the old file's snapshot
        assert [c.name for c in store.info("sales").columns] == ["a", "b", "c"]
    finally:
        store.close()
