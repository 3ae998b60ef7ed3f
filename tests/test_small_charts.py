"""The smallest charts lay out their title, legend and plot without overlap."""
from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.text import Text

from plots import build_figure, chart_frame, parse_spec
from plots.ticks import TICK_SIZE


@pytest.mark.parametrize(("width", "height"), [("100", "100"), ("100", "130"), ("160", "100"), ("130", "130")])
@pytest.mark.parametrize("title", ["", "Sightings", "Sightings of bears and wolves per year in the park"])
@pytest.mark.parametrize("series", [1, 2, 5])
def test_the_smallest_charts_lay_out_their_title_legend_and_plot_apart(width, height, title, series):
    frame = pd.DataFrame({"year": np.arange(2000.0, 2010), **{f"s{i}": np.arange(10.0) * i for i in range(series)}})
    fields = {"x": ["year"], "width": [width], "height": [height], **({"title": [title]} if title else {})}
    spec = parse_spec(fields, {name: "float" for name in frame})
    fig = build_figure(spec, chart_frame(spec, frame), dpi=72)
    renderer = FigureCanvasAgg(fig).get_renderer()
    fig.draw(renderer)
    boxes = {"plot": fig.axes[0].get_window_extent(renderer)}
    boxes.update({f"legend {i}": legend.get_window_extent(renderer) for i, legend in enumerate(fig.legends)})
    texts = [t for t in fig.artists if isinstance(t, Text) and t.get_text()]
    boxes.update({f"text {t.get_text()!r}": t.get_window_extent(renderer) for t in texts})
    for name, box in boxes.items():
        assert fig.bbox.y0 <= box.y0 and box.y1 <= fig.bbox.y1 + 0.5, name
    header = {name: box for name, box in boxes.items()
              if name.startswith("legend") or (title and name.startswith("text") and any(
                  t.get_fontweight() == "bold" and name == f"text {t.get_text()!r}" for t in texts))}
    for (a, box_a), (b, box_b) in itertools.combinations(boxes.items(), 2):
        if a in header or b in header:
            assert not box_a.overlaps(box_b), (a, box_a, b, box_b)


@pytest.mark.parametrize(("width", "height", "series"), [("130", "130", 5), ("160", "100", 5), ("200", "120", 9)])
def test_a_legend_that_counts_the_series_left_out_stays_within_the_figure(width, height, series):
    frame = pd.DataFrame({"year": np.arange(2000.0, 2010), **{f"s{i}": np.arange(10.0) * i for i in range(series)}})
    spec = parse_spec({"x": ["year"], "width": [width], "height": [height]}, {name: "float" for name in frame})
    fig = build_figure(spec, chart_frame(spec, frame), dpi=72)
    renderer = FigureCanvasAgg(fig).get_renderer()
    fig.draw(renderer)
    (legend,) = fig.legends
    texts = [text.get_text() for text in legend.get_texts()]
    assert any("+" in text for text in texts), texts  # some series are counted, not named
    box = legend.get_window_extent(renderer)
    assert fig.bbox.x0 <= box.x0 and box.x1 <= fig.bbox.x1 + 0.5, (texts, box.x1, fig.bbox.x1)


@pytest.mark.parametrize("width", ["400", "200"])
def test_a_short_bar_chart_of_turned_names_keeps_its_legend_clear_of_the_tick_labels(width):
    # Names turned upwards under the bars take more height than a line of labels: the legend the
    # chart has room for is shorter than the one that fits over a line chart of the same series.
    days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Holiday"]
    frame = pd.DataFrame({"day": days, **{f"s{i}": np.linspace(1, 100, 8) for i in range(20)}})
    fields = {"kind": ["bar"], "x": ["day"], "width": [width], "height": ["150"]}
    spec = parse_spec(fields, {"day": "text", **{name: "float" for name in frame.columns[1:]}})
    fig = build_figure(spec, chart_frame(spec, frame), dpi=72)
    renderer = FigureCanvasAgg(fig).get_renderer()
    fig.draw(renderer)
    (legend,) = fig.legends
    legend_box, plot = legend.get_window_extent(renderer), fig.axes[0].get_window_extent(renderer)
    # Left of the plot: the y tick labels (the axis title is turned, and further left).
    tick_labels = [t for t in fig.findobj(Text) if t.get_text() and t.get_window_extent(renderer).x1 <= plot.x0]
    assert "100" in [t.get_text() for t in tick_labels]
    for label in tick_labels:
        assert not legend_box.overlaps(label.get_window_extent(renderer)), label.get_text()
    assert legend_box.y0 >= plot.y1


