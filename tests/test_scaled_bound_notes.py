"""A series wholly beyond a y bound on a chart drawn in units of a power of ten (values near the
largest double or nearest zero): its legend note names the bound as the user gave it, written as
the axis beside it writes numbers ("1e+150"), where the chart's words say it ("1 times 10 to the
power of 150")."""
from __future__ import annotations

import xml.etree.ElementTree as ET

import pandas as pd
import pytest

from plots import build_figure, chart_frame, parse_spec, render_svg
from tests.test_legend_order import legend_reading_order
from tests.test_series_beyond_bounds import description

SVG = "{http://www.w3.org/2000/svg}"
COLUMNS = {"x": "integer", "a": "float", "b": "float"}


def two_series_chart(kind: str, a: float, b: float, **bounds: str):
    """A chart of `kind` of series a (about `a`) and b (about `b`) over x 1 to 4, and its frame."""
    frame = pd.DataFrame({"x": [1, 2, 3, 4], "a": [a * k for k in (1, 2, 3, 4)], "b": [b * k for k in (1, 2, 3, 4)]})
    spec = parse_spec({"kind": [kind], "x": ["x"], "y": ["a,b"], **{name: [value] for name, value in bounds.items()}},
                      COLUMNS)
    return spec, frame


def svg_texts(svg: bytes) -> str:
    return " ".join(text.text or "" for text in ET.fromstring(svg).iter(f"{SVG}text"))


@pytest.mark.parametrize("kind", ["line", "area", "scatter"])
def test_a_note_on_a_chart_of_huge_values_names_ymin_as_given(kind):
    # a is drawn divided by 1e7; b lies below 1e150, which the legend said as "below 1e+143".
    spec, frame = two_series_chart(kind, 1e306, 1e100, ymin="1e150")
    svg = render_svg(spec, frame)
    assert "b (below 1e+150)" in legend_reading_order(svg)
    assert description(svg).endswith("b lies below ymin 1 times 10 to the power of 150.")
    assert "1e+143" not in svg_texts(svg)


def test_a_note_on_a_chart_of_tiny_values_names_ymax_as_given():
    # Values nearer zero than 1e-280 are drawn multiplied by 1e10: ymax 1e-295 was said as 1e-285.
    spec, frame = two_series_chart("line", 1e-300, 1e-290, ymax="1e-295")
    svg = render_svg(spec, frame)
    assert "b (above 1e\N{MINUS SIGN}295)" in legend_reading_order(svg)
    assert description(svg).endswith("b lies above ymax 1 times 10 to the power of \N{MINUS SIGN}295.")
    assert "285" not in svg_texts(svg)


def test_the_figure_png_and_pdf_draw_names_the_bound_as_given():
    spec, frame = two_series_chart("line", 1e306, 1e100, ymin="1e150")
    (legend,) = build_figure(spec, chart_frame(spec, frame), dpi=72).legends
    assert [text.get_text() for text in legend.get_texts()] == ["a", "b (below 1e+150)"]


def test_a_note_on_a_chart_drawn_as_its_values_are_is_as_ever():
    spec, frame = two_series_chart("line", 1e6, 1.0, ymin="1000")
    svg = render_svg(spec, frame)
    assert legend_reading_order(svg)[:2] == ["a", "b (below 1000)"]
    assert description(svg).endswith("b lies below ymin 1000.")
