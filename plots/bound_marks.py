"""Which bars or boxes of a chart reach beyond ymin or ymax (`beyond_bounds`, `lying_beyond`), each
where `mark_extents.mark_spans` places it, and the triangles marking those (`mark_beyond`): clipped
to the plot, one lying wholly beyond would draw nothing, and one cut at the plot's edge would look
the same as any other so cut. Series lying wholly beyond the bounds, their legend labels and the
bounds as text writes them are in `bound_notes`."""
from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.container import BarContainer
from matplotlib.lines import Line2D
from matplotlib.transforms import ScaledTranslation

from .kind import kind_of
from .rows import MarkSpans
from .spec import ChartSpec
from .style import THEMES


class SizedOnPlot(Line2D):
    """A line whose sizes in points follow from the length of a data unit on the plot as it is laid
    out: `_fit` sets them whenever it is drawn or measured.

    The kinds draw before the plot is laid out: the title, legend, axis titles and tick labels take
    their room first, and on a short chart with a legend the plot may keep a fifth of the figure's
    height (`layout.header_room`). Only then is a data unit's length in points known."""

    def __init__(self, *args, along_y: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self._along_y = along_y

    def _fit(self, unit: float) -> None:
        """Set the sizes from `unit`, the length in points of one data unit along the x axis (or,
        `along_y`, the y axis)."""
        raise NotImplementedError

    def _fit_to_plot(self) -> None:
        (x0, y0), (x1, y1) = self.axes.transData.transform([(0.0, 0.0), (1.0, 1.0)])
        self._fit(abs(y1 - y0 if self._along_y else x1 - x0) * 72.0 / self.axes.get_figure(root=True).dpi)

    def draw(self, renderer) -> None:
        self._fit_to_plot()
        super().draw(renderer)

    def get_window_extent(self, renderer=None):
        self._fit_to_plot()
        return super().get_window_extent(renderer)


# The largest triangle marking a bar beyond the value axis' bounds, in points (`mark_beyond`).
MARK_SIZE = 7.0
# The share of a bar's width the triangle on a bar cut at the plot's edge takes: its colour on
# either side of it, the triangle reads as pointing on, not as the bar's end forked in two.
CUT_MARK_SHARE = 0.6


class _EdgeMarks(SizedOnPlot):
    """Triangles with their tips on the edge `edge` of the plot's value axis (0: where it starts, 1:
    where it ends), each as wide as `width` data units along the other axis (the bar it stands for),
    but at most MARK_SIZE points."""

    def __init__(self, places: np.ndarray, edge: float, horizontal: bool, width: float, **kwargs):
        ends = np.full(len(places), edge)
        x, y = (ends, places) if horizontal else (places, ends)
        super().__init__(x, y, along_y=horizontal, linestyle="none", markeredgewidth=0, clip_on=False,
                         zorder=2.55, **kwargs)
        self._edge, self._width = edge, width

    def _fit(self, unit: float) -> None:
        size = min(MARK_SIZE, self._width * unit)
        self.set_markersize(size)
        # Its tip on the edge: moved inwards by half its size.
        inwards = size / 2 / 72.0 * (1 if self._edge == 0.0 else -1)
        ax = self.axes
        along_edge = ax.get_yaxis_transform() if self._along_y else ax.get_xaxis_transform()
        shift = (inwards, 0.0) if self._along_y else (0.0, inwards)
        self.set_transform(along_edge + ScaledTranslation(*shift, ax.get_figure(root=True).dpi_scale_trans))


def mark_bars_beyond(ax: Axes, bars: BarContainer, places: np.ndarray, spans: MarkSpans, series: int,
                      spec: ChartSpec, horizontal: bool, width: float | np.ndarray) -> None:
    """Mark each of `bars` (at `places`, `width` data units wide, or each its own width of `width`:
    `marks_apart`; the bars of y column number `series`, which `spans` says where they lie) whose
    value lies beyond ymin or ymax (`beyond_bounds`) with a triangle on that edge (`mark_beyond`):
    in its colour where the bar lies wholly beyond (a bar of 5 under ymin=10), which clipped to the
    plot would draw nothing at all, as a missing value does; in the background's colour on a bar cut
    at the edge (a bar of 20 under ymax=10), which would look the same as one of 12."""
    if bars.patches:
        mark_beyond(ax, places, spans.lowest[series], spans.highest[series], spec, horizontal, width,
                     bars.patches[0].get_facecolor(), THEMES[spec.theme].background)


def beyond_bounds(lowest: np.ndarray, highest: np.ndarray, spec: ChartSpec) -> tuple[np.ndarray, np.ndarray]:
    """Which marks, each spanning `lowest` to `highest` on the value axis, the chart counts as
    reaching below ymin and which above ymax (a mark of NaN, a missing value, lies nowhere): a bar
    (a histogram's too) whose value does, or a box whose whisker does, cut at the plot's edge or
    not in the plot at all (`lying_beyond` tells them apart); a value of a line, area or scatter
    chart (`lowest` and `highest` alike) lying wholly beyond.

    A bar cut at ymax=750 shows only that it reaches there: one of 752 and one of 900 look alike,
    and the words say how many such there are; a box cut there, that its whisker runs on. A bar or
    box ending exactly on a bound is whole, and not beyond it.
    """
    if kind_of(spec).x_axis in MARKED_AXES:
        return _reaching_beyond(lowest, highest, spec)
    return _wholly_beyond(lowest, highest, spec)


# The kinds' value axes (`Kind.x_axis`) of bars from zero: bar and barh, hist.
BAR_AXES = ("categories", "values")
# The kinds' value axes of the marks a triangle marks where they reach beyond a y bound: bars, boxes.
MARKED_AXES = (*BAR_AXES, "series")


def _bounds(spec: ChartSpec) -> tuple[float, float]:
    return -np.inf if spec.ymin is None else spec.ymin, np.inf if spec.ymax is None else spec.ymax


def _reaching_beyond(lowest: np.ndarray, highest: np.ndarray, spec: ChartSpec) -> tuple[np.ndarray, np.ndarray]:
    """Which marks, each spanning `lowest` to `highest` on the value axis, reach below ymin and
    which above ymax by an end that shows a value: a box by either end (its whiskers'), a bar by
    its end away from zero, its value (a bar of 900 over ymin=750 stands on the plot's foot, as any
    bar of a chart zoomed in on its bars' tops does)."""
    low, high = _bounds(spec)
    lowest, highest = np.asarray(lowest), np.asarray(highest)
    if kind_of(spec).x_axis in BAR_AXES:
        ends = np.where(lowest < 0, lowest, highest)
        return ends < low, ends > high
    return lowest < low, highest > high


def _wholly_beyond(lowest: np.ndarray, highest: np.ndarray, spec: ChartSpec) -> tuple[np.ndarray, np.ndarray]:
    """Which marks, each spanning `lowest` to `highest` on the value axis, lie wholly below ymin and
    which wholly above ymax: clipped to the plot, they draw nothing of themselves."""
    low, high = _bounds(spec)
    return np.asarray(highest) < low, np.asarray(lowest) > high


def lying_beyond(lowest: np.ndarray, highest: np.ndarray, spec: ChartSpec) -> tuple[np.ndarray, np.ndarray]:
    """Which marks, each spanning `lowest` to `highest` on the value axis, lie below ymin and which
    above ymax with none of their length in the plot: a box or a value wholly beyond
    (`_wholly_beyond`; one on a bound is drawn on the plot's edge), a bar from zero also where its
    end at zero is on the bound (a bar of -3 under ymin=0), which clipped to the plot draws no
    length either, and is not cut at the edge but beyond it."""
    if kind_of(spec).x_axis not in BAR_AXES:
        return _wholly_beyond(lowest, highest, spec)
    low, high = _bounds(spec)
    return np.asarray(highest) <= low, np.asarray(lowest) >= high


def mark_beyond(ax: Axes, places: np.ndarray, lowest: np.ndarray, highest: np.ndarray, spec: ChartSpec,
                 horizontal: bool, width: float | np.ndarray, color, cut_color=None) -> None:
    """Mark each mark (at `places`, `width` data units wide or each its own of `width`, spanning
    `lowest` to `highest`) reaching beyond ymin or ymax by an end that shows a value
    (`_reaching_beyond`) with a triangle at its place on the edge it reaches past, pointing past it:
    as wide as the mark, in `color` (`_EdgeMarks`); on a mark cut at the edge, in `cut_color` where
    one is given (a bar's, which is drawn in `color` up to the edge) and narrower, within it.

    A mark lying wholly beyond the bounds would draw nothing, as a missing value does; one cut at
    the edge only that it reaches there: bars of 752 and 900 under ymax=750 would look alike."""
    if spec.ymin is None and spec.ymax is None:
        return
    reaching, lying = _reaching_beyond(lowest, highest, spec), lying_beyond(lowest, highest, spec)
    widths = np.broadcast_to(np.asarray(width, dtype=float), np.shape(places))
    for beyond, wholly, edge, marker in zip(reaching, lying, (0.0, 1.0), ("<>" if horizontal else "v^")):
        cut = beyond & ~wholly if cut_color is not None else np.zeros_like(beyond)
        for chosen, share, chosen_color in ((beyond & ~cut, 1.0, color), (cut, CUT_MARK_SHARE, cut_color)):
            # One artist of marks for each width they take (`marks_apart`): a Line2D's markers share a size.
            for each_width in np.unique(widths[chosen]):
                at = chosen & (widths == each_width)
                ax.add_artist(_EdgeMarks(places[at], edge, horizontal, float(each_width) * share, marker=marker,
                                         color=chosen_color))


def marks_apart(places: np.ndarray, width: float, spans: MarkSpans,
                spec: ChartSpec) -> list[tuple[np.ndarray, np.ndarray]]:
    """Where each series' marks beyond the y bounds go, and how wide each may be, for bars of all the
    series standing over one another at `places`, `width` data units wide (a histogram's): a mark
    alone at its place and edge where it is, as wide as its bar; the marks of several series that
    reach past one edge at one place side by side in the bar's width, each the share of it of one,
    in the order of the series. Over one another, two bars cut at ymax drew their marks on one spot,
    one mark where the words counted two."""
    reaching = [_reaching_beyond(low, high, spec) for low, high in zip(spans.lowest, spans.highest)]
    placed = [(np.asarray(places, dtype=float).copy(), np.full(len(places), float(width))) for _ in reaching]
    for edge in (0, 1):
        marked = np.array([beyond[edge] for beyond in reaching], dtype=bool).reshape(len(reaching), len(places))
        sharing = marked.sum(axis=0)
        before = np.cumsum(marked, axis=0) - marked  # marks of the series before each at its place
        for series, (series_places, widths) in enumerate(placed):
            shared = marked[series] & (sharing > 1)
            widths[shared] = width / sharing[shared]
            series_places[shared] += (before[series][shared] + 0.5) * widths[shared] - width / 2
    return placed
