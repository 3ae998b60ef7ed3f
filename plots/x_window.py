"""The rows a chart's x bounds keep, and the values a line shows at them.

`xmin` and `xmax` bound the x axis. A scatter plot or bars draw the rows within them only; a line
or an area runs on to the nearest row beyond each bound (`joins_neighbours`), so that it reaches the
plot's edges as the same line zoomed in would, and a window between two rows shows the line
between them rather than nothing. The rows beyond the bounds are marked (`Neighbours`), so that the
words count and name the rows within them and the value axis fits what the window shows
(`values_in_window`).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .kind import kind_of
from .rows import Mark, mark_of, with_mark
from .spec import ChartSpec

NEIGHBOURS_KEY = "svgplots.neighbours"


@dataclass(frozen=True, eq=False)
class Neighbours(Mark):
    """How many of a chart's rows lie beyond its x bounds, drawn only for the line to run on to
    them: at most one before xmin (its first row) and one after xmax (its last)."""

    before: int
    after: int

    @property
    def counts(self) -> tuple[int, int]:
        return self.before, self.after


def joins_neighbours(spec: ChartSpec) -> bool:
    """Whether a chart of `spec` runs its line on to the nearest row beyond each x bound it has:
    a line or an area (a kind whose points are joined along x) with xmin or xmax."""
    return kind_of(spec).series and bool(spec.x) and (spec.xmin is not None or spec.xmax is not None)


def rows_in_window(data: pd.DataFrame, x: str, low, high, joined: bool) -> pd.DataFrame:
    """The rows whose x lies in [low, high] (either None for no bound); where `joined` (a line,
    `joins_neighbours`), the nearest row before `low` and the one after `high` too, in the order
    the line reaches them (of rows sharing that x, the last before and the first after), marked
    as `Neighbours`. A window no row lies in keeps its neighbours only where there is one on each
    side: the line crosses it only then."""
    keep = pd.Series(True, index=data.index)
    if low is not None:
        keep &= data[x] >= low
    if high is not None:
        keep &= data[x] <= high
    if not joined:
        return data[keep]
    before = _nearest(data[x], data[x] < low, last=True) if low is not None else []
    after = _nearest(data[x], data[x] > high, last=False) if high is not None else []
    if not keep.any() and not (before and after):
        before = after = []
    inside = data[keep]
    if not (before or after):
        return inside
    if not inside[x].is_monotonic_increasing:  # the neighbours then stand at the ends, as the line reaches them
        inside = inside.sort_values(x, kind="stable")
    rows = pd.concat([data.iloc[before], inside, data.iloc[after]])
    return with_neighbours(rows, len(before), len(after))


def _nearest(x: pd.Series, beyond: pd.Series, last: bool) -> list[int]:
    """The position of the row of `beyond` nearest the window, in a list (empty for none): the last
    row of the greatest x before it (`last`), else the first row of the least x after it."""
    if not beyond.any():
        return []
    values = x.where(beyond)
    at = np.flatnonzero((values == (values.max() if last else values.min())).to_numpy())
    return [int(at[-1 if last else 0])]


def with_neighbours(frame: pd.DataFrame, before: int, after: int) -> pd.DataFrame:
    """`frame`, a line's rows, marked as holding `before` rows before xmin first and `after` rows
    after xmax last (none: unmarked)."""
    return with_mark(frame, NEIGHBOURS_KEY, Neighbours(before, after)) if before or after else frame


def neighbours_of(frame: pd.DataFrame) -> Neighbours:
    """The rows beyond the x bounds that `frame` (a chart's rows) holds (`rows_in_window`)."""
    return mark_of(frame, NEIGHBOURS_KEY, Neighbours) or Neighbours(0, 0)


def within_bounds(frame: pd.DataFrame) -> slice:
    """The positions of `frame`'s rows that lie within the x bounds: all but its `Neighbours`."""
    marked = neighbours_of(frame)
    return slice(marked.before, len(frame) - marked.after)


def values_in_window(frame: pd.DataFrame, spec: ChartSpec) -> np.ndarray:
    """The y values a line of `frame` shows between the x bounds: those of the rows within them
    and, where it runs on to a row beyond a bound, its value where it crosses that bound."""
    marked = neighbours_of(frame)
    shown = within_bounds(frame)
    x = _numbers(frame[spec.x])
    values = []
    for name in dict.fromkeys(spec.y):
        y = frame[name].to_numpy(dtype=float, na_value=np.nan)
        values.append(y[shown])
        if marked.before and len(y) > 1:
            values.append(_crossing(x[:2], y[:2], _number(spec.xmin, frame[spec.x])))
        if marked.after and len(y) > 1:
            values.append(_crossing(x[-2:], y[-2:], _number(spec.xmax, frame[spec.x])))
    found = np.concatenate(values) if values else np.empty(0)
    return found[np.isfinite(found)]


def _crossing(x: np.ndarray, y: np.ndarray, at: float) -> np.ndarray:
    """The value of the segment from (x[0], y[0]) to (x[1], y[1]) at x `at`: none where either end
    has no value (the line breaks there) or where it is not between them."""
    if not np.isfinite(y).all() or not (min(x) <= at <= max(x)):
        return np.empty(0)
    if x[0] == x[1]:
        return y
    return np.array([y[0] + (y[1] - y[0]) * (at - x[0]) / (x[1] - x[0])])


def _numbers(values: pd.Series) -> np.ndarray:
    """x as numbers to interpolate along: dates as nanoseconds since 1970 (UTC)."""
    if isinstance(values.dtype, pd.DatetimeTZDtype):
        values = values.dt.tz_convert(None)
    if pd.api.types.is_datetime64_any_dtype(values):
        return values.to_numpy().astype("datetime64[ns]").astype("int64").astype(float)
    return values.to_numpy(dtype=float, na_value=np.nan)


def _number(bound, values: pd.Series) -> float:
    """A bound as `_numbers` writes the x it bounds."""
    if not pd.api.types.is_datetime64_any_dtype(values):
        return float(bound)
    moment = pd.Timestamp(bound)
    if moment.tzinfo is not None:
        moment = moment.tz_convert(None)
    return float(moment.as_unit("ns").value)
