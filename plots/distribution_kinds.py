"""The kinds that draw how the values of each y column are distributed: hist and box."""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.container import BarContainer
from matplotlib.patches import Polygon, Rectangle

from .axis_limits import one_either_side
from .bar_kinds import fit_bars_to_pixels
from .bound_marks import SizedOnPlot, mark_bars_beyond, mark_beyond, marks_apart
from .mark_extents import mark_spans
from .category_axis import turn_crowded_labels
from .legend_entries import series_entry
from .rows import bins_of
from .series_looks import SeriesLook, bar_points, pattern_patches, series_look
from .spec import ChartSpec
from .style import THEMES
from .tick_hints import count_in_whole_numbers, turn_rather_than_thin


def draw_hist(ax: Axes, frame: pd.DataFrame, spec: ChartSpec) -> None:
    """A histogram of each y column over shared bins (`bins_of`): of its values, or of the counts
    per bin a database computed (either as `mark_spans` has them); neighbouring bars are parted
    (`_part_bins`)."""
    edges = bins_of(frame)
    spans = mark_spans(spec, frame)
    alpha = 0.9 if len(spec.y) == 1 else SEVERAL_ALPHA
    counts = []
    centres = (edges[:-1] + edges[1:]) / 2
    bin_width = (edges[-1] - edges[0]) / (len(edges) - 1)
    apart = marks_apart(centres, bin_width, spans, spec)
    for i, name in enumerate(spec.y):
        # One value per bin weighted by its count draws the bars the values themselves would.
        n, _, bars = ax.hist(edges[:-1], bins=edges, weights=np.nan_to_num(spans.highest[i]), label=name,
                             alpha=alpha)
        look = series_look(spec, i)
        # Several series' bars are see-through: a hatch in the background's colour, as bars have it,
        # or in their own, fades with them; in the ink of the text it shows through those in front.
        theme = THEMES[spec.theme]
        inks = (theme.foreground, theme.background) if len(spec.y) > 1 else (theme.background, theme.foreground)
        pattern_patches(bars, look, *inks, bar_points(spec.width, (len(edges) - 1) * 1.1, 1.0))
        # The bin `hist` gives the label: the series' entry, as for its bars.
        series_entry(bars[0], _outline(ax, bars[0], edges, n, look) if len(spec.y) > 1 else None)
        counts.append(n)
        places, widths = apart[i]
        mark_bars_beyond(ax, bars, places, spans, i, spec, False, widths)
    _part_bins(ax, edges, counts, spec)


def _outline(ax: Axes, first: Rectangle, edges: np.ndarray, counts: np.ndarray,
             look: SeriesLook | None = None) -> Rectangle:
    """Draw round a series' see-through bars a line in the series' own colour: their tops and the
    sides of each run of bins that count something (not their foot, the axis' own); return the
    series' legend entry, a bar filled and edged so, drawn nowhere.

    Several series are filled see-through, so that one behind another shows; a palette colour filled
    so stands out from the background by 2:1 or less (orange on white, 1.9:1), where WCAG asks 3:1 of
    a graphic, which the colour itself gives. Not an edge around each bar: bins of a pixel or two
    would be all edge, and hide the series behind them again.

    Of a series told apart without colour (`look`), the line has its dashes and the entry its hatch.
    """
    colour = first.get_facecolor()[:3]
    dashes = {} if look is None else {"linestyle": look.dashes}
    # A step outline breaks at a missing value: each run of bins that count something is outlined alone.
    ax.stairs(np.where(counts > 0, counts, np.nan), edges, baseline=0, fill=False, color=colour,
              linewidth=EDGE_WIDTH, zorder=1.6, label="_nolegend_", **dashes)
    entry = Rectangle((0, 0), 1, 1, facecolor=first.get_facecolor(), edgecolor=colour, linewidth=EDGE_WIDTH,
                      label=first.get_label(), **dashes)
    if first.get_hatch() is not None:  # as its bins are hatched, thin or not (`series_looks`)
        entry.set_hatch(first.get_hatch())
        entry.set_hatchcolor(first.get_hatchcolor())
        entry.set_hatch_linewidth(first.get_hatch_linewidth())
    return entry


# How opaque the bars of several series are, and the width of their edges in points (a CSS pixel).
SEVERAL_ALPHA = 0.55
EDGE_WIDTH = 0.75

# The widest line parting two bins, in points, and the most of a bin's width it may take.
BIN_GAP = 1.0
BIN_GAP_SHARE = 0.1


