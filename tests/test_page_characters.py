"""A page holds no character HTML forbids in a document (controls but its white space, C1 controls,
noncharacters), though a dataset's cells, a column's name or a chart's title may: each is written as
U+FFFD, as a chart's SVG draws the controls XML forbids."""
from __future__ import annotations

import html
import re

from app.page_characters import NOT_IN_HTML

# Each a parse error of an HTML document ("control-character-in-input-stream", "noncharacter-in-input-stream").
FORBIDDEN = ["\x01", "\x0b", "\x1b", "\x7f", "\x9b", "\ufdd0", "\ufffe", "\U0001ffff"]


def forbidden_in(page: str) -> list[str]:
    """The characters HTML forbids that `page` holds, raw or as character references."""
    return sorted({ch for ch in html.unescape(page) if ch in FORBIDDEN} | set(NOT_IN_HTML.findall(page)))


def test_a_dataset_page_writes_a_cells_control_characters_as_replacement_characters(client, data_dir):
    cells = "".join(f'"a{ch}b",{n}\n' for n, ch in enumerate(FORBIDDEN))
    (data_dir / "controls.csv").write_text("name,v\n" + cells, encoding="utf-8")
    answer = client.get("/datasets/controls")
    assert answer.status_code == 200
    page = answer.get_data(as_text=True)
    assert forbidden_in(page) == []
    cells_shown = re.findall(r"<tr><td>([^<]*)</td><td>\d+</td></tr>", page)
    assert cells_shown == ["a\ufffdb"] * len(FORBIDDEN)
    # The alt text of its chart, in the page and in its link preview, too.
    assert "name from a\ufffdb to a\ufffdb" in html.unescape(page)


def test_a_cell_with_a_tab_and_a_control_keeps_its_tab_mark(client, data_dir):
    (data_dir / "marks.csv").write_text('name,v\n"a\tb\x01c",1\n', encoding="utf-8")
    page = client.get("/datasets/marks").get_data(as_text=True)
    assert forbidden_in(page) == []
    assert '<td>a<span class="cell-mark" title="tab">⇥</span>b\ufffdc</td>' in page


def test_the_home_page_writes_a_control_character_of_a_cards_words_so(client, data_dir):
    (data_dir / "controls.csv").write_text('name,v\n"a\x01b",1\n"c\x7fd",2\n', encoding="utf-8")
    page = client.get("/").get_data(as_text=True)
    assert forbidden_in(page) == []
    assert "name from a\ufffdb to c\ufffdd" in html.unescape(page)


def test_a_chart_page_titled_with_a_noncharacter_writes_it_so(client):
    answer = client.get("/d/animals/bears?title=Bears%EF%BF%BE%EF%B7%90")
    assert answer.status_code == 200
    page = answer.get_data(as_text=True)
    assert forbidden_in(page) == []
    assert "<title>Bears\ufffd\ufffd · " in page


def test_markup_of_the_site_s_own_is_left_as_it_is(client):
    page = client.get("/d/animals/bears").get_data(as_text=True)
    assert forbidden_in(page) == [] and "\ufffd" not in page
