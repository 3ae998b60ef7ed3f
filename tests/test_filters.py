"""Filters: a dashboard offers values of a text column; the URL carries filter.<column>=<value>, and
every chart, data URL, link and poll keeps it."""
from __future__ import annotations

import re
from datetime import datetime
from html import unescape
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pandas as pd
import pytest

from app import DashboardError, create_app
from app.views import dashboard_form
from tests.error_image_text import error_title
from tests.page_text import page_lines
from tests.conftest import CSV_WRITE, JSON_WRITE, WRITE_TOKEN, dashboard_site, json_rows
from tests.source_data import sources_toml, write_sqlite

STATIONS = ("East", "North", "South")
# Ten days, three stations a day: value = 10 × day + the station's place in STATIONS.
READINGS = "day,station,value,note\n" + "".join(
    f"2025-01-{day + 1:02d},{station},{10 * day + i},n{i}\n" for day in range(10) for i, station in enumerate(STATIONS))
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
id = "spread"
dataset = "readings"
kind = "hist"
y = ["value"]

[[charts]]
id = "bears"
dataset = "animals"
kind = "bar"
y = ["Bear"]
"""
NOW = datetime(2025, 1, 10, 12, 0, 0)


def make_app(tmp_path: Path, board: str = BOARD, name: str = "readings", **settings):
    """The sample site plus readings.csv and one dashboard file, on a fixed clock."""
    data, boards = tmp_path / "data", tmp_path / "boards"
    data.mkdir(exist_ok=True)
    boards.mkdir(exist_ok=True)
    (data / "readings.csv").write_text(READINGS)
    (boards / f"{name}.toml").write_text(board)
    return create_app({"TESTING": True, "DATA_DIR": str(data), "DASHBOARD_DIRS": [str(boards)],
                       "CLOCK": lambda: NOW, **settings})


@pytest.fixture
def client(tmp_path):
    return make_app(tmp_path).test_client()


def attributes(page: str, name: str) -> list[str]:
    return [unescape(value) for value in re.findall(rf'{name}="([^"]*)"', page)]


def params(url: str) -> list[tuple[str, str]]:
    """A URL's query parameters, decoded, in order."""
    return parse_qsl(urlsplit(url).query, keep_blank_values=True)


def test_a_filter_narrows_every_chart_of_its_dataset(client):
    north = json_rows(client, "/d/readings/line.json?filter.station=North")
    assert [r[1] for r in north] == [10 * d + 1 for d in range(10)]
    assert len(json_rows(client, "/d/readings/spread.json?filter.station=North")) == 10
    csv = client.get("/d/readings/line.csv?filter.station=North").get_data(as_text=True).splitlines()
    assert csv[:3] == ["day,value", "2025-01-01,1", "2025-01-02,11"] and len(csv) == 11


def test_several_values_of_a_filter_match_rows_holding_any_of_them(client):
    values = [r[1] for r in json_rows(client, "/d/readings/spread.json?filter.station=North&filter.station=South")]
    assert sorted(values) == sorted(10 * d + i for d in range(10) for i in (1, 2))


def test_a_chart_whose_dataset_lacks_the_column_is_drawn_whole_and_says_so(client):
    assert len(json_rows(client, "/d/readings/bears.json?filter.station=North")) == 12
    page = client.get("/d/readings?filter.station=North").get_data(as_text=True)
    captions = [unescape(caption) for caption in re.findall(r"<figcaption>(.*?)</figcaption>", page, re.S)]
    assert captions == ['<span class="note">Not filtered by Station: animals has no text column \'station\'.</span>']


def test_a_filtered_chart_whose_dataset_has_no_dates_says_the_range_left_it_whole_not_the_filter(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "counts.csv").write_text("station,value\nNorth,1\nSouth,2\n")
    board = BOARD.replace('dataset = "animals"\nkind = "bar"\ny = ["Bear"]',
                          'dataset = "counts"\nkind = "bar"\nx = "station"\ny = ["value"]')
    client = make_app(tmp_path, board).test_client()
    assert json_rows(client, "/d/readings/bears.json?from=2025-01-05&filter.station=North") == [["North", 1]]
    page = client.get("/d/readings?from=2025-01-05&filter.station=North").get_data(as_text=True)
    captions = re.findall(r"<figcaption>(.*?)</figcaption>", page, re.S)
    assert captions == ['<span class="note">Not narrowed to the time range: counts has no date column for the '
                        'time range.</span>']
    unfiltered = client.get("/d/readings?from=2025-01-05").get_data(as_text=True)
    assert "Drawn whole: counts has no date column for the time range." in unfiltered


