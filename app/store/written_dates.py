"""Dates and times written in forms the type rule (`csv_types`) does not read, and how to write them
as ISO 8601 does: a date in another order or with other separators (`31.01.2024`, `01/31/2024`), a
month by its name (`Jan 5, 2024`, `5-Jan-2024`), a month, week or quarter alone (`2024/1`, `01/2024`,
`2024-W01`, `2024-Q1`; `2024-01` in a source's text column alone, which its database reads as no date
where a dataset's cell is read as the month's first day), a date of digits alone (`20240105`), and a time on a 12-hour clock
(`9:30:00 AM`), with a zone's name (`09:30:00 UTC`, Go's `+0000 UTC`, Java's `+01:00[Europe/Paris]`,
`09:30:00 CET`, `10:30:00+02:00 Europe/Berlin`)
or a space before its offset (`10:00:00 +01:00`), a date with a zone (`2024-01-31Z`, `2024-01-31+02:00`), and a date and time
in ISO 8601's basic form or with its hours alone (`20240105T093000Z`, `2024-01-05T09Z`), or with a
decimal comma before its fraction of a second, or a fraction of a minute or an hour
(`2024-01-05T09:30:00,5Z`, `2024-01-05T09:30,5Z`, `2024-01-05T09.5Z`), and a date in the digits of
another script (`٢٠٢٤-٠١-٠٥`), as databases, spreadsheets and programs export them. A date in
another order is told the ISO forms it may mean by `plots/numbered_dates.py`, in the words a URL's
date is told them."""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

from plots.iso_dates import DigitsAdvice, digits_advice, point_advice, reads_moment
from plots.numbered_dates import (DATE_ADVICE, TIME, TIME_ADVICE, clock_time, example, order_hint, real_day,
                                  year_digits_hint)
from plots.value_text import time_text

# For a date written YYYY-MM-DD with a zone after it.
ZONE_ADVICE = "write a date without a zone, which follows a time only"

MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
               "november", "december")
# A month's name, whole or cut to three letters (`Sept` too), in any case, as English exports write it.
MONTHS = {**{name: number for number, name in enumerate(MONTH_NAMES, start=1)},
          **{name[:3]: number for number, name in enumerate(MONTH_NAMES, start=1)}, "sept": 9}
MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
# A day's name before a date (`Fri, 05 Jan 2024`, as e-mail and HTTP write dates), left out of the hint.
WEEKDAY = r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
DAY = r"(?P<day>[0-9]{1,2})(?:st|nd|rd|th)?"
# A date with its month's name: `5 Jan 2024`, `5-Jan-2024`, `05-JAN-24`; `Jan 5, 2024`; `2024-Jan-05`.
NAMED = [re.compile(WEEKDAY + pattern + TIME, re.IGNORECASE) for pattern in (
    DAY + r"[ ./-]\s*" + MONTH + r"[ ./,-]\s*(?P<year>[0-9]{4}|[0-9]{2})",
    MONTH + r"[ -]\s*" + DAY + r",?\s+(?P<year>[0-9]{4})",
    r"(?P<year>[0-9]{4})[ /-]" + MONTH + r"[ /-]" + DAY,
)]
# A month alone: `2024/1`, `2024-1`, `01/2024`, `Jan 2024`, `January-2024`; `2024-01` a source's text
# column alone holds written so (a dataset's cell reads it as a date, `is_cell_date`).
MONTH_ALONE = [re.compile(pattern, re.IGNORECASE) for pattern in (
    r"(?P<year>[0-9]{4})[/-](?P<number>[0-9]{1,2})",
    r"(?P<number>[0-9]{1,2})[/-](?P<year>[0-9]{4})",
    MONTH + r"[ ,/-]\s*(?P<year>[0-9]{4})",
    r"(?P<year>[0-9]{4})[ /-]" + MONTH,
)]
# An ISO week (`2024-W01`, with its day `2024-W01-3`) and a quarter (`2024-Q1`, `Q1 2024`).
WEEK = re.compile(r"(?P<year>[0-9]{4})-?W(?P<week>[0-9]{2})(?:-?(?P<weekday>[1-7]))?", re.IGNORECASE)
QUARTER = [re.compile(pattern, re.IGNORECASE) for pattern in (
    r"(?P<year>[0-9]{4})[ -]?Q(?P<quarter>[1-4])", r"Q(?P<quarter>[1-4])[ /-]?(?P<year>[0-9]{4})")]
