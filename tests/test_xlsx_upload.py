"""An Excel workbook (.xlsx) creates a dataset, or appends to one, as the CSV of its sheet would: through the
API's form, its body and the browser's forms. Its numbers, dates, text and booleans read as that CSV's, a
formula as its cached value, an error value as a missing value the answer warns of; a sheet is chosen by
name; a formula never calculated, a zip bomb, a damaged file, an old .xls and an encrypted workbook are
refused saying what the site reads."""
from __future__ import annotations

import datetime
import html
import io
import re
import zipfile

import openpyxl
import pytest

from app.store import UploadLimits
from app.store.workbooks import FIRST_SHEET, XLSX_TYPE, sheet_text
from tests.conftest import WRITE_TOKEN, csrf_of, writable_app

AUTH = {"Authorization": f"Bearer {WRITE_TOKEN}"}
SHEET1 = "xl/worksheets/sheet1.xml"
# The same data as the workbook `data_workbook` holds, as a CSV.
DATA_CSV = ("day,n,x,note,ok,empty\n"
            "2024-01-01,1,1.5,plain,true,\n"
            "2024-01-02T08:30:00,2,2,\"with, comma\",false,\n"
            "2024-01-03,3,-0.25,,true,\n")


@pytest.fixture
def app(data_dir):
    return writable_app(data_dir)


