"""An uploaded CSV into typed rows: a new dataset's table, or rows to append to one.

Every check happens here, before anything is stored, and a failure names the row, the column and
what is allowed. The column types and values come from the rule a data-folder file's come from
(`csv_types`), read in its strict mode (`cell_values`); the header's names from `csv_headers`. Values come out ready
to store: integers as int, floats as finite float, datetimes as ISO 8601 text (times with a UTC
offset converted to UTC), text as str; a missing value is None (allowed in every column but an
integer one). Rows sent as JSON are read in `json_rows`; the limits an upload is held to are in
`upload_limits`; rows pasted into the append form, as the CSV they stand for, in `pasted_rows`.
"""
from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..export import unneutralised
from .csv_files import EMPTY, NO_ROWS, never_closed, unclosed_quote
from .csv_headers import (column_names, header_problem, header_separator_problem, row_width_problem,
                          separated_header_problem)
from .cell_values import BadCell, column_values, integer_fixed, typed_column
from .csv_types import surely_text
from .empty_rows import NONE, EmptyRows, UploadRows, empty_csv_rows
from .frames import columns_of
from .types import Column, WriteRejected
from .upload_columns import ValueRefused, check_names, row_and_column, stored_names
from .upload_limits import (
    DEFAULT_UPLOAD_LIMITS,
    LIMITS_SETTING,
    UploadLimits,
    check_as_csv,
    check_line_lengths,
    surely_fits_as_csv,
    line_at,
    max_value_length,
)
from .header_and_total_rows import line_hint
from .text_places import CSV, LINE_END, Place
from .totals_rows import sum_row_left_out


@dataclass(frozen=True)
class Table:
    """A new dataset's columns (with inferred types) and its rows, each a tuple in column order;
    `frame`, where the CSV was read into one, the rows as a frame of the dtypes a read of the
    stored rows gives (`frames.column_series`), which the store may keep rather than read them again;
    `written`, the cells of each float column by its name, a row's at its index, as the CSV wrote them:
    a float keeps whole numbers past 2**53 to about 16 digits, which a create's warning names as written;
    `empty`, its rows of commas alone (`empty_rows`), each a row of missing values; `left_out`, the warning of
    its last row left out, the totals of the rows above (`totals_rows`), where it was."""

    columns: tuple[Column, ...]
    rows: list[tuple]
    frame: pd.DataFrame | None = field(default=None, compare=False, repr=False)
    written: Mapping[str, Sequence[str]] = field(default_factory=dict, compare=False, repr=False)
    empty: EmptyRows = field(default=NONE, compare=False, repr=False)
    left_out: tuple[dict, ...] = field(default=(), compare=False, repr=False)


def _too_many_rows(rows: int, limits: UploadLimits, place: Place) -> WriteRejected:
    return WriteRejected(f"{place.whole} has {rows} rows; at most {limits.max_rows} rows may be sent at once "
                         f"({LIMITS_SETTING}), send the rest in further appends")


# A line of only spaces and tabs, as pasted text and hand-edited files often end with: blank, as
# pandas reads it in a data-folder file. A quoted cell of spaces ("  ") is a value on both paths.
BLANK_LINE = re.compile(r"[ \t]*[\r\n]*")
# Where such a line may be: after a line end (the first line is the header, read alike either way;
# a line inside a quoted cell matches too, and only sends the text the slower way). Most texts have
# none, and the reader then needs no look at their lines. One pattern for each line end, as a
# search for a pattern that begins with one character skips to it several times faster than a
# search for one that begins with either.
SPACES_LINE_AFTER = {end: re.compile(end + r"[ \t]+(?:[\r\n]|\Z)") for end in ("\n", "\r")}


class _Lines:
    """The lines of a text, as the CSV reader takes them one by one, remembering the last one: the
    reader gives a line of spaces and a quoted cell of spaces as the same cell."""

    def __init__(self, text: str):
        self._lines = io.StringIO(text, newline="")
        self.last = ""

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        self.last = next(self._lines)
        return self.last

    def is_row(self, cells: list[str]) -> bool:
        """Whether the cells the reader just gave are a row, not a blank line (empty, or spaces only)."""
        return bool(cells) and not (len(cells) == 1 and BLANK_LINE.fullmatch(self.last))


def _lines_and_rows(text: str) -> tuple[Iterator[str], Callable[[list[str]], bool] | None]:
    """The lines of `text` for the CSV reader, and the test of what it gives that tells a row from
    a blank line, for `filter` (None: any cell makes a row, as no line holds only spaces)."""
    if not any(end in text and line.search(text) for end, line in SPACES_LINE_AFTER.items()):
        return io.StringIO(text, newline=""), None
    lines = _Lines(text)
    return lines, lines.is_row


