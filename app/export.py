"""Data out of the site: CSV safe to open in a spreadsheet, JSON rows with ISO dates in UTC (one format a column)."""
from __future__ import annotations

import math
import re
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextvars import ContextVar
from datetime import datetime
from typing import TypeVar

import numpy as np
import pandas as pd

from plots import ChartSpec
from plots.spec import DATE_FIELDS
from plots.value_text import DATE_PRECISIONS, date_precision, date_texts, moment_text

# OWASP CSV injection: a spreadsheet runs a cell starting with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# The separators a spreadsheet may split a line at other than the comma (which the export quotes):
# the semicolon of locales whose decimal mark is a comma, and the tab. Where it splits there, a
# cell's text after one begins a cell of its own, outside the quote marks of the export's cell.
SPLIT_AT = ";\t"
_STARTS = re.escape("".join(FORMULA_STARTS))
# A place in a text right after one of SPLIT_AT where the piece that follows starts as a formula
# does, past any quote marks (a cell opened by one is read as quoted, and a formula inside run), or
# past `'` written before it: such a piece gets one `'` more, so that an upload, which takes one away
# (`unneutralised`), reads back the text written.
SEPARATED_FORMULA = re.compile(f'(?<=[{SPLIT_AT}])(?=\'*"*[{_STARTS}])')
# A text that starts as a formula does, past any `'` before it (which gets one `'` more, alike).
FORMULA_START = re.compile(f"'*[{_STARTS}]")
# A line starting as FORMULA_START, or a piece of it after one of SPLIT_AT starting as a formula
# does (SEPARATED_FORMULA): where none of a column's texts, joined by line feeds, holds one, none of
# them needs neutralising.
FORMULA_LINE = re.compile(f'^\'*[{_STARTS}]|[{SPLIT_AT}]\'*"*[{_STARTS}]', re.MULTILINE)
# The `'` the export writes before a text starting as FORMULA_START, and before each piece after one
# of SPLIT_AT starting as SEPARATED_FORMULA finds: what an upload takes away (`unneutralised`).
WRITTEN_START = re.compile(f"'(?='*[{_STARTS}])")
WRITTEN_PIECE = re.compile(f'(?<=[{SPLIT_AT}])\'(?=\'*"*[{_STARTS}])')
# How many rows are written between two looks at the clock, past a deadline (`writing_until`): a block
# of them is written column by column.
ROWS_BETWEEN_CHECKS = 1000
# The characters a reader may end a line at: a line break, a lone carriage return too (a source
# database's text may hold one), and the others Python's str.splitlines ends one at (a vertical tab, a
# form feed, the separators \x1c to \x1e, NEL, U+2028 and U+2029).
LINE_BREAKS = "\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
# What the export quotes a text for, doubling each quote mark in it: its separator, another a
# spreadsheet may split at (SPLIT_AT), its quote mark, or one of LINE_BREAKS, so that a CSV reader
# keeps it one field of one record.
QUOTED = re.compile(f'[,"{SPLIT_AT}{LINE_BREAKS}]')

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


def _in_time(blocks: Iterable[T], written: int = 0) -> Iterator[T]:
    """`blocks` (of at most ROWS_BETWEEN_CHECKS rows each), each checked against the deadline
    `writing_until` set, if any, before it is written (`written`: how many rows were written before
    these)."""
    deadline = _DEADLINE.get()
    for i, block in enumerate(blocks):
        if deadline is not None and time.monotonic() > deadline:
            raise PastDeadline(f"rows were still being written at the deadline, "
                               f"{written + i * ROWS_BETWEEN_CHECKS:,} of them written")
        yield block


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


def _row_chunks(frame: pd.DataFrame, rows_per_chunk: int,
                limit: int | None = None) -> Iterator[Iterator[pd.DataFrame]]:
    """The first `limit` rows of `frame` (all when None), dates as text (`_dates_as_text`), in runs
    of at most `rows_per_chunk` rows, each a run of blocks made as it is written (`_piece_blocks`);
    none for a frame without rows."""
    end = len(frame) if limit is None else min(limit, len(frame))
    pieces = (frame.iloc[start:min(start + rows_per_chunk, end)] for start in range(0, end, rows_per_chunk))
    return _piece_rows(pieces, _date_precisions(frame))


