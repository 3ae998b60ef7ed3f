"""A CSV file's bytes read as typed columns: a data-folder file typed by the rule of `csv_types`
(lenient), read as UTF-8 text as an upload is (`file_text`), the checks on raw text that an upload
shares with it (no header, a quoted value never closed), and the rules of `csv_headers` it is held
to as an upload is (its header's names; as many values in each row as the header has columns).
"""
from __future__ import annotations

import csv
import io
import re
from typing import NamedTuple

import numpy as np
import pandas as pd

from .csv_headers import (
    BYTE_ORDER_MARK,
    column_names,
    header_problem,
    header_separator_problem,
    row_width_problem,
)
from .cell_values import too_large_cell, typed_column, with_line_feeds
from .csv_types import surely_text
from .file_text import NotUtf8, line_of_byte, utf8_text
from .header_and_total_rows import is_totals_row
from .text_places import CSV, NO_HEADER, Place
from .totals_rows import file_without_totals_row
from .types import Column
from .upload_limits import line_at
from .written_forms import Cell


# A cell that may begin with a leading zero (`01234`, quoted or not): pandas reads it as a number,
# the rule keeps a column of such whole numbers as text (`csv_types`), so a file holding one has
# its columns of whole numbers typed by the rule from their text (`_may_be_leading_zero_text`).
LEADING_ZERO_CELL = re.compile(rb'(?:^|[,\r\n])[ \t]*"?[ \t]*[+-]?0[0-9]')


def _rule_agrees(series: pd.Series) -> bool:
    """Whether pandas' typed column is what the rule gives: int64 (whole numbers in ASCII digits,
    spaces around, within 64 bits, none missing) or float64 (decimal numbers, an empty cell
    missing). Its parser accepts no other words but Infinity, which the lenient rule reads as
    missing as it does a number too large; anything else pandas typed (booleans, integers beyond
    64 bits, text) goes through the rule."""
    return series.dtype == np.dtype(np.int64) or series.dtype == np.dtype(np.float64)


def _may_be_leading_zero_text(series: pd.Series) -> bool:
    """Whether a column pandas typed int64 or float64 may be one the rule keeps as text for its
    leading zeros: only whole numbers are, so int64, or float64 whose values (missing aside) are
    all whole; a column holding 1.5 or Infinity is not."""
    if series.dtype == np.dtype(np.int64):
        return True
    values = series.to_numpy()
    present = values[~np.isnan(values)]
    return bool(np.all(np.isfinite(present) & (present == np.trunc(present))))


# A CSV that names no columns, as words that follow "the CSV" or "it": no text at all (a first line
# that is blank is NO_HEADER's).
# What a data-folder CSV that is not UTF-8 may be in its place: the data folder reads a workbook as it is.
WORKBOOK_INSTEAD = "put the Excel workbook (.xlsx) itself in the data folder in the CSV's place"
EMPTY = "is empty; its first line must name the columns"
# A CSV of a header alone, as words that follow "the CSV" or "it": its columns have no type.
NO_ROWS = "has a header but no rows; at least one row is needed to tell the column types"


def unclosed_quote(text: str) -> int | None:
    """The offset of the quote that opens the value a CSV reader was still reading when `text` ran
    out; None when no quote could. After that quote every quote of the value is doubled, so it
    begins the last run of quotes of odd length (a closing quote would make one odd run more)."""
    end = len(text)
    while (last := text.rfind('"', 0, end)) != -1:
        first = last
        while first and text[first - 1] == '"':
            first -= 1
        if (last - first) % 2 == 0:
            return first
        end = first
    return None


def never_closed(text: str, quote: int, place: Place = CSV) -> str:
    """The refusal of a CSV whose quoted value opened at `quote` is never closed, naming its line (in the
    words of `place`): the reader takes the rest of the text into it, so where it stopped says nothing."""
    return (f"the quoted value that begins on {place.line_of_whole(line_at(text, quote))} is never closed: end it "
            'with a quote, or, where a quote is part of a value, quote the value and write that quote twice ("")')


