"""Edges of the URL rules: a blank filter on a column there is none of, a relative bound too far off
for any date, y names holding commas written back in a chart's links, and SOURCE_MAX_ROWS below the
bar cap."""
from __future__ import annotations

import re
from datetime import datetime
from html import unescape
from urllib.parse import urlencode

import pytest

from app import DashboardError, SettingError, create_app, create_app_or_exit
from plots import Limits

FORMATS = ("svg", "png", "pdf", "json", "csv")
PLOT_NOPE = "filter.nope: dataset 'stations' has no text column 'nope'; the text columns are station"
BOARD_NOPE = "unknown parameter 'filter.nope'; the parameters are "


@pytest.mark.parametrize("url", [*(f"/plot/stations.{fmt}?y=temperature_c&" for fmt in FORMATS),
                                 *(f"/d/stations/temperature.{fmt}?" for fmt in FORMATS),
                                 "/d/stations/temperature?", "/d/stations?", "/d/stations.pdf?",
                                 "/d/stations/versions.json?"])
def test_a_blank_filter_on_an_unknown_column_is_refused_as_one_with_a_value(client, url):
    blank, valued = client.get(url + "filter.nope="), client.get(url + "filter.nope=x")
    assert blank.status_code == valued.status_code == (404 if url.startswith("/plot/") else 400)
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


# Columns a, b and one named "a,b": y=a&y=b draws two of them, y=a,b the third (a name taken whole).
COMMA_CSV = 'x,a,b,"a,b",c\n1,10,20,30,40\n2,11,21,31,41\n'
COMMA_BOARD = """\
title = "Commas"

[[charts]]
id = "pair"
dataset = "commas"
y = ["a", "b"]

[[charts]]
id = "joined"
dataset = "commas"
y = ["a,b"]
"""


@pytest.fixture
def commas(tmp_path):
    """A site with the `commas` dataset and a dashboard of a chart of a and b and one of "a,b"."""
    data, boards = tmp_path / "data", tmp_path / "boards"
    data.mkdir()
    boards.mkdir()
    (data / "commas.csv").write_text(COMMA_CSV)
    (boards / "commas.toml").write_text(COMMA_BOARD)
    return create_app({"TESTING": True, "DATA_DIR": str(data), "DASHBOARD_DIRS": [str(boards)]}).test_client()


def drawn_columns(client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return response.get_json()["columns"]


# Names holding a comma among several are written one a line; names without one comma-separated as
# people write them, which a dataset holding a column named by their joined text ("a,b" for a and b)
# reads as that column: the one case left to the reader, who can repeat y.
ASKED = [("y=a,b", ["x", "a,b"]), ("y=a%2Cb&y=c", ["x", "a,b", "c"]), ("y=c&y=a%2Cb", ["x", "c", "a,b"]),
         ("y=b&y=c", ["x", "b", "c"]), ("y=c,a%2Cb", ["x", "c", "a", "b"])]


@pytest.mark.parametrize(("query", "columns"), ASKED)
def test_a_link_built_from_a_charts_json_spec_draws_the_columns_asked(commas, query, columns):
    assert drawn_columns(commas, f"/plot/commas.json?{query}") == columns
    spec = commas.get(f"/plot/commas.json?{query}").get_json()["spec"]
    assert drawn_columns(commas, f"/plot/commas.json?{urlencode(spec)}") == columns


@pytest.mark.parametrize(("query", "columns"), ASKED)
@pytest.mark.parametrize("chart", ["pair", "joined"])
def test_a_chart_pages_links_draw_the_columns_its_url_asked(commas, chart, query, columns):
    assert drawn_columns(commas, f"/d/commas/{chart}.json?{query}") == columns
    page = commas.get(f"/d/commas/{chart}?{query}")
    assert page.status_code == 200
    text = unescape(page.get_data(as_text=True))
    links = re.findall(rf'(?:href|src)="(/d/commas/{chart}\.(?:svg|png|pdf|json|csv)(?:\?[^"]*)?)"', text)
    assert len(links) == 6  # the image and a link per format
    for url in (re.sub(r"\.[a-z]+(?=\?|$)", ".json", link) for link in links):
        assert drawn_columns(commas, url) == columns, url


@pytest.mark.parametrize(("query", "columns"), [("y=a%0Ab", ["x", "a", "b"]), ("y=a%0D%0Ab", ["x", "a", "b"]),
                                                ("y=a,b%0Ac", ["x", "a,b", "c"]), ("y=a,%0Ab", ["x", "a", "b"]),
                                                ("y=c,b%0Aa", ["x", "c", "b", "a"])])
def test_a_line_break_in_y_separates_names_as_repeating_y_does(commas, query, columns):
    assert drawn_columns(commas, f"/plot/commas.json?{query}") == columns


def max_rows_refusal(value: object) -> str:
    return ("SOURCE_MAX_ROWS must be a whole number of rows from 100 (the most bars a chart draws, whose rows "
            f"one download must hold) to 9223372036854775806; got {value!r}")


@pytest.mark.parametrize("rows", [99, 4, 0, -1, 2**63 - 1, 100.0, "100000", True, None])
def test_a_source_row_limit_below_the_bar_cap_or_no_count_stops_start_up_in_one_line(data_dir, rows):
    with pytest.raises(SettingError) as caught:
        create_app({"TESTING": True, "DATA_DIR": str(data_dir), "SOURCE_MAX_ROWS": rows})
    assert str(caught.value) == max_rows_refusal(rows)
    with pytest.raises(SystemExit) as exited:
        create_app_or_exit({"TESTING": True, "DATA_DIR": str(data_dir), "SOURCE_MAX_ROWS": rows})
    assert exited.value.code == f"error: {max_rows_refusal(rows)}"


def test_the_source_row_limit_from_the_environment_is_checked_too(data_dir, monkeypatch):
    monkeypatch.setenv("SVGPLOTS_SOURCE_MAX_ROWS", "50")
    with pytest.raises(SettingError, match=re.escape(max_rows_refusal(50))):
        create_app({"TESTING": True, "DATA_DIR": str(data_dir)})


def test_the_source_row_limit_follows_the_bar_cap_it_is_set_with(data_dir):
    limits = Limits(max_categories=20)
    create_app({"TESTING": True, "DATA_DIR": str(data_dir), "LIMITS": limits, "SOURCE_MAX_ROWS": 20})
    with pytest.raises(SettingError, match=re.escape("must be a whole number of rows from 20 (")):
        create_app({"TESTING": True, "DATA_DIR": str(data_dir), "LIMITS": limits, "SOURCE_MAX_ROWS": 19})


@pytest.mark.parametrize("rows", [100, 100_000, 2**63 - 2])
def test_a_source_row_limit_from_the_bar_cap_up_starts(data_dir, rows):
    app = create_app({"TESTING": True, "DATA_DIR": str(data_dir), "SOURCE_MAX_ROWS": rows})
    assert app.test_client().get("/").status_code == 200


def test_names_without_a_comma_are_written_comma_separated_as_people_write_them(commas):
    assert commas.get("/plot/commas.json?y=b&y=c").get_json()["spec"]["y"] == "b,c"
    assert commas.get("/plot/commas.json?y=c&y=a%2Cb").get_json()["spec"]["y"] == "c\na,b"
