"""A chart's values and x as its words say them (`describe`): a number, a date, a range's two ends
told apart, an x of a line or a bar."""
from __future__ import annotations

import functools
from decimal import ROUND_HALF_EVEN, Decimal, localcontext

import numpy as np
import pandas as pd

from .category_axis import blank_named
from .spec import ChartSpec
from .value_text import (DRAWN_LABEL_CHARS, LARGE_NUMBER_NAMES, MINUS, SAID_DECIMALS_FROM, WHOLE_NUMBERS_BELOW,
                         WORDS_LABEL_CHARS, category_labels, cut_short, date_precision, date_text, date_texts, number_text, said_number)


def value_said(value) -> str:
    """A value as the chart's words say it: a float as `said_number`, a whole number as
    `number_text` (with the minus sign), a date as `date_text`, text as it is (cut to WORDS_LABEL_CHARS, as a category's label;
    an empty or blank one quoted, as the chart names it: `blank_named`)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "none"
    if isinstance(value, pd.Timestamp):
        return date_text(value)
    if isinstance(value, float):
        return said_number(value)
    if isinstance(value, (int, np.integer)):
        return number_text(value)
    return cut_short(blank_named(str(value)), WORDS_LABEL_CHARS)


# Ends that read alike at the 4 significant digits any number is said in are said to the place of
# their difference's second significant digit: "from 20.0013 to 20.0032", where its first alone said
# "from 20.001 to 20.003" of values 0.0019 apart, a part in two lost.
SPAN_DIGITS = 2


def ends_told_apart(low, high, low_text: str | None = None, high_text: str | None = None) -> tuple[str, str]:
    """The ends of a range in words (`value_said`'s, or `low_text` and `high_text`), but two numbers that
    differ and read alike so, to 4 significant digits, both to the one decimal place that tells them
    apart (`told_apart_place`), in the words `said_number` says any number in (`said_to`: "from
    20.0013 to 20.0032", not "from 20 to 20" nor "from 20.001302585451317 to 20.003199999999996";
    "from 1.00000000001 to 1.00000000009"; "9.1 quadrillion" and "9.100000000000004 quadrillion"): the
    axis labels them apart, and a range of one value is no range."""
    texts = (value_said(low) if low_text is None else low_text, value_said(high) if high_text is None else high_text)
    place = told_apart_place(low, high)
    if texts[0] != texts[1] or place is None:
        return texts
    return said_to(low, place), said_to(high, place)


def said_among(value, low, high) -> str:
    """A value of a range from `low` to `high` in words: as `value_said` says it, but where the ends
    are said to a decimal place to tell them apart (`ends_told_apart`), a float to that place too, so
    that it reads within them as it is: "20.0018" between 20.0013 and 20.0032, not "20", which reads
    below them both."""
    place = told_apart_place(low, high)
    if place is None or not isinstance(value, float) or value_said(low) != value_said(high):
        return value_said(value)
    return said_to(value, place)


def told_apart_place(low, high) -> int | None:
    """The power of ten of the decimal place two floats that differ are told apart to, that of their
    difference's SPAN_DIGITS-th significant digit, each as it reads back (`repr`): -4 for 20.0013 and
    20.0032; None for two values alike or not both floats."""
    if not (isinstance(low, float) and isinstance(high, float)) or low == high or not np.isfinite([low, high]).all():
        return None
    apart = abs(Decimal(repr(float(high))) - Decimal(repr(float(low))))
    return apart.adjusted() - (SPAN_DIGITS - 1)


def said_to(value: float, place: int) -> str:
    """A float as `shortest_said` says it, rounded to the decimal place of 10**`place` (half to even),
    its zeros after its last digit left out: said_to(20.001302585451317, -4) is "20.0013"."""
    with localcontext() as context:
        context.prec = 400  # a double's digits down to any place a double's difference has
        rounded = Decimal(repr(float(value))).quantize(Decimal(1).scaleb(place), rounding=ROUND_HALF_EVEN)
    return _said_decimal(rounded, float(value))


def shortest_said(value: float) -> str:
    """A float as `said_number` says it, but in the fewest digits that read back as it, not 4: a decimal
    ("1.00000000001", "0.000012345"), from 2**53 on its power of ten in words as the named power of a
    thousand it is in ("9.100000000000004 quadrillion") or past the last name, as nearer zero than
    SAID_DECIMALS_FROM, as a power ("1.7976931348623157 times 10 to the power of 308")."""
    return _said_decimal(Decimal(repr(float(value))), float(value))


def _said_decimal(number: Decimal, value: float) -> str:
    """`number`, the float `value` in the digits to say, in the words `shortest_said` says them in."""
    digits = abs(number)
    sign = MINUS if value < 0 and digits else ""
    if not digits:
        return "0"
    power = digits.adjusted()
    if abs(value) >= WHOLE_NUMBERS_BELOW:
        named = power - power % 3
        if named in LARGE_NUMBER_NAMES:
            return f"{sign}{_plain(digits.scaleb(-named))} {LARGE_NUMBER_NAMES[named]}"
    elif not value or abs(value) >= SAID_DECIMALS_FROM:
        return f"{sign}{_plain(digits)}"
    return f"{sign}{_plain(digits.scaleb(-power))} times 10 to the power of {number_text(power)}"


def _plain(number: Decimal) -> str:
    """`number` written without a power of ten and without zeros after its last digit ("100", "9.1")."""
    return format(number.normalize(), "f")


class XWords:
    """The x of a chart's rows (`frame`'s column x, or the rows' numbers without one) in words.

    The precision a column of moments is written in is worked out at the first moment written and
    kept: it is a pass over every row, and the words name up to a dozen x (the span's ends, each
    series' last, lowest and highest value, a gap's ends)."""

    def __init__(self, spec: ChartSpec, frame: pd.DataFrame) -> None:
        self._spec, self._frame = spec, frame

    @functools.cached_property
    def column(self) -> pd.Series:
        """The rows' x: the column x, or the rows' numbers from 0 where the chart has none."""
        return self._frame[self._spec.x] if self._spec.x else pd.Series(range(len(self._frame)))

    @functools.cached_property
    def _precision(self) -> str:
        return date_precision(self.column)

    def of(self, value) -> str:
        """An x of the column in words: on a resampled chart the period its date starts, named as a
        bar's label names it ("2024-03", "2024 Q1", "2024"; `category_labels`); any other moment as
        the chart's .json and .csv write it, in UTC with its Z and as precisely as the column needs
        (`date_texts`: "2024-03-30T23:00:00Z", or "2024-03-31" in a column of dates), a time uploaded
        with an offset too, but a moment of a time zone on its clock with its offset there, as a
        bar's label and a period name it on that clock ("2024-12-30T00:00:00+01:00"); else as
        `value_said` writes it."""
        if isinstance(value, pd.Timestamp):
            if self._spec.resample is not None:
                return category_labels(pd.Series([value]), self._spec.resample)[0]
            return date_texts(pd.Series([value]), self._precision, zoned=True)[0]
        return value_said(value)

    def at(self, row: int) -> str:
        """The x of the row at position `row` (from the end where below 0) in words (`of`)."""
        return self.of(self.column.iloc[row])


def bar_x_text(label: str, value) -> str:
    """A bar's x in words: as its label names it, but a number the label writes with a power of ten
    ("9e+307", "1e−05") said as the words say any number (`said_number`), and a long name cut to
    WORDS_LABEL_CHARS."""
    if isinstance(value, (float, np.floating)) and "e" in label:
        return said_number(float(value))
    return cut_short(label, WORDS_LABEL_CHARS)


def span_ends_named(low: str, high: str, name: str) -> dict[str, str]:
    """The words that stand for an end of a chart's x span ("animal from A to B", `low` and `high` as
    it says them) where a lowest, a highest or a last value is there: "the first bar", "the last bar"
    (`name`: "bar", or "category" of a line's x of text), so that a long name is said once; of a name
    no longer than a bar's drawn label (DRAWN_LABEL_CHARS), none: said again, it reads more plainly."""
    if low == high:  # one x, no span: nothing is first or last
        return {}
    return {text: f"the {end} {name}" for text, end in ((low, "first"), (high, "last"))
            if len(text) > DRAWN_LABEL_CHARS}
