"""Reference lines (`yline=100:Target`, `xline=2024-03-01:Launch`): a target or threshold across the
plot at a value of its value axis, or a marked date or number along its x axis, drawn as a thin dashed
line in the theme's ink, labelled at its end inside the plot, and said in the alt text.

A line is written as its value, or its value, a colon and a label: the label follows the last colon
not written `\\:` (a label's own colon), and a value that reads whole, a date and time with its own
colons, has none. Up to `MOST_LINES` of each; `none` undoes a dashboard chart's.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from .aggregates import EXACT_DOUBLE_INTEGERS, INT64
from .axis_limits import CALENDAR
from .field_values import MAX_BOUND, check_text, naive_utc
from .iso_dates import read_moment
from .kind import Kind, kind_of
from .kind_fields import kinds_taking, takes
from .line_labels import LineLabel, value_forms
from .line_value_labels import written_as_tick
from .magnitude import DrawnUnits, in_units
from .spec import LINE_FIELDS, NONE_WORD, NUMERIC_TYPES, ChartSpec, SpecError, format_value, or_list
from .said_values import ends_told_apart, value_said
from .spec_checks import WHOLE
from .text import line_feeds, quoted, shown_value
from .unit_ticks import MINUS, axis_unit, with_unit

MOST_LINES = 5
NO_LINES = NONE_WORD
YLINE_TAKES = (f"a number, or a number, a colon and a label (yline=100, yline=100:Target; a colon in a label is "
               f"written \\:, a backslash \\\\), at most {MOST_LINES}; none draws no line")
XLINE_TAKES = (f"a date where x holds dates, a number where it holds numbers, either followed by a colon and a "
               f"label (xline=2024-03-01:Launch, xline=2.5; a colon in a label is written \\:), at most "
               f"{MOST_LINES}; none draws no line")
LINE_WIDTH = 1.0  # points: thinner than a series' line


@dataclass(frozen=True)
class RefLine:
    """A reference line: where it stands on its axis, and its label ("" for none)."""

    value: float | int | datetime  # an int: a whole number past the integers a double holds (`_number`)
    label: str = ""

    def __str__(self) -> str:
        """As a URL writes it: 100, 100:Target, 2024-03-01:Launch."""
        label = self.label.replace("\\", "\\\\").replace(":", "\\:")
        return self.said + (f":{label}" if label else "")

    @property
    def said(self) -> str:
        """The value as the URL writes it, and a date as the words and an unlabelled line's label do."""
        if isinstance(self.value, datetime):
            moment = self.value
            return moment.date().isoformat() if moment == datetime(moment.year, moment.month, moment.day) \
                else moment.isoformat(timespec="minutes" if not moment.second else "seconds")
        return format_value(self.value)


def _split(line: str) -> tuple[str, str | None]:
    """`line` as its value's text and its label, split at the last colon not escaped (None: no colon)."""
    at, index = None, 0
    while index < len(line):
        if line[index] == "\\":
            index += 2
            continue
        if line[index] == ":":
            at = index
        index += 1
    if at is None:
        return line, None
    label, out, index = line[at + 1:], [], 0
    while index < len(label):  # \: and \\ as the characters they escape
        if label[index] == "\\" and index + 1 < len(label) and label[index + 1] in ":\\":
            index += 1
        out.append(label[index])
        index += 1
    return line[:at], "".join(out)


def line_texts(name: str, values: Sequence[str], max_label: int) -> tuple[str, ...] | None:
    """The lines `values` give field `name` (several a value too, one a line, as a chart's links write
    them: a CRLF or lone CR too, as a form's textarea and its hidden fields send a line break),
    checked for their count and labels; None for `none`. Raises SpecError."""
    lines = [line for value in values for line in line_feeds(value).split("\n") if line.strip()]
    if any(line.strip().lower() == NO_LINES for line in lines):
        if len(lines) > 1:
            raise SpecError(f"{name}=none draws no line and cannot stand beside another {name}", name)
        return None
    if len(lines) > MOST_LINES:
        raise SpecError(f"{name} takes at most {MOST_LINES} lines, got {len(lines)}", name)
    for line in lines:
        label = _split(line)[1]
        if label:
            try:
                check_text(f"{name}'s label", label, max_label)
            except SpecError as refusal:  # the parameter refused is the field, as a form marks it
                raise SpecError(refusal.message, name) from None
    return tuple(lines)


