"""Series told apart without colour (theme=print): each series' dashes and marks for lines and
points, and its hatch for bars, which its legend entry shows too.

In gray (a black-and-white printer, a photocopy, an e-ink screen) the light theme's first colours
fall together: blue and red are CIE L* 48 and 47, orange and green 61 and 58; the dark theme's
orange and green are both 76. A theme that is `patterned` (`style.Theme`) draws the n-th series
with the n-th of each list below, so that any two of the first twenty differ in dashes or marker,
any two of the first twenty scatters' series in their points' shape or fill, any two of the first
twenty bars (and areas' fills) in hatch, and any two of the first twenty bars too thin for a hatch's
strokes to show in the lines across them (`THIN_HATCHES`). The first series is drawn as the light
theme draws it: solid, unmarked, unhatched.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from matplotlib.collections import Collection, PolyCollection
from matplotlib.container import BarContainer
from matplotlib.legend_handler import HandlerPatch
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from .spec import ChartSpec
from .style import THEMES

# Dash patterns in multiples of the line's width (matplotlib scales them by it): solid, dashed,
# dotted, dash-dot, long dashes. Each shows twice at least in a legend's 14-point sample.
DASHES: tuple = ("solid", (0, (3.5, 1.5)), (0, (1, 1.5)), (0, (5, 1.5, 1, 1.5)), (0, (8, 2.5)))
# Markers, none first; five dashes and seven markers make 35 pairs before one comes again.
MARKERS: tuple[str | None, ...] = (None, "o", "s", "^", "D", "v", "X")
# The points' markers of a scatter plot, whose series have no line: a shape each, filled for the
# first ten series and outlined, hollow, for the next ten (`pattern_points`).
POINT_MARKERS: tuple[str, ...] = ("o", "s", "^", "D", "v", "X", "P", "<", ">", "p")
HOLLOW_EDGE = 1.0  # points: the outline of a hollow point
# Hatches, dense enough (three strokes) that a bar a few points wide, and a legend's swatch, shows one;
# from the eleventh, two kinds of stroke at once (big circles alone), none of the first ten's textures.
HATCHES: tuple[str | None, ...] = (None, "///", "\\\\\\", "xxx", "...", "---", "|||", "+++", "ooo", "***",
                                   "//--", "\\\\||", "//||", "\\\\--", "OO", "--..", "||..", "//oo", "xx..", "++oo")
# A bar narrower than this, in points, shows too little of a hatch to tell one from another: a
# bar a pixel or two wide is a column of dots whichever way its strokes lean, or none (`|||`).
THIN_BAR = 6.0
# A thin bar's hatch instead: lines across it, so many to 12 points (the spacing of `-`), in the
# hatch's ink or (True) the other of the background and the text's ink, and as wide as a third number
# says, in points (else HATCH_WIDTH): what a column a pixel wide still shows. Twenty, none first; the
# eleventh the one set of thin lines the first ten lack, the last nine thick lines, one to three of
# 3 points, one of 6 or two of 4.5 to 12 points; apart, each pair differs in a fifth of a thin
# bar's pixels.
THIN_HATCHES: tuple[tuple[int, bool] | tuple[int, bool, float] | None, ...] = (
    None, (3, False), (2, True), (4, False), (3, True), (6, False), (4, True), (2, False), (6, True), (5, False),
    (5, True), (1, False, 3.0), (2, True, 3.0), (3, False, 3.0), (1, True, 3.0), (2, False, 3.0), (3, True, 3.0),
    (1, False, 6.0), (1, True, 6.0), (2, True, 4.5))
HATCH_WIDTH = 1.0  # points: matplotlib's own width of a hatch's strokes
# The points a line's markers stand apart along x, about: some ten across a chart 640 pixels wide.
MARK_SPACING = 45.0
MARKER_SIZE = 5.0  # points


@dataclass(frozen=True)
class SeriesLook:
    """How the series at one place in a chart is told from the others without its colour."""

    dashes: str | tuple
    marker: str | None
    point_marker: str
    hatch: str | None
    thin_hatch: tuple | None = None
    hollow_points: bool = False


def series_look(spec: ChartSpec, index: int) -> SeriesLook | None:
    """The look of the `index`-th series of `spec` (from 0), or None where its theme tells series
    apart by colour alone: a chart of a colour theme draws as it always has."""
    if not THEMES[spec.theme].patterned:
        return None
    return SeriesLook(DASHES[index % len(DASHES)], MARKERS[index % len(MARKERS)],
                      POINT_MARKERS[index % len(POINT_MARKERS)], HATCHES[index % len(HATCHES)],
                      THIN_HATCHES[index % len(THIN_HATCHES)],
                      index // len(POINT_MARKERS) % 2 == 1)


def pattern_points(points: Collection, look: SeriesLook | None) -> Collection:
    """Draw a scatter's `points` hollow where their `look` says so, outlined in their colour
    HOLLOW_EDGE points wide, as their legend entry shows them; returns them. Past ten series the
    shapes come again, filled for the first ten and hollow for the next: a point's inside tells
    them apart. Nothing where `look` is None or its points are filled."""
    if look is not None and look.hollow_points:
        points.set_edgecolor(points.get_facecolor())
        points.set_facecolor("none")
        points.set_linewidth(HOLLOW_EDGE)
    return points


def pattern_line(line: Line2D, look: SeriesLook | None, index: int, width: int) -> None:
    """Give `line`, the `index`-th series of a chart `width` CSS pixels wide, its look's dashes and
    markers: the markers spread evenly along x (`_marked_points`), never on every point, which a
    long line would bury in them. Nothing where `look` is None."""
    if look is None:
        return
    line.set_linestyle(look.dashes)
    if look.marker is not None:
        line.set_marker(look.marker)
        line.set_markersize(MARKER_SIZE)
        line.set_markevery(_marked_points(line.get_xydata(), index, width))


def _marked_points(xy: np.ndarray, index: int, width: int) -> list[int]:
    """The points of a line (rows of x, y in drawing units) that carry its markers: the drawn point
    nearest each of some `width / MARK_SPACING` places evenly apart across its x, shifted by a share
    of a step that differs from series to series, so that two lines' markers do not sit on one
    another; none for a place with no point within half a step of it. matplotlib's own spacing
    along the drawn path would pack a noisy line's markers where it zigzags."""
    drawn = np.flatnonzero(np.isfinite(xy).all(axis=1))
    if not len(drawn):
        return []
    x = xy[drawn, 0]
    low, high = float(np.min(x)), float(np.max(x))
    count = max(2, int(round(width / MARK_SPACING)))
    if high == low:
        return [int(drawn[0])]
    step = (high - low) / count
    # Shifted by 0, 3/7, 6/7, 2/7 … of a step: the shares of seven series, each apart from the others.
    places = low + step * (np.arange(count) + ((3 * index) % 7 + 0.5) / 7)
    order = np.argsort(x, kind="stable")
    ordered = x[order]
    at = np.clip(np.searchsorted(ordered, places), 1, len(x) - 1)  # two points at least: high > low
    at = np.where(places - ordered[at - 1] <= ordered[at] - places, at - 1, at)
    # A place with no point within half a step (one in a gap of the line, `line_gaps`) marks none: its
    # nearest point, at the gap's end, would carry a second marker beside that of its own place.
    near = np.abs(ordered[at] - places) <= step / 2
    return sorted({int(drawn[order[i]]) for i in at[near]})


