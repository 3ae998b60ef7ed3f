"""What the dataset store's refusals say, and the kinds of StoreUnavailable a database's answer can mean.

A busy store, a store out of reach, one whose file is not opened, read-only or on a full disk: each
`Backend` (`sqlite_backend`, `postgres_backend`) tells which its database's errors mean, in these words.
"""
from __future__ import annotations

from .types import StoreUnavailable

BUSY_MESSAGE = ("the dataset store is busy with other writes; nothing was changed by this request; "
                "try again in a moment")
UNAVAILABLE_MESSAGE = "the dataset database cannot be reached right now; try again in a moment"
# An SQLite store file moved in empty, or removed, beside a log holding changes (`EmptyFileLog`,
# `MissingFileLog`): waiting does not mend it, so its 503 says why and what to do, as a source's does,
# naming no path (`StoreUnopened`).
LOG_AT_RISK_MESSAGE = "the dataset database cannot be opened: its SQLite file {what}; {fix}"
# Every connection of the store's pool in use by other requests of this process for the whole busy
# timeout (a burst of them): no outage, and no write of another holds it up, so said apart from both.
CONNECTIONS_BUSY_MESSAGE = ("the dataset store has all its {connections} connections in use by other requests of "
                            "this process, and none was free within {timeout:g} s; try again in 1 s "
                            "(STORE_CONNECTIONS = {connections} bounds them)")
# A write to an SQLite store whose file, or the folder holding it (where SQLite writes its journal),
# the site may not write: reads go on, and no write can until someone changes the file's permissions,
# which no wait does (no Retry-After).
READONLY_MESSAGE = ("the dataset store cannot be written: its SQLite file, or the folder holding it, is read-only; "
                    "nothing was changed by this request; reads still work; no write can be until whoever runs "
                    "the site lets it write both")
# A write to a PostgreSQL store in read-only mode (default_transaction_read_only on, or a standby
# server): the same, until someone turns that mode off or points the site at the primary server.
PG_READONLY_MESSAGE = ("the dataset store cannot be written: its PostgreSQL database is read-only "
                       "(default_transaction_read_only, or a standby server); nothing was changed by this request; "
                       "reads still work; no write can be until whoever runs the site makes the database writable")
# A write the database refuses for want of room on its disk (SQLite's SQLITE_FULL, PostgreSQL's
# disk_full): its transaction is rolled back whole, reads go on, and writes can again once room is made.
FULL_MESSAGE = ("the dataset store's disk is full: nothing was stored by this request; reads still work, and "
                "writes will again once room is made on its disk")
# A delete refused so: it too needs room to write down its change first (SQLite appends it to its log,
# which cannot start over while pages the log holds wait for room in the file), so the site cannot make
# room by deleting; and what an SQLite delete frees stays in its file, for its later writes.
DELETE_FULL_MESSAGE = ("the dataset store's disk is full: nothing was deleted by this request, as a delete too "
                       "needs room on the disk to write down its change; reads still work; make room on the disk "
                       "by other means than a delete, and deletes and writes will work again")
# A write an SQLite store's disk refused with an I/O error, not "database or disk is full" (SQLite
# says "full" for ENOSPC alone): a disk quota reached (EDQUOT), a file-size limit (EFBIG, `ulimit -f`)
# or a failing disk (EIO; or EROFS, a disk the system remounted read-only on errors under the open
# file), which the driver does not tell apart. Rolled back whole, as a full disk's.
WRITE_IO_MESSAGE = ("the dataset store's disk refused this write (a disk I/O error: a disk quota or file-size limit "
                    "reached, or a failing disk, or one remounted read-only): nothing was changed by this request; "
                    "reads still work, and writes will again once whoever runs the site makes room on it or mends it")
# What the log says to do of such a write.
WRITE_IO_FIX = ("make room on it, raise the site's disk quota or file-size limit, or check the disk (and whether it "
                "was remounted read-only)")
# A read that needed room on that disk (for a big sort's temporary file, say): nothing was written.
FULL_READ_MESSAGE = ("the dataset store's disk is full, and this read needed room on it; "
                     "try again once room is made on its disk")


class StoreUnwritable(StoreUnavailable):
    """A write the database refuses while it answers: no outage, reads go on."""


class StoreReadOnly(StoreUnwritable):
    """A write refused by an SQLite store the site may not write (READONLY_MESSAGE), or by a PostgreSQL
    store in read-only mode (PG_READONLY_MESSAGE): someone must change that, not time, so its 503
    carries no Retry-After."""

    def __init__(self, message: str):
        super().__init__(message, retry_after=None)


class StoreUnopened(StoreUnavailable):
    """A database the site does not open until someone mends it (an SQLite store file empty, or not
    there, beside a log holding changes): no outage that waiting ends, so its 503 carries no
    Retry-After, and the line that logs it says what to do (its `why`)."""

    def __init__(self, message: str):
        super().__init__(message, retry_after=None)


class StoreFull(StoreUnwritable):
    """A write refused for want of room on the database's disk (FULL_MESSAGE), or a read that needed
    room there (FULL_READ_MESSAGE): asked again in a minute, not in seconds, as room is made by
    someone, not by waiting: a disk also fills and empties by itself (another program's temporary
    files, logs rotated), where a read-only store stays so until someone changes it."""

    def __init__(self, message: str, retry_after: int = 60):
        super().__init__(message, retry_after)


class NewerStore(StoreUnopened):
    """A store a newer release of the site migrated past this one's schema: its tables may mean what
    this release would misread, so it is not opened (nor changed). A start stops with its `why`; a file
    moved in so under the running site answers 503 saying it, as waiting does not mend it."""

    def __init__(self, schema: int, latest: int) -> None:
        why = (f"it was written by a newer release of the site, at schema {schema}, and this release reads "
               f"schemas 1 to {latest}: start a release of schema {schema} or later (the last number of MIGRATIONS "
               f"in its app/store/schema.py), or restore the backup made before that release opened it")
        super().__init__(f"the dataset database cannot be opened: {why}")
        self.why = why
        self.schema = schema


class StoreWriteFailed(StoreUnwritable):
    """A write an SQLite store's disk refused with an I/O error (WRITE_IO_MESSAGE): no outage, as the
    database answers and its reads go on; asked again in a minute, as a full disk's is, room being
    what a quota or file-size limit wants."""

    def __init__(self, message: str, retry_after: int = 60):
        super().__init__(message, retry_after)
