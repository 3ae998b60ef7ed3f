"""A page holds no character HTML forbids in a document (controls but its white space, C1 controls,
noncharacters), though a dataset's cells, a column's name or a chart's title may: each is written as
U+FFFD, as a chart's SVG draws the controls XML forbids; but in a form control's value, which the form
sends back and must name the same value."""
from __future__ import annotations

import html
import re
from pathlib import Path

from app.page_characters import NOT_IN_HTML
from tests.conftest import dashboard_site

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
    # Typed text, not a value of the data: its form's field shows it so too, where it can be seen.
    assert '<input name="title" value="Bears\ufffd\ufffd"' in page


def test_markup_of_the_site_s_own_is_left_as_it_is(client):
    page = client.get("/d/animals/bears").get_data(as_text=True)
    assert forbidden_in(page) == [] and "\ufffd" not in page


def filtered_site(tmp_path: Path):
    """A test client of a site whose dashboard `m` filters by `st`, whose values hold a control and a
    noncharacter, and draws `v\ufffe`, a column named with a noncharacter."""
    app = dashboard_site(tmp_path, {"s.csv": "day,st,v\ufffe\n2025-01-01,A\x01x,1\n2025-01-02,B\ufffey,2\n2025-01-03,C,3\n"},
                         'time_column = "day"\n[[filters]]\ncolumn = "st"\n[[charts]]\nid = "c"\ndataset = "s"\nx = "day"\n')
    return app.test_client()


def test_a_filters_option_shows_a_control_character_so_and_sends_it_as_it_is(tmp_path):
    client = filtered_site(tmp_path)
    page = client.get("/d/m").get_data(as_text=True)
    assert '<option value="A\x01x">A\ufffdx</option>' in page
    assert '<option value="B\ufffey">B\ufffdy</option>' in page
    # What the option sends chooses that value's rows.
    chosen = client.get("/d/m?filter.st=A%01x")
    assert chosen.status_code == 200 and "Not applied" not in chosen.get_data(as_text=True)


def test_versions_json_gives_a_filters_option_the_words_of_the_page_and_the_value_it_sends(tmp_path):
    # A refreshing dashboard writes its select's options anew from these, as the page wrote them.
    options = filtered_site(tmp_path).get("/d/m/versions.json").get_json()["filters"]["filter.st"]
    assert {"value": "A\x01x", "text": "A\ufffdx"} in options
    assert {"value": "B\ufffey", "text": "B\ufffdy"} in options


def test_versions_json_gives_a_charts_alt_text_in_the_words_of_the_page(tmp_path):
    # refresh.js writes it into the image's alt, where the page wrote U+FFFD.
    app = dashboard_site(tmp_path, {"s.csv": "day,st,v\n2025-01-01,A\x01x,1\n2025-01-02,C,3\n"},
                         '[[charts]]\nid = "c"\ndataset = "s"\nx = "st"\nkind = "bar"\n')
    client = app.test_client()
    alt = client.get("/d/m/versions.json").get_json()["charts"]["c"]["alt"]
    assert "A\ufffdx" in alt and forbidden_in(alt) == []
    assert f'alt="{html.escape(alt, quote=True)}"' in client.get("/d/m").get_data(as_text=True).replace("&#x27;", "&#39;")


def test_a_chart_pages_form_sends_back_its_filter_and_column_as_they_are(tmp_path):
    page = filtered_site(tmp_path).get("/d/m/c?filter.st=B%EF%BF%BEy").get_data(as_text=True)
    assert '<input type="hidden" name="filter.st" value="B\ufffey">' in page
    assert '<input type="checkbox" name="y" value="v\ufffe" checked>' in page
    # Where the page names them in words, they are written as U+FFFD.
    assert "v\ufffe" not in re.sub(r'value="[^"]*"', "", page)
