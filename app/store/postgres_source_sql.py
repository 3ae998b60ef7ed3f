"""PostgreSQL's own spellings of the expressions `source_sql.SqlFunctions` names
(`PostgresFunctions`), and its M4 of a line in three passes (`PostgresFunctions.m4_rows`).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Connection,
    Double,
    Integer,
    Text,
    and_,
    bindparam,
    case,
    cast,
    func,
    literal,
    literal_column,
    not_,
    or_,
    select,
    type_coerce,
)
from sqlalchemy import types as sqltypes
from sqlalchemy.dialects.postgresql import ARRAY, aggregate_order_by, array
from sqlalchemy.sql import FromClause
from sqlalchemy.sql.elements import Grouping

from plots.downsample import column_scale

from .source_sql import WHITESPACE, M4Rows, SqlFunctions, ThinnedLine, enclosable

# percentile_disc(f) of n values is the one at position ceil(f * n): 0.5 the lower middle one, and
# 0.5 + 1e-12 the upper one (the same for an odd n) while n * 1e-12 < 1 / 2, for fewer than 5e11
# values a group. One sort a group, not two (benchmarks/medians.py: 0.78x to 0.91x the CPU time).
MIDDLE_FRACTIONS = (0.5, 0.5 + 1e-12)


def _finite_moment(column: ColumnElement) -> ColumnElement:
    """Whether a PostgreSQL date or timestamp is a moment a Python date holds: not NULL,
    'infinity' or '-infinity', nor of a year before 1 (BC) or after 9999. Two comparisons, which
    an index on the column serves; isfinite() made M4's pass 40 % slower."""
    return and_(column >= literal_column("'0001-01-01'"), column < literal_column("'10000-01-01'"))


def _array_type(values: Sequence[Any], column_type: Any) -> Any:
    """The element type of an array of a column's own values, as PostgreSQL has the column: a
    timestamptz column's (aware datetimes) with their time zone, a date column's as dates. The
    site's datetime is one type; compared with an array of another (`tstz = any(timestamp[])`),
    each row is converted and the array scanned, with no hash: 20,000 rows took 4 s."""
    if values and isinstance(values[0], dt.datetime):
        return sqltypes.DateTime(timezone=values[0].tzinfo is not None)
    if values and isinstance(values[0], dt.date):
        return sqltypes.Date()
    return column_type


def _row_values(source: FromClause, where: Sequence[ColumnElement], x: ColumnElement, ys: Sequence[ColumnElement],
                column: ColumnElement | None = None) -> FromClause:
    """The rows within `where` as `x` and each y (`y0`, `y1`, …), and their pixel column `k` where
    `column` is given, each computed once a row. OFFSET 0 keeps PostgreSQL from pulling the subquery up
    into the statement that reads it, which would put each expression back wherever it reads it."""
    placed = [] if column is None else [column.label("k")]
    return (select(*placed, x.label("x"), *(y.label(f"y{i}") for i, y in enumerate(ys)))
            .select_from(source).where(*where).offset(literal_column("0")).subquery("row_values"))


