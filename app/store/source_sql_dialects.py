"""SQLite's own spellings of the expressions `source_sql.SqlFunctions` names (`SqliteFunctions`),
and `functions_for`, which gives the one of a SQLAlchemy dialect's name (PostgreSQL's are
`postgres_source_sql.PostgresFunctions`). SQLite's moments are text, worked out by `sqlite_moments`;
its M4 of a line is `sqlite_m4`'s one statement.
"""
from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Sequence

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Double,
    Integer,
    String,
    and_,
    bindparam,
    case,
    cast,
    collate,
    func,
    literal_column,
    not_,
    null,
    select,
    type_coerce,
)

from . import sqlite_m4
from .postgres_source_sql import PostgresFunctions
from .source_sql import SqlFunctions, blank_or_word
from .sqlite_ranks import site_median, site_percentile
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

    def greatest(self, values: Sequence[ColumnElement]) -> ColumnElement:
        # max() of several arguments is SQLite's greatest; of one, the aggregate.
        return values[0] if len(values) == 1 else func.max(*values)

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
        if rule == "hour":
            return func.strftime("%Y-%m-%d %H:00:00", column)
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

    def median(self, column: ColumnElement, exact: bool = False) -> ColumnElement:
        # SQLite has none: the site's own aggregate sorts each group's values once, where numbering
        # every row by a window function sorted and buffered them all (`sqlite_ranks`).
        return site_median(column, exact)

    def percentile(self, column: ColumnElement, k: int, exact: bool = False) -> ColumnElement:
        return site_percentile(column, k, exact)

    def x_range(self, conn, source, x, column_type, where, also=()):
        # Each row's moment worked out once, not once for min() and again for max(): a subquery
        # with a LIMIT is read row by row, never merged into the query around it.
        seconds = (select(self.epoch_seconds(x, column_type).label("s")).select_from(source).where(*where)
                   .limit(-1).subquery())
        return tuple(conn.execute(select(func.min(seconds.c.s), func.max(seconds.c.s), *also)).one())

    def thinned_line(self, conn, source, x, ys, where, x_type, pixels, lo, hi):
        # The x range, M4's rows and the counts in one statement that reads the table once (`sqlite_m4`).
        return sqlite_m4.thinned_line(self, conn, source, x, ys, where, x_type, pixels, lo, hi)


FUNCTIONS: dict[str, type[SqlFunctions]] = {"sqlite": SqliteFunctions, "postgresql": PostgresFunctions}


def functions_for(dialect_name: str) -> SqlFunctions:
    """The expressions of the database system a SQLAlchemy dialect name names."""
    return FUNCTIONS[dialect_name]()

