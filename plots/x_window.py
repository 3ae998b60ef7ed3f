"""The rows a chart's x bounds keep, and the values a line shows at them.

`xmin` and `xmax` bound the x axis. A scatter plot or bars draw the rows within them only; a line
or an area runs on to the nearest row beyond each bound (`joins_neighbours`), so that it reaches the
plot's edges as the same line zoomed in would, and a window between two rows shows the line
between them rather than nothing. The rows beyond the bounds are marked (`Neighbours`), so that the
words count and name the rows within them and the value axis fits what the window shows
(`values_in_window`).
"""
from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np
import pandas as pd

from .kind import kind_of
from .resampling import PERIOD_LENGTHS, empty_periods_after, period_start
from .rows import Mark, mark_of, with_mark
from .spec import ChartSpec

NEIGHBOURS_KEY = "svgplots.neighbours"


@dataclass(frozen=True, eq=False)
class Neighbours(Mark):
    """How many of a chart's rows lie beyond its x bounds, drawn only for the line to run on to
    them: at most one before xmin (its first row) and one after xmax (its last).

    `rows` and `ends`: how many rows the frame it was made for has, and the x (its column `x`) of
    its first and last row, those the line runs on to. pandas carries a frame's marks into every
    part and copy of it; a frame of other rows than those (a part of it, one it is a part of, or its
    rows in another order) reads as holding none (`neighbours_of`).
    """

    before: int
    after: int
    rows: int
    x: str = ""
    ends: tuple = ()

    @property
    def counts(self) -> tuple[int, int]:
        """The rows before xmin and after xmax."""
        return self.before, self.after


def joins_neighbours(spec: ChartSpec) -> bool:
    """Whether a chart of `spec` runs its line on to the nearest row beyond each x bound it has:
    a line or an area (a kind whose points are joined along x) with xmin or xmax."""
    return kind_of(spec).series and bool(spec.x) and (spec.xmin is not None or spec.xmax is not None)


def periods_around(spec: ChartSpec) -> bool:
    """Whether a chart of `spec` is a resampled line with x bounds (`joins_neighbours`), whose periods
    are made whole around its bounds and then kept within them (`periods_in_window`), which tells
    whether any row lies within its window: its chart asks no other question of that."""
    return joins_neighbours(spec) and bool(spec.resample)


def rows_in_window(data: pd.DataFrame, x: str, low, high, joined: bool) -> pd.DataFrame:
    """The rows whose x lies in [low, high] (either None for no bound); where `joined` (a line,
    `joins_neighbours`), the nearest row before `low` and the one after `high` too, in the order
    the line reaches them (of rows sharing that x, the last before and the first after), marked
    as `Neighbours`, unless a row lies on the bound. A window no row lies in keeps its neighbours
    only where there is one on each side: the line crosses it only then."""
    keep = pd.Series(True, index=data.index)
    if low is not None:
        keep &= data[x] >= low
    if high is not None:
        keep &= data[x] <= high
    if not joined:
        return data[keep]
    before = _nearest(data[x], data[x] < low, last=True) if needs_neighbour(data[x], low) else []
    after = _nearest(data[x], data[x] > high, last=False) if needs_neighbour(data[x], high) else []
    if not keep.any() and not (before and after):
        before = after = []
    inside = data[keep]
    if not (before or after):
        return inside
    if not inside[x].is_monotonic_increasing:  # the neighbours then stand at the ends, as the line reaches them
        inside = inside.sort_values(x, kind="stable")
    rows = pd.concat([data.iloc[before], inside, data.iloc[after]])
    return with_neighbours(rows, x, len(before), len(after))


def bounds_in_zone(spec: ChartSpec, x: pd.Series) -> ChartSpec:
    """`spec` with its x bounds, moments in UTC, as moments of the time zone of `x` where its times
    have one: the rows are compared with them there, and a zone's periods start by its clock."""
    zone = getattr(x.dtype, "tz", None)
    if zone is None or not isinstance(spec.xmin or spec.xmax, datetime):
        return spec
    return dataclasses.replace(spec, xmin=_in_zone(spec.xmin, zone), xmax=_in_zone(spec.xmax, zone))


