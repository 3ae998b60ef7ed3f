"""How a date or time is written, one rule for a dataset's cells and a URL's dates: ISO 8601 as RFC
3339 writes it (`2024-05-01`, `2024-05-01 12:30`, `2024-05-01T12:30:00.5+02:00`, `2024-05-01t12:30:00z`),
and its text as pandas and Python's fromisoformat read it. Other forms of ISO 8601 that fromisoformat
reads (a week, `2024-W13`; the basic form, `20240331`; hours alone, `2024-03-31T01`; a decimal comma,
`08:00:00,5`, or a fraction of a minute or an hour, `08:00,5`, `08.5`) are not dates to the site, in a
URL as in a cell."""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from decimal import Decimal, localcontext
from typing import NamedTuple

from .numbered_dates import NUMBERED, numbered_hint, order_hint
from .text import latin_digits

# A zone (`Z` or a UTC offset) only after a time: a date with one (`2024-01-31Z`, `2024-01-31+02:00`,
# as XML Schema writes a day) is no ISO 8601 date and no date pandas reads, so its column is text.
# An offset may be hours alone (`+02`), as PostgreSQL writes a timestamptz; pandas, Python's
# fromisoformat (the JSON path's and a `from=` bound's reader) and ISO 8601 all read it. A lower-case
# `t` or `z` is one too, as RFC 3339 (§5.6) allows: pandas and fromisoformat do not read it, so a
# date's text is read in upper case (`date_text`).
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}(?P<time>[Tt ][0-9]{2}:[0-9]{2}"
                      r"((?P<second>:[0-9]{2})(\.(?P<fraction>[0-9]+))?)?"
                      r"(?P<offset>[Zz]|[+-][0-9]{2}(:?[0-9]{2})?)?)?")
# A month alone as ISO 8601 writes it, YYYY-MM (`2024-01`), which a dataset's cell is read as the month's first
# day (`month_start`): a spreadsheet's or a database's export of months writes them so. Of a month 01 to 12 only:
# any other (`2024-13`, a code) is no date.
YEAR_MONTH = re.compile(r"[0-9]{4}-(?:0[1-9]|1[0-2])")
# A date of a year ISO 8601 writes in its expanded form, signed or past four digits (`10000-01-01`,
# `-0500-03-15`, `+1492-10-12`), which no date the site takes is: Python's dates, and so both
# stores, run from the year 1 to 9999 (`year_range_advice`).
_EXPANDED_YEAR = re.compile(r"(?P<year>[+-][0-9]{4,}|[0-9]{5,})(?P<rest>-[0-9]{2}-[0-9]{2}.*)", re.DOTALL)
# The range of years said wherever a date outside it is refused.
YEARS_TAKEN = "the site takes dates of the years 1 to 9999"
# The same with a fraction of the last unit it writes as ISO 8601 writes one, which RFC 3339 does
# not: of a second after a decimal comma (`08:00:00,5`), or of a minute or an hour after a comma or
# a point (`08:00,5` and `08:00.5`, half a minute: `08:00:30`; `08,5` and `08.5`: `08:30`) (`point_advice`).
_UNIT_FRACTION = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}(?P<minute>:[0-9]{2}(?P<second>:[0-9]{2})?)?"
                            r"(?P<mark>[.,])(?P<fraction>[0-9]+)(?P<offset>[Zz]|[+-][0-9]{2}(:?[0-9]{2})?)?")
# A date with a zone after it, `Z` or a UTC offset (`2024-01-31Z`, `2024-01-31+02:00`), which no
# date takes (`_zone_advice`).
_ZONED_DATE = re.compile(r"(?P<day>[0-9]{4}-[0-9]{2}-[0-9]{2})\s*(?:[Zz]|[+-][0-9]{2}(?::?[0-9]{2})?)")
# A time of 24:00, ISO 8601's end of a day, which no date or time takes (`midnight_advice`).
_END_OF_DAY = re.compile(r"(?P<day>[0-9]{4}-[0-9]{2}-[0-9]{2})(?P<mark>[Tt ])24(?P<rest>:00(?::00(?:\.0+)?)?"
                         r"(?:[Zz]|[+-][0-9]{2}(?::?[0-9]{2})?)?)")
