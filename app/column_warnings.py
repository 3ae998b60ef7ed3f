"""What a create's answer and a dataset's page warn of, column by column: a text column mostly of
numbers or dates, or of whole numbers kept as text for their leading zeros, a float column whose type
was guessed as it had no values, one of whole numbers past 2**53 and a file's holding a number too
large for a float, and of a source, a text column of dates or times alone (`text_dates_words`); each
column's cells read once for all of them (`column_cells.read_columns`), the warnings kept per dataset
version. Before them, a header line whose names are values of their columns' types (a text column
mostly of numbers or dates counted as one of them), as the first row of a file without a header line is."""
from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping, Sequence
from datetime import timezone

from plots.iso_dates import YEARS_TAKEN, read_moment
from plots.spec import DATES
from plots.text import counted, cut, quoted, quoted_name
from plots.value_text import time_text

from .column_cells import (EXACT_DOUBLE_INTEGERS, fix_advice, held_dates, read_columns, remembered_answer,
                           sql_name, typed_by_the_database, WrittenOtherwise, written_otherwise_in)
from .store import DatasetInfo, StoreError
from .store.cell_values import BadCell, typed_column
from .store.empty_rows import EmptyRows
from .store.form_hints import form_hint
from .store.not_found import first_names
from .store.numbers_and_dates import is_date
from .store.text_places import DATA_ROWS, Place
from .store.upload_columns import guessed_without_values
from .store.written_forms import Cell, leading_zero, without_leading_zeros_shown


def _leading_zeros_warning(column: str, cell: Cell, info: DatasetInfo) -> dict:
    number = without_leading_zeros_shown(cell.value)
    return {"column": column, "row": cell.row, "value": cut(cell.value),
            "hint": f"write numbers without leading zeros: {number}",
            "message": f"column {quoted_name(column)} is kept as text: its values are whole numbers, some with leading "
                       f"zeros, which numbers would lose: row {cell.row} holds {quoted(cell.value)}; for numbers, "
                       f"write them without leading zeros ({number}); {fix_advice(info)}"}


def _rounded_integers_warning(column: str, cell: Cell, info: DatasetInfo) -> dict:
    # Why it is float is not known from what is stored: an empty cell, a number past 64 bits, an exponent.
    hint = (f"for every digit, write whole numbers with digits alone, within 64 bits (up to {2**63 - 1}), and "
            "fill every cell: an integer column keeps them")
    return {"column": column, "row": cell.row, "value": cut(cell.value), "hint": hint,
            "message": f"{_rounded_integers_words(column, cell)}; {hint}; {fix_advice(info)}"}


def _rounded_integers_words(column: str, cell: Cell) -> str:
    return (f"column {quoted_name(column)} is float (numbers), which holds whole numbers past "
            f"{EXACT_DOUBLE_INTEGERS} (2**53) to about 16 digits: row {cell.row} is stored as {cell.value}")


def _source_column_words(store, info: DatasetInfo) -> list[str]:
    """What a source dataset's page says of its columns among its first rows, read once for both
    (`read_columns`), as `_create_warnings` reads them: its text columns mostly of numbers or dates,
    and those of dates or times alone (`text_dates_words`), and its float columns of whole numbers
    past 2**53 (a PostgreSQL `numeric(30,0)`, read as doubles), in an upload's words, with how to keep
    every digit; none when they cannot be read now."""
    texts = [c.name for c in info.columns if c.type == "text"]
    floats = [c.name for c in info.columns if c.type == "float"]
    if not texts and not floats:
        return []

    def look() -> tuple[list[str]]:
        try:
            cells, _, past = read_columns(store, info, texts, floats)
            found = written_otherwise_in(cells, texts, read_date=is_date)  # its database reads no `2024-01`
        except StoreError:
            return ([],)
        otherwise = {column.column: column.message(info) for column in found}
        dates = {name: text_dates_words(name, held) for name in texts
                 if name not in otherwise and (held := held_dates(cells[name])) is not None}
        return ([otherwise.get(name) or dates[name] for name in texts if name in otherwise or name in dates]
                + [f"{_rounded_integers_words(name, past[name])}; for every digit, give them as text in the "
                   f"source's query ({_cast_as_text(name)})" for name in floats if name in past],)

    [words] = remembered_answer((info.name, info.version, "source column warnings"), look)
    return words