def _read_one(name: str, line: str, read: Callable[[str], float | datetime], takes: str) -> RefLine:
    """One line of `name` read by `read` (which raises ValueError): whole where it reads whole."""
    try:
        return RefLine(read(line.strip()))
    except ValueError:
        pass
    text, label = _split(line)
    try:
        value = read(text.strip())
    except ValueError:
        first, colon, rest = line.partition(":")
        hint = ""
        if colon and ":" in rest:
            try:
                read(first.strip())
                hint = f" (a colon in a label is written \\:, {name}={first}:{rest.replace(':', chr(92) + ':')})"
            except ValueError:
                pass
        raise SpecError(f"{name} must be {takes}; got {quoted(line)}{hint}", name) from None
    return RefLine(value, (label or "").strip())


def _number(text: str) -> float | int:
    """The number `text` writes; a whole number in plain digits past the integers a double holds one by one,
    as an integer column holds one (within INT64), as the int it is (9007199254740995, which a double rounds
    to 9007199254740996), drawn and said as it. Past them a column's numbers are doubles, and so is a line's."""
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(text)
    if WHOLE.fullmatch(text) and EXACT_DOUBLE_INTEGERS <= abs(value):
        whole = int(text)
        if INT64[0] <= whole <= INT64[1]:
            return whole
    return value


def _within_bounds(name: str, lines: tuple[RefLine, ...]) -> tuple[RefLine, ...]:
    """`lines`, each number of which is no further from 0 than a bound may be (`MAX_BOUND`); raises SpecError."""
    for line in lines:
        if isinstance(line.value, (float, int)) and abs(line.value) > MAX_BOUND:
            raise SpecError(f"{name} must be a finite number between -{MAX_BOUND:g} and {MAX_BOUND:g}, got "
                            f"{name}={line}".replace("e+", "e"), name)
    return lines


def read_ylines(lines: Sequence[str] | None) -> tuple[RefLine, ...]:
    """The ylines the texts of `line_texts` write; raises SpecError."""
    return _within_bounds("yline", tuple(_read_one("yline", line, _number, YLINE_TAKES) for line in lines or ()))


def read_xlines(lines: Sequence[str | RefLine], x_type: str | None) -> tuple[RefLine, ...]:
    """The xlines the texts write, a date where x holds dates (`x_type`), else a number; read ones
    (a base's) kept. Raises SpecError."""
    if x_type == "datetime":
        def read(text: str) -> datetime:
            return naive_utc("xline", text, read_moment(text))
        takes = "a date like 2024-03-01 where x holds dates, or a date, a colon and a label (xline=2024-03-01:Launch)"
    else:
        read, takes = _number, "a number where x holds numbers, or a number, a colon and a label (xline=2.5:Start)"
    return _within_bounds("xline", tuple(line if isinstance(line, RefLine) else _read_one("xline", line, read, takes)
                                         for line in lines))


def lines_refused(spec: ChartSpec, kind: Kind, columns: Mapping[str, str], inherited: frozenset) -> SpecError | None:
    """The error for a line the chart cannot draw, None where it can: an xline off an axis of dates or
    numbers (`xlines_placeless`), a date over numbers or a number over dates, a yline at or below 0 on a
    log scale or past 0 to 100 on a percent stack. `inherited`: the fields that are the dashboard chart's."""
    def undo(name: str) -> str:
        return f"; the line is the dashboard chart's: {name}=none undoes it" if name in inherited else ""

    if spec.xline:
        refused = xlines_placeless(spec, kind, columns, undo("xline"))
        if refused is not None:
            return refused
        x_type = columns.get(spec.x) if spec.x else "integer"
        for line in spec.xline:
            if isinstance(line.value, datetime) != (x_type == "datetime"):
                holds = "dates" if x_type == "datetime" else "numbers"
                return SpecError(f"xline={line} does not fit x={quoted(spec.x or 'the row number')}, which holds "
                                 f"{holds}: give {'a date' if holds == 'dates' else 'a number'}{undo('xline')}",
                                 "xline")
    for line in spec.yline:
        if spec.yscale == "log" and line.value <= 0:
            return SpecError(f"yline must be above 0 with yscale=log, which holds no value at or below 0, got "
                             f"yline={line}{undo('yline')}", "yline")
        if spec.stack == "percent" and not 0 <= line.value <= 100:
            return SpecError(f"yline must be from 0 to 100 with stack=percent, whose value axis is percent of each "
                             f"total, got yline={line}{undo('yline')}", "yline")
    return None


