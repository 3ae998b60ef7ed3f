"""What the site says of real exports (a spreadsheet's, pandas', R's, psql's): a range on a column of
dates that a totals row or a `\\N` made text names those cells; the OpenAPI document describes the
create's warnings as they are; codes beside a number (`1A`, `3rd`) are no unit; a too long line names
the setting; the append form says pasted spreadsheet cells are read; a bare NaN sent to an integer
column is told what a blank is; a value holding both quotes reads one way."""
from __future__ import annotations

import ast
import html
import json
import re

import jsonschema  # comes with openapi-spec-validator (tests/requirements.txt)
import pytest

from app.store.upload_limits import UploadLimits
from app.store.written_forms import form_hint, mostly_values
from app.views.openapi_warnings import WARNINGS_EXAMPLE_CSV
from plots.text import quoted
from tests.conftest import CSV_WRITE, JSON_WRITE, WRITE_TOKEN, csrf_at, refusal, rows_of, writable_app

FIXED = ("a column's type is fixed when the dataset is created: fix the file and create the dataset again before "
         "appending rows to it (DELETE /api/datasets/{name} with a write token removes this one)")


@pytest.fixture
def client(data_dir):
    return writable_app(data_dir).test_client()


def created(client, name: str, body: str) -> dict:
    response = client.post(f"/api/datasets?name={name}", data=body, headers=CSV_WRITE)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def days(count: int) -> list[str]:
    return [f"2024-01-{day:02d}" for day in range(1, count + 1)]


@pytest.mark.parametrize(("odd", "words"), [
    ("Total", "row 6 holds 'Total' (a totals row: remove it, a chart adds rows up itself with agg=sum)"),
    ("\\N", "row 6 holds '\\\\N' (leave the cell empty for a missing value)"),
    ("#VALUE!", "row 6 holds '#VALUE!' (a spreadsheet's error, not a value: mend its formula, or leave the cell "
                "empty for a missing value)"),
], ids=["totals row", "psql NULL", "spreadsheet error"])
def test_a_range_on_dates_a_word_made_text_names_that_cell_as_the_create_warns_of_it(client, odd, words):
    body = created(client, "daily", "day,value\n" + "".join(f"{day},{n}\n" for n, day in enumerate([*days(5), odd])))
    [warning] = body["warnings"]
    said = (f"from needs a date column to choose the rows by, and dataset 'daily' has no date column; the columns "
            f"are day (text), value (integer); column 'day' is text, though most of its values are numbers or dates: "
            f"{words}; {FIXED.format(name='daily')}")
    assert refusal(client, "/plot/daily.json?y=value&from=2024-01-02") == said
    assert said.endswith(warning["message"])


def test_a_range_names_each_problem_of_a_date_column_not_only_its_dates_written_another_way(client):
    cells = [*days(4), "\\N", "31.01.2024", "Total"]
    created(client, "daily", "day,value\n" + "".join(f"{day},{n}\n" for n, day in enumerate(cells)))
    assert refusal(client, "/plot/daily.json?y=value&to=now").endswith(
        "column 'day' is text, though most of its values are numbers or dates: row 5 holds '\\\\N' (leave the cell "
        "empty for a missing value); row 6 holds '31.01.2024' (write dates as YYYY-MM-DD: 2024-01-31); row 7 holds "
        f"'Total' (a totals row: remove it, a chart adds rows up itself with agg=sum); {FIXED.format(name='daily')}")


def test_a_range_on_a_column_mostly_of_numbers_says_to_leave_the_range_out(client):
    created(client, "amounts", 'n,price\n1,1\n2,"2,5"\n3,3\n')
    assert refusal(client, "/plot/amounts.json?y=n&from=2024-01-01").endswith(
        "leave from out to draw every row; to bound x 'n', a number, give xmin and xmax")


def test_a_line_longer_than_allowed_names_the_setting_as_the_other_limits_do(data_dir):
    client = writable_app(data_dir, UPLOAD_LIMITS=UploadLimits(max_line=20)).test_client()
    response = client.post("/api/datasets?name=wide", data="n,note\n1," + "x" * 30 + "\n", headers=CSV_WRITE)
    assert response.status_code == 400
    assert response.get_json()["error"] == (
        "line 2 of the CSV has 32 characters; at most 20 are allowed in one line (the site's UPLOAD_LIMITS setting)")
    created(client, "notes", "n,note\n1,x\n")
    response = client.post("/api/datasets/notes/rows", data=json.dumps([{"n": 2, "note": "y" * 21}]),
                           headers=JSON_WRITE)
    assert response.get_json()["error"] == (
        "row 1, column 'note': the text written as CSV has a line of 21 characters; at most 20 characters are "
        "allowed in one line (the site's UPLOAD_LIMITS setting), as in a CSV upload")


