"""An SQLite store's file moved or replaced under the running site: which file a path names, and an
engine's connections kept on the file its first one opened.

A file replaced by a rename (`mv new.db svgplots.sqlite`, `os.replace`) is another file at the same
path: the store opens it anew (`sql_connection.py`), and until then no connection of its engine may
read it, nor leave the old file's WAL at the path for it to read as its own. An empty file beside a
WAL holding changes, a source's or the store's, is not opened either, nor is a path of no file
beside one: SQLite would delete the log (`log_at_risk`). A source's connection opened before is
looked at again as it is checked out (`guard_source_file`), the store's file as each transaction
begins (`refuse_emptied_file`).
"""
from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable

from sqlalchemy import Engine, event, exc

from .types import StoreBusy

# A request that finds the SQLite store's file replaced while it writes, or that cannot wait for the
# requests still using the old file to end before the new one is opened.
REPLACED_MESSAGE = ("the dataset store's file was replaced under the running site and is being opened again; "
                    "nothing was changed by this request; try again in a moment")
# Which file an SQLite connection opened (`SqliteBackend.named_file`), kept in its pool record's `info`.
OPENED_FILE = "svgplots.opened_file"


# A WAL file of its 32-byte header alone (or truncated) holds no frame to read.
WAL_HEADER_BYTES = 32
# Only a log holding every page of its database makes the file anew, one page of zeros read with it and
# checkpointed: one the site wrote, most of its pages checkpointed into the file, makes a malformed one.
# What to try when the file the log was written with is lost, and how to tell it worked.
LOG_ALONE = ("Without it, only a log holding every page (of a database written wholly since its last checkpoint) "
             "makes the file anew: copy the -wal file to new.db-wal, truncate -s 4096 new.db, run sqlite3 new.db "
             "'PRAGMA wal_checkpoint; PRAGMA integrity_check' and, only if that answers ok, remove the -wal and -shm "
             "files and move new.db into place")
# What SQLite would do to a source's empty file beside a WAL holding changes (`EmptyFileLog`), and
# what to do: the words of its 503 and of the warning at start.
EMPTY_LOG = ("is empty, and the -wal file beside it holds changes (tables, it may be) that SQLite would delete as "
             "it opened the file, even to read it: the site does not open it")
EMPTY_LOG_FIX = ("to keep them, put the file the log was written with back in its place, untouched (from where it "
                 "was copied, or a backup made since its last checkpoint), and open it: SQLite reads the log into "
                 f"it. {LOG_ALONE}. The empty file opened as it is, by any program, deletes the log. To start afresh "
                 "instead, remove the -wal and -shm files")
# What SQLite would do to a path of no file beside a WAL holding changes (`MissingFileLog`): make a new
# file there, empty, and delete the log as it first read it. The store's opening would; a source's,
# read-only, would not, but `sqlite3 app.db` would.
MISSING_LOG = ("does not exist, and the -wal file beside its path holds changes (tables, it may be) that SQLite "
               "would delete as it made a new file there, even to read it: the site does not make one")
MISSING_LOG_FIX = ("if the file was moved away, move it back, untouched (or put back a copy of it, or a backup made "
                   f"since its last checkpoint), and SQLite reads its log into it. {LOG_ALONE}. Any program opening "
                   "the path as it is makes an empty file there and deletes the log. To start afresh instead, "
                   "remove the -wal and -shm files")


class OldFileLog(Exception):
    """A connection not opened: the SQLite file at the path was moved in over another whose WAL,
    holding frames, is still beside it (`old_file_log`)."""


class EmptyFileLog(Exception):
    """A connection not opened: the SQLite file at the path is empty, and the WAL beside it holds
    frames, which SQLite would delete as it opens the file (`log_at_risk`). `what` and `fix`: what
    follows "its SQLite file" in the words of a 503, and what keeps the log."""

    what = EMPTY_LOG
    fix = EMPTY_LOG_FIX

    def __init__(self, message: str = "the SQLite file is empty and the -wal file beside it holds changes"):
        super().__init__(message)


