"""Words for a chart: the SVG's <title>/<desc> and the page's alt text say the same."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .bound_notes import BEYOND_ARROWS, WrittenBounds, beyond_words, drawn_bounds, said_bounds, series_beyond
from .bound_words import (OUTSIDE_ARROWS, all_outside_note, drawn_neighbours, line_between_words, line_joins,
                          marks_beyond, marks_beyond_words, neighbours_words, outside_words, period_holding_words,
                          series_beyond_words)
from .category_axis import are_names, blank_named, category_names
from .data import bounded_out, combined_by, combined_title
from .date_bars import bar_period
from .histogram_bins import rows_without_values, values_outside
from .kind import kind_of
from .rows import Mark, drawn_of, mark_of, rows_of, rows_without_x, with_mark
from .series_left_out import left_out_words
from .selection import BY_FILTER, BY_FILTERS, BY_RANGE, chosen_by
from .spec import ChartSpec, listed
from .text import names_listed, one_line
from .x_window import neighbours_of, values_missing_within, within_bounds
from .value_text import (WORDS_LABEL_CHARS, category_labels, cut_short, date_precision, date_text, date_texts,
                         number_text, said_number)

def _fmt(value) -> str:
    """A value as the chart's words say it: a float as `said_number`, a whole number as
    `number_text` (with the minus sign), a date as `date_text`, text as it is (cut to WORDS_LABEL_CHARS, as a category's label;
    an empty or blank one quoted, as the chart names it: `blank_named`)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "none"
    if isinstance(value, pd.Timestamp):
        return date_text(value)
    if isinstance(value, float):
        return said_number(value)
    if isinstance(value, (int, np.integer)):
        return number_text(value)
    return cut_short(blank_named(str(value)), WORDS_LABEL_CHARS)


def spec_summary(spec: ChartSpec) -> tuple[str, str]:
    """The chart's title and what it draws, from its spec alone ("Line chart of value by t")."""
    series = ", ".join(names_listed(spec.y))
    kind = kind_of(spec)
    if kind.uses_x:
        summary = f"{kind.label} of {series} by {spec.x or 'row number'}"
    else:
        summary = f"{kind.label} of {series}"
    return spec.title or summary, summary


def spec_words(spec: ChartSpec) -> str:
    """What the chart is, in words from its spec alone: its title, then what it draws ("Bears. Bar
    chart of Bear by year."); the summary alone when it is the title (an untitled chart's).

    True of every version of the data, unlike `describe`'s words of its rows: the alt text of an
    image whose URL shows whatever the rows are when it is read (an embed snippet's). On one line,
    as an alt text is: the title may hold line breaks.
    """
    title, summary = spec_summary(spec)
    return one_line(f"{summary}." if desc_repeats_title(title, summary) else f"{title}. {summary}.")


def desc_repeats_title(title: str, desc: str) -> bool:
    """Whether `desc` starts by saying `title`, as an untitled chart's does (its title is the
    summary its description starts with: "Line chart of value by t, 30 rows. …").

    Then the description alone names the chart: the title and the description read one after the
    other would say the summary twice."""
    return desc == title or desc.startswith((f"{title}, ", f"{title}. "))


def nothing_to_draw(spec: ChartSpec, data: pd.DataFrame) -> str | None:
    """The note a chart that draws nothing shows in its place ("No rows in this range"); None when
    it draws something.

    `data` as `chart_frame` shaped it. Nothing is drawn when no row holds a y value (no histogram
    bin counts one). It says what chose the rows, which left none: "in this range" for a time range
    or x bounds, "for this filter" (or "these filters") for filters, both where they left none
    together (the frame's selection mark says which, `chosen_by`); "values" when there are rows but
    their values are missing.
    """
    forms = _nothing_to_draw(spec, data, drawn_bounds(spec))
    return forms[0] if forms else None


