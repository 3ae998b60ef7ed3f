"""The note a chart draws over its plot: why it draws nothing ("No rows in this range"), or why its
plot stands empty though it has values ("All values lie below ymin 30"), in the forms a small plot
takes; the chart's words (`describe`) say it too."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .bound_notes import BEYOND_ARROWS, WrittenBounds, beyond_words, drawn_bounds, said_bounds, series_beyond
from .bound_words import OUTSIDE_ARROWS, all_outside_note
from .data import is_bounded_out
from .histogram_bins import rows_without_values, values_outside
from .kind import kind_of
from .log_axis import NO_VALUE_ABOVE_ZERO, holds_value_above_zero, is_log
from .rows import Mark, drawn_of, mark_of, rows_of, with_mark
from .selection import BY_FILTER, BY_FILTERS, BY_RANGE, chosen_by, untimed_column
from .spec import ChartSpec
from .text import shown_value
from .x_window import neighbours_of, values_missing_within, within_bounds


def nothing_to_draw(spec: ChartSpec, data: pd.DataFrame) -> str | None:
    """The note a chart that draws nothing shows in its place ("No rows in this range"); None when
    it draws something.

    `data` as `chart_frame` shaped it. Nothing is drawn when no row holds a y value (no histogram
    bin counts one). It says what chose the rows, which left none: "in this range" for a time range
    or x bounds, "for this filter" (or "these filters") for filters, both where they left none
    together (the frame's selection mark says which, `chosen_by`); "values" when there are rows but
    their values are missing.
    """
    forms = _nothing_to_draw(spec, data, drawn_bounds(spec, data))
    return forms[0] if forms else None


def _nothing_to_draw(spec: ChartSpec, data: pd.DataFrame, bounds: WrittenBounds) -> tuple[str, ...]:
    """`nothing_to_draw`'s note and a shorter form of it ("No rows"), its bounds written as
    `bounds`; empty when the chart draws something."""
    drawn = drawn_of(data)
    drawn_rows = _drawn_rows(data)
    if drawn is not None and drawn.bins is not None:  # counts per bin
        drawing = bool(data[list(spec.y)].to_numpy().any())
    else:
        drawing = any(_holds_a_value(drawn_rows[name]) for name in dict.fromkeys(spec.y))
    if drawing and is_log(spec) and not holds_value_above_zero(spec, drawn_rows):
        return NO_VALUE_ABOVE_ZERO
    if drawing:
        return ()
    outside = values_outside(data)
    if outside is not None:
        return all_outside_note(outside, bounds)
    what = "rows" if rows_counted(data) == 0 and not values_missing_within(data) else "values"
    by = chosen_by(data)
    if (is_bounded_out(data) or what == "values") and kind_of(spec).x_bounds == "rows":
        # The x bounds left none of the rows chosen with an x (a store that applied them says so too):
        # they are named beside the selection. Rows of no x at all have no place whatever the bounds.
        # A histogram's bound where its bins run and choose no rows: values beyond them are told above.
        by += (BY_RANGE,) if spec.xmin is not None or spec.xmax is not None else ()
    words = [f"for {'this filter' if BY_FILTER in by else 'these filters'}"] if {BY_FILTER, BY_FILTERS} & set(by) else []
    untimed = untimed_column(data)
    if untimed is not None and what == "rows" and BY_RANGE in by:
        # The range chose none because no row has a time in its column, not for times outside it.
        rows = " ".join(["No rows", *words, f"have a {shown_value(untimed)}"])
        return f"{rows}, the column the range chooses rows by", rows, "No rows"
    words += ["in this range"] if BY_RANGE in by else []
    return (f"No {what} {' '.join(words)}" if words else f"No {what} to draw", f"No {what}")


NOTES_KEY = "svgplots.notes"


@dataclass(frozen=True, eq=False)
class PlotNote(Mark):
    """What a chart of a frame draws and the note it shows over its plot (`plot_note`), for the
    chart `spec`. Nothing here is changed once made."""

    spec: ChartSpec
    drawing: bool  # False: no marks and no ticks, `nothing_to_draw`'s note in their place
    # The note, then shorter forms of it ("No rows"), for a plot too small for the note (empty for no note).
    forms: tuple[str, ...] = ()
    # The note as the chart's words say it: its numbers said, not written as the axis beside it
    # writes them ("below ymin 1 times 10 to the power of 150", drawn "below ymin 1e+150").
    said: str | None = None

    @property
    def note(self) -> str | None:
        """The note as drawn in full, None for none."""
        return self.forms[0] if self.forms else None


def plot_note(spec: ChartSpec, data: pd.DataFrame) -> PlotNote:
    """Whether a chart of `data` (as `chart_frame` shaped it) draws anything, and the note over its
    plot: `nothing_to_draw`'s, else `_values_beyond_bounds`' (None for neither).

    Worked out once per frame and chart and kept on the frame: both drawing the chart and
    describing it read it, and with ymin or ymax `_values_beyond_bounds` passes over every value.
    """
    kept = mark_of(data, NOTES_KEY, PlotNote)
    if kept is not None and kept.spec == spec:
        return kept
    drawn, said = drawn_bounds(spec, data), said_bounds(spec, data)
    drawing, forms = _plot_note_forms(spec, data, drawn)
    # Worked out again only where the words say a bound otherwise than the note writes it (with a
    # power of ten): with ymin or ymax, `_values_beyond_bounds` passes over every value.
    said_forms = _plot_note_forms(spec, data, said)[1] if forms and said != drawn else forms
    found = PlotNote(spec, drawing, forms, said_forms[0] if said_forms else None)
    with_mark(data, NOTES_KEY, found)
    return found


def _plot_note_forms(spec: ChartSpec, data: pd.DataFrame, bounds: WrittenBounds) -> tuple[bool, tuple[str, ...]]:
    """Whether a chart of `data` draws anything, and the forms of `plot_note`'s note, its bounds
    written as `bounds`."""
    forms = _nothing_to_draw(spec, data, bounds)
    if forms:
        return False, forms
    return True, _values_beyond_bounds(spec, data, bounds) or _period_holding_note(spec, data)


def _period_holding_note(spec: ChartSpec, data: pd.DataFrame) -> tuple[str, ...]:
    """The note over the empty plot of a resampled line whose rows within the x bounds all belong to
    the one period it holds, which starts before xmin (`x_window.period_holding`): "The month of
    these rows starts before xmin", "Month starts before xmin", "←"; none for any other chart."""
    if not holds_period_before(spec, data):
        return ()
    return (f"The {spec.resample} of these rows starts before xmin",
            f"{spec.resample.capitalize()} starts before xmin", OUTSIDE_ARROWS["below"])


def holds_period_before(spec: ChartSpec, data: pd.DataFrame) -> bool:
    """Whether `data` (as `chart_frame` shaped it) is a resampled line's one period before xmin that
    the rows within its x bounds belong to (`x_window.period_holding`)."""
    return spec.resample is not None and len(data) == 1 and neighbours_of(data).counts == (1, 0)


def _values_beyond_bounds(spec: ChartSpec, data: pd.DataFrame, bounds: WrittenBounds) -> tuple[str, ...]:
    """The note over the empty plot of a chart of values along x (line, scatter, area) whose y
    bounds leave none of its values in the plot ("All values lie below ymin 30") and a shorter
    forms of it ("All below ymin", "All below", "\u2193"), or none.

    `data` as `chart_frame` shaped it: when every series holding a value lies wholly beyond them
    (`series_beyond`). A point beyond the bounds draws nothing, and neither does a line whose
    points all lie on one side of them (a line from below ymin to above ymax crosses the plot).
    An area from zero to values all beyond the bounds may still fill the plot, which the note
    then explains. Asked on every render, so it looks at the values only when ymin or
    ymax is given.
    """
    if (spec.ymin is None and spec.ymax is None) or kind_of(spec).x_axis != "x":
        return ()
    beyond = series_beyond(spec, data)
    drawn_rows = _drawn_rows(data)
    if any(name not in beyond and _holds_a_value(drawn_rows[name]) for name in dict.fromkeys(spec.y)):
        return ()
    sides = set()
    for side in beyond.values():
        sides.update(("below", "above") if side == "both" else (side,))
    if not sides:  # no values at all: `nothing_to_draw` says so
        return ()
    if len(sides) == 1:
        side = sides.pop()
        bound = "ymin" if side == "below" else "ymax"
        return f"All values lie {beyond_words(side, bounds)}", f"All {side} {bound}", f"All {side}", BEYOND_ARROWS[side]
    return (f"No values between ymin {bounds.ymin} and ymax {bounds.ymax}", "None between ymin and ymax",
            BEYOND_ARROWS["both"])


def _drawn_rows(data: pd.DataFrame) -> pd.DataFrame:
    """The rows of `data` whose values a chart of it draws: a line's rows within its x bounds where
    any lie there, not the rows beyond that it runs on to (`x_window.Neighbours`). A value missing
    breaks the line, so that rows within holding none draw nothing, whatever the rows beyond hold;
    a window no row lies in shows the line between its neighbours, drawn where both hold a value."""
    if neighbours_of(data).counts == (0, 0):
        return data
    within = data.iloc[within_bounds(data)]
    return within if len(within) else data


def _holds_a_value(column: pd.Series) -> bool:
    # Asked on every render: the first rows answer it for nearly every chart, without a pass
    # over a million.
    return bool(column.iloc[:64].notna().any() or column.notna().any())


def rows_counted(data: pd.DataFrame) -> int:
    """The rows a chart of `data` counts: `rows_of`, or a histogram's chosen rows where none holds a
    value its bins count, which its frame keeps none of (`rows_without_values`)."""
    return rows_without_values(data) or rows_of(data)
