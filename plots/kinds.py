"""One small drawing function per chart kind and its `Kind` record: adding a kind touches only this file."""
from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib import cbook
from matplotlib.axes import Axes
from matplotlib.container import BarContainer
from matplotlib.lines import Line2D
from matplotlib.ticker import FixedFormatter, FixedLocator
from matplotlib.transforms import ScaledTranslation

from .data import DRAWN_LABEL_CHARS, category_labels
from .date_ticks import bar_period, period_counts, written_once
from .downsample import SCATTER_VECTOR_POINTS, add_dense_scatter, pixel_columns_at, thin_line
from .kind import CHART_KINDS, Kind, kind_of, register_kind
from .layout import LABELS_SHARE, cut_apart, text_size
from .rows import MarkSpans, bins_of, drawn_of, mark_spans_of, with_mark_spans
from .spec import ChartSpec
from .style import THEMES
from .ticks import TICK_SIZE, count_ticks, rotate_tick_labels, thin_rather_than_turn, turn_rather_than_thin

LINE_WIDTH = 1.6  # points
AREA_LINE_WIDTH = 1.2
AREA_ALPHA = 0.3  # of an area's fill


def _x_values(frame: pd.DataFrame, spec: ChartSpec):
    return frame[spec.x] if spec.x else np.arange(len(frame))


def _y_values(frame: pd.DataFrame, name: str) -> np.ndarray:
    return frame[name].to_numpy(dtype=float, na_value=np.nan)


def _line_points(ax: Axes, frame: pd.DataFrame, spec: ChartSpec, name: str):
    """x and y of one series; thinned to the figure's pixel columns (M4) when it has far more points.

    The columns are device pixels: a PNG at scale 2 keeps twice as many points as its SVG.
    """
    x = _x_values(frame, spec)
    y = _y_values(frame, name)
    columns = pixel_columns_at(spec.width, ax.get_figure(root=True).dpi)
    chosen = thin_line(np.asarray(x), y, columns, spec.xmin, spec.xmax)
    if chosen is None:
        return x, frame[name]
    shown = y[chosen]
    if len(chosen) and (chosen[0] > 0 or chosen[-1] < len(y) - 1) and np.isfinite(y).any():
        # Points beyond the x bounds still widen the y range, as they do when drawn whole.
        ax.update_datalim([(0.0, np.nanmin(y)), (0.0, np.nanmax(y))], updatex=False)
    return np.asarray(x)[chosen], shown


def draw_line(ax: Axes, frame: pd.DataFrame, spec: ChartSpec) -> None:
    """One line per y column; a dot where a value has no neighbour to join (`lonely_points`)."""
    for name in spec.y:
        x, y = _line_points(ax, frame, spec, name)
        (line,) = ax.plot(x, y, label=name, linewidth=LINE_WIDTH)
        lonely = _lonely_values(line, x, y)
        if lonely is not None:
            _draw_dots(ax, line, *lonely)
    _name_text_x(ax, frame, spec)


def draw_area(ax: Axes, frame: pd.DataFrame, spec: ChartSpec) -> None:
    """One translucent filled area per y column, from zero; a value with no neighbour to join is a
    dot on a faint stem from zero: the area of one value."""
    for name in spec.y:
        x, y = _line_points(ax, frame, spec, name)
        (line,) = ax.plot(x, y, label=name, linewidth=AREA_LINE_WIDTH)
        if len(x):  # matplotlib cannot fill an empty area over text or missing x
            ax.fill_between(x, np.asarray(y, dtype=float), 0, color=line.get_color(), alpha=AREA_ALPHA, linewidth=0)
        lonely = _lonely_values(line, x, y)
        if lonely is not None:
            lonely_x, lonely_y = lonely
            ax.vlines(lonely_x, 0, lonely_y, colors=line.get_color(), alpha=AREA_ALPHA, linewidth=_dot_size(line))
            _draw_dots(ax, line, lonely_x, lonely_y)
    _name_text_x(ax, frame, spec)


