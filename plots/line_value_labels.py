"""A reference line's value as its label writes it where it has none: as the line's axis writes a number there,
its unit, its minus sign and its digits grouped or short as the axis' ticks are."""
from __future__ import annotations

import copy

from matplotlib.axis import Axis
from matplotlib.ticker import ScalarFormatter

from .magnitude import CountedFormatter
from .spec import format_value
from .unit_ticks import MINUS, UnitFormatter, with_unit
from .value_text import grouped_by_thousands


def written_as_tick(axis: Axis, at: float, value: float | int) -> str:
    """`value`, drawn at `at` on `axis`, as the axis writes a number there: in every digit of the value as
    its URL writes it (`1015.37`, `5.0055`, `1000005`, `9007199254740995`, `−1.5`; grouped by thousands where the
    axis' ticks are, `200,000` among `50,000` …, `_ticks_grouped`), where a tick's format
    keeps as many as the span needs (the lone tick's, matplotlib's default: `1015`), with the axis' unit and
    minus sign (`−2.5%`, `USD −0.5`), an amount grouped by thousands as an axis of amounts writes a plain one
    (`$1,000,000.3`, `$9,007,199,254,740,995`), or short where the axis' own ticks are written short, the value
    is a thousand or more and takes at most SHORT_DECIMALS decimals in their power (`$1.5k` among `$1.0k` …
    `$2.0k`, `$5` there, `$1,001,000` among `$1,000,000`, `$1,002,500` …). One of an exponent in its URL
    (`1e20`) is written as the offset text writes a number (`1e20`), with the unit beside it; on a log axis,
    as its ticks are."""
    power = _ticks_short_power(axis)
    formatter = copy.copy(axis.get_major_formatter())  # the axis' own keeps the ticks it writes
    formatter.axis = None
    formatter.create_dummy_axis()
    formatter.axis.set_view_interval(at, at)
    formatter.set_locs([at])
    if not isinstance(formatter, ScalarFormatter):
        return formatter(at)
    unit = formatter.unit if isinstance(formatter, (UnitFormatter, CountedFormatter)) else None
    # Short where the value alone would be (a thousand or more: `$5`, not `$0.005k`) and the axis' ticks are.
    short = formatter.written_short(at, power) if isinstance(formatter, UnitFormatter) and formatter.writes_short \
        and power else None
    if short is not None:
        return short
    digits = format_value(value)
    if "e" in digits:
        return with_unit(formatter.format_data(value), unit)
    digits = digits.replace("-", MINUS)
    grouped = unit not in (None, "%") or _ticks_grouped(axis)
    return with_unit(grouped_by_thousands(digits) if grouped else digits, unit)


def _ticks_grouped(axis: Axis) -> bool:
    """Whether a tick label of `axis` within its view is written with its digits grouped by thousands
    (`axis_offset.GROUPED_FROM_DIGITS`: `200,000` among `50,000` …), as a line's plain number is then."""
    formatter = axis.get_major_formatter()
    if not isinstance(formatter, ScalarFormatter):
        return False
    ticks = copy.copy(formatter)  # the axis' own keeps the ticks it writes
    locs = axis.get_major_locator()()
    ticks.set_locs(locs)
    low, high = sorted(float(end) for end in axis.get_view_interval())
    return any("," in ticks(loc) for loc in locs if low <= loc <= high)


def _ticks_short_power(axis: Axis) -> int | None:
    """The power of ten `axis`' ticks within its view are written short in (`UnitFormatter.short_power`),
    None where they are not."""
    formatter = axis.get_major_formatter()
    if not isinstance(formatter, UnitFormatter):
        return None
    ticks = copy.copy(formatter)  # the axis' own keeps the ticks it writes
    ticks.set_locs(axis.get_major_locator()())
    return ticks.short_power()
