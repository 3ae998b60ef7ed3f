"""Values as a chart writes them in text: bar categories, dates and numbers, cut to a length and
kept to what SVG (XML) can hold."""
from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime

import numpy as np
import pandas as pd

from .graphemes import cluster_start


def category_labels(values: pd.Series, resample: str | None) -> list[str]:
    """Readable labels for bar categories (dates shortened to the resample step, or written as
    precisely as the moments need: hourly bars each show their hour), text whole: drawn under a bar
    it is cut to DRAWN_LABEL_CHARS, labels kept apart (`told_apart.cut_apart`), in the chart's words to
    WORDS_LABEL_CHARS (`cut_short`)."""
    if pd.api.types.is_datetime64_any_dtype(values):
        if resample == "quarter":  # strftime has no quarter
            return [f"{v.year:04d} Q{(v.month - 1) // 3 + 1}" if not pd.isna(v) else "" for v in values]
        fmt = RESAMPLE_LABEL_FORMATS.get(resample or "") or _moment_label_format(values)
        if fmt is None:
            return _fraction_labels(values)
        # The year in four digits, as ISO 8601 writes it and the rows do (strftime writes the year 1 as "1").
        return [v.strftime(fmt.replace("%Y", f"{v.year:04d}")) if not pd.isna(v) else "" for v in values]
    if pd.api.types.is_float_dtype(values) or pd.api.types.is_integer_dtype(values):
        return _number_labels(values)
    return ["" if pd.isna(v) else str(v).replace("\t", " ") for v in values]  # no font draws a tab


def _number_labels(values: pd.Series) -> list[str]:
    """Bars' labels of numbers (`number_text`), each told apart from the others: numbers that
    `number_text`'s digits write alike (2.1234567 and 2.1234568, 0.3 and 0.30000000000000004 as
    "2.12346" and "0.3") are written with as many digits as tell them apart, the fewest that read
    back as the number, where the others keep theirs."""
    labels = ["" if pd.isna(v) else number_text(v) for v in values]
    numbers: dict[str, set] = {}
    for value, label in zip(values, labels):
        if label:
            numbers.setdefault(label, set()).add(value)
    alike = {label for label, written in numbers.items() if len(written) > 1}
    if not alike:
        return labels
    return [_exact_number_text(value) if label in alike else label for value, label in zip(values, labels)]


def _exact_number_text(value: float | int) -> str:
    """A number as `number_text` writes it where that is exact (integers, whole floats below 2**53),
    else in the fewest digits that read back as it (Python's repr: 0.30000000000000004)."""
    if isinstance(value, (int, np.integer)) or (float(value).is_integer() and abs(value) < WHOLE_NUMBERS_BELOW):
        return number_text(value)
    return repr(float(value)).replace("-", MINUS)


# A resampled bar's label names its period no finer than the step; a quarter as "2024 Q2", a day
# or a week (by its Monday) by its date, an hour by its date and time ("2024-03-31 14:00"), even at midnight.
RESAMPLE_LABEL_FORMATS = {"year": "%Y", "month": "%Y-%m", "hour": "%Y-%m-%d %H:%M"}


# The strftime format of a bar's moment, by the finest unit its column needs (`date_precision`).
MOMENT_LABEL_FORMATS = {"D": "%Y-%m-%d", "m": "%Y-%m-%d %H:%M", "s": "%Y-%m-%d %H:%M:%S"}


def _moment_label_format(moments: pd.Series) -> str | None:
    """The strftime format that tells bars of these moments apart: the date alone when all are
    midnights, with hours and minutes, or with seconds when some need them; None when some need a
    fraction of a second (`_fraction_labels`). On the clock the labels are written on, their zone's:
    weeks of Berlin start at midnights there, 23:00 in UTC, and were labelled "2025-02-03 00:00"."""
    return MOMENT_LABEL_FORMATS.get(date_precision(_on_their_clock(moments), ("D", "m", "s")))


def _fraction_labels(moments: pd.Series) -> list[str]:
    """Bars' labels of moments some of which have a fraction of a second, on the clock of their
    column (its time zone's, if it has one): each time with the digits of its fraction it needs and
    none where it has none, as the rows write it (`date_texts`): "2024-02-29 18:30:00.5" beside
    "2024-01-01 00:30:00", not "…00:30:00.000000"; to the nanosecond where the moments have one."""
    wall = _on_their_clock(moments)
    values = wall.to_numpy()
    texts = _without_fraction_zeros(np.datetime_as_string(values, unit=date_precision(wall)))
    return ["" if missing else text.replace("T", " ") for text, missing in zip(texts.tolist(), np.isnat(values).tolist())]