def _piece_rows(pieces: Iterable[pd.DataFrame], precisions: dict[int, str]) -> Iterator[Iterator[pd.DataFrame]]:
    """The rows of each of `pieces` (of one frame), dates as text in the whole frame's formats
    (`precisions`), as a run of blocks of at most ROWS_BETWEEN_CHECKS rows, each made as it is
    written; none for a piece without rows."""
    written = 0
    for piece in pieces:
        if len(piece):
            yield _in_time(_blocks(piece, precisions), written)
            written += len(piece)


def _blocks(piece: pd.DataFrame, precisions: dict[int, str]) -> Iterator[pd.DataFrame]:
    """The rows of `piece`, dates as text (`_dates_as_text`), in blocks of ROWS_BETWEEN_CHECKS."""
    rows = _dates_as_text(piece, precisions)
    for start in range(0, len(rows), ROWS_BETWEEN_CHECKS):
        yield rows.iloc[start:start + ROWS_BETWEEN_CHECKS]


def _column_values(values: pd.Series) -> tuple[list, bool]:
    """The values of a column as its rows give them (a number as Python's, the rest as they are),
    and whether they are all numbers of numpy's own (no value missing but NaN, no text)."""
    dtype = values.dtype
    if isinstance(dtype, np.dtype) and dtype.kind in "fiub":
        return values.to_numpy().tolist(), True
    if isinstance(dtype, np.dtype) and dtype.kind == "O":
        return list(values.to_numpy()), False  # as they are, numpy's numbers too
    if isinstance(dtype, pd.StringDtype):  # its missing values, whichever, are written as any missing value
        return values.to_numpy(dtype=object).tolist(), False
    return list(values), False


def _neutralised(text: str) -> str:
    """A text as the export writes its cell, before quoting: one that a spreadsheet would run as a
    formula (one starting with one of FORMULA_STARTS) with a `'` before it, and so each piece of it
    after a semicolon or a tab that would start a cell running one where a spreadsheet splits the
    line there (`SEPARATED_FORMULA`), the export's one rule for them (`_texts` looks first whether a
    column's texts hold any, `FORMULA_LINE`)."""
    if ";" in text or "\t" in text:
        text = SEPARATED_FORMULA.sub("'", text)
    return "'" + text if FORMULA_START.match(text) else text


def unneutralised(cell: str) -> str:
    """A CSV cell read back as the text the export wrote it of (`_neutralised`): the `'` before a text
    starting as a formula does taken away, and the one before each such piece after a semicolon or a
    tab, so that a download uploads back unchanged. A spreadsheet reads a `'` before a cell's text as
    the mark of a text too, and shows the text without it."""
    if WRITTEN_START.match(cell):
        cell = cell[1:]
    if ";" in cell or "\t" in cell:
        cell = WRITTEN_PIECE.sub("", cell)
    return cell


def _texts(values: list) -> list[str]:
    """Values as the export writes their cells, before quoting: a text of Python's own str, most
    cells, `_neutralised`; any other value as `_cell` writes it."""
    if set(map(type, values)) <= {str} and FORMULA_LINE.search("\n".join(values)) is None:
        return values  # texts, none of them a line that starts as a formula does: each is its cell
    return [_neutralised(value) if type(value) is str else _written(_cell(value)) for value in values]


def _written(cell) -> str:
    """A cell (`_cell`) as the export writes it, before quoting: a value that is no text as its str."""
    return cell if isinstance(cell, str) else str(cell)


def _csv_cells(values: pd.Series) -> list[str]:
    """The cells of one column of a block (dates as text) as the export writes them (`_value_cells`)."""
    if isinstance(values.dtype, np.dtype) and values.dtype.kind in "iub":  # whole numbers and truth values
        return values.to_numpy().astype(str).tolist()  # numpy writes their digits, True and False, as Python does
    column, numbers = _column_values(values)
    if numbers:  # a number is never quoted, nor neutralised as a formula
        return ["" if value != value else str(value) for value in column]
    return _value_cells(column)


def _value_cells(values: list) -> list[str]:
    """Values as the export writes their cells (`_texts`), by its one quoting rule: a text holding a
    separator, a quote mark or a line break, a carriage return or another character a reader may end
    a line at too (QUOTED), between quote marks, each of its quote marks doubled."""
    cells = _texts(values)
    if QUOTED.search("".join(cells)) is None:
        return cells
    return ['"' + cell.replace('"', '""') + '"' if QUOTED.search(cell) else cell for cell in cells]


def _csv_lines(block: pd.DataFrame) -> str:
    """The rows of `block` (dates as text) as `frame_csv` writes them, column by column."""
    return _lines([_csv_cells(block.iloc[:, i]) for i in range(block.shape[1])], len(block))


