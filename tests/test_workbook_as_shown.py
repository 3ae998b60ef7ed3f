"""A workbook is read as the person who made it sees it in Excel: a percent cell as the number it shows (15 for
15%), a formula's result to the 15 significant digits Excel keeps, the first visible sheet where none is named
(a sheet named whatever its case), and a header of merged cells told to be unmerged."""
from __future__ import annotations

import datetime
import io
import zipfile

import jsonschema
import openpyxl
import pytest

from app.store.workbooks import XLSX_TYPE
from tests.conftest import WRITE_TOKEN, writable_app
from tests.test_xlsx_upload import cached, created, rows_of


@pytest.fixture
def app(data_dir):
    return writable_app(data_dir)


def saved(workbook: openpyxl.Workbook) -> bytes:
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def sheet_of(rows: list[list], title: str = "Data") -> openpyxl.Workbook:
    """A workbook of one sheet, `title`, of `rows`."""
    workbook = openpyxl.Workbook()
    workbook.active.title = title
    for row in rows:
        workbook.active.append(row)
    return workbook


def warnings_of(answer) -> list[str]:
    assert answer.status_code == 201, answer.get_json()
    return [warning["message"] for warning in answer.get_json()["warnings"]]


def types_of(answer) -> dict[str, str]:
    return {column["name"]: column["type"] for column in answer.get_json()["dataset"]["columns"]}


def percents() -> bytes:
    """Growth and Share (%) of two months, formatted as percents in Excel (0% and 0.0%)."""
    workbook = sheet_of([["Month", "Growth", "Share (%)"], [datetime.date(2024, 1, 1), 0.15, 0.125],
                         [datetime.date(2024, 2, 1), 0.07, 0.5]])
    for cell in ("B2", "B3", "C2", "C3"):
        workbook.active[cell].number_format = "0%" if cell.startswith("B") else "0.0%"
    return saved(workbook)


def test_a_percent_cell_is_stored_as_the_number_excel_shows(client):
    assert created(client, "growth", percents()).status_code == 201
    assert rows_of(client, "growth")["rows"] == [["2024-01-01", 15, 12.5], ["2024-02-01", 7, 50]]


def test_a_column_of_percents_not_named_so_is_warned_of_with_the_name_to_give_it(client):
    messages = warnings_of(created(client, "growth", percents()))
    assert messages == [
        "column 'Growth' of the sheet 'Data' of the workbook holds percents (its cell B2 shows 15%): stored as the "
        "numbers Excel shows, 15 for 15%; name the column 'Growth (%)' in the header row for its charts to draw its "
        "values with %, and send the workbook again"]


def test_an_appends_column_of_percents_is_warned_of_as_the_numbers_excel_shows(client):
    assert created(client, "growth", percents()).status_code == 201
    answer = client.post("/api/datasets/growth/rows", data=percents(),
                         headers={"Authorization": f"Bearer {WRITE_TOKEN}", "Content-Type": XLSX_TYPE})
    assert answer.status_code == 200 and rows_of(client, "growth")["rows"][2:] == rows_of(client, "growth")["rows"][:2]
    assert [warning["message"] for warning in answer.get_json()["warnings"]] == [
        "column 'Growth' of the sheet 'Data' of the body holds percents (its cell B2 shows 15%): stored as the "
        "numbers Excel shows, 15 for 15%; the dataset's rows before are to be such numbers too, 15 for 15%, not the "
        "fraction"]


def test_a_formulas_float_noise_is_read_to_the_15_digits_excel_keeps(client):
    raw = saved(sheet_of([["item", "amount", "change", "count"], ["a", "=B3+0", -3000.1100000000006, 1234567890123456],
                          ["b", 5258.66, 0.1 + 0.2, 2]]))
    raw = cached(raw, "B2", "n", "5258.660000000002")
    assert created(client, "noise", raw).status_code == 201
    assert rows_of(client, "noise")["rows"] == [["a", 5258.66, -3000.11, 1234567890123456],
                                                ["b", 5258.66, 0.3, 2]]


