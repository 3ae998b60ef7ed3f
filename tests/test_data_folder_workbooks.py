"""An Excel workbook (`<name>.xlsx`) in the data folder is a dataset as a CSV file there is: its first visible sheet
read as the CSV its upload would be read as, listed on `/` and `/api/datasets`, read again when it changes;
one that cannot be read is a 422 for its charts, its page saying why; beside a CSV file of its name it is not
read, and a line at start says so."""
from __future__ import annotations

import html
import io
import zipfile
from pathlib import Path

from app import create_app
from tests.conftest import WRITE_TOKEN
from tests.test_page_consistency import page_warnings
from tests.test_xlsx_upload import DATA_CSV, cached, data_workbook, with_sheet_xml, workbook_bytes


def folder_site(tmp_path: Path, files: dict[str, bytes]):
    """A test client of the site reading a data folder of `files`, and that folder."""
    data = tmp_path / "data"
    data.mkdir()
    for name, raw in files.items():
        (data / name).write_bytes(raw)
    return create_app({"TESTING": True, "DATA_DIR": str(data), "DASHBOARD_DIRS": [],
                       "RENDER_WORKERS": 0}).test_client(), data


def rows_of(client, name: str) -> dict:
    answer = client.get(f"/datasets/{name}.json").get_json()
    return {"columns": answer["columns"], "rows": answer["rows"]}


def test_a_workbook_in_the_data_folder_is_the_dataset_its_sheet_saved_as_csv_is(tmp_path):
    client, _ = folder_site(tmp_path, {"book.xlsx": workbook_bytes({"Data": data_workbook(), "Other": [["z"], [1]]}),
                                       "same.csv": DATA_CSV.encode()})
    assert rows_of(client, "book") == rows_of(client, "same")
    listed = {d["name"]: d for d in client.get("/api/datasets").get_json()["datasets"]}
    assert "book" in listed and "error" not in listed["book"]
    assert 'href="/datasets/book"' in client.get("/").get_data(as_text=True)
    assert client.get("/plot/book.svg?y=n").status_code == 200


def test_a_workbooks_error_values_are_missing_values(tmp_path):
    raw = cached(workbook_bytes({"Data": [["a", "ratio"], [1, 0.5], [0, "=1/A3"]]}), "B3", "e", "#DIV/0!")
    client, _ = folder_site(tmp_path, {"ratios.xlsx": raw})
    assert rows_of(client, "ratios")["rows"] == [[1, 0.5], [0, None]]


def test_a_workbook_rewritten_is_read_again_under_a_new_version(tmp_path):
    client, data = folder_site(tmp_path, {"book.xlsx": workbook_bytes({"Data": [["a"], [1]]})})
    before = client.get("/api/datasets/book").get_json()["dataset"]["version"]
    (data / "book.xlsx").write_bytes(workbook_bytes({"Data": [["a"], [1], [2]]}))
    assert rows_of(client, "book")["rows"] == [[1], [2]]
    assert client.get("/api/datasets/book").get_json()["dataset"]["version"] != before


def test_a_damaged_workbook_is_a_422_for_its_charts_and_its_page_says_why(tmp_path):
    client, _ = folder_site(tmp_path, {"broken.xlsx": b"PK\x03\x04" + b"\x00" * 200,
                                       "never.xlsx": workbook_bytes({"Data": [["a", "b"], [2, "=A2*2"]]})})
    chart = client.get("/plot/broken.svg?y=a")
    assert chart.status_code == 422
    listed = {d["name"]: d for d in client.get("/api/datasets").get_json()["datasets"]}
    broken = "dataset 'broken' cannot be read as an Excel workbook: a zip file cut short or damaged"
    assert listed["broken"]["error"] == broken
    page = html.unescape(client.get("/datasets/never").get_data(as_text=True))
    assert "cell B2 of the sheet 'Data' holds a formula that was never calculated" in page