def _on_their_clock(moments: pd.Series) -> pd.Series:
    """The moments as their zone's clock reads them (naive), where they have one, as labels write them."""
    return moments.dt.tz_localize(None) if isinstance(moments.dtype, pd.DatetimeTZDtype) else moments


def _without_fraction_zeros(texts: np.ndarray) -> np.ndarray:
    """Texts of times that each end in a fraction of a second ("2024-01-25T00:00:00.500000") without
    its last zeros, and without its point where they are all it has ("…00:00.5", "…00:00"), all at once."""
    return np.strings.rstrip(np.strings.rstrip(texts, "0"), ".")


# Characters XML 1.0 cannot hold; a label from a data file might carry one.
NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def date_text(moment: pd.Timestamp) -> str:
    """A date as 2024-05-01, or a date and time as 2024-05-01T12:30:00 when it has a time.

    For one moment in words; a column of them is written with `date_texts`, in one format."""
    return moment.date().isoformat() if moment == moment.normalize() else moment.isoformat()


# The precisions a column of moments is written in, coarsest first: a date alone, a date and time
# to the second, then finer, to the microsecond (the stores' precision) or the nanosecond, each time
# with the digits of its fraction it needs (`date_texts`).
DATE_PRECISIONS = ("D", "s", "us", "ns")
# The precisions whose times may have a fraction of a second.
FRACTION_PRECISIONS = ("us", "ns")


def date_precision(moments: pd.Series, units: Sequence[str] = DATE_PRECISIONS[:-1]) -> str:
    """The coarsest of `units` (numpy units, coarsest first) that holds every value of a column of
    moments exactly, else "ns": with DATE_PRECISIONS', "D", a date alone, only when every value is
    a midnight."""
    values = _naive_moments(moments)
    known = values[~np.isnat(values)]
    for unit in units:
        if (known.astype(f"datetime64[{unit}]") == known).all():
            return unit
    return DATE_PRECISIONS[-1]


def date_texts(moments: pd.Series, precision: str | None = None, zoned: bool = False) -> list[str | None]:
    """A column of moments as ISO 8601 text in UTC, None for a missing one: dates alone (2024-05-01)
    where every value is a midnight, else dates and times, each time with the digits of a fraction of
    a second it needs and no fraction where it has none (2024-05-01T00:00:00Z beside
    2024-05-01T06:00:00.25Z), so that a time is written alike whatever rows stand beside it.

    Dates or times is the column's `date_precision`, or `precision` when these values are part of a
    longer column (the first rows of a table) and must be written as all of it is. A time carries
    its Z because JavaScript's Date (and others) read a date and time without an offset as local
    time; a date alone has none, as ISO 8601 gives a date no offset (and Date reads it as UTC).

    `zoned`: moments of a time zone written on its clock, each with its offset there, as a chart's
    words write its x (2024-12-30T00:00:00+01:00, where in UTC it is 2024-12-29T23:00:00Z): a time
    even where every value is a midnight, as a date alone has no offset.
    """
    values = _naive_moments(moments)
    unit = precision or date_precision(moments)
    if zoned and isinstance(moments.dtype, pd.DatetimeTZDtype):
        unit = DATE_PRECISIONS[1] if unit == DATE_PRECISIONS[0] else unit
        wall = _on_their_clock(moments).to_numpy()
        texts = np.datetime_as_string(wall, unit=unit)
        texts = _without_fraction_zeros(texts) if unit in FRACTION_PRECISIONS else texts
        offsets = (wall - values).astype("timedelta64[s]").astype("int64")
        texts = np.strings.add(texts, np.array([_offset_text(seconds) for seconds in offsets.tolist()], dtype=str))
    else:
        texts = np.datetime_as_string(values, unit=unit, timezone="UTC")
        if unit in FRACTION_PRECISIONS:
            # Every time of these units has a fraction: its last zeros, and its point where they are all
            # it has, go from before the Z ("2024-01-25T00:00:00.500000Z").
            texts = np.strings.add(_without_fraction_zeros(np.strings.rstrip(texts, "Z")), "Z")
    return [None if missing else text for text, missing in zip(texts.tolist(), np.isnat(values).tolist())]


