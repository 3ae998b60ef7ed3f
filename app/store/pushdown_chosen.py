"""What a chart of a source dataset (or a big stored one) that draws no rows names as what chose
none, asked of its database as `plots.selection.select_rows` finds it of a frame: its range and
filters, or nothing where the rows they chose have no x, which have no place on the chart whatever
chose them ("No rows to draw"), and the column of a range none of whose rows has a time there."""
from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from plots import kind_of
from plots.selection import BY_RANGE, by_filters

from .source_conditions import Condition, rows_where, unranged

if TYPE_CHECKING:
    from .pushdown_query import ChartQuery


def named_of_none(query: ChartQuery, conditions: Sequence[Condition], by: tuple[str, ...],
                  without_x: int | None) -> tuple[tuple[str, ...], str | None]:
    """What a chart of `query` that draws no rows, and has none within lacking values or left out
    by its x bounds, names as what left none, of `by` (its range and filters as `conditions` hold
    them), and the column of a range over another column than x where none of the rows its filters
    chose has a time (None where some has): nothing where the rows they chose have no x
    (`without_x` of them, counted already as the chart's words count them, range over x or not;
    None where not counted: found by the database), the filters alone where a range over x left
    out no row of theirs holding one but they chose none, else the range alone or the filters alone
    where either chooses no row by itself, else `by`. A few EXISTS, asked only of such a chart."""
    answers: dict[tuple[Condition, ...], bool] = {}

    def asked(conditions: Sequence[Condition]) -> bool:
        """`_any`, each set of conditions asked of the database once (the filters alone may be asked
        for several reasons)."""
        key = tuple(conditions)
        if key not in answers:
            answers[key] = _any(query, key)
        return answers[key]

    x = query.spec.x if kind_of(query.spec).uses_x else None
    ranged = {condition.column for condition in conditions if condition.op != "in"}
    filters = [condition for condition in conditions if condition.op == "in"]
    for column in ranged - {x}:
        # No row the filters chose has a time there: the range left out no row for its times.
        if not asked((*filters, Condition(column, "not null"))) and asked(filters):
            return by, column
    if ranged and filters:
        # Where they chose none, the range alone or the filters alone name what left none where either
        # chooses no row by itself, as `select_rows` finds of a frame; both only where each chooses some.
        if not asked([condition for condition in conditions if condition.op != "in"]):
            by = tuple(name for name in by if name == BY_RANGE)
        elif not asked(filters):
            by = by_filters(len(filters))
    if not conditions or x is None:
        return by, None
    # A range over x chooses no row without one: what it left out is asked of the rows the rest chose.
    others = unranged(conditions, x)
    if asked((*others, Condition(x, "not null"))):
        return by, None
    # None of them has an x: they have no place on the chart, whatever chose them. Counted, the rows
    # without one are all the rest chose; else whether there are any is asked.
    if without_x or without_x is None and asked(others):
        return (), None
    return (by_filters(len(filters)) if x in ranged else by), None


def _any(query: ChartQuery, conditions: Sequence[Condition]) -> bool:
    """Whether any row of the chart's dataset meets `conditions` (an EXISTS)."""
    return query.any_where(rows_where(query.relation, query.functions, conditions))