class MissingFileLog(EmptyFileLog):
    """A connection not opened: no file is at the SQLite path, and the WAL beside it holds frames,
    which SQLite would delete as it made a new file there, empty (`log_at_risk`)."""

    what = MISSING_LOG
    fix = MISSING_LOG_FIX

    def __init__(self, message: str = "the SQLite file does not exist and the -wal file beside its path holds changes"):
        super().__init__(message)


class FileMoved(StoreBusy):
    """A connection opened at the SQLite store's path after the file its engine opened was moved or removed."""

    def __init__(self, message: str = REPLACED_MESSAGE):
        super().__init__(message)


def file_found(path: str | None) -> os.stat_result | None:
    """The stat() of the file `path` names now; None when it names none (or is None)."""
    if path is None:
        return None
    try:
        return os.stat(path)
    except OSError:
        return None


def identity_of(found: os.stat_result | None) -> tuple[int, int] | None:
    """Which file a stat() found (`file_found`), (st_dev, st_ino); None for none."""
    return None if found is None else (found.st_dev, found.st_ino)


def file_identity(path: str | None) -> tuple[int, int] | None:
    """Which file `path` names now, (st_dev, st_ino); None when it names none (or is None). A file
    replaced by a rename (`mv new.db src.db`, `os.replace`) has another identity, one written in
    place the same."""
    return identity_of(file_found(path))


def old_file_log(path: str) -> bool:
    """Whether the WAL beside the file at `path` holds frames written before that file was moved
    in: the log of the file it replaced, which SQLite would read over the new one's pages (it opens
    any `-wal` at the path as the file's own). Only emptying that log first (a TRUNCATE checkpoint)
    guards against it: a new file in rollback-journal mode only writes no `-wal` of its own. A rename sets the file's
    ctime but keeps its mtime, which a write (a checkpoint of the file's own log) moves on with it."""
    try:
        log = os.stat(f"{path}-wal")
        found = os.stat(path)
    except OSError:
        return False
    return (log.st_size > WAL_HEADER_BYTES and log.st_mtime_ns < found.st_ctime_ns
            and found.st_mtime_ns < found.st_ctime_ns)


def log_at_risk(path: str, found: os.stat_result | None) -> EmptyFileLog | None:
    """Why the SQLite file at `path`, whose stat() is `found` (`file_found`; None: no file there), is
    not opened: SQLite reads an empty file as a new database, and makes one where there is none,
    deleting any `-wal` beside it as it first reads it, read-only too, and with it whatever pages
    only the log holds. EmptyFileLog of an empty file, MissingFileLog of none, while the WAL beside
    it holds frames; None otherwise. A stat() of the WAL, only when the file is empty or missing."""
    if found is not None and found.st_size:
        return None
    try:
        if os.stat(f"{path}-wal").st_size <= WAL_HEADER_BYTES:
            return None
    except OSError:
        return None
    return EmptyFileLog() if found is not None else MissingFileLog()


def guard_moved_file(engine: Engine, named_file: Callable[[], tuple[int, int] | None]) -> None:
    """Keep `engine`'s connections on the file its first one opened, until it is disposed of, and
    have each connection to a file moved or removed since empty that file's WAL into it as it is
    closed (the store reopening its path, say); `named_file`: which file the database's path names
    now (`SqliteBackend.named_file`).

    SQLite neither checkpoints nor deletes the WAL of a database file moved while open, even at its
    last connection's close, and leaves it at the path with its shared memory: the file moved in
    over it would open them as its own, read the old file's pages as its own, and write them into
    itself at a checkpoint (https://www.sqlite.org/howtocorrupt.html, 2.4). A connection opened at
    the path meanwhile is closed before it reads anything (FileMoved); the WAL truncated holds
    nothing to read."""
    opened: dict[str, tuple[int, int] | None] = {}  # the file of the engine's connections

    @event.listens_for(engine, "connect")
    def connect(dbapi_connection, connection_record) -> None:
        found = named_file()
        if found is not None and opened.setdefault("file", found) != found:
            dbapi_connection.close()  # read nothing yet: no WAL opened, none checkpointed
            raise FileMoved()
        connection_record.info[OPENED_FILE] = found

    @event.listens_for(engine, "engine_disposed")
    def disposed(engine: Engine) -> None:
        opened.clear()

    @event.listens_for(engine, "close")
    def close(dbapi_connection, connection_record) -> None:
        if connection_record.info.get(OPENED_FILE) in (None, named_file()):
            return
        try:
            dbapi_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.Error:
            pass  # closed all the same; a connection of the old file still open empties it at its own close


