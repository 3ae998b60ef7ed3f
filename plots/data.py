"""Shape a dataset's frame into exactly the data a chart draws, or refuse it when that is too much."""
from __future__ import annotations

from typing import Any
from urllib.parse import quote

import numpy as np
import pandas as pd

from .aggregates import ADDING_AGGREGATES, aggregated
from .bar_order import TOP_ADVICE, apply_sort_and_top, bars_capped
from .counted_rows import counted_y, with_counted_rows
from .histogram_bins import counted_values
from .kind import kind_of
from .resampling import (FILLED_AGGREGATES, filled_periods, period_start, periods_spanned, refuse_hours_of_dates,
                         resample)
from .percent_change import percent_changes
from .percentiles import percentile_of
from .running_values import running_thinned, running_values
from .rows import drawn_of, mark_of, rows_without_x, with_mark, with_rows_without_x
from .selection import carry_selection_mark
from .series_split import SPLIT_KEY, SeriesSplit, drawn_spec, split_rows
from .spec import (DEFAULT_LIMITS, RESAMPLE_RULES, ChartSpec, Limits, SpecError, is_changed,
                   or_list)
from .timerange import format_moment
from .unit_ticks import named_unit, series_unit
from .values_titles import COMBINED_KEY, change_since, combined_by, is_running, values_title
from .x_window import (bounds_in_zone, bounds_passed, joins_neighbours, neighbours_of, periods_around,
                       periods_in_window, rows_around_periods, rows_in_window, values_missing)


