"""What every kind of a source dataset's chart shares in asking the database for its rows: the
chart's `ChartQuery`, its connection, relation, WHERE clauses and caps, the plain fetch of its
columns, the rows a line or area runs on to beyond its x bounds, and which of its kinds' queries
(`pushdown_groups`, `pushdown_histograms`, `pushdown_m4`) computes what it draws. `pushdown.chart_rows`
asks it and marks what its rows say besides.
"""
from __future__ import annotations

import dataclasses
import functools
import operator
from collections.abc import Callable, Sequence
from functools import cached_property

import pandas as pd
from sqlalchemy import ColumnElement, Connection, Double, and_, case, cast, func, literal, not_, null, select

from plots import ChartSpec, Limits, kind_of
from plots.data import fewer_values_advice, too_many_values
from plots.rows import drawn_of
from plots.stacking import is_stacked
from plots.x_window import needs_neighbour, with_neighbours

from . import pushdown_groups, pushdown_histograms, pushdown_m4
from .source_conditions import Condition, Relation, rows_where, spec_conditions, where_clauses
from .source_sql import SqlFunctions
from .source_values import rows_frame
from .tied_rows import rows_of_one_x_ordered
from .types import Column, RowsOverLimit


class ChartQuery:
    """The queries of one chart of one source dataset, run on one connection (one snapshot).

    `label` names the dataset and its source in messages; `max_rows` is the most rows an answer
    without pixels (the chart's data as JSON or CSV) may hold, None for as many as a chart may draw
    values of (`cap` with pixels), as a stored dataset's frame path refuses the chart's data and
    the chart alike. `window` is the chart's own spec where `spec` widens its x bounds (a resampled
    line's, `rows_around_periods`): its rows are those within `where_window`.
    """

    def __init__(self, conn: Connection, relation: Relation, functions: SqlFunctions, spec: ChartSpec,
                 limits: Limits, label: str, max_rows: int | None, conditions: Sequence[Condition] = (),
                 window: ChartSpec | None = None):
        self.conn = conn
        self.relation = relation
        self.functions = functions
        self.spec = spec
        self.window = spec if window is None else window
        self.kind = kind_of(spec)
        self.limits = limits
        self.label = label
        self.max_rows = self._drawn_rows() if max_rows is None else max_rows
        self.chosen = tuple(conditions)  # a dashboard's or URL's choice of rows
        self.conditions = (*spec_conditions(spec), *self.chosen)  # what the WHERE clauses are made of
        self.where = rows_where(relation, functions, self.conditions)

    @cached_property
    def where_unbounded(self) -> list[ColumnElement]:
        """The WHERE clauses but the x bounds: the rows a line runs on to beyond them are among these."""
        unbounded = dataclasses.replace(self.spec, xmin=None, xmax=None)
        return rows_where(self.relation, self.functions, (*spec_conditions(unbounded), *self.chosen))

    @cached_property
    def where_window(self) -> list[ColumnElement]:
        """The WHERE clauses of the chart's own x bounds (`window`): those of the rows it shows."""
        if self.window is self.spec:
            return self.where
        return rows_where(self.relation, self.functions, (*spec_conditions(self.window), *self.chosen))

    @property
    def row_order(self) -> ColumnElement | None:
        """The column numbering the rows in the order they were added (`Relation.row_order`), or None."""
        return self.relation.row_order

    def col(self, name: str) -> ColumnElement:
        return self.relation.column(name)

    def x_order(self) -> ColumnElement:
        """x as rows are put in order by it: a source's dates by their moment (`SqlFunctions.moment_key`:
        SQLite's text spells one moment several ways, '…T01:00:00Z', '… 09:00:00', '…+05:30', which
        sort as text apart from their order in time), as the WHERE clauses compare them; any other x,
        and a stored dataset's (`Relation.row_order`; its text of one form), as it is, which an
        index on it serves."""
        x = self.col(self.spec.x)
        return self.functions.moment_key(x) if self.row_order is None and self.x_is_time() else x

    def value(self, name: str) -> ColumnElement:
        """A y column as the chart counts and aggregates it (`SqlFunctions.typed`), as in a fetched
        row (`rows_frame`)."""
        return self.functions.typed(self.col(name), self.relation.type_of(name))

    @cached_property
    def stacked_area(self) -> bool:
        """Whether the chart is an area of several series stacked: thinned per pixel column to the rows
        of each series' extremes and of their total's (`plots.downsample.thinned_stack`)."""
        return self.kind.series and is_stacked(self.spec)

    def thinned_values(self, names: Sequence[str]) -> list[ColumnElement]:
        """What a line's thinning per pixel column keeps each column's extremes of: each of the y
        columns `names` (`value`), then of a stacked area the total of its series (`stack_total`)."""
        values = [self.value(name) for name in names]
        return [*values, self.stack_total()] if self.stacked_area else values

    def stack_total(self) -> ColumnElement:
        """Each row's total of a stacked area's series, as `plots.downsample.stack_total` adds it: their
        values as doubles, in the order the chart names them, a missing one as 0; NULL where every one
        is missing. The same additions in the same order give the same doubles in memory."""
        values = [cast(self.value(name), Double) for name in self.spec.y]
        return cast(self.total(values, literal(0.0, Double)), Double)

    @staticmethod
    def total(values: Sequence[ColumnElement], zero: object = 0) -> ColumnElement:
        """The sum of `values`, added in the order given, a missing one as `zero`; NULL where every one is
        missing: a row's total of a stacked area's series (`stack_total`), and a bar's of its series' values,
        which `sort=value` sorts by (`pushdown_top`), as `plots.bar_order` and `plots.downsample` add them."""
        total = functools.reduce(operator.add, (func.coalesce(value, zero) for value in values))
        return case((and_(*(value.is_(None) for value in values)), null()), else_=total)

    def loaded(self, name: str) -> ColumnElement:
        """A column as its values are read into rows (`Relation.loaded`)."""
        return self.relation.loaded(self.functions, name)

    def columns(self, names: Sequence[str]) -> tuple[Column, ...]:
        return tuple(Column(name, self.relation.type_of(name)) for name in names)

    def x_is_time(self) -> bool:
        """Whether x holds dates and times: the only x resampling applies to."""
        return self.spec.x is not None and self.relation.type_of(self.spec.x) == "datetime"

    # What a chart draws

    def rows(self, pixels: int | None) -> pd.DataFrame:
        """The chart's rows; with `pixels` (pixel columns across the image) lines may be thinned to M4.

        Without pixels (the chart's data as JSON or CSV) at most `max_rows` rows, else RowsOverLimit.
        """
        spec, kind = self.spec, self.kind
        if kind.uses_x and spec.x and spec.resample:
            return pushdown_groups.resampled(self, pixels)
        elif kind.categorical and spec.x:
            return pushdown_groups.categories(self, pixels)
        elif kind.values_on_x:
            return pushdown_histograms.histogram(self) if pixels is not None else pushdown_histograms.counted_rows(self)
        elif kind.series and spec.x and pixels is not None and self.relation.type_of(spec.x) != "text":
            return pushdown_m4.line(self, pixels)
        order = [self.x_order()] if kind.sorted_by_x and spec.x else []
        return self.fetch(list(spec.columns()), pixels, order)

    def cap(self, pixels: int | None) -> int:
        """The most rows an answer may hold: `max_rows` without pixels, else the values a chart may draw."""
        return self.max_rows if pixels is None else self._drawn_rows()

    @cached_property
    def resampled_line(self) -> bool:
        """Whether the chart is a line (or another chart not of bars) of resampled periods: its data, as on
        every path, holds no more of them than the chart may draw, and is refused in the chart's words."""
        return bool(self.kind.uses_x and self.spec.x and self.spec.resample and not self.kind.categorical)

    def periods_read(self, pixels: int | None) -> int:
        """The most periods a resampled line's GROUP BY reads (`pushdown_groups.resampled`): as many as
        its data may hold (`max_rows`), or for its image as many as it may draw where that is more, so
        that a refusal counts them (`refuse_periods`) where no more than one answer holds, the database
        having grouped every row either way; and those of its widened x bounds beyond its own
        (`plots.x_window.rows_around_periods`: the period its xmin falls in and one either side)."""
        most = self.max_rows if pixels is None else max(self.max_rows, self._drawn_rows())
        return most + (3 if self.window is not self.spec else 0)

    def refuse_periods(self, pixels: int | None, within: int | None) -> None:
        """Raise the refusal of a resampled line of more periods within its x bounds (`within`; None:
        more than `periods_read` allows, uncounted) than a chart may draw, in the frame path's words
        for its image and its data alike (`over`); else of its data past `max_rows`, a source's cap of
        one answer (RowsOverLimit). The periods a bounded line runs on to beyond its bounds are not
        counted, as the frame path counts them not."""
        if within is None:
            raise (self.over(pixels) if pixels is not None or self.max_rows >= self._drawn_rows()
                   else self.rows_over_limit())
        if within > self._drawn_rows():
            raise self.over(pixels, rows=within)
        if pixels is None and within > self.max_rows:
            raise self.rows_over_limit()

    def _drawn_rows(self) -> int:
        """The most rows of the values a chart may draw (`Limits.max_points`, over its series)."""
        return self.limits.max_points // self.values_a_row()

    def values_a_row(self) -> int:
        """How many values a row holds, as a chart counts those it may draw: one per y column, but one
        of a split's (`Relation.split_by`), whose row holds the value of its own series alone, as the
        wide table of those series counts its rows' cells."""
        return 1 if self.relation.split_by is not None else max(1, len(self.spec.y))

    def over(self, pixels: int | None, narrower: Sequence[ColumnElement] = (),
             rows: int | Callable[[], int] | None = None) -> Exception:
        """The error for an answer of more rows than `cap(pixels)` (of those within the WHERE clauses
        and `narrower` ones), saying how to ask for fewer. A chart's is the frame path's refusal
        (`too_many_values`), of the values of `rows` where the caller counted them (or gave how to count
        them, asked only where the words say them), else of more than the limit: the query stopped
        reading one row past the cap. A resampled line's data is refused as its chart is (`resampled_line`)."""
        if pixels is None and not self.resampled_line:
            return self.rows_over_limit()
        values = None if rows is None else (rows() if callable(rows) else rows) * self.values_a_row()
        return too_many_values(self.spec, self.limits, values, self.x_is_time(), self.relation.split_by)

    def rows_over_limit(self) -> RowsOverLimit:
        """The error for the chart's data of more rows than `max_rows`, saying how to ask for fewer."""
        advice = fewer_values_advice(self.spec, self.x_is_time(), self.relation.split_by)
        return RowsOverLimit(f"this chart of {self.label} has more than {self.max_rows:,} rows, the most one "
                             f"answer of a source dataset holds; {advice}")

    def fetch(self, names: list[str], pixels: int | None, order: list[ColumnElement],
              narrower: Sequence[ColumnElement] = (), capped: bool = True) -> pd.DataFrame:
        """The columns' rows within the WHERE clauses (and `narrower` ones), at most the cap (else the cap's
        error); every one where not `capped` (the caller counted those the answer holds)."""
        cap = self.cap(pixels)
        rows, ties_unordered = self._read(names, order, narrower, cap + 1 if capped else None)
        if capped and len(rows) > cap:
            raise self.over(pixels, narrower)
        frame = rows_frame(self.columns(names), rows)
        return rows_of_one_x_ordered(frame, self.spec.x) if ties_unordered else frame

    def frame_of(self, names: Sequence[str], rows: Sequence) -> pd.DataFrame:
        """Rows of the columns `names` as a fetch reads them (`rows_frame`)."""
        return rows_frame(self.columns(names), rows)

    def with_neighbours(self, frame: pd.DataFrame) -> pd.DataFrame:
        """`frame`, a line's or area's rows within its x bounds, with the nearest row before xmin
        and the one after xmax, as `plots.x_window.rows_in_window` adds them to a frame's: one
        indexed query each (ORDER BY x … LIMIT 1; a source's dates by `x_order`), where no row
        lies on the bound. A window no row lies in keeps them only where there is one on each side
        (a stored dataset's rows may be found otherwise: `stored_pushdown.StoredChartQuery._nearest`).
        Rows a database shaped (M4) are marked so (`with_neighbours`); others `chart_frame` finds
        them in again."""
        spec, names = self.spec, list(self.spec.columns())
        x = frame[spec.x]
        before = self._nearest(names, Condition(spec.x, ">=", spec.xmin), last=True) \
            if needs_neighbour(x, spec.xmin) else None
        after = self._nearest(names, Condition(spec.x, "<=", spec.xmax), last=False) \
            if needs_neighbour(x, spec.xmax) else None
        if frame.empty and (before is None or after is None) or (before is None and after is None):
            return frame
        found = [part for part in (before, frame, after) if part is not None]
        joined = pd.concat(found, ignore_index=True)
        joined.attrs = dict(frame.attrs)  # the marks of the rows the database shaped, which concat drops
        if drawn_of(frame) is None:
            return joined
        return with_neighbours(joined, spec.x, 0 if before is None else len(before), 0 if after is None else len(after))

    def _nearest(self, names: list[str], bound: Condition, last: bool) -> pd.DataFrame | None:
        """The row beyond `bound` (an x bound's condition) nearest it, or None: the last by x (and
        of those, the last added, or a source's last by its other columns, as `_read` orders them)
        below xmin when `last`, else the first above xmax.

        A split's (`Relation.split_by`) are the rows of that x, each series' own, in that order: the
        wide table's row there holds each series' value, which a frame's line runs on to, where one
        row held one series' alone. Its x is found by the same ORDER BY … LIMIT 1, in a subquery of
        the one statement, whose rows then are those of one x (an indexed lookup where x has an index)."""
        x, loaded = self.x_order(), [self.loaded(n) for n in names]
        beyond = not_(and_(*where_clauses(self.relation, self.functions, [bound])))
        if self.row_order is not None:
            ties = [self.row_order.desc() if last else self.row_order.asc()]
        else:
            ties = self.tie_order(names, loaded, descending=last)
        order = [x.desc() if last else x.asc(), *ties]
        query = select(*loaded).select_from(self.relation.selectable).where(*self.where_unbounded, beyond)
        if self.relation.split_by is not None:
            nearest = (select(x).select_from(self.relation.selectable).where(*self.where_unbounded, beyond)
                       .order_by(x.desc() if last else x.asc()).limit(1).correlate(None).scalar_subquery())
            ascending = [self.row_order] if self.row_order is not None else self.tie_order(names, loaded)
            rows = self.conn.execute(query.where(x == nearest).order_by(*ascending)).all()
            return self.frame_of(names, [tuple(row) for row in rows]) if rows else None
        query = query.order_by(*order).limit(1)
        rows = self.conn.execute(query).all()
        return self.frame_of(names, [tuple(row) for row in rows]) if rows else None

    def _read(self, names: list[str], order: list[ColumnElement], narrower: Sequence[ColumnElement],
              limit: int | None) -> tuple[list, bool]:
        """At most `limit` rows (None: every one) of the columns (as `loaded`) within the WHERE clauses and `narrower`
        ones, and whether those of one x come in any order, for `fetch` to put them in one (a
        scatter's, ordered by x)."""
        loaded = [self.loaded(n) for n in names]
        query = select(*loaded).select_from(self.relation.selectable).where(*self.where, *narrower)
        ties_unordered = False
        if self.row_order is not None:
            order = [self.row_order]  # `chart_frame` sorts them by x (stably) as it sorts the frame's
        elif order and self.kind.series:
            # A line joins rows of the same x in the order they come, and a database returns rows
            # it sorts as equal in any order: one order for them. (A scatter's are put in it once
            # read, by `fetch`: sorted here, a million SQLite rows of an indexed x took 25 % longer.)
            order = [*order, *self.tie_order(names, loaded)]
        else:
            ties_unordered = bool(order)
        return self.conn.execute(query.order_by(*order).limit(limit)).all(), ties_unordered

    def exists_where(self, clauses: Sequence[ColumnElement]) -> ColumnElement:
        """Whether any of the source's rows meets the WHERE `clauses`: an EXISTS, which stops at the
        first row it finds."""
        return select(literal(1)).select_from(self.relation.selectable).where(*clauses).exists()

    def any_where(self, clauses: Sequence[ColumnElement]) -> bool:
        """Whether any of the source's rows meets the WHERE `clauses`, in a statement of its own (`exists_where`)."""
        return bool(self.conn.execute(select(self.exists_where(clauses))).scalar_one())

    def exists_within(self) -> ColumnElement:
        """Whether any row lies within the chart's own x bounds (`where_window`: x present among them):
        an EXISTS, which stops at the first row it finds."""
        return self.exists_where(self.where_window)

    def any_within(self) -> bool:
        """Whether any row lies within the chart's own x bounds, in a statement of its own (`exists_within`)."""
        return self.any_where(self.where_window)

    def tie_order(self, names: Sequence[str], loaded: Sequence[ColumnElement],
                  descending: bool = False) -> list[ColumnElement]:
        """What orders a source's rows of one x: the `loaded` columns of `names` but x, each with its
        missing values last (first when `descending`, the same order backwards), as PostgreSQL puts
        them and SQLite, which puts them first, is told to: the two databases give one order."""
        return [column.desc().nulls_first() if descending else column.asc().nulls_last()
                for name, column in zip(names, loaded) if name != self.spec.x]
