"""Uploaded data into typed rows: a new dataset's CSV, or rows to append as CSV or JSON.

Every check happens here, before anything is stored, and a failure names the row, the column and
what is allowed. A CSV's column types and values come from the rule a data-folder file's come
from (`csv_types`), in its strict mode. Values come out ready to store: integers as int, floats
as finite float, datetimes as ISO 8601 text (times with a UTC offset converted to UTC), text as
str; a missing value is None (allowed in every column but an integer one).
"""
from __future__ import annotations

import csv
import functools
import io
import json
import math
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

import numpy as np
import pandas as pd

from plots.text import describe_character, line_feeds, quoted

from .csv_headers import (
    MAX_COLUMN_NAME,  # not used here: tests/test_source_values.py imports it from this module
    apart_words,
    column_names,
    header_problem,
    name_key,
    other_separator,
    repeated_name,
    row_width_problem,
)
from .csv_types import (
    EXPECTED,
    INT64_MAX,
    INT64_MIN,
    ISO_DATE,
    MISSING_WORD,
    NOT_A_NUMBER,
    TEXT_CONTROL,
    TOO_SMALL,
    BadCell,
    column_values,
    is_missing_word,
    missing_text,
    too_small,
    typed_column,
    whole_number,
)
from .types import Column, WriteRejected


@dataclass(frozen=True)
class UploadLimits:
    """How much one upload or append may hold; checked before any value is typed, the line length
    on the raw text before it is parsed."""

    max_rows: int = 100_000  # records, not lines: a quoted cell may hold line breaks
    max_columns: int = 50
    max_line: int = 65_536  # characters in one line of CSV


DEFAULT_UPLOAD_LIMITS = UploadLimits()


class BadValue(ValueError):
    """One value that does not fit its column; the caller adds the row and column."""


class _WrittenFloat(float):
    """A JSON number with a fraction or an exponent whose float does not say what was written, kept
    with its text: a whole one (`3.0`, `1e3`), which an integer column takes as the integer its text
    writes (`whole_number`; the float may be another, `9007199254740993.0`); one beyond a float's
    range (`1e400`, which Python's json reads as Infinity) or not zero but too small for one
    (`1e-400`, read as 0), which a message refusing it quotes as the CSV path does."""

    text: str

    def __repr__(self) -> str:
        return self.text


def _too_large(text: str) -> str:
    return f"{quoted(text)} is too large for a number"


def _whole_from_json(text: str) -> int:
    """The integer a JSON number with a fraction or an exponent writes; raises BadValue when it has
    a fraction or is beyond 64 bits, saying so as a CSV cell's refusal does."""
    try:
        number = whole_number(text)
    except OverflowError:
        raise BadValue(f"expected {EXPECTED['integer']} between {INT64_MIN} and {INT64_MAX}, got {text}") from None
    if number is None:
        raise BadValue(f"expected {EXPECTED['integer']}, got {text}")
    return number


@dataclass(frozen=True)
class Table:
    """A new dataset's columns (with inferred types) and its rows, each a tuple in column order."""

    columns: tuple[Column, ...]
    rows: list[tuple]


def _where(row: int, column: str) -> str:
    return f"row {row}, column {quoted(column)}"


def _int_value(value: int) -> int:
    if not INT64_MIN <= value <= INT64_MAX:
        raise BadValue(f"expected {EXPECTED['integer']} between {INT64_MIN} and {INT64_MAX}, got {value}")
    return value


def _datetime_text(text: str) -> str:
    """Canonical ISO text of a date or time; a time with an offset becomes UTC without one."""
    text = text.strip()
    match = ISO_DATE.fullmatch(text)
    if not match:
        raise BadValue(f"expected {EXPECTED['datetime']}, got {quoted(text)}")
    time_of_day, offset = match.group("time", "offset")
    # The CSV paths read times as pandas does, which takes an offset only after a time and with
    # minutes below 60; Python's fromisoformat reads "2024-05-01+02:00" as 02:00 and "+00:60" as
    # an hour, so it is not asked about these.
    if offset is not None and (time_of_day is None or (offset != "Z" and int(offset[-2:]) > 59)):
        raise BadValue(f"{quoted(text)} is not a real date or time")
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise BadValue(f"{quoted(text)} is not a real date or time") from None
    if moment.tzinfo is not None:
        try:
            moment = moment.astimezone(timezone.utc).replace(tzinfo=None)
        except OverflowError:
            raise BadValue(f"{quoted(text)} is out of the range of dates once converted to UTC") from None
    elif len(text) == 10:
        return moment.date().isoformat()
    return moment.isoformat()


