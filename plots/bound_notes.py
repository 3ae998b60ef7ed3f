"""The series of a line, area or scatter chart lying wholly beyond its y bounds (`series_beyond`),
which their legend entries name (`legend_label`), with the bounds as the user gave them
(`note_bounds_as_given`), and the bounds as the notes over a plot and the chart's words write
them (`drawn_bounds`, `said_bounds`, `beyond_words`); and the series with no values at all, which
their legend entries name so too (`note_series_without_values`)."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from .stacking import stacked_frame
from .bound_marks import beyond_bounds
from .mark_extents import mark_spans
from .kind import kind_of
from .legend_entries import legend_entries
from .rows import Mark, mark_of, with_mark
from .spec import ChartSpec
from .unit_ticks import axis_unit, with_unit
from .value_text import noted_number, said_number
from .x_window import series_in_window


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
    cuts at the plot's edge. A line's values are those between its x bounds, where it crosses them
    among them (`x_window.series_in_window`), not those of the rows beyond that it runs on to.
    Worked out once per frame and chart and kept on the frame: drawing the chart and describing it
    both read it.
    """
    if (spec.ymin is None and spec.ymax is None) or kind_of(spec).x_axis != "x":
        return {}
    kept = mark_of(frame, SERIES_BEYOND_KEY, SeriesBeyond)
    if kept is not None and kept.spec == spec:
        return dict(kept.sides)
    joined = kind_of(spec).series
    sides = []
    drawn = stacked_frame(frame, spec)  # stacked, a series' line is drawn where its band ends
    for name in dict.fromkeys(spec.y):
        values = _series_values(spec, drawn, name)
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


def _series_values(spec: ChartSpec, frame: pd.DataFrame, name: str) -> np.ndarray:
    """The values of the series `name` that a line, area or scatter chart of `frame` shows, a missing
    one as NaN: a line's as its window shows them (`x_window.series_in_window`), the rows beyond it
    that it runs on to lying off the plot; a scatter's, or another kind's, its column's."""
    kind = kind_of(spec)
    if kind.series and kind.x_axis == "x":
        return series_in_window(frame, spec, name)
    return frame[name].to_numpy(dtype=float, na_value=np.nan)


@dataclass(frozen=True)
class WrittenBounds:
    """A chart's bounds as its text writes them ("" for none, or a bound of dates, which no note
    names): over the plot beside its axes (`drawn_bounds`), or in its words (`said_bounds`)."""

    xmin: str
    xmax: str
    ymin: str
    ymax: str


def drawn_bounds(spec: ChartSpec, data: pd.DataFrame) -> WrittenBounds:
    """`spec`'s bounds as the notes drawn over its plot of `data` write them, as its axes do (`noted_number`:
    "1e+150")."""
    return _written_bounds(spec, data, noted_number)


def said_bounds(spec: ChartSpec, data: pd.DataFrame) -> WrittenBounds:
    """`spec`'s bounds as the words of its chart of `data` say them (`said_number`: "1 times 10 to the power
    of 150")."""
    return _written_bounds(spec, data, said_number)


def _written_bounds(spec: ChartSpec, data: pd.DataFrame, number: Callable[[float], str]) -> WrittenBounds:
    """`spec`'s bounds, each number written by `number`; those of its values with the unit its columns' names
    give the values of `data` (`unit_ticks`: "ymin $0", "ymax 50%"): y's, or a histogram's x (its y counts), as
    its value axis writes them (`axis_unit`: none on a stack of shares)."""
    unit = axis_unit(spec, data)
    on_x = kind_of(spec).values_on_x

    def written(value, values: bool) -> str:
        said = number(value) if isinstance(value, (int, float)) else ""
        return with_unit(said, unit) if values else said

    return WrittenBounds(written(spec.xmin, on_x), written(spec.xmax, on_x), written(spec.ymin, not on_x),
                         written(spec.ymax, not on_x))


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


