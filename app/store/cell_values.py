"""A CSV column's cells read as values: of the type the rule of `csv_types` gives them
(`typed_column`), or of a type given (`column_values`).

Uploads are `strict`: NaN and Infinity, a word for a missing value, a number too large for a
float or too small for one (not zero, but nearer to it than a float can be: it would be 0), an
impossible date (or one that leaves the calendar once converted to UTC) and a text holding control
characters are refused with a `BadCell` naming the row, which asks for an empty cell instead. A
cell refused for being written another way than the rule reads (`1,5`, `$15`, `31.01.2024`) says
how to write it (`form_hints.form_hint`), as a new dataset's warnings do.
Data-folder files, which the site reads as they are, are lenient: NaN, Infinity, words for missing
values and numbers too large for a float are missing values, a number too small for one is 0 (as
pandas reads it), and a column of dates holding an impossible one is text.

Integers, floats, datetimes and text come out as pandas int64, float64, datetime64[us] and str (dates
read as moments by `cell_dates`). A data-folder file's bytes are read into such columns by `csv_files`.
"""
from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from decimal import Decimal

import numpy as np
import pandas as pd

from plots.iso_dates import FINER_FRACTION, ISO_DATE, YEARS_TAKEN, month_start, year_range_advice
from plots.text import describe_character, quoted, quoted_name, refused_pattern

from .csv_types import (
    FLOAT_TEXT,
    INT64_DIGITS,
    INT64_MAX,
    INT64_MIN,
    INTEGER_TEXT,
    NOT_FINITE,
    Cells,
    cell_array,
    column_type_of,
    is_missing_word,
    missing_word_flags,
    number_or_word,
    significant_digits,
    stripped_cells,
    surely_text,
)
from .cell_dates import parsed_times, too_fine_cell, unreal_cell
from .form_hints import form_hint
from .written_forms import Cell

# Text values may hold tabs and line breaks, but no other control characters (the rule of plots.text).
TEXT_CONTROL = refused_pattern("\t\n\r")

EXPECTED = {
    "integer": "an integer",
    "float": "a number",
    "datetime": "an ISO 8601 date or time such as 2024-05-01 or 2024-05-01T12:30:00Z",
    "text": "text",
}
NOT_A_NUMBER = "NaN and Infinity are not allowed; leave the value empty (CSV) or null (JSON) when it is missing"
# A number's text that writes zero ("0", "-0.0", "0e5"); a float reads any other as 0 only when it
# is too small for one.
ZERO_TEXT = re.compile(r"[+-]?(0+\.?0*|\.0+)([eE][+-]?[0-9]+)?")
TOO_SMALL = ("is too small for a number: stored as a 64-bit float it would be 0 (the smallest above 0 is about "
             "4.9e-324); write 0 if zero is meant")
MISSING_WORD = "a word for a missing value"
NOT_A_VALUE = f"{MISSING_WORD}; leave the cell empty instead"


class BadCell(ValueError):
    """A cell that does not fit its column: its row (0 for the first) and what is wrong with it;
    `float_would_take` when an integer column refuses it for a fraction, for being empty or a word
    for a missing value, or beyond 64 bits, which a float column would take (`integer_fixed`)."""

    def __init__(self, row: int, message: str, float_would_take: bool = False):
        super().__init__(message)
        self.row = row
        self.message = message
        self.float_would_take = float_would_take


def with_hint(message: str, cell: str) -> str:
    """A refusal of `cell` with how to write it where its form says (`form_hints.form_hint`):
    "expected a number, got '1,5' (write numbers with a point: 1.5, …)"."""
    hint = form_hint(cell)
    return f"{message} ({hint})" if hint else message


def integer_fixed(column: str, dataset: str | None) -> str:
    """Words to add to the refusal of a value an integer column refuses and a float column would take
    (`BadCell.float_would_take`): the column's type was fixed from the rows it was created with (a
    first export's whole numbers), and the way out is to create it again from all the rows, which
    types it float. `dataset`: its name, for the request that deletes it (None: not known here)."""
    name = "<name>" if dataset is None else dataset
    return (f"column {quoted_name(column)} is integer, its type fixed from the rows the dataset was created with: for "
            "fractions or empty values it must be float, so create the dataset again from all its rows, those "
            f"stored and these together (DELETE /api/datasets/{name} with a write token removes this one)")