def _checked_text(value: str) -> str:
    """`value` with its line breaks as line feeds (`line_feeds`), or BadValue for a character text
    may not hold."""
    found = TEXT_CONTROL.search(value)
    if found:
        raise BadValue(f"the text holds {describe_character(found.group())}; only printable characters, "
                       "tabs and line breaks are allowed")
    return line_feeds(value)


def _missing_in_json(column_type: str, text: str) -> BadValue:
    """The refusal of a blank string or a word for a missing value (`missing_text`) in a float or
    datetime column: as in a CSV, where such a cell is refused asking for an empty one, it says
    what JSON writes instead."""
    stripped = text.strip()
    if stripped and is_missing_word(stripped):
        return BadValue(f"{quoted(stripped)} is {MISSING_WORD}; send null (without quotes) instead")
    return BadValue(f"expected {EXPECTED[column_type]}, got {quoted(text)}; send null for a missing value")


def value_from_json(column_type: str, value: Any) -> Any:
    """A JSON value as a value of `column_type`; raises BadValue."""
    if value is None:
        if column_type == "integer":
            raise BadValue(f"expected {EXPECTED['integer']}; an integer column cannot be null")
        return None
    if column_type in ("float", "datetime") and isinstance(value, str) and missing_text(value):
        raise _missing_in_json(column_type, value)
    if column_type == "text":
        if not isinstance(value, str):
            raise BadValue(f"expected {EXPECTED['text']} as a JSON string, got {quoted(value)}")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise BadValue("the text holds a lone surrogate escape (\\ud800 to \\udfff), which is not a "
                           "character; send valid Unicode") from None
        return _checked_text(value)
    if column_type == "datetime":
        if not isinstance(value, str):
            raise BadValue(f"expected {EXPECTED['datetime']}, as a JSON string, got {quoted(value)}")
        return _datetime_text(value)
    if isinstance(value, _WrittenFloat):
        if column_type == "integer":
            return _int_value(_whole_from_json(value.text))
        if math.isinf(value):
            raise BadValue(_too_large(value.text))
        if too_small(value.text, value):
            raise BadValue(f"{quoted(value.text)} {TOO_SMALL}")
        return float(value)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise BadValue(f"expected {EXPECTED[column_type]} as a JSON number, got {quoted(value)}")
    if isinstance(value, float) and not math.isfinite(value):
        raise BadValue(NOT_A_NUMBER)
    if column_type == "integer":
        if isinstance(value, float):  # one with a fraction: a whole one is a _WrittenFloat
            raise BadValue(f"expected {EXPECTED['integer']}, got {quoted(value)}")
        return _int_value(value)
    try:
        return float(value)
    except OverflowError:  # a whole number of hundreds of digits
        raise BadValue(_too_large(str(value))) from None


# A line ends where the CSV reader ends one: at "\n", "\r\n" or a bare "\r" (old Mac files).
LINE_END = re.compile(r"[\r\n]")


def _line_ends(text: str) -> int:
    return text.count("\n") + text.count("\r") - text.count("\r\n")


@functools.lru_cache(maxsize=8)
def _line_longer_than(max_line: int) -> re.Pattern[str]:
    # Begins with the line end before the line: the search skips to line ends at C speed, so
    # the whole text is read about once however many lines it has.
    return re.compile(r"[\r\n][^\r\n]{%d}" % (max_line + 1))


def long_line(text: str, max_line: int) -> tuple[int, int] | None:
    """The first line of `text` longer than `max_line` characters: its number (from 1) and its
    length; None when every line fits. The one line rule of uploads: a CSV's text before it is
    parsed, and a JSON row as its CSV record (`check_as_csv`)."""
    if len(text) <= max_line:
        return None
    if not LINE_END.search(text, 0, max_line + 1):
        start = 0
    else:
        found = _line_longer_than(max_line).search(text)
        if found is None:
            return None
        start = found.start() + 1
    end = LINE_END.search(text, start)
    end = len(text) if end is None else end.start()
    return _line_ends(text[:start]) + 1, end - start


