"""A source dataset's rows as they are (a chart's rows are computed apart, by `pushdown`), each read by
one query on a connection the store opened, of the dataset described at one version.

A download reads all the rows, up to a limit; a dataset's page its first rows, then, where those do
not show a date column's format, the first row that does; a dashboard's filter the distinct values
of a text column. The database finds them: a page fetches no rows it does not show.

A page's first rows are the first by time where an index of a table's date column finds them at no
cost (`page_order`), the same rows on every view; else the first the database returns, which
PostgreSQL may give another of on each view (a big table's scans start where another's is), and a
sort would read every row of a table for a page view: the page says which they are.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import ColumnElement, Connection, case, exc, func, inspect, select

from plots.value_text import DATE_PRECISIONS, date_precision

from .source_conditions import Relation
from .source_counts import UnreadDates
from .source_sql_dialects import functions_for
from .source_values import rows_frame, text_of
from .types import Column, DatasetInfo


@dataclass
class Described:
    """A dataset at one version: its description, its relation, its date columns' values that are
    no moment (`source_counts.UnreadDates`), and (once a page asked) whether each date column has a
    time of day, and a fraction of a second, somewhere (`format_rows`)."""

    info: DatasetInfo
    relation: Relation
    unread_dates: tuple[UnreadDates, ...] = ()
    time_parts: tuple[bool, ...] | None = None
    # (once a page asked) the date column a page's first rows are read in the order of, or (None,)
    page_order: tuple[str | None] | None = None


def read_rows(conn: Connection, described: Described, names: Sequence[str], limit: int,
              *where: ColumnElement, by: str | None = None) -> list:
    """The first `limit` rows (as the database returns them, or by the column `by`, oldest first) of
    the columns `names`, of those `where` chooses."""
    relation, functions = described.relation, functions_for(conn.dialect.name)
    values = [relation.loaded(functions, n) for n in names]
    order = [relation.selectable.c[by]] if by is not None else []  # as it is: the index is of the column itself
    return conn.execute(select(*values).select_from(relation.selectable).where(*where).order_by(*order)
                        .limit(limit)).all()


def page_order(conn: Connection, described: Described, table: str | None, schema: str | None) -> str | None:
    """The date column a page's first rows of the dataset read from `table` (in `schema`) are read in
    the order of: the first that an index of the table begins with, which finds the first rows by it
    without reading the others (a view's, a query's and a table's of no such index: None, the order
    the database returns them in). Asked once a version."""
    if described.page_order is None:
        dated = [c.name for c in described.info.columns if c.type == "datetime"]
        leading: set[str] = set()
        if table is not None and dated:
            found = inspect(conn)
            try:
                indexes = [index["column_names"] for index in found.get_indexes(table, schema=schema)]
                indexes.append(found.get_pk_constraint(table, schema=schema)["constrained_columns"])
            except exc.NoSuchTableError:
                indexes = []
            leading = {columns[0] for columns in indexes if columns}
        by = next((name for name in dated if name in leading), None)
        described.page_order = (by if by is None or _sorts(conn, described, by) else None,)
    return described.page_order[0]


def _sorts(conn: Connection, described: Described, by: str) -> bool:
    """Whether the database sorts the column `by`: SQLite refuses to where its column is declared with a
    collation the program that made the file registered and the site's connection has not (a PostgreSQL
    column's collation is one its database has). One row read through the index."""
    if conn.dialect.name != "sqlite":
        return True
    column = described.relation.selectable.c[by]
    statement = select(column).select_from(described.relation.selectable).order_by(column).limit(1)
    try:  # on the driver's connection: a statement SQLite refuses as it prepares it leaves the transaction be
        conn.connection.driver_connection.execute(str(statement.compile(conn, compile_kwargs={"literal_binds": True})))
    except sqlite3.OperationalError:
        return False
    return True


def rows_as_frame(described: Described, names: Sequence[str], rows: list) -> pd.DataFrame:
    """`rows` of the columns `names`, read as the site's types."""
    types = described.info.column_types()
    return rows_frame([Column(n, types[n]) for n in names], rows)


def format_rows(conn: Connection, described: Described, first: pd.DataFrame) -> list:
    """For each date column whose values need a finer format (`plots.value_text.date_precision`) than
    those of the `first` rows, the first row holding such a value (see `Store.head`)."""
    relation, functions = described.relation, functions_for(conn.dialect.name)
    dated = [c.name for c in described.info.columns if c.type == "datetime"]
    if not dated:
        return []
    parts = [functions.time_parts(relation.column(name)) for name in dated]
    if described.time_parts is None:
        # Whether any value of each column has a time of day, and a fraction of a second: one pass.
        found = conn.execute(select(*(func.max(case((part, 1), else_=0)) for both in parts for part in both))
                             .select_from(relation.selectable)).one()
        described.time_parts = tuple(map(bool, found))
    known = described.time_parts
    names = [c.name for c in described.info.columns]
    rows = []
    for i, name in enumerate(dated):
        needed = 2 if known[2 * i + 1] else 1 if known[2 * i] else 0  # as DATE_PRECISIONS: D, s, us
        if needed > DATE_PRECISIONS.index(date_precision(first[name])):
            rows += read_rows(conn, described, names, 1, parts[i][needed - 1])
    return rows


def distinct_texts(conn: Connection, described: Described, column: str, limit: int) -> tuple[str, ...]:
    """The distinct values of a text column, sorted: at most `limit`, the first in the database's
    order; none for a column of another type."""
    if described.info.column_types().get(column) != "text":
        return ()
    values = described.relation.column(column)
    found = conn.execute(select(values).select_from(described.relation.selectable).where(values.is_not(None))
                         .distinct().order_by(values).limit(limit)).scalars()
    return tuple(sorted({t for t in map(text_of, found) if t is not None}))
