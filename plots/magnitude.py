"""Values near the largest double or nearest zero drawn in units of a power of ten, their ticks
labelled as the values.

matplotlib works out an axis in the data's own units: the span with its margins, the tick steps,
the scale from data to points. For values past about 1e300 the span with its margins is past the
largest double (1.8e308): it overflows to infinity, and the axis has no ticks and the plot no
marks. For values all nearer zero than about 2e-287 it takes the span for a point and widens it to
a made-up one around zero (ticks -0.04 to 0.04): a line is drawn flat at 0, bars and a histogram not at
all. Such an axis is drawn here with its values divided by 10**exponent, the power of ten nearest
zero that brings them within `MIN_DRAWN` to `MAX_DRAWN` (a negative one: multiplied), and its tick
labels and offset text ("1e308", "1e-300") are written for the values themselves, as
matplotlib writes them for values it can draw as they are.

An x column of whole numbers a few apart past 2**53, which doubles cannot tell apart, is drawn
counted from its least value (`exact_offset`), subtracted as integers, the offset text naming it, and
so is a line's or a scatter's value axis of such whole numbers, or of ones too close together to draw;
an x axis between whole-number bounds closer together than doubles draw right far from zero (1e15
to 1e15+30, its spine 7 pt from the plot's edge on a chart 2000 px wide) is drawn counted from its
xmin (`bounds_offset`), a histogram's values and bins with it.
"""
from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from .aggregates import EXACT_DOUBLE_INTEGERS
from .axis_offset import WholeOffsetFormatter, written_number
from .kind import kind_of
from .rows import as_drawn, bins_of, drawn_of, with_bins
from .spec import ChartSpec
from .spec_checks import one_column_on_both_axes, too_close
from .ticks import within_view

# Values whose largest magnitude lies between these are drawn as they are: their span with
# matplotlib's margins and its tick steps stay far from the largest double, and far above the
# magnitude under which matplotlib takes an axis for a point (a million times the smallest normal
# double over its tolerance, 1e-15: about 2.2e-287).
MAX_DRAWN = 1e300
MIN_DRAWN = 1e-280


@dataclass(frozen=True)
class DrawnUnits:
    """The powers of ten a chart's values are drawn divided by (0: drawn as they are; negative:
    multiplied, values nearest zero)."""

    values: int = 0  # the y columns' values (a histogram's bins) and their bounds
    x_column: int = 0  # the x column's values on a continuous x axis and xmin/xmax
    values_across: bool = False  # whether the values run along the x axis (barh, hist)
    # The whole number the x axis is drawn counted from: an integer x column's (`exact_offset`), or
    # whole-number x bounds' (`bounds_offset`), a histogram's values too.
    x_offset: int = 0
    # The whole number a line's or a scatter's value axis is drawn counted from: its integer y
    # columns' (`exact_offset`).
    y_offset: int = 0

    @property
    def scaled(self) -> bool:
        """Whether anything is drawn in other units than the values'."""
        return bool(self.values or self.x_column or self.x_offset or self.y_offset)

    def by_axis(self) -> tuple[int, int]:
        """The powers of ten along the figure's x axis and along its y axis."""
        return (self.values, self.x_column) if self.values_across else (self.x_column, self.values)


