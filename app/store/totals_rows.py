"""A CSV's last row that is the totals of the rows above it, as a finance sheet ends (`Total,,1250.5,300`): left
out of a new dataset's rows, and of an append's, where each of its numbers is its column's sum, to the 15 significant digits Excel
keeps, so that a chart of the rows draws no `Total` bar, nor sums the totals again; any other row named a total
is kept, as today, and warned of (`header_and_total_rows`)."""
from __future__ import annotations

import csv
import io
import math
from collections.abc import Sequence
from itertools import islice

from plots.text import cut, quoted

from .csv_types import FLOAT_TEXT, is_missing_word
from .header_and_total_rows import is_totals_row
from .sheet_cells import EXCEL_DIGITS
from .text_places import Place

LEFT_OUT_HINT = "the site sums the rows where a chart asks (agg=sum)"


def _number(cell: str) -> float | None:
    """A cell's number as a plain number is written (`1250.5`, `-3e3`); None for any other cell."""
    text = cell.strip()
    return float(text) if FLOAT_TEXT.fullmatch(text) else None


def _column_sum(rows: Sequence[tuple[int, list[str]]], index: int) -> float | None:
    """The sum of the numbers of column `index` of `rows`, their blanks and words for a missing value aside;
    None where a cell holds another text, of which there is no sum."""
    numbers = []
    for _, cells in rows:
        text = cells[index].strip()
        if not text or is_missing_word(text):
            continue
        number = _number(text)
        if number is None:
            return None
        numbers.append(number)
    return math.fsum(numbers)


def _shown(number: float) -> float:
    """A number to the significant digits Excel keeps, as two sums are compared."""
    return float(f"{number:.{EXCEL_DIGITS}g}")


def is_sum_row(rows: Sequence[tuple[int, list[str]]]) -> bool:
    """Whether the last of `rows` (each its line and cells, as wide as the header) is the totals of the rows
    above it: its first cell names it a total (`is_totals_row`), it holds a number, and each of its numbers
    equals the sum of its column above, to Excel's 15 significant digits; its blanks and words are no sums."""
    if len(rows) < 2 or not rows[-1][1] or not is_totals_row(rows[-1][1][0]):
        return False
    totals = [(index, _number(cell)) for index, cell in enumerate(rows[-1][1]) if index > 0]
    totals = [(index, total) for index, total in totals if total is not None]
    if not totals:
        return False
    for index, total in totals:
        summed = _column_sum(rows[:-1], index)
        if summed is None or _shown(summed) != _shown(total):
            return False
    return True


def left_out_warning(line: int, cell: str, column: str, place: Place) -> dict:
    """A create's (or an append's) warning that the totals row at `line` of the text (its first `cell` under `column`) was left
    out, in the words of `place`."""
    message = (f"{place.line_of_whole(line)}, {quoted(cell.strip())}, the totals of the rows above, is left out: "
               f"{LEFT_OUT_HINT}")
    return {"column": column, "row": None, "value": cut(cell), "hint": LEFT_OUT_HINT, "message": message}


def file_without_totals_row(text: str, column: str, place: Place) -> tuple[str, dict] | None:
    """A data-folder file's CSV `text` without its last row where that is the totals of the rows above
    (`is_sum_row`, as an upload's is left out), and the warning of it (`left_out_warning`, `column` its first
    column's name); None where it is not. Its rows are read again as text here, which only a file whose last
    row's first cell names a total (`is_totals_row`) is worth."""
    reader = csv.reader(io.StringIO(text, newline=""))
    rows, header = [], None
    try:
        for cells in reader:
            if not cells or (len(cells) == 1 and not cells[0].strip(" \t")):
                continue  # a blank line, as pandas and an upload skip it
            if header is None:
                header = cells
            else:
                rows.append((reader.line_num, cells))
    except csv.Error:
        return None
    if not is_sum_row(rows):
        return None
    line, totals = rows[-1]
    kept = "".join(islice(io.StringIO(text, newline=""), rows[-2][0]))  # the lines to the end of the row above
    return kept, left_out_warning(line, totals[0], column, place)
