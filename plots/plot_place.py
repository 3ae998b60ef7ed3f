"""Where a chart's plot goes: sized to its tick labels and beside its axis titles, the numbers beside
it written so that it stays inside the chart (`place_axes`)."""
from __future__ import annotations

import dataclasses
import math
from typing import NamedTuple

from matplotlib import rcParams

from .axis_offset import WholeOffsetFormatter
from .category_axis import names_within
from .fitted_text import fitted_lines, shorten, title_unless_stub
from .layout import (LABELS_SHARE, PAD, TICK_GAP, axis_title_room, plot_box, side_labels_room, turned_labels_room,
                     line_extent, x_labels_past_edge)
from .ticks import (LABEL_SIZE, SMALLER_TICK_SIZES, TICK_SIZE, AxisTicks, axis_ticks, kept_least_height,
                    labels_apart, located_ticks)
from .told_apart import shorten_apart

# Numbers within 10**±WHOLE_POWERS may be written whole, the digits a double holds, where a short
# plot leaves no room for the power of ten above it (`place_axes`).
WHOLE_POWERS = 15


class Placed(NamedTuple):
    """A plot as `place_axes` laid it out: its ticks, the room their labels take, its box (figure
    fractions) and its axis titles as drawn."""

    xticks: AxisTicks
    yticks: AxisTicks
    x_room: float
    y_room: float
    box: tuple[float, float, float, float]
    y_title: str
    x_title: str


