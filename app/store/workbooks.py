"""An Excel workbook (.xlsx) uploaded or appended, read into the CSV text its sheet stands for.

A workbook's rows then take the CSV's one path (`tables`): its types, limits, warnings and refusals,
so that one dataset reads the same from a CSV and from a workbook. Each cell is written as the CSV
that Excel would save holds it (`sheet_cells`): a number as Excel keeps and shows it, to 15 significant
digits (a whole one without a point), a percent cell as the number it shows, a date or time as ISO 8601
(a midnight as a date), a boolean as `true` or `false`, text as it is. A formula is read as the value
Excel last calculated for it, and an error (`#DIV/0!`) as a missing value, which `ErrorCell`s keep for
the create's or the append's warning (`sheet_warnings`). The sheet read is the one named, or the first
visible one (`sheet_choice`).

The workbook is untrusted: its zip's directory is read first, and a workbook whose parts would
unpack to more than a bound is refused before any is unpacked (a small file can hold a huge
sheet); openpyxl then reads it read-only, one row at a time.
"""
from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from xml.etree import ElementTree

from plots.text import quoted_name

from .sheet_cells import cell_text, is_percent_cell, percent_styles
from .sheet_choice import chosen_sheet, other_sheets_warnings
from .sheet_warnings import ErrorCell, PercentColumn, error_cells_warnings, percent_warnings
from .text_places import LINE_END, SheetPlace, column_letters, sheet_place
from .types import WriteRejected
from .upload_limits import LIMITS_SETTING, UploadLimits

# The Content-Type of an .xlsx file, which the API's create and append take as a body.
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The formats a create or an append reads, as a refusal of another names them.
FORMATS_TAKEN = "a CSV (UTF-8) or an Excel workbook (.xlsx)"
# The main part's content types of the workbooks openpyxl reads: .xlsx, .xlsm and their templates.
WORKBOOK_PARTS = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
    "application/vnd.ms-excel.template.macroEnabled.main+xml",
}
CONTENT_TYPES = "[Content_Types].xml"
# How a zip and an OLE compound file (an old .xls, or a workbook saved with a password) begin.
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# The stream an encrypted Office file holds, by its name in the OLE directory (UTF-16).
ENCRYPTION_INFO = "EncryptionInfo".encode("utf-16-le")
# The most bytes a workbook's parts may unpack to, for each byte of the upload limit (MAX_CONTENT_LENGTH):
# a sheet's XML is some ten times its zip, and openpyxl holds the shared strings and styles in memory.
UNPACKED_PER_BODY_BYTE = 10
DEFAULT_MAX_UNPACKED = UNPACKED_PER_BODY_BYTE * 10 * 1024 * 1024
# The parts openpyxl parses: every XML part, each worksheet's too as it opens the workbook.
PARSED_PART = re.compile(r"(?i).*\.(?:xml|rels|vml)$|\[Content_Types\]\.xml$")
# The most columns a sheet has (XFD).
MOST_COLUMNS = 16_384
UNREADABLE = (f"is not a readable Excel workbook (.xlsx): {{why}}; the site reads {FORMATS_TAKEN}")


class UnreadableWorkbook(WriteRejected):
    """A file that is a zip or an OLE file but no workbook the site reads: corrupt, encrypted, an old
    .xls or an .ods (415: a format the site does not take). `why`: what it is instead, and what to do,
    as words that follow "cannot be read as an Excel workbook:"."""

    def __init__(self, message: str, why: str):
        super().__init__(message)
        self.why = why


def _unreadable(what: str, why: str) -> UnreadableWorkbook:
    """The refusal of `what`, a file read as a workbook that is none the site reads, for `why`."""
    return UnreadableWorkbook(f"{what} {UNREADABLE.format(why=why)}", why)


class WorkbookTooBig(WriteRejected):
    """A workbook whose parts would unpack to more than the bound (413, as a body too large)."""


