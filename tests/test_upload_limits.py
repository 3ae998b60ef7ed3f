"""Upload limits: rows, columns and line length are settings, checked before any value is typed."""
from __future__ import annotations

import csv
import json

import pytest

from tests.conftest import CSV_WRITE, JSON_WRITE, names, rows_of, writable_app
from app.store import UploadLimits

CSV, JSON = CSV_WRITE, JSON_WRITE


@pytest.fixture
def app(data_dir):
    return writable_app(data_dir)


def refused(response, status: int = 400) -> str:
    assert response.status_code == status, response.data[:300]
    body = response.get_json()
    assert body["ok"] is False
    return body["error"]


def test_defaults_are_100000_rows_50_columns_and_bounded_lines():
    limits = UploadLimits()
    assert (limits.max_rows, limits.max_columns) == (100_000, 50)
    assert 1000 <= limits.max_line <= 1_000_000


def test_more_rows_than_allowed_is_a_400_naming_the_limit_and_nothing_is_stored(client):
    body = "n\n" + "1\n" * 100_001
    error = refused(client.post("/api/datasets?name=many", data=body, headers=CSV))
    assert "100001 rows" in error and "at most 100000" in error
    assert "many" not in names(client)


def test_exactly_the_allowed_rows_is_accepted(client):
    response = client.post("/api/datasets?name=many", data="n\n" + "1\n" * 100_000, headers=CSV)
    assert response.status_code == 201
    assert response.get_json()["rows_total"] == 100_000


def test_more_columns_than_allowed_is_a_400(client):
    header = ",".join(f"c{i}" for i in range(51))
    error = refused(client.post("/api/datasets?name=wide", data=header + "\n" + ",".join("1" * 51) + "\n", headers=CSV))
    assert "51 columns" in error and "at most 50" in error


def test_one_huge_row_is_refused_by_its_length_before_any_parsing(client):
    huge = "a,b\n" + "1," + "9" * 5_000_000 + "\n"
    error = refused(client.post("/api/datasets?name=huge", data=huge, headers=CSV))
    assert "line 2 of the CSV has 5000002 characters" in error
    assert "huge" not in names(client)


def test_one_huge_row_of_many_cells_is_refused_by_its_length(client):
    huge = "a,b\n" + ",".join(["1"] * 2_000_000) + "\n"
    assert "characters" in refused(client.post("/api/datasets?name=huge", data=huge, headers=CSV))


def test_a_quoted_value_over_many_short_lines_longer_than_a_value_may_be_is_a_400_saying_so(client):
    body = 'note\n"' + ("y" * 99 + "\n") * 1400 + '"\n'
    error = refused(client.post("/api/datasets?name=long", data=body, headers=CSV))
    assert error == ("a quoted value that reaches line 1312 of the CSV has more than 131072 characters; at most "
                     "131072 are allowed in one value")
    assert "long" not in names(client)


def test_appends_are_held_to_the_same_row_limit_as_json_and_csv(data_dir):
    app = writable_app(data_dir, UPLOAD_LIMITS=UploadLimits(max_rows=3))
    client = app.test_client()
    assert client.post("/api/datasets?name=small", data="n\n1\n", headers=CSV).status_code == 201
    rows = [{"n": i} for i in range(4)]
    assert "4 rows" in refused(client.post("/api/datasets/small/rows", data=json.dumps(rows), headers=JSON))
    assert "4 rows" in refused(client.post("/api/datasets/small/rows", data="n\n1\n2\n3\n4\n", headers=CSV))
    assert client.post("/api/datasets/small/rows", data=json.dumps(rows[:3]), headers=JSON).status_code == 200
    assert client.get("/api/datasets/small").get_json()["dataset"]["row_count"] == 4


def small_limits(data_dir, **limits):
    return writable_app(data_dir, UPLOAD_LIMITS=UploadLimits(**limits)).test_client()


def test_a_lone_carriage_return_ends_a_row_for_the_row_limit(data_dir):
    client = small_limits(data_dir, max_rows=3)
    assert "4 rows" in refused(client.post("/api/datasets?name=old", data="n\r1\r2\r3\r4\r", headers=CSV))
    assert "old" not in names(client)


