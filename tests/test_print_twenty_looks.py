"""theme=print: twenty series of points, and of bars a pixel or two wide, each told apart in gray
from every other, where series 11 to 20 looked as series 1 to 10 did."""
from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg

from plots import build_figure, chart_frame, render_chart
from tests.test_print_hatches import _apart, _thin_bar_crops
from tests.test_series_in_gray import _alone, _gray, _series_pixels, _share_apart, _spec


def test_twenty_print_scatter_series_each_differ_in_gray_from_every_other():
    # Ten marker shapes: series 13 drew as series 3, a triangle as light as the other.
    frame = pd.DataFrame({"x": np.arange(6.0), **{f"s{i}": np.arange(6.0) % 3 for i in range(20)}})
    spec = _spec({"theme": "print", "kind": "scatter", "legend": "false"}, frame)
    grays = [_gray(render_chart("png", spec, _alone(frame, f"s{i}"))) for i in range(20)]
    for a, b in itertools.combinations(range(20), 2):
        assert _share_apart(grays[a], grays[b], _series_pixels([grays[a], grays[b]])) > 0.2, (a, b)


def test_a_print_scatters_hollow_points_are_hollow_in_the_legend_too():
    frame = pd.DataFrame({"x": np.arange(3.0), **{f"s{i}": np.arange(3.0) + i for i in range(12)}})
    spec = _spec({"theme": "print", "kind": "scatter", "height": "600"}, frame)
    fig = build_figure(spec, chart_frame(spec, frame))
    FigureCanvasAgg(fig).draw()
    shown = [handle for legend in fig.legends for handle in legend.legend_handles]

    def hollow(points) -> bool:
        return len(points.get_facecolor()) == 0 or points.get_facecolor()[0][3] == 0

    assert [hollow(points) for points in fig.axes[0].collections] == [False] * 10 + [True] * 2
    assert [hollow(points) for points in shown] == [False] * 10 + [True] * 2
    assert all(np.allclose(drawn.get_edgecolor(), entry.get_edgecolor())
               for drawn, entry in zip(fig.axes[0].collections[10:], shown[10:]))


def test_twenty_print_series_of_bars_a_pixel_or_two_wide_each_differ_in_gray():
    # Ten sets of lines across a thin bar: series 11 drew as the first, unhatched, 12 as the second.
    crops, _ = _thin_bar_crops(20, "bar", categories=20)
    assert all(1 <= crop.shape[1] <= 2 for crop in crops), [crop.shape for crop in crops]
    for a, b in itertools.combinations(range(20), 2):
        assert _apart(crops[a], crops[b]) > 0.2, (a, b)


def test_the_legend_shows_a_thin_bars_thick_lines_as_drawn():
    frame = pd.DataFrame({"x": [f"c{i:02d}" for i in range(60)], **{f"s{i}": np.linspace(0, 1, 60) + i for i in range(13)}})
    for kind, fields in (("bar", {"x": "x"}), ("hist", {"y": ",".join(frame.columns[1:]), "bins": "150"})):
        spec = _spec({"theme": "print", "kind": kind, "width": "640", "height": "640", **fields}, frame)
        fig = build_figure(spec, chart_frame(spec, frame))
        FigureCanvasAgg(fig).draw()
        shown = {text.get_text(): patch.get_hatch_linewidth()
                 for legend in fig.legends for text, patch in zip(legend.get_texts(), legend.legend_handles)}
        drawn = [bars.patches[0].get_hatch_linewidth() for bars in fig.axes[0].containers]  # s0 to s12
        assert [shown[f"s{i}"] for i in range(13)] == drawn == [1.0] * 11 + [3.0] * 2, kind
