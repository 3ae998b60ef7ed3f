"""The append form's refusals of pasted rows read as sentences: their subject, the pasted text, is one."""
from __future__ import annotations

import html
import io
import re

import pytest

from tests.conftest import WRITE_TOKEN, csrf_at, writable_app


@pytest.fixture
def app(data_dir):
    return writable_app(data_dir)


def pasted(client, name: str, rows: str):
    url = f"/datasets/{name}/append"
    return client.post(url, data={"csrf_token": csrf_at(client, url), "token": WRITE_TOKEN, "rows": rows})


def test_pasted_rows_beginning_with_two_byte_order_marks_are_refused_in_one_sentence(client):
    response = pasted(client, "animals", "\ufeff\ufeffyear,Bear\n2030,1\n")
    assert response.status_code == 400
    page = html.unescape(response.get_data(as_text=True))
    assert "Nothing was added: the pasted text begins with the byte-order mark U+FEFF twice" in page


@pytest.mark.parametrize(("rows", "words"), [
    ("year\tBear\tDeer\tWolf\n2030\t1\t2\t3\t\n", "row 1 (line 2) has 5 values; the header has 4 columns: year, Bear, "
     "Deer, Wolf; its line ends in a tab, read as one more value, empty: remove it (from the other lines too, if "
     "they end in one)"),
    ("year\tBear\tDeer\tWolf\t\n2030\t1\t2\t3\t\n", "the header line ends in a tab: remove it")])
def test_cells_copied_from_a_spreadsheet_whose_lines_end_in_a_tab_are_told_so_not_of_a_comma(client, rows, words):
    # Read with tabs between values, they were refused as the CSV they stand for, whose lines end in a comma.
    response = pasted(client, "animals", rows)
    assert response.status_code == 400
    page = html.unescape(response.get_data(as_text=True))
    assert words in page
    assert "comma" not in re.search(r"Nothing was added: [^<]*", page)[0]


@pytest.mark.parametrize(("rows", "words"), [
    ('year\tBear\tDeer\tWolf\n2030\t1\t2\t"3\n', "the quoted value that begins on line 2 of the pasted text is never closed"),
    ('year\tBear\tDeer\tWolf\n"2030\t1\t2\t3\n2031\t1\t2\t3\n', "the quoted value that begins on line 2 of the pasted text"),
    ('year\tBear\tDeer\tWolf\n2030\t1\t2\t"3"x\n', "line 2 of the pasted text has characters after the quote that ends a "
     "quoted value: a quoted value must end at its closing quote, followed by a tab or the end of the line")])
def test_cells_copied_from_a_spreadsheet_with_a_quote_amiss_are_told_of_the_quote(client, rows, words):
    # Read as CSV instead, they were told that the text separates values with tabs, which pasted cells may.
    response = pasted(client, "animals", rows)
    assert response.status_code == 400
    refusal = re.search(r"Nothing was added: [^<]*", html.unescape(response.get_data(as_text=True)))[0]
    assert words in refusal and "tabs" not in refusal


@pytest.mark.parametrize(("rows", "words", "not_words"), [
    # Cells pasted under a CSV header the user wrote ending in a comma: the header was not read with tabs.
    ("year,Bear,Deer,Wolf,\n2030\t1\t2\t3\t\n", "the header line ends in a comma: remove it", "ends in a tab"),
    ("year\tBear\tDeer\tWolf\t\t\n2030\t1\t2\t3\t\t\n", "the header line ends in 2 tabs: remove them", "comma"),
])
def test_the_header_line_is_told_of_what_it_ends_in_as_pasted(client, rows, words, not_words):
    response = pasted(client, "animals", rows)
    assert response.status_code == 400
    refusal = re.search(r"Nothing was added: [^<]*", html.unescape(response.get_data(as_text=True)))[0]
    assert words in refusal and not_words not in refusal


def test_a_value_quoted_in_a_refusal_of_cells_pasted_with_tabs_stays_as_pasted(client):
    # A cell's words that a refusal's own would say of the tabs a line ends in are the cell's, left as they are.
    response = pasted(client, "animals", "year\tBear\tDeer\tWolf\n2030\tits line ends in a comma\t2\t3\n")
    refusal = re.search(r"Nothing was added: [^<]*", html.unescape(response.get_data(as_text=True)))[0]
    assert refusal == ("Nothing was added: row 1, column 'Bear' (line 2): expected an integer, got 'its line ends in "
                       "a comma'")


JSON_ROWS = '[{"year": 2030, "Bear": 1, "Deer": 2, "Wolf": 3}]'
FORM_TAKES_CSV = ("looks like JSON: this form adds rows from CSV only, a header line naming the columns, then one line "
                  "per row; rows as JSON are appended by POST /api/datasets/animals/rows, sent with Content-Type: "
                  "application/json")


