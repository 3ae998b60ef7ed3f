"""A chart's axis limits: its x and y bounds, the free end of a value axis bounded at one end,
an x or y axis of one number ticked once at it, from one below it to one above where it is a whole
number (`one_either_side`), a date axis of one date or period ticked once at it, named as its period
is, from the period before it to the one after (`_tick_one_date`), and a date axis kept within the
calendar (and widened around one moment), its ticks too (`dates_within_calendar`), and what a
series draws at its first and last x kept clear of the spines (`_clear_of_the_edges`)."""
from __future__ import annotations

import dataclasses
import math
from datetime import datetime, time

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.ticker import FixedFormatter, FixedLocator

from .stacking import stacked_frame
from .category_axis import are_names
from .kind import kind_of
from .resampling import PERIOD_LENGTHS, period_start
from .rows import drawn_of
from .spec import ChartSpec
from .value_text import category_labels
from .x_window import bounds_in_zone, joins_neighbours, neighbours_of, values_in_window

# The share of the x span left either side of a series whose first or last x holds several rows,
# so that the run of values there is drawn clear of the spine.
RUN_MARGIN = 0.02


def xmin_at_period_start(spec: ChartSpec, data: pd.DataFrame) -> ChartSpec:
    """`spec` with a resampled scatter plot's xmin moved back to the start of the period it falls in,
    over `data` (as `chart_frame` shaped it): by the clock of its x's time zone where its times have one.

    Resampled rows stand at the start of their period: xmin=2025-01-15 by month keeps a row at
    2025-01-01 (the sum of the 15th to the 31st), which an axis from the 15th would leave out. A
    line's or area's axis is its bounds: it runs on to the period before xmin (`joins_neighbours`).
    A zone's periods start by its clock, as resampling cuts them: January in Berlin from
    2024-12-31T23:00:00Z, which an axis from January's start in UTC left out.
    """
    if not (spec.resample and isinstance(spec.xmin, datetime) and kind_of(spec).sorted_by_x) \
            or joins_neighbours(spec):
        return spec
    x = data[spec.x]
    zone = getattr(x.dtype, "tz", None)
    # The period on the zone's clock (`bounds_in_zone`), its start a moment in UTC as xmin is; a
    # start the zone's clock skips or repeats is the moment resampling names it by (`periods_filled_to`).
    start = pd.Timestamp(period_start(bounds_in_zone(spec, x).xmin.replace(tzinfo=None), spec.resample))
    if zone is not None:
        start = start.tz_localize(zone, ambiguous=False, nonexistent="shift_forward").tz_convert(None)
    # East of UTC, the first period of the year 1 starts in the year 0, before the calendar drawn.
    start = max(start, pd.Timestamp(datetime.min)).to_pydatetime()
    return spec if start == spec.xmin else dataclasses.replace(spec, xmin=start)


def set_limits(ax, spec: ChartSpec, data: pd.DataFrame) -> None:
    """Set the axes' limits from the bounds of `spec` over the `data` drawn (as `in_drawn_units` gave it)."""
    kind = kind_of(spec)
    _fit_without_widening(ax)
    if kind.x_axis in ("categories", "series", "values"):
        # Categories or series sit at positions 0, 1, …: x bounds chose the rows, y bounds the value
        # axis. A histogram's x bounds chose its bins and bound its axis, and y bounds bound its counts.
        if kind.values_on_x and (spec.xmin is not None or spec.xmax is not None):
            ax.set_xlim(left=spec.xmin, right=spec.xmax)
        _bound_values(ax, kind.horizontal, spec.ymin, spec.ymax)
        return
    dates = bool(spec.x) and pd.api.types.is_datetime64_any_dtype(data[spec.x])
    unbounded = spec.xmin is None and spec.xmax is None
    if dates and not (unbounded and _tick_one_date(ax, spec.resample)):
        _widen_one_moment(ax)
    if kind.series:
        # A series runs edge to edge; with one bound given, the other is the data's own end (a run
        # of values there kept clear of the spine).
        ax.margins(x=0)
        _clear_of_the_edges(ax, spec, data)
        if neighbours_of(data).counts != (0, 0):
            _fit_values_in_window(ax, spec, data)
    if spec.xmin is not None or spec.xmax is not None:
        ax.set_xlim(left=spec.xmin, right=spec.xmax)
    elif not dates and _numbers_along_x(spec, data):
        _tick_one_number(ax, "x")
    if spec.ymin is None and spec.ymax is None and spec.yscale == "linear":
        # A log axis widens one value by a power of ten each side, where one below it could be 0.
        _tick_one_number(ax, "y")
    _bound_values(ax, False, spec.ymin, spec.ymax)
    if dates:
        _within_calendar(ax)


