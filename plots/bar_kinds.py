"""The kinds that draw a bar per x category, grouped side by side for several y columns: bar and
barh."""
from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.container import BarContainer
from matplotlib.ticker import FixedFormatter, FixedLocator

from .bound_marks import mark_bars_beyond
from .category_axis import LABELS_ACROSS, are_names, category_names, turn_crowded_labels
from .date_bars import (BarCounts, bar_period, named_among_kept, period_counts, told_apart_briefly, written_once,
                        years_left_out)
from .month_bars import month_names
from .told_apart import cut_apart
from .layout import LABELS_SHARE, dates_room, text_size
from .legend_entries import series_entry
from .series_looks import bar_points, pattern_patches, series_look
from .spec import ChartSpec
from .stacking import is_stacked, stack_edges, stacked_spans
from .style import THEMES
from .tick_hints import count_ticks, label_kept_ticks, thin_rather_than_turn, turn_rather_than_thin, turn_when_crowded
from .ticks import TICK_SIZE
from .value_text import DRAWN_LABEL_CHARS


def _bars(ax: Axes, frame: pd.DataFrame, spec: ChartSpec, horizontal: bool) -> None:
    # Cut to a few characters, told apart: categories that differ only past the cut keep where
    # they differ ("Category label…number 3"), and the tick labels' own shortening keeps them apart.
    chars = label_chars(spec, len(frame), horizontal)
    dates = bool(spec.x) and pd.api.types.is_datetime64_any_dtype(frame[spec.x])
    labels = [str(i) for i in range(len(frame))]
    if spec.x:
        labels = category_names(frame[spec.x], bar_period(frame[spec.x], spec.resample))
        # Moments not resampled, as briefly as tells them apart; a resampled hour names its hour.
        labels = cut_apart(told_apart_briefly(labels, frame[spec.x]) if dates and spec.resample is None else labels,
                           chars)
    # Numbers and dates (and the row numbers of bars without x) are told from their neighbours'.
    names = bool(spec.x) and are_names(frame[spec.x])
    periods = period_counts(frame[spec.x], spec.resample) if spec.x else None
    shared, whole = "", labels
    fig_w = ax.figure.get_size_inches()[0] * 72.0
    most = fig_w * LABELS_SHARE
    named_months = month_names(labels, periods) if dates and not horizontal else None
    if named_months is not None and not _across_all(named_months[0], fig_w):
        # Too many to name every bar across: written as before, thinned or turned, each read as its bar.
        named_months = None
    if named_months is not None:
        labels, shared = named_months
    elif dates and not horizontal:
        labels, shared = _dates_under_the_plot(labels, periods, most)
    elif dates:
        labels, shared = _dates_down_the_side(labels, periods, min(most, dates_room(fig_w)))
    positions = np.arange(len(frame))
    stacked = is_stacked(spec)
    n = 1 if stacked else len(spec.y)
    width = 0.8 / n
    # Stacked, a bar's marks beyond the y bounds are of where it starts and ends on the stack.
    spans = stacked_spans(frame, spec)
    theme = THEMES[spec.theme]
    starts, ends = stack_edges(frame, spec) if stacked else (None, None)
    # Slots of the axis as `_keep_bar_width` widens it, and autoscale's margins either side.
    across = bar_points(spec.height if horizontal else spec.width, max(len(frame), FEWEST_BAR_SLOTS) * 1.1, width)
    for i, name in enumerate(spec.y):
        offset = 0.0 if stacked else (i - (n - 1) / 2) * width
        values = frame[name].to_numpy(dtype=float) if ends is None else ends[i] - starts[i]
        # Unstacked, bars start where matplotlib starts them, drawn as they always were.
        start = {} if starts is None else {"left" if horizontal else "bottom": starts[i]}
        if horizontal:
            bars = series_entry(ax.barh(positions + offset, values, height=width, label=name, **start))
        else:
            bars = series_entry(ax.bar(positions + offset, values, width=width, label=name, **start))
        pattern_patches(bars.patches, series_look(spec, i), theme.background, theme.foreground, across, horizontal)
        mark_bars_beyond(ax, bars, positions + offset, spans, i, spec, horizontal, width)
    _keep_bar_width(ax, len(frame), horizontal)
    _lift_bars_of_zero(ax, frame[list(spec.y)].to_numpy(dtype=float), horizontal)
    if stacked and spec.stack == "percent":
        # Shares reach 100 (or -100) and no further: the value axis ends there, with no margin past it.
        ax.margins(**{"x" if horizontal else "y": 0.0})
    axis = ax.yaxis if horizontal else ax.xaxis
    # A tick per bar: `axis_ticks` keeps every n-th, the most whose labels, measured, stand apart.
    # Locator and formatter rather than set_ticks, which builds matplotlib's per-tick artists.
    axis.set_major_locator(FixedLocator(positions))
    formatter = FixedFormatter(labels)
    formatter.set_offset_string(shared)
    axis.set_major_formatter(formatter)
    if periods is not None:  # thinned, they keep a round step: every 2nd or 4th quarter, not every 3rd
        counts, steps = periods
        count_ticks(axis, dict(zip(positions.tolist(), counts)), steps)
    if labels != whole and not shared:  # years written only where they change: again among the bars kept
        label_kept_ticks(axis, lambda locs: named_among_kept(whole, [round(loc) for loc in locs]))
    if not names:
        # Cut, "2…2" could be 2012 or 2022: thinned to every few, they are read from their neighbours,
        # and label the last bar too, down the side as under the plot: what the bars span.
        thin_rather_than_turn(axis)
    if horizontal:
        ax.invert_yaxis()
        return
    if names and len(labels) <= LABELS_ACROSS:
        # Few enough to be written across all of them, as `turn_crowded_labels` guesses before the
        # plot is laid out: where it guessed wrong, the names are turned, not thinned.
        turn_rather_than_thin(axis)
    if named_months is not None and len(labels) <= LABELS_ACROSS:
        # Turned only where, measured under the plot as laid out, the names do not stand apart across:
        # a guess from the figure's width turned twelve of them at 480 pixels, where they fit across.
        turn_when_crowded(axis)
        return
    turn_crowded_labels(ax, labels, names)


