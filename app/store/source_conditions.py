"""Which rows of a source dataset a chart reads, as WHERE clauses the database applies.

A `Relation` is the dataset as SQL sees it: what to select from, and its columns with the site's
types. A `Condition` chooses rows by one column: a chart's spec gives some (x present and within
xmin/xmax: `spec_conditions`), a dashboard's or URL's choice of rows others (its time range and
filters: `selection_conditions`), and `where_clauses` turns them into SQLAlchemy clauses with every
value a bound parameter.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import BindParameter, ColumnElement, String, bindparam, select, type_coerce
from sqlalchemy.sql import FromClause

from plots import ChartSpec, kind_of
from plots.selection import Selection

from .source_sql import SqlFunctions
from .types import Column

OPS = (">=", "<=", "in", "not null")


@dataclass(frozen=True)
class Condition:
    """One condition on a column: `op` is ">=", "<=" (a number or moment), "in" (a tuple of values) or
    "not null" (a value of the column's type: `SqlFunctions.present`). A chart's x bounds are two;
    a dashboard's time range (`from`/`to` on its time column) and filters (`filter.<column>=value`,
    "in") map onto the same."""

    column: str
    op: str
    value: Any = None

    def __post_init__(self) -> None:
        if self.op not in OPS:
            raise ValueError(f"op must be one of {', '.join(OPS)}, got {self.op!r}")


@dataclass(frozen=True)
class Relation:
    """A source dataset as SQL sees it: what to select from and its columns with the site's types.

    `row_order` is the column numbering a stored dataset's rows in the order they were added (its
    row id): rows read as they are then come in that order, as the dataset's frame holds them, for
    `chart_frame` to shape as it shapes that frame, and text bar categories grouped by the database
    come where each first comes. None for a source, whose table has no order of rows: rows come
    ordered by x.

    `collation` is the one every column is compared, grouped and ordered under
    (`SqlFunctions.collation`: SQLite's BINARY, whatever the column is declared with), or None
    for each column's own.

    `split_by` is the text column whose values the columns added by `with_columns` split a y by
    (`pushdown_series`): each row then holds one value, in the column of its series. None otherwise.

    `rows_of` are clauses every statement of a chart over it adds to its WHERE clauses (`rows_where`):
    a split's, the rows of the series it draws, as `plots.series_split.split_rows` keeps them; none
    otherwise.
    """

    selectable: FromClause
    columns: tuple[Column, ...]
    row_order: ColumnElement | None = field(default=None, kw_only=True)
    collation: str | None = field(default=None, kw_only=True)
    split_by: str | None = field(default=None, kw_only=True)
    rows_of: tuple[ColumnElement, ...] = field(default=(), kw_only=True)

    def column(self, name: str) -> ColumnElement:
        """The column of that name (one of `columns`: names never come from anywhere else), under
        `collation`."""
        column = self.selectable.c[name]
        if self.collation is None:
            return column
        # COLLATE taken through a text type, SQLAlchemy's only one for it; the column keeps its own.
        return type_coerce(type_coerce(column, String()).collate(self.collation), column.type)

    def type_of(self, name: str) -> str:
        """The site's type of a column."""
        return next(c.type for c in self.columns if c.name == name)

    def loaded(self, functions: SqlFunctions, name: str) -> ColumnElement:
        """A column as its values are read into rows (`SqlFunctions.loaded`), under its own name."""
        return functions.loaded(self.column(name), self.type_of(name)).label(name)

    def holds(self, name: str, value: str) -> ColumnElement:
        """Whether a row's text column `name` holds `value` (a bound parameter)."""
        return self.column(name) == value

    def with_columns(self, added: Sequence[tuple[Column, ColumnElement]], split_by: str | None = None) -> Relation:
        """The relation with the columns `added` beside its own (each its site's column and its value
        over this relation's columns): a subquery selecting them, named `split`; `split_by` as the
        class says."""
        own = [self.selectable.c[column.name] for column in self.columns]
        selectable = select(*own, *(value.label(column.name) for column, value in added)).subquery("split")
        return Relation(selectable, (*self.columns, *(column for column, _ in added)), collation=self.collation,
                        split_by=split_by)


def spec_conditions(spec: ChartSpec) -> tuple[Condition, ...]:
    """The conditions a chart's spec puts on rows: x present and within xmin/xmax, for kinds placed by x."""
    kind = kind_of(spec)
    if not (kind.uses_x and spec.x):
        return ()
    conditions = [Condition(spec.x, "not null")]
    if kind.x_bounds == "rows":
        if spec.xmin is not None:
            conditions.append(Condition(spec.x, ">=", spec.xmin))
        if spec.xmax is not None:
            conditions.append(Condition(spec.x, "<=", spec.xmax))
    return tuple(conditions)


def selection_conditions(selection: Selection) -> tuple[Condition, ...]:
    """The conditions of a dashboard's or URL's choice of rows (`from`/`to` on its time column,
    `filter.<column>=` values), as `plots.selection.select_rows` applies them to a frame."""
    conditions = []
    if selection.time_column is not None:
        conditions.append(Condition(selection.time_column, "not null"))
        if selection.start is not None:
            conditions.append(Condition(selection.time_column, ">=", selection.start))
        if selection.end is not None:
            conditions.append(Condition(selection.time_column, "<=", selection.end))
    conditions += [Condition(column, "in", values) for column, values in selection.filters]
    return tuple(conditions)


def unranged(conditions: Sequence[Condition], x: str | None) -> tuple[Condition, ...]:
    """Every condition but a range over `x` (a filter on it kept): what chooses the rows of a chart of
    `x` but its time range, which chooses no row without an x."""
    return tuple(condition for condition in conditions if condition.column != x or condition.op == "in")


def rows_where(relation: Relation, functions: SqlFunctions, conditions: Sequence[Condition]) -> list[ColumnElement]:
    """The WHERE clauses of the rows of `relation` a chart reads that `conditions` choose: those of
    `conditions` (`where_clauses`) after the relation's own (`Relation.rows_of`)."""
    return [*relation.rows_of, *where_clauses(relation, functions, conditions)]


def where_clauses(relation: Relation, functions: SqlFunctions, conditions: Sequence[Condition]) -> list[ColumnElement]:
    """The WHERE clauses of `conditions`, values bound: first each date bound's cheap comparison
    that an index serves (`SqlFunctions.datetime_text_bound`, SQLite's text a few days wider), so
    that a row it leaves out has nothing else worked out (SQLite checks a WHERE's terms in turn),
    then the conditions themselves."""
    first, clauses = [], []
    for condition in conditions:
        column = relation.column(condition.column)
        if condition.op == "not null":
            clauses.append(functions.present(column, relation.type_of(condition.column)))
        elif condition.op == "in":
            clauses.append(column.in_(bound(list(condition.value), column, expanding=True)))
        elif relation.type_of(condition.column) == "datetime":
            wider = functions.datetime_text_bound(column, condition.op, condition.value)
            first += [] if wider is None else [wider]
            clauses.append(functions.datetime_bound(column, condition.op, condition.value))
        else:
            value = condition.value
            if relation.type_of(condition.column) == "integer":
                value = integer_bound(condition.op, value)
            clauses.append(column >= bound(value, column) if condition.op == ">=" else column <= bound(value, column))
    return first + clauses


# Past 2**53 a double holds only some whole numbers: an x bound is a double, and a frame compares an
# integer column with it as doubles, each integer rounded to its nearest (9007199254740993 to
# 9007199254740992), where SQLite compares the integer exactly and left out rows the frame keeps.
ROUNDED_PAST = 2 ** 53
INTEGER_RANGE = 2 ** 63


def integer_bound(op: str, value: Any) -> Any:
    """The bound an integer column is compared with for `op` (">=" or "<="), so that the database
    chooses the integers a frame does, each rounded to a double to meet the double `value`: the
    least integer that rounds to `value` or above, or the greatest that rounds to it or below
    (`xmax=9007199254740993`, the double 9007199254740992, is 9007199254740993; `xmin=9223372036854775807`,
    the double 2**63, is 9223372036854775296). `value` as it is nearer zero than 2**53, where every
    integer is a double, and where every 64-bit integer meets it or none does.

    A fraction nearer zero than 2**53 is the nearest whole number the integers meeting it start or end
    at (`xmin=1500.5` is 1501, `xmax=3500.5` is 3500): PostgreSQL casts a parameter to the column's
    integer type, rounding it (1500.5 to 1500), which took the row just below xmin for one within it."""
    if isinstance(value, float) and math.isfinite(value) and abs(value) < ROUNDED_PAST:
        return math.ceil(value) if op == ">=" else math.floor(value)
    if not isinstance(value, float) or not ROUNDED_PAST <= abs(value) <= INTEGER_RANGE:
        return value
    # Between `value` and the next double that way, the integers nearer `value` round to it.
    step = 1 if op == "<=" else -1
    found = (int(value) + int(math.nextafter(value, step * math.inf))) // 2
    while not _meets(op, found, value):
        found -= step
    while _meets(op, found + step, value):
        found += step
    return found if -INTEGER_RANGE <= found < INTEGER_RANGE else value


def _meets(op: str, whole: int, value: float) -> bool:
    """Whether the integer `whole`, rounded to a double, meets the bound `value` by `op`."""
    return float(whole) >= value if op == ">=" else float(whole) <= value


def bound(value: Any, column: ColumnElement, expanding: bool = False) -> BindParameter:
    """`value` as a bound parameter of the column's type, named apart from the column: compared
    with a column, a parameter is named after it, and a name holding a tab or a newline broke the
    statement."""
    return bindparam(None, value, type_=column.type, expanding=expanding)
