"""Medians of a source dataset's groups computed by its database, as a frame's median takes them.

A median is the mean of a group's two middle values (`middle_mean`), which the database finds with
its own aggregates (PostgreSQL's `percentile_disc`) or, where it has none (SQLite), by ranking each
group's values (`ranked_medians`): its rows stay in the database, as every other aggregate's do.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from sqlalchemy import ColumnElement, Double, Numeric, case, cast, func, literal, or_, select, type_coerce

from plots.aggregates import LARGEST_FLOAT, exact_ratio

if TYPE_CHECKING:
    from .pushdown import ChartQuery


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


def exact_middle_mean(lower: ColumnElement, upper: ColumnElement) -> ColumnElement:
    """A median of an integer column, exact: the mean of its two middle values as a decimal number
    (PostgreSQL's numeric), whole where they sum to an even number, which `middle_mean`'s doubles
    round past 2**53."""
    return (cast(lower, Numeric) + cast(upper, Numeric)) / 2


def ranked_medians(query: ChartQuery, key: ColumnElement, conditions: Sequence[ColumnElement], limit: int,
                   shown: ColumnElement | None = None, first_seen: bool = False) -> list:
    """`pushdown_groups._group_rows` of medians computed in a database without a median aggregate
    (SQLite): each group's values of each y column numbered in order (missing ones last) and counted,
    and the median the mean of the middle one or two (`middle_mean`); a group without values has none
    (NULL, as pandas' NaN).

    The rows stay in the database: only the groups are read."""
    columns = [key.label("k"), *([] if shown is None else [shown.label("s")]),
               *([query.row_order.label("o")] if first_seen else [])]
    for i, name in enumerate(query.spec.y):
        y = query.value(name)
        columns += [y.label(f"v{i}"),
                    func.row_number().over(partition_by=key, order_by=(y.is_(None), y)).label(f"r{i}"),
                    func.count(y).over(partition_by=key).label(f"n{i}")]
    ranked = (select(*columns).select_from(query.relation.selectable)
              .where(*query.where, *conditions).subquery("ranked"))

    def middle(i: int, position: ColumnElement) -> ColumnElement:
        """The value numbered `position` among its group's values of the i-th y column."""
        return func.max(case((ranked.c[f"r{i}"] == position, ranked.c[f"v{i}"])))

    medians, integers = [], [query.relation.type_of(name) == "integer" for name in query.spec.y]
    for i, exact in enumerate(integers):
        count = ranked.c[f"n{i}"]
        # The middle one of an odd count twice, the middle two of an even one: an integer column's
        # as they are stored, their mean taken here exactly (`_exact_medians`).
        middles = middle(i, (count + 1) // 2), middle(i, (count + 2) // 2)
        medians += middles if exact else [middle_mean(*middles)]
    named = ranked.c.k if shown is None else func.min(ranked.c.s)
    order = func.min(ranked.c.o) if first_seen else ranked.c.k
    rows = query.conn.execute(select(named, *medians).group_by(ranked.c.k).order_by(order).limit(limit)).all()
    return _exact_medians(rows, integers) if any(integers) else rows


def _exact_medians(rows: list, integers: Sequence[bool]) -> list[tuple]:
    """`rows` (key, then a median of each column, or the two middle values of an integer column's,
    `integers` saying which) with each pair of middle values made their exact mean
    (`plots.aggregates.exact_ratio`): an int where it is whole; None for a group without values."""
    made = []
    for row in rows:
        values = [row[0]]
        for exact, part in zip(integers, column_parts(row, [2 if exact else 1 for exact in integers])):
            if not exact:
                values.append(part[0])
            else:
                lower, upper = part
                values.append(None if lower is None else exact_ratio(int(lower) + int(upper), 2))
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
