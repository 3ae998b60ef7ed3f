"""Refusals of the CSVs real exports write (a spreadsheet's, pandas', R's, a report's) say how to
write them: a number or date written another way, a second export's fractions or blanks in a
column typed integer from the first, cells copied from a spreadsheet into the append form, a title
line above the header, an index column, a comma at the end of every line, too many columns; and
quote cells as they are written."""
from __future__ import annotations

import html
import io
import json
import re

import pytest

from plots.text import quoted, quoted_name
from tests.conftest import CSV_WRITE, JSON_WRITE, WRITE_TOKEN, csrf_at, rows_of, writable_app


@pytest.fixture
def app(data_dir):
    return writable_app(data_dir)


def created(client, name: str, body: str) -> dict:
    response = client.post(f"/api/datasets?name={name}", data=body, headers=CSV_WRITE)
    assert response.status_code == 201, response.get_json()
    return response.get_json()["dataset"]


def refused_create(client, body: str) -> str:
    response = client.post("/api/datasets?name=refused", data=body, headers=CSV_WRITE)
    assert response.status_code == 400, response.get_json()
    return response.get_json()["error"]


def refused_append(client, name: str, body: str, headers=CSV_WRITE) -> str:
    response = client.post(f"/api/datasets/{name}/rows", data=body, headers=headers)
    assert response.status_code == 400, response.get_json()
    return response.get_json()["error"]


def pasted(client, name: str, rows: str):
    """The append form sent with `rows` pasted: its answer."""
    return client.post(f"/datasets/{name}/append", data={
        "csrf_token": csrf_at(client, f"/datasets/{name}/append"), "token": WRITE_TOKEN, "rows": rows})


def form_error(response) -> str:
    """The message of the append form shown again, refused."""
    assert response.status_code == 400, response.get_data(as_text=True)[:500]
    found = re.search(r'<p class="error" role="alert"[^>]*>Nothing was added: (.*?)</p>', response.get_data(as_text=True),
                      re.S)
    return html.unescape(found[1])


NUMBER_HINT = "(write numbers with a point: 1.5, no thousands separators, units or currency signs)"


def test_an_append_of_a_decimal_comma_into_a_float_column_says_how_to_write_it_as_a_create_does(client):
    created(client, "prices", "day,price\n2024-01-01,1.5\n")
    assert refused_append(client, "prices", 'day,price\n2024-01-02,"1,5"\n') == (
        f"row 1, column 'price' (line 2): expected a number, got '1,5' {NUMBER_HINT}")
    assert "(write numbers with a point: 15, no thousands separators, units or currency signs" in (
        refused_append(client, "prices", "day,price\n2024-01-02,$15\n"))


def test_the_append_forms_pasted_rows_say_how_to_write_a_decimal_comma(client):
    created(client, "prices", "day,price\n2024-01-01,1.5\n")
    error = form_error(pasted(client, "prices", 'day,price\r\n2024-01-02,"1,5"\r\n'))
    assert error == f"row 1, column 'price' (line 2): expected a number, got '1,5' {NUMBER_HINT}"


def test_an_append_of_a_date_in_another_order_says_how_to_write_that_date(client):
    created(client, "days", "day,n\n2024-01-01,1.5\n")
    assert refused_append(client, "days", "day,n\n31.01.2024,2\n").endswith(
        "got '31.01.2024' (write dates as YYYY-MM-DD: 2024-01-31)")
    rows = json.dumps([{"day": "31.01.2024", "n": 2}])
    assert refused_append(client, "days", rows, JSON_WRITE).endswith(
        "got '31.01.2024' (write dates as YYYY-MM-DD: 2024-01-31)")


def test_an_append_of_thousands_into_an_integer_column_gives_both_readings(client):
    created(client, "counts", "day,n\n2024-01-01,12\n")
    assert refused_append(client, "counts", 'day,n\n2024-01-02,"1,234"\n').endswith(
        "expected an integer, got '1,234' (write numbers with a point: 1234 or 1.234 (whichever is meant), no "
        "thousands separators, units or currency signs)")


FIXED = ("column 'n' is integer, its type fixed from the rows the dataset was created with: for fractions or "
         "empty values it must be float, so create the dataset again from all its rows, those stored and these "
         "together (DELETE /api/datasets/counts with a write token removes this one)")