# A URL's hint that writes an offset's `+` says how a query string takes it, where a `+` is a space.
PLUS_NOTE = " (an offset's + written %2B in a URL)"
# Times are kept to the microsecond, in both stores and in Python's datetime: a fraction of a second
# has at most this many digits (`too_fine`).
FRACTION_DIGITS = 6
# The one rule of a fraction finer than that, of its digits: a digit past the sixth that is not 0
# (`.0000000`, as SQL Server's datetime2 and .NET write every time, is to the microsecond).
_FINER_DIGITS = re.compile(rf"[0-9]{{{FRACTION_DIGITS}}}0*[1-9]")
# The same after the point of a text ISO_DATE matched, which a column's cells are searched for at
# once. A cell with a decimal comma is no date: it is refused as one first, and told how to write
# its time (`point_advice`), to the microsecond where it is finer.
FINER_FRACTION = re.compile(rf"\.{_FINER_DIGITS.pattern}")
TOO_FINE = f"times go to the microsecond: write at most {FRACTION_DIGITS} digits after the point"
FRACTION_POINT = "write a fraction of a second with a point"
# A fraction of a minute or of an hour, as RFC 3339 writes it: the seconds or minutes it makes.
MINUTE_SECONDS = "write a fraction of a minute as seconds"
HOUR_MINUTES = "write a fraction of an hour as minutes"
HOUR_SECONDS = "write a fraction of an hour as minutes and seconds"
# The seconds of a minute and of an hour, which a fraction of either makes parts of (`_unit_parts`).
MINUTE, HOUR = 60, 3600


def month_start(value: str) -> str:
    """A (stripped) cell's text with a month alone (`YEAR_MONTH`, `2024-01`) written as its first day
    (`2024-01-01`), as the type rule and a dataset's reading of dates take it; any other as it is."""
    return f"{value}-01" if YEAR_MONTH.fullmatch(value) else value


def date_text(value: str) -> str:
    """A (stripped) date or time ISO_DATE matches, as pandas and fromisoformat read it: its `t` and `z`
    in upper case."""
    return value.upper()


def too_fine(match: re.Match) -> bool:
    """Whether a date or time ISO_DATE matched (or `_UNIT_FRACTION`, of a second) has a fraction finer
    than a microsecond: a digit past the sixth that is not 0 (`_FINER_DIGITS`)."""
    fraction = match["fraction"]
    return fraction is not None and _FINER_DIGITS.match(fraction) is not None


def point_advice(text: str) -> str | None:
    """How to write stripped text written as ISO_DATE allows but for a fraction of its last unit as
    ISO 8601 writes one: of its second after a decimal comma (`2024-01-31T08:00:00,5Z`), with a point
    instead; of its minute (`2024-01-31T08:00,5Z`, `08:00.5Z`), as the seconds it makes
    (`2024-01-31T08:00:30Z`); of its hour (`2024-01-31T08,5Z`, `08.5Z`), as the minutes it makes
    (`2024-01-31T08:30Z`); to the microsecond where it is finer, as the site takes it. None for any
    other text, and where what it would write is no real time either (`25:00:00,5`, `08:61,5`)."""
    if ("," not in text and "." not in text) or (match := _UNIT_FRACTION.fullmatch(text)) is None:
        return None
    start, end = match.span("fraction")
    if match["second"] is not None:
        if match["mark"] == ".":
            return None  # as ISO_DATE writes it
        advice, finer = FRACTION_POINT, too_fine(match)
        parts = "." + match["fraction"][:FRACTION_DIGITS if finer else None]
    else:
        unit = MINUTE if match["minute"] is not None else HOUR
        parts, finer = _unit_parts(match["fraction"], unit)
        advice = MINUTE_SECONDS if unit == MINUTE else HOUR_MINUTES if parts.count(":") == 1 else HOUR_SECONDS
    written = f"{text[:start - 1]}{parts}{text[end:]}"  # in place of the mark and its fraction
    try:
        read_moment(written)
    except ValueError:
        return None
    return f"{advice}, to the microsecond: {written}" if finer else f"{advice}: {written}"


