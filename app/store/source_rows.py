"""A source dataset's rows as they are (a chart's rows are computed apart, by `pushdown`), each read by
one query on a connection the store opened, of the dataset described at one version.

A download reads all the rows, up to a limit; a dataset's page its first rows, then, where those do
not show a date column's format, the first row that does; a dashboard's filter the distinct values
of a text column. The database finds them: a page fetches no rows it does not show.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import ColumnElement, Connection, case, func, select

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


def read_rows(conn: Connection, described: Described, names: Sequence[str], limit: int,
              *where: ColumnElement) -> list:
    """The first `limit` rows (as the database returns them) of the columns `names`, of those
    `where` chooses."""
    relation, functions = described.relation, functions_for(conn.dialect.name)
    values = [relation.loaded(functions, n) for n in names]
    return conn.execute(select(*values).select_from(relation.selectable).where(*where).limit(limit)).all()


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