def workbook_bytes(sheets: dict[str, list[list]]) -> bytes:
    """An .xlsx of `sheets`, each its rows, as openpyxl writes one."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def data_workbook() -> list[list]:
    """Numbers, whole numbers, dates, a datetime, text, booleans and an empty column, as DATA_CSV holds them;
    the whole number 2.0 of a float column as Excel holds it."""
    return [["day", "n", "x", "note", "ok", "empty"],
            [datetime.datetime(2024, 1, 1), 1, 1.5, "plain", True, None],
            [datetime.datetime(2024, 1, 2, 8, 30), 2, 2.0, "with, comma", False, None],
            [datetime.date(2024, 1, 3), 3, -0.25, None, True, None]]


def with_sheet_xml(raw: bytes, change) -> bytes:
    """The workbook `raw` with its first sheet's XML changed by `change` (text to text)."""
    source, out = zipfile.ZipFile(io.BytesIO(raw)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            target.writestr(info, change(data.decode()).encode() if info.filename == SHEET1 else data)
    return out.getvalue()


def cached(raw: bytes, cell: str, kind: str, value: str) -> bytes:
    """The workbook `raw` with the formula of `cell` given the cached value Excel writes as it saves it
    (openpyxl writes none): of type `kind` (`n`, `e`, `str`)."""
    def change(text: str) -> str:
        return re.sub(rf'<c r="{cell}"[^>]*><f>([^<]*)</f><v\s*/>',
                      lambda found: f'<c r="{cell}" t="{kind}"><f>{found.group(1)}</f><v>{value}</v>', text)
    return with_sheet_xml(raw, change)


def created(client, name: str, raw: bytes, **fields) -> object:
    return client.post("/api/datasets", headers=AUTH, data={"name": name, "file": (io.BytesIO(raw), "data.xlsx"),
                                                            **fields})


def rows_of(client, name: str) -> dict:
    answer = client.get(f"/datasets/{name}.json").get_json()
    return {"columns": answer["columns"], "rows": answer["rows"]}


def test_a_workbook_makes_the_dataset_its_csv_makes_through_the_api_form(client):
    from_csv = client.post("/api/datasets?name=fromcsv", headers={**AUTH, "Content-Type": "text/csv"}, data=DATA_CSV)
    from_xlsx = created(client, "fromxlsx", workbook_bytes({"Data": data_workbook()}))
    assert from_csv.status_code == 201 and from_xlsx.status_code == 201, from_xlsx.get_json()
    assert rows_of(client, "fromxlsx") == rows_of(client, "fromcsv")
    types = {column["name"]: column["type"] for column in from_xlsx.get_json()["dataset"]["columns"]}
    assert types == {"day": "datetime", "n": "integer", "x": "float", "note": "text", "ok": "text", "empty": "float"}


def test_a_workbook_sent_as_the_body_with_its_content_type_creates_and_appends(client):
    raw = workbook_bytes({"Data": data_workbook()})
    answer = client.post("/api/datasets?name=body", headers={**AUTH, "Content-Type": XLSX_TYPE}, data=raw)
    assert answer.status_code == 201, answer.get_json()
    appended = client.post("/api/datasets/body/rows", headers={**AUTH, "Content-Type": XLSX_TYPE}, data=raw)
    assert appended.status_code == 200 and appended.get_json()["rows_added"] == 3
    assert rows_of(client, "body")["rows"][3:] == rows_of(client, "body")["rows"][:3]


def test_a_workbook_is_known_by_its_bytes_not_its_name_or_content_type(client):
    raw = workbook_bytes({"Data": data_workbook()})
    answer = client.post("/api/datasets", headers=AUTH, data={"name": "named", "file": (io.BytesIO(raw), "data.csv")})
    assert answer.status_code == 201
    client.post("/api/datasets?name=csvsent", headers={**AUTH, "Content-Type": "text/csv"}, data=raw)
    assert rows_of(client, "csvsent") == rows_of(client, "named")


def test_empty_rows_and_columns_past_the_data_are_left_out(client):
    raw = workbook_bytes({"Data": data_workbook()})
    # Excel's used range runs past the data: a formatted cell far below and to the right holds nothing.
    padded = with_sheet_xml(raw, lambda text: text.replace(
        "</sheetData>", '<row r="40"><c r="K40" s="0"/></row><row r="41"/></sheetData>').replace(
        '<dimension ref="A1:F4"', '<dimension ref="A1:K41"'))
    assert created(client, "padded", padded).status_code == 201
    assert created(client, "plain", raw).status_code == 201
    assert rows_of(client, "padded") == rows_of(client, "plain")


def test_an_empty_row_inside_the_data_is_a_row_of_missing_values_as_the_csvs_commas_alone(client):
    answer = created(client, "gap", workbook_bytes({"Data": [["a", "b"], [1, 2], [None, None], [3, 4]]}))
    assert answer.status_code == 201
    assert rows_of(client, "gap")["rows"] == [[1.0, 2.0], [None, None], [3.0, 4.0]]
    assert "stored as a row of missing values" in answer.get_json()["warnings"][-1]["message"]


def test_an_empty_rows_warning_names_the_sheets_rows_in_a_workbooks_words(client):
    answer = created(client, "gaps", workbook_bytes({"Data": [["a", "b"], [1, 2], [None, None], [3, 4]]}))
    [warning] = answer.get_json()["warnings"]
    assert "1 row of the workbook is an empty row, stored as a row of missing values: row 3 of the sheet 'Data'" \
        in warning["message"]
    assert "commas" not in warning["message"] and "line" not in warning["message"]


def test_a_refused_cell_of_a_workbook_is_named_by_its_row_of_the_sheet_not_a_line(client):
    assert created(client, "notes", workbook_bytes({"Data": [["note", "n"], ["one", 1.5]]})).status_code == 201
    raw = workbook_bytes({"Data": [["note", "n"], ["two\nlines", 2.5], ["three", "many"]]})
    answer = client.post("/api/datasets/notes/rows", headers={**AUTH, "Content-Type": XLSX_TYPE}, data=raw)
    error = answer.get_json()["error"]
    assert answer.status_code == 400 and "row 2, column 'n' (row 3 of the sheet 'Data'): " in error
    assert "line" not in error and "the CSV" not in error


def test_a_sheet_of_a_header_alone_is_refused_naming_the_sheet_not_the_csv(client):
    answer = created(client, "bare", workbook_bytes({"Data": [["a", "b"]]}))
    error = answer.get_json()["error"]
    assert answer.status_code == 400 and error.startswith("the sheet 'Data' has a header but no rows")


def test_a_formula_reads_as_its_cached_value(client):
    raw = cached(workbook_bytes({"Data": [["a", "b"], [2, "=A2*2"]]}), "B2", "n", "4")
    assert created(client, "formula", raw).status_code == 201
    assert rows_of(client, "formula")["rows"] == [[2, 4]]


def test_a_formula_never_calculated_is_a_422_naming_its_cell(client):
    answer = created(client, "never", workbook_bytes({"Data": [["a", "b"], [2, 3], [2, "=A3*2"]]}))
    assert answer.status_code == 422
    error = answer.get_json()["error"]
    assert "cell B3 of the sheet 'Data' holds a formula that was never calculated" in error
    assert "open the file in Excel or LibreOffice and save it" in error
    assert client.get("/api/datasets/never").status_code == 404


def test_an_error_value_is_a_missing_value_named_in_the_creates_warning(client):
    raw = cached(workbook_bytes({"Data": [["a", "ratio"], [1, 0.5], [0, "=1/A3"]]}), "B3", "e", "#DIV/0!")
    answer = created(client, "ratios", raw)
    assert answer.status_code == 201
    assert rows_of(client, "ratios")["rows"] == [[1, 0.5], [0, None]]
    warning = answer.get_json()["warnings"][0]
    assert warning["column"] == "ratio" and warning["row"] == 2 and warning["value"] == "#DIV/0!"
    assert "B3 #DIV/0!" in warning["message"] and "stored as a missing value" in warning["message"]


def test_an_appends_error_value_is_named_in_its_answers_warnings(client):
    assert created(client, "ratios", workbook_bytes({"Data": [["a", "ratio"], [1, 0.5]]})).status_code == 201
    raw = cached(workbook_bytes({"Data": [["a", "ratio"], [0, "=1/A2"]]}), "B2", "e", "#DIV/0!")
    answer = client.post("/api/datasets/ratios/rows", headers={**AUTH, "Content-Type": XLSX_TYPE}, data=raw)
    assert answer.status_code == 200 and "B2 #DIV/0!" in answer.get_json()["warnings"][0]["message"]


def test_an_append_replayed_by_its_idempotency_key_answers_the_first_answers_warnings(client):
    assert created(client, "ratios", workbook_bytes({"Data": [["a", "ratio"], [1.5, 0.5]]})).status_code == 201
    raw = cached(workbook_bytes({"Data": [["a", "ratio"], [0, "=1/A2"], [None, None], [2, 1]]}), "B2", "e", "#DIV/0!")
    headers = {**AUTH, "Content-Type": XLSX_TYPE, "Idempotency-Key": "ratios-1"}
    first = client.post("/api/datasets/ratios/rows", headers=headers, data=raw)
    again = client.post("/api/datasets/ratios/rows", headers=headers, data=raw)
    assert first.status_code == again.status_code == 200 and again.get_json()["replayed"] is True
    warnings = first.get_json()["warnings"]
    assert "B2 #DIV/0!" in warnings[0]["message"] and "stored as a row of missing values" in warnings[1]["message"]
    assert again.get_json()["warnings"] == warnings
    assert len(rows_of(client, "ratios")["rows"]) == 4


def test_the_sheet_field_chooses_a_sheet_and_one_not_there_is_a_400_listing_them(client):
    raw = workbook_bytes({"Notes": [["text"], ["hello"]], "Data": data_workbook()})
    assert created(client, "second", raw, sheet="Data").status_code == 201
    assert created(client, "first", raw).status_code == 201
    assert rows_of(client, "first")["rows"] == [["hello"]]
    client.post("/api/datasets?name=fromcsv", headers={**AUTH, "Content-Type": "text/csv"}, data=DATA_CSV)
    assert rows_of(client, "second") == rows_of(client, "fromcsv")
    missing = created(client, "missing", raw, sheet="Sales")
    assert missing.status_code == 400 and missing.get_json()["field"] == "sheet"
    assert "no sheet named 'Sales'; its sheets are 'Notes', 'Data'" in missing.get_json()["error"]


def test_a_sheet_named_of_a_csv_is_a_400(client):
    answer = client.post("/api/datasets", headers=AUTH, data={"name": "c", "sheet": "Data",
                                                              "file": (io.BytesIO(b"a\n1\n"), "a.csv")})
    assert answer.status_code == 400 and "no workbook" in answer.get_json()["error"]


def test_a_zip_bomb_is_refused_by_its_directorys_sizes_before_it_is_unpacked(client):
    raw = workbook_bytes({"Data": [["a"], [1]]})
    bomb = with_sheet_xml(raw, lambda text: text.replace("</worksheet>", " " * 120_000_000 + "</worksheet>"))
    assert len(bomb) < 1_000_000
    answer = created(client, "bomb", bomb)
    assert answer.status_code == 413
    assert "unpack to" in answer.get_json()["error"] and "MAX_CONTENT_LENGTH" in answer.get_json()["error"]


@pytest.mark.parametrize("raw, words", [
    (b"PK\x03\x04" + b"\x00" * 200, "a zip file cut short or damaged"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500, "save it as .xlsx or as CSV"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptionInfo".encode("utf-16-le") + b"\x00" * 500, "encrypted"),
], ids=["damaged-zip", "old-xls", "encrypted"])
def test_a_damaged_old_or_encrypted_file_is_a_415_naming_the_formats_taken(client, raw, words):
    answer = created(client, "bad", raw)
    assert answer.status_code == 415
    error = answer.get_json()["error"]
    assert "is not a readable Excel workbook (.xlsx)" in error and words in error
    assert "a CSV (UTF-8) or an Excel workbook (.xlsx)" in error


def test_an_ods_file_is_told_to_save_as_xlsx_or_csv(client):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as ods:
        ods.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        ods.writestr("content.xml", "<office:document-content/>")
    answer = created(client, "ods", out.getvalue())
    assert answer.status_code == 415 and "OpenDocument spreadsheet (.ods)" in answer.get_json()["error"]


def test_the_upload_form_takes_a_workbook_and_its_sheet(client):
    raw = workbook_bytes({"Notes": [["text"], ["hello"]], "Data": data_workbook()})
    page = client.get("/upload").get_data(as_text=True)
    assert "CSV or Excel (.xlsx) file" in page and ".xlsx" in re.search(r'accept="([^"]*)"', page).group(1)
    answer = client.post("/upload", data={"csrf_token": csrf_of(client.get("/upload")), "token": WRITE_TOKEN,
                                          "name": "formxl", "sheet": "Data", "file": (io.BytesIO(raw), "data.xlsx")})
    assert answer.status_code == 303
    client.post("/api/datasets?name=fromcsv", headers={**AUTH, "Content-Type": "text/csv"}, data=DATA_CSV)
    assert rows_of(client, "formxl") == rows_of(client, "fromcsv")


def test_the_upload_form_marks_the_sheet_field_for_a_sheet_not_there(client):
    raw = workbook_bytes({"Data": data_workbook()})
    answer = client.post("/upload", data={"csrf_token": csrf_of(client.get("/upload")), "token": WRITE_TOKEN,
                                          "name": "formxl", "sheet": "Nope", "file": (io.BytesIO(raw), "data.xlsx")})
    page = html.unescape(answer.get_data(as_text=True))
    assert answer.status_code == 400 and "no sheet named 'Nope'" in page
    assert re.search(r'name="sheet" value="Nope"[^>]*aria-invalid="true"', page)


def test_the_append_form_takes_a_workbook(client):
    raw = workbook_bytes({"Data": data_workbook()})
    assert created(client, "grow", raw).status_code == 201
    form = client.get("/datasets/grow/append")
    assert "CSV or Excel (.xlsx) file" in form.get_data(as_text=True)
    answer = client.post("/datasets/grow/append", data={"csrf_token": csrf_of(form), "token": WRITE_TOKEN,
                                                        "rows": "", "file": (io.BytesIO(raw), "more.xlsx")})
    assert answer.status_code == 303
    rows = rows_of(client, "grow")["rows"]
    assert len(rows) == 6 and rows[3:] == rows[:3]


def test_the_openapi_description_names_the_workbooks_type(client):
    document = client.get("/api/openapi.json").get_json()
    assert XLSX_TYPE in document["paths"]["/api/datasets"]["post"]["requestBody"]["content"]
    assert XLSX_TYPE in document["paths"]["/api/datasets/{name}/rows"]["post"]["requestBody"]["content"]


def test_a_sheets_rows_are_written_as_wide_as_its_widest_as_excels_csv_holds_them():
    # Each row is written as it is read, and given its empty values once the widest is known.
    sheet = sheet_text(workbook_bytes({"Data": [["a", "b", "c"], [1], [], ["x\ny", None, 2], [None, 5]]}),
                       "the file", FIRST_SHEET, UploadLimits())
    assert (sheet.text, tuple(sheet.line_rows)) == ('a,b,c\n1,,\n,,\n"x\ny",,2\n,5,\n', (1, 2, 3, 4, 4, 5))
    one = sheet_text(workbook_bytes({"Data": [["a"], [], [1]]}), "the file", FIRST_SHEET, UploadLimits())
    assert one.text == 'a\n""\n1\n'  # an empty row of one column is one empty value, as no blank line is
