"""Medians and percentiles of a source dataset's groups computed by its database, as a frame's takes them.

A median is the mean of a group's two middle values, which the database finds with its own
aggregates (PostgreSQL's `percentile_disc`: `database_medians`) or, where it has none (SQLite), by
ranking each group's values (`ranked_medians`): its rows stay in the database, as every other
aggregate's do. A float column's is their mean in doubles (`middle_mean`); an integer column's two
middle values are read as stored and their mean taken exactly in one place (`exact_medians`).

A percentile (`agg=p95`) lies between the two values at the ranks `plots.percentiles.ranks` names,
found the same two ways (`percentile_rows`: PostgreSQL's `array_agg` subscripted, SQLite's ranking),
read with the group's count of values and interpolated in one place for a frame's groups and a
database's alike (`plots.percentiles.interpolated`).
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from sqlalchemy import ColumnElement, Double, case, cast, func, literal, or_, select, type_coerce

from plots.aggregates import LARGEST_FLOAT, mean_of_middles
from plots.percentiles import interpolated

if TYPE_CHECKING:
    from .pushdown_query import ChartQuery


# Middle values past this are halved before they are added: their sum could pass the largest double.
HALVED_ABOVE = LARGEST_FLOAT / 2


def middle_mean(lower: ColumnElement, upper: ColumnElement) -> ColumnElement:
    """A median: the mean of a group's two middle values (the middle one twice for an odd count), as
    a frame's median takes it (`plots.aggregates.aggregated`), in every database: their sum halved,
    or, where either lies past half the largest double, each halved before they are added (exact in
    binary for such values), so that values near it have a median and no infinity."""
    lower, upper = cast(lower, Double), cast(upper, Double)
    halved = or_(func.abs(lower) > literal(HALVED_ABOVE, Double), func.abs(upper) > literal(HALVED_ABOVE, Double))
    return type_coerce(case((halved, lower / 2.0 + upper / 2.0), else_=(lower + upper) / 2.0), Double)


def integer_columns(query: ChartQuery) -> list[bool]:
    """Which of the chart's y columns are integer columns, whose medians are taken exactly."""
    return [query.relation.type_of(name) == "integer" for name in query.spec.y]


def database_medians(query: ChartQuery, integers: Sequence[bool]) -> list[ColumnElement] | None:
    """The columns of a grouped query giving each y column's median by the database's own aggregates
    (`SqlFunctions.middle_values`), as `median_columns` lays them out; None where it has none
    (SQLite: `ranked_medians`)."""
    middles = [query.functions.middle_values(query.value(name), exact=exact)
               for name, exact in zip(query.spec.y, integers)]
    return None if any(pair is None for pair in middles) else median_columns(middles, integers)


def median_columns(middles: Sequence[tuple[ColumnElement, ColumnElement]], integers: Sequence[bool]) -> list:
    """Each y column's median from its two middle values `middles`: a float column's their mean
    (`middle_mean`), an integer column's both, as they are stored, for `exact_medians`."""
    columns: list[ColumnElement] = []
    for pair, exact in zip(middles, integers):
        columns += pair if exact else [middle_mean(*pair)]
    return columns


