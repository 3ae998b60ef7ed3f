"""What a dataset's page shows of a stored dataset of more than `PUSHDOWN_ABOVE_ROWS` rows, asked of
the database instead of read from the whole dataset's frame, in the caller's snapshot: its first rows
and those that show its dates' format (`head_and_finer_rows`), how a text column splits the rows
that share an x (`x_splits`), how many values each of some columns holds (`value_counts`). Each
gives what the frame path finds in the frame (the same rule: `x_splits.frame_x_splits` for
`x_splits`), so that a page of such a dataset is the page its frame would make. What each database
system spells its own way is its `stored_values.stored_functions`, which its charts use too.

A query's rows may be bounded by row id (`bound`, from `version_bound`): rows are only appended, in
commit order, so the first rows of a dataset by row id are those of an earlier version of it.
"""
from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from sqlalchemy import ColumnElement, Connection, Table, func, literal_column, select

from plots.value_text import DATE_PRECISIONS, date_precision

from .frames import columns_frame
from .stored_values import stored_functions, stored_relation, stored_rows_table
from .types import Column
from .x_splits import TextSplit, XSplits


def version_bound(conn: Connection, dataset_id: int, columns: Sequence[Column], rows: int) -> int:
    """The row id of the dataset's `rows`-th row (0 for none): its rows up to it are those of the
    version that held `rows` rows."""
    table = stored_rows_table(dataset_id, columns)
    first = select(table.c.rowid).order_by(table.c.rowid).limit(rows).subquery()
    return conn.execute(select(func.coalesce(func.max(first.c.rowid), 0))).scalar_one()


def _within(table: Table, bound: int | None) -> list[ColumnElement]:
    """The WHERE clause of the rows up to `bound` (all when None)."""
    return [] if bound is None else [table.c.rowid <= bound]


def _fetched(conn: Connection, query) -> list[tuple]:
    """The rows of `query` as plain tuples from the driver's cursor, as `sql_frames` reads them."""
    with conn.execute(query) as result:
        return result.cursor.fetchall()


def head_and_finer_rows(conn: Connection, dataset_id: int, columns: Sequence[Column], rows: int) -> pd.DataFrame:
    """The dataset's first `rows` rows by row id, then, as `site_reads.head_rows` adds them to a
    frame's, for each date column whose other rows need a finer format
    (`plots.value_text.date_precision`) than those show, the first row that does: a row with a
    fraction of a second, else one with a time of day. Each is found by a query that stops at the
    first such row (the whole column read by the database, never sent, when there is none): a
    column of dates alone is searched for a time of day, and for a fraction only once one is found,
    as a moment with a fraction has a time of day."""
    table = stored_rows_table(dataset_id, columns)
    values = table.columns[1:]  # the value columns follow rowid
    found = _fetched(conn, select(table.c.rowid, *values).order_by(table.c.rowid).limit(rows))
    first = columns_frame(columns, list(zip(*found))[1:] if found else [()] * len(columns))
    last = found[-1][0] if found else 0
    moments = stored_functions(conn.dialect.name)
    time_of_day, fraction = DATE_PRECISIONS.index("s"), DATE_PRECISIONS.index("us")

    def first_after(after: int, value: ColumnElement, finer: ColumnElement) -> list[tuple]:
        """The first row after row id `after` whose `value` is `finer` (none or one)."""
        return _fetched(conn, select(table.c.rowid, *values).where(table.c.rowid > after, value.is_not(None), finer)
                        .order_by(table.c.rowid).limit(1))

    shown = []
    for column, value in zip(columns, values):
        if column.type != "datetime" or len(found) < rows:
            continue  # the first rows are all the rows: they show every format their column needs
        coarsest = DATE_PRECISIONS.index(date_precision(first[column.name]))
        row = first_after(last, value, moments.time_of_day(value)) if coarsest < time_of_day else []
        if coarsest < fraction and (row or coarsest == time_of_day):
            # The column's format needs the finest part it holds: a fraction, at or after its first time of day.
            after = row[0][0] - 1 if row else last
            row = first_after(after, value, moments.fraction(value)) or row
        shown += row
    if not shown:
        return first
    return columns_frame(columns, list(zip(*(found + shown)))[1:])


def x_splits(conn: Connection, dataset_id: int, columns: Sequence[Column], x: str, texts: Sequence[str], most: int,
             bound: int | None = None) -> XSplits:
    """The `XSplits` of a stored dataset's rows (those up to `bound`), as `frame_x_splits` finds them
    in its frame, counted by the database: one pass counting the x, and where an x repeats, for each
    text column one counting its pairs with x and one finding its first values."""
    values_of = stored_functions(conn.dialect.name)
    relation = stored_relation(dataset_id, columns)
    table = relation.selectable
    where = _within(table, bound)
    stored = dict(zip((c.name for c in columns), table.columns[1:]))  # the value columns follow rowid

    def key(name: str) -> ColumnElement:
        """The column's values as the frame tells them apart: a moment written two ways as one, text
        with its line breaks as line feeds where a value holds a carriage return (asked first: an
        expression to group by costs more than the column, PostgreSQL's hash of one 200 times
        as much where its groups spill to disk)."""
        column, column_type = stored[name], relation.type_of(name)
        if column_type == "datetime":
            return values_of.moment_key(column)
        if column_type == "text":
            found = conn.execute(select(literal_column("1")).where(*where, values_of.holds_cr(column)).limit(1)).first()
            return column if found is None else relation.column(name)
        return column

    x_value, x_key = stored[x], key(x)
    rows, xs = conn.execute(select(func.count(x_key), func.count(func.distinct(x_key))).where(*where)).one()
    if xs == rows:
        return XSplits(rows, xs, ())
    splits = []
    for t in texts:
        if t == x:
            continue
        text = key(t)
        pairs = select(x_key.label("x"), text.label("t")).where(*where, x_value.is_not(None)).distinct().subquery()
        with values_of.told_apart_by_sorting(conn):
            counted = conn.execute(select(func.count()).select_from(pairs)).scalar_one()
        # The distinct values, a missing one among them: all of them, or enough to know they are too
        # many. Hashed where the database chooses to: a few groups, which sorting every row would not be.
        found = conn.execute(select(text).where(*where).distinct().limit(most + 2)).scalars().all()
        values = sorted(value for value in found if value is not None)
        if len(values) > most:
            splits.append(TextSplit(t, counted, (), True, None))
        else:
            splits.append(TextSplit(t, counted, tuple(values), False, None in found))
    return XSplits(rows, xs, tuple(splits))


def value_counts(conn: Connection, dataset_id: int, columns: Sequence[Column], names: Sequence[str],
                 bound: int | None = None) -> dict[str, int]:
    """How many values (not missing) each column of `names` holds in the rows up to `bound`: one
    aggregate query."""
    relation = stored_relation(dataset_id, columns)
    counts = [func.count(relation.column(name)) for name in names]
    found = conn.execute(select(*counts).where(*_within(relation.selectable, bound))).one() if names else ()
    return dict(zip(names, found))
