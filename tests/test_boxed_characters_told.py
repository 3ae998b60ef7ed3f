"""A chart page whose chart holds characters DejaVu Sans has none of (Chinese, Korean, emoji) says
beside its formats that the PNG and PDF draw them as boxes, where the SVG leaves them to the reader's
fonts; a chart of Latin, Greek, Cyrillic, Arabic or Hebrew text, which the font holds, says nothing."""
from __future__ import annotations

import html
import re
import warnings

import pytest

from plots.fallback_glyphs import boxed_characters, boxed_words
from tests.conftest import dashboard_site

BOARD = 'title = "Cities"\n[[charts]]\nid = "c"\ndataset = "cities"\nkind = "bar"\nx = "city"\ny = ["n"]\n'


@pytest.fixture(autouse=True)
def _no_missing_glyph_warnings():
    # The charts drawn for the pages measure characters DejaVu Sans lacks: each would warn.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        yield


def _caption(tmp_path, csv: str, query: str = "") -> str:
    client = dashboard_site(tmp_path, {"cities.csv": csv}, BOARD).test_client()
    page = client.get(f"/d/m/c{query}")
    assert page.status_code == 200, page.get_data(as_text=True)
    [caption] = re.findall(r'<figure class="chart">.*?<figcaption>(.*?)</figcaption>', page.get_data(as_text=True),
                           re.S)
    return html.unescape(caption)


def test_a_chart_page_names_the_characters_its_png_draws_as_boxes(tmp_path):
    caption = _caption(tmp_path, "city,n\n東京,1\n서울,2\nAthens,3\n")
    assert ("The PNG and PDF draw 東, 京, 서 and 울 as boxes: their font, DejaVu Sans, has none of them; "
            "the SVG leaves them to the reader's fonts.") in caption


def test_a_title_of_many_such_characters_is_named_in_part_and_counted(tmp_path):
    caption = _caption(tmp_path, "city,n\nAthens,3\n", "?title=%E6%9D%B1%E4%BA%AC%E3%81%AE%E6%B0%97%E6%B8%A9%F0%9F%8C%A1")
    assert "draw 東, 京, の, 気, 温 and 1 more character as boxes" in caption


def test_a_chart_of_scripts_the_font_holds_says_nothing_of_boxes(tmp_path):
    caption = _caption(tmp_path, "city,n\nZürich,1\nΑθήνα,2\nМосква,3\nالقاهرة,4\nתל אביב,5\n")
    assert "boxes" not in caption


def test_an_emojis_choice_of_look_and_a_boxed_letters_accent_are_not_counted():
    # U+FE0F and the accent after 東 are left out of what is drawn: they draw no box of their own.
    assert boxed_characters(["\U0001F321\ufe0f temp", "東\u0301"]) == ["\U0001F321", "東"]
    assert boxed_words(boxed_characters(["café", "Ωmega"])) is None


def _report_line(tmp_path, csv: str, board: str = BOARD) -> str:
    client = dashboard_site(tmp_path, {"cities.csv": csv}, board).test_client()
    lines = []
    for _ in range(2):  # the second page's words are kept from the first's
        page = client.get("/d/m")
        assert page.status_code == 200, page.get_data(as_text=True)
        [line] = re.findall(r'<p class="muted">Download: (.*?)</p>', page.get_data(as_text=True), re.S)
        lines.append(html.unescape(line))
    assert lines[0] == lines[1]
    return lines[0]


def test_a_dashboard_names_beside_its_report_the_characters_its_charts_draw_as_boxes(tmp_path):
    line = _report_line(tmp_path, "city,n\n東京,1\n서울,2\nAthens,3\n")
    assert ("The PDF report draws 東, 京, 서 and 울 as boxes: its font, DejaVu Sans, has none of them; "
            "the charts here leave them to the reader's fonts.") in line


def test_a_dashboard_names_the_boxes_of_its_own_title_beside_its_report(tmp_path):
    line = _report_line(tmp_path, "city,n\nAthens,3\n", BOARD.replace('"Cities"', '"Cities \U0001F3D9"'))
    assert "The PDF report draws \U0001F3D9 as boxes" in line


def test_a_dashboard_of_scripts_the_font_holds_says_nothing_of_boxes_beside_its_report(tmp_path):
    line = _report_line(tmp_path, "city,n\nZürich,1\nΑθήνα,2\nМосква,3\n")
    assert "boxes" not in line


def test_a_dashboard_names_a_mark_the_font_lacks_but_not_one_over_a_box_beside_its_report(tmp_path):
    # U+0350 is a combining mark DejaVu Sans lacks: after 東 it is left out with the box it would mark,
    # after "a" it is drawn as a box of its own.
    line = _report_line(tmp_path, "city,n\n東\u0350,1\na\u0350,2\n")
    assert "The PDF report draws 東 and \u0350 as boxes" in line