def pattern_patches(patches: Iterable[Patch], look: SeriesLook | None, ink: str, other_ink: str = "",
                    across: float = float("inf"), horizontal: bool = False) -> None:
    """Hatch a series' bars with its look's hatch, in `ink`: the background's colour, which stands
    out from every colour of the palette by 3:1 (`style.Theme.palette`) and keeps the bars' colour
    for a reader who sees it (the text's ink for the see-through bars of a histogram of several
    series). Bars `across` points wide, fewer than THIN_BAR, take the look's lines across them instead
    (`THIN_HATCHES`; along a `horizontal` bar, upright lines), in `ink` or `other_ink`, as wide as
    the look says. Nothing where `look` is None or has no hatch."""
    if look is None:
        return
    hatch, width = look.hatch, HATCH_WIDTH
    if across < THIN_BAR:
        hatch, ink, width = _thin_hatch(look.thin_hatch, ink, other_ink, horizontal)
    if hatch is None:
        return
    for patch in patches:
        patch.set_hatch(hatch)
        patch.set_hatchcolor(ink)
        if width != HATCH_WIDTH:
            patch.set_hatch_linewidth(width)
        _opaque_edge(patch)


def _opaque_edge(patch: Patch) -> None:
    """Give an edgeless `patch` an opaque edge of no width: drawn as before everywhere, but a PDF's
    fill then sets its stroke's opacity to 1, not 0. A PDF hatch is a tiling pattern of strokes,
    which the PDF standard draws in the pattern's own graphics state; poppler's cairo output
    (`pdftocairo`, 22.12) strokes it with the opacity of the fill's edge instead, and a bar with
    no edge showed no hatch. An area's hatch is drawn over its fill (`hatch_over`), edged so."""
    if isinstance(patch, Patch) and patch.get_edgecolor()[3] == 0:
        patch.set_linewidth(0)
        patch.set_edgecolor(patch.get_facecolor()[:3])


