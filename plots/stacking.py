"""Series stacked on one another (`stack=stacked`), or as shares of each x's total (`stack=percent`): the
kinds that take it, where each series' bar or band starts and ends, and the words that say so.

Stacking is drawing: the rows a chart's `.json` and `.csv` hold are each series' own values either way."""
from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from .kind import Kind, kind_of
from .kind_fields import kinds_taking, takes
from .mark_extents import mark_spans
from .rows import MarkSpans, without_mark_spans
from .said_values import value_said
from .spec import NONE_WORD, ChartSpec, SpecError, or_list
from .money_words import amount_said
from .unit_ticks import values_unit

NO_STACK = NONE_WORD
PERCENT = "percent"


def stack_refused(spec: ChartSpec, kind: Kind) -> SpecError | None:
    """The error for a `stack` other than none on a kind that draws no series on one another, or on a log
    value axis; None where it can be drawn."""
    if spec.stack == NO_STACK:
        return None
    if takes(kind, "stack") and spec.yscale == "log":
        # A stack shows each series by its length from the end of the one before it, which a log scale
        # does not keep (a bar from 1 to 10 looks as long as one from 10 to 100), and its first series
        # stands on 0, which a log scale holds nowhere.
        return SpecError(f"stack={spec.stack} does not apply with yscale=log: a stack's bars are read by their "
                         f"lengths, which a log scale does not keep, and they stand on 0, which it holds nowhere; "
                         f"use stack=none with yscale=log, or yscale=linear", "stack")
    if takes(kind, "stack"):
        return None
    taking = kinds_taking("stack")
    return SpecError(f"stack={spec.stack} does not apply to kind={spec.kind}, which stacks no series; it applies "
                     f"to {or_list(taking)} (use stack=none with kind={spec.kind})", "stack")


def is_stacked(spec: ChartSpec) -> bool:
    """Whether the series of `spec` are drawn on one another: a stack asked for, of more than one series
    (one series draws as it does alone)."""
    return spec.stack != NO_STACK and len(spec.y) > 1