def text_dates_words(column: str, held: str) -> str:
    """What a source's text column whose values are all `held` ("dates" or "times", `held_dates`) is
    told: that a chart places them as text, and how its entry makes them dates, to chart it over time."""
    return (f"column {quoted_name(column)} holds {held} written as text, in a column the database declares as "
            f"text: a chart places them as text, in the order the database sorts them, and takes no "
            f"resample or x bounds (xmin, xmax) of it; to chart it over time, {typed_by_the_database(column, DATES)}")


def source_text_dates(store, info: DatasetInfo, column: str) -> str | None:
    """`text_dates_words` of a source's text column whose first rows' values are all dates or times
    (`held_dates`); None for any other column, and when it cannot be read now."""
    if info.source is None or info.column_types().get(column) != "text":
        return None

    def look() -> tuple[str | None]:
        try:
            held = held_dates(read_columns(store, info, [column], [])[0][column])
        except StoreError:
            return (None,)
        return (None if held is None else text_dates_words(column, held),)

    [words] = remembered_answer((info.name, info.version, column, "text dates"), look)
    return words


def _cast_as_text(column: str) -> str:
    """The SQL that reads `column` as text under its own name: `CAST(id AS TEXT) AS id`."""
    name = sql_name(column)
    return f"CAST({name} AS TEXT) AS {name}"


def _too_large_warning(column: str, cell: Cell, info: DatasetInfo) -> dict:
    hint = f"numbers are stored as 64-bit floats, which hold them up to about {sys.float_info.max:.1e}"
    return {"column": column, "row": cell.row, "value": cut(cell.value), "hint": hint,
            "message": f"column {quoted_name(column)} is float (numbers), read with a missing value where a number is "
                       f"too large for one: row {cell.row} holds {quoted(cell.value)}, which an upload refuses; {hint}; "
                       f"{fix_advice(info)}"}


def _no_values_warning(column: str, info: DatasetInfo) -> dict:
    if info.writable:
        words = f"{guessed_without_values(column)}: text appended to it will be refused"
    else:  # a file, typed again whenever it changes: no create fixed its type, and nothing is appended
        words = f"column {quoted_name(column)} has no values, so its type is guessed as float (numbers)"
    return {"column": column, "row": None, "value": None, "hint": None, "message": f"{words}; {fix_advice(info)}"}


# The most lines (or JSON rows) of no value an upload's warning names.
EMPTY_ROWS_SHOWN = 5


def made_float_by(empty: EmptyRows, written: Mapping[str, Sequence[str]]) -> list[str]:
    """The float columns of a new dataset (`written`: their cells as the CSV wrote them, by name) of
    whole numbers alone but in its `empty` rows, which would have been integer columns without them:
    an integer column holds no missing value."""
    skipped = {row - 1 for row in empty.rows}
    made = []
    for name, cells in written.items():
        kept = [cell for index, cell in enumerate(cells) if index not in skipped]
        if skipped and any(cell.strip() for cell in kept) and typed_column(kept)[0] == "integer":
            made.append(name)
    return made


