"""A workbook's sheet refused as the CSV it is read into is named in the sheet's words, word for word, for each
kind of refusal a sheet can meet: its rows by the sheet's rows, the CSV by the sheet, its header line as its
header row."""
from __future__ import annotations

import csv
import io

import pytest

from app.store import UploadLimits
from app.store.text_places import CSV, sheet_place
from app.store.workbooks import XLSX_TYPE
from tests.conftest import WRITE_TOKEN, created, csrf_of, writable_app
from tests.test_page_consistency import page_warnings
from tests.test_xlsx_upload import with_sheet_xml, workbook_bytes

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
    ([["a", "b"], [1, 2, 3]], "column C of the header, '', has no name, and every column needs one; cell C1, in the "
     "header row, is blank: name the column there, or delete column C"),
    ([["a", "b", " ", None], [1, 2, 3, 4]], "columns C and D of the header each has no name, and every column needs "
     "one; cells C1 and D1, in the header row, are blank: name the columns there, or delete columns C and D"),
    ([["Sales report"], ["date", "value", "x"], ["2024-01-01", 1, 2]],
     "columns B and C of the header each has no name, and every column needs one; the first row is read as the "
     "header: if 'Sales report' is a title, remove it and any other rows above the header"),
    ([["Sales report 2024"], ["date", "value"], ["2024-01-01", 1]],
     "column B of the header, '', has no name, and every column needs one; cell B1, in the header row, is blank: "
     "name the column there, or delete column B; the first row is read as the header: if 'Sales report 2024' is a "
     "title, remove it and any other rows above the header"),
    ([[None, "a"], [0, 1]], "column A of the header, '', has no name, and every column needs one; a workbook pandas' "
     "to_excel writes with its index begins so: write it with index=False, or give the column a name"),
    ([["a", None, "b"], [0, 1, 2]], "column B of the header, '', has no name, and every column needs one"),
    ([["sep=;"], [1]], "cell A1, 'sep=;', is the line Excel writes above a CSV's header to name its separator, not a "
     "header: delete row 1, so that the first row is the header naming the columns"),
    ([[" "], [1]], "the first row of the sheet 'Data' must name the columns, one in each cell: its one cell, A1, is "
     "blank"),
    ([["date;v"], ["2024-01-01;1,5"]], "the header is one column, 'date;v': its cells hold values separated by "
     "semicolons, as a CSV opened as one column does: split column A at them into columns (in Excel: Data > Text to "
     "Columns)"),
    # A cell's own text, which the CSV it is read into quotes: its comma and its quotes are the cell's.
    ([["sep=,"], ["a"], [1]], "cell A1, 'sep=,', is the line Excel writes above a CSV's header to name its "
     "separator, not a header: delete row 1, so that the first row is the header naming the columns"),
    ([['"date";"v"'], ['"2024-01-01";"1,5"']], "the header row, '\"date\";\"v\"', is quoted names with semicolons "
     "between them: its cells hold values separated by semicolons, as a CSV opened as one column does: split column "
     "A at them into columns (in Excel: Data > Text to Columns)"),
], ids=["header-ends-blank", "header-ends-blanks", "title-row", "title-row-of-one-more", "index-column",
        "blank-between", "separator-row", "blank-header", "semicolons-in-one-column", "separator-cell-of-a-comma",
        "quoted-names-in-one-cell"])
def test_a_sheets_header_refused_is_named_as_its_header_row(client, rows, error):
    assert refused_create(client, rows) == error


def test_a_sheets_header_naming_none_of_the_columns_is_named_as_the_sheets_header_row(client):
    assert refused_append(client, [["x", "y"], ["a", 1.5]]) == (
        "the header row of the sheet 'Data': unknown columns 'x', 'y' and missing columns 'note', 'n'; the columns are "
        "note (text), n (float); the first row names none of them: is it a row? Begin with the header row, 'note' "
        "and 'n' in its cells, then the rows")


def test_a_sheets_header_again_among_its_rows_is_named_as_its_header_row_again(client):
    assert refused_append(client, [["note", "n"], ["two\nlines", 1.5], ["note", "n"]]) == (
        "row 2, column 'n' (row 3 of the sheet 'Data'): expected a number, got 'n' (the header row again, as where two "
        "files are joined: remove that row)")


