"""Gaps in a line's rows (`gap=3d`): where consecutive rows lie further apart than a chart's gap, its
line or area breaks, rather than join them with a segment through values that never were.

A gap is a duration where x holds dates, written as the range parameters write one (a count and a
unit: 90s, 15m, 12h, 3d, 2w), or a number where x holds numbers. A gap breaks the line only where it
is wider than a pixel column of the chart's width too, its rows in two columns: a line thinned per
pixel column (M4, `downsample`), in memory or by a database, keeps the first and the last row of each
column, so that each such pair is a pair of consecutive rows it keeps, and a break between them is
found in the thinned rows as in every row. A gap narrower than a column draws no break a reader could
see, and a database's thinned rows may hold neither of its rows: the words count the gaps wider than
a column alone, and say so where the chart's gap is narrower than one.
"""
from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .downsample import axis_numbers, column_scale, epoch_of, pixel_columns
from .kind import Kind
from .kind_fields import kinds_taking, takes
from .magnitude import drawn_units, in_drawn_units, in_units
from .resampling import FILLED_AGGREGATES
from .rows import Mark, mark_of, with_mark
from .spec import NONE_WORD, NUMERIC_TYPES, ChartSpec, SpecError, format_value, or_list
from .text import quoted
from .said_values import shortest_said
from .value_text import said_number

# A unit of a gap, in seconds: the range parameters' units of fixed length (`timerange`). Months and
# years differ in length, and a gap is one length.
GAP_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}
UNIT_NAMES = {"s": "second", "m": "minute", "h": "hour", "d": "day", "w": "week"}
NO_GAP = NONE_WORD
GAP_TAKES = ("a duration where x holds dates, a count and a unit s, m (minutes), h, d or w (gap=3d, gap=12h), "
             "or a number above 0 where x holds numbers (gap=2.5); none joins every row")
# A sign is read, so that a gap below 0 is told it must be above 0 rather than that it is no number.
_WRITTEN = re.compile(r"(?P<count>[+-]?[0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?)\s*(?P<unit>[A-Za-z]*)")
_NONZERO_DIGIT = re.compile(r"[1-9]")


@dataclass(frozen=True)
class Gap:
    """The widest distance between consecutive rows that a line joins: `count` of `unit` (one of
    GAP_UNITS) for a date x, or `count` alone (unit None) for a numeric x."""

    count: float
    unit: str | None = None

    def __str__(self) -> str:
        """As a URL writes it: 3d, 12h, 2.5."""
        return f"{format_value(float(self.count))}{self.unit or ''}"

    @property
    def span(self) -> float:
        """The gap on the x axis as `downsample.axis_numbers` counts it: seconds for dates."""
        return self.count * GAP_UNITS[self.unit] if self.unit else self.count


def read_gap(raw: str) -> Gap | None:
    """The gap `raw` writes (None for `none`: every row joined, undoing a dashboard chart's gap);
    raises SpecError saying what a gap takes."""
    text = raw.strip()
    if text.lower() == NO_GAP:
        return None
    found = _WRITTEN.fullmatch(text)
    if found is None:
        raise SpecError(f"gap must be a duration or a number, got {quoted(raw)}: {GAP_TAKES}", "gap")
    count, unit = float(found["count"]), found["unit"]
    if unit in ("M", "y") or unit.lower() in ("mo", "month", "months", "year", "years"):
        raise SpecError(f"gap must be one length, and months and years are not, got {quoted(raw)}; write it in days "
                        f"or weeks (gap=30d, gap=52w)", "gap")
    if unit and unit not in GAP_UNITS:
        raise SpecError(f"gap's unit must be s, m (minutes), h, d or w, got {quoted(raw)} (gap=3d, gap=12h)", "gap")
    if not math.isfinite(count):
        raise SpecError(f"gap must be a number a 64-bit float holds, got {quoted(raw)}: {GAP_TAKES}", "gap")
    digits = re.split("[eE]", found["count"])[0]
    if count == 0 and not digits.startswith("-") and _NONZERO_DIGIT.search(digits):
        raise SpecError(f"gap must be above 0, got {quoted(raw)}, closer to 0 than a 64-bit float holds: "
                        f"{GAP_TAKES}", "gap")
    if not count > 0:
        raise SpecError(f"gap must be above 0, got {quoted(raw)}: {GAP_TAKES}", "gap")
    return Gap(count, unit or None)


