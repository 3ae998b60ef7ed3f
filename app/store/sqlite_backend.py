"""The store's backend for one SQLite file: WAL, synchronous=FULL, foreign keys, a busy timeout,
writes that take the lock at once with BEGIN IMMEDIATE, rows inserted by executemany, and SQLite's
error codes and words told as busy, read-only, a full disk or a file it cannot open.
"""
from __future__ import annotations

import os
import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, Table, event, exc, insert, text

from .postgres_errors import driver_error
from .schema import ROW_ID
from .sql_names import create_quoting_engine
from .sqlite_files import EmptyFileLog, file_identity, guard_moved_file, refuse_emptied_file, refuse_log_at_risk
from .sqlite_ranks import register_rank_aggregates
from .store_backend import WRITE_OPTION, Backend
from .store_refusals import (BUSY_MESSAGE, FULL_MESSAGE, FULL_READ_MESSAGE, LOG_AT_RISK_MESSAGE, READONLY_MESSAGE,
                             WRITE_IO_MESSAGE, StoreFull, StoreReadOnly, StoreUnopened, StoreWriteFailed)
from .types import StoreBusy


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
    # A write its disk refused with an I/O error (extended codes): a quota or file-size limit reached, a
    # failing disk. Told as such for a write, with WRITE_IO_MESSAGE, not as a database out of reach.
    WRITE_IO_CODES = (sqlite3.SQLITE_IOERR_WRITE, sqlite3.SQLITE_IOERR_FSYNC, sqlite3.SQLITE_IOERR_DIR_FSYNC,
                      sqlite3.SQLITE_IOERR_TRUNCATE)

    def create_engine(self) -> Engine:
        folder = Path(self.url.database).parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise self.unavailable(error) from None
        engine = create_quoting_engine(self.url, pool_pre_ping=True, **self.pool_options(),
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
            register_rank_aggregates(dbapi_connection)  # a big dataset's medians and percentiles

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

    def move_versions_past(self, conn: Connection, floor: int) -> None:
        # AUTOINCREMENT hands out one more than the `writes` row of sqlite_sequence holds, which is
        # there once a write was logged; a write transaction (BEGIN IMMEDIATE) holds the file's lock.
        conn.execute(text("UPDATE sqlite_sequence SET seq = :floor WHERE name = 'writes' AND seq < :floor"),
                     {"floor": floor})
        conn.execute(text("INSERT INTO sqlite_sequence (name, seq) SELECT 'writes', :floor "
                          "WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'writes')"), {"floor": floor})

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
            return self.connections_busy()
        if isinstance(error, EmptyFileLog):  # or a MissingFileLog
            return self.unavailable(error, LOG_AT_RISK_MESSAGE.format(what=error.what, fix=error.fix), StoreUnopened)
        driver = driver_error(error)
        if not isinstance(driver, sqlite3.OperationalError):
            return None
        if self._busy(driver):
            return StoreBusy(BUSY_MESSAGE)
        extended = getattr(driver, "sqlite_errorcode", 0) or 0
        code = extended & 0xFF
        if write and extended in self.WRITE_IO_CODES:
            return self.unavailable(driver, WRITE_IO_MESSAGE, StoreWriteFailed)
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
