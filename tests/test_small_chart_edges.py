"""A small chart's plot and the texts around it stay inside the chart: an offset text too wide for
it is written smaller, and a plot its numbers, written whole, would push past its right edge is not
written so when the layout is made again under the header."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.text import Text

from plots import build_figure, chart_frame, parse_spec
from plots.layout import PAD
from plots.ticks import TICK_SIZE

NEAR_A_BILLION = [1234567890.1 + 0.1 * i for i in range(9)]


def drawn(frame: pd.DataFrame, columns: dict, **fields: str):
    """The figure of a chart of `frame` drawn at 72 dpi (a point a pixel), and its renderer."""
    spec = parse_spec({name: [value] for name, value in fields.items()}, columns)
    fig = build_figure(spec, chart_frame(spec, frame), dpi=72)
    renderer = FigureCanvasAgg(fig).get_renderer()
    fig.draw(renderer)
    return fig, renderer


def texts_of(fig, renderer) -> dict[str, tuple]:
    """Each text drawn around the plot: its extent and its size in points."""
    return {text.get_text(): (text.get_window_extent(renderer), text.get_fontsize())
            for text in fig.artists if isinstance(text, Text) and text.get_text()}


@pytest.mark.parametrize("axis", ["y", "x"])
def test_an_offset_text_wider_than_a_small_chart_is_written_smaller_inside_it(axis):
    # "+1.23456789e9" at 9 points is wider than a chart 100 pixels wide: it was cut at the left edge.
    other = "y" if axis == "x" else "x"
    frame = pd.DataFrame({axis: NEAR_A_BILLION, other: np.arange(1.0, 10.0)})
    fig, renderer = drawn(frame, {"x": "float", "y": "float"}, x="x", y="y", width="100", height="100")
    box, size = texts_of(fig, renderer)["+1.23456789e9"]
    assert PAD - 1 <= box.x0 and box.x1 <= fig.bbox.x1 - PAD + 1, box
    assert size < TICK_SIZE


def test_an_offset_text_that_fits_keeps_its_size_and_place():
    frame = pd.DataFrame({"y": NEAR_A_BILLION, "x": np.arange(1.0, 10.0)})
    fig, renderer = drawn(frame, {"x": "float", "y": "float"}, x="x", y="y", width="400", height="300")
    box, size = texts_of(fig, renderer)["+1.23456789e9"]
    assert size == TICK_SIZE and box.x0 == pytest.approx(fig.axes[0].get_window_extent(renderer).x0, abs=1)


def test_a_small_bar_chart_of_values_near_minus_a_thousand_stays_inside_the_chart():
    # Written whole, "−1000" pushed the plot some 3 points past the right edge of a 100 × 100 chart.
    frame = pd.DataFrame({"c": list("abc"), "v": [-1000.0, -999.0, -1001.0]})
    fig, renderer = drawn(frame, {"c": "text", "v": "float"}, kind="bar", x="c", y="v", width="100", height="100")
    assert fig.axes[0].get_window_extent(renderer).x1 <= fig.bbox.x1 - PAD / 2 + 0.01
    for text, (box, _) in texts_of(fig, renderer).items():
        assert fig.bbox.x0 <= box.x0 and box.x1 <= fig.bbox.x1, text


@pytest.mark.parametrize("kind", ["line", "scatter"])
@pytest.mark.parametrize("height", ["100", "200", "300"])
def test_a_narrow_chart_of_values_near_minus_a_thousand_stays_inside_the_chart(kind, height):
    # "−1001.0" to "−998.0" narrow neither in a power of ten ("−1.0010") nor written whole: at 100 × 300
    # they pushed the plot some 7 points past the right edge, its last x label with it.
    frame = pd.DataFrame({"x": np.arange(4.0), "y": [-1001.0, -1000.0, -999.0, -998.0]})
    fig, renderer = drawn(frame, {"x": "float", "y": "float"}, kind=kind, x="x", y="y", width="100", height=height)
    # The frame stands in the padding's outer half, give or take the hair by which a scatter's last
    # x label, narrowing the plot to stand inside the chart itself, holds it (`x_labels_past_edge`).
    assert fig.axes[0].get_window_extent(renderer).x1 <= fig.bbox.x1 - PAD / 2 + 0.5
    for text, (box, _) in texts_of(fig, renderer).items():
        assert fig.bbox.x0 <= box.x0 and box.x1 <= fig.bbox.x1, text


def test_labels_written_smaller_to_keep_a_narrow_plot_inside_are_the_largest_that_do():
    frame = pd.DataFrame({"x": np.arange(4.0), "y": [-1001.0, -1000.0, -999.0, -998.0]})
    fig, renderer = drawn(frame, {"x": "float", "y": "float"}, kind="line", x="x", y="y", width="100", height="300")
    assert texts_of(fig, renderer)["−1001.0"][1] == 8.0
    fig, renderer = drawn(frame, {"x": "float", "y": "float"}, kind="line", x="x", y="y", width="100", height="200")
    assert texts_of(fig, renderer)["−1001"][1] == TICK_SIZE