def _clear_of_the_edges(ax, spec: ChartSpec, data: pd.DataFrame) -> None:
    """Keep what a series draws at its first and last x off the axes' edges, where the spine would
    cover it: text placed as bars are, half a step outside the first and last category plotted, and
    a run of values at one x (several rows sharing the first or the last) a little within them; a
    side an x bound is given for is that bound, and with one given, the other side is kept clear
    only where its own end is a run."""
    if not spec.x or spec.x not in data or not len(data):
        return
    x = data[spec.x]
    if x.nunique() < 2:
        return  # one x: its axis is widened around it already
    if are_names(x):
        # matplotlib places the categories plotted at 0, 1, … (its locator's positions).
        places = np.asarray(ax.xaxis.get_major_locator()(), dtype=float)
        if len(places) > 1:
            ax.set_xlim(places.min() - 0.5, places.max() + 0.5)
        return
    drawn = drawn_of(data)
    runs = drawn.end_runs if drawn is not None and drawn.end_runs is not None else end_runs(x)
    if not any(runs):
        return
    if spec.xmin is None and spec.xmax is None:
        ax.margins(x=RUN_MARGIN)
        return
    low, high = ax.get_xlim()
    pad = (high - low) * RUN_MARGIN
    ax.set_xlim(low - pad if runs[0] and spec.xmin is None else low,
                high + pad if runs[1] and spec.xmax is None else high)


def end_runs(x: pd.Series) -> tuple[bool, bool]:
    """Whether several rows share the first x of `x` and the last (missing ones left out)."""
    return bool((x == x.min()).sum() > 1), bool((x == x.max()).sum() > 1)


def _fit_values_in_window(ax, spec: ChartSpec, data: pd.DataFrame) -> None:
    """Fit the value axis to the values a line shows between its x bounds (`values_in_window`),
    not to those of the rows beyond them it runs on to (an area keeps zero, which it is filled from)."""
    values = values_in_window(stacked_frame(data, spec), spec)  # stacked, the ends of the stacks
    if not len(values):
        return
    low, high = float(values.min()), float(values.max())
    if kind_of(spec).filled:
        low, high = min(low, 0.0), max(high, 0.0)
    ax.dataLim.intervaly = (low, high)
    ax.autoscale_view(scalex=False)


def _numbers_along_x(spec: ChartSpec, data: pd.DataFrame) -> bool:
    """Whether the rows stand along x at numbers: those of a numeric x, or their row numbers."""
    if not spec.x:
        return True
    return spec.x in data and pd.api.types.is_numeric_dtype(data[spec.x]) and not pd.api.types.is_bool_dtype(data[spec.x])


def _tick_one_number(ax, axis: str) -> None:
    """One tick at the one number every drawn row has on `axis` ("x" or "y"), where they all have
    one, on an axis from one below it to one above where it is a whole number.

    matplotlib widens an axis of one number by 5 % each side and ticks it there: a row at 1 stood
    among ticks 0.96 to 1.04, which say there are rows between, and a row of 2024 over a century;
    a value of 3 on every row stood among ticks 2.85 to 3.15.
    """
    low, high = getattr(ax.dataLim, f"interval{axis}")
    if not (math.isfinite(low) and low == high):
        return
    span = one_either_side(low)
    if span is not None:
        getattr(ax, f"set_{axis}lim")(*span)
    getattr(ax, f"{axis}axis").set_major_locator(FixedLocator([low]))


def one_either_side(value: float) -> tuple[float, float] | None:
    """One below and one above `value`, the span an axis of that one value takes, where it is a whole
    number; None for any other, and past 2**53, where a whole number and the next are more than one apart."""
    value = float(value)
    if value.is_integer() and value - 1 < value < value + 1:
        return value - 1, value + 1
    return None


