"""Ticks, tick labels, grid lines and axis labels, drawn as a few artists per axis.

matplotlib's own `Axis` makes five artists per tick (two marks, a grid line, two labels), copies
their properties tick by tick, lays the ticks out again on every call that asks for a label, and
measures every label once more when it draws, to place the axis label. That was most of a small
chart's render time. Here the axis' own locator and formatter choose the ticks once, the labels
are measured once (with the font's metrics, in `layout`), and each axis draws as one grid
`LineCollection`, one `Line2D` of tick marks and one `Text` per label; matplotlib's `Axis` is
hidden.
"""
from __future__ import annotations

import weakref
from dataclasses import dataclass

import numpy as np
from matplotlib.axes import Axes
from matplotlib.axis import Axis, XAxis, YAxis
from matplotlib.collections import LineCollection
from matplotlib.lines import TICKDOWN, TICKLEFT, Line2D
from matplotlib.text import Text
from matplotlib.ticker import NullLocator
from matplotlib.transforms import ScaledTranslation

TICK_SIZE = 9.0  # points, the tick labels' font size
TICK_LENGTH = 3.5  # points, as matplotlib's default major tick
TICK_PAD = 3.5  # points between a tick mark and its label
LABEL_PAD = 4.0  # points between the tick labels and the axis label
OFFSET_PAD = 3.0  # points between the tick labels and an offset text ("1e6", "2021")
LABEL_SIZE = 10.0  # points, the axis labels' font size
LINE_WIDTH = 0.8

# Rotation asked for by a chart kind, per Axis; read when the ticks are computed.
_rotations: weakref.WeakKeyDictionary[Axis, float] = weakref.WeakKeyDictionary()


class _TicklessXAxis(XAxis):
    def reset_ticks(self) -> None:
        # matplotlib starts each tick list with one Tick (five artists), then restyles it on every
        # clip, grid and tick_params call; ours are drawn by `draw_ticks`, so the lists start empty.
        # Anything that still asks matplotlib for ticks gets them made on demand as usual.
        self.majorTicks = []
        self.minorTicks = []
        if getattr(self, "axes", None) is not None and getattr(self.axes, "patch", None) is not None:
            self.set_clip_path(self.axes.patch)


class _TicklessYAxis(YAxis):
    reset_ticks = _TicklessXAxis.reset_ticks


class ChartAxes(Axes):
    """Axes whose x and y axes make no per-tick artists; `draw_ticks` draws the ticks."""

    def _init_axis(self) -> None:
        self.xaxis = _TicklessXAxis(self, clear=False)
        self.spines.bottom.register_axis(self.xaxis)
        self.spines.top.register_axis(self.xaxis)
        self.yaxis = _TicklessYAxis(self, clear=False)
        self.spines.left.register_axis(self.yaxis)
        self.spines.right.register_axis(self.yaxis)


@dataclass(frozen=True)
class AxisTicks:
    """The major ticks one axis shows: where, with which labels, and the axis' offset text."""

    locs: tuple[float, ...] = ()
    labels: tuple[str, ...] = ()
    offset: str = ""
    rotation: float = 0.0

    def shown_labels(self) -> list[str]:
        """The non-empty labels."""
        return [label for label in self.labels if label]


def rotate_tick_labels(axis: Axis, degrees: float) -> None:
    """Draw `axis`' tick labels turned by `degrees` (90: reading upwards)."""
    _rotations[axis] = float(degrees)


def axis_ticks(axis: Axis) -> AxisTicks:
    """The ticks `axis` would draw at its current view limits and size, computed once."""
    locator = axis.get_major_locator()
    rotation = _rotations.get(axis, 0.0)
    if isinstance(locator, NullLocator):
        return AxisTicks(rotation=rotation)
    locs = np.asarray(locator(), dtype=float)
    formatter = axis.get_major_formatter()
    # Format all the locator's ticks, as matplotlib does: they decide the precision and offset.
    labels = formatter.format_ticks(locs)
    offset = formatter.get_offset()
    lo, hi = sorted(axis.get_view_interval())
    slack = (hi - lo) * 1e-10
    keep = [i for i, loc in enumerate(locs) if lo - slack <= loc <= hi + slack]
    return AxisTicks(tuple(float(locs[i]) for i in keep), tuple(str(labels[i]) for i in keep), offset, rotation)