def _part_bins(ax: Axes, edges: np.ndarray, counts: Sequence[np.ndarray], spec: ChartSpec) -> None:
    """Draw a line in the background's colour up each inner edge, as high as the lower of the two
    bars beside it (the highest such of any series): neighbouring bins of about the same count would
    otherwise merge into one block.

    Not an edge around each bar, as matplotlib's `edgecolor` gives: that would cover the top of a
    bar as well, and hide a bar lower than the edge is wide (one value among thousands).
    """
    if len(edges) < 3:
        return
    both = np.max([np.minimum(n[:-1], n[1:]) for n in counts], axis=0)
    inner = np.flatnonzero(both > 0)
    if not len(inner):
        return
    x = np.repeat(edges[1:-1][inner], 3)
    y = np.column_stack([np.zeros(len(inner)), both[inner], np.full(len(inner), np.nan)]).ravel()
    ax.add_line(_BinDividers(x, y, (edges[-1] - edges[0]) / (len(edges) - 1), color=THEMES[spec.theme].background))


class _BinDividers(SizedOnPlot):
    """The lines `_part_bins` draws between bins `bin_width` data units wide: BIN_GAP points wide,
    but at most BIN_GAP_SHARE of a bin's width; in a raster image, whole pixels (`fit_to_pixels`)."""

    def __init__(self, x: np.ndarray, y: np.ndarray, bin_width: float, **kwargs):
        super().__init__(x, y, along_y=False, solid_capstyle="butt", zorder=1.5, **kwargs)
        self._bin_width = bin_width
        self._fixed_width: float | None = None  # points, once fitted to pixels

    def _fit(self, unit: float) -> None:
        if self._fixed_width is None:
            self.set_linewidth(min(BIN_GAP, BIN_GAP_SHARE * self._bin_width * unit))

    def fit_to_pixels(self, sides: np.ndarray | None) -> None:
        """Fit the lines to the device pixels of bins whose sides lie on `sides` (whole pixels, as
        `fit_bars_to_pixels` returns them; None: bins under a pixel wide, drawn unsnapped).

        Each line takes whole pixel columns of the bin before its edge, as a gap between bars
        does, and ends on a whole pixel row, its width that of the vector drawing rounded to
        whole pixels, of the narrowest bin. Where that rounds to none (bins of a few pixels), or
        the bins are unsnapped, there are no lines: a line under a pixel wide is drawn as a
        lighter column smeared over the pixels it touches, uneven from bin to bin.
        """
        dpi = self.axes.get_figure(root=True).dpi
        narrowest = float(np.min(sides[:, 1] - sides[:, 0])) if sides is not None else 0.0
        pixels = int(np.floor(min(BIN_GAP * dpi / 72.0, BIN_GAP_SHARE * narrowest) + 0.5))
        if pixels < 1:
            self.set_visible(False)
            return
        transform = self.axes.transData
        device = transform.transform(np.column_stack([self.get_xdata(), self.get_ydata()]))
        device = np.floor(device + 0.5)  # on the bins' sides and tops as Agg snaps them
        device[:, 0] -= pixels / 2
        x, y = transform.inverted().transform(device).T
        self.set_data(x, y)
        self._fixed_width = pixels * 72.0 / dpi
        self.set_linewidth(self._fixed_width)
        self.set_snap(False)  # on whole pixels already; snapped, a line of an even width would move half a pixel


def fit_bins_to_pixels(ax: Axes, horizontal: bool = False) -> None:
    """Fit a histogram on `ax` to the device pixels of a raster image of its figure as laid out:
    its bins through `fit_bars_to_pixels`, as bars are, where each keeps sharing its sides with
    its neighbours: on whole pixels where every bin has a pixel (as wide as the others or a pixel
    wider, none lost), else unsnapped; and the lines parting them with them (`_BinDividers`).

    Bins touch: unlike bars, they keep no pixel apart, which would halve a histogram of bins two
    pixels wide. Bins left unsnapped are filled as one outline per series (`_fill_as_outlines`)."""
    sides = fit_bars_to_pixels(ax, horizontal)
    for line in ax.lines:
        if isinstance(line, _BinDividers):
            line.fit_to_pixels(sides)
    if sides is None:
        _fill_as_outlines(ax, horizontal)