class UncalculatedFormula(WriteRejected):
    """A formula the workbook holds no value for: it was never calculated (422)."""


class CellPastLastColumn(WriteRejected):
    """A cell past the last column a sheet has, XFD, which no Excel writes: the workbook is of a format the
    site reads, its content is not (422)."""


@dataclass(frozen=True)
class WorkbookReading:
    """How a workbook is read: the `sheet` named (None: the first visible one) and the most bytes its parts may
    unpack to (`max_unpacked`); `folder`, the folder a workbook is read from, where a refusal tells to save
    it once mended (None: it is sent, and told to be sent again)."""

    sheet: str | None = None
    max_unpacked: int = DEFAULT_MAX_UNPACKED
    folder: str | None = None

    def again(self) -> str:
        """How a refusal tells to give the workbook again once mended: "send it again", or save it in its folder."""
        return "send it again" if self.folder is None else f"save it again in {self.folder}"


# How a workbook is read where nothing names a sheet: its first visible one.
FIRST_SHEET = WorkbookReading()


@dataclass(frozen=True)
class SheetText:
    """A sheet as CSV `text`, its `error_cells` and the sheet's name; `line_rows`, the sheet's row of each line
    of the text (the first line's first): a cell holding line breaks spreads its row over more lines;
    `percent_columns`, its columns of percents; `other_sheets` and `hidden_sheets`, where no sheet was named,
    the visible sheets it was chosen before and the hidden ones before it; `header_merges`, its merged ranges
    over the header row, each its first and last column and its cells (`B1:C1`)."""

    text: str
    sheet: str
    error_cells: Sequence[ErrorCell] = field(default=())
    line_rows: Sequence[int] = field(default=())
    percent_columns: Sequence[PercentColumn] = field(default=())
    other_sheets: Sequence[str] = field(default=())
    hidden_sheets: Sequence[str] = field(default=())
    header_merges: Sequence[tuple[int, int, str]] = field(default=())

    @property
    def place(self) -> SheetPlace:
        """The words a refusal of the CSV text names it in: the sheet, its rows, its header row."""
        return sheet_place(self.sheet, self.line_rows, self.header_merges)

    def warnings(self, what: str, appended: bool = False) -> list[dict]:
        """A create's (or where `appended`, an append's) warnings of the sheet as it was read, of the workbook
        `what`: the other visible sheets not read, the error values stored as missing values, the columns of
        percents."""
        return (other_sheets_warnings(self.sheet, self.other_sheets, self.hidden_sheets, what)
                + error_cells_warnings(self.error_cells, self.sheet, what)
                + percent_warnings(self.percent_columns, self.sheet, what, appended))


@dataclass
class _SheetRead:
    """What reading a sheet's rows keeps beside its text: its error cells, its columns of percents and its merged
    ranges over the header row."""

    errors: list[ErrorCell] = field(default_factory=list)
    percents: list[PercentColumn] = field(default_factory=list)
    header_merges: list[tuple[int, int, str]] = field(default_factory=list)


def is_workbook_file(raw: bytes) -> bool:
    """Whether `raw` begins as a zip or an OLE file does, which no CSV does: read as a workbook."""
    return raw.startswith(ZIP_MAGIC) or raw.startswith(OLE_MAGIC)


def sheet_text(raw: bytes, what: str, reading: WorkbookReading, limits: UploadLimits) -> SheetText:
    """The CSV text of the sheet `reading` names (or the first visible one) of the workbook `raw`; raises
    UnreadableWorkbook, WorkbookTooBig, UncalculatedFormula, CellPastLastColumn or WriteRejected (a sheet not
    there, too many rows)."""
    if raw.startswith(OLE_MAGIC):
        raise _ole_refusal(raw, what, reading.again())
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except (zipfile.BadZipFile, ValueError, OSError):
        raise _unreadable(what, "a zip file cut short or damaged") from None
    with archive:
        _check_workbook_parts(archive, what, reading)
    return _sheet_text(raw, what, reading, limits)


