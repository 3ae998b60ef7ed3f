"""A dashboard's versions.json gives the words its page shows beside the charts, for auto-refresh to
keep them true: the line of the rows shown and the notes under each chart."""
from __future__ import annotations

import html
import re

import pytest


def page_words(page: str) -> tuple[str, list[list[str]]]:
    """The line of the rows shown (after "Showing: "), and each chart's notes, as a reader reads them."""
    showing = html.unescape(re.search(r'<p class="active"[^>]*>Showing: (.*?)</p>', page)[1])
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
