"""A histogram's bins: the edges its bars share, and the values each series counts within them."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .aggregates import LARGEST_FLOAT
from .magnitude import drawn_exponent
from .rows import Mark, drawn_of, mark_of, with_bins, with_mark
from .spec import ChartSpec, SpecError


def counted_values(data: pd.DataFrame, spec: ChartSpec) -> pd.DataFrame:
    """A histogram's rows as its bars count them: each y value within the ends of its bins
    (`hist_edges`; both ends included, as numpy.histogram counts), values outside blank, and rows
    left with none left out. So xmin/xmax leave out the values they leave off the chart. x stays,
    saying which rows they are (the column a time range chooses them by).

    The rows carry their bins (`with_bins`), and where xmin/xmax left values out, how many
    (`values_outside`): drawing them reads the bins rather than passing over the values again,
    and the chart's words say what the bins leave out."""
    values = {name: data[name].to_numpy(dtype=float, na_value=np.nan) for name in dict.fromkeys(spec.y)}
    # fmin and fmax skip missing values (as nanmin and nanmax do), and give NaN for a series of none.
    extremes = [(float(np.fmin.reduce(v, initial=np.nan)), float(np.fmax.reduce(v, initial=np.nan)))
                for v in values.values()]
    edges = hist_edges(spec, [(low, high) for low, high in extremes if not np.isnan(low)],
                       whole=lambda: all(_all_whole(v) for v in values.values()))
    if spec.xmin is None and spec.xmax is None:
        # The bins span the values from the lowest to the highest, which are finite (else
        # hist_edges refused them): the values counted are those present.
        inside = {name: np.isfinite(v) for name, v in values.items()}
    else:
        inside = {name: (v >= edges[0]) & (v <= edges[-1]) for name, v in values.items()}
    outside = None
    if spec.xmin is not None or spec.xmax is not None:
        outside = ValuesOutside(tuple((name, int((v < edges[0]).sum()), int((v > edges[-1]).sum()))
                                      for name, v in values.items()))
    kept = np.logical_or.reduce(list(inside.values()))
    counted = data.copy(deep=False) if kept.all() else data.loc[kept]
    for name, within in inside.items():
        if not within[kept].all():  # a row kept for another series' value
            column = counted[name]
            if pd.api.types.is_integer_dtype(column):
                column = column.astype("Int64")  # blank without turning the integers into floats
            counted[name] = column.where(within[kept])
    if outside is not None and outside.count:
        with_mark(counted, OUTSIDE_KEY, outside)
    if len(data) and all(np.isnan(v).all() for v in values.values()):
        with_rows_without_values(counted, len(data))
    return with_bins(counted, edges)


# Where a histogram's rows (`counted_values`) carry the values its xmin/xmax left out.
OUTSIDE_KEY = "svgplots.values_outside"


@dataclass(frozen=True, eq=False)
class ValuesOutside(Mark):
    """How many values of each series of a histogram lie outside the range xmin/xmax gave its
    bins, left out of its bars: (name, how many below the first bin, how many above the last).
    Nothing here is changed once made."""

    series: tuple[tuple[str, int, int], ...]

    @property
    def count(self) -> int:
        """How many values lie outside, of every series."""
        return sum(below + above for _, below, above in self.series)


def values_outside(frame: pd.DataFrame) -> ValuesOutside | None:
    """The values outside its bins' range that a histogram's rows (`counted_values`), or the
    counts per bin a database computed (`Drawn.outside`), leave out; None where none are (no xmin
    or xmax, or every value within them)."""
    drawn = drawn_of(frame)
    if drawn is not None:
        outside = ValuesOutside(drawn.outside)
        return outside if outside.count else None
    return mark_of(frame, OUTSIDE_KEY, ValuesOutside)


# Where a histogram's rows (`counted_values`), or its counts per bin, of rows none of which holds a
# value say how many rows were chosen: its frame keeps none of them (its rows are those holding a
# value), and its words count them as every kind's do ("3 rows. No values to draw.").
ROWS_WITHOUT_VALUES_KEY = "svgplots.rows_without_values"


def with_rows_without_values(frame: pd.DataFrame, rows: int) -> pd.DataFrame:
    """`frame`, a histogram's of rows that hold no value, marked with how many (`rows`) were chosen."""
    return with_mark(frame, ROWS_WITHOUT_VALUES_KEY, rows)


def rows_without_values(frame: pd.DataFrame) -> int:
    """How many rows were chosen for a histogram's `frame` where none holds a value (0 for any other)."""
    return mark_of(frame, ROWS_WITHOUT_VALUES_KEY, int) or 0