def test_the_form_offers_each_filters_values_sorted_after_all(client):
    page = client.get("/d/readings").get_data(as_text=True)
    form = page[page.index("<form"):page.index("</form>")]
    assert 'method="get"' in form and 'action="/d/readings"' in form
    select = form[form.index('<select name="filter.station"'):form.index("</select>")]
    assert re.findall(r'<option value="([^"]*)"', select) == ["", *STATIONS]
    assert "<label>Station <select" in form
    assert 'name="from"' in form and 'name="to"' in form  # the dataset has dates


def test_the_form_shows_and_selects_the_active_values(client):
    page = client.get("/d/readings?filter.station=North&filter.station=South").get_data(as_text=True)
    assert '<select name="filter.station" translate="no" multiple size="4">' in page
    assert re.findall(r'<option value="(\w+)" selected>', page) == ["North", "South"]
    assert "Showing: all rows · Station: North, South" in page_lines(page)  # its values in an element of their own


@pytest.mark.parametrize(("query", "location"), [
    ("from=&to=&filter.station=North&range=now-7d", "/d/readings?from=now-7d&filter.station=North"),
    ("from=now-7d&to=&filter.station=North&range=all", "/d/readings?filter.station=North"),
    ("from=2025-01-03&to=&filter.station=", "/d/readings?from=2025-01-03"),
    ("filter.station=South&from=2025-01-03", "/d/readings?from=2025-01-03&filter.station=South"),
])
def test_the_forms_answer_is_sent_on_to_its_canonical_url(client, query, location):
    response = client.get(f"/d/readings?{query}")
    assert response.status_code == 302
    assert response.headers["Location"] == location
    assert client.get(location).status_code == 200


def test_an_unknown_quick_range_is_400_naming_the_quick_ranges(client):
    response = client.get("/d/readings?range=now-2d")
    assert response.status_code == 400
    assert "range must be one of now-24h, now-7d, now-30d, now-1y, all; got &#39;now-2d&#39;" in response.get_data(as_text=True)


@pytest.mark.parametrize(("written", "location"), [("All", "/d/readings?filter.station=North"),
                                                   ("ALL", "/d/readings?filter.station=North"),
                                                   ("%20all%20", "/d/readings?filter.station=North"),
                                                   ("%20now-7d", "/d/readings?from=now-7d&filter.station=North")])
def test_the_quick_range_all_is_taken_in_any_case_as_other_keywords_are(client, written, location):
    # It was a 400 in capitals, where kind=Bar or errors=IMAGE is taken; spaces around it are ignored, as from's are.
    response = client.get(f"/d/readings?from=now-30d&filter.station=North&range={written}")
    assert response.status_code == 302 and response.headers["Location"] == location


def test_a_relative_quick_range_keeps_its_case(client):
    # now-1M would be a month and now-1m a minute: the bounds are taken as from takes them.
    response = client.get("/d/readings?range=NOW-7D")
    assert response.status_code == 400
    assert "range must be one of now-24h, now-7d, now-30d, now-1y, all; got &#39;NOW-7D&#39;" in response.get_data(as_text=True)


@pytest.mark.parametrize(("written", "hint"), [("NOW-7D", "; write now-7d: a time relative to now starts with now"),
                                               ("-30d", "; write now-30d: a time relative to now starts with now"),
                                               ("NOW-2D", "; write from=now-2d: a time relative to now starts with now")])
def test_a_quick_range_written_another_way_is_told_the_bound_it_means_as_from_is(client, written, hint):
    response = client.get(f"/d/readings?range={written}")
    assert response.status_code == 400
    said = unescape(response.get_data(as_text=True))
    assert f"got '{written}'{hint}, in lower case, and its units are s, m (minutes), h, d, w" in said


