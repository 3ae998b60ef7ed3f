"""The alt text of a chart narrowed by a filter or a time range, and its embed snippets, say which rows it
shows: a reader who cannot see the chart tells it from the chart of every row."""
from __future__ import annotations

import re

import pytest

from tests.conftest import dashboard_site
from tests.test_alt_and_embeds import alt_texts, embed_snippets


def test_a_filtered_chart_page_s_alt_text_and_snippets_name_the_filter(client):
    page = client.get("/d/stations/temperature?filter.station=Airport&filter.station=Harbour").get_data(as_text=True)
    [alt] = alt_texts(page)
    assert alt.endswith(". Rows shown: station Airport or Harbour; date from 2025-01-01 onwards."), alt
    snippets = embed_snippets(page)
    said = ("Weekly mean temperature. Line chart of temperature_c by date. y axis: °C. "
            "Rows shown: station Airport or Harbour; date from 2025-01-01 onwards.")
    assert snippets["markdown"].startswith(f"![{said}](")
    assert f'alt="{said}"' in snippets["html"]


def test_a_chart_of_every_row_says_no_rows_shown(client):
    page = client.get("/d/weather/temperature").get_data(as_text=True)
    [alt] = alt_texts(page)
    assert "Rows shown" not in alt and "Rows shown" not in embed_snippets(page)["html"]


def test_a_dashboard_s_alt_texts_name_its_filter_where_it_applies(client):
    alts = alt_texts(client.get("/d/stations?filter.station=Airport").get_data(as_text=True))
    stations, weather, bears = alts[:6], alts[6], alts[7]
    for alt in stations:
        assert alt.endswith(" Rows shown: station Airport; date from 2025-01-01 onwards."), alt
    # The weather has no station (the filter does not apply) but dates; the bears neither.
    assert weather.endswith(" Rows shown: date from 2025-01-01 onwards."), weather
    assert "Rows shown" not in bears
    polled = client.get("/d/stations/versions.json?filter.station=Airport").get_json()["charts"]
    assert polled["temperature"]["alt"] == stations[0]


def test_a_range_is_named_as_moments_in_the_alt_text_and_as_asked_in_the_snippets(client):
    page = client.get("/d/stations/rainfall?from=2025-03-01&to=2025-03-31T12:00:00").get_data(as_text=True)
    [alt] = alt_texts(page)
    assert alt.endswith(" Rows shown: date from 2025-03-01 to 2025-03-31 12:00:00 UTC."), alt
    page = client.get("/d/stations/rainfall?from=now-30d").get_data(as_text=True)
    # The snippet's URL moves with the clock: its words say the range as that URL asks it.
    assert "Rows shown: date from now-30d onwards.](" in embed_snippets(page)["markdown"]


@pytest.mark.parametrize(("query", "said"), [
    ("to=2020-01-10", "up to 2020-01-10"),
    ("from=2020-01-01T06:00&to=2020-01-10", "from 2020-01-01 06:00:00 UTC to 2020-01-10"),
    ("to=2020-01-10T00:00", "up to 2020-01-10 00:00:00 UTC"),
])
def test_the_alt_text_writes_a_range_as_the_page_s_rows_line_does(client, query, said):
    # A date as `to` keeps its whole day: it is written as the date, not as the day's last microsecond
    # (2020-01-10T23:59:59.999999 UTC); and midnight as `to` is no whole day, written as a time.
    page = client.get(f"/d/weather/temperature?{query}").get_data(as_text=True)
    [alt] = alt_texts(page)
    assert alt.endswith(f" Rows shown: date {said}."), alt
    rows = re.search(r'<p class="active">Rows: (.*?) \(<a', page).group(1)
    assert re.sub(r"<[^>]*>", "", rows) == said.removeprefix("from "), rows  # the page: "… to …"


def test_a_long_filter_value_is_cut_in_the_alt_text_as_a_label_is(tmp_path):
    long = "A" * 300
    board = ('title = "Long"\n[[filters]]\ncolumn = "who"\n'
             '[[charts]]\nid = "c"\ndataset = "visits"\nkind = "bar"\nx = "who"\ny = ["n"]\n')
    client = dashboard_site(tmp_path, {"visits.csv": f"who,n\n{long},1\nBo,2\n"}, board).test_client()
    page = client.get("/d/m/c", query_string={"filter.who": [long, "Bo"]})
    assert page.status_code == 200, page.get_data(as_text=True)
    [alt] = alt_texts(page.get_data(as_text=True))
    assert alt.endswith(f" Rows shown: who {'A' * 199}… or Bo."), alt


def test_a_filter_of_one_value_past_the_tenth_counts_one_other():
    from plots.describe import WORDS_FILTER_VALUES, selection_words
    from plots.selection import Selection
    values = tuple(f"v{n}" for n in range(WORDS_FILTER_VALUES + 1))
    said = selection_words(Selection(filters=(("who", values),)))
    assert said.endswith(" or v9 or 1 other."), said
    said = selection_words(Selection(filters=(("who", (*values, "w"),),)))
    assert said.endswith(" or v9 or 2 others."), said


@pytest.mark.parametrize(("values", "said"), [
    (("a, b", "b"), "st 'a, b' or b."),
    (("North or South", "East"), "st 'North or South' or East."),
    (("North or South",), "st 'North or South'."),
    (("North", "South"), "st North or South."),
])
def test_a_filter_value_holding_a_comma_or_or_is_quoted_in_the_alt_text_and_a_plain_one_is_not(values, said):
    # `st a, b or b` read as three values, `st North or South` as two.
    from plots.describe import selection_words
    from plots.selection import Selection
    assert selection_words(Selection(filters=(("st", values),))) == f"Rows shown: {said}"


def test_a_dashboard_s_alt_text_names_a_value_holding_a_comma_as_one(tmp_path):
    board = ('title = "Sp"\n[[filters]]\ncolumn = "st"\n'
             '[[charts]]\nid = "c"\ndataset = "sp"\nkind = "bar"\nx = "st"\ny = ["v"]\n')
    client = dashboard_site(tmp_path, {"sp.csv": 'st,v\n"a, b",2\na,3\nb,4\n'}, board).test_client()
    page = client.get("/d/m", query_string={"filter.st": ["a, b", "b"]})
    [alt] = alt_texts(page.get_data(as_text=True))
    assert alt.endswith(" Rows shown: st 'a, b' or b."), alt
