"""Text values that look alike but are not, one in another Unicode form (`cafe` and a combining accent
beside `café`) or holding a character that draws as nothing (`x` and a zero width space beside `x`),
are told apart wherever a page or a chart names them, by the rule that quotes `'x '`: quoted, the
characters a reader cannot see escaped. Ordinary text, accented or right to left, stays as it is, and
a filter by a value still matches that value alone."""
from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET

import pandas as pd
import pytest

from plots import chart_frame, describe, parse_spec, render_svg
from plots.text import shown_value, unseen
from tests.conftest import CSV_WRITE, created, writable_app
from tests.page_text import page_lines
from tests.test_pdf import pdf_text, saved
from tests.test_split_values_told_apart import dashboard_site

SVG = "{http://www.w3.org/2000/svg}"
CITIES = "city,v\ncafé,1\ncafe\u0301,2\nx\u200b,3\nx,4\n"
# Two stations per date that look alike: `Café` composed and `Cafe` with a combining accent.
STATIONS = "d,st,v\n2024-01-01,Café,1\n2024-01-01,Cafe\u0301,2\n2024-01-02,Café,1\n2024-01-02,Cafe\u0301,2\n"


@pytest.mark.parametrize("value, shown", [
    ("cafe\u0301", "'cafe\\u0301'"), ("x\u200b", "'x\\u200b'"), ("\ufeffx", "'\\ufeffx'"),
    ("x\u200e", "'x\\u200e'"), ("a\u3164", "'a\\u3164'"), ("\u212b", "'\\u212b'"), ("x\ufe0f", "'x\\ufe0f'"),
    ("it's \"x\"\u200b", "'it\\'s \"x\"\\u200b'")])
def test_a_value_looking_like_another_is_quoted_with_what_cannot_be_seen_escaped(value, shown):
    assert shown_value(value) == shown


@pytest.mark.parametrize("value", [
    "café", "Việt", "שלום", "مرحبا", "می\u200cخواهم", "नमस्ते", "東京", "👨\u200d👩\u200d👧\u200d👦", "☀\ufe0f sunny",
    "1\ufe0f\u20e3", "\U0001f3f4\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f", "a\nb"])
def test_ordinary_text_accented_right_to_left_or_emoji_is_shown_as_it_is(value):
    assert shown_value(value) == value


def test_each_place_of_a_character_that_cannot_be_seen_is_found_however_often_it_comes():
    # Each character is asked about once a text: its places are all found, beside letters asked
    # about already and in a text asked after one of the same characters.
    assert unseen("x\u200by\u200bz\u200b") == {1, 3, 5}
    assert unseen("\u200bé\ufeffé\u200b") == {0, 2, 4}
    assert unseen("ééé") == set() and unseen("plain 'text' \"x\"\t") == set()


@pytest.fixture
def client(tmp_path):
    client = writable_app(tmp_path, RENDER_WORKERS=0).test_client()
    created(client, "cities", CITIES)
    return client


def test_bars_of_look_alike_categories_are_named_apart_in_the_chart_and_its_alt_text(client):
    svg = client.get("/plot/cities.svg?kind=bar&x=city&y=v").get_data(as_text=True)
    labels = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    assert labels[:4] == ["café", "'cafe\\u0301'", "'x\\u200b'", "x"]
    # The alt text names each bar, as its label does.
    chosen = client.get("/plot/cities.svg?kind=bar&x=city&y=v&filter.city=cafe%CC%81&filter.city=x%E2%80%8B")
    said = ET.fromstring(chosen.get_data(as_text=True)).find(f"{SVG}desc").text
    assert "v: 'cafe\\u0301' 2, 'x\\u200b' 3." in said


def test_a_filter_by_a_look_alike_value_still_matches_that_value_alone(client):
    rows = client.get("/plot/cities.json?kind=bar&x=city&y=v&filter.city=x").get_json()["rows"]
    assert [row[-1] for row in rows] == [4]


def test_split_charts_of_look_alike_values_have_their_own_titles_and_alt_texts(tmp_path):
    client = writable_app(tmp_path).test_client()
    created(client, "sp", STATIONS)
    page = html.unescape(client.get("/datasets/sp").get_data(as_text=True))
    alts = re.findall(r'<img src="/plot/sp\.svg\?[^"]*" width="640" height="360" alt="([^"]*)"', page)
    assert sorted(alt.split(". Line chart")[0] for alt in alts) == ["st: 'Cafe\\u0301'", "st: Café"]


@pytest.fixture
def board(tmp_path):
    return dashboard_site(tmp_path, "sp", STATIONS, 'title = "Sp"\n[[filters]]\ncolumn = "st"\nlabel = "St"\n')