def integer_fixed(column: str, name: str) -> str:
    return (f"column {column!r} is integer, its type fixed from the rows the dataset was created with: for fractions "
            "or empty values it must be float, so create the dataset again from all its rows, those stored and "
            f"these together (DELETE /api/datasets/{name} with a write token removes this one)")


NOT_FINITE = ("NaN and Infinity are not allowed; leave the value empty (CSV) or null (JSON) when it is missing, and "
              "an integer column cannot have empty values")


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_a_bare_json_nan_sent_to_an_integer_column_is_told_what_a_blank_is_told(client, constant):
    created(client, "counts", "day,n\n2024-01-01,12\n")
    rows = f'[{{"day": "2024-01-02", "n": 3}}, {{"day": "2024-01-03", "n": {constant}}}]'
    response = client.post("/api/datasets/counts/rows", data=rows, headers=JSON_WRITE)
    assert response.status_code == 400
    assert response.get_json()["error"] == (
        f"row 2, column 'n': expected an integer, got {constant}; {NOT_FINITE}; {integer_fixed('n', 'counts')}")
    csv_cell = client.post("/api/datasets/counts/rows", data=f"day,n\n2024-01-03,{constant}\n", headers=CSV_WRITE)
    assert csv_cell.get_json()["error"].endswith(f"{NOT_FINITE}; {integer_fixed('n', 'counts')}")


def test_a_bare_json_nan_in_a_float_column_names_its_row_and_column(client):
    created(client, "prices", "day,price\n2024-01-01,1.5\n")
    response = client.post("/api/datasets/prices/rows", data='[{"day": "2024-01-02", "price": NaN}]',
                           headers=JSON_WRITE)
    assert response.get_json()["error"] == (
        "row 1, column 'price': NaN and Infinity are not allowed; leave the value empty (CSV) or null (JSON) when it "
        "is missing")
    assert rows_of(client, "prices") == [["2024-01-01", 1.5]]


@pytest.mark.parametrize(("value", "shown"), [
    ("5'6\"", "'5\\'6\"'"),
    ("say \"hi\" y'all", "'say \"hi\" y\\'all'"),
    ("C:\\it's \"x\"", "'C:\\\\it\\'s \"x\"'"),
    ("'\"\t", "'\\'\"\\t'"),
])
def test_a_value_holding_both_quotes_is_shown_as_python_writes_it(value, shown):
    assert quoted(value) == shown == repr(value)
    assert ast.literal_eval(quoted(value)) == value


def test_a_refused_cell_holding_both_quotes_reads_one_way(client):
    created(client, "heights", "name,height\nAda,1.68\n")
    response = client.post("/api/datasets/heights/rows", data='name,height\nBo,"5\'6"""\n', headers=CSV_WRITE)
    assert response.get_json()["error"] == "row 1, column 'height' (line 2): expected a number, got '5\\'6\"'"


def test_a_value_holding_one_kind_of_quote_doubles_its_backslash_as_python_writes_it():
    assert quoted("it's") == '"it\'s"' and quoted('say "hi"') == "'say \"hi\"'" and quoted("\\N") == "'\\\\N'"


CODES = {
    "seats": ["1A", "1B", "2A", "10A", "12C", "3F"],
    "grades": ["1A", "2B", "3C", "4A", "5B"],
    "versions": ["1A", "2B", "3C"],
    "house numbers": ["12", "12a", "14", "3b", "7"],
    "postcodes": ["1011AB", "1012 CD", "2511BT", "3011 AA"],
    "ordinals": ["1st", "2nd", "3rd", "4th", "21st"],
    "countries": ["DE", "US", "FR", "NL"],
    "boxes": ["A1", "B2", "C3", "A10"],
}


@pytest.mark.parametrize("cells", CODES.values(), ids=CODES.keys())
def test_a_column_of_codes_of_digits_and_letters_is_text_without_a_warning(client, cells):
    # A code ending in B (2B) may be two billion, written so in a report: its column is pointed out only
    # where such cells are most of it.
    unread = [cell for cell in cells if not cell.endswith("B")]
    assert all(form_hint(cell) is None for cell in unread), [form_hint(cell) for cell in unread]
    assert mostly_values(cells, "code") is None
    body = created(client, "coded", "n,code\n" + "".join(f"{n},{cell}\n" for n, cell in enumerate(cells)))
    assert body["dataset"]["columns"][1] == {"name": "code", "type": "text"} and body["warnings"] == []


