"""Words for a chart: the SVG's <title>/<desc> and the page's alt text say the same."""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Literal

import numpy as np
import pandas as pd

from .bound_notes import said_bounds, series_beyond
from .box_words import box_words, boxes_left_words
from .bound_words import (drawn_neighbours, line_between_words, line_joins, marks_beyond, marks_beyond_words,
                          neighbours_words, outliers_beyond_words, outside_words, period_holding_words,
                          series_beyond_words)
from .category_axis import are_names, category_names
from .category_words import category_values_words, each_bar_said, extremes_of_all_said
from .date_bars import bar_period
from .histogram_bins import values_outside
from .kind import kind_of
from .line_gaps import gap_words
from .log_axis import not_above_zero_words
from .stacking import is_stacked, stack_words, stacked_frame, stacked_spans
from .bar_order import order_words, sorted_span
from .reference_lines import line_words
from .plot_notes import holds_period_before, plot_note, rows_counted
from .rows import drawn_of, rows_without_x
from .selection import Selection
from .series_extremes import EXTREMES_PER_SERIES_UP_TO, ends_differing, extremes_at, extremes_of_all, lowest_and_highest
from .series_left_out import left_out_words
from .series_split import split_of, split_rows_drawn, split_words
from .spec import ChartSpec, listed
from .spec_words import axis_title_words, spec_summary
from .text import names_listed, one_line, shown_value
from .timerange import TimeBound, TimeRange, absolute, written_bound
from .money_words import amount_said
from .unit_ticks import series_unit
from .x_window import neighbours_of, values_missing_within, within_bounds
from .said_values import XWords, bar_x_text, ends_told_apart, said_among, span_ends_named, value_said
from .value_text import WORDS_LABEL_CHARS, cut_short
from .values_titles import change_since, combined_by, values_title


# The values of one filter an alt text names; past them it counts the others ("or 12 others").
WORDS_FILTER_VALUES = 10


def selection_words(selection: Selection, asked: TimeRange | None = None) -> str:
    """The rows a chart draws, as its alt text ends with them: "Rows shown: station North or
    South; date from 2025-01-01 onwards." Empty where it draws every row.

    Without them a filtered or narrowed chart's words read as those of the whole. `asked` is the range
    as asked, a bound relative to now as written (`now-7d`), for words true whenever they are read (an
    embed snippet's); by default the selection's moments. Names as an alt text shows text
    (`shown_value`), values as a list of them joined by " or " names them (`names_listed`: 'a, b' quoted,
    and one holding " or " too, alone or not, which would read as two values: "station North or South"),
    each cut to WORDS_LABEL_CHARS as a category's label is.
    """
    parts = []
    for column, values in selection.filters:
        shown = values[:WORDS_FILTER_VALUES]
        said = names_listed(shown, len(values) > len(shown), parted_by=(" or ",))
        named = [cut_short(words, WORDS_LABEL_CHARS) for words in said]
        if len(values) > WORDS_FILTER_VALUES:
            named.append(_counted(len(values) - WORDS_FILTER_VALUES, "other"))
        parts.append(f"{_said_text(column)} {' or '.join(named)}")
    if selection.time_column is not None:
        start = _bound_words(asked.start if asked is not None else None, selection.start)
        end = _bound_words(asked.end if asked is not None else None, selection.end, end=True)
        span = f"from {start} to {end}" if start and end else f"from {start} onwards" if start else f"up to {end}"
        if start or end:
            parts.append(f"{_said_text(selection.time_column)} {span}")
    return one_line(f"Rows shown: {'; '.join(parts)}.") if parts else ""


def _said_text(text: str) -> str:
    return cut_short(shown_value(text), WORDS_LABEL_CHARS)


def _bound_words(asked: TimeBound | None, moment: datetime | None, end: bool = False) -> str | None:
    """One end of a range in words: as asked where it is relative to now (`now-7d`), else its moment
    as the page's "Rows:" writes it (`written_bound`): a date alone for a whole day, from its start or,
    as the `end`, to its end (to=2025-01-10 as 2025-01-10, not its last microsecond), else a time in
    UTC (2025-01-01 06:00:00 UTC)."""
    if asked is not None and asked.relative:
        return asked.text
    if moment is None:
        return None
    return written_bound(absolute(moment, end=end))