def _in_zone(bound: datetime | None, zone) -> datetime | None:
    """`bound` (a moment in UTC where it names no zone) as a moment of `zone`."""
    if bound is None:
        return None
    moment = pd.Timestamp(bound)
    return (moment if moment.tzinfo is not None else moment.tz_localize("UTC")).tz_convert(zone).to_pydatetime()


def rows_around_periods(spec: ChartSpec) -> ChartSpec:
    """`spec` with a resampled line's x bounds widened to the rows it resamples: those of the
    periods its bounds fall in and of the period either side, but for a bound a period starts on,
    as a line from a row on a bound draws nothing beyond it (`periods_in_window` then keeps the
    periods within the bounds and the nearest beyond each). Each period is made of all its rows,
    as the same line zoomed in has it, not of those within the bounds alone."""
    low = high = None
    if spec.xmin is not None:
        low = _moved_periods(spec.xmin, spec.resample, 0 if _starts_period(spec.xmin, spec.resample) else -1)
    if spec.xmax is not None:
        high = _moved_periods(spec.xmax, spec.resample, 1 if _starts_period(spec.xmax, spec.resample) else 2)
    if high is not None:
        high -= timedelta(microseconds=1)  # xmax is taken: the rows before the start two periods on
    return dataclasses.replace(spec, xmin=low, xmax=high)


def bounds_passed(first, last, cut: ChartSpec) -> tuple[datetime | None, datetime | None]:
    """The bounds of `cut` (a resampled line's, as `rows_around_periods` widens them) that rows from
    `first` to `last` (their least and greatest x, None for no rows) lie beyond: its xmin where the
    first lies before it, its xmax where the last lies after it, else None. A line of all the rows
    by sum or count has a period of every step from the first row to the last (0 where none
    falls), so the periods of the rows within `cut` are filled out to these (`periods_filled_to`).
    """
    if first is None or last is None:
        return None, None
    return (cut.xmin if cut.xmin is not None and first < cut.xmin else None,
            cut.xmax if cut.xmax is not None and last > cut.xmax else None)


def _starts_period(moment: datetime, step: str) -> bool:
    """Whether a resample period (`step`) starts at `moment`."""
    return period_start(moment, step) == moment


def _moved_periods(moment: datetime, step: str, periods: int) -> datetime | None:
    """The start of the period `periods` on from the one `moment` falls in; None past the calendar."""
    try:
        return period_start(moment, step) + periods * PERIOD_LENGTHS[step]
    except (OverflowError, ValueError):
        return None


def periods_in_window(periods: pd.DataFrame, spec: ChartSpec, rows_within: Callable[[], bool] = lambda: False,
                      crossing: tuple[pd.DataFrame, bool] | None = None) -> pd.DataFrame:
    """A resampled line's periods (of the rows `rows_around_periods` chose) within its x bounds,
    with the nearest before xmin and after xmax it runs on to (`periods_crossing`).

    A window no period starts in whose line crosses it to no period after (none has a value, or
    empty periods part it from the rest) may yet hold rows (`rows_within`: whether any row lies
    within the bounds, asked only then): they belong to the period xmin falls in, which starts
    before it. That period alone is kept, as the one before xmin (`period_holding`). `crossing`
    is `periods_crossing(periods, spec)` where the caller has it already."""
    shown, crossed = periods_crossing(periods, spec) if crossing is None else crossing
    return period_holding(periods, spec) if not crossed and rows_within() else shown


