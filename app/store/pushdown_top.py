"""A bar chart's categories sorted and cut to its `top` by the database (`sort=-value&top=10` of a table
of many categories): one statement groups the rows, numbers the groups in the chart's order (`ORDER BY`
the bar's value or x, ties by the order the groups come in otherwise, a missing value last) and keeps the
first `top`, with the count of every group and the sum of the values of those left out read in the same
pass (window functions over the groups, before the LIMIT), so that only `top` rows leave the database.

Where the database cannot order the groups as `plots.bar_order` does, the caller groups them all and
sorts them as a dataset's (`ordered_groups` gives None): a median or a percentile (made by the site of
the values PostgreSQL reads, and by an aggregate of the site's own in SQLite, `sqlite_ranks`), an integer
column's exact mean (put together from halves), text sorted by category (`sort=x` sorts letters whatever
their case, which no collation both databases share does), and a sum past 64 bits or past the largest
double (refused, as a dataset's, by the grouping that sums in halves).
"""
from __future__ import annotations

import decimal
import math
from typing import TYPE_CHECKING

from sqlalchemy import ColumnElement, case, exc, func, literal, select

from plots.bar_order import NO_SORT
from plots.percentiles import percentile_of

from .pushdown_aggregates import aggregate
from .pushdown_medians import integer_columns

if TYPE_CHECKING:
    from .pushdown_query import ChartQuery


def ordered_groups(query: ChartQuery, key: ColumnElement, shown: ColumnElement | None,
                   first_seen: bool) -> tuple[list, int, object, int] | None:
    """The first `spec.top` groups of the chart's rows by `key` (rows of x and the y aggregates, the
    least `shown` in the key's place where given) in the order `spec.sort` asks, how many groups there
    are, the sum of the values of those left out (None where none has a value) and the most rows a
    group holds (1 where each category is one row's, which no aggregate combined); None where the
    database cannot order them as a dataset's are (see the module's docstring)."""
    spec = query.spec
    combined_by_site = spec.agg == "median" or percentile_of(spec.agg) is not None
    if combined_by_site or spec.agg == "mean" and any(integer_columns(query)):
        return None
    if spec.sort in ("x", "-x") and query.relation.type_of(spec.x) == "text":
        return None
    values = [aggregate(query, name) for name in spec.y]
    tie = func.min(query.row_order) if first_seen else key
    named = [(key if shown is None else func.min(shown)).label("x_"),
             *(value.label(f"y{at}") for at, value in enumerate(values))]
    # One series' value is its total: not computed twice (SQLite would).
    totals = [query.total(values).label("total_")] if len(values) > 1 else []
    grouped = (select(*named, *totals, tie.label("tie_"), func.count().label("rows_"))
               .select_from(query.relation.selectable).where(*query.where).group_by(key).subquery())
    total = grouped.c.total_ if totals else grouped.c.y0
    order = _order(spec.sort, total, grouped.c.x_ if shown is None else grouped.c.tie_, grouped.c.tie_)
    ranked = select(*(grouped.c[column.name] for column in named), total.label("t_"),
                    func.row_number().over(order_by=order).label("at_"),
                    func.count().over().label("groups_"), func.max(grouped.c.rows_).over().label("most_")
                    ).subquery()
    left_out = func.sum(case((ranked.c.at_ > literal(spec.top), ranked.c.t_))).over()
    statement = (select(*(ranked.c[column.name] for column in named), ranked.c.groups_, ranked.c.most_, left_out)
                 .order_by(ranked.c.at_).limit(spec.top))
    try:
        rows = query.conn.execute(statement).all()
    except (exc.OperationalError, exc.DataError):
        return None  # a sum past 64 bits or the largest double: the grouping that sums in halves refuses it
    if not rows:
        return [], 0, None, 0
    found = [tuple(row[:len(named)]) for row in rows]
    count, most, rest = rows[0][-3:]
    if any(isinstance(v, float) and math.isinf(v) for row in found for v in row[1:]) or (
            isinstance(rest, float) and math.isinf(rest)):
        return None
    return found, int(count), _plain(rest), int(most)


def _order(sort: str, total: ColumnElement, key: ColumnElement, tie: ColumnElement) -> list:
    """The ORDER BY of the groups: by `total` or `key` as `sort` asks, a missing value last, ties by `tie`."""
    if sort == NO_SORT:
        return [tie]
    by = total if sort.endswith("value") else key
    return [by.is_(None), by.desc() if sort.startswith("-") else by.asc(), tie]


def _plain(value):
    """A sum as the words say it: a PostgreSQL numeric an int where it is whole."""
    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value
