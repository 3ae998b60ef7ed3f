"""The ticks an axis draws and their labels, chosen once per layout (`axis_ticks`).

matplotlib's own `Axis` lays the ticks out again on every call that asks for a label, and its
locators choose how many ticks from the axis' length, never from how wide the labels are. Here
the axis' own locator and formatter choose the ticks once, the labels are measured once (with the
font's metrics, in `layout`), and fewer ticks are asked for until the labels stand apart;
`tick_artists` draws them. What a chart kind says of an axis beforehand is kept in `tick_hints`.
"""
from __future__ import annotations

import copy
import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np
from matplotlib.axes import Axes
from matplotlib.axis import Axis, XAxis
from matplotlib.ticker import Locator, MaxNLocator, NullLocator

from .tick_hints import (
    labels_are_names,
    reads_apart,
    rotate_tick_labels,
    tick_rotation,
    turn_crowded_once,
    turns_when_crowded,
)


TICK_SIZE = 9.0  # points, the tick labels' font size
# Smaller sizes, largest first, of tick text too wide at TICK_SIZE: a date axis' years in two digits
# where no two stand apart (`date_ticks.several_dates_apart`: a label alone says not what the axis
# spans), an offset text wider than the chart (`tick_artists`), and y labels that bear the plot past
# the chart's right edge however they are written (`plot_place.place_axes`).
SMALLER_TICK_SIZES = (8.0, 7.0, 6.0)
TICK_LENGTH = 3.5  # points, as matplotlib's default major tick
TICK_PAD = 3.5  # points between a tick mark and its label
LABEL_PAD = 4.0  # points between the tick labels and the axis label
OFFSET_PAD = 3.0  # points between the tick labels and an offset text ("1e6", "2021")
LABEL_SIZE = 10.0  # points, the axis labels' font size
LINE_HEIGHT = 1.17  # ems: a line of DejaVu Sans from ascender to descender
OFFSET_HEIGHT = TICK_SIZE * LINE_HEIGHT  # points, an offset text's line ("1e6", "2021")
LINE_WIDTH = 0.8
LABEL_GAP = 4.0  # points of space at least between neighbouring tick labels written along an axis
MOST_ASKED = 10  # the most intervals a value axis' locator is asked for where fewer leave it one label


@dataclass(frozen=True)
class AxisTicks:
    """The major ticks one axis shows: where, with which labels, and the axis' offset text."""

    locs: tuple[float, ...] = ()
    labels: tuple[str, ...] = ()
    offset: str = ""
    rotation: float = 0.0
    size: float = TICK_SIZE  # points, the labels' font size (SMALLER_TICK_SIZES where too wide)

    def shown_labels(self) -> list[str]:
        """The non-empty labels."""
        return [label for label in self.labels if label]

    def only(self, kept: Sequence[int]) -> AxisTicks:
        """These ticks but only those at the indices `kept`, with the same offset, rotation and size."""
        return AxisTicks(tuple(self.locs[i] for i in kept), tuple(self.labels[i] for i in kept), self.offset,
                         self.rotation, self.size)


def kept_least_height(axes: Axes) -> bool:
    """Whether `axes` is laid out only as high as the least height a plot keeps (`layout.plot_box`)."""
    from .layout import MIN_PLOT  # here, as `layout` imports this module

    return axes.get_position().height <= MIN_PLOT + 1e-9


