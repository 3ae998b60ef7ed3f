"""What a chart's words say of the values of bars of named categories (x=campaign): each bar's value, as it is
drawn, where they are few; the lowest and highest by name where they are many. No "last value": the last of
a ranking of names is no later than the first, and the bars between would go unsaid."""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import pandas as pd

from .said_values import ends_told_apart, said_among, value_said
from .series_extremes import EXTREMES_PER_SERIES_UP_TO, ends_differing, extremes_of_all, lowest_and_highest
from .money_words import amount_said

# The most bars whose values the words say one by one: as many as a reader keeps in mind, and past them a
# list heard whole is longer than the chart is worth. Past them the lowest and highest are said by name.
BARS_SAID_UP_TO = 8
# The most values of several series said so, a series' name and a bar's with each: past them, each name heard
# again and again says less than the lowest and highest would.
VALUES_SAID_UP_TO = 12


def each_bar_said(bars: int, series: int) -> bool:
    """Whether the words say each of `bars` bars of `series` series (`category_values_words`), which name every
    bar in the order drawn, as the span of the x would ("campaign from Summer to Spring")."""
    return bars <= BARS_SAID_UP_TO and bars * series <= VALUES_SAID_UP_TO


def category_values_words(names: Sequence[str], series: Sequence[pd.Series], bar_at: Callable[[int], str],
                          units: Sequence[str | None], spanned: Mapping[str, str]) -> str:
    """The values of a bar chart of named categories (`names`: each series as the words name it; `bar_at`: a
    bar's category in words, by its row), each series' with its unit (`with_unit`): up to BARS_SAID_UP_TO
    bars (and VALUES_SAID_UP_TO values of all series), each in the order drawn, "amount (£): Summer £265,499, Noël £15,268.74, Spring £14,186" ("none"
    where a series has no bar there); past them, "lowest £1.5 (B), highest £250,846 (A)" of each series, or,
    past EXTREMES_PER_SERIES_UP_TO series, the lowest and the highest of all, naming their series; a long name
    the x span says already as its words for it (`spanned`: "the first bar")."""
    bars = len(series[0]) if series else 0
    texts = [bar_at(row) for row in range(bars)]
    if each_bar_said(bars, len(series)):
        said = texts  # as `bar_at` writes them: a name quoted to tell it apart is not quoted again
        return "; ".join(f"{name}: " + ", ".join(f"{bar} {_said(values, row, unit, found)}"
                                                 for row, bar in enumerate(said))
                         for name, values, unit, found in zip(names, series, units, _found(series)))
    said = [spanned.get(text, text) for text in texts]
    found = _found(series)
    ends = extremes_of_all(found) if len(series) > EXTREMES_PER_SERIES_UP_TO else None
    if ends is None:
        return "; ".join(f"{name} {_extremes(values, said, unit, ends)}"
                         for name, values, unit, ends in zip(names, series, units, found))
    return extremes_of_all_said(names, series, units, ends, lambda _, row: said[row])


def extremes_of_all_said(names: Sequence[str], series: Sequence[pd.Series], units: Sequence[str | None],
                         ends: tuple[tuple[int, int], tuple[int, int]], place: Callable[[int, int], str]) -> str:
    """"lowest b £1.50 (B), highest a £250,846 (A)": the lowest and the highest of every series (`ends`, each a
    series' index and a row's, as `extremes_of_all` finds them), each told apart from the other, with its series'
    name and unit, and where it is (`place` of the series and the row)."""
    (low_series, low_at), (high_series, high_at) = ends
    low, high = series[low_series].iloc[low_at], series[high_series].iloc[high_at]
    low_text, high_text = (amount_said(end, value, units[at], series[at])
                           for end, value, at in zip(ends_told_apart(low, high), (low, high), (low_series, high_series)))
    return (f"lowest {names[low_series]} {low_text} ({place(low_series, low_at)}), "
            f"highest {names[high_series]} {high_text} ({place(high_series, high_at)})")


def _found(series: Sequence[pd.Series]) -> list:
    return [lowest_and_highest(values) for values in series]


def _said(values: pd.Series, row: int, unit: str | None, found) -> str:
    """A bar's value in words, with its unit, told apart as its series' lowest and highest are (`said_among`)."""
    value = values.iloc[row]
    if pd.isna(value):
        return "none"
    ends = ends_differing(found)
    said = value_said(value) if ends is None else said_among(value, *values.iloc[list(ends)])
    return amount_said(said, value, unit, values)


def _extremes(values: pd.Series, said: Sequence[str], unit: str | None, found) -> str:
    """"lowest 1.5 (B), highest 250846 (A)" of a series; "all 3" of one whose values are one, "none" of one
    without any."""
    if found is None:
        return "none"
    ends = ends_differing(found)
    if ends is None:
        value = values.iloc[found[1]]
        return f"all {amount_said(value_said(value), value, unit, values)}"
    low, high = values.iloc[ends[0]], values.iloc[ends[1]]
    low_text, high_text = (amount_said(end, value, unit, values) for end, value in zip(ends_told_apart(low, high),
                                                                                        (low, high)))
    return f"lowest {low_text} ({said[ends[0]]}), highest {high_text} ({said[ends[1]]})"
