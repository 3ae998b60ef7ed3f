"""An upload's column names against a dataset's columns, and where in an upload a value is.

A CSV header and a JSON row's keys are matched to the columns as the dataset spells them
(`stored_names`; a name as the dataset's CSV export writes it, `'=x` for `=x`, names its column),
then refused if they name a column the dataset lacks or leave one out (`check_names`). Messages
about one value name its place with `row_and_column`.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from plots.text import listed_value, quoted_name, typed_column_list

from ..export import cell_text
from .csv_headers import name_key
from .text_places import CSV, Place, listed
from .types import Column, WriteRejected


class ValueRefused(WriteRejected):
    """A value its column's type refuses (`column`); `text` when what was sent is text, not a number
    or a date, which a column typed without values refuses as well (`guessed_without_values`)."""

    def __init__(self, message: str, column: str, text: bool):
        super().__init__(message)
        self.column = column
        self.text = text


def guessed_without_values(column: str) -> str:
    """Words that say a column had no values when its dataset was created, and what that made it."""
    return (f"column {quoted_name(column)} had no values when the dataset was created, so its type was guessed as "
            "float (numbers)")


def row_and_column(row: int, column: str) -> str:
    """Where a value is, as a refusal names it: "row 3, column 'price'"."""
    return f"row {row}, column {quoted_name(column)}"


def _column_list(columns: Sequence[Column]) -> str:
    """The dataset's columns as a refusal lists them, "a (float), b (text)" (`typed_column_list`)."""
    return typed_column_list((column.name, column.type) for column in columns)


# How many unknown column names a refusal lists: a JSON row may hold any number of keys.
SHOWN_UNKNOWN = 10


def check_names(given: Sequence[str], columns: Sequence[Column], where: str | None = None, header: bool = False,
                place: Place = CSV) -> None:
    """Refuse unknown and missing columns, listing the dataset's columns, the refusal said of `where` (a JSON
    row; None: the header of `place`). A CSV `header` that names none of them is asked whether it is a row,
    and told the header line to begin with (in the words of `place`): rows pasted without it (their first
    taken for a header) are the likeliest way to name none."""
    expected = {c.name for c in columns}
    unknown = [n for n in given if n not in expected]
    present = set(given)
    missing = [c.name for c in columns if c.name not in present]
    if unknown or missing:
        parts = []
        if unknown:
            # One in another Unicode form than it looks ('cafe\u0301', not café) is told apart from
            # the names it looks like (`quoted_name`).
            names = ", ".join(quoted_name(name) for name in unknown[:SHOWN_UNKNOWN])
            more = f" ({len(unknown) - SHOWN_UNKNOWN} more)" if len(unknown) > SHOWN_UNKNOWN else ""
            parts.append(f"unknown column{'s' if len(unknown) > 1 else ''} {names}{more}")
        if missing:
            parts.append(f"missing column{'s' if len(missing) > 1 else ''} {', '.join(map(listed_value, missing))}")
        advice = ""
        if cased := other_case(unknown, missing):
            givens, names = (listed([quoted_name(pair[i]) for pair in cased]) for i in (0, 1))
            advice = (f"; {givens} {'are' if len(cased) > 1 else 'is'} the dataset's {names} written in other "
                      "letter case: write the names as the dataset does")
        elif header and not present & expected:
            advice = (f"; {place.first_line} names none of them: is it a row? Begin with {place.header_line}, "
                      f"{place.written_header([c.name for c in columns], header_line(c.name for c in columns))}, "
                      "then the rows")
        raise WriteRejected(f"{place.header if where is None else where}: {' and '.join(parts)}; the columns are {_column_list(columns)}{advice}")


def other_case(unknown: Sequence[str], missing: Sequence[str]) -> list[tuple[str, str]]:
    """Each unknown name and the missing one it is in other letter case (`month`, `Month`), where every
    unknown name is so one missing name, each a different one: none where any is not."""
    folded: dict[str, list[str]] = {}
    for name in missing:
        folded.setdefault(name.casefold(), []).append(name)
    pairs = []
    for name in unknown:
        found = folded.get(name.casefold(), [])
        if len(found) != 1:
            return []
        pairs.append((name, found[0]))
    return pairs if len({name for _, name in pairs}) == len(pairs) else []


def header_line(names: Iterable[str]) -> str:
    """The CSV header line naming `names`, without its line break: `year,Bear`, a name holding a comma
    or a quote quoted as CSV writes it."""
    line = io.StringIO()
    csv.writer(line, lineterminator="").writerow(list(names))
    return line.getvalue()


def stored_names(names: Sequence[str], columns: Sequence[Column]) -> tuple[str, ...]:
    """Header names as the dataset's columns spell them: a dataset stored before names were trimmed
    may have a column ' value', which a header's 'value' or ' value' names; a name names the
    column it looks the same as (`name_key`: "é" as one character or as "e" and an accent); and one
    as the dataset's CSV export writes it (`cell_text`: `'=x` for `=x`) names its column."""
    exact = {c.name for c in columns}
    if all(name in exact for name in names):  # as nearly always: a JSON append asks this of each row
        return tuple(names)
    # A spreadsheet shows the export's `'` and copies it with the name: its header line, copied
    # above rows or saved with them, names the columns so.
    exported = {cell_text(c.name): c.name for c in columns}
    stored = {name_key(c.name.strip()): c.name for c in columns}
    return tuple(name if name in exact else exported.get(name) or stored.get(name_key(name), name) for name in names)
