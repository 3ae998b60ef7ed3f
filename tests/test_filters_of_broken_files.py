"""A dashboard's filters over several datasets, one a data-folder file that became unreadable or was
removed: the file is skipped as a source that cannot be reached is, so only its own charts say why."""
from __future__ import annotations

import os
import re
from html import unescape
from pathlib import Path

import pytest

from tests.page_text import page_lines
from tests.test_filters import make_app
from tests.test_pdf import pdf_text, saved

BOARD = """\
title = "Readings"
refresh = 60

[[filters]]
column = "station"
label = "Station"

[[charts]]
id = "line"
dataset = "readings"
kind = "line"
x = "day"
y = ["value"]

[[charts]]
id = "temperature"
dataset = "stations"
kind = "line"
x = "date"
y = ["temperature_c"]

[[charts]]
id = "bears"
dataset = "animals"
kind = "bar"
y = ["Bear"]
"""
WHY = {"unreadable": "row 1 (line 2) has 4 values; the header has 3 columns", "removed": "no dataset 'readings'"}


def break_file(data: Path, how: str) -> None:
    """Make readings.csv unreadable (replaced whole by a file with a row too long) or remove it."""
    path = data / "readings.csv"
    if how == "removed":
        path.unlink()
        return
    replacement = data / "readings.csv.new"
    replacement.write_text("day,station,value\n2025-01-01,North,1,2\n")
    os.replace(replacement, path)


@pytest.fixture(params=sorted(WHY))
def broken(request, tmp_path):
    """(client, how): the readings dashboard, opened once, after its file was made `how`."""
    client = make_app(tmp_path, BOARD).test_client()
    assert client.get("/d/readings").status_code == 200
    break_file(tmp_path / "data", request.param)
    return client, request.param


@pytest.mark.parametrize("query", ["", "?filter.station=North", "?filter.station=Airport"])
def test_the_dashboard_page_shows_its_form_and_charts_and_says_why_in_the_broken_charts_place(broken, query):
    client, how = broken
    page = client.get(f"/d/readings{query}")
    assert page.status_code == 200, page.get_data(as_text=True)[:300]
    html = unescape(page.get_data(as_text=True))
    assert '<form class="rows-form"' in html and 'name="filter.station"' in html
    assert "values listed, not all there are" in html  # the stations of the readings are not known now
    assert 'alt="This chart cannot be drawn: ' in html and WHY[how] in html
    assert 'src="/d/readings/temperature.svg?' in html and 'src="/d/readings/bears.svg?' in html


@pytest.mark.parametrize("chart", ["temperature", "bears"])
def test_a_healthy_chart_draws_with_a_filter_chosen(broken, chart):
    client, _ = broken
    for station in ("North", "Airport"):
        response = client.get(f"/d/readings/{chart}.svg?filter.station={station}")
        assert response.status_code == 200, response.get_data(as_text=True)[:300]


def test_the_broken_files_own_chart_says_why(broken):
    client, how = broken
    response = client.get("/d/readings/line.svg?filter.station=North")
    assert response.status_code == {"unreadable": 422, "removed": 404}[how]
    assert WHY[how] in unescape(response.get_data(as_text=True))


def test_the_report_draws_the_healthy_charts_and_the_broken_ones_reason(broken, tmp_path):
    client, how = broken
    response = client.get("/d/readings.pdf?filter.station=Airport")
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert response.mimetype == "application/pdf"
    text = pdf_text(saved(response.data, tmp_path))
    assert WHY[how] in text


def test_versions_json_gives_the_healthy_charts_versions_and_the_broken_ones_reason(broken):
    client, how = broken
    response = client.get("/d/readings/versions.json?filter.station=North")
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    charts = response.get_json()["charts"]
    assert charts["temperature"]["version"] and charts["bears"]["version"]
    assert charts["line"]["version"] is None and WHY[how] in charts["line"]["alt"]
    # The status its image answers: not a source down for a moment, so auto-refresh shows the error.
    assert charts["line"]["status"] == {"unreadable": 422, "removed": 404}[how]
    assert "status" not in charts["temperature"] and "status" not in charts["bears"]


# Its one dataset holds the filter's column: once its file is broken, no value of it can be listed.
LONE_BOARD = """\
title = "Readings"

[[filters]]
column = "station"
label = "Station"

[[charts]]
id = "line"
dataset = "readings"
kind = "line"
x = "day"
y = ["value"]
"""


@pytest.mark.parametrize("how", sorted(WHY))
def test_a_filter_none_of_whose_values_can_be_read_says_so_and_offers_no_list(tmp_path, how):
    client = make_app(tmp_path, LONE_BOARD).test_client()
    break_file(tmp_path / "data", how)
    page = client.get("/d/readings")
    assert page.status_code == 200, page.get_data(as_text=True)[:300]
    html = unescape(page.get_data(as_text=True))
    [hint] = re.findall(r'<small class="muted" id="filter-1-hint">([^<]*)</small>', html)
    assert hint == "no values can be listed now: type one"
    assert '<datalist id="filter-1-values"></datalist>' in html


POST_CHART = '\n[[charts]]\nid = "post"\ndataset = "post"\nkind = "bar"\nx = "station"\ny = ["n"]\n'


@pytest.mark.parametrize(("stations", "hint"), [
    (["North"], "1 value listed, not all there are: type one of: North, or another"),
    (["Hill", "Airport", "Harbour"], "3 values listed, not all there are: type one of: Airport, Harbour, Hill, or another"),
    ([f"s{i:02d}" for i in range(13)], "13 values listed, not all there are: type one or pick it from the list"),
])
def test_a_filter_of_the_values_of_its_readable_files_counts_them_names_a_few_and_lists_them(tmp_path, stations, hint):
    # A filter of one value counts it as one; of up to twelve, its hint names them, as a text browser reads
    # it (the suggestions are a <datalist>, which a text browser and some screen readers never show); of
    # more, it counts them and keeps the list.
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "post.csv").write_text("station,n\n" + "".join(f"{station},1\n" for station in stations))
    client = make_app(tmp_path, LONE_BOARD + POST_CHART).test_client()
    break_file(tmp_path / "data", "removed")
    page = client.get("/d/readings").get_data(as_text=True)
    html = unescape(page)
    [shown] = re.findall(r'<small class="muted" id="filter-1-hint">(.*?)</small>', html)
    assert re.sub("<[^>]*>", "", shown) == hint  # each value named set apart, in a <bdi>
    assert f"Station {hint}" in page_lines(page)
    [listed] = re.findall(r'<datalist id="filter-1-values">(.*?)</datalist>', html, re.S)
    assert re.findall(r'<option value="([^"]*)"', listed) == sorted(stations)
