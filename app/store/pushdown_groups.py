"""Grouped charts of a source dataset computed by its database: resampled dates and bar categories.

`resample` + `agg` become a GROUP BY of the resample period a date falls in (`SqlFunctions.period`),
filled out as pandas' resample fills it; bar categories are read as they are when no more than the
category cap, else grouped by x, up to one past the cap (then counted, for the refusal to say how
many); with `top`, sorted and cut by the database where it can (`pushdown_top`), else grouped all and
sorted and cut as a dataset's (`plots.bar_order`). Each aggregate is the one pandas computes for a
group, as `pushdown_aggregates` computes it, integers kept whole (an integer column's mean or median exact, as a frame's: `_groups_frame`); a
median or a percentile as `pushdown_medians` finds it, its rows kept in the database as every other
aggregate's are.
"""
from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

import pandas as pd
from sqlalchemy import ColumnElement, exists, func, or_, select

from plots import SpecError
from plots.aggregates import exact_column
from plots.bar_order import apply_sort_and_top, bars_capped, with_left_out
from plots.data import periods_cap, refuse_too_many_periods, too_many_categories, with_categories_combined
from plots.percentiles import percentile_of
from plots.resampling import FILLED_AGGREGATES, WITHIN_A_DAY, filled_periods, hours_of_dates, periods_spanned
from plots.rows import Drawn, as_drawn
from plots.x_window import periods_around

from .frames import columns_of
from .pushdown_aggregates import aggregate, grouped_rows, whole_sums
from .pushdown_top import ordered_groups
from .pushdown_medians import integer_columns, median_rows, percentile_rows
from .source_values import column_series, rows_frame
from .types import Column

if TYPE_CHECKING:
    from .pushdown_query import ChartQuery


def resampled(query: ChartQuery, pixels: int | None) -> pd.DataFrame:
    """Rows grouped by resample period, as pandas resample gives them."""
    spec = query.spec
    period = query.functions.period(query.col(spec.x), spec.resample)
    if spec.resample in WITHIN_A_DAY and _dates_alone(query, period):
        raise hours_of_dates(spec)
    # Bars cut to their `top` may come of more periods than the category cap: as many as a line's.
    categorical, line = bars_capped(spec), query.resampled_line
    cap = query.limits.max_categories if categorical else query.periods_read(pixels) if line else query.cap(pixels)
    conditions = [period.is_not(None)]
    if query.kind.categorical and spec.agg not in FILLED_AGGREGATES:
        # A period whose values are all missing is left out (`filled_periods`): not a bar to count.
        conditions.append(or_(*(query.value(name).is_not(None) for name in spec.y)))
    rows = _group_rows(query, period, conditions, cap + 1)
    if len(rows) > cap:
        if line:
            query.refuse_periods(pixels, None)
        if not categorical:
            raise query.over(pixels)
        if spec.agg in FILLED_AGGREGATES:  # a bar of every period from the first to the last
            span = moments_span(query)
            count = periods_spanned(*span, spec.resample) if span is not None else len(rows)
        else:
            count = _groups_count(query, period, conditions)
        raise _too_many_categories(query, str(count))
    frame = apply_sort_and_top(_resample_like_pandas(query, rows), spec) if query.kind.categorical else (
        _resample_like_pandas(query, rows))
    if categorical and len(frame) > query.limits.max_categories:
        raise _too_many_categories(query, str(len(frame)))
    if line:  # a bounded line's are counted within its bounds (`pushdown`), not with those either side of them
        if not periods_around(query.window):
            query.refuse_periods(pixels, len(frame))
    elif pixels is None and len(frame) > query.max_rows:
        raise query.over(pixels)
    return as_drawn(frame, Drawn(rows=len(frame)))


def _dates_alone(query: ChartQuery, period: ColumnElement) -> bool:
    """Whether the chart's rows with a period hold dates alone, each a midnight, as
    `plots.resampling.dates_alone` finds a frame's: some rows, and none with a time of day. One
    statement, which stops at the first row with a time."""
    source, dated = query.relation.selectable, [*query.where, period.is_not(None)]
    timed = query.functions.time_parts(query.col(query.spec.x))[0]
    some, times = query.conn.execute(select(exists(select(1).select_from(source).where(*dated)),
                                            exists(select(1).select_from(source).where(*dated, timed)))).one()
    return bool(some) and not times


