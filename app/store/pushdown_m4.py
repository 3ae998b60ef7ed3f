"""A line or area chart of a source dataset thinned by its database to M4 per pixel column.

Per pixel column (`floor((x - xmin) * scale)`, x as epoch seconds for dates,
`plots.downsample.column_scale`: the columns `plots.downsample.thin_line` uses in memory) the rows
with the first and last x and each series' lowest and highest y, at most four rows per column a
series; a series with missing values also keeps the rows that break its line between columns.
The database's own passes are `SqlFunctions.thinned_line`'s, which find every row of the x those
are at; of several rows of one x (two readings of one time), the ones kept are those
`plots.downsample.m4` keeps of them in the order a line of every row has them (by x, then its ys,
as `ChartQuery.fetch` orders them): the first row of a column's first x, the last of its last x.
A line of no more than four rows per pixel column is read whole.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from sqlalchemy import ColumnElement, func, literal, select

from plots.downsample import (
    THIN_ABOVE_POINTS_PER_COLUMN,
    axis_numbers,
    column_starts,
    compared_values,
    epoch_of,
    gaps_between_columns,
    m4,
    missing_column_ends,
    stack_total,
)
from plots.rows import Drawn, as_drawn
from plots.running_values import running_thinned
from plots.values_titles import is_running

from .source_values import rows_frame

if TYPE_CHECKING:
    from .pushdown_query import ChartQuery

# A stacked area's total among its series (`_kept_by_series`): no column's name, which is text.
TOTAL = object()


def line(query: ChartQuery, pixels: int) -> pd.DataFrame:
    """The rows of a line or area chart `pixels` pixel columns wide: M4's when there are more than
    four a column, else every row."""
    spec, f = query.spec, query.functions
    x = query.col(spec.x)
    # The rows' columns, x first: a y that is x is drawn from x's own column (its extremes in a
    # pixel column are the first and last x M4 keeps anyway), as `ChartSpec.columns` reads it.
    names = list(spec.columns())
    ys = query.thinned_values(names[1:])  # a stack's total last, found but not drawn
    x_type = query.relation.type_of(spec.x)
    source = query.relation.selectable
    whole = THIN_ABOVE_POINTS_PER_COLUMN * pixels
    if not _more_rows_than(query, whole):
        return query.fetch(names, pixels, [query.x_order()])
    if is_running(spec) and refuse_running(query, _rows_within(query)):  # refused by its count, before thinning
        return query.fetch(names, pixels, [query.x_order()])  # a split's wide table drawn whole
    lo = epoch_of(spec.xmin) if spec.xmin is not None else None
    hi = epoch_of(spec.xmax) if spec.xmax is not None else None
    thinned = f.thinned_line(query.conn, source, x, ys, query.where, x_type, pixels, lo, hi)
    if thinned is None:  # no rows after all
        return query.fetch(names, pixels, [query.x_order()])
    found, lo, per_second = thinned.found, thinned.lo, thinned.per_second  # the columns its rows were found in
    frame = rows_frame(query.columns(names), [row[:len(names)] for row in found.rows])
    # Rows of the same x by their y too, as `ChartQuery.fetch` orders them.
    frame = frame.sort_values(names, kind="stable").drop_duplicates().reset_index(drop=True)
    # The database found every row of the x it keeps in a pixel column: of several rows of one x
    # (two readings of one time), those the frame path keeps of every row in that order.
    kept = _kept_by_series(query, frame, lo, per_second, pixels)
    frame = frame.iloc[np.unique(np.concatenate(kept))].reset_index(drop=True)
    if (len(spec.y) > 1 and not query.stacked_area and len(frame) <= whole and found.total <= query.cap(pixels)
            and not _every_row_drawn_alone(query, frame, lo, per_second, pixels)):
        # Drawn whole (few enough rows), each series would pass through rows only another
        # series keeps; thinned in memory from every row, each keeps its own. A stack draws every
        # series over the same rows: these, whole or thinned again (`plots.downsample.thinned_stack`).
        return query.fetch(names, pixels, [query.x_order()])
    return as_drawn(frame, Drawn(rows=found.total, end_runs=found.end_runs))


def _every_row_drawn_alone(query: ChartQuery, frame: pd.DataFrame, lo: float, per_second: float,
                           pixels: int) -> bool:
    """Whether thinning each series alone over `frame` (`_kept_by_series`) keeps every row of it: a
    frame of at most four rows per pixel column is drawn whole, and then draws each series as its own
    thinning would. A y that is x is left out: every row of it lies on one diagonal, which it draws
    through any of them alike."""
    kept = _kept_by_series(query, frame, lo, per_second, pixels)
    return all(len(rows) == len(frame) for name, rows in zip(dict.fromkeys(query.spec.y), kept)
               if name != query.spec.x)


def _kept_by_series(query: ChartQuery, frame: pd.DataFrame, lo: float, per_second: float,
                    pixels: int) -> list[np.ndarray]:
    """The rows of `frame` (sorted by x, then its ys) that `plots.downsample.thin_line` keeps of each
    series (a y that is x by x itself), and of a stacked area's total last (`plots.downsample.stack_total`):
    per pixel column its first and last rows and the first ones holding its lowest and highest value,
    of the rows with a value, and the rows without one that break its line between columns
    (`gaps_between_columns`; of a stacked area, each column's first and last such row)."""
    xs = axis_numbers(frame[query.spec.x].to_numpy())
    column = np.floor((xs - lo) * per_second)
    kept = []
    series = {name: frame[name] for name in dict.fromkeys(query.spec.y)}
    if query.stacked_area:
        series[TOTAL] = stack_total(frame, query.spec)
    for name, values in series.items():
        # Integers compared as integers, as `thin_line` compares them (`compared_values`).
        y, missing = (xs, np.isnan(xs)) if name == query.spec.x else compared_values(values)
        present = np.flatnonzero(~missing)
        rows = present[m4(y[present], column_starts(xs[present], lo, per_second, pixels))]
        if len(present) < len(y) and query.stacked_area:
            # Each column's first and last row without a value, found by the database whatever the
            # rows between them (`plots.downsample.thinned_stack`).
            rows = np.union1d(rows, missing_column_ends(missing, column))
        elif len(present) < len(y):
            rows = gaps_between_columns(rows, np.where(missing, np.nan, 0.0), column)
        kept.append(rows)
    return kept


def refuse_running(query: ChartQuery, rows: int, narrower: Sequence[ColumnElement] = ()) -> bool:
    """Raise the refusal of a rolling mean or running total of a line of `rows` rows within its WHERE
    clauses (and `narrower` ones), more than its chart draws whole (`plots.running_values.running_thinned`):
    refused by the count, alike on every path, before the rows M4 would keep, which no mean or total is
    taken of, are found. Nothing where none is asked, or the line is drawn whole.

    A split's line (`Relation.split_by`) is counted by its wide table's rows, as a frame's is: where its
    long rows are too many, its wide table's are counted (`_wide_rows`, one statement more, on that count
    alone), and where those are few enough, True: every row is to be read, which the caller reads."""
    x_is_time = query.relation.type_of(query.spec.x) == "datetime"
    refused = running_thinned(query.spec, rows, x_is_time)
    if refused is None:
        return False
    if query.relation.split_by is not None:
        refused = running_thinned(query.spec, _wide_rows(query, narrower), x_is_time)
        if refused is None:
            return True
    raise refused


def _wide_rows(query: ChartQuery, narrower: Sequence[ColumnElement] = ()) -> int:
    """How many rows a split's line within the WHERE clauses (and `narrower` ones) has in its wide table,
    as `plots.series_split.split_rows` sets them: at each x as many as its longest series has there."""
    x = query.col(query.spec.x)
    counts = (select(x.label("x"), func.count().label("n")).select_from(query.relation.selectable)
              .where(*query.where, *narrower).group_by(x, query.col(query.relation.split_by)).subquery())
    longest = select(func.max(counts.c.n).label("n")).group_by(counts.c.x).subquery()
    return int(query.conn.execute(select(func.coalesce(func.sum(longest.c.n), 0))).scalar_one())


def _rows_within(query: ChartQuery) -> int:
    """How many rows are within the WHERE clauses, in one statement (a count)."""
    probe = select(literal(1)).select_from(query.relation.selectable).where(*query.where).subquery()
    return query.conn.execute(select(func.count()).select_from(probe)).scalar_one()


def _more_rows_than(query: ChartQuery, count: int) -> bool:
    """Whether more than `count` rows are within the WHERE clauses: a count that stops after
    `count` + 1 of them, not a scan of every row."""
    probe = (select(literal(1)).select_from(query.relation.selectable).where(*query.where)
             .limit(count + 1).subquery())
    return query.conn.execute(select(func.count()).select_from(probe)).scalar_one() > count
