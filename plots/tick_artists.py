"""Ticks, tick labels, grid lines and axis labels, drawn as a few artists per axis.

matplotlib's own `Axis` makes five artists per tick (two marks, a grid line, two labels), copies
their properties tick by tick, lays the ticks out again on every call that asks for a label, and
measures every label once more when it draws, to place the axis label. That was most of a small
chart's render time. Here each axis draws the ticks `ticks.axis_ticks` chose as one `Line2D` of
grid lines, one of tick marks and one `Text` per label; matplotlib's `Axis` is hidden.
"""
from __future__ import annotations

from collections.abc import Iterator

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.font_manager import FontProperties
from matplotlib.lines import TICKDOWN, TICKLEFT, Line2D
from matplotlib.text import Text
from matplotlib.transforms import ScaledTranslation

from .chart_artists import ChartText
from .layout import PAD, text_size
from .ticks import (LABEL_PAD, LABEL_SIZE, LINE_WIDTH, OFFSET_HEIGHT, OFFSET_PAD, SMALLER_TICK_SIZES, TICK_LENGTH,
                    TICK_PAD, TICK_SIZE, AxisTicks)


def place_spines(ax: Axes) -> None:
    """Put the spines on the plot's edges themselves (unless they are there already).

    A spine takes its place from its axis' tick transforms, which a hidden axis never asks for;
    setting the place also resets the axis' ticks, so a blank figure has it set once for all.
    """
    for spine in ax.spines.values():
        if spine.get_position() != ("outward", 0.0):
            spine.set_position(("outward", 0.0))


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
    place_spines(ax)

    def shifted(transform, dx: float, dy: float):
        return transform + ScaledTranslation(dx / 72.0, dy / 72.0, fig.dpi_scale_trans)

    def add(artist) -> None:
        if isinstance(artist, Text):
            # Texts lie outside the plot and above everything in it: drawn by the figure after the
            # axes, they need no clip path (making the axes' one for each is most of adding it).
            fig.add_artist(artist, clip=False)
        else:
            ax.add_artist(artist)
        artist.set_clip_on(False)

    # Each Text copies these; building them from the defaults for every label costs as much again.
    tick_font, label_font = FontProperties(size=TICK_SIZE), FontProperties(size=LABEL_SIZE)
    gap = TICK_LENGTH + TICK_PAD
    for ticks, is_x in ((xticks, True), (yticks, False)):
        font = tick_font if ticks.size == TICK_SIZE else FontProperties(size=ticks.size)
        for artist in _axis_artists(ticks, is_x, ax, gap, font, ink, muted, grid):
            add(artist)

    below = gap + x_room
    if xticks.offset:
        moved, size = _offset_within_figure(ax, xticks.offset, from_right=True)
        add(ChartText(1.0, 0.0, xticks.offset, transform=shifted(ax.transAxes, moved, -(below + OFFSET_PAD)),
                      ha="right", va="top", fontproperties=_sized(tick_font, size), color=muted))
    if yticks.offset:
        moved, size = _offset_within_figure(ax, yticks.offset, from_right=False)
        add(ChartText(0.0, 1.0, yticks.offset, transform=shifted(ax.transAxes, moved, OFFSET_PAD),
                      ha="left", va="bottom", fontproperties=_sized(tick_font, size), color=muted))
    if xlabel:
        if xticks.offset:
            below += OFFSET_PAD + OFFSET_HEIGHT
        add(ChartText(label_centres[0], 0.0, xlabel, transform=shifted(ax.transAxes, 0.0, -(below + LABEL_PAD)),
                      ha="center", va="top", fontproperties=label_font, color=ink, linespacing=1.2))
    if ylabel:
        add(ChartText(0.0, label_centres[1], ylabel,
                      transform=shifted(ax.transAxes, -(gap + y_room + LABEL_PAD), 0.0), ha="center", va="bottom",
                      rotation=90, rotation_mode="anchor", fontproperties=label_font, color=ink, linespacing=1.2))


def _offset_within_figure(ax: Axes, offset: str, from_right: bool) -> tuple[float, float]:
    """How far right (in points) an axis' `offset` text moves from where it is written, and at what
    size, to stand within the figure's padding: the y axis' from the plot's left edge, the x axis'
    (`from_right`) ending at its right edge.

    The years over a narrow chart's dates down the side ("2024–2025") ran past its right edge, and
    an offset wider than the figure less its padding ("+1.23456789e9" over values of 1234567890.1
    to 1234567890.9 on a chart 100 pixels wide) past its left edge: such an offset is written
    smaller (SMALLER_TICK_SIZES) where that fits, and centred where nothing does."""
    fig_w = ax.get_figure().get_size_inches()[0] * 72.0
    room = fig_w - 2 * PAD
    size = next((size for size in (TICK_SIZE, *SMALLER_TICK_SIZES) if text_size(offset, size)[0] <= room),
                SMALLER_TICK_SIZES[-1])
    width = text_size(offset, size)[0]
    box = ax.get_position()
    start = (box.x1 * fig_w - width) if from_right else box.x0 * fig_w
    within = max(min(start, fig_w - PAD - width), min(PAD, (fig_w - width) / 2))
    return within - start, size


def _sized(font: FontProperties, size: float) -> FontProperties:
    """`font`, or a copy of it at `size` points where that differs."""
    if font.get_size_in_points() == size:
        return font
    sized = font.copy()
    sized.set_size(size)
    return sized


def _axis_artists(ticks: AxisTicks, is_x: bool, ax: Axes, gap: float, font: FontProperties, ink: str, muted: str,
                  grid: str) -> Iterator[Artist]:
    """The grid lines, tick marks and labels of the x axis (`is_x`: under the plot) or the y axis
    (left of it), the labels `gap` points beyond the plot's edge."""
    if not ticks.locs:
        return

    def at(along, across=0.0) -> tuple:
        return (along, across) if is_x else (across, along)

    # Along the axis in data units, across it in axes fractions.
    transform = ax.get_xaxis_transform() if is_x else ax.get_yaxis_transform()
    yield _grid(ticks.locs, transform=transform, across=not is_x, colour=grid)
    yield Line2D(*at(ticks.locs, [0.0] * len(ticks.locs)), transform=transform, linestyle="none",
                 marker=TICKDOWN if is_x else TICKLEFT, markersize=TICK_LENGTH, markeredgewidth=LINE_WIDTH,
                 color=muted, zorder=2.6)
    outside = transform + ScaledTranslation(*(points / 72.0 for points in at(0.0, -gap)),
                                            ax.get_figure().dpi_scale_trans)
    ha, va = ("center", "top") if is_x else ("right", "center_baseline")
    for loc, label in zip(ticks.locs, ticks.labels):
        if label:
            yield ChartText(*at(loc), label, transform=outside, ha=ha, va=va, fontproperties=font, color=ink,
                            rotation=ticks.rotation)


def _grid(locs: tuple[float, ...], transform, across: bool, colour: str) -> Line2D:
    """Grid lines at `locs` as one line broken by NaNs: one path to draw, not a collection of them."""
    along = np.repeat(np.asarray(locs, dtype=float), 3)
    span = np.tile([0.0, 1.0, np.nan], len(locs))
    x, y = (span, along) if across else (along, span)
    return Line2D(x, y, transform=transform, color=colour, linewidth=LINE_WIDTH, solid_capstyle="butt",
                  zorder=0.5)