def test_a_dashboard_filter_offers_look_alike_values_apart_and_shows_the_one_chosen(board, tmp_path):
    page = html.unescape(board.get("/d/sp?filter.st=Cafe%CC%81").get_data(as_text=True))
    options = re.findall(r'<option value="([^"]*)"( selected)?(?: translate="yes")?>([^<]*)</option>', page)
    assert options == [("", "", "All"), ("Cafe\u0301", " selected", "'Cafe\\u0301'"), ("Café", "", "Café")]
    assert "St: 'Cafe\\u0301'" in "\n".join(page_lines(page))
    report = pdf_text(saved(board.get("/d/sp.pdf?filter.st=Cafe%CC%81").data, tmp_path, "report.pdf"))
    assert "St: 'Cafe\\u0301'" in report


def test_a_filter_refusal_lists_look_alike_values_apart(client):
    refused = client.get("/plot/cities.json?kind=bar&x=city&y=v&filter.city=nope")
    assert refused.status_code == 404
    assert ("column 'city' holds no value 'nope'; its values are 'cafe\\u0301', 'café', 'x', 'x\\u200b'"
            in refused.get_json()["error"])


def test_look_alike_column_names_are_told_apart_on_the_axes_in_the_legend_and_in_the_words():
    # `t` and a zero width space, `vé` written with a combining accent: each named as a page shows a value.
    x, y = "t\u200b", "ve\u0301"
    frame = pd.DataFrame({x: [1.0, 2.0, 3.0, None], "v": [1.0, 2.0, None, 4.0], y: [2.0, 3.0, 1.0, 5.0]})
    spec = parse_spec({"x": [x], "y": ["v", y]}, {x: "float", "v": "float", y: "float"})
    data = chart_frame(spec, frame)
    texts = [html.unescape(text) for text in re.findall(r"<text[^>]*>([^<]*)</text>", render_svg(spec, data).decode())]
    assert "'t\\u200b'" in texts and "t\u200b" not in texts  # the x axis title
    assert "'ve\\u0301'" in texts and y not in texts  # its legend entry
    words = describe(spec, data)[1]
    assert words.startswith("Line chart of v, 've\\u0301' by 't\\u200b', 3 rows. 't\\u200b' from 1 to 3.")
    assert "last value: v 2 at 't\\u200b' 2, lowest 1 (1), highest 2 (its last value); 've\\u0301' 1, lowest 1 (3), highest 3 (2)" in words
    assert words.endswith("1 row has no 't\\u200b' and is not drawn.")
    hist = parse_spec({"kind": ["hist"], "y": ["v", y]}, {x: "float", "v": "float", y: "float"})
    texts = [html.unescape(text) for text in re.findall(r"<text[^>]*>([^<]*)</text>",
                                                        render_svg(hist, chart_frame(hist, frame)).decode())]
    assert "v, 've\\u0301'" in texts and "'ve\\u0301'" in texts  # the value axis and the legend


@pytest.mark.parametrize(("url", "said"), [
    ("/plot/cols.json?y=nope", "y: no column 'nope'; the columns are d, 'v\\u200b', 'cafe\\u0301', w"),
    ("/plot/cols.json?x=nope", "x: no column 'nope'; the columns are d, 'v\\u200b', 'cafe\\u0301', w"),
    ("/plot/cols.json?y=w", "numeric columns are 'v\\u200b'"),
    ("/plot/cols.json?filter.nope=a", "has no text column 'nope'; the text columns are 'cafe\\u0301', w"),
    ("/plot/nod.json?from=2024-01-01", "has no date column; the columns are w (text), 'v\\u200b' (integer)"),
])
def test_refusals_list_look_alike_column_names_apart(tmp_path, url, said):
    client = writable_app(tmp_path).test_client()
    created(client, "cols", "d,v\u200b,cafe\u0301,w\n2024-01-01,1,a,b\n")
    created(client, "nod", "w,v\u200b\na,1\n")
    refused = client.get(url)
    assert 400 <= refused.status_code < 500 and said in refused.get_json()["error"], refused.get_json()


def test_a_write_refusal_lists_look_alike_column_names_apart(tmp_path):
    client = writable_app(tmp_path).test_client()
    created(client, "cols", "v\u200b,w\n1,a\n")
    refused = client.post("/api/datasets/cols/rows", data="w\nb\n", headers=CSV_WRITE)
    assert refused.status_code == 400, refused.get_data(as_text=True)
    assert ("missing column 'v\\u200b'; the columns are 'v\\u200b' (integer), w (text)"
            in refused.get_json()["error"])
