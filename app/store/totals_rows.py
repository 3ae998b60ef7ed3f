"""A CSV's last row that is the totals of the rows above it, as a finance sheet ends (`Total,,1250.5,300`, or
`2024-12-31,TOTAL,294953.73`): left out of a new dataset's rows, and of an append's, where a cell of it, in any
column, names it a total and each of its numbers is its column's sum, to the 15 significant digits Excel keeps, so
that a chart of the rows draws no `Total` bar, nor sums the totals again; any other row named a total is kept, as
today, and warned of (`header_and_total_rows`)."""
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


def totals_label(rows: Sequence[tuple[int, list[str]]]) -> int | None:
    """Where the last of `rows` (each its line and cells, as wide as the header) names itself the totals of the
    rows above it, None where it is not those totals: its first cell that names it a total (`is_totals_row`), in
    any column (`2024-12-31,TOTAL,294953.73` as well as `Total,,1250.5`), where it holds a number and each of its
    numbers equals the sum of its column above, to Excel's 15 significant digits; its blanks and other words (a
    date beside `TOTAL`) are no sums. A row named so whose numbers are its own (a campaign `Total Giving`) is
    none."""
    if len(rows) < 2 or not rows[-1][1]:
        return None
    last = rows[-1][1]
    label = next((index for index, cell in enumerate(last) if is_totals_row(cell)), None)
    if label is None:
        return None
    totals = [(index, _number(cell)) for index, cell in enumerate(last) if index != label]
    totals = [(index, total) for index, total in totals if total is not None]
    if not totals:
        return None
    for index, total in totals:
        summed = _column_sum(rows[:-1], index)
        if summed is None or _shown(summed) != _shown(total):
            return None
    return label


def left_out_warning(line: int, cell: str, column: str, place: Place) -> dict:
    """A create's (or an append's) warning that the totals row at `line` of the text (its `cell` naming it a total, under
    `column`) was left out, in the words of `place`."""
    message = (f"{place.line_of_whole(line)}, {quoted(cell.strip())}, the totals of the rows above, is left out: "
               f"{LEFT_OUT_HINT}")
    return {"column": column, "row": None, "value": cut(cell), "hint": LEFT_OUT_HINT, "message": message}


def sum_row_left_out(rows: list[tuple[int, list[str]]], names: Sequence[str], place: Place) -> tuple[dict, ...]:
    """The warning that the last of `rows` (under the header `names`), the totals of the rows above it
    (`totals_label`), is left out, popped from `rows`; () where it is not those totals, `rows` as they were."""
    label = totals_label(rows)
    if label is None:
        return ()
    line, totals = rows.pop()
    return (left_out_warning(line, totals[label], names[label], place),)


def file_without_totals_row(text: str, names: Sequence[str], place: Place) -> tuple[str, dict] | None:
    """A data-folder file's CSV `text` without its last row where that is the totals of the rows above
    (`totals_label`, as an upload's is left out), and the warning of it (`left_out_warning`, `names` its
    columns'); None where it is not. Its rows are read again as text here, which only a file whose last
    row has a cell naming a total (`is_totals_row`) is worth."""
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
    before = rows[-2][0] if len(rows) > 1 else None
    left_out = sum_row_left_out(rows, names, place)
    if not left_out:
        return None
    kept = "".join(islice(io.StringIO(text, newline=""), before))  # the lines to the end of the row above
    return kept, left_out[0]