@pytest.mark.parametrize("cell, refusal", [
    ("12.5", "expected an integer, got '12.5'"),
    ("", "expected an integer; an integer column cannot have empty values"),
    ("NA", "expected an integer, got 'NA', a word for a missing value; an integer column cannot have empty values"),
    ("1e30", "expected an integer between -9223372036854775808 and 9223372036854775807, got '1e30'"),
    ("NaN", "expected an integer, got 'NaN'; NaN and Infinity are not allowed; leave the value empty (CSV) or null "
            "(JSON) when it is missing, and an integer column cannot have empty values"),
], ids=["fraction", "blank", "NA", "beyond 64 bits", "NaN"])
def test_a_second_exports_fraction_or_blank_in_a_column_typed_integer_says_the_type_is_fixed_and_the_way_out(
        client, cell, refusal):
    created(client, "counts", "day,n\n2024-01-01,12\n")
    assert refused_append(client, "counts", f"day,n\n2024-01-02,{cell}\n") == (
        f"row 1, column 'n' (line 2): {refusal}; {FIXED}")


@pytest.mark.parametrize("value, refusal", [
    (12.5, "expected an integer, got 12.5"),
    (None, "expected an integer; an integer column cannot be null"),
], ids=["fraction", "null"])
def test_a_json_fraction_or_null_in_a_column_typed_integer_says_the_type_is_fixed_and_the_way_out(
        client, value, refusal):
    created(client, "counts", "day,n\n2024-01-01,12\n")
    rows = json.dumps([{"day": "2024-01-02", "n": value}])
    assert refused_append(client, "counts", rows, JSON_WRITE) == f"row 1, column 'n': {refusal}; {FIXED}"


def test_the_way_out_of_a_column_typed_integer_works(client):
    created(client, "counts", "day,n\n2024-01-01,12\n")
    assert "DELETE /api/datasets/counts" in refused_append(client, "counts", "day,n\n2024-01-02,12.5\n")
    headers = {"Authorization": CSV_WRITE["Authorization"]}
    assert client.delete("/api/datasets/counts", headers=headers).status_code == 200
    again = created(client, "counts", "day,n\n2024-01-01,12\n2024-01-02,12.5\n")
    assert again["columns"][1] == {"name": "n", "type": "float"}


@pytest.mark.parametrize("cell", ["twelve", "1e400", "1e-400"])
def test_what_a_float_column_refuses_too_is_not_told_to_make_the_column_float(client, cell):
    created(client, "counts", "day,n\n2024-01-01,12\n")
    assert "float" not in refused_append(client, "counts", f"day,n\n2024-01-02,{cell}\n")
    rows = f'[{{"day": "2024-01-02", "n": {json.dumps(cell) if cell == "twelve" else cell}}}]'
    assert "float" not in refused_append(client, "counts", rows, JSON_WRITE)


def test_cells_copied_from_a_spreadsheet_pasted_under_the_forms_header_line_are_appended(client):
    created(client, "sheet", "day,n,note\n2024-01-01,1.5,a\n")
    # As Excel and Google Sheets put cells on the clipboard: tabs between them, CRLF, a cell holding
    # a tab, a line break or quotes in quotes (those written twice), a blank line left over.
    response = pasted(client, "sheet", 'day,n,note\r\n2024-01-02\t2.5\t"say ""hi"""\r\n'
                                       '2024-01-03\t3\t"two\r\nlines"\r\n2024-01-04\t4\t"a\tb"\r\n\t\t\r\n')
    assert response.status_code == 303, form_error(response)
    assert rows_of(client, "sheet")[1:] == [["2024-01-02", 2.5, 'say "hi"'], ["2024-01-03", 3.0, "two\nlines"],
                                           ["2024-01-04", 4.0, "a\tb"]]


def test_cells_copied_with_their_header_row_are_appended_whatever_commas_their_text_holds(client):
    created(client, "sheet", "name,n\nAnn,1\n")
    response = pasted(client, "sheet", "name\tn\r\nSmith, John\t2\r\n")
    assert response.status_code == 303, form_error(response)
    assert rows_of(client, "sheet") == [["Ann", 1], ["Smith, John", 2]]


def test_cells_copied_with_decimal_commas_under_the_forms_header_line_are_read_and_refused_for_them(client):
    created(client, "prices", "day,price,note\n2024-01-01,1.5,a\n")
    error = form_error(pasted(client, "prices", "day,price,note\r\n2024-01-02\t2\tb\r\n2024-01-03\t1,5\tc\r\n"))
    assert error == f"row 2, column 'price' (line 3): expected a number, got '1,5' {NUMBER_HINT}"


