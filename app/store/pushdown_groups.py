"""Grouped charts of a source dataset computed by its database: resampled dates and bar categories.

`resample` + `agg` become a GROUP BY of the resample period a date falls in (`SqlFunctions.period`),
filled out as pandas' resample fills it; bar categories are read as they are when no more than the
category cap, else grouped by x, up to one past the cap (then counted, for the refusal to say how
many). Each aggregate is the one pandas computes for a group, integers kept whole (an integer
column's mean or median exact, as a frame's: `_groups_frame`); a median as `pushdown_medians` finds
it, its rows kept in the database as every other aggregate's are.
"""
from __future__ import annotations

import datetime as dt
import decimal
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

import pandas as pd
from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Double,
    case,
    cast,
    exc,
    func,
    literal,
    literal_column,
    or_,
    select,
    type_coerce,
)

from plots import SpecError
from plots.aggregates import INT64, LARGEST_FLOAT, exact_column, exact_ratio, float_sum_too_large, sum_too_large
from plots.data import periods_cap, refuse_too_many_periods, too_many_categories, with_categories_combined
from plots.resampling import FILLED_AGGREGATES, filled_periods, periods_spanned
from plots.rows import Drawn, as_drawn

from .frames import columns_of
from .pushdown_medians import column_parts, database_medians, exact_medians, integer_columns, ranked_medians
from .source_values import column_series, rows_frame
from .types import Column

if TYPE_CHECKING:
    from .pushdown_query import ChartQuery

# PostgreSQL's SQLSTATE for a value out of range: a float sum past the largest double.
PG_OUT_OF_RANGE = "22003"


def resampled(query: ChartQuery, pixels: int | None) -> pd.DataFrame:
    """Rows grouped by resample period, as pandas resample gives them."""
    spec = query.spec
    period = query.functions.period(query.col(spec.x), spec.resample)
    categorical = query.kind.categorical
    cap = query.limits.max_categories if categorical else query.cap(pixels)
    conditions = [period.is_not(None)]
    if categorical and spec.agg not in FILLED_AGGREGATES:
        # A period whose values are all missing is left out (`filled_periods`): not a bar to count.
        conditions.append(or_(*(query.value(name).is_not(None) for name in spec.y)))
    rows = _group_rows(query, period, conditions, cap + 1)
    if len(rows) > cap:
        if not categorical:
            raise query.over(pixels)
        if spec.agg in FILLED_AGGREGATES:  # a bar of every period from the first to the last
            span = moments_span(query)
            count = periods_spanned(*span, spec.resample) if span is not None else len(rows)
        else:
            count = _groups_count(query, period, conditions)
        raise _too_many_categories(query, str(count))
    frame = _resample_like_pandas(query, rows)
    if categorical and len(frame) > query.limits.max_categories:
        raise _too_many_categories(query, str(len(frame)))
    if pixels is None and len(frame) > query.max_rows:
        raise query.over(pixels)
    return as_drawn(frame, Drawn(rows=len(frame)))


def categories(query: ChartQuery, pixels: int | None) -> pd.DataFrame:
    """A bar chart's rows, up to one past the category cap: as they are when that few, else grouped by x."""
    spec, cap = query.spec, query.limits.max_categories
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
                              .where(*query.where).order_by(*order).limit(cap + 1)).all()
    if len(rows) <= cap:
        return rows_frame(query.columns(names), rows)  # chart_frame groups repeated x as for any dataset
    x = query.col(spec.x)
    if query.x_is_time():  # each moment one bar, in time's order; named by one of its spellings
        key, shown = query.functions.moment_key(x), query.loaded(spec.x)
    else:
        key, shown = x, None
    # A stored dataset's text categories where each first comes, as `chart_frame` places them.
    first_seen = query.row_order is not None and query.relation.type_of(spec.x) == "text"
    grouped = _group_rows(query, key, [], cap + 1, shown, first_seen)
    if len(grouped) > cap:
        raise _too_many_categories(query, str(_groups_count(query, key, [])))
    types = [("integer" if spec.agg == "count" else query.relation.type_of(n) if spec.agg in ("sum", "min", "max")
              else "float") for n in spec.y]
    frame = _groups_frame(query, Column(spec.x, query.relation.type_of(spec.x)), types, grouped)
    # More rows than categories: some were combined, as `chart_frame` combines a dataset's.
    return with_categories_combined(as_drawn(frame, Drawn(rows=len(frame))), spec)