def test_a_file_whose_lines_end_in_carriage_returns_alone_is_read_as_its_rows(client):
    body = "x,y\r" + "".join(f"{i},{i}\r" for i in range(10_000))
    response = client.post("/api/datasets?name=mac", data=body, headers=CSV)
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["rows_total"] == 10_000


def test_a_too_long_line_ending_in_a_carriage_return_is_named_by_its_own_number(data_dir):
    client = small_limits(data_dir, max_line=10)
    error = refused(client.post("/api/datasets?name=long", data="a,b\r1,2\r12345678901\r5,6\r", headers=CSV))
    assert "line 3 of the CSV has 11 characters" in error


def test_line_breaks_inside_quoted_cells_do_not_count_as_rows(data_dir):
    client = small_limits(data_dir, max_rows=2)
    body = 'note,n\n"one\ntwo",1\n"three\r\nfour\rfive",2\n'
    response = client.post("/api/datasets?name=notes", data=body, headers=CSV)
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["rows_total"] == 2
    assert "3 rows" in refused(client.post("/api/datasets/notes/rows", data=body + '"six",3\n', headers=CSV))


def test_blank_lines_do_not_count_as_rows(data_dir):
    client = small_limits(data_dir, max_rows=2)
    response = client.post("/api/datasets?name=gaps", data="n\n1\n\n2\n\n\n", headers=CSV)
    assert response.status_code == 201 and response.get_json()["rows_total"] == 2


def test_lines_of_only_spaces_or_tabs_are_blank_too(data_dir):
    # A pasted text or hand-edited file often ends with such a line; it made an integer column
    # float with a null row, stored a text row ' ', or failed an append on a row no one sees.
    client = small_limits(data_dir, max_rows=2)
    numbers = client.post("/api/datasets?name=numbers", data="v\n1\n \t\n2\n  \n", headers=CSV)
    assert numbers.status_code == 201, numbers.get_json()
    assert numbers.get_json()["dataset"]["columns"] == [{"name": "v", "type": "integer"}]
    assert rows_of(client, "numbers") == [[1], [2]]
    assert client.post("/api/datasets?name=names", data="name\nann\nbob\n \n", headers=CSV).status_code == 201
    assert rows_of(client, "names") == [["ann"], ["bob"]]
    assert client.post("/api/datasets?name=pairs", data="a,b\n1,2\n", headers=CSV).status_code == 201
    appended = client.post("/api/datasets/pairs/rows", data="a,b\n3,4\n   \n\t\n", headers=CSV)
    assert appended.status_code == 200, appended.get_json()
    assert appended.get_json()["rows_added"] == 1 and rows_of(client, "pairs") == [[1, 2], [3, 4]]
    assert "3 rows" in refused(client.post("/api/datasets/numbers/rows", data="v\n3\n  \n4\n5\n \n", headers=CSV))


def test_a_quoted_cell_of_spaces_is_a_value_not_a_blank_line(client):
    # Only a line of spaces is blank; the quotes say the spaces are the value, as in a data-folder file.
    response = client.post("/api/datasets?name=names", data='name\nann\n"  "\nbob\n', headers=CSV)
    assert response.status_code == 201 and response.get_json()["rows_total"] == 3
    assert rows_of(client, "names") == [["ann"], ["  "], ["bob"]]


@pytest.fixture
def notes(client):
    assert client.post("/api/datasets?name=notes", data="day,note\n2024-01-01,hello\n", headers=CSV).status_code == 201


@pytest.mark.parametrize("note", ["bell\u0007", "nul\u0000", "esc\u001b[31m"])
def test_text_values_with_control_characters_are_refused_naming_the_character(client, notes, note):
    rows = json.dumps([{"day": "2024-01-02", "note": note}])
    error = refused(client.post("/api/datasets/notes/rows", data=rows, headers=JSON))
    assert "control character U+00" in error and "'note'" in error
    assert "control character" in refused(client.post("/api/datasets/notes/rows", data=f"day,note\n2024-01-02,{note}\n", headers=CSV))
    assert client.get("/api/datasets/notes").get_json()["dataset"]["row_count"] == 1


def test_tabs_and_line_breaks_in_text_are_kept(client, notes):
    rows = json.dumps([{"day": "2024-01-02", "note": "a\tb\nc"}])
    assert client.post("/api/datasets/notes/rows", data=rows, headers=JSON).status_code == 200