def _across_all(labels: list[str], fig_w: float) -> bool:
    """Whether `labels` seem to fit side by side across a `fig_w`-point figure, each and the gap beside it,
    as `category_axis.turn_crowded_labels` guesses before the plot is laid out."""
    return sum(text_size(label, TICK_SIZE)[0] + 6.0 for label in labels) <= fig_w * 0.8


def _dates_down_the_side(labels: list[str], periods: BarCounts | None, most: float) -> tuple[list[str], str]:
    """Labels of horizontal bars of dates and their offset: whole where they fit in `most` points,
    the share of the figure's width names down the side keep (`layout.LABELS_SHARE`), or less where
    the plot would keep less than half of it (`layout.dates_room`); else with
    what they all start with written once (`written_once`), or their years (`years_left_out`), the
    first of those that fits, else the narrower.

    Dates are never cut, "2024-12-3…" could be any day of the month: whole, "2025-01-06" pushed a
    plot 100 pixels wide past the figure's right edge, its bars not drawn; whole at 240 pixels wide,
    "2024-12-21" left the plot 87 points of 180, where "12-21" under "2024–2025" left it 100 at 220."""
    return _first_fitting([(labels, ""), written_once(labels, periods), years_left_out(labels)], most)


def _dates_under_the_plot(labels: list[str], periods: BarCounts | None, most: float) -> tuple[list[str], str]:
    """Labels of upright bars of dates and their offset: with what they all start with written once
    (`written_once`), as numbers write "1e4" under the axis, where they fit in `most` points, the
    share of the figure's width names down the side keep (`layout.LABELS_SHARE`); else with their
    years left out (`years_left_out`), where those fit, else the narrower.

    Turned upwards, whole dates may not fit a short chart; written across a narrow one, a single
    "2024-01-01" was the only label of 18 weeks from 2023-11-13 at 160 to 200 pixels wide, where
    "01-01" and "03-04" under "2023–2024" fit. Labels each at most a third of the figure's width
    fit two side by side under the plot the value axis leaves."""
    return _first_fitting([written_once(labels, periods), years_left_out(labels)], most)


def _first_fitting(forms: list[tuple[list[str], str]], most: float) -> tuple[list[str], str]:
    """The first of `forms` of labels (and their offset) whose widest is at most `most` points wide,
    else the narrowest."""
    def widest(form: tuple[list[str], str]) -> float:
        return max((text_size(label, TICK_SIZE)[0] for label in form[0]), default=0.0)

    return next((form for form in forms if widest(form) <= most), min(forms, key=widest))


# About how wide a tick label's character is, in ems of its font: DejaVu Sans' letters average some 0.55.
LABEL_CHAR_EMS = 0.55
# The chart width DRAWN_LABEL_CHARS is the cut of: ChartSpec's own, which most charts are drawn at.
LABEL_CHARS_WIDTH = 640


