"""Two rows of a CSV that are no data, told apart from the rows around them: the header line again (as
where two files are joined) and a totals row, and what to do about each, found by a row refused
(`line_hint`) or by one of its cells named (`cell_hint`)."""
from __future__ import annotations

import re
from collections.abc import Sequence

from plots.text import looks

from .form_hints import form_hint
from .text_places import CSV, Place

# A totals row's first cell: `Total`, `Grand total`, `Subtotal`, `Totals:`, `Sum`.
TOTAL = re.compile(r"(?:grand\s+|sub-?)?totals?:?(?:\s.*)?|sum:?", re.IGNORECASE)
TOTAL_ROW = "a totals row: remove it, a chart adds rows up itself with agg=sum"


def _as_name(text: str) -> str:
    # As a name looks (the byte-order mark a second file joined on begins with draws as nothing), in any case.
    return looks(text).strip().casefold()


def same_name(text: str, name: str) -> bool:
    """Whether a cell is a column's name, as it looks and whatever its case."""
    return _as_name(text) == _as_name(name)


def is_totals_row(cell: str) -> bool:
    """Whether a cell, its spaces aside, names its row a total ("Total", "Grand total:", "Sum")."""
    return TOTAL.fullmatch(cell.strip()) is not None


def line_hint(cell: str, row: Sequence[str], names: Sequence[str], place: Place = CSV) -> str | None:
    """What to do about the row of CSV cells `row` under the header `names`, refused for its `cell`
    that is no value written another way (`form_hint` says nothing of it): the header line again
    (its names in any order; in the words of `place`) or a totals row; None for any other."""
    if form_hint(cell) is not None:
        return None
    if sorted(_as_name(text) for text in row) == sorted(_as_name(name) for name in names):
        return place.header_again()
    return TOTAL_ROW if is_totals_row(cell) else None


def cell_hint(cell: str, header: str | None, place: Place = CSV, row: int | None = None) -> str | None:
    """What to do about the row of a column's `cell` that is no value written another way (`form_hint`
    says nothing of it): the header line again, where it holds the column's name `header` as it looks
    (in the words of `place`, naming the cell's `row` of the dataset where they would), or a totals row;
    None for any other."""
    if header is not None and same_name(cell, header):
        return place.header_again(row)
    return TOTAL_ROW if is_totals_row(cell) else None
