"""The kinds that draw each row at its x: line, area and scatter, and the dots a line draws where a
value has no neighbour to join."""
from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.lines import Line2D
from matplotlib.transforms import Bbox

from .bound_notes import legend_label, note_legend_labels, series_beyond
from .category_axis import name_text_x
from .dense_scatter import SCATTER_VECTOR_POINTS, add_dense_scatter
from .downsample import axis_numbers, epoch_of, pixel_columns_at, thin_line, thinned_stack
from .log_axis import is_log, placeable
from .legend_entries import series_entry
from .line_gaps import broken_after, broken_at_gaps
from .resampling import empty_periods_after
from .series_looks import SeriesLook, hatch_over, pattern_line, pattern_points, series_look
from .series_split import is_split, own_rows
from .spec import ChartSpec
from .stacking import area_bands, is_stacked, stacked_values

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
    chosen = thin_line(np.asarray(x), frame[name], columns, spec.xmin, spec.xmax)  # integers compared as such
    if chosen is None:
        return x, frame[name]
    shown = y[chosen]
    if len(chosen) and (chosen[0] > 0 or chosen[-1] < len(y) - 1) and np.isfinite(y).any():
        # Points beyond the x bounds still widen the y range, as they do when drawn whole.
        ax.update_datalim([(0.0, np.nanmin(y)), (0.0, np.nanmax(y))], updatex=False)
    return np.asarray(x)[chosen], shown


def _broken_at_empty_periods(frame: pd.DataFrame, spec: ChartSpec) -> pd.DataFrame:
    """The rows of a resampled chart with a row of no values after each that empty periods follow
    (`empty_periods_after`): a line breaks there as at a period whose values are missing, rather
    than joining the periods either side as if they were neighbours. Other charts' rows as they are."""
    if not spec.resample or not spec.x or not pd.api.types.is_datetime64_any_dtype(frame[spec.x]):
        return frame
    return broken_after(frame, empty_periods_after(frame[spec.x], spec.resample), spec)


def _joins_own_rows(frame: pd.DataFrame, spec: ChartSpec) -> bool:
    """Whether each series of `frame` is drawn through its own rows alone (`own_rows`): a split chart's
    rows read as they are, each series at its own x. A resampled one's periods are every series'
    alike, and a period a series has no rows in is empty of it (no value in its column): its line
    breaks there, as the line of that series alone breaks at its empty periods."""
    return is_split(frame) and not spec.resample


def draw_line(ax: Axes, frame: pd.DataFrame, spec: ChartSpec) -> None:
    """One line per y column, broken where a resampled chart has empty periods
    (`_broken_at_empty_periods`) and where rows lie further apart than the chart's gap
    (`line_gaps.broken_at_gaps`, before thinning, which keeps each break); a dot where a value has
    no neighbour to join (`lonely_points`). A series wholly beyond the y bounds says so in its
    legend entry (`legend_label`)."""
    beyond = series_beyond(spec, frame)
    split = _joins_own_rows(frame, spec)
    frame = broken_at_gaps(_broken_at_empty_periods(frame, spec), spec)
    for index, name in enumerate(spec.y):
        x, y = _line_points(ax, own_rows(frame, name, spec.y) if split else frame, spec, name)
        if is_log(spec):
            # Broken at each value a log scale cannot place, as at a missing one: a value between two
            # such is a dot, where masked by the scale it drew nothing.
            y = placeable(y)
        line = series_entry(ax.plot(x, y, label=legend_label(name, beyond, spec, frame), linewidth=LINE_WIDTH)[0])
        look = series_look(spec, index)
        pattern_line(line, look, index, spec.width)
        lonely = _lonely_values(line, x, y)
        if lonely is not None:
            _draw_dots(ax, line, *lonely, look)
    note_legend_labels(ax, beyond, spec, frame)
    name_text_x(ax, frame, spec)


