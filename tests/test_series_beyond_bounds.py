"""A series of a line, area or scatter chart lying wholly beyond ymin or ymax draws nothing in the
plot: its legend entry and the chart's words say where it lies."""
from __future__ import annotations

import xml.etree.ElementTree as ET

import numpy as np
import pandas as pd
import pytest

from plots import ChartSpec, parse_spec, render_svg
from plots.dense_scatter import SCATTER_VECTOR_POINTS
from tests.test_legend_order import legend_reading_order

SVG = "{http://www.w3.org/2000/svg}"
ANIMALS = {"year": "integer", "Bear": "integer", "Deer": "integer", "Wolf": "integer"}


def animals_chart(kind: str, **fields) -> ChartSpec:
    return parse_spec({"kind": [kind], "x": ["year"], "y": ["Bear,Deer,Wolf"],
                       **{name: [value] for name, value in fields.items()}}, ANIMALS)


def description(svg: bytes) -> str:
    return ET.fromstring(svg).find(f"{SVG}desc").text


@pytest.mark.parametrize("kind", ["line", "area", "scatter"])
def test_a_series_wholly_below_ymin_is_named_so_in_the_legend_and_the_description(kind, animals_frame):
    # Wolf runs from 5 to 16: nothing of it shows above 25, yet the legend named it as ever and the
    # description gave its last value as if it were drawn.
    svg = render_svg(animals_chart(kind, ymin="25"), animals_frame)
    assert legend_reading_order(svg) == ["Bear", "Deer", "Wolf (below 25)"]
    assert description(svg).endswith("last value: Bear 29, lowest 23 (2011), highest 40 (2016); Deer 170, lowest 114 (2012), highest 187 (2020)"
                                   "; Wolf 9, lowest 5 (2012), highest 16 (2013). Wolf lies below ymin 25.")


@pytest.mark.parametrize("kind", ["line", "area", "scatter"])
def test_series_wholly_above_ymax_are_named_together(kind, animals_frame):
    # Bear (23 to 40) and Deer (114 to 187) lie above 20; Wolf reaches into the plot.
    svg = render_svg(animals_chart(kind, ymax="20"), animals_frame)
    assert legend_reading_order(svg) == ["Bear (above 20)", "Deer (above 20)", "Wolf"]
    assert description(svg).endswith("Wolf 9, lowest 5 (2012), highest 16 (2013). Bear and Deer lie above ymax 20.")


def test_series_beyond_either_bound_are_named_with_the_bound_each_lies_beyond(animals_frame):
    svg = render_svg(animals_chart("line", ymin="17", ymax="22"), animals_frame)
    assert legend_reading_order(svg) == ["Bear (above 22)", "Deer (above 22)", "Wolf (below 17)"]
    # The note over the empty plot does not say which series lies where.
    assert description(svg).endswith(
        "Wolf lies below ymin 17 and Bear and Deer above ymax 22. No values between ymin 17 and ymax 22.")


def test_a_series_partly_beyond_the_bounds_is_drawn_cut_at_the_edge_and_not_named(animals_frame):
    # Wolf runs from 5 to 16: its line leaves the plot at 12 and comes back, as readers expect.
    svg = render_svg(animals_chart("line", ymax="12"), animals_frame)
    assert legend_reading_order(svg) == ["Bear (above 12)", "Deer (above 12)", "Wolf"]
    assert "Wolf lies" not in description(svg)


def test_a_line_between_values_beyond_both_bounds_crosses_the_plot_but_points_do_not(animals_frame):
    # No Bear value lies within 33 to 35, but its line from 36 to 23 and back crosses the plot.
    line = render_svg(animals_chart("line", ymin="33", ymax="35"), animals_frame)
    assert legend_reading_order(line)[0] == "Bear"
    points = render_svg(animals_chart("scatter", ymin="33", ymax="35"), animals_frame)
    assert legend_reading_order(points) == ["Bear (below 33 and above 35)", "Deer (above 35)", "Wolf (below 33)"]
    assert description(points).endswith(
        "Wolf lies below ymin 33; Deer above ymax 35; Bear below ymin 33 and above ymax 35. "
        "No values between ymin 33 and ymax 35.")


def test_without_a_series_beyond_the_bounds_the_legend_and_words_are_as_ever(animals_frame):
    svg = render_svg(animals_chart("line", ymin="10", ymax="200"), animals_frame)
    assert legend_reading_order(svg) == ["Bear", "Deer", "Wolf"]
    assert description(svg).endswith("last value: Bear 29, lowest 23 (2011), highest 40 (2016); Deer 170, lowest 114 (2012), highest 187 (2020)"
                                   "; Wolf 9, lowest 5 (2012), highest 16 (2013).")


def test_a_long_name_is_shortened_before_the_note_saying_where_it_lies():
    name = "Population of grey wolves in the northern park"
    frame = pd.DataFrame({"t": np.arange(6), name: np.arange(5, 11), "bears": np.arange(30, 36)})
    spec = parse_spec({"kind": ["line"], "x": ["t"], "y": [f"{name},bears"], "ymin": ["25"], "width": ["300"]},
                      {"t": "integer", name: "integer", "bears": "integer"})
    first, second = legend_reading_order(render_svg(spec, frame))
    assert first.startswith("Population") and first.endswith("\N{HORIZONTAL ELLIPSIS} (below 25)"), first
    assert second == "bears"


def test_a_dense_scatter_names_a_series_beyond_the_bounds_too():
    rows = SCATTER_VECTOR_POINTS
    frame = pd.DataFrame({"x": np.arange(rows, dtype=float), "a": np.linspace(0.0, 1.0, rows),
                          "b": np.linspace(50.0, 60.0, rows)})
    spec = parse_spec({"kind": ["scatter"], "x": ["x"], "y": ["a,b"], "ymin": ["10"]},
                      {"x": "float", "a": "float", "b": "float"})
    svg = render_svg(spec, frame)
    assert legend_reading_order(svg) == ["a (below 10)", "b"]
    assert description(svg).endswith("a lies below ymin 10.")