@pytest.mark.parametrize(("url", "parameters"), [
    ("/d/readings?filter.colour=red", "from, to, range, filter.station"),
    ("/d/readings.pdf?filter.colour=red", "from, to, filter.station"),
    ("/d/readings/versions.json?filter.colour=red", "from, to, filter.station"),
    ("/d/readings/line.svg?filter.colour=red", "v, errors, from, to, filter.station"),
    ("/d/readings/line.json?filter.colour=red", "v, errors, from, to, filter.station"),
    ("/d/readings/line?filter.colour=red", "v, errors, from, to, filter.station"),
])
def test_a_filter_the_dashboard_does_not_offer_is_400_naming_its_filters_as_an_unknown_parameter(client, url,
                                                                                                 parameters):
    # Nothing the URL names is missing: it was given a parameter it does not take, as with a typo.
    response = client.get(url)
    assert response.status_code == 400
    text = unescape(response.get_data(as_text=True))
    assert "unknown parameter 'filter.colour'; the parameters are " in text
    assert parameters in text
    typo = client.get(url.replace("filter.colour", "froom"))
    assert typo.status_code == 400
    assert listed_parameters(text) == listed_parameters(unescape(typo.get_data(as_text=True)))


def listed_parameters(text: str) -> str:
    """The parameters a refusal in `text` (a page, JSON, plain text or an SVG) lists, up to what it says
    after them (a quick range's `from` to write instead)."""
    return re.split(r'[<"\n]|; ', text.split("; the parameters are ")[1])[0]


@pytest.mark.parametrize("url", ["/d/readings?filter.station=West", "/d/readings/spread.png?filter.station=West",
                                 "/d/readings/bears.json?filter.station=West"])
def test_a_value_the_column_does_not_hold_is_404_naming_the_values(client, url):
    response = client.get(url)
    assert response.status_code == 404
    text = error_title(response.data) if ".png" in url else unescape(response.get_data(as_text=True))
    assert "filter.station: column 'station' holds no value 'West'; its values are 'East', 'North', 'South'" in text


def test_the_values_listed_in_a_filter_error_are_quoted_so_commas_inside_them_read_plainly(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "places.csv").write_text('place,value\n"Paris, France",1\n"Paris, Texas",2\n')
    client = create_app({"TESTING": True, "DATA_DIR": str(data)}).test_client()
    response = client.get("/plot/places.json?y=value&filter.place=Paris")
    assert response.status_code == 404
    assert response.get_json()["error"].endswith("its values are 'Paris, France', 'Paris, Texas'")
    assert json_rows(client, "/plot/places.json?y=value&filter.place=Paris, Texas") == [["Paris, Texas", 2]]


ODD_NAMES = 'day,"p, q",c=d,who x,station,value\n2025-01-01,a,b,c,North,1\n'
ODD_FILTERS = "".join(f'[[filters]]\ncolumn = "{column}"\n' for column in ("p, q", "c=d", "who x", "station")) + (
    '[[charts]]\nid = "line"\ndataset = "odd"\nkind = "line"\nx = "day"\ny = ["value"]\n')


@pytest.mark.parametrize(("url", "parameters"), [
    ("/d/m?froom=1", "from, to, range, 'filter.p, q', 'filter.c=d', 'filter.who x', filter.station"),
    ("/d/m.pdf?range=all", "from, to, 'filter.p, q', 'filter.c=d', 'filter.who x', filter.station"),
    ("/d/m/line.json?froom=1", "v, errors, from, to, 'filter.p, q', 'filter.c=d', 'filter.who x', filter.station"),
])
def test_a_filter_a_refusal_lists_is_quoted_where_its_name_would_read_as_more_than_one(tmp_path, url, parameters):
    # `filter.p, q` read as two parameters, `filter.c=d` as filter.c given d, `filter.who x` as two words.
    client = dashboard_site(tmp_path, {"odd.csv": ODD_NAMES}, ODD_FILTERS).test_client()
    response = client.get(url)
    assert response.status_code == 400
    assert listed_parameters(unescape(response.get_data(as_text=True))).endswith(parameters)


