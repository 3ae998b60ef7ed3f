"""Edges of the URL rules: a blank filter on a column there is none of, a relative bound too far off
for any date, y names holding commas written back in a chart's links, and SOURCE_MAX_ROWS below the
bar cap."""
from __future__ import annotations

from html import unescape

import pytest

FORMATS = ("svg", "png", "pdf", "json", "csv")
PLOT_NOPE = "filter.nope: dataset 'stations' has no text column 'nope'; its text columns are station"
BOARD_NOPE = "filter.nope: dashboard 'stations' has no filter on 'nope'; its filters are filter.station"


@pytest.mark.parametrize("url", [*(f"/plot/stations.{fmt}?y=temperature_c&" for fmt in FORMATS),
                                 *(f"/d/stations/temperature.{fmt}?" for fmt in FORMATS),
                                 "/d/stations/temperature?", "/d/stations?", "/d/stations.pdf?",
                                 "/d/stations/versions.json?"])
def test_a_blank_filter_on_an_unknown_column_is_refused_as_one_with_a_value(client, url):
    blank, valued = client.get(url + "filter.nope="), client.get(url + "filter.nope=x")
    assert blank.status_code == valued.status_code == 404
    assert blank.get_data() == valued.get_data()
    if blank.mimetype in ("application/json", "text/plain", "text/html"):
        words = PLOT_NOPE if url.startswith("/plot/") else BOARD_NOPE
        assert words in unescape(blank.get_data(as_text=True))


@pytest.mark.parametrize("url", ["/plot/stations.json?y=temperature_c&filter.station=",
                                 "/d/stations/temperature.json?filter.station=", "/d/stations?filter.station="])
def test_a_blank_filter_on_a_column_that_can_be_filtered_still_asks_for_every_row(client, url):
    assert client.get(url, follow_redirects=True).status_code == 200