def draw_area(ax: Axes, frame: pd.DataFrame, spec: ChartSpec) -> None:
    """One translucent filled area per y column, from zero, broken where a resampled chart has
    empty periods (`_broken_at_empty_periods`) and at the chart's gaps (`line_gaps.broken_at_gaps`); a
    value with no neighbour to join is a dot on a faint stem from zero: the area of one value. A
    series wholly beyond the y bounds says so in its legend entry (`legend_label`)."""
    beyond = series_beyond(spec, frame)
    split = _joins_own_rows(frame, spec)
    frame = broken_at_gaps(_broken_at_empty_periods(frame, spec), spec)
    if is_stacked(spec):
        _draw_stacked_areas(ax, frame, spec, beyond)
        return
    for index, name in enumerate(spec.y):
        x, y = _line_points(ax, own_rows(frame, name, spec.y) if split else frame, spec, name)
        line = series_entry(ax.plot(x, y, label=legend_label(name, beyond, spec, frame), linewidth=AREA_LINE_WIDTH)[0])
        look = series_look(spec, index)
        pattern_line(line, look, index, spec.width)
        if len(x):  # matplotlib cannot fill an empty area over text or missing x
            fill = ax.fill_between(x, np.asarray(y, dtype=float), 0, color=line.get_color(), alpha=AREA_ALPHA,
                                   linewidth=0)
            hatch_over(fill, look, line.get_color())
        lonely = _lonely_values(line, x, y)
        if lonely is not None:
            lonely_x, lonely_y = lonely
            _draw_stems(ax, line, lonely_x, lonely_y)
            _draw_dots(ax, line, lonely_x, lonely_y, look)
    note_legend_labels(ax, beyond, spec, frame)
    name_text_x(ax, frame, spec)


def _draw_stacked_areas(ax: Axes, frame: pd.DataFrame, spec: ChartSpec, beyond) -> None:
    """The areas of `draw_area` stacked (`stacking.area_bands`): each series' values above 0 a band on those
    of the series before it, those below 0 a band under theirs, its line along their outer edge; thinned
    per pixel column to the rows M4 keeps of each series and of their total (`thinned_stack`), so that
    every band keeps the same x. A value with no neighbour is a dot at its stack's end."""
    x = np.asarray(_x_values(frame, spec))
    values = stacked_values(frame, spec)
    columns = pixel_columns_at(spec.width, ax.get_figure(root=True).dpi)
    chosen = thinned_stack(x, frame, spec, columns)
    if chosen is not None:
        x, values = x[chosen], values[:, chosen]
    bands = area_bands(x, values, _wider_than_a_column(x, spec, columns))
    for index, name in enumerate(spec.y):
        line_x, line_y = bands.line(index)
        line = series_entry(ax.plot(line_x, line_y, label=legend_label(name, beyond, spec, frame),
                                    linewidth=AREA_LINE_WIDTH)[0])
        look = series_look(spec, index)
        pattern_line(line, look, index, spec.width)
        if len(x):
            # A band either side of 0 only where it has one to draw (one above for a series of no values).
            above, below = (bands.values[index] > 0).any(), (bands.values[index] < 0).any()
            sides = [(bands.up_from, bands.up_to)] if above or not below else []
            if below:
                sides.append((bands.down_from, bands.down_to))
            for low, high in sides:
                fill = ax.fill_between(bands.x, low[index], high[index], color=line.get_color(), alpha=AREA_ALPHA,
                                       linewidth=0)
                hatch_over(fill, look, line.get_color())
        lonely = _lonely_values(line, line_x, line_y)
        if lonely is not None:
            _draw_dots(ax, line, *lonely, look)
    if spec.stack == "percent":
        ax.margins(y=0.0)  # shares reach 100 and no further
    note_legend_labels(ax, beyond, spec, frame)
    name_text_x(ax, frame, spec)


def _wider_than_a_column(x: np.ndarray, spec: ChartSpec, columns: int) -> np.ndarray | None:
    """Which steps from one x to the next span more than a pixel column of the plot (or are of no known
    length: a missing x); None where `x` holds neither numbers nor dates."""
    numbers = axis_numbers(np.asarray(x))
    if numbers is None or not np.isfinite(numbers).any():
        return None
    low = epoch_of(spec.xmin) if spec.xmin is not None else np.nanmin(numbers)
    high = epoch_of(spec.xmax) if spec.xmax is not None else np.nanmax(numbers)
    return ~(np.diff(numbers) <= max(float(high - low), 0.0) / max(columns, 1))


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


def _draw_dots(ax: Axes, line: Line2D, x, y, look: SeriesLook | None = None) -> None:
    """A dot in the line's colour at each of `x`, `y` (`_Dots`); left out of the legend, which shows
    the line. Of a series told apart without colour (`look`), its marker's shape: a dot alone shows
    none of its line's dashes."""
    marker = "o" if look is None or look.marker is None else look.marker
    ax.add_line(_Dots(x, y, linestyle="none", marker=marker, markersize=_dot_size(line), markeredgewidth=0,
                      color=line.get_color(), label="_dots"))


