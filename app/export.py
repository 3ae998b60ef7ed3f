"""Data out of the site: CSV safe to open in a spreadsheet, JSON rows with ISO dates in UTC (one format a column)."""
from __future__ import annotations

import csv
import io
import math
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextvars import ContextVar
from datetime import datetime
from decimal import Decimal
from typing import TypeVar

import numpy as np
import pandas as pd

from plots import ChartSpec
from plots.spec import DATE_FIELDS
from plots.value_text import DATE_PRECISIONS, date_precision, date_texts, moment_text

# OWASP CSV injection: a spreadsheet runs a cell starting with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# The significant digits a combined value (a sum, a mean) that is not a whole number is written with,
# as a spreadsheet shows it: all a double holds for sure, so that a sum reads 349.4, not
# 349.40000000000003 (its arithmetic's).
READ_DIGITS = 15
# The integers a double holds one by one: a whole double past it is rounded to READ_DIGITS too.
EXACT_DOUBLE_INTEGERS = 2**53
# The largest power of ten a double holds exactly (`numbers_to_read`).
MOST_EXACT_POWER_OF_TEN = 22
# How many rows are written between two looks at the clock, past a deadline (`writing_until`).
ROWS_BETWEEN_CHECKS = 1000

T = TypeVar("T")
# The moment (of time.monotonic) after which rows stop being written, where `writing_until` set one.
_DEADLINE: ContextVar[float | None] = ContextVar("rows_deadline", default=None)


class PastDeadline(Exception):
    """Rows were still being written when the deadline `writing_until` set had passed."""


def writing_until(deadline: float, write: Callable[[], T]) -> T:
    """`write()`, in which `frame_csv` and `frame_json_rows` stop writing rows, raising PastDeadline,
    once the clock (`time.monotonic`) is past `deadline`: a download answered already as too slow
    stops taking the processor from the requests after it."""
    token = _DEADLINE.set(deadline)
    try:
        return write()
    finally:
        _DEADLINE.reset(token)


def _in_time(rows: Iterable[T], written: int = 0) -> Iterator[T]:
    """`rows`, checked every ROWS_BETWEEN_CHECKS against the deadline `writing_until` set, if any
    (`written`: how many rows were written before these)."""
    deadline = _DEADLINE.get()
    if deadline is None:
        yield from rows
        return
    for i, row in enumerate(rows, written):
        if i % ROWS_BETWEEN_CHECKS == 0 and time.monotonic() > deadline:
            raise PastDeadline(f"rows were still being written at the deadline, {i:,} of them written")
        yield row


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
    `1000000000000000000`, not `1e+18`), as a sum of integers is; left a double where the int's
    digits are not the double's own (9.87654321e25 is 98765432099999996838936576 to its last bit)."""
    if not (math.isfinite(value) and value.is_integer()):
        return value
    whole = int(value)
    # Below 2**53 every int's digits are its double's; past it, only where it ends in zeros.
    return whole if abs(whole) < EXACT_DOUBLE_INTEGERS or whole == int(Decimal(repr(value))) else value


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


def _date_precisions(frame: pd.DataFrame) -> dict[int, str]:
    """The position of each column of dates and times of `frame` -> the format all its values need
    (`plots.value_text.date_precision`)."""
    return {i: date_precision(frame.iloc[:, i]) for i, dtype in enumerate(frame.dtypes)
            if pd.api.types.is_datetime64_any_dtype(dtype)}


def pieces_date_formats(pieces: Iterable[pd.DataFrame]) -> dict[int, str]:
    """What `_date_precisions` gives the frame whose rows `pieces` hold one after another, read a
    piece at a time: for each column, the finest format any piece needs."""
    formats: dict[int, str] = {}
    for piece in pieces:
        for i, precision in _date_precisions(piece).items():
            formats[i] = max(formats.get(i, precision), precision, key=DATE_PRECISIONS.index)
    return formats


def _dates_as_text(rows: pd.DataFrame, precisions: dict[int, str]) -> pd.DataFrame:
    """`rows` (some rows of a frame) with each column of dates and times as text, dates or times as
    all of the frame's values in it need (`precisions`: `_date_precisions` of the whole frame), each
    time with the fraction of a second it needs (`plots.value_text.date_texts`)."""
    if not precisions:
        return rows
    rows = rows.copy(deep=False)
    for i, precision in precisions.items():
        texts = date_texts(rows.iloc[:, i], precision)
        rows.isetitem(i, pd.Series(texts, index=rows.index, dtype=object))
    return rows


def _row_chunks(frame: pd.DataFrame, rows_per_chunk: int, limit: int | None = None) -> Iterator[Iterator[tuple]]:
    """The first `limit` rows of `frame` (all when None), dates as text (`_dates_as_text`), in runs
    of at most `rows_per_chunk` tuples, each read as it is written; none for a frame without rows."""
    end = len(frame) if limit is None else min(limit, len(frame))
    pieces = (frame.iloc[start:min(start + rows_per_chunk, end)] for start in range(0, end, rows_per_chunk))
    return _piece_rows(pieces, _date_precisions(frame))


def _piece_rows(pieces: Iterable[pd.DataFrame], precisions: dict[int, str]) -> Iterator[Iterator[tuple]]:
    """The rows of each of `pieces` (of one frame), dates as text in the whole frame's formats
    (`precisions`), as a run of tuples read as it is written; none for a piece without rows."""
    written = 0
    for piece in pieces:
        if len(piece):
            yield _in_time(_dates_as_text(piece, precisions).itertuples(index=False, name=None), written)
            written += len(piece)