# A problem a column's cells may have: the first row that has it (None: no row), and its message.
Problem = tuple[int | None, Callable[[int], str]]


def _refuse_first(problems: Sequence[Problem]) -> None:
    """Raise BadCell for the earliest of the problems' rows (None: no such problem), with its message."""
    found = [(row, message) for row, message in problems if row is not None]
    if found:
        row, message = min(found, key=lambda pair: pair[0])
        raise BadCell(row, message(row))


def _first(mask: np.ndarray) -> int | None:
    found = np.flatnonzero(mask)
    return int(found[0]) if len(found) else None


def _first_unfit(stripped: np.ndarray, missing: np.ndarray, fits: Callable[[str], object]) -> int | None:
    """The first row whose cell has a value that `fits` refuses, or None."""
    rows = np.flatnonzero(~missing)
    present = stripped[rows]
    if all(map(fits, present)):
        return None
    return int(next(row for row, value in zip(rows, present) if not fits(value)))


def whole_number(text: str) -> int | None:
    """The integer a decimal number's text (FLOAT_TEXT: `3.0`, `3e0`, `-2.50E1`) writes, exactly, or
    None when it has a fraction (`3.5`, `1e-3`, `1.0000000000000001`, whose float is 1.0).

    Raises OverflowError for one of 20 digits or more, past 64 bits, before any such integer is made
    (`1e1000000` would take a while)."""
    number = Decimal(text)
    if number.is_zero():
        return 0
    if number.adjusted() >= INT64_DIGITS:
        raise OverflowError(f"{text} is beyond 64 bits")
    whole = number.to_integral_value()
    return int(whole) if whole == number else None


def _long(value: str) -> bool:
    return significant_digits(value) > INT64_DIGITS


def _written_whole(stripped: np.ndarray, empty: np.ndarray) -> tuple[np.ndarray, int | None, bool]:
    """`stripped` (cells of an integer column, some not in integer digits) with each decimal number
    of no fraction (`3.0`, `3e0`) written in integer digits, up to the first row that is not such a
    number or is one of 20 digits or more; that row (None: no row), and whether it is the latter."""
    written = stripped.copy()
    for row in np.flatnonzero(~empty):
        value = stripped[row]
        if INTEGER_TEXT.fullmatch(value):
            if _long(value):
                return written, int(row), True
            continue
        try:
            number = whole_number(value) if FLOAT_TEXT.fullmatch(value) else None
        except OverflowError:
            return written, int(row), True
        if number is None:
            return written, int(row), False
        written[row] = str(number)
    return written, None, False


def _integers(cells: np.ndarray, stripped: np.ndarray, checked: bool) -> pd.Series:
    if not checked:
        empty = stripped == ""
        if _first_unfit(stripped, empty, INTEGER_TEXT.fullmatch) is None:
            unfit, large = _first_unfit(stripped, empty, lambda v: not _long(v)), True
        else:
            stripped, unfit, large = _written_whole(stripped, empty)
        first_empty = _first(empty)
        if first_empty is not None and (unfit is None or first_empty < unfit):
            raise BadCell(first_empty, f"expected {EXPECTED['integer']}; an integer column cannot have empty values",
                          float_would_take=True)
        if unfit is not None and large:
            raise BadCell(unfit, f"expected {EXPECTED['integer']} between {INT64_MIN} and {INT64_MAX}, got "
                                 f"{quoted(cells[unfit].strip())}", _float_would_take(stripped[unfit]))
        if unfit is not None:
            raise BadCell(unfit, not_an_integer(cells[unfit]), _float_would_take(stripped[unfit]))
    try:
        return pd.Series(stripped.astype(np.int64))
    except OverflowError:  # 19 digits beyond the 64-bit range: find which
        numbers = [int(v) for v in stripped]
        row = next(i for i, n in enumerate(numbers) if not INT64_MIN <= n <= INT64_MAX)
        raise BadCell(row, f"expected {EXPECTED['integer']} between {INT64_MIN} and {INT64_MAX}, "
                           f"got {numbers[row]}", float_would_take=True) from None


def not_an_integer(cell: str, shown: str | None = None) -> str:
    """The refusal of a cell of an integer column that is no whole number (nor one beyond 64 bits);
    `shown`: the cell as the message writes it, quoted unless given (a JSON NaN is written bare)."""
    refused = f"expected {EXPECTED['integer']}, got {quoted(cell) if shown is None else shown}"
    if is_missing_word(cell.strip()):
        return f"{refused}, {MISSING_WORD}; an integer column cannot have empty values"
    if cell.strip().lower() in NOT_FINITE:
        return f"{refused}; {NOT_A_NUMBER}, and an integer column cannot have empty values"
    return with_hint(refused, cell)