def _offset_text(seconds: int) -> str:
    """An offset from UTC of `seconds` as ISO 8601 writes it after a time ("+01:00", "-03:30"), with
    its seconds where it has some, as Python's isoformat writes a zone's local mean time ("+00:53:28")."""
    hours, rest = divmod(abs(seconds), 3600)
    minutes, rest = divmod(rest, 60)
    return f"{'-' if seconds < 0 else '+'}{hours:02d}:{minutes:02d}" + (f":{rest:02d}" if rest else "")


def moment_text(moment: datetime) -> str:
    """One moment (naive, in UTC) as a time of `date_texts`: 2025-01-03T00:00:00Z, 2025-01-03T08:00:00.5Z,
    even at midnight: a bound or a range's end is a moment, not a day."""
    [text] = date_texts(pd.Series([pd.Timestamp(moment)]), FRACTION_PRECISIONS[-1])
    return text


def time_text(moment: datetime) -> str:
    """One moment (naive) as ISO 8601 text without an offset, with the digits of a fraction of a second
    it needs and none where it has none (2025-01-03T08:00:00.5, 2025-01-03T08:00:00), as `date_texts`
    writes it; any year of Python's calendar (which pandas cannot hold)."""
    [text] = _without_fraction_zeros(np.array([moment.isoformat(timespec="microseconds")])).tolist()
    return text


def _naive_moments(moments: pd.Series) -> np.ndarray:
    """The moments as numpy datetimes; ones with a time zone in naive UTC, as the stores keep them all."""
    if isinstance(moments.dtype, pd.DatetimeTZDtype):
        moments = moments.dt.tz_convert("UTC").dt.tz_localize(None)
    return moments.to_numpy()


def printable(text: str) -> str:
    """`text` with characters that SVG (XML) cannot hold replaced by U+FFFD."""
    return NOT_IN_XML.sub("\ufffd", text)


# A category's label drawn under its bar is cut to this many characters, so that a few fit side by
# side; the chart's words (its <desc>, the page's alt text) say it whole, up to the longer length,
# which keeps them a paragraph a screen reader reads out.
DRAWN_LABEL_CHARS = 28
WORDS_LABEL_CHARS = 200


def cut_short(text: str, limit: int) -> str:
    """`text`, or its first `limit` - 1 characters and "…" when it is longer than `limit`, parting no
    grapheme cluster (`graphemes.cluster_start`)."""
    return text if len(text) <= limit else cluster_start(text, limit - 1) + "…"


# Below this a double holds every integer, so a whole one is written out; above, its digits are
# rounding (9e307 has 308 of them) and it is written as any other number.
WHOLE_NUMBERS_BELOW = 2.0**53


# The sign of a negative number, as the tick labels write it (matplotlib's axes.unicode_minus): the
# category labels, notes and words of a chart write it too. Screen readers read it as "minus"; most
# read a hyphen-minus before a number so too, but not all, and not in every place.
MINUS = "\N{MINUS SIGN}"
# A number written in plain digits, a minus before them or none (`−12345.5`): `grouped_by_thousands`.
PLAIN_DIGITS = re.compile(rf"(?P<sign>{MINUS}?)(?P<whole>\d+)(?P<fraction>\.\d+)?")


def grouped_by_thousands(number: str) -> str:
    """`number`, written in plain digits (`−12345.5`: as `said_values.value_said` says a value, or `str()` of a
    number's size), with its whole part's digits grouped by thousands (`−12,345.5`), as the words write counts;
    one written otherwise (`1e+20`, "9.1 quadrillion") as it is. The words' sum of what a chart leaves out and
    a page's table of amounts both group so."""
    plain = PLAIN_DIGITS.fullmatch(number)
    if plain is None:
        return number
    return f"{plain['sign']}{int(plain['whole']):,}{plain['fraction'] or ''}"


def number_text(value: float | int, digits: int = 6) -> str:
    """A number as a label or the alt text writes it: an integer, or a whole float below 2**53, with
    all its digits (1234567, not 1.23457e+06), any other float to `digits` significant digits
    (1.7e+308); with the minus sign the tick labels write (its exponent's too: "1e−05")."""
    if isinstance(value, (int, np.integer)):
        text = str(value)
    elif float(value).is_integer() and abs(value) < WHOLE_NUMBERS_BELOW:
        text = str(int(value))
    else:
        text = f"{value:.{held_digits(value, digits)}g}"
    return text.replace("-", MINUS)