def describe(spec: ChartSpec, data: pd.DataFrame) -> tuple[str, str]:
    """A short title and a one-paragraph description of what the chart shows."""
    title, summary = spec_summary(spec, split_of(data))
    kind = kind_of(spec)
    plot = plot_note(spec, data)
    # A line's rows beyond the x bounds are drawn for it to reach the edges: the words name those within.
    whole, neighbours = data, neighbours_of(data)
    if neighbours.counts != (0, 0):  # a copy only then: what is worked out once per frame is kept on it
        data = data.iloc[within_bounds(data)]
    parts = [f"{summary}, {_drawn_count(spec, data, whole)}"]
    bounds = said_bounds(spec, data)
    if not plot.drawing:
        split = split_words(data)  # the rows of no series value, where they are why none are drawn
        return title, ". ".join([parts[0], plot.said, *_without_x_words(spec, data), *not_above_zero_words(spec, data),
                                 *([split] if split else []), *axis_title_words(spec)]) + "."
    if kind.categorical:
        parts[0] += _bars_drawn(spec, data)
    elif spec.resample and kind.uses_x and not kind.values_on_x:
        parts[0] += _periods_of_each(spec, data)
    x_words = XWords(spec, data)  # one for every x the words name: it keeps what it works out
    # The percent or currency sign each series' values are said with (`unit_ticks`): its own, where the
    # series are in different units, as the value axis writes them in none.
    units = [series_unit(spec, data, name) for name in spec.y]
    ordered = None  # a sorted bar chart's words of its bars in their order, where they say it
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
        boxes = box_words(spec, data, units)  # what each box shows, where these are boxes
        for (name, low, high), said, box, unit in zip(ranges, names_listed(name for name, _, _ in ranges), boxes,
                                                      units):
            among = data[name] if name in data.columns else [low, high]  # the database's range alone
            told = (amount_said(said_end, end, unit, among) for said_end, end in zip(ends_told_apart(low, high),
                                                                                     (low, high))) if low is not None else ()
            words = f"{said} none" if low is None else f"{said} from {' to '.join(told)}{box or ''}"
            below, above = outside.get(name, (0, 0))
            if below or above:
                words += f"; {outside_words(below, above, bounds, more=low is not None)}"
            parts.append(words)
        left = boxes_left_words(spec)
        if left is not None:
            parts.append(left)
    elif len(data):
        x = x_words.column
        if kind.categorical:
            labels = category_names(x, bar_period(x, spec.resample))

            def x_at(at: int) -> str:
                return bar_x_text(labels[at], x.iloc[at])

            # A sorted chart's bars said in their order, which their span would say as a range.
            ordered = sorted_span(spec, data, x_at)
            if ordered is not None:
                parts.append(ordered[0])
                spanned = ordered[1]
            else:
                ends = [x_at(0), x_at(-1)]
                parts.append(_x_span(spec.x, *ends))
                spanned = span_ends_named(*ends, "bar")
        else:
            # The x of rows that draw a value: a row without one draws nothing, and a database
            # thinning a line keeps only those that break it.
            drawn = data[list(spec.y)].notna().any(axis=1).to_numpy()
            low, high = _x_ends(x, drawn)
            ends = ends_told_apart(low, high, x_words.of(low), x_words.of(high))
            parts.append(_x_span(spec.x, *ends)
                         + neighbours_words(drawn_neighbours(spec, whole, neighbours), _point_name(spec)))
            x_at = x_words.at
            spanned = span_ends_named(*ends, "category") if are_names(x) else {}
        # The values named as the value axis names them: "mean of v" where rows were combined.
        combined = combined_by(spec, data)
        named = [values_title(spec, combined, said, change_since(data)) for said in names_listed(spec.y)]
        if kind.categorical and are_names(x):  # named categories: no bar is the last, each is said
            if ordered is None and each_bar_said(len(data), len(spec.y)):
                parts.pop()  # the span: the bars, each named in the order drawn, say it
            parts.append(category_values_words(named, [data[name] for name in spec.y], x_at, units, spanned))
        else:
            last = _values_words(named, [data[name] for name in spec.y], x_at, spec.x, spanned, units)
            parts.append(f"last value: {last}")
    elif neighbours.before and neighbours.after and line_joins(spec, whole):
        whole_x = XWords(spec, whole)
        parts.append(line_between_words(shown_value(spec.x), whole_x.at(0), whole_x.at(-1), _point_name(spec)))
    elif holds_period_before(spec, whole):  # the period the rows within belong to, before xmin
        whole_x = XWords(spec, whole)
        agg = combined_by(spec, whole)
        since = change_since(whole)
        value = "; ".join(_last_value(values_title(spec, agg, said, since), whole[name], whole_x.at, spec.x, unit=unit)
                          for name, said, unit in zip(spec.y, names_listed(spec.y), units))
        parts.append(f"{period_holding_words(whole_x.at(0), _point_name(spec))}: {value}")
    beyond = marks_beyond(spec, data, stacked_spans(data, spec))  # stacked, each bar from where it starts
    if beyond is not None:
        parts.append(marks_beyond_words(beyond, bounds))
    outliers = outliers_beyond_words(spec, data, bounds)
    if outliers is not None:
        parts.append(outliers)
    series = series_beyond(spec, data)
    if series and not (plot.said is not None and len(set(series.values())) == 1):
        # Said unless the note says it of every series alike ("All values lie below ymin 30").
        parts.append(series_beyond_words(series, bounds))
    if plot.said is not None and not holds_period_before(spec, whole):  # all values beyond the y bounds
        parts.append(plot.said)
    left_out = left_out_words(data)
    if left_out is not None:
        parts.append(left_out)
    split = split_words(data)
    if split is not None:
        parts.append(split)
    if spec.gap is not None:
        parts.extend(gap_words(spec, whole, within_bounds(whole), x_words.at))
    if kind.categorical:
        parts.extend(stack_words(spec, data, x_at if len(data) else x_words.at))
        parts.extend(order_words(spec, data, combined_by(spec, data), span_sorted=ordered is not None))
    else:
        parts.extend(stack_words(spec, data, x_words.at))
    if spec.yline or spec.xline:
        sides = kind.uses_x and not kind.values_on_x and len(data)  # where each series ends beside a yline
        parts.extend(line_words(spec, stacked_frame(data, spec), x_at if sides else x_words.at, bool(sides)))
    return title, ". ".join([*parts, *_without_x_words(spec, data), *not_above_zero_words(spec, data),
                                 *axis_title_words(spec)]) + "."


