"""Medians and percentiles of a source dataset's groups computed by its database, as a frame's takes them.

A median is the mean of a group's two middle values. PostgreSQL finds them with its own aggregates
(`percentile_disc`: `SqlFunctions.middle_values`): a float column's median is their mean in doubles
(`middle_mean`), an integer column's their exact mean taken in one place (`exact_medians`). SQLite,
which has no such aggregate, has the site's own (`SqlFunctions.median`, `sqlite_ranks`), which sorts
each group's values once and makes the same of them. Either way the rows stay in the database, as
every other aggregate's do.

A percentile (`agg=p95`) lies between the two values at the ranks `plots.percentiles.ranks` names
(`percentile_rows`): PostgreSQL's values of a group sorted into an array and subscripted there, read
with the group's count of values and interpolated here, as a frame's groups are
(`plots.percentiles.interpolated`); SQLite's by the site's own aggregate, which interpolates them so.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from sqlalchemy import ColumnElement, Double, case, cast, func, literal, or_, type_coerce

from plots.aggregates import LARGEST_FLOAT, mean_of_middles
from plots.percentiles import interpolated

if TYPE_CHECKING:
    from .pushdown_query import ChartQuery


# Middle values past this are halved before they are added: their sum could pass the largest double.
HALVED_ABOVE = LARGEST_FLOAT / 2


def middle_mean(lower: ColumnElement, upper: ColumnElement) -> ColumnElement:
    """A median: the mean of a group's two middle values (the middle one twice for an odd count), as
    a frame's median takes it (`plots.aggregates.aggregated`), in PostgreSQL (SQLite's aggregate
    takes it in Python, `sqlite_ranks.median_of_doubles`): their sum halved,
    or, where either lies past half the largest double, each halved before they are added (exact in
    binary for such values), so that values near it have a median and no infinity."""
    lower, upper = cast(lower, Double), cast(upper, Double)
    halved = or_(func.abs(lower) > literal(HALVED_ABOVE, Double), func.abs(upper) > literal(HALVED_ABOVE, Double))
    return type_coerce(case((halved, lower / 2.0 + upper / 2.0), else_=(lower + upper) / 2.0), Double)


def integer_columns(query: ChartQuery) -> list[bool]:
    """Which of the chart's y columns are integer columns, whose medians are taken exactly."""
    return [query.relation.type_of(name) == "integer" for name in query.spec.y]


def median_rows(query: ChartQuery, integers: Sequence[bool], grouped: Callable[[list], list]) -> list:
    """`pushdown_groups._group_rows` of each y column's median (`integers` saying which columns' are
    exact), read by `grouped(columns)` (`pushdown_aggregates.grouped_rows`): by one aggregate of the
    database (`SqlFunctions.median`), or from the two middle values its own aggregates find
    (`SqlFunctions.middle_values`) made their mean (`median_columns`, `exact_medians`); a group
    without values has none (None, as pandas' NaN)."""
    values = [query.value(name) for name in query.spec.y]
    medians = [query.functions.median(value, exact=exact) for value, exact in zip(values, integers)]
    if all(median is not None for median in medians):
        return grouped(medians)
    middles = [query.functions.middle_values(value, exact=exact) for value, exact in zip(values, integers)]
    return exact_medians(grouped(median_columns(middles, integers)), integers)


def median_columns(middles: Sequence[tuple[ColumnElement, ColumnElement]], integers: Sequence[bool]) -> list:
    """Each y column's median from its two middle values `middles`: a float column's their mean
    (`middle_mean`), an integer column's both, as they are stored, for `exact_medians`."""
    columns: list[ColumnElement] = []
    for pair, exact in zip(middles, integers):
        columns += pair if exact else [middle_mean(*pair)]
    return columns


def percentile_rows(query: ChartQuery, integers: Sequence[bool], k: int, grouped: Callable[[list], list]) -> list:
    """`pushdown_groups._group_rows` of each y column's k-th percentile, read by `grouped(columns)`
    (`pushdown_aggregates.grouped_rows`): by one aggregate of the database (`SqlFunctions.percentile`),
    or from each group's two values it lies between (`plots.percentiles.ranks`), found by the
    database's own aggregates (`SqlFunctions.ranked_values`), and its count of values, interpolated as a
    frame's (`plots.percentiles.interpolated`): a float column's a double, an integer column's exact
    (an int where it is whole); NaN without values, either way."""
    values = [query.value(name) for name in query.spec.y]
    found = [query.functions.percentile(value, k, exact=exact) for value, exact in zip(values, integers)]
    if all(percentile is not None for percentile in found):
        return [(row[0], *(math.nan if value is None else value for value in row[1:])) for row in grouped(found)]
    columns: list = []
    for value, exact in zip(values, integers):
        columns += [*query.functions.ranked_values(value, k, exact=exact), func.count(value)]
    rows = grouped(columns)
    made = [interpolated([row[at] for row in rows], [row[at + 1] for row in rows],
                         [row[at + 2] or 0 for row in rows], k, exact)
            for at, exact in zip(range(1, 1 + 3 * len(integers), 3), integers)]
    return [(row[0], *values) for row, *values in zip(rows, *made)]


def exact_medians(rows: list, integers: Sequence[bool]) -> list:
    """Grouped `rows` of `median_columns` (key, then a median of each column, or the two middle values
    of an integer column's, `integers` saying which) with each pair of middle values made their exact
    mean (`plots.aggregates.mean_of_middles`, as a frame's): an int where it is whole, else the
    nearest double; None for a group without values."""
    if not any(integers):
        return rows
    made = []
    for row in rows:
        values = [row[0]]
        for exact, part in zip(integers, column_parts(row, [2 if exact else 1 for exact in integers])):
            values.append(part[0] if not exact or part[0] is None else mean_of_middles(*part))
        made.append(tuple(values))
    return made


def column_parts(row: Sequence, widths: Sequence[int]) -> list[Sequence]:
    """`row`, a group's key then its columns' values, as each column's values: `widths` says how many
    values each column of a chart's y is given (its median's two middle values, a sum's two halves)."""
    parts, at = [], 1
    for width in widths:
        parts.append(row[at:at + width])
        at += width
    return parts