@pytest.mark.parametrize("header, rows, column", [
    ("day,price", "2024-01-02\t1,5", "price"),
    ("day,price,cost", "2024-01-02\t1,5\t2,5", "price"),
], ids=["two columns", "three columns"])
def test_cells_copied_with_decimal_commas_that_commas_would_split_to_the_headers_count_are_read_with_tabs(
        client, header, rows, column):
    # Read with commas, `2024-01-02<TAB>1,5` is two values too, the first holding a tab: not one a CSV meant.
    created(client, "prices", f"{header}\n2024-01-01{',1.5' * header.count(',')}\n")
    error = form_error(pasted(client, "prices", f"{header}\r\n{rows}\r\n"))
    assert error == f"row 1, column '{column}' (line 2): expected a number, got '1,5' {NUMBER_HINT}"


def test_pasted_rows_holding_commas_and_tabs_under_a_csv_header_are_read_as_csv(client):
    created(client, "notes", "note,n\nfirst,1\n")
    response = pasted(client, "notes", 'note,n\r\n"a\tb",2\r\n')
    assert response.status_code == 303, form_error(response)
    assert rows_of(client, "notes")[1] == ["a\tb", 2]


@pytest.mark.parametrize("created_rows, row, appended", [
    ("note,n\nfirst,1\n", "a\tb,2", ["a\tb", 2]),
    ("day,note\n2024-01-01,first\n", "2024-01-02,a\tb", ["2024-01-02", "a\tb"]),
    ("name,n\nAnn,1\n", "Smith, John\t2", ["Smith, John", 2]),
], ids=["a number after commas", "a date before commas", "a name holding a comma before a tab"])
def test_pasted_rows_that_tabs_and_commas_both_split_to_the_headers_count_are_read_as_the_column_types_take_them(
        client, created_rows, row, appended):
    created(client, "notes", created_rows)
    response = pasted(client, "notes", f"{created_rows.splitlines()[0]}\r\n{row}\r\n")
    assert response.status_code == 303, form_error(response)
    assert rows_of(client, "notes")[1] == appended


def test_pasted_rows_that_tabs_and_commas_both_split_to_values_the_columns_take_are_read_with_tabs(client):
    created(client, "notes", "note,other\nfirst,second\n")
    response = pasted(client, "notes", "note,other\r\na\tb,c\r\n")
    assert response.status_code == 303, form_error(response)
    assert rows_of(client, "notes")[1] == ["a", "b,c"]


def test_a_pasted_tab_in_a_one_column_datasets_text_is_the_texts(client):
    created(client, "notes", "note\nfirst\n")
    response = pasted(client, "notes", "note\r\na\tb\r\n")
    assert response.status_code == 303, form_error(response)
    assert rows_of(client, "notes")[1] == ["a\tb"]


def test_a_file_or_a_body_separated_by_tabs_is_still_refused_saying_so(client):
    created(client, "sheet", "day,n\n2024-01-01,1.5\n")
    assert "separates values with tabs" in refused_append(client, "sheet", "day\tn\n2024-01-02\t2\n")
    response = client.post("/datasets/sheet/append", data={
        "csrf_token": csrf_at(client, "/datasets/sheet/append"), "token": WRITE_TOKEN, "rows": "day,n\n",
        "file": (io.BytesIO(b"day\tn\n2024-01-02\t2\n"), "sheet.tsv")},
        content_type="multipart/form-data")
    assert "the file separates values with tabs" in form_error(response)


@pytest.mark.parametrize("body, separated_by", [
    ('"date";"v"\r\n"2024-01-01";"1,5"\r\n', "semicolons"),  # LibreOffice's and Excel's export in many languages
    ('"date"\t"v"\r\n"2024-01-01"\t"1,5"\r\n', "tabs"),
    ('date;v\r\n"2024-01-01";"1,5"\r\n', "semicolons"),
], ids=["quoted, semicolons", "quoted, tabs", "values quoted"])
def test_a_file_of_quoted_values_separated_by_semicolons_or_tabs_is_refused_for_its_separator(
        client, body, separated_by):
    said = f"the file separates values with {separated_by}; save it as CSV with commas between values"
    # Excel in a language of decimal commas saves no CSV of commas: a CSV of semicolons is offered its workbook.
    workbook = ", or use the workbook (.xlsx) itself, which the site reads as it is"
    said += workbook if separated_by == "semicolons" else ""
    assert said in refused_create(client, body)
    assert (workbook in refused_create(client, body)) == (separated_by == "semicolons")
    created(client, "days", "date,v\n2024-01-01,1.5\n")
    assert said in refused_append(client, "days", body)
    assert rows_of(client, "days") == [["2024-01-01", 1.5]]