def test_plot_urls_filter_by_any_text_column_of_their_dataset(client):
    south = json_rows(client, "/plot/readings.json?y=value&filter.note=n2&filter.station=South")
    assert [r[1] for r in south][:2] == [2, 12]
    assert json_rows(client, "/plot/readings.json?y=value&filter.note=n2&filter.station=North") == []
    response = client.get("/plot/readings.json?filter.value=1")
    assert response.status_code == 400
    assert ("filter.value: column 'value' of dataset 'readings' holds numbers, not text, and a filter chooses rows "
            "by a text column's values: the text columns are station, note") in (
        response.get_json()["error"])


def test_image_urls_chart_links_and_versions_keep_the_filters(client):
    page = client.get("/d/readings?filter.station=North").get_data(as_text=True)
    sources = [s for s in attributes(page, "src") if "/d/readings/" in s]
    assert len(sources) == 3 and all(re.search(r"\?filter\.station=North&v=\w+$", s) for s in sources)
    links = [h for h in attributes(page, "href") if h.startswith("/d/readings/")]
    assert links == [f"/d/readings/{c}?filter.station=North" for c in ("line", "spread", "bears")]
    assert attributes(page, "data-versions") == ["/d/readings/versions.json?filter.station=North"]
    charts = client.get("/d/readings/versions.json?filter.station=North").get_json()["charts"]
    assert [charts[c]["src"] for c in ("line", "spread", "bears")] == sources


def test_the_chart_page_keeps_range_and_filters_in_its_form_links_and_embeds(client):
    page = client.get("/d/readings/line?from=now-3d&filter.station=North").get_data(as_text=True)
    assert '<input type="hidden" name="from" value="now-3d">' in page
    assert '<input type="hidden" name="filter.station" value="North">' in page
    # The image draws the range as moments; links and embeds keep it relative, so they move on.
    image = re.search(r'<img id="chart" src="([^"]*)"', page).group(1)
    assert params(unescape(image))[:2] == [("from", "2025-01-07T12:00:00"), ("filter.station", "North")]
    embed = unescape(re.search(r'<input id="embed-url" readonly value="([^"]*)"', page).group(1))
    assert urlsplit(embed).path == "/d/readings/line.svg"
    assert params(embed) == [("from", "now-3d"), ("filter.station", "North")]
    crumb = re.search(r'<a href="([^"]*)">Readings</a>', page).group(1)
    assert params(unescape(crumb)) == [("from", "now-3d"), ("filter.station", "North")]
    assert ('Rows: <bdi translate="no">now-3d</bdi> (<bdi translate="no">2025-01-07 12:00:00 UTC</bdi>) onwards'
            ' · <bdi>Station</bdi>: <bdi translate="no">North</bdi>') in page
    data_links = [h for h in attributes(page, "href") if ".json" in h or ".csv" in h]
    assert [urlsplit(h).path for h in data_links] == ["/d/readings/line.json", "/d/readings/line.csv"]
    assert all(params(h) == [("from", "now-3d"), ("filter.station", "North")] for h in data_links)


def test_filtered_charts_are_their_own_cache_entries_and_unaffected_ones_share_theirs(client):
    def etag(url: str) -> str:
        response = client.get(url)
        assert response.status_code == 200
        return response.headers["ETag"]

    assert etag("/d/readings/line.svg") != etag("/d/readings/line.svg?filter.station=North")
    assert etag("/d/readings/line.svg?filter.station=North") != etag("/d/readings/line.svg?filter.station=South")
    # The order of the values does not make another chart.
    assert etag("/d/readings/line.svg?filter.station=North&filter.station=South") == etag(
        "/d/readings/line.svg?filter.station=South&filter.station=North")
    cache = client.application.extensions["svgplots"].cache
    before = len(cache)
    assert etag("/d/readings/bears.svg?filter.station=North") == etag("/d/readings/bears.svg")
    assert len(cache) == before + 1  # one drawing for both URLs


