"""Time ranges as Grafana writes them: a date, a date and time, or `now-7d/d`, resolved against a clock.

A bound is absolute (`2024-01-31`, `2024-01-31T08:00:00`, with or without a UTC offset) or
relative to now: `now`, an optional offset (`-15m`, `+1d`) and an optional rounding (`/d`).
Units: s, m (minutes), h, d, w (weeks), M (months), y (years). Times are UTC, as stored; weeks
start on Monday. A rounded `from` goes back to the start of its unit (`now-1M/M`: the first of
last month); a rounded `to` goes on to the end of it (`now/d`: the last microsecond of today),
so that both bounds are inclusive. A date names a whole day the same way: as `from` its start,
as `to` its end (`to=2024-01-31` keeps the rows of the 31st).
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta, timezone

from .field_values import DATE_FORMS, RELATIVE, naive_utc, plus_hint
from .iso_dates import ISO_DATE, PLUS_NOTE, moment_hint, read_moment
from .refusals import Checks
from .spec import SpecError, refuse_repeated
from .text import listed_value
from .value_text import time_text

RANGE_PARAMS = ("from", "to")
ACCEPTED = (f"{DATE_FORMS}, or now with an optional offset and rounding: now, now-15m, now-6h, now-7d, now-2w, "
            "now-1M, now-1y, now-1M/M (the start of last month), now/d (the start of today)")
# A relative bound without a rounding of its own is taken from "now" down to a step that fits the
# range (by the unit of its widest offset): its moments then change once a step, not every second,
# so a dashboard's image URLs, its auto-refresh and every cache keep one URL for a step, while the
# range is still the one asked, a step wide at most. A range with no offset at all (`to=now` alone)
# is taken to the minute.
_STEPS = {"s": "s", "m": "m", "h": "m", "d": "h", "w": "h", "M": "d", "y": "d"}
_NO_OFFSET_STEP = "m"
_FIXED_UNITS = {"s": timedelta(seconds=1), "m": timedelta(minutes=1), "h": timedelta(hours=1),
                "d": timedelta(days=1), "w": timedelta(weeks=1)}
# The longest each unit can be, in seconds, and how long an offset in months clamped to a shorter
# month can hold a day still (Mar 28–31 minus a month are all Feb 28).
_LONGEST = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400, "M": 31 * 86400, "y": 366 * 86400}
_CLAMP_SLACK = 4 * 86400
# The shortest each unit can be, in seconds: an offset of more of them than the calendar's span is
# out of the range of dates from any now, and refused as it is read, before any arithmetic. Its
# digits are counted first: the span in seconds has 12.
_SHORTEST = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400, "M": 28 * 86400, "y": 365 * 86400}
# A time relative to now written as other tools or a person write it: with or without `now` (`-7d`, as
# Splunk and Kibana write it), in any case, with spaces around its parts, its unit a word or another
# letter (`now - 30 min`, `NOW-1D`, `now-1mo/Month`). A refusal says how to write the bound it means.
# Each run of spaces belongs to what follows it, so that no run can be split between two (which
# would take a time that grows as the square of its length to refuse).
_LOOSE_RELATIVE = re.compile(r"(?P<now>now)?(?:\s*(?P<sign>[+-])\s*(?P<count>[0-9]+)\s*(?P<unit>[a-z]+))?"
                             r"(?:\s*/\s*(?P<round>[a-z]+))?", re.IGNORECASE)
_UNIT_WORDS = {"s": ("s", "sec", "secs", "second", "seconds"), "m": ("min", "mins", "minute", "minutes"),
               "h": ("h", "hr", "hrs", "hour", "hours"), "d": ("d", "day", "days"),
               "w": ("w", "wk", "wks", "week", "weeks"), "M": ("mo", "mon", "mons", "month", "months"),
               "y": ("y", "yr", "yrs", "year", "years")}
_CALENDAR_SECONDS = int((datetime.max - datetime.min).total_seconds())
_MOST_DIGITS = len(str(_CALENDAR_SECONDS))


@dataclass(frozen=True)
class TimeBound:
    """One end of a time range: a moment, or an offset from now with an optional rounding."""

    text: str  # as written in URLs: "2024-01-31" or "now-7d/d"
    moment: datetime | None = None  # set when absolute (naive UTC)
    offset: tuple[int, str] | None = field(default=None, compare=False)  # (signed count, unit)
    rounding: str | None = field(default=None, compare=False)
    # Taken from the range a URL's own from/to are laid over (a dashboard's), not written in the URL:
    # a refusal says where it comes from and how to undo it.
    inherited: bool = field(default=False, compare=False)

    @property
    def relative(self) -> bool:
        """Whether the bound moves with the clock."""
        return self.moment is None

    def resolve(self, now: datetime, end: bool = False) -> datetime:
        """The moment this bound means at `now` (naive UTC); `end` rounds up to the end of the unit.

        Raises SpecError when the offset leaves the range of dates.
        """
        if self.moment is not None:
            return self.moment
        try:
            moment = now
            if self.offset is not None:
                moment = shift(moment, *self.offset)
            if self.rounding is not None:
                moment = floor(moment, self.rounding)
                if end:
                    moment = end_of(moment, self.rounding)
        except (OverflowError, ValueError):
            name = "to" if end else "from"
            came = f"; {_from_default([(name, self)])}" if self.inherited else ""
            offset = f"{self.offset[0]:+d}{self.offset[1]}" if self.offset else "(none)"
            raise SpecError(_too_far(name, self.text, offset) + came, name) from None
        return moment

    def fresh_for(self, now: datetime) -> int | None:
        """Whole seconds until the moment this bound means changes, at most its rounding unit (None:
        never, it is absolute; unrounded, a relative bound changes every second)."""
        if self.moment is not None:
            return None
        # The moment only moves forward as now does, but months of unequal length (and an offset in
        # months clamped to a shorter one) make the step uneven: search for it.
        current = self.resolve(now)
        longest = _LONGEST[self.rounding or "s"]
        low, high = 0, longest + _CLAMP_SLACK
        if self._resolve_later(now, high) == current:
            return longest
        while high - low > 1:
            middle = (low + high) // 2
            if self._resolve_later(now, middle) == current:
                low = middle
            else:
                high = middle
        return min(high, longest)

    def _resolve_later(self, now: datetime, seconds: int) -> datetime | None:
        """The moment this bound means `seconds` after `now`; None once that leaves the range of dates
        (the bound then means nothing, so an answer drawn from it is stale by then)."""
        try:
            return self.resolve(now + timedelta(seconds=seconds))
        except (OverflowError, SpecError):
            return None


@dataclass(frozen=True)
class TimeRange:
    """From and to, each optional; both inclusive."""

    start: TimeBound | None = None
    end: TimeBound | None = None

    @property
    def bounded(self) -> bool:
        """Whether the range leaves anything out."""
        return self.start is not None or self.end is not None

    @property
    def relative(self) -> bool:
        """Whether either bound moves with the clock."""
        return any(b is not None and b.relative for b in (self.start, self.end))

    def stepped(self, at_least: str | None = None) -> TimeRange:
        """The same range with each relative bound that has no rounding of its own rounded to the
        range's step (`_STEPS`, by the widest offset of either bound; `at_least` that unit, where it is
        wider: a chart resampled by hour takes `now-24h` to the hour, so that its hours are whole): as
        `from`, now goes down to the step's start; as `to`, on to its end."""
        def unrounded(bound: TimeBound | None) -> bool:
            return bound is not None and bound.relative and bound.rounding is None

        if not (unrounded(self.start) or unrounded(self.end)):
            return self
        # By every offset of the range, a rounded bound's too: `to=now` under `from=now-7d/d` goes by days.
        steps = [_STEPS[bound.offset[1]] for bound in (self.start, self.end)
                 if bound is not None and bound.relative and bound.offset is not None] or [_NO_OFFSET_STEP]
        step = max([*steps, *([at_least] if at_least else [])], key=_LONGEST.__getitem__)
        start, end = (replace(b, rounding=step) if unrounded(b) else b for b in (self.start, self.end))
        return TimeRange(start, end)

    def resolved(self, now: datetime, at_least: str | None = None) -> TimeRange:
        """The same range with its bounds as moments at `now` (each `stepped`, to `at_least` that
        unit); raises SpecError when from is after to."""
        stepped = self.stepped(at_least)
        start = absolute(stepped.start.resolve(now)) if self.start is not None else None
        end = absolute(stepped.end.resolve(now, end=True), end=True) if self.end is not None else None
        if start is not None and end is not None and start.moment > end.moment:
            shown = f"from={self.start.text}" + (f" ({start.text})" if self.start.relative else "")
            shown += f" and to={self.end.text}" + (f" ({end.text})" if self.end.relative else "")
            came = [(name, bound) for name, bound in zip(RANGE_PARAMS, (self.start, self.end)) if bound.inherited]
            if came:
                shown += f"; {_from_default(came)}"
            raise SpecError(f"from must not be after to, got {shown}", "from")
        return TimeRange(start, end)

    def fresh_for(self, now: datetime, at_least: str | None = None) -> int | None:
        """Seconds an answer drawn from this range (`stepped` to `at_least` that unit) stays right
        (None: for good, it is absolute)."""
        stepped = self.stepped(at_least)
        ages = [b.fresh_for(now) for b in (stepped.start, stepped.end) if b is not None and b.relative]
        return min(ages) if ages else None


