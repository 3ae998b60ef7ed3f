"""How a stored dataset's values read in SQL: its rows table as the database's queries see it
(`stored_relation`), and the expressions of each database system over its columns (`stored_functions`),
for the charts the database computes (`stored_pushdown`) and what a dataset's page asks of it
(`stored_summaries`).

What a stored column holds differs from a source's: only values of its type or NULL (no text in a
column of numbers, no NaN or infinity, every datetime a moment of the years 1 to 9999), datetimes
as ISO 8601 text on SQLite and timestamps in UTC on PostgreSQL, and text that an older version
stored with CRLF or a lone CR, which a frame reads with line feeds (`frames`). `StoredRelation`
names the table's columns `c0`, `c1`, … by the dataset's column names and reads text with line
feeds; the stored functions take each value as it is.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Connection,
    Double,
    String,
    Table,
    Text,
    and_,
    bindparam,
    case,
    cast,
    func,
    literal_column,
    or_,
    type_coerce,
)

from plots.sized_lru import held_bytes, kept_within_bytes

from .schema import selectable_rows_table
from .source_conditions import Relation
from .source_sql import SqlFunctions
from .source_sql_dialects import PostgresFunctions, SqliteFunctions
from .types import Column

# A line break of an older version's text (CRLF, or a lone CR) read as a line feed, in SQL both
# databases take: a literal, not a bound parameter, so that a GROUP BY of it is the expression
# selected (PostgreSQL tells two bound parameters apart).
_CRLF, _CR, _LF = (literal_column(f"'{text}'") for text in ("\r\n", "\r", "\n"))


@dataclass(frozen=True)
class StoredRelation(Relation):
    """A stored dataset's rows table as a chart's queries see it: each column by the dataset's
    column name (`named`: name -> the column's expression), `row_order` its row id."""

    named: Mapping[str, ColumnElement]
    # Columns that may hold NULL whatever their type (`with_columns`'): read as a source's are
    # (`source_values.column_series`: an integer one as pandas' nullable Int64).
    nullable: frozenset[str] = frozenset()
    # Each text column as stored, its line breaks as an older version wrote them (`holds`).
    stored_text: Mapping[str, ColumnElement] = field(default_factory=dict)

    def column(self, name: str) -> ColumnElement:
        return self.named[name]

    def holds(self, name: str, value: str) -> ColumnElement:
        # A value without a line feed is held as the text stored (a CR an older version stored is read
        # as a line feed, which no such value holds): compared without the two replace()s a row, which
        # a split's column per series compares in each of its aggregates (`pushdown_series`).
        if "\n" not in value and name in self.stored_text:
            return self.stored_text[name] == value
        return super().holds(name, value)

    def with_columns(self, added: Sequence[tuple[Column, ColumnElement]], split_by: str | None = None
                     ) -> StoredRelation:
        """The relation with the columns `added` as expressions over the rows table itself, not a
        subquery: a statement over it still reads the table by its row ids (`pushdown_row_ranges`),
        and the columns added, which hold NULL in rows of other series, are read as a source's
        (`nullable`)."""
        named = {**self.named, **{column.name: value for column, value in added}}
        return dataclasses.replace(self, columns=(*self.columns, *(column for column, _ in added)), named=named,
                                   nullable=self.nullable | {column.name for column, _ in added}, split_by=split_by)


# What a relation (`stored_relation`) holds, measured (tracemalloc): its table's SQLAlchemy objects,
# some 10 KB, and some 1.5 KB more for each column, 2.6 KB for one of text (read through two
# replace()s); 50 columns of text, the most an upload makes, some 140 KB. Its key, the columns' names
# and types, is counted as `held_bytes` counts it.
RELATION_BYTES = 10 * 1024
RELATION_COLUMN_BYTES = 2_600
# The bytes of relations a process keeps, keys counted: some 50 datasets of 50 columns of text, some
# 600 of one column.
RELATIONS_BYTES = 8 * 1024 * 1024


def relation_bytes(relation: StoredRelation) -> int:
    """About the bytes of memory a stored dataset's relation holds, its columns' names aside: each
    column counted as one of text, the largest."""
    return RELATION_BYTES + RELATION_COLUMN_BYTES * len(relation.columns)


@kept_within_bytes(RELATIONS_BYTES, relation_bytes, held_bytes)
def stored_relation(dataset_id: int, columns: tuple[Column, ...]) -> StoredRelation:
    """The relation of a stored dataset's rows table (`schema.selectable_rows_table`). The same one
    for the same dataset: SQLAlchemy compiles a statement over the same table once (its compiled
    form is kept by the table it names), where a new table was compiled anew for each chart."""
    table = selectable_rows_table(dataset_id, [c.type for c in columns])
    named, stored_text = {}, {}
    for i, column in enumerate(columns):
        value = table.c[f"c{i}"]
        if column.type == "text":
            stored_text[column.name] = value
            value = type_coerce(func.replace(func.replace(value, _CRLF, _LF), _CR, _LF), Text)
        named[column.name] = value
    return StoredRelation(table, tuple(columns), named, row_order=table.c.rowid, stored_text=stored_text)


def stored_rows_table(dataset_id: int, columns: Sequence[Column]) -> Table:
    """The dataset's rows table: `rowid`, then its value columns `c0`, `c1`, … The one its charts
    read (`stored_relation`), so that SQLAlchemy compiles each statement over it once."""
    return stored_relation(dataset_id, tuple(columns)).selectable


class _StoredValues(SqlFunctions):
    """A stored column holds values of its type or NULL, never what a source's may hold besides (text
    in a column of numbers, NaN, infinities, dates no Python date holds): each value as it is."""

    loose_integers = False
    # Whether a line whose x never decreases by row id is thinned over ranges of row ids
    # (`pushdown_row_ranges`) rather than from every row.
    thins_over_row_ranges = False

    def typed(self, column: ColumnElement, column_type: str) -> ColumnElement:
        return column

    def present(self, column: ColumnElement, column_type: str) -> ColumnElement:
        return column.is_not(None)

    # What a dataset's page asks of its stored values (`stored_summaries`).

    def moment_key(self, column: ColumnElement) -> ColumnElement:
        """One value per moment of a datetime column, as a frame tells its moments apart."""
        return column

    def time_of_day(self, column: ColumnElement) -> ColumnElement:
        """Whether a datetime column's moment is not a midnight."""
        raise NotImplementedError

    def fraction(self, column: ColumnElement) -> ColumnElement:
        """Whether a datetime column's moment is not on a whole second."""
        raise NotImplementedError

    def holds_cr(self, column: ColumnElement) -> ColumnElement:
        """Whether a text column's value holds a carriage return (an older version's line break,
        which `stored_relation` reads as a line feed)."""
        raise NotImplementedError

    @contextmanager
    def told_apart_by_sorting(self, conn: Connection) -> Iterator[None]:
        """Within the block, distinct values are found by sorting them (as SQLite does)."""
        yield


class StoredSqliteFunctions(_StoredValues, SqliteFunctions):
    """SQLite's functions over a stored dataset's columns, whose datetimes are ISO 8601 text of one
    form (`stored_moment`): compared as text, and read as epoch seconds by unixepoch() of their
    whole seconds and their six digits of a fraction, a third of the work of the julianday()
    arithmetic that text of any form needs.

    A line is thinned over ranges of row ids where its x is in row order: SQLite's M4 works out
    every row's moment in each of its passes, and reading every row to thin it in Python
    (`stored_pushdown.StoredChartQuery.thinned_here`) took as long as the frame path (10 s for
    2,000,000 rows; 1.3 s by row ranges, benchmarks/stored_pushdown.py)."""

    thins_over_row_ranges = True

    def thinned_line(self, conn, source, x, ys, where, x_type, pixels, lo, hi):
        # SQLite's M4 (`sqlite_m4`) places a moment by its whole microseconds (`moment_key`), which
        # here is the stored text: its lines are thinned over row ranges (`thins_over_row_ranges`).
        raise NotImplementedError("a stored SQLite dataset's line is thinned over ranges of row ids")

    def epoch_seconds(self, column: ColumnElement, column_type: str) -> ColumnElement:
        if column_type != "datetime":
            return super().epoch_seconds(column, column_type)
        # Whole microseconds over 1e6, as `plots.downsample.axis_numbers` computes them: the same double.
        micros = (func.unixepoch(func.substr(column, 1, 19)) * literal_column("1000000")
                  + cast(func.substr(column, 21), BigInteger))
        return type_coerce(micros / literal_column("1e6"), Double)

    def datetime_bound(self, column: ColumnElement, op: str, moment: dt.datetime) -> ColumnElement:
        bound = bindparam(None, stored_moment(moment, first=op == ">="), type_=String())
        return column >= bound if op == ">=" else column <= bound

    def datetime_text_bound(self, column, op, moment):
        return None  # `datetime_bound` compares the text itself, of one form

    # A moment's parts read by the text's length and characters (`stored_moment`'s forms), which
    # costs a fifth of what working out the moments (unixepoch()) does.

    def moment_key(self, column: ColumnElement) -> ColumnElement:
        # A date alone with its midnight's time, as a midnight may be written too.
        return case((func.length(column) == literal_column("10"), column.op("||")(literal_column("'T00:00:00'"))),
                    else_=column)

    def time_of_day(self, column: ColumnElement) -> ColumnElement:
        return and_(func.length(column) > literal_column("10"),
                    or_(func.substr(column, 12, 8) != literal_column("'00:00:00'"), self.fraction(column)))

    def fraction(self, column: ColumnElement) -> ColumnElement:
        return and_(func.length(column) > literal_column("19"), func.substr(column, 21) != literal_column("'000000'"))

    def holds_cr(self, column: ColumnElement) -> ColumnElement:
        return func.instr(column, _CR) > literal_column("0")


def stored_moment(moment: dt.datetime, first: bool) -> str:
    """A bound moment as the text a stored datetime is compared with (SQLite): stored moments are
    written `YYYY-MM-DD` (a date alone), `YYYY-MM-DDTHH:MM:SS`, or with six digits of a fraction of
    a second where it has one (`tables`, `json_rows`: `isoformat()`), which sort as the moments
    do, but for a date alone, which sorts before its midnight written with a time. So a midnight is
    written as a date alone when it is a `first` moment (a date alone sorts after no text of its
    day) and with its time when it is a last one (sorting after the date alone)."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.timezone.utc).replace(tzinfo=None)
    if first and moment == dt.datetime.combine(moment.date(), dt.time()):
        return moment.date().isoformat()
    return moment.isoformat()


class StoredPostgresFunctions(_StoredValues, PostgresFunctions):
    """PostgreSQL's functions over a stored dataset's columns. A line is thinned from every row,
    by M4's grouped passes where no x repeats (`pushdown_m4`): over ranges of row ids it took
    longer (5 s for 2,000,000 rows against 3.4 s), and finding x in row order took 1.5 to 6 s
    more (benchmarks/stored_pushdown.py). Its datetimes are timestamps without zone, in UTC."""

    def time_of_day(self, column: ColumnElement) -> ColumnElement:
        return column != func.date_trunc("day", column)

    def fraction(self, column: ColumnElement) -> ColumnElement:
        return column != func.date_trunc("second", column)

    def holds_cr(self, column: ColumnElement) -> ColumnElement:
        return func.strpos(column, _CR) > literal_column("0")

    @contextmanager
    def told_apart_by_sorting(self, conn: Connection) -> Iterator[None]:
        # Not by hashing: a hash aggregate planned without the table's statistics (a dataset just
        # made, before autovacuum analyses it) for a few groups, of 2,000,000 rows each a group,
        # spilled to disk again and again: 8 to 11 minutes, where sorting them took 2 s.
        conn.exec_driver_sql("SET LOCAL enable_hashagg = off")
        yield
        conn.exec_driver_sql("SET LOCAL enable_hashagg TO DEFAULT")  # the server's setting, whatever it is


_FUNCTIONS: dict[str, type[SqlFunctions]] = {"sqlite": StoredSqliteFunctions, "postgresql": StoredPostgresFunctions}


def stored_functions(dialect_name: str) -> SqlFunctions:
    """The expressions of the database system (a SQLAlchemy dialect's name) over stored columns."""
    return _FUNCTIONS[dialect_name]()