def periods_crossing(periods: pd.DataFrame, spec: ChartSpec) -> tuple[pd.DataFrame, bool]:
    """A resampled line's periods within its x bounds, with the nearest before xmin and after xmax
    it runs on to (`rows_in_window`), but one that empty periods part from the rest: the line breaks
    there, and never reaches it; and whether the line crosses the window: a period starts within
    it, or the line runs from one before it to one after. Where it does not, the periods are none,
    unless rows lie within the bounds (`periods_in_window`). A sum's or count's periods filled out
    to the bounds (`plots.data.periods_filled_to`) cross a window that they cross unfilled: filling
    adds periods, never takes one, and leaves none empty between two."""
    kept = rows_in_window(periods, spec.x, spec.xmin, spec.xmax, joined=True)
    marked = neighbours_of(kept)
    if not (marked.before or marked.after):
        return kept, not kept.empty
    apart = set(empty_periods_after(kept[spec.x], spec.resample))
    before = marked.before if 0 not in apart else 0
    after = marked.after if len(kept) - 2 not in apart else 0
    inside = kept.iloc[marked.before:len(kept) - marked.after]
    if inside.empty and not (before and after):
        return inside, False
    shown = kept.iloc[marked.before - before:len(kept) - marked.after + after]
    return with_neighbours(shown, spec.x, before, after), True


def period_holding(periods: pd.DataFrame, spec: ChartSpec) -> pd.DataFrame:
    """Of a resampled line's `periods`, the one xmin falls in, marked as lying before xmin: where
    rows lie within the bounds and no period starts within them, those rows' period. None (no rows)
    where it has no value: then none of them has one, and the line has no point of them; the frame
    of none is marked so (`values_missing_within`), as its words say it."""
    held = periods[periods[spec.x] == period_start(spec.xmin, spec.resample)] if spec.xmin is not None else []
    if len(held) == 1:
        return with_neighbours(held, spec.x, 1, 0)
    return values_missing(periods.iloc[:0])


# Where a resampled chart's rows (within its x bounds) hold no value, and make no period (`values_missing`).
VALUES_MISSING_KEY = "svgplots.window_values_missing"


def values_missing(periods: pd.DataFrame) -> pd.DataFrame:
    """`periods`, a resampled chart's periods of none, marked as standing for rows (within its x
    bounds: `period_holding`) none of which holds a value (`values_missing_within`)."""
    return with_mark(periods, VALUES_MISSING_KEY, True)


def values_missing_within(frame: pd.DataFrame) -> bool:
    """Whether `frame`, a resampled chart's periods of none, stands for rows (within its x bounds)
    that hold no value (`values_missing`): its words say "No values to draw" ("in this range"), not
    "No rows"."""
    return mark_of(frame, VALUES_MISSING_KEY, bool) is True


def needs_neighbour(x: pd.Series, bound) -> bool:
    """Whether a line of rows at `x` runs on to a row beyond `bound`: where there is a bound and no
    row lies on it (a line from a row on the bound draws nothing within it beyond)."""
    return bound is not None and not (x == bound).any()


def _nearest(x: pd.Series, beyond: pd.Series, last: bool) -> list[int]:
    """The position of the row of `beyond` nearest the window, in a list (empty for none): the last
    row of the greatest x before it (`last`), else the first row of the least x after it."""
    if not beyond.any():
        return []
    values = x.where(beyond)
    at = np.flatnonzero((values == (values.max() if last else values.min())).to_numpy())
    return [int(at[-1 if last else 0])]


def with_neighbours(frame: pd.DataFrame, x: str, before: int, after: int) -> pd.DataFrame:
    """`frame`, a line's rows (their x in column `x`), marked as holding `before` rows before xmin
    first and `after` rows after xmax last (none: left as it is)."""
    if before or after:
        return with_mark(frame, NEIGHBOURS_KEY, Neighbours(before, after, len(frame), x, _ends(frame, x)))
    return frame


