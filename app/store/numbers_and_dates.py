"""Whether a cell's text is a number or a date as the type rule (`csv_types`) reads it, and why a text
written as an ISO 8601 date is no real day or time (`2024-02-30`, `25:00`), which makes its column text."""
from __future__ import annotations

from datetime import date, timezone

from plots.iso_dates import ISO_DATE, midnight_advice, month_start, read_moment, year_range_advice
from plots.spec import DATES, NUMBERS

from .csv_types import FLOAT_TEXT, LONG_FRACTION, NOT_FINITE


def is_number(text: str) -> bool:
    """Whether stripped text is a number as the type rule reads it."""
    return FLOAT_TEXT.fullmatch(text) is not None or text.lower() in NOT_FINITE


def is_date(text: str) -> bool:
    """Whether stripped text is a date (or date and time) as the type rule reads it: ISO 8601, of a real
    day and time (`unreal_moment`)."""
    return ISO_DATE.fullmatch(text) is not None and unreal_moment(text) is None


def is_cell_date(text: str) -> bool:
    """Whether stripped text is a date as the type rule reads a dataset's cell: `is_date`, or a month alone
    (`2024-01`), read as its first day. (A source's database reads no month alone as a date: `is_date`.)"""
    return is_date(month_start(text))


def _real_day(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _reads(text: str) -> bool:
    try:
        read_moment(text)
    except ValueError:
        return False
    return True


def unreal_moment(text: str) -> str | None:
    """What keeps stripped text ISO_DATE matches from being a date or time the type rule reads, which
    makes a data-folder file's column of it text (an upload's is refused, `cell_dates.unreal_cell`):
    no such day (`2024-02-30`), a time of 24:00 and the next day's 00:00 to write, as an upload's cell is
    told, no such time (`25:00`, `10:61`), no such UTC offset (`+24:00`), or a moment outside the years
    1 to 9999 once in UTC. None for a date or time it reads, to the microsecond (a file's finer
    fraction is cut to it)."""
    outside = year_range_advice(text)
    if outside is not None:  # the year 0
        return outside
    if not _real_day(text[:10]):
        return "there is no such day"
    text = LONG_FRACTION.sub(r"\1", text)
    try:
        moment = read_moment(text)
    except ValueError:
        offset = ISO_DATE.fullmatch(text)["offset"]
        if offset is not None and _reads(text[:-len(offset)]):
            return "there is no such UTC offset"
        return midnight_advice(text) or "there is no such time"
    try:
        moment.astimezone(timezone.utc)
    except OverflowError:
        return "out of the range of dates once converted to UTC"
    return None


def fits(text: str, wanted: str) -> bool:
    """Whether stripped text is one of what is `wanted` (NUMBERS, DATES or NUMBERS_OR_DATES)."""
    return (wanted != DATES and is_number(text)) or (wanted != NUMBERS and is_date(text))