def _name_text_x(ax: Axes, frame: pd.DataFrame, spec: ChartSpec) -> None:
    """Label an x axis of text (matplotlib's categories, at 0, 1, … in the order of first
    appearance) as a bar chart's names are labelled: blank ones visibly (`blank_named`), each cut to
    DRAWN_LABEL_CHARS and kept apart, turned upwards rather than thinned when crowded.

    matplotlib's own labels are the texts whole: one of 300 characters pushes the plot off the figure.
    """
    if not (spec.x and are_names(frame[spec.x])):
        return
    axis = ax.xaxis
    locs = np.asarray(axis.get_major_locator()(), dtype=float)
    if not len(locs):
        return
    texts = axis.get_major_formatter().format_ticks(locs)
    labels = cut_apart([blank_named(str(text).replace("\t", " ")) for text in texts], DRAWN_LABEL_CHARS)
    axis.set_major_locator(FixedLocator(locs))
    axis.set_major_formatter(FixedFormatter(labels))
    if len(labels) <= LABELS_ACROSS:
        turn_rather_than_thin(axis)
    _turn_crowded_labels(ax, labels)


def _lonely_values(line: Line2D, x, y) -> tuple | None:
    """The x and y of the points of `line` that no segment of it draws (`lonely_points`), or None.

    A chart of one row, or a value between two missing ones, would otherwise show nothing. Lines
    without such points get no extra artist, so that they draw exactly as before.
    """
    lonely = lonely_points(line.get_xydata())  # as drawn: dates and categories in axis units
    if not lonely.any():
        return None
    at = np.flatnonzero(lonely)
    return _take(x, at), _take(y, at)


def _draw_dots(ax: Axes, line: Line2D, x, y) -> None:
    """A dot in the line's colour at each of `x`, `y`; left out of the legend, which shows the line."""
    ax.plot(x, y, linestyle="none", marker="o", markersize=_dot_size(line), markeredgewidth=0,
            color=line.get_color())


def lonely_points(xy: np.ndarray) -> np.ndarray:
    """Which of a line's points (rows of x, y in drawing units) no segment of the line draws.

    A point draws only as the end of a segment to a neighbour that has a value too, and a segment
    to a neighbour at the very same place has no length and draws nothing: a value given twice
    (two rows of the same day and value) counts once, marked at its first row.
    """
    present = np.isfinite(xy).all(axis=1)
    joined = present[1:] & present[:-1]
    moved = (xy[1:] != xy[:-1]).any(axis=1)
    segment = joined & moved  # from point i to point i + 1
    ends_segment = np.zeros(len(xy), dtype=bool)
    ends_segment[:-1] |= segment
    ends_segment[1:] |= segment
    # Runs of points at one place, each counted at its first point: drawn when any point of it is.
    run_starts = present.copy()
    run_starts[1:] &= ~(joined & ~moved)
    run = np.cumsum(run_starts)[present] - 1
    run_drawn = np.bincount(run, weights=ends_segment[present], minlength=int(run_starts.sum())) > 0
    lonely = run_starts.copy()
    lonely[run_starts] = ~run_drawn
    return lonely


def _take(values, at: np.ndarray):
    """The values at positions `at`, of a column or an array alike (a column keeps its dates' zone)."""
    return values.iloc[at] if isinstance(values, pd.Series) else np.asarray(values)[at]


def _dot_size(line: Line2D) -> float:
    """The diameter of a lonely point's dot, in points: a little over twice the line's width, about
    as big as a scatter plot's points."""
    return 2.5 * line.get_linewidth()


