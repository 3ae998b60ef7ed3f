"""Big lines drawn within pixel bounds: thinned per pixel column (M4). Dense scatters: `dense_scatter`.

A line of a million points crosses each of the plot's few hundred pixel columns thousands of
times; what a screen shows of it in one column is a vertical stroke from the column's lowest to
its highest value, joined to its neighbours. M4 (Jugel et al., "M4: A Visualization-Oriented Time
Series Data Aggregation", VLDB 2014) keeps, per pixel column, the points with the first and the
last x and those with the lowest and the highest y: at most four points per column, which draw
the strokes and the joins between columns as the whole series does. Source databases compute the
same per column (`app/store/pushdown_m4.py`), so only those rows leave the database. A stacked
area keeps the rows of each series' extremes and of their total's, every band drawn over them all
(`thinned_stack`).
"""
from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .style import CSS_DPI

if TYPE_CHECKING:
    from .spec import ChartSpec

# A line is thinned when it has more than this many points per pixel column of the figure: M4
# keeps at most four.
THIN_ABOVE_POINTS_PER_COLUMN = 4
# Dates are binned as seconds since this moment (naive moments are UTC), as databases count them.
EPOCH = pd.Timestamp(1970, 1, 1)


def axis_numbers(values: np.ndarray) -> np.ndarray | None:
    """`values` as float64 for binning, or None if they are neither numbers nor dates.

    Dates become epoch seconds computed from their whole microseconds, as a database computes a
    timestamp's epoch (`app/store/source_sql_dialects.py`), so that both put a row in the same column.
    Missing dates (NaT) become NaN.
    """
    if np.issubdtype(values.dtype, np.datetime64):
        seconds = values.astype("datetime64[us]").view("int64") / 1e6
        missing = np.isnat(values)
        if missing.any():
            seconds[missing] = np.nan
        return seconds
    if np.issubdtype(values.dtype, np.number) or values.dtype == bool:
        return values.astype(np.float64, copy=False)
    return None


def epoch_of(value) -> float:
    """A bound on the x axis as `axis_numbers` counts it: a number, or a moment as epoch seconds
    (naive moments are UTC)."""
    if isinstance(value, (dt.datetime, dt.date, np.datetime64, pd.Timestamp)):
        moment = pd.Timestamp(value)
        if moment.tzinfo is not None:
            moment = moment.tz_convert("UTC").tz_localize(None)
        return (moment - EPOCH).total_seconds()
    return float(value)


# The share of its pixel columns a span of x fills (`column_scale`): just under all of them, so that
# x = hi falls in the last column and not one past it.
COLUMN_SHARE = 1 - 1e-9


def column_scale(lo: float, hi: float, columns: int) -> float:
    """Pixel columns per unit of x when `columns` columns span `lo` to `hi`: the column of x is
    floor((x - lo) * scale), in memory and in a database alike (SQLite's thinned line writes this
    rule in SQL, `app/store/sqlite_m4.py`, where its range is worked out in the same statement)."""
    return columns * COLUMN_SHARE / (hi - lo) if hi > lo else 0.0


def pixel_columns(width: int, scale: float = 1.0) -> int:
    """The pixel columns across a chart `width` CSS pixels wide drawn at `scale` device pixels per
    CSS pixel (PNG `scale`); at least one per CSS pixel (an SVG is drawn by the browser)."""
    return max(int(width), int(round(width * scale)))


def pixel_columns_at(width: int, dpi: float) -> int:
    """`pixel_columns` of a figure drawn at `dpi` (a PNG at scale 2 is drawn at 192 dpi)."""
    return pixel_columns(width, dpi / CSS_DPI)


