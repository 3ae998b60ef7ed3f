"""One text rule: controls, line and paragraph separators and bidirectional controls are refused,
naming the field and the character, wherever text enters the site."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import quote

import pytest

from app import DashboardError, create_app
from app.store.cell_values import TEXT_CONTROL
from plots import SpecError
from plots.field_values import check_text
from plots.text import describe_character, refused_character, refused_pattern, text_problem
from tests.conftest import CSV_WRITE, writable_app
from tests.error_image_text import answer_text, error_title

SVG = "{http://www.w3.org/2000/svg}"
SEPARATORS = ["\u2028", "\u2029"]
BIDI = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"]
CONTROLS = ["\x00", "\x07", "\x1b", "\x7f", "\x85", "\x9f"]
FINE = ["plain", "Größe 5 °C", "温度", "עברית and العربية", "emoji 🐻", "a\u200fb", "\u00a0nbsp",
        "$x^2$ <b>"]


@pytest.mark.parametrize("ch", SEPARATORS + BIDI + CONTROLS + ["\ud800"])
def test_the_rule_refuses_separators_bidirectional_controls_controls_and_surrogates(ch):
    assert refused_character(f"before{ch}after") == ch
    assert text_problem(f"x{ch}") == f"contains {describe_character(ch)}"


@pytest.mark.parametrize("text", FINE)
def test_the_rule_lets_text_of_any_script_through(text):
    assert refused_character(text) is None


def test_a_field_may_allow_tabs_and_line_breaks_and_nothing_else():
    assert refused_character("a\tb\nc\r", allow="\t\n\r") is None
    assert refused_character("a\tb\nc\r", allow="\t\n") == "\r"
    with pytest.raises(ValueError):
        refused_character("x", allow="\u202e")


@pytest.mark.parametrize(("ch", "named"), [
    ("\u202e", "the bidirectional control U+202E (RIGHT-TO-LEFT OVERRIDE)"),
    ("\u2069", "the bidirectional control U+2069 (POP DIRECTIONAL ISOLATE)"),
    ("\u2028", "the line or paragraph separator U+2028 (LINE SEPARATOR)"),
    ("\x07", "the control character U+0007"),
    ("\udc00", "the lone surrogate U+DC00"),
])
def test_a_refused_character_is_named_by_kind_code_point_and_name(ch, named):
    assert describe_character(ch) == named


@pytest.mark.parametrize("ch", SEPARATORS + BIDI + CONTROLS + ["\t", "\n", "\r", "a", "é"])
def test_chart_text_and_stored_text_follow_the_same_rule(ch):
    def chart_refuses() -> bool:
        try:
            check_text("title", f"x{ch}", 200)
        except SpecError:
            return True
        return False

    assert chart_refuses() == (ch not in "\t\n" and bool(refused_pattern().search(ch)))
    assert bool(TEXT_CONTROL.search(ch)) == (ch not in "\t\n\r" and bool(refused_pattern().search(ch)))


@pytest.mark.parametrize("field", ["title", "xlabel", "ylabel"])
@pytest.mark.parametrize("ch", ["\u202e", "\u2066", "\u2028", "\u2029"])
def test_a_chart_label_with_a_separator_or_bidi_control_is_400_naming_field_and_character(client, field, ch):
    response = client.get(f"/plot/animals.svg?{field}={quote('abc' + ch + 'def')}")
    assert response.status_code == 400
    title = ET.fromstring(response.data).find(f"{SVG}title").text
    assert f"{field} contains the " in title and f" U+{ord(ch):04X} (" in title
    assert ch not in response.get_data(as_text=True)  # named, never echoed


def test_the_same_refusal_comes_as_json_from_a_data_url(client):
    response = client.get("/d/animals/bears.json?title=" + quote("\u202egnp.exe"))
    assert response.status_code == 400
    assert "title contains the bidirectional control U+202E (RIGHT-TO-LEFT OVERRIDE)" in response.get_json()["error"]


def test_line_breaks_in_a_chart_title_are_still_allowed(client):
    assert client.get("/plot/animals.svg?title=" + quote("two\nlines")).status_code == 200


def start_with_dashboard(tmp_path: Path, text: str):
    folder = tmp_path / "boards"
    folder.mkdir()
    (folder / "board.toml").write_text(text, encoding="utf-8")
    return create_app({"TESTING": True, "DASHBOARD_DIRS": [str(folder)]})


CHART = '[[charts]]\nid = "c"\ndataset = "animals"\ny = ["Bear"]\n'


@pytest.mark.parametrize(("text", "words"), [
    ('title = "Sales\\u202e"\n' + CHART, ["board.toml", "title contains the", "U+202E"]),
    ('description = "one\\u2029two"\n' + CHART, ["board.toml", "description contains the", "U+2029"]),
    (CHART + 'caption = "\\u2067x\\u2069"\n', ["board.toml", "chart 'c'", "caption contains the", "U+2067"]),
    (CHART + 'title = "x\\u2028y"\n', ["board.toml", "chart 'c'", "title contains the", "U+2028"]),
])
def test_a_dashboard_title_or_caption_with_a_refused_character_stops_start_up_naming_it(tmp_path, text, words):
    with pytest.raises(DashboardError) as caught:
        start_with_dashboard(tmp_path, text)
    for word in words:
        assert word in str(caught.value)


@pytest.mark.parametrize(("query", "body", "words"), [
    ("name=sales&title=" + quote("Sales\u202e"), "a,b\n1,x\n", ["title", "U+202E"]),
    # A title of nothing but such characters is refused as one holding them among text is, not
    # taken for a blank one (made from the name); nor is one at its end stripped as a space.
    ("name=sales&title=" + quote("\u202e"), "a,b\n1,x\n", ["title", "bidirectional control U+202E"]),
    ("name=sales&title=" + quote("\u2066"), "a,b\n1,x\n", ["title", "bidirectional control U+2066"]),
    ("name=sales&title=" + quote("\u2028"), "a,b\n1,x\n", ["title", "separator U+2028"]),
    ("name=sales&title=" + quote(" \u2029 "), "a,b\n1,x\n", ["title", "separator U+2029"]),
    ("name=sales&title=" + quote("Sales\u2028"), "a,b\n1,x\n", ["title", "separator U+2028"]),
    ("name=sales", "a,b\u2028c\n1,x\n", ["column 2", "U+2028"]),
    ("name=sales", "a,b\n1,left\u202eright\n", ["row 1", "'b'", "U+202E", "bidirectional"]),
])
def test_stored_text_with_a_refused_character_is_400_naming_where_and_which(data_dir, query, body, words):
    client = writable_app(data_dir).test_client()
    response = client.post(f"/api/datasets?{query}", data=body.encode("utf-8"), headers=CSV_WRITE)
    assert response.status_code == 400
    for word in words:
        assert word in response.get_json()["error"]
    assert client.get("/api/datasets/sales").status_code == 404


@pytest.mark.parametrize("url", ["/plot/animals.svg?title=%ff%fe", "/d/animals/bears.svg?y=Bear&title=ok%C3",
                                 "/d/animals/bears.png?title=%e2%80", "/plot/animals.svg?title=caf%E9",
                                 "/animal.svg?type=Bear&title=%ff%fe"])
def test_a_query_value_that_is_not_utf8_is_400_naming_the_parameter_not_drawn(client, url):
    response = client.get(url)
    assert response.status_code == 400
    title = error_title(response.data)  # an SVG's <title>, a .png's PNG's Title text chunk
    assert "title is not valid UTF-8" in title
    assert "\ufffd" not in answer_text(response)


def test_data_urls_refuse_a_query_that_is_not_utf8_too(client):
    response = client.get("/plot/animals.csv?xlabel=x%ff")
    assert response.status_code == 400
    assert "xlabel is not valid UTF-8" in response.get_data(as_text=True)
    assert "xlabel is not valid UTF-8" in client.get("/plot/animals.json?xlabel=x%ff").get_json()["error"]


def test_a_parameter_name_that_is_not_utf8_is_400(client):
    response = client.get("/plot/animals.json?ti%fftle=x")
    assert response.status_code == 400
    assert "parameter name is not valid UTF-8" in response.get_json()["error"]


def test_percent_encoded_utf8_is_drawn_as_its_characters(client):
    response = client.get("/plot/animals.svg?title=caf%C3%A9+%E2%98%95")
    assert response.status_code == 200
    assert "café ☕" in [t.text for t in ET.fromstring(response.data).iter(f"{SVG}text")]
