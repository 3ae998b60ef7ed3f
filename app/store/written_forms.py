"""Cells that keep a column text where numbers or dates are wanted: the first cell of a column that
is not what is wanted, told how to write it where its form says (`form_hints`), a new dataset's
column typed text although most of its values are numbers or dates, pointed out at its first cells
that are not, whatever they hold (a word, a totals row, the header again: `header_and_total_rows`),
and a column of whole numbers kept as text for a leading zero. A column's cells are looked at once
per distinct text (`distinct_cells`).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from plots.spec import DATES, NUMBERS, NUMBERS_OR_DATES
from plots.text import quoted, quoted_cut

from .csv_types import INTEGER_TEXT, has_leading_zero
from .distinct_cells import Answers, CellTexts, first_values, present
from .form_hints import MISSING_ADVICE, currency_of, date_form, form_hint, is_missing_mark, mark_hint, number_form
from .header_and_total_rows import cell_hint, is_totals_row
from .numbers_and_dates import fits, is_cell_date, is_number
from .text_places import DATA_ROWS, Place

# What a column is refused for not holding (a chart's y wants numbers, resample's x dates, xmin's x either).
WANTED = (NUMBERS, DATES, NUMBERS_OR_DATES)
# How many cells with a value `mostly_values` looks at: enough to tell what a column holds.
LOOKED_AT = 10_000
# The share of a column's values (marks for "no value" aside) that must be numbers, or dates, for
# its column to be pointed out whatever its other cells hold; and how many texts those may be (a
# totals row, the header again, a word for "no value": not a column of codes, some of digits alone).
MOSTLY = 0.8
OTHER_TEXTS = 3
# How many of a column's cells that are not numbers or dates a warning names, each another problem.
NAMED_CELLS = 3


@dataclass(frozen=True)
class Cell:
    """A cell of a column: its row (1 for the first, as a refusal of an upload counts them) and text."""

    row: int
    value: str

    def words(self) -> str:
        """The cell as a message names it, with how to write it where its form says: "row 2 holds
        '1,5' (write numbers with a point: 1.5, no thousands separators, units or currency signs)"."""
        hint = form_hint(self.value)
        return f"row {self.row} holds {quoted(self.value)}" + (f" ({hint})" if hint else "")


def first_unfit(values: Iterable[object], wanted: str) -> Cell | None:
    """The first cell of `values` (a column's, in row order; None or NaN where missing) that holds
    a value and is not one of what is `wanted`; None when there is none."""
    for row, value in enumerate(values, start=1):
        text = present(value)
        if text is not None and not fits(text, wanted):
            return Cell(row, str(value))
    return None


@dataclass(frozen=True)
class MostlyValues:
    """A text column whose values are mostly numbers, or mostly dates (`wanted`), and its first
    cells that are not (`cells`, in row order: the first, then the first of each other problem),
    each named with how to write it or what to do; `header` is the column's name, which a cell
    holds where the header line comes again (two files joined), told in the words of `place` (a CSV's
    line, a sheet's row; a dataset's rows as kept, true of either, where it is not told which)."""

    wanted: str
    cells: tuple[Cell, ...]
    header: str | None = None
    place: Place = DATA_ROWS

    def hint(self, cell: Cell) -> str:
        """How to write `cell` (`form_hint`), or else what to do about it: a header line again (its
        name as it looks: the byte-order mark a second file joined on begins with draws as nothing), a
        totals row, a word where a number or date should be."""
        text = cell.value.strip()
        hint = form_hint(text)
        if hint is not None:
            return hint + self._another_currency(cell)
        hint = cell_hint(text, self.header, self.place, cell.row)
        if hint is not None:
            return hint
        what = "a number" if self.wanted == NUMBERS else "a date (YYYY-MM-DD)"
        return f"not {what}: write one, or {MISSING_ADVICE}"

    def _another_currency(self, cell: Cell) -> str:
        """What to do about `cell` where its amount's currency is another than that of a cell named before
        it (`$12` then `€13`): nothing where it is not, or is written without one."""
        currency = currency_of(cell.value.strip())
        if currency is None:
            return ""
        for earlier in self.cells:
            if earlier.row >= cell.row:
                break
            theirs = currency_of(earlier.value.strip())
            if theirs is not None and theirs != currency:
                return (f"; another currency than row {earlier.row}'s {quoted(earlier.value)}: a column's amounts are "
                        f"to be of one currency, so convert them to one, or give each currency a column of its own")
        return ""

    def words(self) -> str:
        """The cells as a message names them: "row 3 holds '\\\\N' (leave the cell empty …); row 13 holds
        'Total' (…)"."""
        return "; ".join(f"row {cell.row} holds {quoted(cell.value)} ({self.hint(cell)})" for cell in self.cells)


def _problem(text: str, wanted: str) -> str:
    """What is wrong with a cell that is not `wanted`, as far as naming it goes: cells written
    another way are one problem (one shows how to write them all), each mark for "no value" and
    each other text another; amounts of each currency are another problem too (`$12`, `€13`)."""
    if wanted == NUMBERS and number_form(text):
        # Each currency another problem: the amounts of one are no amounts of another once written alike.
        return f"written another way, {currency_of(text)}"
    if wanted == DATES and date_form(text):
        return "written another way"
    hint = mark_hint(text)
    return hint if hint is not None else text.casefold()