def _texts_read(series: pd.Series, strings: np.ndarray, carriage_returns: bool) -> pd.Series:
    """A text column as pandas read it (`strings`: its cells, NaN where missing), made the rule's:
    an empty cell missing (pandas leaves "" in some columns, one holding a number beyond 64 bits,
    say), and line breaks as line feeds, which only a file holding a carriage return needs.
    `series` itself when nothing changes."""
    empty = strings == ""  # numpy compares several times faster than pandas
    texts = series.mask(empty) if empty.any() else series
    return with_line_feeds(texts) if carriage_returns else texts


# How pandas renames a name that a header gives again (`value`, then `value.1`) and names a column
# the header leaves without one (`Unnamed: 2`, the column's position counted from 0).
RENAMED = re.compile(r".+\.[0-9]+|Unnamed: [0-9]+")


def _names_as_written(raw: bytes, names: tuple[str, ...]) -> tuple[str, ...]:
    """The header's names (`column_names`) as the file writes them, where pandas read `names`: it
    renames a name given again (`value`, `value.1`) and names an empty one (`Unnamed: 0`), which
    the header is refused for as an upload's is."""
    if not any(RENAMED.fullmatch(name) for name in names):
        return names
    first = pd.read_csv(io.BytesIO(raw), header=None, nrows=1, dtype=str, keep_default_na=False)
    written = column_names(first.iloc[0])
    return names if len(written) != len(names) else written


# The bytes a CSV's rows are cut by; a line of only spaces and tabs (and the carriage return of its
# CRLF) is blank, no row, as pandas and an upload read it.
QUOTE, COMMA, LINE_FEED, CARRIAGE_RETURN = b'",\n\r'
BLANK = b" \t\r"


def _line_ends(data: np.ndarray, carriage_returns: bool) -> np.ndarray:
    """Where the lines of CSV bytes end, as pandas and Python's CSV reader end them: at each line
    feed, and at each carriage return that no line feed follows (`carriage_returns`: the bytes
    hold one)."""
    feeds = data == LINE_FEED
    if not carriage_returns:
        return np.flatnonzero(feeds)
    returns = data == CARRIAGE_RETURN
    returns[:-1] &= ~feeds[1:]
    return np.flatnonzero(feeds | returns)


def _outside_quotes(positions: np.ndarray, quotes: np.ndarray) -> np.ndarray:
    """The positions that no quoted value holds: those after an even number of quotes."""
    return positions[np.searchsorted(quotes, positions) % 2 == 0] if len(quotes) else positions


def _quoted_as_csv(data: np.ndarray, quotes: np.ndarray) -> bool:
    """Whether every quote of CSV bytes opens or closes a quoted value, or doubles one inside it:
    opening after a comma, a line end or a closing quote, closing before a comma, a line end, the
    end or an opening quote, and none left open. Then the quotes' parity tells a comma or line end
    inside a value from one between values. pandas and Python's CSV reader take a quote elsewhere
    (`5'10"`) as a character."""
    if len(quotes) % 2:
        return False
    opening, closing = quotes[0::2], quotes[1::2]
    before = data[opening[opening > 0] - 1]
    after = data[closing[closing < len(data) - 1] + 1]
    cuts = (COMMA, LINE_FEED, CARRIAGE_RETURN, QUOTE)
    return bool(np.isin(before, cuts).all() and np.isin(after, cuts).all())


def _first_misfit(reader) -> tuple[int, int, list[str]] | None:
    """`misfit_row` of the rows a CSV reader gives."""
    width, row = None, 0
    for cells in reader:
        if not cells or (len(cells) == 1 and not cells[0].strip(" \t")):
            continue
        if width is None:
            width = len(cells)
            continue
        row += 1
        if len(cells) != width:
            return row, reader.line_num, cells
    return None