def draw_scatter(ax: Axes, frame: pd.DataFrame, spec: ChartSpec) -> None:
    """One set of points per y column; a raster layer inside the SVG when there are very many."""
    x = _x_values(frame, spec)
    size = 18 if len(frame) <= 500 else 6
    if len(frame) * len(spec.y) > SCATTER_VECTOR_POINTS:
        add_dense_scatter(ax, np.asarray(x), [(name, _y_values(frame, name)) for name in spec.y], size, 0.8)
        return
    text_x = pd.api.types.is_string_dtype(x) or pd.api.types.is_object_dtype(x)
    for name in spec.y:
        if text_x and not frame[name].notna().any():
            # No point to place: matplotlib cannot place categories of points that are all missing.
            ax.scatter([], [], label=name, s=size, alpha=0.8, linewidths=0)
            continue
        ax.scatter(x, frame[name], label=name, s=size, alpha=0.8, linewidths=0)
    _name_text_x(ax, frame, spec)


def _bars(ax: Axes, frame: pd.DataFrame, spec: ChartSpec, horizontal: bool) -> None:
    # Cut to a few characters, told apart: categories that differ only past the cut keep where
    # they differ ("Category label…number 3"), and the tick labels' own shortening keeps them apart.
    labels = (cut_apart(category_names(frame[spec.x], bar_period(frame[spec.x], spec.resample)), DRAWN_LABEL_CHARS)
              if spec.x else [str(i) for i in range(len(frame))])
    dates = bool(spec.x) and pd.api.types.is_datetime64_any_dtype(frame[spec.x])
    shared = ""
    if dates and not horizontal:
        # What every date starts with written once under the axis, as numbers write "1e4" there:
        # turned upwards, whole dates may not fit a short chart.
        labels, shared = written_once(labels)
    positions = np.arange(len(frame))
    n = len(spec.y)
    width = 0.8 / n
    spans = mark_spans(spec, frame)
    for i, name in enumerate(spec.y):
        offset = (i - (n - 1) / 2) * width
        values = frame[name].to_numpy(dtype=float)
        if horizontal:
            bars = ax.barh(positions + offset, values, height=width, label=name)
        else:
            bars = ax.bar(positions + offset, values, width=width, label=name)
        _mark_bars_beyond(ax, bars, positions + offset, spans, i, spec, horizontal, width)
    _keep_bar_width(ax, len(frame), horizontal)
    axis = ax.yaxis if horizontal else ax.xaxis
    # A tick per bar: `axis_ticks` keeps every n-th, the most whose labels, measured, stand apart.
    # Locator and formatter rather than set_ticks, which builds matplotlib's per-tick artists.
    axis.set_major_locator(FixedLocator(positions))
    formatter = FixedFormatter(labels)
    formatter.set_offset_string(shared)
    axis.set_major_formatter(formatter)
    periods = period_counts(frame[spec.x], spec.resample) if spec.x else None
    if periods is not None:  # thinned, they keep a round step: every 2nd or 4th quarter, not every 3rd
        counts, steps = periods
        count_ticks(axis, dict(zip(positions.tolist(), counts)), steps)
    if horizontal:
        ax.invert_yaxis()
        return
    if spec.x and len(labels) <= LABELS_ACROSS and are_names(frame[spec.x]):
        # Few enough to be written across all of them, as `_turn_crowded_labels` guesses before the
        # plot is laid out: where it guessed wrong, the names are turned, not thinned.
        turn_rather_than_thin(axis)
    if dates:
        thin_rather_than_turn(axis)
    _turn_crowded_labels(ax, labels, dates)


def are_names(values: pd.Series) -> bool:
    """Whether bars of these categories (or the ticks of a line's x) are labelled with names
    (text), not numbers or dates, which a reader could tell from their neighbours'."""
    return not (pd.api.types.is_datetime64_any_dtype(values) or pd.api.types.is_numeric_dtype(values))


def blank_named(text: str) -> str:
    """A text as a chart names it: an empty or blank one (whitespace only) in quotes ('""', '" "'),
    for written as it is it would show nothing; any other as it is."""
    return f'"{text}"' if not text.strip() else text