def float_would_take(number: float, text: str) -> bool:
    """Whether a float column takes the number an integer column refused, `number` as a float and as
    it was written (`text`): one a float holds, not too large nor too small for one."""
    return math.isfinite(number) and not too_small(text, number)


def _float_would_take(text: str) -> bool:
    """Whether a float column takes a cell's stripped `text` that an integer column refused: a
    number with a fraction or beyond 64 bits that a float holds; or, as an empty cell, which is how
    it is written there, a word for a missing value or NaN."""
    if FLOAT_TEXT.fullmatch(text):
        return float_would_take(float(text), text)
    return is_missing_word(text) or text.lower() in NOT_FINITE


def _missing(stripped: np.ndarray, strict: bool, fits: Callable[[str], object] | None,
             words: bool = True) -> tuple[np.ndarray, list[Problem], int | None]:
    """Which cells of a number or date column are missing values: empty ones, and words for a
    missing value, which `strict` refuses (the problem comes back, for the caller to refuse with
    its own). Whether the column's type was the rule's or given, a word gets the same message.

    A given type's cells are not checked yet: `fits` tests a value of it, and the first row whose
    value it refuses comes back too (None: no row, nor when `fits` is None). No word fits a type,
    so the words are looked for only when some cell does not fit, and not at all when the rule
    typed the cells and saw none (`words` false).
    """
    empty = stripped == ""
    if not words or (fits is not None and _first_unfit(stripped, empty, fits) is None):
        return empty, [], None
    words = missing_word_flags(stripped)
    problems = [(_first(words), lambda row: f"{quoted(stripped[row])} is {NOT_A_VALUE}")] if strict else []
    missing = empty | words
    return missing, problems, None if fits is None else _first_unfit(stripped, missing, fits)


def _floats(cells: np.ndarray, stripped: np.ndarray, strict: bool, checked: bool, words: bool) -> pd.Series:
    missing, problems, unfit = _missing(stripped, strict, None if checked else number_or_word, words)
    problems.append((unfit, lambda row: with_hint(f"expected {EXPECTED['float']}, got {quoted(cells[row])}",
                                                  cells[row])))
    _refuse_first(problems)
    # Python's float reads the NaN and Infinity words too; what is left is decimal numbers.
    numbers = np.where(missing, "nan", stripped).astype(np.float64)
    not_finite = ~missing & ~np.isfinite(numbers)
    if strict:
        _refuse_first([(_first(not_finite), lambda row: NOT_A_NUMBER if stripped[row].lower() in NOT_FINITE
                        else f"{quoted(cells[row])} is too large for a number"),
                       (_first_too_small(stripped, numbers), lambda row: f"{quoted(cells[row])} {TOO_SMALL}")])
    numbers[not_finite] = np.nan
    return pd.Series(numbers)


def too_small(text: str, number: float) -> bool:
    """Whether `number`, the float of a number's `text`, is 0 though the text writes another
    number, one too small for a float (`1e-400`)."""
    return number == 0 and not ZERO_TEXT.fullmatch(text)


def too_large_cell(cells: Cells, values: pd.Series) -> Cell | None:
    """The first of a float column's `cells` that its `values` hold as missing or infinite though it
    writes a decimal number, stripped, with its row (1 for the first): one too large for a float, which a
    data-folder file reads as missing and an upload refuses; None when each is blank or a word."""
    cells = cell_array(cells)
    for row in np.flatnonzero(~np.isfinite(values.to_numpy(dtype=float, na_value=np.nan))):
        text = cells[row].strip() if isinstance(cells[row], str) else ""
        if FLOAT_TEXT.fullmatch(text):
            return Cell(int(row) + 1, text)
    return None


def _first_too_small(stripped: np.ndarray, numbers: np.ndarray) -> int | None:
    """The first row whose number a float reads as 0 though it is not zero (`1e-400`), or None."""
    zeros = np.flatnonzero(numbers == 0)
    # A column of zeros writes them in a few ways: each is looked at once.
    small = {text for text in set(stripped[zeros]) if too_small(text, 0.0)}
    return int(next(row for row in zeros if stripped[row] in small)) if small else None


