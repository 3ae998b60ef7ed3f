"""Where along the value axis each bar or box of a chart lies (`mark_spans`), and the triangles
marking those that reach beyond ymin or ymax (`mark_beyond`): clipped to the plot, one lying wholly
beyond would draw nothing, and one cut at the plot's edge would look the same as any other so cut;
the series of a line, area or scatter chart lying wholly beyond them (`series_beyond`), which
their legend entries name (`legend_label`), with the bounds as the user gave them
(`note_bounds_as_given`)."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from weakref import WeakKeyDictionary

import numpy as np
import pandas as pd
from matplotlib import cbook
from matplotlib.axes import Axes
from matplotlib.container import BarContainer
from matplotlib.lines import Line2D
from matplotlib.transforms import ScaledTranslation

from .kind import kind_of
from .rows import Mark, MarkSpans, bins_of, drawn_of, mark_of, mark_spans_of, with_mark, with_mark_spans
from .spec import ChartSpec
from .style import THEMES
from .value_text import noted_number, said_number


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
                      spec: ChartSpec, horizontal: bool, width: float) -> None:
    """Mark each of `bars` (at `places`, `width` data units wide, the bars of y column number
    `series`, which `spans` says where they lie) whose value lies beyond ymin or ymax
    (`beyond_bounds`) with a triangle on that edge (`mark_beyond`): in its colour where the bar lies
    wholly beyond (a bar of 5 under ymin=10), which clipped to the plot would draw nothing at all,
    as a missing value does; in the background's colour on a bar cut at the edge (a bar of 20
    under ymax=10), which would look the same as one of 12."""
    if bars.patches:
        mark_beyond(ax, places, spans.lowest[series], spans.highest[series], spec, horizontal, width,
                     bars.patches[0].get_facecolor(), THEMES[spec.theme].background)


def mark_spans(spec: ChartSpec, frame: pd.DataFrame) -> MarkSpans | None:
    """Where along the value axis each bar or box of a chart of `frame` (as `chart_frame` shaped
    it) lies (`MarkSpans`): a bar from zero to its value, a histogram's bar from zero to the count
    of its bin (an empty bin is no bar), a box from the end of its lower whisker to that of its
    upper one (its outliers aside). None for kinds that draw neither, or a histogram without bins.

    Worked out once per frame and kept on it (`with_mark_spans`): a histogram's counts and a box
    plot's statistics pass over every value, and both drawing the marks and describing those
    beyond the y bounds read them.
    """
    x_axis = kind_of(spec).x_axis
    key = (x_axis, tuple(spec.y))
    kept = mark_spans_of(frame)
    if kept is not None and kept.key == key:
        return kept
    stats: tuple[dict, ...] = ()
    if x_axis == "categories":
        values = [frame[name].to_numpy(dtype=float, na_value=np.nan) for name in spec.y]
        lowest = [np.minimum(v, 0.0) for v in values]  # a missing value (NaN, which both keep) is no bar
        highest = [np.maximum(v, 0.0) for v in values]
    elif x_axis == "values":
        edges = bins_of(frame)
        if edges is None:
            return None
        highest = [np.where(counts > 0, counts, np.nan) for counts in _bin_counts(frame, spec, edges)]
        lowest = [np.zeros(len(counts)) for counts in highest]
    elif x_axis == "series":
        stats = _box_stats(_box_columns(frame, spec), list(spec.y))
        lowest = [np.array([s["whislo"]], dtype=float) for s in stats]
        highest = [np.array([s["whishi"]], dtype=float) for s in stats]
    else:
        return None
    for ends in (*lowest, *highest):
        ends.flags.writeable = False  # shared by every copy of the frame
    spans = MarkSpans(key, tuple(lowest), tuple(highest), stats)
    with_mark_spans(frame, spans)
    return spans


def _bin_counts(frame: pd.DataFrame, spec: ChartSpec, edges: np.ndarray) -> list[np.ndarray]:
    """How many values of each y column each bin counts: as a database counted them, or counted here."""
    if drawn_of(frame) is not None:  # counts per bin
        return [frame[name].to_numpy(dtype=float) for name in spec.y]
    return [np.histogram(frame[name].dropna().to_numpy(dtype=float), bins=edges)[0].astype(float)
            for name in spec.y]


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


SERIES_BEYOND_KEY = "svgplots.series_beyond"


@dataclass(frozen=True, eq=False)
class SeriesBeyond(Mark):
    """The series of a chart of values along x lying wholly beyond its y bounds (`series_beyond`),
    for the chart `spec`: each series' name and the side it lies on, "below" ymin, "above" ymax,
    or "both" (points on either side, none between). Nothing here is changed once made."""

    spec: ChartSpec
    sides: tuple[tuple[str, str], ...]


def series_beyond(spec: ChartSpec, frame: pd.DataFrame) -> dict[str, str]:
    """The series of a line, area or scatter chart of `frame` (as `chart_frame` shaped it) that
    lie wholly beyond ymin or ymax, by name: "below", "above", or "both" for a scatter's points on
    either side and none between. Empty without bounds, and for other kinds.

    Clipped to the plot, such a series draws nothing (an area from zero may still fill part of
    it), yet the legend would name it as ever. A line from below ymin to above ymax crosses the
    plot and is not beyond it; nor is a series with a value in the plot, whose line matplotlib
    cuts at the plot's edge. Worked out once per frame and chart and kept on the frame: drawing
    the chart and describing it both read it.
    """
    if (spec.ymin is None and spec.ymax is None) or kind_of(spec).x_axis != "x":
        return {}
    kept = mark_of(frame, SERIES_BEYOND_KEY, SeriesBeyond)
    if kept is not None and kept.spec == spec:
        return dict(kept.sides)
    joined = kind_of(spec).series
    sides = []
    for name in dict.fromkeys(spec.y):
        values = frame[name].to_numpy(dtype=float, na_value=np.nan)
        below, above = beyond_bounds(values, values, spec)
        if not (below.any() or above.any()) or (~(below | above | np.isnan(values))).any():
            continue
        if below.any() and above.any():
            if not joined:
                sides.append((name, "both"))
        else:
            sides.append((name, "below" if below.any() else "above"))
    with_mark(frame, SERIES_BEYOND_KEY, SeriesBeyond(spec, tuple(sides)))
    return dict(sides)


@dataclass(frozen=True)
class WrittenBounds:
    """A chart's bounds as its text writes them ("" for none, or a bound of dates, which no note
    names): over the plot beside its axes (`drawn_bounds`), or in its words (`said_bounds`)."""

    xmin: str
    xmax: str
    ymin: str
    ymax: str


def drawn_bounds(spec: ChartSpec) -> WrittenBounds:
    """`spec`'s bounds as the notes drawn over its plot write them, as its axes do (`noted_number`: "1e+150")."""
    return _written_bounds(spec, noted_number)


