"""Numbers arithmetic made (a sum, a mean) as a spreadsheet shows them, for a chart's data: to
the significant digits a double holds for sure (349.4, not 349.40000000000003), and whole ones
written whole (5, not 5.0).
"""
from __future__ import annotations

import math
from collections.abc import Iterable
from decimal import Decimal

import numpy as np
import pandas as pd

from .export import frame_json_rows

# The significant digits a combined value (a sum, a mean) that is not a whole number is written with,
# as a spreadsheet shows it: all a double holds for sure, so that a sum reads 349.4, not
# 349.40000000000003 (its arithmetic's).
READ_DIGITS = 15
# The integers a double holds one by one: a whole double past it is rounded to READ_DIGITS too.
EXACT_DOUBLE_INTEGERS = 2**53
# The whole numbers of no more digits than a 64-bit integer's (19), past 2**53 written whole.
INT64_DIGITS_BELOW = 10**19
# The largest power of ten a double holds exactly (`numbers_to_read`).
MOST_EXACT_POWER_OF_TEN = 22


def number_to_read(value: float) -> float:
    """`value` to READ_DIGITS significant digits (349.4 for 349.40000000000003); a whole number
    up to 2**53 as it is, NaN and infinities too.

    A whole number up to 2**53 has no digits of arithmetic past its point to hide, where 15 digits
    would change it (9007199254740991). Past 2**53 a double's last digits are rounding: a mean
    of 1e16, 2e16 and 4e16 is the double 23333333333333332, written 23333333333333300 (an exact
    result of integers past it comes as an int, which this does not take). The largest doubles,
    which 15 digits would round past, to infinity, are kept as they are.
    """
    if not math.isfinite(value) or (value.is_integer() and abs(value) <= EXACT_DOUBLE_INTEGERS):
        return value
    read = float(f"{value:.{READ_DIGITS}g}")
    return read if math.isfinite(read) else value


def numbers_to_read(values: np.ndarray) -> np.ndarray:
    """`number_to_read` of each of `values`, as doubles, worked out over the whole array at once.

    A fraction x of 10**e to 10**(e+1) is rounded to an integer n after scaling it by 10**p, p = 14 - e:
    for p up to 22 the power is an exact double, so the scaling rounds once, by half a unit in the last
    place of x * 10**p at most, and n / 10**p rounds once too, as reading n's digits back does. n is
    the one `number_to_read` writes wherever the scaled x is farther from a half than that error and
    its magnitude tells e surely; the few others (a tie, x near a power of ten, beyond 1e15 or below
    1e-8, a whole number past 2**53) are worked out by `number_to_read` itself.
    """
    read = np.array(values, dtype=np.float64)
    with np.errstate(invalid="ignore"):
        fractions = np.flatnonzero(np.isfinite(read) & ((read != np.trunc(read)) | (np.abs(read) > EXACT_DOUBLE_INTEGERS)))
    if not fractions.size:
        return read
    x = read[fractions]
    places = READ_DIGITS - 1 - np.floor(np.log10(np.abs(x))).astype(np.int64)
    exact_power = (places >= 0) & (places <= MOST_EXACT_POWER_OF_TEN)
    powers = np.power(10.0, np.where(exact_power, places, 0))
    scaled = x * powers
    whole = np.rint(scaled)
    magnitude = np.abs(scaled)
    with np.errstate(over="ignore"):  # the spacing of the largest doubles, whole ones unscaled: unsure
        sure = (exact_power & (np.abs(scaled - whole) + np.spacing(magnitude) / 2 < 0.5)
                & (magnitude >= 10.0 ** (READ_DIGITS - 1) + 1) & (magnitude <= 10.0 ** READ_DIGITS - 1))
    read[fractions[sure]] = whole[sure] / powers[sure]
    unsure = fractions[~sure]
    read[unsure] = [number_to_read(value) for value in read[unsure].tolist()]
    return read


def with_numbers_to_read(frame: pd.DataFrame, columns: Iterable[str]) -> pd.DataFrame:
    """`frame` with the floats of `columns` (values arithmetic made) to READ_DIGITS significant digits
    (`numbers_to_read`), and whole ones as ints (a mean of 5.0 is written 5, as a sum of integers is);
    missing values, integers (an exact mean or median of integers past 2**53 among them), text and
    dates as they are."""
    floats = _float_positions(frame, columns)
    mixed = _mixed_positions(frame, columns)
    if not floats and not mixed:
        return frame
    frame = frame.copy(deep=False)
    for i in floats:
        frame.isetitem(i, _column_to_read(frame.iloc[:, i]))
    for i in mixed:
        column = frame.iloc[:, i]  # kept of objects: map() would make ints beside floats floats
        frame.isetitem(i, pd.Series([_combined_to_read(v) for v in column.tolist()], index=column.index,
                                    name=column.name, dtype=object))
    return frame


