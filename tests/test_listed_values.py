"""A filter's values listed in words (a dashboard's `Showing:`, a chart page's `Rows:`, a report's
filter lines, the note of a filter that chose no rows) are joined by ", ", so a value holding ", " is
quoted, `'a, b'`, and reads as one value; a plain value stays as it is."""
from __future__ import annotations

import html

import pytest

from tests.test_listed_names_told_apart import two_forms_client
from tests.test_pdf import pdf_text, saved
from tests.test_split_values_told_apart import dashboard_site

# `a, b`, a value holding a comma, beside `a` and `b`.
STATIONS = "d,st,v\n2024-01-01,\"a, b\",2\n2024-01-02,a,3\n2024-01-02,b,4\n"


def test_a_value_holding_a_comma_is_listed_quoted_and_a_plain_one_as_it_is():
    from plots.text import values_listed
    assert values_listed(["North", "a, b", "South"]) == "North, 'a, b', South"
    assert values_listed(["a", "b"]) == "a, b"


@pytest.fixture
def board(tmp_path):
    return dashboard_site(tmp_path, "sp", STATIONS, 'title = "Sp"\n[[filters]]\ncolumn = "st"\nlabel = "St"\n')


def test_the_rows_shown_list_a_value_holding_a_comma_as_one(board, tmp_path):
    query = "filter.st=a%2C+b&filter.st=b"
    page = html.unescape(board.get(f"/d/sp?{query}").get_data(as_text=True))
    assert "Showing: all rows · St: 'a, b', b" in page
    chart = html.unescape(board.get(f"/d/sp/v?{query}").get_data(as_text=True))
    assert "Rows: St: 'a, b', b" in chart
    report = pdf_text(saved(board.get(f"/d/sp.pdf?{query}").data, tmp_path, "report.pdf"))
    assert "St: 'a, b', b" in report


def test_the_note_of_a_look_alike_value_lists_a_value_holding_a_comma_as_one(tmp_path):
    client = two_forms_client(tmp_path, "caf\u00e9,1\n", "cafe\u0301,5\n\"bar, x\",7\n")
    page = client.get("/d/m/a", query_string={"filter.place": ["cafe\u0301", "bar, x"]})
    assert ("No rows of a hold Place 'bar, x', 'cafe\\u0301': it holds café, which looks the same"
            in html.unescape(page.get_data(as_text=True)))
