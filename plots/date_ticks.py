"""A date axis' ticks: matplotlib's concise locator and formatter, stepping in round numbers of
years and days, with an offset naming the date the ticks start on (`ChartDateConverter`, which
`style` gives every axis of dates; its labels in `date_labels`), asked for fewer ticks as `ticks`
cannot ask it itself (`fewer_date_locators`), and two ticks or more where a round step would keep
one (`several_dates_apart`)."""
from __future__ import annotations

import copy
from dataclasses import replace
import itertools
import warnings
from collections.abc import Iterator, Sequence
from datetime import datetime

import numpy as np
from matplotlib import units
from matplotlib.axis import Axis
from matplotlib.dates import DAILY, SECONDLY, YEARLY, AutoDateLocator, ConciseDateConverter, RRuleLocator, YearLocator
from matplotlib.ticker import FixedLocator

from .axis_limits import dates_within_calendar
from .date_labels import UNIT_STARTS, StartDateFormatter, label_level, new_year_label, tick_moment
from .every_nth_ticks import least_step
from .ticks import SMALLER_TICK_SIZES, TICK_SIZE, AxisTicks, located_ticks, round_steps
from .year_digits import apart_on_widest_plot, apart_where_drawn, two_digit_years


class ChartDateConverter(ConciseDateConverter):
    """The locator and formatter an axis of dates takes: matplotlib's concise ones, stepping in
    round numbers of years and days (`ROUND_DATE_STEPS`), with the offset naming the first tick's
    date (`StartDateFormatter`); the axis' ticks thinned by the locator's steps
    (`_RoundYearsLocator.fewer_locators`, `several_apart`)."""

    def axisinfo(self, unit, axis) -> units.AxisInfo:
        info = super().axisinfo(unit, axis)
        info.majloc = _RoundYearsLocator(tz=unit, interval_multiples=self._interval_multiples)
        info.majloc.intervald.update(ROUND_DATE_STEPS)
        info.majfmt = StartDateFormatter(info.majloc, tz=unit, formats=self._formats,
                                         zero_formats=self._zero_formats, offset_formats=self._offset_formats,
                                         show_offset=self._show_offset)
        return info


def _steps_odd_days(locator: RRuleLocator) -> bool:
    """Whether `locator` ticks the odd days of each month (matplotlib's days in steps of 2)."""
    rule = locator.rule._construct
    return rule.get("freq") == DAILY and list(rule.get("bymonthday") or ()) == list(range(1, 32, 2))


class _OddDaysLocator(RRuleLocator):
    """The odd days of each month but a month's last, the 31st (or a leap year's 29 February): a day
    before the 1st, its label would run into the 1st's, and the ticks' room would be measured by
    those two, a day apart, where every other two are two days apart. Thinned for that room, eleven
    days from 27 December kept only "Jan-01". Bars of days leave out the same days
    (`date_bars.DAY_PLACES`)."""

    def tick_values(self, vmin, vmax):
        locs = np.asarray(super().tick_values(vmin, vmax), dtype=float)
        # Midnights within the view: one a day before the next is a month's last day, before the 1st.
        return locs[np.append(np.diff(locs) > 1.5, True)]


class _YearsOnMultiples(YearLocator):
    def _create_rrule(self, vmin, vmax):
        start, stop = super()._create_rrule(vmin, vmax)
        if start.year == 1 and self.base.step > 1:  # no year 0: the first multiple of the step
            start = start.replace(year=min(self.base.step, stop.year))
            self.rule.set(dtstart=start, until=stop)
        return start, stop


# The steps (in its units) a date axis ticks in, each tick on a multiple of its step, in place of
# matplotlib's where those are not round: years by `round_steps` (1, 2, 5, 10, 20, 25, …, up to
# 10000, across every date there is) rather than also by 4, 40 or 400 (1920, 1960, …), and days
# by 1, 2, 7 or 14 (the odd days but a month's odd last day, `_OddDaysLocator`; the 1st, 8th, 15th
# and 22nd; the 1st and 15th of a month) rather than also by 4 (the 1st, 5th, 9th, …), and seconds
# also by 2 (matplotlib's go from 1 to 5: eight seconds of ticks written "10:00:21", too wide for
# one a second, would keep one). Months (1, 2, 3, 4 or 6) and hours (1, 2, 3, 4, 6 or 12) keep
# matplotlib's steps.
ROUND_DATE_STEPS = {YEARLY: list(itertools.takewhile(lambda step: step <= 10_000, round_steps())),
                    DAILY: [1, 2, 7, 14], SECONDLY: [1, 2, 5, 10, 15, 30]}


def fewer_date_locators(locator: AutoDateLocator, count: int) -> Iterator[AutoDateLocator]:
    """Copies of a date axis' `locator` asked for ever fewer ticks than `count`, down to two; the
    axis keeps its own locator."""
    for most in range(count - 1, 1, -1):
        fewer = copy.copy(locator)
        fewer.maxticks = {freq: min(most, kept) for freq, kept in locator.maxticks.items()}
        # A coarser unit may then give too few ticks for the default minimum (5): 4 days in days
        # rather than in twelve-hour steps.
        fewer.minticks = min(locator.minticks, most - 1)
        fewer.asked_for_fewer = True
        yield fewer