class PostgresFunctions(SqlFunctions):
    """PostgreSQL: timestamps compared as they are (an index on them serves), truncated by date_trunc."""

    name = "postgresql"
    waits_for_table_locks = True

    def query_column_type(self, column_type):
        if column_type == "datetime":
            return sqltypes.DateTime()
        return super().query_column_type(column_type)

    def is_blank(self, value: ColumnElement) -> ColumnElement:
        # btrim(), PostgreSQL's trim() of the characters given, as SQLite's two-argument trim() is.
        return func.btrim(value, literal_column("'" + WHITESPACE + "'")) == ""

    def as_text(self, column: ColumnElement) -> ColumnElement:
        # Strictly typed: `flag IN ('true')` or `mood = 'ok'::varchar` would be errors.
        return cast(column, Text)

    def single_precision(self, sql_type):
        return isinstance(sql_type, sqltypes.REAL)  # `real`, float4 (`double precision` is DOUBLE_PRECISION)

    def as_double(self, column):
        # The shortest decimal that is the float4 (PostgreSQL's text of it, with extra_float_digits
        # 1, which `SourceStore._reading` sets): 0.7 stays 0.7, as PostgreSQL prints it and as a
        # CSV file of the table would hold it; the float4's exact double would be 0.699999988.
        return cast(cast(column, Text), Double)

    def first_row(self, query):
        # The first row as PostgreSQL spells it: the driver refuses some values of a plain select
        # ('infinity' timestamps, which `max(updated_at)` may well be). Two rows at most: psycopg
        # would fetch every row of a query giving many, though only the first is read.
        return f"SELECT CAST(v AS TEXT) FROM ({enclosable(query)}) AS v LIMIT 2"

    def epoch_seconds(self, column: ColumnElement, column_type: str) -> ColumnElement:
        if column_type == "datetime":
            # date_part gives a double; extract() gives numeric, several times slower to compute with.
            return func.date_part("epoch", column)
        return cast(column, Double)

    def present(self, column: ColumnElement, column_type: str) -> ColumnElement:
        if column_type == "datetime":
            return _finite_moment(column)
        return super().present(column, column_type)

    def no_moment(self, column):
        # 'infinity', '-infinity' and the dates of a year before 1 (BC) or after 9999, which a Python
        # date does not hold: each is a missing value, counted so that the page and charts say so.
        return case((and_(column.is_not(None), not_(_finite_moment(column))), cast(column, Text)))

    def loaded(self, column: ColumnElement, column_type: str) -> ColumnElement:
        if column_type == "datetime":
            return case((_finite_moment(column), column))
        return column

    def datetime_bound(self, column: ColumnElement, op: str, moment: dt.datetime) -> ColumnElement:
        bound = bindparam(None, moment, type_=sqltypes.DateTime())
        return column >= bound if op == ">=" else column <= bound

    def time_parts(self, column: ColumnElement) -> tuple[ColumnElement, ColumnElement]:
        finite = _finite_moment(column)  # date_trunc() of a date is a timestamp at its midnight
        return (and_(finite, column != func.date_trunc("day", column)),
                and_(finite, column != func.date_trunc("second", column)))

    def floor(self, value: ColumnElement) -> ColumnElement:
        return cast(func.floor(value), Integer)

    def period(self, column: ColumnElement, rule: str) -> ColumnElement:
        return func.date_trunc(rule, column)  # a week from its Monday, as ISO weeks start

    def middle_values(self, column: ColumnElement, exact: bool = False) -> tuple[ColumnElement, ColumnElement]:
        # Both middle values from one sort of the group (`MIDDLE_FRACTIONS`). Not percentile_cont,
        # which interpolates as lower + (upper - lower) / 2: an infinity (a missing value) where the
        # two lie further apart than the largest double.
        value, kind = (cast(column, BigInteger), BigInteger) if exact else (cast(column, Double), Double)
        fractions = array([literal(f, Double) for f in MIDDLE_FRACTIONS])
        # In parentheses: PostgreSQL subscripts no aggregate's result written bare.
        middles = type_coerce(Grouping(func.percentile_disc(fractions).within_group(value)), ARRAY(kind))
        return middles[1], middles[2]

    def ranked_values(self, column: ColumnElement, k: int, exact: bool = False) -> tuple[ColumnElement, ColumnElement]:
        # The group's values sorted once into an array, subscripted at the two ranks in whole numbers: no
        # fraction of percentile_disc finds a rank (n - 1) * k / 100 + 1 for every count n, and percentile_cont
        # works the rank out in doubles. One sort a group, as fast as percentile_disc's for groups of more
        # than a few values (benchmarks/medians.py, `array_agg` subscripted), each group's values held.
        value, kind = (cast(column, BigInteger), BigInteger) if exact else (cast(column, Double), Double)
        values = type_coerce(Grouping(func.array_agg(aggregate_order_by(value, value)).filter(value.is_not(None))),
                             ARRAY(kind))
        at = (func.count(value) - 1) * k
        return values[at // 100 + 1], values[(at + 99) // 100 + 1]

    def x_range(self, conn, source, x, column_type, where, also=()):
        # min() and max() of the column itself, which an index on it answers without a scan; the
        # epoch seconds of the lowest moment are the lowest epoch seconds (the conversion keeps order).
        return tuple(conn.execute(select(self.epoch_seconds(func.min(x), column_type),
                                         self.epoch_seconds(func.max(x), column_type), *also)
                                  .select_from(source).where(*where)).one())

    def thinned_line(self, conn, source, x, ys, where, x_type, pixels, lo, hi):
        # The x range where the chart gives none (`x_range`, which an index answers), then M4's passes.
        if lo is None or hi is None:
            first, last = self.x_range(conn, source, x, x_type, where)
            if first is None:
                return None
            lo = float(first) if lo is None else lo
            hi = float(last) if hi is None else hi
        per_second = column_scale(lo, hi, pixels)

        def column(at: ColumnElement) -> ColumnElement:
            return self.floor((self.epoch_seconds(at, x_type) - lo) * per_second)

        return ThinnedLine(self.m4_rows(conn, source, x, ys, where, column), lo, hi, per_second)

    def m4_rows(self, conn: Connection, source: FromClause, x: ColumnElement, ys: Sequence[ColumnElement],
                where: Sequence[ColumnElement], column: Callable[[ColumnElement], ColumnElement]) -> M4Rows:
        """Per pixel column (`column(x)`, an integer expression) the rows `thinned_line` gives, how many
        rows there are and which ys have missing values, counted on the way."""
        # Pass 1: one GROUP BY with plain min/max aggregates (what PostgreSQL computes fastest), and
        # the counts of rows and of each y's values, so no other pass counts them. Over each row's
        # values computed once (`_row_values`): a y that is an expression (a stack's total) is
        # used by seven aggregates, which PostgreSQL would each compute it for.
        values = _row_values(source, where, x, ys, column(x))
        vx, vys = values.c.x, [values.c[f"y{i}"] for i in range(len(ys))]
        aggregates = [func.min(vx), func.max(vx)]
        for y in vys:
            aggregates += [func.min(y), func.max(y)]
        counts = [func.count(), *map(func.count, vys)]
        # The x of each column's first and last rows with and without each y (for one without
        # missing values, the column's first and last x, and nothing).
        positions = [edge(vx).filter(which) for y in vys
                     for which in (y.is_not(None), y.is_(None)) for edge in (func.min, func.max)]
        groups = conn.execute(select(values.c.k, *aggregates, *counts, *positions).group_by(values.c.k)).all()
        if not groups:
            return M4Rows([], 0, [False] * len(ys), (False, False))
        at_counts = 3 + 2 * len(ys)
        total = sum(g[at_counts] for g in groups)
        nulls = [sum(g[at_counts + 1 + i] for g in groups) < total for i in range(len(ys))]
        keys = [g[0] for g in groups]
        edges = {g[1] for g in groups} | {g[2] for g in groups}
        edges.update(v for g in groups for v in g[at_counts + 1 + len(ys):] if v is not None)
        # Pass 2: join back on the few group keys, bound as arrays: the first row per column
        # holding each extreme (and each first missing y), by its x.
        bound = [bindparam(None, keys, type_=ARRAY(Integer()))]
        names = ["k"]
        for i, y in enumerate(ys):
            for j in (0, 1):
                values = [g[3 + 2 * i + j] for g in groups]
                bound.append(bindparam(None, values, type_=ARRAY(y.type)))
                names.append(f"e{i}_{j}")
        extremes = func.unnest(*bound).table_valued(*names).render_derived()
        # Over each row's x and values computed once again (`_row_values`), without its pixel
        # column: a stack's total is compared in the WHERE clause, the join's and each aggregate's
        # filter, which PostgreSQL would each compute it for (2.0x the unstacked pass's time).
        read = _row_values(source, where, x, ys)
        vx, vys = read.c.x, [read.c[f"y{i}"] for i in range(len(ys))]
        found, matches = [], []
        for i, y in enumerate(vys):
            for j in (0, 1):
                hit = y == extremes.c[f"e{i}_{j}"]
                found.append(func.min(vx).filter(hit))
                matches.append(hit)
        # The rows holding any column's extreme of a y, found while scanning (one hashed look-up a
        # row): only those are joined, so the column expression is computed for them alone.
        candidates = []
        for i, (y, v) in enumerate(zip(ys, vys)):
            values = sorted({g[3 + 2 * i + j] for g in groups for j in (0, 1)} - {None})
            candidates.append(v == func.any(bindparam(None, values, type_=ARRAY(y.type))))
        located = conn.execute(select(*found).select_from(read.join(extremes, column(vx) == extremes.c.k))
                               .where(or_(*candidates), or_(*matches)).group_by(extremes.c.k)).all()
        for row in located:
            edges.update(v for v in row if v is not None)
        # Pass 3: the rows at those x, found by the index on x when there is one (every row at the
        # line's first x and its last among them: whether several share either is counted there).
        chosen = sorted(edges)
        wanted = bindparam(None, chosen, type_=ARRAY(_array_type(chosen, x.type)))
        rows = [tuple(r) for r in conn.execute(select(x, *ys).select_from(source)
                                               .where(*where, x == func.any(wanted)).order_by(x))]
        ends = (min(g[1] for g in groups), max(g[2] for g in groups))
        return M4Rows(rows, int(total), nulls, tuple(sum(r[0] == at for r in rows) > 1 for at in ends))
