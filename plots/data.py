"""Shape a dataset's frame into exactly the data a chart draws."""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

import numpy as np
import pandas as pd

from .kind import kind_of
from .magnitude import drawn_exponent
from .rows import drawn_of, with_bins
from .selection import carry_selection_mark
from .spec import DEFAULT_LIMITS, RESAMPLE_RULES, ChartSpec, Limits, SpecError, or_list


def chart_frame(spec: ChartSpec, frame: pd.DataFrame, limits: Limits = DEFAULT_LIMITS) -> pd.DataFrame:
    """The columns the chart draws, resampled or grouped as the spec asks, x first.

    A histogram's are the rows holding a value its bars count (`counted_values`). Raises SpecError
    (status 422) when a bar chart would have more categories than allowed, or the chart more values
    than allowed.
    """
    if drawn_of(frame) is not None:
        return frame  # a store computed these rows for this chart (a source database): drawn as they are
    cols = [c for c in spec.columns() if c in frame.columns]
    data = frame.loc[:, cols]
    x = spec.x if spec.x in data.columns else None
    kind = kind_of(spec)
    if kind.values_on_x:
        data = counted_values(data, spec)
    elif x is not None and kind.uses_x:
        if data[x].isna().any():
            data = data.dropna(subset=[x])  # a row without an x has no place on the chart
        if spec.xmin is not None or spec.xmax is not None:
            data = _within(data, x, spec.xmin, spec.xmax)
        moments = data[x]  # the span a longer resample step is measured over, should there be too many bars
        if spec.resample:
            data = _resample(data, x, spec)
        elif kind.categorical and (spec.agg == "count" or data[x].duplicated().any()):
            # A count is drawn even of categories given once: 1 for each value, not the value.
            # Numbers and dates in their order; text where each value first comes (`_in_first_order`).
            by_value = _ordered(data[x])
            data = _aggregated(data, spec, x, lambda parts: parts.groupby(x, sort=by_value, dropna=True)).reset_index()
        elif kind.sorted_by_x and not data[x].is_monotonic_increasing:
            data = data.sort_values(x, kind="stable") if _ordered(data[x]) else _in_first_order(data, x)
    points = len(data) * max(1, len(spec.y))
    x_is_time = x is not None and pd.api.types.is_datetime64_any_dtype(data[x])
    if points > limits.max_points:
        raise SpecError(f"this chart would draw {points:,} values and at most {limits.max_points:,} are allowed; "
                        f"{fewer_values_advice(spec, x_is_time)}", "y", status=422)
    if kind.categorical and len(data) > limits.max_categories:
        span = (moments.min(), moments.max()) if x_is_time else None
        raise too_many_categories(spec, limits, str(len(data)), x_is_time, span)
    return carry_selection_mark(frame, data.reset_index(drop=True))


def _ordered(values: pd.Series) -> bool:
    """Whether a column's values have an order of their own to draw them in: numbers and dates do."""
    return pd.api.types.is_numeric_dtype(values) or pd.api.types.is_datetime64_any_dtype(values)


def _in_first_order(data: pd.DataFrame, x: str) -> pd.DataFrame:
    """The rows with those of one `x` together, each `x` where it first comes: the order a text x is
    placed in along the axis, as bar categories are. Text has no order that suits every language
    (code points put "Äpfel" after "zebra"), and the data's may be meant (Jan, Feb, Mar)."""
    first = pd.factorize(data[x])[0]
    return data.iloc[np.argsort(first, kind="stable")]


def counted_values(data: pd.DataFrame, spec: ChartSpec) -> pd.DataFrame:
    """A histogram's rows as its bars count them: each y value within the ends of its bins
    (`hist_edges`; both ends included, as numpy.histogram counts), values outside blank, and rows
    left with none left out. So xmin/xmax leave out the values they leave off the chart. x stays,
    saying which rows they are (the column a time range chooses them by).

    The rows carry their bins (`with_bins`): drawing them reads the bins rather than passing over
    the values again."""
    values = {name: data[name].to_numpy(dtype=float, na_value=np.nan) for name in dict.fromkeys(spec.y)}
    # fmin and fmax skip missing values (as nanmin and nanmax do), and give NaN for a series of none.
    extremes = [(float(np.fmin.reduce(v, initial=np.nan)), float(np.fmax.reduce(v, initial=np.nan)))
                for v in values.values()]
    edges = hist_edges(spec, [(low, high) for low, high in extremes if not np.isnan(low)])
    if spec.xmin is None and spec.xmax is None:
        # The bins span the values from the lowest to the highest, which are finite (else
        # hist_edges refused them): the values counted are those present.
        inside = {name: np.isfinite(v) for name, v in values.items()}
    else:
        inside = {name: (v >= edges[0]) & (v <= edges[-1]) for name, v in values.items()}
    kept = np.logical_or.reduce(list(inside.values()))
    counted = data.copy(deep=False) if kept.all() else data.loc[kept]
    for name, within in inside.items():
        if not within[kept].all():  # a row kept for another series' value
            column = counted[name]
            if pd.api.types.is_integer_dtype(column):
                column = column.astype("Int64")  # blank without turning the integers into floats
            counted[name] = column.where(within[kept])
    return with_bins(counted, edges)


