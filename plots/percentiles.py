"""Percentiles as an aggregate (`agg=p95`): what `agg` takes besides the named aggregates, the words
that name a percentile, and each group's percentile from its two values nearest the rank asked.

The k-th percentile of a group's n values (missing ones left out) is the linear interpolation between
the two closest ranks, as pandas' and numpy's default quantile and PostgreSQL's `percentile_cont` take
it: the value at rank (n − 1) × k / 100 counted from 0 in ascending order, between the two values
either side of it where that rank is not whole. The ranks are worked out in whole numbers (`ranks`),
where those take k / 100 in doubles (0.95 × 20 is 18.999999999999996 or 19 by how it rounds), and
the two values are combined in one place (`interpolated`; `group_percentile` for one group, to the
same bit), for a frame's rows and a database's groups alike: the median is the 50th percentile, and
at halfway between two values the mean a median takes.
"""
from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from .text import listed_value
from .spec import AGGREGATES, SpecError

# The percentiles `agg` takes, p1 to p99, written without a leading zero.
PERCENTILE = re.compile(r"p([1-9][0-9]?)")
# The percentiles a chart page's form offers beside the named aggregates; it shows any other a URL asks for.
OFFERED_PERCENTILES = ("p90", "p95", "p99")
# The aggregates a chart page's form offers, in its order.
OFFERED_AGGREGATES = (*AGGREGATES, *OFFERED_PERCENTILES)
AGG_TAKES = f"one of {', '.join(AGGREGATES)}, or a percentile from p1 to p99 ({', '.join(OFFERED_PERCENTILES)} …)"
# Middle values past this are halved before they are added: their sum could pass the largest double.
HALVED_ABOVE = float(np.finfo(np.float64).max) / 2


def read_agg(raw: str) -> str:
    """`agg` as given (any case, spaces around it left out): a named aggregate or a percentile p1 to
    p99; raises SpecError saying what it takes."""
    value = raw.strip().lower()
    if value in AGGREGATES or PERCENTILE.fullmatch(value):
        return value
    raise SpecError(f"agg must be {AGG_TAKES}; got {listed_value(raw)}", "agg")


def percentile_of(agg: str | None) -> int | None:
    """The percentile an aggregate takes (95 for p95), None for another aggregate."""
    found = PERCENTILE.fullmatch(agg or "")
    return int(found[1]) if found else None


def ordinal(k: int) -> str:
    """`k` as an ordinal: 1st, 2nd, 3rd, 11th, 95th."""
    suffix = "th" if 10 <= k % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(k % 10, "th")
    return f"{k}{suffix}"


def agg_words(agg: str) -> str:
    """An aggregate as the words name what it makes of a group: "95th percentile", "mean"."""
    k = percentile_of(agg)
    return agg if k is None else f"{ordinal(k)} percentile"


def agg_plural(agg: str, plurals: dict[str, str]) -> str:
    """Several of an aggregate's values named together ("95th percentiles", `plurals` naming the others')."""
    return plurals[agg] if percentile_of(agg) is None else f"{agg_words(agg)}s"


