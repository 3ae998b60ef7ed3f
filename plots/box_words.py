"""What a box plot's words say of each box: how many values it is drawn from, its median, its quartiles
(the box) and how many outliers lie past its whiskers, which its range alone ("v from −50 to 100") does
not tell a reader who cannot see it."""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .mark_extents import mark_spans
from .kind import kind_of
from .said_values import said_among
from .spec import ChartSpec
from .text import NAMES_NAMED
from .unit_ticks import with_unit


def boxes_said(count: int) -> int:
    """How many of `count` boxes the words describe, as `names_counted` names names: the first
    NAMES_NAMED, or one more where that is all of them, never one left to a count of "1 more"."""
    return count if count <= NAMES_NAMED + 1 else NAMES_NAMED


def box_words(spec: ChartSpec, data: pd.DataFrame, units: Sequence[str | None] | None = None) -> list[str | None]:
    """Per y column of a box plot of `data`, in order, what its box shows, to follow the series' range:
    ", 6 values, median 2.5, quartiles 1.25 and 3.75, 2 outliers past the whiskers" (none past them
    is not said); None for a series of no values, past the boxes described (`boxes_said`), and for
    every series of other kinds. The statistics are those drawn (`mark_spans`, matplotlib's), each
    value written as the words write any, among the range of its values (`said_among`), with the unit
    of its series' values (one of `units` a series)."""
    if kind_of(spec).x_axis != "series":
        return [None] * len(spec.y)
    spans = mark_spans(spec, data)
    stats = spans.stats if spans is not None else ()
    words: list[str | None] = []
    units = list(units) if units is not None else [None] * len(spec.y)
    for at, (name, unit) in enumerate(zip(spec.y, units)):
        count = int(data[name].notna().sum()) if name in data.columns else 0
        if at >= boxes_said(len(spec.y)) or at >= len(stats) or not count:
            words.append(None)
            continue
        box = stats[at]
        # To the place the box's range is told apart to where its ends read alike ("from 20.0013 to 20.0032,
        # median 20.002", not "median 20").
        low, high = float(data[name].min()), float(data[name].max())
        said = [with_unit(said_among(float(box[key]), low, high), unit) for key in ("med", "q1", "q3")]
        outliers = len(np.asarray(box["fliers"]))
        words.append(f", {count} {'value' if count == 1 else 'values'}, median {said[0]}, quartiles {said[1]} and "
                     f"{said[2]}" + (f", {outliers} {'outlier' if outliers == 1 else 'outliers'} past the whiskers"
                                     if outliers else ""))
    return words


def boxes_left_words(spec: ChartSpec) -> str | None:
    """What a box plot's words say where they describe the boxes of only the first few of its series
    (`boxes_said`): "The medians and quartiles of the other 15 boxes are not said"; None where they
    describe every one, and of other kinds."""
    if kind_of(spec).x_axis != "series":
        return None
    left = len(spec.y) - boxes_said(len(spec.y))
    return f"The medians and quartiles of the other {left} boxes are not said" if left else None
