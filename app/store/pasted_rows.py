"""Rows pasted into the append form as the CSV text they stand for: read with tabs between values
where they are so written, as cells copied from a spreadsheet are (Excel, Google Sheets and
LibreOffice put cells on the clipboard with tabs between them), and as CSV otherwise, as a file
always is. Where rows read into the header's count of values both ways, the dataset's column types
choose: the reading whose cells they take (`cell_values`), as the append would."""
from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Sequence

from .cell_values import BadCell, column_values
from .csv_headers import column_names
from .text_places import CSV, LINE_END, Place
from .types import Column, WriteRejected
from .upload_columns import stored_names


def _tab_separated_as_csv(text: str) -> str:
    """Tab-separated `text` written as CSV, line for line (a refusal names the lines it was pasted
    on). A value in quotes may hold tabs, line breaks and quotes written twice, as Excel, Google Sheets
    and LibreOffice write a cell that holds them; a line of only spaces and tabs stays blank. Raises
    WriteRejected for a quoted value never closed, or followed by other characters than a tab before
    the line's end, naming the line it begins or ends on: read as CSV instead, the text was refused
    as a file separating its values with tabs, which pasted cells may."""
    written = io.StringIO()
    writer = csv.writer(written, lineterminator="\n")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter="\t", strict=True)
    begins = 1
    try:
        for cells in reader:
            writer.writerow(cells if any(cell.strip() for cell in cells) else [])
            begins = reader.line_num + 1
    except csv.Error as error:
        if "end of data" in str(error):
            raise WriteRejected(f"the quoted value that begins on line {begins} of the pasted text is never closed: "
                                "end it with a quote, or, where a quote is part of a value, quote the value and write "
                                'that quote twice ("")') from None
        raise WriteRejected(f"line {reader.line_num} of the pasted text has characters after the quote that ends a "
                            "quoted value: a quoted value must end at its closing quote, followed by a tab or the end "
                            'of the line; a quote inside a quoted value is written twice ("")') from None
    return written.getvalue()


def _each_of_width(text: str, delimiter: str, width: int) -> bool:
    """Whether every row of `text` (blank lines aside), read with `delimiter` between values, has
    `width` values."""
    try:
        rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
        return all(len(cells) == width for cells in rows if any(cell.strip() for cell in cells))
    except csv.Error:
        return False


# A quoted value where a CSV value may begin (at a line's start or after a comma): a tab inside one
# is the value's, where a tab outside every one is between values.
QUOTED_CSV_VALUE = re.compile(r'(?<![^,\r\n])"(?:[^"]++|"")*+"')


def _each_of_width_as_csv(text: str, width: int) -> bool:
    """Whether every row of `text` read as CSV has `width` values, and no tab is outside quotes:
    read so, a tab left inside a value not quoted (`2024-01-02<TAB>1` of `2024-01-02<TAB>1,5`) is
    one a spreadsheet put between cells."""
    return _each_of_width(text, ",", width) and "\t" not in QUOTED_CSV_VALUE.sub("", text)


def _typed_fit(text: str, delimiter: str, types: Sequence[str | None]) -> bool:
    """Whether each value of `text`'s rows (blank lines aside), read with `delimiter` between values
    (as many on each row as `types` has), is one the append takes into its column: a number column's
    a number, a date column's a date (`cell_values`). A type of None takes any value."""
    rows = [cells for cells in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
            if any(cell.strip() for cell in cells)]
    try:
        for column, column_type in enumerate(types):
            if column_type is not None:
                column_values([cells[column] for cells in rows], column_type)
    except BadCell:
        return False
    return True


# The dataset's columns, asked for only where the rows do not tell how they are separated.
Columns = Callable[[], Sequence[Column]]


def _read_with_tabs(header: str, rows: str, width: int, columns: Columns | None) -> bool:
    """Whether rows under a CSV header of `width` names are read with tabs between values: when tabs
    give the header's count of values and commas do not, or do only by leaving tabs inside values not
    quoted; but not then when commas give it too, and the dataset's `columns` take the values they
    give and not those tabs give (`a<TAB>b,2` under `note,n` of a text and a number)."""
    if not _each_of_width(rows, "\t", width) or _each_of_width_as_csv(rows, width):
        return False
    if columns is None or not _each_of_width(rows, ",", width):
        return True
    dataset = columns()
    by_name = {column.name: column.type for column in dataset}
    types = [by_name.get(name) for name in stored_names(column_names(next(csv.reader([header]))), dataset)]
    return _typed_fit(rows, "\t", types) or not _typed_fit(rows, ",", types)


def pasted_rows(text: str, columns: Columns | None = None) -> str:
    """Rows pasted into the append form as the CSV text they stand for: `text` as it is, but for
    rows copied from a spreadsheet (Excel, Google Sheets, LibreOffice put cells on the clipboard with
    tabs between them), which are read with tabs between values. That is all of `text` when its
    first line, the header, is read so (`_header_with_tabs`: no column name holds a tab, so a line
    that commas would leave one in cannot be a CSV header); and the rows under a CSV header of
    several names (the one the form fills in) when they hold tabs, and no comma or commas that only
    tabs between values fit the header with (a decimal comma, `1,5`, as a spreadsheet in some
    languages writes one): commas that give the header's count of values only by leaving tabs inside values not quoted do not fit it. Other rows
    holding commas are read as CSV, as a file always is. Rows that both tabs and commas read into the
    header's count of values are read with commas only where the dataset's columns (`columns()`,
    asked for only then) take the values commas give and not those tabs give (`_read_with_tabs`):
    `Smith, John<TAB>2` under `name,n` is a name and a number, `a<TAB>b,2` under `note,n` a note
    holding a tab and a number."""
    end = LINE_END.search(text)
    header, rows = (text, "") if end is None else (text[:end.start()], text[end.start():])
    if _header_with_tabs(header):
        return _tab_separated_as_csv(text)
    width = len(next(csv.reader([header]), [])) if "\t" in rows and "\t" not in header else 0
    if width > 1 and ("," not in rows or _read_with_tabs(header, rows, width, columns)):
        return header + _tab_separated_as_csv(rows)
    return text


def _header_with_tabs(header: str) -> bool:
    """Whether a pasted `header` line is read with tabs between its names: it holds tabs, and no comma
    or commas that leave a tab inside a name read as CSV (no column name holds a tab, so it cannot be
    a CSV header then): a spreadsheet's cells holding a comma (`Revenue, net`), or a row pasted in the
    header's place with a decimal comma (`2024-05-31<TAB>1234,5`), which is then told to be a row."""
    if "\t" not in header:
        return False
    return "," not in header or any("\t" in name.strip() for name in next(csv.reader([header]), []))


def pasted_place(text: str, read: str) -> Place:
    """The words a refusal of `read` (the CSV `pasted_rows` made of the pasted `text`) names it in: those of
    what was pasted. A line it read with tabs between values that ends in a comma (or commas) in the CSV ended
    in a tab as pasted (a spreadsheet's selection of an empty last column); the header line too, where it was
    read so: under a CSV header it was pasted as written."""
    if read == text:
        return CSV
    end = LINE_END.search(text)
    header_tabs = _header_with_tabs(text if end is None else text[:end.start()])
    return Place(line_end="tab", header_end="tab" if header_tabs else "comma")
