"""A quoted value that other characters follow (`"ab"c`) cannot be read by a strict reader: the
refusal names the line of the quote that ends the value, shows it, and says what is allowed, in
every way rows are written."""
from __future__ import annotations

import csv
import html
import io

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from app.store.tables import quote_then_more
from app.store.upload_limits import line_at
from tests.conftest import CSV_WRITE, WRITE_TOKEN, csrf_at, names, rows_of, writable_app

BAD = 'a,b\n1,x\n2,"ab"c\n3,y\n'
RULE = ('a quoted value must end at its closing quote, followed by a comma or the end of the line; a quote inside '
        'a quoted value is written twice ("")')
REFUSED = f"line 3 of the CSV has characters after the quote that ends a quoted value ('\"ab\"c'): {RULE}"


@pytest.fixture
def app(data_dir):
    return writable_app(data_dir)


@pytest.fixture
def pairs(client) -> str:
    assert client.post("/api/datasets?name=pairs", data="a,b\n0,w\n", headers=CSV_WRITE).status_code == 201
    return "pairs"


def api_error(response) -> str:
    assert response.status_code == 400
    return response.get_json()["error"]


def test_an_api_create_names_the_line_of_the_quote_and_shows_it(client):
    auth = {"Authorization": CSV_WRITE["Authorization"]}
    for response in (client.post("/api/datasets", headers=auth,
                                 data={"name": "bad", "file": (io.BytesIO(BAD.encode()), "bad.csv")}),
                     client.post("/api/datasets?name=bad", data=BAD, headers=CSV_WRITE)):
        assert api_error(response) == REFUSED
    assert "bad" not in names(client)


def test_an_api_append_names_the_line_of_the_quote_and_shows_it(client, pairs):
    assert api_error(client.post("/api/datasets/pairs/rows", data=BAD, headers=CSV_WRITE)) == REFUSED
    assert rows_of(client, pairs) == [[0, "w"]]


def test_the_upload_form_names_the_line_of_the_quote(client):
    response = client.post("/upload", data={"csrf_token": csrf_at(client, "/upload"), "token": WRITE_TOKEN,
                                            "name": "bad", "file": (io.BytesIO(BAD.encode()), "bad.csv")})
    assert response.status_code == 400 and REFUSED in html.unescape(response.get_data(as_text=True))
    assert "bad" not in names(client)


@pytest.mark.parametrize("sent", ["file", "rows"])
def test_the_append_form_names_the_line_of_the_quote(client, pairs, sent):
    data = {"csrf_token": csrf_at(client, "/datasets/pairs/append"), "token": WRITE_TOKEN,
            **({"file": (io.BytesIO(BAD.encode()), "bad.csv")} if sent == "file" else {"rows": BAD})}
    response = client.post("/datasets/pairs/append", data=data)
    assert response.status_code == 400 and REFUSED in html.unescape(response.get_data(as_text=True))
    assert rows_of(client, pairs) == [[0, "w"]]


@pytest.mark.parametrize("end", ["\n", "\r\n", "\r"])
def test_a_quote_meant_inside_a_value_is_shown_with_the_value_before_it(client, end):
    body = end.join(["a,b", '1,"two', 'lines"', '2,"say ""hi"""', '3,"say "hi" again",x', "4,y", ""])
    assert api_error(client.post("/api/datasets?name=hi", data=body, headers=CSV_WRITE)) == (
        f"line 5 of the CSV has characters after the quote that ends a quoted value ('\"say \"hi\" again\"'): {RULE}")


def test_a_value_of_several_lines_names_the_line_it_begins_on_too(client):
    body = 'a,b\n1,"never closed\n2,"x"\n'
    assert api_error(client.post("/api/datasets?name=open", data=body, headers=CSV_WRITE)) == (
        f"line 3 of the CSV has characters after the quote that ends a quoted value begun on line 2 "
        f"('2,\"x\"'): {RULE}")


def test_a_long_value_is_shown_cut_around_its_quote(client):
    body = 'a,b\n1,"' + "x" * 500 + '"' + "y" * 500 + "\n"
    assert api_error(client.post("/api/datasets?name=long", data=body, headers=CSV_WRITE)) == (
        f"line 2 of the CSV has characters after the quote that ends a quoted value "
        f"('…{'x' * 39}\"{'y' * 20}…'): {RULE}")


def test_a_quote_inside_a_value_not_quoted_is_still_read_as_a_character(client):
    response = client.post("/api/datasets?name=feet", data='a,b\n1,5\'10"\n', headers=CSV_WRITE)
    assert response.status_code == 201 and rows_of(client, "feet") == [[1, "5'10\""]]


@given(text=st.text(alphabet='a,"\r\n ', max_size=30))
@example(text='"a"b')
@example(text='a,"b""c"d\n')
@example(text='"a\r\n""b"\r"c"d')
@settings(max_examples=1000, deadline=None)
def test_the_quote_found_is_where_a_strict_reader_stops(text):
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        list(reader)
    except csv.Error as error:
        if not str(error).endswith("expected after '\"'"):
            return
    else:
        assert quote_then_more(text) is None
        return
    found = quote_then_more(text)
    assert found is not None
    opening, closing = found
    assert text[opening] == text[closing] == '"' and text[closing + 1] not in ",\r\n"
    # It opens a value, and every value up to its closing quote is read.
    assert opening == 0 or text[opening - 1] in ",\r\n"
    list(csv.reader(io.StringIO(text[:closing + 1], newline=""), strict=True))
    assert line_at(text, closing) == reader.line_num
