"""A collation a source's database refused a statement for, and what its dataset's 422 says of it.

In SQLite, a collation the program that made the file registered, which the site's connection has
not: SQLite looks it up for every column a view or query gives, to describe the column as to read
any row, and for every column a statement compares. In PostgreSQL, one a query names that the
database does not have. Either refusal names the collation and how to compare the column as bytes
instead (`COLLATE BINARY`, PostgreSQL's `COLLATE "C"`).
"""
from __future__ import annotations

import re

from plots.text import quoted

from .postgres_errors import driver_error
from .source_config import Source
from .types import DatasetUnreadable

# SQLite's refusal of a statement naming a collation its connection has not registered.
SQLITE_NO_COLLATION = "no such collation sequence: "
# PostgreSQL's SQLSTATE of an object it does not have (undefined_object): a type, a collation …
PG_UNDEFINED_OBJECT = "42704"
# PostgreSQL's words for a collation it does not have (`collation "nope" for encoding "UTF8" does
# not exist`), the name as written, its quotes not doubled.
PG_NO_COLLATION = re.compile(r'collation "(?P<name>.*?)"(?: for encoding "[^"]*")? does not exist', re.DOTALL)


def refused_collation(error: BaseException, backend: str) -> str | None:
    """The collation whose lack made the database refuse a statement (`error`, a driver's error
    or SQLAlchemy's wrapper of one), or None for another error."""
    driver = driver_error(error)
    if backend == "postgresql":
        if getattr(driver, "sqlstate", None) != PG_UNDEFINED_OBJECT:
            return None
        diag = getattr(driver, "diag", None)
        found = PG_NO_COLLATION.fullmatch(getattr(diag, "message_primary", None) or "")
        return found["name"] if found else None
    reason = str(driver).split("\n")[0]
    return reason.removeprefix(SQLITE_NO_COLLATION) if reason.startswith(SQLITE_NO_COLLATION) else None


def unknown_collation(name: str, source: Source, collation: str, reason: str,
                      in_version_sql: bool = False) -> DatasetUnreadable:
    """The refusal of dataset `name`, whose view or query (`in_version_sql`: whose version_sql)
    compares or gives a column under `collation`, which the database refused it for (`reason`,
    its words)."""
    if source.backend == "postgresql":
        return _postgres_collation(name, source, collation, reason, in_version_sql)
    if in_version_sql:
        return _sqlite_collation_in_version_sql(name, source, collation)
    return _sqlite_collation(name, source, collation)


def _sqlite_collation(name: str, source: Source, collation: str) -> DatasetUnreadable:
    """The refusal of a dataset whose view or query gives a column declared with `collation`, one of
    the program that made the file: SQLite looks up the collation of each column a view or subquery
    gives, whatever compares it, so that no statement reads it (the site compares a table's
    columns as bytes, `SqlFunctions.collation`)."""
    return DatasetUnreadable(f"dataset {name!r} cannot be read: a column of its view or query in the source "
                             f"{source.name!r} is declared with the collation {quoted(collation)}, which the program "
                             f"that made the file registered and SQLite looks up for every column a view or query "
                             f"gives; select that column as <column> COLLATE BINARY AS <column> in the view or "
                             f"query, or make its table the dataset")


def _sqlite_collation_in_version_sql(name: str, source: Source, collation: str) -> DatasetUnreadable:
    """The refusal of dataset `name` whose `version_sql` compares under `collation`, one the site's
    connection has not registered: the collation of a column it compares (`max`, `ORDER BY`, a
    condition), of a column a view or subquery it reads gives, or one the query names."""
    return DatasetUnreadable(f"dataset {name!r} cannot be read: the source {source.name!r} refused its version_sql "
                             f"({SQLITE_NO_COLLATION}{collation}): the collation {quoted(collation)} is one the "
                             f"program that made the file registered, which the site does not know, and a column "
                             f"version_sql compares, or one a view or subquery it reads gives, is declared with it "
                             f"(or the query names it); fix version_sql of [datasets.{name}] in the sources file: "
                             f"compare that column as <column> COLLATE BINARY, as in max(<column> COLLATE BINARY), "
                             f"select it as <column> COLLATE BINARY AS <column> in a view or subquery it reads, or "
                             f"leave version_sql out to version the dataset by cache_seconds")


def _postgres_collation(name: str, source: Source, collation: str, reason: str,
                        in_version_sql: bool) -> DatasetUnreadable:
    """The refusal of dataset `name` whose query or `version_sql` names `collation`, which the
    PostgreSQL database does not have (a column's own collation is always one it has)."""
    field, key = ("version_sql", "version_sql") if in_version_sql else ("query", "sql")
    rest = ", or leave version_sql out to version the dataset by cache_seconds" if in_version_sql else ""
    return DatasetUnreadable(f"dataset {name!r} cannot be read: the source {source.name!r} refused its {field} "
                             f"({reason}): the database has no collation {quoted(collation)}, which its {field} "
                             f"names; fix {key} of [datasets.{name}] in the sources file: name a collation the "
                             f"database has (SELECT collname FROM pg_collation lists them; \"C\" compares as bytes, "
                             f"as in max(<column> COLLATE \"C\")), or leave the COLLATE out{rest}")
