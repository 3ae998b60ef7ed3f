"""Place the axes inside the figure from measured text extents, without a layout engine.

matplotlib's constrained/tight layout and `bbox_inches="tight"` draw every text twice; here each
label is measured once with the font's own metrics and the margins follow from that.
"""
from __future__ import annotations

import functools
import unicodedata
from collections.abc import Callable
from typing import TypeVar

from matplotlib.axes import Axes
from matplotlib.font_manager import FontProperties
from matplotlib.textpath import TextToPath

from .chart_artists import KEPT_LINE, font_key
from .ticks import (LABEL_PAD, LABEL_SIZE, LINE_HEIGHT, OFFSET_HEIGHT, OFFSET_PAD, TICK_LENGTH, TICK_PAD, TICK_SIZE,
                    AxisTicks, tick_places)

PAD = 6.0  # points of white space at the figure's edge
MIN_PLOT = 0.2  # the least share of the figure's width and of its height that the plot keeps
# The share of the figure's height turned x tick labels (names) are shortened to, and of its width
# the names down a horizontal bar chart's side.
LABELS_SHARE = 1 / 3
# The share of the figure's width the plot keeps beside dates down a horizontal bar chart's side,
# where a shorter form of them (their years written once) leaves it that.
PLOT_BESIDE_DATES = 0.5
TICK_GAP = TICK_LENGTH + TICK_PAD + 1.0  # points from the plot's edge to its tick labels, + rounding
# Points a y tick label, centred on its tick by the middle of its height above the baseline, stands
# above it (ascenders and all, as matplotlib measures a 9-point label's extent), and the least
# points between the highest one and the header's text over the plot.
LABEL_ABOVE_TICK = 3.5
HEADER_GAP = 0.5
_measurer = TextToPath()
T = TypeVar("T")


def kept_for_short_texts(longest: int, most: int) -> Callable[[Callable[..., T]], Callable[..., T]]:
    """A decorator: the function, whose first argument is a text, with its answers kept for the `most`
    texts of at most `longest` characters last asked (`functools.lru_cache`: `cache_clear`,
    `cache_info`), a longer text answered anew each time, so that what is kept stays small however
    long a text a user sends."""
    def kept_for(answer: Callable[..., T]) -> Callable[..., T]:
        kept = functools.lru_cache(maxsize=most)(answer)

        @functools.wraps(answer)
        def answered(text: str, *args):
            return (kept if len(text) <= longest else answer)(text, *args)

        answered.cache_clear, answered.cache_info = kept.cache_clear, kept.cache_info
        return answered
    return kept_for


# A measure's answers kept for the 4,096 lines of at most KEPT_LINE characters last measured.
kept_for_short_lines = kept_for_short_texts(KEPT_LINE, 4096)


@kept_for_short_lines
def text_metrics(text: str, font: tuple) -> tuple[float, float, float]:
    """Width, height and descent in points of one line of `text` in `font` (a `font_key`), from the
    font's outlines; the layout here and the SVG renderer share these measurements."""
    family, style, variant, weight, stretch, size, file = font
    prop = FontProperties(family=list(family), style=style, variant=variant, weight=weight, stretch=stretch,
                          size=size, fname=file)
    return _measurer.get_text_width_height_descent(text, prop, ismath=False)


@kept_for_short_lines
def line_extent(text: str, size: float, weight: str) -> tuple[float, float]:
    """Width and height in points of one line of `text`."""
    width, height, _ = text_metrics(text, font_key(FontProperties(size=size, weight=weight)))
    # Outline metrics run a little narrower than hinted raster text and browsers' own layout.
    return width * 1.07 + 1.0, height


def text_size(text: str, size: float, weight: str = "normal") -> tuple[float, float]:
    """Width and height in points of `text`, which may hold several lines."""
    width = max(line_extent(line or " ", size, weight)[0] for line in text.split("\n"))
    return width, text_height(text, size)


