"""The types of a CSV's columns, decided by one rule, whether the CSV is uploaded or a data-folder file.

A column's cells decide its type; the same cells give the same type and values on both paths:

- A cell is missing when it is empty; in a number or date column also when it holds only spaces.
- Words that spreadsheets and R write for a missing value (NA, N/A, #N/A, null, None, any case)
  in a column whose other cells are numbers or dates stand for missing values (`strict` decides
  about them: `cell_values`); among other text they are text.
- **integer**: every cell a whole number (`[+-]` and ASCII digits, spaces around allowed) that fits
  in 64 bits, none missing. Whole numbers with a missing cell, or one beyond 64 bits, are a float
  column, as in pandas. Whole numbers of which one has a leading zero (`01234`, not `0`) are text:
  codes such as postcodes, whose zeros a number would lose.
- **float**: every present cell a decimal number with an optional exponent (`1.5`, `.5`, `2.`,
  `1e3`), or NaN or Infinity (any case, signed), which `strict` decides about (`cell_values`).
- **datetime**: every present cell an ISO 8601 date or time (`2024-05-01`, `2024-05-01 12:30`,
  `2024-05-01T12:30:00.5+02:00`, `2024-05-01 12:30:00+02`, `2024-05-01t12:30:00z` as RFC 3339
  allows: `plots.iso_dates.ISO_DATE`, the rule a URL's dates follow too), or a month alone as ISO
  8601 writes it (`2024-05`), read as its first day; a time with a UTC offset becomes UTC without one.
  A zone follows a time only: a date with one (`2024-05-01Z`) is text.
- **text**: anything else, its cells kept as they are (not stripped); a column with no value at
  all is float.

The cells are read as values of their type, strictly for an upload and leniently for a data-folder
file, by `cell_values`.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from plots.iso_dates import ISO_DATE, YEAR_MONTH, expanded_year_date

INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
INTEGER_TEXT = re.compile(r"[+-]?[0-9]+")
LEADING_ZERO = re.compile(r"[+-]?0[0-9]")
FLOAT_TEXT = re.compile(r"[+-]?([0-9]+(?:\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?")
LONG_FRACTION = re.compile(r"(\.[0-9]{6})[0-9]+")
# Words for a missing value (compared in lower case), as spreadsheets, R and databases write them.
MISSING_WORDS = frozenset({"na", "n/a", "#n/a", "null", "none"})
NOT_FINITE = frozenset({"nan", "+nan", "-nan", "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity"})
# Digits an int64 can have, leading zeros aside.
INT64_DIGITS = 19

# A column's cells: CSV text, "" where a cell is empty.
Cells = Sequence[str] | pd.Series | np.ndarray


def cell_array(cells: Cells) -> np.ndarray:
    """A column's cells as a NumPy array of objects, however they were given."""
    if isinstance(cells, pd.Series):
        return cells.to_numpy(dtype=object)
    return np.asarray(cells, dtype=object) if len(cells) else np.empty(0, dtype=object)


def stripped_cells(cells: np.ndarray) -> np.ndarray:
    """The cells (`cell_array`) with the spaces around them stripped."""
    return np.array(list(map(str.strip, cells)), dtype=object) if len(cells) else cells


def _all_match(pattern: re.Pattern[str], values: np.ndarray) -> bool:
    """Whether every value matches; stops at the first that does not."""
    return all(map(pattern.fullmatch, values))


def number_or_word(value: str) -> bool:
    """Whether a (stripped) cell is a decimal number, or a word float() reads as NaN or Infinity."""
    return FLOAT_TEXT.fullmatch(value) is not None or value.lower() in NOT_FINITE


def significant_digits(value: str) -> int:
    """How many digits a whole number's text has, its sign and leading zeros aside."""
    return len(value.lstrip("+-").lstrip("0"))


def _fits_int64(values: np.ndarray) -> bool:
    """Whether whole-number texts all fit in 64 bits."""
    if max(map(len, values), default=0) < INT64_DIGITS:
        return True
    longest = max(map(significant_digits, values), default=0)
    if longest > INT64_DIGITS:
        return False
    try:
        values.astype(np.int64)
    except OverflowError:
        return False
    return True


def is_missing_word(value: str) -> bool:
    """Whether a cell, with the spaces around it stripped, is a word for a missing value."""
    return value.lower() in MISSING_WORDS


def missing_text(value: str) -> bool:
    """Whether a cell stands for a missing value among numbers or dates: blank, or a word for one."""
    stripped = value.strip()
    return not stripped or is_missing_word(stripped)


def missing_word_flags(stripped: np.ndarray) -> np.ndarray:
    """Which of the (stripped) cells are words for a missing value."""
    return np.fromiter(map(is_missing_word, stripped), dtype=bool, count=len(stripped))


def surely_text(cells: Iterable[str]) -> bool:
    """Whether the first cell with a value fits no type but text: then the column is text, and
    its other cells need no look."""
    first = next((cell.strip() for cell in cells if cell.strip() and not is_missing_word(cell.strip())), None)
    return first is not None and not (INTEGER_TEXT.fullmatch(first) or number_or_word(first) or is_date_text(first))


def is_date_text(value: str) -> bool:
    """Whether a (stripped) cell is written as the rule reads a date: ISO_DATE, a month alone (`YEAR_MONTH`,
    its first day), or a date of a year outside 1 to 9999, which the reading of its column refuses."""
    return bool(ISO_DATE.fullmatch(value) or YEAR_MONTH.fullmatch(value) or expanded_year_date(value))


def has_leading_zero(value: str) -> bool:
    """Whether a whole number's (stripped) text starts with a zero before other digits: `01234`, not `0`."""
    return LEADING_ZERO.match(value) is not None


def _type_of_values(present: np.ndarray, complete: bool) -> str:
    """The type of cells that all have a value; `complete` when no cell of the column is missing."""
    if _all_match(INTEGER_TEXT, present):
        if any(map(has_leading_zero, present)):
            return "text"  # codes such as postcodes: as numbers, their zeros would be lost for good
        return "integer" if complete and _fits_int64(present) else "float"
    if _all_match(FLOAT_TEXT, present) or all(map(number_or_word, present)):
        return "float"
    if all(map(is_date_text, present)):
        # A date of a year outside 1 to 9999 (`10000-01-01`) is no date the site takes: typed with
        # the others, it is refused, or names its column text, saying so, not text without a word.
        return "datetime"
    return "text"


def column_type_of(stripped: np.ndarray) -> tuple[str, bool]:
    """The rule, over a column's cells with the spaces around them stripped; and whether words for
    a missing value were among them (looked for only when the cells with a value fit no type but
    text: no such word fits another)."""
    present = stripped[stripped != ""] if len(stripped) else stripped
    if not len(present):
        return "float", False
    # The rule asks of each value alone whether it fits: a column of many rows holds few distinct
    # values (codes, categories, counts), each looked at once.
    kind = _type_of_values(_distinct(present), len(present) == len(stripped))
    if kind != "text":
        return kind, False
    words = missing_word_flags(present)
    if not words.any():
        return "text", False
    if words.all():
        return "float", True
    return _type_of_values(_distinct(present[~words]), complete=False), True


def _distinct(values: np.ndarray) -> np.ndarray:
    """Each of `values` once, in the order they first come."""
    return np.array(list(dict.fromkeys(values)), dtype=object)