def place_axes(ax, fig_w: float, fig_h: float, header: float, xlabel: str, y_title: str, with_ticks: bool = True,
               names_down: bool = False, names_most: float | None = None, names_turned: bool = False) -> Placed:
    """Size the plot to its tick labels and fit the y axis title `y_title` beside it; the ticks and
    the title's room depend on the plot's size, so settle all three.

    `names_down`: the y tick labels are names (`render._names_of_categories`), which may be shortened,
    and for which the x axis title `xlabel` gives way (`_names_before_axis_title`).
    `names_most`: how long in points turned x tick labels may be (`turned_names_room`), else a
    share of the figure's height.
    `names_turned`: the x tick labels are names, which keep the plot inside the figure when turned
    (`names_within`), and for which the y axis title gives way (`_names_before_axis_title`).
    y tick labels too wide for the plot to stay inside the chart, however written, are written smaller.
    Returns the plot as laid out (`Placed`).
    """

    y_size = TICK_SIZE  # the y tick labels' size: smaller where the plot would else pass the right edge
    written = _y_title  # how the y axis title is written along the plot: `_Y_TITLE_GIVING_WAY`
    x_title = xlabel  # the x axis title as written under it (`_X_TITLE_GIVING_WAY`), for each `placed_with`

    def ticks():
        if not with_ticks:
            return AxisTicks(), AxisTicks()
        # Tick labels of names may take at most a third of the figure across their axis (long
        # categories). Numbers and dates are never cut: "10…" could be any of them, so the plot
        # narrows for them instead.
        x, y = axis_ticks(ax.xaxis), axis_ticks(ax.yaxis)
        if x.rotation % 180 == 90:
            x = _shortened(x, fig_h * LABELS_SHARE if names_most is None else names_most)
            if names_turned:
                x = names_within(x, turned_labels_room(fig_h, x_title))
        if names_down and y.rotation % 180 == 0:
            y = names_within(_shortened(y, fig_w * LABELS_SHARE), side_labels_room(fig_w, y_title))
        if y_size < y.size and y.rotation % 180 == 0:
            y = dataclasses.replace(y, size=y_size)
        return x, y

    def fitted_y_title(plot_height: float, band: float = 0.0) -> str:
        # Centred beside the plot and never longer than it is high, give or take half the edge
        # padding at each end (the layout measures generously): clear of the title and legend
        # above and of the x tick labels below.
        drawn = written(y_title, min(fig_h * 0.7, plot_height + PAD), fig_w)
        if drawn and drawn != y_title and _whole_on_one_line(y_title, min(fig_h * 0.7, plot_height + band + PAD)):
            # Where it would be shortened or wrapped, a title that fits whole on one line beside the
            # plot and the band of the x tick labels under it (`band` points), which lies empty beside
            # it (`plot_box` keeps the first x label's half clear of its column), reaches into that
            # band: beside a thumbnail's plot 3 points shorter than it "sightings" stood as "sightin…".
            return y_title
        return drawn

    def laid_out(xticks: AxisTicks, yticks: AxisTicks, ylabel: str):
        box, x_room, y_room = plot_box(fig_w, fig_h, header, xticks, yticks, x_title, ylabel)
        ax.set_position(box)
        past = x_labels_past_edge(ax, xticks, fig_w)
        if past > 0:
            # A plot kept at its least width beside wide y labels bore its last x label past the
            # figure's edge ("1020" under a 100 px histogram): the plot narrows for it.
            box, x_room, y_room = plot_box(fig_w, fig_h, header, xticks, yticks, x_title, ylabel,
                                           (box[0] + box[2]) * fig_w - past)
            ax.set_position(box)
        return box, x_room, y_room

    def settle() -> Placed:
        xticks, yticks = ticks()
        ylabel = fitted_y_title(fig_h)
        for _ in range(3):
            box, x_room, y_room = laid_out(xticks, yticks, ylabel)
            settled = ticks(), fitted_y_title(box[3] * fig_h, x_room + TICK_GAP if x_room else 0.0)
            if settled == ((xticks, yticks), ylabel):
                break
            (xticks, yticks), ylabel = settled
        else:
            box, x_room, y_room = laid_out(xticks, yticks, ylabel)
        return Placed(xticks, yticks, x_room, y_room, box, ylabel, x_title)

    def numbers_written() -> Placed:
        # Numbers beside the plot written as matplotlib writes them, else in a power of ten or whole,
        # whichever keeps the plot inside the chart.
        formatter = ax.yaxis.get_major_formatter()
        if type(formatter) is WholeOffsetFormatter:
            # Each layout starts from matplotlib's way: one started from the last one's power of ten
            # went back from it to numbers written whole past the right edge (near -1000, 100 px square).
            formatter.set_powerlimits(rcParams["axes.formatter.limits"])
            formatter.set_useOffset(rcParams["axes.formatter.useoffset"])
        placed = settle()
        if with_ticks and not names_down and _past_right_edge(placed.box, fig_w) and type(formatter) is WholeOffsetFormatter:
            # Whole numbers too wide for the plot to keep its least width beside them: written as
            # matplotlib writes very large and small ones, a few digits and their power above the
            # axis ("4", "5" and "1e4" for 40000, 50000), where that is narrower.
            limits = rcParams["axes.formatter.limits"]
            formatter.set_powerlimits((0, 0))
            in_powers = settle()
            if in_powers.y_room < placed.y_room:
                return in_powers
            formatter.set_powerlimits(limits)
            placed = settle()
        if with_ticks and placed.yticks.offset and kept_least_height(ax) and type(formatter) is WholeOffsetFormatter:
            # An offset text ("1e7") above a plot kept at its least height, or lowered under it to
            # leave the offset room: numbers written whole ("5000000") take no line of their own, and
            # are written so where the plot keeps its least width beside them.
            offset = formatter.get_useOffset()
            formatter.set_powerlimits((-WHOLE_POWERS, WHOLE_POWERS))
            formatter.set_useOffset(False)
            whole = settle()
            if not whole.yticks.offset and not _past_right_edge(whole.box, fig_w):
                return whole
            formatter.set_powerlimits(rcParams["axes.formatter.limits"])
            formatter.set_useOffset(offset)
            placed = settle()
        return placed

    def placed_with(y_title_written=_y_title, x_title_written=_x_title) -> Placed:
        nonlocal written, x_title, y_size
        written, x_title, y_size = y_title_written, x_title_written(xlabel, fig_w * 0.8, fig_w), TICK_SIZE
        placed = numbers_written()
        if with_ticks and not names_down and _past_right_edge(placed.box, fig_w):
            # Labels that neither a power of ten nor writing them whole narrows ("−1001.0" to "−998.0", in
            # thousands "−1.0010" to "−0.9980") bore a plot 100 pixels wide past the right edge, and its
            # last x label with it: they are written smaller, as the years of a narrow date axis and an
            # offset text too wide for the chart are, at the largest of SMALLER_TICK_SIZES that keeps
            # the plot inside, else the smallest.
            for y_size in SMALLER_TICK_SIZES:
                placed = settle()
                if not _past_right_edge(placed.box, fig_w):
                    break
        return placed

    placed = placed_with()
    if with_ticks and names_turned:
        return _names_before_axis_title(ax.xaxis, fig_w, fig_h, placed, _Y_TITLE_GIVING_WAY,
                                        lambda way: placed_with(y_title_written=way))
    if with_ticks and names_down:
        return _names_before_axis_title(ax.yaxis, fig_w, fig_h, placed, _X_TITLE_GIVING_WAY,
                                        lambda way: placed_with(x_title_written=way))
    return placed


