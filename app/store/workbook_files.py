"""An Excel workbook (`<name>.xlsx`) of the data folder read into typed columns: its first visible sheet as the
CSV text an upload of it is read as (`workbooks.sheet_text`), then typed as a data-folder CSV file is
(`csv_files.read_csv_file`, lenient), so that a workbook and the CSV saved from it are the same dataset.
"""
from __future__ import annotations

import csv
import io
from dataclasses import replace

from plots.text import quoted_name

from .csv_files import FileRows, read_csv_file
from .csv_headers import column_names
from .types import WriteRejected
from .upload_limits import UploadLimits
from .workbooks import FIRST_SHEET, UnreadableWorkbook, sheet_text

# The suffix of the data folder's workbooks; `.csv` is its CSV files'.
WORKBOOK_SUFFIX = ".xlsx"
# A data-folder file has no upload's limit of rows: its rows are bounded in memory as a CSV file's are
# (FRAME_CACHE_BYTES), and its parts as an upload's are, before they are unpacked.
FILE_LIMITS = UploadLimits(max_rows=2 ** 62)
# A data-folder workbook is read as an upload's first visible sheet is, but is not sent: once mended, it is saved again.
FILE_READING = replace(FIRST_SHEET, folder="the data folder")


def read_workbook_file(raw: bytes) -> FileRows:
    """A data-folder workbook's first visible sheet typed as `read_csv_file` types a CSV file (its last row of
    totals left out as a CSV file's is); raises ValueError in the
    words an upload of it is refused with (a damaged or encrypted file, an old .xls, parts that unpack past the
    bound, a formula never calculated, an empty sheet) or a CSV file is (a header refused), naming the sheet and
    its rows in its words (its header row, not the CSV's header line).
    A file that is no workbook says what it is, and no more: its name says it is read as a workbook, and the
    site's dataset error says it cannot be."""
    try:
        sheet = sheet_text(raw, "the file", FILE_READING, FILE_LIMITS)
    except UnreadableWorkbook as error:
        raise ValueError(error.why) from None
    except WriteRejected as error:
        raise ValueError(error.message) from None
    name, place = quoted_name(sheet.sheet), sheet.place
    # The header row as its first record, whose quoted cells may hold line breaks: not the text's first line.
    if column_names(next(csv.reader(io.StringIO(sheet.text, newline="")), [])) == ("",):
        # A first row of one blank cell, which pandas skips as a blank line to read the next as the header.
        raise ValueError(place.no_header())
    text = sheet.text.encode()
    del sheet  # its text, as big as the bytes pandas reads, is not kept while it reads them
    try:
        return read_csv_file(text, place)
    except ValueError as error:
        said = str(error)
        if said.startswith("it "):  # its words of the file: "it has a header but no rows"
            raise ValueError(f"its sheet {name} {said.removeprefix('it ')}") from None
        raise ValueError(f"its sheet {name}: {said}") from None
