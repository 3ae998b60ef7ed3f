"""A quoted value whose quote is never closed takes in every line after it: the refusal names the
line it begins on, not where the reader stopped (the end of the text, or where the value grew
past the longest one allowed), and says how to close it, in every way rows are written."""
from __future__ import annotations

import csv
import html
import io
import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from app.store.csv_files import unclosed_quote
from tests.conftest import CSV_WRITE, WRITE_TOKEN, csrf_at, names, rows_of, writable_app

STRAY = 'a,b\n1,x\n2,"Smith, J\n3,y\n4,z\n'
NEVER_CLOSED = ('the quoted value that begins on line {} of the CSV is never closed: end it with a quote, or, where '
                'a quote is part of a value, quote the value and write that quote twice ("")')


@pytest.fixture
def app(data_dir):
    return writable_app(data_dir)


@pytest.fixture
def pairs(client) -> str:
    assert client.post("/api/datasets?name=pairs", data="a,b\n0,w\n", headers=CSV_WRITE).status_code == 201
    return "pairs"


def page_error(response) -> str:
    assert response.status_code == 400
    return html.unescape(response.get_data(as_text=True))


def test_an_api_create_names_the_line_the_value_begins_on(client):
    auth = {"Authorization": CSV_WRITE["Authorization"]}
    for response in (client.post("/api/datasets", headers=auth,
                                 data={"name": "stray", "file": (io.BytesIO(STRAY.encode()), "stray.csv")}),
                     client.post("/api/datasets?name=stray", data=STRAY, headers=CSV_WRITE)):
        assert response.status_code == 400
        assert response.get_json()["error"] == NEVER_CLOSED.format(3)
    assert "stray" not in names(client)


def test_an_api_append_names_the_line_the_value_begins_on(client, pairs):
    response = client.post("/api/datasets/pairs/rows", data=STRAY, headers=CSV_WRITE)
    assert response.status_code == 400 and response.get_json()["error"] == NEVER_CLOSED.format(3)
    assert rows_of(client, pairs) == [[0, "w"]]


def test_the_upload_form_names_the_line_the_value_begins_on(client):
    response = client.post("/upload", data={"csrf_token": csrf_at(client, "/upload"), "token": WRITE_TOKEN,
                                            "name": "stray", "file": (io.BytesIO(STRAY.encode()), "stray.csv")})
    assert NEVER_CLOSED.format(3) in page_error(response)
    assert "stray" not in names(client)


@pytest.mark.parametrize("sent", ["file", "rows"])
def test_the_append_form_names_the_line_the_value_begins_on(client, pairs, sent):
    data = {"csrf_token": csrf_at(client, "/datasets/pairs/append"), "token": WRITE_TOKEN,
            **({"file": (io.BytesIO(STRAY.encode()), "stray.csv")} if sent == "file" else {"rows": STRAY})}
    assert NEVER_CLOSED.format(3) in page_error(client.post("/datasets/pairs/append", data=data))
    assert rows_of(client, pairs) == [[0, "w"]]


def test_a_value_open_past_the_longest_allowed_names_its_line_not_where_it_grew_too_long(client):
    lines = [f"{n},x" if n != 12 else f'{n},"x' for n in range(1, 20_001)]
    response = client.post("/api/datasets?name=long", data="a,b\n" + "\n".join(lines) + "\n", headers=CSV_WRITE)
    assert response.status_code == 400 and response.get_json()["error"] == NEVER_CLOSED.format(13)


@pytest.mark.parametrize("end", ["\n", "\r\n", "\r"])
def test_the_line_is_counted_as_the_reader_counts_lines(client, end):
    body = end.join(["a,b", '1,"two', 'lines"', "", '3,""""', '4,"open ""quoted"" words', "5,y", ""])
    response = client.post("/api/datasets?name=ends", data=body, headers=CSV_WRITE)
    assert response.status_code == 400 and response.get_json()["error"] == NEVER_CLOSED.format(6)


def test_a_value_too_long_whose_quote_is_closed_is_still_refused_for_its_length(client):
    body = 'note\n"' + ("y" * 99 + "\n") * 1400 + '"\n' + '"open\n'
    error = client.post("/api/datasets?name=long", data=body, headers=CSV_WRITE).get_json()["error"]
    assert error.startswith("a quoted value that reaches line 1312 of the CSV has more than 131072 characters")


def test_a_data_folder_file_names_the_line_in_the_words_of_an_upload(client, data_dir):
    (data_dir / "stray.csv").write_text(STRAY)
    listed = {d["name"]: d for d in client.get("/api/datasets").get_json()["datasets"]}
    words = f"dataset 'stray' cannot be read as CSV: {NEVER_CLOSED.format(3)}"
    assert listed["stray"]["error"] == words
    for url in ("/api/datasets/stray", "/datasets/stray.json"):
        response = client.get(url)
        assert response.status_code == 422 and response.get_json()["error"] == words
    for url in ("/datasets/stray.csv", "/datasets/stray"):
        response = client.get(url)
        assert response.status_code == 422 and words in html.unescape(response.get_data(as_text=True))


def test_a_data_folder_file_a_lenient_reader_reads_on_past_a_quote_names_the_value_left_open(client, data_dir):
    # pandas reads `"x"y` as xy, and `5'10"` as it is: neither leaves a value open
    (data_dir / "lenient.csv").write_text('a,b\n"x"y,5\'10"\n1,"never\n2,z\n')
    error = client.get("/api/datasets/lenient").get_json()["error"]
    assert error == f"dataset 'lenient' cannot be read as CSV: {NEVER_CLOSED.format(3)}"


@given(text=st.text(alphabet='a,"\r\n', max_size=30))
@example(text='a,"b""\n')
@example(text='"a"",""\r\n,"')
@settings(max_examples=1000, deadline=None)
def test_the_quote_found_opens_a_value_where_a_strict_reader_runs_out_of_text_in_one(text):
    try:
        list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as error:
        if str(error) != "unexpected end of data":
            return
    else:
        return
    quote = unclosed_quote(text)
    assert quote is not None and text[quote] == '"'
    # Every quote after it is doubled: none closes the value.
    assert all(len(run) % 2 == 0 for run in re.findall('"+', text[quote + 1:]))
    # It begins a value: the first of a line or after a comma, with every value before it read.
    assert quote == 0 or text[quote - 1] in ",\r\n"
    list(csv.reader(io.StringIO(text[:quote], newline=""), strict=True))