def test_deeply_nested_json_is_a_400_not_a_crash(client, notes):
    assert "nested too deeply" in refused(client.post("/api/datasets/notes/rows", data="[" * 100_000, headers=JSON))


def test_a_json_text_longer_than_a_csv_value_may_be_is_a_400_naming_row_column_and_limit(client):
    assert client.post("/api/datasets?name=jsd", data="a,s\n1,x\n", headers=CSV).status_code == 201
    rows = [{"a": 2, "s": "y"}, {"a": 3, "s": "y" * 3_000_000}]
    error = refused(client.post("/api/datasets/jsd/rows", data=json.dumps(rows), headers=JSON))
    assert error == ("row 2, column 's': the text has 3000000 characters; at most 131072 are allowed in one value, "
                     "as in a CSV upload")
    assert rows_of(client, "jsd") == [[1, "x"]]


def test_a_json_text_with_a_line_longer_than_a_csv_line_may_be_is_a_400(data_dir):
    client = small_limits(data_dir, max_line=20)
    assert client.post("/api/datasets?name=notes", data="n,note\n1,x\n", headers=CSV).status_code == 201
    # Each line of this text fits, and so does the row's first line, once written as CSV with the text quoted.
    fits = [{"n": 2, "note": "y" * 15 + "\n" + "z" * 19}]
    assert client.post("/api/datasets/notes/rows", data=json.dumps(fits), headers=JSON).status_code == 200
    too_long = [{"n": 3, "note": "y" * 21}]
    error = refused(client.post("/api/datasets/notes/rows", data=json.dumps(too_long), headers=JSON))
    assert error == ("row 1, column 'note': the text written as CSV has a line of 21 characters; at most 20 "
                     "characters are allowed in one line (the site's UPLOAD_LIMITS setting), as in a CSV upload")
    # Quotes are doubled in CSV: 10 of them take 22 characters, quoted.
    quotes = [{"n": 4, "note": '"' * 10}]
    assert "a line of 22 characters" in refused(client.post("/api/datasets/notes/rows", data=json.dumps(quotes),
                                                            headers=JSON))
    assert [row[0] for row in rows_of(client, "notes")] == [1, 2]


def test_a_json_row_whose_values_together_make_too_long_a_csv_line_is_a_400_naming_the_row(data_dir):
    client = small_limits(data_dir, max_line=20)
    assert client.post("/api/datasets?name=pair", data="a,b\nx,y\n", headers=CSV).status_code == 201
    error = refused(client.post("/api/datasets/pair/rows", data=json.dumps([{"a": "p" * 10, "b": "q" * 12}]),
                                headers=JSON))
    assert error == ("row 1: its values written as a CSV line have 23 characters; at most 20 characters are allowed "
                     "in one line (the site's UPLOAD_LIMITS setting), as in a CSV upload (its longest value is in "
                     "column 'b')")
    assert rows_of(client, "pair") == [["x", "y"]]


def test_what_a_json_append_stores_can_be_uploaded_again_from_its_csv_export(data_dir):
    client = small_limits(data_dir, max_line=40)
    assert client.post("/api/datasets?name=round", data="n,note\n1,x\n", headers=CSV).status_code == 201
    rows = [{"n": 2, "note": 'say "hi", twice\n' + "z" * 30}]
    assert client.post("/api/datasets/round/rows", data=json.dumps(rows), headers=JSON).status_code == 200
    exported = client.get("/datasets/round.csv").get_data()
    again = client.post("/api/datasets?name=again", data=exported, headers=CSV)
    assert again.status_code == 201, again.get_json()
    assert rows_of(client, "again") == rows_of(client, "round")


# Written as the CSV export writes it, "=" + 17 letters takes 19 characters ('=…) and its row
# "2,'=…" 21, over a line limit of 20; one letter less makes a line of exactly 20.
FORMULA_OVER, FORMULA_FITS = "=" + "a" * 17, "=" + "a" * 16
FORMULA_REFUSAL = ("row 1: its values written as a CSV line have 21 characters; at most 20 characters are allowed "
                   "in one line (the site's UPLOAD_LIMITS setting), as in a CSV upload (its longest value is in "
                   "column 'note')")


