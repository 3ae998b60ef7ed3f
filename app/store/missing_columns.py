"""A source's refusal of a query naming a column its table no longer has (renamed or dropped since the
query was written), said as a stored dataset's refusal of a column it lacks names it: "no column
'latency_ms'", with the column the database suggests where it suggests one (PostgreSQL's hint).

Only identifiers are quoted from the driver's words: the name the query gave and the column the
database suggests, both names of the dataset's own query and tables, never a value of its rows, which
the rest of a refusal keeps stripped (`store_outages.logged_words`)."""
from __future__ import annotations

import re
import sqlite3

from plots.text import quoted_name

from .postgres_errors import driver_error
from .source_config import Source
from .types import DatasetUnreadable

# The PostgreSQL SQLSTATE of a column that is not there (undefined_column).
PG_NO_COLUMN = "42703"
# PostgreSQL's words for it: `column "latency_ms" does not exist`, or unquoted and qualified,
# `column requests.latency_ms does not exist`; its hint `Perhaps you meant to reference the column
# "requests.latency".`
PG_NO_COLUMN_WORDS = re.compile(r'column (?:"((?:[^"]|"")*)"|(\S+)) does not exist')
PG_HINTED_COLUMN = re.compile(r'the column "((?:[^"]|"")*)"')
SQLITE_NO_COLUMN_WORDS = re.compile(r"no such column: (.+)")
# The longest name a refusal quotes: a query's identifiers are short; past this it is no name to read.
NAME_CHARS = 200


def missing_column(error: BaseException) -> tuple[str, str | None] | None:
    """The column a database refused a statement for naming (`latency_ms`, or as qualified in the
    query, `r.latency_ms`), and the one it suggests instead, if any; None for any other error."""
    driver = driver_error(error)
    if getattr(driver, "sqlstate", None) == PG_NO_COLUMN:
        diag = getattr(driver, "diag", None)
        found = PG_NO_COLUMN_WORDS.search(getattr(diag, "message_primary", None) or str(driver))
        if found is None:
            return None
        hinted = PG_HINTED_COLUMN.search(getattr(diag, "message_hint", None) or "")
        return (_name(found.group(1).replace('""', '"') if found.group(1) is not None else found.group(2)),
                _name(hinted.group(1).replace('""', '"')) if hinted else None)
    if isinstance(driver, sqlite3.OperationalError):
        found = SQLITE_NO_COLUMN_WORDS.match(str(driver).split("\n")[0])
        return (_name(found.group(1)), None) if found else None
    return None


def _name(text: str) -> str:
    return text[:NAME_CHARS]


def missing_column_refusal(name: str, source: Source, column: str, suggested: str | None) -> DatasetUnreadable:
    """The refusal of dataset `name`'s chart or rows whose query names `column`, which its source's
    tables no longer hold: "dataset 'q' cannot be read: its query names no column 'latency_ms' of the
    source 'db' (it suggests 'requests.latency'); its table, view or query may have changed"."""
    suggestion = f" (it suggests {quoted_name(suggested)})" if suggested else ""
    return DatasetUnreadable(f"dataset {name!r} cannot be read: its query names no column {quoted_name(column)} of "
                             f"the source {source.name!r}{suggestion}; its table, view or query may have changed: "
                             f"give the column's name as the source has it in [datasets.{name}] of the sources file")
