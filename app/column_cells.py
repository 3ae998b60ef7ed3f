"""The cells a refusal of a text column names: the first that is not a number or date where a chart
wants them (`TextColumnRefused`), or, where a chart finds no numeric column, those of the columns
mostly of numbers (`NoNumericColumn`); and a text column whose values are mostly numbers or dates,
read from the store (the whole column of a stored dataset, a source's first rows). What a create's
answer and a dataset's page warn of is made of the same reads (`column_warnings`).

A stored dataset of many rows is not read whole (`_cells`): its cells are read from the database a
piece at a time, in row order, only as far as a rule looks at them (its first cells kept for the
next rule), so that each rule decides as it does over the whole column, and no column is read whole
twice. `mostly_values` looks at the first cells with a value, `first_unfit`
and `leading_zero` stop at the first cell that decides; whether a column holds no value is counted
by the database."""
from __future__ import annotations

import functools
import re
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar, runtime_checkable

import numpy as np
from flask import has_app_context

from plots.field_values import NoColumn
from plots.iso_dates import ISO_DATE
from plots.spec import DATES, NUMBERS, NUMBERS_OR_DATES, SpecError, TextColumnRefused
from plots.spec_checks import NoNumericColumn
from plots.text import cut, quoted_name
from plots.toml_values import toml_value

from .store import DatasetInfo, StoreError
from .store.distinct_cells import present
from .store.numbers_and_dates import is_cell_date, is_date
from .store.text_places import DATA_ROWS, Place
from .store.workbook_files import WORKBOOK_SUFFIX
from .store.written_forms import (Cell, MostlyValues, first_unfit, leading_zero, mostly_values,
                                  without_leading_zeros_shown)

T = TypeVar("T")
# The rows of a source dataset looked at: its database is asked for these and no more.
SOURCE_ROWS = 1000
# The bytes of answers (per dataset version, column and what was wanted) the app's memo holds
# (`held_bytes`), the least recently used dropped first: a dataset's page asks a few of each dataset
# (its warnings, its text columns written otherwise, each such column's first cell). An entry is its
# key and a few short sentences or column names, under 1 KB as a rule, for the pages of thousands of
# datasets; a create's warnings quote each cell they name cut past 100 characters, as its value too.
MEMO_BYTES = 8 * 1024 * 1024


def remembered_answer(key: Hashable, look: Callable[[], T]) -> T:
    """`look()`, kept per app by `key` (a dataset's version in it) in the memo of MEMO_BYTES while a
    request runs; made again outside one (a dashboard file checked at start-up)."""
    if not has_app_context():
        return look()
    from .context import bytes_memo, remembered  # the site's context imports the dashboards, which import this

    return remembered(bytes_memo("column_cells", MEMO_BYTES), key, look)


def _columns(store, info: DatasetInfo, columns: list[str]):
    """The columns' cells in row order, as a frame: all of a stored dataset's, a source's first SOURCE_ROWS."""
    if info.source is not None:
        return store.first_rows(info.name, columns, SOURCE_ROWS)
    return store.read(info.name, columns).frame


@runtime_checkable
class ReadsInPieces(Protocol):
    """A store that reads a stored dataset of many rows a piece at a time, and has its database
    count its values (`SiteStore`); a store that reads whole columns only (`Store.read`) is not one."""

    def column_cells(self, info: DatasetInfo, column: str) -> Iterable | None: ...
    def value_counts(self, info: DatasetInfo, columns: Sequence[str]) -> dict[str, int] | None: ...


def _stored_cells(store, info: DatasetInfo, column: str) -> Iterable | None:
    """A column's cells read a piece at a time as they are looked at, by a store that reads a stored
    dataset of many rows so (`ReadsInPieces`); None for any other dataset, and from a store that
    reads columns only (`Store.read`)."""
    return store.column_cells(info, column) if isinstance(store, ReadsInPieces) else None


def _stored_counts(store, info: DatasetInfo, columns: list[str]) -> dict[str, int] | None:
    """How many values each column holds, counted by the database of a stored dataset of many rows
    (`ReadsInPieces`); None as for `_stored_cells`."""
    return store.value_counts(info, columns) if isinstance(store, ReadsInPieces) else None


