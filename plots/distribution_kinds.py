"""The kinds that draw how the values of each y column are distributed: hist and box."""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from .bar_kinds import fit_bars_to_pixels
from .bound_marks import SizedOnPlot, mark_bars_beyond, mark_beyond, mark_spans
from .category_axis import turn_crowded_labels
from .rows import bins_of
from .spec import ChartSpec
from .style import THEMES
from .ticks import turn_rather_than_thin


def draw_hist(ax: Axes, frame: pd.DataFrame, spec: ChartSpec) -> None:
    """A histogram of each y column over shared bins (`bins_of`): of its values, or of the counts
    per bin a database computed (either as `mark_spans` has them); neighbouring bars are parted
    (`_part_bins`)."""
    edges = bins_of(frame)
    spans = mark_spans(spec, frame)
    alpha = 0.9 if len(spec.y) == 1 else 0.55
    counts = []
    centres = (edges[:-1] + edges[1:]) / 2
    bin_width = (edges[-1] - edges[0]) / (len(edges) - 1)
    for i, name in enumerate(spec.y):
        # One value per bin weighted by its count draws the bars the values themselves would.
        n, _, bars = ax.hist(edges[:-1], bins=edges, weights=np.nan_to_num(spans.highest[i]), label=name,
                             alpha=alpha)
        counts.append(n)
        mark_bars_beyond(ax, bars, centres, spans, i, spec, False, bin_width)
    _part_bins(ax, edges, counts, spec)


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
    pixels wide."""
    sides = fit_bars_to_pixels(ax, horizontal)
    for line in ax.lines:
        if isinstance(line, _BinDividers):
            line.fit_to_pixels(sides)


def draw_box(ax: Axes, frame: pd.DataFrame, spec: ChartSpec) -> None:
    """A box-and-whisker plot per y column; one lying wholly beyond ymin or ymax, whiskers and
    all, is marked on that edge as a bar is (its outliers within the bounds still show)."""
    spans = mark_spans(spec, frame)
    stats = [dict(s) for s in spans.stats]  # their outliers thinned for this drawing only
    _thin_fliers(stats, spec)
    drawn = ax.bxp(stats, patch_artist=False, flierprops={"markersize": 3})
    # At 1, 2, … as bxp places them, in the boxes' ink; a box is at most half its slot wide.
    mark_beyond(ax, np.arange(1.0, len(stats) + 1), np.concatenate(spans.lowest), np.concatenate(spans.highest),
                 spec, False, 0.5, drawn["boxes"][0].get_color())
    # Series names, as bar categories: turned rather than thinned, as a box left unnamed could be
    # any of them.
    turn_rather_than_thin(ax.xaxis)
    turn_crowded_labels(ax, spec.y)


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
