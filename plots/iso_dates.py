"""How a date or time is written, one rule for a dataset's cells and a URL's dates: ISO 8601 as RFC
3339 writes it (`2024-05-01`, `2024-05-01 12:30`, `2024-05-01T12:30:00.5+02:00`, `2024-05-01t12:30:00z`),
and its text as pandas and Python's fromisoformat read it. Other forms of ISO 8601 that fromisoformat
reads (a week, `2024-W13`; the basic form, `20240331`; hours alone, `2024-03-31T01`; a decimal comma,
`08:00:00,5`) are not dates to the site, in a URL as in a cell."""
from __future__ import annotations

import re
from datetime import datetime

# A zone (`Z` or a UTC offset) only after a time: a date with one (`2024-01-31Z`, `2024-01-31+02:00`,
# as XML Schema writes a day) is no ISO 8601 date and no date pandas reads, so its column is text.
# An offset may be hours alone (`+02`), as PostgreSQL writes a timestamptz; pandas, Python's
# fromisoformat (the JSON path's and a `from=` bound's reader) and ISO 8601 all read it. A lower-case
# `t` or `z` is one too, as RFC 3339 (§5.6) allows: pandas and fromisoformat do not read it, so a
# date's text is read in upper case (`date_text`). `_iso_date(",")` is the same with ISO 8601's
# decimal comma before a fraction of a second, which RFC 3339 does not write (`point_advice`).
def _iso_date(decimal_mark: str) -> re.Pattern:
    return re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}(?P<time>[Tt ][0-9]{2}:[0-9]{2}"
                      rf"(:[0-9]{{2}}({decimal_mark}(?P<fraction>[0-9]+))?)?"
                      r"(?P<offset>[Zz]|[+-][0-9]{2}(:?[0-9]{2})?)?)?")


ISO_DATE = _iso_date(r"\.")
_DECIMAL_COMMA = _iso_date(",")
# Times are kept to the microsecond, in both stores and in Python's datetime: a fraction of a second
# has at most this many digits (`too_fine`).
FRACTION_DIGITS = 6
# A fraction finer than that, found in a text ISO_DATE matched: a digit past the sixth that is not 0
# (`.0000000`, as SQL Server's datetime2 and .NET write every time, is to the microsecond).
FINER_FRACTION = re.compile(rf"\.[0-9]{{{FRACTION_DIGITS}}}0*[1-9]")
TOO_FINE = f"times go to the microsecond: write at most {FRACTION_DIGITS} digits after the point"
FRACTION_POINT = "write a fraction of a second with a point"


def date_text(value: str) -> str:
    """A (stripped) date or time ISO_DATE matches, as pandas and fromisoformat read it: its `t` and `z`
    in upper case."""
    return value.upper()


def too_fine(match: re.Match) -> bool:
    """Whether a date or time ISO_DATE matched has a fraction finer than a microsecond: a digit past
    the sixth that is not 0."""
    fraction = match["fraction"]
    return fraction is not None and fraction[FRACTION_DIGITS:].strip("0") != ""


def point_advice(text: str) -> str | None:
    """How to write stripped text written as ISO_DATE allows but for a decimal comma before its
    fraction of a second (`2024-01-31T08:00:00,5Z`): with a point instead, and to the microsecond
    where it is finer, as the site takes it; None for any other text."""
    if "," not in text or (comma := _DECIMAL_COMMA.fullmatch(text)) is None:
        return None
    pointed = text.replace(",", ".")
    if not too_fine(comma):
        return f"{FRACTION_POINT}: {pointed}"
    start, end = comma.span("fraction")
    return f"{FRACTION_POINT}, to the microsecond: {pointed[:start + FRACTION_DIGITS]}{pointed[end:]}"


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