def _without_x_words(spec: ChartSpec, data: pd.DataFrame) -> list[str]:
    """The note on the rows a chart left out for having no x, which a count of its rows or a sum of its
    periods would otherwise hide: "1 row has no d and is not drawn"; none where it left none out."""
    count, x = rows_without_x(data), shown_value(spec.x or "")
    if not count:
        return []
    return [f"1 row has no {x} and is not drawn" if count == 1 else f"{count} rows have no {x} and are not drawn"]


def _drawn_count(spec: ChartSpec, data: pd.DataFrame, whole: pd.DataFrame) -> str:
    """How many rows a chart of `data` (as `chart_frame` shaped it, but the rows beyond the x
    bounds a line runs on to, which `whole` holds too) draws, in words: "30 rows"; where rows were
    combined into its values (`combined_by`), how many values they were combined into, which the
    rows' count no longer says: the resample's periods ("53 weeks"; "0 months" where the line runs
    between two beyond the bounds) or the bars' categories ("4 categories"). No rows at all make no
    periods: the rows' count says so; rows within a resampled line's bounds that hold no value make
    none too ("0 months": `values_missing_within`). A split histogram or box plot counts the rows of
    its values, as the chart of its y unsplit does (`split_rows_drawn`), not the wide table's; so does a split
    line of rows not combined, of the values its series draw, not of its x."""
    count = len(data)
    split = split_rows_drawn(spec, data)
    if split is not None:
        return _counted(split, "row")
    spread = split_of(data)
    if spread is not None and spread.drawn and kind_of(spec).x_axis == "x" and combined_by(spec, data) is None:
        # A split line's wide rows are its x, each holding a value of several series: its rows are its values (not
        # bars', each a wide row's). As split where no x bounds cut them, or as a database counted a thinned line's.
        whole_rows = spread.rows is not None and (spec.xmin is None and spec.xmax is None or drawn_of(data) is not None)
        drawn = spread.rows if whole_rows else int(data[list(spec.y)].notna().to_numpy().sum())
        return _counted(drawn, "row")
    if combined_by(spec, data) is None or not (len(whole) or values_missing_within(whole)):
        return _counted(rows_counted(data), "row")
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


def _periods_of_each(spec: ChartSpec, data: pd.DataFrame) -> str:
    """How many of a resampled line's periods each of its series has a value in, where one has none in
    some (", 8 hours of api and 6 of db"), as the count of one series' line says its empty periods
    ("6 hours"): its line breaks there. None said of one series, of stacks, whose empty values are
    0, or where each series has a value in every period."""
    names = list(dict.fromkeys(spec.y))
    held = [int(data[name].notna().sum()) for name in names if name in data.columns]
    if len(held) != len(names) or len(names) < 2 or is_stacked(spec) or all(count == len(data) for count in held):
        return ""
    said = names_listed(names)
    each = [f"{count} of {name}" for count, name in zip(held, said)]
    each[0] = f"{_counted(held[0], _point_name(spec))} of {said[0]}"
    return f", {listed(each)}"


def _x_span(x_name: str | None, low: str, high: str) -> str:
    """The x a chart spans in words: "t from 2024-05-01 to 2024-05-31", or "t 2024-05-01" for one
    x (a chart of one row or one category), which is not a range."""
    x_name = shown_value(x_name) if x_name else "x"  # as a page shows a value: 't\\u200b' told apart from t
    return f"{x_name} {low}" if low == high else f"{x_name} from {low} to {high}"


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


