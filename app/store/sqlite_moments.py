"""SQLite's arithmetic over moments written as ISO 8601 text: a date column's text (`text_moment`)
as milliseconds, whole seconds and microseconds since 1970 UTC (exactly, `exact_micros`), whether it may be finer than
julianday()'s milliseconds, whether pandas reads it as a moment too, whether it ends in a UTC offset
without its colon (`ends_in_short_offset`) and whether such text is a moment once given it
(`given_its_colon_a_moment`), a bound's moment on a whole millisecond, a bound on the
text itself that an index on the column serves (`date_text_bound`), and a test of text computed
once for its row (`asked_once`); the expressions `source_sql_dialects.SqliteFunctions` computes with.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy import (BigInteger, ColumnElement, Double, String, and_, bindparam, case, cast, func, literal_column,
                        or_, select)

# A Julian day number's epoch: 1970-01-01T00:00:00 UTC; and the milliseconds from the Julian day 0 to it.
UNIX_EPOCH_JULIAN_DAY = 2440587.5
UNIX_EPOCH_JULIAN_MILLIS = 210_866_760_000_000
UNIX_EPOCH = dt.datetime(1970, 1, 1)
# 0001-01-01T00:00:00 UTC as a Julian day number: the site's first moment.
FIRST_JULIAN_DAY = literal_column("1721425.5")
# What follows a date: nothing, or a separator and the hour.
HOURS = ("", *(f"{separator}{hour:02d}" for separator in "T " for hour in range(24)))
# How far a moment may lie from the date its text begins with: its time of day (under 24 hours, or
# the next midnight where julianday() rounds 23:59:59.9996 up) and a UTC offset of at most 14:59
# either way, so less than 39 hours after it and 15 before it. Two days hold both.
DATE_TEXT_MARGIN = dt.timedelta(days=2)


def text_moment(column: ColumnElement) -> ColumnElement:
    """A date column's value where it is text, else NULL: SQLite's date functions read a number
    (a julian day, or '2024', which a DATE column's affinity stores as the integer 2024) as a
    julian day, and the rows read into pandas have no moment there
    (`source_values._is_moment`). Every date expression goes through this, so a number is a
    missing value everywhere. Text they read that pandas does not ('2024-02-30', the hour 24)
    is left out by `SqliteFunctions.present` and `datetime_bound`, which every query computing
    over a date column's moments has in its WHERE (checking it here too made a line's query four
    times slower: SQLite computes an expression each time it is used)."""
    return case((func.typeof(column) == literal_column("'text'"), column))


def real_moment_text(column: ColumnElement) -> ColumnElement:
    """Whether SQLite text that its date functions read as a moment within the years 1 to 9999 is
    one to pandas too (`source_values.SQLITE_MOMENT`, read by `_moments`): julianday() also takes a
    day past the month's last ('2024-02-30' as 2024-03-01), the hour 24, a number written as text
    and several separators or a trailing one. The hour's text looked up among those it may be (SQLite
    computes an expression each time it is used: as five comparisons of it, its substr() took 40 %
    of the check); only a day past the 28th is read again, by date()."""
    day = func.substr(column, 1, 10)
    return and_(
        func.substr(column, 11, 3).in_([literal_column(f"'{hour}'") for hour in HOURS]),
        or_(func.substr(column, 8, 3).between(literal_column("'-01'"), literal_column("'-28'")),
            func.date(day, literal_column("'+0 days'")) == day))


def ends_in_short_offset(column: ColumnElement, digits: int | None = None) -> ColumnElement:
    """Whether SQLite date text ends in a UTC offset without its colon: of hours alone (`+01`, `digits`
    2), of four digits (`+0200`, 4), or either (None). After a time (`…-31 03:30`, its colon the 14th
    character) and a digit, as a date alone ends in `-31` too, and an offset with its colon in `:00`.
    A number's text has no colon there."""
    def ends_in(count: int) -> ColumnElement:  # the whole text's GLOB '*[0-9][+-][0-9][0-9]' took longer
        return func.substr(column, -2 - count).op("GLOB")(literal_column("'[0-9][+-]" + "[0-9]" * count + "'"))

    after_a_time = func.substr(column, 14, 1) == literal_column("':'")
    return and_(after_a_time, or_(*(ends_in(count) for count in ((2, 4) if digits is None else (digits,)))))


def given_its_colon_a_moment(column: ColumnElement, with_colon: ColumnElement) -> ColumnElement:
    """Whether SQLite date text ending in a UTC offset without its colon (`ends_in_short_offset`) is a
    moment to the site once given it: `SqliteFunctions.present` of `with_colon`, the text with its
    colon (`SqliteFunctions.colon_offset`), which present() used six times, SQLite computing it at
    each. Here julianday() alone reads it, and `real_moment_text` reads `column` as written, the same
    answer: it looks at the first 13 characters, which the colon, added past the 14th, leaves as they
    are. `with_colon` is text, as the offset's text is (present() asks typeof() of it too)."""
    return and_(func.julianday(with_colon) >= FIRST_JULIAN_DAY, real_moment_text(column))