def test_a_filter_of_more_values_than_a_select_lists_is_a_text_field_that_takes_any_value(tmp_path, monkeypatch):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "many.csv").write_text("day,who,value\n" + "".join(
        f"2025-01-01,name{n:03d},{n}\n" for n in range(250)))
    client = make_app(tmp_path, BOARD.replace('"readings"', '"many"').replace('column = "station"', 'column = "who"'))\
        .test_client()
    monkeypatch.setattr(dashboard_form, "SUGGESTED_VALUES", 220)
    page = client.get("/d/readings").get_data(as_text=True)
    assert '<select name="filter.who"' not in page  # 250 values: more than a select lists
    fields = re.findall(r'<input name="filter.who" value="([^"]*)" list="([\w-]+)"', page)
    assert [value for value, _ in fields] == [""]
    datalist = page[page.index(f'<datalist id="{fields[0][1]}">'):page.index("</datalist>")]
    assert re.findall(r'<option value="([^"]*)"', datalist) == [f"name{n:03d}" for n in range(220)]
    assert "250 values: type one; the list suggests the first 220" in page
    # Values beyond the suggestions are taken as typed; each chosen value keeps a field of its own, in
    # the order of the page's URL, which lists them sorted (the browser is sent on to it).
    page = client.get("/d/readings?filter.who=name240&filter.who=name007", follow_redirects=True).get_data(as_text=True)
    assert re.findall(r'<input name="filter.who" value="([^"]*)"', page) == ["name007", "name240", ""]
    assert any(line.endswith("Station: name007, name240") for line in page_lines(page))
    assert json_rows(client, "/d/readings/spread.json?filter.who=name240") == [["2025-01-01", 240]]
    # What the form sends: the empty field is ignored.
    sent = client.get("/d/readings?filter.who=name240&filter.who=", follow_redirects=True)
    assert sent.status_code == 200 and sent.request.query_string == b"filter.who=name240"
    assert client.get("/d/readings?filter.who=nobody").status_code == 404


def test_a_filters_hint_names_its_values_only_when_the_list_suggests_them_all(tmp_path, monkeypatch):
    client = make_app(tmp_path).test_client()
    monkeypatch.setattr(dashboard_form, "FORM_VALUES", 2)  # three stations: a field, not a select
    hint = re.compile(r'<small class="muted" id="filter-1-hint">(.*?)</small>')
    assert hint.findall(client.get("/d/readings").get_data(as_text=True)) == [
        "3 values: type one of: <bdi>East</bdi>, <bdi>North</bdi>, <bdi>South</bdi>, or another"]
    # Fewer suggestions than NAMED_VALUES: the hint names none rather than some as if they were all.
    monkeypatch.setattr(dashboard_form, "SUGGESTED_VALUES", 2)
    assert hint.findall(client.get("/d/readings").get_data(as_text=True)) == [
        "3 values: type one; the list suggests the first 2"]


def test_a_dashboard_theme_applies_to_charts_that_name_none(tmp_path):
    board = 'theme = "auto"\n' + BOARD.replace('y = ["Bear"]', 'y = ["Bear"]\ntheme = "dark"')
    client = make_app(tmp_path, board).test_client()
    assert b"prefers-color-scheme: dark" in client.get("/d/readings/line.svg").data
    bears = client.get("/d/readings/bears.svg").data
    assert b"prefers-color-scheme" not in bears and b'fill="#16181d"' in bears  # drawn dark


@pytest.mark.parametrize(("extra", "words"), [
    ('[[filters]]\ncolumn = "value"\n', "filter 2: column: this dashboard's datasets have no text column 'value'; "
                                        "the text columns are note, station"),
    ('[[filters]]\nlabel = "No column"\n', "filter 2: column is missing: name a text column"),
    ('[[filters]]\ncolumn = "station"\n', "filter 2: column 'station' is filtered twice"),
    ('[[filters]]\ncolumn = "note"\ncolour = "red"\n', "filter 2: unknown key 'colour'; the keys are column, label"),
    ('[[filters]]\ncolumn = "note"\nlable = "Note"\n', "filter 2: unknown key 'lable' (did you mean 'label'?)"),
])
def test_a_bad_filter_stops_start_up_naming_it(tmp_path, extra, words):
    board = BOARD.replace("[[charts]]", extra + "\n[[charts]]", 1)
    with pytest.raises(DashboardError) as caught:
        make_app(tmp_path, board)
    assert str(caught.value).startswith(f"readings.toml: {words}")


