"""Charts of a big stored dataset computed by the database that keeps it, as a source's are.

A stored dataset of more than `PUSHDOWN_ABOVE_ROWS` rows is not read whole into a frame for a
chart: the queries that compute a source dataset's charts (`pushdown`: WHERE clauses for bounds,
ranges and filters, GROUP BY for resampled dates, bar categories and histogram bins, M4 per pixel
column for lines) run on its rows table, in the read transaction that read its description. That
transaction is one snapshot, so the rows the queries see are those of the version it read: rows
are only appended, and the version's are all the table holds there, as the frame read in such a
snapshot holds them (`sql_frames`).

The queries read the table as `stored_values` says its values read in SQL: each column by the
dataset's column name and text with line feeds (`StoredRelation`), each value as it is (the stored
functions). Rows read as they are come in the order they were added (`Relation.row_order`), for
`chart_frame` to shape as it shapes the frame.

Where the database's answer could differ from the frame path's, it is not given: a chart of more
values than a chart may draw is refused in the frame path's words, the values counted by the
database as `chart_frame` counts them (`StoredChartQuery.over`), and a line keeps the rows the
frame path's thinning keeps: on SQLite, those found over ranges of row ids where x never
decreases by row id (`pushdown_row_ranges`); on PostgreSQL, M4's where no x it keeps repeats;
else the rows of the chart's columns read and thinned here (`StoredChartQuery._line`). A bounded
line runs on to the rows beyond its bounds found by row id from those the search over row ids
found where it searched, a filter's or a split's rows left out too (`StoredChartQuery._nearest`):
the rows table has no index on x, and the query of each by x reads every row. Sums and means of
floats are the database's, which adds them otherwise than pandas: they may differ in their last
bit, as a source dataset's do, and draw alike.

A chart split by a text column (`series=region`) is computed as a source's (`pushdown_series`): the
column of each series an expression over the rows table itself (`StoredRelation.with_columns`), so
that a line of them is thinned over ranges of row ids, or by M4 where no x repeats within a series.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

import numpy as np
import pandas as pd
from sqlalchemy import ColumnElement, Connection, Select, and_, func, literal, not_, or_, select, tuple_

from plots import ChartSpec, Limits, SpecError
from plots.axis_limits import end_runs
from plots.bar_order import bars_capped
from plots.data import refuse_too_many_periods, too_many_values
from plots.downsample import THIN_ABOVE_POINTS_PER_COLUMN, rows_of_series, stack_total, thin_line
from plots.resampling import FILLED_AGGREGATES, PERIOD_LENGTHS, period_start, periods_spanned
from plots.rows import Drawn, as_drawn, drawn_of
from plots.selection import Selection

from . import pushdown, pushdown_groups, pushdown_m4, pushdown_query, pushdown_row_ranges
from .frames import columns_frame, columns_of
from .pushdown_series import KeptSeries
from .source_conditions import Condition, rows_where, selection_conditions, spec_conditions, where_clauses
from .source_values import rows_frame
from .stored_values import stored_functions, stored_relation
from .types import Column

class StoredChartQuery(pushdown_query.ChartQuery):
    """A source chart's queries over a stored dataset's rows, refusing as the frame path refuses
    (`over`), and its lines thinned to the rows the frame path's thinning keeps (`_line`; over
    ranges of row ids by `pushdown_row_ranges`, which counts, reads and thins the rows it finds
    through `count_within`, `plain_rows`, `frame_of` and `thinned_here`)."""

    # The row ids of the rows with an x just before a line's window and just after it (-1: none),
    # where its row-id search found them (`pushdown_row_ranges.line`); None: not found so.
    rows_beyond: tuple[int, int] | None = None

    def over(self, pixels: int | None, narrower: Sequence[ColumnElement] = (),
             rows: int | Callable[[], int] | None = None) -> Exception:
        """`chart_frame`'s refusal of more values than a chart may draw (`too_many_values`), for its
        image and its data alike, counting them as it does: the rows within the WHERE clauses (and
        `narrower` ones), or for a resample the periods it makes (`_periods`); a histogram's data
        counts the rows with a value its bins count, a split's its wide rows holding one times its
        series, read one past the cap at most (`pushdown_histograms.counted_rows`, which passes them
        as `rows`, or how to count them). One query more, on a refusal only, unless the caller counted
        the `rows` already: the rows are counted, never read."""
        resampled = self.kind.uses_x and self.spec.x and self.spec.resample
        try:
            if rows is None:
                rows = self._periods() if resampled else self.count_within(narrower=narrower)
            elif callable(rows):
                rows = rows()
        except SpecError as refusal:  # too many periods, which the frame path refuses first
            return refusal
        return too_many_values(self.spec, self.limits, rows * self.values_a_row(), self.x_is_time(),
                               self.relation.split_by)

    def _periods(self) -> int:
        """How many periods `chart_frame` resamples the rows into: for sum and count every period from
        the first row's to the last's, refused first where they are too many
        (`refuse_too_many_periods`, SpecError); for another aggregate, those holding a value. A
        bounded line's within its own bounds (`window`) alone, as `chart_frame` counts them, not
        those of the rows either side of them its periods are made whole of (`_periods_within`)."""
        spec = self.spec
        if spec.agg in FILLED_AGGREGATES:
            span = pushdown_groups.moments_span(self)
            if span is None:
                return 0
            refuse_too_many_periods(spec, self.limits, span, bars_capped(spec))
            return periods_spanned(*span, spec.resample) if self.window is spec else self._periods_within()
        period = self.functions.period(self.col(spec.x), spec.resample)
        valued = or_(*(self.value(name).is_not(None) for name in spec.y))
        where = self.where if self.window is spec else self._rows_of_periods_within()
        return self.conn.execute(select(func.count(func.distinct(period))).select_from(self.relation.selectable)
                                 .where(*where, period.is_not(None), valued)).scalar_one()

    def _periods_within(self) -> int:
        """How many periods a bounded line by sum or count has within its bounds (`window`): each
        starting within them, from the first row's period to the last's, whatever the bounds, as
        `plots.data.periods_filled_to` fills a line's periods out to the bounds the rows lie beyond."""
        span, within = pushdown_groups.span_and_values(self, ())[0], _period_starts_within(self.window)
        if span is None or within is None:
            return 0
        start, last = period_start(span[0], self.spec.resample), span[1]
        low = start if within[0] is None else max(within[0], start)
        high = last if self.window.xmax is None else min(last, self.window.xmax)
        return periods_spanned(low, high, self.spec.resample) if low <= high else 0

    def _rows_of_periods_within(self) -> list[ColumnElement]:
        """The WHERE clauses of the rows of the periods starting within a bounded line's own bounds
        (`window`): `_period_starts_within` as xmin and xmax."""
        within = _period_starts_within(self.window)
        if within is None:
            return [literal(False)]
        rows = dataclasses.replace(self.window, xmin=within[0], xmax=within[1])
        return rows_where(self.relation, self.functions, (*spec_conditions(rows), *self.chosen))

    def rows(self, pixels: int | None) -> pd.DataFrame:
        spec = self.spec
        if (self.kind.series and spec.x and pixels is not None and not spec.resample
                and self.relation.type_of(spec.x) != "text"):
            return self._line(pixels)
        frame = super().rows(pixels)
        counted = drawn_of(frame).rows if self.kind.values_on_x and pixels is not None else 0
        if counted > self.cap(pixels):
            # A histogram's bins are counted here, but `chart_frame` refuses one of more values than
            # a chart may draw: of the rows holding a value its bins count (`Drawn.rows`).
            raise too_many_values(spec, self.limits, counted * self.values_a_row(), self.x_is_time(),
                                  self.relation.split_by)
        return frame

    def fetch(self, names: list[str], pixels: int | None, order: list[ColumnElement],
              narrower: Sequence[ColumnElement] = (), capped: bool = True) -> pd.DataFrame:
        """`ChartQuery.fetch` (at most the cap's rows, else its error; every one where not `capped`), in
        the order rows were added and read as the frame reads them: plain tuples from the driver's
        cursor, each column turned into its type whole (`frames.columns_frame`). A stored column
        holds values of its type alone, where a source's is read value by value (its text in a
        column of dates may be any)."""
        cap = self.cap(pixels)
        rows = self.plain_rows(names, narrower, cap + 1 if capped else None)
        if capped and len(rows) > cap:
            raise self.over(pixels, narrower)
        return self.frame_of(names, rows)

    def plain_rows(self, names: Sequence[str], narrower: Sequence[ColumnElement] = (),
                    limit: int | None = None) -> list[tuple]:
        """The columns (as `loaded`) of the rows within the WHERE clauses and `narrower` ones, in
        the order they were added, as plain tuples: no Row object per row, as `sql_frames` reads them."""
        query = (select(*(self.loaded(n) for n in names)).select_from(self.relation.selectable)
                 .where(*self.where, *narrower).order_by(self.row_order))
        with self.conn.execute(query if limit is None else query.limit(limit)) as result:
            return result.cursor.fetchall()

    def frame_of(self, names: Sequence[str], rows: Sequence[tuple]) -> pd.DataFrame:
        """Rows of the columns `names` as the frame path's frame holds them (`frames.columns_frame`); a
        split's columns of each series, NULL in other series' rows, as a source's (`rows_frame`)."""
        if not self.relation.nullable.intersection(names):
            return columns_frame(self.columns(names), columns_of(rows, len(names)))
        return rows_frame(self.columns(names), rows)

    def _line(self, pixels: int) -> pd.DataFrame:
        """A line's or area's rows: every row when there are no more than four a pixel column, else
        those M4 keeps of each series, as `plots.downsample.thin_line` keeps them of the frame.

        The frame's rows of one x stay in the order they were added, and of several rows holding a
        column's extreme the first by x is kept. On SQLite, where x never decreases by row id (a
        series appended in time order), the database finds those rows over ranges of row ids
        (`pushdown_row_ranges`). PostgreSQL's M4 (`pushdown_m4`) keeps the same rows where no x
        repeats, which the pass that counts the rows tells, before M4 runs (`_rows_and_xs`).
        SQLite's M4 is slower than reading the rows (each pass works out every row's moment
        again), and keeps of rows holding one extreme the first it reads, not the first by x:
        there, where x goes back by row id, and where an x repeats on PostgreSQL, the rows are
        read, of the chart's columns alone, and thinned here (`thinned_here`).
        """
        if self.functions.thins_over_row_ranges:
            in_row_order = pushdown_row_ranges.line(self, pixels)  # None where x is not in row order
            if in_row_order is not None:
                if in_row_order.rows_beyond is not None:
                    self.rows_beyond = in_row_order.rows_beyond
                return in_row_order.rows
        if any(condition.op != "not null" for condition in self.conditions):
            # A range, bounds or filters often leave a line no more rows than drawing keeps whole:
            # read at once, at most one more than those, where a count of them scanned the rows they
            # chose first (x has no index) and the read scanned them again.
            few = self.few_rows(pixels)
            if few is not None:
                return few
        cap = self.cap(pixels)
        # Every row counted, not only up to one past the cap: a count that stops there scans them
        # all the same when they are fewer, and when they are more the refusal says how many.
        if self.conn.dialect.name == "postgresql":
            rows, xs = self._rows_and_xs()
        else:
            rows, xs = self.count_within(), None
        if rows > cap:
            raise self.over(pixels, rows=rows)
        whole = pushdown_m4.refuse_running(self, rows)  # by the count, before any row is read
        if whole or rows <= THIN_ABOVE_POINTS_PER_COLUMN * pixels:
            return self.fetch(list(self.spec.columns()), pixels, [])
        if xs == rows:  # no x repeats
            return pushdown_m4.line(self, pixels)
        return self.thinned_here(pixels)

    def few_rows(self, pixels: int) -> pd.DataFrame | None:
        """A line's rows within the WHERE clauses where they are no more than four a pixel column (nor
        past the cap), which drawing keeps whole, read in one statement that stops at one more; None
        where there are more, for the caller to count them."""
        names = list(self.spec.columns())
        most = min(THIN_ABOVE_POINTS_PER_COLUMN * pixels, self.cap(pixels))
        rows = self.plain_rows(names, limit=most + 1)
        return self.frame_of(names, rows) if len(rows) <= most else None

    def _nearest(self, names: list[str], bound: Condition, last: bool) -> pd.DataFrame | None:
        """`ChartQuery._nearest`, found by row id from the row the row-id search found beyond the
        bound (`rows_beyond`): the rows table has no index on x, and the query by x reads every row.

        x never decreases by row id there, so that the rows with an x beyond the bound are those up
        to that row (from it, after xmax), and of those within the other WHERE clauses (a filter's,
        a split's drawn series': `Relation.rows_of`) the last by row id (the first, after xmax) is
        the one the query by x finds, the last added of those of the nearest x: found by a search
        of row ids back (on) from it, which stops at the first it reads, the row itself where no
        other clause chooses rows; None where none of those lies beyond the bound."""
        if self.rows_beyond is None:
            return super()._nearest(names, bound, last)
        rowid = self.rows_beyond[0 if last else 1]
        if rowid < 0:
            return None
        beyond = not_(and_(*where_clauses(self.relation, self.functions, [bound])))
        query = (select(*(self.loaded(n) for n in names)).select_from(self.relation.selectable)
                 .where(*self.where_unbounded, beyond, self.row_order <= rowid if last else self.row_order >= rowid)
                 .order_by(self.row_order.desc() if last else self.row_order.asc()).limit(1))
        if self.relation.split_by is not None:
            query = self._rows_of_one_x(names, query, last)
        rows = self.conn.execute(query).all()
        return self.frame_of(names, [tuple(row) for row in rows]) if rows else None

    def _rows_of_one_x(self, names: list[str], nearest: Select, last: bool) -> Select:
        """The rows of a split's line (`ChartQuery._nearest`) at the x of the row `nearest` finds, each
        series' own, in the order they were added: the rows of one x lie together by row id, found by
        a search back (on) from that row to the first of another x, which reads those rows alone."""
        order, x = self.row_order, self.col(self.spec.x)
        found = nearest.with_only_columns(order.label("at_row"), x.label("at_x")).subquery()
        rowid, at = select(found.c.at_row).scalar_subquery(), select(found.c.at_x).scalar_subquery()
        # The row id of the nearest row of another x before (after) those: none, the table's end.
        other = (select(order).select_from(self.relation.selectable)
                 .where(order < rowid if last else order > rowid, x < at if last else x > at)
                 .order_by(order.desc() if last else order.asc()).limit(1).correlate(None).scalar_subquery())
        span = (order > func.coalesce(other, -1), order <= rowid) if last else (
            order >= rowid, order < func.coalesce(other, 2**63 - 1))
        return (select(*(self.loaded(n) for n in names)).select_from(self.relation.selectable)
                .where(*self.where_unbounded, *span, x == at).order_by(order))

    def count_within(self, narrower: Sequence[ColumnElement] = ()) -> int:
        """How many rows are within the WHERE clauses and `narrower` ones: each caller needs how many,
        where whether any lies within the chart's bounds is `any_within`'s EXISTS."""
        probe = select(literal(1)).select_from(self.relation.selectable).where(*self.where, *narrower)
        return self.conn.execute(select(func.count()).select_from(probe.subquery())).scalar_one()

    def _rows_and_xs(self) -> tuple[int, int]:
        """How many rows are within the WHERE clauses (each has an x), and how many distinct x they
        hold (a split's: distinct x and series), in one pass."""
        x = self.col(self.spec.x)
        if self.relation.split_by is not None:
            # A split's series each hold their own rows: x repeats across them, not within one.
            x = tuple_(x, self.col(self.relation.split_by))
        return tuple(self.conn.execute(select(func.count(), func.count(func.distinct(x)))
                                       .select_from(self.relation.selectable).where(*self.where)).one())

    def thinned_here(self, pixels: int, narrower: Sequence[ColumnElement] = (),
                     rows: Sequence[tuple] | None = None) -> pd.DataFrame:
        """The chart's rows read in the order they were added, as the frame reads them (plain tuples
        from the driver's cursor, `frames.columns_frame`), sorted by x as `chart_frame` sorts them
        and thinned per series (and a stacked area's total) by `thin_line`: as drawn, the rows some series keeps, when each
        series keeps them all or when they are more than four a pixel column (drawing thins each
        series of them to the same rows again); else every row, for drawing to thin.

        Every row of the chart's columns is held at once until it is thinned, which needs them
        sorted by x: read in pieces, they would be held together all the same. `rows`: those rows of
        the chart's columns, read already."""
        spec = self.spec
        names = list(spec.columns())
        frame = self.frame_of(names, self.plain_rows(names, narrower) if rows is None else rows)
        if not frame[spec.x].is_monotonic_increasing:
            frame = frame.sort_values(spec.x, kind="stable", ignore_index=True)
        xs = frame[spec.x].to_numpy()
        kept = []
        # The column itself, not its doubles: integers are compared as integers (`thin_line`); a
        # stacked area's total too (`plots.downsample.thinned_stack`).
        series = [frame[name] for name in spec.y] + ([stack_total(frame, spec)] if self.stacked_area else [])
        for values in series:
            chosen = thin_line(xs, values, pixels, spec.xmin, spec.xmax, missing_at_column_ends=self.stacked_area)
            kept.append(np.arange(len(frame)) if chosen is None else chosen)
        union = rows_of_series(kept, pixels)
        if union is None:
            return frame
        return as_drawn(frame.iloc[union].reset_index(drop=True),
                        Drawn(rows=len(frame), end_runs=end_runs(frame[spec.x])))


