"""A workbook's sheet refused as the CSV it is read into is named in the sheet's words, word for word, for each
kind of refusal a sheet can meet: its rows by the sheet's rows, the CSV by the sheet, its header line as its
header row."""
from __future__ import annotations

import io

import pytest

from app.store import UploadLimits
from app.store.workbooks import XLSX_TYPE
from tests.conftest import WRITE_TOKEN, writable_app
from tests.test_xlsx_upload import workbook_bytes

AUTH = {"Authorization": f"Bearer {WRITE_TOKEN}"}
LIMITS = "(the site's UPLOAD_LIMITS setting)"


@pytest.fixture
def app(data_dir):
    return writable_app(data_dir)


def refused_create(client, rows: list[list]) -> str:
    """The refusal of a create from a workbook of one sheet, 'Data', of `rows`, which must be a 400."""
    answer = client.post("/api/datasets", headers=AUTH, data={
        "name": "sheet", "file": (io.BytesIO(workbook_bytes({"Data": rows})), "data.xlsx")})
    assert answer.status_code == 400, answer.get_json()
    return answer.get_json()["error"]


def refused_append(client, rows: list[list]) -> str:
    """The refusal of an append to `notes` (note text, n float) of a workbook of one sheet, 'Data', of `rows`."""
    created = client.post("/api/datasets", headers=AUTH, data={
        "name": "notes", "file": (io.BytesIO(workbook_bytes({"Data": [["note", "n"], ["a", 1.5]]})), "notes.xlsx")})
    assert created.status_code == 201
    answer = client.post("/api/datasets/notes/rows", headers={**AUTH, "Content-Type": XLSX_TYPE},
                         data=workbook_bytes({"Data": rows}))
    assert answer.status_code == 400, answer.get_json()
    return answer.get_json()["error"]


@pytest.mark.parametrize(("rows", "error"), [
    ([["a", "b"], [1, 2, 3]], "column 3 of the header, '', has no name, and every column needs one; the header row "
     "ends in a comma: remove it (from the lines under it too, if they end in one), or name the column"),
    ([["Sales report"], ["date", "value", "x"], ["2024-01-01", 1, 2]],
     "columns 2 and 3 of the header each has no name, and every column needs one; the first row is read as the "
     "header: if 'Sales report' is a title, remove it and any other lines above the header"),
    ([["sep=;"], [1]], "the first row, 'sep=;', is the line Excel writes to name the separator, not a header: delete "
     "it, so that the first row is the header naming the columns, and save the file as CSV with commas between "
     "values (that line says it separates them with semicolons)"),
], ids=["header-ends-blank", "title-row", "separator-row"])
def test_a_sheets_header_refused_is_named_as_its_header_row(client, rows, error):
    assert refused_create(client, rows) == error


def test_a_sheets_header_naming_none_of_the_columns_is_named_as_the_sheets_header_row(client):
    assert refused_append(client, [["x", "y"], ["a", 1.5]]) == (
        "the header row of the sheet 'Data': unknown columns 'x', 'y' and missing columns 'note', 'n'; the columns are "
        "note (text), n (float); the first row names none of them: is it a row? Begin with the header row, note,n, "
        "then the rows")


def test_a_sheets_header_again_among_its_rows_is_named_as_its_header_row_again(client):
    assert refused_append(client, [["note", "n"], ["two\nlines", 1.5], ["note", "n"]]) == (
        "row 2, column 'n' (row 3 of the sheet 'Data'): expected a number, got 'n' (the header row again, as where two "
        "files are joined: remove that line)")


@pytest.fixture
def small_limits(data_dir):
    return writable_app(data_dir, UPLOAD_LIMITS=UploadLimits(max_line=20, max_columns=3)).test_client()


def test_a_sheets_row_too_long_is_named_by_its_row_of_the_sheet(small_limits):
    rows = [["a", "b"], ["two\nlines", 1], ["x" * 30, 1]]
    assert refused_create(small_limits, rows) == (
        f"row 3 of the sheet 'Data' has 32 characters; at most 20 are allowed in one line {LIMITS}")


def test_a_sheet_of_too_many_columns_is_named_as_the_sheet(small_limits):
    assert refused_create(small_limits, [["a", "b", "c", "d"], [1, 2, 3, 4]]) == (
        f"the sheet 'Data' has 4 columns; at most 3 are allowed {LIMITS}")


def test_a_sheets_values_and_names_quoted_in_a_refusal_stay_as_written(client):
    # Words of the CSV a cell or a name holds are the sheet's own text, not the place of a refusal.
    assert refused_append(client, [["note", "n"], ["a", "see line 2 of the CSV"]]) == (
        "row 1, column 'n' (row 2 of the sheet 'Data'): expected a number, got 'see line 2 of the CSV'")
    assert refused_create(client, [["the header line", "the header line"], [1, 2]]) == (
        "column 'the header line' appears twice in the header; column names must be unique (spaces around names are "
        "trimmed)")