def drawn_units(spec: ChartSpec, data: pd.DataFrame) -> DrawnUnits:
    """The units `spec` over `data` (as `chart_frame` shaped it) is drawn in."""
    kind = kind_of(spec)
    if kind.values_on_x:
        # A histogram is drawn in the units of its bins' ends, whether a database chose them or not.
        bins = bins_of(data)
        values = drawn_exponent([bins[0], bins[-1]])
        return DrawnUnits(values=values, values_across=True, x_offset=0 if values else bounds_offset(spec))
    largest = [_largest(data[name]) for name in spec.y]
    if one_column_on_both_axes(spec, kind):
        # One column drawn along both axes is one column of the frame, divided once: both axes are
        # drawn in the one unit that suits either, and it is not counted from its least value,
        # which would move its values up the side as well.
        y_shown = _bounds(spec.ymin, spec.ymax) or largest
        x_shown = _bounds(spec.xmin, spec.xmax) or largest
        both = drawn_exponent([spec.ymin, spec.ymax, spec.xmin, spec.xmax, *largest], [*y_shown, *x_shown])
        return DrawnUnits(values=both, x_column=both)
    # A log scale places values near the largest double, and nearest zero, as it places any other.
    values = 0 if spec.yscale == "log" else drawn_exponent([spec.ymin, spec.ymax, *largest],
                                                            _bounds(spec.ymin, spec.ymax))
    x_column = x_offset = y_offset = 0
    if kind.x_axis == "x" and spec.x in data.columns:
        x_column = drawn_exponent([spec.xmin, spec.xmax, _largest(data[spec.x])], _bounds(spec.xmin, spec.xmax))
        if not kind.horizontal and not x_column:
            x_offset = bounds_offset(spec) or exact_offset(data[spec.x])
    if kind.x_axis == "x" and not kind.filled and not values and spec.yscale != "log":
        # An area fills from zero, which its axis keeps: its values are drawn as they are.
        y_offset = _values_offset(spec, data)
    return DrawnUnits(values=values, x_column=x_column, values_across=kind.horizontal, x_offset=x_offset,
                      y_offset=y_offset)


def _values_offset(spec: ChartSpec, data: pd.DataFrame) -> int:
    """The least of the values of `spec`'s y columns, all of integers past 2**53, where doubles cannot
    tell them apart (`exact_offset`) or draw them apart (`spec_checks.too_close`: 12000000000000001,
    …003 and …007 are three doubles, which matplotlib took for one value and drew an axis 1.14e16 to
    1.26e16 around), and the y bounds and ylines, if any, lie near enough to be counted from it; else 0:
    a yline at 0 widens the axis to it as ymin=0 does, drawn as it is."""
    names = list(dict.fromkeys(spec.y))
    if not names or not all(name in data.columns and pd.api.types.is_integer_dtype(data[name]) for name in names):
        return 0
    values = pd.concat([data[name].dropna().astype("int64") for name in names], ignore_index=True)
    if not len(values):
        return 0
    offset = exact_offset(values)
    least, most = int(values.min()), int(values.max())
    if not offset and max(-least, most) >= EXACT_DOUBLE_INTEGERS and least < most and too_close(least, most):
        offset = least
    if not offset:
        return 0
    bounds = [bound for bound in (spec.ymin, spec.ymax, *(line.value for line in spec.yline))
              if isinstance(bound, (int, float)) and math.isfinite(bound)]
    if any(abs(Fraction(bound) - offset) >= EXACT_DOUBLE_INTEGERS for bound in bounds):
        return 0
    return offset


def exact_offset(column: pd.Series) -> int:
    """The least value of an integer `column` whose whole numbers a double cannot tell apart (ids a
    few apart past 2**53, 9007199254740993 and 9007199254740995 both 9007199254740992.0 as
    doubles), where counted from it they are told apart; else 0, and the column is drawn as it is.

    matplotlib draws numbers as doubles: such ids stood on one vertical line, on an axis it widened
    by 5 % either side, as over one value."""
    if not pd.api.types.is_integer_dtype(column) or not len(column):
        return 0
    values = column.dropna().to_numpy()
    if not len(values):
        return 0
    least, most = int(values.min()), int(values.max())
    if max(-least, most) < EXACT_DOUBLE_INTEGERS or most - least >= EXACT_DOUBLE_INTEGERS:
        return 0
    distinct = np.unique(values)
    return least if len(np.unique(distinct.astype(float))) < len(distinct) else 0