def _unit_parts(fraction: str, unit: int) -> tuple[str, bool]:
    """The smaller parts a fraction of a `unit` of so many seconds makes (`5`: half of it), written
    after it as a time writes them (`:30` of a minute or of an hour, `:30:36` of `51` of an hour),
    with the digits of a fraction of a second they need, to the microsecond (cut there), and whether
    they make one finer than a microsecond (`:07.407406` and True for `123456789` of a minute)."""
    with localcontext() as context:
        context.prec = len(fraction) + 12  # the exact product: as many digits, and 3,600,000,000's
        exact = Decimal(f"0.{fraction}") * unit * 1_000_000
    minutes, microseconds = divmod(int(exact), 60_000_000)
    seconds, microseconds = divmod(microseconds, 1_000_000)
    written = f":{seconds:02d}{f'.{microseconds:06d}'.rstrip('0') if microseconds else ''}"
    if unit == HOUR:
        written = f":{minutes:02d}" + (written if written != ":00" else "")
    return written, exact != int(exact)


class DigitsAdvice(NamedTuple):
    """How to write text in the digits of another script (`advice`), the text in the digits 0–9
    (`latin`), and whether `advice` says all there is to say (`whole`): of a date or time as ISO_DATE
    allows, of a real day and time, which a URL takes, or one finer than a microsecond, which it says
    to cut; not of one written another way (a decimal comma, numbers in another order:
    `numbered_dates.NUMBERED`), which is told after it how to write the text of the digits 0–9."""

    advice: str
    latin: str
    whole: bool


def digits_advice(text: str) -> DigitsAdvice | None:
    """How to write stripped text that is a date or time as ISO_DATE allows, of a real day and time,
    or one with a decimal comma or a fraction of a minute or an hour (`point_advice`) or a fraction
    of a second finer than a microsecond (`finer_advice`), or a date of
    numbers in another order (`numbered_dates.NUMBERED`: `٠٢/٠١/٢٠٢٤`), which are then still written
    another way, but for digits of another script (Arabic-Indic `٢٠٢٤-٠١-٠٢`, full-width
    `２０２４-０１-０２`): with the digits 0–9. None for any other text, and for a date in
    another order that is no date and time in any order (`٠٢/٠١/٢٠٢٤ 25:99`)."""
    if text.isascii() or (latin := latin_digits(text)) == text:
        return None
    advice = moment_digits(latin)
    if advice is not None:
        return DigitsAdvice(advice, latin, True)
    finer = finer_advice(latin)
    if finer is not None:  # `٢٠٢٤-٠١-٠٢T٠٨:٣٠:٠٠.١٢٣٤٥٦٧Z`: the digits 0–9, then the microsecond
        return DigitsAdvice(f"{_in_latin_digits(latin, True)}; {finer}", latin, True)
    match = NUMBERED.fullmatch(latin)
    if point_advice(latin) is not None:  # `٢٠٢٤-٠١-٠٢T٠٨:٣٠:٠٠,٥Z`
        timed = True
    elif match is not None and numbered_hint(match, reads_moment, year_advice=True) is not None:
        timed = match["hour"] is not None
    else:
        return None
    return DigitsAdvice(_in_latin_digits(latin, timed), latin, False)


def finer_advice(text: str) -> str | None:
    """How to write stripped text written as ISO_DATE allows with a fraction of a second finer than a
    microsecond (`too_fine`): TOO_FINE, of its form alone, a real day or not, as an upload's cell of it
    is refused. None for any other text."""
    match = ISO_DATE.fullmatch(text)
    return TOO_FINE if match is not None and too_fine(match) else None