def check_line_lengths(text: str, limits: UploadLimits) -> None:
    """Refuse CSV text with too long a line before it is parsed (a single huge row must fail at
    once, not after minutes of parsing)."""
    found = long_line(text, limits.max_line)
    if found is not None:
        line, length = found
        raise WriteRejected(f"line {line} of the CSV has {length} characters; "
                            f"at most {limits.max_line} are allowed in one line")


def max_value_length() -> int:
    """The most characters one value of an upload may hold: the CSV reader's field limit, which
    refuses a longer quoted value (`_csv_rows`), and a JSON row's text is held to it too."""
    return csv.field_size_limit()


# The most characters a value other than text takes in a CSV record: an integer's 20, a float's
# repr (such as -1.7976931348623157e+308), a datetime's ISO text with microseconds, and a comma.
SHORT_VALUE = 30


def check_as_csv(row: int, names: Sequence[str], values: Sequence[Any], limits: UploadLimits) -> None:
    """Refuse a typed row (of JSON) that a CSV upload could not hold, as the dataset's CSV export
    would write it: a text over `max_value_length`, or a line of its CSV record over
    `limits.max_line`; the message names the row, the column and the limit. Else the export of
    the dataset could not be uploaded again, and its pages would show the whole text."""
    texts = [(name, value) for name, value in zip(names, values) if isinstance(value, str)]
    if 2 * sum(len(value) for _, value in texts) + SHORT_VALUE * len(values) <= limits.max_line:
        return  # even with every quote doubled, as a CSV writer writes it
    for name, value in texts:
        if len(value) > max_value_length():
            raise WriteRejected(f"{_where(row, name)}: the text has {len(value)} characters; at most "
                                f"{max_value_length()} are allowed in one value, as in a CSV upload")
    record = io.StringIO()
    csv.writer(record, lineterminator="\n").writerow(["" if value is None else value for value in values])
    found = long_line(record.getvalue(), limits.max_line)
    if found is None:
        return
    rule = f"at most {limits.max_line} characters are allowed in one line, as in a CSV upload"
    for name, value in texts:
        cell = io.StringIO()
        csv.writer(cell, lineterminator="\n").writerow([value])
        own = long_line(cell.getvalue(), limits.max_line)
        if own is not None:
            raise WriteRejected(f"{_where(row, name)}: the text written as CSV has a line of {own[1]} characters; "
                                f"{rule}")
    longest = max(texts, key=lambda text: len(text[1]))[0]
    raise WriteRejected(f"row {row}: its values written as a CSV line have {found[1]} characters; {rule} (its "
                        f"longest value is in column {quoted(longest)})")


def _too_many_rows(rows: int, limits: UploadLimits) -> WriteRejected:
    return WriteRejected(f"the CSV has {rows} rows; at most {limits.max_rows} rows may be sent at once, "
                         "send the rest in further appends")


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


