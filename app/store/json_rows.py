"""Rows to append sent as JSON: a list of objects, each value typed as its column's.

Every check happens here, before anything is stored, and a failure names the row, the column and
what is allowed, in the words a CSV upload's refusal uses (`cell_values`). Values come out as the
CSV path's do: integers as int, floats as finite float, datetimes as ISO 8601 text (times with a
UTC offset converted to UTC), text as str; null is None (allowed in every column but an integer
one), and so is an empty text, a missing value as an empty CSV cell is. A row must also fit in a
CSV upload (`check_as_csv`).
"""
from __future__ import annotations

import itertools
import json
import math
import re
import sys
from collections.abc import Sequence
from datetime import timezone
from typing import Any

from plots.iso_dates import ISO_DATE, month_start, read_moment, too_fine
from plots.text import SHOWN_CHARACTERS, cut, describe_character, line_feeds, quoted, quoted_name

from .cell_dates import too_fine_cell, unreal_cell
from .cell_values import (
    EXPECTED,
    MISSING_WORD,
    NOT_A_NUMBER,
    TEXT_CONTROL,
    TOO_SMALL,
    float_would_take,
    integer_fixed,
    not_an_integer,
    too_small,
    whole_number,
    with_hint,
)
from .csv_headers import apart_words, name_key, repeated_name
from .csv_types import INT64_MAX, INT64_MIN, is_missing_word, missing_text, surely_text
from .empty_rows import UploadRows, empty_json_rows
from .json_documents import document_records
from .json_errors import json_error_words
from .types import Column, WriteRejected
from .upload_columns import ValueRefused, check_names, row_and_column, stored_names
from .upload_limits import DEFAULT_UPLOAD_LIMITS, LIMITS_SETTING, UploadLimits, check_as_csv


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


def _int_value(value: int) -> int:
    if not INT64_MIN <= value <= INT64_MAX:
        raise BadValue(f"expected {EXPECTED['integer']} between {INT64_MIN} and {INT64_MAX}, got {value}")
    return value


def _datetime_text(text: str) -> str:
    """Canonical ISO text of a date or time, of a month alone (2024-12) its first day; a time with an offset
    becomes UTC without one."""
    text = month_start(text.strip())
    match = ISO_DATE.fullmatch(text)
    if not match:
        raise BadValue(with_hint(f"expected {EXPECTED['datetime']}, got {quoted(text)}", text))
    if too_fine(match):
        raise BadValue(too_fine_cell(text))
    try:
        moment = read_moment(text)
    except ValueError:
        raise BadValue(unreal_cell(text)) from None
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


class _Written(str):
    """Text `_as_sent` writes as it is: the punctuation between values."""


def _not_listed(value: Any) -> str:
    """What to do with a body's JSON `value` that is no list: an object holding the list of rows under
    one name (`{"rows": [...]}`) sends that list alone, another object, a row, within a list."""
    if not isinstance(value, dict):
        return ""
    if len(value) == 1 and isinstance(next(iter(value.values())), list):
        return f"; send the list under {quoted_name(next(iter(value)))} alone, not within an object"
    return "; send even one row within a list: [{...}]"


# A lone surrogate: what a JSON text's escape `\ud800` without its pair reads as, which no UTF-8 encodes.
LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _json_text(value: Any) -> str:
    """A JSON value that is no list or object (a text, a key, a number) as JSON writes it, a lone
    surrogate as the escape it was sent as (`"\\ud800"`): written as a character, no answer quoting it
    could be encoded."""
    return LONE_SURROGATE.sub(lambda found: f"\\u{ord(found[0]):04x}", json.dumps(value, ensure_ascii=False))