def _nothing_to_draw(spec: ChartSpec, data: pd.DataFrame, bounds: WrittenBounds) -> tuple[str, ...]:
    """`nothing_to_draw`'s note and a shorter form of it ("No rows"), its bounds written as
    `bounds`; empty when the chart draws something."""
    drawn = drawn_of(data)
    if drawn is not None and drawn.bins is not None:  # counts per bin
        drawing = bool(data[list(spec.y)].to_numpy().any())
    else:
        drawing = any(_holds_a_value(data[name]) for name in dict.fromkeys(spec.y))
    if drawing:
        return ()
    outside = values_outside(data)
    if outside is not None:
        return all_outside_note(outside, bounds)
    what = "rows" if _rows_counted(data) == 0 and not values_missing_within(data) else "values"
    by = chosen_by(data)
    if bounded_out(data) or what == "values" or drawn is not None:
        # The x bounds left none of the rows chosen, or may have: they are named beside the selection.
        by += (BY_RANGE,) if spec.xmin is not None or spec.xmax is not None else ()
    words = [f"for {'this filter' if BY_FILTER in by else 'these filters'}"] if {BY_FILTER, BY_FILTERS} & set(by) else []
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
    drawn, said = drawn_bounds(spec), said_bounds(spec)
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
    if not _holds_period_before(spec, data):
        return ()
    return (f"The {spec.resample} of these rows starts before xmin",
            f"{spec.resample.capitalize()} starts before xmin", OUTSIDE_ARROWS["below"])


def _holds_period_before(spec: ChartSpec, data: pd.DataFrame) -> bool:
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
    if any(name not in beyond and _holds_a_value(data[name]) for name in dict.fromkeys(spec.y)):
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


def _holds_a_value(column: pd.Series) -> bool:
    # Asked on every render: the first rows answer it for nearly every chart, without a pass
    # over a million.
    return bool(column.iloc[:64].notna().any() or column.notna().any())


def describe(spec: ChartSpec, data: pd.DataFrame) -> tuple[str, str]:
    """A short title and a one-paragraph description of what the chart shows."""
    title, summary = spec_summary(spec)
    kind = kind_of(spec)
    plot = plot_note(spec, data)
    # A line's rows beyond the x bounds are drawn for it to reach the edges: the words name those within.
    whole, neighbours = data, neighbours_of(data)
    if neighbours.counts != (0, 0):  # a copy only then: what is worked out once per frame is kept on it
        data = data.iloc[within_bounds(data)]
    parts = [f"{summary}, {_drawn_count(spec, data, whole)}"]
    bounds = said_bounds(spec)
    if not plot.drawing:
        return title, ". ".join([parts[0], plot.said, *_without_x_words(spec, data)]) + "."
    if kind.categorical:
        parts[0] += _bars_drawn(spec, data)
    if not kind.uses_x:
        # Values, not rows by x: say the range of each series, and "none" of one without values
        # (as a line's or bar's last value says).
        drawn = drawn_of(data)
        if drawn is not None and drawn.ranges:  # counts per bin: the database said each series' range
            ranges = [(name, low, high) for name, low, high in drawn.ranges]
        else:
            ranges = [(name, column.min(), column.max()) if len(column := data[name].dropna()) else (name, None, None)
                      for name in spec.y]
        outside = {name: (below, above) for name, below, above in getattr(values_outside(data), "series", ())}
        for (name, low, high), said in zip(ranges, names_listed(name for name, _, _ in ranges)):
            words = f"{said} none" if low is None else f"{said} from {_fmt(low)} to {_fmt(high)}"
            below, above = outside.get(name, (0, 0))
            if below or above:
                words += f"; {outside_words(below, above, bounds, more=low is not None)}"
            parts.append(words)
    elif len(data):
        x = data[spec.x] if spec.x else pd.Series(range(len(data)))
        if kind.categorical:
            labels = category_names(x, bar_period(x, spec.resample))
            ends = [_bar_x_text(label, value) for label, value in ((labels[0], x.iloc[0]), (labels[-1], x.iloc[-1]))]
            parts.append(_x_span(spec.x, *ends))
        else:
            # The x of rows that draw a value: a row without one draws nothing, and a database
            # thinning a line keeps only those that break it.
            drawn = data[list(spec.y)].notna().any(axis=1).to_numpy()
            parts.append(_x_span(spec.x, *(_x_text(end, spec, x) for end in _x_ends(x, drawn)))
                         + neighbours_words(drawn_neighbours(spec, whole, neighbours), _point_name(spec)))
        # The values named as the value axis names them: "mean of v" where rows were combined.
        combined = combined_by(spec, data)
        last = "; ".join(_last_value(combined_title(combined, said), data[name], x, spec)
                         for name, said in zip(spec.y, names_listed(spec.y)))
        parts.append(f"last value: {last}")
    elif neighbours.before and neighbours.after and line_joins(spec, whole):
        x = whole[spec.x]
        parts.append(line_between_words(spec.x, _x_text(x.iloc[0], spec, x), _x_text(x.iloc[-1], spec, x),
                                        _point_name(spec)))
    elif _holds_period_before(spec, whole):  # the period the rows within belong to, before xmin
        x = whole[spec.x]
        agg = combined_by(spec, whole)
        value = "; ".join(_last_value(combined_title(agg, said), whole[name], x, spec)
                          for name, said in zip(spec.y, names_listed(spec.y)))
        parts.append(f"{period_holding_words(_x_text(x.iloc[0], spec, x), _point_name(spec))}: {value}")
    beyond = marks_beyond(spec, data)
    if beyond is not None:
        parts.append(marks_beyond_words(beyond, bounds))
    series = series_beyond(spec, data)
    if series and not (plot.said is not None and len(set(series.values())) == 1):
        # Said unless the note says it of every series alike ("All values lie below ymin 30").
        parts.append(series_beyond_words(series, bounds))
    if plot.said is not None and not _holds_period_before(spec, whole):  # all values beyond the y bounds
        parts.append(plot.said)
    left_out = left_out_words(data)
    if left_out is not None:
        parts.append(left_out)
    return title, ". ".join([*parts, *_without_x_words(spec, data)]) + "."