def hatch_over(fill: Collection, look: SeriesLook | None, ink: str) -> Collection | None:
    """Hatch an area's pale `fill` with its look's hatch, as its place's bars are, in `ink` (its
    line's colour: white strokes vanish on so pale a fill), drawn over it at full opacity: hatched
    itself, a PDF reader that draws a hatch with its fill's opacity (`pdftocairo`) drew the strokes
    as pale as the fill. Returns the hatch, or None where `look` is None or has no hatch."""
    if look is None or look.hatch is None:
        return None
    # No fill, and an opaque edge of no width, drawn nowhere, as a bar's (`_opaque_edge`).
    over = PolyCollection([path.vertices for path in fill.get_paths()], facecolors="none", edgecolors=[ink],
                          linewidths=0, hatch=look.hatch, zorder=fill.get_zorder(), transform=fill.get_transform())
    over.set_hatchcolor(ink)
    fill.axes.add_collection(over, autolim=False)
    return over


def _thin_hatch(thin: tuple | None, ink: str, other_ink: str, horizontal: bool) -> tuple[str | None, str, float]:
    """The hatch, its ink and its strokes' width of a thin bar's look `thin` (`THIN_HATCHES`)."""
    if thin is None:
        return None, ink, HATCH_WIDTH
    lines, other, width = (*thin, HATCH_WIDTH)[:3]
    return ("|" if horizontal else "-") * lines, other_ink if other else ink, width


def bar_points(length: float, slots: float, share: float) -> float:
    """About how many points wide a bar is that takes `share` of one of `slots` alike along an axis
    of a chart `length` CSS pixels long: at most, as the plot is narrower than the chart by its margins
    and tick labels, and its axis holds its bars' slots and a margin either side."""
    return length * 0.75 * share / max(slots, 1.0)


def _entry_as_drawn(entry: Patch, drawn: Patch | BarContainer) -> None:
    """Give a legend's `entry` the look of the series `drawn` (a patch, or bars whose first it
    takes), its hatch's strokes' width too, which matplotlib's legend leaves at its default."""
    if isinstance(drawn, BarContainer):
        drawn = next(iter(drawn.patches), None)
        if drawn is None:
            return
    entry.update_from(drawn)
    entry.set_hatch_linewidth(drawn.get_hatch_linewidth())


# The legend's handlers of patches and bars, through which an entry shows a thin bar's thick lines.
LEGEND_HANDLERS = {BarContainer: HandlerPatch(update_func=_entry_as_drawn), Patch: HandlerPatch(update_func=_entry_as_drawn)}