def bounds_offset(spec: ChartSpec) -> int:
    """`spec`'s xmin where it and xmax are whole numbers closer together than a plot draws right
    (`spec_checks.too_close`, the bounds' rule of other numbers), else 0.

    Whole-number x bounds are taken however close, as ids past 2**53 are chosen by them; drawn as
    they are, matplotlib places them in doubles at their magnitude, and the axis, its ticks and the
    bars stood points from their places (xmin=1e15 and 30 more: 7 pt on a chart 2000 px wide)."""
    low, high = spec.xmin, spec.xmax
    if not all(isinstance(bound, (int, float)) and math.isfinite(bound) and float(bound).is_integer()
               for bound in (low, high)) or low >= high:
        return 0
    return int(low) if too_close(low, high) else 0


def _counted_from(column: pd.Series, offset: int) -> pd.Series:
    """`column` less `offset`: as integers, exactly, for an integer column that the offset fits
    beside; else as doubles, exact for those near it (the values a plot between the bounds shows)."""
    if pd.api.types.is_integer_dtype(column) and -2**63 <= offset < 2**63:
        return column - offset
    return column.astype(float) - float(offset)


def in_drawn_units(spec: ChartSpec, data: pd.DataFrame, units: DrawnUnits) -> tuple[ChartSpec, pd.DataFrame]:
    """`spec` and `data` with the values and bounds divided as `units` says."""
    if not units.scaled:
        return spec, data
    drawn = drawn_of(data)
    data = data.copy()
    if drawn is not None and drawn.bins is not None:
        # The y columns hold counts per bin; the values are the bins' edges.
        data = as_drawn(data, dataclasses.replace(drawn, bins=tuple(in_units(edge, units.values)
                                                                        for edge in drawn.bins)))
    elif units.values:
        counted_in_bins = kind_of(spec).values_on_x
        for name in dict.fromkeys(spec.y):
            # Integers never reach past MAX_DRAWN, but a histogram's bins count them in these units too.
            if _is_float(data[name]) or counted_in_bins:
                data[name] = in_units(data[name], units.values)
        if counted_in_bins:  # the bins that count the values, in the same units
            data = with_bins(data, [in_units(edge, units.values) for edge in bins_of(data)])
    if units.x_column and spec.x not in spec.y:  # else divided as a y column already
        data[spec.x] = in_units(data[spec.x], units.x_column)
    if units.x_offset and kind_of(spec).values_on_x:
        # A histogram's values and the edges of its bins, as the doubles they are counted as, less
        # the offset (exactly, near it): each value stays in its bin.
        if drawn is not None and drawn.bins is not None:
            data = as_drawn(data, dataclasses.replace(drawn, bins=tuple(edge - units.x_offset for edge in drawn.bins)))
        else:
            for name in dict.fromkeys(spec.y):
                data[name] = data[name].astype(float) - float(units.x_offset)
            data = with_bins(data, [edge - units.x_offset for edge in bins_of(data)])
    elif units.x_offset:  # as integers, exactly, then drawn as doubles that tell them apart
        data[spec.x] = _counted_from(data[spec.x], units.x_offset)
    if units.y_offset:
        for name in dict.fromkeys(spec.y):
            data[name] = _counted_from(data[name], units.y_offset)
    if kind_of(spec).values_on_x:
        exponents = {"xmin": units.values, "xmax": units.values}
    else:
        exponents = {"ymin": units.values, "ymax": units.values, "xmin": units.x_column, "xmax": units.x_column}
    bounds = {name: in_units(getattr(spec, name), exponent) for name, exponent in exponents.items()
              if exponent and isinstance(getattr(spec, name), (int, float))}
    if units.x_column and spec.gap is not None and not kind_of(spec).values_on_x:
        # A line's gap is a distance along x: in the units x is drawn in, as the rows' distances are.
        bounds["gap"] = dataclasses.replace(spec.gap, count=in_units(spec.gap.count, units.x_column))
    if units.x_offset:
        # As fractions, exactly: a double past 2**53 less the offset, as doubles, would round it first.
        bounds.update({name: float(Fraction(getattr(spec, name)) - units.x_offset) for name in ("xmin", "xmax")
                       if isinstance(getattr(spec, name), (int, float)) and math.isfinite(getattr(spec, name))})
    if units.y_offset:
        bounds.update({name: float(Fraction(getattr(spec, name)) - units.y_offset) for name in ("ymin", "ymax")
                       if isinstance(getattr(spec, name), (int, float)) and math.isfinite(getattr(spec, name))})
    return dataclasses.replace(spec, **bounds), data


