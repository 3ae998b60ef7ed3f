"""How much an upload may hold, and the one rule for the length of its lines.

The limits are checked before any value is typed: a CSV's lines on its raw text before it is
parsed (`check_line_lengths`); and every typed row, of JSON or of a CSV, as the CSV record the
dataset's export writes for it (`check_as_csv`), so that whatever is stored can be downloaded and
uploaded again.
"""
from __future__ import annotations

import csv
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from plots.text import quoted_name

from ..export import cell_text, csv_record

from .text_places import CSV, LINE_END, Place
from .types import WriteRejected
from .upload_columns import row_and_column


@dataclass(frozen=True)
class UploadLimits:
    """How much one upload or append may hold; checked before any value is typed, the line length
    on the raw text before it is parsed."""

    max_rows: int = 100_000  # records, not lines: a quoted cell may hold line breaks
    max_columns: int = 50
    max_line: int = 65_536  # characters in one line of CSV


DEFAULT_UPLOAD_LIMITS = UploadLimits()
# How a refusal over one of the upload limits names the setting that holds them.
LIMITS_SETTING = "the site's UPLOAD_LIMITS setting"


def _line_ends(text: str) -> int:
    return text.count("\n") + text.count("\r") - text.count("\r\n")


def line_at(text: str, offset: int) -> int:
    """The number (from 1) of the line of `text` that the character at `offset` is on."""
    return _line_ends(text[:offset]) + 1


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
    return line_at(text, start), end - start


def check_line_lengths(text: str, limits: UploadLimits, place: Place = CSV) -> None:
    """Refuse CSV text with too long a line before it is parsed (a single huge row must fail at
    once, not after minutes of parsing), naming the line in the words of `place`."""
    found = long_line(text, limits.max_line)
    if found is not None:
        line, length = found
        raise WriteRejected(f"{place.line_too_long(text, line, length, limits.max_line)} ({LIMITS_SETTING})")


def max_value_length() -> int:
    """The most characters one value of an upload may hold: the CSV reader's field limit, which
    refuses a longer quoted value (`_csv_rows` in `tables`), and a JSON row's text is held to it too."""
    return csv.field_size_limit()


# The most characters a value other than text takes in a CSV record: an integer's 20, a float's
# repr (such as -1.7976931348623157e+308), a datetime's ISO text with microseconds, and a comma;
# a text's quotes around it, its comma and the `'` the export may put before it fit in it too.
SHORT_VALUE = 30


def surely_fits_as_csv(text_characters: Any, values: int, limits: UploadLimits) -> Any:
    """Whether a row of `values` values whose texts hold `text_characters` characters in all fits a
    line of its CSV record even with every quote doubled, as a CSV writer writes it (`check_as_csv`
    then looks no further); of an array of rows' characters, an array of answers."""
    return 2 * text_characters + SHORT_VALUE * values <= limits.max_line


def check_as_csv(row: int, names: Sequence[str], values: Sequence[Any], limits: UploadLimits) -> None:
    """Refuse a typed row (of JSON or of a CSV upload) that a CSV upload could not hold as the
    dataset's CSV export writes it (`app.export.csv_record`: a formula's text with a `'` before it):
    a text over `max_value_length`, or a line of its CSV record over `limits.max_line`; the message
    names the row, the column and the limit. Else the export of the dataset could not be uploaded
    again, and its pages would show the whole text."""
    texts = [(name, value) for name, value in zip(names, values) if isinstance(value, str)]
    if surely_fits_as_csv(sum(len(value) for _, value in texts), len(values), limits):
        return
    for name, value in texts:
        written = cell_text(value)
        if len(written) > max_value_length():
            added = len(written) - len(value)
            as_written = ("" if not added else f" ({len(written)} with the ' the CSV export writes before it)"
                          if added == 1 and written == "'" + value else
                          f" ({len(written)} with the {added} ' the CSV export writes before each formula's start)")
            raise WriteRejected(f"{row_and_column(row, name)}: the text has {len(value)} characters{as_written}; at "
                                f"most {max_value_length()} are allowed in one value, as in a CSV upload")
    found = long_line(csv_record(values), limits.max_line)
    if found is None:
        return
    rule = f"at most {limits.max_line} characters are allowed in one line ({LIMITS_SETTING}), as in a CSV upload"
    for name, value in texts:
        own = long_line(csv_record([value]), limits.max_line)
        if own is not None:
            raise WriteRejected(f"{row_and_column(row, name)}: the text written as CSV has a line of {own[1]} characters; "
                                f"{rule}")
    longest = max(texts, key=lambda text: len(text[1]))[0]
    raise WriteRejected(f"row {row}: its values written as a CSV line have {found[1]} characters; {rule} (its "
                        f"longest value is in column {quoted_name(longest)})")
