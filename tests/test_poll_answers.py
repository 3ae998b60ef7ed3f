"""A refreshing dashboard's poll of its versions.json answers what its page shows, on a dashboard of
filters (one of a select, one of typed values), ranges relative to now or not, a chart of a file
removed since the site started and a chart it may not draw, while doing only the work its answer
needs: of the form, its selects and the line of the rows shown."""
from __future__ import annotations

import html
import json
import re
from datetime import datetime, timedelta

import pytest

from app.selection_queries import FORM_VALUES
from app import dashboard_charts
from app.views import chart_versions, dashboard_form, dashboards
from tests.conftest import Clock, dashboard_site
from tests.test_versions_words import page_words, select_options

NOW = datetime(2026, 12, 1, 12, 0, 0)
SENSORS = FORM_VALUES + 21  # more than a select lists: typed; each station has them all
BOARD = """refresh = 5
time_column = "date"
from = 2026-06-01

[[filters]]
column = "station"
label = "Station"

[[filters]]
column = "sensor"
label = "Sensor"

[[charts]]
id = "temperature"
dataset = "readings"
x = "date"
y = ["temperature"]
resample = "day"

[[charts]]
id = "against"
dataset = "readings"
kind = "scatter"
x = "temperature"
y = ["humidity"]

[[charts]]
id = "places"
dataset = "places"
kind = "bar"
x = "place"
y = ["count"]

[[charts]]
id = "too-many-bars"
dataset = "readings"
kind = "bar"
x = "sensor"
y = ["temperature"]
"""
GONE = """
[[charts]]
id = "gone"
dataset = "doomed"
x = "date"
y = ["value"]
"""


def readings() -> str:
    """A reading an hour back from NOW, of four stations (one written in two forms) and SENSORS sensors."""
    stations = ["North", "café", "cafe\u0301", "South "]
    return "date,station,sensor,temperature,humidity\n" + "".join(
        f"{NOW - timedelta(hours=row):%Y-%m-%dT%H:%M:%S},{stations[row % 4]},s{row % SENSORS:03d},{row % 30},{row % 90}\n"
        for row in range(2000))


def site(tmp_path, board: str):
    """The client of a site of `board` over readings, places without dates and a file removed once
    it has started, its clock stopped at NOW."""
    files = {"readings.csv": readings(), "places.csv": "place,count\nNorth,3\nEast,4\n",
             "doomed.csv": "date,value\n2026-11-01,1\n"}
    app = dashboard_site(tmp_path, files, board)
    app.config["CLOCK"] = Clock(NOW)
    (tmp_path / "data" / "doomed.csv").unlink()
    return app.test_client()


def page_charts(page: str) -> dict[str, dict]:
    """Each chart's image URL and alt text, by its id, as the page writes them."""
    return {chart: {"src": html.unescape(src), "alt": html.unescape(alt)} for src, alt, chart in
            re.findall(r'<img src="([^"]*)" [^>]*alt="([^"]*)"[^>]*data-chart="([^"]*)"', page)}


QUERIES = ["", "?from=now-30d", "?from=now-7d&to=now", "?from=2026-11-01&to=2026-11-15", "?from=",
           "?filter.station=North", "?filter.station=caf%C3%A9&filter.sensor=s007&from=now-24h",
           "?filter.sensor=s001&filter.sensor=s200"]


@pytest.mark.parametrize("board", [BOARD, BOARD + GONE], ids=["every file there", "a file removed"])
@pytest.mark.parametrize("query", QUERIES)
def test_a_poll_answers_the_words_images_and_selects_of_the_dashboard_s_page(tmp_path, board, query):
    client = site(tmp_path, board)
    page = client.get(f"/d/m{query}", follow_redirects=True).get_data(as_text=True)
    polled = client.get(f"/d/m/versions.json{query}").get_json()
    showing, notes = page_words(page)
    assert polled["showing"] == showing
    assert [chart["notes"] for chart in polled["charts"].values()] == notes
    assert {chart: {"src": found["src"], "alt": found["alt"]} for chart, found in polled["charts"].items()} \
        == page_charts(page)
    selects = {"filter.station": select_options(page, "filter.station")} if board == BOARD else {}
    assert polled["filters"] == selects  # the sensors are typed; with a file removed, the stations too
    if "sensor" not in query:  # a bar a sensor: too many
        assert polled["charts"]["too-many-bars"]["status"] == 422
    if board != BOARD:
        assert polled["charts"]["gone"]["status"] == 404


