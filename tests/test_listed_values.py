"""A filter's values listed in words (a dashboard's `Showing:`, a chart page's `Rows:`, a report's
filter lines, the note of a filter that chose no rows) are joined by ", ", so a value holding ", " is
quoted, `'a, b'`, and reads as one value; a plain value stays as it is."""
from __future__ import annotations

import html

import pytest

from tests.page_text import page_lines
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


def test_a_list_parted_by_more_than_commas_quotes_a_name_holding_what_parts_it_alone_or_not():
    from plots.text import names_listed
    assert names_listed(["North or South"], parted_by=(" or ",)) == ["'North or South'"]
    assert names_listed(["North or South"]) == ["North or South"]
    assert names_listed(["a and b", "c"], parted_by=(" or ",)) == ["'a and b'", "c"]


def test_the_rows_shown_list_a_value_holding_a_comma_as_one(board, tmp_path):
    query = "filter.st=a%2C+b&filter.st=b"
    # Read as a reader reads them: the values in an element of their own.
    assert "Showing: all rows · St: 'a, b', b" in page_lines(board.get(f"/d/sp?{query}").get_data(as_text=True))
    chart = page_lines(board.get(f"/d/sp/v?{query}").get_data(as_text=True))
    assert any(line.startswith("Rows: St: 'a, b', b (") for line in chart), chart
    report = pdf_text(saved(board.get(f"/d/sp.pdf?{query}").data, tmp_path, "report.pdf"))
    assert "St: 'a, b', b" in report


def test_the_note_of_a_look_alike_value_lists_a_value_holding_a_comma_as_one(tmp_path):
    client = two_forms_client(tmp_path, "caf\u00e9,1\n", "cafe\u0301,5\n\"bar, x\",7\n")
    page = client.get("/d/m/a", query_string={"filter.place": ["cafe\u0301", "bar, x"]})
    assert ("No rows of a hold Place 'bar, x', 'cafe\\u0301': it holds café, which looks the same"
            in html.unescape(page.get_data(as_text=True)))


# A family of four joined by zero width joiners, and a Persian word whose letters a zero width
# non-joiner keeps apart: ordinary text, whose format characters draw.
FAMILY, PERSIAN = "\U0001F468\u200d\U0001F469\u200d\U0001F467\u200d\U0001F466", "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"


def test_an_emoji_family_and_a_persian_word_are_listed_as_they_are():
    from plots.text import column_list, values_listed
    assert values_listed([FAMILY, PERSIAN]) == f"{FAMILY}, {PERSIAN}"
    assert values_listed(["x\u200b", "a\nb"]) == "'x\\u200b', 'a\\nb'"
    # A refusal lists a name as it quotes one alone, as Python writes it.
    assert column_list([FAMILY, "a"]) == f"{FAMILY!r}, a"


def test_the_rows_shown_list_an_emoji_family_as_it_is(tmp_path):
    client = dashboard_site(tmp_path, "fam", f"d,st,v\n2024-01-01,{FAMILY},2\n2024-01-02,a,3\n",
                            'title = "Fam"\n[[filters]]\ncolumn = "st"\nlabel = "St"\n')
    query = f"filter.st={FAMILY}"
    raw = client.get("/d/fam", query_string=query).get_data(as_text=True)
    page = html.unescape(raw)
    assert f"Showing: all rows · St: {FAMILY}" in page_lines(raw)
    assert f"Rows shown: st {FAMILY}." in page