def _ole_refusal(raw: bytes, what: str, again: str) -> UnreadableWorkbook:
    """The refusal of an OLE file: a workbook saved with a password (encrypted), told to be given `again`
    without it, or an old .xls (or another Office 97-2003 file)."""
    if ENCRYPTION_INFO in raw:
        why = ("it is encrypted (saved with a password to open it); remove the password in Excel (File > Info > "
               f"Protect Workbook > Encrypt with Password, emptied) and {again}")
    else:
        why = "it is an Excel 97-2003 workbook (.xls) or another older Office file; save it as .xlsx or as CSV (UTF-8)"
    return _unreadable(what, why)


def _check_workbook_parts(archive: zipfile.ZipFile, what: str, reading: WorkbookReading) -> None:
    """Refuse a zip that is no workbook (an .ods, another zip), or whose parts openpyxl parses would unpack
    to more than `reading.max_unpacked` bytes, by the sizes its directory gives (which unpacking holds to:
    zipfile stops at a part's size and its checksum then fails); what to do instead is said as to a workbook
    sent, or one read from `reading.folder`."""
    sent = reading.folder is None
    names = set(archive.namelist())
    if CONTENT_TYPES not in names:
        if "mimetype" in names and archive.getinfo("mimetype").file_size < 100 and \
                archive.read("mimetype").startswith(b"application/vnd.oasis.opendocument.spreadsheet"):
            why = "it is an OpenDocument spreadsheet (.ods); save it as .xlsx or as CSV (UTF-8)"
        else:
            unpack = "unpack it and send the CSV" if sent else f"unpack the CSV into {reading.folder}"
            why = f"it is a zip file of no workbook; for a zip of a CSV, {unpack}"
        raise _unreadable(what, why)
    unpacked = sum(info.file_size for info in archive.infolist() if PARSED_PART.fullmatch(info.filename))
    if unpacked > reading.max_unpacked:
        limit = "the upload limit, MAX_CONTENT_LENGTH" if sent else "the default upload limit"
        instead = "send its sheet as CSV" if sent else f"save its sheet as CSV in {reading.folder}"
        raise WorkbookTooBig(
            f"{what} is a workbook whose parts unpack to {unpacked} bytes; at most {reading.max_unpacked} bytes are "
            f"read ({UNPACKED_PER_BODY_BYTE} times {limit}): {instead}, or a workbook of that sheet alone")
    if not _is_workbook(archive.read(CONTENT_TYPES)):
        raise _unreadable(what, "it is an Office file of another kind (a document or a presentation)")


def _is_workbook(content_types: bytes) -> bool:
    """Whether a package's `[Content_Types].xml` names a workbook's main part."""
    try:
        root = ElementTree.fromstring(content_types)
    except ElementTree.ParseError:
        return False
    return any(element.get("ContentType") in WORKBOOK_PARTS for element in root.iter())


def _sheet_text(raw: bytes, what: str, reading: WorkbookReading, limits: UploadLimits) -> SheetText:
    # Imported here: openpyxl takes a moment to import, which a site that is sent no workbook need not spend.
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as error:  # noqa: BLE001 — openpyxl raises any kind for a damaged part; each is the file's
        raise _unreadable(what, f"its parts cannot be read ({type(error).__name__})") from None
    try:
        chosen = chosen_sheet(workbook, what, reading.sheet)
        sheet = chosen.sheet
        text, read, line_rows = _sheet_rows(workbook, sheet, what, limits, reading)
    finally:
        workbook.close()
    return SheetText(text, sheet.title, read.errors, line_rows, read.percents, chosen.others, chosen.hidden,
                     read.header_merges)


class _Lines(list):
    """The lines a CSV writer writes, one a row, each kept as it is written (its `write` is `append`)."""

    write = list.append


