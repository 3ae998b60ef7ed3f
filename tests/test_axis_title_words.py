"""A chart's words name the axis titles it is given, which a small chart shortens or leaves out."""
from __future__ import annotations

import xml.etree.ElementTree as ET

import numpy as np
import pandas as pd

from plots import parse_spec, render_svg
from tests.test_small_text import axis_titles, chart_title

SVG = "{http://www.w3.org/2000/svg}"


def title_and_desc(svg: bytes) -> tuple[str, str]:
    """The text of a chart's SVG <title> and <desc>."""
    root = ET.fromstring(svg)
    return root.find(f"{SVG}title").text, root.find(f"{SVG}desc").text


def test_a_small_chart_that_shortens_its_title_and_axis_title_says_both_whole(client):
    # 100 px square, the animals' line chart draws "Sightings…" over "si…": its words said the title
    # whole, but "sightings", the title of its values, nowhere.
    svg = client.get("/d/animals/all.svg?width=100&height=100").data
    assert chart_title(svg) == "Sightings…" and axis_titles(svg) == ["si…"]
    title, desc = title_and_desc(svg)
    assert title == "Sightings per year"
    assert desc.endswith(". y axis: sightings."), desc


def test_an_axis_title_left_out_for_the_names_beside_it_is_said_in_the_words():
    frame = pd.DataFrame({"name": ["Bear", "Deer", "Wolf", "Fox"], "v": np.arange(4)})
    spec = parse_spec({"kind": ["barh"], "x": ["name"], "y": ["v"], "width": ["300"], "height": ["120"],
                       "xlabel": ["values"]}, {"name": "text", "v": "integer"})
    svg = render_svg(spec, frame)
    assert "values" not in axis_titles(svg)
    assert title_and_desc(svg)[1].endswith(". x axis: values."), title_and_desc(svg)


def test_a_chart_page_alt_text_names_both_axis_titles_each_whole(client):
    page = client.get("/d/weather/humidity-vs-temperature").get_data(as_text=True)
    assert "x axis: temperature, °C. y axis: humidity, %." in page


def test_an_axis_title_asked_blank_or_left_to_the_chart_is_not_named(client):
    # A title the chart makes of its columns ("year", "Bear") the words say already.
    for url in ("/d/animals/all.svg?ylabel=", "/d/animals/all.svg?ylabel=+", "/plot/animals.svg?y=Bear"):
        desc = title_and_desc(client.get(url).data)[1]
        assert "axis:" not in desc, (url, desc)