# The attribute holding the note ending a legend label that `legend_label` or
# `note_series_without_values` gave (" (below 25)"), on the artist it labels: the legend keeps it
# whole where it shortens the series' name (`legend_note`). An attribute, not a registry by artist:
# a series' bars are a BarContainer, a tuple, which cannot be weakly referred to.
_LEGEND_NOTE = "_svgplots_legend_note"


def legend_label(name: str, beyond: dict[str, str], spec: ChartSpec, frame: pd.DataFrame) -> str:
    """A series' legend label: its name, and where it lies when wholly beyond the y bounds
    ("Wolf (below 25)"), for it draws nothing in the plot; its bound written as the axis beside it
    writes numbers ("b (below 1e+150)", "b (below $25)"), a chart of `frame`'s. `note_legend_labels`
    keeps the note apart for the legend to keep whole."""
    side = beyond.get(name)
    return name if side is None else f"{name} ({beyond_words(side, drawn_bounds(spec, frame), bound_names=False)})"


def note_legend_labels(ax: Axes, beyond: dict[str, str], spec: ChartSpec, frame: pd.DataFrame) -> None:
    """Keep the note ending the legend label of each series on `ax` that `legend_label` gave one
    (`legend_note`)."""
    if not beyond:
        return
    labels = {name: legend_label(name, beyond, spec, frame) for name in beyond}
    notes = {label: label[len(name):] for name, label in labels.items()}
    for handle, label in zip(*legend_entries(ax)):
        if label in notes:
            setattr(handle, _LEGEND_NOTE, notes[label])


def note_bounds_as_given(ax: Axes, spec: ChartSpec, frame: pd.DataFrame) -> None:
    """Relabel the series on `ax` (`legend_label`) from `spec` and `frame` as the user gave them.

    A chart drawn in units of a power of ten (`magnitude.in_drawn_units`) reaches its kinds with
    its bounds divided too, and their notes named them so: "b (below 1e+143)" for ymin=1e150.
    The chart's words name the bounds as given, and so does the legend."""
    beyond = series_beyond(spec, frame)
    for handle, label in zip(*legend_entries(ax)):
        note = legend_note(handle)
        name = label[: len(label) - len(note)] if note and label.endswith(note) else label
        given = legend_label(name, beyond, spec, frame)
        if given == label:
            continue
        handle.set_label(given)
        if given != name:
            setattr(handle, _LEGEND_NOTE, given[len(name):])
        else:
            setattr(handle, _LEGEND_NOTE, "")


def legend_note(handle) -> str:
    """The note ending the legend label of the artist `handle` (" (below 25)"), or ""."""
    return getattr(handle, _LEGEND_NOTE, "")


# The note ending the legend label of a series that draws nothing for want of values.
NO_VALUES_NOTE = " (no values)"


def series_without_values(spec: ChartSpec, frame: pd.DataFrame) -> list[str]:
    """The series of a chart of `frame` (as `chart_frame` shaped it) that have no value to draw: a
    line's none between its x bounds, where it crosses neither (`x_window.series_in_window`), a
    histogram's no count, bars' and points' every cell missing. Box plots name their series under
    their boxes, not in a legend, and have none."""
    kind = kind_of(spec)
    if not kind.legend:
        return []
    spans = mark_spans(spec, frame) if kind.x_axis == "values" else None
    names = list(dict.fromkeys(spec.y))
    if spans is not None:
        values = [spans.highest[spec.y.index(name)] for name in names]
    else:
        values = [_series_values(spec, frame, name) for name in names]
    return [name for name, held in zip(names, values) if not np.isfinite(held).any()]


def note_series_without_values(ax: Axes, spec: ChartSpec, frame: pd.DataFrame) -> None:
    """End the legend label of each series on `ax` with no value to draw (`series_without_values`)
    with NO_VALUES_NOTE, "v (no values)", which the legend keeps whole (`legend_note`): it draws
    nothing, and a viewer would look for it, as for a series lying beyond the y bounds."""
    empty = set(series_without_values(spec, frame))
    if not empty:
        return
    for handle, label in zip(*legend_entries(ax)):
        if label in empty:
            handle.set_label(label + NO_VALUES_NOTE)
            setattr(handle, _LEGEND_NOTE, NO_VALUES_NOTE)