def _fill_as_outlines(ax: Axes, horizontal: bool) -> None:
    """Draw each series' bins on `ax` as one filled step outline around them, in their colour, in
    place of their bars.

    Bins under a pixel wide, each anti-aliased on its own, each cover part of a pixel column they
    share, and those parts laid over one another let the background through: the body of such a
    histogram came out about 0.7 opaque where it is drawn at 0.9. One outline covers every pixel
    inside it whole, and a bin taller than its neighbours still shades the column it stands in by
    the share of it that it covers."""
    along, across = (1, 0) if horizontal else (0, 1)
    for container in ax.containers:
        if not isinstance(container, BarContainer) or not container.patches:
            continue
        bars = container.patches
        starts = np.array([bar.get_xy()[along] for bar in bars])
        sizes = np.array([bar.get_height() if horizontal else bar.get_width() for bar in bars])
        lengths = np.array([bar.get_width() if horizontal else bar.get_height() for bar in bars])
        order = np.argsort(starts, kind="stable")
        starts, sizes, lengths = starts[order], sizes[order], lengths[order]
        sides = np.append(starts, starts[-1] + sizes[-1])
        points = np.zeros((2 * len(sides), 2))
        points[:, along] = np.repeat(sides, 2)  # each side twice: up from the bin before, across the next
        points[:, across] = np.concatenate([[0.0], np.repeat(np.nan_to_num(lengths), 2), [0.0]])
        first = bars[0]
        outline = Polygon(points, closed=True, facecolor=first.get_facecolor(), edgecolor="none", linewidth=0,
                          zorder=first.get_zorder(), label="_nolegend_", hatch=first.get_hatch())
        if first.get_hatch() is not None:  # as its bars are hatched (`series_looks`)
            outline.set_hatchcolor(first.get_hatchcolor())
            outline.set_hatch_linewidth(first.get_hatch_linewidth())
        outline.set_snap(False)  # of sides and tops only, it would be snapped as the bars were, bins lost and all
        ax.add_artist(outline)
        for bar in bars:
            bar.set_visible(False)


def draw_box(ax: Axes, frame: pd.DataFrame, spec: ChartSpec) -> None:
    """A box-and-whisker plot per y column; one reaching past ymin or ymax by a whisker, or lying
    wholly beyond it, is marked on that edge as a bar is (its outliers within the bounds still show)."""
    spans = mark_spans(spec, frame)
    stats = [dict(s) for s in spans.stats]  # their outliers thinned for this drawing only
    _thin_fliers(stats, spec)
    drawn = ax.bxp(stats, patch_artist=False, flierprops={"markersize": 3})
    _widen_one_whole_value(ax, spans.stats)
    # At 1, 2, … as bxp places them, in the boxes' ink; a box is at most half its slot wide.
    mark_beyond(ax, np.arange(1.0, len(stats) + 1), np.concatenate(spans.lowest), np.concatenate(spans.highest),
                 spec, False, 0.5, drawn["boxes"][0].get_color())
    # Series names, as bar categories: turned rather than thinned, as a box left unnamed could be
    # any of them.
    turn_rather_than_thin(ax.xaxis)
    turn_crowded_labels(ax, spec.y)


def _widen_one_whole_value(ax: Axes, stats: Sequence[dict]) -> None:
    """Give boxes whose values are all one whole number (all 0, say) a value axis from one below it
    to one above, ticked in whole numbers: matplotlib takes the span of no length for a point and widens it by 5 % each
    side, a flat box of zeros standing among ticks −0.04 to 0.04 that say there are values between.

    Only the data limits grow, as bars of zero are given the axis of bars of 1 (`bar_kinds`): y
    bounds still bound the axis, and boxes of any other values keep it as matplotlib draws it."""
    present = [s for s in stats if not np.isnan(s["whislo"])]  # a series without values has none
    values = np.concatenate([[s["whislo"], s["whishi"], *s["fliers"]] for s in present]) if present else []
    if not len(values) or np.min(values) != np.max(values):
        return
    span = one_either_side(values[0])
    if span is not None:
        ax.update_datalim([(1.0, span[0]), (1.0, span[1])], updatex=False)
        count_in_whole_numbers(ax.yaxis)  # ticked −1, 0, 1 rather than in quarters


def _thin_fliers(stats: list[dict], spec: ChartSpec) -> None:
    """Keep one outlier per quarter pixel of height: a million outliers would draw the same picture
    as megabytes of overlapping markers."""
    present = [s for s in stats if not np.isnan(s["whislo"])]  # a series without values has none
    if not present:
        return
    # A series' lowest value is its lower whisker's end or an outlier under it; its highest, likewise.
    lowest = min(float(np.min(s["fliers"], initial=s["whislo"])) for s in present)
    highest = max(float(np.max(s["fliers"], initial=s["whishi"])) for s in present)
    lo = spec.ymin if spec.ymin is not None else lowest
    hi = spec.ymax if spec.ymax is not None else highest
    step = (hi - lo) / (4 * spec.height)
    if not step > 0 or not np.isfinite(step):
        return
    for column_stats in stats:
        fliers = column_stats["fliers"]
        if len(fliers) > 2 * spec.height:
            column_stats["fliers"] = np.unique(np.round((fliers - lo) / step)) * step + lo
