"""The rows a chart of a source dataset draws, computed by the database that holds them.

Each chart kind asks the database for only what it draws, in SQLAlchemy Core with every value a
bound parameter:
- x bounds (and any other `Condition`, such as a dashboard's time range) become WHERE clauses;
- `resample` + `agg` become a GROUP BY of the truncated date;
- a line or area with more rows than four per pixel column becomes M4: per pixel column
  (`floor((x - xmin) * scale)`, x as epoch seconds for dates, `plots.downsample.column_scale`:
  the columns `plots.downsample.thin_line` uses in memory) the rows with the first and last x and
  each series' lowest and highest y, at most four rows per column a series;
- bar categories are grouped by x, fetched up to one past the category cap;
- a histogram becomes counts per bin, grouped by the bin each value falls in; its data (JSON,
  CSV) the rows holding a value the bins count.
Scatter and box plots read their columns within the WHERE clauses, at most as many values as a
chart may draw. The result is a frame: either one `chart_frame` shapes as for any dataset, or one
marked `as_drawn` (the database shaped it), which is drawn as it is.
"""
from __future__ import annotations

import decimal
import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import (
    ColumnElement,
    Connection,
    Double,
    and_,
    case,
    cast,
    exc,
    func,
    literal,
    or_,
    select,
)

from plots import ChartSpec, Limits, SpecError, kind_of
from plots.data import INT64, fewer_values_advice, hist_edges, periods, sum_too_large, too_many_categories
from plots.downsample import (
    THIN_ABOVE_POINTS_PER_COLUMN,
    axis_numbers,
    column_scale,
    column_starts,
    epoch_of,
    gaps_between_columns,
    m4,
)
from plots.rows import Drawn, as_drawn
from plots.selection import mark_selected

from .source_conditions import Condition, Relation, spec_conditions, where_clauses
from .source_sql import SqlFunctions
from .source_values import rows_frame
from .types import Column, RowsOverLimit