def compared_values(y: np.ndarray | pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """`y` as M4 compares its values, and which of them are missing: integers kept integers (as doubles,
    two past 2**53 that differ may be one, 2**53 + 1 read as 2**53, and tie, so that a column's first of
    them was kept as its lowest or highest), as `series_extremes` compares them; else doubles, NaN missing."""
    values = y if isinstance(y, pd.Series) else pd.Series(np.asarray(y), copy=False)
    if pd.api.types.is_integer_dtype(values.dtype):
        missing = values.isna().to_numpy()
        return values.to_numpy(dtype=getattr(values.dtype, "numpy_dtype", values.dtype), na_value=0), missing
    numbers = values.to_numpy(dtype=np.float64, na_value=np.nan)
    return numbers, np.isnan(numbers)


def thin_line(x: np.ndarray, y: np.ndarray | pd.Series, columns: int, lo=None, hi=None,
              missing_at_column_ends: bool = False) -> np.ndarray | None:
    """Indices of the points of a line over sorted `x` that draw it in `columns` pixel columns (M4).

    The columns split the x axis from `lo` to `hi` when the chart sets them (numbers or datetimes)
    and else from the data's first to its last x into equal parts (`column_scale`), as the
    database does for a source dataset (`app/store/pushdown_m4.py`); per column the points with the
    first and last x and the first ones with the lowest and the highest y are kept (`m4`).
    Points beyond the bounds are left out but for one on each side, so that the line runs to the
    edge. None when the line is small enough to draw whole, or `x` holds neither numbers nor
    dates. Missing values are kept where the whole line shows them, between columns
    (`gaps_between_columns`), or with `missing_at_column_ends` each column's first and last
    (`missing_column_ends`: a stacked area's, whose other bands are drawn at those rows too). Integer
    values are compared as integers (`compared_values`).
    """
    if len(x) <= THIN_ABOVE_POINTS_PER_COLUMN * columns:
        return None
    x = np.asarray(x)
    xs = axis_numbers(x)
    if xs is None:
        return None
    first, last = 0, len(xs)
    if not np.isfinite(xs[-1]):  # rows without an x draw nothing; sorting put them last
        last = int(np.searchsorted(~np.isfinite(xs), True))
    if lo is not None:
        first = max(first, int(np.searchsorted(xs[:last], epoch_of(lo), side="left")) - 1)
    if hi is not None:
        last = min(last, int(np.searchsorted(xs[:last], epoch_of(hi), side="right")) + 1)
    if last - first <= THIN_ABOVE_POINTS_PER_COLUMN * columns:
        return np.arange(first, last)
    xs = xs[first:last]
    ys, missing = compared_values(y)
    ys, missing = ys[first:last], missing[first:last]
    start = epoch_of(lo) if lo is not None else xs[0]
    end = epoch_of(hi) if hi is not None else xs[-1]
    scale = column_scale(start, end, columns)
    # The point kept beyond each bound falls in a column of its own (-1, or `columns`).
    if not missing.any():
        return first + m4(ys, column_starts(xs, start, scale, columns))
    # Missing values: M4 of those present, and the breaks the whole line shows.
    present = np.flatnonzero(~missing)
    chosen = present[m4(ys[present], column_starts(xs[present], start, scale, columns))]
    column = np.floor((xs - start) * scale)
    if missing_at_column_ends:
        return first + np.union1d(chosen, missing_column_ends(missing, column))
    return first + gaps_between_columns(chosen, np.where(missing, np.nan, 0.0), column)


def missing_column_ends(missing: np.ndarray, column: np.ndarray) -> np.ndarray:
    """Of the rows `missing` marks (sorted by x, `column` each one's pixel column), each column's
    first and last: the rows a database finds of a column's missing values (`app/store/pushdown_m4.py`),
    and among any rows holding those, the first and last of them again."""
    at = np.flatnonzero(missing)
    if not len(at):
        return at
    columns = column[at]
    starts = np.concatenate(([True], columns[1:] != columns[:-1]))
    ends = np.concatenate((columns[1:] != columns[:-1], [True]))
    return np.unique(np.concatenate((at[starts], at[ends])))


def rows_of_series(kept: list[np.ndarray], columns: int) -> np.ndarray | None:
    """The rows to draw of lines whose series `thin_line` thinned to the rows `kept` (indices, one
    array per series): those some series keeps, or None for every row where they are no more than
    four a pixel column and some series keeps fewer (drawn whole, each series would pass through rows
    only another keeps; drawing thins every row to the same rows again)."""
    union = np.unique(np.concatenate(kept))
    if len(union) <= THIN_ABOVE_POINTS_PER_COLUMN * columns and any(len(k) < len(union) for k in kept):
        return None
    return union


def stack_total(frame: pd.DataFrame, spec: ChartSpec) -> pd.Series:
    """Each row's total of its series' own values as doubles, added in the order `spec.y` names
    them, a missing value as 0; NaN where every value is missing. A database adds them in the same
    order (`pushdown_query.ChartQuery.thinned_values`), so that both find the same extremes."""
    total = np.zeros(len(frame))
    missing = np.ones(len(frame), dtype=bool)
    for name in spec.y:
        values = frame[name].to_numpy(dtype=float, na_value=np.nan)
        total = total + np.nan_to_num(values, nan=0.0)
        missing &= np.isnan(values)
    return pd.Series(np.where(missing, np.nan, total))


def thinned_stack(x: np.ndarray, frame: pd.DataFrame, spec: ChartSpec, columns: int) -> np.ndarray | None:
    """The rows of a stacked area over sorted `x` that draw it in `columns` pixel columns: those M4
    keeps (`thin_line`) of each series' own values and of their total (`stack_total`), every series
    drawn over them all, so that every band keeps the same x. None where the stack is drawn whole.
    Where one has missing values, each column's first and last row without one: the other bands
    are drawn at every row kept, so a database must find the same (a line keeps the first of its
    missing values past a column's last value, which draws the same break wherever it lies, and
    which a database does not always find).

    Each series' rows keep its band's spikes and the total's the stack's top corners; a band's edge
    is a running sum, whose extremes neither set alone holds (benchmarks/README.md, "A thinned
    stacked area against the whole stack"). A database keeps the same rows of every row, those it
    keeps of each series and of their total (`app/store/pushdown_m4.py`), and drawn again these
    rows thin to themselves."""
    total = thin_line(x, stack_total(frame, spec), columns, spec.xmin, spec.xmax, missing_at_column_ends=True)
    if total is None:
        return None
    kept = [total]
    for name in dict.fromkeys(spec.y):
        # Integers compared as such.
        chosen = thin_line(x, frame[name], columns, spec.xmin, spec.xmax, missing_at_column_ends=True)
        kept.append(np.arange(len(x)) if chosen is None else chosen)
    return np.unique(np.concatenate(kept))


def column_starts(x: np.ndarray, start: float, scale: float, columns: int) -> np.ndarray:
    """Where each pixel column's points begin in sorted `x` (the first at 0), the column of a point
    being floor((x - start) * scale) (`column_scale`); columns without points are left out, and
    the points before the first column or after the last (`columns`) form one column each side.

    Found by bisection on the columns' edges and corrected with the formula itself where rounding
    put an edge on the other side of a point, so that no column of every point is computed.
    """
    n = len(x)
    if not n:
        return np.zeros(0, dtype=np.int64)

    def column(at):
        return np.clip(np.floor((x[at] - start) * scale), -1, columns)

    ks = np.arange(column(0) + 1, column(n - 1) + 1)  # the columns after the first point's
    at = np.searchsorted(x, start + ks / scale) if len(ks) else np.zeros(0, dtype=np.int64)
    while True:  # floor((x - start) * scale) never decreases with x: step over runs of equal x
        late = (at > 0) & (column(np.maximum(at - 1, 0)) >= ks)
        early = (at < n) & (column(np.minimum(at, n - 1)) < ks)
        if not (late.any() or early.any()):
            break
        at[late] = np.searchsorted(x, x[at[late] - 1], side="left")
        at[early] = np.searchsorted(x, x[at[early]], side="right")
    return np.unique(np.concatenate(([0], at[at < n])))


def m4(y: np.ndarray, starts: np.ndarray) -> np.ndarray | None:
    """The indices M4 keeps of points split into runs at `starts` (`column_starts`): per run its
    first and last points and the first ones holding its lowest and its highest `y`, sorted; None
    if `y` has NaN.

    A source's database finds every row of the x these are at, and this keeps the same of them
    (`app/store/pushdown_m4.py`).
    """
    if not len(y):
        return np.zeros(0, dtype=np.int64)
    counts = np.diff(starts, append=len(y))
    picked = [starts, starts + (counts - 1)]
    for reduce in (np.minimum, np.maximum):
        extremes = reduce.reduceat(y, starts)
        if np.isnan(extremes).any():  # minimum and maximum keep a NaN
            return None
        hits = np.flatnonzero(y == np.repeat(extremes, counts))
        run = np.searchsorted(starts, hits, side="right")
        picked.append(hits[np.concatenate(([True], run[1:] != run[:-1]))])
    return np.unique(np.concatenate(picked))


def gaps_between_columns(chosen: np.ndarray, y: np.ndarray, column: np.ndarray) -> np.ndarray:
    """`chosen` (sorted indices of present values) with the missing values the whole line shows.

    Where two chosen points of different pixel columns have a missing value between them, the
    whole line breaks between the columns: the first such missing value is kept. Inside a column
    the whole line's other points cover a break, so one there is left out, and so are the missing
    values among `chosen` that no break needs. The last point is kept where it is missing and some
    value is not: the whole line ends before its points do, as the chart's words say ("last value:
    v 9.45 at x 1992"), and a database thinning the line finds that point (its last x) too.
    `column` is every point's pixel column.
    """
    missing = np.flatnonzero(np.isnan(y))
    kept = chosen[~np.isnan(y[chosen])]
    if not len(missing) or not len(kept):
        return kept
    end = [len(y) - 1] if missing[-1] == len(y) - 1 else []
    before, after = kept[:-1], kept[1:]
    first_missing = np.searchsorted(missing, before, side="right")
    candidate = missing[np.minimum(first_missing, len(missing) - 1)]
    breaks = (first_missing < len(missing)) & (candidate < after) & (column[before] != column[after])
    return np.unique(np.concatenate((kept, candidate[breaks], end))).astype(kept.dtype)