@pytest.mark.parametrize(("value", "number"), [
    ("12 kg", "12"), ("3.5GB", "3.5"), ("230 kWh", "230"),
    ("5 km/h", "5"), ("20m²", "20"), ("1 234 kr", "1234"), ("90 min", "90"), ("2h", "2"),
])
def test_a_number_with_a_unit_it_knows_says_how_to_write_it(value, number):
    assert form_hint(value) == (f"write numbers with a point: {number}, no thousands separators, units or currency "
                                "signs (a column's name can say its unit)")


@pytest.mark.parametrize(("value", "number", "code"), [("1200 EUR", "1200", "EUR"), ("USD 1,200.50", "1200.50", "USD")])
def test_a_number_with_a_currency_code_says_how_to_write_it_and_the_column_name_its_charts_write_it_from(
        value, number, code):
    assert form_hint(value) == (f"write numbers with a point: {number}, no thousands separators, units or currency "
                                "signs (a column's name can say its currency, which its charts then write beside "
                                f"each value: 'amount ({code})')")


@pytest.mark.parametrize(("value", "hint"), [
    ("1.5k", "write the number in full, taking k for a thousand: 1500"),
    ("2M", "write the number in full, taking M for a million: 2000000"),
    ("3B", "write the number in full, taking B for a billion: 3000000000"),
    ("5%", "write numbers with a point: 5"),
    ("$7", "write numbers with a point: 7"),
])
def test_a_number_with_a_multiplier_percent_or_currency_sign_still_says_how_to_write_it(value, hint):
    assert form_hint(value).startswith(hint)


def test_a_column_of_weights_with_their_unit_is_still_warned_of(client):
    body = created(client, "weights", "n,weight\n1,12 kg\n2,13.5 kg\n3,11 kg\n")
    [warning] = body["warnings"]
    assert (warning["column"], warning["value"], warning["hint"]) == (
        "weight", "12 kg", "write numbers with a point: 12, no thousands separators, units or currency signs (a "
        "column's name can say its unit)")


def test_the_openapi_example_of_a_creates_warnings_is_what_that_create_answers(client):
    document = client.get("/api/openapi.json").get_json()
    created_schema = document["paths"]["/api/datasets"]["post"]["responses"]["201"]["content"]["application/json"]
    warnings = created_schema["schema"]["properties"]["warnings"]
    [example] = warnings["examples"]
    assert created(client, "sales", WARNINGS_EXAMPLE_CSV)["warnings"] == example
    jsonschema.Draft202012Validator(warnings).validate(example)
    assert {warning["hint"] is None for warning in example} == {True, False}


def test_the_openapi_document_describes_each_field_of_a_warning(client):
    document = client.get("/api/openapi.json").get_json()
    created_schema = document["paths"]["/api/datasets"]["post"]["responses"]["201"]["content"]["application/json"]
    warnings = created_schema["schema"]["properties"]["warnings"]
    assert all(field.get("description") for field in warnings["items"]["properties"].values())
    for words in ("totals row", "the header line again", "spreadsheet's error", "leading zeros", "no values"):
        assert words in warnings["description"], words


def test_the_append_form_says_by_its_paste_box_that_cells_copied_from_a_spreadsheet_are_read(client):
    page = html.unescape(client.get("/datasets/animals/append").get_data(as_text=True))
    box = re.search(r'<textarea name="rows"[^>]*>', page)[0]
    hint = re.search(r'aria-describedby="([^"]+)"', box)[1]
    said = re.search(rf'<p [^>]*id="{hint}"[^>]*>([^<]*)</p>', page)[1]
    assert said == ("Cells copied from a spreadsheet (Excel, Google Sheets, LibreOffice) are read too, with the tabs "
                    "between them.")
    pasted = {"csrf_token": csrf_at(client, "/datasets/animals/append"), "token": WRITE_TOKEN,
              "rows": "year,Bear,Deer,Wolf\n2031\t1\t2\t3\n"}
    assert client.post("/datasets/animals/append", data=pasted).status_code == 303
    assert rows_of(client, "animals")[-1] == [2031, 1, 2, 3]