def label_chars(spec: ChartSpec, count: int, horizontal: bool) -> int:
    """How many characters a bar chart's category labels are cut to: DRAWN_LABEL_CHARS at the default
    width (LABEL_CHARS_WIDTH) or narrower, and more as the chart is wider, in step with its width: down
    the side of horizontal bars (`barh`), whose labels take a share of the chart's width; under
    vertical bars, as far as one of the `count` bars' slots holds a label written across it, so that
    a wide chart of many bars does not turn labels longer than a slot upwards where they were cut."""
    grown = DRAWN_LABEL_CHARS * spec.width // LABEL_CHARS_WIDTH
    if horizontal:
        return max(DRAWN_LABEL_CHARS, grown)
    slot = bar_points(spec.width, max(count, FEWEST_BAR_SLOTS) * 1.1, 1.0)
    return max(DRAWN_LABEL_CHARS, min(grown, int(slot / (TICK_SIZE * LABEL_CHAR_EMS))))


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


def _lift_bars_of_zero(ax: Axes, values: np.ndarray, horizontal: bool) -> None:
    """Give bars whose values are all 0 (or missing) the value axis bars of 1 would have, from their
    baseline at 0 up to 1: matplotlib takes the span of no length for a point and widens it to an
    axis from -0.055 to 0.055, the bars' baseline lost in the middle of an empty plot.

    Only the data limits grow, as `_keep_bar_width` widens the category axis: y bounds still bound
    the axis, and bars of any other value keep it as matplotlib draws it."""
    drawn = values[np.isfinite(values)]
    if not drawn.size or drawn.any():
        return
    if horizontal:
        ax.update_datalim([(0.0, 0.0), (1.0, 0.0)], updatey=False)
    else:
        ax.update_datalim([(0.0, 0.0), (0.0, 1.0)], updatex=False)


def fit_bars_to_pixels(ax: Axes, horizontal: bool) -> np.ndarray | None:
    """Keep neighbouring bars of `ax` apart in a raster image of its figure as laid out (at its dpi):
    where a gap between two would be snapped shut, move their sides along the category axis to
    whole device pixels, a pixel apart; where pixels are too few for a pixel of each bar and of
    each gap, leave the bars where they are, unsnapped (anti-aliased).

    Agg snaps a bar's sides to the nearest whole pixels, each on its own, which keeps wide bars
    crisp; but a gap under a pixel wide then opens or closes by where it falls, merging neighbours
    into blocks, and a bar under a pixel wide may round to nothing. Bars whose gaps all stay open
    and that each keep a pixel are left as they are. Bars that touch (side by side in a category,
    a histogram's bins) keep sharing a side. An SVG or PDF is not snapped: it needs none of this.

    Returns the bars' sides along the category axis in device pixels as drawn, whole numbers, in
    their order along the device's axis; None when the bars are drawn unsnapped, or there are none.
    """
    bars = [bar for container in ax.containers if isinstance(container, BarContainer) for bar in container]
    if not bars:
        return None
    along = 1 if horizontal else 0

    def moved(values: np.ndarray, transform) -> np.ndarray:
        # Only the coordinate along the category axis: a missing value leaves a bar's length NaN.
        points = np.zeros((len(values), 2))
        points[:, along] = values
        return transform.transform(points)[:, along]

    if horizontal:
        sides = np.array([(bar.get_y(), bar.get_y() + bar.get_height()) for bar in bars])
    else:
        sides = np.array([(bar.get_x(), bar.get_x() + bar.get_width()) for bar in bars])
    ends = np.sort(moved(sides.ravel(), ax.transData).reshape(-1, 2), axis=1)
    order = np.argsort(ends[:, 0], kind="stable")  # along the device's axis: barh's runs upwards
    ends = ends[order]
    snapped = np.floor(ends + 0.5)  # as Agg snaps them
    # Bars side by side in one category touch, and keep sharing a side; others keep a pixel apart.
    parted = ends[1:, 0] - ends[:-1, 1] > 1e-6
    shut = parted & (snapped[1:, 0] - snapped[:-1, 1] < 1)
    snapped[:-1, 1] = np.where(shut, snapped[1:, 0] - 1, snapped[:-1, 1])
    if (snapped[:, 1] - snapped[:, 0] < 1).any():
        for bar in bars:
            bar.set_snap(False)
        return None
    if not shut.any():
        return snapped
    fitted = np.sort(moved(snapped.ravel(), ax.transData.inverted()).reshape(-1, 2), axis=1)
    for index, (low, high) in zip(order, fitted):
        if horizontal:
            bars[index].set_y(low)
            bars[index].set_height(high - low)
        else:
            bars[index].set_x(low)
            bars[index].set_width(high - low)
    return snapped


def draw_bar(ax: Axes, frame: pd.DataFrame, spec: ChartSpec) -> None:
    """Vertical bars per x category, grouped side by side for several y columns."""
    _bars(ax, frame, spec, horizontal=False)


def draw_barh(ax: Axes, frame: pd.DataFrame, spec: ChartSpec) -> None:
    """Horizontal bars per x category, first category on top."""
    _bars(ax, frame, spec, horizontal=True)