# The steps of the ticks a date axis' last resort keeps (`several_dates_apart`) that read as
# round: seconds and minutes by 1, 2, 5, 10, 15 or 30, hours by 1, 2, 3, 4, 6, 8 or 12 (a day in
# equal parts) and days by 1, 2, 3, 7 or 14 (in seconds); months by 1, 2, 3, 4 or 6 and years by
# `round_steps` (in months).
ROUND_SECONDS = frozenset([*(unit * step for unit in (1, 60) for step in (1, 2, 5, 10, 15, 30)),
                           *(3600 * step for step in (1, 2, 3, 4, 6, 8, 12)), *(86400 * step for step in (1, 2, 3, 7, 14))])
ROUND_MONTHS = frozenset([1, 2, 3, 4, 6, *(12 * step for step in ROUND_DATE_STEPS[YEARLY])])


def several_dates_apart(axis: Axis, crowded: Sequence[AxisTicks], lone: AxisTicks) -> AxisTicks:
    """Two ticks or more of a date axis whose labels stand apart a round step, in place of `lone`,
    the one tick (or none) left by the round step that first sets them apart: else `lone`.

    Round steps jump (every other day to the 1st, 8th, 15th and 22nd; twelve hours to a day; every
    100 years to every 200), so on a narrow chart the first whose labels stand apart may keep one
    tick, or none, and "Jan-01" alone does not say whether the axis spans days or months. Then
    every n-th tick of a finer step is kept (of `crowded`, the ticks of the steps tried before,
    whose labels run together) where they stand a round step apart (`ROUND_SECONDS`,
    `ROUND_MONTHS`), the least such step whose labels stand apart; of those, first the ticks on
    multiples of the step, those with the lone tick, the most. Counted from any of the finer ticks,
    not only from the lone one: 1900 and 2000 fit where 2000 and 1800 do not, the next step,
    though 1900 is no tick of the lone one's step.

    Each label must still say what it is: ticks are kept only where each starts what its label
    names (a year's label on 1 January), and one that crosses into a month or day not on its first
    names it ("27", "2025-01-03" over "2024-12"). Other steps (every 4th day, every 11th hour) are not
    kept: they count a day or a month in no equal parts. Where no two labels stand apart, years
    are written in two digits (`year_digits.two_digit_years`), at the largest of TICK_SIZE and
    SMALLER_TICK_SIZES at which they do: 1996 to 2025 on a chart 100 pixels wide kept "2000" alone.
    An axis left with no tick keeps one.
    """
    anchor = lone.locs[0] if lone.locs else None
    tz = getattr(axis.get_major_locator(), "tz", None)
    chosen = []
    seen = set()
    for coarseness, ticks in enumerate(reversed(crowded)):
        all_moments = [tick_moment(loc, tz) for loc in ticks.locs]
        # Every n-th from each of the first n: as many as the same step keeps from the lone tick. No
        # n below the least at which two ticks n apart leave room for two labels (each labelled
        # anew, never empty): their labels could not stand apart, and need no measuring.
        for step in range(least_step(axis, ticks, True), len(ticks.locs)):
            for start in range(step):
                kept = ticks.locs[start::step]
                if len(kept) < 2 or kept in seen:
                    continue
                seen.add(kept)
                moments = all_moments[start::step]
                apart = _round_step(moments)
                if apart is None:
                    continue
                level = label_level(moments)
                if not _each_starts_its_unit(moments, level):
                    continue
                order = (apart, not _on_multiples(moments, apart), anchor not in kept, -len(kept), coarseness)
                chosen.append((order, kept, moments, level, ticks.rotation))
    chosen.sort(key=lambda choice: choice[0])
    named = [_changes_named(located_ticks(axis, FixedLocator(kept), rotation), moments, level)
             for _, kept, moments, level, rotation in chosen]
    for several in named:
        if several is not None and apart_where_drawn(axis, several):
            return several
    # Smaller only where no labels at TICK_SIZE could stand apart on the widest plot the axis may
    # have: on the wider plot smaller ones leave, those would be drawn, and the layout would swing.
    fit_somewhere = any(several is not None and apart_on_widest_plot(axis, several) for several in named)
    for size in (TICK_SIZE, *([] if fit_somewhere else SMALLER_TICK_SIZES)):
        for _, kept, moments, level, rotation in chosen:
            several = two_digit_years(axis, kept, moments, level, rotation, size)
            if several is not None:  # its labels stand apart where drawn
                return several
    if not lone.locs and crowded and crowded[-1].locs:
        # A date axis with no label names no date: the first of the fewest ticks, labelled alone.
        return located_ticks(axis, FixedLocator(crowded[-1].locs[:1]), crowded[-1].rotation)
    return lone