def _from_default(bounds: list[tuple[str, TimeBound]]) -> str:
    """Where the inherited `bounds` (name, bound) of a refused range come from and how to undo them,
    as a refusal of a dashboard chart's own field says it: `to=2025-03-01 comes from the dashboard's
    range: to= removes it, or give another to`."""
    values = " and ".join(f"{name}={bound.text}" for name, bound in bounds)
    if len(bounds) == 1:
        name = bounds[0][0]
        return f"{values} comes from the dashboard's range: {name}= removes it, or give another {name}"
    return f"{values} come from the dashboard's range: {'&'.join(f'{name}=' for name, _ in bounds)} removes them"


def _too_far(name: str, text: str, offset: str) -> str:
    """The refusal of the bound `text` of `name`, whose `offset` (as written: -99999d) takes it out of
    the range of dates; only an offset can, rounding stops at the calendar's end."""
    return f"{name} {listed_value(text)} is out of the range of dates (years 1 to 9999): its offset {offset!r} is too far from now"


def parse_bound(name: str, raw: str) -> TimeBound:
    """A bound from the text of the parameter `name` (from or to); raises SpecError naming it and the forms.

    A date as `to` means the end of that day, as `now/d` does: both bounds are inclusive.
    """
    text = raw.strip()
    match = RELATIVE.fullmatch(text)
    if match:
        offset = None
        if match["count"] is not None:
            digits, unit = match["count"].lstrip("0"), match["unit"]
            if len(digits) > _MOST_DIGITS or int(digits or 0) * _SHORTEST[unit] > _CALENDAR_SECONDS:
                # Beyond the calendar from any now (and maybe more digits than Python reads as a number).
                raise SpecError(_too_far(name, text, f"{match['sign']}{match['count']}{unit}"), name)
            count = int(digits or 0)
            offset = (-count if match["sign"] == "-" else count, unit)
        return TimeBound(text, None, offset, match["round"])
    try:
        moment = read_moment(text)
    except ValueError:
        raise SpecError(f"{name} must be {ACCEPTED}; got {listed_value(raw)}{moment_hint(text)}"
                        f"{plus_hint(name, raw, _read_bound)}{relative_hint(text)}", name) from None
    is_end = name == "to"
    if is_end and _is_date(text):
        moment = end_of(moment, "d")
    return absolute(naive_utc(name, raw, moment), end=is_end)


