"""A column's cells as the distinct texts they hold: a column of many rows holds few distinct values
(a code, a category, a flag), so its cells are counted per text (`first_values`), and a rule of the
text alone is asked once per text (`Answers`, `CellTexts`)."""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable
from itertools import islice

from .csv_types import is_missing_word


def present(value: object) -> str | None:
    """A cell's text with the spaces around it stripped; None when it holds no value."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    text = str(value).strip()
    return None if not text or is_missing_word(text) else text


class Answers(dict[str, object]):
    """`rule(text)` of each text looked up (`answers[text]`), found once per text."""

    def __init__(self, rule: Callable[[str], object]) -> None:
        super().__init__()
        self.rule = rule

    def __missing__(self, text: str) -> object:
        found = self[text] = self.rule(text)
        return found


class CellTexts(Answers):
    """`present` of each cell (`of`), found once per distinct text."""

    def __init__(self) -> None:
        super().__init__(present)

    def of(self, value: object) -> str | None:
        """`present(value)`; a cell that is no text (a number, None, NaN) is looked at each time."""
        return self[value] if value.__class__ is str else present(value)  # type: ignore[return-value]


def first_values(values: Iterable[object], most: int) -> tuple[list[object], dict[str, int]]:
    """The cells of a column up to its `most`-th with a value (all of them when it has fewer), and
    how many times each text (`present`) comes among them. Taken a part at a time of no more cells
    than values are still wanted, so that no value past those is counted."""
    cells: list[object] = []
    counts: dict[str, int] = {}
    found = 0
    rest = iter(values)
    while found < most:
        part = list(islice(rest, most - found))
        if not part:
            break
        cells += part
        for cell, times in tally(part):
            text = present(cell)
            if text is not None:
                counts[text] = counts.get(text, 0) + times
                found += times
    return cells, counts


def tally(cells: list[object]) -> Iterable[tuple[object, int]]:
    """Each distinct cell and how many times it comes: counted all at once where the cells are text
    or missing (None, NaN); one by one otherwise, as numbers that compare equal may be written
    otherwise (0 and 0.0)."""
    kinds = set(map(type, cells))
    if kinds <= {str, type(None), float}:
        counted = Counter(cells)
        if float not in kinds or all(cell != cell for cell in counted if cell.__class__ is float):
            return counted.items()
    return ((cell, 1) for cell in cells)