def _groups_frame(query: ChartQuery, x: Column, types: Sequence[str], rows: list) -> pd.DataFrame:
    """Grouped `rows` (x, *aggregates) as a frame of x and the y columns of `types` (`_whole`), as
    `source_values.rows_frame` makes one, but for an integer column's mean or median, exact as the
    database gave it (`_in_halves`, `pushdown_medians.exact_medians`): an int where it is a whole
    number, to its last digit past 2**53 (`plots.aggregates.exact_column`), as a stored dataset's
    frame has it, where a float column would round it."""
    spec = query.spec
    exact = [spec.agg in ("mean", "median") and integer for integer in integer_columns(query)]
    values = columns_of(_whole(query, rows, types), 1 + len(types))
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
                shown: ColumnElement | None = None, first_seen: bool = False) -> list:
    """The rows (key, *aggregates) of the chart's rows within the WHERE clauses and `conditions`
    grouped by `key`, in its order (`first_seen`: in the order of each group's first row by
    `ChartQuery.row_order`), at most `limit` of them; a group named by its least `shown` where the
    rows name a group otherwise. By the database's own aggregates (`_grouped`), or, for a median it
    has none of, by ranking each group's values (`pushdown_medians.ranked_medians`); an integer
    column's median the exact mean of its two middle values either way (`exact_medians`)."""
    if query.spec.agg != "median":
        aggregates = [_aggregate(query, name) for name in query.spec.y]
        return _grouped(query, key, aggregates, conditions, limit, shown, first_seen)
    integers = integer_columns(query)
    middles = database_medians(query, integers)
    rows = (ranked_medians(query, key, conditions, integers, limit, shown, first_seen) if middles is None
            else _grouped(query, key, middles, conditions, limit, shown, first_seen))
    return exact_medians(rows, integers)


def _aggregate(query: ChartQuery, name: str) -> ColumnElement:
    """The spec's aggregate of a y column per group but a median (`pushdown_medians`), as pandas
    computes it for a group: a group whose values are all missing sums to 0 (SQL's SUM gives NULL),
    and has no min, max or mean (NULL, as pandas' NaN)."""
    y, agg = query.value(name), query.spec.agg
    if agg == "mean":
        return _mean_of_doubles(cast(y, Double))
    if agg == "sum":
        # 0 in SQL, not in the frame: a NULL among an integer column's sums would make the
        # column float and round a sum past 2**53.
        # A float column's as doubles, as pandas sums it: a column of integers with missing values
        # is float, and SQLite refused a sum of its integers past 64 bits.
        return func.coalesce(func.sum(y if query.relation.type_of(name) == "integer" else cast(y, Double)), 0)
    return {"min": func.min, "max": func.max, "count": func.count}[agg](y)


# Values past SCALED_ABOVE are added up apart, scaled by 1 / SCALE (exact in binary: they lie far from
# the tiniest doubles): either part of fewer than 2**64 values then sums to less than 2**1024, the
# first power of two past the largest double.
SCALED_ABOVE, SCALE = 2.0**960, 2.0**64