def in_units(values, exponent: int):
    """`values` (a number, an array or a column) divided by 10**`exponent`: multiplied by
    10**-`exponent` where that is negative, which a double holds exactly up to 10**22 (no negative
    power of ten is exact)."""
    return values / 10.0**exponent if exponent >= 0 else values * 10.0**-exponent


def label_in_values(ax: Axes, units: DrawnUnits) -> None:
    """Make each scaled axis of `ax` label its ticks with the values, not the drawn numbers."""
    for axis, exponent in zip((ax.xaxis, ax.yaxis), units.by_axis()):
        if exponent and type(axis.get_major_formatter()) is WholeOffsetFormatter:
            axis.set_major_formatter(ScaledFormatter(exponent))
    if units.x_offset and type(ax.xaxis.get_major_formatter()) is WholeOffsetFormatter:
        ax.xaxis.set_major_formatter(CountedFormatter(units.x_offset))
    if units.y_offset and type(ax.yaxis.get_major_formatter()) is WholeOffsetFormatter:
        ax.yaxis.set_major_formatter(CountedFormatter(units.y_offset))


class CountedFormatter(WholeOffsetFormatter):
    """matplotlib's tick labels for an axis of whole numbers drawn counted from `offset`: the labels
    count from it, and the offset text names it whole ("+9007199254740993"), as matplotlib's offset
    text names the number an axis' labels are counted from, in all its digits. Its ticks are written
    without the `unit` of the values (`unit_ticks.label_with_unit`), as any ticks from an offset are;
    a line's label at a value writes it (`reference_lines.written_as_tick`)."""

    def __init__(self, offset: int):
        super().__init__(useOffset=False)
        self.counted_from = offset
        self.unit: str | None = None

    def get_offset(self) -> str:
        """The power of ten the labels leave out, if any, then the number they count from."""
        return self.fix_minus(super().get_offset() + ("+" if self.counted_from > 0 else "-")
                              + str(abs(self.counted_from)))


class ScaledFormatter(WholeOffsetFormatter):
    """matplotlib's tick labels for an axis whose values are drawn divided by 10**`exponent`.

    The labels are the drawn ticks divided by a power of ten chosen as matplotlib chooses it for
    the values themselves, and the offset text names that power of the values: ticks at
    1.5e299 drawn for 1.5e308 read "1.5" under an offset of "1e308", and ticks at 1.5e-280 drawn
    for 1.5e-300 read "1.5" under "1e-300". Ticks close together far from zero are labelled from
    an offset, as matplotlib labels any axis, written in the values' units: "1e298+1.7e308" over
    labels -2 to 2.
    """

    def __init__(self, exponent: int):
        super().__init__()
        self.exponent = exponent
        self._power = 0  # the power of ten the labels leave out, in the values' own units

    def set_locs(self, locs) -> None:
        """Choose the offset, then the power the labels leave out, then the labels' format."""
        super().set_locs(locs)  # for the offset (in the drawn units, as the ticks are)
        if not len(locs):
            self.offset = 0  # which matplotlib leaves as it was
        self._power = self._values_power(locs)
        # matplotlib divides every label by 10**n when its power limits are (n, n) with n != 0, and
        # when they are (0, 0) by the visible ticks' own power, which then is 0 here as well.
        drawn_power = self._power - self.exponent
        self.set_powerlimits((drawn_power, drawn_power))
        super().set_locs(locs)

    def get_offset(self) -> str:
        """The power of ten the labels leave out and the offset they are counted from, in the
        values' units as matplotlib writes them ("1e298+1.7e308"), if any."""
        power = f"1e{self._power}" if self._power else ""
        offset = ""
        if self.offset:
            offset = ("+" if self.offset > 0 else "") + _shifted(self.offset, self.exponent)
        return self.fix_minus(power + offset)

    def _values_power(self, locs) -> int:
        """The power of ten matplotlib would leave out of the labels of these ticks as values: that
        of the largest tick the axis shows (`within_view`: a bound scaled to be drawn may land a
        hair inside a tick at it), or with an offset that of the visible range."""
        if self.axis is None:
            lo, hi, shown = -math.inf, math.inf, list(locs)
        else:
            lo, hi = sorted(self.axis.get_view_interval())
            shown = [locs[i] for i in within_view(self.axis, np.asarray(locs, dtype=float))]
        visible = [abs(float(loc)) for loc in shown if loc != 0]
        if not visible:
            return 0
        largest = hi - lo if self.offset else max(visible)
        power = math.floor(math.log10(largest)) + self.exponent
        low, high = matplotlib.rcParams["axes.formatter.limits"]
        return power if power <= low or power >= high else 0


