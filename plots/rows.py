"""Rows a store computed for one chart (a source database did the shaping): drawn as they are.

A frame marked with `as_drawn` is what `chart_frame` would give, computed elsewhere: rows already
filtered, resampled, grouped or thinned per pixel column, or a histogram's counts per bin. Its
`Drawn` record says how many dataset rows it stands for (the alt text counts those) and, for a
histogram, the bins and each series' range. The mark is kept in the frame's `attrs`, so it
travels with the frame to a render worker.

A histogram's values as `chart_frame` counts them carry the bins that count them too
(`with_bins`), worked out once from the values and read by what draws them (`bins_of`). A chart of
bars or boxes carries where along the value axis each of them lies (`MarkSpans`, worked out by
`plots.mark_extents.mark_spans` when first asked), read both to draw them and to describe them.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

import numpy as np
import pandas as pd

DRAWN_KEY = "svgplots.drawn"
BINS_KEY = "svgplots.bins"
MARKS_KEY = "svgplots.marks"

T = TypeVar("T")


class Mark:
    """A record a frame is marked with (`with_mark`) that the frames and columns copied from it
    share: nothing in it is changed once made."""

    def __deepcopy__(self, memo) -> Mark:
        # pandas deep-copies a frame's attrs into each column taken from it and each copy of it:
        # they share this record, never changed, rather than copy it (a box plot's outliers) each time.
        return self


@dataclass(frozen=True)
class Drawn(Mark):
    """What a computed frame stands for.

    `rows`: the dataset rows the chart draws (a line thinned to a few thousand rows may stand for
    millions). `bins`: a histogram's bin edges, when the frame's y columns hold counts per bin
    (`len(bins) - 1` rows). `ranges`: each series' (name, lowest, highest) value, for a histogram.
    `outside`: each series' (name, below, above), how many of its values a histogram's xmin/xmax
    leave out of its bins, below the first and above the last (none given: none left out).
    `end_runs`: for a thinned line, whether several of the rows it stands for share its first x and
    its last x (a run there keeps its axis' ends clear of the spines), which the few rows kept no
    longer tell (None: as its own rows tell).
    """

    rows: int
    bins: tuple[float, ...] | None = None
    ranges: tuple[tuple[str, float | None, float | None], ...] = ()
    outside: tuple[tuple[str, int, int], ...] = ()
    end_runs: tuple[bool, bool] | None = None


def with_mark(frame: pd.DataFrame, key: str, record) -> pd.DataFrame:
    """`frame`, marked with `record` under `key` in its attrs (which travel with it, and which
    pandas copies into the frames and columns taken from it)."""
    frame.attrs[key] = record
    return frame


def mark_of(frame: pd.DataFrame, key: str, kind: type[T]) -> T | None:
    """The record of type `kind` that `frame` was marked with under `key`, if any."""
    record = frame.attrs.get(key)
    return record if isinstance(record, kind) else None


def as_drawn(frame: pd.DataFrame, drawn: Drawn) -> pd.DataFrame:
    """`frame`, marked as the chart's rows computed already: `chart_frame` leaves it as it is."""
    return with_mark(frame, DRAWN_KEY, drawn)


def drawn_of(frame: pd.DataFrame) -> Drawn | None:
    """The frame's `Drawn` record when a store computed it, else None."""
    return mark_of(frame, DRAWN_KEY, Drawn)


def rows_of(frame: pd.DataFrame) -> int:
    """How many dataset rows a chart's frame stands for: its own length unless a store thinned it."""
    drawn = drawn_of(frame)
    return len(frame) if drawn is None else drawn.rows


# Where a chart's rows carry how many rows it left out for having no x (`with_rows_without_x`).
WITHOUT_X_KEY = "svgplots.without_x"


def with_rows_without_x(frame: pd.DataFrame, count: int) -> pd.DataFrame:
    """`frame`, a chart's rows, marked with the `count` rows it left out for having no x, which have
    no place on it (none: unmarked), for its words to say so (`rows_without_x`)."""
    return with_mark(frame, WITHOUT_X_KEY, count) if count else frame


def rows_without_x(frame: pd.DataFrame) -> int:
    """How many rows a chart of `frame` left out for having no x (`with_rows_without_x`)."""
    return mark_of(frame, WITHOUT_X_KEY, int) or 0


@dataclass(frozen=True)
class Bins(Mark):
    """The edges of the bins that count a histogram's values (`with_bins`)."""

    # A tuple, as `Drawn.bins` is: pandas compares attrs when it joins frames (concat, merge), and
    # an array cannot be compared to a truth value.
    edges: tuple[float, ...]


def with_bins(frame: pd.DataFrame, edges) -> pd.DataFrame:
    """`frame`, a histogram's values, marked with the edges of the bins that count them."""
    return with_mark(frame, BINS_KEY, Bins(tuple(float(edge) for edge in edges)))


def bins_of(frame: pd.DataFrame) -> np.ndarray | None:
    """The edges of a histogram's bins: of the counts per bin a store computed (`Drawn.bins`) or of
    the values `chart_frame` counted (`with_bins`); None for any other frame."""
    drawn = drawn_of(frame)
    if drawn is not None:
        return None if drawn.bins is None else np.asarray(drawn.bins)
    bins = mark_of(frame, BINS_KEY, Bins)
    return None if bins is None else np.asarray(bins.edges)


@dataclass(frozen=True, eq=False)
class MarkSpans(Mark):
    """Where the bars or boxes of a chart lie along its value axis: for each y column, each mark's
    lowest and highest value (NaN for no mark: a missing value, an empty bin, a series without
    values).

    `key`: what they were worked out for (the kind's x axis and the y columns); a frame drawn as
    another chart works them out anew. `stats`: a box plot's `boxplot_stats`, one per y column,
    which its boxes are drawn from. Nothing here is changed once made.
    """

    key: tuple
    lowest: tuple[np.ndarray, ...]
    highest: tuple[np.ndarray, ...]
    stats: tuple[dict, ...] = ()


def with_mark_spans(frame: pd.DataFrame, spans: MarkSpans) -> pd.DataFrame:
    """`frame`, marked with the spans of the marks a chart draws of it."""
    return with_mark(frame, MARKS_KEY, spans)


def mark_spans_of(frame: pd.DataFrame) -> MarkSpans | None:
    """The spans `with_mark_spans` marked `frame` with, if any."""
    return mark_of(frame, MARKS_KEY, MarkSpans)


def without_mark_spans(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` without the spans it was marked with: for a copy whose values were changed."""
    frame.attrs.pop(MARKS_KEY, None)
    return frame
