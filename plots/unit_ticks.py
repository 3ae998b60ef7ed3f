"""The unit a column's name ends with in brackets (`share (%)`, `revenue ($)`, `price [€]`, `amount (USD)`),
and the value axis' tick labels written with it, `12.5%`, `$1.2k`, `−€300`, `$3B`, `USD 1.2k`, as the chart's
words say its values with it (`with_unit`: `12.5%`, `−$1234`, `USD −1234`).

A dataset's cells hold numbers alone (`12.5` for `12.5%`, the number of percent as written, not the
fraction `0.125`): its column's name is where the unit is said, and an axis of values of that unit
writes it beside each number, as a spreadsheet's number format does. Only a percent sign, a
currency sign and a currency's ISO 4217 code are read so (another unit of letters, `(kg)`, the axis title
says already); amounts are written short, in thousands (`k`), millions (`M`), billions (`B`) or trillions (`T`),
as finance tables write them, or as a plain number grouped by thousands (`$1,000,000.3`) where the short form
would need more than SHORT_DECIMALS decimals to tell the ticks apart. A code is written before the amount and
a space, its minus after it (`USD −300`), as a bank's statement writes it; a sign is written against the amount,
a minus before it (`−$300`).
"""
from __future__ import annotations

import math
import re
from collections.abc import Sequence

import pandas as pd
from matplotlib.axes import Axes

from .axis_offset import WholeOffsetFormatter
from .currency_codes import CURRENCY_CODES
from .kind import kind_of
from .magnitude import CountedFormatter
from .series_split import split_of
from .spec import ChartSpec, is_changed
from .value_text import grouped_by_thousands

MINUS = "\N{MINUS SIGN}"
# Currency signs in common use (Unicode's Sc characters), as a bank's or a spreadsheet's export writes them.
CURRENCY_SIGNS = "$\u00a2\u00a3\u00a5\u20ac\u20a9\u20aa\u20b9\u20ba\u20bd\u20b4\u20b1\u0e3f\u20a6\u20ab"
# A unit in round or square brackets at the end of a column's name, after a space or not: a sign, or three
# capital letters (a currency's code where CURRENCY_CODES holds them).
NAMED_UNIT = re.compile(rf"[(\[]\s*(?P<unit>%|[A-Z]{{0,2}}[{CURRENCY_SIGNS}]|[A-Z]{{3}})\s*[)\]]\s*$")
# Amounts written short from a thousand on: the power of ten and its letter.
SHORT_AMOUNTS = ((12, "T"), (9, "B"), (6, "M"), (3, "k"))
# Amounts from this on are past the last letter's thousands ("$1000T"): their ticks are labelled as any
# axis' are, under a power of ten, as a percent axis' are past matplotlib's limits.
SHORT_AMOUNTS_BELOW = 1e15
# The most decimals a tick written short takes ("$1.125M"): one that needs more ("$1.000020M") is written
# as a plain number grouped by thousands ("$1,000,020"), as a person writes an amount whose digits matter.
SHORT_DECIMALS = 3
# The most decimals a tick takes: ticks that need more to be told apart ("$0.0000001" and "$0.0000002",
# both "$0.000000" to 6) are labelled as any axis' are, under a power of ten.
MOST_DECIMALS = 6


def named_unit(column: str) -> str | None:
    """The percent or currency sign or currency code a column's name ends with in brackets (`%` of
    `share (%)`, `$` of `revenue ($)`, `US$` of `price [US$]`, `USD` of `amount (USD)`), or None."""
    match = NAMED_UNIT.search(column)
    if match is None or (match["unit"].isalpha() and match["unit"] not in CURRENCY_CODES):
        return None
    return match["unit"]


def is_code(unit: str) -> bool:
    """Whether `unit` (`named_unit`) is a currency's code, written apart from the amount (`USD 12`)."""
    return unit in CURRENCY_CODES


def values_unit(spec: ChartSpec, data: pd.DataFrame) -> str | None:
    """The unit every value a chart of `data` (as `chart_frame` shaped it) draws is in, each series' by
    `series_unit`: None where they differ or one has none."""
    units = {series_unit(spec, data, column) for column in spec.y}
    return units.pop() if len(units) == 1 else None


def series_unit(spec: ChartSpec, data: pd.DataFrame, column: str) -> str | None:
    """The unit of the values a chart of `data` (as `chart_frame` shaped it) draws of its series `column`, by
    the column's name (`named_unit`), a split chart's by the name of the column it splits, whose values its
    series are (`series_split`), not by theirs: none of counts (`agg=count`); `%` of percent changes
    (`change=percent`). The value axis, the words and a page's table all ask it."""
    if is_changed(spec):  # each a percent change (`percent_change`), whatever the values were in
        return "%"
    return unit_before_change(spec, data, column)


def unit_before_change(spec: ChartSpec, data: pd.DataFrame, column: str) -> str | None:
    """The unit of the values of the series `column` of a chart of `data` before any percent change takes
    them as a percent (`series_unit`), as a base a percent change refuses is said in."""
    if spec.agg == "count":
        return None
    split = split_of(data)
    return named_unit(split.measure if split is not None else column)


def axis_unit(spec: ChartSpec, data: pd.DataFrame) -> str | None:
    """The unit of the values the value axis of a chart of `data` spans (`values_unit`), but none of a stack of
    shares (`stack=percent` of more than one series), whose axis spans percent of each total, titled so, not
    the values' amounts: its ticks, bounds and lines are written as numbers, as those of any axis of shares."""
    split = split_of(data)
    if spec.stack == "percent" and (len(split.drawn) if split is not None else len(spec.y)) > 1:
        return None
    return values_unit(spec, data)