def date_text_bound(column: ColumnElement, op: str, moment: dt.datetime) -> ColumnElement | None:
    """A comparison of a date column's text as it is (`column >= '2024-04-28'` for a first moment
    of 2024-04-30, `column < '2024-05-03'` for a last one of 2024-05-01) that every row within
    `moment` by `SqliteFunctions.datetime_bound` passes, and that an index on the column serves;
    None where the date `DATE_TEXT_MARGIN` away is past the years 1 to 9999 (no text bound is
    needed there). Text that bound keeps begins with a zero-padded date, `YYYY-MM-DD` (julianday()
    reads a date of four, two and two digits, and `real_moment_text` keeps no other text, a time
    alone or a number), and such text sorts by that date, whatever follows it ('T' or ' ', an
    offset); the moment lies within `DATE_TEXT_MARGIN` of that date. The text is compared as
    bytes (`COLLATE BINARY`): a column declared with a collation the site's connection has not
    registered, one of the app writing the file, is an error compared under it. An index serves it
    where its collation is BINARY, SQLite's default (not on a column declared NOCASE or RTRIM, unless
    the index itself is declared `COLLATE BINARY`). The moment's own comparison stays beside it."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.timezone.utc).replace(tzinfo=None)
    try:
        day = moment.date() - DATE_TEXT_MARGIN if op == ">=" else moment.date() + DATE_TEXT_MARGIN
    except OverflowError:
        return None
    text = column.collate("BINARY")
    day_text = bindparam(None, day.isoformat(), type_=String())
    return text >= day_text if op == ">=" else text < day_text


def asked_once(value: ColumnElement, test: Callable[[ColumnElement], ColumnElement]) -> ColumnElement:
    """`test(value)` with `value` computed once for the row, though `test` uses it several times:
    SQLite computes an expression again at each of its uses. A scalar subquery over `value` alone,
    which SQLite does not merge into the query around it (a subquery of no FROM, with a LIMIT), and
    whose rows, as those of a CASE's later branch, are computed only where asked."""
    once = select(value.label("value")).correlate_except(None).limit(-1).subquery("once")
    return select(test(once.c.value)).select_from(once).scalar_subquery()


def may_be_finer(column: ColumnElement) -> ColumnElement:
    """Whether an SQLite moment's text may have digits past the millisecond: it is longer than
    'YYYY-MM-DD HH:MM:SS.mmm'. (Such text with a UTC offset or a Z is read by `micros` too, a
    little more slowly; checking for the digit itself cost twice what the length does.)"""
    return func.length(column) > 23


def millis(column: ColumnElement) -> ColumnElement:
    """An SQLite moment's text as milliseconds since 1970 UTC (a whole number), julianday()'s: exact
    for text on a whole millisecond, rounded to the nearest one for finer text. julianday()'s
    double lies within 0.04 ms of it."""
    return func.round(func.julianday(text_moment(column)) * 86400000.0) - UNIX_EPOCH_JULIAN_MILLIS


def _fraction(column: ColumnElement) -> ColumnElement:
    """The fraction of a second of an SQLite moment's text, to the microsecond: '0' and the seven
    characters from its 20th ('0.123456', '0.5+02:00' = 0.5), read as a number as far as one
    goes; 0 without one ('0+02:00', '0Z', '0')."""
    return cast(literal_column("'0'").op("||")(func.substr(column, 20, 7)), Double)


def whole_seconds(column: ColumnElement) -> ColumnElement:
    """The whole seconds since 1970 UTC of an SQLite moment's text (an integer): julianday() less
    the `_fraction`, rounded. julianday() is the moment rounded to the millisecond, give or take
    0.04 ms, so 23:59:59.9996 is the next day's 00:00:00.000 there."""
    day = func.julianday(text_moment(column))
    return cast(func.round((day - UNIX_EPOCH_JULIAN_DAY) * 86400.0 - _fraction(column)), BigInteger)


def micros(column: ColumnElement) -> ColumnElement:
    """An SQLite moment's text as whole microseconds since 1970 UTC (an integer): those pandas
    reads from it (`source_values`), digits past the sixth of a second left out."""
    return whole_seconds(column) * 1_000_000 + cast(func.round(_fraction(column) * 1e6), BigInteger)


def exact_micros(column: ColumnElement) -> ColumnElement:
    """An SQLite moment's text as whole microseconds since 1970 UTC (an integer, exact in every year
    from 1 to 9999, where a double of seconds is 30 µs coarse by the year 9000): `micros` where it
    may be finer than a millisecond, else julianday()'s `millis`, a third of the work."""
    return case((may_be_finer(column), micros(column)), else_=cast(millis(column), BigInteger) * 1000)


def micros_since_epoch(moment: dt.datetime) -> int:
    """A moment (naive: UTC) as whole microseconds since 1970 UTC."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return (moment - UNIX_EPOCH) // dt.timedelta(microseconds=1)


def whole_milliseconds(moment: dt.datetime, up: bool) -> dt.datetime:
    """`moment` on a whole millisecond, rounded `up` or down: SQLite's julianday() keeps milliseconds
    and rounds the rest to the nearest one, so the end of a day (23:59:59.999999) would be the next
    midnight and keep that midnight's rows. Rounded down for a last moment and up for a first, the
    bound keeps the same moments on whole milliseconds as the exact one."""
    extra = dt.timedelta(microseconds=moment.microsecond % 1000)
    if not extra:
        return moment
    if not up:
        return moment - extra
    try:
        return moment - extra + dt.timedelta(milliseconds=1)
    except OverflowError:  # no whole millisecond comes after 9999-12-31T23:59:59.999: the nearest one
        return moment - extra