def _names_before_axis_title(names_axis, fig_w: float, fig_h: float, placed: Placed, giving_way,
                             placed_with) -> Placed:
    """`placed` (`place_axes`' answer), or the plot laid out again by `placed_with` with the axis
    title across `names_axis`, the axis of the names, written in fewer lines or left out (the ways of
    `giving_way` after its first), the first that names every category: where even none does,
    `placed` as it was.

    Turned names thinned to every other stood under a small box plot beside the title of its values,
    "si…" ("Bear" and "Wolf" 100 px square, no "Deer"), and names down a horizontal bar chart's side
    over the title of its values ("Bear" and "Wolf" of four bars 120 px high, under "values"): a box
    or a bar unnamed could be any, and the ticks along the other axis say what its values are, as the
    names say what their axis holds.
    """
    def shown(laid: Placed) -> AxisTicks:
        """The names' ticks as `laid` out."""
        return laid.xticks if turned else laid.yticks

    # The names' ticks, the title across them and the plot's length along them, in `placed`.
    turned = names_axis is names_axis.axes.xaxis
    across, length = (placed.y_title, placed.box[2] * fig_w) if turned else (placed.x_title, placed.box[3] * fig_h)
    names = located_ticks(names_axis, names_axis.get_major_locator(), shown(placed).rotation)
    if len(shown(placed).shown_labels()) >= len(names.shown_labels()) or not across:
        return placed
    laid_out_again = False
    for title_written in giving_way[1:]:
        title = title_written(across, math.inf, fig_w)
        if title == across:
            continue
        # Measured first on the plot lengthened by the room the title leaves, as laying it out is most of the work.
        if not labels_apart(names_axis, names, (length + axis_title_room(across) - axis_title_room(title)) / length):
            continue
        fewer = placed_with(title_written)
        laid_out_again = True
        if len(shown(fewer).shown_labels()) >= len(names.shown_labels()):
            return fewer
    return placed_with(giving_way[0]) if laid_out_again else placed


def _past_right_edge(box: tuple[float, float, float, float], fig_w: float) -> bool:
    """Whether a plot laid out at `box` (figure fractions) reaches past half the padding at the
    figure's right edge, by more than rounding.

    Its frame may take the padding's outer half: whole numbers beside a plot reaching 1.2 points
    into it were written in thousands, their "1e3" over the top of a tall histogram some 1,400
    points above its lowest label. Its x tick labels stay within the figure (`x_labels_past_edge`)."""
    left, _, width, _ = box
    return left + width > 1 - PAD / 2 / fig_w + 1e-9


def _shortened(ticks, max_width: float):
    labels = tuple(shorten_apart(ticks.labels, TICK_SIZE, max_width))
    return ticks if labels == ticks.labels else dataclasses.replace(ticks, labels=labels)


def _y_title(text: str, length: float, fig_w: float) -> str:
    """The y axis title in lines of at most `length` points, at most a fifth of the figure wide,
    where all its words fit so whole; else on one line, shortened as a label is (`shorten`).

    Wrapped word by word into a room narrower than its words, a long title stood in turned columns
    of a word or a stub each ("A | lo… | y | axis | la… | too"), which read as other words and
    pushed the plot a third of a small chart's width over."""
    if not text:
        return ""
    wrapped = fitted_lines(text, LABEL_SIZE, length, fig_w * 0.2, split_words=False)
    if wrapped.split() == text.split():
        return wrapped
    return title_unless_stub(shorten(text, LABEL_SIZE, length), text)


def _whole_on_one_line(text: str, length: float) -> bool:
    """Whether the axis title `text`, a line, is at most `length` points long."""
    return "\n" not in text and line_extent(text, LABEL_SIZE, "normal")[0] <= length


def _y_title_on_one_line(text: str, length: float, fig_w: float) -> str:
    """The y axis title on one line of at most `length` points, shortened as a label is (`shorten`)."""
    return title_unless_stub(shorten(text.replace("\n", " "), LABEL_SIZE, length), text) if text else ""


def _without_axis_title(text: str, length: float, fig_w: float) -> str:
    """No axis title."""
    return ""


def _x_title(text: str, length: float, fig_w: float) -> str:
    """The x axis title as given, wrapped already to the room under the plot (`render._axis_labels`)."""
    return text


def _x_title_on_one_line(text: str, length: float, fig_w: float) -> str:
    """The x axis title on one line, at most `length` points and at most 0.8 of the figure wide,
    shortened as a label is (`shorten`)."""
    if not text:
        return ""
    return title_unless_stub(shorten(text.replace("\n", " "), LABEL_SIZE, min(length, fig_w * 0.8)), text)


# How the y axis title is written along the plot, as it gives way to the names under it: wrapped,
# on one line, left out.
_Y_TITLE_GIVING_WAY = (_y_title, _y_title_on_one_line, _without_axis_title)
# How the x axis title is written under the plot, as it gives way to the names down its side (a
# horizontal bar chart's): as given, on one line, left out.
_X_TITLE_GIVING_WAY = (_x_title, _x_title_on_one_line, _without_axis_title)