def _sheet_rows(workbook, sheet, what: str, limits: UploadLimits,
                reading: WorkbookReading) -> tuple[str, _SheetRead, tuple[int, ...]]:
    """The sheet's rows as CSV text, from its first row (the header) to its last holding a value, each
    as wide as the widest, its error cells, columns of percents and merged ranges over the header row, and
    the sheet's row of each line of the text (`SheetText`); a
    formula never calculated is told to be calculated where `reading` says the workbook comes from.
    Each row is written as CSV as it is read, a line kept beside its count of values, and lines narrower
    than the widest are given their empty values at the end: a sheet's cells are not kept as lists."""
    lines = _Lines()
    writer = csv.writer(lines, lineterminator="\n")
    widths: list[int] = []  # of each line, its count of values as written
    breaks: list[int] = []  # of each line, the line breaks its cells hold
    header: list[str] = []
    errors: list[tuple[int, int, str]] = []
    percents = percent_styles(workbook)
    first_percents: dict[int, tuple[int, str]] = {}  # of each column of percents, its first cell's row and text
    merges: list[str] = []
    filled = width = 0
    kept_rows = limits.max_rows + 1  # the header and the most rows an upload takes
    for number, cells in _cell_rows(workbook, sheet, what, reading, merges):
        while len(lines) < number - 1 and len(lines) < kept_rows:  # rows the sheet leaves out are empty
            writer.writerow(())
            widths.append(0)
            breaks.append(0)
        errors_before = len(errors)
        texts = [""] * max((cell["column"] for cell in cells), default=0)
        for cell in cells:  # a sheet writes only the cells that hold something, each naming its column
            texts[cell["column"] - 1] = cell_text(cell, errors, percents)
            if percents and number > 1 and is_percent_cell(cell, percents):
                first_percents.setdefault(cell["column"], (number, texts[cell["column"] - 1]))
        while texts and texts[-1] == "":
            texts.pop()
        # An error value is a missing value of its column: it widens the rows as a value does.
        widest = max([len(texts)] + [column for _, column, _ in errors[errors_before:]])
        if widest:
            filled = number
            width = max(width, widest)
        if len(lines) < kept_rows:
            if number == 1:
                header = texts
            writer.writerow(texts)
            widths.append(len(texts))
            breaks.append(sum(len(LINE_END.findall(text)) for text in texts if "\n" in text or "\r" in text))
    if not filled:
        raise WriteRejected(f"{what} is a workbook whose sheet {quoted_name(sheet.title)} holds no value; its first "
                            "row must name the columns, and the rows under it hold the values")
    if filled > kept_rows:
        raise WriteRejected(f"the sheet {quoted_name(sheet.title)} has {filled - 1} rows under its header; at most "
                            f"{limits.max_rows} rows may be sent at once ({LIMITS_SETTING}), send the rest in "
                            "further appends")
    if not widths or not widths[0]:
        first = next((number for number, written in enumerate(widths, start=1) if written), filled)
        raise WriteRejected(f"the sheet {quoted_name(sheet.title)} of {what} has an empty first row: its first row "
                            f"must name the columns (its first row holding values is row {first}: delete the rows "
                            "above it)")
    del lines[filled:], widths[filled:], breaks[filled:]
    for index, written in enumerate(widths):
        if written < width:
            lines[index] = _widened(lines[index], written, width)
    header.extend("" for _ in range(width - len(header)))
    named = [ErrorCell(f"{column_letters(column)}{number}", header[column - 1], number - 1, value)
             for number, column, value in errors]
    percent_columns = [PercentColumn(header[column - 1], f"{column_letters(column)}{number}", number - 1, shown)
                       for column, (number, shown) in sorted(first_percents.items()) if number <= filled]
    line_rows = tuple(number for number, count in enumerate(breaks, start=1) for _ in range(count + 1))
    return "".join(lines), _SheetRead(named, percent_columns, _header_merges(merges)), line_rows