def gap_refused(spec: ChartSpec, kind: Kind, columns: Mapping[str, str], inherited: bool) -> SpecError | None:
    """The error for a gap the chart cannot break its line at, None where it can (or has none): a kind
    that joins no rows, a resampled line (broken at each empty period already), an x of text, a
    number over dates or a duration over numbers. `inherited`: the gap is a dashboard chart's."""
    gap = spec.gap
    if gap is None:
        return None
    undo = "; the gap is the dashboard chart's: gap=none undoes it" if inherited else ""
    if not takes(kind, "gap"):
        joining = kinds_taking("gap")
        return SpecError(f"gap does not apply to kind={spec.kind}, which joins no rows; it applies to "
                         f"{or_list(joining)}{undo}", "gap")
    if spec.resample:
        return SpecError(f"gap does not apply with resample={spec.resample}: {_resampled_breaks(spec)}; use "
                         f"resample=none to break it at gaps in the rows{undo}", "gap")
    x_type = columns.get(spec.x) if spec.x else "integer"  # no x: rows are placed by their numbers
    if x_type == "datetime" and gap.unit is None:
        return SpecError(f"gap={gap} is a number, but x={quoted(spec.x)} holds dates: give a duration, a count and "
                         f"a unit s, m (minutes), h, d or w (gap={gap}d, gap={gap}h){undo}", "gap")
    if x_type in NUMERIC_TYPES and gap.unit is not None:
        x = quoted(spec.x) if spec.x else "the row's number"
        return SpecError(f"gap={gap} is a duration, but x={x} holds numbers: give a number "
                         f"(gap={format_value(float(gap.count))}){undo}", "gap")
    if x_type not in NUMERIC_TYPES and x_type != "datetime":
        return SpecError(f"gap does not apply to x={quoted(spec.x)}, which holds text: rows are joined in "
                         f"their order, at no distance; choose a number or date column as x{undo}", "gap")
    return None


def _resampled_breaks(spec: ChartSpec) -> str:
    """Where a resampled line of `spec` breaks, in words, as it is drawn: a sum's or count's at none,
    its empty periods 0 (`resampling.FILLED_AGGREGATES`); the others' at each empty period, a split
    line's series at each period empty of it, whatever the others' rows there."""
    step = spec.resample
    if spec.agg in FILLED_AGGREGATES:
        return f"a resampled {spec.agg} is 0 at each empty {step}, its line unbroken from its first {step} to its last"
    if spec.series:
        return f"a resampled line breaks at each empty {step} already, each series' at each {step} it has no rows in"
    return f"a resampled line breaks at each empty {step} already"


# Where a line's rows carry the gaps found in them (`found_gaps`), for its drawing and its words alike.
GAPS_KEY = "svgplots.gaps"


@dataclass(frozen=True, eq=False)
class FoundGaps(Mark):
    """The gaps found in a line's rows: `after`, the positions of the rows a break follows, `x`, the
    rows' x as numbers (`_x_numbers`; empty where none was read), which the words measure them by, and
    `column`, the width of a pixel column on the x axis, which a gap must pass too (0: none asked), `x` and
    `column` in the units x is drawn in (`magnitude`): the values divided by 10**`power`, whole numbers
    past 2**53 counted from their least.

    `key`: what they were found for (the chart's gap, x, width and x bounds, and the rows' count and first
    and last x); a frame asked of by another chart, or a part of it, finds them anew. Nothing here is
    changed once made; `eq=False`: pandas compares attrs when it joins frames, and arrays cannot be
    compared to a truth value."""

    key: tuple
    after: np.ndarray
    x: np.ndarray
    column: float = 0.0
    power: int = 0

    def in_values(self, distance):
        """A distance along the drawn x (a number or an array) in the values' own units."""
        return in_units(distance, -self.power)


def found_gaps(frame: pd.DataFrame, spec: ChartSpec) -> FoundGaps:
    """The gaps of `frame` (a line's rows, sorted by x) at the chart's gap (`_gaps_and_x`), found once
    and kept on the frame, so that the drawing (`broken_at_gaps`) and the words (`gap_words`) read the
    same ones."""
    key = (spec.gap, spec.x, spec.width, spec.xmin, spec.xmax, len(frame), _ends(frame, spec))
    marked = mark_of(frame, GAPS_KEY, FoundGaps)
    if marked is not None and marked.key == key:
        return marked
    found = FoundGaps(key, *_gaps_and_x(frame, spec))
    with_mark(frame, GAPS_KEY, found)
    return found


