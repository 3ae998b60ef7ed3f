"""Edges of the URL rules: a blank filter on a column there is none of, a relative bound too far off
for any date, y names holding commas written back in a chart's links, and SOURCE_MAX_ROWS below the
bar cap."""
from __future__ import annotations

import re
from datetime import datetime
from html import unescape

import pytest

from app import DashboardError, create_app

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


@pytest.mark.parametrize(("query", "offset"), [("from=now-99999999999d", "-99999999999d"),
                                               ("to=now%2B99999999999999999999y", "+99999999999999999999y"),
                                               ("from=now-400000000000s", "-400000000000s"),
                                               ("from=now-1234567d", "-1234567d")])  # 3,380 years: from today
@pytest.mark.parametrize("url", ["/plot/weather.json?y=temperature_c&", "/d/stations/temperature.json?"])
def test_a_relative_bound_too_far_off_says_so_and_the_years_there_are(client, url, query, offset):
    name, text = query.split("=")
    response = client.get(url + query)
    assert response.status_code == 400
    assert response.get_json()["error"] == (f"{name} {text.replace('%2B', '+')!r} is out of the range of dates "
                                            f"(years 1 to 9999): its offset {offset!r} is too far from now")


def test_a_relative_bound_in_reach_of_the_calendar_from_now_is_drawn_whatever_its_digits(data_dir):
    # Ten million seconds (115 days) ago is a date like any other; so is one written with leading zeros.
    client = create_app({"TESTING": True, "DATA_DIR": str(data_dir),
                         "CLOCK": lambda: datetime(2025, 1, 31, 12, 0, 0)}).test_client()
    for bound in ("now-10000000s", "now-00000000000000000000115d"):
        response = client.get(f"/plot/weather.json?y=temperature_c&from={bound}")
        assert response.status_code == 200, response.get_json()
        assert response.get_json()["selection"]["from"].startswith("2024-10-")


def test_a_dashboard_range_too_far_off_stops_start_up_naming_it(tmp_path):
    boards = tmp_path / "boards"
    boards.mkdir()
    (boards / "far.toml").write_text('from = "now-99999999999d"\n[[charts]]\nid = "t"\ndataset = "weather"\n')
    with pytest.raises(DashboardError, match=re.escape("from 'now-99999999999d' is out of the range of dates "
                                                       "(years 1 to 9999): its offset '-99999999999d' is too far")):
        create_app({"TESTING": True, "DATA_DIR": str(tmp_path), "DASHBOARD_DIRS": [str(boards)]})
