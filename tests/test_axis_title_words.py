"""A chart's words name the axis titles it is given, which a small chart shortens or leaves out (one left
out for the names of bars beside it: in test_small_text, beside the test of its drawing)."""
from __future__ import annotations

from tests.test_small_text import axis_titles, chart_title, title_and_desc


def test_a_small_chart_that_shortens_its_title_and_axis_title_says_both_whole(client):
    # 100 px square, the animals' line chart draws "Sightings…" over "si…": its words said the title
    # whole, but "sightings", the title of its values, nowhere.
    svg = client.get("/d/animals/all.svg?width=100&height=100").data
    assert chart_title(svg) == "Sightings…" and axis_titles(svg) == ["si…"]
    title, desc = title_and_desc(svg)
    assert title == "Sightings per year"
    assert desc.endswith(". y axis: sightings."), desc


def test_a_chart_page_alt_text_names_both_axis_titles_each_whole(client):
    page = client.get("/d/weather/humidity-vs-temperature").get_data(as_text=True)
    assert "x axis: temperature, °C. y axis: humidity, %." in page


def test_an_axis_title_asked_blank_or_left_to_the_chart_is_not_named(client):
    # A title the chart makes of its columns ("year", "Bear") the words say already.
    for url in ("/d/animals/all.svg?ylabel=", "/d/animals/all.svg?ylabel=+", "/plot/animals.svg?y=Bear"):
        desc = title_and_desc(client.get(url).data)[1]
        assert "axis:" not in desc, (url, desc)