def empty_rows_warning(empty: EmptyRows, info: DatasetInfo, what: str, made_float: Sequence[str] = (),
                       created: bool = True) -> dict:
    """A create's or an append's warning of its rows of no value (`empty_rows`), stored as rows of
    missing values: how many, the first lines of `what` (the CSV, the body, the pasted text) holding
    them, or a JSON body's rows, and each column of whole numbers `made_float` (decimals) by them."""
    csv_rows = empty.lines is not None and empty.sheet is None
    places = empty.lines if empty.lines is not None else empty.rows
    where = f"{'line' if csv_rows else 'row'}{'' if len(places) == 1 else 's'} " + first_names(
        [str(place) for place in places], most=EMPTY_ROWS_SHOWN)
    one = len(empty.rows) == 1
    if empty.sheet is not None:  # a workbook's sheet: its empty rows, by the sheet's rows
        where = f"{where} of the sheet {quoted_name(empty.sheet)}"
        kind = "is an empty row" if one else "are empty rows"
    else:
        kind = ("holds " if one else "hold ") + (
            "commas alone, as a spreadsheet writes an empty row" if csv_rows else "no value in any column")
    words = (f"{counted(len(empty.rows), 'row')} of {what} {kind}, "
             f"{'' if one else 'each '}stored as a row of missing values: {where}")
    if made_float:
        names = first_names([quoted_name(name) for name in made_float], noun="column")
        words += (f"; column{'' if len(made_float) == 1 else 's'} {names}, of whole numbers, "
                  f"{'is' if len(made_float) == 1 else 'are'} float (numbers) for them, as an integer column holds "
                  "no missing value")
    hint = ("remove the lines of commas alone where they stand for no row" if csv_rows
            else "delete the empty rows where they stand for no row" if empty.sheet is not None
            else "leave out the rows of no value where they stand for no row")
    if made_float:
        hint = f"{hint}: without them, an integer column holds the whole numbers"
        words = f"{words}; {hint}; {fix_advice(info)}"
    elif created:
        words = (f"{words}; {hint}: to keep them out, create the dataset again without them "
                 f"(DELETE /api/datasets/{info.name} with a write token removes this one)")
    else:
        words = f"{words}; {hint}"
    return {"column": made_float[0] if made_float else info.columns[0].name, "row": empty.rows[0],
            "value": cut(",".join("" for _ in info.columns)) if csv_rows else None, "hint": hint, "message": words}


# What a name read as a cell is, in the words the header's warning gives it.
KIND_WORDS = {"datetime": "a date", "float": "a number", "integer": "a number", "text": "text"}
NUMBER_TYPES = {"integer", "float"}
# The most names the header's warning lists.
HEADER_NAMES_SHOWN = 5


def _kind_of_name(name: str) -> str:
    """The type a column of the one cell `name` would have: `text` for a word, and for what an
    upload refuses as a cell (NaN, a word for a missing value)."""
    try:
        return typed_column([name])[0]
    except BadCell:
        return "text"


def _values_header_warning(info: DatasetInfo, otherwise: Iterable[WrittenOtherwise] = ()) -> dict | None:
    """A warning that the header line may be a file's first row (the file has no header line):
    every name is a value of its column's type (any name fits a text column, and any number a column
    of numbers), and one is a date naming a date column or a number with a fraction naming a column
    of numbers. Whole numbers and words alone name columns as often as they are values (years,
    codes); None for such a header.

    A text column of `otherwise` (mostly numbers or dates, `written_otherwise_in`) counts as the type
    its cells written another way mended would give it: a file without a header line whose date
    column is text for a cell of `24:00` alone is warned of both at once, not of its header only once
    the cell is mended."""
    mended = {column.column: "datetime" if column.found.wanted == DATES else "float" for column in otherwise}
    types = [mended.get(column.name, column.type) for column in info.columns]
    kinds = [_kind_of_name(column.name) for column in info.columns]
    fits = all(kept == "text" or kind == kept or {kind, kept} <= NUMBER_TYPES for kept, kind in zip(types, kinds))
    telling = any((kind, kept) == ("datetime", "datetime") or (kind == "float" and kept != "text")
                  for kept, kind in zip(types, kinds))
    if not fits or not telling:
        return None
    names = [f"{quoted_name(column.name)} ({KIND_WORDS[kind]})" for column, kind in zip(info.columns, kinds)]
    shown = first_names(names, most=HEADER_NAMES_SHOWN)
    hint = "add a header line naming the columns above the first row"
    return {"column": info.columns[0].name, "row": None, "value": cut(",".join(c.name for c in info.columns)),
            "hint": hint,
            "message": f"the header line names the columns by values of their own types: {shown}; where the file "
                       "has no header line, its first row was read as the names and is not among the rows: add a "
                       f"header line naming the columns above it; {fix_advice(info)}"}