@pytest.mark.parametrize(("rows", "file", "what"), [
    (JSON_ROWS, None, "the pasted text"),
    ('[{"year":2030,"Bear":1,"Deer":2,"Wolf":3}]', None, "the pasted text"),
    ("year,Bear,Deer,Wolf\n", (JSON_ROWS.encode(), "rows.json"), "the file")])
def test_json_rows_sent_to_the_append_form_are_told_it_takes_csv_and_where_json_goes(client, rows, file, what):
    # As the API's append of JSON sent as text/csv is told the Content-Type to send it with.
    form = client.get("/datasets/animals/append").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', form)[1]
    data = {"csrf_token": csrf, "token": WRITE_TOKEN, "rows": rows}
    if file is not None:
        data["file"] = (io.BytesIO(file[0]), file[1])
    response = client.post("/datasets/animals/append", data=data, content_type="multipart/form-data")
    assert response.status_code == 400
    refusal = re.search(r"Nothing was added: [^<]*", html.unescape(response.get_data(as_text=True)))[0]
    assert refusal.endswith(f"; {what} {FORM_TAKES_CSV}"), refusal


@pytest.mark.parametrize("rows", ["2030,1,2,3\n2031,4,5,6\n", "2030\t1\t2\t3\n"])
def test_pasted_rows_without_their_header_line_are_told_to_begin_with_it(client, rows):
    response = pasted(client, "animals", rows)
    assert response.status_code == 400
    page = html.unescape(response.get_data(as_text=True))
    assert ("; the first line names none of them: is it a row? Begin with the header line, year,Bear,Deer,Wolf, "
            "then the rows") in page


def test_an_api_append_without_its_header_line_is_told_to_begin_with_it(client):
    response = client.post("/api/datasets/animals/rows", data="2030,1,2,3\n",
                           headers={"Authorization": f"Bearer {WRITE_TOKEN}", "Content-Type": "text/csv"})
    assert response.status_code == 400
    assert response.get_json()["error"].endswith(
        "; the first line names none of them: is it a row? Begin with the header line, year,Bear,Deer,Wolf, then the rows")


def test_a_header_naming_some_columns_is_not_told_it_may_be_a_row(client):
    response = client.post("/api/datasets/animals/rows", data="year,Bear,Dear,Wolf\n2030,1,2,3\n",
                           headers={"Authorization": f"Bearer {WRITE_TOKEN}", "Content-Type": "text/csv"})
    assert response.status_code == 400
    assert "is it a row?" not in response.get_json()["error"]


def test_a_row_with_a_decimal_comma_pasted_over_the_header_is_asked_whether_it_is_a_row(client):
    # A spreadsheet in a language of decimal commas copies 1,5 so; read as CSV, the line's names held tabs.
    response = pasted(client, "animals", "2030\t1,5\t2\t3\n")
    assert response.status_code == 400
    refusal = re.search(r"Nothing was added: [^<]*", html.unescape(response.get_data(as_text=True)))[0]
    assert "the first line names none of them: is it a row? Begin with the header line, year,Bear,Deer,Wolf" in refusal
    assert "control character" not in refusal


def test_cells_copied_with_their_header_are_read_with_tabs_where_a_name_holds_a_comma(client):
    created = client.post("/api/datasets?name=net", data='"Revenue, net",Units\n5,6\n',
                          headers={"Authorization": f"Bearer {WRITE_TOKEN}", "Content-Type": "text/csv"})
    assert created.status_code == 201
    assert pasted(client, "net", "Revenue, net\tUnits\n7\t8\n").status_code == 303
    assert client.get("/datasets/net.json").get_json()["rows"] == [[5, 6], [7, 8]]


def test_a_header_naming_the_columns_in_other_letter_case_is_told_so(client):
    # A header a spreadsheet wrote in lower case names the columns, not a row: it is told which are which.
    response = client.post("/api/datasets/animals/rows", data="YEAR,bear,Deer,wolf\n2030,1,2,3\n",
                           headers={"Authorization": f"Bearer {WRITE_TOKEN}", "Content-Type": "text/csv"})
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert "is it a row?" not in error
    assert error.endswith("; 'YEAR', 'bear' and 'wolf' are the dataset's 'year', 'Bear' and 'Wolf' written in other "
                          "letter case: write the names as the dataset does"), error


def test_a_name_in_other_letter_case_beside_one_unknown_is_not_told_so(client):
    response = client.post("/api/datasets/animals/rows", data="year,bear,Deer,Fox\n2030,1,2,3\n",
                           headers={"Authorization": f"Bearer {WRITE_TOKEN}", "Content-Type": "text/csv"})
    assert response.status_code == 400
    assert "letter case" not in response.get_json()["error"]