def _without_x_words(spec: ChartSpec, data: pd.DataFrame) -> list[str]:
    """The note on the rows a chart left out for having no x, which a count of its rows or a sum of its
    periods would otherwise hide: "1 row has no d and is not drawn"; none where it left none out."""
    count = rows_without_x(data)
    if not count:
        return []
    return [f"1 row has no {spec.x} and is not drawn" if count == 1 else f"{count} rows have no {spec.x} and are not drawn"]


def _drawn_count(spec: ChartSpec, data: pd.DataFrame, whole: pd.DataFrame) -> str:
    """How many rows a chart of `data` (as `chart_frame` shaped it, but the rows beyond the x
    bounds a line runs on to, which `whole` holds too) draws, in words: "30 rows"; where rows were
    combined into its values (`combined_by`), how many values they were combined into, which the
    rows' count no longer says: the resample's periods ("53 weeks"; "0 months" where the line runs
    between two beyond the bounds) or the bars' categories ("4 categories"). No rows at all make no
    periods: the rows' count says so; rows within a resampled line's bounds that hold no value make
    none too ("0 months": `values_missing_within`)."""
    count = len(data)
    if combined_by(spec, data) is None or not (len(whole) or values_missing_within(whole)):
        return _counted(_rows_counted(data), "row")
    if spec.resample is None:
        return f"{count} {'category' if count == 1 else 'categories'}"
    return _counted(count, _point_name(spec))


def _point_name(spec: ChartSpec) -> str:
    """What each point of a chart of rows by x stands for, in words: a period of its resample
    ("month"), else a row."""
    return spec.resample or "row"


def _counted(count: int, name: str) -> str:
    """`count` of `name` ("row", "month") in words: "1 month", "30 rows"."""
    return f"{count} {name}{'' if count == 1 else 's'}"


def _rows_counted(data: pd.DataFrame) -> int:
    """The rows a chart of `data` counts: `rows_of`, or a histogram's chosen rows where none holds a
    value its bins count, which its frame keeps none of (`rows_without_values`)."""
    return rows_without_values(data) or rows_of(data)


