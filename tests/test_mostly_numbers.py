"""A column of numbers or dates that one odd cell makes text is pointed out, whatever that cell
holds: a word or mark for "no value", a spreadsheet's error, a totals row, the header line again
(two files joined), a date exported in a form the type rule does not read. The create's answer and
the dataset's page name the cell and what to do, a chart that finds no numeric column names it too,
and a column that is text for good (ids, codes, names) is left alone."""
from __future__ import annotations

import html

import pytest

from app.store.written_forms import NUMBERS, Cell, form_hint, mostly_values
from plots.text import quoted
from tests.conftest import CSV_WRITE, created, refusal, writable_app

POINT = "no thousands separators, units or currency signs"
EMPTY = "leave the cell empty for a missing value"
ERROR = f"a spreadsheet's error, not a value: mend its formula, or {EMPTY}"
TOTAL = "a totals row: remove it, a chart adds rows up itself with agg=sum"
HEADER = "the header line again, as where two files are joined: remove that line"
# The same said by a chart, which is not told whether the rows came from a CSV or a workbook's sheet.
KEPT_HEADER = "the column names again, as where two files are joined: remove that row"
BOUND = "a bound or an estimate, not a value: write the number alone (1) where it stands for the value, else " + EMPTY


@pytest.fixture
def client(data_dir):
    return writable_app(data_dir, RENDER_WORKERS=0).test_client()


def types(body: dict) -> dict:
    return {column["name"]: column["type"] for column in body["dataset"]["columns"]}


def nine_numbers_and(cell: str) -> str:
    """A CSV of nine numbers in `value` and, in the tenth row, `cell` (quoted)."""
    return "n,value\n" + "".join(f"{n},{n * 3}\n" for n in range(1, 10)) + '10,"' + cell.replace('"', '""') + '"\n'


@pytest.mark.parametrize(("cell", "hint"), [
    ("\\N", EMPTY),  # psql's and MySQL's NULL
    ("#DIV/0!", ERROR),
    ("#VALUE!", ERROR),
    ("#REF!", ERROR),
    ("n.a.", EMPTY),
    ("?", EMPTY),
    ("nil", EMPTY),
    ("(blank)", EMPTY),
    (".", EMPTY),
    ("Total", TOTAL),
    ("USD 1,200", f"write numbers with a point: 1200 or 1.200 (whichever is meant), {POINT} (a column's name can say "
                  "its currency, which its charts then write beside each value: 'amount (USD)')"),
    ("~1", BOUND),
    ("<1", BOUND),
    ("unknown", f"not a number: write one, or {EMPTY}"),
    ("0x1F", "a hexadecimal number: write 31"),
    ("-0x1f", "a hexadecimal number: write -31"),
    ("1_000", "write 1000 without underscores"),
    ("1_000_000.5", "write 1000000.5 without underscores"),
    ("2024_01", f"not a number: write one, or {EMPTY}"),  # no thousands grouped: a code
])
def test_nine_numbers_and_an_odd_cell_warn_naming_it_and_what_to_do(client, cell, hint):
    body = created(client, "odd", nine_numbers_and(cell))
    assert types(body) == {"n": "integer", "value": "text"}  # still text: the warning changes no type
    [warning] = body["warnings"]
    assert (warning["column"], warning["row"], warning["value"], warning["hint"]) == ("value", 10, cell, hint)
    assert warning["message"].startswith(
        f"column 'value' is text, though most of its values are numbers or dates: row 10 holds {quoted(cell)} ({hint}); "
        "a column's type is fixed when the dataset is created")


def test_the_psql_export_of_the_bug_report_warns_of_its_null(client):
    body = created(client, "exported", "ts,val\n2024-01-01,1\n2024-01-02,2\n2024-01-03,\\N\n2024-01-04,4\n")
    assert types(body) == {"ts": "datetime", "val": "text"}
    assert [(w["column"], w["row"], w["value"], w["hint"]) for w in body["warnings"]] == [("val", 3, "\\N", EMPTY)]


