"""Where a chart's series are lowest and highest, for its words to name ("lowest 1.1 (2000-01),
highest 21.1 (2015-07)"): the first thing a reader who cannot see the chart asks of it."""
from __future__ import annotations

import numpy as np
import pandas as pd

from .downsample import compared_values

# Up to this many series the words name each one's lowest and highest after its last value; past
# it, the lowest and highest of them all, naming the series, so that a chart of 12 series reads in
# a breath and not as 24 more numbers (as at most 5 columns a default y leaves out are named).
EXTREMES_PER_SERIES_UP_TO = 5

# A series' values as numbers and the rows of its first lowest and first highest (`lowest_and_highest`),
# or None where none is a number.
Ends = tuple[np.ndarray, int, int] | None


def extremes_at(values: pd.Series) -> tuple[int, int] | None:
    """The rows (positions) of `values`' first lowest and first highest value, or None where it has
    no two values that differ: the last value says all a series of one value holds.

    The first of rows that tie: a chart's rows run along its x, so the first as drawn, on every path
    (a line thinned per pixel column keeps each column's first lowest and highest, and so the whole
    line's; a source's database does the same, and a resampled chart's rows are its periods)."""
    return ends_differing(lowest_and_highest(values))


def ends_differing(found: Ends) -> tuple[int, int] | None:
    """`extremes_at` of the series `found` is of (`lowest_and_highest`): its lowest's and highest's rows,
    or None where they hold one value or it holds none."""
    if found is None:
        return None
    numbers, low, high = found
    return None if numbers[low] == numbers[high] else (low, high)


def extremes_of_all(series: list[Ends]) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """Which series and row hold the lowest and the highest value of all the series `series` were
    found of (`lowest_and_highest`, one a series), each as (series, row); the first series holding it
    where several do, at its first row (`extremes_at`'s). None where no two values differ."""
    lowest = highest = None
    for index, found in enumerate(series):
        if found is None:
            continue
        numbers, low, high = found
        # As Python's numbers, which compare an integer and a float exactly, as numpy's do not.
        least, most = numbers[low].item(), numbers[high].item()
        if lowest is None or least < lowest[0]:
            lowest = (least, index, low)
        if highest is None or most > highest[0]:
            highest = (most, index, high)
    if lowest is None or lowest[0] == highest[0]:
        return None
    return lowest[1:], highest[1:]


def lowest_and_highest(values: pd.Series) -> Ends:
    """`values` as numbers and the positions of their first lowest and first highest value; None where
    none is a number. Integers are kept integers: as floats, two past 2**53 that differ may be one
    (2**53 + 1 reads as 2**53), and tie. The missing ones are found in one pass; a series without any,
    as most are, is searched as it is."""
    numbers, missing = compared_values(values)  # as M4 compares them, integers kept integers
    if not missing.any():
        return (numbers, int(np.argmin(numbers)), int(np.argmax(numbers))) if len(numbers) else None
    present = np.flatnonzero(~missing)
    if not len(present):
        return None
    held = numbers[present]  # in order: the first of them that tie is the first row holding it
    return numbers, int(present[np.argmin(held)]), int(present[np.argmax(held)])