def categories(query: ChartQuery, pixels: int | None) -> pd.DataFrame:
    """A bar chart's rows, up to one past the category cap: as they are when that few, else grouped by x.

    A split's rows (`Relation.split_by`) each hold one series' value: up to the cap's rows of each series
    are read as they are, which `pushdown_series` sets side by side and `chart_frame` then groups by x
    only where a series gives an x more than once, as a wide table's bars are. More rows than that make
    more rows of the wide table than the cap: grouped by x here, they are its bars or too many of them."""
    spec, cap = query.spec, query.limits.max_categories
    series = len(spec.y) if query.relation.split_by is not None else 1
    names = list(spec.columns())
    source = query.relation.selectable
    # In x's order (dates by their moments, `ChartQuery.x_order`), as when it groups them: a table
    # has no order of rows. Rows of one x by their other columns, as a line's (a database returns
    # rows it sorts as equal in any order, and a sum or mean of floats added in another order may
    # be another: 1.0, 1e100 and -1e100 add up to 1.0 or 0.0 by their order). A stored dataset's
    # in the order they were added, as its frame holds them.
    loaded = [query.loaded(n) for n in names]
    order = ([query.x_order(), *query.tie_order(names, loaded)] if query.row_order is None
             else [query.row_order])
    rows = query.conn.execute(select(*loaded).select_from(source)
                              .where(*query.where).order_by(*order).limit(cap * series + 1)).all()
    if len(rows) <= cap * series:
        return rows_frame(query.columns(names), rows)  # chart_frame groups repeated x as for any dataset
    x = query.col(spec.x)
    if query.x_is_time():  # each moment one bar, in time's order; named by one of its spellings
        key, shown = query.functions.moment_key(x), query.loaded(spec.x)
    else:
        key, shown = x, None
    # A stored dataset's text categories where each first comes, as `chart_frame` places them.
    x_column = Column(spec.x, query.relation.type_of(spec.x))
    first_seen = query.row_order is not None and x_column.type == "text"
    ordered = ordered_groups(query, key, shown, first_seen) if spec.top is not None else None
    if ordered is not None:  # sorted and cut by the database: `top` rows leave it
        found, count, rest, most = ordered
        frame = _groups_frame(query, x_column, _group_types(query), found)
        frame = with_left_out(frame, count - len(frame), rest)
        return _combined_where_counted(query, as_drawn(frame, Drawn(rows=len(frame))), most)
    # Cut to `top` where the database cannot order the groups as a dataset's, every category is grouped (as
    # many as a chart draws values of), then sorted and cut as a dataset's are (`apply_sort_and_top`): one
    # pass, whatever the aggregate (a median, an integer column's exact sum or mean are put together here,
    # where no ORDER BY reaches them).
    most = cap if spec.top is None else query.cap(pixels)
    most_rows: list[int] = []
    grouped = _group_rows(query, key, [], most + 1, shown, first_seen, most_rows)
    if len(grouped) > most:
        if spec.top is not None:
            raise query.over(pixels)
        raise _too_many_categories(query, str(_groups_count(query, key, [])))
    frame = apply_sort_and_top(_groups_frame(query, x_column, _group_types(query), grouped), spec)
    return _combined_where_counted(query, as_drawn(frame, Drawn(rows=len(frame))), most_rows[0])


def _combined_where_counted(query: ChartQuery, frame: pd.DataFrame, most_rows: int) -> pd.DataFrame:
    """A bar chart's grouped `frame` marked as its categories' rows combined where `chart_frame` marks a
    dataset's: a count, or a category given by more than one row (`most_rows`, the most a group holds);
    each category one row's value is drawn as it is, in its own words ("revenue", not "mean of revenue").
    A split's rows give each category once a series: marked, as they were (its wide rows are not counted)."""
    combined = query.spec.agg == "count" or most_rows > 1 or query.relation.split_by is not None
    return with_categories_combined(frame, query.spec) if combined else frame


def _group_types(query: ChartQuery) -> list[str]:
    """The types of a bar chart's grouped y columns: a count's integers, a sum's, least or greatest value's
    of the column's type, a mean's or median's floats."""
    spec = query.spec
    return [("integer" if spec.agg == "count" else query.relation.type_of(n) if spec.agg in ("sum", "min", "max")
             else "float") for n in spec.y]


def _groups_frame(query: ChartQuery, x: Column, types: Sequence[str], rows: list) -> pd.DataFrame:
    """Grouped `rows` (x, *aggregates) as a frame of x and the y columns of `types` (`whole_sums`), as
    `source_values.rows_frame` makes one, but for an integer column's mean or median, exact as the
    database gave it (`pushdown_aggregates`, `pushdown_medians.exact_medians`): an int where it is a whole
    number, to its last digit past 2**53 (`plots.aggregates.exact_column`), as a stored dataset's
    frame has it, where a float column would round it."""
    spec = query.spec
    exact = [(spec.agg in ("mean", "median") or percentile_of(spec.agg) is not None) and integer
             for integer in integer_columns(query)]
    values = columns_of(whole_sums(query, rows, types), 1 + len(types))
    index = pd.RangeIndex(len(rows))
    columns = {x.name: column_series(x.type, values[0])}
    for name, kind, kept, column in zip(spec.y, types, exact, values[1:]):
        columns[name] = (exact_column([math.nan if v is None else v for v in column], index) if kept
                         else column_series(kind, column))
    return pd.DataFrame(columns)