@pytest.mark.parametrize(("cells", "hint"), [
    (["(100)", "(250)", "(7)"], "write a minus as '-', not brackets: -100"),
    (["$(1,200.00)", "$(5.00)"], f"write a minus as '-', not brackets, and numbers with a point: -1200.00, {POINT} "
                                 "(a column's name can say its currency, which its charts then write beside each "
                                 "value: 'amount ($)')"),
])
def test_a_column_of_accounting_negatives_warns_how_to_write_them(client, cells, hint):
    body = created(client, "ledger", "n,amount\n" + "".join(f'{n},"{cell}"\n' for n, cell in enumerate(cells)))
    assert types(body)["amount"] == "text"
    [warning] = body["warnings"]
    assert (warning["row"], warning["value"], warning["hint"]) == (1, cells[0], hint)


@pytest.mark.parametrize(("cell", "hint"), [
    ("2024-01-05 09:30:00 UTC", "write dates and times as ISO 8601: 2024-01-05 09:30:00Z"),  # BigQuery
    ("1/5/2024 9:30:00 AM", "write dates as YYYY-MM-DD: 2024-05-01 09:30:00 or 2024-01-05 09:30:00 (whichever is "
                            "meant)"),
    ("1/5/2024 9:30:00 PM", "write dates as YYYY-MM-DD: 2024-05-01 21:30:00 or 2024-01-05 21:30:00 (whichever is "
                            "meant)"),
    ("2024/01", "write dates as YYYY-MM-DD: 2024-01-01 (the month's first day)"),
    ("2024-01-01 10:00:00 +01:00", "write dates and times as ISO 8601: 2024-01-01 10:00:00+01:00"),
    ("2024-01-01 10:00:00 +0000 UTC", "write dates and times as ISO 8601: 2024-01-01 10:00:00+0000"),  # Go
    ("Jan 5, 2024", "write dates as YYYY-MM-DD: 2024-01-05"),
    ("5-Jan-2024", "write dates as YYYY-MM-DD: 2024-01-05"),
    ("Fri, 05 Jan 2024 09:30:00 GMT", "write dates as YYYY-MM-DD: 2024-01-05 09:30:00Z"),
    ("05-JAN-24", "write dates as YYYY-MM-DD, the year in four digits"),
    ("20240101", "write dates as YYYY-MM-DD: 2024-01-01"),
    ("2024-W01", "write dates as YYYY-MM-DD: 2024-01-01 (the week's Monday)"),
    ("2024-Q3", "write dates as YYYY-MM-DD: 2024-07-01 (the quarter's first day)"),
])
def test_a_date_exported_in_another_form_is_named_with_how_to_write_it(client, cell, hint):
    body = created(client, "dated", "day,n\n" + "".join(f"2023-01-0{d},{d}\n" for d in range(1, 10)) + f'"{cell}",10\n')
    assert types(body) == {"day": "text", "n": "integer"}
    [warning] = body["warnings"]
    assert (warning["column"], warning["row"], warning["value"], warning["hint"]) == ("day", 10, cell, hint)


@pytest.mark.parametrize("cell", ["2024-01-05 09:30:00 UTC", "1/5/2024 9:30:00 AM", "2024/01", "Jan 5, 2024",
                                  "5-Jan-2024", "2024-W01", "2024-Q3"])
def test_a_column_all_of_one_such_date_form_warns_too(client, cell):
    body = created(client, "dated", f'day,n\n"{cell}",1\n"{cell}",2\n')
    assert [(w["column"], w["row"]) for w in body["warnings"]] == [("day", 1)]


@pytest.mark.parametrize("value", ["12:00 PM", "2024-13", "2024-W60", "Total 2024", "1/5/2024 13:30 PM",
                                   "Jane 5, 2024"])
def test_what_is_no_date_gets_no_date_hint(value):
    assert form_hint(value) is None


