"""Bar charts sorted and cut to their first categories (`sort=-value&top=10`): the values each field
takes, the kinds that take them, the order and the cut applied to a bar chart's categories once they
are combined (`apply_sort_and_top`, the same for a dataset's frame and a database's groups), and the
words that say what was left out.

Sorting and cutting choose the rows a chart draws: its `.json` and `.csv` hold the rows drawn, in the
order drawn."""
from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .field_values import choice_of, int_in, int_or_none
from .kind import Kind, kind_of
from .kind_fields import kinds_taking, takes
from .rows import mark_of, with_mark
from .said_values import value_said
from .spec import NONE_WORD, ChartSpec, Limits, SpecError, or_list
from .text import shown_value
from .unit_ticks import values_unit, with_unit
from .value_text import DRAWN_LABEL_CHARS, grouped_by_thousands

# none: as the rows give them; value, -value: by each bar's value (several series' total), ascending
# or descending; x, -x: by the category itself (numbers and dates by value, text as `_text_key`).
NO_SORT = NONE_WORD
SORTS = (NO_SORT, "value", "-value", "x", "-x")
SORT_TAKES = f"one of {', '.join(SORTS)}"
TOP_TAKES = "a whole number from 1 to {most}, or none for every category"
# How a refusal of too many bar categories offers `top` (`data.too_many_categories`).
TOP_ADVICE = "rank them and draw the first (sort=-value&top=10)"
# Where a chart's rows carry what `top` left out (`LeftOut`), which the words say.
LEFT_OUT_KEY = "svgplots.top_left_out"
# The aggregates whose values add up to a whole: the words give the sum of those left out only of them.
ADDING = ("sum", "count")


@dataclass(frozen=True)
class LeftOut:
    """The categories `top` left out of a bar chart: how many, and the sum of their values (all series')."""

    count: int
    total: float | int | None


def read_sort(raw: str) -> str:
    """`sort` as given (any case, spaces around it ignored); raises SpecError saying what it takes."""
    return choice_of("sort", raw, SORTS)


def read_top(raw: str, limits: Limits) -> int | None:
    """`top` as given: a whole number from 1 to the category cap, or None for `none` (undoing a
    dashboard chart's); raises SpecError saying what it takes."""
    return int_or_none("top", raw, 1, limits.max_categories, "draws every category")


def top_over_cap(fields: Mapping[str, list[str]], limits: Limits) -> int | None:
    """The `top` of `fields` (a dashboard file's chart's, as a URL's text) where it is a whole number above
    the category cap, `LIMITS.max_categories`, a setting a site may lower below a file's ranking (the
    samples' `top = 10` on a site that draws at most 5 bars); None where it is not (none given, within the
    cap, or no whole number, which `read_top` reads or refuses)."""
    given = fields.get("top", ())
    if len(given) != 1:
        return None
    try:
        top = int_in("top", given[0], 1, sys.maxsize)
    except SpecError:
        return None
    return top if top > limits.max_categories else None


def order_refused(spec: ChartSpec, kind: Kind) -> SpecError | None:
    """The error for a `sort` other than none, or a `top`, on a kind that draws no categories (`takes`); None
    where it applies."""
    asked = [(name, value) for name, value, none in (("sort", spec.sort, NO_SORT), ("top", spec.top, None))
             if value != none and not takes(kind, name)]
    if not asked:
        return None
    name, value = asked[0]
    taking = kinds_taking(name)
    return SpecError(f"{name}={value} does not apply to kind={spec.kind}, which draws no categories; it applies "
                     f"to {or_list(taking)} (use {name}=none with kind={spec.kind})", name)


def bars_capped(spec: ChartSpec) -> bool:
    """Whether a chart of `spec` may have no more categories in its data than the cap: a bar chart
    without `top` (with it, the cap bounds the bars drawn, the first `top`)."""
    return kind_of(spec).categorical and spec.top is None


def apply_sort_and_top(data: pd.DataFrame, spec: ChartSpec) -> pd.DataFrame:
    """A bar chart's rows, one a category with its combined values, in the order `spec.sort` asks
    (stable: ties keep the rows' order) and cut to the first `spec.top`, marked with what the cut
    left out (`left_out_of`). `data` itself where neither is asked."""
    if spec.sort == NO_SORT and spec.top is None or not spec.x or spec.x not in data.columns:
        return data
    if spec.sort != NO_SORT:
        order = _sorted_positions(data, spec)
        data = data.iloc[order].reset_index(drop=True) if (order != np.arange(len(data))).any() else data
    if spec.top is None or len(data) <= spec.top:
        return data
    rest = data.iloc[spec.top:]
    totals = _totals(rest, spec)
    return with_left_out(data.iloc[:spec.top].reset_index(drop=True), len(rest),
                         _plain(totals.sum()) if totals.notna().any() else None)