def moment_digits(latin: str) -> str | None:
    """How to write text of other digits whose digits 0–9, `latin` (`latin_digits`), make a date or
    time as ISO_DATE allows, of a real day and time, which a URL takes: with those digits. None where
    they make none."""
    return _in_latin_digits(latin, len(latin) != len("2024-01-31")) if reads_moment(latin) else None


def _in_latin_digits(latin: str, timed: bool) -> str:
    """The advice to write a date (and time, where `timed`) of other digits in the digits 0–9, `latin`."""
    what = "a date and time" if timed else "a date"
    return f"{what} written in other digits: write the digits 0–9: {latin}"


def moment_hint(text: str) -> str:
    """What to add to the refusal of the (stripped) date or time `text` of a URL, where its form
    says how to write it: a fraction finer than a microsecond, a decimal comma, a fraction of a
    minute or an hour (in any digits: `٢٠٢٤-٠١-٠٢T٠٨:٣٠:٠٠,٥Z`, `٢٠٢٤-٠١-٠٢T٠٨:٣٠:٠٠.١٢٣٤٥٦٧Z`, as an
    upload's cell is told it after its digits), digits of another script where the digits 0–9 make a date or time the URL
    takes, a date of numbers in another order (`02/01/2024`, in any digits: `٠٢/٠١/٢٠٢٤`), the ISO
    forms it may mean that the URL takes, in the words an upload's cell is told them
    (`numbered_dates`), a date with a zone, a time of 24:00 (the next day's 00:00); where what it
    writes has an offset's `+`, that a URL writes it %2B (`PLUS_NOTE`); a year outside 1 to 9999
    (`year_range_advice`). Empty otherwise: for a text that is no date in any order (`45/45/2024`) too."""
    latin = latin_digits(text)
    advice = year_range_advice(latin) or finer_advice(latin) or point_advice(latin)
    if advice is None and latin != text:  # of other digits, told the date or time they make (`digits_advice`)
        advice = moment_digits(latin)
    if advice is None:
        advice = order_hint(latin, reads_moment)
    if advice is None:
        advice = _zone_advice(latin)
    if advice is None:
        advice = midnight_advice(latin)
    if advice is None:
        advice = _unreal_advice(latin)
    if advice is None:
        return ""
    return f"; {advice}{PLUS_NOTE if '+' in advice else ''}"


def _unreal_advice(latin: str) -> str | None:
    """What is wrong with a date written as ISO 8601 writes one that is no day in the calendar
    (`2024-02-30`, `2024-13-01`) or a time that is none on the clock (`2024-01-01T25:00`), which would
    otherwise be told only the forms a date takes, as though it were written in none; None for any other text."""
    if ISO_DATE.fullmatch(latin) is None:
        return None
    try:
        date.fromisoformat(latin[:10])
    except ValueError:
        return f"{latin[:10]} is written as a date, but there is no such day"
    clock = _CLOCK.match(latin, 11)
    if clock is not None and (int(clock["hour"]) > 23 or int(clock["minute"]) > 59 or int(clock["second"] or 0) > 59):
        return f"{clock.group()} is written as a time, but there is no such time"
    return None


# The hours, minutes and seconds of an ISO_DATE's time, as it writes them after its day.
_CLOCK = re.compile(r"(?P<hour>[0-9]{2}):(?P<minute>[0-9]{2})(:(?P<second>[0-9]{2}))?")


def _zone_advice(latin: str) -> str | None:
    """The advice for a date with a zone after it (`2024-01-31Z`, `2024-01-31+02:00`, as XML Schema
    writes a day), in the words an upload's cell is told it: ISO 8601 puts a zone after a time only,
    and a date is a day in UTC. None for any other text."""
    match = _ZONED_DATE.fullmatch(latin)
    if match is None or not reads_moment(match["day"]):
        return None
    return f"write a date without a zone, which follows a time only: {match['day']} (a day in UTC)"