def _bars_drawn(spec: ChartSpec, data: pd.DataFrame) -> str:
    """How many bars a bar chart of `data` draws, where the count of its rows or categories does
    not say it (`_drawn_count`): of several series, how many each (", 3 bars of each series", ", 3
    bars of a and 2 of b"); of one, where a value is missing (", 4 bars"). A missing value is no
    bar; a bar of 0 is one, and so is one beyond the y bounds, which a triangle marks."""
    names = list(dict.fromkeys(spec.y))
    bars = [int(data[name].notna().sum()) for name in names]
    if len(names) == 1:
        return "" if bars[0] == len(data) else f", {bars[0]} {'bar' if bars[0] == 1 else 'bars'}"
    if len(set(bars)) == 1:
        return f", {bars[0]} {'bar' if bars[0] == 1 else 'bars'} of each series"
    said = names_listed(names)
    each = [f"{count} of {name}" for count, name in zip(bars, said)]
    each[0] = f"{bars[0]} {'bar' if bars[0] == 1 else 'bars'} of {said[0]}"
    return f", {listed(each)}"


def _x_span(x_name: str | None, low: str, high: str) -> str:
    """The x a chart spans in words: "t from 2024-05-01 to 2024-05-31", or "t 2024-05-01" for one
    x (a chart of one row or one category), which is not a range."""
    return f"{x_name or 'x'} {low}" if low == high else f"{x_name or 'x'} from {low} to {high}"


def _x_ends(x: pd.Series, drawn: np.ndarray) -> tuple:
    """The first and last along the x axis as drawn of the x of the rows `drawn` (of all rows,
    where none is): the least and greatest number or date; of text, which matplotlib places in the
    order it first appears in `x`, the first and last so placed (not the least and greatest text)."""
    shown = drawn if drawn.any() else np.ones(len(x), dtype=bool)
    if not are_names(x):
        return x[shown].min(), x[shown].max()
    codes, texts = pd.factorize(x)
    placed = codes[shown]
    placed = placed[placed >= 0]  # a missing x has no place
    if not len(placed):
        return None, None
    return texts[placed.min()], texts[placed.max()]


def _x_text(value, spec: ChartSpec, x: pd.Series) -> str:
    """An x of the column `x` in words: on a resampled chart the period its date starts, named as a
    bar's label names it ("2024-03", "2024 Q1", "2024"; `category_labels`); any other moment as the
    chart's .json and .csv write it, in UTC with its Z and as precisely as the column needs
    (`date_texts`: "2024-03-30T23:00:00Z", or "2024-03-31" in a column of dates), a time uploaded
    with an offset too, but a moment of a time zone on its clock with its offset there, as a bar's
    label and a period name it on that clock ("2024-12-30T00:00:00+01:00"); else as `_fmt` writes it."""
    if isinstance(value, pd.Timestamp):
        if spec.resample is not None:
            return category_labels(pd.Series([value]), spec.resample)[0]
        return date_texts(pd.Series([value]), date_precision(x), zoned=True)[0]
    return _fmt(value)


def _bar_x_text(label: str, value) -> str:
    """A bar's x in words: as its label names it, but a number the label writes with a power of ten
    ("9e+307", "1e−05") said as the words say any number (`said_number`), and a long name cut to
    WORDS_LABEL_CHARS."""
    if isinstance(value, (float, np.floating)) and "e" in label:
        return said_number(float(value))
    return cut_short(label, WORDS_LABEL_CHARS)


def _last_value(name: str, values: pd.Series, x: pd.Series, spec: ChartSpec) -> str:
    """A series' last value shown, with its x when a row after it has none (a day not yet filled in);
    the series named `name` ("v", or "mean of v": `combined_title`)."""
    present = np.flatnonzero(values.notna().to_numpy())
    if not len(present):
        return f"{name} none"
    at = present[-1]
    words = f"{name} {_fmt(values.iloc[at])}"
    if at < len(values) - 1:
        words += f" at {spec.x or 'row'} {_x_text(x.iloc[at], spec, x)}"
    return words
