"""Which sheet of a workbook is read: the one the field `sheet` names, matched as Excel matches a sheet's name,
whatever its case, or else the first the person who made the workbook sees, its first visible sheet (a hidden
one holds workings, lookups, an old copy); and the warning that names the other visible sheets not read."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import quote

from plots.text import quoted, quoted_name

from .text_places import listed
from .types import WriteRejected

# How a sheet is named by its state where Excel shows it in the workbook's tabs.
VISIBLE = "visible"


@dataclass(frozen=True)
class ChosenSheet:
    """The worksheet read (`sheet`), and where no sheet was named, the visible sheets it was chosen before
    (`others`, by their names) and the hidden ones skipped before it (`hidden`)."""

    sheet: object
    others: Sequence[str] = ()
    hidden: Sequence[str] = ()


def chosen_sheet(workbook, what: str, name: str | None) -> ChosenSheet:
    """The worksheet named `name` (exactly, or else whatever its case, as Excel names one sheet so), or the first
    visible one; raises WriteRejected naming the sheets there are."""
    sheets = workbook.worksheets  # chart sheets, which hold no cells, are no worksheets
    if not sheets:
        raise WriteRejected(f"{what} is a workbook without a worksheet (only charts)")
    if name is None or name == "":
        visible = [sheet for sheet in sheets if getattr(sheet, "sheet_state", VISIBLE) == VISIBLE]
        if not visible:  # Excel keeps one sheet visible; a program may have hidden them all
            return ChosenSheet(sheets[0])
        first = visible[0]
        hidden = [sheet.title for sheet in sheets[:sheets.index(first)]]
        return ChosenSheet(first, tuple(sheet.title for sheet in visible[1:]), tuple(hidden))
    exact = [sheet for sheet in sheets if sheet.title == name]
    # Excel refuses two sheets whose names differ only in case; a workbook holding two is matched exactly.
    alike = [sheet for sheet in sheets if sheet.title.casefold() == name.casefold()]
    if exact or len(alike) == 1:
        return ChosenSheet((exact or alike)[0])
    listed_sheets = ", ".join(quoted_name(sheet.title) for sheet in sheets)
    raise WriteRejected(f"{what} has no sheet named {quoted(name)}; its sheets are {listed_sheets} (the field sheet "
                        "names one, or is left out for the first visible one)", "sheet")


def other_sheets_warnings(chosen: str, others: Sequence[str], hidden: Sequence[str], what: str) -> list[dict]:
    """A create's or an append's warning that the workbook `what` holds other visible sheets (`others`) than the
    one read, `chosen`, its first visible one, after the hidden ones (`hidden`), and how to read another; [] for
    none."""
    if not others:
        return []
    names = listed([quoted_name(name) for name in others])
    skipped = ""
    if hidden:
        skipped = (f", not the hidden sheet{'s' if len(hidden) > 1 else ''} "
                   f"{listed([quoted_name(name) for name in hidden])}")
    example = others[0]
    hint = f"name one with the field sheet, for example sheet={example} (?sheet={quote(example, safe='')} with a body)"
    message = (f"{what} has {'other sheets' if len(others) > 1 else 'another sheet'}, {names}, not read: its first "
               f"visible sheet, {quoted_name(chosen)}, was read{skipped}; {hint}")
    return [{"column": None, "row": None, "value": None, "hint": hint, "message": message}]
