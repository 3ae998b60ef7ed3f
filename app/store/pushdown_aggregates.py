"""The aggregates of a grouped chart's query computed by its database as pandas computes them.

Each group's sum, count, min, max or mean of a y column (a median is `pushdown_medians`'): a sum of
integers exact past 64 bits of running total (`_in_halves`), a mean of integers exact to its last
digit, a mean of doubles drawn where their sum passes the largest double (`_mean_of_doubles`), and
a sum no 64-bit integer or double holds refused with a 422 in a frame's chart's words
(`plots.aggregates`). `pushdown_groups` groups the rows; this module says what each group holds.
"""
from __future__ import annotations

import decimal
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

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
    select,
    type_coerce,
)

from plots import SpecError
from plots.aggregates import INT64, LARGEST_FLOAT, exact_ratio, float_sum_too_large, sum_too_large

from .pushdown_medians import column_parts, integer_columns

if TYPE_CHECKING:
    from .pushdown_query import ChartQuery

# PostgreSQL's SQLSTATE for a value out of range: a float sum past the largest double.
PG_OUT_OF_RANGE = "22003"


def aggregate(query: ChartQuery, name: str) -> ColumnElement:
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


def grouped_rows(query: ChartQuery, key: ColumnElement, aggregates: Sequence[ColumnElement],
                 conditions: Sequence[ColumnElement], limit: int, shown: ColumnElement | None = None,
                 first_seen: bool = False, most_rows: list[int] | None = None) -> list:
    """The rows (key, *aggregates) of the chart's rows within the WHERE clauses and `conditions`
    grouped by `key`, in its order (`first_seen`: `pushdown_groups._group_rows`), at most `limit` of
    them; the least `shown` in the key's place when the rows name a group otherwise; means of integers exact
    (`_integer_means`). A 422 for a sum of integers past 64 bits, and for a sum of floats past the
    largest double, which PostgreSQL refuses (NumericValueOutOfRange) and SQLite gives as an
    infinity (a mean of them is drawn: `_mean_of_doubles`). `most_rows`, where given, is given the most
    rows a group holds, counted in the same statement (whether an aggregate combined any)."""
    order = func.min(query.row_order) if first_seen else key

    def grouped(columns: Sequence[ColumnElement]) -> list:
        counted = [func.count()] if most_rows is not None else []
        rows = query.conn.execute(select(key if shown is None else func.min(shown), *columns, *counted)
                                  .select_from(query.relation.selectable).where(*query.where, *conditions)
                                  .group_by(key).order_by(order).limit(limit)).all()
        if most_rows is None:
            return rows
        most_rows[:] = [max((row[-1] for row in rows), default=0)]
        return [tuple(row[:-1]) for row in rows]

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
            columns.append(aggregate(query, name))
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


def whole_sums(query: ChartQuery, rows: list, types: Sequence[str]) -> list:
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
    """The 422 for a sum of the chart's integer columns in one group that no 64-bit integer holds."""
    names = [name for name in query.spec.y if query.relation.type_of(name) == "integer"]
    return sum_too_large(names, query.spec.resample or query.spec.x)
