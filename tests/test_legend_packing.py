"""A legend whose names, packed in rows by their own widths, take fewer rows than in columns as wide
as the widest is drawn packed: one long name among short ones no longer takes a row of its own."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg

from plots import build_figure, chart_frame, parse_spec, render_svg
from test_legend_order import legend_labels, legend_reading_order

LONG = "A very long series name here"


def chart(names: list[str], width: str = "640"):
    """The spec and frame of a line chart of a series of each of `names`."""
    frame = pd.DataFrame({"x": np.arange(5.0), **{name: np.arange(5.0) + i for i, name in enumerate(names)}})
    return parse_spec({"width": [width], "height": ["360"]}, {c: "float" for c in frame.columns}), frame


def plot_top(names: list[str]) -> float:
    """The top of the plot, a share of the chart's height."""
    spec, frame = chart(names)
    return build_figure(spec, chart_frame(spec, frame), dpi=72).axes[0].get_position().y1


def test_one_long_name_among_short_ones_stands_beside_them_in_one_row():
    names = ["a", "b", "c", LONG]
    svg = render_svg(*chart(names))
    assert len({y for y, _, _ in legend_labels(svg)}) == 1, legend_labels(svg)
    assert legend_reading_order(svg) == names


def test_the_plot_takes_the_height_the_packed_legend_leaves():
    assert plot_top(["a", "b", "c", LONG]) == plot_top(["a", "b", "c", "d"])


def test_names_that_pack_no_tighter_stay_in_equal_columns():
    names = [f"series_{i}" for i in range(9)]
    svg = render_svg(*chart(names, "400"))
    rows = sorted({y for y, _, _ in legend_labels(svg)})
    assert len(rows) > 1
    xs = [sorted(x for y, x, _ in legend_labels(svg) if y == row) for row in rows]
    assert all(row == xs[0][: len(row)] for row in xs), xs  # in columns: each row's names start alike


@pytest.mark.parametrize("width", ["100", "150", "200", "300"])
def test_names_told_apart_only_by_a_long_start_end_within_the_chart(width):
    # Told apart from their fourth word on, the two names kept "Temperature at the northern…" whole,
    # wider than the chart: the legend of a chart 200 pixels wide ran past its right edge, cut there.
    names = ["Temperature at the northern airport station (°C)", "Temperature at the southern harbour station (°C)",
             "w"]
    spec, frame = chart(names, width)
    fig = build_figure(spec, chart_frame(spec, frame), dpi=72)
    renderer = FigureCanvasAgg(fig).get_renderer()
    fig.draw(renderer)
    texts = [text for legend in fig.legends for text in legend.get_texts()]
    assert texts
    for text in texts:
        assert text.get_window_extent(renderer).x1 <= fig.bbox.x1, (text.get_text(), fig.bbox.x1)
    shown = [text.get_text() for text in texts if not text.get_text().startswith("+")]
    assert len(set(shown)) == len(shown), shown