def _as_sent(value: Any) -> str:
    """A JSON value in a message as it was sent (`true`, `{"a": null}`, `[1, "é"]`, `1e400`, not
    Infinity), cut as `quoted` cuts; text quoted as every message quotes it.

    Written in a loop, not by recursion (nor by json.dumps, which writes a number its float's way):
    the value may be nested as deeply as the parser allows, and only what the message shows is written.
    """
    if isinstance(value, str):
        return quoted(value)
    written = ""
    todo: list[Any] = [value]  # what is left to write, the next last
    while todo and len(written) <= SHOWN_CHARACTERS:
        item = todo.pop()
        if isinstance(item, _Written):
            written += item
        elif isinstance(item, list | dict):
            brackets = "[]" if isinstance(item, list) else "{}"
            pieces: list[Any] = [_Written(brackets[0])]
            # Each entry writes a character at least: no more are taken than the message shows.
            for key, entry in itertools.islice(enumerate(item) if isinstance(item, list) else item.items(),
                                               SHOWN_CHARACTERS):
                pieces += [_Written(", ")] if len(pieces) > 1 else []
                pieces += [_Written(_json_text(key) + ": ")] if isinstance(item, dict) else []
                pieces.append(entry)
            todo += reversed([*pieces, _Written(brackets[1])])
        else:
            written += item.text if isinstance(item, _WrittenFloat) else _json_text(item)
    return cut(written)


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
            raise BadValue(f"expected {EXPECTED['text']} as a JSON string, got {_as_sent(value)}")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise BadValue("the text holds a lone surrogate escape (\\ud800 to \\udfff), which is not a "
                           "character; send valid Unicode") from None
        # An empty text is a missing value, as an empty CSV cell is: the dataset's .csv writes both
        # as an empty cell, and a chart drawn from it again must be the same.
        return _checked_text(value) if value else None
    if column_type == "datetime":
        if not isinstance(value, str):
            raise BadValue(f"expected {EXPECTED['datetime']}, as a JSON string, got {_as_sent(value)}")
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
        refused = f"expected {EXPECTED[column_type]} as a JSON number, got {_as_sent(value)}"
        raise BadValue(with_hint(refused, value) if isinstance(value, str) else refused)
    if isinstance(value, float) and not math.isfinite(value):
        # NaN, Infinity or -Infinity, which JSON has no words for but Python's json and pandas write
        # (pandas for a missing value): refused with the words a CSV cell of it gets in its column.
        if column_type == "integer":
            sent = _as_sent(value)
            raise BadValue(not_an_integer(sent, shown=sent))
        raise BadValue(NOT_A_NUMBER)
    if column_type == "integer":
        if isinstance(value, float):  # one with a fraction: a whole one is a _WrittenFloat
            raise BadValue(f"expected {EXPECTED['integer']}, got {_as_sent(value)}")
        return _int_value(value)
    try:
        return float(value)
    except OverflowError:  # a whole number of hundreds of digits
        raise BadValue(_too_large(str(value))) from None


def _float_would_take(value: Any) -> bool:
    """Whether a float column takes a JSON value an integer column refused: null, or a number with
    a fraction or beyond 64 bits that a float holds."""
    if value is None or isinstance(value, float) and not isinstance(value, _WrittenFloat):
        return True
    if isinstance(value, _WrittenFloat):
        return float_would_take(value, value.text)
    try:
        return isinstance(value, int) and not isinstance(value, bool) and math.isfinite(float(value))
    except OverflowError:  # a whole number of hundreds of digits
        return False


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
    """A JSON row with its keys as the dataset spells its columns (`stored_names`); raises
    WriteRejected when two keys name one column in two forms that look the same."""
    keys = list(record)
    stored = stored_names(keys, columns)
    twice = repeated_name(keys, stored)
    if twice is not None and name_key(twice[0]) == name_key(twice[1]):
        raise WriteRejected(f"row {row} names {quoted_name(twice[0])} twice, in two forms that look the same: "
                            f"{apart_words(*twice)}; each row names each column once")
    if twice is not None:  # a dataset stored before names were trimmed: ' value', which 'value' names
        raise WriteRejected(f"row {row} names column {quoted_name(stored[keys.index(twice[0])])} twice, as {quoted_name(twice[0])} "
                            f"and {quoted_name(twice[1])}; each row names each column once")
    return dict(zip(stored, record.values()))


# What to do with rows sent as JSON Lines (NDJSON), one object a line: the words of both refusals of them.
ONE_LIST = ("send its rows as one JSON list of objects, [{\"column\": value, ...}, ...], the lines joined by commas "
            "between [ and ], with Content-Type: application/json")


# The shape of the rows an append's JSON body holds, in the words of a refusal of one that is not JSON.
ONE_LIST_SHAPE = 'send the rows as one JSON list of objects, one per row: [{"column": value, ...}, ...]'


class NotJson(WriteRejected):
    """A JSON body that is not valid JSON: the message says where and what is wrong (`where`), then the
    shape of the rows to send; a body that looks like CSV is told the Content-Type to send instead."""

    def __init__(self, where: str, shape: str):
        super().__init__(f"{where}; {shape}")
        self.where, self.shape = where, shape

    def __reduce__(self):
        return (type(self), (self.where, self.shape))