def with_unit(said: str, unit: str | None) -> str:
    """A value as the chart's words say it (`said_values`) with its unit: `12.5%`, `−$1234`, `USD −1234`;
    "none", "" and a value of no unit as they are."""
    if unit is None or said in ("none", ""):
        return said
    if unit == "%":
        return f"{said}%"
    if is_code(unit):
        return f"{unit} {said}"
    return f"{MINUS}{unit}{said[1:]}" if said.startswith(MINUS) else f"{unit}{said}"


def label_with_unit(ax: Axes, spec: ChartSpec, data: pd.DataFrame) -> None:
    """Make the value axis of `ax` write the unit of the values of `data` it spans (`axis_unit`) beside each
    tick label, where it labels numbers on a linear scale from no offset."""
    unit = axis_unit(spec, data)
    if unit is None or spec.yscale != "linear":
        return
    kind = kind_of(spec)
    axis = ax.xaxis if kind.values_on_x or kind.horizontal else ax.yaxis
    formatter = axis.get_major_formatter()
    if type(formatter) is WholeOffsetFormatter:
        axis.set_major_formatter(UnitFormatter(unit))
    elif isinstance(formatter, CountedFormatter):  # ticks from an offset, a line's label at a value with its unit
        formatter.unit = unit


class UnitFormatter(WholeOffsetFormatter):
    """Tick labels of values in `unit`: a percent sign after the number (`12.5%`), a currency sign before
    it, amounts from a thousand on written short (`$1.2k`, `$3B`, `$1.5T`) or, where that would take more
    than SHORT_DECIMALS decimals, as a plain number grouped by thousands (`$1,000,020`), a minus before the
    sign (`−$5`); a currency's code before it and a space, a minus after them (`USD 1.2k`, `USD −5`). Where
    the ticks need an offset or a power of ten to tell them apart, they are labelled as any axis is."""

    def __init__(self, unit: str):
        super().__init__()
        self.unit = unit
        self._written: tuple[int, str, int] | None = None  # the power, its letter and the decimals

    def set_locs(self, locs) -> None:
        """Choose how the ticks are written: from matplotlib's offset and power, else with the unit."""
        super().set_locs(locs)
        self._written = None
        shown = self._shown(locs)
        if self.offset or (self._orderOfMagnitude and self.unit == "%") or not shown:
            return
        if self.unit != "%" and max(abs(value) for value in shown) >= SHORT_AMOUNTS_BELOW:
            return
        self._written = written_ticks(shown, self.unit != "%")

    @property
    def writes_short(self) -> bool:
        """Whether the ticks are written short, with a letter (`$1.5k`), not as plain numbers (`$1,500.25`)."""
        return self._written is not None and bool(self._written[1])

    def short_power(self) -> int | None:
        """The power of ten the ticks are written short in (3 for `$1.5k`), None where they are not short."""
        return self._written[0] if self.writes_short else None

    def written_short(self, x: float, power: int) -> str | None:
        """`x` written short in `power` (`SHORT_AMOUNTS`) with the unit, in the fewest decimals that write it
        as itself (`$1.001M`), as ticks so written would write it; None where that takes more than
        SHORT_DECIMALS."""
        decimals = _decimals([float(x) / 10**power])
        if decimals is None or decimals > SHORT_DECIMALS:
            return None
        kept = self._written
        self._written = power, dict(SHORT_AMOUNTS)[power], decimals
        try:
            return self(x)
        finally:
            self._written = kept

    def _shown(self, locs) -> list[float]:
        if self.axis is None:
            return [float(loc) for loc in locs]
        low, high = sorted(float(end) for end in self.axis.get_view_interval())
        return [float(loc) for loc in locs if low <= loc <= high]

    def get_offset(self) -> str:
        """No offset where the labels are written with the unit."""
        return "" if self._written is not None else super().get_offset()

    def __call__(self, x, pos=None) -> str:
        """The tick at `x` with its unit (`$1.2k`), or as any axis labels it where that needs an offset."""
        if self._written is None:
            return super().__call__(x, pos)
        power, letter, decimals = self._written
        number = f"{abs(float(x)) / 10**power:.{decimals}f}"
        if float(number) == 0:
            return with_unit("0", self.unit)
        sign = MINUS if x < 0 else ""
        if self.unit == "%":
            return f"{sign}{number}%"
        return with_unit(f"{sign}{number}{letter}" if letter else grouped_by_thousands(f"{sign}{number}"), self.unit)


def written_ticks(shown: Sequence[float], short: bool) -> tuple[int, str, int] | None:
    """How ticks at `shown` are written with a unit: the power of ten they are written in, its letter
    (`SHORT_AMOUNTS`, where `short` and the largest is a thousand or more; "" and 0 for plain numbers) and
    their decimals. Written short where SHORT_DECIMALS decimals or fewer tell each tick as itself
    ("$1.125M"), else plain ("$1,000,020", "$1,000,000.3"); None where even MOST_DECIMALS do not."""
    largest = max(abs(value) for value in shown)
    if short:
        for power, letter in SHORT_AMOUNTS:
            if largest >= 10**power:
                decimals = _decimals([value / 10**power for value in shown])
                if decimals is not None and decimals <= SHORT_DECIMALS:
                    return power, letter, decimals
                break
    decimals = _decimals(shown)
    return None if decimals is None else (0, "", decimals)


def _decimals(values: Sequence[float]) -> int | None:
    """The fewest decimals that write each of `values` (ticks, in the units written) as itself, up to
    MOST_DECIMALS; None where more are needed."""
    for decimals in range(MOST_DECIMALS + 1):
        if all(math.isclose(round(value, decimals), value, rel_tol=1e-9, abs_tol=1e-12) for value in values):
            return decimals
    return None