def held_digits(value: float, digits: int) -> int:
    """`digits`, or fewer where the shortest text that reads back as `value` has fewer significant
    digits: a double nearest zero (a subnormal) holds few, and its `digits` are the binary's, not
    the number's (5e-324 to 4 digits is 4.941e-324; 1e-323, 9.881e-324). Any other double holds
    16 or more, so that to `digits` it is written as its shortest text is."""
    if isinstance(value, (int, np.integer)):
        return digits
    mantissa = repr(abs(float(value))).partition("e")[0].replace(".", "").strip("0")
    return max(1, min(digits, len(mantissa)))


def noted_number(value: float | int) -> str:
    """A number as the notes drawn over a plot write it, beside an axis: to 4 significant digits, as
    a reader takes it off the axis, but whole from 5 digits before its point on, below 2**53
    ("12346" for 12345.678), and from 2**53 on with its power of ten as the axis' offset reads
    ("9.1e+15", "1e+150"): words would crowd the plot. The chart's words say it (`said_number`)."""
    text = number_text(value, digits=4)
    if "e+" in text and abs(value) < WHOLE_NUMBERS_BELOW:
        return number_text(round(value))
    return text


# A number nearer zero than this is said as a decimal down to the last (`said_number`: "0.00001");
# nearer zero still its zeros would be a long run a screen reader reads one by one, and its power of
# ten is said instead, as from 2**53 on.
SAID_DECIMALS_FROM = 1e-15


def said_number(value: float | int) -> str:
    """A number as the chart's words (its alt text) say it, never with a power of ten a screen
    reader spells out ("9.1e+15", "1e−05"): as `noted_number` writes it, but from 2**53 on in words
    of its power of ten (`large_number_words`: "9.1 quadrillion") and nearer zero than 0.0001 as a
    decimal ("0.00001", "0.00001235"), down to SAID_DECIMALS_FROM ("1.5 times 10 to the power of −300")."""
    text = noted_number(value)
    if "e" not in text:
        return text
    if abs(value) >= WHOLE_NUMBERS_BELOW:
        return large_number_words(value)
    if abs(value) < SAID_DECIMALS_FROM:
        return power_of_ten_words(value)
    # A 4-digit decimal, its zeros after the point and then the digits `noted_number` gives.
    sign, digits, power = _sign_digits_power(value)
    return f"{sign}0.{'0' * (-power - 1)}{f'{digits:.4g}'.replace('.', '')}"


# The names of the powers of a thousand a number from 2**53 (9.007 quadrillion) on is written in,
# as it is said; past the last, few readers know the name, and the power is said instead.
LARGE_NUMBER_NAMES = {15: "quadrillion", 18: "quintillion", 21: "sextillion", 24: "septillion", 27: "octillion",
                      30: "nonillion", 33: "decillion"}


def large_number_words(value: float | int) -> str:
    """A number from 2**53 on to 4 significant digits, its power of ten in words, as a screen reader
    says them and a reader reads them: "9.007 quadrillion", "1.797 times 10 to the power of 308"."""
    sign, digits, power = _sign_digits_power(value)
    named = power - power % 3
    if named in LARGE_NUMBER_NAMES:
        return f"{sign}{digits * 10 ** (power - named):.4g} {LARGE_NUMBER_NAMES[named]}"
    return power_of_ten_words(value)


def power_of_ten_words(value: float | int) -> str:
    """A number to 4 significant digits times its power of ten, in words: "1.797 times 10 to the
    power of 308", "1.5 times 10 to the power of −300"."""
    sign, digits, power = _sign_digits_power(value)
    return f"{sign}{digits:.4g} times 10 to the power of {number_text(power)}"


def _sign_digits_power(value: float | int) -> tuple[str, float, int]:
    """`value`'s sign as the words write it ("" or MINUS), its first 4 significant digits (1 to
    9.999) and its power of ten, rounded first: 9.9996e17 is 1.000 and 18."""
    digits, power = f"{abs(value):.{held_digits(value, 4) - 1}e}".split("e")
    return MINUS if value < 0 else "", float(digits), int(power)