def test_a_totals_row_under_twelve_months_is_named(client):
    # A total that is not the sum of the rows above (780) is kept, and its row named: the sum's is left out.
    body = created(client, "sales", "month,units\n" + "".join(f"2024-{m:02d}-01,65\n" for m in range(1, 13))
                   + "Total,790\n")
    assert types(body) == {"month": "text", "units": "integer"}
    [warning] = body["warnings"]
    assert (warning["column"], warning["row"], warning["value"], warning["hint"]) == ("month", 13, "Total", TOTAL)
    page = html.unescape(client.get("/datasets/sales").get_data(as_text=True))
    assert f"column 'month' is text, though most of its values are numbers or dates: row 13 holds 'Total' ({TOTAL})" \
        in page


@pytest.mark.parametrize("total", ["Total", "Grand total", "Sum"])
def test_a_totals_row_under_three_months_is_named(client, total):
    # Three dates of four cells are fewer than MOSTLY of them: the totals row alone tells the column (a total of
    # other rows than these, 19, is kept; theirs, 18, would be left out).
    body = created(client, "quarter", f"month,units\n2024-01-31,5\n2024-02-29,7\n2024-03-31,6\n{total},19\n")
    assert types(body) == {"month": "text", "units": "integer"}
    [warning] = body["warnings"]
    assert (warning["column"], warning["row"], warning["value"], warning["hint"]) == ("month", 4, total, TOTAL)


JOINED = ("date,units\n" + "".join(f"2024-01-{d:02d},{d * 7}\n" for d in range(1, 11)) + "date,units\n"
          + "".join(f"2024-01-{d},{d * 7}\n" for d in range(11, 14)))


def test_a_header_line_in_the_middle_is_named_in_every_column_it_made_text(client):
    body = created(client, "joined", JOINED)
    assert types(body) == {"date": "text", "units": "text"}
    assert [(w["column"], w["row"], w["value"], w["hint"]) for w in body["warnings"]] == [
        ("date", 11, "date", HEADER), ("units", 11, "units", HEADER)]


def test_a_header_line_again_with_a_byte_order_mark_is_named_as_the_header_line_again(client):
    # Two "CSV UTF-8" exports joined with cat: the second's header begins with its byte-order mark.
    body = created(client, "joined", "\ufeff" + JOINED.replace("\ndate,units", "\n\ufeffdate,units"))
    assert [(w["column"], w["row"], w["value"], w["hint"]) for w in body["warnings"]] == [
        ("date", 11, "\ufeffdate", HEADER), ("units", 11, "units", HEADER)]


def test_a_chart_finding_no_numeric_column_names_the_cell_that_made_one_text(client):
    created(client, "joined", JOINED)
    assert refusal(client, "/plot/joined.json") == (
        "y: the chart needs at least one numeric column and this dataset has no numeric column; the columns are "
        "date (text), units (text); "
        f"column 'units' is text, though most of its values are numbers or dates: row 11 holds 'units' "
        f"({KEPT_HEADER})")


def test_a_chart_finding_no_numeric_column_in_a_dataset_of_words_says_what_it_said(client):
    created(client, "words", "name,city\nAda,London\nBob,Paris\n")
    assert refusal(client, "/plot/words.json") == (
        "y: the chart needs at least one numeric column and this dataset has no numeric column; the columns are "
        "name (text), city (text)")


def test_a_chart_refusing_the_column_as_y_says_what_to_do_with_the_cell(client):
    created(client, "joined", JOINED)
    assert refusal(client, "/plot/joined.json?y=units") == (
        f"y: column 'units' holds text, not numbers: row 11 holds 'units' ({KEPT_HEADER}); the dataset has no numeric "
        "column")


