"""What differs between SQLite and PostgreSQL when the site computes a chart in a source database.

A few expressions differ by system: a timestamp as epoch seconds, truncation to a resample period,
a group's middle values (for a median) or those a percentile lies between, comparing a datetime
column with a bound moment, and how per-pixel-column extremes (M4) find their rows. `SqlFunctions`
names them, and says what each gives; each system's spelling is in `source_sql_dialects`
(PostgreSQL's in `postgres_source_sql`), whose `functions_for` gives a connection's. Everything here
builds SQLAlchemy Core expressions over the columns it is given; values are always bound parameters.
How a source's column types and rows become the site's is `source_values`.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Connection,
    Double,
    String,
    case,
    func,
    literal_column,
    select,
)
from sqlalchemy.sql import FromClause

from .csv_types import MISSING_WORDS

# What Python's str.strip() strips, for SQLite's trim(): a text of these alone is blank (`missing_text`).
WHITESPACE = "".join(chr(c) for c in range(0x3001) if chr(c).isspace())
# The largest double, as an SQL number: what lies beyond it in a float column is no finite double.
LARGEST_DOUBLE = literal_column("1.7976931348623157e308")


def finite_number(value: ColumnElement) -> ColumnElement:
    """A number column's value where it is a finite double, else NULL: ±Infinity, PostgreSQL's NaN
    (which sorts above every number, so that max() would find it), numerics too large for a double
    and the text SQLite keeps in a column of numbers (text sorts above numbers there too) are
    missing values, as in a CSV file, for every aggregate computed over them."""
    return case((value.between(-LARGEST_DOUBLE, LARGEST_DOUBLE), value))


def blank_or_word(value: ColumnElement) -> ColumnElement:
    """Whether an SQLite value is blank text or a word for a missing value (`csv_types.missing_text`),
    which a CSV file's cell holds for one too."""
    words = [literal_column(f"'{w}'") for w in ("", *sorted(MISSING_WORDS))]
    return func.lower(func.trim(value, literal_column("'" + WHITESPACE + "'"))).in_(words)


def enclosable(query: str) -> str:
    """A configured query to put inside parentheses, `(…) AS q`: with a line break after it, so
    that a `--` comment on its last line ends before the `)`."""
    return query + "\n"


@dataclass(frozen=True)
class M4Rows:
    """What M4 found: the rows (x, *ys) to draw, how many rows it grouped, which ys have missing
    values among those rows, and whether several of them share the first x and the last
    (`plots.rows.Drawn.end_runs`: the rows kept may hold one of each)."""

    rows: list[tuple]
    total: int
    nulls: list[bool]
    end_runs: tuple[bool, bool]


@dataclass(frozen=True)
class ThinnedLine:
    """A line thinned by M4 (`SqlFunctions.thinned_line`): what it found, and the x range (epoch
    seconds) and pixel columns per second of x (`plots.downsample.column_scale`) that placed its rows."""

    found: M4Rows
    lo: float
    hi: float
    per_second: float