def hist_edges(spec: ChartSpec, ranges: Sequence[tuple[float, float]]) -> np.ndarray:
    """The bins a histogram shares: `spec.bins` equal parts of the values' range (`ranges`: each
    series' lowest and highest value; none, 0 to 1) or of xmin/xmax, widened when that is a point
    (`_one_value_range`). A range wider than the largest double (-1e308 to 1e308) is split in the
    units it is drawn in (`magnitude`), the edges kept within its ends. A 422 where the edges are
    not numbers that increase: a range with an infinite end."""
    if ranges:
        lo = min(low for low, _ in ranges) if spec.xmin is None else float(spec.xmin)
        hi = max(high for _, high in ranges) if spec.xmax is None else float(spec.xmax)
        if hi <= lo:
            lo, hi = _one_value_range(lo)
    else:
        lo, hi = 0.0, 1.0
    factor = 10.0 ** drawn_exponent([lo, hi])
    with np.errstate(over="ignore", invalid="ignore"):
        edges = np.linspace(lo / factor, hi / factor, spec.bins + 1) * factor
    if factor != 1.0:
        # Times the factor, an edge may round past an end (past the largest double, or below the
        # lowest value, so no longer increasing from it).
        edges = np.clip(edges, lo, hi)
        edges[0], edges[-1] = lo, hi
    if not (np.isfinite(edges).all() and (edges[1:] >= edges[:-1]).all()):  # not np.diff: its width may overflow
        raise SpecError(f"the chart cannot be drawn from these values (the range {lo:g} to {hi:g} cannot be split "
                        f"into {spec.bins} bins); set xmin and xmax to a finite range", "xmin", status=422)
    return edges


# A histogram of one value is at least this part of the value wide: past about 1e14 a width of 1
# is below a double's step or near it, and the bins' edges could not be told apart.
ONE_VALUE_WIDTH = 1e-9


def _one_value_range(value: float) -> tuple[float, float]:
    """The range a histogram of one value splits, centred on it so that its bar stands in the middle
    of the axis: one wide, or, where that width is below ONE_VALUE_WIDTH of the value, that much of
    it wide (the same way whatever power of ten the value is drawn divided by).

    Never past the largest double: a value too near it for half that width above is the range's
    end, the range reaching toward zero."""
    width = max(1.0, abs(value) * ONE_VALUE_WIDTH)
    if abs(value) + width / 2 > LARGEST_FLOAT:  # a float sum past the largest double is infinity
        return (value - width, value) if value > 0 else (value, value + width)
    return value - width / 2, value + width / 2


def too_many_categories(spec: ChartSpec, limits: Limits, count: str, x_is_time: bool,
                        span: tuple[Any, Any] | None = None) -> SpecError:
    """The 422 for a bar chart with more categories than `limits` allow (`count`: how many, "360"
    or "more than 100"), in the same words wherever the rows are grouped (here or in a database).

    Resampling is suggested only for an x of dates and times (`x_is_time`), the only x it applies
    to, and only by steps longer than the chart's own, which would give fewer categories; with the
    first and last moment of the rows (`span`), only by those whose periods over it are few enough.
    """
    longer = _longer_resample_steps(spec.resample)
    if span is not None:
        longer = [step for step in longer if periods_spanned(*span, step) <= limits.max_categories]
    if not x_is_time:
        advice = "filter the data or use kind=line"
    elif longer:
        step = f" by a longer step than {spec.resample}" if spec.resample else ""
        advice = f"filter the data, resample it{step} (resample={or_list(longer)}) or use kind=line"
    elif span is not None and spec.resample != LONGEST_STEP:
        advice = (f"filter the data or use kind=line (even by {LONGEST_STEP} it would have "
                  f"{periods_spanned(*span, LONGEST_STEP):,})")
    else:
        advice = f"filter the data or use kind=line ({spec.resample} is the longest resample step)"
    return SpecError(f"a {spec.kind} chart may show at most {limits.max_categories} categories and this one "
                     f"has {count}; {advice}", "kind", status=422)