def test_a_title_line_of_commas_above_the_header_is_named_as_the_header_with_what_to_do(client):
    assert refused_create(client, "Report: sales 2024,,\nday,n,m\n2024-01-01,1,2\n") == (
        "columns 2 and 3 of the header each has no name, and every column needs one; the first line is read as "
        "the header: if 'Report: sales 2024' is a title, remove it and any other lines above the header")


def test_a_title_line_without_commas_above_the_header_is_named_as_the_header_with_what_to_do(client):
    assert refused_create(client, "Sales report 2024\nday,n\n2024-01-01,1\n") == (
        "row 1 (line 2) has 2 values; the header has 1 column: Sales report 2024; the first line is read as the "
        "header: if 'Sales report 2024' is a title, remove it and any other lines above the header")


def test_decimal_commas_in_a_one_column_csv_are_told_how_to_write_them_not_to_remove_a_title(client):
    assert refused_create(client, "temperature\n1,5\n2,25\n3\n") == (
        "row 1 (line 2) has 2 values; the header has 1 column: temperature; '1,5' is one number, read as 2 values "
        f"split at its comma: {NUMBER_HINT[1:-1]}")
    created(client, "levels", "v\n1.5\n")
    assert form_error(pasted(client, "levels", "v\r\n2\r\n1,5\r\n")) == (
        "row 2 (line 3) has 2 values; the header has 1 column: v; '1,5' is one number, read as 2 values split at its "
        f"comma: {NUMBER_HINT[1:-1]}")
    assert rows_of(client, "levels") == [[1.5]]


@pytest.mark.parametrize("header", [",day,n", '"","day","n"'], ids=["pandas to_csv", "R write.csv"])
def test_an_index_column_without_a_name_says_how_pandas_and_r_leave_it_out(client, header):
    assert refused_create(client, f"{header}\n1,2024-01-01,1\n") == (
        "column 1 of the header, '', has no name, and every column needs one; a file pandas' to_csv writes with "
        "its index, or R's write.csv with its row names, begins so: write it with index=False (pandas) or "
        "row.names=FALSE (R), or give the column a name")


def test_a_comma_at_the_end_of_the_header_line_is_named(client):
    said = ("column 3 of the header, '', has no name, and every column needs one; the header line ends in a comma: "
            "remove it (from the lines under it too, if they end in one), or name the column")
    assert refused_create(client, "day,n,\n2024-01-01,1,\n2024-01-02,2,\n") == said
    assert refused_create(client, "day,n,\n2024-01-01,1\n") == said
    created(client, "counts", "day,n\n2024-01-01,1\n")
    assert refused_append(client, "counts", "day,n,,\n2024-01-02,2,,\n").endswith(
        "the header line ends in 2 commas: remove them (from the lines under it too, if they end in them), or name "
        "the columns")


def test_too_many_columns_name_the_setting_that_allows_them(client):
    header = ",".join(f"c{i}" for i in range(51))
    assert refused_create(client, f"{header}\n{','.join('1' * 51)}\n") == (
        "the CSV has 51 columns; at most 50 are allowed (the site's UPLOAD_LIMITS setting)")


def test_a_cell_is_quoted_as_a_column_s_name_is_its_backslash_doubled(client):
    created(client, "prices", "day,price\n2024-01-01,1.5\n")
    refused = refused_append(client, "prices", "day,price\n2024-01-02,\\N\n")
    assert r"expected a number, got '\\N' (" in refused
    assert quoted("a\\b") == r"'a\\b'" == quoted_name("a\\b") and quoted("C:\\new") == r"'C:\\new'"


def test_a_quoted_cell_shows_what_does_not_print_escaped():
    assert quoted("a\tb\nc\r") == r"'a\tb\nc\r'"
    assert quoted("x\u200by\u202ez\x00") == r"'x\u200by\u202ez\x00'"
    assert quoted("it's") == '"it\'s"'