def text_height(text: str, size: float) -> float:
    """Height in points of `text`, which may hold several lines: matplotlib spaces them 1.2 apart."""
    return size * LINE_HEIGHT * (1 + 1.2 * text.count("\n"))


# No character that takes room is narrower than this share of the font's size (DejaVu Sans' "i"
# and "l" take 0.28); marks, joiners and spaces (some thinner) may take none, and are not counted.
NARROWEST = 0.25
_TAKE_NO_ROOM = frozenset(("Mn", "Me", "Cf", "Zs", "Zl", "Zp", "Cc"))


def least_width(text: str, size: float) -> float:
    """A width in points `text` surely takes at least, found without measuring it: its characters
    that take room, each at the NARROWEST."""
    widest = max(sum(unicodedata.category(c) not in _TAKE_NO_ROOM for c in line) for line in text.split("\n"))
    return widest * size * NARROWEST * 1.07 + 1.0  # as `line_extent` widens what it measures


def header_room(fig_h: float, xlabel: str, xticks: AxisTicks | None = None, yticks: AxisTicks | None = None) -> float:
    """How far down in points from the top edge of a `fig_h`-point figure the title and legend may
    reach and leave the plot its least height (MIN_PLOT of the figure's) above the x tick labels
    `xticks` and the axis title `xlabel`, and under the y axis' offset text of `yticks`.

    Before the ticks are known (`xticks` None), one line of tick labels is counted. A header
    drawn within it, passed to `plot_box` with the gap under it, never meets the plot.
    """
    above = OFFSET_HEIGHT + OFFSET_PAD if yticks is not None and yticks.offset else 0.0
    return fig_h * (1 - MIN_PLOT) - _below(xticks, xlabel)[0] - above


def turned_labels_room(fig_h: float, xlabel: str) -> float:
    """How long in points turned x tick labels may be for a plot of its least height (MIN_PLOT of
    the figure's) to stay inside a `fig_h`-point figure, with no header above it and the axis title
    `xlabel` under them."""
    return fig_h * (1 - MIN_PLOT) - PAD - 4.0 - _below(AxisTicks(), xlabel)[0]


def side_labels_room(fig_w: float, ylabel: str) -> float:
    """How wide in points y tick labels may be for a plot of its least width (MIN_PLOT of the
    figure's) to stay inside a `fig_w`-point figure, beside the axis title `ylabel`."""
    return fig_w * (1 - MIN_PLOT) - 2 * PAD - TICK_GAP - axis_title_room(ylabel)


def axis_title_room(title: str) -> float:
    """The points an axis title `title` takes across its axis, its lines and the gap beside them: off
    the plot's width beside it (the y axis title) or its height over it (the x axis title)."""
    return text_size(title, LABEL_SIZE)[1] + LABEL_PAD if title else 0.0


def plot_box(fig_w: float, fig_h: float, header: float, xticks: AxisTicks, yticks: AxisTicks,
             xlabel: str, ylabel: str, right_most: float | None = None) -> tuple[tuple[float, float, float, float],
                                                                             float, float]:
    """Where the plot goes so that ticks, labels and offsets fit inside a `fig_w`×`fig_h` figure.

    All sizes are in points; `header` is the height taken at the top by the title and legend.
    Returns the axes rectangle in figure fractions, the height the x tick labels take and the
    width the y tick labels take. The plot keeps MIN_PLOT of the figure's width and height, over
    what goes around it if need be: `header_room` says how high a header leaves it that. Its right
    edge stays at `right_most` points from the left at most, where given: an x tick label there
    would else reach past the figure's edge.
    """
    ylabels = yticks.shown_labels()
    xlabels = xticks.shown_labels()
    y_room = max((_label_extent(t, yticks.size, yticks.rotation)[0] for t in ylabels), default=0.0)
    upright = xticks.rotation % 180 == 0
    x_last_w = _label_extent(xlabels[-1], xticks.size, 0)[0] / 2 if xlabels and upright else 0.0
    x_first_w = _label_extent(xlabels[0], xticks.size, 0)[0] / 2 if xlabels and upright else 0.0

    left = PAD + y_room + TICK_GAP
    bottom, x_room = _below(xticks, xlabel)
    top = PAD
    right = _right_margin(x_last_w)
    left = max(left, PAD + x_first_w)
    left += axis_title_room(ylabel)
    if yticks.offset:
        top += OFFSET_HEIGHT + OFFSET_PAD
    top += header if header else 4.0

    width = max(fig_w - left - right, fig_w * MIN_PLOT)
    if right_most is not None:
        width = max(min(width, right_most - left), 1.0)
    height = max(fig_h - top - bottom, fig_h * MIN_PLOT)
    if yticks.offset:
        # The offset text ("1e7") says what the labels count in: a plot kept at its least height
        # rose with it past the figure's top edge, and labels "0.5" read ten million times too small.
        height = max(min(height, fig_h - bottom - OFFSET_HEIGHT - OFFSET_PAD), 1.0)
    return (left / fig_w, bottom / fig_h, width / fig_w, height / fig_h), x_room, y_room