class SqlFunctions:
    """The expressions one database system spells its own way; subclasses fill them in."""

    name = ""
    # Whether a column declared to hold integers may hold anything else (SQLite keeps '' or 'n/a'
    # written into it as text).
    loose_integers = False
    # Whether a statement waits for a lock on a table another session holds, up to the lock wait
    # (PostgreSQL's `lock_timeout`), within its statement timeout: SQLite locks the whole file,
    # which the statement timeout alone bounds.
    waits_for_table_locks = False
    # A statement giving a number that moves on with every change to the database's tables (a column
    # added, a table made anew under the name), which a description read at another is not kept
    # past; None where there is none to ask at once.
    schema_version: str | None = None
    # Whether `blob_held` finds a column's blobs, from an index on it where there is one: a system
    # whose columns hold values of their own type alone has none to find.
    blobs_by_index = False
    # The collation every comparison, grouping and ordering of a source's column is written under
    # (`source_conditions.Relation.column`); None for the column's own.
    collation: str | None = None

    def is_blank(self, value: ColumnElement) -> ColumnElement:
        """Whether a text value is blank as a file's cell is: nothing but the white space Python's
        str.strip() strips (a tab, a no-break space), where SQL's one-argument trim() strips spaces alone."""
        return func.trim(value, literal_column("'" + WHITESPACE + "'")) == ""

    def query_column_type(self, column_type: str) -> Any:
        """The SQLAlchemy type a column of the site's `column_type` is selected as (its values then arrive raw)."""
        return {"integer": BigInteger(), "float": Double(), "text": String()}.get(column_type, String())

    def typed(self, column: ColumnElement, column_type: str) -> ColumnElement:
        """A column as a chart counts and aggregates it: in a column of numbers, what is no finite
        number is NULL (`finite_number`), as a CSV file's cells are read."""
        if column_type == "float" or (column_type == "integer" and self.loose_integers):
            return finite_number(column)
        return column

    def present(self, column: ColumnElement, column_type: str) -> ColumnElement:
        """Whether a row holds a value of the column's type there (`typed`)."""
        return self.typed(column, column_type).is_not(None)

    def holds_integer(self, column: ColumnElement) -> ColumnElement:
        """Whether a row of a column declared to hold integers holds one there (not NULL)."""
        return column.is_not(None)

    def loaded(self, column: ColumnElement, column_type: str) -> ColumnElement:
        """A column as its values are read into rows: PostgreSQL's dates and timestamps that no
        Python date holds ('infinity', '-infinity', years before 1 or after 9999; the driver
        refuses them) come as NULL. Done by the database, as psycopg's own loaders would turn
        slow in a Python subclass."""
        return column

    def as_text(self, column: ColumnElement) -> ColumnElement:
        """A column of another type (a boolean, an enum …) as the text the site reads it as, spelt by
        the database, so that filters compare that text and lists show it. SQLite's values are
        numbers or text already, and it compares text with a column by the column's affinity."""
        return column

    def holds_blob(self, column: ColumnElement) -> ColumnElement | None:
        """Whether a row holds a blob in a column of any type (SQLite keeps one anywhere); None for
        a system whose columns hold values of their own type alone."""
        return None

    def blob_held(self, column: ColumnElement) -> ColumnElement | None:
        """An aggregate of a column's rows that is true where one holds a blob (`holds_blob`), which
        the database may answer from an index on the column; None where `holds_blob` is."""
        return None

    def without_blobs(self, column: ColumnElement) -> ColumnElement:
        """A column with its blobs NULL: a blob is a missing value, as what no CSV cell holds (its
        bytes read as UTF-8 gave U+FFFD, and a NUL, which no stored text holds)."""
        return column

    def holds_lower_t(self, column: ColumnElement) -> ColumnElement | None:
        """Whether a row's date text holds RFC 3339's lower-case `t` (`2024-01-01t12:30`), which
        SQLite's date functions do not read; None for a system whose dates are of a date type."""
        return None

    def date_text(self, column: ColumnElement) -> ColumnElement:
        """A date column's text with its `t` and `z` in upper case, as `plots.iso_dates.date_text`
        writes an upload's: read so only where `holds_lower_t` found one."""
        return column

    def holds_short_offset(self, column: ColumnElement) -> ColumnElement | None:
        """Whether a row's date text ends in a UTC offset of hours alone or with no colon (`+01`,
        `+0200`, as PostgreSQL and many logs write one), which SQLite's date functions do not read;
        None for a system whose dates are of a date type."""
        return None

    def colon_offset(self, column: ColumnElement) -> ColumnElement:
        """A date column's text with such an offset (`holds_short_offset`) written `+HH:MM`, as an
        upload reads it: read so only where `holds_short_offset` found one."""
        return column

    def date_as_read(self, column: ColumnElement, lower_t: bool = True, short_offset: bool = True) -> ColumnElement:
        """A date column's text as the site reads it: with its `t` and `z` in upper case (`date_text`)
        where `lower_t`, then its short UTC offset written with its colon (`colon_offset`) where
        `short_offset`; a column is read so only where the description found it needs it."""
        if lower_t:
            column = self.date_text(column)
        return self.colon_offset(column) if short_offset else column

    def no_moment(self, column: ColumnElement) -> ColumnElement | None:
        """A date column's value where it is no moment as the site reads it (`source_columns.Reading`),
        though it is text other than blank or a word for a missing value, or a number
        (`2024-03-31 03:30:00 CEST`, `31/01/2024`, a UTC offset past 14:59, a julian day); else NULL.
        None for a system whose dates are of a date type, which holds no such value."""
        return None

    def single_precision(self, sql_type: Any) -> bool:
        """Whether a reflected column holds single-precision floats, read through `as_double`."""
        return False

    def as_double(self, column: ColumnElement) -> ColumnElement:
        """A single-precision float column as one reading of its values for rows, bounds, bins and
        aggregates alike: without it the driver reads 0.7 where a cast to double (any arithmetic
        with a double) reads 0.699999988, and a histogram's edge at 0.7 left the value out."""
        return column

    def first_row(self, query: str) -> str:
        """A statement for a configured query's first row (`version_sql`), read whatever its types, and
        at most one more row, which tells that it gives several. SQLite's values are numbers, text or
        blobs already, and its rows are read one at a time."""
        return query

    def epoch_seconds(self, column: ColumnElement, column_type: str) -> ColumnElement:
        """The column's values as float seconds: epoch seconds for datetimes, the number itself otherwise."""
        raise NotImplementedError

    def datetime_bound(self, column: ColumnElement, op: str, moment: dt.datetime) -> ColumnElement:
        """`column op moment` for a datetime column, the moment a bound parameter."""
        raise NotImplementedError

    def datetime_text_bound(self, column: ColumnElement, op: str, moment: dt.datetime) -> ColumnElement | None:
        """A comparison that every row within `datetime_bound` passes, which an index on the column
        serves and which costs little, where `datetime_bound` is neither (SQLite's moments worked
        out from text: `sqlite_moments.date_text_bound`); None where there is none to add."""
        return None

    def time_parts(self, column: ColumnElement) -> tuple[ColumnElement, ColumnElement]:
        """Whether a date column's value has a time of day, and whether it has a fraction of a
        second: the parts its column's text needs (`plots.value_text.date_precision`)."""
        raise NotImplementedError

    def floor(self, value: ColumnElement) -> ColumnElement:
        """The whole part of a value known to be zero or more."""
        raise NotImplementedError

    def greatest(self, values: Sequence[ColumnElement]) -> ColumnElement:
        """The greatest of `values` (one at least, none of them NULL), in a row."""
        return values[0] if len(values) == 1 else func.greatest(*values)

    def period(self, column: ColumnElement, rule: str) -> ColumnElement:
        """The start of the resample period (hour, day, week, month, quarter, year) a moment falls in,
        as `plots.resampling.periods` names it (a week by its Monday); NULL for a value that is no date.
        A resample leaves rows without a period out, as rows without a date."""
        raise NotImplementedError

    def moment_key(self, column: ColumnElement) -> ColumnElement:
        """A datetime column's values as what groups and orders them by moment (bars of dates): the
        column itself where its values are moments."""
        return column

    def median(self, column: ColumnElement, exact: bool = False) -> ColumnElement | None:
        """A group's median of `column` by one aggregate (SQLite's, the site's own: `sqlite_ranks`), as
        `pushdown_medians` makes one of the two middle values: a double, or of an integer column's
        values, `exact`, an int where it is whole, else the nearest double; NULL for a group without
        values. None where the system's own aggregates find the two middle values (`middle_values`)."""
        return None

    def middle_values(self, column: ColumnElement, exact: bool = False) -> tuple[ColumnElement, ColumnElement]:
        """A group's two middle values of `column` as doubles (the middle one twice for an odd
        count), or as they are stored where `exact` (an integer column's), by the system's own
        aggregates, where it has no `median`. A median is their mean (`pushdown_medians.middle_mean`,
        `exact_medians`)."""
        raise NotImplementedError

    def percentile(self, column: ColumnElement, k: int, exact: bool = False) -> ColumnElement | None:
        """A group's k-th percentile of `column` by one aggregate (SQLite's, the site's own:
        `sqlite_ranks`), as `plots.percentiles.interpolated` makes it of the two values it lies
        between, exact for an integer column's as `median`; NULL for a group without values. None
        where the system's own aggregates find those two values (`ranked_values`)."""
        return None

    def ranked_values(self, column: ColumnElement, k: int, exact: bool = False
                      ) -> tuple[ColumnElement, ColumnElement]:
        """A group's two values of `column` its k-th percentile lies between (`plots.percentiles.ranks`:
        the one at 1-based rank (n - 1) * k / 100 + 1 in ascending order, whole numbers, and the next
        where it has a remainder), as `middle_values` gives them, where the system has no `percentile`."""
        raise NotImplementedError

    def x_range(self, conn: Connection, source: FromClause, x: ColumnElement, column_type: str,
                where: Sequence[ColumnElement], also: Sequence[ColumnElement] = ()) -> tuple:
        """The lowest and highest x within `where`, as `epoch_seconds` gives them (None, None
        without rows), then the values of `also` (scalar subqueries) read in the same statement."""
        seconds = self.epoch_seconds(x, column_type)
        return tuple(conn.execute(select(func.min(seconds), func.max(seconds), *also)
                                  .select_from(source).where(*where)).one())

    def thinned_line(self, conn: Connection, source: FromClause, x: ColumnElement, ys: Sequence[ColumnElement],
                     where: Sequence[ColumnElement], x_type: str, pixels: int,
                     lo: float | None, hi: float | None) -> ThinnedLine | None:
        """M4 of a line `pixels` pixel columns wide from `lo` to `hi` (epoch seconds, as
        `epoch_seconds` gives them), each where None the rows' first or last x: per pixel column
        (`floor((x - lo) * per_second)`, `plots.downsample.column_scale`) every row (x, *ys) at its
        first and last x (of the site's `x_type`) and at the first x holding each y's lowest and
        highest value (at least those holding it); for a y with missing values, also every row at the
        column's first and last x with that y and without it. The caller keeps of them those the
        frame path keeps (`pushdown_m4.line`), whichever order the database reads them in. With them,
        how many rows there are, which ys have missing values and whether several rows share the first
        x and the last (`M4Rows`), and the range and scale used; None without rows."""
        raise NotImplementedError