def _values_words(names: list[str], series: list[pd.Series], x_at: Callable[[int], str], x_name: str | None,
                  spanned: Mapping[str, str], units: Sequence[str | None]) -> str:
    """Each series' last value (`_last_value`) and where it was lowest and highest: "v 20, lowest 1.1
    (2000-01), highest 21.1 (2015-07)" (x as `x_at` writes that of a row); past
    EXTREMES_PER_SERIES_UP_TO series, the last values, then the lowest and highest of all, naming
    their series ("a 3; b 4; …. lowest b 1 (2001), highest a 9 (2004)"). An x the last value's words
    name already ("at animal …", a bar's name of up to 200 characters) is not said again: the lowest
    or highest there is "(its last value)". Nor is a long name the x span says (`spanned`, its words
    for it: `span_ends_named`): "(the first bar)", "n 9 at the first bar". Each value is said with the
    unit of its series' values, if any (`units`, one a series; `with_unit`: "12.5%")."""
    found = [lowest_and_highest(values) for values in series]  # each series searched once, for both
    each = [ends_differing(ends) for ends in found]
    lasts = [_last_value(name, values, x_at, x_name, spanned, unit, ends)
             for name, values, unit, ends in zip(names, series, units, each)]
    places = [_places(values, lambda row: spanned.get(x_at(row), x_at(row))) for values in series]
    if len(series) <= EXTREMES_PER_SERIES_UP_TO:
        return "; ".join(last + _extremes_words(values, at, unit, ends)
                         for last, values, at, unit, ends in zip(lasts, series, places, units, each))
    ends = extremes_of_all(found)
    if ends is None:
        return "; ".join(lasts)
    return f"{'; '.join(lasts)}. " + extremes_of_all_said(names, series, units, ends, lambda at, row: places[at](row))


def _extremes_words(values: pd.Series, x_at: Callable[[int], str], unit: str | None,
                    ends: tuple[int, int] | None) -> str:
    """", lowest 1.1 (2000-01), highest 21.1 (2015-07)" of a series, each value at its x (`ends`: the
    rows of its lowest and highest, `extremes_at`); nothing of one whose values are all one."""
    if ends is None:
        return ""
    low, high = values.iloc[ends[0]], values.iloc[ends[1]]
    low_text, high_text = (amount_said(end, value, unit, values) for end, value in zip(ends_told_apart(low, high),
                                                                                        (low, high)))
    return f", lowest {low_text} ({x_at(ends[0])}), highest {high_text} ({x_at(ends[1])})"


def _last_at(values: pd.Series) -> int | None:
    """The row of a series' last value shown (None where it has none): nearly always its last row."""
    at = len(values) - 1
    if at < 0 or pd.isna(values.iloc[at]):
        # Asked of every row only where the last holds no value: nearly every series' last holds one.
        present = np.flatnonzero(values.notna().to_numpy())
        return int(present[-1]) if len(present) else None
    return at


def _places(values: pd.Series, x_at: Callable[[int], str]) -> Callable[[int], str]:
    """Where a row of the series is, in words: its x (`x_at`), but "its last value" at the row whose x
    the last value's words name (`_last_value`), which need not say it twice."""
    named = _last_at(values)
    if named is None or named == len(values) - 1:
        return x_at
    return lambda row: "its last value" if row == named else x_at(row)


def _last_value(name: str, values: pd.Series, x_at: Callable[[int], str], x_name: str | None,
                spanned: Mapping[str, str] | None = None, unit: str | None = None,
                ends: tuple[int, int] | None | Literal[False] = False) -> str:
    """A series' last value shown, with its x (`x_at` its row) when a row after it has none (a day
    not yet filled in), or the words for it where the x span says it (`spanned`: "at the first bar");
    the series named `name` ("v", or "mean of v": `values_title`); `ends`, the rows of its lowest and
    highest where they were found already (`extremes_at`; False: not yet)."""
    at = _last_at(values)
    if at is None:
        return f"{name} none"
    if ends is False:
        ends = extremes_at(values)
    # Said to the place its lowest and highest are told apart to, where they read alike to 4 digits:
    # "20.0018" beside "lowest 20.0013", not "20", which reads below it.
    said = value_said(values.iloc[at]) if ends is None else said_among(values.iloc[at], *values.iloc[list(ends)])
    words = f"{name} {amount_said(said, values.iloc[at], unit, values)}"
    if at < len(values) - 1:
        x = x_at(at)
        words += f" at {spanned[x]}" if spanned and x in spanned else f" at {shown_value(x_name) if x_name else 'row'} {x}"
    return words