def test_a_poll_builds_no_form_but_its_selects_and_the_line_of_the_rows_shown(tmp_path, monkeypatch):
    client = site(tmp_path, BOARD)
    expected = client.get("/d/m/versions.json?filter.sensor=s003").get_data()

    def no_form(*args, **kwargs):
        raise AssertionError("a poll built the page's form")

    monkeypatch.setattr(dashboards, "page_form", no_form)
    monkeypatch.setattr(dashboard_form, "page_form", no_form)
    assert client.get("/d/m/versions.json?filter.sensor=s003").get_data() == expected


def test_a_poll_of_unchanged_data_lists_no_filter_s_values_again(tmp_path, monkeypatch):
    client = site(tmp_path, BOARD)
    first = client.get("/d/m/versions.json").get_data()
    read = []
    store = client.application.extensions["svgplots"].store
    values = store.text_values
    monkeypatch.setattr(store, "text_values", lambda name, column, *args: read.append(column) or values(name, column, *args))
    assert client.get("/d/m/versions.json").get_data() == first
    assert client.get("/d/m").status_code == 200
    assert read == []  # each filter's values, of the datasets' versions, kept since the first poll
    (tmp_path / "data" / "readings.csv").write_text(readings() + f"{NOW:%Y-%m-%dT%H:%M:%S},West,s000,1,2\n")
    options = client.get("/d/m/versions.json").get_json()["filters"]["filter.station"]
    assert {"value": "West", "text": "West"} in options and sorted(read) == ["sensor", "station"]


def test_a_poll_makes_no_link_to_a_chart_s_page(tmp_path, monkeypatch):
    # Its answer has none: a link is made for each chart of the page alone.
    client = site(tmp_path, BOARD + GONE)
    expected = client.get("/d/m/versions.json?from=now-7d").get_data()
    made = []
    link = dashboards.chart_page_url
    monkeypatch.setattr(dashboards, "chart_page_url", lambda *args: made.append(args) or link(*args))
    assert client.get("/d/m/versions.json?from=now-7d").get_data() == expected and made == []
    page = client.get("/d/m?from=now-7d").get_data(as_text=True)
    assert len(made) == 5 and '<a href="/d/m/gone?from=now-7d"' in page


def test_a_poll_of_unchanged_columns_reads_no_chart_s_fields_again(tmp_path, monkeypatch):
    # A wall of many charts is polled every few seconds: each chart's fields are read over its
    # dataset's columns once, not at every poll, and again once the columns change.
    client = site(tmp_path, BOARD)
    first = client.get("/d/m/versions.json?from=now-7d").get_data()
    read = []
    parse = dashboard_charts.parse_spec
    monkeypatch.setattr(dashboard_charts, "parse_spec", lambda *args, **kwargs: read.append(args) or parse(*args, **kwargs))
    assert client.get("/d/m/versions.json?from=now-7d").get_data() == first
    assert client.get("/d/m?from=now-7d").status_code == 200
    assert read == []
    (tmp_path / "data" / "places.csv").write_text("place,count,extra\nNorth,3,1\nEast,4,2\n")
    polled = client.get("/d/m/versions.json?from=now-7d").get_json()
    assert len(read) == 1 and polled["charts"]["places"]["version"] != json.loads(first)["charts"]["places"]["version"]


def test_a_poll_makes_no_chart_s_image_path_or_rows_asked_again(tmp_path, monkeypatch):
    # Of each chart's image URL only its `v` is made at each poll: its path and the rows it asks for
    # are those of the poll before.
    client = site(tmp_path, BOARD)
    first = client.get("/d/m/versions.json?filter.station=North&from=now-7d").get_data()
    made = []
    monkeypatch.setattr(chart_versions, "url_for", lambda *args, **kwargs: made.append(args) or "")
    monkeypatch.setattr(chart_versions, "urlencode", lambda *args, **kwargs: made.append(args) or "")
    assert client.get("/d/m/versions.json?filter.station=North&from=now-7d").get_data() == first
    assert made == []


def test_a_poll_through_a_proxy_s_prefix_gives_the_images_under_it(proxied):
    # The paths a poll keeps are those of the prefix it is asked under.
    client = proxied.test_client()
    host = {"Host": "charts.example.org"}
    plain = client.get("/d/stations/versions.json", headers=host).get_json()["charts"]
    prefixed = client.get("/d/stations/versions.json", headers={**host, "X-Forwarded-Prefix": "/charts"}).get_json()
    assert {chart: found["src"] for chart, found in prefixed["charts"].items()} == \
        {chart: "/charts" + found["src"] for chart, found in plain.items()}
    assert client.get("/d/stations/versions.json", headers=host).get_json()["charts"] == plain
