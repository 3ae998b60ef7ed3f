"""SQLite's and PostgreSQL's own spellings of the expressions `source_sql.SqlFunctions` names, and
`functions_for`, which gives the one of a SQLAlchemy dialect's name. SQLite's moments are text,
worked out by `sqlite_moments`.
"""
from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Connection,
    Double,
    Integer,
    String,
    Text,
    and_,
    bindparam,
    case,
    cast,
    collate,
    func,
    literal,
    literal_column,
    not_,
    null,
    or_,
    select,
    type_coerce,
)
from sqlalchemy import types as sqltypes
from sqlalchemy.dialects.postgresql import ARRAY, array
from sqlalchemy.sql import FromClause
from sqlalchemy.sql.elements import Grouping

from plots.downsample import column_scale

from . import sqlite_m4
from .source_sql import M4Rows, SqlFunctions, ThinnedLine, blank_or_word, enclosable
from .sqlite_moments import (
    FIRST_JULIAN_DAY,
    asked_once,
    date_text_bound,
    ends_in_short_offset,
    exact_micros,
    may_be_finer,
    micros,
    micros_since_epoch,
    millis,
    real_moment_text,
    text_moment,
    whole_milliseconds,
    whole_seconds,
)

# percentile_disc(f) of n values is the one at position ceil(f * n): 0.5 the lower middle one, and
# 0.5 + 1e-12 the upper one (the same for an odd n) while n * 1e-12 < 1 / 2, for fewer than 5e11
# values a group. One sort a group, not two (benchmarks/medians.py: 0.78x to 0.91x the CPU time).
MIDDLE_FRACTIONS = (0.5, 0.5 + 1e-12)


