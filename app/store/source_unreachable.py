"""Why a source cannot be reached, as its 503 says it, and whether waiting may mend it.

A driver's error, or the site's own refusal of an SQLite file (`sqlite_files`), is told as an
`Unreachable`: the words that follow a colon in the 503 (naming no path), and whether waiting may
mend it. An outage, a timeout or a file SQLite cannot open for a passing want (file descriptors,
memory) may pass, and its 503 carries Retry-After; a file not there, a folder, a file that is no
database, one the site may not open, one in WAL mode in a folder the site may not write, or a log
SQLite would misread or delete, waits for someone, and its 503 says what to do instead, though the
source is tried again.
"""
from __future__ import annotations

import errno
import os
import sqlite3
from dataclasses import dataclass

from sqlalchemy import exc

from .postgres_errors import driver_error, postgres_refusal
from .source_config import Source
from .sqlite_files import EmptyFileLog, OldFileLog
from .types import SourceUnavailable, StoreUnavailable


@dataclass(frozen=True)
class Unreachable:
    """Why a source cannot be reached: `words` that follow a colon in its 503 and name no path ('':
    none known), and whether waiting may mend it (`waiting_mends`; if not, someone must)."""

    words: str = ""
    waiting_mends: bool = True


def sqlite_path(source: Source) -> str | None:
    """The path of an SQLite source's file; None for PostgreSQL or a database of no file."""
    path = source.url.database if source.backend != "postgresql" else None
    return path if path and path != ":memory:" else None


# The words of a source's 503 while the WAL of its replaced file holds changes (`OldFileLog`).
OLD_LOG_WHY = Unreachable(
    "its SQLite file was replaced while the WAL of the old file (the -wal file beside it) still holds the old "
    "file's changes, which SQLite would read into the new one: remove the -wal and -shm files beside it, and it is "
    "read again once they are gone; next time, empty the old file's log before moving a new file in (PRAGMA "
    "wal_checkpoint(TRUNCATE)): that alone keeps its changes out of the new one", waiting_mends=False)
# A source's file removed, or its path mistyped: no wait brings it back; it is read once it is there.
MISSING_WHY = Unreachable(
    "its SQLite file is not there: put the file back, or correct its path in the sources file (a ? or # in it "
    "written %3F or %23); it is read again once it is there", waiting_mends=False)
# A source's path naming a folder (SQLite says only "disk I/O error" of reading one), or a file that is
# no SQLite database: a path mistyped, or the wrong file put there, which no wait mends either.
FOLDER_WHY = Unreachable(
    "its SQLite file's path names a folder, not a file: correct its path in the sources file (a ? or # in it "
    "written %3F or %23); it is read again once a file is there", waiting_mends=False)
NOT_A_DATABASE_WHY = Unreachable(
    "its file is not an SQLite database: put the SQLite file in its place, or correct its path in the sources "
    "file; it is read again once it is one", waiting_mends=False)
# A source's file there that the site may not open (its permissions, or its folder's), or that is no
# file to read (a socket): someone must let the site read it, or correct its path.
UNOPENABLE_WHY = Unreachable(
    "the site may not open its SQLite file (its permissions, or its folder's), or its path names no file to read "
    "(a socket, say): let the site read the file and its folder, or correct its path in the sources file (a ? or # "
    "in it written %3F or %23); it is read again once it can be", waiting_mends=False)
# A source's file in WAL mode whose folder the site may not write: SQLite makes the -shm file beside it
# (and the -wal) to read it, unless another program has it open, or it is opened `immutable=1`, which
# the site does not do (a file read so is never looked at for changes). Its writer, or a change of the
# folder's permissions, mends it; the file's header says whether it is in WAL mode.
WAL_FOLDER_WHY = Unreachable(
    "its SQLite file is in WAL mode, and the site may not write the folder holding it, where SQLite makes the -shm "
    "file it needs to read the file while no other program has it open: let the site write that folder, or take "
    "the file out of WAL mode (PRAGMA journal_mode=DELETE) where its writer may wait while the site reads it; it is "
    "read again once it can be", waiting_mends=False)