def _groups_count(query: ChartQuery, key: ColumnElement, conditions: Sequence[ColumnElement]) -> int:
    """How many groups of `key` the chart's rows within the WHERE clauses and `conditions` make: the
    count a refusal of too many bars gives, as a stored dataset's does. One more pass, on that
    refusal only (the grouped query stops one past the cap)."""
    return int(query.conn.execute(select(func.count(func.distinct(key))).select_from(query.relation.selectable)
                                  .where(*query.where, *conditions)).scalar_one())


def _group_rows(query: ChartQuery, key: ColumnElement, conditions: Sequence[ColumnElement], limit: int,
                shown: ColumnElement | None = None, first_seen: bool = False,
                most_rows: list[int] | None = None) -> list:
    """The rows (key, *aggregates) of the chart's rows within the WHERE clauses and `conditions`
    grouped by `key`, in its order (`first_seen`: in the order of each group's first row by
    `ChartQuery.row_order`), at most `limit` of them; a group named by its least `shown` where the
    rows name a group otherwise. By the database's own aggregates (`pushdown_aggregates.grouped_rows`);
    a median or a percentile as `pushdown_medians` finds it (`median_rows`, `percentile_rows`), an
    integer column's exact; `most_rows` as `grouped_rows` takes it."""
    k = percentile_of(query.spec.agg)
    if query.spec.agg != "median" and k is None:
        aggregates = [aggregate(query, name) for name in query.spec.y]
        return grouped_rows(query, key, aggregates, conditions, limit, shown, first_seen, most_rows)

    def grouped(columns: list) -> list:
        return grouped_rows(query, key, columns, conditions, limit, shown, first_seen, most_rows)

    integers = integer_columns(query)
    return median_rows(query, integers, grouped) if k is None else percentile_rows(query, integers, k, grouped)


def _resample_like_pandas(query: ChartQuery, rows: list) -> pd.DataFrame:
    """Grouped rows as `plots.resampling` resamples a dataset's rows (`filled_periods`): empty periods
    between are 0 for sum and count and left out for the others. Raises SpecError (422) where sum
    and count would make more periods than allowed, before they are made (`_refuse_too_many_periods`)."""
    spec = query.spec
    types = [("integer" if spec.agg == "count" or (spec.agg in ("sum", "min", "max")
              and query.relation.type_of(name) == "integer") else "float") for name in spec.y]
    # A period whose values are all missing is 0 already for sum (`pushdown_aggregates.aggregate`): an integer
    # column stays int64, where NaN would make it float and round sums past 2**53.
    frame = _groups_frame(query, Column(spec.x, "datetime"), types, rows)
    _refuse_too_many_periods(query, frame[spec.x])
    return filled_periods(frame.set_index(spec.x), spec.resample, spec.agg)


def _refuse_too_many_periods(query: ChartQuery, starts: pd.Series) -> None:
    """`plots.data.refuse_too_many_periods` for grouped rows whose periods start at `starts` (in order),
    in `chart_frame`'s words: counted from the first and last period, and, only when they are too many,
    named by the first and last moment of the chart's rows, as a dataset's are."""
    spec = query.spec
    if spec.agg not in FILLED_AGGREGATES or starts.empty:
        return
    categorical = bars_capped(spec)
    if periods_spanned(starts.iloc[0], starts.iloc[-1], spec.resample) > periods_cap(query.limits, categorical):
        span = moments_span(query)
        if span is not None:
            refuse_too_many_periods(spec, query.limits, span, categorical)



def _too_many_categories(query: ChartQuery, count: str) -> SpecError:
    """The 422 for too many bar categories, in `chart_frame`'s words: a longer resample step is
    suggested only when its periods over the rows' first and last moment are few enough."""
    x_is_time = query.x_is_time()
    return too_many_categories(query.spec, query.limits, count, x_is_time, moments_span(query) if x_is_time else None)


def moments_span(query: ChartQuery) -> tuple[dt.datetime, dt.datetime] | None:
    """The first and last moment of the chart's rows (None without any), to the second."""
    return span_and_values(query, (), bounded=True)[0]


def span_and_values(query: ChartQuery, also: Sequence[ColumnElement], bounded: bool = False
                    ) -> tuple[tuple[dt.datetime, dt.datetime] | None, list]:
    """`moments_span` of the chart's rows whatever the x bounds (`ChartQuery.where_unbounded`), or
    within them where `bounded`, and the values of `also` (scalar subqueries) read in the same
    statement."""
    first, last, *values = query.functions.x_range(query.conn, query.relation.selectable, query.col(query.spec.x),
                                                   "datetime", query.where if bounded else query.where_unbounded,
                                                   also)
    return (None if first is None or last is None else (_moment(first), _moment(last))), values


_EPOCH = dt.datetime(1970, 1, 1)
_SECONDS = ((dt.datetime.min - _EPOCH).total_seconds(), (dt.datetime.max - _EPOCH).total_seconds())


def _moment(seconds: float) -> dt.datetime:
    # Clamped: a double of a moment late in 9999 may round past the last one Python holds.
    return _EPOCH + dt.timedelta(seconds=math.floor(min(max(seconds, _SECONDS[0]), _SECONDS[1])))