# A sheet's header row, then 9 rows, the header row again (row 11 of the sheet, row 10 of the data) and a row.
JOINED_ROWS = ([["date", "n"]] + [[f"2024-01-{day:02d}", day] for day in range(1, 10)]
               + [["date", "n"], ["2024-01-10", 10]])


def test_a_sheet_created_with_its_header_row_again_is_warned_of_it_by_its_row_of_the_sheet(client):
    # Its row of the data, 10, is the sheet's row 11, under the header row: the row to remove is named so.
    answer = client.post("/api/datasets", headers=AUTH, data={
        "name": "joined", "file": (io.BytesIO(workbook_bytes({"Data": JOINED_ROWS})), "data.xlsx")})
    assert answer.status_code == 201, answer.get_json()
    [warning] = [warning for warning in answer.get_json()["warnings"] if warning["column"] == "date"]
    assert warning["hint"] == ("row 11 of the sheet 'Data' is the header row again, as where two files are joined: "
                               "remove that row")
    assert f"row 10 holds 'date' ({warning['hint']})" in warning["message"]


def test_the_upload_forms_next_page_warns_of_a_sheets_header_row_again_in_its_words_then_in_words_of_either(client):
    # The page after the form's upload is told the sheet; a later view, of rows kept alike from a CSV or a
    # sheet, says what is true of both. A sheet's name may hold what a cookie quotes.
    sheet = 'Données; "x", 2024'
    response = client.post("/upload", data={"csrf_token": csrf_of(client.get("/upload")), "token": WRITE_TOKEN,
                                            "name": "joined",
                                            "file": (io.BytesIO(workbook_bytes({sheet: JOINED_ROWS})), "a.xlsx")})
    assert response.status_code == 303
    first = page_warnings(client, "joined")
    assert len(first) == 2 and (
        "row 10 holds 'date' (row 11 of the sheet 'Données; \"x\", 2024' is the header row again, as where two files "
        "are joined: remove that row)") in first[0]
    later = page_warnings(client, "joined")
    assert len(later) == 2 and (
        "row 10 holds 'date' (the column names again, as where two files are joined: remove that row)") in later[0]
    assert all("line" not in words for words in later)


def test_a_csv_created_with_its_header_line_again_is_warned_of_it_as_a_line_then_in_words_of_either(client):
    text = "".join(f"{','.join(map(str, row))}\n" for row in JOINED_ROWS)
    assert "row 10 holds 'date' (the header line again, as where two files are joined: remove that line)" in (
        created(client, "joined", text)["warnings"][0]["message"])
    assert "row 10 holds 'date' (the column names again, as where two files are joined: remove that row)" in (
        page_warnings(client, "joined")[0])


def test_a_sheets_cell_longer_than_a_value_may_be_is_named_by_its_row(client):
    # Excel holds at most 32,767 characters in a cell; another program may write more, over many lines.
    long = "\n".join(["y" * 2000] * 70)
    raw = with_sheet_xml(workbook_bytes({"Data": [["a", "b"], [1, 2]]}), lambda text: text.replace(
        '<c r="B2" t="n"><v>2</v></c>', f'<c r="B2" t="inlineStr"><is><t>{long}</t></is></c>'))
    answer = client.post("/api/datasets", headers=AUTH, data={"name": "long", "file": (io.BytesIO(raw), "d.xlsx")})
    assert answer.get_json()["error"] == (
        f"a cell of row 2 of the sheet 'Data' has more than {csv.field_size_limit()} characters; at most "
        f"{csv.field_size_limit()} are allowed in one cell")


def past_column_xfd() -> bytes:
    """A workbook whose sheet 'Data' has a cell, XFE2, past the last column a sheet has."""
    return with_sheet_xml(workbook_bytes({"Data": [["a", "b"], [1, 2]]}), lambda text: text.replace('r="B2"',
                                                                                                    'r="XFE2"'))