# Bytes 18 and 19 of an SQLite file's header, its write and read versions: 2 in WAL mode.
HEADER_VERSIONS = slice(18, 20)
WAL_VERSIONS = b"\x02\x02"
# Why an SQLite file cannot be read, by error code, where nothing more is known of it: each more likely a
# wrong path or file in the sources file than a passing outage, although the file may yet appear.
SQLITE_WHY = {
    sqlite3.SQLITE_CANTOPEN: Unreachable("its SQLite file cannot be opened (check the file's path in the sources "
                                         "file, with a ? or # in it written %3F or %23, and that the site may read "
                                         "it)"),
    sqlite3.SQLITE_NOTADB: NOT_A_DATABASE_WHY,
}


def log_why(error: EmptyFileLog) -> Unreachable:
    """Why a source's empty SQLite file, or none, beside a WAL holding changes is not opened."""
    return Unreachable(f"its SQLite file {error.what}; {error.fix}", waiting_mends=False)


# Why a file there is not opened that no wait mends (`refused_to_the_site`), where running out of file
# descriptors or memory is the site's own passing want.
REFUSED_OPENS = frozenset({errno.EACCES, errno.EPERM, errno.ENXIO, errno.ELOOP, errno.EOPNOTSUPP, errno.ENODEV})


def refused_to_the_site(path: str) -> bool:
    """Whether the site may not open the file at `path` to read it (its permissions, or its
    folder's; a socket, which no one opens), as SQLite could not: opened here and closed, never
    waiting on a FIFO's writer."""
    try:
        os.close(os.open(path, os.O_RDONLY | os.O_NONBLOCK))
    except OSError as error:
        return error.errno in REFUSED_OPENS
    return False


def wal_folder_unwritable(path: str) -> bool:
    """Whether the SQLite file at `path` is in WAL mode (its header says so) and the site may not
    write the folder holding it, where SQLite makes the -shm and -wal files it reads the file with,
    while they are not both there already (another program has the file open)."""
    try:
        with open(path, "rb") as file:
            header = file.read(HEADER_VERSIONS.stop)
    except OSError:
        return False
    if header[HEADER_VERSIONS] != WAL_VERSIONS or os.access(os.path.dirname(path) or ".", os.W_OK):
        return False
    return not (os.path.exists(f"{path}-shm") and os.path.exists(f"{path}-wal"))


def unreachable_why(source: Source, error: BaseException) -> Unreachable:
    """Why `error` means the source cannot be reached, when its driver says (an SQLite file that
    cannot be opened, or is no database, or whose path names a folder, or in WAL mode in a folder the
    site may not write, or the WAL of the file it replaced is beside it, or one holding changes beside it
    empty or missing; a PostgreSQL server that refused
    the URL's password, database or user); no words otherwise."""
    if isinstance(error, OldFileLog):
        return OLD_LOG_WHY
    if isinstance(error, EmptyFileLog):  # or a MissingFileLog
        return log_why(error)
    if source.backend == "postgresql":
        return Unreachable(postgres_refusal(error))
    if not isinstance(error, exc.DBAPIError | sqlite3.Error):
        return Unreachable()
    path = sqlite_path(source)
    if path is not None and os.path.isdir(path):  # SQLite says only "disk I/O error" of reading a folder
        return FOLDER_WHY
    code = (getattr(driver_error(error), "sqlite_errorcode", 0) or 0) & 0xFF
    # Before the file's absence: in a folder the site may not enter, a file there is not found either.
    if code == sqlite3.SQLITE_CANTOPEN and path is not None and refused_to_the_site(path):
        return UNOPENABLE_WHY
    if code == sqlite3.SQLITE_CANTOPEN and path is not None and not os.path.exists(path):
        return MISSING_WHY
    if code == sqlite3.SQLITE_CANTOPEN and path is not None and wal_folder_unwritable(path):
        return WAL_FOLDER_WHY
    return SQLITE_WHY.get(code, Unreachable())


def unavailable(name: str, source: Source, retry_after: int = StoreUnavailable.RETRY_AFTER,
                why: Unreachable = Unreachable()) -> SourceUnavailable:
    """The answer for dataset `name` while its source cannot be reached, for `why`, kept as the
    answer's `unreachable`. One that waiting does not mend says what to do without "try again in a
    moment" or a Retry-After, though it is tried again."""
    if not why.waiting_mends:
        error = SourceUnavailable(f"the source {source.name!r} of dataset {name!r} cannot be opened: {why.words}", None)
    else:
        because = f": {why.words}" if why.words else ""
        error = SourceUnavailable(f"the source {source.name!r} of dataset {name!r} cannot be reached right "
                                  f"now{because}; try again in a moment", retry_after)
    error.unreachable = why
    return error
