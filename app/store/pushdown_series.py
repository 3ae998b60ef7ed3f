"""A source dataset's chart split by a text column (`series=region`), computed by its database.

The database finds the series: the distinct values of the column among the rows the range and the
filters choose, blank ones left out, the first `max_series` in code-point order (`COLLATE "C"` in
PostgreSQL, SQLite's BINARY), how many there are and how many rows hold none. The chart is then
asked of a relation holding, beside the source's columns, a column per series: the y of the rows of
that value (`CASE WHEN region = :value THEN sales END`, each value a bound parameter, each column
labelled by SQLAlchemy), as the wide chart of those columns (`pushdown.chart_rows`): a resample's
GROUP BY of the x bucket aggregates each series apart, bars are grouped by x under the category cap,
a histogram counts each series' bins and a line is thinned to M4 per pixel column and series. Rows
read as they are (a scatter's, a line's drawn whole or thinned) hold one series each, and are set
side by side as `plots.series_split` sets a frame's.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence

import pandas as pd
from sqlalchemy import Connection, case, func, select

from plots import ChartSpec, Limits, kind_of
from plots.rows import as_drawn, drawn_of, with_mark
from plots.series_split import SPLIT_KEY, SeriesSplit, series_names, split_rows

from .source_conditions import Condition, Relation, where_clauses
from .source_sql import SqlFunctions
from .source_values import text_of
from .types import Column

# How the columns of the series are named in a statement: none of the source's own names.
LABEL = "series_{}"
# The byte order each database sorts the values in, which Python's sort of the text gives.
BYTE_ORDER = {"postgresql": "C", "sqlite": "BINARY"}


def split_chart_rows(conn: Connection, relation: Relation, functions: SqlFunctions, spec: ChartSpec, limits: Limits,
                     conditions: Sequence[Condition], rows: Callable[[Relation, ChartSpec], pd.DataFrame]
                     ) -> pd.DataFrame:
    """The rows of the chart `spec` splits by its series column, computed by the database: `rows` asks
    it for those of a relation and a spec (`pushdown.chart_rows`), here of the relation holding a
    column per series and the wide chart of them; set side by side, named by the values and marked
    with them (`plots.series_split.SeriesSplit`)."""
    found = series_found(conn, relation, functions, spec, conditions, limits)
    labels = _labels(relation, len(found.drawn))
    wide = dataclasses.replace(spec, y=tuple(labels), series=None)
    frame = rows(_split_relation(relation, spec, found.drawn, labels), wide)
    if _one_row_a_period(spec):
        names = dict(zip(labels, series_names(found.drawn, spec.x, spec.series)))
        named = frame.rename(columns=names)
        named.attrs = dict(frame.attrs)
        drawn = drawn_of(frame)
        if drawn is not None and drawn.bins is not None:
            # A histogram's counts stand for the rows of the wide table, as a frame's do: one an x.
            rows = _rows_side_by_side(conn, relation, functions, spec, conditions, found)
            as_drawn(named, dataclasses.replace(
                drawn, rows=rows, ranges=tuple((names.get(name, name), *rest) for name, *rest in drawn.ranges),
                outside=tuple((names.get(name, name), *rest) for name, *rest in drawn.outside)))
        return with_mark(named, SPLIT_KEY, found)
    return _set_side_by_side(frame, spec, labels, found, limits)


def _rows_side_by_side(conn: Connection, relation: Relation, functions: SqlFunctions, spec: ChartSpec,
                       conditions: Sequence[Condition], found: SeriesSplit) -> int:
    """How many rows the wide table of the split's series has, as `plots.series_split.split_rows` sets
    them: one an x (and n-th row of it in a series), or without x as many as the longest series."""
    series = relation.column(spec.series)
    where = (*where_clauses(relation, functions, conditions), series.in_(found.drawn))
    if spec.x is None:
        counted = (select(func.count().label("n")).select_from(relation.selectable).where(*where)
                   .group_by(series).subquery())
        return int(conn.execute(select(func.coalesce(func.max(counted.c.n), 0))).scalar_one())
    x = relation.column(spec.x)
    nth = func.row_number().over(partition_by=(x, series)).label("nth")
    each = select(x.label("x"), nth).select_from(relation.selectable).where(*where).subquery()
    rows = select(each.c.x, each.c.nth).group_by(each.c.x, each.c.nth).subquery()
    return int(conn.execute(select(func.count()).select_from(rows)).scalar_one())


def _one_row_a_period(spec: ChartSpec) -> bool:
    """Whether the database gives one row per x (a resample's period, a bar's category) or per bin,
    each holding every series: else a row of the source each, holding one."""
    kind = kind_of(spec)
    return bool(spec.x and (kind.uses_x and spec.resample or kind.categorical)) or kind.values_on_x


def _set_side_by_side(frame: pd.DataFrame, spec: ChartSpec, labels: list[str], found: SeriesSplit,
                      limits: Limits) -> pd.DataFrame:
    """Rows of the source, each holding its y in the column of its series (`labels`), as the long
    rows they are set side by side from (`split_rows`), which keep their marks: the row a line runs
    on to beyond a bound, the rows a database thinned."""
    x = spec.x if spec.x in frame.columns else None
    held = frame[labels].notna().to_numpy()
    which = held.argmax(axis=1)
    keep = held.any(axis=1)
    values = frame[labels].to_numpy()[range(len(frame)), which] if len(frame) else []
    long = pd.DataFrame({**({x: frame[x]} if x is not None else {}),
                         spec.series: pd.Series([found.drawn[i] for i in which], index=frame.index, dtype=object),
                         spec.y[0]: pd.Series(values, index=frame.index)}).loc[keep]
    if len(frame) and all(pd.api.types.is_integer_dtype(frame[label]) for label in labels):
        long[spec.y[0]] = long[spec.y[0]].astype(frame[labels[0]].dtype)
    long.attrs = dict(frame.attrs)
    drawn = drawn_of(frame)
    split = split_rows(spec, long, limits, found)
    if drawn is not None:
        split.attrs.update(frame.attrs)
    return split


def series_found(conn: Connection, relation: Relation, functions: SqlFunctions, spec: ChartSpec,
                 conditions: Sequence[Condition], limits: Limits) -> SeriesSplit:
    """The series of `spec`'s split among the rows `conditions` choose (a range, filters), found by
    the database: the first `max_series` values in code-point order, those after them (at most 5 of
    them named, all counted), and how many of the rows hold no value."""
    column = relation.column(spec.series)
    where = where_clauses(relation, functions, conditions)
    holding = (column.is_not(None), ~functions.is_blank(column))
    values = (select(column.label("value")).select_from(relation.selectable).where(*where, *holding)
              .group_by(column).subquery())
    order = BYTE_ORDER.get(conn.dialect.name)
    sort = values.c.value.collate(order) if order else values.c.value
    first = [text_of(value) for value in conn.execute(select(values.c.value).order_by(sort)
                                                     .limit(limits.max_series + 5)).scalars()]
    first = sorted(value for value in first if value is not None)
    count = conn.execute(select(func.count()).select_from(values)).scalar_one()
    without = conn.execute(select(func.count()).select_from(relation.selectable)
                           .where(*where, ~(holding[0] & holding[1]) | column.is_(None))).scalar_one()
    left_out = tuple(first[limits.max_series:])
    return SeriesSplit(spec.series, tuple(first[:limits.max_series]), left_out, limits.max_series, int(without),
                       more=max(0, count - limits.max_series - len(left_out)), measure=spec.y[0])


def _labels(relation: Relation, count: int) -> list[str]:
    """The names of `count` series' columns, none of them a column of the source."""
    taken = {column.name for column in relation.columns}
    prefix = LABEL
    while any(prefix.format(n) in taken for n in range(count)):
        prefix = "_" + prefix
    return [prefix.format(n) for n in range(count)]


def _split_relation(relation: Relation, spec: ChartSpec, drawn: Sequence[str], labels: Sequence[str]) -> Relation:
    """`relation` with a column per series (`labels`, of the values `drawn`): the y of its rows, NULL elsewhere."""
    series, measure = relation.column(spec.series), relation.column(spec.y[0])
    own = [relation.selectable.c[column.name] for column in relation.columns]
    split = [case((series == value, measure), else_=None).label(label) for value, label in zip(drawn, labels)]
    selectable = select(*own, *split).subquery("split")
    measured = relation.type_of(spec.y[0])
    return Relation(selectable, (*relation.columns, *(Column(label, measured) for label in labels)),
                    collation=relation.collation)