def read_columns(store, info: DatasetInfo, texts: list[str], floats: list[str]
          ) -> tuple[dict[str, Iterable], set[str], dict[str, Cell]]:
    """Each text column's cells in row order (None or NaN where missing), the float columns that
    hold no value (`_holds_no_value`) and those of whole numbers past 2**53 (`_past_exact_integers`):
    of a stored dataset of many rows, the cells read from its database a piece at a time as they are
    looked at, but for the first cells, kept (`SiteStore.column_cells`), and the values counted by it
    (`SiteStore.value_counts`), its floats not looked at; else all of them from one read of the
    columns (`_columns`). Raises StoreError, when asked and while looked at."""
    if not texts and not floats:
        return {}, set(), {}
    counts = _stored_counts(store, info, floats) if floats else {}
    cells = {name: _stored_cells(store, info, name) for name in texts}
    if counts is not None and all(found is not None for found in cells.values()):
        return cells, {name for name in floats if not counts[name]}, {}
    frame = _columns(store, info, [c.name for c in info.columns if c.name in texts or c.name in floats])
    past = {name: cell for name in floats if (cell := _past_exact_integers(frame[name])) is not None}
    return ({name: frame[name].tolist() for name in texts}, {name for name in floats if _holds_no_value(frame[name])},
            past)


# The integers a double holds one by one: past them a float column of whole numbers has lost digits.
EXACT_DOUBLE_INTEGERS = 2**53


def _past_exact_integers(values) -> Cell | None:
    """The first value past 2**53 of a float column (a Series) whose values are all whole numbers, as
    it is stored (`9007199254740992.0` for 9007199254740993): integers with an empty cell or one past
    64 bits make a float column, which keeps 15 to 17 of their digits; None for any other column."""
    numbers = values.to_numpy(dtype=float, na_value=np.nan)
    present = numbers[~np.isnan(numbers)]
    if not len(present) or not (present == np.trunc(present)).all():
        return None
    past = np.flatnonzero(np.abs(numbers) >= EXACT_DOUBLE_INTEGERS)
    return None if not len(past) else Cell(int(past[0]) + 1, whole_float_text(float(numbers[past[0]])))


def whole_float_text(value: float) -> str:
    """A whole float past 2**53 as the warning of it writes it: whole with its point below 1e21
    (9007199254740992.0, 10000000000000000.0, not 1e+16), where JSON and a spreadsheet write the
    digits too; past it as Python writes it (1e+300, not three hundred digits)."""
    return f"{value:.1f}" if abs(value) < 1e21 else repr(value)


def _cells(store, info: DatasetInfo, columns: list[str]) -> dict[str, Iterable]:
    """Each text column's cells in row order (`read_columns`). Raises StoreError, when asked and while looked at."""
    return read_columns(store, info, columns, [])[0]


def first_cell_words(store, info: DatasetInfo, column: str, wanted: str) -> str | None:
    """Words naming the first cell of a text column that is not `wanted` (`written_forms.WANTED`),
    with how to write it: "row 2 holds '1,5' (write numbers with a point: …)", and of a column
    mostly of them, each other problem's first cell, as a create's warning names them; of a column of whole
    numbers kept as text for their leading zeros, each cell a number as the type rule reads one, the
    first with a leading zero; for a source whose first rows hold only such values, that its
    database gives them as text. None when the column cannot be read now, or is empty."""
    def look() -> tuple[str | None]:
        try:
            return (_first_cell_words(store, info, column, wanted),)
        except StoreError:
            return (None,)

    [words] = remembered_answer((info.name, info.version, column, wanted), look)
    return words


def _first_cell_words(store, info: DatasetInfo, column: str, wanted: str) -> str | None:
    """`first_cell_words`, the column read as far as it takes; raises StoreError."""
    cells = _cells(store, info, [column])[column]
    # Asked first, as it reads the whole column where it finds one: a column whose every value is a
    # whole number has no cell that is not a number, and a cell that is not one stops it there.
    zero = leading_zero(cells) if info.source is None and wanted != DATES else None
    if zero is not None:
        return _leading_zero_words(zero)
    cell = first_unfit(cells, wanted)
    if cell is not None:
        found = mostly_values(cells, column, read_date=is_cell_date if info.source is None else is_date)
        return found.words() if found is not None and found.cells[0] == cell else cell.words()
    if info.source is not None and any(value is not None for value in cells):
        held, made = _held_kind(cells, wanted)
        return (f"its first {len(cells):,} rows hold {held}, in a column the database declares as text: "
                f"{typed_by_the_database(column, made)}")
    return None


def _held_kind(cells: Sequence, wanted: str) -> tuple[str, str]:
    """What a source's text column's first rows (`cells`), each value one of what is `wanted`, hold, in
    words, and what its entry is to make them: "times" or "dates" where every value is a date
    (`held_dates`, as its dataset's page says them), made DATES; of NUMBERS_OR_DATES (an x bound's x),
    NUMBERS where every one is a number, whose advice differs (a CAST to REAL reads
    `2026-03-29T01:30:00` as 2026); else `wanted`."""
    dates = held_dates(cells) if wanted != NUMBERS else None
    if dates is not None:
        return dates, DATES
    if wanted == NUMBERS_OR_DATES and first_unfit(cells, NUMBERS) is None:
        return NUMBERS, NUMBERS
    return wanted, wanted


