"""The offset an axis' tick labels are counted from, written in every digit it needs.

matplotlib writes an axis' offset to 11 significant digits: an axis from 1 to 1.00000000001 was
labelled −1.0 to 0.0 under the offset "1e−11+1", values below 1, its offset 1.00000000001 cut to
"1". Here the offset is a number written in as few digits as name it (`offset_near`), and the
labels are counted from that number itself, so that the offset text and a label together name the
tick's value. Where matplotlib's offset needed that (cut, or a double's step or two from the number
it means), the labels count up from the lowest tick shown, as a reader counts up an axis: "0.0" to
"1.0" under "1e−11+1", where matplotlib counts down from near the top ("−1.0" to "0.0" under
"1e−11+1.00000000001"); an offset matplotlib writes whole is left as it counts. Labels that need
no more than WHOLE_DIGITS significant digits are written whole, with no offset at all.
"""
from __future__ import annotations

import math
from decimal import Decimal

import numpy as np
from matplotlib.ticker import ScalarFormatter

from .value_text import PLAIN_DIGITS, grouped_by_thousands

# How far, as a part of the axis' span, an offset may move from where matplotlib puts it to a
# number written in fewer digits: far below the last digit its tick labels show (a thousandth of
# the span at least), so that they read as matplotlib's would.
OFFSET_SLACK = 1e-6
# matplotlib finds an offset as a whole number times a power of ten, a few of a double's steps from
# the number it means: 1000000.0000000001 for 10**16 times 10**-10.
OFFSET_STEPS = 2
# Tick labels are written whole, with no offset, where none needs more significant digits than this
# ("20.00125" to "20.00325", not "0.00125" to "0.00325" under "+2e1"): a reader reads the value at a
# tick, not a number to add to another. Past it an offset is read more easily than the digits.
WHOLE_DIGITS = 8
# Tick labels are grouped by thousands ("200,000", and "5,000" beside it), as the words and a page's table
# write counts, where one of an axis' labels runs to this many whole digits: four ("2010", "5000") read at a
# glance, and an axis of years stays as the years are written.
GROUPED_FROM_DIGITS = 5
# An offset text writes a number this large or larger, or of a size below 1, as matplotlib writes a
# tick label past its power limits ("1e6"); one between whole ("+20", "+1000", not "+2e1", "+1e3").
WHOLE_OFFSET_BELOW = 1e6


class WholeOffsetFormatter(ScalarFormatter):
    """matplotlib's tick labels for an axis of numbers, written whole where few digits tell them apart
    ("20.00125", not "0.00125" under "+2e1": `set_locs`), else counted from an offset written whole, the
    offset a number as few digits write (`offset_near`): up from the lowest tick shown where
    matplotlib's offset was cut or a double's step off ("0.0" to "1.0" under "1e−11+1")."""

    _counted_slack = 0.0  # how far from the offset a tick labelled 0 may be, where the offset is ours
    _grouped = False  # whether the labels' digits are grouped by thousands (`_grouped_where_long`)

    def set_locs(self, locs) -> None:
        """matplotlib's labels of the ticks at `locs`, but written whole, with no offset, where none then
        needs a power of ten or more than WHOLE_DIGITS significant digits (`_labels_whole_where_short`),
        their digits grouped by thousands where one runs to GROUPED_FROM_DIGITS (`_grouped_where_long`)."""
        self._grouped = False
        super().set_locs(locs)
        if self._useOffset and self.offset and self.axis is not None:
            self._labels_whole_where_short()
        self._grouped = self._grouped_where_long()

    def _grouped_where_long(self) -> bool:
        """Whether a label of a tick within view, as matplotlib writes it, is a plain number of at least
        GROUPED_FROM_DIGITS whole digits ("200000"): 200000 read as 20,000 or 2,000,000 at a glance. A y
        axis' only: an x axis of numbers, ids or a count of rows, is written as its values are."""
        if self.axis is not None and getattr(self.axis, "axis_name", "y") != "y":
            return False
        if self.axis is None:
            shown = [float(loc) for loc in self._locs]
        else:
            low, high = sorted(float(end) for end in self.axis.get_view_interval())
            shown = [float(loc) for loc in self._locs if low <= loc <= high]
        for loc in shown:
            plain = PLAIN_DIGITS.fullmatch(self.fix_minus(ScalarFormatter.__call__(self, loc)))
            if plain is not None and len(plain["whole"]) >= GROUPED_FROM_DIGITS:
                return True
        return False

    def _labels_whole_where_short(self) -> None:
        """Drop the offset where the labels written whole, without a power of ten, need at most
        WHOLE_DIGITS significant digits each; else keep it, and the labels counted from it."""
        kept = self.offset, self._orderOfMagnitude, self._format, self._counted_slack
        self.offset, self._counted_slack = 0, 0.0
        self._set_order_of_magnitude()
        self._set_format()
        low, high = sorted(float(end) for end in self.axis.get_view_interval())
        shown = [float(loc) for loc in self._locs if low <= loc <= high]
        # matplotlib's label of each (a subclass' own may add a unit to it).
        digits = max((_significant_digits(ScalarFormatter.__call__(self, loc)) for loc in shown), default=0)
        if self._orderOfMagnitude or not digits or digits > WHOLE_DIGITS:
            self.offset, self._orderOfMagnitude, self._format, self._counted_slack = kept

    def _compute_offset(self) -> None:
        super()._compute_offset()
        self._counted_slack = 0.0
        if self.offset and self.axis is not None:
            low, high = sorted(float(end) for end in self.axis.get_view_interval())
            offset = offset_near(float(self.offset), high - low)
            if offset != self.offset or not _written_whole(self.offset):
                # matplotlib's offset needed a fix: count from the lowest tick shown, as a reader
                # counts up from an axis' foot ("0.0" to "1.0" under "1e−11+1", not "−1.0" to "0.0").
                shown = [float(loc) for loc in self._locs if low <= loc <= high]
                offset = offset_near(min(shown), high - low)
                self._counted_slack = max((high - low) * OFFSET_SLACK, OFFSET_STEPS * float(np.spacing(abs(offset))))
            self.offset = offset

    def __call__(self, x, pos=None) -> str:
        """matplotlib's label of the tick at `x`; one within the offset's slack of the offset it
        counts from (`offset_near`) is labelled as at it, "0.0", not "−0.0"; its digits grouped by
        thousands where the axis' are (`_grouped_where_long`)."""
        if self._counted_slack and abs(x - self.offset) <= self._counted_slack:
            x = self.offset
        label = super().__call__(x, pos)
        return grouped_by_thousands(self.fix_minus(label)) if self._grouped else label

    def format_data(self, value) -> str:
        """`value` in the fewest digits that name it, whole where it is from 1 to WHOLE_OFFSET_BELOW in
        size ("20", "1.00000000001"), else as matplotlib writes an offset ("1e6", "1.23456789e9"), a
        decimal where it is below 1 in size ("0.9999999996")."""
        return self.fix_minus(offset_written(value))


