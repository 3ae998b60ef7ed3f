"""What differs between SQLite and PostgreSQL, behind one small interface per backend.

A `Backend` makes the engine (SQLite: WAL, synchronous=FULL, foreign keys, writes that take the
lock at once with BEGIN IMMEDIATE; PostgreSQL: psycopg 3, a lock timeout, a deadline for the
server's answers), says how a read sees one snapshot, serialises the store's setup across processes,
inserts many rows by the backend's fast path (executemany; COPY ... FROM STDIN) and tells which
database errors mean "busy" and which "unreachable". Everything else is SQLAlchemy Core and the
same on both.
"""
from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Double, Engine, Table, event, exc, func, insert, select
from sqlalchemy.engine import URL, make_url
from sqlalchemy.schema import AddConstraint

from ..store_outages import driver_reason, naming_nothing_of
from .frames import unsigned_zero_rows
from .postgres_deadlines import DEADLINES, watch_connections
from .postgres_errors import (PG_FULL_STATE, PG_READ_ONLY_STATE, connect_seconds, connect_timeout_refusal,
                              connection_refusal, driver_error, postgres_connect_timeout, postgres_unreachable,
                              unanswered_start)
from .schema import ROW_ID, row_id_key, rows_table
from .sql_names import create_quoting_engine
from .sqlite_files import EmptyFileLog, file_identity, guard_moved_file, refuse_emptied_file, refuse_log_at_risk
from .store_refusals import (BUSY_MESSAGE, FULL_MESSAGE, FULL_READ_MESSAGE, LOG_AT_RISK_MESSAGE, PG_READONLY_MESSAGE,
                             READONLY_MESSAGE, UNAVAILABLE_MESSAGE, StoreFull, StoreReadOnly, StoreUnopened)
from .types import StoreBusy, StoreConfigError, StoreUnavailable

# Which store-wide lock a transaction takes (PostgreSQL advisory lock keys): schema setup and
# first loads of the samples, so that instances starting at once do them once.
SETUP_LOCK = 0x5F9_0001
# The option a write transaction carries to the engine's `begin` hook.
WRITE_OPTION = "svgplots_write"
# How long a transaction of a PostgreSQL store waits for its server's answers (seconds) by default.
ANSWER_TIMEOUT = 30.0


class Backend:
    """One database system's ways; subclasses fill them in."""

    driver = ""
    # Whether rows tables need a column of their own numbering rows in insertion order.
    row_id_column = True

    def __init__(self, url: URL, busy_timeout: float, answer_timeout: float = ANSWER_TIMEOUT):
        self.url = url
        self.busy_timeout = busy_timeout
        self.answer_timeout = answer_timeout

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
        unavailable.why = f"{self.disk_named()} is full; make room on it" if kind is StoreFull else (
            self.opening_problem(error))
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