def relative_hint(text: str, written: str = "") -> str:
    """What to add to the refusal of the (stripped) bound `text` where it is a time relative to now
    written another way (`_LOOSE_RELATIVE`: `-7d`, `NOW-1D`, `now - 30 min`, `now-1mo/Month`): the
    bound it means, as the URL takes it, after `written` (`from=`, where another parameter takes it).
    Empty otherwise."""
    meant = relative_meant(text)
    if meant is None:
        return ""
    return (f"; write {written}{meant}{PLUS_NOTE if '+' in meant else ''}: a time relative to now starts with now, "
            "in lower case, and its units are s, m (minutes), h, d, w, M (months) and y, written without spaces")


def relative_meant(text: str) -> str | None:
    """The bound, as the URL takes it, that the (stripped) `text` means where it is a time relative
    to now, written that way or another (`relative_hint`); None otherwise."""
    match = _LOOSE_RELATIVE.fullmatch(text)
    if match is None or not (match["now"] or match["sign"]) or not (match["now"] or match["unit"]):
        return None
    unit, rounding = _unit_letter(match["unit"]), _unit_letter(match["round"])
    if (match["unit"] and unit is None) or (match["round"] and rounding is None):
        return None
    offset = ""
    if unit is not None:
        # Kept as text, as written but its leading zeros: read as a number, thousands of digits raise. A
        # count of more digits than any the calendar holds is told no bound: none would be taken.
        count = match["count"].lstrip("0") or "0"
        if len(count) > _MOST_DIGITS:
            return None
        offset = f"{match['sign']}{count}{unit}"
    return f"now{offset}" + (f"/{rounding}" if rounding else "")