def chart_frame(spec: ChartSpec, frame: pd.DataFrame, limits: Limits = DEFAULT_LIMITS) -> pd.DataFrame:
    """The columns the chart draws, resampled or grouped as the spec asks, x first.

    A histogram's are the rows holding a value its bars count (`counted_values`). Raises SpecError
    (status 422) when a bar chart would have more categories than allowed, a resample more periods
    (`refuse_too_many_periods`, before any is made) or the chart more values than allowed.
    """
    drawn = drawn_of(frame)
    if drawn is not None:  # a store computed these rows for this chart (a source database): drawn as they are
        within = len(frame) - sum(neighbours_of(frame).counts)
        drawn_as = drawn_spec(spec, frame)
        return percent_changes(_running(drawn_as, frame, drawn.rows if drawn.rows > len(frame) else within), drawn_as)
    if mark_of(frame, SPLIT_KEY, SeriesSplit) is None:  # a database's split counted its rows: a series may be `rows`
        frame = with_counted_rows(frame, spec)  # a 1 a row, where agg=count counts rows
    split = None
    if spec.series is not None:  # long rows set side by side, a column per series, drawn as a wide table's
        frame = split_rows(spec, frame, limits)
        spec, split = drawn_spec(spec, frame), mark_of(frame, SPLIT_KEY, SeriesSplit)
    # Whether xmin and xmax left none of the rows with an x there were (a database's said so already).
    bounded_out = is_bounded_out(frame)
    without_x = rows_without_x(frame)  # rows without an x (a database's left out already), which the words count
    cols = [c for c in (*spec.columns(), *counted_y(spec)) if c in frame.columns]
    data = frame.loc[:, cols]
    x = spec.x if spec.x in data.columns else None
    kind = kind_of(spec)
    if kind.values_on_x:
        data = counted_values(data, spec)
    elif x is not None and kind.uses_x:
        if data[x].isna().any():
            without_x = int(data[x].isna().sum())
            data = data.dropna(subset=[x])  # a row without an x has no place on the chart
        joined = joins_neighbours(spec)
        around = periods_around(spec)
        window = bounds_in_zone(spec, data[x])
        passed = None, None  # the bounds the rows lie beyond, which a sum's or count's periods run to
        if spec.xmin is not None or spec.xmax is not None:
            cut = rows_around_periods(window) if around else window
            bounded = rows_in_window(data, x, cut.xmin, cut.xmax, joined and not around)
            if around and not data.empty:
                passed = bounds_passed(data[x].min(), data[x].max(), cut)
            bounded_out = bounded_out or bounded.empty and not data.empty
            data = bounded
        moments = data[x]  # the span a longer resample step is measured over, should there be too many bars
        if spec.resample:
            refuse_hours_of_dates(spec, moments)
            if not moments.empty:
                refuse_too_many_periods(spec, limits, (moments.min(), moments.max()), bars_capped(spec))
            rows = data  # those of the periods a resampled line's bounds fall in and either side
            data = resample(data, x, spec)
            if around:
                periods = periods_filled_to(data, spec, passed, limits, kind.categorical)
                data = periods_in_window(periods, window, lambda: not rows_in_window(
                    rows, x, window.xmin, window.xmax, joined=False).empty)
                bounded_out = data.empty and (bounded_out or not periods.empty)
            if data.empty and not rows.empty and not around:
                # Rows, none of them holding a value, make no period: "No values", not "No rows" (a line's
                # rows around its x bounds are not those within them: `periods_in_window` tells those).
                data = values_missing(data)
        elif kind.categorical and (spec.agg == "count" or data[x].duplicated().any()):
            # A count is drawn even of categories given once: 1 for each value, not the value.
            # Numbers and dates in their order; text where each value first comes (`_in_first_order`).
            by_value = _ordered(data[x])
            data = aggregated(data, spec, x, lambda parts: parts.groupby(x, sort=by_value, dropna=True)).reset_index()
            data = with_categories_combined(data, spec)
        elif kind.sorted_by_x and not data[x].is_monotonic_increasing:
            data = data.sort_values(x, kind="stable") if _ordered(data[x]) else _in_first_order(data, x)
        elif kind.categorical and _ordered(data[x]) and not data[x].is_monotonic_increasing:
            # Bars of numbers or dates given once each are in their order too, as repeated ones are
            # (a CSV written newest first would draw its time axis backwards); text stays as given.
            data = data.sort_values(x, kind="stable")
        if kind.categorical:  # each category's combined value known: sorted and cut to `top` (`bar_order`)
            data = apply_sort_and_top(data, spec)
    # The rows a line runs on to beyond the bounds are not counted: the database counts those within.
    points = (len(data) - sum(neighbours_of(data).counts)) * max(1, len(spec.y))
    x_is_time = x is not None and pd.api.types.is_datetime64_any_dtype(data[x])
    if points > limits.max_points:
        raise too_many_values(spec, limits, points, x_is_time, split.column if split is not None else None)
    if kind.categorical and len(data) > limits.max_categories:
        span = (moments.min(), moments.max()) if x_is_time else None
        raise too_many_categories(spec, limits, str(len(data)), x_is_time, span)
    shaped = _running(spec, carry_selection_mark(frame, data.reset_index(drop=True)), points // max(1, len(spec.y)))
    shaped = percent_changes(shaped, spec)
    shaped = with_rows_without_x(shaped, without_x)
    if split is not None:  # the values it was split by, which resampling and grouping do not carry
        shaped = with_mark(shaped, SPLIT_KEY, split)
    return marked_bounded_out(shaped) if bounded_out else shaped


def _running(spec: ChartSpec, data: pd.DataFrame, rows: int) -> pd.DataFrame:
    """`data`, a chart's rows or periods (`rows` of them within its bounds, those a database thinned
    counted), as its rolling means or running totals (`running_values`); raises SpecError where a line
    of them is thinned per pixel column (`running_thinned`), alike on every path."""
    if not is_running(spec):
        return data
    x_is_time = spec.x in data.columns and pd.api.types.is_datetime64_any_dtype(data[spec.x])
    refused = running_thinned(spec, rows, x_is_time)
    if refused is not None:
        raise refused
    return running_values(data, spec)


def periods_filled_to(periods: pd.DataFrame, spec: ChartSpec, passed: tuple, limits: Limits,
                      categorical: bool) -> pd.DataFrame:
    """A resampled line's periods (`periods`, of the rows `x_window.rows_around_periods` chose), by sum
    or count filled with 0 out to the period of each bound of `passed` (`x_window.bounds_passed`: the
    bounds the rest of the rows lie beyond), as the line of all the rows has them (`filled_periods`):
    the rows within alone would start and end its periods inside the window. Raises SpecError (422)
    where that makes more periods than allowed (`refuse_too_many_periods`), before they are made."""
    if spec.agg not in FILLED_AGGREGATES or passed == (None, None) or periods.empty and None in passed:
        return periods  # rows on one side only: the line of them all ends before the window
    x = periods[spec.x]
    zone = getattr(x.dtype, "tz", None)
    wall = x.dt.tz_localize(None) if zone is not None else x  # a zone's periods are cut by its clock
    starts = [None if bound is None else pd.Timestamp(period_start(bound, spec.resample).replace(tzinfo=None))
              for bound in passed]
    span = (wall.iloc[0] if starts[0] is None else starts[0], wall.iloc[-1] if starts[1] is None else starts[1])
    refuse_too_many_periods(spec, limits, span, categorical)
    added = [start for start in starts if start is not None and not (wall == start).any()]
    values = periods.drop(columns=spec.x)
    zeros = pd.DataFrame(0, index=range(len(added)), columns=values.columns).astype(values.dtypes.to_dict())
    index = pd.DatetimeIndex([*wall, *added], name=spec.x).as_unit(np.datetime_data(wall.dtype)[0]
                                                                      if len(wall) else "us")
    joined = pd.concat([values, zeros], ignore_index=True).set_axis(index).sort_index()
    filled = filled_periods(joined, spec.resample, spec.agg)
    if zone is not None:  # each period named by its moment in the zone, as resampling named those it made
        filled[spec.x] = _named_in_zone(filled[spec.x], wall, x)
    return filled


def _named_in_zone(moments: pd.Series, wall: pd.Series, zoned: pd.Series) -> pd.Series:
    """`moments`, wall times of the zone of `zoned`, as moments there: each of `wall` (the wall
    times of `zoned`) as `zoned` names it, any other as the zone names it, the later of an hour the
    clocks go back over, just after one they skip."""
    kept = np.flatnonzero(~wall.duplicated(keep="last").to_numpy())  # as a dict of them keeps the last
    at = pd.DatetimeIndex(wall.iloc[kept]).get_indexer(moments)
    named = pd.Series(pd.DatetimeIndex(moments).tz_localize(
        zoned.dt.tz, ambiguous=np.zeros(len(moments), dtype=bool), nonexistent="shift_forward"),
        index=moments.index).astype(zoned.dtype)
    found = np.flatnonzero(at >= 0)
    named.iloc[found] = zoned.array[kept[at[found]]]
    return named


# Where the rows of a chart whose xmin and xmax left none of the rows there were say so: its note
# names them as what left none (`is_bounded_out`), not the selection that chose those rows. Rows
# without an x are not among those: they have no place on the chart whatever its bounds.
BOUNDED_OUT_KEY = "svgplots.bounded_out"


def marked_bounded_out(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame`, a chart's rows, marked as none of those its xmin and xmax left of the rows with an x
    there were (a store that applied the bounds marks them too)."""
    return with_mark(frame, BOUNDED_OUT_KEY, True)


def is_bounded_out(frame: pd.DataFrame) -> bool:
    """Whether a chart's xmin and xmax left none of the rows with an x of `frame` (`marked_bounded_out`)."""
    return mark_of(frame, BOUNDED_OUT_KEY, bool) is True


def with_categories_combined(frame: pd.DataFrame, spec: ChartSpec) -> pd.DataFrame:
    """`frame`, a bar chart's rows, marked as its categories' rows combined by `spec.agg` (a
    category given more than once, or counted): `combined_by` then says so."""
    return with_mark(frame, COMBINED_KEY, spec.agg)


# What a chart's data writes after the header of x where a combined series' header has its name.
X_MARK = " (x)"


def combined_columns(spec: ChartSpec, frame: pd.DataFrame) -> list[str]:
    """The columns of `frame` (as `chart_frame` shaped it) whose values were combined from rows
    (`combined_by`): its series but x; none where each value is a row's own."""
    if combined_by(spec, frame) is None:
        return []
    return [name for name in frame.columns if name in spec.y and name != spec.x]


def arithmetic_columns(spec: ChartSpec, frame: pd.DataFrame) -> list[str]:
    """The combined columns of `frame` (`combined_columns`) whose values arithmetic made, whose last
    digits are its noise: sums, means, medians (`ADDING_AGGREGATES`) and percentiles. A min or max is a value as
    it was stored, and a count a whole number: none of theirs.

    Every median is taken as arithmetic's, though one of an odd count of values is a stored value:
    which medians met an even count is not known once they are made (a database makes a source's).
    """
    agg = combined_by(spec, frame)
    if agg not in ADDING_AGGREGATES and percentile_of(agg) is None and spec.rolling is None and not is_changed(spec):
        return []  # a mean's digits are arithmetic's, whatever it is a mean of; a total's are as its values'
    return _named_by_values(spec, frame)


def data_columns(spec: ChartSpec, frame: pd.DataFrame) -> list[str]:
    """The names a chart's data (its .json, .csv and page table) gives the columns of `frame` (as
    `chart_frame` shaped it): a series whose values were combined from rows as its value axis words
    them ("sum of rainfall_mm", `values_title`), x and a series drawn row by row as the dataset does.

    The names are told apart: a column written as the dataset names it whose name is a combined
    series' header (an x column named "sum of rainfall_mm" by a monthly sum of rainfall_mm) is written
    with " (x)" after it, as often as it takes; the combined one keeps the words its axis shows.
    """
    agg = combined_by(spec, frame)
    combined = _named_by_values(spec, frame)
    since = change_since(frame)
    headers = {values_title(spec, agg, name, since) for name in combined}
    return [values_title(spec, agg, name, since) if name in combined else _apart(name, headers)
            for name in frame.columns]


def data_units(spec: ChartSpec, frame: pd.DataFrame) -> list[str | None]:
    """The unit of each column of a chart's data (`data_columns`), which a page's table writes beside each
    of its numbers: a series' as the chart's value axis and words write its values (`unit_ticks.series_unit`:
    a split chart's that of the column it splits, `%` of percent changes, none of counts), any other
    column's the percent or currency sign or currency code its name ends with in brackets (`named_unit`)."""
    drawn = drawn_spec(spec, frame)
    series = {name for name in drawn.y if name != drawn.x}
    return [series_unit(spec, frame, name) if name in series else named_unit(str(name)) for name in frame.columns]


def _named_by_values(spec: ChartSpec, frame: pd.DataFrame) -> list[str]:
    """The columns of `frame` a chart's data names as its value axis does: those combined from rows
    (`combined_columns`), and every series drawn as its rolling mean or running total (`running_values`)."""
    if is_running(spec) or is_changed(spec):  # and each series drawn as its percent change
        return [name for name in frame.columns if name in spec.y and name != spec.x]
    return combined_columns(spec, frame)


def _apart(name: str, taken: set[str]) -> str:
    """`name`, with " (x)" after it as often as it takes to be none of `taken`."""
    while name in taken:
        name += X_MARK
    return name


def _ordered(values: pd.Series) -> bool:
    """Whether a column's values have an order of their own to draw them in: numbers and dates do."""
    return pd.api.types.is_numeric_dtype(values) or pd.api.types.is_datetime64_any_dtype(values)


def _in_first_order(data: pd.DataFrame, x: str) -> pd.DataFrame:
    """The rows with those of one `x` together, each `x` where it first comes: the order a text x is
    placed in along the axis, as bar categories are. Text has no order that suits every language
    (code points put "Äpfel" after "zebra"), and the data's may be meant (Jan, Feb, Mar)."""
    first = pd.factorize(data[x])[0]
    return data.iloc[np.argsort(first, kind="stable")]


def too_many_categories(spec: ChartSpec, limits: Limits, count: str, x_is_time: bool,
                        span: tuple[Any, Any] | None = None) -> SpecError:
    """The 422 for a bar chart with more categories than `limits` allow (`count`: how many, "360"
    or "more than 100"), in the same words wherever the rows are grouped (here or in a database).

    Resampling is suggested only for an x of dates and times (`x_is_time`), the only x it applies
    to, and only by steps longer than the chart's own, which would give fewer categories; with the
    first and last moment of the rows (`span`), the first of those whose periods over it are few
    enough, with how many bars it draws ("resample=day: 7 bars"). A time's bars are told to narrow
    the time range (from/to) too, and not to rank them (`TOP_ADVICE`): the top ten hours of a week
    are no chart over time; a text x's, to rank them and draw the first.
    """
    longer = _longer_resample_steps(spec.resample)
    if span is not None:
        longer = [step for step in longer if periods_spanned(*span, step) <= limits.max_categories]
    narrower = "narrow its time range (from/to), filter the data or use kind=line"
    if not x_is_time:
        advice = f"{TOP_ADVICE}, filter the data or use kind=line"  # a ranking: the commonest bar chart of many
    elif longer:
        step = f" by a longer step than {spec.resample}" if spec.resample else ""
        steps = (f"{longer[0]}: {periods_spanned(*span, longer[0]):,} bars" if span is not None
                 else or_list(longer))
        advice = f"resample it{step} (resample={steps}), {narrower}"
    elif span is not None and spec.resample != LONGEST_STEP:
        advice = f"{narrower} (even by {LONGEST_STEP} it would have {periods_spanned(*span, LONGEST_STEP):,})"
    else:
        advice = f"{narrower} ({spec.resample} is the longest resample step)"
    if count.isdigit():  # a number, written as the other counts of the message are ("8,000")
        count = f"{int(count):,}"
    return SpecError(f"a {spec.kind} chart may show at most {limits.max_categories} categories and this one "
                     f"has {count}; {advice}", "kind", status=422)


def periods_cap(limits: Limits, categorical: bool) -> int:
    """The most periods one resample may make: a bar chart's categories, any other chart's `max_periods`."""
    return limits.max_categories if categorical else limits.max_periods


def refuse_too_many_periods(spec: ChartSpec, limits: Limits, span: tuple[Any, Any], categorical: bool) -> None:
    """Raise SpecError (422) when resampling rows whose x runs over `span` (the first and the last
    moment) by `spec.resample` would make more periods than `periods_cap` allows: sum and count make
    one for every period from the first to the last (`FILLED_AGGREGATES`), so that is known, and
    refused, before any is made. The other aggregates make only the periods rows fall in, which the
    values cap bounds, and pass. A bar chart's is too many categories (`too_many_categories`).
    """
    if spec.agg not in FILLED_AGGREGATES:
        return
    count = periods_spanned(*span, spec.resample)
    if count <= periods_cap(limits, categorical):
        return
    if categorical:
        raise too_many_categories(spec, limits, str(count), True, span)
    raise too_many_periods(spec, limits, span, count)


def too_many_periods(spec: ChartSpec, limits: Limits, span: tuple[Any, Any], count: int) -> SpecError:
    """The 422 for a resample by sum or count that would make `count` periods over `span` (the rows'
    first and last moment), more than `max_periods`, in the same words wherever the rows are grouped
    (here or in a database): the dates, the count, the limit, and the shortest longer step whose
    periods are few enough, or else how many even the longest makes."""
    first, last = (format_moment(moment) for moment in span)
    narrow = "narrow the dates with xmin/xmax or from/to"
    fitting = [step for step in _longer_resample_steps(spec.resample)
               if periods_spanned(*span, step) <= limits.max_periods]
    if fitting:
        advice = (f"resample by a longer step (resample={fitting[0]} makes {periods_spanned(*span, fitting[0]):,}) "
                  f"or {narrow}")
    elif spec.resample != LONGEST_STEP:
        advice = f"{narrow} (even resample={LONGEST_STEP} makes {periods_spanned(*span, LONGEST_STEP):,})"
    else:
        advice = narrow
    return SpecError(f"resample={spec.resample} with agg={spec.agg} makes a period of every {spec.resample} from "
                     f"{first} to {last}, {count:,} of them (0 where no row falls), and at most "
                     f"{limits.max_periods:,} are allowed; {advice}", "resample", status=422)


def too_many_values(spec: ChartSpec, limits: Limits, values: int | None, x_is_time: bool,
                    split_by: str | None = None) -> SpecError:
    """The 422 for a chart that would draw `values` values (rows × series), more than `limits`
    allow, in the same words wherever they are counted (here or in a database); None where a
    database stopped reading one row past those the limit allows, which says more than the limit.
    `split_by`, the column a split chart's series are the values of (`fewer_values_advice`)."""
    drawn = f"{values:,}" if values is not None else f"more than {limits.max_points:,}"
    return SpecError(f"this chart would draw {drawn} values and at most {limits.max_points:,} are allowed; "
                     f"{fewer_values_advice(spec, x_is_time, split_by)}", "y", status=422)


def fewer_values_advice(spec: ChartSpec, x_is_time: bool, split_by: str | None = None) -> str:
    """How a chart with too many values to draw can draw fewer, by what its kind takes: x bounds
    where it takes them; resampling only for an x of dates and times (`x_is_time`), by a step
    longer than the chart's own; else (a box plot) its rows chosen by a range or a filter; fewer y
    columns only when it draws more than one; fewer series, chosen by a filter on the column
    `split_by`, of a chart split by it (`spec` the wide chart it draws), which names one y column."""
    kind = kind_of(spec)
    ways = ["narrow it with xmin/xmax"] if kind.x_bounds is not None else []
    longer = _longer_resample_steps(spec.resample)[:3] if x_is_time and kind.resample else []
    if longer:
        ways.append(f"resample it (resample={', '.join(longer)} …)")
    if not ways:
        ways.append("choose fewer rows with from/to (by a date column) or filter.<column> (by a text column's value)")
    if split_by is not None:
        ways.append(f"draw fewer series, choosing them with filter.{quote(split_by, safe='')}")
    elif len(spec.y) > 1:
        ways.append("ask for fewer y columns")
    return or_list(ways)


LONGEST_STEP = list(RESAMPLE_RULES)[-1]


def _longer_resample_steps(step: str | None) -> list[str]:
    """The resample steps longer than `step`; when None, those of a day or longer, as x may hold dates
    alone, which a step within a day refuses (`resampling.hours_of_dates`)."""
    steps = list(RESAMPLE_RULES)  # shortest first
    if step is None:
        return steps[steps.index("day"):]
    return steps[steps.index(step) + 1:]