def xlines_placeless(spec: ChartSpec, kind: Kind, columns: Mapping[str, str], undo: str = "") -> SpecError | None:
    """The error for any xline on a chart of `kind` over `spec.x` (none: the rows' numbers) of the dataset's
    `columns`, whatever the line says: its x axis holds categories, bins or series, or x holds text (`undo`:
    how to undo a dashboard chart's line, ended with). None where a line of x's type has a place."""
    if not takes(kind, "xline"):
        taking = kinds_taking("xline")
        holds = {"categories": "categories", "values": "bins of the values", "series": "the series"}[kind.x_axis]
        return SpecError(f"xline does not apply to kind={spec.kind}, whose x axis holds {holds}; it applies to "
                         f"{or_list(taking)}{undo}", "xline")
    x_type = columns.get(spec.x) if spec.x else "integer"
    if x_type not in NUMERIC_TYPES and x_type != "datetime":
        return SpecError(f"xline does not apply to x={quoted(spec.x)}, which holds text: choose a number or date "
                         f"column as x{undo}", "xline")
    return None


def _drawn(ax: Axes, line: RefLine, units: DrawnUnits, across_x: bool) -> float:
    """Where `line` stands on its axis, in the units the axis is drawn in."""
    if isinstance(line.value, datetime):
        return float(ax.xaxis.convert_units(np.datetime64(line.value, "us")))
    if across_x:  # an xline: the x column's units, counted from its offset
        if isinstance(line.value, int) and not units.x_column:  # counted as integers, exactly
            return float(line.value - units.x_offset)
        return float(in_units(line.value, units.x_column)) - units.x_offset
    if units.y_offset:  # counted exactly, as the values are
        return float(Fraction(line.value) - units.y_offset)
    return float(in_units(line.value, units.values))


def lines_beyond(spec: ChartSpec, name: str = "yline",
                 written: Callable[[float | datetime, RefLine], str] = lambda value, line: RefLine(value).said,
                 ) -> dict[RefLine, str]:
    """The lines of field `name` that the bounds of their axis leave out of the plot, each with where it
    lies ("above ymax 120", "after xmax 2024-06-01"), the bound as `written` writes it beside the line."""
    low, high = (spec.ymin, spec.ymax) if name == "yline" else (spec.xmin, spec.xmax)
    axis = name[0]
    under, over = ("before", "after") if any(isinstance(end, datetime) for end in (low, high)) else ("below", "above")
    beyond = {}
    for line in getattr(spec, name):
        if high is not None and line.value > high:
            beyond[line] = f"{over} {axis}max {written(high, line)}"
        elif low is not None and line.value < low:
            beyond[line] = f"{under} {axis}min {written(low, line)}"
    return beyond


def widen_for_lines(ax: Axes, spec: ChartSpec, units: DrawnUnits, horizontal: bool) -> None:
    """Widen the value axis to hold each yline, and the x axis each xline, at an end no bound fixes (after
    the axes' limits are set), by a margin past the line: 5 % of the axis for a value axis, 2 % for x."""
    for name, fixed, across in (("yline", (spec.ymin, spec.ymax), horizontal), ("xline", (spec.xmin, spec.xmax), True)):
        beyond = lines_beyond(spec, name)
        drawn = [_drawn(ax, line, units, name == "xline") for line in getattr(spec, name) if line not in beyond]
        if not drawn:
            continue
        get, set_ = (ax.get_xlim, ax.set_xlim) if across else (ax.get_ylim, ax.set_ylim)
        low, high = get()
        new_low = low if fixed[0] is not None else min(low, *drawn)
        new_high = high if fixed[1] is not None else max(high, *drawn)
        if (new_low, new_high) == (low, high):
            continue
        log = name == "yline" and spec.yscale == "log"
        ends = np.log10([new_low, new_high]) if log else np.array([new_low, new_high])
        pad = (ends[1] - ends[0]) * (0.05 if name == "yline" else 0.02)
        ends = [ends[0] - pad if new_low != low else ends[0], ends[1] + pad if new_high != high else ends[1]]
        ends = 10.0 ** np.array(ends) if log else ends
        if name == "xline" and any(isinstance(line.value, datetime) for line in spec.xline):
            ends = [max(ends[0], CALENDAR[0]), min(ends[1], CALENDAR[1])]  # the dates matplotlib draws
        set_(*ends)