class SqliteBackend(Backend):
    """One SQLite file: WAL, FULL sync, foreign keys, busy timeout, BEGIN IMMEDIATE for writes."""

    driver = "pysqlite"
    row_id_column = False  # SQLite's implicit rowid numbers the rows
    BUSY_CODES = (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
    UNAVAILABLE_CODES = (sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_IOERR)
    # A file or folder the site may not write (a store's file at mode 444, say): a write is refused
    # with READONLY_MESSAGE, a read goes on.
    READONLY_CODES = (sqlite3.SQLITE_READONLY,)
    # "database or disk is full": a write refused with FULL_MESSAGE, its transaction rolled back; a read
    # that needed room, with FULL_READ_MESSAGE.
    FULL_CODES = (sqlite3.SQLITE_FULL,)

    def create_engine(self) -> Engine:
        folder = Path(self.url.database).parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise self.unavailable(error) from None
        engine = create_quoting_engine(self.url, pool_pre_ping=True, pool_timeout=self.busy_timeout,
                                       connect_args={"timeout": self.busy_timeout})
        guard_moved_file(engine, self.named_file)  # its "connect" first, before any statement reads the file
        refuse_log_at_risk(engine, self.url.database)

        # SQLAlchemy's documented recipe for real transactions with the sqlite3 driver: the driver
        # emits no BEGIN or COMMIT of its own (so a read is one snapshot and DDL is transactional);
        # the `begin` hook emits BEGIN, and BEGIN IMMEDIATE for a write, which takes the write lock
        # at once (waiting up to the busy timeout) instead of failing half-way through.
        @event.listens_for(engine, "connect")
        def connect(dbapi_connection, connection_record) -> None:
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            # FULL: an acknowledged write survives power loss too, not only a crash of the process.
            cursor.execute("PRAGMA synchronous = FULL")
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.close()

        @event.listens_for(engine, "begin")
        def begin(conn: Connection) -> None:
            immediate = conn.get_execution_options().get(WRITE_OPTION)
            conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

        return engine

    def named_file(self) -> tuple[int, int] | None:
        return file_identity(self.url.database)

    def refuse_emptied_file(self) -> None:
        refuse_emptied_file(self.url.database)

    def prepare(self, engine: Engine) -> None:
        # WAL lets readers go on while one writer writes; the mode is kept in the file.
        raw = engine.raw_connection()
        try:
            raw.driver_connection.execute("PRAGMA journal_mode = WAL")
        except sqlite3.OperationalError as error:
            if not self._busy(error):
                raise
        finally:
            raw.close()

    def transaction_options(self, write: bool) -> dict[str, Any]:
        return {WRITE_OPTION: write}

    def insert_rows(self, conn: Connection, table: Table, rows: Sequence[tuple]) -> None:
        if not rows:
            return
        columns = [c.name for c in table.columns if c.name != ROW_ID]
        statement = str(insert(table).compile(dialect=conn.dialect, column_keys=columns))
        conn.exec_driver_sql(statement, list(rows))

    def _busy(self, error: BaseException) -> bool:
        code = getattr(error, "sqlite_errorcode", None)
        if code is not None:
            return code & 0xFF in self.BUSY_CODES
        return "locked" in str(error) or "busy" in str(error)

    def store_error(self, error: BaseException, write: bool = True) -> Exception | None:
        if isinstance(error, exc.TimeoutError):  # every pooled connection in use for the whole wait
            return StoreBusy(BUSY_MESSAGE)
        if isinstance(error, EmptyFileLog):  # or a MissingFileLog
            return self.unavailable(error, LOG_AT_RISK_MESSAGE.format(what=error.what, fix=error.fix), StoreUnopened)
        driver = driver_error(error)
        if not isinstance(driver, sqlite3.OperationalError):
            return None
        if self._busy(driver):
            return StoreBusy(BUSY_MESSAGE)
        code = (getattr(driver, "sqlite_errorcode", 0) or 0) & 0xFF
        if code in self.READONLY_CODES:
            return self.unavailable(driver, READONLY_MESSAGE, StoreReadOnly)
        if code in self.FULL_CODES:
            return self.unavailable(driver, FULL_MESSAGE if write else FULL_READ_MESSAGE, StoreFull)
        if code in self.UNAVAILABLE_CODES:
            return self.unavailable(driver)
        return None

    def opening_problem(self, error: BaseException) -> str:
        # SQLite says only "unable to open database file": the file and its folder say which.
        path = Path(self.url.database)
        if isinstance(error, EmptyFileLog):
            return f"the SQLite file {path} {error.what}; {error.fix}"
        if isinstance(error, OSError):  # the folder to hold the file could not be made
            if isinstance(error, FileExistsError):
                return f"{path.parent} is a file, not a folder; name a folder"
            return f"cannot make the folder {path.parent}: {error.strerror or error}; name another"
        if path.is_dir():
            return f"{path} is a folder, not an SQLite file; name another file"
        if not path.exists() and not os.access(path.parent, os.W_OK):
            return (f"cannot write the folder {path.parent} to make the SQLite file {path.name} in it; let the site's "
                    "user write it or name another folder")
        # A store in WAL mode is opened, to read too, only where its -shm file is there or can be made
        # beside it: a folder the site may not write is what to mend, not the path.
        log = f"where SQLite makes {path.name}-wal and {path.name}-shm as it opens the file"
        folder_writable = os.access(path.parent, os.W_OK)
        if path.exists() and not os.access(path, os.W_OK):
            if not folder_writable:
                return (f"cannot write the SQLite file {path} nor the folder {path.parent}, {log}; let the site's "
                        "user write them")
            return f"cannot write the SQLite file {path}; let the site's user write it"
        if path.exists() and not folder_writable:
            return f"cannot write the folder {path.parent}, {log}; let the site's user write it"
        return f"SQLite cannot open {path}: {error}; correct the path"

    def disk_named(self) -> str:
        return f"the disk of the SQLite file {Path(self.url.database)}"

    def missing_table(self, error: BaseException) -> bool:
        # SQLite gives no code of its own for it (SQLITE_ERROR): its words say so.
        driver = driver_error(error)
        return isinstance(driver, sqlite3.OperationalError) and str(driver).startswith("no such table")


class PostgresBackend(Backend):
    """A PostgreSQL database through psycopg 3: snapshot reads, a lock timeout, COPY for rows."""

    driver = "psycopg"  # psycopg 3, not SQLAlchemy's default for postgresql://, psycopg2
    # SQLSTATEs: serialization failure, deadlock, lock not available (lock_timeout), query canceled.
    BUSY_STATES = {"40001", "40P01", "55P03", "57014"}

    @classmethod
    def check_url(cls, url: URL) -> None:
        # libpq refuses an option it does not know only as it connects, which stopped the start with
        # psycopg's traceback; its parser of connection strings knows them, and connects to nothing.
        from psycopg import Error, pq

        for option in url.query:
            try:
                pq.Conninfo.parse(f"{option}=''".encode())
            except (Error, UnicodeError):
                raise StoreConfigError(
                    f"the database URL's option {option!r} is none PostgreSQL takes; its options are libpq's "
                    "connection parameters (sslmode, connect_timeout, application_name, …)") from None

    def __init__(self, url: URL, busy_timeout: float, answer_timeout: float = ANSWER_TIMEOUT):
        super().__init__(url, busy_timeout, answer_timeout)
        # A connection not yet open has no socket the answer timeout's deadline could shut down.
        refused = connect_timeout_refusal(url, answer_timeout, "STORE_ANSWER_TIMEOUT")
        if refused:
            raise StoreConfigError(f"the database URL's {refused}")
        # The site's own connect timeout, where the URL gives none: no longer than the answer timeout either.
        self.connect_within = min(busy_timeout, answer_timeout)

    def create_engine(self) -> Engine:
        timeout_ms = max(1, int(self.busy_timeout * 1000))
        # The URL's own `options` (a search_path, say) are kept: connect_args would take their place.
        given = self.url.query.get("options", "")
        given = " ".join(given) if isinstance(given, tuple) else given
        engine = create_quoting_engine(
            # Each pooled connection is pinged as it is checked out, in `watch_connections`, within
            # the transaction's deadline: SQLAlchemy's pre-ping would ping it before.
            self.url, pool_pre_ping=False, pool_timeout=self.busy_timeout,
            # A write waits at most the busy timeout for another's locks; a connection attempt gives up
            # after it too, or the answer timeout if shorter (libpq's smallest timeout is 2 s), unless the
            # URL says otherwise.
            connect_args={"options": f"{given} -c lock_timeout={timeout_ms}".strip(),
                          **postgres_connect_timeout(self.url, self.connect_within)},
        )
        watch_connections(engine)
        return engine

    @contextmanager
    def answered(self, write: bool) -> Iterator[None]:
        watch = None
        try:
            with DEADLINES.watching(self.answer_timeout, write) as watch:
                yield
        except StoreUnavailable as error:
            if watch is not None and watch.cut:  # for the line of a start given up so
                error.why = unanswered_start(self.url, self.answer_timeout, "STORE_ANSWER_TIMEOUT")
            raise

    def transaction_options(self, write: bool) -> dict[str, Any]:
        if write:
            # READ WRITE is not asked for (psycopg's read_only None, where SQLAlchemy leaves False after a
            # read): a database an operator made read-only (default_transaction_read_only) refuses the write.
            return {"isolation_level": "READ COMMITTED", "postgresql_readonly": None}
        # One snapshot for every statement of the read, and never a serialization failure.
        return {"isolation_level": "REPEATABLE READ", "postgresql_readonly": True}

    def lock(self, conn: Connection, key: int) -> None:
        conn.execute(select(func.pg_advisory_xact_lock(key)))

    def create_rows_table(self, conn: Connection, dataset_id: int, column_types: Sequence[str],
                          rows: Sequence[tuple]) -> None:
        # The row ids' index is built after the load, in one sorted pass: a third of a bulk
        # create's time when it is kept up to date row by row instead.
        table = rows_table(dataset_id, column_types, row_id_column=True, keyed=False)
        table.create(conn)
        self.insert_rows(conn, table, rows)
        conn.execute(AddConstraint(row_id_key(table)))

    def insert_rows(self, conn: Connection, table: Table, rows: Sequence[tuple]) -> None:
        if not rows:
            return
        from psycopg import sql

        values = [c for c in table.columns if c.name != ROW_ID]
        columns = [c.name for c in values]
        # -0.0 as 0.0, as SQLite stores it (a whole float as an integer, which has no sign): a
        # dataset's rows, charts and files read alike from either store.
        rows = unsigned_zero_rows(rows, [i for i, c in enumerate(values) if isinstance(c.type, Double)])
        statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
            sql.Identifier(table.name), sql.SQL(", ").join(map(sql.Identifier, columns)))
        with conn.connection.driver_connection.cursor() as cursor, cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)

    def store_error(self, error: BaseException, write: bool = True) -> Exception | None:
        if isinstance(error, exc.TimeoutError):
            return StoreBusy(BUSY_MESSAGE)
        if getattr(driver_error(error), "sqlstate", None) in self.BUSY_STATES:
            return StoreBusy(BUSY_MESSAGE)
        if getattr(driver_error(error), "sqlstate", None) == PG_FULL_STATE:
            return self.unavailable(error, FULL_MESSAGE if write else FULL_READ_MESSAGE, StoreFull)
        if getattr(driver_error(error), "sqlstate", None) == PG_READ_ONLY_STATE:
            return self.unavailable(error, PG_READONLY_MESSAGE, StoreReadOnly)
        if postgres_unreachable(error):
            return self.unavailable(error)
        return None

    def opening_problem(self, error: BaseException) -> str:
        # libpq's words, which name no password: 'connection to server at "h", port 5432 failed: FATAL:
        # password authentication failed for user "svg"', or one of its reasons the server is not reached,
        # said without the host, user or password it names, as an outage's line says it (`naming_nothing_of`).
        said = str(driver_error(error)).strip()
        reason = said.rpartition("FATAL:")[2] if "FATAL:" in said else said.partition("\n")[0].rpartition("failed: ")[2]
        reason = " ".join(reason.split())
        refused = connection_refusal(reason)
        if refused:
            return refused[0]
        if reason.startswith("connection timeout expired"):
            return unanswered_start(self.url, connect_seconds(self.url, self.connect_within), "connect_timeout")
        reason = naming_nothing_of(reason, self.url)[:200]
        if "FATAL:" in said:
            return f"the server refused the connection ({reason}); correct the URL"
        return f"its server cannot be reached ({reason}); start it or correct the URL"

    def missing_table(self, error: BaseException) -> bool:
        return getattr(driver_error(error), "sqlstate", None) == "42P01"


