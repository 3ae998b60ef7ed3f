"""The y columns aggregated per group of rows (sum, mean, median, min, max, count, a percentile), refused with a
422 where a sum would pass what a 64-bit integer or a double holds rather than wrap or overflow."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from .percentiles import frame_percentiles, percentile_of
from .spec import ChartSpec, SpecError

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
    that is checked exactly, on its sums in two parts (`_in_halves`)."""
    rows = len(data)
    columns = {name: integer_values(data[name]) for name in dict.fromkeys(spec.y) if is_integer(data[name])}
    risky = [name for name, values in columns.items()
             if rows and max(int(values.max()), -int(values.min())) * rows > INT64[1]]
    if not risky:
        return
    summed = _in_halves(data, x, risky, groups).sum()
    over = []
    for i, name in enumerate(risky):
        # The sum is high * 2**32 + low with 0 <= low < 2**32 once low's carry is moved to high.
        high = integer_values(summed[2 * i]) + (integer_values(summed[2 * i + 1]) >> 32)
        if ((high < -2**31) | (high >= 2**31)).any():
            over.append(name)
    if over:
        raise sum_too_large(over, spec.resample or x)


def _in_halves(data: pd.DataFrame, x: str, names: Sequence[str], groups: Callable[[pd.DataFrame], Any]) -> Any:
    """The rows of `data` grouped by `groups` (as the chart groups them), holding x and each integer
    column of `names` in two parts whose sums fit in 64 bits (fewer than 2**31 rows a group): each
    value is high * 2**32 + low with 0 <= low < 2**32, the high part of names[i] under 2 * i and
    the low under 2 * i + 1."""
    parts: dict = {x: data[x]}  # the parts under numbers, which no column name (text) is
    for i, name in enumerate(names):
        values, missing = integer_values(data[name]), data[name].isna().to_numpy()
        parts[2 * i], parts[2 * i + 1] = values >> 32, values & 0xFFFFFFFF
        if missing.any():  # missing in both parts: counted by neither, summed as none (`_exact_means`)
            parts[2 * i], parts[2 * i + 1] = (pd.arrays.IntegerArray(part, missing.copy())
                                              for part in (parts[2 * i], parts[2 * i + 1]))
    return groups(pd.DataFrame(parts, index=data.index))


def is_integer(column: pd.Series) -> bool:
    """Whether a column holds integers: int64, or a source's integers with missing values (Int64, NULL as NA)."""
    return pd.api.types.is_integer_dtype(column.dtype)


def integer_values(column: pd.Series) -> np.ndarray:
    """An integer column's values (`is_integer`) as int64, a missing one as 0."""
    return column.to_numpy(dtype=np.int64, na_value=0)


# The largest magnitude a float column holds, and the aggregates that add its values up.
LARGEST_FLOAT = float(np.finfo(np.float64).max)
ADDING_AGGREGATES = ("sum", "mean", "median")


def aggregated(data: pd.DataFrame, spec: ChartSpec, x: str, groups: Callable[[pd.DataFrame], Any]) -> pd.DataFrame:
    """The y columns of `data` aggregated by `spec.agg` in the groups `groups(frame)` makes of a
    frame (by the x column `x`, or by periods of it).

    A percentile (`agg=p95`) is `plots.percentiles`'. A sum, mean or median adds values up, and
    those of a float column near the largest double (1.8e308) overflow to infinity where their mean
    or median is a double all the same: such columns are added up halved as often as the rows can
    double a value, and the results doubled back, in the groups whose values added up as they are
    overflow. Halving is exact in binary but for the tiniest values, which it rounds (5e-324 to 0):
    a group that does not overflow keeps its own result. Raises `float_sum_too_large` for a sum past
    the largest double, and `sum_too_large` for one past 64 bits of an integer column (`_check_sums`).
    """
    k = percentile_of(spec.agg)
    if k is not None:  # exact of its own, and within the range of its values: nothing overflows
        index, made = frame_percentiles(data, x, spec.y, k, groups, lambda name: is_integer(data[name]))
        return pd.DataFrame({name: exact_column(made[name], index) for name in spec.y}, index=index)
    if spec.agg == "sum":
        _check_sums(data, x, spec, groups)
    per = spec.resample or x
    columns = list(spec.y)
    halvings = _halvings(data, columns) if spec.agg in ADDING_AGGREGATES else {}
    with np.errstate(over="ignore", invalid="ignore"):
        out = groups(data)[columns].agg(spec.agg)
    over = []
    for name, times in halvings.items():
        unhalved = out[name].to_numpy(dtype=float)
        overflowed = ~np.isfinite(unhalved)
        if not overflowed.any():
            continue
        # The groups whose values added up as they are overflow: added up halved, and doubled back.
        halved = pd.DataFrame({x: data[x], name: np.ldexp(data[name].to_numpy(dtype=float), -times)}, index=data.index)
        values = groups(halved)[name].agg(spec.agg).to_numpy(dtype=float)
        past = np.abs(values[overflowed & ~np.isnan(values)]) > np.ldexp(LARGEST_FLOAT, -times)
        if spec.agg == "sum" and past.any():
            over.append(name)
            continue
        out[name] = np.where(overflowed, np.ldexp(values, times), unhalved)
    if over:
        raise float_sum_too_large(over, per)
    _exact_integer_results(data, x, columns, groups, out, spec.agg)
    return out


