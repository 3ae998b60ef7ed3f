"""Resampling rows of dates and times by hour, day, week, month, quarter or year: the periods a moment
falls in, counted as numpy counts time, and the y columns aggregated per period."""
from __future__ import annotations

from datetime import datetime

import numpy as np
import pandas as pd

from dateutil.relativedelta import relativedelta

from .aggregates import aggregated, exact_column
from .spec import RESAMPLE_RULES, ChartSpec, SpecError
from .text import quoted_name


def periods(frame: pd.DataFrame, x: str, step: str):
    """`frame`'s rows grouped by the resample period (`step`: day, week, …) their `x` falls in, as
    pandas' `resample` groups them, each period holding its first moment and named by it.

    A week runs from Monday to Sunday and is named by its Monday, as an ISO week starts: pandas'
    own weeks ("W") are named by the Sunday they end on, a date after the rows they hold.
    """
    return frame.set_index(x).resample(RESAMPLE_RULES[step], closed="left", label="left")


# How far one period reaches, by `resample` (a date alone at midnight is a day).
PERIOD_LENGTHS = {"year": relativedelta(years=1), "quarter": relativedelta(months=3),
                  "month": relativedelta(months=1), "week": relativedelta(weeks=1), "day": relativedelta(days=1),
                  "hour": relativedelta(hours=1)}

# The aggregates that make a period of every step from the first row to the last, 0 where none
# falls (a total of nothing); the others make only the periods rows fall in.
FILLED_AGGREGATES = ("sum", "count")

# Each resample step as numpy counts time: the unit a period's start is a whole number of, how many
# of them a period holds, and how many of them past a period's start numpy's count 0 (1970-01-01,
# a Thursday) lies: weeks start on a Monday.
_PERIOD_UNITS = {"hour": ("h", 1, 0), "day": ("D", 1, 0), "week": ("D", 7, 3), "month": ("M", 1, 0),
                 "quarter": ("M", 3, 0), "year": ("Y", 1, 0)}


# The resample steps shorter than a day, which need the rows' times of day.
WITHIN_A_DAY = ("hour",)
# The unit a relative range's bounds are taken to at least for a chart resampled by a step within a
# day (`timerange.TimeRange.stepped`): `now-24h`, else to the minute, would cut its first hour short.
RANGE_STEPS = {"hour": "h"}


def range_step(spec: ChartSpec) -> str | None:
    """The unit a relative range is taken to at least for a chart of `spec` (`RANGE_STEPS`); None: its own."""
    return RANGE_STEPS.get(spec.resample or "")


def dates_alone(moments: pd.Series) -> bool:
    """Whether `moments` (a chart's x, some perhaps missing) are all midnights, dates without a time
    of day (on their zone's clock, where they have one): none at all is not."""
    known = moments.dropna()
    return not known.empty and bool((known == known.dt.normalize()).all())


def hours_of_dates(spec: ChartSpec) -> SpecError:
    """The 400 for resampling by a step shorter than a day (`WITHIN_A_DAY`) rows whose x are dates
    alone: each day's rows would make its first period, 00:00, and every other one of the day empty."""
    return SpecError(f"resample={spec.resample} needs times of day, and the dates of x={quoted_name(spec.x)} "
                     f"chosen here have none (each is a midnight): each day would be one {spec.resample}, "
                     f"its 00:00, the rest of it empty; use resample=day", "resample")


def refuse_hours_of_dates(spec: ChartSpec, moments: pd.Series) -> None:
    """Raise `hours_of_dates` where `spec` resamples by a step shorter than a day `moments` that are
    dates alone (`dates_alone`)."""
    if spec.resample in WITHIN_A_DAY and dates_alone(moments):
        raise hours_of_dates(spec)


def period_starts(moments: np.ndarray, step: str) -> np.ndarray:
    """The start of each moment's resample period (`step`), counted in the step's numpy unit
    (`_PERIOD_UNITS`): hours for hours, days for days and weeks, months for months and quarters, years
    for years."""
    unit, length, shift = _PERIOD_UNITS[step]
    counts = moments.astype(f"datetime64[{unit}]").view("int64")
    return counts - (counts + shift) % length