def test_a_cell_past_column_xfd_is_a_422_naming_the_file_its_sheet_and_the_cell_and_what_to_do(client):
    # A workbook, of a format the site takes, whose content no Excel writes: not a 415 of the formats taken.
    answer = client.post("/api/datasets", headers=AUTH,
                         data={"name": "wide", "file": (io.BytesIO(past_column_xfd()), "d.xlsx")})
    assert (answer.status_code, answer.get_json()["error"]) == (422, (
        "the sheet 'Data' of the workbook has a cell, XFE2, past the last column a sheet has, XFD: the "
        "file is damaged, or was written by a program other than Excel; open it in Excel and save it, or save the "
        "sheet as CSV, then send it again"))


def test_a_data_folder_workbooks_cell_past_column_xfd_is_told_to_be_saved_in_the_data_folder(tmp_path):
    from tests.test_data_folder_workbooks import folder_site

    client, _ = folder_site(tmp_path, {"wide.xlsx": past_column_xfd()})
    listed = {d["name"]: d.get("error") for d in client.get("/api/datasets").get_json()["datasets"]}
    assert listed["wide"] == (
        "dataset 'wide' cannot be read as an Excel workbook: the sheet 'Data' of the file has a cell, "
        "XFE2, past the last column a sheet has, XFD: the file is damaged, or was written by a program other than "
        "Excel; open it in Excel and save it in the data folder, or save the sheet as CSV there")


def test_text_the_csv_reader_stops_in_is_named_by_the_sheets_row_or_the_csvs_line():
    # No sheet written as CSV stops the reader (every cell is quoted as it needs): the words are pinned alone.
    assert sheet_place("Data", [1, 2, 2, 3]).unreadable_at(3, "bad") == "row 2 of the sheet 'Data' cannot be read: bad"
    assert CSV.unreadable_at(3, "bad") == "the CSV cannot be read at line 3: bad"


@pytest.fixture
def small_limits(data_dir):
    return writable_app(data_dir, UPLOAD_LIMITS=UploadLimits(max_line=20, max_columns=3)).test_client()


def test_a_sheets_row_too_long_is_named_by_its_row_and_counted_as_the_csv_it_is_written_as(small_limits):
    # Its 31 characters in cells are 32 written as CSV, the comma between them counted: said so, with the cell
    # to shorten.
    rows = [["a", "b"], ["two\nlines", 1], ["x" * 30, 1]]
    assert refused_create(small_limits, rows) == (
        "row 3 of the sheet 'Data' has 32 characters written as CSV, its cells with commas between them (its "
        f"longest cell, A3, holds 30 characters); at most 20 are allowed in one line of CSV {LIMITS}")


def test_a_sheets_row_of_a_cell_of_line_breaks_too_long_is_told_of_its_line_written_as_csv(small_limits):
    # The cell's second line, its closing quote and the next cell, `yyy…",1`, are the line too long.
    rows = [["a", "b"], ["short\n" + "y" * 25, 1]]
    assert refused_create(small_limits, rows) == (
        "row 2 of the sheet 'Data' has a line of 28 characters written as CSV, its cells with commas between "
        "them, each line break in a cell ending a line (its longest cell, A2, holds 31 characters); at most 20 are "
        f"allowed in one line of CSV {LIMITS}")


def test_a_sheets_header_of_one_cell_too_long_names_that_cell(small_limits):
    assert refused_create(small_limits, [["h" * 25], [1]]) == (
        f"row 1 of the sheet 'Data' has 25 characters written as CSV (its cell, A1, holds 25 characters); at most 20 are "
        f"allowed in one line of CSV {LIMITS}")


def test_a_sheets_row_too_long_counts_its_characters_with_thousands_separators(data_dir):
    # "holds 2,000" alone read as the cell's value: its characters are named, each count written as others are.
    client = writable_app(data_dir, UPLOAD_LIMITS=UploadLimits(max_line=1_500)).test_client()
    assert refused_create(client, [["a", "b"], ["x" * 2_000, 1]]) == (
        "row 2 of the sheet 'Data' has 2,002 characters written as CSV, its cells with commas between them (its "
        f"longest cell, A2, holds 2,000 characters); at most 1,500 are allowed in one line of CSV {LIMITS}")


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
