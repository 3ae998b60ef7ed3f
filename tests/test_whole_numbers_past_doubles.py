"""A whole number past 2**53, 9007199254740993, which no double holds, is kept to its last digit from a CSV upload,
a data-folder CSV, a JSON append and a workbook's text cell, in a dataset's `.json` and `.csv`; a workbook's number
cell holds a double, as Excel does (openpyxl writes 9007199254740992 of it), whose value the site keeps."""
from __future__ import annotations

import io
import json
import zipfile

import openpyxl
import pytest

from app import create_app
from tests.conftest import CSV_WRITE, JSON_WRITE, writable_app
from tests.test_xlsx_upload import created as workbook_created

BIG = 9007199254740993
ROWS_CSV = f"id,v\n{BIG},1\n2,2\n"


@pytest.fixture
def client(data_dir):
    return writable_app(data_dir).test_client()


def ids_of(client, name: str) -> tuple[list, str]:
    """The ids of a dataset's rows as its `.json` writes them, its text read exactly, and its `.csv`."""
    answer = client.get(f"/datasets/{name}.json")
    assert answer.status_code == 200, answer.get_data(as_text=True)
    rows = json.loads(answer.get_data(as_text=True))["rows"]
    return [row[0] for row in rows], client.get(f"/datasets/{name}.csv").get_data(as_text=True)


def number_workbook(value: int | str) -> bytes:
    """A workbook of one sheet whose cell A2 is `value`, a number (or text), written by openpyxl."""
    workbook = openpyxl.Workbook()
    workbook.active.append(["id", "v"])
    workbook.active.append([value, 1])
    workbook.active.append([2, 2])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def cell_a2(raw: bytes) -> str:
    """The `<v>` text of a workbook's cell A2, as its sheet's XML holds it."""
    sheet = zipfile.ZipFile(io.BytesIO(raw)).read("xl/worksheets/sheet1.xml").decode()
    return sheet.split('r="A2"', 1)[1].split("<v>", 1)[1].split("</v>", 1)[0]


def test_a_csv_uploads_whole_number_past_2_53_is_kept_to_its_last_digit(client):
    assert client.post("/api/datasets?name=ids", data=ROWS_CSV, headers=CSV_WRITE).status_code == 201
    ids, csv_text = ids_of(client, "ids")
    assert ids == [BIG, 2]
    assert csv_text.splitlines()[1] == f"{BIG},1"


def test_a_data_folder_csvs_whole_number_past_2_53_is_kept_to_its_last_digit(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "ids.csv").write_text(ROWS_CSV)
    client = create_app({"TESTING": True, "DATA_DIR": str(folder), "DASHBOARD_DIRS": [],
                         "RENDER_WORKERS": 0}).test_client()
    ids, csv_text = ids_of(client, "ids")
    assert ids == [BIG, 2]
    assert csv_text.splitlines()[1] == f"{BIG},1"


def test_a_json_pushs_whole_numbers_past_2_53_are_kept_to_their_last_digit(client):
    assert client.post("/api/datasets?name=ids", data=ROWS_CSV, headers=CSV_WRITE).status_code == 201
    # Written whole, and with a point, which an integer column reads exactly from its digits.
    body = f'[{{"id": {BIG + 2}, "v": 3}}, {{"id": {BIG + 4}.0, "v": 4}}]'
    answer = client.post("/api/datasets/ids/rows", data=body, headers=JSON_WRITE)
    assert answer.status_code == 200, answer.get_data(as_text=True)
    ids, csv_text = ids_of(client, "ids")
    assert ids == [BIG, 2, BIG + 2, BIG + 4]
    assert csv_text.splitlines()[1:] == [f"{BIG},1", "2,2", f"{BIG + 2},3", f"{BIG + 4},4"]


def test_a_workbooks_number_cell_holds_the_double_not_the_integer_written_into_it():
    # openpyxl writes a number cell's value as a double, to 16 significant digits ("%.16g"), as every program
    # that writes workbooks keeps a number: the 3 is gone from the file itself.
    assert cell_a2(number_workbook(BIG)) == "9007199254740992"


def test_a_workbooks_whole_number_below_2_53_is_kept_to_its_last_digit(client):
    # Below 2**53 the double a cell holds is that one whole number, its 16th digit no rounding.
    assert workbook_created(client, "ids", number_workbook(2 ** 53 - 1)).status_code == 201
    assert ids_of(client, "ids")[0] == [9007199254740991, 2]


def test_a_workbooks_text_cell_of_digits_past_2_53_is_kept_to_its_last_digit(client):
    # Digits kept as text in Excel are read as a CSV's digits are: a whole number, in an integer column.
    answer = workbook_created(client, "ids", number_workbook(str(BIG)))
    assert answer.status_code == 201
    assert {c["name"]: c["type"] for c in answer.get_json()["dataset"]["columns"]}["id"] == "integer"
    ids, csv_text = ids_of(client, "ids")
    assert ids == [BIG, 2]
    assert csv_text.splitlines()[1] == f"{BIG},1"