def test_a_json_row_is_measured_with_the_quote_the_export_puts_before_a_formula(data_dir):
    client = small_limits(data_dir, max_line=20)
    assert client.post("/api/datasets?name=sums", data="n,note\n1,x\n", headers=CSV).status_code == 201
    error = refused(client.post("/api/datasets/sums/rows", data=json.dumps([{"n": 2, "note": FORMULA_OVER}]),
                                headers=JSON))
    assert error == FORMULA_REFUSAL
    fits = client.post("/api/datasets/sums/rows", data=json.dumps([{"n": 2, "note": FORMULA_FITS}]), headers=JSON)
    assert fits.status_code == 200, fits.get_json()
    exported = client.get("/datasets/sums.csv").get_data(as_text=True)
    assert exported.splitlines()[-1] == "2,'" + FORMULA_FITS
    again = client.post("/api/datasets?name=again", data=exported, headers=CSV)
    assert again.status_code == 201, again.get_json()
    assert rows_of(client, "again") == [[1, "x"], [2, FORMULA_FITS]]  # the export's `'` read back as its own


def test_a_csv_row_is_measured_with_the_quote_the_export_puts_before_a_formula(data_dir):
    client = small_limits(data_dir, max_line=20)
    error = refused(client.post("/api/datasets?name=sums", data="n,note\n2," + FORMULA_OVER + "\n", headers=CSV))
    assert error == FORMULA_REFUSAL
    assert "sums" not in names(client)
    created = client.post("/api/datasets?name=sums", data="n,note\n2," + FORMULA_FITS + "\n", headers=CSV)
    assert created.status_code == 201, created.get_json()
    exported = client.get("/datasets/sums.csv").get_data()
    again = client.post("/api/datasets?name=again", data=exported, headers=CSV)
    assert again.status_code == 201, again.get_json()


def _formula_of(length: int) -> str:
    """A formula's text of `length` characters over three lines, each well within the line limit."""
    third = length // 3
    return "=" + "a" * (third - 2) + "\n" + "b" * (third - 1) + "\n" + "c" * (length - 2 * third)


def test_a_text_at_the_value_limit_is_refused_counting_each_quote_its_export_writes_after_a_semicolon(client):
    # A spreadsheet splitting its lines at `;` would run each `=…` piece as a formula: each gets a `'`.
    longest = csv.field_size_limit()
    text = "x" + ";=1\n" * ((longest - 1) // 4)
    text += "y" * (longest - len(text))
    assert client.post("/api/datasets?name=sums", data="n,note\n1,x\n", headers=CSV).status_code == 201
    error = refused(client.post("/api/datasets/sums/rows", data=json.dumps([{"n": 2, "note": text}]), headers=JSON))
    added = (longest - 1) // 4
    assert error == (f"row 1, column 'note': the text has {longest} characters ({longest + added} with the {added} ' "
                     "the CSV export writes before each formula's start); at most "
                     f"{longest} are allowed in one value, as in a CSV upload")


def test_a_formula_text_at_the_value_limit_is_refused_as_its_export_holds_one_more_character(client):
    longest = csv.field_size_limit()
    over, fits = _formula_of(longest), _formula_of(longest - 1)
    assert len(over) == longest and len(fits) == longest - 1
    expected = (f"row 1, column 'note': the text has {longest} characters ({longest + 1} with the ' the CSV export "
                f"writes before it); at most {longest} are allowed in one value, as in a CSV upload")
    assert client.post("/api/datasets?name=sums", data="n,note\n1,x\n", headers=CSV).status_code == 201
    error = refused(client.post("/api/datasets/sums/rows", data=json.dumps([{"n": 2, "note": over}]), headers=JSON))
    assert error == expected
    as_csv = 'n,note\n2,"' + over + '"\n'
    assert refused(client.post("/api/datasets?name=quoted", data=as_csv, headers=CSV)) == expected
    assert "quoted" not in names(client)
    fits_row = client.post("/api/datasets/sums/rows", data=json.dumps([{"n": 2, "note": fits}]), headers=JSON)
    assert fits_row.status_code == 200, fits_row.get_json()
    again = client.post("/api/datasets?name=again", data=client.get("/datasets/sums.csv").get_data(), headers=CSV)
    assert again.status_code == 201, again.get_json()
