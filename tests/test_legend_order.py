"""A legend of several rows reads in the data's order across each row, as text is read."""
from __future__ import annotations

import xml.etree.ElementTree as ET

import numpy as np
import pandas as pd
import pytest

from plots import build_figure, chart_frame, parse_spec, render_svg
from plots.header import LEGEND_SIZE
from plots.layout import text_size

SVG = "{http://www.w3.org/2000/svg}"


def legend_labels(svg: bytes) -> list[tuple[float, float, str]]:
    """The legend's labels with their y and x: text at its size starting at its place (tick
    labels are centred on their ticks or end at them), not bold (a short chart's title may be
    drawn at the legend's size)."""
    return [(float(text.get("y")), float(text.get("x")), text.text) for text in ET.fromstring(svg).iter(f"{SVG}text")
            if text.get("font-size") == f"{LEGEND_SIZE:g}" and text.get("text-anchor") is None
            and text.get("font-weight") is None]


def legend_reading_order(svg: bytes) -> list[str]:
    """The legend's labels as read: row by row from the top, each from the left."""
    return [label for _, _, label in sorted(legend_labels(svg))]


def test_the_legend_of_the_five_weather_series_reads_across_in_the_data_order(client):
    response = client.get("/plot/weather.svg")
    assert response.status_code == 200
    assert legend_reading_order(response.data) == ["temperature_c", "humidity_pct", "rainfall_mm", "wind_kmh",
                                                   "pressure_hpa"]


@pytest.mark.parametrize(("count", "width"), [(5, "320"), (7, "400"), (9, "640"), (12, "480")])
def test_a_legend_of_several_rows_reads_across_in_the_data_order(count, width):
    names = [f"series_{i}" for i in range(count)]
    frame = pd.DataFrame({"x": np.arange(5.0), **{name: np.arange(5.0) + i for i, name in enumerate(names)}})
    spec = parse_spec({"width": [width], "height": ["400"]}, {c: "float" for c in frame.columns})
    svg = render_svg(spec, frame)
    assert len({y for y, _, _ in legend_labels(svg)}) > 1  # a legend of one row reads in order anyway
    assert legend_reading_order(svg) == names


def test_a_legend_that_counts_the_series_left_out_ends_with_the_count_after_the_first_series():
    names = [f"series_{i}" for i in range(20)]
    frame = pd.DataFrame({"x": np.arange(5.0), **{name: np.arange(5.0) + i for i, name in enumerate(names)}})
    spec = parse_spec({"width": ["320"], "height": ["200"]}, {c: "float" for c in frame.columns})
    shown = legend_reading_order(render_svg(spec, frame))
    assert shown[-1].startswith("+") and shown[-1].endswith(" more"), shown
    assert shown[:-1] == names[:len(shown) - 1], shown


@pytest.mark.parametrize("size", ["width=300&height=100", "width=200&height=150", "width=120&height=200"])
def test_a_legend_cut_short_names_the_series_the_plot_draws_first(client, size):
    # Above 50 only Deer's line is drawn; the legend, cut to "Bear (below 50) +2 more", named
    # only a series the plot does not show.
    shown = legend_reading_order(client.get(f"/d/animals/all.svg?ymin=50&{size}").data)
    assert shown[0] == "Deer" and shown[-1].startswith("+2"), shown


@pytest.mark.parametrize(("width", "height", "noted"), [("200", "150", True), ("120", "200", False)])
def test_a_legend_of_one_entry_keeps_its_note_where_it_fits_and_stays_within_the_chart(client, width, height, noted):
    # At 200 px the one entry read "Bear (…" beside "+2 more", its note cut, where "Bear (below
    # 500) +2" fits; at 120 px "B… (below 500" ran past the chart's edge.
    svg = client.get(f"/d/animals/all.svg?ymin=500&width={width}&height={height}").data
    labels = legend_labels(svg)
    assert labels and ("(below 500)" in labels[0][2]) == noted, labels
    for _, x, label in labels:
        assert x + text_size(label, LEGEND_SIZE)[0] * 96 / 72 <= int(width), (label, x)


def test_a_legend_of_five_long_names_takes_rows_across_the_width_and_leaves_the_plot_most_of_the_height():
    # Each name took a row of its own: five rows, and the plot kept 49 % of a 640×360 chart's height.
    names = [f"{what} measured every hour at the station on the northern ridge"
             for what in ("Average temperature", "Rainfall", "Wind speed", "Humidity", "Air pressure")]
    frame = pd.DataFrame({"x": np.arange(10.0), **{name: np.arange(10.0) + i for i, name in enumerate(names)}})
    spec = parse_spec({}, {c: "float" for c in frame.columns})
    fig = build_figure(spec, chart_frame(spec, frame), dpi=72)
    assert fig.axes[0].get_position().height > 0.6
    labels = legend_labels(render_svg(spec, frame))
    assert len({y for y, _, _ in labels}) == 2, labels
    for _, _, label in labels:
        assert label.endswith("…") and any(name.startswith(label[:-1]) for name in names), label