def category_names(values: pd.Series, resample: str | None) -> list[str]:
    """The labels of bar categories (`category_labels`), empty and blank texts among them named
    visibly (`blank_named`); a missing value stays unlabelled."""
    labels = category_labels(values, resample)
    if not are_names(values):
        return labels
    return [blank_named(label) if isinstance(value, str) else label for value, label in zip(values, labels)]


class _SizedOnPlot(Line2D):
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


# The largest triangle marking a bar beyond the value axis' bounds, in points (`_mark_beyond`).
MARK_SIZE = 7.0


class _EdgeMarks(_SizedOnPlot):
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


def _mark_bars_beyond(ax: Axes, bars: BarContainer, places: np.ndarray, spans: MarkSpans, series: int,
                      spec: ChartSpec, horizontal: bool, width: float) -> None:
    """Mark each of `bars` (at `places`, `width` data units wide, the bars of y column number
    `series`, which `spans` says where they lie) that lies wholly beyond ymin or ymax (a bar of 5
    under ymin=10) with a triangle in its colour (`_mark_beyond`).

    Clipped to the plot, such a bar would draw nothing at all, as a missing value does. A bar that
    reaches into the plot shows as a bar cut at the edge, as usual."""
    if bars.patches:
        _mark_beyond(ax, places, spans.lowest[series], spans.highest[series], spec, horizontal, width,
                     bars.patches[0].get_facecolor())


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
    """Which marks, each spanning `lowest` to `highest` on the value axis, lie wholly below ymin and
    which wholly above ymax (a mark of NaN, a missing value, lies nowhere)."""
    low = -np.inf if spec.ymin is None else spec.ymin
    high = np.inf if spec.ymax is None else spec.ymax
    return np.asarray(highest) < low, np.asarray(lowest) > high


def _mark_beyond(ax: Axes, places: np.ndarray, lowest: np.ndarray, highest: np.ndarray, spec: ChartSpec,
                 horizontal: bool, width: float, color) -> None:
    """Mark each mark (at `places`, `width` data units wide, spanning `lowest` to `highest`) lying
    wholly beyond ymin or ymax with a triangle as wide in `color` (`_EdgeMarks`), at its place on
    the edge it lies beyond, pointing past it."""
    if spec.ymin is None and spec.ymax is None:
        return
    below, above = beyond_bounds(lowest, highest, spec)
    for beyond, edge, marker in ((below, 0.0, "<" if horizontal else "v"), (above, 1.0, ">" if horizontal else "^")):
        if beyond.any():
            ax.add_artist(_EdgeMarks(places[beyond], edge, horizontal, width, marker=marker, color=color))


# The fewest categories a bar chart's category axis has room for: one bar alone would otherwise be
# stretched across the whole plot, looking like a filled background rather than a bar.
FEWEST_BAR_SLOTS = 4


def _keep_bar_width(ax: Axes, count: int, horizontal: bool) -> None:
    """Widen the category axis of `count` bars (at 0, 1, …) to hold FEWEST_BAR_SLOTS of them, centred.

    Only the data limits grow, so autoscale adds its usual margins, and an axis of that many bars
    or more is left as matplotlib draws it."""
    if count >= FEWEST_BAR_SLOTS:
        return
    middle = (count - 1) / 2
    half = (FEWEST_BAR_SLOTS - 0.2) / 2  # as the 0.8 wide bars of that many categories reach
    if horizontal:
        ax.update_datalim([(0.0, middle - half), (0.0, middle + half)], updatex=False)
    else:
        ax.update_datalim([(middle - half, 0.0), (middle + half, 0.0)], updatey=False)


# Labels written across an axis read best; they are turned upwards only when fewer than this many
# of them (or fewer than all, when there are fewer) would fit side by side.
LABELS_ACROSS = 24