def json_rows_to_read(frame: pd.DataFrame, limit: int, combined: Iterable[str] = ()) -> list[list]:
    """`frame_json_rows(frame, limit)` with every float to READ_DIGITS significant digits, as a table
    shows them (`number_to_read`), and a whole one of `combined` (values arithmetic made) as an int
    (`_whole_as_int`), as the chart's .csv writes it: a stored 5.0 drawn row by row stays 5.0, as the
    .csv keeps it, beside its column's other tenths. Only the rows written are rounded."""
    combined = list(combined)
    mixed = _mixed_positions(frame, combined)
    floats = _float_positions(frame, frame.columns) + mixed
    whole = set(_float_positions(frame, combined) + mixed)
    rows = frame_json_rows(frame, limit)
    for row in rows:
        for i in floats:
            if isinstance(row[i], float):
                read = number_to_read(row[i])
                row[i] = _whole_as_int(read) if i in whole else read
    return rows


def _combined_to_read(value: object) -> object:
    """A value arithmetic made as its column of ints and floats writes it: a float to READ_DIGITS
    significant digits, whole as an int (`_whole_as_int`); an int (exact) or a missing value as it is."""
    if isinstance(value, float) and not math.isnan(value):
        return _whole_as_int(number_to_read(value))
    return value


def _mixed_positions(frame: pd.DataFrame, columns: Iterable[str]) -> list[int]:
    """The positions in `frame` of its columns of objects among `columns`: combined values that are
    exact ints past 2**53 beside floats (`plots.aggregates`)."""
    names = set(columns)
    return [i for i, (name, dtype) in enumerate(frame.dtypes.items())
            if name in names and pd.api.types.is_object_dtype(dtype)]


def _whole_as_int(value: float) -> float | int:
    """`value` as an int where it is a whole number, which is then written whole (`5`, not `5.0`;
    `1000000000000000000`, not `1e+18`), as a sum of integers is.

    Past 2**53 the int is of the digits the double was rounded to (`number_to_read`): 9223372036854780000,
    whose double is 9223372036854779904, so that a mean near 2**63 is written as one near 10**18 is.
    That is so where they are no more than a 64-bit integer's, or the double holds them exactly (1e20);
    else it is left a double (9.87654321e25, not 98765432100000000000000000, nor the
    98765432099999996838936576 of its last bit)."""
    if not (math.isfinite(value) and value.is_integer()):
        return value
    whole = int(value)
    if abs(whole) < EXACT_DOUBLE_INTEGERS:
        return whole
    digits = int(Decimal(repr(value)))
    return digits if abs(digits) < INT64_DIGITS_BELOW or digits == whole else value


def _float_positions(frame: pd.DataFrame, columns: Iterable[str]) -> list[int]:
    """The positions in `frame` of its columns of floats that are among `columns`."""
    names = set(columns)
    return [i for i, (name, dtype) in enumerate(frame.dtypes.items())
            if name in names and pd.api.types.is_float_dtype(dtype)]


def _column_to_read(column: pd.Series) -> pd.Series:
    """`column`, of floats, with `numbers_to_read` of its values, its whole ones written whole
    (`_whole_written_whole`); a Float64 column keeps its pd.NA."""
    values = column.array
    if isinstance(values, pd.arrays.FloatingArray):
        mask = values.isna()
        read = numbers_to_read(values.to_numpy(dtype=np.float64, na_value=np.nan))
        whole = _whole_written_whole(read, mask)
        array = pd.arrays.FloatingArray(read, mask) if whole is None else whole
        return pd.Series(array, index=column.index, name=column.name)
    read = numbers_to_read(column.to_numpy())
    whole = _whole_written_whole(read)
    return pd.Series(read if whole is None else whole, index=column.index, name=column.name)


def _whole_written_whole(read: np.ndarray, mask: np.ndarray | None = None) -> np.ndarray | None:
    """`read` (doubles) as objects, its whole numbers as ints (`_whole_as_int`), which JSON and CSV
    write whole; pd.NA where `mask` (a Float64 column's missing values, NaN in `read`) says; None
    when no value is whole."""
    with np.errstate(invalid="ignore"):
        whole = np.isfinite(read) & (read == np.trunc(read))  # a masked value, NaN, is never whole
    if not whole.any():
        return None
    written = read.astype(object)
    written[whole] = [_whole_as_int(value) for value in read[whole].tolist()]
    if mask is not None:
        written[mask] = pd.NA
    return written