class _Dots(Line2D):
    """A line's dots, drawn whole where they stand at the plot's edge: a lone point at the first or
    last x of a line, which runs edge to edge, was drawn half, cut by the plot.

    Only dots whose centre lies in the plot are drawn unclipped, the others not at all, as clipped
    they were not; dots clear of the edges are drawn clipped, as before, in the same bytes."""

    def draw(self, renderer) -> None:
        ax = self.axes
        xy = ax.transData.transform(self.get_xydata())
        box = ax.bbox.expanded(1 + 1e-9, 1 + 1e-9)  # a dot at the last x ends the plot, give or take rounding
        inside = (box.x0 <= xy[:, 0]) & (xy[:, 0] <= box.x1) & (box.y0 <= xy[:, 1]) & (xy[:, 1] <= box.y1)
        radius = renderer.points_to_pixels(self.get_markersize()) / 2
        near = inside & ((xy[:, 0] - box.x0 < radius) | (box.x1 - xy[:, 0] < radius)
                         | (xy[:, 1] - box.y0 < radius) | (box.y1 - xy[:, 1] < radius))
        if near.any():
            self.set_clip_on(False)
            self.set_markevery(list(np.flatnonzero(inside)))
        super().draw(renderer)


def _draw_stems(ax: Axes, line: Line2D, x, y) -> None:
    """A faint stem from zero to each of `x`, `y`, in the line's colour and as wide as its dots (`_Stems`)."""
    x = np.asarray(ax.convert_xunits(x), dtype=float)  # dates as the line's x axis counts them
    segments = [np.array([[at, 0.0], [at, value]]) for at, value in zip(x, np.asarray(y, dtype=float))]
    # The area's fill already spans zero to each value: the data limits need nothing from the stems.
    ax.add_collection(_Stems(segments, colors=line.get_color(), alpha=AREA_ALPHA, linewidths=_dot_size(line)),
                      autolim=False)


class _Stems(LineCollection):
    """An area's stems under its lone dots, drawn whole across where they stand at the first or last x
    of the plot, as the dots are (`_Dots`): clipped to the plot, a stem there lost half its width.

    Only the plot's sides give way, by half a stem's width: a stem still ends at a y bound, and one
    whose x lies beyond the plot is drawn not at all, as clipped it was not; stems clear of the sides
    are drawn clipped, as before, in the same bytes."""

    def draw(self, renderer) -> None:
        ax, segments = self.axes, self.get_segments()
        x = ax.transData.transform([(segment[0][0], 0.0) for segment in segments])[:, 0] if segments else np.empty(0)
        box = ax.bbox.expanded(1 + 1e-9, 1)  # a stem at the last x ends the plot, give or take rounding
        inside = (box.x0 <= x) & (x <= box.x1)
        half = renderer.points_to_pixels(max(self.get_linewidth())) / 2
        if not (inside & ((x - box.x0 < half) | (box.x1 - x < half))).any():
            super().draw(renderer)
            return
        clip_box = self.get_clip_box()
        self.set_segments([segment for segment, shown in zip(segments, inside) if shown])
        self.set_clip_box(Bbox.from_extents(ax.bbox.x0 - half, ax.bbox.y0, ax.bbox.x1 + half, ax.bbox.y1))
        try:
            super().draw(renderer)
        finally:
            self.set_segments(segments)
            self.set_clip_box(clip_box)


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
    """One set of points per y column; a raster layer inside the SVG when there are very many. A
    series wholly beyond the y bounds says so in its legend entry (`legend_label`)."""
    x = _x_values(frame, spec)
    size = 18 if len(frame) <= 500 else 6
    beyond = series_beyond(spec, frame)
    if len(frame) * len(spec.y) > SCATTER_VECTOR_POINTS:
        add_dense_scatter(ax, np.asarray(x), [(legend_label(name, beyond, spec, frame), _y_values(frame, name))
                                              for name in spec.y], size, 0.8)
        note_legend_labels(ax, beyond, spec, frame)
        return
    text_x = pd.api.types.is_string_dtype(x) or pd.api.types.is_object_dtype(x)
    for index, name in enumerate(spec.y):
        look = series_look(spec, index)
        # A shape each where series are told apart without colour; else matplotlib's own, as ever.
        shape = {} if look is None else {"marker": look.point_marker}
        if text_x and not frame[name].notna().any():
            # No point to place: matplotlib cannot place categories of points that are all missing.
            pattern_points(series_entry(ax.scatter([], [], label=name, s=size, alpha=0.8, linewidths=0, **shape)), look)
            continue
        pattern_points(series_entry(ax.scatter(x, frame[name], label=legend_label(name, beyond, spec, frame), s=size,
                                               alpha=0.8, linewidths=0, **shape)), look)
    note_legend_labels(ax, beyond, spec, frame)
    name_text_x(ax, frame, spec)