# A date followed by a zone, `Z` or a UTC offset (after a space too), as XML Schema writes a day
# (`2024-01-31Z`, `2024-01-31+02:00`): ISO 8601 puts a zone after a time only.
ZONED = re.compile(r"(?P<day>[0-9]{4}-[0-9]{2}-[0-9]{2})\s*(?:(?P<utc>Z)|(?P<sign>[+-])(?P<hours>[0-9]{2})"
                   r"(?::?(?P<minutes>[0-9]{2}))?)")
# A date and time whose UTC offset has seconds, as PostgreSQL writes a `timestamptz` of a zone
# before it kept standard time (`1900-01-01 00:00:00+05:53:28` in Asia/Kolkata): neither ISO 8601
# nor RFC 3339 writes one, and pandas does not read it.
SECONDS_OFFSET = re.compile(r"(?P<moment>[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?)"
                            r"(?P<offset>[+-][0-9]{2}:[0-9]{2}:[0-9]{2})")
SECONDS_OFFSET_ADVICE = "write a time whose UTC offset has seconds in UTC"
# A date and time with its UTC offset followed by its zone's name in brackets, as Java's
# ZonedDateTime and RFC 9557 write it (`2024-01-05T09:30+01:00[Europe/Paris]`, a calendar's tag too,
# `[u-ca=iso8601]`): the offset says the moment, and the bracket is no ISO 8601 the type rule reads.
BRACKETED_ZONE = re.compile(r"(?P<moment>[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ].*?(?:[Zz]|[+-][0-9]{2}(?::?[0-9]{2})?))"
                            r"(?:\[[^\]\s]+\])+")
BRACKETED_ZONE_ADVICE = "write a time without the zone's name in brackets, its UTC offset saying the moment"
# The abbreviations of zones' times that exports and logs write after a time: Europe's, the Americas',
# Africa's, Asia's and Oceania's in common use, so that a word after a time (`INFO`, `OK`) is not taken for one.
ZONE_ABBREVIATIONS = ("WET|WEST|CET|CEST|EET|EEST|MSK|BST|IST|EST|EDT|CST|CDT|MST|MDT|PST|PDT|AKST|AKDT|HST|AST|ADT"
                      "|NST|NDT|WAT|CAT|EAT|SAST|PKT|ICT|WIB|HKT|SGT|PHT|KST|JST|AWST|ACST|ACDT|AEST|AEDT|NZST|NZDT")
# A date and time followed by its zone's name after a space, an abbreviation or a name of the tz database
# (`2024-03-31 03:30:00 CEST`, `2024-03-31T03:30:00 Europe/Berlin`), with its UTC offset before it or not, as
# logs and some exports write it; the type rule reads no zone's name, and an abbreviation names no one offset
# (`CST` is China's and Central America's). `UTC` and `GMT` are told by `plots/numbered_dates.py`, as a date in
# another order with them is.
NAMED_ZONE = re.compile(r"(?P<moment>[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?)"
                        r"\s*(?P<offset>[Zz]|[+-][0-9]{2}(?::?[0-9]{2})?)?"
                        rf"\s+(?:{ZONE_ABBREVIATIONS}|[A-Z][A-Za-z_]+(?:/[A-Za-z0-9_+-]+)+)")