STATIONS = pd.DataFrame({"station": ["Airport", "Harbour", "Hilltop", "Riverside"],
                         "temperature_c": [11.0, 12.4, 7.6, 10.3], "rainfall_mm": [1.9, 2.2, 2.4, 2.1],
                         "sunshine_h": [5.0, 4.5, 4.2, 4.7]})


@pytest.mark.parametrize(("width", "height", "title", "legend"), [
    ("100", "100", "Hello world long title", False), ("150", "100", "Hello world long title", False),
    ("200", "150", "Hello world long title", True), ("100", "100", "", True)])
def test_a_small_bar_chart_of_turned_names_keeps_its_header_clear_of_them(width, height, title, legend):
    # The names under the bars, turned upwards, took the room of the title and the legend: three
    # colours that nothing named, under no title. The names give way, down to a letter or three and "…".
    fields = {"kind": ["bar"], "x": ["station"], "width": [width], "height": [height],
              **({"title": [title]} if title else {})}
    spec = parse_spec(fields, {"station": "text", **{name: "float" for name in STATIONS.columns[1:]}})
    fig = build_figure(spec, chart_frame(spec, STATIONS), dpi=72)
    renderer = FigureCanvasAgg(fig).get_renderer()
    fig.draw(renderer)
    titles = [t for t in fig.artists if isinstance(t, Text) and t.get_text() and t.get_fontweight() == "bold"]
    assert bool(titles) == bool(title)
    if title:
        assert titles[0].get_text().startswith("Hello"), titles[0].get_text()
    assert len(fig.legends) == legend
    plot = fig.axes[0].get_window_extent(renderer)
    names = [t for t in fig.findobj(Text) if t.get_text() and t.get_rotation() == 90 and t.get_fontsize() == TICK_SIZE]
    assert names
    header = [t.get_window_extent(renderer) for t in titles] + [g.get_window_extent(renderer) for g in fig.legends]
    for box in header:
        assert box.y0 >= plot.y1 and fig.bbox.x0 <= box.x0 and box.x1 <= fig.bbox.x1 + 0.5, (box, plot)
    for name in names:
        box = name.get_window_extent(renderer)
        assert box.y1 <= plot.y0 and box.y0 >= fig.bbox.y0 - 0.5, (name.get_text(), box)


@pytest.mark.parametrize(("width", "height"), [("100", "100"), ("120", "100"), ("100", "115"), ("200", "105")])
@pytest.mark.parametrize("top", [1.0, 10.0, 1000.0])
def test_the_highest_y_label_of_a_short_chart_keeps_clear_of_its_title_and_legend(width, height, top):
    # A plot kept at its least height reached up to where the header may reach, and its highest
    # label, standing above its tick, ran 1.5 points into the legend.
    frame = pd.DataFrame({"year": np.arange(2000.0, 2011), "a": np.linspace(0, top, 11), "b": np.linspace(0, top, 11) * 2})
    fields = {"x": ["year"], "width": [width], "height": [height], "title": ["Sightings of bears and wolves"]}
    spec = parse_spec(fields, {name: "float" for name in frame})
    fig = build_figure(spec, chart_frame(spec, frame), dpi=72)
    renderer = FigureCanvasAgg(fig).get_renderer()
    fig.draw(renderer)
    assert len(fig.legends) == 1  # kept: the plot gives way, not the legend
    titles = [t for t in fig.artists if isinstance(t, Text) and t.get_text() and t.get_fontweight() == "bold"]
    header = min(box.y0 for box in [t.get_window_extent(renderer) for t in titles]
                 + [legend.get_window_extent(renderer) for legend in fig.legends])
    plot = fig.axes[0].get_window_extent(renderer)
    y_labels = [t for t in fig.artists if isinstance(t, Text) and t.get_text() and t.get_fontsize() == TICK_SIZE
                and t.get_window_extent(renderer).x1 <= plot.x0]
    assert len(y_labels) >= 2, [t.get_text() for t in y_labels]
    highest = max(label.get_window_extent(renderer).y1 for label in y_labels)
    assert highest < header, (highest, header)