class ChartQuery:
    """The queries of one chart of one source dataset, run on one connection (one snapshot).

    `label` names the dataset and its source in messages; `max_rows` is the most rows an answer
    without pixels (the chart's data as JSON or CSV) may hold.
    """

    def __init__(self, conn: Connection, relation: Relation, functions: SqlFunctions, spec: ChartSpec,
                 limits: Limits, label: str, max_rows: int, conditions: Sequence[Condition] = ()):
        self.conn = conn
        self.relation = relation
        self.functions = functions
        self.spec = spec
        self.kind = kind_of(spec)
        self.limits = limits
        self.label = label
        self.max_rows = max_rows
        self.where = where_clauses(relation, functions, (*spec_conditions(spec), *conditions))

    def col(self, name: str) -> ColumnElement:
        return self.relation.column(name)

    def value(self, name: str) -> ColumnElement:
        """A y column as the chart counts and aggregates it (`SqlFunctions.typed`), as in a fetched
        row (`rows_frame`)."""
        return self.functions.typed(self.col(name), self.relation.type_of(name))

    def loaded(self, name: str) -> ColumnElement:
        """A column as its values are read into rows (`SqlFunctions.loaded`)."""
        return self.functions.loaded(self.col(name), self.relation.type_of(name)).label(name)

    def columns(self, names: Sequence[str]) -> tuple[Column, ...]:
        return tuple(Column(name, self.relation.type_of(name)) for name in names)

    # What a chart draws

    def rows(self, pixels: int | None) -> pd.DataFrame:
        """The chart's rows; with `pixels` (pixel columns across the image) lines may be thinned to M4.

        Without pixels (the chart's data as JSON or CSV) at most `max_rows` rows, else RowsOverLimit.
        """
        spec, kind = self.spec, self.kind
        if kind.uses_x and spec.x and spec.resample:
            grouped = self._resampled(pixels)
            if grouped is not None:
                return grouped
        elif kind.categorical and spec.x:
            return self._categories(pixels)
        elif kind.values_on_x:
            return self._histogram() if pixels is not None else self._histogram_values()
        elif kind.series and spec.x and pixels is not None and self.relation.type_of(spec.x) != "text":
            return self._line(pixels)
        order = [self.col(spec.x)] if kind.sorted_by_x and spec.x else []
        return self._fetch(list(spec.columns()), pixels, order)

    def _cap(self, pixels: int | None) -> int:
        return self.max_rows if pixels is None else self.limits.max_points // max(1, len(self.spec.y))

    def _over(self, pixels: int | None) -> Exception:
        advice = fewer_values_advice(self.spec, self._x_is_time())
        if pixels is None:
            return RowsOverLimit(f"this chart of {self.label} has more than {self.max_rows:,} rows, the most one "
                                 f"answer of a source dataset holds; {advice}")
        return SpecError(f"this chart of {self.label} would draw more than {self.limits.max_points:,} values; "
                         f"{advice}", "y", status=422)

    def _fetch(self, names: list[str], pixels: int | None, order: list[ColumnElement],
               narrower: Sequence[ColumnElement] = ()) -> pd.DataFrame:
        """The columns' rows within the WHERE clauses (and `narrower` ones), at most the cap (else the cap's error)."""
        cap = self._cap(pixels)
        loaded = [self.loaded(n) for n in names]
        query = select(*loaded).select_from(self.relation.selectable).where(*self.where, *narrower)
        if order and self.kind.series:
            # A line joins rows of the same x in the order they come, and a database returns rows
            # it sorts as equal in any order: one order for them. (A scatter's points need none;
            # the sort would cost it 70 % on a million SQLite rows.)
            order = [*order, *(c for n, c in zip(names, loaded) if n != self.spec.x)]
        rows = self.conn.execute(query.order_by(*order).limit(cap + 1)).all()
        if len(rows) > cap:
            raise self._over(pixels)
        return rows_frame(self.columns(names), rows)

    # Lines and areas: M4 per pixel column

    def _line(self, pixels: int) -> pd.DataFrame:
        spec, f = self.spec, self.functions
        x = self.col(spec.x)
        ys = [self.value(name) for name in spec.y]
        x_type = self.relation.type_of(spec.x)
        source = self.relation.selectable
        whole = THIN_ABOVE_POINTS_PER_COLUMN * pixels
        if not self._more_rows_than(whole):
            return self._fetch(list(spec.columns()), pixels, [x])
        first = last = None
        if spec.xmin is None or spec.xmax is None:
            first, last = f.x_range(self.conn, source, x, x_type, self.where)
            if first is None:  # no rows after all
                return self._fetch(list(spec.columns()), pixels, [x])
        lo = epoch_of(spec.xmin) if spec.xmin is not None else float(first)
        hi = epoch_of(spec.xmax) if spec.xmax is not None else float(last)
        per_second = column_scale(lo, hi, pixels)
        column = f.floor((f.epoch_seconds(x, x_type) - lo) * per_second)
        found = f.m4_rows(self.conn, source, x, ys, self.where, column, x_type)
        frame = rows_frame(self.columns(list(spec.columns())), found.rows)
        # Rows of the same x by their y too, as `_fetch` orders them.
        frame = frame.sort_values(list(spec.columns()), kind="stable").drop_duplicates().reset_index(drop=True)
        if any(found.nulls):
            frame = self._breaks_only(frame, lo, per_second)
        if (len(spec.y) > 1 and len(frame) <= whole and found.total <= self._cap(pixels)
                and not self._every_row_drawn_alone(frame, lo, per_second, pixels)):
            # Drawn whole (few enough rows), each series would pass through rows only another
            # series keeps; thinned in memory from every row, each keeps its own.
            return self._fetch(list(spec.columns()), pixels, [x])
        return as_drawn(frame, Drawn(rows=found.total))

    def _every_row_drawn_alone(self, frame: pd.DataFrame, lo: float, per_second: float, pixels: int) -> bool:
        """Whether thinning each series alone over `frame` (`plots.downsample.thin_line`'s M4 and
        breaks) keeps every row of it: a frame of at most four rows per pixel column is drawn whole,
        and then draws each series as its own thinning would."""
        xs = axis_numbers(frame[self.spec.x].to_numpy())
        for name in self.spec.y:
            y = frame[name].to_numpy(dtype=float)
            present = np.flatnonzero(~np.isnan(y))
            kept = present[m4(y[present], column_starts(xs[present], lo, per_second, pixels))]
            if len(present) < len(y):
                kept = gaps_between_columns(kept, y, np.floor((xs - lo) * per_second))
            if len(kept) < len(frame):
                return False
        return True

    def _more_rows_than(self, count: int) -> bool:
        """Whether more than `count` rows are within the WHERE clauses: a count that stops after
        `count` + 1 of them, not a scan of every row."""
        probe = (select(literal(1)).select_from(self.relation.selectable).where(*self.where)
                 .limit(count + 1).subquery())
        return self.conn.execute(select(func.count()).select_from(probe)).scalar_one() > count

    def _breaks_only(self, frame: pd.DataFrame, lo: float, per_second: float) -> pd.DataFrame:
        """The rows without some y that break its line between pixel columns (where the whole line
        breaks visibly), and every row with a value: see `plots.downsample.gaps_between_columns`."""
        column = np.floor((axis_numbers(frame[self.spec.x].to_numpy()) - lo) * per_second)
        everything = np.arange(len(frame))
        kept = np.unique(np.concatenate([gaps_between_columns(everything, frame[name].to_numpy(dtype=float), column)
                                         for name in self.spec.y]))
        return frame.iloc[kept].reset_index(drop=True)

    # Resampled dates

    def _aggregate(self, name: str) -> ColumnElement | None:
        """The spec's aggregate of a y column per group, as pandas computes it for a group: a group
        whose values are all missing sums to 0 (SQL's SUM gives NULL), and has no min, max, mean
        or median (NULL, as pandas' NaN)."""
        y, agg = self.value(name), self.spec.agg
        if agg == "mean":
            return func.avg(cast(y, Double))
        if agg == "median":
            return self.functions.median(y)
        if agg == "sum":
            # 0 in SQL, not in the frame: a NULL among an integer column's sums would make the
            # column float and round a sum past 2**53.
            return func.coalesce(func.sum(y), 0)
        return {"min": func.min, "max": func.max, "count": func.count}[agg](y)

    def _resampled(self, pixels: int | None) -> pd.DataFrame | None:
        """Rows grouped by resample period, as pandas resample gives them; None when the database
        has no such aggregate (the rows are then fetched and resampled in memory)."""
        spec = self.spec
        aggregates = [self._aggregate(name) for name in spec.y]
        if any(a is None for a in aggregates):
            return None
        period = self.functions.period(self.col(spec.x), spec.resample)
        cap = self.limits.max_categories if self.kind.categorical else self._cap(pixels)
        query = (select(period, *(a.label(name) for a, name in zip(aggregates, spec.y)))
                 .select_from(self.relation.selectable).where(*self.where, period.is_not(None))
                 .group_by(period).order_by(period).limit(cap + 1))
        rows = self._grouped(query)
        if len(rows) > cap:
            raise self._too_many_categories(f"more than {cap}") if self.kind.categorical else self._over(pixels)
        frame = self._resample_like_pandas(rows)
        if self.kind.categorical and len(frame) > self.limits.max_categories:
            raise self._too_many_categories(str(len(frame)))
        if pixels is None and len(frame) > self.max_rows:
            raise self._over(pixels)
        return as_drawn(frame, Drawn(rows=len(frame)))

    def _resample_like_pandas(self, rows: list) -> pd.DataFrame:
        """Grouped rows as `DataFrame.resample(rule).agg(agg)` gives them: empty periods between are
        0 for sum and count and left out for the others."""
        spec = self.spec
        types = [("integer" if spec.agg == "count" or (spec.agg in ("sum", "min", "max")
                  and self.relation.type_of(name) == "integer") else "float") for name in spec.y]
        frame = rows_frame((Column(spec.x, "datetime"), *(Column(n, t) for n, t in zip(spec.y, types))),
                           self._whole(rows, types))
        if frame.empty:
            return frame
        if spec.agg in ("sum", "count"):
            # Empty periods filled with 0 as they are added: an integer column stays int64, where
            # NaN first would make it float and round sums past 2**53. (A period whose values are
            # all missing is 0 already: `_aggregate`.)
            full = periods(frame, spec.x, spec.resample).asfreq(fill_value=0)
        else:
            full = periods(frame, spec.x, spec.resample).asfreq().dropna(how="all")
        return full.reset_index()

    def _grouped(self, query) -> list:
        """The rows of a grouped query; a 422 for a sum past 64 bits, which SQLite refuses to compute."""
        try:
            return self.conn.execute(query).all()
        except exc.OperationalError as error:
            if "integer overflow" in str(error.orig):
                raise self._sum_too_large() from None
            raise

    def _whole(self, rows: list, types: Sequence[str]) -> list:
        """Grouped rows (x, *aggregates) with each aggregate of an integer column an int:
        PostgreSQL sums bigints as numeric (a Decimal), which made a float would round past 2**53
        and, made int64 then, wrap past 2**63. A sum no 64-bit integer holds is a 422."""
        at = [1 + i for i, kind in enumerate(types) if kind == "integer"]
        if not any(isinstance(row[i], decimal.Decimal) for row in rows for i in at):
            return rows
        whole = []
        for row in rows:
            row = list(row)
            for i in at:
                if isinstance(row[i], decimal.Decimal):
                    if not INT64[0] <= row[i] <= INT64[1]:
                        raise self._sum_too_large()
                    row[i] = int(row[i])
            whole.append(row)
        return whole

    def _sum_too_large(self) -> SpecError:
        names = [name for name in self.spec.y if self.relation.type_of(name) == "integer"]
        return sum_too_large(names, self.spec.resample or self.spec.x)

    # Bar categories

    def _too_many_categories(self, count: str) -> SpecError:
        return too_many_categories(self.spec, self.limits, count, self._x_is_time())

    def _x_is_time(self) -> bool:
        """Whether x holds dates and times: the only x resampling applies to."""
        return self.spec.x is not None and self.relation.type_of(self.spec.x) == "datetime"

    def _categories(self, pixels: int | None) -> pd.DataFrame:
        """Up to one past the category cap: the rows as they are when that few, else grouped by x."""
        spec, cap = self.spec, self.limits.max_categories
        names = list(spec.columns())
        source = self.relation.selectable
        rows = self.conn.execute(select(*(self.loaded(n) for n in names)).select_from(source)
                                 .where(*self.where).limit(cap + 1)).all()
        if len(rows) <= cap:
            return rows_frame(self.columns(names), rows)  # chart_frame groups repeated x as for any dataset
        aggregates = [self._aggregate(name) for name in spec.y]
        if any(a is None for a in aggregates):
            return self._fetch(names, pixels, [])
        x = self.col(spec.x)
        grouped = self._grouped(select(x, *(a.label(n) for a, n in zip(aggregates, spec.y)))
                                .select_from(source).where(*self.where)
                                .group_by(x).order_by(x).limit(cap + 1))
        if len(grouped) > cap:
            raise self._too_many_categories(f"more than {cap}")
        types = [("integer" if spec.agg == "count" else self.relation.type_of(n) if spec.agg in ("sum", "min", "max")
                  else "float") for n in spec.y]
        frame = rows_frame((Column(spec.x, self.relation.type_of(spec.x)),
                            *(Column(n, t) for n, t in zip(spec.y, types))), self._whole(grouped, types))
        return as_drawn(frame, Drawn(rows=len(frame)))

    # Histograms

    def _histogram(self) -> pd.DataFrame:
        """Counts per bin for each series, the bins as `draw_hist` makes them (the values' shared range
        or xmin/xmax, `bins` equal parts) and each value counted where numpy.histogram counts it.
        The rows and each series' range the alt text gives are those of the values the bins count."""
        spec = self.spec
        ys = [self.value(name) for name in spec.y]
        edges, rows, extremes = self._hist_edges(ys)
        counts = {name: self._bin_counts(y, edges) for name, y in zip(spec.y, ys)}
        frame = pd.DataFrame({name: counts[name] for name in spec.y})
        if spec.xmin is not None or spec.xmax is not None:  # else the bins span every value
            rows, extremes = self._counted_extent(ys, edges)
        described = tuple((name, _exact(extremes[2 * i]), _exact(extremes[2 * i + 1]))
                          for i, name in enumerate(spec.y))
        return as_drawn(frame, Drawn(rows=rows, bins=tuple(float(e) for e in edges), ranges=described))

    def _histogram_values(self) -> pd.DataFrame:
        """The rows holding a value a histogram's bins count: the chart's data as JSON or CSV
        (`chart_frame` blanks each series' values outside the bins, as for any dataset)."""
        ys = [self.value(name) for name in self.spec.y]
        edges = self._hist_edges(ys)[0]
        return self._fetch(list(self.spec.columns()), None, [], [or_(*(_within(y, edges) for y in ys))])

    def _hist_edges(self, ys: Sequence[ColumnElement]) -> tuple[np.ndarray, int, Sequence[Any]]:
        """The histogram's bin edges (`hist_edges`), how many rows hold a value of some series, and
        each series' lowest and highest value (lowest and highest of the first, then of the next …)."""
        rows, extremes = self._extent(ys, [y.is_not(None) for y in ys])
        edges = hist_edges(self.spec, [(float(extremes[2 * i]), float(extremes[2 * i + 1])) for i in range(len(ys))
                                       if extremes[2 * i] is not None])
        return edges, rows, extremes

    def _counted_extent(self, ys: Sequence[ColumnElement], edges: np.ndarray) -> tuple[int, Sequence[Any]]:
        """How many rows hold a value the bins between `edges` count, and each series' lowest and
        highest such value (as `_hist_edges` orders them)."""
        return self._extent(ys, [_within(y, edges) for y in ys])

    def _extent(self, ys: Sequence[ColumnElement], keeps: Sequence[ColumnElement]) -> tuple[int, Sequence[Any]]:
        """In one pass: how many rows hold a value some series keeps (`keeps`: a condition per series),
        and each series' lowest and highest kept value."""
        found = self.conn.execute(select(func.count(case((or_(*keeps), 1))),
                                         *(agg(case((keep, y))) for y, keep in zip(ys, keeps)
                                           for agg in (func.min, func.max)))
                                  .select_from(self.relation.selectable).where(*self.where)).one()
        return int(found[0]), found[1:]

    def _bin_counts(self, y: ColumnElement, edges: np.ndarray) -> np.ndarray:
        """How many values of `y` fall in each bin between `edges` (the last bin holds its upper
        edge too), each value counted where numpy.histogram counts it."""
        bins, lo, hi = len(edges) - 1, float(edges[0]), float(edges[-1])
        value = cast(y, Double)
        within = (_within(y, edges),)
        step = (hi - lo) / bins
        if 0 < step < math.inf and np.isfinite(bins / (hi - lo)):
            exact = self._bin_of_value(value, within, lo, hi, bins)
        else:
            # Edges a double cannot tell apart (values of 2**53 and more, a range of subnormals) or
            # a range wider than the largest double (whose width is infinite): the value against
            # each edge, as numpy.histogram places it.
            inner = (select(value.label("v")).select_from(self.relation.selectable)
                     .where(*self.where, *within).subquery())
            if bins == 1:  # no edge between: every value is in the one bin
                return np.array([self.conn.execute(select(func.count()).select_from(inner)).scalar_one()],
                                dtype=np.int64)
            exact = case(*((inner.c.v < literal(float(edge)), i) for i, edge in enumerate(edges[1:-1])),
                         else_=bins - 1)
        counts = np.zeros(bins, dtype=np.int64)
        for bin_, count in self.conn.execute(select(exact, func.count()).group_by(exact)):
            counts[min(max(int(bin_), 0), bins - 1)] += count
        return counts

    def _bin_of_value(self, value: ColumnElement, within: Sequence[ColumnElement], lo: float, hi: float,
                      bins: int) -> ColumnElement:
        """The bin of each value within [lo, hi] (a column of a subquery), computed by arithmetic:
        each edge as numpy.linspace computes it, k * step + lo."""
        step = (hi - lo) / bins
        rough = self.functions.floor((value - lo) * (bins / (hi - lo)))
        inner = (select(value.label("v"), rough.label("k")).select_from(self.relation.selectable)
                 .where(*self.where, *within).subquery())
        # The rough bin may be one off where a value sits on an edge: compare with the edges themselves.
        return case((inner.c.v < inner.c.k * step + lo, inner.c.k - 1),
                    (inner.c.v >= (inner.c.k + 1) * step + lo, inner.c.k + 1), else_=inner.c.k)


