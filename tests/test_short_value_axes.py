"""A value axis at the smallest sizes: its numbers read as the values, written whole where they fit
and otherwise under a power of ten drawn inside the image, clear of the title; and two labels at
least where it has room for them."""
from __future__ import annotations

import xml.etree.ElementTree as ET

import numpy as np
import pandas as pd
import pytest
from matplotlib.font_manager import FontProperties

from plots import chart_frame, parse_spec, render_svg
from plots.chart_artists import font_key
from plots.layout import text_metrics, text_size
from tests.conftest import ROOT
from tests.test_tick_labels import x_tick_labels, y_tick_labels

SVG = "{http://www.w3.org/2000/svg}"


def visitors(width: int, height: int) -> bytes:
    """120 days of 1.2 to 9.8 million visitors, titled."""
    frame = pd.DataFrame({"day": pd.date_range("2025-01-01", periods=120),
                          "visitors": np.random.default_rng(0).uniform(1.2e6, 9.8e6, 120)})
    spec = parse_spec({"y": ["visitors"], "width": [str(width)], "height": [str(height)],
                       "title": ["Visitors per day"]}, {"day": "datetime", "visitors": "float"})
    return render_svg(spec, chart_frame(spec, frame))


def weather(**params: str) -> bytes:
    frame = pd.read_csv(ROOT / "site" / "data" / "weather.csv", parse_dates=["date"])
    types = {name: "datetime" if name == "date" else "float" for name in frame.columns}
    spec = parse_spec({name: [value] for name, value in params.items()}, types)
    return render_svg(spec, chart_frame(spec, frame))


def texts(svg: bytes) -> list[tuple[str, float, float, float, float]]:
    """Each text drawn across the chart, with its box in points: left, top, right, bottom."""
    root = ET.fromstring(svg)
    boxes = []
    for text in root.iter(f"{SVG}text"):
        if text.get("x") is None or text.get("transform"):  # turned texts are left out
            continue
        x, y, size = float(text.get("x")), float(text.get("y")), float(text.get("font-size"))
        width = text_size(text.text, size)[0]
        _, height, descent = text_metrics(text.text, font_key(FontProperties(size=size)))
        anchor = text.get("text-anchor", "start")
        left = x - {"end": width, "middle": width / 2}.get(anchor, 0.0)
        boxes.append((text.text, left, y - (height - descent), left + width, y + descent))
    return boxes


def offsets(svg: bytes) -> list[tuple[str, float, float, float, float]]:
    """The powers of ten the tick labels leave out ("1e7"), as drawn."""
    return [box for box in texts(svg) if box[0].startswith("1e") and box[0] not in y_tick_labels(svg)]


@pytest.mark.parametrize(("svg", "low", "high"), [
    (lambda: visitors(640, 100), 1e6, 1e7), (lambda: visitors(2000, 100), 1e6, 1e7),
    (lambda: weather(kind="line", y="pressure_hpa", width="100", height="100"), 990, 1040),
], ids=["visitors-640", "visitors-2000", "pressure"])
def test_numbers_on_a_short_chart_are_written_whole_where_they_fit(svg, low, high):
    # Visitors' only tick read "0.5", its "1e7" drawn above the figure's top edge; pressure's "1.01" under "1e3".
    svg = svg()
    # The x axis' offset (a date's "2025-01", the century "2000" over years written '00 and '25) ends at the
    # right as the y labels do: the y labels are those left of the plot's middle.
    middle = float(ET.fromstring(svg).get("viewBox").split()[2]) / 2
    labels = [text.text for text in ET.fromstring(svg).iter(f"{SVG}text") if text.text in y_tick_labels(svg)
              and float(text.get("x")) < middle]
    assert labels and not offsets(svg), (labels, offsets(svg))
    assert all(low <= float(label.replace(",", "")) <= high for label in labels), labels  # grouped: "2,500,000"


@pytest.mark.parametrize("svg", [
    lambda: visitors(100, 100),
    lambda: weather(kind="box", width="100", height="100", title="Box spread", ylabel="Values"),
    lambda: weather(kind="box", width="100", height="100", title="Box spread of every weather value", ylabel="Values"),
    lambda: weather(kind="line", y="pressure_hpa", width="100", height="100"),
], ids=["visitors", "box", "box-long-title", "pressure"])
def test_a_power_of_ten_over_the_labels_is_inside_the_image_and_clear_of_the_title(svg):
    svg = svg()
    height = float(ET.fromstring(svg).get("viewBox").split()[3])
    for name, left, top, right, bottom in offsets(svg):
        assert top >= 0 and bottom <= height, (name, top, bottom)
        for other, other_left, other_top, other_right, other_bottom in texts(svg):
            apart = right <= other_left or other_right <= left or bottom <= other_top or other_bottom <= top
            assert other == name or apart, (name, other)


def animals(kind: str, width: int, height: int) -> bytes:
    frame = pd.read_csv(ROOT / "site" / "data" / "animals.csv")
    spec = parse_spec({"kind": [kind], "width": [str(width)], "height": [str(height)]},
                      {name: "integer" for name in frame.columns})
    return render_svg(spec, chart_frame(spec, frame))


@pytest.mark.parametrize("kind", ["line", "bar", "area"])
@pytest.mark.parametrize("height", [100, 120])
def test_a_short_value_axis_with_room_for_two_labels_shows_two(kind, height):
    # It showed "0" alone: nothing said what the axis spans.
    labels = y_tick_labels(animals(kind, 640, height))
    assert len(labels) >= 2 and labels[0] == "0" and all(label.isdigit() for label in labels), labels


def test_a_narrow_horizontal_bar_chart_with_room_for_two_value_labels_shows_two():
    labels = [label for _, label in x_tick_labels(animals("barh", 120, 360))]
    assert len(labels) >= 2 and labels[0] == "0" and all(label.isdigit() for label in labels), labels
