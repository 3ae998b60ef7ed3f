"""Whether an SQLite file may have changed since a moment, told without opening it as a database: from
the counters SQLite moves on at every transaction it commits, read from the file's first bytes and
from its WAL index.

In rollback-journal mode every commit moves on the file change counter in the file's header (offset
24), and every change to a table the schema cookie beside it (offset 40). In WAL mode commits go to
the `-wal` file, and a transaction is seen by readers once the header of the WAL index (the `-shm`
file, https://www.sqlite.org/walformat.html) names its last frame: that header's change counter, last
frame and salts move on with each. A site's read that finds the same signal as its last finds the
file as that read left it, so that what was read of it then (a source dataset's description) still
holds; a different one only says that something may have changed, which a read then asks
(`PRAGMA schema_version`). Each look opens the file and its WAL index and reads a few bytes of each, no lock.
"""
from __future__ import annotations

import os

from .same_tick import file_stamp

# Where a source's connection keeps the file's signal as its transaction began, before its first read
# (`source_connections.make_engine`).
CHANGE_SIGNAL = "svgplots.change_signal"
# The database header's bytes read: the file change counter is at offset 24, the schema cookie at 40.
DATABASE_HEADER = 100
# The WAL index header, of 48 bytes, written twice in a row: a writer writes the second copy, then the
# first, and a reader that finds them apart read it mid-write.
WAL_INDEX_HEADER = 48


def change_signal(path: str) -> object:
    """What tells whether the SQLite file at `path`, and its WAL, changed since the same signal was read:
    the file's stamp (`file_stamp`: identity, size, modification and change times), its header's change
    counter and schema cookie, and its WAL index's header. Where the WAL index was read while a writer
    changed it, a new object, equal to no other signal."""
    return signal_and_file(path)[0]


def signal_and_file(path: str) -> tuple[object, os.stat_result | None]:
    """The `change_signal` of the SQLite file at `path` and the stat() of the file it was read from (None
    where the path names none): one opening of the file tells both."""
    try:
        descriptor = os.open(path, os.O_RDONLY)
    except OSError:
        return (None,), None
    try:
        found = os.fstat(descriptor)
        try:
            header = os.pread(descriptor, DATABASE_HEADER, 0)
        except OSError:
            header = b""
    finally:
        os.close(descriptor)
    index = _first_bytes(f"{path}-shm", 2 * WAL_INDEX_HEADER)
    if index is not None and len(index) == 2 * WAL_INDEX_HEADER and index[:WAL_INDEX_HEADER] != index[WAL_INDEX_HEADER:]:
        return object(), found  # read mid-write: taken for no signal read before or after
    return (file_stamp(found), header[24:28], header[40:44], None if index is None else index[:WAL_INDEX_HEADER]), found


def _first_bytes(path: str, count: int) -> bytes | None:
    """The first `count` bytes of the file at `path` (fewer where it is shorter); None where there is none."""
    try:
        descriptor = os.open(path, os.O_RDONLY)
    except OSError:
        return None
    try:
        return os.pread(descriptor, count, 0)
    except OSError:
        return None
    finally:
        os.close(descriptor)