def draw_lines(ax: Axes, spec: ChartSpec, units: DrawnUnits, horizontal: bool, ink: str, paper: str) -> None:
    """Draw each yline across the plot and each xline up it, dashed in `ink`, labelled at its end
    inside the plot (a yline at the right, an xline at the top), an unlabelled one with its value as
    its axis writes one (`written_as_tick`: after the axes' formatters are set); those beyond the axis
    are left out. Over a kind's filled marks (bars, boxes, an area) a label stands in a box of `paper`,
    the plot's background: a line's or a scatter's are drawn on the plot as they were."""
    value_x = horizontal  # a barh's value axis runs across
    kind = kind_of(spec)
    backing = paper if kind.x_axis != "x" or kind.filled else None
    placed = [(line, False) for line in spec.yline if line not in lines_beyond(spec)]
    placed += [(line, True) for line in spec.xline if line not in lines_beyond(spec, "xline")]
    labels: list[LineLabel] = []  # placed apart and inside the plot as they are drawn (`line_labels`)
    for line, is_x in placed:
        at = _drawn(ax, line, units, is_x)
        across = is_x != value_x  # a vertical line: an xline, or a barh's yline
        low, high = sorted(ax.get_xlim() if across else ax.get_ylim())
        if not low <= at <= high:
            continue
        draw = ax.axvline if across else ax.axhline
        draw(at, color=ink, linewidth=LINE_WIDTH, linestyle=(0, (4, 3)), zorder=1.5)
        axis = ax.xaxis if across else ax.yaxis
        label = line.label or (line.said if isinstance(line.value, datetime) else written_as_tick(axis, at, line.value))
        forms = None if line.label else value_forms(line.value, label, getattr(axis.get_major_formatter(), "unit", None))
        ax.add_artist(LineLabel(ax, at, label, across, ink, labels, backing, forms))


def line_words(spec: ChartSpec, data: pd.DataFrame, x_at: Callable[[int], str], uses_x: bool) -> list[str]:
    """What the alt text says of the lines: "A line marks Target at 100; the series is above it from
    2024-03" (where each series ends up beside it, from the x its last run starts), "A line marks
    Launch at day 2024-03-01", and a line its axis' bounds leave out, "not drawn". A line's value is said
    in every digit its URL gives (`line_said`), and so is a bound it lies beyond ("9007199254740994 lies
    below ymin 9007199254740996"); one of an exponent (`1e20`), and its bound, as the words say a value of
    their axis (`said_values.value_said`). A yline's with the unit of the values its axis spans
    (`unit_ticks.axis_unit`: "A line marks Target at $100")."""
    words = []
    axis_units = {"yline": None if kind_of(spec).values_on_x else axis_unit(spec, data), "xline": None}
    for name in LINE_FIELDS:
        def written(value: float | datetime, line: RefLine, unit: str | None = axis_units[name]) -> str:
            if isinstance(value, datetime) or "e" not in format_value(line.value):
                return line_said(value, unit)  # in digits beside a line said in digits
            # To the place that tells the bound from the line: "ymax 12.000000000000006 quintillion" below
            # 1.2000000000000008e19, not "12 quintillion", which reads as a line beyond a bound it equals.
            return with_unit(ends_told_apart(float(value), float(line.value))[0], unit)

        beyond = lines_beyond(spec, name, written)
        at = f"{shown_value(spec.x)} " if name == "xline" and spec.x else ""
        for line in getattr(spec, name):
            value = line_said(line.value, axis_units[name])
            said = f"{line.label} at {at}{value}" if line.label else f"{at}{value}"
            if line in beyond:
                words.append(f"A line marking {said} lies {beyond[line]} and is not drawn")
                continue
            sides = _sides(spec, data, line.value, x_at) if name == "yline" and uses_x and len(data) else []
            words.append(f"A line marks {said}" + (f"; {', '.join(sides)}" if sides else ""))
    return words


def line_said(value: float | int | datetime, unit: str | None) -> str:
    """A line's value as the words say it, in every digit its URL gives ("1015.37", "9007199254740995", "−2.5"),
    with the `unit` of its axis ("$1000000.3"), where its label may write it short ("$1500", labelled `$1.5k`:
    `written_as_tick`); a date as its label writes it; one of an exponent in its URL (`1e20`) as the words say
    any value ("100 quintillion"), whose powers of ten a screen reader would spell out."""
    if isinstance(value, datetime):
        return RefLine(value).said
    digits = format_value(value)
    if "e" in digits:
        return with_unit(value_said(float(value)), unit)
    return with_unit(digits.replace("-", MINUS), unit)


def _sides(spec: ChartSpec, data: pd.DataFrame, level: float, x_at: Callable[[int], str]) -> list[str]:
    """For each series (up to MOST_LINES), whether it ends above or at or below `level`, and from
    which x that last run starts ("throughout" where all its values do)."""
    names = list(dict.fromkeys(spec.y))
    said = []
    for name in names[:MOST_LINES]:
        values = data[name].to_numpy(dtype=float, na_value=np.nan)
        rows = np.flatnonzero(~np.isnan(values))
        if not len(rows):
            continue
        above = values[rows] > level
        last = above[-1]
        changes = np.flatnonzero(above != last)
        start = "throughout" if not len(changes) else f"from {x_at(int(rows[changes[-1] + 1]))}"
        who = "the series" if len(names) == 1 else shown_value(name)
        said.append(f"{who} is {'above' if last else 'at or below'} it {start}")
    return said