def create_warnings(store, info: DatasetInfo, place: Place = DATA_ROWS) -> list[dict]:
    """What the API's answer to a create warns of, column by column: a text column mostly of numbers
    or dates (`written_otherwise_columns`), a text column of whole numbers kept so
    for their leading zeros, and a column whose type was guessed as it had no values; first, a header
    line that may be a file's first row (`_values_header_warning`), naming the first column. Kept per
    version: a stored dataset's page says the same, and a data-folder file's page says it of the
    file, whose types the same rule gives each version (`page_warnings`). A row that is the header again is
    told in the words of `place`, the create's text (a CSV's line, a workbook's sheet's row, which names the
    sheet); a page, which is not told where a dataset's rows came from, in words true of either."""
    key = (info.name, info.version, "create warnings", place.header_again(1))
    [warnings] = remembered_answer(key, lambda: (_create_warnings(store, info, place),))
    return [dict(warning) for warning in warnings]


def page_warnings(store, info: DatasetInfo, place: Place = DATA_ROWS) -> list[str]:
    """What a dataset's page warns of: for a stored dataset, what the API's answer to its create
    said (`create_warnings`), for as long as it holds, a row of the header again in the words of `place`
    (the workbook's sheet the form's upload just read; else words true of a CSV's and a sheet's); for a
    data-folder file, typed by the same rule as a create, the same of its current version, saying to fix the file,
    and its last row of the totals of the rows above, left out as a create leaves it out (`left_out_rows`);
    for a source, whose columns its database types, the text columns mostly of numbers or dates, the
    float columns of whole numbers past 2**53 among its first rows, and the values of its date columns
    that are no moment, which it reads as missing (`_unread_dates`)."""
    if info.source is None:
        left_out = store.left_out_rows(info) if hasattr(store, "left_out_rows") else ()
        return [warning["message"] for warning in create_warnings(store, info, place) + list(left_out)]
    # The database a source is read from, which an infinite date's words name (`unread_date_hint`).
    backend = getattr(store, "source_backend", lambda name: None)(info.name)
    return (_source_column_words(store, info)
            + [_unread_dates_words(unread, info, backend) for unread in _unread_dates(store, info)])


def _unread_dates(store, info: DatasetInfo) -> tuple:
    """A source's date columns' values that are no moment (`SiteStore.unread_dates`); none when it
    cannot be described now, or from a store that does not count them."""
    try:
        return store.unread_dates(info) if hasattr(store, "unread_dates") else ()
    except StoreError:
        return ()


def _unread_dates_words(unread, info: DatasetInfo, backend: str | None = None) -> str:
    """What a source dataset's page says of a date column's values that are no moment
    (`source_counts.UnreadDates`): the column, how many, its first values with how to write each (as
    an upload's cell of that text is told, `unread_date_hint` of the source's `backend`), and what to do."""
    many = unread.count != 1
    examples = "; ".join(f"{quoted(value) if isinstance(value, str) else value} "
                         f"({unread_date_hint(value, backend)})"
                         for value in unread.examples)
    return (f"column {quoted_name(unread.column)} holds {unread.count:,} value{'s' if many else ''} that "
            f"{'are' if many else 'is'} no date or time the site reads, each a missing value in the rows and on "
            f"every chart: {examples}; {fix_advice(info)}")