def hist_edges(spec: ChartSpec, ranges: Sequence[tuple[float, float]],
               whole: Callable[[], bool] | None = None) -> np.ndarray:
    """The bins a histogram shares: `spec.bins` equal parts of the values' range (`ranges`: each
    series' lowest and highest value; none, 0 to 1) or of xmin/xmax; where that is a point (values
    of one number), one bin around it (`_one_value_range`), whatever `bins` asks. A range wider
    than the largest double (-1e308 to 1e308) is split in the units it is drawn in (`magnitude`),
    the edges kept within its ends; fewer bins where a double tells fewer of its edges apart
    (values a few of its steps apart, past 2**53 say). A 422 where the edges are not numbers that
    increase: a range with an infinite end.

    Values that are all whole numbers (`whole()`, asked only where that could matter) are binned
    by whole numbers instead where no xmin or xmax sets the range (`_whole_number_edges`)."""
    if ranges and spec.xmin is None and spec.xmax is None and whole is not None:
        edges = _whole_number_edges(min(low for low, _ in ranges), max(high for _, high in ranges), spec.bins, whole)
        if edges is not None:
            return edges
    bins = spec.bins
    if ranges:
        lo = min(low for low, _ in ranges) if spec.xmin is None else float(spec.xmin)
        hi = max(high for _, high in ranges) if spec.xmax is None else float(spec.xmax)
        if hi <= lo:
            # No range to split: one bin around the value, its bar in the middle of the axis (split,
            # the value would sit on the edge of a bin a `bins`-th as wide, off the middle); or, where
            # the one bound given made it so, a bin within that bound (`_one_bound_range`).
            lo, hi = _one_bound_range(spec) if spec.xmin is not None or spec.xmax is not None \
                else _one_value_range(lo)
            bins = 1
    else:
        lo, hi = 0.0, 1.0
    factor = 10.0 ** drawn_exponent([lo, hi])
    with np.errstate(over="ignore", invalid="ignore"):
        edges = np.linspace(lo / factor, hi / factor, bins + 1) * factor
    if factor != 1.0:
        # Times the factor, an edge may round past an end (past the largest double, or below the
        # lowest value, so no longer increasing from it).
        edges = np.clip(edges, lo, hi)
        edges[0], edges[-1] = lo, hi
    if not (np.isfinite(edges).all() and (edges[1:] >= edges[:-1]).all()):  # not np.diff: its width may overflow
        raise SpecError(f"the chart cannot be drawn from these values (the range {lo:g} to {hi:g} cannot be split "
                        f"into {bins} bins); set xmin and xmax to a finite range", "xmin", status=422)
    # Edges a double cannot tell apart (a range of a few of its steps, past 2**53 say) make bins 0
    # wide, and the last, which holds its upper edge, drawn as nothing: each is one edge, the values
    # counted as before, and the bins as many as a double tells apart.
    return np.unique(edges)


# Whole numbers up to this magnitude have halves a double holds exactly: the edges between them.
WHOLE_EDGES_BELOW = 2.0**51


def _whole_number_edges(lo: float, hi: float, bins: int, whole: Callable[[], bool]) -> np.ndarray | None:
    """Bins of whole numbers from `lo` to `hi`, the values' lowest and highest, where every value
    is one (`whole()`): at most `bins` of them, each as many whole numbers wide, its edges halfway
    between two (k - 0.5), so that each bin holds as many of the numbers the values may be. Equal
    parts of the range would hold one or two of them by turns (31 scores in 20 bins 1.5 wide),
    drawing values spread evenly as a sawtooth. None for values of one number (no bins to tell
    apart), ones too large for halves between them, or any value not whole."""
    if not (lo < hi and max(abs(lo), abs(hi)) < WHOLE_EDGES_BELOW and lo.is_integer() and hi.is_integer()):
        return None
    if not whole():
        return None
    numbers = int(hi - lo) + 1
    width = -(-numbers // bins)  # the fewest whole numbers a bin holds that make `bins` bins or fewer
    count = -(-numbers // width)
    return lo - 0.5 + width * np.arange(count + 1, dtype=float)


def _all_whole(values: np.ndarray) -> bool:
    """Whether every value present (not NaN) of a series is a whole number."""
    present = values[~np.isnan(values)]
    return bool((np.floor(present) == present).all())


# A histogram of one value is at least this part of the value wide: past about 1e14 a width of 1
# is below a double's step or near it, and the bins' edges could not be told apart.
ONE_VALUE_WIDTH = 1e-9


def _one_bound_range(spec: ChartSpec) -> tuple[float, float]:
    """The one bin of a histogram whose one bound, xmin or xmax, lies beyond every value or on the
    only value it leaves: as wide as `_one_value_range`'s, reaching from the bound inward, so that
    it counts the values on the bound and none beyond it, on an axis the bound ends.

    Centred on the nearest value, as values of one number are, it counted values past xmax
    (`xmax=3` over 5, 6 and 7 drew a bar of the 5 on an axis running from 4.4 down to 3)."""
    if spec.xmax is not None:
        bound = float(spec.xmax)
        return bound - _one_value_width(bound), bound
    bound = float(spec.xmin)
    return bound, bound + _one_value_width(bound)


def _one_value_width(value: float) -> float:
    """The width of a histogram's one bin at `value`: one, or ONE_VALUE_WIDTH of the value where
    that is more (bounds lie within 1e150, where neither end of such a bin overflows)."""
    return max(1.0, abs(value) * ONE_VALUE_WIDTH)


def _one_value_range(value: float) -> tuple[float, float]:
    """The one bin of a histogram of one value, centred on it so that its bar stands in the middle
    of the axis: one wide (a whole number's edges halfway to the next, as `_whole_number_edges`
    has them), or, where that width is below ONE_VALUE_WIDTH of the value, that much of it wide
    (the same way whatever power of ten the value is drawn divided by).

    Never past the largest double: a value too near it for half that width above is the range's
    end, the range reaching toward zero."""
    width = _one_value_width(value)
    if abs(value) + width / 2 > LARGEST_FLOAT:  # a float sum past the largest double is infinity
        return (value - width, value) if value > 0 else (value, value + width)
    return value - width / 2, value + width / 2
