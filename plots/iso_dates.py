"""How a date or time is written, one rule for a dataset's cells and a URL's dates: ISO 8601 as RFC
3339 writes it (`2024-05-01`, `2024-05-01 12:30`, `2024-05-01T12:30:00.5+02:00`, `2024-05-01t12:30:00z`),
and its text as pandas and Python's fromisoformat read it. Other forms of ISO 8601 that fromisoformat
reads (a week, `2024-W13`; the basic form, `20240331`; hours alone, `2024-03-31T01`; a decimal comma,
`08:00:00,5`, or a fraction of a minute, `08:00,5`) are not dates to the site, in a URL as in a cell."""
from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal, localcontext

# A zone (`Z` or a UTC offset) only after a time: a date with one (`2024-01-31Z`, `2024-01-31+02:00`,
# as XML Schema writes a day) is no ISO 8601 date and no date pandas reads, so its column is text.
# An offset may be hours alone (`+02`), as PostgreSQL writes a timestamptz; pandas, Python's
# fromisoformat (the JSON path's and a `from=` bound's reader) and ISO 8601 all read it. A lower-case
# `t` or `z` is one too, as RFC 3339 (§5.6) allows: pandas and fromisoformat do not read it, so a
# date's text is read in upper case (`date_text`). `_DECIMAL_COMMA` is the same with ISO 8601's
# decimal comma before a fraction of the last unit it writes, which RFC 3339 does not write: of a
# second (`08:00:00,5`), or of a minute (`08:00,5`, half a minute: `08:00:30`) (`point_advice`).
def _iso_date(decimal_mark: str, minute_fraction: bool = False) -> re.Pattern:
    second = r"(?P<second>:[0-9]{2})" + ("?" if minute_fraction else "")
    return re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}(?P<time>[Tt ][0-9]{2}:[0-9]{2}"
                      rf"({second}({decimal_mark}(?P<fraction>[0-9]+))?)?"
                      r"(?P<offset>[Zz]|[+-][0-9]{2}(:?[0-9]{2})?)?)?")


ISO_DATE = _iso_date(r"\.")
_DECIMAL_COMMA = _iso_date(",", minute_fraction=True)
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
# A fraction of a minute, as RFC 3339 writes it: the seconds it makes.
MINUTE_SECONDS = "write a fraction of a minute as seconds"


def date_text(value: str) -> str:
    """A (stripped) date or time ISO_DATE matches, as pandas and fromisoformat read it: its `t` and `z`
    in upper case."""
    return value.upper()


def too_fine(match: re.Match) -> bool:
    """Whether a date or time ISO_DATE matched (or `_DECIMAL_COMMA`, of a second) has a fraction finer
    than a microsecond: a digit past the sixth that is not 0 (`_FINER_DIGITS`)."""
    fraction = match["fraction"]
    return fraction is not None and _FINER_DIGITS.match(fraction) is not None


def point_advice(text: str) -> str | None:
    """How to write stripped text written as ISO_DATE allows but for a decimal comma before a
    fraction of its last unit: of its second (`2024-01-31T08:00:00,5Z`), with a point instead; of
    its minute (`2024-01-31T08:00,5Z`), as the seconds it makes (`2024-01-31T08:00:30Z`); to the
    microsecond where it is finer, as the site takes it. None for any other text."""
    if "," not in text or (comma := _DECIMAL_COMMA.fullmatch(text)) is None:
        return None
    start, end = comma.span("fraction")
    if comma["second"] is None:
        advice = MINUTE_SECONDS
        seconds, finer = _minute_seconds(comma["fraction"])
    else:
        advice, finer = FRACTION_POINT, too_fine(comma)
        seconds = "." + comma["fraction"][:FRACTION_DIGITS if finer else None]
    written = f"{text[:start - 1]}{seconds}{text[end:]}"  # in place of the comma and its fraction
    return f"{advice}, to the microsecond: {written}" if finer else f"{advice}: {written}"


def _minute_seconds(fraction: str) -> tuple[str, bool]:
    """The seconds a fraction of a minute's digits (`5`: half a minute) make, written `:30` with
    the digits of a fraction of a second they need, to the microsecond (cut there), and whether
    they make one finer than a microsecond (`:07.407406` and True for `123456789`)."""
    with localcontext() as context:
        context.prec = len(fraction) + 8  # the exact product: as many digits, and 60,000,000's
        exact = Decimal(f"0.{fraction}") * 60_000_000
    seconds, microseconds = divmod(int(exact), 1_000_000)
    return f":{seconds:02d}{f'.{microseconds:06d}'.rstrip('0') if microseconds else ''}", exact != int(exact)


def moment_hint(text: str) -> str:
    """What to add to the refusal of the (stripped) date or time `text` of a URL, where its form
    says how to write it: a fraction finer than a microsecond, a decimal comma. Empty otherwise."""
    match = ISO_DATE.fullmatch(text)
    if match is not None and too_fine(match):
        return f"; {TOO_FINE}"
    point = point_advice(text)
    return f"; {point}" if point is not None else ""


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