def _ends(frame: pd.DataFrame, spec: ChartSpec) -> tuple:
    """The x of `frame`'s first and last row (none without an x column or rows)."""
    if not spec.x or spec.x not in frame.columns or frame.empty:
        return ()
    values = frame[spec.x]
    return values.iloc[0], values.iloc[-1]


def gaps_after(frame: pd.DataFrame, spec: ChartSpec) -> np.ndarray:
    """The rows of `frame` (sorted by x) after which its line breaks: each row whose next lies further
    than the chart's gap and than a pixel column of the chart's width from it (`_gaps_and_x`)."""
    return found_gaps(frame, spec).after


def _gaps_and_x(frame: pd.DataFrame, spec: ChartSpec) -> tuple[np.ndarray, np.ndarray, float, int]:
    """`gaps_after`'s rows, the rows' x as numbers (`_x_numbers`) they were found in, which the words
    measure the gaps by, the width of a pixel column on the x axis, and the power of ten x is drawn
    divided by (`FoundGaps`): a pass over every row. No x (empty) where none is read, and a column of 0
    where none is asked.

    A gap breaks the line where it is wider than the chart's gap and than a pixel column of its width
    too, its rows in two columns: a line thinned per pixel column (M4) keeps the last row of one and
    the first of the next, so that the thinned line breaks where the whole one does, and its words
    count the same gaps (a gap narrower than a column would draw no break anyone could see)."""
    none = np.zeros(0, dtype=np.int64)
    if spec.gap is None or len(frame) < 2:
        return none, np.zeros(0), 0.0, 0
    # Found in x as the chart draws it (`magnitude`): in units of a power of ten near the largest
    # double, counted from the least of whole numbers past 2**53, against the gap in the same units,
    # so that the words, over the values, count the breaks the drawing shows.
    units = drawn_units(spec, frame)
    if units.x_column or units.x_offset:
        spec, frame = in_drawn_units(spec, frame, units)
    x = _x_numbers(frame, spec)
    if x is None:
        return none, np.zeros(0), 0.0, 0
    finite = x[np.isfinite(x)]
    if not len(finite):
        return none, x, 0.0, units.x_column
    start = epoch_of(spec.xmin) if spec.xmin is not None else finite[0]
    end = epoch_of(spec.xmax) if spec.xmax is not None else finite[-1]
    scale = column_scale(start, end, pixel_columns(spec.width))
    if not scale:  # every row at one x: none apart
        return none, x, 0.0, units.x_column
    column = np.floor((x - start) * scale)
    width = 1.0 / scale
    with np.errstate(invalid="ignore"):  # rows without an x, last, compare as never apart
        apart = (_x_steps(frame, spec, x) > max(spec.gap.span, width)) & (column[1:] != column[:-1])
    return np.flatnonzero(apart), x, width, units.x_column


def _x_steps(frame: pd.DataFrame, spec: ChartSpec, x: np.ndarray) -> np.ndarray:
    """The distances between the rows' x, one a row after the first: of an x column of whole numbers,
    subtracted as whole numbers, where doubles round ids past 2**53 (2**53+1 and 2**53+3, 2 apart, are
    4 apart as doubles); else of `x`, the rows' x as numbers (`_x_numbers`)."""
    values = frame[spec.x] if spec.x else None
    whole_numbers = (values is not None and isinstance(values.dtype, np.dtype)
                     and np.issubdtype(values.dtype, np.signedinteger))
    if whole_numbers and len(values):
        whole = values.to_numpy()
        if int(whole.max()) - int(whole.min()) <= np.iinfo(np.int64).max:  # no step past int64
            return np.diff(whole).astype(np.float64)
    return np.diff(x)


def _x_numbers(frame: pd.DataFrame, spec: ChartSpec) -> np.ndarray | None:
    """The rows' x as `axis_numbers` counts them (epoch seconds for dates, a zone's moments in UTC,
    the rows' numbers without an x), or None for x of text."""
    if not spec.x:
        return np.arange(len(frame), dtype=np.float64)
    values = frame[spec.x]
    if isinstance(values.dtype, pd.DatetimeTZDtype):
        values = values.dt.tz_convert("UTC").dt.tz_localize(None)
    return axis_numbers(values.to_numpy())