class _RoundYearsLocator(AutoDateLocator):
    """matplotlib's locator of dates, but for years from the year 1: it steps from the first year
    there is, 1, 101, 201 … (0001 is the first multiple of 100 it finds), where the years on
    multiples of the step read as round: 100, 200, 300; and for the odd days of each month, which
    leave out a month's last day when it is odd (`_OddDaysLocator`).

    `ticks.axis_ticks` thins its ticks by its steps: `fewer_locators` and, where those keep one tick
    or none, `several_apart`."""

    # Whether this is a copy asked for fewer ticks than the axis' own (`fewer_date_locators`).
    asked_for_fewer = False

    fewer_locators = fewer_date_locators
    several_apart = staticmethod(several_dates_apart)

    def __call__(self):
        # matplotlib's locators place a tick beyond each end of the view: within a second of the start
        # of the year 1 or the end of 9999, one no formatter can name.
        return dates_within_calendar(super().__call__())

    def get_locator(self, dmin, dmax):
        if self.asked_for_fewer:
            # Asked for very few ticks, it may find no step of its own that gives so few, says so and
            # takes its largest; the labels are measured all the same. (The axis' own locator, asked
            # on every draw, leaves the process's warning filters alone.)
            with warnings.catch_warnings():
                warnings.filterwarnings("ignore", "AutoDateLocator was unable to pick", UserWarning)
                locator = super().get_locator(dmin, dmax)
        else:
            locator = super().get_locator(dmin, dmax)
        if type(locator) is YearLocator and locator.base.step > 1:
            locator.__class__ = _YearsOnMultiples
        elif type(locator) is RRuleLocator and _steps_odd_days(locator):
            locator.__class__ = _OddDaysLocator
        return locator


# How a label names the day or month it crosses into, at `label_level`'s levels of days and hours,
# on a tick not at its start.
CROSSING_FORMATS = {2: "%b-%d", 3: "%b-%d %H:%M"}


def _each_starts_its_unit(moments: Sequence[datetime], level: int) -> bool:
    """Whether each of `moments` starts the unit its label names (at `level`, their `label_level`):
    a year's on the 1st of January, a day's at midnight; labelled "2021", July 2021 would read as its
    January."""
    return all(tuple(moment.timetuple()[1 + level:6]) == UNIT_STARTS[1 + level:6] and moment.microsecond == 0
               for moment in moments) if level < 5 else True


def _changes_named(ticks: AxisTicks, moments: Sequence[datetime], level: int) -> AxisTicks | None:
    """`ticks` (at `moments`, all of them, labelled at `level`, their `label_level`) with each that
    crosses into a day or month not at its start naming it ("Mar-03" among days of February, "Jan-02
    06:00" among hours), and its year where it crosses into a new one ("2026-01-03" among days of
    December 2025: `date_labels.new_year_label`): labelled among themselves they name only what
    starts there. None where a
    month label would cross into a year not on its January: "Jul", "Mar" over "2021" would read as
    two months of 2021."""
    if level == 0 or level >= 4 or len(ticks.locs) != len(moments):
        return ticks  # years name themselves; minutes and seconds name the days they cross into
    labels = list(ticks.labels)
    for at, (before, moment) in enumerate(zip(moments, moments[1:]), start=1):
        if before.timetuple()[:level] != moment.timetuple()[:level] and moment.timetuple()[level] != UNIT_STARTS[level]:
            if level not in CROSSING_FORMATS:
                return None
            labels[at] = (new_year_label(moment, level) if moment.year != before.year
                          else moment.strftime(CROSSING_FORMATS[level]))
    return replace(ticks, labels=tuple(labels))


def _on_multiples(moments: Sequence[datetime], apart: tuple[int, float]) -> bool:
    """Whether `moments`, `apart` a round step (`_round_step`), stand on multiples of it: years
    of a step of years on multiples of it (1900, 2000), hours of a day since midnight (06:00, 12:00)."""
    unit, step = apart
    if unit == 1:
        return step % 12 != 0 or all(moment.year % (step // 12) == 0 for moment in moments)
    if step > 86400:
        return True
    return all((moment.hour * 3600 + moment.minute * 60 + moment.second) % step == 0 for moment in moments)


def _round_step(moments: Sequence[datetime]) -> tuple[int, float] | None:
    """The round step `moments` (two or more) follow one another by, evenly, smallest first when
    sorted: in seconds (0, the number of them: `ROUND_SECONDS`) or months (1, the number of them:
    `ROUND_MONTHS`); None for another step."""
    seconds = {(later - earlier).total_seconds() for earlier, later in zip(moments, moments[1:])}
    if len(seconds) == 1 and (step := seconds.pop()) in ROUND_SECONDS:
        return (0, step)
    months = {(later.year - earlier.year) * 12 + later.month - earlier.month
              for earlier, later in zip(moments, moments[1:])}
    if len(months) == 1 and len({(moment.day, moment.time()) for moment in moments}) == 1:
        step = months.pop()
        return (1, step) if step in ROUND_MONTHS else None
    return None
