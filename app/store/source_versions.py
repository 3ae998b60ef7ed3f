"""The version of a source dataset: what tells a chart drawn from it before from one to draw anew.

A dataset with a `version_sql` is at a hash of that query's first row, asked of its database and
reused for `VERSION_REUSE` seconds (one giving several rows is versioned by its first, as the log says
once); one without is at the clock's period of its source's `cache_seconds`. A dataset of an SQLite source is at a version of the file its path names too
(`file_identity`): a new file moved in, or the file removed, is a new version at once.
"""
from __future__ import annotations

import hashlib
import logging
import re
import sqlite3

from sqlalchemy import Connection, exc, text

from .source_columns import escaped
from .source_config import Source, SourceDataset
from .postgres_errors import driver_error
from .source_connections import VersionQueryFailed
from .source_unreachable import sqlite_path
from .source_sql_dialects import functions_for
from .sqlite_files import file_identity

log = logging.getLogger(__name__)

# How many seconds a dataset's `version_sql` answer is reused: a page's charts and their images,
# asked within moments of each other, share one answer instead of asking the database once each
# (a dashboard of eight charts asked it 25 times), and new data is still seen a second later.
VERSION_REUSE = 1.0
# The table a database says it does not have, its schema left out: SQLite's "no such table:
# main.orders", PostgreSQL's 'relation "orders" does not exist'.
MISSING_TABLE = re.compile(r'no such table: (?:\w+\.)?(.+)|relation "(?:[^"]*\.)?([^"]+)" does not exist')


def table_gone(dataset: SourceDataset, error: BaseException) -> str | None:
    """The refusal of a dataset whose `version_sql` met a table missing that its `table` or `sql`
    reads too: the table is gone, not version_sql wrong. None for any other error, and for a table
    only version_sql names, which is version_sql's to fix."""
    found = MISSING_TABLE.match(str(driver_error(error)).split("\n")[0])
    if found is None:
        return None
    table = found.group(1) or found.group(2)
    said = f"dataset {dataset.name!r} cannot be read: the source {dataset.source!r} has no"
    if dataset.table is not None:
        if dataset.table.casefold() != table.casefold():
            return None
        return f"{said} {dataset.described_as}, which its version_sql reads too"
    if re.search(rf'(?<!\w)"?{re.escape(table)}"?(?!\w)', dataset.sql or "", re.IGNORECASE) is None:
        return None
    return f"{said} table {table!r}, which its query and its version_sql read"


def clock_period(now: float, seconds: float) -> int:
    """The clock's period of `seconds` that `now` falls in: the same moments begin one in every process
    (gunicorn's workers), whenever each last read anything."""
    return int(now // seconds)


# `SourceVersions.version`'s `file` where its caller has not looked at the path: it looks itself.
NOT_LOOKED = object()


class SourceVersions:
    """The versions of source datasets, with the last `version_sql` answer of each, reused for
    `reuse` seconds."""

    def __init__(self, reuse: float = VERSION_REUSE):
        self.reuse = reuse
        # The last answer of each dataset: when it was asked (the store's clock), the version and
        # the SQLite file it was asked of (`file_identity`).
        self._asked: dict[str, tuple[float, str, tuple[int, int] | None]] = {}
        self._warned: set[str] = set()  # the datasets whose version_sql was found giving several rows

    def version(self, dataset: SourceDataset, source: Source, conn: Connection | None, now: float,
                file: tuple[int, int] | None | object = NOT_LOOKED) -> str | None:
        """The dataset's version at `now`: a hash of its `version_sql` value, else the clock's
        period; of an SQLite source, with which file its path names (`file_identity`; `file`, where
        the caller has just looked): one moved in anew is a new version at once.

        The value is asked on `conn` unless it was asked less than `reuse` seconds ago; without
        `conn`, None when it would have to be asked.
        """
        # An SQLite file replaced (moved in anew) or removed is another version at once: the file
        # `conn` reads (known when it was opened), else the one the path names now.
        path = sqlite_path(source)
        if conn is not None:
            file = conn.info.get("file")
        elif file is NOT_LOOKED:
            file = file_identity(path)
        if path is not None and file is None and conn is None:
            return None  # no file: only a read finds out how to answer
        if dataset.version_sql is None:
            period = clock_period(now, source.cache_seconds)
            return f"t{period}" if file is None else f"t{period}-{file[0]:x}.{file[1]:x}"
        asked = self._asked.get(dataset.name)
        if asked is not None and 0 <= now - asked[0] < self.reuse and asked[2] == file:
            return asked[1]
        if conn is None:
            return None
        functions = functions_for(conn.dialect.name)
        try:
            with conn.execute(text(functions.first_row(escaped(dataset.version_sql)))) as result:
                rows = result.fetchmany(2)
        except (exc.DBAPIError, sqlite3.Error) as error:  # `failure` tells what it means, naming version_sql
            raise VersionQueryFailed(error, table_gone(dataset, error)) from error
        if len(rows) > 1:
            self._several_rows(dataset.name, source)
        # Each value of the first row counts (`max(updated_at), count(*)` sees a row deleted); a row of
        # one value is hashed by that value, as every version was before, so that such versions stay.
        first = tuple(rows[0]) if rows else (None,)
        value = first[0] if len(first) == 1 else first
        version = hashlib.sha256(repr((value, file) if file else value).encode("utf-8")).hexdigest()[:12]
        self._asked[dataset.name] = (now, version, file)
        return version

    def _several_rows(self, name: str, source: Source) -> None:
        """Log, once a process, that the version_sql of dataset `name` gives several rows, of which only
        the first versions it: a change to the others draws no chart anew."""
        if name in self._warned:
            return
        self._warned.add(name)
        log.warning("source %r, dataset %r: version_sql gives more than one row; only the first versions the "
                    "dataset, so that a change to the others draws no chart anew: make version_sql of "
                    "[datasets.%s] in the sources file one row (one value that changes with the data, such as "
                    "the max of an indexed column)", source.name, name, name)