def test_a_damaged_workbooks_error_says_each_thing_once(tmp_path):
    # Not "cannot be read as an Excel workbook: the file is not a readable Excel workbook (.xlsx): ...; the site reads
    # a CSV (UTF-8) or an Excel workbook (.xlsx)": its name says it is read as a workbook, which it is not.
    client, _ = folder_site(tmp_path, {"old.xlsx": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500})
    listed = {d["name"]: d for d in client.get("/api/datasets").get_json()["datasets"]}
    assert listed["old"]["error"] == ("dataset 'old' cannot be read as an Excel workbook: it is an Excel 97-2003 "
                                      "workbook (.xls) or another older Office file; save it as .xlsx or as CSV "
                                      "(UTF-8)")


def test_a_workbook_in_the_data_folder_is_told_to_be_saved_there_not_sent(tmp_path):
    encrypted = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptionInfo".encode("utf-16-le") + b"\x00" * 500
    client, _ = folder_site(tmp_path, {"never.xlsx": workbook_bytes({"Data": [["a", "b"], [2, "=A2*2"]]}),
                                       "locked.xlsx": encrypted})
    listed = {d["name"]: d.get("error") for d in client.get("/api/datasets").get_json()["datasets"]}
    assert listed["never"] == (
        "dataset 'never' cannot be read as an Excel workbook: cell B2 of the sheet 'Data' holds a formula that was "
        "never calculated, so the workbook holds no value for it (a program that wrote the file did not calculate "
        "it): open the file in Excel or LibreOffice and save it in the data folder, which stores each formula's value")
    assert listed["locked"].endswith("Encrypt with Password, emptied) and save it again in the data folder")
    assert "send" not in listed["never"] + listed["locked"]


def test_a_workbook_beside_a_csv_file_of_its_name_is_not_read_and_a_line_says_so(tmp_path, caplog):
    client, data = folder_site(tmp_path, {"sales.csv": b"a,b\n1,2\n",
                                          "sales.xlsx": workbook_bytes({"Data": [["a", "b"], [7, 8]]})})
    assert rows_of(client, "sales")["rows"] == [[1, 2]]
    said = [r.getMessage() for r in caplog.records if "in the data folder is not read" in r.getMessage()]
    assert said == [f"{data / 'sales.xlsx'} in the data folder is not read: {data / 'sales.csv'} names the same "
                    "dataset, 'sales', and is read; remove or rename one of them"]


def test_excels_lock_file_of_an_open_workbook_is_left_alone_and_xlsx_in_capitals_is_named(tmp_path, caplog):
    client, data = folder_site(tmp_path, {"~$sales.xlsx": b"lock", "sales.xlsx": workbook_bytes({"D": [["a"], [1]]}),
                                          "up.XLSX": workbook_bytes({"D": [["a"], [1]]})})
    listed = {d["name"] for d in client.get("/api/datasets").get_json()["datasets"]}
    assert "sales" in listed and "up" not in listed
    said = [r.getMessage() for r in caplog.records if "in the data folder is not read" in r.getMessage()]
    assert said == [f"{data / 'up.XLSX'} in the data folder is not read: only files ending .csv or .xlsx are datasets; "
                    "rename it up.xlsx to be read"]


def test_a_data_folder_zip_of_no_workbook_or_too_big_is_told_what_to_save_in_the_data_folder(tmp_path):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("sales.csv", "a,b\n1,2\n")
    bomb = with_sheet_xml(workbook_bytes({"Data": [["a"], [1]]}),
                          lambda text: text.replace("</worksheet>", " " * 120_000_000 + "</worksheet>"))
    client, _ = folder_site(tmp_path, {"zipped.xlsx": out.getvalue(), "bomb.xlsx": bomb})
    listed = {d["name"]: d.get("error") for d in client.get("/api/datasets").get_json()["datasets"]}
    assert listed["zipped"] == ("dataset 'zipped' cannot be read as an Excel workbook: it is a zip file of no "
                                "workbook; for a zip of a CSV, unpack the CSV into the data folder")
    assert listed["bomb"].endswith("bytes are read (10 times the default upload limit): save its sheet as CSV in the "
                                   "data folder, or a workbook of that sheet alone")
    assert "send" not in listed["zipped"] + listed["bomb"] and "MAX_CONTENT_LENGTH" not in listed["bomb"]