def sheets(hidden: tuple[str, ...] = ("Calc",)) -> bytes:
    """A workbook of the sheets Calc, Data and Notes, the first hidden."""
    workbook = sheet_of([["x"], [1]], "Calc")
    workbook.create_sheet("Data").append(["n"])
    workbook["Data"].append([2])
    workbook.create_sheet("Notes").append(["text"])
    workbook["Notes"].append(["hello"])
    for title in hidden:
        workbook[title].sheet_state = "hidden"
    return saved(workbook)


def test_the_first_visible_sheet_is_read_and_the_others_named_with_how_to_choose(client):
    messages = warnings_of(created(client, "visible", sheets()))
    assert rows_of(client, "visible")["rows"] == [[2]]
    assert messages == [
        "the workbook has another sheet, 'Notes', not read: its first visible sheet, 'Data', was read, not the hidden "
        "sheet 'Calc'; name one with the field sheet, for example sheet=Notes (?sheet=Notes with a body)"]


def test_a_workbook_of_one_visible_sheet_is_read_without_a_warning(client):
    assert warnings_of(created(client, "one", sheets(("Calc", "Notes")))) == []
    assert rows_of(client, "one")["rows"] == [[2]]


def test_a_sheet_is_named_whatever_its_case_as_excel_names_it(client):
    assert created(client, "lower", sheets(), sheet="notes").status_code == 201
    assert rows_of(client, "lower")["rows"] == [["hello"]]
    assert created(client, "hiddenone", sheets(), sheet="CALC").status_code == 201
    assert rows_of(client, "hiddenone")["rows"] == [[1]]


def renamed_sheet(raw: bytes, old: str, new: str) -> bytes:
    """The workbook `raw` with its sheet `old` named `new`, as no Excel names it where another differs in case."""
    source, out = zipfile.ZipFile(io.BytesIO(raw)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/workbook.xml":
                data = data.replace(f'name="{old}"'.encode(), f'name="{new}"'.encode())
            target.writestr(info, data)
    return out.getvalue()


def test_sheets_that_differ_only_in_case_are_named_exactly(client):
    raw = renamed_sheet(sheets(()), "Notes", "DATA")
    assert created(client, "upper", raw, sheet="DATA").status_code == 201
    assert rows_of(client, "upper")["rows"] == [["hello"]]
    answer = created(client, "either", raw, sheet="data")
    assert answer.status_code == 400 and "no sheet named 'data'" in answer.get_json()["error"]


def test_a_header_of_merged_cells_is_told_to_be_unmerged(client):
    workbook = sheet_of([["Month", "Revenue", None, "Cost", None], [None, "Actual", "Budget", "Actual", "Budget"],
                         [datetime.date(2024, 1, 1), 10, 12, 5, 6]])
    workbook.active.merge_cells("B1:C1")
    workbook.active.merge_cells("D1:E1")
    answer = created(client, "merged", saved(workbook))
    assert answer.status_code == 400
    assert answer.get_json()["error"] == (
        "columns C and E of the header each has no name, and every column needs one; cells C1 and E1 are blank, "
        "under the merged cells B1:C1 and D1:E1, whose value Excel keeps in the first cell alone: give each column "
        "its own name in one header row (unmerge the cells, and join a header of two rows into one)")


def test_a_creates_warnings_of_other_sheets_percents_and_a_totals_row_fit_the_openapi_schema(client):
    schema = client.get("/api/openapi.json").get_json()["paths"]["/api/datasets"]["post"]["responses"]["201"]
    warnings_schema = schema["content"]["application/json"]["schema"]["properties"]["warnings"]
    workbook = sheet_of([["region", "growth"], ["North", 0.15], ["South", 0.05]])
    for cell in ("B2", "B3"):
        workbook.active[cell].number_format = "0%"
    workbook.create_sheet("Notes").append(["text"])
    said = created(client, "growth", saved(workbook)).get_json()["warnings"]
    assert [warning["column"] for warning in said] == [None, "growth"], said  # the other sheet, then the percents
    jsonschema.validate(said, warnings_schema)
    totals = sheet_of([["region", "sales"], ["North", 3], ["South", 5], ["Total", 8]])
    said = created(client, "totals", saved(totals)).get_json()["warnings"]
    assert [warning["row"] for warning in said] == [None] and "is left out" in said[0]["message"], said
    jsonschema.validate(said, warnings_schema)