def unread_date_hint(value: object, backend: str | None = None) -> str:
    """How to write a source's date value that is no moment to the site, in the words an upload's
    cell of that text is told (`form_hints.form_hint`): `infinity` and `-infinity` and dates before
    the year 1 (`0044-03-15 BC`), which no Python date holds, are told the years the site takes; a
    number is no date there (SQLite's date functions read it as a julian day), and a moment an upload
    reads but SQLite does not (a UTC offset past 14:59, `+15:00`) is told its moment in UTC.

    `backend` is the kind of database the source is ('sqlite', 'postgresql'; None where not known):
    the value alone does not say which database holds it, so an infinity is PostgreSQL's only in a
    PostgreSQL source (in SQLite's it is text), and named neutrally where the database is not known."""
    if isinstance(value, str) and value.strip().lower() in ("infinity", "-infinity"):
        if backend == "postgresql":
            return f"PostgreSQL's infinity is no date here; {YEARS_TAKEN}"
        return f"infinity, which is no date; {YEARS_TAKEN}"
    if isinstance(value, str) and value.strip().upper().endswith(" BC"):
        return f"a date before the year 1; {YEARS_TAKEN}"
    if not isinstance(value, str):
        return "a number is no date here (SQLite's date functions read it as a julian day): write dates as YYYY-MM-DD"
    text = value.strip()
    if is_date(text):
        moment = read_moment(text)
        if moment.tzinfo is not None:
            moment = moment.astimezone(timezone.utc).replace(tzinfo=None)
        return (f"write the moment in UTC, as SQLite's date functions read it (a UTC offset of at most 14:59): "
                f"{time_text(moment)}Z")
    return form_hint(text) or "not a date (YYYY-MM-DD): write one, or NULL for a missing value"


def _create_warnings(store, info: DatasetInfo, place: Place) -> list[dict]:
    # One read of the text and float columns gives every warning (`read_columns`): none when they cannot
    # be read now.
    texts = [c.name for c in info.columns if c.type == "text"]
    floats = [c.name for c in info.columns if c.type == "float"]
    try:
        cells, empty, past = read_columns(store, info, texts, floats)
        too_large = store.too_large_cells(info) if floats and hasattr(store, "too_large_cells") else {}
        found = written_otherwise_in(cells, texts, place)
        header = _values_header_warning(info, found)
        return ([] if header is None else [header]) + _warnings_of(info, cells, empty, past, too_large, found)
    except StoreError:
        header = _values_header_warning(info)  # of the names alone: said even when the cells cannot be read
        return [] if header is None else [header]


def _warnings_of(info: DatasetInfo, cells: Mapping[str, Iterable], empty: set[str],
                 past: Mapping[str, Cell], too_large: Mapping[str, Cell],
                 found: Iterable[WrittenOtherwise]) -> list[dict]:
    """`create_warnings` of the text columns' `cells` (`read_columns`), those mostly of numbers or
    dates among them (`found`, `written_otherwise_in`), the float columns holding no value (`empty`),
    those of whole numbers past 2**53 (`past`) and a file's holding a number too large for a float
    (`too_large`: their first such cell); raises StoreError where the cells are read as they are
    looked at."""
    otherwise = {column.column: column.as_dict(info) for column in found}
    warnings = []
    for column in info.columns:
        if column.name in otherwise:
            warnings.append(otherwise[column.name])
        elif column.type == "float" and column.name in too_large:  # no more a column of no values
            warnings.append(_too_large_warning(column.name, too_large[column.name], info))
        elif column.type == "float" and column.name in empty:
            warnings.append(_no_values_warning(column.name, info))
        elif column.type == "float" and column.name in past:
            warnings.append(_rounded_integers_warning(column.name, past[column.name], info))
        elif column.type == "text":
            cell = leading_zero(cells[column.name])
            if cell is not None:
                warnings.append(_leading_zeros_warning(column.name, cell, info))
    return warnings