def period_start(moment: datetime, step: str) -> datetime:
    """The start of the resample period (`step`) `moment` falls in (`period_starts`), in its zone."""
    unit = _PERIOD_UNITS[step][0]
    [start] = period_starts(np.array([moment.replace(tzinfo=None)], dtype="datetime64[us]"), step)
    return np.datetime64(int(start), unit).astype("datetime64[us]").item().replace(tzinfo=moment.tzinfo)


def periods_spanned(first, last, step: str) -> int:
    """How many resample periods (`step`: day, week, …) the moments from `first` to `last` fall in,
    counted as `resample` groups them (`period_starts`): at most that many bars."""
    moments = np.array([moment.replace(tzinfo=None) for moment in (first, last)], dtype="datetime64[us]")
    low, high = period_starts(moments, step)
    return int((high - low) // _PERIOD_UNITS[step][1]) + 1


def resample(data: pd.DataFrame, x: str, spec: ChartSpec) -> pd.DataFrame:
    """The y columns aggregated per resample period of `x`, each period named by its start, as
    `periods` groups them: empty periods between the first and the last are 0 for sum and count
    and left out for the other aggregates.

    Rows are grouped by the start of their period, worked out from their moments, rather than by
    pandas' resample, which builds every period from the first to the last one by one (a few rows
    in years 1 and 9999 by week: half a million periods, ten seconds). Only sum and count fill the
    empty periods in, at once.
    """
    data = data.dropna(subset=[x])
    if isinstance(data[x].dtype, pd.DatetimeTZDtype):  # periods of the zone's days, as pandas cuts them
        out = aggregated(data, spec, x, lambda parts: periods(parts, x, spec.resample))
        return (out if spec.agg == "count" else out.dropna(how="all")).reset_index()
    if not data[x].is_monotonic_increasing:  # a period's values are added up in time order, as resample adds them
        data = data.sort_values(x, kind="stable")
    unit = _PERIOD_UNITS[spec.resample][0]
    moments_unit = data[x].dtype

    def groups(parts: pd.DataFrame):
        starts = period_starts(parts[x].to_numpy(), spec.resample)
        named = pd.Series(starts.astype(f"datetime64[{unit}]").astype(moments_unit), index=parts.index, name=x)
        return parts.drop(columns=x).groupby(named, sort=True)

    return filled_periods(aggregated(data, spec, x, groups), spec.resample, spec.agg)


def filled_periods(out: pd.DataFrame, step: str, agg: str) -> pd.DataFrame:
    """Aggregates per resample period (`out`, indexed in order by each period's start, a naive
    moment, as `periods` names it) as `periods` leaves them, the index made the x column: the empty
    periods between the first and the last are 0 for sum and count (added at once, not one by one)
    and left out for the other aggregates, as are periods whose aggregates are all missing but for
    count.
    """
    if out.empty:
        return out.reset_index()
    unit, length, _ = _PERIOD_UNITS[step]
    moments_unit = out.index.dtype
    first, last = out.index[[0, -1]].to_numpy().astype(f"datetime64[{unit}]").view("int64")
    if agg in FILLED_AGGREGATES:
        every = np.arange(first, last + 1, length).astype(f"datetime64[{unit}]").astype(moments_unit)
        out = out.reindex(pd.DatetimeIndex(every, name=out.index.name), fill_value=0)
    elif len(out) < (last - first) // length + 1:
        # An empty period made an integer column's minimum or maximum a float, as pandas' resample
        # makes it: so it stays, but for one past 2**53, whose ints a double would round.
        for name in [name for name in out.columns if pd.api.types.is_integer_dtype(out[name])]:
            out[name] = exact_column(out[name].tolist(), out.index)
    if agg != "count":
        out = out.dropna(how="all")
    return out.reset_index()


def empty_periods_after(starts: pd.Series, step: str) -> np.ndarray:
    """The positions in `starts` (resampled periods' starts, in order) after which one or more
    periods of `step` hold no value: left out of the rows (`filled_periods`), so a line drawn
    through them is broken there, as it is at a missing value, rather than joined across.

    A zone's periods are cut by its clock, so they are counted from its wall times."""
    if isinstance(starts.dtype, pd.DatetimeTZDtype):
        starts = starts.dt.tz_localize(None)
    counts = period_starts(starts.to_numpy(), step)
    known = ~np.isnat(starts.to_numpy())
    apart = np.diff(counts) > _PERIOD_UNITS[step][1]
    return np.flatnonzero(apart & known[1:] & known[:-1])
