"""The site's SQLite store file removed or replaced under a running site: the next write and the
next version read the file its path names now (made anew by the migrations when removed), never the
old one through pooled connections, which would take rows that no file then holds."""
from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from app import create_app

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