def test_the_page_without_a_numeric_column_points_at_the_warnings(client):
    created(client, "joined", JOINED)
    page = html.unescape(client.get("/datasets/joined").get_data(as_text=True))
    assert ("No numeric column to chart. The warnings above name the cells that keep columns of numbers or dates as "
            "text.") in page
    assert "column 'units' is text, though most of its values are numbers or dates: row 11 holds 'units'" in page


def test_a_page_of_words_without_a_numeric_column_points_at_no_warnings(client):
    created(client, "words", "name,city\nAda,London\nBob,Paris\n")
    page = client.get("/datasets/words").get_data(as_text=True)
    assert "No numeric column to chart.</p>" in page


def test_each_other_problem_is_named_by_its_first_cell():
    cells = ["1", "\\N", "2", "n.a.", "3", "#DIV/0!", "4", "5", "6", "7", "8", "9", "10", "11", "12", "Total", "13"]
    found = mostly_values(cells, "units")
    assert found.wanted == NUMBERS
    # `n.a.` is another mark for "no value", which the first names already.
    assert found.cells == (Cell(2, "\\N"), Cell(6, "#DIV/0!"), Cell(16, "Total"))
    assert found.words() == (f"row 2 holds '\\\\N' ({EMPTY}); row 6 holds '#DIV/0!' ({ERROR}); "
                             f"row 16 holds 'Total' ({TOTAL})")


def test_numbers_written_another_way_are_named_once():
    found = mostly_values(["1,5", "2,5", "3", "x", "4", "5", "6", "7", "8"])
    assert found.cells == (Cell(1, "1,5"), Cell(4, "x"))


@pytest.mark.parametrize("cells", [
    ["A1", "A2", "B1", "B7", "C12"],  # ids
    [str(n) for n in range(1001, 1021)] + ["X-17", "Y-22", "Z-3", "W-9"],  # codes, most of digits alone
    ["Alice", "Bob", "42", "Carol", "7", "Dave"],  # names with a few numbers
    ["02134", "10001", "30301", "60601", "94105", "98101", "33101", "X"],  # postcodes (leading zeros) and a stray word
    [str(n) for n in range(12340, 12357)] + ["23456-1111", "56789-2222", "89012-0001", "12345-6789"],  # ZIP+4
    ["North", "South", "1,5"],
    ["2024-01-01", "2024-01-02", "a", "b", "c", "d", "e"],
])
def test_a_column_of_text_is_not_pointed_out(client, cells):
    assert mostly_values(cells, "code") is None
    body = created(client, "plain", "n,code\n" + "".join(f'{n},"{cell}"\n' for n, cell in enumerate(cells)))
    assert types(body)["code"] == "text" and body["warnings"] == []


@pytest.mark.parametrize(("value", "hint"), [
    ("1.5k", f"write the number in full, taking k for a thousand: 1500, {POINT}"),
    ("2K", f"write the number in full, taking K for a thousand: 2000, {POINT}"),
    ("$2.5M", f"write the number in full, taking M for a million: 2500000, {POINT} (a column's name can say its "
              "currency, which its charts then write beside each value: 'amount ($)')"),
    ("3 bn", f"write the number in full, taking bn for a billion: 3000000000, {POINT}"),
    ("1,234k", f"write the number in full, taking k for a thousand: 1234000 or 1234 (whichever is meant), {POINT}"),
    ("\u22121.5k", f"write a minus as '-' and the number in full, taking k for a thousand: -1500, {POINT}"),
    ("12 kg", f"write numbers with a point: 12, {POINT} (a column's name can say its unit)"),
])
def test_k_m_and_b_after_a_number_are_written_out_not_dropped_as_a_unit(value, hint):
    assert form_hint(value) == hint


def test_a_column_of_thousands_as_k_warns_to_write_them_in_full(client):
    body = created(client, "followers", "n,followers\n1,1.5k\n2,20k\n3,999\n")
    [warning] = body["warnings"]
    assert warning["hint"] == f"write the number in full, taking k for a thousand: 1500, {POINT}"


