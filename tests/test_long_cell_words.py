"""A long cell is quoted cut wherever a page or an answer names it: the warnings of a dataset's page
and of the API's answer to a create, the hint that writes its number another way, a refusal of it,
and the tables of rows of a dataset's page and of a chart's page, so that one cell of 131,072 characters, the most a
value holds, makes none of them large."""
from __future__ import annotations

import html
import json
import time

import pytest

from tests.conftest import CSV_WRITE, JSON_WRITE, created, dashboard_site, writable_app

MOST = 131_072
# A page or an answer naming a long cell stays this small, some 2.5 KB as it is: far below the cell
# whole (131,072 characters), so that one place left quoting it uncut fails the test.
BOUNDED = 20_000
# Six rows of numbers, under which a row holding the long cell makes its column text.
NUMBERS = "".join(f"2024-01-{day:02d},{day}\n" for day in range(1, 7))
# Each warned kind of cell, 131,072 characters long, with the start a warning quotes.
LONG_CELLS = {
    "word": "x" * MOST,
    "thousands": "11" + ",000" * ((MOST - 4) // 4) + ".5",
    "bound": "<" + "1" * (MOST - 1),
    "digits": "\u0661" * MOST,
    "comma": "1" * (MOST - 2) + ",5",
    "multiplier": "1" * (MOST - 1) + "k",
}


@pytest.fixture
def client(data_dir):
    return writable_app(data_dir).test_client()


def page_text(client, name: str) -> str:
    page = client.get(f"/datasets/{name}")
    assert page.status_code == 200, page.get_data(as_text=True)[:500]
    assert len(page.data) < BOUNDED
    return html.unescape(page.get_data(as_text=True))


@pytest.mark.parametrize("kind", sorted(LONG_CELLS))
def test_a_files_long_cell_is_named_cut_on_its_page(client, data_dir, kind):
    cell = LONG_CELLS[kind]
    assert len(cell) == MOST
    (data_dir / "long.csv").write_text("day,value\n" + NUMBERS + f'2024-02-01,"{cell}"\n', encoding="utf-8")
    started = time.monotonic()
    text = page_text(client, "long")
    assert time.monotonic() - started < 20
    assert f"column 'value' is text, though most of its values are numbers or dates: row 7 holds '{cell[:100]}…' " \
           f"({MOST} characters)" in text
    assert f"{cell[:100]}… ({MOST} characters)</td>" in text  # the first rows' table


def test_a_files_long_number_with_a_leading_zero_is_named_cut_with_its_number(client, data_dir):
    digits = "0" + "1" * (MOST - 1)
    (data_dir / "codes.csv").write_text(f"day,zip\n2024-01-01,{digits}\n2024-01-02,02\n", encoding="utf-8")
    text = page_text(client, "codes")
    assert (f"row 1 holds '{digits[:100]}…' ({MOST} characters); for numbers, write them without leading zeros "
            f"({'1' * 100}… ({MOST - 1} characters))") in text


def test_a_creates_warning_of_a_long_cell_quotes_it_cut_in_the_answer_and_on_the_page(client):
    lines = ("x" * 60_000 + "\n") * 2
    cell = lines + "x" * (MOST - len(lines))
    answer = client.post("/api/datasets?name=long", data=f'day,value\n{NUMBERS}2024-02-01,"{cell}"\n'.encode(),
                         headers=CSV_WRITE)
    assert answer.status_code == 201, answer.get_data(as_text=True)[:500]
    assert len(answer.data) < BOUNDED
    [warning] = answer.get_json()["warnings"]
    assert (warning["column"], warning["row"], warning["value"]) == ("value", 7, "x" * 100 + "…")
    assert f"row 7 holds '{'x' * 100}…' ({MOST} characters)" in warning["message"]
    assert f"<p class=\"error\">{warning['message']}</p>" in page_text(client, "long")


def test_a_creates_warning_of_a_long_number_gives_its_value_and_hint_cut(client):
    digits = "0" + "1" * 65_000
    answer = created(client, "codes", f"day,zip\n2024-01-01,{digits}\n2024-01-02,02\n")
    [warning] = answer["warnings"]
    assert warning["value"] == digits[:100] + "…"
    assert warning["hint"] == f"write numbers without leading zeros: {'1' * 100}… (65000 characters)"
    assert len(json.dumps(answer)) < 2_000


def test_a_creates_warning_of_a_long_whole_float_gives_the_cell_cut(client):
    written = "9007199254740993." + "0" * 60_000
    answer = created(client, "big", f"day,big\n2024-01-01,\n2024-01-02,{written}\n")
    [warning] = answer["warnings"]
    assert (warning["row"], warning["value"]) == (2, written[:100] + "…")
    assert "row 2 is stored as 9007199254740992.0" in warning["message"]


def test_a_refusal_of_a_long_cell_cuts_the_number_its_hint_writes(client):
    created(client, "counts", "day,count\n2024-01-01,1\n")
    rows = json.dumps([{"day": "2024-01-02", "count": "1" * 60_000 + "k"}])
    answer = client.post("/api/datasets/counts/rows", data=rows, headers=JSON_WRITE)
    assert answer.status_code == 400
    error = answer.get_json()["error"]
    assert f"'{'1' * 100}…' (60001 characters)" in error
    assert "… (60003 characters), no thousands separators, units or currency signs)" in error
    assert len(error) < 1_000


def test_a_chart_pages_table_shows_a_long_cell_cut(tmp_path):
    cell = "x" * MOST
    board = '[[charts]]\nid = "c"\ndataset = "long"\nkind = "bar"\nx = "name"\ny = ["n"]\n'
    client = dashboard_site(tmp_path, {"long.csv": f"name,n\n{cell},1\nshort,2\n"}, board).test_client()
    page = client.get("/d/m/c")
    assert page.status_code == 200, page.get_data(as_text=True)[:500]
    assert len(page.data) < BOUNDED
    text = html.unescape(page.get_data(as_text=True))
    assert f"<td>{cell[:100]}… ({MOST} characters)</td>" in text
    assert "<td>short</td>" in text
    assert client.get("/d/m/c.csv").get_data(as_text=True).count(cell) == 1  # the data file gives it whole


@pytest.mark.parametrize("number", ["1" + "0" * (MOST - 1), "-" + "9" * (MOST - 3) + ".5"], ids=["zeros", "nines"])
@pytest.mark.parametrize("others", ["", "2024-01-02,1.5\n"], ids=["alone", "after a number"])
def test_a_files_number_too_large_for_a_float_is_named_cut_not_as_no_values(client, data_dir, number, others):
    (data_dir / "long.csv").write_text(f"day,value\n{others}2024-02-01,{number}\n", encoding="utf-8")
    row = 2 if others else 1
    text = page_text(client, "long")
    assert "has no values" not in text
    assert (f"column 'value' is float (numbers), read with a missing value where a number is too large for one: "
            f"row {row} holds '{number[:100]}…' ({len(number)} characters), which an upload refuses") in text
    assert client.get("/api/datasets/long").get_json()["dataset"]["columns"][1]["type"] == "float"
    assert client.get("/datasets/long.json").get_json()["rows"][-1][1] is None


def test_an_upload_refuses_the_number_too_large_for_a_float_a_file_reads_as_missing(client):
    number = "1" + "0" * 64_999  # an upload's line holds at most 65,536 characters
    answer = client.post("/api/datasets?name=long", data=f"day,value\n2024-02-01,{number}\n".encode(),
                         headers=CSV_WRITE)
    assert answer.status_code == 400
    assert f"'{number[:100]}…' (65000 characters) is too large for a number" in answer.get_json()["error"]
    assert len(answer.data) < 2_000


def test_a_files_number_too_small_for_a_float_is_0_without_a_warning(client, data_dir):
    number = "0." + "0" * (MOST - 3) + "1"
    (data_dir / "small.csv").write_text(f"day,value\n2024-02-01,{number}\n", encoding="utf-8")
    assert "class=\"error\"" not in page_text(client, "small")
    assert client.get("/datasets/small.json").get_json()["rows"] == [["2024-02-01", 0.0]]
