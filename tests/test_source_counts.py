"""What a source dataset's description counts of its values: an SQLite blob, a missing value
wherever an app kept one, is found in a table's column, indexed or not, whatever its collation,
and in a view's; a table's indexed column from its index, without reading every row."""
from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

import pytest

from app.store import load_sources
from app.store.sources import SourceStore
from tests.source_data import sources_toml
from tests.statements import statements_run

# A blob in the second row of `ts` (a date column with an index, declared with a collation the
# site's connection has not registered) and of `v` (no index); `note` holds none.
ROWS = [("2024-01-01", 1.5, "a"), (b"\x00\x01", b"12", "b"), ("2024-01-03", 3.0, "c")]


def _store(tmp_path: Path, collation: str = "") -> SourceStore:
    """A store over `notes` and the views `plain` (its columns) and `grouped` (grouped by ts)."""
    path = tmp_path / "notes.db"
    with contextlib.closing(sqlite3.connect(path)) as conn:
        conn.create_collation("app_order", lambda a, b: (a > b) - (a < b))
        conn.execute(f"CREATE TABLE notes (ts DATETIME {collation}, v REAL, note TEXT)")
        conn.execute("CREATE INDEX notes_ts ON notes (ts)")
        conn.executemany("INSERT INTO notes VALUES (?, ?, ?)", ROWS)
        conn.execute("CREATE VIEW plain AS SELECT ts, v, note FROM notes")
        conn.execute("CREATE VIEW grouped AS SELECT ts, max(v) AS v, note FROM notes GROUP BY ts")
        conn.commit()
    config = sources_toml(tmp_path / "sources.toml", {"db": {"url": f"sqlite:///{path}"}},
                          {name: {"source": "db", "table": name} for name in ("notes", "plain", "grouped")})
    return SourceStore(load_sources(config), timeout=60.0, max_rows=10**6)


# (SQLite cannot read a view over a column of a collation it has not registered at all.)
@pytest.mark.parametrize("name, collation", [(name, collation) for name in ("notes", "plain", "grouped")
                                             for collation in ("", "COLLATE NOCASE", "COLLATE app_order")
                                             if name == "notes" or collation != "COLLATE app_order"])
def test_a_blob_is_found_in_a_tables_column_and_a_views_whatever_the_collation(tmp_path: Path, collation, name):
    store = _store(tmp_path, collation)
    try:
        read = store.read(name, ["ts", "v", "note"])
    finally:
        store.close()
    assert [(c.name, c.type) for c in read.info.columns] == [("ts", "datetime"), ("v", "float"), ("note", "text")]
    assert read.info.rows == 3
    missing = read.frame.set_index("note")[["ts", "v"]].isna()
    assert missing.to_dict("index") == {"a": {"ts": False, "v": False}, "b": {"ts": True, "v": True},
                                        "c": {"ts": False, "v": False}}


def test_the_blobs_of_a_tables_indexed_column_are_found_from_its_index(tmp_path: Path):
    # Each row's value checked for a blob was most of a table's description, which a window of a big
    # table waited for: max() of an indexed column is its index's last entry, past which a blob sorts.
    store = _store(tmp_path)
    try:
        with statements_run() as run:
            store.info("notes")
    finally:
        store.close()
    [counting] = [s for s in run if s.startswith("SELECT count(*)")]
    with contextlib.closing(sqlite3.connect(tmp_path / "notes.db")) as conn:
        plan = [row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {counting.replace('?', 'NULL')}")]
    assert "SEARCH notes USING COVERING INDEX notes_ts" in plan, plan


def test_a_views_values_are_counted_in_one_pass(tmp_path: Path):
    # Column by column, each blob's statement would compute the view again.
    store = _store(tmp_path)
    try:
        with statements_run() as run:
            store.info("grouped")
    finally:
        store.close()
    [counting] = [s for s in run if s.startswith("SELECT count(*)")]
    with contextlib.closing(sqlite3.connect(tmp_path / "notes.db")) as conn:
        plan = [row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {counting.replace('?', 'NULL')}")]
    assert sum(step.startswith(("SCAN notes", "SEARCH notes")) for step in plan) == 1, plan