def _right_margin(x_last_w: float) -> float:
    """The points right of the plot, for an x tick label reaching `x_last_w` points past its tick
    on the plot's right edge: the label may stand 4 of them in the padding."""
    return PAD + max(0.0, x_last_w - 4.0)


def plot_width_with_last_x_label(ax: Axes, label_w: float) -> float:
    """The width in points `ax`'s plot would have with an x tick label `label_w` points wide on its
    right edge, as `plot_box` lays it out, from where the plot stands now."""
    fig_w = ax.get_figure(root=True).get_size_inches()[0] * 72.0
    return max((1 - ax.get_position().x0) * fig_w - _right_margin(label_w / 2), fig_w * MIN_PLOT)


def dates_room(fig_w: float) -> float:
    """How wide in points dates down a horizontal bar chart's side may be for the plot to keep
    PLOT_BESIDE_DATES of a `fig_w`-point figure's width, beside them and a line of axis title, as
    `plot_box` lays them out, with a value label as wide as "0.0" on the plot's right edge (the
    values' labels are not known before the plot's width is)."""
    title = text_size("X", LABEL_SIZE)[1] + LABEL_PAD
    right = _right_margin(text_size("0.0", TICK_SIZE)[0] / 2)
    return fig_w * (1 - PLOT_BESIDE_DATES) - PAD - TICK_GAP - title - right


def x_labels_past_edge(ax: Axes, xticks: AxisTicks, fig_w: float) -> float:
    """How far in points the x tick labels written across reach past the figure's right edge (0: none)."""
    shown = [(loc, label) for loc, label in zip(xticks.locs, xticks.labels) if label]
    if xticks.rotation % 180 != 0 or not shown:
        return 0.0
    places = tick_places(ax.xaxis, [loc for loc, _ in shown])
    return max(0.0, max(place + text_size(label, xticks.size)[0] / 2 for place, (_, label) in zip(places, shown)) - fig_w)


def _below(xticks: AxisTicks | None, xlabel: str) -> tuple[float, float]:
    """The height in points under the plot (to the figure's edge) and the height of the x tick
    labels in it, for the labels of `xticks` (one line when None) and the axis title `xlabel`."""
    if xticks is None:
        x_room, offset = text_size("0", TICK_SIZE)[1], False
    else:
        x_room = max((_label_extent(t, xticks.size, xticks.rotation)[1] for t in xticks.shown_labels()), default=0.0)
        offset = bool(xticks.offset)
    bottom = PAD + x_room + TICK_GAP + axis_title_room(xlabel)
    if offset:
        bottom += OFFSET_HEIGHT + OFFSET_PAD
    return bottom, x_room


def _label_extent(text: str, size: float, rotation: float) -> tuple[float, float]:
    w, h = text_size(text, size)
    return (h, w) if rotation % 180 == 90 else (w, h)