def _csv_rows(text: str, limits: UploadLimits,
              place: Place = CSV) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header and the (line number, cells) of each non-blank row; raises WriteRejected, in the words
    of `place`.

    Rows are counted as they are read, so that a line break inside a quoted cell does not count
    as a row; past the limit they are counted but not kept, to say how many there were.
    """
    check_line_lengths(text, limits, place)
    lines, is_row = _lines_and_rows(text)
    reader = csv.reader(lines, strict=True)
    try:
        header = next(reader, None)
        if header is None:
            raise WriteRejected(f"{place.whole} {EMPTY}")
        rows = []
        for cells in filter(is_row, reader):
            rows.append((reader.line_num, cells))
            if len(rows) > limits.max_rows:
                raise _too_many_rows(len(rows) + sum(1 for _ in filter(is_row, reader)), limits, place)
    except csv.Error as error:
        raise _unreadable(text, str(error), reader.line_num, place) from None
    if "'" in text:  # the `'` the site's CSV export writes before a text that starts as a formula does
        rows = [(line, list(map(unneutralised, cells))) for line, cells in rows]
    return header, rows


# A CSV's values as a strict reader reads them, from the start of the text: a quoted value (a quote
# inside written twice) that a comma, a line end or the end of the text follows, a value not quoted
# (which may hold a quote after its first character, `5'10"`), or the comma or line end after one.
# Possessive: each character is read once, however long the text.
READ_AS_CSV = re.compile(r'(?:"(?:[^"]++|"")*+"(?![^,\r\n])|[^",\r\n][^,\r\n]*+|[,\r\n])*+')
QUOTED_VALUE = re.compile(r'"(?:[^"]++|"")*+"')
VALUE_END = re.compile(r"[,\r\n]")


def quote_then_more(text: str) -> tuple[int, int] | None:
    """The offsets of the opening and the closing quote of the first quoted value of CSV `text`
    that other characters follow (`"ab"c`), where a strict reader stops; None when there is none
    (every quoted value ends before a comma, a line end or the end of the text, or is never closed)."""
    start = READ_AS_CSV.match(text).end()
    value = QUOTED_VALUE.match(text, start)
    if value is None or value.end() == len(text) or text[value.end()] in ",\r\n":
        return None
    return start, value.end() - 1


def quote_followed(text: str, opening: int, closing: int, place: Place = CSV) -> str:
    """The refusal of CSV `text` whose quoted value from `opening` to `closing` other characters
    follow, naming the line of its closing quote and showing it: the quote that ends the value there
    is most often one that was meant inside it (`"say "hi" again"`), or the value was meant to go on. Its lines
    are named in the words of `place`."""
    line_start = max(text.rfind("\n", 0, closing), text.rfind("\r", 0, closing)) + 1
    end = VALUE_END.search(text, closing)
    before = text[max(opening, line_start):closing + 1]
    after = text[closing + 1:len(text) if end is None else end.start()]
    shown = (before if len(before) <= 40 else "…" + before[-40:]) + (after if len(after) <= 20 else after[:20] + "…")
    line, begun = line_at(text, closing), line_at(text, opening)
    value = "a quoted value" if begun == line else f"a quoted value begun on {place.line(begun)}"
    return (f"{place.line_of_whole(line)} has characters after the quote that ends {value} ({shown!r}): a quoted value "
            'must end at its closing quote, followed by a comma or the end of the line; a quote inside a quoted value '
            'is written twice ("")')


def _unreadable(text: str, error: str, line: int, place: Place) -> WriteRejected:
    """Why the CSV reader stopped, on `line`, with `error`, in the words of `place`: a header separated by
    semicolons, tabs or bars (`separated_header_problem`), or else what the reader met. Its own words name
    no value and no line it began on: a value whose quote is never closed takes in every line after it, and
    the reader stops at the end of the text, or where the value outgrows the longest one allowed."""
    separated = separated_header_problem(text[:_line_end(text)], place)
    if separated is not None:
        return WriteRejected(separated)
    too_long = error.startswith("field larger than field limit")
    quote = unclosed_quote(text) if too_long or error == "unexpected end of data" else None
    # The last quote that opens a value is, where the value the reader stopped in is never closed,
    # that value's; where it is closed after `line`, its closing quote or a later one. A value that
    # outgrew the limit on `line` began on an earlier line, as every line is shorter than the limit.
    if quote is not None and (not too_long or line_at(text, quote) < line):
        return WriteRejected(never_closed(text, quote, place))
    if error.endswith("expected after '\"'"):
        # The reader's words name a character, in its dialect's terms.
        found = quote_then_more(text)
        if found is not None and line_at(text, found[1]) == line:
            return WriteRejected(quote_followed(text, *found, place))
    if too_long:
        # A quoted value over many lines, each within the line limit.
        return WriteRejected(place.value_too_long(line, max_value_length()))
    return WriteRejected(place.unreadable_at(line, error))


def _line_end(text: str) -> int:
    """Where the first line of `text` ends."""
    end = LINE_END.search(text)
    return len(text) if end is None else end.start()


def _check_header(header: list[str], text: str, limits: UploadLimits, place: Place,
                  columns: Sequence[Column] | None = None) -> tuple[str, ...]:
    """The column names of a CSV header (`column_names`), the first line of `text`, checked (refused in
    the words of `place`); for an append to a dataset of `columns`, as the dataset spells them (`stored_names`)."""
    names = column_names(header)
    separated = header_separator_problem(text[:_line_end(text)], names, place)
    if separated is not None:
        raise WriteRejected(separated)
    if not names or names == ("",):
        raise WriteRejected(place.no_header())
    if len(names) > limits.max_columns:
        raise WriteRejected(f"{place.whole} has {len(names)} columns; at most {limits.max_columns} are allowed "
                            f"({LIMITS_SETTING})")
    stored = None if columns is None else stored_names(names, columns)
    problem = header_problem(names, stored, place)
    if problem is not None:
        raise WriteRejected(problem)
    return names if stored is None else stored


def _refusal(bad: BadCell, name: str, lines: Sequence[int], place: Place) -> str:
    """What a refused cell's message says: where it is (its line in the words of `place`), and what is wrong
    with it."""
    return f"{row_and_column(bad.row + 1, name)} ({place.line(lines[bad.row])}): {bad.message}"


def _datetime_texts(values: pd.Series, cells: Sequence[str]) -> list:
    """Times as ISO 8601 text, as a JSON row's are written (`json_rows`): a date alone as a date."""
    times = values.to_numpy(dtype="datetime64[us]")
    date_only = np.fromiter(map(len, map(str.strip, cells)), np.int64, len(cells)) == 10
    texts = np.datetime_as_string(times, unit="s").astype(object)
    fractions = times.astype(np.int64) % 1_000_000 != 0
    if fractions.any():
        texts[fractions] = np.datetime_as_string(times[fractions], unit="us")
    if date_only.any():
        texts[date_only] = np.datetime_as_string(times[date_only], unit="D")
    texts[np.isnat(times)] = None
    return texts.tolist()