def stacked_values(frame: pd.DataFrame, spec: ChartSpec) -> np.ndarray:
    """The values stacked, one row per series, one column per row of `frame`: as they are, or for
    `percent` as shares of each row's total, in percent, the sum of the values' sizes (a negative value
    is a share below 0); NaN where a value is missing, and for every series where the total is 0."""
    values = frame[list(spec.y)].to_numpy(dtype=float, na_value=np.nan).T
    if spec.stack != PERCENT:
        return values
    sizes = np.nansum(np.abs(values), axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(sizes > 0, values / sizes * 100.0, np.nan)


def stack_edges(frame: pd.DataFrame, spec: ChartSpec) -> tuple[np.ndarray, np.ndarray]:
    """Where each series' bar or band starts and ends at each row of `frame` (`stacked_values`, one row
    per series): a value above 0 on the values above 0 of the series before it, one below 0 under
    those below 0, as spreadsheets stack them, so that each side reads as a sum from 0. A missing
    value adds nothing, and its series' end there is NaN."""
    values = stacked_values(frame, spec)
    known = np.nan_to_num(values)
    above, below = np.where(known > 0, known, 0.0), np.where(known < 0, known, 0.0)
    start = np.where(known < 0, np.cumsum(below, axis=0) - below, np.cumsum(above, axis=0) - above)
    return start, start + values


def stacked_frame(frame: pd.DataFrame, spec: ChartSpec) -> pd.DataFrame:
    """`frame` with each y column the ends of its series' bars or bands as stacked (`stack_edges`), the
    values its value axis spans; `frame` itself where nothing is stacked."""
    if not is_stacked(spec):
        return frame
    _, ends = stack_edges(frame, spec)
    # The first of a column named twice: `frame.assign` sets each name once.
    firsts = {name: spec.y.index(name) for name in dict.fromkeys(spec.y)}
    return without_mark_spans(frame.assign(**{name: ends[index] for name, index in firsts.items()}))


def stacked_spans(frame: pd.DataFrame, spec: ChartSpec) -> MarkSpans | None:
    """Where each bar of a chart of `frame` lies along its value axis (`mark_extents.mark_spans`), a stacked
    bar from where it starts on the one below to where it ends (`stack_edges`), not from 0: one lying wholly
    above ymax, on bars that reach past it, is told from one cut at it, and marked as lying beyond."""
    if not is_stacked(spec) or kind_of(spec).x_axis != "categories":
        return mark_spans(spec, stacked_frame(frame, spec))
    starts, ends = stack_edges(frame, spec)
    return MarkSpans(("stacked", tuple(spec.y)), tuple(np.minimum(starts, ends)), tuple(np.maximum(starts, ends)))


def stack_words(spec: ChartSpec, frame: pd.DataFrame, x_at: Callable[[int], str]) -> list[str]:
    """What the alt text says of a stack: "stacked; highest total 42 (2024-03)", the total the sum of an
    x's values, said as the words say a value, with its unit ("$5542"); for percent, "stacked as percent of
    each total", and the x whose total of 0 draws nothing. None where nothing is stacked."""
    if not is_stacked(spec) or not len(frame):
        return []
    values = frame[list(spec.y)].to_numpy(dtype=float, na_value=np.nan)
    known = ~np.isnan(values).all(axis=1)
    totals = np.nansum(values, axis=1)
    if spec.stack == PERCENT:
        words = "stacked as percent of each total"
        empty = np.flatnonzero(known & (np.nansum(np.abs(values), axis=1) == 0))
        if len(empty):
            named = ", ".join(x_at(int(at)) for at in empty[:3]) + (" …" if len(empty) > 3 else "")
            words += (f"; {len(empty)} {'total is' if len(empty) == 1 else 'totals are'} 0 and "
                      f"{'draws' if len(empty) == 1 else 'draw'} nothing ({named})")
        return [words]
    if not known.any():
        return ["stacked"]
    at = int(np.flatnonzero(known)[np.argmax(totals[known])])
    # Said as the words say any value of the value axis, with its unit (`describe`'s last values).
    total = amount_said(value_said(float(totals[at])), float(totals[at]), values_unit(spec, frame), totals[known])
    return [f"stacked; highest total {total} ({x_at(at)})"]


class AreaBands:
    """Stacked areas' bands over `x` (`area_bands`): per series (rows) and x (columns), the band of its
    values above 0, from `up_from` to `up_to`, and of those below 0, from `down_from` to `down_to`."""

    def __init__(self, x: np.ndarray, values: np.ndarray, crossings: np.ndarray) -> None:
        self.x, self.values, self.crossings = x, values, crossings
        known = np.nan_to_num(values)
        up, down = np.where(known > 0, known, 0.0), np.where(known < 0, known, 0.0)
        missing = np.isnan(values)
        self.up_to = np.where(missing, np.nan, np.cumsum(up, axis=0))
        self.up_from = self.up_to - up
        self.down_to = np.where(missing, np.nan, np.cumsum(down, axis=0))
        self.down_from = self.down_to - down

    def line(self, index: int) -> tuple[np.ndarray, np.ndarray]:
        """The x and y of the line along the outer edge of series `index`: the top of its band above 0
        and the bottom of the one below, broken where it crosses 0, rather than run across the bands of
        the series before it from one side to the other."""
        values = self.values[index]
        edge = np.where(values < 0, self.down_to[index], self.up_to[index])
        at = np.flatnonzero(self.crossings[index])
        if not len(at):
            return self.x, edge
        # Each crossing: the end of the side before it, a break, the start of the side after it. A
        # crossing lies between two values, never first.
        xs, ys, start = [], [], 0
        for point in at:
            from_below = values[point - 1] < 0
            before, after = ((self.down_to, self.up_to) if from_below else (self.up_to, self.down_to))
            xs += [self.x[start:point], self.x[[point, point, point]]]
            ys += [edge[start:point], np.array([before[index, point], np.nan, after[index, point]])]
            start = point + 1
        return np.concatenate([*xs, self.x[start:]]), np.concatenate([*ys, edge[start:]])


def area_bands(x: np.ndarray, values: np.ndarray, wide: np.ndarray | None = None) -> AreaBands:
    """Stacked areas' bands over sorted `x` (numbers or dates; one value per series and x in `values`, NaN
    missing): each series' values above 0 on those above 0 of the series before it, those below 0 under
    theirs, as bars stack. Where a series crosses 0 between two x, an x is added where it does, at which
    every series is interpolated: between them each series then keeps to one side of 0, so that its bands
    lie between those of the series before it and after it and cross none. Only in the steps from one x
    to the next that `wide` holds True for, where given: a crossing within a pixel draws nothing a reader
    sees, and a noisy line thinned per pixel column would double its points. `x` of text is kept as it is."""
    numbers = np.asarray(x)
    if not (np.issubdtype(numbers.dtype, np.number) or np.issubdtype(numbers.dtype, np.datetime64)
            or (numbers.dtype == object and len(numbers) and all(isinstance(v, pd.Timestamp) for v in numbers))):
        return AreaBands(numbers, values, np.zeros(values.shape, dtype=bool))
    before, after = values[:, :-1], values[:, 1:]
    with np.errstate(invalid="ignore", divide="ignore"):
        crossing = before * after < 0
        if wide is not None:
            crossing &= wide
        # Where a series crosses 0 between two x, as a share of the step: only there is `before - after` not 0.
        where = np.where(crossing, before / np.where(crossing, before - after, 1.0), np.nan)
    if not crossing.any():
        return AreaBands(numbers, values, np.zeros(values.shape, dtype=bool))
    columns: list[np.ndarray] = []
    xs: list = []
    own: list[np.ndarray] = []
    for at in range(values.shape[1]):
        columns.append(values[:, at])
        xs.append(numbers[at])
        own.append(np.zeros(values.shape[0], dtype=bool))
        if at + 1 == values.shape[1]:
            break
        for share in np.unique(where[:, at][crossing[:, at]]):
            column = before[:, at] + (after[:, at] - before[:, at]) * share
            crossers = crossing[:, at] & (where[:, at] == share)
            columns.append(np.where(crossers, 0.0, column))  # exactly 0 where it crosses, not a rounding off it
            xs.append(numbers[at] + (numbers[at + 1] - numbers[at]) * share)
            own.append(crossers)
    # Whole numbers' crossings lie between them; dates' are dates.
    kept = float if np.issubdtype(numbers.dtype, np.number) else numbers.dtype
    refined = np.array(xs, dtype=kept)
    return AreaBands(refined, np.column_stack(columns) if columns else values, np.column_stack(own) if own
                     else np.zeros(values.shape, dtype=bool))
