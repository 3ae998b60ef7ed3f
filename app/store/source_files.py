"""An SQLite source's file looked at as the site starts: a warning for one that is not there, is a
folder, is one the site may not open, is in WAL mode in a folder the site may not write, is no SQLite
database or is empty, so that a path mistyped in the sources file, or a permission missing, is found
at start, not by a chart.

SQLite reads an empty file as a database of no tables, not as an error: the warning names the
datasets that read a table (a table's; a query or `version_sql` that a database of no tables
refuses), which answer 422, where a query reading none (`SELECT 1 AS x`) is answered. It deletes a
`-wal` beside an empty file as it first reads it, and `sqlite3 app.db` makes an empty file where
there is none: beside one holding changes, the site does not open the file, or the path of none
(`sqlite_files.log_at_risk`), and the warning says so and how to keep them.
"""
from __future__ import annotations

import logging
import os
import sqlite3

from .source_config import Source, SourceDataset, SourcesConfig
from .source_unreachable import refused_to_the_site, sqlite_path, wal_folder_unwritable
from .source_sql import enclosable
from .sqlite_files import file_found, log_at_risk

log = logging.getLogger(__name__)

# The first bytes of every SQLite database file.
SQLITE_HEADER = b"SQLite format 3\0"
# SQLite's refusal of a statement naming a table (or view) the database does not have.
NO_SUCH_TABLE = "no such table: "


def warn_of_missing_files(config: SourcesConfig) -> None:
    """Log a warning for each SQLite source whose file is not there (yet), is a folder, is one the
    site may not open (or no file, a socket), is in WAL mode in a folder the site may not write, is
    empty or is no SQLite database: its datasets answer 503 (of an empty one, those that read a table 422,
    unless a -wal beside it holds changes) until it is one. One not there, or empty, beside a -wal
    holding changes is warned of so, and how to keep them."""
    where = config.path.name if config.path else "the sources file"
    for source in config.sources.values():
        path = sqlite_path(source)
        if path is None:
            continue
        at_risk = log_at_risk(path, file_found(path))
        if at_risk is not None:
            log.warning("source %r: its SQLite file %s %s, and its datasets answer 503 until the log is written into "
                        "the file or removed; %s", source.name, path, at_risk.what, at_risk.fix)
        elif refused_to_the_site(path):  # its permissions, a folder's on its path, or a socket there
            log.warning("source %r: the site may not open its SQLite file %s (its permissions, or its folder's), or "
                        "it is no file to read (a socket, say): its datasets answer 503 until it can (let the site "
                        "read the file and its folder, or check the file's path in %s)", source.name, path, where)
        elif not os.path.exists(path):
            log.warning("source %r: its SQLite file %s does not exist: its datasets answer 503 until it does "
                        "(check the file's path in %s)", source.name, path, where)
        elif os.path.isdir(path):
            log.warning("source %r: its SQLite file %s is a folder: its datasets answer 503 until a file is "
                        "there (check the file's path in %s)", source.name, path, where)
        elif wal_folder_unwritable(path):
            log.warning("source %r: its SQLite file %s is in WAL mode, and the site may not write the folder holding "
                        "it, where SQLite makes the -shm file it needs to read the file: its datasets answer 503 "
                        "until the site may write that folder, or the file is taken out of WAL mode (PRAGMA "
                        "journal_mode=DELETE)", source.name, path)
        elif os.path.isfile(path) and os.path.getsize(path) == 0:
            log.warning("source %r: its SQLite file %s is empty, a database of no tables%s (check the file's path "
                        "in %s)", source.name, path, _reading_tables(config, source), where)
        elif os.path.isfile(path) and not _begins_as_sqlite(path):
            log.warning("source %r: its SQLite file %s is not an SQLite database: its datasets answer 503 until "
                        "it is one (check the file's path in %s)", source.name, path, where)


def _reading_tables(config: SourcesConfig, source: Source) -> str:
    """Words that follow "a database of no tables", naming the datasets of `source` that read a table."""
    reading = sorted(d.name for d in config.datasets.values() if d.source == source.name and _reads_a_table(d))
    if not reading:
        return ", which none of its datasets reads"
    if len(reading) == 1:
        return f": dataset {reading[0]!r} reads a table it does not have: it answers 422 until its table is there"
    return (f": datasets {', '.join(map(repr, reading))} read tables it does not have: they answer 422 until "
            f"their tables are there")


def _reads_a_table(dataset: SourceDataset) -> bool:
    """Whether the dataset reads a table or view: its own, or one its query or `version_sql` names,
    as a database of no tables finds in preparing them (nothing is run)."""
    if dataset.table is not None:
        return True
    return any(_names_a_table(query) for query in (dataset.sql, dataset.version_sql) if query is not None)


def _names_a_table(query: str) -> bool:
    """Whether a database of no tables refuses `query` for a table it does not have."""
    connection = sqlite3.connect(":memory:")
    try:
        connection.execute(f"EXPLAIN SELECT * FROM ({enclosable(query)})")  # prepared, and its program listed
    except sqlite3.Error as error:
        return str(error).startswith(NO_SUCH_TABLE)
    finally:
        connection.close()
    return False


def _begins_as_sqlite(path: str) -> bool:
    """Whether the file at `path` begins as an SQLite database does (only its first bytes read); True
    where it cannot be read, which its datasets' 503 names."""
    try:
        with open(path, "rb") as file:
            return file.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return True