def _moment_text(moment: pd.Timestamp) -> str:
    # As a column of one: in UTC with its Z, unlike plots.value_text.date_text, which is for words.
    [text] = date_texts(pd.Series([moment]))
    return text


def _cell(value) -> object:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, pd.Timestamp):  # a moment among other values; a column of them is text by now
        return _moment_text(value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class _LineFeedRows:
    """Where `frame_csv`'s writer writes: its rows, each ending with a line feed.

    The writer is told that rows end with CRLF, since it quotes only a field holding a character
    of the line ending it writes: so a text holding a lone carriage return (a source database's
    text may) is quoted, as one holding a line feed is, and a CSV reader keeps it one field of one
    record. Each row then ends with a line feed as it always has (the writer writes a row at once).

    A row of one text of white space only (a dataset of one column) is quoted too, which the writer
    does not do: unquoted, its line is blank, and a reader (the site's upload too) skips it as no row.
    """

    def __init__(self) -> None:
        self.out = io.StringIO()

    def write(self, row: str) -> None:
        line = row.removesuffix("\r\n")
        if line and line.isspace():  # no quote, separator or line break in it: quoted as it is
            line = f'"{line}"'
        self.out.write(line + "\n")

    def taken(self) -> str:
        """What was written since the last time, taken out."""
        text = self.out.getvalue()
        self.out = io.StringIO()
        return text


def _writer(rows: _LineFeedRows):
    """The CSV writer of the export, writing into `rows` (see `_LineFeedRows` for its line ending)."""
    return csv.writer(rows, lineterminator="\r\n")


def cell_text(value) -> object:
    """A value as the CSV export writes it in its cell: a text a spreadsheet would run as a formula
    with a `'` before it, a missing value blank, others as they are."""
    return _cell(value)


def csv_record(values: Iterable) -> str:
    """One row of `values` as the CSV export writes it: its line (lines, where a quoted text holds
    line breaks), ending with a line feed."""
    rows = _LineFeedRows()
    _writer(rows).writerow([_cell(v) for v in values])
    return rows.taken()


def frame_csv(frame: pd.DataFrame) -> str:
    """The frame as CSV text, text cells that a spreadsheet would run as formulas neutralised, and
    any holding a line break, a carriage return too, quoted, as is a row of one cell of white space."""
    return "".join(csv_chunks(frame, max(len(frame), 1)))


def csv_chunks(frame: pd.DataFrame, rows_per_chunk: int) -> Iterator[str]:
    """`frame_csv(frame)` in pieces: the header line, with the first `rows_per_chunk` rows, then
    each next `rows_per_chunk` rows; what is held at once is a piece's rows, not the whole text."""
    return _csv_text(frame.columns, _row_chunks(frame, rows_per_chunk))


def csv_pieces(columns: Sequence[str], pieces: Iterable[pd.DataFrame], date_formats: dict[int, str]) -> Iterator[str]:
    """`frame_csv` of the frame of `columns` whose rows `pieces` hold one after another, a piece at a
    time (the header line with the first), its dates in `date_formats` (`pieces_date_formats`)."""
    return _csv_text(columns, _piece_rows(pieces, date_formats))


def _csv_text(columns: Iterable, chunks: Iterable[Iterable[tuple]]) -> Iterator[str]:
    """The header line of `columns` with the rows of the first of `chunks`, then those of each next
    one (the header line alone for none)."""
    rows = _LineFeedRows()
    writer = _writer(rows)
    writer.writerow([_cell(str(c)) for c in columns])
    written = False
    for chunk in chunks:
        for row in chunk:
            writer.writerow([_cell(v) for v in row])
        written = True
        yield rows.taken()
    if not written:
        yield rows.taken()


def _json_value(value):
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):  # a moment among other values; a column of them is text by now
        return _moment_text(value)
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def frame_json_rows(frame: pd.DataFrame, limit: int | None = None) -> list[list]:
    """The frame's rows (the first `limit` of them, when given) as JSON-ready lists: missing values
    and NaN become null, moments ISO 8601 text (`_dates_as_text`)."""
    rows = limit if limit is not None else len(frame)
    return [row for chunk in json_row_chunks(frame, max(rows, 1), limit) for row in chunk]


def json_row_chunks(frame: pd.DataFrame, rows_per_chunk: int, limit: int | None = None) -> Iterator[list[list]]:
    """`frame_json_rows(frame, limit)` in lists of at most `rows_per_chunk` rows (none for no rows)."""
    for chunk in _row_chunks(frame, rows_per_chunk, limit):
        yield [[_json_value(v) for v in row] for row in chunk]


def json_row_pieces(pieces: Iterable[pd.DataFrame], date_formats: dict[int, str]) -> Iterator[list[list]]:
    """`frame_json_rows` of the frame whose rows `pieces` hold one after another, a list a piece (none
    for a piece without rows), its dates in `date_formats` (`pieces_date_formats`)."""
    for chunk in _piece_rows(pieces, date_formats):
        yield [[_json_value(v) for v in row] for row in chunk]


def spec_json(spec: ChartSpec) -> dict[str, str]:
    """The fields of `spec` that differ from the defaults as query text (`ChartSpec.to_query`, which
    they still are), but for a date bound (xmin, xmax): in UTC with its Z, as the selection's moments
    are, since JavaScript's Date would read it as local time without one."""
    fields = spec.to_query()
    for name in DATE_FIELDS:
        moment = getattr(spec, name)
        if isinstance(moment, datetime):
            fields[name] = moment_text(moment)
    return fields