class SqliteFunctions(SqlFunctions):
    """SQLite: datetimes are ISO 8601 text, compared and bucketed through julianday(), which
    keeps whole milliseconds; text finer than that by its whole microseconds (`micros`)."""

    name = "sqlite"
    loose_integers = True
    blobs_by_index = True
    schema_version = "PRAGMA schema_version"
    # As bytes, as a CSV file's values compare: a column declared with a collation of the app that
    # made the file, which the site's connection has not registered, is an error compared under it.
    collation = "BINARY"

    @staticmethod
    def moment(column: ColumnElement) -> ColumnElement:
        """A date column's value where it is text, else NULL (`sqlite_moments.text_moment`)."""
        return text_moment(column)

    def epoch_seconds(self, column: ColumnElement, column_type: str) -> ColumnElement:
        if column_type == "datetime":
            # As plots.downsample.axis_numbers computes a moment's seconds, from its whole
            # microseconds: julianday() alone (a double within 0.04 ms of the moment's millisecond)
            # put rows by a pixel column's edge in the next column.
            return case((may_be_finer(column), micros(column) / 1e6), else_=millis(column) / 1000.0)
        return cast(column, Double)

    def holds_blob(self, column):
        return func.typeof(column) == literal_column("'blob'")

    def blob_held(self, column):
        # max() puts a blob past every number and text, whatever the collation, and SQLite reads
        # the max() of a table's column alone from the last entry of an index on it (one of
        # BINARY's: a collation the site has not registered is an error compared under).
        return func.typeof(func.max(collate(type_coerce(column, String()), "BINARY"))) == literal_column("'blob'")

    def without_blobs(self, column):
        return case((func.typeof(column) == literal_column("'blob'"), null()), else_=column)

    def holds_lower_t(self, column):
        # instr() first: SQLite checks the typeof() only of the few rows holding a `t` (with the
        # typeof() first, the description's pass over a date column took a sixth longer).
        return and_(func.instr(column, literal_column("'t'")) > 0, func.typeof(column) == literal_column("'text'"))

    def date_text(self, column):
        # upper() changes ASCII letters alone (a moment's `t`, `z`), but would make a number text.
        return case((func.typeof(column) == literal_column("'text'"), func.upper(column, type_=column.type)),
                    else_=column)

    def holds_short_offset(self, column):
        # Text julianday() does not read that ends in such an offset (`ends_in_short_offset`, which
        # `colon_offset` reads by too). julianday() first, as SQLite looks no further where it reads the
        # text: the description of a million moments took 0.30 s of CPU with it, 0.25 s without, and
        # 0.45 s with the substr() and GLOB first.
        return and_(func.julianday(column).is_(None), func.typeof(column) == literal_column("'text'"),
                    ends_in_short_offset(column))

    def colon_offset(self, column):
        # As text, whatever the column's declared type: `||` and substr() of a number are text.
        text = type_coerce(column, String())
        written = case((ends_in_short_offset(column, 2), text.op("||")(literal_column("':00'"))),
                       (ends_in_short_offset(column, 4), func.substr(column, 1, func.length(column) - 2)
                        .op("||")(literal_column("':'")).op("||")(func.substr(column, -2))),
                       else_=column)
        return type_coerce(written, column.type)

    def date_as_read(self, column, lower_t=True, short_offset=True):
        # Both: the offset's colon written first, then upper case, so that each reads the column
        # once (upper() first, colon_offset computed it again at each of its nine uses). The text is
        # the same either way: upper() changes letters alone, and colon_offset looks at digits, a
        # sign and a colon, and keeps the characters it does not add.
        if not (lower_t and short_offset):
            return super().date_as_read(column, lower_t, short_offset)
        written = self.colon_offset(column)
        text = func.typeof(column) == literal_column("'text'")
        return type_coerce(case((text, func.upper(written)), else_=written), column.type)

    def no_moment(self, column):
        # Its text as read (`date_as_read`), and not a julian day nor blank: a CASE, whose
        # tests SQLite asks in turn, the moment first, which most rows are, so that it looks no further.
        # The text as read is computed once for a row asked of it (`asked_once`): in each of
        # present()'s six uses of it, a million moments with short offsets took 7.4 s of CPU.
        kinds = [literal_column(f"'{kind}'") for kind in ("text", "integer", "real")]
        return case((self.present(column, "datetime"), null()),
                    (asked_once(self.date_as_read(column), lambda read: self.present(read, "datetime")), null()),
                    (and_(func.typeof(column).in_(kinds), not_(blank_or_word(column))), column))

    def holds_integer(self, column: ColumnElement) -> ColumnElement:
        # Not a REAL (2.5) or text ('', 'n/a') either, which an INTEGER column keeps as written.
        return func.typeof(column) == literal_column("'integer'")

    def present(self, column: ColumnElement, column_type: str) -> ColumnElement:
        if column_type == "datetime":  # not '' or 'n/a' either, which SQLite keeps as written
            return and_(func.julianday(self.moment(column)) >= FIRST_JULIAN_DAY, real_moment_text(column))
        return super().present(column, column_type)

    def datetime_bound(self, column: ColumnElement, op: str, moment: dt.datetime) -> ColumnElement:
        # Text compares by characters, and 'T' and ' ' separate dates from times alike: compare
        # moments. julianday() (the moment rounded to the millisecond) compares a moment on a
        # whole millisecond exactly with the bound made one that keeps the same of them, and any
        # other moment whose millisecond is not the bound's own or next to it: only those are
        # compared by their whole microseconds.
        def julian(at: dt.datetime) -> ColumnElement:
            return func.julianday(bindparam(None, at.isoformat(sep=" "), type_=String()))

        day = func.julianday(self.moment(column))
        compare = operator.ge if op == ">=" else operator.le
        near = and_(may_be_finer(column),
                    day.between(julian(whole_milliseconds(moment, up=False)),
                                julian(whole_milliseconds(moment, up=True))))
        exact = compare(micros(column), bindparam(None, micros_since_epoch(moment), type_=BigInteger()))
        bounded = case((near, exact), else_=compare(day, julian(whole_milliseconds(moment, up=op == ">="))))
        if op == "<=":  # a moment before the year 1 is none (`present`)
            return and_(real_moment_text(column), day >= FIRST_JULIAN_DAY, bounded)
        return and_(real_moment_text(column), bounded)

    def datetime_text_bound(self, column, op, moment):
        # The text itself, a few days wider (`sqlite_moments.date_text_bound`).
        return date_text_bound(column, op, moment)

    def time_parts(self, column: ColumnElement) -> tuple[ColumnElement, ColumnElement]:
        whole_micros = exact_micros(column)
        return whole_micros % 86_400_000_000 != 0, whole_micros % 1_000_000 != 0

    def floor(self, value: ColumnElement) -> ColumnElement:
        return cast(value, Integer)  # truncation is the floor of a value of zero or more

    def moment_key(self, column: ColumnElement) -> ColumnElement:
        # Text spells one moment several ways ('…T10:00+02:00', '…08:00Z', '… 08:00'), and sorts
        # them apart from their order in time. Whole microseconds, an integer: `epoch_seconds`' double
        # tied moments a microsecond apart from about the year 2255 on.
        return exact_micros(column)

    def period(self, column: ColumnElement, rule: str) -> ColumnElement:
        # A moment with digits past the millisecond by its whole seconds: julianday() rounds
        # 23:59:59.9996 up to the next day, which a modifier ('-6 days') or a UTC offset then reads.
        whole = func.datetime(whole_seconds(column), "unixepoch")
        column = case((may_be_finer(column), whole), else_=self.moment(column))
        if rule == "day":
            return func.date(column)
        if rule == "week":
            # The Monday on or after six days before: the week's first day. Six days before
            # 0001-01-01 (a Monday) date() takes the year 0 as a year.
            return func.date(column, "-6 days", "weekday 1")
        if rule == "month":
            return func.strftime("%Y-%m-01", column)
        if rule == "year":
            return func.strftime("%Y-01-01", column)
        # Floor division: SQLAlchemy 2 renders `/` as true division, which left each month its own quarter.
        first_month = (cast(func.strftime("%m", column), Integer) - 1) // 3 * 3 + 1
        return func.printf("%s-%02d-01", func.strftime("%Y", column), first_month)

    def x_range(self, conn, source, x, column_type, where, also=()):
        # Each row's moment worked out once, not once for min() and again for max(): a subquery
        # with a LIMIT is read row by row, never merged into the query around it.
        seconds = (select(self.epoch_seconds(x, column_type).label("s")).select_from(source).where(*where)
                   .limit(-1).subquery())
        return tuple(conn.execute(select(func.min(seconds.c.s), func.max(seconds.c.s), *also)).one())

    def thinned_line(self, conn, source, x, ys, where, x_type, pixels, lo, hi):
        # The x range, M4's rows and the counts in one statement that reads the table once (`sqlite_m4`).
        return sqlite_m4.thinned_line(self, conn, source, x, ys, where, x_type, pixels, lo, hi)


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