def neighbours_of(frame: pd.DataFrame) -> Neighbours:
    """The rows beyond the x bounds that `frame` (a chart's rows) holds (`rows_in_window`): none
    where its mark was made for a frame of other rows (a part of it, one it is a part of, or its
    rows in another order: of another length, or whose first or last row has another x). A copy
    of the rows it was made for holds them, whatever its index (`reset_index`)."""
    marked = mark_of(frame, NEIGHBOURS_KEY, Neighbours)
    if marked is None or marked.rows != len(frame) or _ends(frame, marked.x) != marked.ends:
        return Neighbours(0, 0, len(frame))
    return marked


def _ends(frame: pd.DataFrame, x: str) -> tuple:
    """The x of `frame`'s first and last row (none for no rows or no column `x`)."""
    if frame.empty or x not in frame.columns:
        return ()
    values = frame[x]
    return values.iloc[0], values.iloc[-1]


def within_bounds(frame: pd.DataFrame) -> slice:
    """The positions of `frame`'s rows that lie within the x bounds: all but its `Neighbours`."""
    marked = neighbours_of(frame)
    return slice(marked.before, len(frame) - marked.after)


def values_in_window(frame: pd.DataFrame, spec: ChartSpec) -> np.ndarray:
    """The y values a line of `frame` shows between the x bounds: those of the rows within them
    and, where it runs on to a row beyond a bound, its value where it crosses that bound."""
    values = [series_in_window(frame, spec, name) for name in dict.fromkeys(spec.y)]
    found = np.concatenate(values) if values else np.empty(0)
    return found[np.isfinite(found)]


def series_in_window(frame: pd.DataFrame, spec: ChartSpec, name: str) -> np.ndarray:
    """The values of the series `name` that a line of `frame` shows between the x bounds
    (`values_in_window`), a missing one as NaN; all of them where it runs on to no row beyond."""
    marked = neighbours_of(frame)
    y = frame[name].to_numpy(dtype=float, na_value=np.nan)
    if marked.counts == (0, 0):
        return y
    # Only the two rows at each end it runs on through are interpolated along: asked of each series,
    # the whole x column is not converted for them.
    x = frame[spec.x]
    values = [y[within_bounds(frame)]]
    if marked.before and len(y) > 1:
        values.append(_crossing(_numbers(x.iloc[:2]), y[:2], _number(spec.xmin, x)))
    if marked.after and len(y) > 1:
        values.append(_crossing(_numbers(x.iloc[-2:]), y[-2:], _number(spec.xmax, x)))
    return np.concatenate(values)


def _crossing(x: np.ndarray, y: np.ndarray, at: float) -> np.ndarray:
    """The value of the segment from (x[0], y[0]) to (x[1], y[1]) at x `at`: none where either end
    has no value (the line breaks there) or where it is not between them."""
    if not np.isfinite(y).all() or not (min(x) <= at <= max(x)):
        return np.empty(0)
    if x[0] == x[1]:
        return y
    return np.array([y[0] + (y[1] - y[0]) * (at - x[0]) / (x[1] - x[0])])


def _numbers(values: pd.Series) -> np.ndarray:
    """x as numbers to interpolate along: dates as microseconds since 1970 (UTC), a unit that holds
    every moment of years 1 to 9999 (nanoseconds hold those of 1677 to 2262 only)."""
    if isinstance(values.dtype, pd.DatetimeTZDtype):
        values = values.dt.tz_convert(None)
    if pd.api.types.is_datetime64_any_dtype(values):
        return values.to_numpy().astype(f"datetime64[{_UNIT}]").astype("int64").astype(float)
    return values.to_numpy(dtype=float, na_value=np.nan)


def _number(bound, values: pd.Series) -> float:
    """A bound as `_numbers` writes the x it bounds."""
    if not pd.api.types.is_datetime64_any_dtype(values):
        return float(bound)
    moment = pd.Timestamp(bound)
    if moment.tzinfo is not None:
        moment = moment.tz_convert(None)
    return float(moment.as_unit(_UNIT).asm8.astype("int64"))


_UNIT = "us"  # the unit `_numbers` counts moments in
