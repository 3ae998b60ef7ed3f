"""Series told apart without colour (theme=print): each series' dashes and marks for lines and
points, and its hatch for bars, which its legend entry shows too.

In gray (a black-and-white printer, a photocopy, an e-ink screen) the light theme's first colours
fall together: blue and red are CIE L* 48 and 47, orange and green 61 and 58; the dark theme's
orange and green are both 76. A theme that is `patterned` (`style.Theme`) draws the n-th series
with the n-th of each list below, so that any two of the first twenty differ in dashes or marker
and any two of the first ten bars in hatch. The first series is drawn as the light theme draws it:
solid, unmarked, unhatched.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from .spec import ChartSpec
from .style import THEMES

# Dash patterns in multiples of the line's width (matplotlib scales them by it): solid, dashed,
# dotted, dash-dot, long dashes. Each shows twice at least in a legend's 14-point sample.
DASHES: tuple = ("solid", (0, (3.5, 1.5)), (0, (1, 1.5)), (0, (5, 1.5, 1, 1.5)), (0, (8, 2.5)))
# Markers, none first; five dashes and seven markers make 35 pairs before one comes again.
MARKERS: tuple[str | None, ...] = (None, "o", "s", "^", "D", "v", "X")
# The points' markers of a scatter plot, whose series have no line: a shape each.
POINT_MARKERS: tuple[str, ...] = ("o", "s", "^", "D", "v", "X", "P", "<", ">", "p")
# Hatches, dense enough (three strokes) that a bar a few points wide, and a legend's swatch, shows one.
HATCHES: tuple[str | None, ...] = (None, "///", "\\\\\\", "xxx", "...", "---", "|||", "+++", "ooo", "***")
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


def series_look(spec: ChartSpec, index: int) -> SeriesLook | None:
    """The look of the `index`-th series of `spec` (from 0), or None where its theme tells series
    apart by colour alone: a chart of a colour theme draws as it always has."""
    if not THEMES[spec.theme].patterned:
        return None
    return SeriesLook(DASHES[index % len(DASHES)], MARKERS[index % len(MARKERS)],
                      POINT_MARKERS[index % len(POINT_MARKERS)], HATCHES[index % len(HATCHES)])


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


def pattern_patches(patches: Iterable[Patch], look: SeriesLook | None, ink: str) -> None:
    """Hatch a series' bars (or its fill) with its look's hatch, in `ink`: the background's colour,
    which stands out from every colour of the palette by 3:1 (`style.Theme.palette`) and keeps the
    bars' colour for a reader who sees it. Nothing where `look` is None or has no hatch."""
    if look is None or look.hatch is None:
        return
    for patch in patches:
        patch.set_hatch(look.hatch)
        patch.set_hatchcolor(ink)
