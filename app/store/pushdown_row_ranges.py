"""A line of a big stored dataset whose x never decreases in the order its rows were added, thinned
over ranges of row ids.

A stored dataset's rows are numbered as they are added (their row id) and only ever appended, and
a time series is most often appended in time order: its x then never decreases by row id. The
rows within the chart's x bounds are then one range of row ids, and so are the rows of each pixel
column: both are found by searching row ids (`row_searches`), a few dozen statements that each read
the x of a few hundred rows by their row id, where reading the rows in x order meant reading (or
sorting) every row. Per pixel column one statement then finds, over its range of row ids, the
rows M4 keeps of each series (its first and last row with a value, the first holding its lowest
and its highest value), and per gap between two columns the first row without a value: the rows
`plots.downsample.thin_line` keeps of the frame sorted by x, which is the frame in the order its
rows were added (found by `row_range_m4`). Only those rows leave the database.

Whether x is in row order is found by one pass over the rows (`row_order.x_in_row_order`),
remembered for the store's engine and the rows table's column, and carried on over the rows
appended since: a later version's first chart checks only the rows it adds. Used where the
database's functions say so (`thins_over_row_ranges`: SQLite's), by
`stored_pushdown.StoredChartQuery._line`, which it hands the rows it finds and the rows beyond the
chart's bounds (`RowRangeLine`).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from sqlalchemy import ColumnElement, and_, select, true

from plots.downsample import THIN_ABOVE_POINTS_PER_COLUMN, column_scale, epoch_of, rows_of_series
from plots.rows import Drawn, as_drawn

from .pushdown_m4 import refuse_running
from .row_order import x_in_row_order
from .row_range_m4 import kept_rows
from .row_searches import LISTED_ROWS, RowSearch
from .source_conditions import where_clauses

if TYPE_CHECKING:
    from .stored_pushdown import StoredChartQuery

# A line of no more rows than this a pixel column is read and thinned in memory
# (`StoredChartQuery.thinned_here`), as quick as a statement a pixel column: with 640 columns,
# both took 0.5 s for 200,000 rows of a line of 2,000,000 (benchmarks/stored_pushdown.py's
# dataset); 60,000 rows took 0.15 s read, 0.4 s by columns.
READ_ROWS_PER_COLUMN = 200


@dataclass(frozen=True)
class RowRangeLine:
    """A line's rows as `line` found them, and the row ids of the rows with an x just before its
    window and just after it (-1: none), for `StoredChartQuery._nearest` to find the rows beyond
    its bounds from (None: not found so)."""

    rows: pd.DataFrame
    rows_beyond: tuple[int, int] | None = None


def line(query: StoredChartQuery, pixels: int) -> RowRangeLine | None:
    """The rows of a line or area chart `pixels` pixel columns wide whose x never decreases by row
    id (`x_in_row_order`), as `StoredChartQuery._line` gives them: every row when there are no
    more than four a pixel column, else those `thin_line` keeps of each series; None where x is
    not in row order. The rows within the bounds are read and thinned in memory where they are
    few (`READ_ROWS_PER_COLUMN`), or where the first or last one's x lies beyond its bound's epoch
    seconds (a double's seconds far from 1970 tell no microseconds apart, and `thin_line` then
    leaves rows out).

    Raises SpecError (422) for more rows than the chart may draw values of, as the frame path does.
    """
    spec, table = query.spec, query.relation.selectable
    names = list(spec.columns())
    if not x_in_row_order(query.conn, table, query.col(spec.x)):
        return None
    # The conditions on x itself (the chart's bounds, a time range on it) hold from some row on, or
    # up to some row; the others (filters) are for the WHERE clauses alone.
    bounds = {op: [c for c in query.conditions if c.column == spec.x and c.op == op] for op in (">=", "<=")}
    flags = [and_(*where_clauses(query.relation, query.functions, bounds[op])) if bounds[op] else true()
             for op in (">=", "<=")]
    search = RowSearch(query, flags)
    if search.end_row([]) is None:  # the first and last rows with an x: where the searches start
        return RowRangeLine(query.frame_of(names, []))
    search.end_row([], last=True)
    guides = [np.array([max((epoch_of(c.value) for c in bounds[op]), default=np.nan) if op == ">="
                        else min((epoch_of(c.value) for c in bounds[op]), default=np.nan)]) for op in (">=", "<=")]
    # The first row within the lower bounds and the last within the upper ones, and the rows with
    # an x just beyond them: those a line runs on to where no other condition chooses rows, else
    # where its search for them starts (`StoredChartQuery._nearest`).
    ((before,), (start,)), ((end,), (after,)) = search.find([(lambda xs, f: f[:, 0], np.array([1.0]), guides[0]),
                                                             (lambda xs, f: 1 - f[:, 1], np.array([1.0]), guides[1])])
    return RowRangeLine(_rows_between(query, search, pixels, int(start), int(end)), (int(before), int(after)))


def _rows_between(query: StoredChartQuery, search: RowSearch, pixels: int, start: int, end: int) -> pd.DataFrame:
    """`line`'s rows within the row ids `start` to `end`, those of the chart's bounds (none where
    either is -1 or `start` is past `end`)."""
    spec = query.spec
    names = list(spec.columns())
    rowid = query.relation.selectable.c.rowid
    if start < 0 or end < 0 or start > end:
        return query.frame_of(names, [])
    span = [rowid.between(start, end)]
    if end - start < THIN_ABOVE_POINTS_PER_COLUMN * pixels:
        return query.fetch(names, pixels, [], span)
    if end - start < READ_ROWS_PER_COLUMN * pixels:
        # No more rows than the span holds, few enough to read and thin here: read once, and counted
        # as they are read, where a count of them first scanned the span twice.
        cap = query.cap(pixels)
        rows = query.plain_rows(names, span, cap + 1)
        if len(rows) > cap:
            raise query.over(pixels, span)
        if len(rows) <= THIN_ABOVE_POINTS_PER_COLUMN * pixels:
            return query.frame_of(names, rows)
        if refuse_running(query, len(rows), span):  # a split's wide table drawn whole
            return query.frame_of(names, rows)
        return query.thinned_here(pixels, span, rows)
    total = query.count_within(span)
    if total > query.cap(pixels):
        raise query.over(pixels, rows=total)
    whole = refuse_running(query, total, span)  # by the count, before the rows M4 keeps are found
    if whole or total <= THIN_ABOVE_POINTS_PER_COLUMN * pixels:
        return query.fetch(names, pixels, [], span)
    if total <= READ_ROWS_PER_COLUMN * pixels:
        return query.thinned_here(pixels, span)
    first, last = search.end_row([*query.where, *span]), search.end_row([*query.where, *span], last=True)
    lo = epoch_of(spec.xmin) if spec.xmin is not None else search.epoch(first)
    hi = epoch_of(spec.xmax) if spec.xmax is not None else search.epoch(last)
    if search.epoch(first) < lo or search.epoch(last) > hi:
        return query.thinned_here(pixels, span)
    per_second = column_scale(lo, hi, pixels)

    def pixel_column(xs: np.ndarray, flags: np.ndarray | None = None) -> np.ndarray:
        # As `thin_line` places the rows (`column_starts`), which places none outside the columns here.
        return np.floor((xs - lo) * per_second)

    # The first row of each pixel column after the first row's: where the one before ends.
    columns = np.arange(pixel_column(search.epoch(first)) + 1, pixel_column(search.epoch(last)) + 1)
    ((_, starts),) = search.find([(pixel_column, columns, lo + columns / per_second if len(columns) else columns)])
    edges = np.unique(np.concatenate(([first], starts)))
    kept = kept_rows(query, list(zip(edges.tolist(), (np.append(edges[1:], last + 1) - 1).tolist())))
    union = rows_of_series(kept, pixels)
    if union is None:  # every row, for drawing to thin (`StoredChartQuery.thinned_here`)
        return query.frame_of(names, query.plain_rows(names, span))
    rows = []
    loaded = [query.loaded(n) for n in names]
    for i in range(0, len(union), LISTED_ROWS[-1]):
        part = union[i:i + LISTED_ROWS[-1]].tolist()
        with query.conn.execute(select(*loaded).where(rowid.in_(part)).order_by(rowid)) as result:
            rows += result.cursor.fetchall()
    runs = _end_runs(query, search, [*query.where, *span], first, last)
    return as_drawn(query.frame_of(names, rows), Drawn(rows=total, end_runs=runs))


def _end_runs(query: StoredChartQuery, search: RowSearch, where: list[ColumnElement], first: int,
              last: int) -> tuple[bool, bool]:
    """Whether the row with an x within `where` after the `first` one shares its x, and the one
    before the `last` shares that one's: x never decreases by row id, so several rows sharing the
    line's first or last x follow one another (`Drawn.end_runs`, which the rows kept no longer tell)."""
    rowid = query.relation.selectable.c.rowid
    second = search.end_row([*where, rowid > first])
    next_to_last = search.end_row([*where, rowid < last], last=True)
    ids = [first, last, *(i for i in (second, next_to_last) if i is not None)]
    x = query.spec.x
    with query.conn.execute(select(rowid, query.loaded(x)).where(rowid.in_(ids))) as result:
        found = result.cursor.fetchall()
    xs = dict(zip((row[0] for row in found), query.frame_of([x], [row[1:] for row in found])[x]))
    return (second is not None and xs[second] == xs[first],
            next_to_last is not None and xs[next_to_last] == xs[last])
