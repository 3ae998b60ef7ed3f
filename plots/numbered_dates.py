"""A date of numbers with its parts in another order, or another separator, than ISO 8601's
(`02/01/2024`, `2024/01/02`, `1.2.2024`), a time after it or not, and the ISO forms it may mean, in
the words that say how to write it: one rule for an upload's cells (`app/store/written_dates.py`,
which writes other forms of dates in these words too) and a URL's dates (`iso_dates.moment_hint`),
which is told only the forms it takes.

Locales are not guessed: `01/02/2024` is the 1st of February or the 2nd of January, so a hint
gives both readings."""
from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

DATE_ADVICE = "write dates as YYYY-MM-DD"
# For a date written YYYY-MM-DD whose time is written another way.
TIME_ADVICE = "write dates and times as ISO 8601"

# A time after a date: on a 24-hour or a 12-hour clock (`9:30 PM`), with a UTC offset (after a space
# too: `+01:00`, `+0000`) or a zone's name that says UTC (`UTC`, `GMT`), or both (Go's `+0000 UTC`).
TIME = (r"(?:[T ,]\s*(?P<hour>[0-9]{1,2}):(?P<minute>[0-9]{2})(?::(?P<second>[0-9]{2}(?:\.[0-9]+)?))?"
        r"(?:\s*(?P<half>[AaPp])\.?[Mm]\.?)?(?:\s*(?P<offset>Z|[+-][0-9]{2}(?::?[0-9]{2})?))?"
        r"(?:\s*(?P<zone>UTC|GMT))?)?")
# A date of numbers with its parts in another order, or another separator, than ISO 8601's.
NUMBERED = re.compile(r"(?P<a>[0-9]{1,4})(?P<sep>[./-])(?P<b>[0-9]{1,2})(?P=sep)(?P<c>[0-9]{1,4})" + TIME)


def real_day(year: int, month: int, day: int) -> str | None:
    """The day as ISO 8601 writes it (`2024-01-02`), or None where it is no real one."""
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def clock_time(match: re.Match) -> str | None:
    """The time of `match` (of `TIME`) as ISO 8601 writes it after a date (" 21:30:00Z"): "" when it
    has none; None when it is no time (`25:00`, `13:00 PM`)."""
    if match["hour"] is None:
        return ""
    hour, minute = int(match["hour"]), int(match["minute"])
    if match["half"]:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if match["half"] in "Pp" else 0)
    second = match["second"]
    if hour > 23 or minute > 59 or (second is not None and int(second[:2]) > 59):
        return None
    zone = match["offset"] or ("Z" if match["zone"] else "")
    return f" {hour:02d}:{minute:02d}{':' + second if second else ''}{zone}"


def example(days: list[str | None], time: str, advice: str, note: str = "",
            takes: Callable[[str], bool] | None = None) -> str | None:
    """The hint: `advice`, then each real day of `days` with `time` (both readings where they
    differ), only those `takes` takes; None where that leaves none. A real day alone is taken as it
    is, but a time, which may hold what a reader refuses (an offset of 60 minutes), needs `takes`."""
    if time and takes is None:
        raise TypeError(f"example() needs takes to offer a day with the time {time!r}")
    forms = [day + time for day in dict.fromkeys(days) if day is not None]
    forms = [form for form in forms if takes is None or takes(form)]
    if not forms:
        return None
    return f"{advice}: {' or '.join(forms)}{' (whichever is meant)' if len(forms) > 1 else ''}{note}"


def numbered_hint(match: re.Match, takes: Callable[[str], bool], year_advice: bool = False) -> str | None:
    """How to write the date (and time) of `match` (of `NUMBERED`): the ISO forms it may mean, day
    first and month first where its year is last (`2024-01-02 or 2024-02-01 (whichever is meant)`),
    only those `takes` takes (`iso_dates.reads_moment`, the reader of an upload's cells and a URL's
    dates: no form with an offset of 60 minutes or a fraction finer than a microsecond). Where no
    part has four digits, and its first or last has two, a year (`02/01/24`, `2/1/24`, `24-1-2`), to
    write that in four, where `year_advice` asks for it (an upload's cell: a URL is told forms only)
    and some reading of its day and month is a date `takes` takes with its time (`02/01/24`, not
    `45/45/24`: `year_digits_hint`); `1/2/3` has no such year. None where it is no date in any order
    (`45/45/2024`), or none taken."""
    a, b, c = match["a"], match["b"], match["c"]
    time = clock_time(match)
    if time is None:
        return None
    if len(a) == 4 and len(c) <= 2:
        iso = match["sep"] == "-" and len(b) == len(c) == 2
        return example([real_day(int(a), int(b), int(c))], time, TIME_ADVICE if iso else DATE_ADVICE, takes=takes)
    if len(c) == 4 and len(a) <= 2:
        first, second = int(a), int(b)
        # Day first, then month first.
        return example([real_day(int(c), second, first), real_day(int(c), first, second)], time, DATE_ADVICE,
                       takes=takes)
    if year_advice and len(a) <= 2 and len(c) <= 2 and 2 in (len(a), len(c)):
        first, second, third = int(a), int(b), int(c)
        # A year of two digits last, day first or month first (`02/01/24`, `2/1/24`), or first
        # (`24/01/31`, `24-1-2`): a part of one digit is no year.
        readings = [(third, second, first), (third, first, second)] if len(c) == 2 else []
        return year_digits_hint(readings + ([(first, second, third)] if len(a) == 2 else []), time, takes)
    return None


def year_digits_hint(readings: list[tuple[int, int, int]], time: str, takes: Callable[[str], bool]) -> str | None:
    """To write a two-digit year in four digits, where some reading of a date (year, month, day) is
    a real day, in either century (`29/02/00` is one of 2000), that `takes` takes with `time`; None
    where none is (`45/45/24`), as for any text that is no date."""
    days = (real_day(century + year, month, day) for year, month, day in readings for century in (1900, 2000))
    taken = any(day is not None and takes(day + time) for day in days)  # one is enough: no hint's forms to write
    return f"{DATE_ADVICE}, the year in four digits" if taken else None


def order_hint(text: str, takes: Callable[[str], bool], year_advice: bool = False) -> str | None:
    """How to write stripped text of digits 0–9 that is a date of numbers in another order
    (`numbered_hint`); None for any other text."""
    match = NUMBERED.fullmatch(text)
    return numbered_hint(match, takes, year_advice) if match is not None else None