def ranked_medians(query: ChartQuery, key: ColumnElement, conditions: Sequence[ColumnElement],
                   integers: Sequence[bool], limit: int, shown: ColumnElement | None = None,
                   first_seen: bool = False) -> list:
    """`pushdown_groups._group_rows` of medians computed in a database without a median aggregate
    (SQLite): each group's middle one or two values of each y column read (`ranked_rows`) and made its
    median (`median_columns`); a group without values has none (NULL, as pandas' NaN)."""
    def medians(value_at: Callable[[int, ColumnElement], ColumnElement], counts: Sequence[ColumnElement]) -> list:
        # The middle one of an odd count twice, the middle two of an even one.
        middles = [(value_at(i, (count + 1) // 2), value_at(i, (count + 2) // 2)) for i, count in enumerate(counts)]
        return median_columns(middles, integers)

    return ranked_rows(query, key, conditions, limit, medians, shown, first_seen)


def ranked_rows(query: ChartQuery, key: ColumnElement, conditions: Sequence[ColumnElement], limit: int,
                columns: Callable[[Callable[[int, ColumnElement], ColumnElement], Sequence[ColumnElement]], list],
                shown: ColumnElement | None = None, first_seen: bool = False) -> list:
    """`pushdown_groups._group_rows` of values read by their rank among each group's values of each y
    column, numbered in order (missing ones last) and counted: `columns(value_at, counts)` gives the
    columns of a group's row, `value_at(i, position)` being the value numbered `position` among its
    values of the i-th y column and `counts[i]` its count of them.

    The rows stay in the database: only the groups are read. Their key and values are chosen by a
    query of their own, which the numbering reads: SQLite reads the columns a query of window
    functions names through a subquery of its own, without the COLLATE BINARY they are compared
    under (`Relation.column`), and a column declared with a collation the site's connection has
    not registered was an error there."""
    chosen = (select(key.label("k"), *([] if shown is None else [shown.label("s")]),
                     *([query.row_order.label("o")] if first_seen else []),
                     *(query.value(name).label(f"v{i}") for i, name in enumerate(query.spec.y)))
              .select_from(query.relation.selectable).where(*query.where, *conditions).subquery("chosen"))
    numbered = [chosen.c.k, *([] if shown is None else [chosen.c.s]), *([chosen.c.o] if first_seen else [])]
    for i in range(len(query.spec.y)):
        y = chosen.c[f"v{i}"]
        numbered += [y, func.row_number().over(partition_by=chosen.c.k, order_by=(y.is_(None), y)).label(f"r{i}"),
                     func.count(y).over(partition_by=chosen.c.k).label(f"n{i}")]
    ranked = select(*numbered).subquery("ranked")

    def value_at(i: int, position: ColumnElement) -> ColumnElement:
        """The value numbered `position` among its group's values of the i-th y column."""
        return func.max(case((ranked.c[f"r{i}"] == position, ranked.c[f"v{i}"])))

    counts = [ranked.c[f"n{i}"] for i in range(len(query.spec.y))]
    named = ranked.c.k if shown is None else func.min(ranked.c.s)
    order = func.min(ranked.c.o) if first_seen else ranked.c.k
    return query.conn.execute(select(named, *columns(value_at, counts))
                              .group_by(ranked.c.k).order_by(order).limit(limit)).all()


def percentile_rows(query: ChartQuery, key: ColumnElement, conditions: Sequence[ColumnElement],
                    integers: Sequence[bool], k: int, limit: int, grouped: Callable[[list], list],
                    shown: ColumnElement | None = None, first_seen: bool = False) -> list:
    """`pushdown_groups._group_rows` of each y column's k-th percentile: each group's two values it lies
    between (`plots.percentiles.ranks`) and its count of values, found by the database's own aggregates
    (`SqlFunctions.ranked_values`, read by `grouped(columns)`, `pushdown_aggregates.grouped_rows`) or by
    ranking them (`ranked_rows`), then interpolated as a frame's (`plots.percentiles.interpolated`): a
    float column's a double, an integer column's exact (an int where it is whole); none without values."""
    found = [query.functions.ranked_values(query.value(name), k, exact=exact)
             for name, exact in zip(query.spec.y, integers)]
    if all(pair is not None for pair in found):
        columns: list = []
        for (lower, upper), name in zip(found, query.spec.y):
            columns += [lower, upper, func.count(query.value(name))]
        rows = grouped(columns)
    else:
        def ends(value_at: Callable[[int, ColumnElement], ColumnElement], counts: Sequence[ColumnElement]) -> list:
            columns: list = []
            for i, count in enumerate(counts):
                at = (count - 1) * k  # the lower one's rank less 1 in hundredths; -k for none (no value at 1)
                columns += [value_at(i, at // 100 + 1), value_at(i, (at + 99) // 100 + 1), func.max(count)]
            return columns

        rows = ranked_rows(query, key, conditions, limit, ends, shown, first_seen)
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