def _csv_rows(text: str, limits: UploadLimits) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header and the (line number, cells) of each non-blank row; raises WriteRejected.

    Rows are counted as they are read, so that a line break inside a quoted cell does not count
    as a row; past the limit they are counted but not kept, to say how many there were.
    """
    check_line_lengths(text, limits)
    lines, is_row = _lines_and_rows(text)
    reader = csv.reader(lines, strict=True)
    try:
        header = next(reader, None)
        if header is None:
            raise WriteRejected("the CSV is empty; its first line must name the columns")
        rows = []
        for cells in filter(is_row, reader):
            rows.append((reader.line_num, cells))
            if len(rows) > limits.max_rows:
                raise _too_many_rows(len(rows) + sum(1 for _ in filter(is_row, reader)), limits)
    except csv.Error as error:
        if str(error).startswith("field larger than field limit"):
            # A quoted value over many lines, each within the line limit: the reader's own words
            # name no value and no line it began on.
            raise WriteRejected(f"a quoted value that reaches line {reader.line_num} of the CSV has more than "
                                f"{max_value_length()} characters; at most {max_value_length()} are "
                                "allowed in one value") from None
        raise WriteRejected(f"the CSV cannot be read at line {reader.line_num}: {error}") from None
    return header, rows


def _check_header(header: list[str], limits: UploadLimits,
                  columns: Sequence[Column] | None = None) -> tuple[str, ...]:
    """The column names of a CSV header (`column_names`), checked; for an append to a dataset of
    `columns`, as the dataset spells them (`_stored_names`)."""
    names = column_names(header)
    if not names or names == ("",):
        raise WriteRejected("the CSV's first line must name the columns, separated by commas")
    if len(names) > limits.max_columns:
        raise WriteRejected(f"the CSV has {len(names)} columns; at most {limits.max_columns} are allowed")
    separator = other_separator(names)
    if separator is not None:
        raise WriteRejected(f"the header is one column, {quoted(names[0])}: the file separates values with "
                            f"{separator}; save it as CSV with commas between values")
    stored = None if columns is None else _stored_names(names, columns)
    problem = header_problem(names, stored)
    if problem is not None:
        raise WriteRejected(problem)
    return names if stored is None else stored


def _rejected(bad: BadCell, name: str, lines: Sequence[int]) -> WriteRejected:
    return WriteRejected(f"{_where(bad.row + 1, name)} (line {lines[bad.row]}): {bad.message}")


def _datetime_texts(values: pd.Series, cells: Sequence[str]) -> list:
    """Times as ISO 8601 text, as `_datetime_text` writes them: a date alone as a date."""
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


def _check_widths(names: Sequence[str], rows: list[tuple[int, list[str]]]) -> None:
    for row, (line, cells) in enumerate(rows, start=1):
        problem = row_width_problem(row, line, len(cells), names)
        if problem is not None:
            raise WriteRejected(problem)


def table_from_csv(text: str, limits: UploadLimits = DEFAULT_UPLOAD_LIMITS) -> Table:
    """A new dataset from CSV text: a header, then at least one row; column types are inferred."""
    header, rows = _csv_rows(text, limits)
    names = _check_header(header, limits)
    if not rows:
        raise WriteRejected("the CSV has a header but no rows; at least one row is needed to tell the column types")
    _check_widths(names, rows)
    lines = [line for line, _ in rows]
    columns, typed = [], []
    for index, name in enumerate(names):
        cells = [cells[index] for _, cells in rows]
        try:
            column_type, values = typed_column(cells)
        except BadCell as bad:
            raise _rejected(bad, name, lines) from None
        columns.append(Column(name, column_type))
        typed.append(_stored_values(column_type, values, cells))
    return Table(tuple(columns), list(zip(*typed)))


def _column_list(columns: Sequence[Column]) -> str:
    return ", ".join(f"{c.name} ({c.type})" for c in columns)


# How many unknown column names a refusal lists: a JSON row may hold any number of keys.
SHOWN_UNKNOWN = 10


def _check_names(given: Sequence[str], columns: Sequence[Column], where: str) -> None:
    """Refuse unknown and missing columns, listing the dataset's columns."""
    expected = {c.name for c in columns}
    unknown = [n for n in given if n not in expected]
    present = set(given)
    missing = [c.name for c in columns if c.name not in present]
    if unknown or missing:
        parts = []
        if unknown:
            listed = ", ".join(map(quoted, unknown[:SHOWN_UNKNOWN]))
            more = f" ({len(unknown) - SHOWN_UNKNOWN} more)" if len(unknown) > SHOWN_UNKNOWN else ""
            parts.append(f"unknown column{'s' if len(unknown) > 1 else ''} {listed}{more}")
        if missing:
            parts.append(f"missing column{'s' if len(missing) > 1 else ''} {', '.join(map(repr, missing))}")
        raise WriteRejected(f"{where}: {' and '.join(parts)}; the columns are {_column_list(columns)}")


def _stored_names(names: Sequence[str], columns: Sequence[Column]) -> tuple[str, ...]:
    """Header names as the dataset's columns spell them: a dataset stored before names were trimmed
    may have a column ' value', which a header's 'value' or ' value' names; and a name names the
    column it looks the same as (`name_key`: "é" as one character or as "e" and an accent)."""
    exact = {c.name for c in columns}
    stored = {name_key(c.name.strip()): c.name for c in columns}
    return tuple(name if name in exact else stored.get(name_key(name), name) for name in names)