def test_a_data_folder_workbooks_header_refused_is_named_in_its_sheets_words_as_its_upload_is(tmp_path):
    client, _ = folder_site(tmp_path, {
        "titled.xlsx": workbook_bytes({"Data": [["Sales report"], ["date", "value", "x"], ["2024-01-01", 1, 2]]}),
        "wide.xlsx": workbook_bytes({"Data": [["a", "b"], [1, 2, 3]]}),
        "blank.xlsx": workbook_bytes({"Data": [[" "], [1]]}),
        "alone.xlsx": workbook_bytes({"Data": [["a", "b"]]})})
    listed = {d["name"]: d.get("error") for d in client.get("/api/datasets").get_json()["datasets"]}
    assert listed["titled"] == (
        "dataset 'titled' cannot be read as an Excel workbook: its sheet 'Data': columns B and C of the header each "
        "has no name, and every column needs one; the first row is read as the header: if 'Sales report' is a "
        "title, remove it and any other rows above the header")
    assert listed["wide"].endswith("every column needs one; cell C1, in the header row, is blank: name the column "
                                   "there, or delete column C")
    # Not "has a header but no rows": pandas skips a first line of spaces, and reads the row under it as the header.
    assert listed["blank"] == ("dataset 'blank' cannot be read as an Excel workbook: the first row of the sheet 'Data' "
                               "must name the columns, one in each cell: its one cell, A1, is blank")
    assert listed["alone"] == ("dataset 'alone' cannot be read as an Excel workbook: its sheet 'Data' has a header but "
                               "no rows; at least one row is needed to tell the column types")


def test_a_workbook_whose_a1_begins_with_a_line_break_names_its_column_in_the_data_folder_as_uploaded(tmp_path):
    # The cell's line break is inside its quoted value in the CSV text, not the end of the header line.
    raw = workbook_bytes({"Data": [["\nDate"], ["2024-01-01"], ["2024-01-02"]]})
    client, _ = folder_site(tmp_path, {"book.xlsx": raw})
    listed = {d["name"]: d for d in client.get("/api/datasets").get_json()["datasets"]}
    assert "error" not in listed["book"]
    uploaded = create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "up"), "DASHBOARD_DIRS": [],
                           "RENDER_WORKERS": 0, "WRITE_TOKENS": WRITE_TOKEN}).test_client()
    assert uploaded.post("/api/datasets", headers={"Authorization": f"Bearer {WRITE_TOKEN}"},
                         data={"name": "book", "file": (io.BytesIO(raw), "data.xlsx")}).status_code == 201
    assert rows_of(client, "book") == rows_of(uploaded, "book")
    assert [column["name"] for column in rows_of(client, "book")["columns"]] == ["Date"]


def test_a_data_folder_workbooks_page_tells_to_fix_its_first_sheet_by_the_workbooks_own_name(tmp_path):
    client, _ = folder_site(tmp_path, {"codes.xlsx": workbook_bytes({"Data": [["day", "empty", "price"],
                                                                              ["2024-01-01", None, "1,5"],
                                                                              ["2024-01-02", None, 2]]})})
    warnings = page_warnings(client, "codes")
    fix = "fix the first visible sheet of the workbook codes.xlsx: its columns are typed again when it changes"
    assert warnings[0] == f"column 'empty' has no values, so its type is guessed as float (numbers); {fix}"
    assert warnings[1].startswith("column 'price' is text") and warnings[1].endswith(fix)
    assert ".csv" not in " ".join(warnings)