def with_left_out(data: pd.DataFrame, count: int, total) -> pd.DataFrame:
    """`data`, the first `top` categories, marked as `count` more left out whose values sum to `total`
    (None where none has a value), where a database cut them (`apply_sort_and_top` marks its own)."""
    return with_mark(data, LEFT_OUT_KEY, LeftOut(count, total)) if count > 0 else data


def left_out_of(data: pd.DataFrame) -> LeftOut | None:
    """What `top` left out of a chart of `data`, if it left out any category."""
    return mark_of(data, LEFT_OUT_KEY, LeftOut)


def sorted_span(spec: ChartSpec, data: pd.DataFrame, bar_at: Callable[[int], str]) -> tuple[str, dict[str, str]] | None:
    """What the alt text says of a sorted bar chart's bars in the place of the x they span, which on a
    ranking would read as a range: the order and its ends, "product sorted by value, from the largest,
    c, to the smallest shown, d" (`shown` where `top` left out smaller ones), "product sorted last to
    first, from e to a"; with the words that stand for a long name at an end where a lowest, a highest
    or a last value is there ("the first bar"), as `span_ends_named` gives them. None where the chart is
    not sorted or has fewer than two bars to order (`bar_at`: a bar's x in words, by its row)."""
    if spec.sort == NO_SORT or len(data) < 2 or not spec.x or spec.x not in data.columns:
        return None  # no x: the rows are not sorted (`apply_sort_and_top`)
    x = shown_value(spec.x)
    if spec.sort in ("x", "-x"):
        first, last = 0, len(data) - 1
        order = "first to last" if spec.sort == "x" else "last to first"
        words = f"{x} sorted {order}, from {bar_at(first)} to {bar_at(last)}"
    else:
        valued = np.flatnonzero(_totals(data, spec).notna().to_numpy())  # a bar of no value comes last
        if len(valued) < 2:
            return None
        first, last = int(valued[0]), int(valued[-1])
        total = " (each category's total of its series)" if len(spec.y) > 1 else ""
        ends = ("largest", "smallest") if spec.sort == "-value" else ("smallest", "largest")
        shown = " shown" if left_out_of(data) is not None else ""
        words = (f"{x} sorted by value{total}, from the {ends[0]}, {bar_at(first)}, to the {ends[1]}{shown}, "
                 f"{bar_at(last)}")
    named = {bar_at(first): "the first bar",
             bar_at(last): "the last bar" if last == len(data) - 1 else "the last bar with a value"}
    return words, {text: said for text, said in named.items() if len(text) > DRAWN_LABEL_CHARS}


def order_words(spec: ChartSpec, data: pd.DataFrame, combined: str | None, span_sorted: bool = False) -> list[str]:
    """What the alt text says of the order and the cut: "sorted by value, largest first; the first 10
    of 5,000 categories of product drawn, 4,990 left out, summing to $1,234,567" (the order only where
    the words of the bars' span do not say it, `span_sorted`: `sorted_span`; the sum only of values that
    add up: each row's own, or sums and counts, `combined`, written as the words write the values, with
    their unit, `unit_ticks.with_unit`, its digits grouped by thousands as the counts beside it are)."""
    if spec.sort == NO_SORT and spec.top is None:
        return []
    total = " (each category's total of its series)" if len(spec.y) > 1 else ""
    x = shown_value(spec.x) if spec.x else "x"
    words = {"value": f"sorted by value{total}, smallest first", "-value": f"sorted by value{total}, largest first",
             "x": f"sorted by {x}, first to last", "-x": f"sorted by {x}, last to first"}
    said = [words[spec.sort]] if spec.sort != NO_SORT and not span_sorted else []
    left_out = left_out_of(data)
    if left_out is not None:
        count = len(data) + left_out.count
        # A resample's bars are periods ("weeks"), others the categories of the x column.
        bars = f"{spec.resample}s" if spec.resample is not None else f"categories of {x}"
        cut = f"the first {len(data)} of {count:,} {bars} drawn, {left_out.count:,} left out"
        if left_out.total is not None and (combined is None or combined in ADDING):
            summed = grouped_by_thousands(value_said(left_out.total))
            cut += f", summing to {with_unit(summed, values_unit(spec, data))}"
        said.append(cut)
    ranked = _ranked_by_means(spec, combined)
    if ranked is not None:
        said[-1:] = [f"{said[-1]}, {ranked}"] if said else [ranked]
    return ["; ".join(said)] if said else []