def _datetimes(cells: np.ndarray, stripped: np.ndarray, strict: bool, checked: bool, words: bool) -> pd.Series:
    # A month alone (2024-01) is its first day, among dates of days or not.
    stripped = np.array(list(map(month_start, stripped)), dtype=object) if len(stripped) else stripped
    missing, problems, unfit = _missing(stripped, strict, None if checked else ISO_DATE.fullmatch, words)
    problems.append((unfit, lambda row: with_hint(f"expected {EXPECTED['datetime']}, got {quoted(stripped[row])}",
                                                  stripped[row])))
    if strict:
        # Cut to the microsecond as stored, a finer time would be another moment than the one sent.
        finer = pd.Series(np.where(missing, "", stripped), dtype=object).str.contains(FINER_FRACTION).to_numpy()
        problems.append((_first(finer), lambda row: too_fine_cell(stripped[row])))
    _refuse_first(problems)
    parsed = parsed_times(np.where(missing, None, stripped))
    unreal = ~missing & parsed.isna().to_numpy()
    # Dates run from year 1 to 9999, as in ISO 8601 text and in both stores.
    years = parsed.dt.year.to_numpy(dtype=float, na_value=np.nan)
    outside = (years < 1) | (years > 9999)
    if outside.any():
        year_zero = outside & np.array([v.startswith("0000") for v in stripped], dtype=bool)
        unreal |= year_zero
        outside &= ~year_zero
    _refuse_first([
        (_first(unreal), lambda row: unreal_cell(stripped[row])),
        (_first(outside), lambda row: unreal_cell(stripped[row]) if year_range_advice(stripped[row])
         else f"{quoted(stripped[row])} is out of the range of dates once converted to UTC: {YEARS_TAKEN}"),
    ])
    return parsed.dt.tz_convert(None).astype("datetime64[us]")


def _texts(cells: np.ndarray, strict: bool) -> pd.Series:
    if strict and TEXT_CONTROL.search("\n".join(cells)):
        row = next(i for i, cell in enumerate(cells) if TEXT_CONTROL.search(cell))
        character = describe_character(TEXT_CONTROL.search(cells[row]).group())
        raise BadCell(row, f"the text holds {character}; only printable characters, tabs and line breaks are allowed")
    return with_line_feeds(pd.Series(np.where(cells == "", None, cells) if len(cells) else cells, dtype="str"))


def with_line_feeds(texts: pd.Series) -> pd.Series:
    """A text column with its line breaks as line feeds (`line_feeds`): a quoted cell of a CSV
    file saved on Windows holds CRLF, which a filter's value, sent by a browser, no longer does.
    `texts` itself when it holds no carriage return."""
    if not texts.str.contains("\r", regex=False).any():
        return texts
    return texts.str.replace("\r\n", "\n", regex=False).str.replace("\r", "\n", regex=False)


def _values(cells: np.ndarray, stripped: np.ndarray | None, column_type: str, strict: bool,
            checked: bool, words: bool = True) -> pd.Series:
    """The cells as values of `column_type`: `checked` when the rule gave the type (the cells fit
    it), `words` false when it saw no word for a missing value among them either."""
    if column_type == "text":
        return _texts(cells, strict)
    stripped = stripped_cells(cells) if stripped is None else stripped
    if column_type == "integer":
        return _integers(cells, stripped, checked)
    if column_type == "float":
        return _floats(cells, stripped, strict, checked, words)
    return _datetimes(cells, stripped, strict, checked, words)


def column_values(cells: Cells, column_type: str, strict: bool = True) -> pd.Series:
    """The cells as values of `column_type` (see the module's docstring for `strict`); raises BadCell
    for the first cell that does not fit, in either mode, saying what is expected."""
    return _values(cell_array(cells), None, column_type, strict, checked=False)


def typed_column(cells: Cells, strict: bool = True) -> tuple[str, pd.Series]:
    """A column of CSV cells: its type and its values; raises BadCell when `strict`."""
    cells = cell_array(cells)
    if surely_text(cells):
        kind, stripped, words = "text", None, False
    else:
        stripped = stripped_cells(cells)
        kind, words = column_type_of(stripped)
    try:
        return kind, _values(cells, stripped, kind, strict, checked=True, words=words)
    except BadCell:
        if strict or kind != "datetime":
            raise
        return "text", _texts(cells, strict)