def draw_ticks(ax: Axes, xticks: AxisTicks, yticks: AxisTicks, x_room: float, y_room: float,
               xlabel: str, ylabel: str, ink: str, muted: str, grid: str,
               label_centres: tuple[float, float] = (0.5, 0.5)) -> None:
    """Hide matplotlib's axes and draw ticks, labels, grid and axis labels in their place.

    `x_room` is the height in points the x tick labels take below the ticks, `y_room` the width
    the y tick labels take left of them; the axis labels go beyond those, centred at
    `label_centres` (axes fractions along x and along y).
    """
    fig = ax.get_figure()
    ax.xaxis.set_visible(False)
    ax.yaxis.set_visible(False)
    for spine in ax.spines.values():
        # A spine takes its place from its axis' tick transforms, which a hidden axis never asks for.
        spine.set_position(("outward", 0.0))
    x_along = ax.get_xaxis_transform()  # x in data, y in axes fractions
    y_along = ax.get_yaxis_transform()  # x in axes fractions, y in data

    def shifted(transform, dx: float, dy: float):
        return transform + ScaledTranslation(dx / 72.0, dy / 72.0, fig.dpi_scale_trans)

    def add(artist) -> None:
        ax.add_artist(artist)
        artist.set_clip_on(False)

    gap = TICK_LENGTH + TICK_PAD
    if xticks.locs:
        add(LineCollection([((x, 0.0), (x, 1.0)) for x in xticks.locs], transform=x_along,
                           colors=grid, linewidths=LINE_WIDTH, zorder=0.5))
        add(Line2D(xticks.locs, [0.0] * len(xticks.locs), transform=x_along, linestyle="none",
                   marker=TICKDOWN, markersize=TICK_LENGTH, markeredgewidth=LINE_WIDTH, color=muted, zorder=2.6))
        under = shifted(x_along, 0.0, -gap)
        for loc, label in zip(xticks.locs, xticks.labels):
            if label:
                add(Text(loc, 0.0, label, transform=under, ha="center", va="top", fontsize=TICK_SIZE,
                         color=ink, rotation=xticks.rotation))
    if yticks.locs:
        add(LineCollection([((0.0, y), (1.0, y)) for y in yticks.locs], transform=y_along,
                           colors=grid, linewidths=LINE_WIDTH, zorder=0.5))
        add(Line2D([0.0] * len(yticks.locs), yticks.locs, transform=y_along, linestyle="none",
                   marker=TICKLEFT, markersize=TICK_LENGTH, markeredgewidth=LINE_WIDTH, color=muted, zorder=2.6))
        beside = shifted(y_along, -gap, 0.0)
        for loc, label in zip(yticks.locs, yticks.labels):
            if label:
                add(Text(0.0, loc, label, transform=beside, ha="right", va="center_baseline",
                         fontsize=TICK_SIZE, color=ink, rotation=yticks.rotation))

    below = gap + x_room
    if xticks.offset:
        add(Text(1.0, 0.0, xticks.offset, transform=shifted(ax.transAxes, 0.0, -(below + OFFSET_PAD)),
                 ha="right", va="top", fontsize=TICK_SIZE, color=muted))
    if yticks.offset:
        add(Text(0.0, 1.0, yticks.offset, transform=shifted(ax.transAxes, 0.0, OFFSET_PAD),
                 ha="left", va="bottom", fontsize=TICK_SIZE, color=muted))
    if xlabel:
        if xticks.offset:
            below += OFFSET_PAD + offset_height()
        add(Text(label_centres[0], 0.0, xlabel, transform=shifted(ax.transAxes, 0.0, -(below + LABEL_PAD)),
                 ha="center", va="top", fontsize=LABEL_SIZE, color=ink, linespacing=1.2))
    if ylabel:
        add(Text(0.0, label_centres[1], ylabel, transform=shifted(ax.transAxes, -(gap + y_room + LABEL_PAD), 0.0),
                 ha="center", va="bottom", rotation=90, rotation_mode="anchor", fontsize=LABEL_SIZE,
                 color=ink, linespacing=1.2))


def offset_height() -> float:
    """Height in points of an offset text line."""
    return TICK_SIZE * 1.17