def _fit_without_widening(ax) -> None:
    """Fit the axes to their data with their margins and nothing more, as a line's already are.

    After the margins, matplotlib widens an axis whose span is under 1e-13 of its magnitude by
    1e-12 of it each side (its locator's `view_limits`): values 1e15 to 1e15+27 stood as a dot in
    an axis from 1e15-1000 to 1e15+1000. A tight fit leaves that out and changes nothing else;
    `margins(x=0)`, which a series' axis gets, fits tight already.
    """
    x_margin, y_margin = ax.margins()
    ax.margins(x_margin, y_margin, tight=True)


def _bound_values(ax, across: bool, low: float | None, high: float | None) -> None:
    """Bound the value axis (the x axis when `across`) by ymin `low` and ymax `high`, either of them
    None for an end fitted to the values the plot shows.

    With one bound given, the free end is where matplotlib would put it for the data between the
    bound and the data's own end, with its margin and at a bar's baseline where that is the end:
    the view matplotlib fitted to all the data carries the margin of values beyond the bound (1 to
    50,000 for values up to 2 and down to -1e6), and its end may be clamped to a baseline on the
    bound's wrong side (0 for bars up to 2 under ymin=1: an axis from 1 down to 0).

    Where every value lies beyond the one bound given (all under ymin), the data's own end is on
    the wrong side of it, and the axis would run backwards (ymin=50 at the bottom, 42 at the top):
    the free end is then as far past the bound as the data spans instead.
    """
    if low is None and high is None:
        return
    get_limits, set_limits = (ax.get_xlim, ax.set_xlim) if across else (ax.get_ylim, ax.set_ylim)
    view_low, view_high = get_limits()
    data_low, data_high = ax.dataLim.intervalx if across else ax.dataLim.intervaly
    # Never so little that the ends could not be told apart at the bound's magnitude (nor a floor
    # of its own: values of 1e-200 beyond ymin=5e-200 span about as much).
    least = abs(low if high is None else high) * 1e-3
    span = max(view_high - view_low, least) or 1.0
    if high is None:
        high = max(_fitted_end(ax, across, low, data_high)[1], low + least) if data_high > low else low + span
    elif low is None:
        low = min(_fitted_end(ax, across, data_low, high)[0], high - least) if data_low < high else high - span
        if low <= 0 and (ax.get_xscale() if across else ax.get_yscale()) == "log":
            # Every value above ymax on a log axis: as many times below the bound as the view spans.
            low = high * view_low / view_high
    set_limits(low, high)


def _fitted_end(ax, across: bool, low: float, high: float) -> tuple[float, float]:
    """The value axis' limits as matplotlib fits them (margins, sticky baselines) to data from `low`
    to `high` only; the axes' data limits are left as they were."""
    interval = "intervalx" if across else "intervaly"
    kept = getattr(ax.dataLim, interval).copy()
    setattr(ax.dataLim, interval, (low, high))
    try:
        ax.autoscale_view(scalex=across, scaley=not across)
        limits = ax.get_xlim() if across else ax.get_ylim()
    finally:
        setattr(ax.dataLim, interval, kept)
    return limits


def _tick_one_date(ax, resample: str | None) -> bool:
    """One tick at the one date every drawn row has, where they all have one and it is a period (of
    `resample`, or a day at midnight), named as that period is ("2025", "Mar 2025", "2025-03-01"),
    on an axis from the period before it to the one after (a scatter plot's with its margin beyond);
    whether it did.

    Widened by a day either side, a yearly mean of 2025 stood among hours of the 31st of December
    2024 to the 2nd of January ("Dec-31", "06:00", … over "2024-12-31"): hours, and a year not its own.
    """
    low, high = _dates_drawn(ax)
    if not (math.isfinite(low) and low == high):
        return False
    moment = mdates.num2date(low, tz=ax.xaxis.get_units())
    if resample is None and moment.time() != time(0):
        return False
    period = resample or "day"
    before, after = _period_either_side(moment, period)
    # As data, so that a scatter plot keeps its margin beyond them, as around any points.
    ax.update_datalim([(before, 0.0), (after, 0.0)], updatey=False)
    ax.xaxis.set_major_locator(FixedLocator([low]))
    ax.xaxis.set_major_formatter(FixedFormatter([one_period_label(moment.replace(tzinfo=None), period)]))
    return True