def _unit_letter(word: str | None) -> str | None:
    """The letter of a relative bound's unit that `word` names (`min`, `Days`, `D`, `mo`), its own
    `m` (minutes) and `M` (months) as they are; None for no word, or one that names no unit."""
    if word is None:
        return None
    if word in ("m", "M"):
        return word
    return next((letter for letter, words in _UNIT_WORDS.items() if word.lower() in words), None)


def _is_date(text: str) -> bool:
    """Whether `text`, which `read_moment` reads, is a date without a time."""
    match = ISO_DATE.fullmatch(text)
    return match is not None and match["time"] is None


def _read_bound(text: str) -> None:
    """Raise ValueError unless `text` has the shape of a bound."""
    if not RELATIVE.fullmatch(text):
        read_moment(text)


def absolute(moment: datetime, end: bool = False) -> TimeBound:
    """A bound at `moment`, written as a date when it is the day's first moment, or as `to` (`end`) its last,
    so that the text means the same moment when read back."""
    return TimeBound(format_moment(moment, end), moment)


def written_bound(bound: TimeBound) -> str:
    """An absolute bound as a page writes it: a date alone where it names a whole day's start (as
    `from`) or end (as `to`: "2024-01-31" for to=2024-01-31, not its last microsecond), else the time
    in UTC ("2024-01-31 08:00:00 UTC")."""
    return bound.text if _is_date(bound.text) else f"{bound.text.replace('T', ' ')} UTC"


def parse_range(fields: dict[str, list[str]], default: TimeRange = TimeRange()) -> TimeRange:
    """The range `from` and `to` ask for, over `default`: a missing one keeps the default's (marked
    `inherited`), a blank one means no bound. Raises SpecError naming a bad parameter, or one given more
    than once (blank or not) and what it takes, in the words of a bad one's refusal (`parse_bound`);
    both at once when both are bad."""
    bounds = {}
    checks = Checks(fields)
    for name, default_bound in zip(RANGE_PARAMS, (default.start, default.end)):
        values = fields.get(name)
        if not values:
            bounds[name] = replace(default_bound, inherited=True) if default_bound is not None else None
            continue
        with checks.check():
            refuse_repeated(name, values, ACCEPTED)
            bounds[name] = parse_bound(name, values[0]) if values[0].strip() else None
    checks.tell()
    return TimeRange(bounds["from"], bounds["to"])


def format_moment(moment: datetime, end: bool = False) -> str:
    """2024-01-31 at midnight (for the `end` of a range, at the day's last microsecond), else
    2024-01-31T08:00:00, with the digits of a fraction of a second it needs (`time_text`:
    2024-01-31T08:00:00.5), as the rows write it."""
    if moment.time() == (time.max if end else time.min):
        return moment.date().isoformat()
    return time_text(moment)


def utc_now() -> datetime:
    """Now, as a naive UTC datetime to the second (stored times are naive UTC)."""
    return datetime.now(timezone.utc).replace(tzinfo=None, microsecond=0)


def shift(moment: datetime, count: int, unit: str) -> datetime:
    """`moment` moved by `count` units; months and years keep the day, or take the month's last."""
    if unit in _FIXED_UNITS:
        return moment + count * _FIXED_UNITS[unit]
    months = count * (12 if unit == "y" else 1)
    index = moment.year * 12 + moment.month - 1 + months
    year, month = divmod(index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1]) if 1 <= year <= 9999 else moment.day
    return moment.replace(year=year, month=month + 1, day=day)


def end_of(start: datetime, unit: str) -> datetime:
    """The last microsecond of the `unit` that begins at `start`; the last there is when that unit
    runs past the end of the calendar (9999-12-31)."""
    try:
        return shift(start, 1, unit) - timedelta(microseconds=1)
    except (OverflowError, ValueError):
        return datetime.max


def floor(moment: datetime, unit: str) -> datetime:
    """The start of the `unit` (second, minute, …, year) that holds `moment`; weeks start on Monday."""
    if unit == "s":
        return moment.replace(microsecond=0)
    if unit == "m":
        return moment.replace(second=0, microsecond=0)
    if unit == "h":
        return moment.replace(minute=0, second=0, microsecond=0)
    day = datetime.combine(moment.date(), datetime.min.time())
    if unit == "d":
        return day
    if unit == "w":
        return day - timedelta(days=moment.weekday())
    if unit == "M":
        return day.replace(day=1)
    return datetime.combine(date(moment.year, 1, 1), datetime.min.time())