@pytest.mark.parametrize(("extra", "words"), [
    ('time_column = "note"\n', "time_column: this dashboard's datasets have no date column 'note'; "
                               "the date columns are day"),
    ('theme = "sepia"\n', "theme must be one of light, dark, auto, print; got 'sepia'"),
    ('from = "last week"\n', "from must be a date (2024-01-31)"),
    ('from = 2025-02-01\nto = 2025-01-01\n', "from must not be after to"),
    ('filters = "station"\n', "filters must be a list of [[filters]] tables"),
])
def test_a_bad_dashboard_range_theme_or_time_column_stops_start_up(tmp_path, extra, words):
    without_filters = BOARD.replace('[[filters]]\ncolumn = "station"\nlabel = "Station"\n', "")
    with pytest.raises(DashboardError, match=re.escape(words)):
        make_app(tmp_path, extra + without_filters)


def test_the_stations_sample_opens_on_2025_and_filters_by_station(app):
    client = app.test_client()
    hilltop = client.get("/d/stations/sunshine-vs-temperature.json?filter.station=Hilltop").get_json()
    assert len(hilltop["rows"]) == 365  # 2025, one station
    assert hilltop["selection"] == {"time_column": "date", "from": "2025-01-01T00:00:00Z", "to": None,
                                    "filters": {"station": ["Hilltop"]}}
    months = json_rows(client, "/d/stations/rainfall.json?from=2024-01-01&to=2024-12-31&filter.station=Airport")
    assert [row[0] for row in months] == [f"2024-{m:02d}-01" for m in range(1, 13)]
    page = client.get("/d/stations?filter.station=Harbour").get_data(as_text=True)
    select = page[page.index('<select name="filter.station"'):page.index("</select>")]
    assert re.findall(r'<option value="([^"]*)"', select) == ["", "Airport", "Harbour", "Hilltop", "Riverside"]
    assert page.count("Not filtered by Station:") == 2  # the weather and the animals charts
    assert "Drawn whole: animals has no date column" in page
    assert b"prefers-color-scheme: dark" in client.get("/d/stations/temperature.svg").data  # theme = "auto"


@pytest.mark.parametrize("query", ["range=now-7d&range=all", "range=all&range=all"])
def test_a_quick_range_given_twice_is_400_saying_so(client, query):
    response = client.get(f"/d/readings?{query}")
    assert response.status_code == 400
    page = unescape(response.get_data(as_text=True))
    assert "range was given 2 times; give it once" in page and "got 'now-7d'" not in page
    # What it takes, in the words a bad value is refused with.
    assert "range was given 2 times; give it once: one of now-24h, now-7d, now-30d, now-1y, all" in page


@pytest.mark.parametrize("url", ["/d/readings/line.json?filter_station=North",
                                 "/d/readings/line.svg?filter_station=North", "/d/readings/line?filter_station=North"])
def test_a_filter_written_with_an_underscore_is_400_naming_the_dashboards_filter(client, url):
    response = client.get(url)
    assert response.status_code == 400
    text = unescape(response.get_data(as_text=True))
    if response.mimetype == "image/svg+xml":  # the message drawn line by line
        text = " ".join(re.findall(r">([^<]*)</text>", text))
    assert "unknown parameter 'filter_station' (did you mean 'filter.station'?)" in text
    assert "from, to, filter.station" in text


@pytest.mark.parametrize("sent", ["Lake%0D%0AShore", "Lake%0DShore", "Lake%0AShore"])
def test_a_filter_value_with_a_line_break_is_chosen_whichever_line_break_the_browser_sends(tmp_path, sent):
    # A select's option holding a line break is sent by the browser as CRLF.
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "lake.csv").write_text(READINGS + '2025-01-05,"Lake\nShore",99,n9\n')
    client = make_app(tmp_path, BOARD.replace('"readings"', '"lake"')).test_client()
    page = client.get("/d/readings").get_data(as_text=True)
    assert '<option value="Lake\nShore">' in page
    assert json_rows(client, f"/d/readings/line.json?filter.station={sent}") == [["2025-01-05", 99]]
    assert json_rows(client, f"/plot/lake.json?x=day&y=value&filter.station={sent}") == [["2025-01-05", 99]]
    chosen = client.get(f"/d/readings?filter.station={sent}", follow_redirects=True)
    assert chosen.status_code == 200 and chosen.request.query_string == b"filter.station=Lake%0AShore"
    assert '<option value="Lake\nShore" selected>' in chosen.get_data(as_text=True)