def held_dates(cells: Iterable) -> str | None:
    """What a text column's cells (in row order; None or NaN where missing) hold where each with a
    value is a date (`is_date`): "times" where one has a time of day, else "dates"; None where one is
    no date, or none holds a value."""
    held = None
    for value in cells:
        text = present(value)
        if text is None:
            continue
        if not is_date(text):
            return None
        if held != "times":
            held = "times" if ISO_DATE.fullmatch(text).group("time") else "dates"
    return held


# A name SQL takes as it is written, in SQLite and PostgreSQL alike (PostgreSQL folds others to lower case).
PLAIN_SQL_NAME = re.compile(r"[a-z_][a-z0-9_]*")


@functools.cache
def _sql_keywords() -> frozenset[str]:
    """The words SQLite or PostgreSQL reads as keywords where a name stands: such a name, bare, is read so."""
    # Imported here: render workers import the app, and SQLAlchemy's import time must not count against a render.
    from sqlalchemy.dialects.postgresql.base import RESERVED_WORDS as POSTGRES_RESERVED_WORDS
    from sqlalchemy.dialects.sqlite.base import SQLiteIdentifierPreparer

    from .store.sql_names import sqlite_keywords
    return frozenset(POSTGRES_RESERVED_WORDS) | SQLiteIdentifierPreparer.reserved_words | (sqlite_keywords() or frozenset())


def sql_name(column: str) -> str:
    """`column` as a query the user writes must name it: in double quotes unless it is plain and no
    keyword of either database (`order`)."""
    plain = PLAIN_SQL_NAME.fullmatch(column) and column not in _sql_keywords()
    return column if plain else '"' + column.replace('"', '""') + '"'


def _toml_text(text: str) -> str:
    """`text` as a TOML string: in single quotes (a literal string, whose double quotes stand as they
    are) where it holds a double quote and no single one, else as `toml_value` writes it."""
    return f"'{text}'" if '"' in text and "'" not in text else toml_value(text)


def typed_by_the_database(column: str, wanted: str) -> str:
    """How a source's entry gets `column`'s values as `wanted` (numbers or dates) where the database
    declares it text: per database, as README's "Charting your own database" says. PostgreSQL's
    `timestamptz` reads a text's offset (one without is read in UTC, the site's session zone), where
    `timestamp` would drop it and move every time by it."""
    name = sql_name(column)
    if wanted == DATES:
        return (f"in SQLite, make the entry a query, sql = {_toml_text(f'SELECT {name}, … FROM …')}, whose columns are typed "
                f"from their values (a CAST to DATE gives the year alone), or declare the column DATETIME or DATE; "
                f"in PostgreSQL, select {name}::timestamptz AS {name} in the entry's sql")
    return (f"select CAST({name} AS REAL) AS {name} in the entry's sql (in PostgreSQL, {name}::numeric AS "
            f"{name})")


def _leading_zero_words(cell: Cell) -> str:
    """Words naming the first cell with a leading zero of a column of whole numbers kept as text for
    those zeros, and that written without them its values would be numbers."""
    return (f"{cell.words()} (the column is kept as text for its leading zeros, which numbers would lose: "
            f"written without them, as {without_leading_zeros_shown(cell.value)}, its values would be numbers)")


def with_cell_named(error: SpecError, store, info: DatasetInfo | None) -> SpecError:
    """`error`, which refuses a chart of `info`, naming the cell that made a column it refuses text
    (`TextColumnRefused`), or, where the chart found no numeric column (`NoNumericColumn`), the text
    columns mostly of numbers and the cells that made them text, or, where it names a PostgreSQL
    source's column by a name longer than PostgreSQL keeps (`NoColumn`), the cut name to write; any
    other error, or one refused before the dataset was read (None), as it is."""
    if info is None:
        return error
    if isinstance(error, NoColumn):
        # A PostgreSQL source's column named by a name longer than PostgreSQL keeps: it is the cut one.
        backend = getattr(store, "source_backend", lambda name: None)(info.name)
        if backend != "postgresql":
            return error
        # Imported here: the sources' column reading imports SQLAlchemy, which a render worker importing
        # the app must not load (its import time would count against a render's time limit).
        from .store.source_columns import postgres_cut_words
        why = postgres_cut_words(error.name, error.columns)
        return error if why is None else error.explained(why)
    if isinstance(error, NoNumericColumn):
        numbers = [column for column in written_otherwise_columns(store, info) if column.found.wanted == NUMBERS]
        return error.naming("; ".join(column.words() for column in numbers) or None)
    if not isinstance(error, TextColumnRefused):
        return error
    return error.naming(first_cell_words(store, info, error.column, error.wanted))