@pytest.mark.parametrize(("cells", "hint"), [
    (["٣", "٤٥", "١٢"], "write digits 0–9: 3"),  # Arabic-Indic digits
    (["１２", "３", "４５"], "write digits 0–9: 12"),  # full-width digits
    (["١٬٢٣٤", "٥٦"], f"write digits 0–9 and numbers with a point: 1234, {POINT}"),
    (["1,23,456", "2,34,567", "1,00,000"], f"write numbers with a point: 123456, {POINT}"),  # India's grouping
    (["₹1,23,456", "₹99"], f"write numbers with a point: 123456, {POINT} (a column's name can say its currency, "
                            "which its charts then write beside each value: 'amount (₹)')"),
    (["1٬234", "2٬345", "4"], f"write numbers with a point: 1234, {POINT}"),  # the Arabic thousands separator
])
def test_numbers_of_other_digits_or_groupings_warn_how_to_write_them(client, cells, hint):
    body = created(client, "other", "n,v\n" + "".join(f'{n},"{cell}"\n' for n, cell in enumerate(cells)))
    assert types(body)["v"] == "text"
    [warning] = body["warnings"]
    assert (warning["row"], warning["value"], warning["hint"]) == (1, cells[0], hint)


@pytest.mark.parametrize(("cells", "hint"), [
    (["١٫٥", "٢٫٢٥", "٣"], "write digits 0–9 and a decimal point '.', not '٫': 1.5"),  # the Arabic decimal separator
    (["1٫5", "2٫25", "3"], "write a decimal point '.', not '٫': 1.5"),
    (["１．５", "２．２５", "３"], "write digits 0–9 and a decimal point '.', not '．': 1.5"),  # the full-width full stop
    (["１，５", "２，２５", "３"], f"write digits 0–9 and numbers with a point: 1.5, {POINT}"),  # the full-width comma
    (["١٬٢٣٤٫٥", "٥٦"], f"write digits 0–9 and numbers with a point: 1234.5, {POINT}"),
])
def test_numbers_with_separators_of_other_scripts_warn_how_to_write_them(client, cells, hint):
    body = created(client, "other", "n,v\n" + "".join(f'{n},"{cell}"\n' for n, cell in enumerate(cells)))
    assert types(body)["v"] == "text"
    [warning] = body["warnings"]
    assert (warning["row"], warning["value"], warning["hint"]) == (1, cells[0], hint)
    created(client, "levels", "n,v\n1,1.5\n")
    response = client.post("/api/datasets/levels/rows", data=f'n,v\n2,"{cells[0]}"\n', headers=CSV_WRITE)
    assert response.get_json()["error"] == f"row 1, column 'v' (line 2): expected a number, got '{cells[0]}' ({hint})"


def test_an_append_of_arabic_indic_digits_to_a_number_column_says_how_to_write_them(client):
    created(client, "levels", "n,v\n1,1.5\n")
    response = client.post("/api/datasets/levels/rows", data="n,v\n2,٤٥\n", headers=CSV_WRITE)
    assert response.get_json()["error"] == "row 1, column 'v' (line 2): expected a number, got '٤٥' (write digits 0–9: 45)"


def test_names_in_arabic_and_codes_of_other_digits_stay_text_without_a_warning(client):
    body = created(client, "names", "n,name,seat\n1,محمد,٣A\n2,علي,١٢B\n3,سارة,٤C\n")
    assert types(body) == {"n": "integer", "name": "text", "seat": "text"} and body["warnings"] == []


def test_hexadecimal_and_underscored_cells_count_as_no_numbers_where_a_column_is_weighed(client):
    # Two in six: the four numbers are under MOSTLY of the cells, so the column is text without a word.
    body = created(client, "coded", "n,value\n1,1\n2,2\n3,0x1F\n4,4\n5,1_000\n6,6\n")
    assert types(body) == {"n": "integer", "value": "text"}
    assert body.get("warnings", []) == []