NAMED_ZONE_ADVICE = "write a time without its zone's name, its UTC offset saying the moment"
UNNAMED_OFFSET_ADVICE = "write a time with its UTC offset in place of its zone's name, which the site does not read"
# A date and time ISO 8601 allows and RFC 3339 does not, nor the type rule: in its basic form, without
# separators (`20240105T093000Z`, as iCalendar writes it), or a time of hours alone (`2024-01-05T09Z`).
# A date written YYYY-MM-DD with a time written hh:mm is the rule's own, and not matched here.
COMPACT = re.compile(r"(?P<year>[0-9]{4})(?P<dash>-?)(?P<month>[0-9]{2})(?P=dash)(?P<day>[0-9]{2})[Tt ]"
                     r"(?P<hour>[0-9]{2})(?:(?P<colon>:?)(?P<minute>[0-9]{2})"
                     r"(?:(?P=colon)(?P<second>[0-9]{2}(?:[.,][0-9]+)?))?)?"
                     r"(?P<offset>[Zz]|[+-][0-9]{2}(?::?[0-9]{2})?)?")
# A date of digits alone, as some databases and file names write it: `20240105`.
DIGITS = re.compile(r"(?P<year>[1-9][0-9]{3})(?P<month>[0-9]{2})(?P<day>[0-9]{2})")


def _named_hint(match: re.Match) -> str | None:
    month, time = MONTHS.get(match["month"].lower()), clock_time(match)
    if month is None or time is None:
        return None
    if len(match["year"]) == 2:
        return year_digits_hint([(int(match["year"]), month, int(match["day"]))], time, reads_moment)
    return example([real_day(int(match["year"]), month, int(match["day"]))], time, DATE_ADVICE, takes=reads_moment)


def _period_hint(text: str) -> str | None:
    """How to write a month, a week or a quarter written alone: its first day."""
    for pattern in MONTH_ALONE:
        match = pattern.fullmatch(text)
        if match is not None:
            month = int(match["number"]) if match.groupdict().get("number") else MONTHS.get(match["month"].lower())
            if month is None:
                return None
            return example([real_day(int(match["year"]), month, 1)], "", DATE_ADVICE, " (the month's first day)")
    match = WEEK.fullmatch(text)
    if match is not None:
        try:
            day = date.fromisocalendar(int(match["year"]), int(match["week"]), int(match["weekday"] or 1))
        except ValueError:
            return None
        return example([day.isoformat()], "", DATE_ADVICE, "" if match["weekday"] else " (the week's Monday)")
    for pattern in QUARTER:
        match = pattern.fullmatch(text)
        if match is not None:
            first = real_day(int(match["year"]), 3 * int(match["quarter"]) - 2, 1)
            return example([first], "", DATE_ADVICE, " (the quarter's first day)")
    return None


def _zoned_hint(match: re.Match) -> str | None:
    """How to write a date followed by a zone: the date alone, a day as the site reads one (at
    midnight UTC); or, where the zone is not UTC, the time the day starts there with the zone, which
    is another moment, so the hint names it as the site keeps it, in UTC (the reader of an upload's
    cells takes any ±HH:MM of a real day's midnight as written, the calendar's first and last day too)."""
    day = real_day(*(int(part) for part in match["day"].split("-")))
    if day is None:
        return None
    if match["utc"]:
        return example([day], "", ZONE_ADVICE)
    hours, minutes = int(match["hours"]), int(match["minutes"] or 0)
    if hours > 23 or minutes > 59:
        return None
    offset = timedelta(hours=hours, minutes=minutes) * (-1 if match["sign"] == "-" else 1)
    if not offset:
        return example([day], "", ZONE_ADVICE)
    try:
        start = datetime.fromisoformat(day).replace(tzinfo=timezone(offset)).astimezone(timezone.utc)
    except OverflowError:  # the day starts there outside the calendar in UTC: the day alone it is
        return example([day], "", ZONE_ADVICE)
    written = f"{match['sign']}{hours:02d}:{minutes:02d}"
    return example([day], "", ZONE_ADVICE, f" for the day, or {day} 00:00:00{written} for the moment it starts "
                                            f"there, which the site keeps in UTC as {start:%Y-%m-%dT%H:%M:%S}Z")


def _seconds_offset_hint(match: re.Match) -> str | None:
    """How to write a time whose UTC offset has seconds: the same moment in UTC; None for no real one."""
    try:
        moment = datetime.fromisoformat(match["moment"].upper() + match["offset"]).astimezone(timezone.utc)
    except (ValueError, OverflowError):
        return None
    return f"{SECONDS_OFFSET_ADVICE}: {time_text(moment.replace(tzinfo=None))}Z"