def _header_merges(merges: Sequence[str]) -> list[tuple[int, int, str]]:
    """The merged ranges (`B1:C1`) of a sheet that cover its header row, its first row: each its first and last
    column and its cells."""
    from openpyxl.utils.cell import range_boundaries

    covering = []
    for merged in merges:
        try:
            first, top, last, _ = range_boundaries(merged)
        except (ValueError, TypeError):  # a damaged range is no merge the header's refusal can name
            continue
        if top == 1 and first is not None and last is not None:
            covering.append((first, last, merged))
    return sorted(covering)


def _widened(line: str, written: int, width: int) -> str:
    """A CSV `line` of `written` values given empty ones to `width`, as the writer writes a row so padded."""
    if written:
        return f"{line[:-1]}{',' * (width - written)}\n"
    return '""\n' if width == 1 else f"{',' * (width - 1)}\n"  # one empty value alone is quoted, as no blank line


def _calculated(reading: WorkbookReading) -> str:
    """How a refusal of a formula never calculated tells to have its value stored, where `reading` says the
    workbook comes from: saved by Excel and sent again, or saved by Excel in its folder."""
    save = "save it" if reading.folder is None else f"save it in {reading.folder}"
    then = ", then send it again" if reading.folder is None else ""
    return f"open the file in Excel or LibreOffice and {save}, which stores each formula's value{then}"


def _resaved(reading: WorkbookReading) -> str:
    """How a refusal of a workbook no Excel wrote tells to have Excel write it, where `reading` says the
    workbook comes from: saved by Excel and sent again, or saved by Excel in its folder."""
    if reading.folder is None:
        return "open it in Excel and save it, or save the sheet as CSV, then send it again"
    return f"open it in Excel and save it in {reading.folder}, or save the sheet as CSV there"


def _cell_rows(workbook, sheet, what: str, reading: WorkbookReading,
               merges: list[str]) -> Iterator[tuple[int, list[dict]]]:
    """The sheet's rows as openpyxl's parser gives them, its number and its cells (each a dict of its
    `column`, `value`, `data_type` and `style_id`), in order, then its merged ranges (`B1:C1`, which the sheet
    writes after its rows) put in `merges`; raises UncalculatedFormula and CellPastLastColumn (a cell
    past the last column a sheet has, of the file `what`), saying what to do where `reading` says the
    workbook comes from."""
    from openpyxl.worksheet._reader import VALUE_TAG, FORMULA_TAG, WorkSheetParser

    calculated = _calculated(reading)

    class Parser(WorkSheetParser):
        def parse_cell(self, element):
            cell = super().parse_cell(element)
            if cell["column"] > MOST_COLUMNS:  # a row of that many cells would be made to place it
                raise CellPastLastColumn(
                    f"the sheet {quoted_name(sheet.title)} of {what} has a cell, {column_letters(cell['column'])}"
                    f"{cell['row']}, past the last column a sheet has, XFD: the file is damaged, or was written by a "
                    f"program other than Excel; {_resaved(reading)}")
            # A formula never calculated (written by a program, not Excel) has no value, or an empty one where
            # its value is no text: `<v/>`; a formula whose text is empty is `t="str"` with `<v></v>`.
            if cell["value"] is None and element.find(FORMULA_TAG) is not None and (
                    element.find(VALUE_TAG) is None or element.get("t") != "str"):
                raise UncalculatedFormula(
                    f"cell {column_letters(cell['column'])}{cell['row']} of the sheet {quoted_name(sheet.title)} holds "
                    "a formula that was never "
                    "calculated, so the workbook holds no value for it (a program that wrote the file did not "
                    f"calculate it): {calculated}")
            return cell

    with workbook._archive.open(sheet._worksheet_path) as source:
        parser = Parser(source, sheet._shared_strings, data_only=True, epoch=workbook.epoch,
                        date_formats=workbook._date_formats, timedelta_formats=workbook._timedelta_formats)
        yield from parser.parse()
    if parser.merged_cells is not None:
        merges.extend(merged.ref for merged in parser.merged_cells.mergeCell)