@dataclass(frozen=True)
class WrittenOtherwise:
    """A text column whose values are mostly numbers or dates, and its first cells that are not
    (`found`: `written_forms.MostlyValues`)."""

    column: str
    found: MostlyValues

    @property
    def cell(self) -> Cell:
        """The column's first cell that is not a number or date."""
        return self.found.cells[0]

    def words(self) -> str:
        """"column 'value' is text, though most of its values are numbers or dates: row 2 holds '1,5' (…)"."""
        return (f"column {quoted_name(self.column)} is text, though most of its values are numbers or dates: "
                f"{self.found.words()}")

    def message(self, info: DatasetInfo) -> str:
        """`words`, with what to do about it where dataset `info` lives (`fix_advice`)."""
        return f"{self.words()}; {fix_advice(info)}"

    def as_dict(self, info: DatasetInfo) -> dict:
        """The column as the API's answer to a create names it (its first such cell, cut past 100
        characters as `cut` cuts it, and how to write it or what to do about it), with what to do (`message`)."""
        return {"column": self.column, "row": self.cell.row, "value": cut(self.cell.value),
                "hint": self.found.hint(self.cell), "message": self.message(info)}


def fix_advice(info: DatasetInfo) -> str:
    """What to do about a column written another way, by where the dataset lives: a column's type is
    fixed when a stored dataset is created, a file is typed again when it changes, a source's
    columns are its query's."""
    if info.source is not None:
        return "change the source's query to give its numbers or dates as such"
    if not info.writable:
        return f"fix {_data_folder_file(info.name)}: its columns are typed again when it changes"
    return (f"a column's type is fixed when the dataset is created: fix the file and create the dataset again "
            f"before appending rows to it (DELETE /api/datasets/{info.name} with a write token removes this one)")


def _data_folder_file(name: str) -> str:
    """The data-folder file dataset `name` is read from, by its name and kind: "the file codes.csv", or "the
    first visible sheet of the workbook sales.xlsx" (the sheet the data folder reads); "its file in the data folder"
    outside a request, where the site's folders are not at hand."""
    if not has_app_context():
        return "its file in the data folder"
    from .context import current_site  # the site's context imports the dashboards, which import this

    path = getattr(current_site().store, "file_path", lambda name: None)(name)
    if path is None:
        return "its file in the data folder"
    if path.suffix == WORKBOOK_SUFFIX:
        return f"the first visible sheet of the workbook {path.name}"
    return f"the file {path.name}"


def written_otherwise_columns(store, info: DatasetInfo) -> list[WrittenOtherwise]:
    """The text columns of `info` whose values are mostly numbers or dates (`written_forms.mostly_values`);
    none when they cannot be read now."""
    texts = [c.name for c in info.columns if c.type == "text"]
    if not texts:
        return []

    def look() -> tuple[list[WrittenOtherwise]]:
        try:
            return (written_otherwise_in(_cells(store, info, texts), texts,
                                         read_date=is_cell_date if info.source is None else is_date),)
        except StoreError:
            return ([],)

    [columns] = remembered_answer((info.name, info.version, "written otherwise"), look)
    return columns


def written_otherwise_in(cells: Mapping[str, Iterable], texts: list[str], place: Place = DATA_ROWS,
                         read_date: Callable[[str], bool] = is_cell_date) -> list[WrittenOtherwise]:
    """The columns among `texts`, of `cells` (`_cells`), whose values are mostly numbers or dates, a cell
    that is the header again told in the words of `place` (the CSV's, the workbook's sheet's a create read;
    else those of the rows as kept, true of either); `read_date` as `mostly_values` takes it (a source's
    `is_date`)."""
    found = [(name, mostly_values(cells[name], name, place, read_date)) for name in texts]
    return [WrittenOtherwise(name, mostly) for name, mostly in found if mostly is not None]


def _holds_no_value(values) -> bool:
    """Whether a float column's values (a Series) are all missing: its type was guessed at the create
    (`guessed_without_values`), as a value appended since would have been a number."""
    return bool(values.isna().all())


def typed_without_values(store, info: DatasetInfo, column: str) -> bool:
    """Whether the float column `column` of `info` holds no value (`_holds_no_value`); False when it
    cannot be read now."""
    try:
        return column in _without_values(store, info, [column])
    except StoreError:
        return False


def _without_values(store, info: DatasetInfo, floats: list[str]) -> set[str]:
    """The float columns among `floats` that hold no value (`read_columns`). Raises StoreError."""
    return read_columns(store, info, [], floats)[1]