def fewer_values_advice(spec: ChartSpec, x_is_time: bool) -> str:
    """How a chart with too many values to draw can draw fewer: resampling only for an x of dates
    and times (`x_is_time`), by a step longer than the chart's own."""
    longer = _longer_resample_steps(spec.resample)[:3] if x_is_time else []
    resample = f", resample it (resample={', '.join(longer)} …)" if longer else ""
    return f"narrow it with xmin/xmax{resample} or ask for fewer y columns"


LONGEST_STEP = list(RESAMPLE_RULES)[-1]


def periods_spanned(first, last, step: str) -> int:
    """How many resample periods (`step`: day, week, …) the moments from `first` to `last` fall in,
    counted as `_resample` groups them (`period_starts`): at most that many bars."""
    moments = np.array([moment.replace(tzinfo=None) for moment in (first, last)], dtype="datetime64[us]")
    low, high = period_starts(moments, step)
    return int((high - low) // _PERIOD_UNITS[step][1]) + 1


def _longer_resample_steps(step: str | None) -> list[str]:
    """The resample steps longer than `step` (all of them when None)."""
    steps = list(RESAMPLE_RULES)  # shortest first
    return steps if step is None else steps[steps.index(step) + 1:]


def _within(data: pd.DataFrame, x: str, low, high) -> pd.DataFrame:
    """The rows whose x lies in [low, high]: the axis then fits the values that are shown."""
    keep = pd.Series(True, index=data.index)
    if low is not None:
        keep &= data[x] >= low
    if high is not None:
        keep &= data[x] <= high
    return data[keep]


def periods(frame: pd.DataFrame, x: str, step: str):
    """`frame`'s rows grouped by the resample period (`step`: day, week, …) their `x` falls in, as
    pandas' `resample` groups them, each period holding its first moment and named by it.

    A week runs from Monday to Sunday and is named by its Monday, as an ISO week starts: pandas'
    own weeks ("W") are named by the Sunday they end on, a date after the rows they hold.
    """
    return frame.set_index(x).resample(RESAMPLE_RULES[step], closed="left", label="left")


# Each resample step as numpy counts time: the unit a period's start is a whole number of, how many
# of them a period holds, and how many of them past a period's start numpy's count 0 (1970-01-01,
# a Thursday) lies: weeks start on a Monday.
_PERIOD_UNITS = {"day": ("D", 1, 0), "week": ("D", 7, 3), "month": ("M", 1, 0), "quarter": ("M", 3, 0),
                 "year": ("Y", 1, 0)}


def period_starts(moments: np.ndarray, step: str) -> np.ndarray:
    """The start of each moment's resample period (`step`), counted in the step's numpy unit
    (`_PERIOD_UNITS`): days for days and weeks, months for months and quarters, years for years."""
    unit, length, shift = _PERIOD_UNITS[step]
    counts = moments.astype(f"datetime64[{unit}]").view("int64")
    return counts - (counts + shift) % length


def period_start(moment: datetime, step: str) -> datetime:
    """The start of the resample period (`step`) `moment` falls in (`period_starts`), in its zone."""
    unit = _PERIOD_UNITS[step][0]
    [start] = period_starts(np.array([moment.replace(tzinfo=None)], dtype="datetime64[us]"), step)
    return np.datetime64(int(start), unit).astype("datetime64[us]").item().replace(tzinfo=moment.tzinfo)


def _resample(data: pd.DataFrame, x: str, spec: ChartSpec) -> pd.DataFrame:
    """The y columns aggregated per resample period of `x`, each period named by its start, as
    `periods` groups them: empty periods between the first and the last are 0 for sum and count
    and left out for the other aggregates.

    Rows are grouped by the start of their period, worked out from their moments, rather than by
    pandas' resample, which builds every period from the first to the last one by one (a few rows
    in years 1 and 9999 by week: half a million periods, ten seconds). Only sum and count fill the
    empty periods in, at once.
    """
    data = data.dropna(subset=[x])
    if isinstance(data[x].dtype, pd.DatetimeTZDtype):  # periods of the zone's days, as pandas cuts them
        out = _aggregated(data, spec, x, lambda parts: periods(parts, x, spec.resample))
        return (out if spec.agg == "count" else out.dropna(how="all")).reset_index()
    if not data[x].is_monotonic_increasing:  # a period's values are added up in time order, as resample adds them
        data = data.sort_values(x, kind="stable")
    unit = _PERIOD_UNITS[spec.resample][0]
    moments_unit = data[x].dtype

    def groups(parts: pd.DataFrame):
        starts = period_starts(parts[x].to_numpy(), spec.resample)
        named = pd.Series(starts.astype(f"datetime64[{unit}]").astype(moments_unit), index=parts.index, name=x)
        return parts.drop(columns=x).groupby(named, sort=True)

    return filled_periods(_aggregated(data, spec, x, groups), spec.resample, spec.agg)


def filled_periods(out: pd.DataFrame, step: str, agg: str) -> pd.DataFrame:
    """Aggregates per resample period (`out`, indexed in order by each period's start, a naive
    moment, as `periods` names it) as `periods` leaves them, the index made the x column: the empty
    periods between the first and the last are 0 for sum and count (added at once, not one by one)
    and left out for the other aggregates, as are periods whose aggregates are all missing but for
    count.
    """
    if out.empty:
        return out.reset_index()
    unit, length, _ = _PERIOD_UNITS[step]
    moments_unit = out.index.dtype
    first, last = out.index[[0, -1]].to_numpy().astype(f"datetime64[{unit}]").view("int64")
    if agg in ("sum", "count"):
        every = np.arange(first, last + 1, length).astype(f"datetime64[{unit}]").astype(moments_unit)
        out = out.reindex(pd.DatetimeIndex(every, name=out.index.name), fill_value=0)
    elif len(out) < (last - first) // length + 1:
        # An empty period made an integer column's minimum or maximum a float: so it stays.
        out = out.astype({name: float for name in out.columns if pd.api.types.is_integer_dtype(out[name])})
    if agg != "count":
        out = out.dropna(how="all")
    return out.reset_index()


# What a 64-bit integer holds: an integer column's values and its sums.
INT64 = (-2**63, 2**63 - 1)


def sum_too_large(names: Sequence[str], per: str) -> SpecError:
    """The 422 for a sum of integer columns `names` in one group (`per`: the resample period or the
    x column) that no 64-bit integer holds."""
    return SpecError(
        f"the sum of {' or '.join(names)} in one {per} is beyond what a 64-bit integer holds "
        f"({INT64[0]:,} to {INT64[1]:,}); chart agg=mean or agg=max instead, or narrow the rows",
        "agg", status=422)


def _check_sums(data: pd.DataFrame, x: str, spec: ChartSpec, groups: Callable[[pd.DataFrame], Any]) -> None:
    """Raise `sum_too_large` when an integer y column's sum in some group is past 64 bits, which
    pandas' int64 sums wrap around silently (2**63 - 1 and 1 summing to -2**63). `groups(parts)`
    groups the rows of `parts` (x and number columns) as the chart groups rows.

    Only a column whose largest magnitude times the number of rows reaches past 2**63 can overflow;
    that is checked exactly: each value is high * 2**32 + low with 0 <= low < 2**32, and the sums of
    either part fit in 64 bits (fewer than 2**31 rows a group)."""
    rows = len(data)
    columns = {name: data[name].to_numpy() for name in dict.fromkeys(spec.y) if data[name].dtype == np.int64}
    risky = {name: values for name, values in columns.items()
             if rows and max(int(values.max()), -int(values.min())) * rows > INT64[1]}
    if not risky:
        return
    parts: dict = {x: data[x]}  # the parts under numbers, which no column name (text) is
    for i, values in enumerate(risky.values()):
        parts[2 * i], parts[2 * i + 1] = values >> 32, values & 0xFFFFFFFF
    summed = groups(pd.DataFrame(parts, index=data.index)).sum()
    over = []
    for i, name in enumerate(risky):
        # The sum is high * 2**32 + low with 0 <= low < 2**32 once low's carry is moved to high.
        high = summed[2 * i].to_numpy() + (summed[2 * i + 1].to_numpy() >> 32)
        if ((high < -2**31) | (high >= 2**31)).any():
            over.append(name)
    if over:
        raise sum_too_large(over, spec.resample or x)


# The largest magnitude a float column holds, and the aggregates that add its values up.
LARGEST_FLOAT = float(np.finfo(np.float64).max)
ADDING_AGGREGATES = ("sum", "mean", "median")


def _aggregated(data: pd.DataFrame, spec: ChartSpec, x: str, groups: Callable[[pd.DataFrame], Any]) -> pd.DataFrame:
    """The y columns of `data` aggregated by `spec.agg` in the groups `groups(frame)` makes of a
    frame (by the x column `x`, or by periods of it).

    A sum, mean or median adds values up, and those of a float column near the largest double
    (1.8e308) overflow to infinity where their mean or median is a double all the same: such
    columns are added up halved as often as the rows can double a value (exact in binary but for
    the tiniest values), and the results doubled back. Raises `float_sum_too_large` for a sum
    past the largest double, and `sum_too_large` for one past 64 bits of an integer column
    (`_check_sums`).
    """
    if spec.agg == "sum":
        _check_sums(data, x, spec, groups)
    per = spec.resample or x
    columns = list(spec.y)
    halvings = _halvings(data, columns) if spec.agg in ADDING_AGGREGATES else {}
    if not halvings:
        return groups(data)[columns].agg(spec.agg)
    halved = data.copy()
    for name, times in halvings.items():
        halved[name] = np.ldexp(data[name].to_numpy(dtype=float), -times)
    out = groups(halved)[columns].agg(spec.agg)
    over = []
    for name, times in halvings.items():
        values = out[name].to_numpy(dtype=float)
        if spec.agg == "sum" and (np.abs(values[~np.isnan(values)]) > np.ldexp(LARGEST_FLOAT, -times)).any():
            over.append(name)
            continue
        out[name] = np.ldexp(values, times)
    if over:
        raise float_sum_too_large(over, per)
    return out


def _halvings(data: pd.DataFrame, columns: Sequence[str]) -> dict[str, int]:
    """For each float column whose values added up over all rows could pass the largest double,
    how many halvings keep such a sum within it: as many as the rows can double a value."""
    rows = len(data)
    halvings = {}
    for name in dict.fromkeys(columns):
        values = data[name]
        if rows > 1 and pd.api.types.is_float_dtype(values):
            largest = np.abs(values.to_numpy(dtype=float, na_value=np.nan))
            if np.nanmax(largest, initial=0.0) > LARGEST_FLOAT / rows:
                halvings[name] = rows.bit_length()  # 2**times > rows
    return halvings


def float_sum_too_large(names: Sequence[str], per: str) -> SpecError:
    """The 422 for a sum of float columns `names` in one group (`per`: the resample period or the x
    column) past the largest double."""
    return SpecError(
        f"the sum of {' or '.join(names)} in one {per} is beyond the largest number a chart can hold "
        f"(-{LARGEST_FLOAT:.4g} to {LARGEST_FLOAT:.4g}); chart agg=mean or agg=max instead, or narrow the rows",
        "agg", status=422)


def category_labels(values: pd.Series, resample: str | None) -> list[str]:
    """Readable labels for bar categories (dates shortened to the resample step, or written as
    precisely as the moments need: hourly bars each show their hour), text whole: drawn under a bar
    it is cut to DRAWN_LABEL_CHARS, labels kept apart (`layout.cut_apart`), in the chart's words to
    WORDS_LABEL_CHARS (`cut_short`)."""
    if pd.api.types.is_datetime64_any_dtype(values):
        if resample == "quarter":  # strftime has no quarter
            return [f"{v.year:04d} Q{(v.month - 1) // 3 + 1}" if not pd.isna(v) else "" for v in values]
        fmt = RESAMPLE_LABEL_FORMATS.get(resample or "") or _moment_label_format(values)
        # The year in four digits, as ISO 8601 writes it and the rows do (strftime writes the year 1 as "1").
        return [v.strftime(fmt.replace("%Y", f"{v.year:04d}")) if not pd.isna(v) else "" for v in values]
    if pd.api.types.is_float_dtype(values) or pd.api.types.is_integer_dtype(values):
        return ["" if pd.isna(v) else number_text(v) for v in values]
    return ["" if pd.isna(v) else str(v).replace("\t", " ") for v in values]  # no font draws a tab


# A resampled bar's label names its period no finer than the step; a quarter as "2024 Q2", a day
# or a week (by its Monday) by its date.
RESAMPLE_LABEL_FORMATS = {"year": "%Y", "month": "%Y-%m"}


# The strftime format of a bar's moment, by the finest unit its column needs (`date_precision`).
MOMENT_LABEL_FORMATS = {"D": "%Y-%m-%d", "m": "%Y-%m-%d %H:%M", "s": "%Y-%m-%d %H:%M:%S"}


def _moment_label_format(moments: pd.Series) -> str:
    """The strftime format that tells bars of these moments apart: the date alone when all are
    midnights, with hours and minutes, or with seconds (and their fraction) when some need them."""
    unit = date_precision(moments, ("D", "m", "s"))
    return MOMENT_LABEL_FORMATS.get(unit, "%Y-%m-%d %H:%M:%S.%f")


# Characters XML 1.0 cannot hold; a label from a data file might carry one.
NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def date_text(moment: pd.Timestamp) -> str:
    """A date as 2024-05-01, or a date and time as 2024-05-01T12:30:00 when it has a time.

    For one moment in words; a column of them is written with `date_texts`, in one format."""
    return moment.date().isoformat() if moment == moment.normalize() else moment.isoformat()


# The precisions a column of moments is written in, coarsest first: a date alone, a date and time
# to the second, then to the microsecond (the stores' precision; six digits, as isoformat writes).
DATE_PRECISIONS = ("D", "s", "us", "ns")


def date_precision(moments: pd.Series, units: Sequence[str] = DATE_PRECISIONS[:-1]) -> str:
    """The coarsest of `units` (numpy units, coarsest first) that holds every value of a column of
    moments exactly, else "ns": with DATE_PRECISIONS', "D", a date alone, only when every value is
    a midnight."""
    values = _naive_moments(moments)
    known = values[~np.isnat(values)]
    for unit in units:
        if (known.astype(f"datetime64[{unit}]") == known).all():
            return unit
    return DATE_PRECISIONS[-1]


def date_texts(moments: pd.Series, precision: str | None = None) -> list[str | None]:
    """A column of moments as ISO 8601 text in UTC, in one format for the whole column (2024-05-01,
    or 2024-05-01T00:00:00Z beside 2024-05-01T06:00:00Z), None for a missing one.

    The format is the column's `date_precision`, or `precision` when these values are part of a
    longer column (the first rows of a table) and must be written as all of it is. A time carries
    its Z because JavaScript's Date (and others) read a date and time without an offset as local
    time; a date alone has none, as ISO 8601 gives a date no offset (and Date reads it as UTC).
    """
    values = _naive_moments(moments)
    unit = precision or date_precision(moments)
    texts = np.datetime_as_string(values, unit=unit, timezone="UTC").tolist()
    return [None if missing else text for text, missing in zip(texts, np.isnat(values).tolist())]


def _naive_moments(moments: pd.Series) -> np.ndarray:
    """The moments as numpy datetimes; ones with a time zone in naive UTC, as the stores keep them all."""
    if isinstance(moments.dtype, pd.DatetimeTZDtype):
        moments = moments.dt.tz_convert("UTC").dt.tz_localize(None)
    return moments.to_numpy()


def printable(text: str) -> str:
    """`text` with characters that SVG (XML) cannot hold replaced by U+FFFD."""
    return NOT_IN_XML.sub("\ufffd", text)


# A category's label drawn under its bar is cut to this many characters, so that a few fit side by
# side; the chart's words (its <desc>, the page's alt text) say it whole, up to the longer length,
# which keeps them a paragraph a screen reader reads out.
DRAWN_LABEL_CHARS = 28
WORDS_LABEL_CHARS = 200


def cut_short(text: str, limit: int) -> str:
    """`text`, or its first `limit` - 1 characters and "…" when it is longer than `limit`."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


# Below this a double holds every integer, so a whole one is written out; above, its digits are
# rounding (9e307 has 308 of them) and it is written as any other number.
WHOLE_NUMBERS_BELOW = 2.0**53


# The sign of a negative number, as the tick labels write it (matplotlib's axes.unicode_minus): the
# category labels, notes and words of a chart write it too. Screen readers read it as "minus"; most
# read a hyphen-minus before a number so too, but not all, and not in every place.
MINUS = "\N{MINUS SIGN}"


def number_text(value: float | int, digits: int = 6) -> str:
    """A number as a label or the alt text writes it: an integer, or a whole float below 2**53, with
    all its digits (1234567, not 1.23457e+06), any other float to `digits` significant digits
    (1.7e+308); with the minus sign the tick labels write (its exponent's too: "1e−05")."""
    if isinstance(value, (int, np.integer)):
        text = str(value)
    elif float(value).is_integer() and abs(value) < WHOLE_NUMBERS_BELOW:
        text = str(int(value))
    else:
        text = f"{value:.{digits}g}"
    return text.replace("-", MINUS)