def _shifted(drawn: float, exponent: int) -> str:
    """`drawn` times 10**`exponent` in scientific notation, in every digit it needs ("1.7e308",
    "1.00000000001e308"), without multiplying, which could pass the largest double."""
    mantissa, _, power = written_number(drawn).partition("e")
    return f"{mantissa}e{int(power or 0) + exponent}"


def drawn_exponent(values: Iterable, shown: Iterable | None = None) -> int:
    """The power of ten values are drawn divided by: the one nearest zero that brings the largest
    finite magnitude of `values` (numbers; other bounds and None are skipped) within MIN_DRAWN to
    MAX_DRAWN. Negative for values all nearer zero than MIN_DRAWN; 0 for none or only zeros.

    `shown`, when given, are the axis' ends where they are not the values' own (both bounds set):
    the largest of them is brought to MIN_DRAWN or past instead, as long as no value then passes
    MAX_DRAWN (an axis from -1e-310 to 1e-310 over values of 1e-300 is drawn at -1 to 1 times 1e-280).
    """
    largest = _largest_magnitude(values)
    shown_largest = largest if shown is None else _largest_magnitude(shown)
    if largest > MAX_DRAWN:
        exponent = math.ceil(math.log10(largest / MAX_DRAWN))
    elif 0.0 < shown_largest < MIN_DRAWN:
        exponent = math.floor(math.log10(shown_largest / MIN_DRAWN))
        while in_units(shown_largest, exponent) < MIN_DRAWN:  # log10 may round up by one
            exponent -= 1
    else:
        return 0
    while in_units(largest, exponent) > MAX_DRAWN:  # log10 may round down by one
        exponent += 1
    return exponent


def _largest_magnitude(values: Iterable) -> float:
    """The largest finite magnitude among the numbers of `values` (0 for none)."""
    return max((abs(float(v)) for v in values if isinstance(v, (int, float)) and math.isfinite(v)), default=0.0)


def _bounds(low, high) -> list | None:
    """An axis' bounds `low` and `high` when both are set: then they are its ends, not the values'."""
    return [low, high] if low is not None and high is not None else None


def _largest(column: pd.Series) -> float | None:
    """The largest finite magnitude in a float column; None for other columns or none finite."""
    if not _is_float(column):
        return None
    values = column.to_numpy(dtype=float, na_value=np.nan)
    # Two passes at C speed over a million-point line (fmin and fmax skip NaN, and give NaN only
    # when every value is missing, without nanmin's warning); the finite values are picked out
    # only when an infinity (which a source database may hold) is among them.
    largest = max(-float(np.fmin.reduce(values)), float(np.fmax.reduce(values))) if len(values) else math.nan
    if math.isnan(largest):
        return None
    if math.isfinite(largest):
        return largest
    finite = values[np.isfinite(values)]
    return float(np.abs(finite).max()) if len(finite) else None


def _is_float(column: pd.Series) -> bool:
    # Only floats reach past MAX_DRAWN (integer columns hold at most 2**63) or come nearer zero than MIN_DRAWN.
    return pd.api.types.is_float_dtype(column)

