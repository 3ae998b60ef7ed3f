"""A value axis on a base-10 log scale (`yscale=log`): which kinds and bounds take it, the axis with
its ticks at 1, 10, 100 … written as the site writes numbers, and the values at or below 0 it
cannot place, which the chart draws without and its words count."""
from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import TICKDOWN, TICKLEFT, Line2D
from matplotlib.ticker import Formatter, LogLocator, NullFormatter

from .downsample import THIN_ABOVE_POINTS_PER_COLUMN, pixel_columns
from .kind import Kind, kind_of
from .kind_fields import kinds_taking, takes
from .rows import drawn_of
from .spec import ChartSpec, SpecError, or_list
from .ticks import LINE_WIDTH, TICK_LENGTH
from .value_text import number_text

LOG = "log"
# The steps within a decade tried, fewest first, where an axis spans too little to hold two powers of ten.
DECADE_STEPS = ((1.0,), (1.0, 2.0, 5.0), tuple(float(step) for step in range(1, 10)))


def is_log(spec: ChartSpec) -> bool:
    """Whether `spec` draws its value axis on a log scale."""
    return spec.yscale == LOG


def log_refused(spec: ChartSpec, kind: Kind, inherited: frozenset[str] = frozenset(),
                written: Mapping[str, str] | None = None) -> SpecError | None:
    """The error for `yscale=log` where it cannot be drawn, None where it can: on a kind that takes
    none (an area fills from 0, a histogram counts), or with a y bound at or below 0, which no log
    scale holds (`inherited`: the bounds a dashboard's chart gives; `written`: as the request wrote them)."""
    if not is_log(spec):
        return None
    if not takes(kind, "yscale"):
        taking = kinds_taking("yscale")
        return SpecError(f"yscale=log does not apply to kind={spec.kind}; it applies to {or_list(taking)} "
                         f"(use yscale=linear with kind={spec.kind})", "yscale")
    for name in ("ymin", "ymax"):
        bound = getattr(spec, name)
        if bound is None or bound > 0:
            continue
        shown = (written or {}).get(name, number_text(bound)).strip()
        whose = f" (the chart's own; {name}=auto undoes it)" if name in inherited else ""
        axis = "value axis (across, for kind=barh)" if kind.horizontal else "value axis"
        return SpecError(f"{name} must be above 0 with yscale=log, as a log scale holds no value at or below 0; "
                         f"got {name}={shown}{whose}: give a number above 0 for the {axis}, leave {name} out, "
                         f"or use yscale=linear", name)
    return None


class DecadeLocator(LogLocator):
    """Ticks at the powers of ten within view; where fewer than two lie there (20 to 80), at 1, 2
    and 5 times them, then at every whole step of a decade (`DECADE_STEPS`)."""

    def __init__(self) -> None:
        super().__init__(base=10.0, subs=(1.0,))

    def tick_values(self, vmin: float, vmax: float) -> np.ndarray:
        low, high = sorted((vmin, vmax))
        locs = np.array([])
        for steps in DECADE_STEPS:
            self.set_params(subs=steps)
            locs = super().tick_values(vmin, vmax)
            if np.count_nonzero((locs >= low) & (locs <= high)) >= 2:
                break
        self.set_params(subs=(1.0,))
        return locs


class LogValueFormatter(Formatter):
    """A log axis' tick labels, each value as the site writes a number (`number_text`): 1, 10, 100,
    1000, 0.01, 1e−05."""

    def __call__(self, x, pos=None) -> str:
        return number_text(float(x))


def placeable(values) -> np.ndarray:
    """`values` as floats, each at or below 0, which a log scale cannot place, missing (NaN)."""
    values = np.asarray(values, dtype=float)
    return np.where(values > 0, values, np.nan)


def use_log_scale(ax: Axes, spec: ChartSpec) -> None:
    """Put the value axis of `spec` (across for a barh) on a base-10 log scale, where it asks for one.

    Lines, dots and boxes leave out the values at or below 0 (`nonpositive="mask"`); bars rise from
    the axis' lower end, their foot at 0 clipped to it, and one of a value at or below 0 draws nothing."""
    if not is_log(spec):
        return
    kind = kind_of(spec)
    nonpositive = "clip" if kind.categorical else "mask"
    if kind.horizontal:
        ax.set_xscale("log", base=10, nonpositive=nonpositive)
    else:
        ax.set_yscale("log", base=10, nonpositive=nonpositive)


