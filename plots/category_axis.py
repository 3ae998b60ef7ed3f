"""How a chart names the categories along an axis (a bar chart's, a line's x of text): blank names
shown visibly, long ones cut and kept apart, crowded ones turned upwards."""
from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import FixedFormatter, FixedLocator

from .told_apart import apart_within, cut_apart
from .layout import LABELS_SHARE, text_size
from .spec import ChartSpec
from .text import shown_value, unseen
from .tick_hints import rotate_tick_labels, turn_rather_than_thin, turn_when_crowded
from .ticks import TICK_SIZE, AxisTicks
from .value_text import DRAWN_LABEL_CHARS, category_labels


def name_text_x(ax: Axes, frame: pd.DataFrame, spec: ChartSpec) -> None:
    """Label an x axis of text (matplotlib's categories, at 0, 1, … in the order of first
    appearance) as a bar chart's names are labelled: blank ones visibly (`blank_named`), each cut to
    DRAWN_LABEL_CHARS and kept apart, turned upwards rather than thinned when crowded.

    matplotlib's own labels are the texts whole: one of 300 characters pushes the plot off the figure.
    """
    if not (spec.x and are_names(frame[spec.x])):
        return
    axis = ax.xaxis
    locs = np.asarray(axis.get_major_locator()(), dtype=float)
    if not len(locs):
        return
    texts = axis.get_major_formatter().format_ticks(locs)
    labels = cut_apart([blank_named(str(text).replace("\t", " ")) for text in texts], DRAWN_LABEL_CHARS)
    axis.set_major_locator(FixedLocator(locs))
    axis.set_major_formatter(FixedFormatter(labels))
    if len(labels) <= LABELS_ACROSS:
        turn_rather_than_thin(axis)
    turn_crowded_labels(ax, labels)


def are_names(values: pd.Series) -> bool:
    """Whether bars of these categories (or the ticks of a line's x) are labelled with names
    (text), not numbers or dates, which a reader could tell from their neighbours'."""
    return not (pd.api.types.is_datetime64_any_dtype(values) or pd.api.types.is_numeric_dtype(values))


def blank_named(text: str) -> str:
    """A text as a chart names it: an empty or blank one (whitespace only) in quotes ('""', '" "'),
    for written as it is it would show nothing; one holding what a reader cannot see (`unseen`: a zero
    width space, "e" and a combining accent for "é") as a page shows a value (`shown_value`: 'x\\u200b',
    'cafe\\u0301'), told apart from the text it looks like; any other as it is."""
    if not text.strip():
        return f'"{text}"'
    return shown_value(text) if unseen(text) else text


def category_names(values: pd.Series, resample: str | None) -> list[str]:
    """The labels of bar categories (`category_labels`), empty and blank texts among them named
    visibly (`blank_named`); a missing value stays unlabelled."""
    labels = category_labels(values, resample)
    if not are_names(values):
        return labels
    return [blank_named(label) if isinstance(value, str) else label for value, label in zip(values, labels)]


# Labels written across an axis read best; they are turned upwards only when fewer than this many
# of them (or fewer than all, when there are fewer) would fit side by side.
LABELS_ACROSS = 24


def turn_crowded_labels(ax: Axes, labels: Sequence[str], names: bool = True) -> None:
    """Turn the x tick labels upwards when LABELS_ACROSS of them, spread evenly, would not fit side
    by side across the plot (turned, long ones are shortened rather than squeezing the plot).

    Written across, more labels than fit are thinned to every n-th (years every few); turned,
    as many fit as lines of text (names, which cannot be guessed from their neighbours). Labels that
    are not `names` (numbers, dates) are never shortened: where one would be, turned, they are
    written across and thinned (a year cut to "2…1" could be any). Else, few enough to be written
    across all of them, they are turned where, measured under the plot, they turn out not to
    stand apart (`tick_hints.turn_when_crowded`): labels of unlike widths ("2024-10", "11") need more
    room than their sum."""
    step = max(1, math.ceil(len(labels) / LABELS_ACROSS))
    fig_w, fig_h = ax.figure.get_size_inches() * 72.0
    # Names are measured only every `step`-th: a line of 5000 names would measure them all.
    if not names and max((text_size(label, TICK_SIZE)[0] for label in labels), default=0.0) > fig_h * LABELS_SHARE:
        return
    if sum(text_size(label, TICK_SIZE)[0] + 6.0 for label in labels[::step]) > fig_w * 0.8:
        rotate_tick_labels(ax.xaxis, 90)
    elif not names and len(labels) <= LABELS_ACROSS:
        turn_when_crowded(ax.xaxis)


def names_within(ticks: AxisTicks, most: float) -> AxisTicks:
    """Names `ticks` (turned under the plot, or beside it) at most `most` points long, the room a plot
    of its least size leaves them inside the figure (`apart_within`).

    Names told apart only by their start, kept wider than the share they may take ("Account
    2042…"), drew the plot past the figure's top edge, or its right, bars and all. Cut alike, the
    names still stand by their bars, and the alt text names them."""
    if all(text_size(label, ticks.size)[0] <= most for label in ticks.labels):
        return ticks
    return dataclasses.replace(ticks, labels=tuple(apart_within(ticks.labels, ticks.size, most)))