def _mean_of_doubles(y: ColumnElement) -> ColumnElement:
    """The mean of a float column's values `y` per group, as `plots.aggregates` finds the mean of a
    frame's: drawn where their sum is past the largest double (1.8e308) but their mean is not, which
    AVG gives as an infinity (SQLite) or refuses (PostgreSQL). The values past SCALED_ABOVE are added
    up apart, scaled down, and their mean scaled back (held within the largest double, which the
    mean of values within it is but for rounding); a group without them is AVG's sum over count."""
    count = func.count(y)
    small = func.sum(case((func.abs(y) <= literal(SCALED_ABOVE, Double), y)))
    scaled = func.sum(case((func.abs(y) > literal(SCALED_ABOVE, Double), y * literal(1 / SCALE, Double))))
    largest = literal(LARGEST_FLOAT / SCALE, Double)
    scaled_mean = scaled / count
    within = case((scaled_mean > largest, largest), (scaled_mean < -largest, -largest), else_=scaled_mean)
    return type_coerce(case((scaled.is_(None), small / count),
                            else_=func.coalesce(small, literal(0.0, Double)) / count + within * literal(SCALE, Double)),
                       Double)


def _resample_like_pandas(query: ChartQuery, rows: list) -> pd.DataFrame:
    """Grouped rows as `plots.resampling` resamples a dataset's rows (`filled_periods`): empty periods
    between are 0 for sum and count and left out for the others. Raises SpecError (422) where sum
    and count would make more periods than allowed, before they are made (`_refuse_too_many_periods`)."""
    spec = query.spec
    types = [("integer" if spec.agg == "count" or (spec.agg in ("sum", "min", "max")
              and query.relation.type_of(name) == "integer") else "float") for name in spec.y]
    # A period whose values are all missing is 0 already for sum (`_aggregate`): an integer
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
    categorical = query.kind.categorical
    if periods_spanned(starts.iloc[0], starts.iloc[-1], spec.resample) > periods_cap(query.limits, categorical):
        span = moments_span(query)
        if span is not None:
            refuse_too_many_periods(spec, query.limits, span, categorical)


def _grouped(query: ChartQuery, key: ColumnElement, aggregates: Sequence[ColumnElement],
             conditions: Sequence[ColumnElement], limit: int, shown: ColumnElement | None = None,
             first_seen: bool = False) -> list:
    """The rows (key, *aggregates) of the chart's rows within the WHERE clauses and `conditions`
    grouped by `key`, in its order (`first_seen`: `_group_rows`), at most `limit` of them; the
    least `shown` in the key's place when the rows name a group otherwise; means of integers exact
    (`_integer_means`). A 422 for a sum of integers past 64 bits, and for a sum of floats past the
    largest double, which PostgreSQL refuses (NumericValueOutOfRange) and SQLite gives as an
    infinity (a mean of them is drawn: `_mean_of_doubles`)."""
    order = func.min(query.row_order) if first_seen else key

    def grouped(columns: Sequence[ColumnElement]) -> list:
        return query.conn.execute(select(key if shown is None else func.min(shown), *columns)
                                  .select_from(query.relation.selectable).where(*query.where, *conditions)
                                  .group_by(key).order_by(order).limit(limit)).all()

    try:
        rows = _integer_means(query, grouped) if _averages_integers(query) else grouped(aggregates)
    except exc.OperationalError as error:
        if "integer overflow" not in str(error.orig):
            raise
        rows = _split_sums(query, grouped)
    except exc.DataError as error:
        if getattr(error.orig, "sqlstate", None) == PG_OUT_OF_RANGE and _float_sums(query):
            raise _float_sum_too_large(query, _float_sums(query)) from None
        raise
    floats = _float_sums(query)
    infinite = [name for i, name in enumerate(query.spec.y) if name in floats
                and any(isinstance(row[1 + i], float) and math.isinf(row[1 + i]) for row in rows)]
    if infinite:
        raise _float_sum_too_large(query, infinite)
    return rows