def _kind(text: str, read_date: Callable[[str], bool]) -> tuple[bool, bool, bool, bool]:
    """What `mostly_values` counts of a stripped text: whether it is a mark for "no value", a number
    (read or written another way), a date (likewise), a whole number with a leading zero."""
    return (is_missing_mark(text), is_number(text) or number_form(text), read_date(text) or date_form(text),
            INTEGER_TEXT.fullmatch(text) is not None and has_leading_zero(text))


def mostly_values(values: Iterable[object], header: str | None = None, place: Place = DATA_ROWS,
                  read_date: Callable[[str], bool] = is_cell_date) -> MostlyValues | None:
    """A text column (its cells in row order; None or NaN where missing) whose values are mostly
    numbers or mostly dates, with its first cells that are not (`MostlyValues`); None when it
    holds text (or is no text column).

    Among its first LOOKED_AT cells with a value, marks for "no value" aside (`is_missing_mark`),
    those of one kind, read or written another way (`form_hint`), must be more than half, with a
    cell written another way, a mark or a totals row among the others; or, whatever the others hold, at least
    MOSTLY of them and two at the least, the others few texts (at most OTHER_TEXTS), as a totals
    row, a header line again or a word for "no value" are. A column of whole numbers one of which
    has a leading zero (codes, kept as text for their zeros) is not pointed out for its other
    cells, which would leave it text. A cell holding the column's name `header` is told as the header again,
    in the words of `place` (those of a dataset's rows as kept unless the text the create read is given).
    `read_date` says which texts are dates: a dataset's cells' (`is_cell_date`, a month alone among
    them), or a source's, whose database reads no month alone as a date (`is_date`).
    """
    cells, counts = first_values(values, LOOKED_AT)
    # Each distinct text is looked at once, and counted as often as it comes.
    counted = numbers = dates = 0
    marked = zeros = False
    for text, times in counts.items():
        mark, number, day, zero = _kind(text, read_date)
        if mark:
            marked = True
            continue
        counted += times
        numbers += times * number
        dates += times * day
        zeros = zeros or zero
    wanted, fit = (NUMBERS, numbers) if numbers >= dates else (DATES, dates)
    if 2 * fit <= counted:
        return None  # text, mostly: its cells need no other look
    read = is_number if wanted == NUMBERS else read_date
    formed = number_form if wanted == NUMBERS else date_form
    unread_texts = [text for text in counts if not read(text)]
    if not unread_texts:
        return None
    others = {text.casefold() for text in unread_texts if not formed(text) and not is_missing_mark(text)}
    # A totals row says what the column holds as a mark does: a quarter's three months and their total
    # are a column of dates, though one in four of its cells is no date.
    some_formed = marked or any(formed(text) or is_totals_row(text) for text in unread_texts)
    if not ((some_formed and 2 * fit > counted)
            or (fit >= MOSTLY * counted and fit >= 2 and len(others) <= OTHER_TEXTS and not zeros)):
        return None
    unread, texts = set(unread_texts), CellTexts()
    problem_of = Answers(lambda text: _problem(text, wanted))
    named, problems = [], set()
    for row, value in enumerate(cells, start=1):
        text = texts.of(value)
        if text is None or text not in unread:
            continue
        problem = problem_of[text]
        if problem not in problems:
            problems.add(problem)
            named.append(Cell(row, str(value)))
        if len(named) == NAMED_CELLS:
            break
    return MostlyValues(wanted, tuple(named), header, place)


def written_otherwise(values: Iterable[object]) -> Cell | None:
    """The first cell of a text column whose values are mostly numbers or dates (`mostly_values`)
    that is not one; None when the column holds text."""
    found = mostly_values(values)
    return None if found is None else found.cells[0]


def without_leading_zeros(value: str) -> str:
    """A whole number's text as a number writes it: `01234` is `1234`, `-007` is `-7`."""
    text = value.strip()
    sign = text[0] if text[0] in "+-" else ""
    return sign.lstrip("+") + (text.lstrip("+-").lstrip("0") or "0")


def without_leading_zeros_shown(value: str) -> str:
    """A cell's whole number as a message writes it out without its leading zeros
    (`without_leading_zeros`), cut as a message quotes a long value (`quoted_cut`)."""
    return quoted_cut(without_leading_zeros(value), str)


def leading_zero(values: Iterable[object]) -> Cell | None:
    """The first cell with a leading zero (`01234`) of a text column whose values are all whole
    numbers, which the type rule keeps as text so that the zeros are not lost; None for any other
    column."""
    texts, integer, zero, first = CellTexts(), Answers(_is_integer), Answers(has_leading_zero), None
    for row, value in enumerate(values, start=1):
        text = texts.of(value)
        if text is None:
            continue
        if not integer[text]:
            return None
        if first is None and zero[text]:
            first = Cell(row, str(value))
    return first


def _is_integer(text: str) -> bool:
    return INTEGER_TEXT.fullmatch(text) is not None