def _misfit_row_read(raw: bytes) -> tuple[int, int, list[str]] | None:
    """`misfit_row` for bytes whose quotes are not all where CSV puts them: read by Python's CSV
    reader, which takes a quote inside a value as pandas does (`5'10"`), and, leniently, a value
    quoted before more characters too (`"x"y` as `xy`). None for bytes it cannot read (a quote
    never closed, a value beyond its limit), which pandas then refuses."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    for strict in (True, False):
        try:
            return _first_misfit(csv.reader(io.StringIO(text, newline=""), strict=strict))
        except csv.Error as error:
            if not str(error).endswith("expected after '\"'"):
                return None
    return None


def misfit_row(raw: bytes) -> tuple[int, int, list[str]] | None:
    """The first row of a CSV file's bytes whose number of values is not the header's (`1,2,` under
    `a,b`), as `row_width_problem` takes it: its number (the first after the header is 1, blank lines
    aside), the line it ends on and its values. None when every row has the header's.

    The rows are cut as pandas cuts them, found by numpy in a fraction of pandas' time: pandas
    itself fills a short row with missing values, takes the first columns as the index when the
    first row is longer (shifting every column by one), and refuses a longer row after that in
    words that name no row."""
    body = memoryview(raw)[len(BYTE_ORDER_MARK.encode()):] if raw.startswith(BYTE_ORDER_MARK.encode()) else raw
    data = np.frombuffer(body, dtype=np.uint8)
    quotes = np.flatnonzero(data == QUOTE) if b'"' in raw else np.empty(0, dtype=np.intp)
    if len(quotes) and not _quoted_as_csv(data, quotes):
        return _misfit_row_read(raw)
    line_ends = _line_ends(data, b"\r" in raw)
    ends = _outside_quotes(line_ends, quotes)
    commas = _outside_quotes(np.flatnonzero(data == COMMA), quotes)
    starts, stops = np.concatenate(([0], ends + 1)), np.concatenate((ends, [len(data)]))
    # The commas before each record's end; a line end is no comma, so those before its start too.
    before = np.concatenate(([0], np.searchsorted(commas, ends), [len(commas)]))
    widths = np.diff(before) + 1

    def blank(record: int) -> bool:
        return widths[record] == 1 and not bytes(body[starts[record]:stops[record]]).strip(BLANK)

    header = next((record for record in range(len(widths)) if not blank(record)), None)
    if header is None:
        return None
    misfit = next((record for record in np.flatnonzero(widths != widths[header])
                   if record > header and not blank(record)), None)
    if misfit is None:
        return None
    blanks = sum(map(blank, header + 1 + np.flatnonzero(widths[header + 1:misfit] == 1)))
    line = int(np.searchsorted(line_ends, stops[misfit])) + 1
    return int(misfit - header - blanks), line, _record_values(body[starts[misfit]:stops[misfit]])


def _record_values(record: bytes | memoryview) -> list[str]:
    """The values of one record of a file's bytes, quotes placed as CSV puts them, as a CSV reader
    reads them (a record holds its quoted line breaks)."""
    text = bytes(record).decode("utf-8", errors="replace").removesuffix("\r")
    return next(csv.reader(io.StringIO(text, newline="")), [""])


# What pandas skips before a file's header: a byte-order mark and blank lines (or of spaces and tabs).
BEFORE_HEADER = re.compile(rb"(?:\xef\xbb\xbf)?(?:[ \t]*(?:\r\n|\r|\n))*")
LINE_END = re.compile(rb"[\r\n]")


def _header_line(raw: bytes) -> str:
    """The line of a data-folder file that pandas reads its header from, as it is written."""
    start = BEFORE_HEADER.match(raw).end()
    end = LINE_END.search(raw, start)
    return raw[start:len(raw) if end is None else end.start()].decode("utf-8", errors="replace")


def _header_names(raw: bytes, place: Place) -> tuple[str, ...]:
    """The column names of a data-folder file's header, checked as an upload's are (`header_problem`;
    and values separated by semicolons, tabs or bars refused, `header_separator_problem`); raises ValueError
    in the words of `place`."""
    read = column_names(pd.read_csv(io.BytesIO(raw), nrows=0, index_col=False).columns)
    separated = header_separator_problem(_header_line(raw), read, place)
    if separated is not None:
        raise ValueError(separated)
    names = _names_as_written(raw, read)
    problem = header_problem(names, None, place)
    if problem is not None:
        raise ValueError(problem)
    return names


def read_csv_columns(raw: bytes) -> tuple[tuple[Column, ...], pd.DataFrame]:
    """A data-folder CSV file typed by the rule (lenient): its columns and its rows (`read_csv_file`)."""
    return read_csv_file(raw)[:2]


class FileRows(NamedTuple):
    """A data-folder file as read: its columns, its rows, each float column's first cell of a number too large
    for a float, read as missing (`cell_values.too_large_cell`), and the warning of a last row of the totals of
    the rows above, left out of them as an upload's is (`totals_rows`)."""

    columns: tuple[Column, ...]
    frame: pd.DataFrame
    too_large: dict[str, Cell]
    left_out: tuple[dict, ...] = ()