def _period_either_side(moment: datetime, period: str) -> tuple[float, float]:
    """The starts of the `period` before the one `moment` starts and of the one after (in
    matplotlib's days), within the calendar it draws (`CALENDAR`)."""
    ends = []
    for sign, limit in zip((-1, 1), CALENDAR):
        try:
            ends.append(mdates.date2num(moment + sign * PERIOD_LENGTHS[period]))
        except (OverflowError, ValueError):  # before the year 1 or after 9999
            ends.append(limit)
    return ends[0], ends[1]


def one_period_label(moment: datetime, period: str) -> str:
    """The label of an axis' one tick at `moment`, the start of a `period` (a resample step)."""
    if period == "month":
        # Alone, "2025-03" could read as a date of some year; the month's name cannot.
        return f"{moment:%b} {moment.year:04d}"
    return category_labels(pd.Series(np.array([moment], dtype="datetime64[us]")), period)[0]


# The first and last moments matplotlib can draw on a date axis (in its days since 1970): the
# last is the last number of days before 10000-01-01, 9999-12-31 23:59:59.99996, as its days are
# floats 40 microseconds apart there.
CALENDAR = (mdates.date2num(datetime(1, 1, 1)), float(np.nextafter(mdates.date2num(datetime(9999, 12, 31)) + 1, 0)))


def dates_within_calendar(locs) -> np.ndarray:
    """The dates at `locs` (in matplotlib's days) that lie within the calendar (`CALENDAR`)."""
    locs = np.asarray(locs, dtype=float)
    return locs[(locs >= CALENDAR[0]) & (locs <= CALENDAR[1])]


def _dates_drawn(ax) -> tuple[float, float]:
    """The first and last x of the dates drawn on `ax` (in matplotlib's days), within the calendar:
    a moment in the last 20 microseconds of 9999 (9999-12-31 23:59:59.999999) is a number of days
    that reads as 10000-01-01, which matplotlib refuses to name, and is taken for the last it names."""
    low, high = np.clip(ax.dataLim.intervalx, *CALENDAR)
    return float(low), float(high)


def _within_calendar(ax) -> None:
    """Keep a date axis within the years 1 to 9999: its margins (or a day either side of one
    moment) would run past them for dates at either end, which matplotlib cannot draw."""
    low, high = ax.get_xlim()
    if low < CALENDAR[0] or high > CALENDAR[1]:
        ax.set_xlim(max(low, CALENDAR[0]), min(high, CALENDAR[1]))


def _widen_one_moment(ax) -> None:
    """Show up to a day either side when every drawn x (dates) is one moment, from its own midnight on.

    matplotlib widens a date axis of one moment by two years each side (its yearly tick unit), which
    shows the one day as a dot among years; a day each side shows its date and hours. The axis'
    offset names the date its first tick is on: a moment at 13:45 widened by a day reads "18:00",
    "Feb-29", … over the day before's date. Widened by no more than the time since its midnight,
    the ticks start on its own date (a moment at 13:45 shows its day from 00:00 to 03:30 the
    next). A moment at midnight (a date alone) keeps a day either side, its tick labelled with
    its date. Numbers keep matplotlib's 5 % each side.
    """
    low, high = _dates_drawn(ax)
    # Only one moment: moments milliseconds apart are drawn over those milliseconds, which
    # matplotlib's date locators tick.
    if math.isfinite(low) and math.isfinite(high) and high == low:
        # Its midnight on the axis' clock (its units are the time zone its ticks are written in).
        moment = mdates.num2date(low, tz=ax.xaxis.get_units())
        midnight = mdates.date2num(moment.replace(hour=0, minute=0, second=0, microsecond=0))
        half = low - midnight if low > midnight else 1.0  # matplotlib counts dates in days
        ax.update_datalim([(low - half, 0.0), (low + half, 0.0)], updatey=False)