def tick_log_axis(ax: Axes, spec: ChartSpec) -> None:
    """Tick the log value axis of `spec` at powers of ten (`DecadeLocator`), labelled as the site writes
    numbers; its minor ticks carry no label."""
    if not is_log(spec):
        return
    axis = ax.xaxis if kind_of(spec).horizontal else ax.yaxis
    axis.set_major_locator(DecadeLocator())
    axis.set_major_formatter(LogValueFormatter())
    axis.set_minor_formatter(NullFormatter())


# Minor ticks, at 2 to 9 times each power of ten, are drawn up to this many powers of ten across the
# axis: past it they would run together into a bar.
MINOR_DECADES = 6
MINOR_LENGTH = TICK_LENGTH * 0.6  # points


def draw_minor_ticks(ax: Axes, spec: ChartSpec, major: tuple[float, ...], colour: str) -> None:
    """Short unlabelled tick marks along the log value axis of `spec`, at 2 to 9 times each power of
    ten within view (those at a labelled tick, `major`, left out), as one Line2D; none on a linear
    axis or one spanning more than MINOR_DECADES powers of ten."""
    if not is_log(spec):
        return
    across = kind_of(spec).horizontal
    low, high = sorted(ax.get_xlim() if across else ax.get_ylim())
    if low <= 0 or np.log10(high) - np.log10(low) > MINOR_DECADES:
        return
    decades = 10.0 ** np.arange(np.floor(np.log10(low)), np.ceil(np.log10(high)) + 1)
    places = (decades[:, None] * np.arange(2, 10)).ravel()
    places = [float(place) for place in places if low <= place <= high
              and not np.any(np.isclose(place, major, rtol=1e-9, atol=0.0))]
    if not places:
        return
    zeros = [0.0] * len(places)
    if across:
        marks = Line2D(places, zeros, transform=ax.get_xaxis_transform(), marker=TICKDOWN)
    else:
        marks = Line2D(zeros, places, transform=ax.get_yaxis_transform(), marker=TICKLEFT)
    marks.set(linestyle="none", markersize=MINOR_LENGTH, markeredgewidth=LINE_WIDTH, color=colour, zorder=2.6,
              clip_on=False)
    ax.add_artist(marks)


def values_not_above_zero(spec: ChartSpec, data: pd.DataFrame) -> int:
    """How many values of the y columns of `data` (as `chart_frame` shaped it) lie at or below 0,
    which a log axis cannot place; 0 on a linear one."""
    if not is_log(spec):
        return 0
    return int(np.count_nonzero(_y_values(spec, data) <= 0))


def holds_value_above_zero(spec: ChartSpec, data: pd.DataFrame) -> bool:
    """Whether a y column of `data` holds a value above 0, the least a log axis draws."""
    return bool(np.any(_y_values(spec, data) > 0))


def _y_values(spec: ChartSpec, data: pd.DataFrame) -> np.ndarray:
    """The values of the y columns `data` holds, as floats, those that are not numbers missing (NaN);
    empty where it holds none of those columns."""
    columns = [name for name in dict.fromkeys(spec.y) if name in data]
    if not columns:
        return np.empty(0)
    return data[columns].apply(pd.to_numeric, errors="coerce").to_numpy(dtype=float)


def not_above_zero_words(spec: ChartSpec, data: pd.DataFrame) -> list[str]:
    """The chart's words on the values its log axis leaves out: "3 values at or below 0 are not drawn
    on the log scale"; none where it leaves none out. A line thinned per pixel column says it uncounted."""
    count = values_not_above_zero(spec, data)
    if not count:
        return []
    if kind_of(spec).series and _thinned(spec, data):
        # A line thinned per pixel column keeps some of its rows (a database sends those alone): the
        # values among them are not the line's, and the words say as much on every path.
        return ["Values at or below 0 are not drawn on the log scale"]
    if count == 1:
        return ["1 value at or below 0 is not drawn on the log scale"]
    return [f"{count} values at or below 0 are not drawn on the log scale"]


def _thinned(spec: ChartSpec, data: pd.DataFrame) -> bool:
    """Whether a line of `data` is thinned per pixel column (M4): by its database, which sent fewer
    rows than it stands for, or as it is drawn, holding more than `thin_line` draws whole."""
    drawn = drawn_of(data)
    if drawn is not None and drawn.rows > len(data):
        return True
    return len(data) > THIN_ABOVE_POINTS_PER_COLUMN * pixel_columns(spec.width)


# The note over the plot of a log chart with no value above 0, then shorter forms of it.
NO_VALUE_ABOVE_ZERO = ("No values above 0 to draw on the log scale", "No values above 0", "None above 0")