def _within(y: ColumnElement, edges: np.ndarray) -> ColumnElement:
    """Whether a value of `y` is one the bins between `edges` count: present, and within the first
    and the last edge (both included, as numpy.histogram counts)."""
    value = cast(y, Double)
    return and_(y.is_not(None), value >= literal(float(edges[0])), value <= literal(float(edges[-1])))


def _exact(value: Any) -> float | int | None:
    """A lowest or highest value as the alt text says it: an integer whole, as a CSV file's integer
    column has it (past 2**53 a float would round it), anything else a float."""
    if value is None or isinstance(value, int):
        return value
    return float(value)


def chart_rows(conn: Connection, relation: Relation, functions: SqlFunctions, spec: ChartSpec, limits: Limits,
               label: str, max_rows: int, pixels: int | None,
               conditions: Sequence[Condition] = ()) -> pd.DataFrame:
    """The rows a chart of a source dataset draws, computed by its database (see the module's docstring).

    `pixels` is the number of pixel columns across the image being drawn (None: the chart's data
    for JSON or CSV, at most `max_rows` rows). Raises SpecError (422) for too many categories or
    values and RowsOverLimit past `max_rows`. Rows chosen by `conditions` are marked so
    (`plots.selection.mark_selected`), as `select_rows` marks those it chooses.
    """
    frame = ChartQuery(conn, relation, functions, spec, limits, label, max_rows, conditions).rows(pixels)
    return mark_selected(frame) if conditions else frame

