"""A chart's words name the axis titles it is given, which a small chart shortens or leaves out (one left
out for the names of bars beside it: in test_small_text, beside the test of its drawing)."""
from __future__ import annotations

import pytest

from plots.fitted_text import TITLE_LEAST_KEPT
from plots.graphemes import CLUSTER
from tests.test_small_text import axis_titles, chart_title, title_and_desc


def test_a_small_chart_that_shortens_its_title_and_leaves_out_its_axis_title_says_both_whole(client):
    # 100 px square, the animals' line chart drew "Sightings…" over "si…": its words said the title
    # whole, but "sightings", the title of its values, nowhere. The stub is left out now.
    svg = client.get("/d/animals/all.svg?width=100&height=100").data
    assert chart_title(svg) == "Sightings…" and axis_titles(svg) == []
    title, desc = title_and_desc(svg)
    assert title == "Sightings per year"
    assert desc.endswith(". y axis: sightings."), desc


def test_a_chart_page_alt_text_names_both_axis_titles_each_whole(client):
    page = client.get("/d/weather/humidity-vs-temperature").get_data(as_text=True)
    assert "x axis: temperature, °C. y axis: humidity, %." in page


def test_a_horizontal_bar_chart_s_words_name_its_axis_titles_where_they_are_drawn(client):
    # Its xlabel, the years, is drawn down the side and its ylabel, km/h, across: "x axis: year" named
    # the axis across by the years that run down the side.
    desc = title_and_desc(client.get("/d/weather/windiest-years.svg").data)[1]
    assert desc.endswith(". axis down the side: year. axis across: km/h."), desc


def test_an_axis_title_asked_blank_or_left_to_the_chart_is_not_named(client):
    # A title the chart makes of its columns ("year", "Bear") the words say already.
    for url in ("/d/animals/all.svg?ylabel=", "/d/animals/all.svg?ylabel=+", "/plot/animals.svg?y=Bear"):
        desc = title_and_desc(client.get(url).data)[1]
        assert "axis:" not in desc, (url, desc)


def stubs(titles: list[str]) -> list[str]:
    """The axis titles drawn cut to fewer than TITLE_LEAST_KEPT characters before their "…"."""
    return [line for line in titles
            if line.endswith("…") and len(CLUSTER.findall("".join(line[:-1].split()))) < TITLE_LEAST_KEPT]


@pytest.mark.parametrize("kind", ["line", "area", "scatter", "bar", "barh", "hist", "box"])
@pytest.mark.parametrize("size", ["width=100&height=100", "width=100&height=130", "width=130&height=100",
                                  "width=120&height=120", "width=160&height=100", "width=100&height=180"])
def test_a_small_chart_draws_no_axis_title_cut_to_a_stub(client, kind, size):
    # "si…" of "sightings" beside a 100 px plot named nothing: an axis title is drawn whole, shortened
    # to at least three characters, or not at all, and its chart's words name it whole either way.
    url = f"/d/animals/all.svg?kind={kind}&{size}&xlabel=year+of+sighting&ylabel=sightings"
    svg = client.get(url).data
    assert stubs(axis_titles(svg)) == [], (url, axis_titles(svg))
    words = ("axis down the side: year of sighting. axis across: sightings." if kind == "barh"
             else "x axis: year of sighting. y axis: sightings.")
    assert title_and_desc(svg)[1].endswith(words)