def _bracketed_zone_hint(match: re.Match) -> str | None:
    """How to write a time with its zone's name in brackets after its offset: without it; None where
    what is left is no time an upload takes (`2024-01-05T25:00+01:00[Europe/Paris]`)."""
    moment = match["moment"]
    return f"{BRACKETED_ZONE_ADVICE}: {moment}" if reads_moment(moment) else None


def _named_zone_hint(match: re.Match) -> str | None:
    """How to write a time followed by its zone's name: without it where a UTC offset before it says
    the moment, else with the offset in its place, which the name does not tell the site; None where
    the time is no real one (`2024-02-30 08:00 CET`)."""
    moment, offset = match["moment"], match["offset"] or ""
    if not reads_moment(moment + offset):
        return None
    return f"{NAMED_ZONE_ADVICE}: {moment}{offset}" if offset else UNNAMED_OFFSET_ADVICE


def _compact_hint(match: re.Match) -> str | None:
    """How to write a date and time in ISO 8601's basic form or with its hours alone: YYYY-MM-DD
    and hh:mm, the seconds and the zone kept (`2024-01-05 09:00Z` for `2024-01-05T09Z`); None for
    a date and time the type rule reads (YYYY-MM-DD, hh:mm), or no real one, or one an upload would
    refuse written so too (an offset of 60 minutes, a fraction finer than a microsecond)."""
    if match["dash"] and match["colon"]:
        return None
    hour, minute = int(match["hour"]), int(match["minute"] or 0)
    second = (match["second"] or "").replace(",", ".")
    if hour > 23 or minute > 59 or (second and int(second[:2]) > 59):
        return None
    zone = (match["offset"] or "").upper()
    time = f" {hour:02d}:{minute:02d}{':' + second if second else ''}{zone}"
    day = real_day(int(match["year"]), int(match["month"]), int(match["day"]))
    return example([day], time, TIME_ADVICE if match["dash"] else DATE_ADVICE, takes=reads_moment)


def _in_other_digits(digits: DigitsAdvice) -> str | None:
    """The advice about a date in the digits of another script (`digits_advice`), and where the date
    in the digits 0–9 is itself written another way (`٠٢/٠١/٢٠٢٤`), how to write that one too: None
    where it is no date either way (`٤٥/٤٥/٢٠٢٤`)."""
    if digits.whole:
        return digits.advice  # `٢٠٢٤-٠١-٠٢`: in the digits 0–9, as the site takes it; or to the microsecond
    hint = date_hint(digits.latin)
    return f"{digits.advice}; {hint}" if hint is not None else None


def date_hint(text: str) -> str | None:
    """How to write stripped text that is a date (or date and time) written another way; None when
    it is no such date (a word, a number, a date as the type rule reads it)."""
    hint = order_hint(text, reads_moment, year_advice=True)
    if hint is not None:
        return hint
    for pattern in NAMED:
        match = pattern.fullmatch(text)
        if match is not None:
            return _named_hint(match)
    match = ZONED.fullmatch(text)
    if match is not None:
        return _zoned_hint(match)
    advice = point_advice(text)
    if advice is not None:
        return advice
    digits = digits_advice(text)
    if digits is not None:
        return _in_other_digits(digits)
    match = SECONDS_OFFSET.fullmatch(text)
    if match is not None:
        return _seconds_offset_hint(match)
    match = BRACKETED_ZONE.fullmatch(text)
    if match is not None:
        return _bracketed_zone_hint(match)
    match = NAMED_ZONE.fullmatch(text)
    if match is not None:
        return _named_zone_hint(match)
    match = COMPACT.fullmatch(text)
    if match is not None:
        return _compact_hint(match)
    match = DIGITS.fullmatch(text)
    if match is not None:
        return example([real_day(int(match["year"]), int(match["month"]), int(match["day"]))], "", DATE_ADVICE)
    return _period_hint(text)
