"""A dashboard's versions.json gives the words its page shows beside the charts, for auto-refresh to
keep them true: the line of the rows shown, the notes under each chart and the options of its
filters' selects (a value new to the data since the page was opened among them)."""
from __future__ import annotations

import html
import re

import pytest

from app.selection_queries import FORM_VALUES
from tests.conftest import dashboard_site
from tests.page_text import page_lines


def page_words(page: str) -> tuple[str, list[list[str]]]:
    """The line of the rows shown (after "Showing: "), and each chart's notes, as a reader reads them."""
    # Its filters' values in elements of their own: read as their text.
    [showing] = [line.removeprefix("Showing: ") for line in page_lines(page) if line.startswith("Showing: ")]
    figures = re.findall(r'<figure class="chart">(.*?)</figure>', page, re.S)
    return showing, [[html.unescape(note) for note in re.findall(r'<span class="note">([^<]*)</span>', figure)]
                     for figure in figures]


@pytest.mark.parametrize("query", ["", "?from=now-30d&filter.station=Airport", "?from=2025-03-01&to=2025-03-31"])
def test_versions_json_gives_the_rows_shown_and_each_chart_s_notes_as_the_page_shows_them(client, query):
    showing, notes = page_words(client.get(f"/d/stations{query}").get_data(as_text=True))
    polled = client.get(f"/d/stations/versions.json{query}").get_json()
    assert polled["showing"] == showing
    assert [chart["notes"] for chart in polled["charts"].values()] == notes
    assert any(notes)  # the bears, of no dates: drawn whole


def select_options(page: str, name: str) -> list[dict]:
    """The options of the page's select `name` after "All", as the page writes them."""
    select = re.search(rf'<select name="{re.escape(name)}"[^>]*>(.*?)</select>', page, re.S)[1]
    return [{"value": html.unescape(value), "text": html.unescape(text)}
            for value, text in re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select)][1:]


@pytest.mark.parametrize("query", ["", "?filter.station=Airport", "?filter.station=Airport&filter.station=Harbour"])
def test_versions_json_gives_the_options_of_each_filter_s_select_as_the_page_shows_them(client, query):
    page = client.get(f"/d/stations{query}").get_data(as_text=True)
    polled = client.get(f"/d/stations/versions.json{query}").get_json()
    assert polled["filters"] == {"filter.station": select_options(page, "filter.station")}
    assert len(polled["filters"]["filter.station"]) > 1


PONDS_BOARD = ('refresh = 5\n[[charts]]\nid = "frogs"\ndataset = "ponds"\ny = ["frogs"]\n'
               '[[filters]]\ncolumn = "pond"\nlabel = "Pond"\n')


def test_a_value_new_to_the_data_is_among_the_options_versions_json_gives_in_the_words_of_the_page(tmp_path):
    client = dashboard_site(tmp_path, {"ponds.csv": "day,pond,frogs\n1,North,3\n"}, PONDS_BOARD).test_client()
    assert client.get("/d/m/versions.json").get_json()["filters"] == {"filter.pond": [{"value": "North",
                                                                                        "text": "North"}]}
    (tmp_path / "data" / "ponds.csv").write_text("day,pond,frogs\n1,North,3\n2,East ,4\n")
    polled = client.get("/d/m/versions.json").get_json()["filters"]
    assert polled == {"filter.pond": select_options(client.get("/d/m").get_data(as_text=True), "filter.pond")}
    assert polled["filter.pond"] == [{"value": "East ", "text": "'East '"}, {"value": "North", "text": "North"}]


def test_versions_json_gives_no_options_of_a_filter_whose_values_are_typed(tmp_path):
    rows = "".join(f"{day},p{day:03d},1\n" for day in range(FORM_VALUES + 1))
    client = dashboard_site(tmp_path, {"ponds.csv": "day,pond,frogs\n" + rows}, PONDS_BOARD).test_client()
    assert 'list="filter-1-values"' in client.get("/d/m").get_data(as_text=True)
    assert client.get("/d/m/versions.json").get_json()["filters"] == {}
