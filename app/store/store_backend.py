"""The interface each database system's backend fills in for the store, and what every backend shares.

A `Backend` makes the engine, says how a read sees one snapshot, serialises the store's setup across
processes, inserts many rows by the backend's fast path and tells which database errors mean "busy"
and which "unreachable", and what keeps its database from being opened. SQLite's is in
`sqlite_backend`, PostgreSQL's in `postgres_backend`; `dialects.backend_for` gives a database URL's.
"""
from __future__ import annotations

import logging
from collections.abc import Sequence
from contextlib import AbstractContextManager, nullcontext
from typing import Any

from sqlalchemy import Connection, Engine, Table
from sqlalchemy.engine import URL

from ..store_outages import driver_reason
from .postgres_errors import driver_error
from .schema import rows_table
from .store_refusals import CONNECTIONS_BUSY_MESSAGE, UNAVAILABLE_MESSAGE, WRITE_IO_FIX, StoreFull, StoreWriteFailed
from .types import StoreBusy, StoreUnavailable

log = logging.getLogger(__name__)

# Which store-wide lock a transaction takes (PostgreSQL advisory lock keys): schema setup and
# first loads of the samples, so that instances starting at once do them once.
SETUP_LOCK = 0x5F9_0001
# The option a write transaction carries to the engine's `begin` hook.
WRITE_OPTION = "svgplots_write"
# How long a transaction of a PostgreSQL store waits for its server's answers (seconds) by default.
ANSWER_TIMEOUT = 30.0
# How many connections to its database the store opens at most in each process by default
# (STORE_CONNECTIONS): SQLAlchemy's own pool of 5 kept open and 10 more while a burst lasts.
STORE_CONNECTIONS = 15
# Of those, how many stay open between requests.
KEPT_CONNECTIONS = 5


class Backend:
    """One database system's ways; subclasses fill them in."""

    driver = ""
    # Whether rows tables need a column of their own numbering rows in insertion order.
    row_id_column = True

    def __init__(self, url: URL, busy_timeout: float, answer_timeout: float = ANSWER_TIMEOUT,
                 connections: int = STORE_CONNECTIONS):
        self.url = url
        self.busy_timeout = busy_timeout
        self.answer_timeout = answer_timeout
        self.connections = connections

    def pool_options(self) -> dict[str, Any]:
        """The engine's pool: at most `connections` open at once, a request waiting `busy_timeout`
        seconds for one (then `connections_busy`), at most five of them kept open between requests."""
        kept = min(KEPT_CONNECTIONS, self.connections)
        return {"pool_size": kept, "max_overflow": self.connections - kept, "pool_timeout": self.busy_timeout}

    def connections_busy(self) -> StoreBusy:
        """The answer when every connection of the pool was in use by other requests for the whole
        busy timeout: a busy store, not one out of reach, logged with the setting that bounds them."""
        log.warning(f"the dataset store: all its {self.connections} connections were in use by other requests "
                    f"for the whole wait of {self.busy_timeout:g} s; a request was answered 503 (STORE_CONNECTIONS "
                    "bounds them)")
        return StoreBusy(CONNECTIONS_BUSY_MESSAGE.format(connections=self.connections, timeout=self.busy_timeout))

    @classmethod
    def check_url(cls, url: URL) -> None:
        """Raise StoreConfigError for what the URL asks that this database's driver does not take."""

    def create_engine(self) -> Engine:
        """The engine: a pool of connections, each checked before use (pre-ping)."""
        raise NotImplementedError

    def prepare(self, engine: Engine) -> None:
        """What must happen once, before any transaction (outside of one)."""

    def transaction_options(self, write: bool) -> dict[str, Any]:
        """Execution options of a connection for one read (a snapshot) or one write transaction."""
        raise NotImplementedError

    def answered(self, write: bool) -> AbstractContextManager[object]:
        """A block of one transaction (a write's, where `write`), given up where the database does
        not answer it within `answer_timeout` (PostgreSQL: StoreUnavailable, `postgres_deadlines`, its
        `why` naming the server for the line of a start given up so)."""
        return nullcontext()

    def lock(self, conn: Connection, key: int) -> None:
        """Hold store-wide lock `key` until the transaction ends (for setup steps run once)."""

    def move_versions_past(self, conn: Connection, floor: int) -> None:
        """Make every version the store hands out from now on greater than `floor`, where the
        versions it handed out so far are not (never making them smaller)."""
        raise NotImplementedError

    def rows_table(self, dataset_id: int, column_types: Sequence[str]) -> Table:
        """A dataset's rows table as this backend makes it."""
        return rows_table(dataset_id, column_types, self.row_id_column)

    def create_rows_table(self, conn: Connection, dataset_id: int, column_types: Sequence[str],
                          rows: Sequence[tuple]) -> None:
        """Create a dataset's rows table holding `rows` (tuples of the values c0, c1, ...)."""
        table = self.rows_table(dataset_id, column_types)
        table.create(conn)
        self.insert_rows(conn, table, rows)

    def insert_rows(self, conn: Connection, table: Table, rows: Sequence[tuple]) -> None:
        """Insert `rows` (tuples of the values c0, c1, ...) into a rows table, by the backend's fast path."""
        raise NotImplementedError

    def store_error(self, error: BaseException, write: bool = True) -> Exception | None:
        """StoreBusy or StoreUnavailable for a database error that means so, else None; in a write's
        words or, where `write` is false, a read's."""
        raise NotImplementedError

    def unavailable(self, error: BaseException, message: str = UNAVAILABLE_MESSAGE,
                    kind: type[StoreUnavailable] = StoreUnavailable) -> StoreUnavailable:
        """StoreUnavailable for `error`, with its `why` (`opening_problem`) for the line a start refused
        prints, and its driver's `reason` (`driver_reason`) for the line an outage logs."""
        unavailable = kind(message)
        # A disk with no room is what to mend, whatever the opening found: not the path or the URL.
        if kind is StoreFull:
            unavailable.why = f"{self.disk_named()} is full; make room on it"
        elif kind is StoreWriteFailed:
            unavailable.why = f"{self.disk_named()} refused a write (disk I/O error); {WRITE_IO_FIX}"
        else:
            unavailable.why = self.opening_problem(error)
        unavailable.reason = driver_reason(str(driver_error(error)), self.url)
        return unavailable

    def opening_problem(self, error: BaseException) -> str:
        """What keeps the database from being opened and what to do, in words naming no password; '' when
        unknown."""
        return ""

    def disk_named(self) -> str:
        """The disk that holds the database, in the words of the line a start refused prints."""
        return "the database server's disk"

    def missing_table(self, error: BaseException) -> bool:
        """Whether the error says a table is not there (it was dropped after the snapshot began)."""
        return False

    def named_file(self) -> tuple[int, int] | None:
        """Which file the database's path names now (`file_identity`); None for a database of no file."""
        return None

    def refuse_emptied_file(self) -> None:
        """Raise EmptyFileLog where the database's file was emptied beside a log holding changes (SQLite)."""