def axis_ticks(axis: Axis) -> AxisTicks:
    """The ticks `axis` would draw at its current view limits and size, computed once.

    matplotlib's locators choose how many ticks from the axis' length and the font size, or (for
    dates) not at all, never from how wide the labels are: on a narrow chart "2000", "2004", …
    run together. Then the locator is asked for fewer ticks until the labels stand apart, so that
    they stay round numbers and dates (a locator of steps of its own, a date axis', as it says:
    `fewer_locators`; `_fewer_tick_locators` asks others); other locators (categories) keep every n-th tick
    (`every_nth_ticks.every_nth_apart`). An axis whose locator's steps leave it so with one tick or none
    takes that locator's last resort (`several_apart`: two or more of a finer step, where they fit), as
    ticks thinned to round steps of what they count keep every n-th (`every_nth_ticks.several_every_nth`),
    and a value axis left with one label asks its locator for more, kept every n-th (`several_values`).
    An x axis of names (`tick_hints.turn_rather_than_thin`), or of few dates or numbers
    (`tick_hints.turn_when_crowded`), turns its labels first; one of dates or numbers
    (`tick_hints.thin_rather_than_turn`) turned upwards under a plot they leave its least height is
    written across instead.
    """
    locator = axis.get_major_locator()
    rotation = tick_rotation(axis)
    if isinstance(locator, NullLocator):
        return AxisTicks(rotation=rotation)
    if reads_apart(axis) and isinstance(axis, XAxis) and rotation % 180 == 90 and kept_least_height(axis.axes):
        # Across for good, as names are turned for good: the plot is laid out again, and a taller
        # plot would leave room to turn them again only to shorten it once more.
        rotate_tick_labels(axis, 0)
        return axis_ticks(axis)
    ticks = located_ticks(axis, locator, rotation)
    # A locator of steps of its own (a date axis') says how it is thinned: `fewer_locators` asks
    # copies of it for fewer ticks, and `several_apart` is its last resort where those keep one.
    stepped = hasattr(locator, "fewer_locators")
    if _apart(axis, ticks, stepped):
        return several_values(axis, locator, ticks)
    if labels_are_names(axis) and isinstance(axis, XAxis) and rotation % 180 == 0:
        # Turned for good: the plot is then laid out again, and a wider plot would fit them across
        # again only to narrow it once more.
        rotate_tick_labels(axis, 90)
        return axis_ticks(axis)
    if turns_when_crowded(axis) and isinstance(axis, XAxis) and rotation % 180 == 0:
        turn_crowded_once(axis)
        return axis_ticks(axis)
    tried = {ticks.locs}
    crowded = [ticks]  # the ticks tried whose labels run together, most first
    asked = locator.fewer_locators(len(ticks.locs)) if stepped else _fewer_tick_locators(locator, len(ticks.locs))
    for fewer in asked:
        thinned = located_ticks(axis, fewer, rotation)
        if thinned.locs in tried:  # asked for fewer, a locator of steps often gives the same ticks
            continue
        tried.add(thinned.locs)
        if _apart(axis, thinned, stepped):
            # Asked for very few, a locator of steps may place one tick within the view, or none.
            if stepped and len(thinned.locs) <= 1:
                return locator.several_apart(axis, crowded, thinned)
            return several_values(axis, locator, thinned)
        crowded.append(thinned)
    fewest = crowded[-1]
    if stepped:
        # Only the ticks the fewest step keeps, labelled as among all of them (the 1st of each
        # month "Jan", "Feb", not "2024", "Feb").
        kept = [i for i, loc in enumerate(ticks.locs) if loc in fewest.locs]
        ticks = ticks.only(kept) if kept else fewest
        if labels_apart(axis, ticks):
            return ticks
    from .every_nth_ticks import every_nth_apart  # here, as `every_nth_ticks` imports this module

    thinned = every_nth_apart(axis, ticks)
    if stepped and len(thinned.shown_labels()) < 2:
        # Its fewest ticks run together too (2020 and 2025 on a plot 20 points wide): its last
        # resort may keep two, of a finer step or in smaller labels.
        return locator.several_apart(axis, crowded, thinned)
    return several_values(axis, locator, thinned)


def _apart(axis: Axis, ticks: AxisTicks, stepped: bool) -> bool:
    """Whether the labels of `ticks` stand apart on the plot now and, for a locator of steps of its
    own (a date axis'), on the plot they leave too (`year_digits.apart_where_drawn`): "2022",
    "2024" fit on the plot "'22", "'24" left, not on their own, and the axis swung between the two."""
    if not labels_apart(axis, ticks):
        return False
    from .year_digits import apart_where_drawn  # here, as `year_digits` imports this module

    return not stepped or apart_where_drawn(axis, ticks)


def several_values(axis: Axis, locator: Locator, found: AxisTicks) -> AxisTicks:
    """`found`, the ticks fewer asked of an axis' `locator` left, where they show two labels or more;
    else two or more of a value axis whose labels stand apart, where the axis has room for them.

    A label alone does not say what the axis spans, nor which way it runs: a short chart of 0 to
    160 read "0" only. Its locator is asked for ever more ticks, each kept as they are or every
    n-th (`every_nth_ticks.several_every_nth`): 0 and 150 of 0, 50, 100, 150.
    """
    if len(found.shown_labels()) >= 2 or not isinstance(locator, MaxNLocator):
        return found
    from .every_nth_ticks import several_every_nth  # here, as `every_nth_ticks` imports this module

    for intervals in range(2, MOST_ASKED + 1):
        more = copy.copy(locator)
        more.set_params(nbins=intervals)
        ticks = located_ticks(axis, more, found.rotation)
        if len(ticks.shown_labels()) < 2:
            continue
        # Counted from the lone tick where it is among these, else from the first.
        among = found if set(found.locs) <= set(ticks.locs) else AxisTicks(rotation=found.rotation)
        several = ticks if labels_apart(axis, ticks) else several_every_nth(axis, ticks, among)
        if len(several.shown_labels()) >= 2:
            return several
    return found