# The integers a double holds one by one: past them an integer column's means and medians are worked out exactly.
EXACT_DOUBLE_INTEGERS = 2**53


def _exact_integer_results(data: pd.DataFrame, x: str, columns: Sequence[str],
                           groups: Callable[[pd.DataFrame], Any], out: pd.DataFrame, agg: str) -> None:
    """Set in `out` the exact mean, median, min or max (`agg`) of each integer column a double could
    round: pandas works the first two out in doubles, and 10**18 + 1, -10**18, 1000 and 162 averaged
    to 290.5, not 290.75, the median of 9007199254740993, 9007199254740995 and 9007199254740997 to
    9007199254740996; a min or max is a double where a group is empty (a period of a zone's days).

    A result that is a whole number is an int (`exact_column`), one that is not the nearest double."""
    if agg == "mean":
        risky = _integer_columns_past(data, columns, EXACT_DOUBLE_INTEGERS // max(len(data), 1))
        if risky:
            _exact_means(data, x, risky, groups, out)
    elif agg in EXACT_PER_GROUP:
        for name in _integer_columns_past(data, columns, EXACT_DOUBLE_INTEGERS):
            if agg == "median" or out[name].dtype != np.int64:  # a min or max is a float (or NA) with empty groups
                out[name] = _exact_per_group(groups(data[[x, name]])[name], EXACT_PER_GROUP[agg])


def _integer_columns_past(data: pd.DataFrame, columns: Sequence[str], magnitude: int) -> list[str]:
    """The integer columns of `columns` holding a value whose magnitude is past `magnitude`."""
    def largest(values: np.ndarray) -> int:
        return max(int(values.max()), -int(values.min()))

    return [name for name in dict.fromkeys(columns) if is_integer(data[name]) and len(data)
            and largest(integer_values(data[name])) > magnitude]


def _exact_means(data: pd.DataFrame, x: str, names: Sequence[str], groups: Callable[[pd.DataFrame], Any],
                 out: pd.DataFrame) -> None:
    """Set in `out` the mean of each integer column of `names`: its exact sum over its count of values
    (its missing ones left out), summed in two parts (`_in_halves`) as `_check_sums` sums."""
    grouped = _in_halves(data, x, names, groups)
    summed, counts = grouped.sum(), grouped.count()
    for i, name in enumerate(names):
        means = [exact_ratio(int(high) * 2**32 + int(low), int(count)) if count else np.nan
                 for high, low, count in zip(summed[2 * i], summed[2 * i + 1], counts[2 * i])]
        out[name] = exact_column(means, summed.index)


def exact_ratio(total: int, count: int) -> int | float:
    """`total` over `count`: an int where it is a whole number, else the nearest double."""
    whole, rest = divmod(total, count)
    return whole if rest == 0 else total / count


def _exact_per_group(grouped: Any, of: Callable[[pd.Series], int | float]) -> pd.Series:
    """`of` each group of `grouped` (one integer column, grouped), in the groups' order, NaN for an
    empty one: one at a time, since pandas' own aggregation makes ints beside doubles or NaN doubles."""
    found = {key: of(values.dropna()) for key, values in grouped if values.notna().any()}
    index = grouped.size().index
    return exact_column([found.get(key, np.nan) for key in index], index)


def _exact_median(values: pd.Series) -> int | float:
    """The median of integer `values` (`mean_of_middles`); NaN for none."""
    ordered = np.sort(values.to_numpy())
    if not len(ordered):
        return np.nan
    return mean_of_middles(ordered[(len(ordered) - 1) // 2], ordered[len(ordered) // 2])


def mean_of_middles(lower: int, upper: int) -> int | float:
    """The median of integers whose two middle values are `lower` and `upper` (the middle one twice
    for an odd count): their exact mean (`exact_ratio`), a frame's and a database's alike."""
    return exact_ratio(int(lower) + int(upper), 2)


# The aggregates of an integer column worked out one group at a time where they pass 2**53 (`_exact_per_group`).
EXACT_PER_GROUP: dict[str, Callable[[pd.Series], int | float]] = {
    "median": _exact_median,
    "min": lambda values: int(values.min()),
    "max": lambda values: int(values.max())}


def exact_column(values: list, index: pd.Index) -> pd.Series:
    """`values` (ints, doubles, NaN) as a column: of doubles where each int is one (below 2**53 in
    magnitude), as pandas' own results are; else of objects, each int kept whole to its last digit."""
    if all(not isinstance(v, int) or abs(v) < EXACT_DOUBLE_INTEGERS for v in values):
        return pd.Series(values, index=index, dtype=float)
    return pd.Series(values, index=index, dtype=object)


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
    column) past the largest double: the one refusal of it, a frame's chart's and a database's
    (`app.store.pushdown_aggregates`). A mean of such values is drawn, computed with the values scaled."""
    return SpecError(
        f"the sum of {' or '.join(names)} in one {per} is beyond the largest number a chart can hold "
        f"(-{LARGEST_FLOAT:.4g} to {LARGEST_FLOAT:.4g}); chart agg=mean or agg=max instead, or narrow the rows",
        "agg", status=422)