def broken_at_gaps(frame: pd.DataFrame, spec: ChartSpec) -> pd.DataFrame:
    """`frame` with a row of no values after each row a gap follows (`gaps_after`): a line breaks
    there as at a missing value. A chart without a gap, or with none in its rows, as it is."""
    return broken_after(frame, gaps_after(frame, spec), spec)


def broken_after(frame: pd.DataFrame, after: np.ndarray, spec: ChartSpec) -> pd.DataFrame:
    """`frame` with a row of no values of the chart's y after each of its rows `after` (positions, in
    order): a line breaks there as at a missing value, at a gap (`broken_at_gaps`) or after an empty
    period of a resampled line (`line_kinds`). `frame` as it is where `after` is empty."""
    if not len(after):
        return frame
    # Each break repeats the x of the row before it, so that x stays in order, in its pixel column.
    order = np.insert(np.arange(len(frame)), after + 1, after)
    broken = frame.iloc[order].reset_index(drop=True)
    breaks = after + 1 + np.arange(len(after))
    for name in dict.fromkeys(spec.y):
        if name == spec.x:
            continue  # a y that is x keeps its values: it is drawn from x, which the break repeats
        values = broken[name].to_numpy(dtype=float, na_value=np.nan, copy=True)
        values[breaks] = np.nan
        broken[name] = values
    return broken


def gap_words(spec: ChartSpec, whole: pd.DataFrame, within: slice, x_at: Callable[[int], str]) -> list[str]:
    """What the chart's words say of its gaps: "the line breaks at 2 gaps of more than 3 days between
    its rows, the longest 9 days, from 2024-08-01 to 2024-08-10"; that it breaks at none where it
    joins every row. None said of a chart without a gap.

    `whole`: the rows the line is drawn from, the gaps found in them as the drawing finds them
    (`found_gaps`), of which the words count those between rows `within` the x bounds (positions of
    `whole`); `x_at` writes the x of a row at a position among those, as the rest of the words write x."""
    if spec.gap is None:
        return []
    found = found_gaps(whole, spec)
    start, stop = within.start or 0, len(whole) if within.stop is None else within.stop
    after = found.after[(found.after >= start) & (found.after + 1 < stop)] - start
    numbers = found.x[start:stop]
    shape = spec.kind  # a line or an area: the kinds that take a gap
    wider = f"of more than {_gap_text(spec.gap)}"
    column = found.in_values(found.column)
    if column > spec.gap.span:  # the words say what they count: the drawing shows no narrower gap
        wider += f" and a pixel column ({_distance_text(column, spec.gap.unit)})"
    if not len(after):
        return [f"the {shape} breaks at no gap {wider} between its rows"]
    widths = found.in_values(numbers[after + 1] - numbers[after])
    widest = int(after[np.argmax(widths)])
    ends = " to ".join(x_at(at) for at in (widest, widest + 1))
    count = f"1 gap {wider}" if len(after) == 1 else f"{len(after)} gaps {wider}"
    longest = "" if len(after) == 1 else " the longest"
    return [f"the {shape} breaks at {count} between its rows,{longest} "
            f"{_distance_text(float(widths.max()), spec.gap.unit)}, from {ends}"]


def _gap_text(gap: Gap) -> str:
    """A gap in words, as the chart gives it: "36 hours", "1 week", "2.5", in the fewest digits that read
    back as it and never with a power of ten (`shortest_said`: "0.000002", not "2e−06")."""
    said = shortest_said(gap.count)
    if gap.unit is None:
        return said
    return f"{said} {UNIT_NAMES[gap.unit]}{'' if said == '1' else 's'}"


def _distance_text(span: float, unit: str | None) -> str:
    """A distance on the x axis in words, its number as the rest of the words say one (`said_number`:
    "520.8 quadrillion", "0.000004", not "5.20833e+17"): a number over numbers; over dates, in the
    largest unit it holds at least one of ("9 days", "36 hours", "1.5 weeks" never: weeks only when whole)."""
    if unit is None:
        return said_number(span)
    for letter in ("w", "d", "h", "m", "s"):
        count = span / GAP_UNITS[letter]
        if count >= 1 and (letter != "w" or count.is_integer()):
            said = said_number(round(count, 1))
            return f"{said} {UNIT_NAMES[letter]}{'' if said == '1' else 's'}"
    return f"{said_number(span)} seconds"
