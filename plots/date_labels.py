"""A date axis' labels: matplotlib's concise ones, with an offset naming the date the shown ticks
start on, or the days their times span (`StartDateFormatter`, which `date_ticks.ChartDateConverter`
gives every axis of dates), of the moments the ticks stand for (`tick_moment`), and the part of a
date they change at (`label_level`)."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, time, timezone
from fractions import Fraction

import numpy as np
from matplotlib.dates import ConciseDateFormatter, get_epoch, num2date

from .ticks import within_view


class StartDateFormatter(ConciseDateFormatter):
    """matplotlib's concise date labels, with an offset that names the date the shown ticks start on.

    The labels read from the left, saying where a day (or month, or minute) begins: "18:00",
    "Dec-31", "06:00". matplotlib's offset names the last tick's date: ticks from 30 to 31 Dec 2024
    and the midnight after read "2025-Jan-01", naming a day and a year of one tick. This offset
    names the first tick within the axis' view, written as ISO 8601 writes dates ("2024-12-30",
    `OFFSET_FORMATS`), as the site writes them everywhere else: matplotlib's "2024-Dec-30". Where
    ticks hours or less apart are of more than one day, it names the days they span from it, to the
    last tick's ("2026-12-06 – 07" under "21:00", "Dec-07", … "21:00": `days_spanned`): it sits under
    the axis' right end, where the first day alone reads as the newest tick's.

    Ticks seconds apart name their minute (`_second_labels`): matplotlib writes "10:00", "10",
    "20", … "10:01", where the seconds read as hours or minutes. A lone tick is labelled as its
    axis' span would label it (`_lone_label`), not as seconds.
    """

    _start_offset = ""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if kwargs.get("offset_formats") is None:
            self.offset_formats = list(OFFSET_FORMATS)
        # The year in four digits, as ISO 8601 writes it and the rows and bars' labels do: strftime
        # writes the year 1 as "1". Each format asks strftime for the text "%Y" in its place, which
        # `_with_year` then fills in with the tick's own year.
        self.defaultfmt = _year_left_open(self.defaultfmt)
        self.formats, self.zero_formats, self.offset_formats = (
            [_year_left_open(fmt) for fmt in formats]
            for formats in (self.formats, self.zero_formats, self.offset_formats))

    def __call__(self, x, pos=None) -> str:
        moment = tick_moment(x, self._tz)
        return _with_year(moment.strftime(self.defaultfmt), moment)

    def format_ticks(self, values) -> list[str]:
        moments = [tick_moment(value, self._tz) for value in values]
        level = label_level(moments)
        # matplotlib's concise labels, of the moments the ticks stand for: a unit's start (midnight,
        # the 1st, January) in its zero format, as "Dec-31" among hours.
        labels = [_with_year(moment.strftime(self.zero_formats[level] if moment.timetuple()[level] == UNIT_STARTS[level]
                                             else self.formats[level]), moment) for moment in moments]
        offset_format = self.offset_formats[level]
        if len(moments) == 1:
            span = abs(np.diff(self.axis.get_view_interval())[0]) if self.axis is not None else 0.0
            labels, offset_format = _lone_label(moments[0], span)
            offset_format = _year_left_open(offset_format)  # as this formatter's own formats are
        elif level == 5:
            labels, offset_format = _second_labels(moments)
            offset_format = _year_left_open(offset_format)
        shown = within_view(self.axis, values) if self.axis is not None else list(range(len(values)))
        if level >= 4:
            labels = _new_days_named(labels, moments, shown)
        elif level >= 2:
            labels = _new_years_named(labels, moments, shown, level)
        self._start_offset = ""
        # Whether there is an offset at all is matplotlib's choice: none where the labels name a year,
        # as years' or months' labels among which one is the year 1 or January do.
        if self.show_offset and not (level < 2 and any(moment.timetuple()[level] == 1 for moment in moments)):
            in_view = [moments[at] for at in shown] or moments
            first = in_view[0]
            self._start_offset = _with_year(first.strftime(offset_format), first)
            # Sat under the last tick, the first day alone reads as the last tick's: ticks of more than
            # one day name the days they span.
            if offset_format == _year_left_open(DAY_FORMAT) and in_view[-1].date() != first.date():
                self._start_offset = days_spanned(first, in_view[-1])
        return labels

    def get_offset(self) -> str:
        return self._start_offset


def tick_moment(value: float, tz=None) -> datetime:
    """The moment a tick at `value` (matplotlib's float days) stands for: as `num2date` reads it,
    where a float of days names every microsecond; near either end of the calendar, where its
    floats step tens of microseconds (40 in the year 9999), the roundest moment the float may be,
    within half a step: to the second, or with the fewest digits of a fraction of one. There a
    tick at 23:59:59.9 is a float that `num2date` reads as 23:59:59.89996."""
    step = Fraction(float(np.spacing(abs(value)))) * MICROSECONDS_PER_DAY
    if step < 1:
        return num2date(value, tz=tz)
    exact = Fraction(value) * MICROSECONDS_PER_DAY  # since matplotlib's epoch
    epoch = np.datetime64(get_epoch(), "us")
    for unit in ROUNDINGS:  # to the microsecond at last, within half a step and the calendar
        microseconds = round(exact / unit) * unit
        moment = epoch + np.timedelta64(microseconds, "us")
        if abs(microseconds - exact) <= step / 2 and CALENDAR_DAYS[0] <= moment < CALENDAR_DAYS[1]:
            break
    # As num2date gives it: in UTC, then on the axis' clock.
    return moment.tolist().replace(tzinfo=timezone.utc).astimezone(num2date(0.0, tz=tz).tzinfo)


MICROSECONDS_PER_DAY = 86_400_000_000
# What a tick's moment is rounded to, in microseconds, the roundest first: a second, a tenth of one, …
ROUNDINGS = tuple(10 ** digits for digits in range(6, -1, -1))
# The calendar's first day and the day after its last, which a tick's moment lies between.
CALENDAR_DAYS = (np.datetime64("0001-01-01", "us"), np.datetime64("10000-01-01", "us"))


def days_spanned(first: datetime, last: datetime) -> str:
    """The days from `first` to `last` (a later day), as an offset names them: the first day whole, the
    last as far as it differs from it ("2026-12-06 – 07", "2026-11-30 – 12-01", "2025-12-31 –
    2026-01-01"). Sat at the axis' right end, the first day alone reads as the newest tick's."""
    last_format = "%d" if (last.year, last.month) == (first.year, first.month) else (
        "%m-%d" if last.year == first.year else DAY_FORMAT)
    return f"{_dated(first, DAY_FORMAT)} – {_dated(last, last_format)}"


# The offset at each level of `label_level`, as ISO 8601 writes dates: matplotlib's "2024-Jan-01"
# is "2024-01-01". (None at the level of years, whose labels name them.)
DAY_FORMAT = "%Y-%m-%d"
OFFSET_FORMATS = ("", "%Y", "%Y-%m", DAY_FORMAT, DAY_FORMAT, "%Y-%m-%d %H:%M")


def _second_labels(moments: list[datetime]) -> tuple[list[str], str]:
    """Labels of ticks seconds (or less) apart, and the format of their offset.

    Whole seconds read as a time of day, "10:00:10", under the date ("2024-01-01"): matplotlib's
    "10:00", "10", "20" read as hours or minutes. Ticks within a second read as minutes and seconds
    with the fraction they need, "00:00.5", under the date and the minute ("2024-01-01 10:00"):
    matplotlib's "00.5" names no minute, and its "00:00" at a whole minute is an hour and a minute
    among minutes and seconds. Every tick is written alike, so that no two read as different units.
    """
    if all(moment.microsecond == 0 for moment in moments):
        return [moment.strftime("%H:%M:%S") for moment in moments], "%Y-%m-%d"
    labels = [moment.strftime("%M:%S.%f") for moment in moments]
    # As few decimals as tell the ticks apart, the same number on each: 00:00.5, 00:01.0.
    trailing = min(len(label) - len(label.rstrip("0")) for label in labels)
    return [label[:len(label) - trailing] for label in labels], OFFSET_FORMATS[5]


def _new_days_named(labels: list[str], moments: list[datetime], shown: Sequence[int]) -> list[str]:
    """Labels of ticks minutes or seconds apart with the first shown tick (of those at indices
    `shown`) of each day after the first shown one naming it, as matplotlib's ticks hours apart
    do: "23:58 | Jan-02 | 00:02", "23:59:58 | Jan-02 00:00:01". Else a time after midnight would
    read as one of the offset's date, the first shown tick's. A day of a new year is named with
    its year, as `new_year_label` names it: "23:58 | 2026-01-01 | 00:02"."""
    named = list(labels)
    for before, at in zip(shown, shown[1:]):
        moment = moments[at]
        if moment.date() != moments[before].date():
            day = _dated(moment, "%Y-%m-%d") if moment.year != moments[before].year else moment.strftime("%b-%d")
            named[at] = day if moment.time() == time(0) else f"{day} {labels[at]}"
    return named


def new_year_label(moment: datetime, level: int) -> str:
    """The label of a tick at `moment`, the first of its year among ticks labelled at `level` (2 days,
    3 hours, or finer: `label_level`), naming its month or day as ISO 8601 writes it, as the offset under
    the axis and the labels of bars over dates do: "2026-01" on the 1st among days (matplotlib's "Jan"),
    "2026-01-01" at midnight among hours, else the day and the time, "2026-01-03 06:00". "Jan 2026"
    would be wider, and of a form the site writes nowhere else."""
    if level == 2 and moment.day == 1:
        return _dated(moment, "%Y-%m")
    return _dated(moment, "%Y-%m-%d" if level == 2 or moment.time() == time(0) else "%Y-%m-%d %H:%M")


def _new_years_named(labels: list[str], moments: list[datetime], shown: Sequence[int], level: int) -> list[str]:
    """Labels of ticks days or hours apart (`level` 2 or 3) with the first shown tick (of those at
    indices `shown`) of each year after the first shown one's naming it (`new_year_label`): "22 |
    2026-01 | 08" over "2025-12", "18:00 | 2026-01-01 | 06:00" over "2025-12-31", where "Jan" and
    "Jan-01" read as of the offset's year."""
    named = list(labels)
    for before, at in zip(shown, shown[1:]):
        if moments[at].year != moments[before].year:
            named[at] = new_year_label(moments[at], level)
    return named


# A lone tick's label and the format of its offset at each of `label_level`'s levels but seconds'.
LONE_FORMATS = {0: ("%Y", ""), 1: ("%b", "%Y"), 2: ("%b-%d", "%Y"), 3: ("%H:%M", "%Y-%m-%d"),
                4: ("%H:%M", "%Y-%m-%d")}
# The level a lone tick is labelled at, at least, on an axis spanning at least so many days: an
# axis of days names a day, one of seconds a second, whatever the tick is the start of.
LONE_SPAN_LEVELS = ((365.0, 0), (28.0, 1), (1.0, 2), (1 / 24, 3), (1 / 1440, 4), (0.0, 5))


def _lone_label(moment: datetime, span: float) -> tuple[list[str], str]:
    """The label of a lone tick on an axis spanning `span` days, and the format of its offset.

    matplotlib labels one tick as it would ticks seconds apart, whatever the axis spans: the 1st
    of January 2025 alone on an axis of days reads "00:00" over "2025-Jan-01 00:00", a moment 25
    seconds past a minute "25". Here it reads as ticks of its axis' span would ("Jan-01" over
    "2025", "10:00:25" over "2024-01-01"), or finer where the moment is not the start of that
    unit (a moment at 10:00 on an axis of days reads "10:00").
    """
    parts = (moment.month != 1 or moment.day != 1, moment.day != 1, moment.hour != 0, moment.minute != 0,
             moment.second != 0 or moment.microsecond != 0)
    level = max((at + 1 for at, part in enumerate(parts) if part), default=0)
    level = max(level, next(level for least, level in LONE_SPAN_LEVELS if span >= least))
    if level == 5:
        return _second_labels([moment])
    label, offset = LONE_FORMATS[level]
    return [_with_year(moment.strftime(_year_left_open(label)), moment)], offset


def _year_left_open(fmt: str) -> str:
    """A strftime format that writes the text "%Y" where `fmt` writes the year (`_with_year` fills it in)."""
    return fmt.replace("%Y", "%%Y")


def _dated(moment: datetime, fmt: str) -> str:
    """`moment` written by the strftime format `fmt`, its year (%Y) in four digits."""
    return _with_year(moment.strftime(_year_left_open(fmt)), moment)


def _with_year(text: str, moment: datetime) -> str:
    """`text` from a format of `_year_left_open`, its "%Y" the year of `moment` in four digits (0001)."""
    return text.replace("%Y", f"{moment.year:04d}")


def label_level(moments: list[datetime]) -> int:
    """The part of a date that concise labels change at (0 years, 1 months, 2 days, 3 hours,
    4 minutes, 5 seconds and finer), as `ConciseDateFormatter` chooses it: the finest that differs
    between the ticks, seconds when none does."""
    parts = np.array([moment.timetuple()[:6] for moment in moments])
    differing = [level for level in range(6) if len(np.unique(parts[:, level])) > 1]
    return differing[-1] if differing else 5


# The time a moment is at the start of each unit at `label_level`'s levels (years, months, days,
# hours, minutes), by the parts of its `timetuple`: from January, the 1st, midnight. Years start no
# larger unit, so none is 0, as matplotlib has it: a year 1 would take the blank label of a start.
UNIT_STARTS = (0, 1, 1, 0, 0, 0)