def ranks(counts: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For groups of `counts` values, the 1-based ranks of the two values the k-th percentile lies
    between (the same one twice where it lies on one) and how far past the lower one it lies, in
    hundredths of the way to the upper one."""
    counts = np.asarray(counts, dtype=np.int64)
    at = np.maximum(counts - 1, 0) * k
    lower = at // 100 + 1
    return lower, lower + (at % 100 > 0), at % 100


def interpolated(lower: Sequence, upper: Sequence, counts: Sequence, k: int, integer: bool) -> list:
    """Each group's k-th percentile from its `lower` and `upper` values (`ranks`) and its count of
    values (none: NaN): t hundredths of the way from lower to upper as numpy interpolates
    (lower + (upper − lower) × t below halfway, upper − (upper − lower) × (1 − t) from it), halfway
    their mean as a median takes it, in doubles, halved where they lie further apart than the largest
    double; of an integer column (`integer`), exact: an int where it is whole, else the nearest double."""
    counts = np.asarray(counts, dtype=np.int64)
    part = ranks(counts, k)[2]
    if integer:
        return [_exact(a, b, int(t)) if n else np.nan for a, b, t, n in zip(lower, upper, part, counts)]
    a = np.array([np.nan if v is None else v for v in lower], dtype=float)
    b = np.array([np.nan if v is None else v for v in upper], dtype=float)
    with np.errstate(over="ignore", invalid="ignore"):
        made = _between(a, b, part)
        apart = ~np.isfinite(b - a) & np.isfinite(a) & np.isfinite(b)
        made[apart] = _between(a[apart] / 2, b[apart] / 2, part[apart]) * 2
    made = np.where(counts > 0, made + 0.0, np.nan)  # + 0.0: no -0.0, as no other aggregate gives one
    return made.tolist()


def group_percentile(values: Sequence, k: int, integer: bool) -> int | float:
    """The k-th percentile of one group's `values` (in ascending order, none missing, one at least) as
    `ranks` and `interpolated` find a group's, to the same bit, in Python's own numbers: for an
    aggregate that sees one group at a time (the site's own on SQLite), where an array a group costs
    more than the sums."""
    at = (len(values) - 1) * k
    lower, upper, part = values[at // 100], values[(at + 99) // 100], at % 100
    if integer:
        return _exact(lower, upper, part)
    a, b = float(lower), float(upper)
    if not math.isfinite(b - a) and math.isfinite(a) and math.isfinite(b):
        return _one_between(a / 2, b / 2, part) * 2 + 0.0
    return _one_between(a, b, part) + 0.0  # + 0.0: no -0.0, as `interpolated` gives none


def _one_between(a: float, b: float, part: int) -> float:
    """`_between` of one pair of doubles."""
    if part == 0:
        return a
    if part == 50:
        return a / 2 + b / 2 if abs(a) > HALVED_ABOVE or abs(b) > HALVED_ABOVE else (a + b) / 2
    d = b - a
    return a + d * (part / 100) if part < 50 else b - d * ((100 - part) / 100)


def _between(a: np.ndarray, b: np.ndarray, part: np.ndarray) -> np.ndarray:
    """`part` hundredths of the way from `a` to `b` (`interpolated`), in doubles."""
    d = b - a
    halves = np.abs(a) > HALVED_ABOVE
    halves |= np.abs(b) > HALVED_ABOVE
    middle = np.where(halves, a / 2 + b / 2, (a + b) / 2)
    low, high = a + d * (part / 100), b - d * ((100 - part) / 100)
    return np.where(part == 0, a, np.where(part == 50, middle, np.where(part < 50, low, high)))


def _exact(a: Any, b: Any, part: int) -> int | float:
    """`part` hundredths of the way from the integer `a` to `b`, exactly: an int where it is whole,
    else the nearest double."""
    total = int(a) * 100 + (int(b) - int(a)) * part
    return total // 100 if total % 100 == 0 else total / 100


def frame_percentiles(data: pd.DataFrame, x: str, names: Sequence[str], k: int,
                      groups: Callable[[pd.DataFrame], Any], integer: Callable[[str], bool]
                      ) -> tuple[pd.Index, dict[str, list]]:
    """The k-th percentile of each column of `names` in each group `groups(frame)` makes of `data`'s rows
    (by x, or by periods of it), and the groups' index: each group's values ranked, the two `ranks`
    names read and `interpolated`; `integer(name)` says which columns hold integers, whose percentiles
    are exact."""
    made: dict[str, list] = {}
    index = pd.Index([])
    for name in dict.fromkeys(names):
        values = data[name].astype("Int64") if integer(name) else data[name]  # whole past 2**53 beside NA
        grouped = groups(data[[x, name]])[name]
        # A row in no group (a bar's missing x) has no count: in no group, its rank is none.
        each = grouped.transform("count").to_numpy(dtype=float, na_value=0).astype(np.int64)
        ranked = grouped.rank(method="first").to_numpy(dtype=float, na_value=np.nan)
        low, high, _ = ranks(each, k)
        chosen = pd.DataFrame({x: data[x], "lower": values.where(ranked == low),
                               "upper": values.where(ranked == high)}, index=data.index)
        picked = groups(chosen)
        counts = grouped.count()
        index = counts.index
        lower, upper = (picked[end].max().reindex(index) for end in ("lower", "upper"))
        made[name] = interpolated([None if pd.isna(v) else v for v in lower],
                                  [None if pd.isna(v) else v for v in upper], counts.to_numpy(), k, integer(name))
    return index, made