def said_bounds(spec: ChartSpec) -> WrittenBounds:
    """`spec`'s bounds as the chart's words say them (`said_number`: "1 times 10 to the power of 150")."""
    return _written_bounds(spec, said_number)


def _written_bounds(spec: ChartSpec, number: Callable[[float], str]) -> WrittenBounds:
    def written(value) -> str:
        return number(value) if isinstance(value, (int, float)) else ""

    return WrittenBounds(written(spec.xmin), written(spec.xmax), written(spec.ymin), written(spec.ymax))


def beyond_words(side: str, bounds: WrittenBounds, bound_names: bool = True) -> str:
    """Where a series lying wholly beyond the y `bounds` lies (`series_beyond`'s side): "below ymin
    25", "above ymax 40", or "below ymin 25 and above ymax 40"; without `bound_names` "below 25"."""
    def bound(name: str, value: str) -> str:
        return f"{name + ' ' if bound_names else ''}{value}"

    below, above = f"below {bound('ymin', bounds.ymin)}", f"above {bound('ymax', bounds.ymax)}"
    return {"below": below, "above": above}.get(side, f"{below} and {above}")


# The shortest form of the note over a plot whose values all lie beyond the y bounds, by where they
# lie (`series_beyond`'s sides): an arrow pointing there. A chart 100 pixels wide keeps a plot of
# some 15 points beside its y tick labels, where not even "All below" fits, and the plot would stand
# empty with nothing saying why.
BEYOND_ARROWS = {"below": "\u2193", "above": "\u2191", "both": "\u2195"}


# The note ending a legend label that `legend_label` gave (" (below 25)"), by the artist it labels:
# the legend keeps it whole where it shortens the series' name (`legend_note`).
_LEGEND_NOTES: WeakKeyDictionary = WeakKeyDictionary()


def legend_label(name: str, beyond: dict[str, str], spec: ChartSpec) -> str:
    """A series' legend label: its name, and where it lies when wholly beyond the y bounds
    ("Wolf (below 25)"), for it draws nothing in the plot; its bound written as the axis beside it
    writes numbers ("b (below 1e+150)"). `note_legend_labels` keeps the note apart for the legend
    to keep whole."""
    side = beyond.get(name)
    return name if side is None else f"{name} ({beyond_words(side, drawn_bounds(spec), bound_names=False)})"