def test_text_written_with_windows_line_breaks_is_kept_with_line_feeds_so_a_filter_can_choose_it(tmp_path):
    # A filter value's line breaks arrive as line feeds, whichever the browser sent; so are stored ones.
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "lake.csv").write_bytes((READINGS + '2025-01-05,"Lake\r\nShore",99,n9\n').encode())
    client = make_app(tmp_path, WRITE_TOKENS=WRITE_TOKEN).test_client()
    upload = 'day,station,value\r\n2025-01-06,"Hill\r\nTop",7\r\n2025-01-07,"Old\rMill",8\r\n'
    assert client.post("/api/datasets?name=sent", data=upload, headers=CSV_WRITE).status_code == 201
    appended = [{"day": "2025-01-08", "station": "Hill\r\nTop", "value": 9}]
    assert client.post("/api/datasets/sent/rows", json=appended, headers=JSON_WRITE).status_code == 200
    for dataset, station, rows in (("lake", "Lake%0D%0AShore", [["2025-01-05", 99]]),
                                   ("sent", "Hill%0D%0ATop", [["2025-01-06", 7], ["2025-01-08", 9]]),
                                   ("sent", "Old%0AMill", [["2025-01-07", 8]])):
        assert json_rows(client, f"/plot/{dataset}.json?x=day&y=value&filter.station={station}") == rows
    stations = {row[1] for row in client.get("/datasets/sent.json").get_json()["rows"]}
    assert stations == {"Hill\nTop", "Old\nMill"}


def test_the_form_offers_no_blank_value_which_a_filter_cannot_choose(tmp_path):
    # '' and '  ' are values of their own in the database, but a filter skips a blank value (the
    # "All" option sends one), so an option for them would show every row, as "All" does.
    rows = pd.DataFrame({"day": pd.to_datetime(["2025-01-01"] * 4), "station": ["", "  ", "North", None],
                         "value": [1, 2, 3, 4]})
    url = write_sqlite(tmp_path / "lake.db", {"lake": rows})
    sources = sources_toml(tmp_path / "sources.toml", {"db": {"url": url}}, {"lake": {"source": "db", "table": "lake"}})
    client = make_app(tmp_path, BOARD.replace('"readings"', '"lake"'), SOURCES=str(sources)).test_client()
    page = client.get("/d/readings").get_data(as_text=True)
    select = page[page.index('<select name="filter.station"'):page.index("</select>")]
    assert re.findall(r'<option value="([^"]*)"', select) == ["", "North"]
    assert json_rows(client, "/d/readings/line.json?filter.station=North") == [["2025-01-01", 3]]


@pytest.mark.parametrize(("url", "words"), [
    ("/d/readings?froom=2025-01-03",
     "unknown parameter 'froom' (did you mean 'from'?); the parameters are from, to, range, filter.station"),
    ("/d/readings.pdf?froom=2025-01-03",
     "unknown parameter 'froom' (did you mean 'from'?); the parameters are from, to, filter.station"),
    ("/d/readings?filter.station=North&titel=x", "unknown parameter 'titel' (did you mean 'title'? it applies to "
                                                 "a chart's URL (such as /d/readings/"),
    ("/d/readings?filter.station=North&zzz=x", "unknown parameter 'zzz'; the parameters are from, to, range"),
    ("/d/readings?filter_station=North", "unknown parameter 'filter_station' (did you mean 'filter.station'?)"),
    ("/d/readings.pdf?range=now-7d", "range applies to the dashboard's page (/d/readings) only, not the dashboard's "
                                     ".pdf report; the parameters are from, to, filter.station"),
])
def test_an_unknown_parameter_on_a_dashboard_page_or_report_is_400_naming_what_it_takes(client, url, words):
    # Ignored, a typo would show every row without a word, where a chart's URL refuses it.
    response = client.get(url)
    assert response.status_code == 400
    assert words in unescape(response.get_data(as_text=True))