BACKENDS: dict[str, type[Backend]] = {"sqlite": SqliteBackend, "postgresql": PostgresBackend}
URL_FORMS = "sqlite:///path/to/file.sqlite or postgresql+psycopg://user:password@host:port/database"


def backend_for(url: str, busy_timeout: float, answer_timeout: float = ANSWER_TIMEOUT) -> Backend:
    """The backend a database URL names; raises StoreConfigError."""
    try:
        parsed = make_url(url)
    except (exc.ArgumentError, ValueError, TypeError):
        raise StoreConfigError(f"the database URL cannot be read; use {URL_FORMS}") from None
    kind = parsed.get_backend_name()
    if kind not in BACKENDS or parsed.drivername not in (kind, f"{kind}+{BACKENDS[kind].driver}"):
        raise StoreConfigError(f"the database URL must be {URL_FORMS}; got the scheme {parsed.drivername!r}")
    if kind == "sqlite" and parsed.database in (None, "", ":memory:"):
        # Every pooled connection would get a database of its own.
        raise StoreConfigError("an SQLite database URL needs a file: sqlite:///path/to/file.sqlite")
    BACKENDS[kind].check_url(parsed)
    return BACKENDS[kind](parsed.set(drivername=f"{kind}+{BACKENDS[kind].driver}"), busy_timeout, answer_timeout)
