"""A cell's line breaks and tabs are shown in a page's table of rows, where HTML folded each into a
space: "Hill\\nTop" read as "Hill Top", and a tab as a space."""
from __future__ import annotations

import pytest

from tests.conftest import created, writable_app

UPLOAD = 'day,station,value\n2025-01-01,"Hill\nTop",1\n2025-01-02,Old\tMill,2\n2025-01-03,plain,3\n'
LINE_BREAK = '<span class="cell-mark" title="line break">⏎</span><br>'
TAB = '<span class="cell-mark" title="tab">⇥</span>'


@pytest.fixture
def client(data_dir):
    return writable_app(data_dir).test_client()


def test_a_cells_line_break_and_tab_are_marked_in_a_datasets_first_rows(client):
    created(client, "lake", UPLOAD)
    page = client.get("/datasets/lake").get_data(as_text=True)
    assert f"<td>Hill{LINE_BREAK}Top</td>" in page
    assert f"<td>Old{TAB}Mill</td>" in page
    assert "<td>plain</td>" in page


def test_a_marked_cell_is_escaped_around_its_marks(client):
    created(client, "tags", 'day,tag,value\n2025-01-01,"<b>\n&",1\n')
    page = client.get("/datasets/tags").get_data(as_text=True)
    assert f"<td>&lt;b&gt;{LINE_BREAK}&amp;</td>" in page