class PostgresFunctions(SqlFunctions):
    """PostgreSQL: timestamps compared as they are (an index on them serves), truncated by date_trunc."""

    name = "postgresql"
    waits_for_table_locks = True

    def query_column_type(self, column_type):
        if column_type == "datetime":
            return sqltypes.DateTime()
        return super().query_column_type(column_type)

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
        column = self.floor((self.epoch_seconds(x, x_type) - lo) * per_second)
        return ThinnedLine(self.m4_rows(conn, source, x, ys, where, column), lo, hi, per_second)

    def m4_rows(self, conn: Connection, source: FromClause, x: ColumnElement, ys: Sequence[ColumnElement],
                where: Sequence[ColumnElement], column: ColumnElement) -> M4Rows:
        """Per pixel column (`column`, an integer expression) the rows `thinned_line` gives, how many
        rows there are and which ys have missing values, counted on the way."""
        # Pass 1: one GROUP BY with plain min/max aggregates (what PostgreSQL computes fastest), and
        # the counts of rows and of each y's values, so no other pass counts them.
        aggregates = [func.min(x), func.max(x)]
        for y in ys:
            aggregates += [func.min(y), func.max(y)]
        counts = [func.count(), *map(func.count, ys)]
        # The x of each column's first and last rows with and without each y (for one without
        # missing values, the column's first and last x, and nothing).
        positions = [edge(x).filter(which) for y in ys
                     for which in (y.is_not(None), y.is_(None)) for edge in (func.min, func.max)]
        groups = conn.execute(select(column, *aggregates, *counts, *positions).select_from(source).where(*where)
                              .group_by(column)).all()
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
        found, matches = [], []
        for i, y in enumerate(ys):
            for j in (0, 1):
                hit = y == extremes.c[f"e{i}_{j}"]
                found.append(func.min(x).filter(hit))
                matches.append(hit)
        # The rows holding any column's extreme of a y, found while scanning (one hashed look-up a
        # row): only those are joined, so the column expression is computed for them alone.
        candidates = []
        for i, y in enumerate(ys):
            values = sorted({g[3 + 2 * i + j] for g in groups for j in (0, 1)} - {None})
            candidates.append(y == func.any(bindparam(None, values, type_=ARRAY(y.type))))
        located = conn.execute(select(*found).select_from(source.join(extremes, column == extremes.c.k))
                               .where(*where, or_(*candidates), or_(*matches)).group_by(extremes.c.k)).all()
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


FUNCTIONS: dict[str, type[SqlFunctions]] = {"sqlite": SqliteFunctions, "postgresql": PostgresFunctions}


def functions_for(dialect_name: str) -> SqlFunctions:
    """The expressions of the database system a SQLAlchemy dialect name names."""
    return FUNCTIONS[dialect_name]()