def _stored_values(column_type: str, values: pd.Series, cells: Sequence[str]) -> list:
    """A typed column as the stores take it: int, finite float, ISO 8601 text or str; None when missing."""
    if column_type == "integer":
        return values.tolist()
    if column_type == "datetime":
        return _datetime_texts(values, cells)
    return values.astype(object).where(values.notna(), None).tolist()


def _check_widths(text: str, names: Sequence[str], rows: list[tuple[int, list[str]]], place: Place) -> None:
    for row, (line, cells) in enumerate(rows, start=1):
        problem = row_width_problem(row, line, cells, names, text, place)
        if problem is not None:
            raise WriteRejected(problem)


def _as_exported(names: Sequence[str], columns: Sequence[Column], cells: Sequence[Sequence[str]],
                 typed: Sequence[list], limits: UploadLimits) -> list[tuple]:
    """The rows of the `typed` values of `columns` (their CSV `cells`, column by column), each checked
    as the dataset's CSV export will write it (`check_as_csv`): a line that fits the limit as
    uploaded may not once the export puts a `'` before a formula's text. Only the rows that might
    not (`surely_fits_as_csv`, of at least the characters their texts hold) are looked at one by one."""
    rows = list(zip(*typed))
    characters = np.zeros(len(rows), dtype=np.int64)
    for column, column_cells, values in zip(columns, cells, typed):
        if column.type == "text":  # no longer than its cell: a missing value is empty, CRLF becomes LF
            characters += np.fromiter(map(len, column_cells), np.int64, len(column_cells))
        elif column.type == "datetime":  # its ISO text (`_datetime_texts`), which may be longer than its cell
            characters += np.fromiter((0 if text is None else len(text) for text in values), np.int64, len(values))
    for row in np.flatnonzero(~surely_fits_as_csv(characters, len(columns), limits)):
        check_as_csv(int(row) + 1, names, rows[row], limits)
    return rows


