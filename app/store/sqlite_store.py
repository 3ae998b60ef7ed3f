"""Datasets kept in SQLite: one database file, WAL mode, a busy timeout, short transactions.

The schema is the app's own:

- `writes`: one row per successful write (create, append, delete). Its id is the version the
  write gave the dataset, so a version is never reused, not even by a dataset deleted and made
  again under the same name, and every process reads the same version from the file.
- `datasets`: the catalog (name, title, version, row count, created and updated times).
- `dataset_columns`: each dataset's columns, their order and types.
- `rows_<id>`: one STRICT table per dataset, columns `c0`, `c1`, ... The table and column names
  are made here from integers; nothing from a request is ever part of an SQL string.

Rows are only ever appended, so the frame read for a dataset is kept in memory with its version
and, when the version moves on, only the new rows are read and added to it.
"""
from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import pandas as pd

from ..cache import SizedLRU
from .tables import Table
from .types import Appended, Column, DatasetConflict, DatasetInfo, DatasetNotFound, Snapshot, StoreBusy

SCHEMA_VERSION = 1
SQL_TYPES = {"integer": "INTEGER NOT NULL", "float": "REAL", "datetime": "TEXT", "text": "TEXT"}
SCHEMA = (
    """CREATE TABLE IF NOT EXISTS writes (
        version INTEGER PRIMARY KEY AUTOINCREMENT,
        dataset TEXT NOT NULL,
        action TEXT NOT NULL CHECK (action IN ('create', 'append', 'delete')),
        rows INTEGER NOT NULL,
        at TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS datasets (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL,
        version INTEGER NOT NULL,
        row_count INTEGER NOT NULL,
        created TEXT NOT NULL,
        updated TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS dataset_columns (
        dataset_id INTEGER NOT NULL REFERENCES datasets(id),
        position INTEGER NOT NULL,
        name TEXT NOT NULL,
        type TEXT NOT NULL CHECK (type IN ('integer', 'float', 'datetime', 'text')),
        PRIMARY KEY (dataset_id, position),
        UNIQUE (dataset_id, name))""",
    """CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)""",
    # Idempotency keys of appends: a client that retries an append it got no answer to, with the
    # same key, gets the first answer again instead of storing its rows twice.
    """CREATE TABLE IF NOT EXISTS append_keys (
        dataset_id INTEGER NOT NULL,
        key TEXT NOT NULL,
        rows_added INTEGER NOT NULL,
        PRIMARY KEY (dataset_id, key)
    )""",
)
BUSY_CODES = (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
IDLE_CONNECTIONS = 8


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _rows_table(dataset_id: int) -> str:
    return f"rows_{int(dataset_id)}"


def _column_names(count: int) -> list[str]:
    return [f"c{i}" for i in range(count)]


def _series(column_type: str, values: Sequence) -> pd.Series:
    """One column read back from SQLite with the dtype a CSV of the same data would get."""
    if column_type == "integer":
        return pd.Series(np.array(values, dtype=np.int64))
    if column_type == "float":
        return pd.Series(np.array(values, dtype=np.float64))
    if column_type == "datetime":
        parsed = pd.to_datetime(pd.Series(values, dtype=object), format="ISO8601")
        return parsed.astype("datetime64[us]")
    return pd.Series(values, dtype="str")


def _frame(columns: Sequence[Column], rows: list[tuple]) -> pd.DataFrame:
    """Rows of (c0, c1, ...) as a DataFrame with the dataset's column names and types."""
    data = list(zip(*rows)) if rows else [()] * len(columns)
    return pd.DataFrame({c.name: _series(c.type, values) for c, values in zip(columns, data)})


@dataclass(frozen=True)
class _Frame:
    dataset_id: int
    version: int
    last_rowid: int
    frame: pd.DataFrame
    size: int


def _busy(error: sqlite3.OperationalError) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in BUSY_CODES
    return "locked" in str(error) or "busy" in str(error)


class SqliteStore:
    """Datasets in one SQLite file: read like any store, and created, appended to and deleted."""

    def __init__(self, path: Path, busy_timeout: float = 5.0, frame_cache_bytes: int = 256 * 1024 * 1024):
        self.path = Path(path)
        self.busy_timeout = busy_timeout
        self._frames: SizedLRU[_Frame] = SizedLRU(frame_cache_bytes, lambda frame: frame.size)
        self._columns: dict[int, tuple[Column, ...]] = {}
        self._idle: list[sqlite3.Connection] = []
        self._idle_lock = threading.Lock()
        self._pid = os.getpid()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._create_schema()

    # Connections and transactions

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=self.busy_timeout, isolation_level=None, check_same_thread=False)
        # FULL: an acknowledged write survives power loss too, not only a crash of the process.
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        return conn

    @contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        """A connection from the pool (one per thread at a time), back to the pool afterwards."""
        with self._idle_lock:
            if self._pid != os.getpid():
                # A forked worker must not share its parent's connections.
                self._idle, self._pid = [], os.getpid()
            conn = self._idle.pop() if self._idle else None
        if conn is None:
            conn = self._connect()
        try:
            yield conn
        finally:
            if conn.in_transaction:
                conn.close()
                conn = None
            if conn is not None:
                with self._idle_lock:
                    if len(self._idle) < IDLE_CONNECTIONS and self._pid == os.getpid():
                        self._idle.append(conn)
                        conn = None
            if conn is not None:
                conn.close()

    @contextmanager
    def _transaction(self, write: bool = False) -> Iterator[sqlite3.Connection]:
        """A transaction that commits when the block ends and rolls back on any error.

        A write takes the write lock at once (BEGIN IMMEDIATE), waiting up to the busy timeout;
        a read sees one consistent snapshot. A database still locked after the wait is StoreBusy.
        """
        try:
            with self._connection() as conn:
                conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
                try:
                    yield conn
                except BaseException:
                    if conn.in_transaction:
                        conn.execute("ROLLBACK")
                    raise
                conn.execute("COMMIT")
        except sqlite3.OperationalError as error:
            if _busy(error):
                raise StoreBusy("the dataset store is busy with other writes; nothing was changed by this "
                                "request; try again in a moment") from None
            raise

    def _create_schema(self) -> None:
        with self._connection() as conn:
            try:
                conn.execute("PRAGMA journal_mode = WAL")
            except sqlite3.OperationalError as error:
                if not _busy(error):
                    raise
        with self._transaction(write=True) as conn:
            found = conn.execute("PRAGMA user_version").fetchone()[0]
            if found > SCHEMA_VERSION:
                raise RuntimeError(f"{self.path} was written by a newer version of the site (schema {found})")
            for statement in SCHEMA:
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    # Reading

    def _columns_of(self, conn: sqlite3.Connection, dataset_id: int) -> tuple[Column, ...]:
        columns = self._columns.get(dataset_id)
        if columns is None:
            rows = conn.execute("SELECT name, type FROM dataset_columns WHERE dataset_id = ? ORDER BY position",
                                (dataset_id,)).fetchall()
            columns = tuple(Column(name, type_) for name, type_ in rows)
            self._columns[dataset_id] = columns
        return columns

    def names(self) -> list[str]:
        """Names of all datasets in the database, sorted."""
        with self._transaction() as conn:
            return [name for (name,) in conn.execute("SELECT name FROM datasets ORDER BY name")]

    def _info(self, conn: sqlite3.Connection, name: str) -> tuple[int, DatasetInfo]:
        row = conn.execute("SELECT id, title, version, row_count, updated FROM datasets WHERE name = ?",
                           (name,)).fetchone()
        if row is None:
            raise DatasetNotFound(f"no dataset {name!r} in the database")
        dataset_id, title, version, row_count, updated = row
        info = DatasetInfo(name, title, self._columns_of(conn, dataset_id), row_count, str(version), updated, True)
        return dataset_id, info

    def info(self, name: str) -> DatasetInfo:
        """The dataset's description; raises DatasetNotFound."""
        with self._transaction() as conn:
            return self._info(conn, name)[1]

    def read(self, name: str, columns: Sequence[str] | None = None) -> Snapshot:
        """The dataset's description and rows (only `columns`, when given) from one transaction;
        raises DatasetNotFound."""
        with self._transaction() as conn:
            try:
                dataset_id, info = self._info(conn, name)
            except DatasetNotFound:
                self._frames.drop(name)
                raise
            version = int(info.version)
            cached = self._frames.get(name)
            if cached is None or cached.dataset_id != dataset_id or cached.version != version:
                cached = self._load(conn, name, dataset_id, version, cached)
        frame = cached.frame
        return Snapshot(info, frame if columns is None else frame.loc[:, list(columns)])

    def _load(self, conn: sqlite3.Connection, name: str, dataset_id: int, version: int,
              cached: _Frame | None) -> _Frame:
        """The frame at `version`: the new rows added to the cached frame, or every row."""
        dataset_columns = self._columns_of(conn, dataset_id)
        select = f"SELECT rowid, {', '.join(_column_names(len(dataset_columns)))} FROM {_rows_table(dataset_id)}"
        since = cached.last_rowid if cached is not None and cached.dataset_id == dataset_id else 0
        rows = conn.execute(select + " WHERE rowid > ? ORDER BY rowid", (since,)).fetchall()
        last_rowid = rows[-1][0] if rows else since
        part = _frame(dataset_columns, [row[1:] for row in rows])
        if since and cached is not None:
            frame = pd.concat([cached.frame, part], ignore_index=True) if rows else cached.frame
        else:
            frame = part
        loaded = _Frame(dataset_id, version, last_rowid, frame, int(frame.memory_usage(deep=True).sum()))
        self._frames.put(name, loaded)
        return loaded

    # Writing

    def _log_write(self, conn: sqlite3.Connection, name: str, action: str, rows: int, at: str) -> int:
        cursor = conn.execute("INSERT INTO writes (dataset, action, rows, at) VALUES (?, ?, ?, ?)",
                              (name, action, rows, at))
        return cursor.lastrowid

    def _insert_rows(self, conn: sqlite3.Connection, dataset_id: int, width: int, rows: list[tuple]) -> None:
        marks = ", ".join("?" * width)
        conn.executemany(f"INSERT INTO {_rows_table(dataset_id)} ({', '.join(_column_names(width))}) "
                         f"VALUES ({marks})", rows)

    def _create(self, conn: sqlite3.Connection, name: str, title: str, table: Table) -> None:
        if conn.execute("SELECT 1 FROM datasets WHERE name = ?", (name,)).fetchone():
            raise DatasetConflict(f"a dataset named {name!r} exists already; delete it first or choose another name")
        at = _now()
        version = self._log_write(conn, name, "create", len(table.rows), at)
        cursor = conn.execute(
            "INSERT INTO datasets (name, title, version, row_count, created, updated) VALUES (?, ?, ?, ?, ?, ?)",
            (name, title, version, len(table.rows), at, at))
        dataset_id = cursor.lastrowid
        conn.executemany("INSERT INTO dataset_columns (dataset_id, position, name, type) VALUES (?, ?, ?, ?)",
                         [(dataset_id, i, c.name, c.type) for i, c in enumerate(table.columns)])
        definitions = ", ".join(f"c{i} {SQL_TYPES[c.type]}" for i, c in enumerate(table.columns))
        conn.execute(f"CREATE TABLE {_rows_table(dataset_id)} ({definitions}) STRICT")
        self._insert_rows(conn, dataset_id, len(table.columns), table.rows)

    def create(self, name: str, title: str, table: Table) -> DatasetInfo:
        """A new dataset holding `table`, in one transaction; raises DatasetConflict when the name is taken."""
        with self._transaction(write=True) as conn:
            self._create(conn, name, title, table)
            return self._info(conn, name)[1]

    def append(self, name: str, columns: Sequence[Column], rows: list[tuple], key: str | None = None) -> Appended:
        """Add `rows` (tuples in the order of `columns`) in one transaction and bump the version,
        at most once per idempotency `key` and dataset (a replay stores nothing).

        `columns` are those the rows were checked against; raises DatasetConflict when the
        dataset's columns are no longer those, and DatasetNotFound when it is gone.
        """
        with self._transaction(write=True) as conn:
            dataset_id, info = self._info(conn, name)
            if info.columns != tuple(columns):
                raise DatasetConflict(f"dataset {name!r} was replaced while the rows were checked; nothing was "
                                      f"added; its columns are now {', '.join(c.name for c in info.columns)}")
            if key is not None:
                seen = conn.execute("SELECT rows_added FROM append_keys WHERE dataset_id = ? AND key = ?",
                                    (dataset_id, key)).fetchone()
                if seen:
                    return Appended(info, seen[0], True)
            if rows:
                at = _now()
                version = self._log_write(conn, name, "append", len(rows), at)
                self._insert_rows(conn, dataset_id, len(columns), rows)
                conn.execute("UPDATE datasets SET version = ?, row_count = row_count + ?, updated = ? WHERE id = ?",
                             (version, len(rows), at, dataset_id))
            if key is not None:
                conn.execute("INSERT INTO append_keys (dataset_id, key, rows_added) VALUES (?, ?, ?)",
                             (dataset_id, key, len(rows)))
            return Appended(self._info(conn, name)[1] if rows else info, len(rows), False)

    def delete(self, name: str) -> None:
        """Remove the dataset and its rows in one transaction; raises DatasetNotFound."""
        with self._transaction(write=True) as conn:
            dataset_id, info = self._info(conn, name)
            conn.execute(f"DROP TABLE {_rows_table(dataset_id)}")
            conn.execute("DELETE FROM dataset_columns WHERE dataset_id = ?", (dataset_id,))
            conn.execute("DELETE FROM append_keys WHERE dataset_id = ?", (dataset_id,))
            conn.execute("DELETE FROM datasets WHERE id = ?", (dataset_id,))
            self._log_write(conn, name, "delete", info.rows, _now())
        self._frames.drop(name)  # its rows need not stay in memory until the name is read again

    def load_once(self, name: str, title: str, table_source) -> bool:
        """Create `name` from `table_source()` unless it was loaded before (even if deleted since).

        For the sample datasets: they load at the first start, and a deleted sample stays deleted.
        Returns whether it was created now.
        """
        key = f"loaded:{name}"
        with self._transaction() as conn:
            if conn.execute("SELECT 1 FROM meta WHERE key = ?", (key,)).fetchone():
                return False
        table = table_source()
        with self._transaction(write=True) as conn:
            if conn.execute("SELECT 1 FROM meta WHERE key = ?", (key,)).fetchone():
                return False
            conn.execute("INSERT INTO meta (key, value) VALUES (?, ?)", (key, _now()))
            if conn.execute("SELECT 1 FROM datasets WHERE name = ?", (name,)).fetchone():
                return False
            self._create(conn, name, title, table)
            return True

    def close(self) -> None:
        """Close the idle connections (those in use close when they are given back)."""
        with self._idle_lock:
            idle, self._idle = self._idle, []
        for conn in idle:
            conn.close()