def _ranked_by_means(spec: ChartSpec, combined: str | None) -> str | None:
    """What the alt text says of a ranking by value cut to its first `top` whose bars are means, the
    default agg's, of several rows each (`combined`: `values_titles.combined_by`), a customer's invoice
    lines, say: that it ranked them by their means, where the top customers are mostly asked by their
    total, which `agg=sum` ranks by. Said of `agg=mean` given too, which is the same chart, its bytes
    the same. None for any other chart."""
    if spec.top is None or spec.sort not in ("value", "-value") or combined is None or combined != ChartSpec().agg:
        return None
    bars = spec.resample or "category"
    means = "the means" if len(spec.y) > 1 else "the mean"
    totalled = ", totalled over its series" if len(spec.y) > 1 else ""
    return (f"ranked by {means} of each {bars}'s rows{totalled} (agg={combined}; agg=sum ranks them by their "
            "total)")


def _totals(data: pd.DataFrame, spec: ChartSpec) -> pd.Series:
    """Each row's value as `sort=value` reads it: its one series', or the sum of its series' (a stack's
    height when stacked), missing where every value is."""
    names = [name for name in dict.fromkeys(spec.y) if name in data.columns and name != spec.x]
    if len(names) == 1:
        return data[names[0]]
    return data[names].sum(axis=1, min_count=1)


def _sorted_positions(data: pd.DataFrame, spec: ChartSpec) -> np.ndarray:
    """The positions of `data`'s rows in the order `spec.sort` asks, ties in the rows' order, a
    missing value last either way."""
    column = _totals(data, spec) if spec.sort in ("value", "-value") else data[spec.x]
    ranks, missing = _ranks(column)
    if spec.sort.startswith("-"):
        ranks = -ranks
    return np.lexsort((np.arange(len(data)), ranks, missing))


# The numpy dtypes `_ranks` orders by numpy itself: booleans, numbers and moments, which it compares exactly.
NUMPY_ORDERED = (np.bool_, np.number, np.datetime64, np.timedelta64)


def _ranks(column: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Each value's rank among the values of `column` (equal values one rank), and which are
    missing: numbers and dates by value, exactly (an int past 2**53 too), text by `_text_key`.

    No loop of Python over the categories: a column of numpy's numbers or dates is ranked by numpy,
    which compares them exactly in their own dtype; any other is put in order by Python's own sort,
    which compares its values as Python does (an int past 64 bits too, text by its code points, which a
    numpy array of text would cut at a trailing NUL), and each value that differs from the one before it
    in that order starts the next rank."""
    missing = column.isna().to_numpy()
    ranks = np.zeros(len(column), dtype=np.int64)
    if isinstance(column.dtype, np.dtype) and any(np.issubdtype(column.dtype, of) for of in NUMPY_ORDERED):
        present = column.to_numpy()[~missing]
        if len(present):
            ranks[~missing] = np.unique(present, return_inverse=True)[1]
        return ranks, missing
    present = column.to_numpy(dtype=object)[~missing]
    text = pd.api.types.is_string_dtype(column) or pd.api.types.is_object_dtype(column) and any(
        isinstance(value, str) for value in present)
    if text:
        present = np.array(list(map(str, present)), dtype=object)
    values = present.tolist()
    keys = list(zip(map(str.casefold, values), values)) if text else values  # `_text_key`'s, made in one map
    order = np.array(sorted(range(len(keys)), key=keys.__getitem__), dtype=np.int64)
    ordered = present[order]
    starts = np.zeros(len(ordered), dtype=np.int64)
    starts[1:] = ordered[1:] != ordered[:-1]
    ranks[np.flatnonzero(~missing)[order]] = np.cumsum(starts)
    return ranks, missing


def _text_key(value: str) -> tuple[str, str]:
    """How text categories are sorted, as a person sorts a list: letters whatever their case
    ("apple", "Banana", "cherry"), then by the characters themselves (code points) where only case
    tells two apart."""
    return value.casefold(), value


def _plain(value):
    """A numpy number as Python's own (an int stays whole)."""
    return value.item() if isinstance(value, np.generic) else value