def located_ticks(axis: Axis, locator: Locator, rotation: float) -> AxisTicks:
    """The ticks `locator` places within `axis`' view, labelled by the axis' formatter."""
    locs = np.asarray(locator(), dtype=float)
    formatter = axis.get_major_formatter()
    # Format all the locator's ticks, as matplotlib does: they decide the precision and offset.
    labels = formatter.format_ticks(locs)
    keep = within_view(axis, locs)
    # A text x's values are labels as they are; a tab in one is a space, as no font draws a tab.
    shown = tuple(str(labels[i]).replace("\t", " ") for i in keep)
    return AxisTicks(tuple(float(locs[i]) for i in keep), shown, formatter.get_offset(), rotation)


def within_view(axis: Axis, locs: np.ndarray) -> list[int]:
    """The indices of the `locs` that lie within `axis`' view (a locator may place some beyond it)."""
    lo, hi = sorted(axis.get_view_interval())
    slack = (hi - lo) * 1e-10
    return [i for i, loc in enumerate(locs) if lo - slack <= loc <= hi + slack]


def round_steps() -> Iterator[int]:
    """The steps a reader counts in, ever larger: 1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, …"""
    for power in itertools.count():
        for multiple in (1, 2, 2.5, 5):
            step = multiple * 10**power
            if float(step).is_integer():
                yield int(step)


def _fewer_tick_locators(locator: Locator, count: int) -> Iterator[Locator]:
    """Copies of `locator` asked for ever fewer ticks than `count`, for the locators that can be
    asked but have no steps of their own (`MaxNLocator`: one of steps of its own is asked by its
    `fewer_locators`); the axis keeps its own locator."""
    if isinstance(locator, MaxNLocator):
        # The axis may have asked for more intervals than it shows: fewer may give as many ticks.
        for intervals in range(count - 1, 0, -1):
            fewer = copy.copy(locator)
            fewer.set_params(nbins=intervals)
            yield fewer


def tick_places(axis: Axis, locs: Sequence[float]) -> np.ndarray:
    """Where ticks at `locs` lie along `axis`, in points."""
    locs = np.asarray(locs, dtype=float)
    across = np.zeros_like(locs)
    axes = axis.axes
    if isinstance(axis, XAxis):
        places = axes.get_xaxis_transform().transform(np.column_stack([locs, across]))[:, 0]
    else:
        places = axes.get_yaxis_transform().transform(np.column_stack([across, locs]))[:, 1]
    return places * 72.0 / axes.get_figure(root=True).dpi  # pixels to points


def labels_apart(axis: Axis, ticks: AxisTicks, scale: float = 1.0) -> bool:
    """Whether each two neighbouring labels of `ticks` along `axis` have LABEL_GAP between them,
    on a plot `scale` times as long as it is now."""
    from .layout import least_width, text_height, text_size  # here, as `layout` imports this module

    labelled = [(loc, label) for loc, label in zip(ticks.locs, ticks.labels) if label]
    if len(labelled) < 2:
        return True
    places = tick_places(axis, [loc for loc, _ in labelled])
    # A label takes its width along an axis it is written along, its height along one it crosses.
    lengthwise = isinstance(axis, XAxis) == (ticks.rotation % 180 == 0)
    room = np.abs(np.diff(places)) * scale
    if not lengthwise:
        # Across, a label's height is a whole line's, ascent and descent: space enough of its own.
        halves = np.array([text_height(label, ticks.size) / 2 for _, label in labelled])
        return bool(np.all(room >= halves[1:] + halves[:-1]))

    def apart(widths: np.ndarray) -> bool:
        return bool(np.all(room >= (widths[1:] + widths[:-1]) / 2 + LABEL_GAP))

    # Measuring is most of the work: labels that would not be apart at their least widths are not
    # measured (thinning a line's thousands of names tries many steps).
    return (apart(np.array([least_width(label, ticks.size) for _, label in labelled]))
            and apart(np.array([text_size(label, ticks.size)[0] for _, label in labelled])))
