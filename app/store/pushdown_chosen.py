"""What a chart of a source dataset (or a big stored one) that draws no rows names as what chose
none, asked of its database as `plots.selection.select_rows` finds it of a frame: its range and
filters, or nothing where the rows they chose have no x, which have no place on the chart whatever
chose them ("No rows to draw")."""
from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from plots import kind_of
from plots.selection import by_filters

from .source_conditions import Condition, where_clauses

if TYPE_CHECKING:
    from .pushdown import ChartQuery


def named_of_none(query: ChartQuery, conditions: Sequence[Condition], by: tuple[str, ...],
                  without_x: int) -> tuple[str, ...]:
    """What a chart of `query` that draws no rows, and has none within lacking values or left out
    by its x bounds, names as what left none, of `by` (its range and filters as `conditions` hold
    them): nothing where the rows they chose have no x (`without_x` of them counted already, or
    found by the database), the filters alone where a range over x left out no row of theirs
    holding one but they chose none, else `by`. One or two EXISTS, asked only of such a chart."""
    x = query.spec.x
    if not conditions or not kind_of(query.spec).uses_x:
        return by
    # A range over x chooses no row without one: what it left out is asked of the rows the rest chose.
    unranged = [condition for condition in conditions if condition.column != x or condition.op == "in"]
    if _any(query, (*unranged, Condition(x, "not null"))):
        return by
    if without_x or _any(query, unranged):
        return ()
    ranged_over_x = len(unranged) < len(conditions)
    return by_filters(sum(condition.op == "in" for condition in conditions)) if ranged_over_x else by


def _any(query: ChartQuery, conditions: Sequence[Condition]) -> bool:
    """Whether any row of the chart's dataset meets `conditions` (an EXISTS)."""
    return query.any_where(where_clauses(query.relation, query.functions, conditions))
