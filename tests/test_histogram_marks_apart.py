"""A histogram of several series marks each bar beyond a y bound where a viewer sees it: the marks
of bars over one another in one bin stand side by side, as many as the words count."""
from __future__ import annotations

import xml.etree.ElementTree as ET

import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg

from plots import build_figure, chart_frame, parse_spec, render_svg

SVG = "{http://www.w3.org/2000/svg}"
FRAME = pd.DataFrame({"a": np.repeat([0.5, 1.5, 2.5, 3.5], [40, 5, 30, 2]),
                      "b": np.repeat([0.5, 1.5, 2.5, 3.5], [35, 30, 3, 9])})


def histogram(**bounds: str):
    spec = parse_spec({"kind": ["hist"], "y": ["a,b"], "bins": ["4"], "xmin": ["0"], "xmax": ["4"],
                       **{name: [value] for name, value in bounds.items()}}, {"a": "float", "b": "float"})
    return spec, chart_frame(spec, FRAME)


def marks_seen(spec, frame) -> dict[str, list[tuple[float, float]]]:
    """Each triangle's middle across the plot and its width, in points, by the way it points."""
    fig = build_figure(spec, frame, dpi=72)
    renderer = FigureCanvasAgg(fig).get_renderer()
    fig.draw(renderer)
    seen: dict[str, list[tuple[float, float]]] = {}
    for line in fig.axes[0].lines:
        if line.get_marker() in ("v", "^"):
            x = line.get_transform().transform(line.get_xydata())[:, 0]
            seen.setdefault(line.get_marker(), []).extend((at, line.get_markersize()) for at in x)
    return seen


def apart(marks: list[tuple[float, float]]) -> bool:
    """Whether no two triangles cover one another."""
    marks = sorted(marks)
    return all(right - left >= (left_w + right_w) / 2 - 1e-6 for (left, left_w), (right, right_w) in zip(marks, marks[1:]))


def test_bars_of_two_series_cut_at_ymax_in_one_bin_have_their_marks_side_by_side():
    # Both bars of the first bin (40 and 35 values) are cut at ymax 20: their marks fell on one spot.
    spec, frame = histogram(ymax="20")
    assert "4 bars are cut off at ymax 20" in ET.fromstring(render_svg(spec, frame)).find(f"{SVG}desc").text
    above = marks_seen(spec, frame)["^"]
    assert len(above) == 4 and apart(above), above


def test_bars_of_two_series_under_ymin_in_one_bin_have_their_marks_side_by_side():
    spec, frame = histogram(ymin="10")  # a's 5 and 2 and b's 3 and 9: the last bin holds two
    below = marks_seen(spec, frame)["v"]
    assert len(below) == 4 and apart(below), below


def test_a_mark_alone_in_its_bin_stands_in_its_middle_as_wide_as_ever():
    spec, frame = histogram(ymax="32")  # a's 40 and b's 35 in the first bin, b's 30 not
    alone_spec, alone_frame = histogram(ymax="36")  # a's 40 alone
    [(alone, alone_w)] = marks_seen(alone_spec, alone_frame)["^"]
    shared = marks_seen(spec, frame)["^"]
    assert len(shared) == 2 and apart(shared)
    assert min(x for x, _ in shared) < alone < max(x for x, _ in shared)
    assert all(width <= alone_w for _, width in shared)