def json_lines(text: str) -> int | None:
    """How many lines `text` holds where it is JSON Lines (NDJSON): a JSON object on each of two or more
    lines, blank lines aside, as many exports and log shippers write rows; None where it is not."""
    lines = [line for line in text.split("\n") if line.strip()]  # not splitlines: a JSON string may hold U+2028
    if len(lines) < 2:
        return None
    try:
        return len(lines) if all(isinstance(json.loads(line), dict) for line in lines) else None
    except (ValueError, RecursionError):
        return None


# What a row sent as a list of values is told: the `rows` of the site's own .json, sent without their `columns`.
LISTED_VALUES = ("; a row's values in a list are taken in the site's own .json of a dataset or a chart's data, "
                 'sent whole, {"columns": [...], "rows": [[...], ...]}, whose "columns" name them')


def rows_from_json(text: str, columns: Sequence[Column], limits: UploadLimits = DEFAULT_UPLOAD_LIMITS,
                   dataset: str | None = None) -> UploadRows:
    """Rows to append from a JSON list of objects, each with exactly the dataset's columns, once
    each, to `dataset` (its name, which a refusal may name), and those of null in every column."""
    if not text.strip():  # json's own words, "Expecting value: line 1 column 1", say nothing of rows
        raise WriteRejected('the body is empty; send the rows as a JSON list of objects, one per row: '
                            '[{"column": value, ...}, ...] ([] for none)')
    try:
        records = json.loads(text, parse_float=_json_float, object_pairs_hook=_json_object)
    except json.JSONDecodeError as error:
        lines = json_lines(text)
        if lines is not None:
            raise WriteRejected(f"the body is JSON Lines, one object a line ({lines} lines); {ONE_LIST}") from None
        where = f"the body is not valid JSON at {json_error_words(error)}"
        if error.msg == "Extra data":  # another value after the first: several lists, or objects one after another
            raise NotJson(where, f"{ONE_LIST_SHAPE}, every row in that one list") from None
        raise NotJson(where, ONE_LIST_SHAPE) from None
    except ValueError:  # an integer of more digits than Python reads (4300)
        raise WriteRejected(f"the JSON holds a whole number of more than {sys.get_int_max_str_digits()} digits; "
                            f"an integer column holds {INT64_MIN} to {INT64_MAX}, a float column numbers of "
                            "at most about 1.8e308") from None
    except RecursionError:
        raise WriteRejected("the JSON is nested too deeply; send a flat list of objects, one per row") from None
    records = document_records(records)  # the site's own .json of a dataset or a chart's data, as it is
    if not isinstance(records, list):
        raise WriteRejected('the JSON must be a list of objects, one per row: [{"column": value, ...}, ...], '
                            f"got {_as_sent(records)}{_not_listed(records)}")
    if len(records) > limits.max_rows:
        raise WriteRejected(f"the JSON holds {len(records)} rows; at most {limits.max_rows} rows may be sent at once "
                            f"({LIMITS_SETTING}), send the rest in further appends")
    rows = []
    expected = {c.name for c in columns}
    for row, record in enumerate(records, start=1):
        if not isinstance(record, dict):
            raise WriteRejected(f"row {row} must be a JSON object mapping column names to values, got {_as_sent(record)}"
                                f"{LISTED_VALUES if isinstance(record, list) else ''}")
        if isinstance(record, _NamedTwice):
            # As a CSV header may not name a column twice: one of the values would be lost.
            raise WriteRejected(f"row {row} names {quoted_name(record.twice)} twice; each row names each column once")
        if record.keys() != expected:
            record = _keyed_as_stored(record, columns, row)
        check_names(list(record), columns, f"row {row}")
        values = []
        for column in columns:
            value = record[column.name]
            try:
                values.append(value_from_json(column.type, value))
            except BadValue as error:
                sent_text = isinstance(value, str) and surely_text([value])
                message = f"{row_and_column(row, column.name)}: {error}"
                if column.type == "integer" and _float_would_take(value):
                    message = f"{message}; {integer_fixed(column.name, dataset)}"
                raise ValueRefused(message, column.name, sent_text) from None
        check_as_csv(row, [column.name for column in columns], values, limits)
        rows.append(tuple(values))
    return UploadRows(rows, empty_json_rows(rows))
