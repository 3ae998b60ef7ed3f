"""What a create or an append warns of a workbook's sheet as it was read: its error values (`#DIV/0!`) stored as
missing values, and its columns of percents, stored as the numbers Excel shows, whose names do not say so."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from plots.text import counted, cut, quoted, quoted_name

# The most error cells a warning names.
ERRORS_SHOWN = 5


@dataclass(frozen=True)
class ErrorCell:
    """An error value (`#DIV/0!`) of a sheet, read as a missing value: its cell (`B7`), its column's
    name and its row in the dataset's rows (the sheet's row less the header's)."""

    cell: str
    column: str
    row: int
    value: str


@dataclass(frozen=True)
class PercentColumn:
    """A column of a sheet holding numbers formatted as percents, each stored as the number Excel shows (15 for
    15%): its name, and its first such cell (`B2`), that cell's row in the dataset's rows and the number stored."""

    column: str
    cell: str
    row: int
    shown: str


def error_cells_warnings(errors: Sequence[ErrorCell], sheet: str, what: str) -> list[dict]:
    """A create's or an append's warning of the error values (`#DIV/0!`) of a workbook's sheet, read as
    missing values: one a column, naming its first cells; [] for none."""
    by_column: dict[str, list[ErrorCell]] = {}
    for error in errors:
        by_column.setdefault(error.column, []).append(error)
    warnings = []
    for column, cells in by_column.items():
        shown = ", ".join(f"{cell.cell} {cell.value}" for cell in cells[:ERRORS_SHOWN])
        more = "" if len(cells) <= ERRORS_SHOWN else f" and {len(cells) - ERRORS_SHOWN} more"
        hint = "mend the formulas in the workbook, or leave the cells empty for missing values, and send it again"
        message = (f"column {quoted_name(column)} of the sheet {quoted_name(sheet)} of {what} holds "
                   f"{counted(len(cells), 'error value')}, each stored as a missing value: {shown}{more}; {hint}")
        warnings.append({"column": column, "row": cells[0].row, "value": cut(cells[0].value), "hint": hint,
                         "message": message})
    return warnings


def percent_warnings(columns: Sequence[PercentColumn], sheet: str, what: str, appended: bool = False) -> list[dict]:
    """A create's warning (or where `appended`, an append's) of each column of a workbook's sheet holding percents,
    stored as the numbers Excel shows, whose name carries no `%` for its charts to draw them with: a create's says
    to name it so, an append's (whose column's name is the dataset's) that the rows before are to be percents too;
    [] for none."""
    warnings = []
    for column in columns:
        if "%" in column.column:
            continue
        if appended:
            hint = (f"the dataset's rows before are to be such numbers too, {column.shown} for {column.shown}%, not "
                    "the fraction")
        else:
            hint = (f"name the column {quoted(f'{column.column} (%)')} in the header row for its charts to draw its "
                    "values with %, and send the workbook again")
        message = (f"column {quoted_name(column.column)} of the sheet {quoted_name(sheet)} of {what} holds percents "
                   f"(its cell {column.cell} shows {column.shown}%): stored as the numbers Excel shows, "
                   f"{column.shown} for {column.shown}%; {hint}")
        warnings.append({"column": column.column, "row": column.row, "value": column.shown, "hint": hint,
                         "message": message})
    return warnings
