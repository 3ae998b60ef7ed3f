"""The rows of an upload that hold no value: a CSV line of commas alone (`,,`), as a spreadsheet
writes an empty row, or a JSON row of null in every column. Each is stored as a row of missing
values, as a data-folder file's is read, so that a dataset's CSV export uploads back the same; a
create's and an append's answer warn of them (`column_warnings.empty_rows_warning`)."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class EmptyRows:
    """Where an upload's rows of no value are: `rows`, their numbers (1 for the first under the
    header, as a warning's `row`); `lines`, their lines of the CSV, None for JSON rows, or, where `sheet`
    names a workbook's sheet the CSV was read from, their rows of that sheet (`in_sheet`)."""

    rows: tuple[int, ...] = ()
    lines: tuple[int, ...] | None = None
    sheet: str | None = None


NONE = EmptyRows()


class UploadRows(list):
    """Rows to append, each a tuple in the dataset's column order, and which of them hold no value (`empty`);
    `left_out`, the warning of a CSV's last row left out, the totals of the rows above (`totals_rows`)."""

    def __init__(self, rows=(), empty: EmptyRows = NONE, left_out: tuple[dict, ...] = ()):
        super().__init__(rows)
        self.empty = empty
        self.left_out = left_out


def empty_csv_rows(rows: Sequence[tuple[int, Sequence[str]]]) -> EmptyRows:
    """The rows of no value among a CSV's (line number, cells) rows: of two cells or more, each empty.
    A line of one empty cell is a blank line, which is no row."""
    found = [(row, line) for row, (line, cells) in enumerate(rows, start=1) if len(cells) > 1 and not any(cells)]
    return EmptyRows(tuple(row for row, _ in found), tuple(line for _, line in found)) if found else NONE


def empty_json_rows(rows: Sequence[tuple]) -> EmptyRows:
    """The rows of no value among JSON rows (their values in column order): null in every column."""
    found = tuple(row for row, values in enumerate(rows, start=1) if all(value is None for value in values))
    return EmptyRows(found) if found else NONE



def in_sheet(empty: EmptyRows, sheet: str, row_of_line: Callable[[int], int]) -> EmptyRows:
    """The rows of no value of the CSV text a workbook's `sheet` was read into, placed by the sheet's rows
    (`row_of_line` of each line) rather than the text's lines."""
    if not empty.rows or empty.lines is None:
        return empty
    return EmptyRows(empty.rows, tuple(row_of_line(line) for line in empty.lines), sheet)