def _turn_crowded_labels(ax: Axes, labels: Sequence[str], dates: bool = False) -> None:
    """Turn the x tick labels upwards when LABELS_ACROSS of them, spread evenly, would not fit side
    by side across the plot (turned, long ones are shortened rather than squeezing the plot).

    Written across, more labels than fit are thinned to every n-th (years every few); turned,
    as many fit as lines of text (names, which cannot be guessed from their neighbours). Labels of
    `dates` are never shortened: where one would be, turned, they are written across and thinned
    (a date cut to "2…1" could be any)."""
    step = max(1, math.ceil(len(labels) / LABELS_ACROSS))
    fig_w, fig_h = ax.figure.get_size_inches() * 72.0
    if sum(text_size(label, TICK_SIZE)[0] + 6.0 for label in labels[::step]) <= fig_w * 0.8:
        return
    if dates and max(text_size(label, TICK_SIZE)[0] for label in labels) > fig_h * LABELS_SHARE:
        return
    rotate_tick_labels(ax.xaxis, 90)


def draw_bar(ax: Axes, frame: pd.DataFrame, spec: ChartSpec) -> None:
    """Vertical bars per x category, grouped side by side for several y columns."""
    _bars(ax, frame, spec, horizontal=False)


def draw_barh(ax: Axes, frame: pd.DataFrame, spec: ChartSpec) -> None:
    """Horizontal bars per x category, first category on top."""
    _bars(ax, frame, spec, horizontal=True)


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
        _mark_bars_beyond(ax, bars, centres, spans, i, spec, False, bin_width)
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


class _BinDividers(_SizedOnPlot):
    """The lines `_part_bins` draws between bins `bin_width` data units wide: BIN_GAP points wide,
    but at most BIN_GAP_SHARE of a bin's width."""

    def __init__(self, x: np.ndarray, y: np.ndarray, bin_width: float, **kwargs):
        super().__init__(x, y, along_y=False, solid_capstyle="butt", zorder=1.5, **kwargs)
        self._bin_width = bin_width

    def _fit(self, unit: float) -> None:
        self.set_linewidth(min(BIN_GAP, BIN_GAP_SHARE * self._bin_width * unit))


def draw_box(ax: Axes, frame: pd.DataFrame, spec: ChartSpec) -> None:
    """A box-and-whisker plot per y column; one lying wholly beyond ymin or ymax, whiskers and
    all, is marked on that edge as a bar is (its outliers within the bounds still show)."""
    spans = mark_spans(spec, frame)
    stats = [dict(s) for s in spans.stats]  # their outliers thinned for this drawing only
    _thin_fliers(stats, spec)
    drawn = ax.bxp(stats, patch_artist=False, flierprops={"markersize": 3})
    # At 1, 2, … as bxp places them, in the boxes' ink; a box is at most half its slot wide.
    _mark_beyond(ax, np.arange(1.0, len(stats) + 1), np.concatenate(spans.lowest), np.concatenate(spans.highest),
                 spec, False, 0.5, drawn["boxes"][0].get_color())
    _turn_crowded_labels(ax, spec.y)  # series names, as bar categories


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


# The order is the order forms list them in.
for _kind in (
    Kind("line", "Line chart", draw_line, series=True),
    Kind("bar", "Bar chart", draw_bar, x_axis="categories"),
    Kind("barh", "Horizontal bar chart", draw_barh, x_axis="categories", horizontal=True),
    Kind("scatter", "Scatter plot", draw_scatter),
    Kind("area", "Area chart", draw_area, series=True),
    Kind("hist", "Histogram", draw_hist, x_axis="values", x_bounds="values", resample=False, bins=True),
    Kind("box", "Box plot", draw_box, x_axis="series", legend=False, x_bounds=None, resample=False),
):
    register_kind(_kind)
del _kind

# The names of the built-in kinds; kinds registered later are in CHART_KINDS (and kind_names()).
KINDS: tuple[str, ...] = tuple(CHART_KINDS)