def read_csv_file(raw: bytes, place: Place = CSV) -> FileRows:
    """A data-folder CSV file typed by the rule (lenient): its columns, its rows, each float column's
    first cell of a number too large for a float, read as missing (`cell_values.too_large_cell`), and the
    warning of a last row of the totals of the rows above, left out before the columns are typed, as an
    upload's is (`totals_rows.totals_label`).

    pandas reads the file with its own, much faster, typing first; a column it makes int64 or
    float64 is what the rule makes of it (`_rule_agrees`), and every other column is read again as
    text and typed by the rule. Raises ValueError, in the words an upload is refused with, for what
    an upload may not be either: a CSV whose values are separated by semicolons, tabs or bars, text in
    UTF-16 or UTF-32 or not in UTF-8, text that begins with two byte-order marks or holds a NUL, that is empty,
    holds a header but no rows or a quoted value never closed, a header `header_problem` refuses or
    a row of more or fewer values than the header has columns; and pandas' ParserError (a ValueError too) for any other
    bytes it cannot read. Its lines and header are named in the words of `place` (a workbook's sheet's).
    """
    try:
        utf8_text(raw)  # its text is not kept while pandas reads the bytes: a big file's is as big
    except NotUtf8 as error:
        raise ValueError(f"it {error.csv_advice(WORKBOOK_INSTEAD)}") from None
    except ValueError as error:
        raise ValueError(f"it {error}") from None
    try:
        return _typed_columns(raw, place)
    except (pd.errors.EmptyDataError, pd.errors.ParserError) as error:
        problem = _refused_as_upload(utf8_text(raw), error, place)
        if problem is None:
            raise
        raise ValueError(problem) from None


def nul_byte(raw: bytes, offset: int) -> str:
    """Why a file's UTF-8 bytes `raw` holding a NUL at `offset` are refused: no value holds one (an
    upload's is refused, and a filter's), and a file a crash cut short may end in a run of them, which
    read as text made a column of numbers text without a word."""
    line = line_of_byte(raw, offset)
    return (f"it holds the byte 0x00 (NUL) on line {line} (at offset {offset}), which no value holds: remove it (a "
            "file a crash cut short may end in a run of them)")


def _refused_as_upload(text: str, error: Exception, place: Place) -> str | None:
    """Why pandas could not read a file's UTF-8 `text` (`error`), in the words an upload is refused
    with and with positions in the whole file, where pandas' own words are its library's (its
    tokenizer counts rows its own way); None for another error."""
    if isinstance(error, pd.errors.EmptyDataError):  # no text, or blank lines only: pandas skips those
        return f"it {EMPTY}" if not text else f"its {NO_HEADER}"
    quote = unclosed_quote(text) if "EOF inside string" in str(error) else None
    return None if quote is None else never_closed(text, quote, place)