def _lines(columns: list[list[str]], rows: int) -> str:
    """The `rows` rows whose cells (`_value_cells`) `columns` hold, a column each, as CSV lines, each
    ending with a line feed. A row of one cell that is blank or of white space only is quoted: unquoted,
    its line is blank, and a reader (the site's upload too) skips it as no row."""
    if not columns:
        return "\n" * rows
    lines = list(map(",".join, zip(*columns)))
    if len(columns) == 1:
        lines = ['""' if not line else f'"{line}"' if line.isspace() else line for line in lines]
    return "\n".join(lines) + "\n"


def _json_rows(block: pd.DataFrame) -> list[list]:
    """The rows of `block` (dates as text) as `frame_json_rows` gives them, made column by column."""
    columns = []
    for i in range(block.shape[1]):
        column, numbers = _column_values(block.iloc[:, i])
        if numbers and block.dtypes.iloc[i].kind == "f":
            columns.append([value if math.isfinite(value) else None for value in column])
        elif numbers:
            columns.append(column)
        else:
            columns.append([_json_value(value) for value in column])
    if not columns:
        return [[] for _ in range(len(block))]
    return list(map(list, zip(*columns)))


def _moment_text(moment: pd.Timestamp) -> str:
    # As a column of one: in UTC with its Z, unlike plots.value_text.date_text, which is for words.
    [text] = date_texts(pd.Series([moment]))
    return text


def _cell(value) -> object:
    if isinstance(value, str):  # a text, of a subclass of str too (numpy's)
        return _neutralised(str(value))
    if value is None or pd.isna(value):
        return ""
    if isinstance(value, pd.Timestamp):  # a moment among other values; a column of them is text by now
        return _moment_text(value)
    return value


def cell_text(value) -> object:
    """A value as the CSV export writes it in its cell: a text a spreadsheet would run as a formula
    with a `'` before it, and each piece after a semicolon or tab that would start one (`_neutralised`),
    a missing value blank, others as they are."""
    return _cell(value)


def csv_record(values: Iterable) -> str:
    """One row of `values` as the CSV export writes it: its line (lines, where a quoted text holds
    line breaks), ending with a line feed."""
    return _lines([[cell] for cell in _value_cells(list(values))], 1)


def frame_csv(frame: pd.DataFrame) -> str:
    """The frame as CSV text, text cells that a spreadsheet would run as formulas, or split into
    one at a semicolon or tab, neutralised (`_neutralised`), and any holding a separator, a line
    break, a carriage return or another character a reader may end a line at too (QUOTED), quoted,
    as is a row of one cell of white space."""
    return "".join(csv_chunks(frame, max(len(frame), 1)))


def csv_chunks(frame: pd.DataFrame, rows_per_chunk: int) -> Iterator[str]:
    """`frame_csv(frame)` in pieces: the header line, with the first `rows_per_chunk` rows, then
    each next `rows_per_chunk` rows; what is held at once is a piece's rows, not the whole text."""
    return _csv_text(frame.columns, _row_chunks(frame, rows_per_chunk))


def csv_pieces(columns: Sequence[str], pieces: Iterable[pd.DataFrame], date_formats: dict[int, str]) -> Iterator[str]:
    """`frame_csv` of the frame of `columns` whose rows `pieces` hold one after another, a piece at a
    time (the header line with the first), its dates in `date_formats` (`pieces_date_formats`)."""
    return _csv_text(columns, _piece_rows(pieces, date_formats))


def _csv_text(columns: Iterable, chunks: Iterable[Iterable[pd.DataFrame]]) -> Iterator[str]:
    """The header line of `columns` with the rows of the first of `chunks`, then those of each next
    one (the header line alone for none)."""
    header = csv_record(str(c) for c in columns)
    written = False
    for chunk in chunks:
        yield header + "".join(map(_csv_lines, chunk))
        header, written = "", True
    if not written:
        yield header


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
        yield [row for block in chunk for row in _json_rows(block)]


def json_row_pieces(pieces: Iterable[pd.DataFrame], date_formats: dict[int, str]) -> Iterator[list[list]]:
    """`frame_json_rows` of the frame whose rows `pieces` hold one after another, a list a piece (none
    for a piece without rows), its dates in `date_formats` (`pieces_date_formats`)."""
    for chunk in _piece_rows(pieces, date_formats):
        yield [row for block in chunk for row in _json_rows(block)]


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