def _period_starts_within(window: ChartSpec) -> tuple[datetime | None, datetime | None] | None:
    """The first and last moment of the rows whose resample periods start within the x bounds of
    `window` (a resampled line's), each None where unbounded: the first period start at or after
    xmin, and the moment before the period after the one xmax falls in. None where no period starts
    at or after xmin before the calendar's end."""
    step = window.resample
    low = high = None
    if window.xmin is not None:
        low = period_start(window.xmin, step)
        if low < window.xmin:
            try:
                low += PERIOD_LENGTHS[step]
            except (OverflowError, ValueError):
                return None
    if window.xmax is not None:
        try:
            high = period_start(window.xmax, step) + PERIOD_LENGTHS[step] - timedelta(microseconds=1)
        except (OverflowError, ValueError):
            high = None
    return low, high


def chart_rows(conn: Connection, dataset_id: int, name: str, columns: Sequence[Column], spec: ChartSpec,
               limits: Limits, pixels: int | None, selection: Selection,
               counted: pushdown.Counted | None = None, kept: KeptSeries | None = None) -> pd.DataFrame:
    """The rows a chart of the stored dataset draws, computed by the database in `conn`'s snapshot
    (see the module's docstring); `pixels`, `counted`, `kept` (the series of a split) and the frame as
    `pushdown.chart_rows` has them.

    Raises SpecError (422) as `chart_frame` does, in its words: for too many bar categories or
    periods, or more values than a chart may draw.
    """
    # The chart's data (JSON, CSV) holds at most the rows of the values a chart may draw (max_rows
    # None): the frame path refuses it past them as it refuses the chart, where a source's data
    # has a cap of its own.
    relation, functions = stored_relation(dataset_id, tuple(columns)), stored_functions(conn.dialect.name)

    # A split chart is computed per series as a source's is (`pushdown_series`): a column per series
    # over the rows table itself (`StoredRelation.with_columns`).
    return pushdown.chart_rows(conn, relation, functions, spec, limits, f"dataset {name!r}", None, pixels,
                               selection_conditions(selection), StoredChartQuery, counted, kept)


def text_values(conn: Connection, dataset_id: int, columns: Sequence[Column], column: str) -> tuple[str, ...]:
    """The distinct values of a stored dataset's text column in `conn`'s snapshot, sorted as the
    frame path sorts them (by code point, not by the database's collation)."""
    value = stored_relation(dataset_id, tuple(columns)).column(column)
    found = conn.execute(select(value).where(value.is_not(None)).distinct()).scalars()
    return tuple(sorted(found))