def _typed_columns(raw: bytes, place: Place, totals: bool = True) -> FileRows:
    """`read_csv_file` of bytes that are UTF-8 text (`utf8_text`); `totals`: a last row of totals is looked for,
    once, as an upload's is."""
    names = _header_names(raw, place)  # a NUL in a name refused in an upload's words, naming the column
    nul = raw.find(b"\x00")
    if nul != -1:
        raise ValueError(nul_byte(raw, nul))
    misfit = misfit_row(raw)
    text = raw.decode("utf-8", errors="replace")
    problem = None if misfit is None else row_width_problem(*misfit, names, text, place)
    if problem is not None:
        raise ValueError(problem)
    # Every row has the header's width now; index_col=False keeps pandas from taking a column as
    # the index, whatever it would guess from the first row.
    frame = pd.read_csv(io.BytesIO(raw), keep_default_na=False, na_values=[""], index_col=False)
    if not len(frame):  # pandas would type each column of no values float
        raise ValueError(f"it {NO_ROWS}")
    frame.columns = names
    named_total = any(isinstance(cell, str) and is_totals_row(cell) for cell in frame.iloc[-1])
    if totals and len(frame) > 1 and named_total:
        without = file_without_totals_row(raw.decode("utf-8"), names, place)
        if without is not None:  # typed without it: a month column ending in Total is dates
            kept, warning = without
            return _typed_columns(kept.encode(), place, totals=False)._replace(left_out=(warning,))
    carriage_returns = b"\r" in raw
    kinds: dict[int, str] = {}
    too_large: dict[str, Cell | None] = {}
    as_text = []
    leading_zeros = LEADING_ZERO_CELL.search(raw) is not None
    for position in range(frame.shape[1]):
        series = frame.iloc[:, position]
        if _rule_agrees(series) and not (leading_zeros and _may_be_leading_zero_text(series)):
            kinds[position] = "integer" if series.dtype == np.dtype(np.int64) else "float"
            if kinds[position] == "float" and np.isinf(series.to_numpy()).any():
                # pandas reads a number too large for a float as infinite, as it does the word inf
                texts = pd.read_csv(io.BytesIO(raw), dtype=str, keep_default_na=False, usecols=[position])
                too_large[names[position]] = too_large_cell(texts.iloc[:, 0], series)
                frame.isetitem(position, series.replace([np.inf, -np.inf], np.nan))
        elif isinstance(series.dtype, pd.StringDtype):  # pandas kept the cells as they are, "" as missing
            strings = series.to_numpy(dtype=object)  # str, NaN where missing; no copy of the cells
            if surely_text(cell for cell in strings if isinstance(cell, str)):
                # then pandas' column is the rule's text column, or nearly
                kind, values = "text", _texts_read(series, strings, carriage_returns)
            else:
                cells = series.fillna("").to_numpy(dtype=object)
                kind, values = typed_column(cells, strict=False)
                if kind == "float":
                    too_large[names[position]] = too_large_cell(cells, values)
            kinds[position] = kind
            if values is not series:
                frame.isetitem(position, values.set_axis(frame.index))
        else:
            as_text.append(position)
    if as_text:
        again = pd.read_csv(io.BytesIO(raw), dtype=str, keep_default_na=False, usecols=as_text)
        for offset, position in enumerate(as_text):
            kinds[position], values = typed_column(again.iloc[:, offset], strict=False)
            if kinds[position] == "float":
                too_large[names[position]] = too_large_cell(again.iloc[:, offset], values)
            frame.isetitem(position, values.set_axis(frame.index))
    columns = tuple(Column(name, kinds[position]) for position, name in enumerate(names))
    return FileRows(columns, frame, {name: cell for name, cell in too_large.items() if cell is not None})