def _typed_columns(every: Sequence[list[str]], picked: Sequence[tuple[str, int]],
                   type_of: Callable[[str, list[str]], tuple[str, list]]) -> tuple[list[str], list[list], list[list]]:
    """The type, CSV cells and stored values (`type_of(name, cells)`) of each column `picked` (its
    name and where it is in a row) of `every` column's cells."""
    types, cells, typed = [], [], []
    for name, index in picked:
        column_type, values = type_of(name, every[index])
        types.append(column_type)
        cells.append(every[index])
        typed.append(values)
    return types, cells, typed


def _cells_by_column(rows: list[tuple[int, list[str]]], width: int) -> list[list[str]]:
    """The cells of rows of `width` cells, column by column."""
    return columns_of([cells for _, cells in rows], width)


def table_from_csv(text: str, limits: UploadLimits = DEFAULT_UPLOAD_LIMITS, place: Place = CSV) -> Table:
    """A new dataset from CSV text: a header, then at least one row; column types are inferred; a last row that
    is the totals of the rows above is left out (`totals_rows`). A refusal names the text and its lines in the
    words of `place` (a CSV's own, a workbook's sheet's)."""
    header, rows = _csv_rows(text, limits, place)
    names = _check_header([unneutralised(name) for name in header], text, limits, place)
    if not rows:
        raise WriteRejected(f"{place.whole} {NO_ROWS}")
    _check_widths(text, names, rows, place)
    left_out = sum_row_left_out(rows, names, place)
    lines = [line for line, _ in rows]

    series = {}

    def type_of(name: str, cells: list[str]) -> tuple[str, list]:
        try:
            column_type, values = typed_column(cells)
        except BadCell as bad:
            # A create's value refused names its column as an append's does (the API's error says it).
            raise ValueRefused(_refusal(bad, name, lines, place), name, False) from None
        series[name] = values
        return column_type, _stored_values(column_type, values, cells)

    every = _cells_by_column(rows, len(names))
    empty = empty_csv_rows(rows)
    del rows  # kept by column now: a row's list of cells need not stay while the rows are typed and made
    types, cells, typed = _typed_columns(every, [(name, index) for index, name in enumerate(names)], type_of)
    columns = tuple(Column(name, column_type) for name, column_type in zip(names, types))
    written = {column.name: column_cells for column, column_cells in zip(columns, cells) if column.type == "float"}
    return Table(columns, _as_exported(names, columns, cells, typed, limits), pd.DataFrame(series), written, empty,
                 left_out)


def rows_from_csv(text: str, columns: Sequence[Column], limits: UploadLimits = DEFAULT_UPLOAD_LIMITS,
                  dataset: str | None = None, place: Place = CSV) -> UploadRows:
    """Rows to append from CSV text whose header names every column (in any order), to `dataset`
    (its name, which a refusal may name), and those of commas alone (`empty_rows`); a last row that is the
    totals of the rows above is left out, as a create's is (`totals_rows`). A refusal names the text and its
    lines in the words of `place`."""
    header, rows = _csv_rows(text, limits, place)
    names = _check_header(header, text, limits, place, columns)
    check_names(names, columns, header=True, place=place)
    _check_widths(text, names, rows, place)
    if not rows:
        return UploadRows()
    left_out = sum_row_left_out(rows, names, place)
    lines = [line for line, _ in rows]
    empty = empty_csv_rows(rows)
    by_name = {column.name: column for column in columns}

    def type_of(name: str, cells: list[str]) -> tuple[str, list]:
        column = by_name[name]
        try:
            values = column_values(cells, column.type)
        except BadCell as bad:
            message = _refusal(bad, column.name, lines, place)
            hint = line_hint(cells[bad.row], [cells_of[bad.row] for cells_of in every], names, place)
            if hint is not None:  # a line of another kind: two files joined, a totals row
                message = f"{message} ({hint})"
            if column.type == "integer" and bad.float_would_take:
                message = f"{message}; {integer_fixed(column.name, dataset)}"
            raise ValueRefused(message, column.name, surely_text([cells[bad.row]])) from None
        return column.type, _stored_values(column.type, values, cells)

    # In the dataset's column order, whatever the header's.
    every = _cells_by_column(rows, len(names))
    del rows
    _, cells, typed = _typed_columns(every, [(column.name, names.index(column.name)) for column in columns], type_of)
    return UploadRows(_as_exported([column.name for column in columns], columns, cells, typed, limits), empty,
                      left_out)