def _significant_digits(label: str) -> int:
    """How many significant digits a tick label writes ("20.00125": 7, "0.0015": 2, "0": 1)."""
    digits = "".join(character for character in label if character.isdigit()).lstrip("0")
    return max(len(digits), 1)


def _written_whole(offset: float) -> bool:
    """Whether matplotlib's own offset text, 11 significant digits, names `offset` exactly."""
    written = ScalarFormatter(useMathText=False).format_data(offset).replace("\u2212", "-")
    return float(written) == offset


def offset_near(offset: float, span: float) -> float:
    """The number written in the fewest significant digits (17 name any double) within
    OFFSET_SLACK of `span` or OFFSET_STEPS of a double's steps of `offset`, whichever is more."""
    slack = max(span * OFFSET_SLACK, OFFSET_STEPS * float(np.spacing(abs(offset))))
    for digits in range(1, 18):
        near = float(f"{offset:.{digits - 1}e}")
        if abs(near - offset) <= slack:
            return near
    return offset


def offset_written(value: float) -> str:
    """`value` as an offset text writes it: in its shortest digits, as a decimal where it is from
    0.0001 to 1 in size, as Python writes such a number ("-0.9999999996", "0.5", not
    "-9.999999996e-1" after a power such as "1e-11", "1e-11-9.999999996e-1", which reads as one
    number), whole from 1 to WHOLE_OFFSET_BELOW ("20", "1000", "123456.789", not "2e1"), else as
    `written_number` writes it ("1e-6", "1e6")."""
    value = float(value)
    if 1e-4 <= abs(value) < 1:
        return repr(value)
    if 1 <= abs(value) < WHOLE_OFFSET_BELOW:
        return format(Decimal(repr(value)).normalize(), "f")
    return written_number(value)


def written_number(value: float) -> str:
    """`value` in its shortest digits that read back as it, one before the point and the power of
    ten after an "e" where it is not 0: "1e6", "5e-1", "1.25e1", "-1.00000000001"."""
    value = float(value)
    if not math.isfinite(value) or value == 0:
        return f"{value:g}"
    number = Decimal(repr(value)).normalize()
    sign, digits, _ = number.as_tuple()
    power = number.adjusted()
    mantissa = str(digits[0]) + ("." + "".join(map(str, digits[1:])) if len(digits) > 1 else "")
    return ("-" if sign else "") + mantissa + (f"e{power}" if power else "")