def midnight_advice(latin: str) -> str | None:
    """The advice for a time of 24:00 (`2024-01-31T24:00:00`), ISO 8601's end of a day, which a URL
    does not take, nor an upload's or an append's cell: the next day's 00:00, as written but for its
    day and hour. None for any other text, and where the next day is past the calendar's end."""
    match = _END_OF_DAY.fullmatch(latin)
    if match is None or not reads_moment(match["day"]):
        return None
    try:
        day = (datetime.fromisoformat(match["day"]) + timedelta(days=1)).date().isoformat()
    except OverflowError:
        return None
    return f"a time of 24:00 is not taken: write the next day's {day}{match['mark']}00{match['rest']}"


def reads_moment(text: str) -> bool:
    """Whether `read_moment` reads the date or time `text`: a URL's, and an upload's cell, which a
    JSON body's reader reads so and a CSV's (pandas) alike."""
    try:
        read_moment(text)
    except ValueError:
        return False
    return True


def read_moment(text: str) -> datetime:
    """A date or time written as ISO_DATE allows (RFC 3339's lower-case `t` and `z` too: `date_text`),
    of a real day and time, to the microsecond; raises ValueError otherwise."""
    match = ISO_DATE.fullmatch(text)
    if match is None:
        raise ValueError(f"not a date or time written as ISO_DATE allows: {text!r}")
    if too_fine(match):
        raise ValueError(f"{text!r}: {TOO_FINE}")
    offset = match["offset"]
    # Python's fromisoformat reads "+00:60" as an hour, which pandas (the CSV paths' reader) does not.
    if offset is not None and len(offset) > 3 and int(offset[-2:]) > 59:
        raise ValueError(f"not a real UTC offset: {text!r}")
    return datetime.fromisoformat(date_text(text))


def year_range_advice(latin: str) -> str | None:
    """What is wrong with a date written as ISO 8601 writes one but of a year outside 1 to 9999 (the
    year 0, `0000-01-01`; an expanded year, `10000-01-01` or `-0500-03-15`), or of a year within them
    written with a sign (`+1492-10-12`: the year without it), with the years the site takes. None
    for any other text, and for one whose month and day are none (`12345-67-89`, a code, say)."""
    if ISO_DATE.fullmatch(latin) is not None:
        return (f"there is no year 0 (1 BC comes before the year 1); {YEARS_TAKEN}"
                if latin.startswith("0000") and _real_month_day(latin[4:]) else None)
    match = _expanded_year(latin)
    if match is None:
        return None
    # Told by its digits: Python reads no integer of more than 4,300 digits from text.
    digits = match["year"].lstrip("+-").lstrip("0") or "0"
    before = match["year"].startswith("-") and digits != "0"
    if len(digits) > 4 or before or digits == "0":
        year = f"a year of {len(digits)} digits" if len(digits) > 12 else f"the year {'-' if before else ''}{digits}"
        return f"{year} is {'before the year 1' if before or digits == '0' else 'past 9999'}; {YEARS_TAKEN}"
    return f"write the year without a sign: {digits.zfill(4)}{match['rest']}"


def expanded_year_date(latin: str) -> bool:
    """Whether stripped text is a date of an expanded year (`year_range_advice`), which ISO_DATE does not match."""
    return _expanded_year(latin) is not None


def _expanded_year(latin: str) -> re.Match[str] | None:
    """The match of a date of an expanded year whose rest ISO_DATE writes, of a real month and day."""
    match = _EXPANDED_YEAR.fullmatch(latin)
    if match is None or ISO_DATE.fullmatch("2000" + match["rest"]) is None or not _real_month_day(match["rest"]):
        return None
    return match


def _real_month_day(rest: str) -> bool:
    """Whether `-MM-DD…` names a day of some year (that of a leap year: 02-29 is one)."""
    try:
        date.fromisoformat("2000" + rest[:6])
    except ValueError:
        return False
    return True