def _split_sums(query: ChartQuery, grouped) -> list:
    """The grouped rows of a chart whose sum of integers SQLite refused: its sum() refuses a running
    total past 64 bits, whatever the total (2**62 twice, then -2**62 twice). Summed in halves
    (`_in_halves`), a total no 64-bit integer holds is the 422, as `plots.aggregates` checks a stored
    dataset's sums. A second pass, on that refusal only."""
    return _in_halves(query, grouped, "sum")


def _averages_integers(query: ChartQuery) -> bool:
    """Whether the chart is of means of an integer column (`_integer_means`)."""
    return query.spec.agg == "mean" and any(integer_columns(query))


def _integer_means(query: ChartQuery, grouped) -> list:
    """The grouped rows of a chart of means, each integer column's the exact sum of its values
    (`_in_halves`) over their count, an int where it is whole, else rounded once to the nearest
    double, as a stored dataset's (`plots.aggregates`): an average of doubles rounds each value near
    1e18 to a multiple of 128, and their sum again."""
    return _in_halves(query, grouped, "mean")


def _in_halves(query: ChartQuery, grouped, agg: str) -> list:
    """The grouped rows of a chart of sums or means (`agg`) whose integer columns are summed exactly:
    each value is high * 2**32 + low with 0 <= low < 2**32 (`y >> 32`, `y & 0xFFFFFFFF`), whose sums
    hold in 64 bits (fewer than 2**31 rows a group), put together here; a mean divides the total by
    the count once. `grouped(columns)` runs the chart's grouped query of those columns."""
    halved = [query.spec.agg == agg and query.relation.type_of(name) == "integer" for name in query.spec.y]
    mean = agg == "mean"
    columns: list[ColumnElement] = []
    for name, halves in zip(query.spec.y, halved):
        y = query.value(name)
        if halves:
            # Widened first: PostgreSQL shifts an integer or smallint within its own width (5 >> 32 is 5).
            y = cast(y, BigInteger)
            columns += [func.coalesce(func.sum(y.op(">>")(literal_column("32"))), 0),
                        func.coalesce(func.sum(y.op("&")(literal_column("4294967295"))), 0)]
            columns += [func.count(y)] if mean else []
        else:
            columns.append(_aggregate(query, name))
    try:
        parts = grouped(columns)
    except exc.OperationalError as error:
        if "integer overflow" in str(error.orig):  # 2**31 rows and more in one group
            raise _sum_too_large(query) from None
        raise
    widths = [(3 if mean else 2) if halves else 1 for halves in halved]
    rows = []
    for part in parts:
        values = [part[0]]
        for halves, got in zip(halved, column_parts(part, widths)):
            if not halves:
                values.append(got[0])
                continue
            total = int(got[0]) * 2**32 + int(got[1])
            if mean:
                count = got[2]
                values.append(exact_ratio(total, count) if count else None)
            elif not INT64[0] <= total <= INT64[1]:
                raise _sum_too_large(query)
            else:
                values.append(total)
        rows.append(tuple(values))
    return rows


def _float_sums(query: ChartQuery) -> list[str]:
    """The y columns the chart sums as doubles (agg=sum of a column that is not integer)."""
    if query.spec.agg != "sum":
        return []
    return [name for name in query.spec.y if query.relation.type_of(name) != "integer"]


def _float_sum_too_large(query: ChartQuery, names: Sequence[str]) -> SpecError:
    """The 422 for a sum of doubles in one group past the largest double, an infinity the rows would
    show as a missing value and PostgreSQL refuses to compute, in the words of a frame's chart
    (`plots.aggregates.float_sum_too_large`)."""
    return float_sum_too_large(names, query.spec.resample or query.spec.x)


def _whole(query: ChartQuery, rows: list, types: Sequence[str]) -> list:
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
                    raise _sum_too_large(query)
                row[i] = int(row[i])
        whole.append(row)
    return whole


def _sum_too_large(query: ChartQuery) -> SpecError:
    names = [name for name in query.spec.y if query.relation.type_of(name) == "integer"]
    return sum_too_large(names, query.spec.resample or query.spec.x)


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