def refuse_log_at_risk(engine: Engine, path: str) -> None:
    """Have `engine` open no connection to the file at `path` while it is empty, or not there, and
    the WAL beside it holds frames (`log_at_risk`): the store's first open at start, and each later
    one (a file replaced or removed under the running site, a connection the pool opens anew),
    costs a stat() or two, as a source's does (`guard_source_file`)."""

    @event.listens_for(engine, "do_connect")
    def refuse(dialect, record, cargs, cparams) -> None:
        # Asked before the file is opened (or made): SQLite deletes the log at its first read of the file.
        refused = log_at_risk(path, file_found(path))
        if refused is not None:
            raise refused


def refuse_emptied_file(path: str) -> None:
    """Raise EmptyFileLog where the file at `path` is empty beside a WAL holding frames, before a
    transaction of the store uses a connection opened before: it reads a file emptied in place as
    its own (the same file). One stat() a transaction, a second of the WAL when the file is empty.
    Checked ahead of the pool, not as a connection is checked out: the pool closes a connection
    refused there, and the last one of a WAL database to close deletes the log."""
    found = file_found(path)
    if found is not None:
        refused = log_at_risk(path, found)
        if refused is not None:
            raise refused


def guard_source_file(engine: Engine, path: str) -> None:
    """Keep `engine`'s connections, a source's read-only ones, on the file `path` names: one opened
    meanwhile to another file (a new database moved in with `mv`) or to none (removed) is closed as it
    is checked out, and one to a file emptied in place beside a WAL holding frames too; the pool then
    opens the path anew, which refuses a file moved in beside the WAL of the file it replaced
    (OldFileLog: SQLite would read the old file's pages in it), and an empty file, or none, beside a
    WAL holding frames (`log_at_risk`: SQLite would delete them). Each connection keeps the identity
    of its file in its record's `info["file"]`. A file moved in once one was so refused is taken for
    the file the log was written with, put back as the refusal says, and opened with it."""
    first: dict[str, tuple[int, int]] = {}  # the file the engine's first connection opened

    @event.listens_for(engine, "do_connect")
    def identify(dialect, record, cargs, cparams) -> None:
        # Asked before the file is opened: a file moved in meanwhile is only opened once more.
        found = file_found(path)
        refused = log_at_risk(path, found)
        if refused is not None:
            first.clear()  # the log's file is gone: the next one moved in is taken for it, put back
            raise refused  # its first read would delete the log, and the tables it may hold
        identity = record.info["file"] = identity_of(found)
        if identity is not None and first.setdefault("file", identity) != identity and old_file_log(path):
            raise OldFileLog()  # the replaced file's WAL would be read over the new one's pages

    @event.listens_for(engine, "checkout")
    def same_file(dbapi_connection, record, proxy) -> None:
        # A connection reads the file it opened, under whatever name: one moved away or removed
        # would be read until the site restarts. One emptied in place keeps its identity, and a
        # connection opened before, not in WAL mode, reads the empty file anew, deleting a log
        # beside it as a new one would. One stat() a checkout, a second of the WAL when the file is
        # empty; the pool then opens the path anew (an error when it names no file: the source
        # cannot be reached).
        found = file_found(path)
        if identity_of(found) != record.info.get("file"):
            raise exc.DisconnectionError("the source's SQLite file was replaced or removed")
        if found is not None and log_at_risk(path, found) is not None:
            raise exc.DisconnectionError("the source's SQLite file was emptied beside a log holding changes")


def file_reopened_words(path: str | None, removed: bool) -> str:
    """The line logged as the store opens anew the SQLite file at `path`, `removed` under the running
    site (a new, empty store made there) or replaced by another file."""
    if removed:
        return (f"the dataset database's SQLite file {path} was removed under the running site: a new, empty "
                "store is made there, and the old file's datasets are no longer shown; to show them again, "
                "stop the site and put that file back")
    return (f"the dataset database's SQLite file {path} was replaced under the running site: the file now "
            "there is opened, and its datasets are shown in place of the old file's")