def note_legend_labels(ax: Axes, beyond: dict[str, str], spec: ChartSpec) -> None:
    """Keep the note ending the legend label of each series on `ax` that `legend_label` gave one
    (`legend_note`)."""
    if not beyond:
        return
    labels = {name: legend_label(name, beyond, spec) for name in beyond}
    notes = {label: label[len(name):] for name, label in labels.items()}
    for handle, label in zip(*ax.get_legend_handles_labels()):
        if label in notes:
            _LEGEND_NOTES[handle] = notes[label]


def note_bounds_as_given(ax: Axes, spec: ChartSpec, frame: pd.DataFrame) -> None:
    """Relabel the series on `ax` (`legend_label`) from `spec` and `frame` as the user gave them.

    A chart drawn in units of a power of ten (`magnitude.in_drawn_units`) reaches its kinds with
    its bounds divided too, and their notes named them so: "b (below 1e+143)" for ymin=1e150.
    The chart's words name the bounds as given, and so does the legend."""
    beyond = series_beyond(spec, frame)
    for handle, label in zip(*ax.get_legend_handles_labels()):
        note = legend_note(handle)
        name = label[: len(label) - len(note)] if note and label.endswith(note) else label
        given = legend_label(name, beyond, spec)
        if given == label:
            continue
        handle.set_label(given)
        if given != name:
            _LEGEND_NOTES[handle] = given[len(name):]
        else:
            _LEGEND_NOTES.pop(handle, None)


def legend_note(handle) -> str:
    """The note ending the legend label of the artist `handle` (" (below 25)"), or ""."""
    try:
        return _LEGEND_NOTES.get(handle, "")
    except TypeError:  # not weakly referable: no artist of a chart's series
        return ""


def mark_beyond(ax: Axes, places: np.ndarray, lowest: np.ndarray, highest: np.ndarray, spec: ChartSpec,
                 horizontal: bool, width: float, color, cut_color=None) -> None:
    """Mark each mark (at `places`, `width` data units wide, spanning `lowest` to `highest`) reaching
    beyond ymin or ymax by an end that shows a value (`_reaching_beyond`) with a triangle at its
    place on the edge it reaches past, pointing past it: as wide as the mark, in `color`
    (`_EdgeMarks`); on a mark cut at the edge, in `cut_color` where one is given (a bar's, which is
    drawn in `color` up to the edge) and narrower, within it.

    A mark lying wholly beyond the bounds would draw nothing, as a missing value does; one cut at
    the edge only that it reaches there: bars of 752 and 900 under ymax=750 would look alike."""
    if spec.ymin is None and spec.ymax is None:
        return
    reaching, lying = _reaching_beyond(lowest, highest, spec), lying_beyond(lowest, highest, spec)
    for beyond, wholly, edge, marker in zip(reaching, lying, (0.0, 1.0), ("<>" if horizontal else "v^")):
        cut = beyond & ~wholly if cut_color is not None else np.zeros_like(beyond)
        if (beyond & ~cut).any():
            ax.add_artist(_EdgeMarks(places[beyond & ~cut], edge, horizontal, width, marker=marker, color=color))
        if cut.any():
            ax.add_artist(_EdgeMarks(places[cut], edge, horizontal, width * CUT_MARK_SHARE, marker=marker,
                                     color=cut_color))


def _box_columns(frame: pd.DataFrame, spec: ChartSpec) -> list[np.ndarray]:
    return [frame[name].dropna().to_numpy(dtype=float) for name in spec.y]


# Box statistics of values up to this magnitude stay within a double: a quartile between two values
# (their difference), the whiskers' reach (a quartile and 1.5 times the box's height) and the notches.
BOX_STATS_MAGNITUDE = np.finfo(np.float64).max / 8


def _box_stats(columns: list[np.ndarray], labels: list[str]) -> tuple[dict, ...]:
    """matplotlib's box statistics of each of `columns` (`cbook.boxplot_stats`).

    Of values beyond BOX_STATS_MAGNITUDE they are worked out an eighth of their size and scaled
    back, exactly (a power of two): as they are, a quartile between -1.7e308 and 1.7e308 would be
    infinite, and so the box. Their mean may overflow all the same (many values near the largest
    double), and is not drawn; so may the box's height and its notches scaled back.
    """
    huge = [len(values) > 0 and np.max(np.abs(values)) > BOX_STATS_MAGNITUDE for values in columns]
    with np.errstate(over="ignore"):
        stats = cbook.boxplot_stats([np.ldexp(values, -3) if scaled else values
                                     for values, scaled in zip(columns, huge)], labels=labels)
        for column_stats, scaled in zip(stats, huge):
            if scaled:
                column_stats.update({key: np.ldexp(value, 3) for key, value in column_stats.items() if key != "label"})
    return tuple(stats)
