"""The numeric columns a chart drawing every numeric column by default leaves out past the series
cap, carried with its rows to its words."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import quote

import pandas as pd

from .rows import Mark, mark_of, with_mark
from .spec import NUMERIC_TYPES, ChartSpec, Limits, listed
from .text import names_counted

# Where a chart's frame carries the numeric columns its default y leaves out (`with_series_left_out`).
SERIES_LEFT_OUT_KEY = "svgplots.series_left_out"


@dataclass(frozen=True)
class SeriesLeftOut(Mark):
    """The numeric columns past the series cap (`cap`, `Limits.max_series`) that a chart drawing
    every numeric column by default leaves out, in the dataset's order."""

    names: tuple[str, ...]
    cap: int


def series_left_out(spec: ChartSpec, columns: Mapping[str, str], limits: Limits) -> SeriesLeftOut | None:
    """The numeric columns `spec`'s y leaves out when it is the default (the first of every numeric
    column but x, as many as the series cap takes) and the dataset has more; None otherwise (a y
    the URL names draws what it names)."""
    numeric = tuple(name for name, type_ in columns.items() if type_ in NUMERIC_TYPES and name != spec.x)
    if len(numeric) <= limits.max_series or spec.y != numeric[: limits.max_series]:
        return None
    return SeriesLeftOut(numeric[limits.max_series:], limits.max_series)


def with_series_left_out(frame: pd.DataFrame, left_out: SeriesLeftOut | None) -> pd.DataFrame:
    """`frame`, a chart's rows, marked with the columns its default y leaves out (none: unmarked), for
    its words to say so (the mark travels with it to a render worker)."""
    return frame if left_out is None else with_mark(frame, SERIES_LEFT_OUT_KEY, left_out)


def _words(left_out: SeriesLeftOut) -> str:
    """What the words say of the columns a chart's default y leaves out: how many, which, and how to
    draw them (the first as a URL writes it: `temp (°C)` as y=temp%20%28%C2%B0C%29)."""
    count = len(left_out.names)
    shown = names_counted(left_out.names)  # the first few named, the others counted
    columns = "numeric column is" if count == 1 else "numeric columns are"
    return (f"{count} more {columns} not drawn, as at most {left_out.cap} are by default: {listed(shown)}; "
            f"name the columns to draw with y (y={quote(left_out.names[0], safe='')})")


def left_out_words(data: pd.DataFrame) -> str | None:
    """What a chart's words say of the columns its default y leaves out, or None where it leaves none."""
    left_out = mark_of(data, SERIES_LEFT_OUT_KEY, SeriesLeftOut)
    return None if left_out is None else _words(left_out)
