"""A series with no value to draw is named so in the legend, "w (no values)", as one lying beyond the
y bounds is: a viewer would look for its line, points or bars."""
from __future__ import annotations

import xml.etree.ElementTree as ET

import numpy as np
import pandas as pd
import pytest

from plots import build_figure, chart_frame, parse_spec, render_svg
from plots.legend_entries import legend_entries

SVG = "{http://www.w3.org/2000/svg}"
COLUMNS = {"x": "float", "v": "float", "w": "float"}
FRAME = pd.DataFrame({"x": [1.0, 2.0, 3.0, 4.0], "v": [1.0, 2.0, 3.0, 2.0], "w": [np.nan] * 4})


def legend_labels(frame: pd.DataFrame = FRAME, **fields: str) -> list[str]:
    spec = parse_spec({"x": ["x"], "y": ["v,w"], **{name: [value] for name, value in fields.items()}}, COLUMNS)
    return legend_entries(build_figure(spec, chart_frame(spec, frame)).axes[0])[1]


@pytest.mark.parametrize("kind", ["line", "area", "scatter", "bar", "barh", "hist"])
def test_a_series_whose_every_cell_is_missing_is_named_with_no_values_in_the_legend(kind):
    assert legend_labels(kind=kind) == ["v", "w (no values)"]


def test_the_legend_drawn_says_so_and_the_series_with_values_is_named_as_ever():
    spec = parse_spec({"x": ["x"], "y": ["v,w"]}, COLUMNS)
    texts = [text.text for text in ET.fromstring(render_svg(spec, chart_frame(spec, FRAME))).iter(f"{SVG}text")]
    assert "w (no values)" in texts and "v" in texts


def test_a_line_with_no_value_between_its_x_bounds_is_named_so_and_one_crossing_them_is_not():
    frame = FRAME.assign(w=[5.0, np.nan, np.nan, np.nan])  # 5 lies before xmin, and the line breaks after it
    assert legend_labels(frame, xmin="2.5") == ["v", "w (no values)"]
    assert legend_labels(frame.assign(w=[5.0, 6.0, np.nan, np.nan]), xmin="1.5") == ["v", "w"]


def test_series_with_values_are_named_as_ever():
    assert legend_labels(FRAME.assign(w=[np.nan, 1.0, np.nan, np.nan])) == ["v", "w"]