def rows_from_csv(text: str, columns: Sequence[Column], limits: UploadLimits = DEFAULT_UPLOAD_LIMITS) -> list[tuple]:
    """Rows to append from CSV text whose header names every column (in any order)."""
    header, rows = _csv_rows(text, limits)
    names = _check_header(header, limits, columns)
    _check_names(names, columns, "the CSV header")
    _check_widths(names, rows)
    if not rows:
        return []
    lines = [line for line, _ in rows]
    typed = []
    for column in columns:
        index = names.index(column.name)
        cells = [cells[index] for _, cells in rows]
        try:
            values = column_values(cells, column.type)
        except BadCell as bad:
            raise _rejected(bad, column.name, lines) from None
        typed.append(_stored_values(column.type, values, cells))
    return list(zip(*typed))


def _refuse_constant(name: str) -> None:
    raise WriteRejected(f"the JSON holds {name}: {NOT_A_NUMBER}")


def _json_float(text: str) -> float:
    number = float(text)
    # A number too small for a float is read as 0, which is whole.
    if number.is_integer() or not math.isfinite(number):
        number = _WrittenFloat(number)
        number.text = text
    return number


class _NamedTwice(dict):
    """A JSON object that names a key more than once, as Python's json reads it (the last value
    kept), and the first key named twice."""

    twice: str


def _json_object(pairs: list[tuple[str, Any]]) -> dict:
    record = dict(pairs)
    if len(record) < len(pairs):
        record = _NamedTwice(record)
        keys = [key for key, _ in pairs]
        record.twice = repeated_name(keys, keys)[0]
    return record


def _keyed_as_stored(record: dict, columns: Sequence[Column], row: int) -> dict:
    """A JSON row with its keys as the dataset spells its columns (`_stored_names`); raises
    WriteRejected when two keys name one column in two forms that look the same."""
    keys = list(record)
    stored = _stored_names(keys, columns)
    twice = repeated_name(keys, stored)
    if twice is not None and name_key(twice[0]) == name_key(twice[1]):
        raise WriteRejected(f"row {row} names {quoted(twice[0])} twice, in two forms that look the same: "
                            f"{apart_words(*twice)}; each row names each column once")
    if twice is not None:  # a dataset stored before names were trimmed: ' value', which 'value' names
        raise WriteRejected(f"row {row} names column {quoted(stored[keys.index(twice[0])])} twice, as {quoted(twice[0])} "
                            f"and {quoted(twice[1])}; each row names each column once")
    return dict(zip(stored, record.values()))


def rows_from_json(text: str, columns: Sequence[Column], limits: UploadLimits = DEFAULT_UPLOAD_LIMITS) -> list[tuple]:
    """Rows to append from a JSON list of objects, each with exactly the dataset's columns, once each."""
    try:
        records = json.loads(text, parse_constant=_refuse_constant, parse_float=_json_float,
                             object_pairs_hook=_json_object)
    except json.JSONDecodeError as error:
        raise WriteRejected(f"the body is not valid JSON: {error}") from None
    except ValueError:  # an integer of more digits than Python reads (4300)
        raise WriteRejected(f"the JSON holds a whole number of more than {sys.get_int_max_str_digits()} digits; "
                            f"an integer column holds {INT64_MIN} to {INT64_MAX}, a float column numbers of "
                            "at most about 1.8e308") from None
    except RecursionError:
        raise WriteRejected("the JSON is nested too deeply; send a flat list of objects, one per row") from None
    if not isinstance(records, list):
        raise WriteRejected('the JSON must be a list of objects, one per row: [{"column": value, ...}, ...]')
    if len(records) > limits.max_rows:
        raise WriteRejected(f"the JSON holds {len(records)} rows; at most {limits.max_rows} rows may be sent at once, "
                            "send the rest in further appends")
    rows = []
    expected = {c.name for c in columns}
    for row, record in enumerate(records, start=1):
        if not isinstance(record, dict):
            raise WriteRejected(f"row {row} must be a JSON object mapping column names to values, got {quoted(record)}")
        if isinstance(record, _NamedTwice):
            # As a CSV header may not name a column twice: one of the values would be lost.
            raise WriteRejected(f"row {row} names {quoted(record.twice)} twice; each row names each column once")
        if record.keys() != expected:
            record = _keyed_as_stored(record, columns, row)
        _check_names(list(record), columns, f"row {row}")
        values = []
        for column in columns:
            try:
                values.append(value_from_json(column.type, record[column.name]))
            except BadValue as error:
                raise WriteRejected(f"{_where(row, column.name)}: {error}") from None
        check_as_csv(row, [column.name for column in columns], values, limits)
        rows.append(tuple(values))
    return rows
