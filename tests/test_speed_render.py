"""The fast render path draws what matplotlib's own axes would: same ticks, same labels, same bytes."""
from __future__ import annotations

import gc
import types
import weakref
import xml.etree.ElementTree as ET

import numpy as np
import pandas as pd
import pytest
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.transforms import TransformNode

from plots import CHART_KINDS, ChartSpec, build_figure, chart_frame, parse_spec, render_svg
from plots import render as render_module
from plots import svg as svg_module
from plots.chart_artists import ChartAxes, ChartText
from plots.ticks import TICK_SIZE, axis_ticks

FRAMES = {
    "integers": pd.DataFrame({"x": np.arange(2010, 2022), "value": np.arange(12) * 3.0 + 20}),
    "big values with an offset": pd.DataFrame({"x": np.arange(50), "value": 1e6 + np.linspace(0, 5, 50)}),
    "tiny values": pd.DataFrame({"x": np.arange(50.0), "value": np.linspace(-1e-7, 1e-7, 50)}),
    "dates": pd.DataFrame({"x": pd.date_range("2001-01-01", periods=400, freq="D"), "value": np.arange(400.0)}),
}


@pytest.mark.parametrize("name", FRAMES)
def test_ticks_are_the_ones_matplotlibs_own_axis_draws(name):
    frame = FRAMES[name]
    reference = Figure(figsize=(6.4, 3.6), dpi=72)
    FigureCanvasAgg(reference)
    ours = Figure(figsize=(6.4, 3.6), dpi=72)
    FigureCanvasAgg(ours)
    ref_ax = reference.add_axes((0.12, 0.15, 0.8, 0.7))
    our_ax = ours.add_axes((0.12, 0.15, 0.8, 0.7), axes_class=ChartAxes)
    for ax in (ref_ax, our_ax):
        ax.plot(frame["x"], frame["value"])
    reference.canvas.draw()  # lays out matplotlib's own ticks
    for ref_axis, our_axis in ((ref_ax.xaxis, our_ax.xaxis), (ref_ax.yaxis, our_ax.yaxis)):
        ticks = axis_ticks(our_axis)
        drawn = [(t.get_loc(), t.label1.get_text()) for t in ref_axis._update_ticks()]
        assert [(pytest.approx(loc), label) for loc, label in drawn] == list(zip(ticks.locs, ticks.labels))
        assert ticks.offset == ref_axis.get_major_formatter().get_offset()


def test_a_render_makes_no_per_tick_artists(animals_frame):
    spec = ChartSpec(kind="line", x="year", y=("Bear",), title="Bears")
    fig = build_figure(spec, chart_frame(spec, animals_frame), dpi=72)
    ax = fig.axes[0]
    assert ax.xaxis.majorTicks == [] and ax.yaxis.majorTicks == []
    labels = [t.get_text() for t in fig.findobj(Text)]
    assert "2010" in labels and "year" in labels and "Bear" in labels


SPEED_PATH_SPECS = (
    {"title": ["Bears and more, a title long enough to wrap across the whole chart width twice over"]},
    {"kind": ["barh"], "theme": ["dark"], "y": ["Bear,Wolf"]},
    {"kind": ["bar"], "text": ["path"], "ylabel": ["sightings"]},
    {"kind": ["box"], "width": ["333"], "height": ["222"]},
)


def speed_path_specs() -> list:
    columns = {"year": "integer", "Bear": "integer", "Deer": "integer", "Wolf": "integer"}
    return [parse_spec(fields, columns) for fields in SPEED_PATH_SPECS]


def test_remembered_text_extents_give_the_same_bytes_as_measuring_anew(animals_frame, monkeypatch):
    remembered = [render_svg(spec, animals_frame) for spec in speed_path_specs()]

    class MeasuringRenderer(render_module.CompactRendererSVG):
        pass  # matplotlib's own measuring, every text every time

    monkeypatch.setattr(render_module, "_ChartRendererSVG", MeasuringRenderer)
    assert [render_svg(spec, animals_frame) for spec in speed_path_specs()] == remembered


def test_remembered_text_layouts_give_the_same_bytes_as_laying_out_anew(animals_frame, monkeypatch):
    remembered = [render_svg(spec, animals_frame) for spec in speed_path_specs()]
    monkeypatch.setattr(ChartText, "_get_layout", Text._get_layout)
    assert [render_svg(spec, animals_frame) for spec in speed_path_specs()] == remembered


def test_an_unpickled_blank_figure_draws_the_same_bytes_as_one_built_anew(animals_frame, monkeypatch):
    unpickled = [render_svg(spec, animals_frame) for spec in speed_path_specs()]

    def built_anew(width: float, height: float, dpi: float):
        fig = Figure(figsize=(width, height), dpi=dpi)
        FigureCanvasAgg(fig)
        return fig, fig.add_axes((0.1, 0.1, 0.8, 0.8), axes_class=ChartAxes)

    monkeypatch.setattr(render_module, "blank_figure", built_anew)
    assert [render_svg(spec, animals_frame) for spec in speed_path_specs()] == unpickled


def _dependents(root) -> list[tuple[int, object]]:
    """(key, dependent) of every `_parents` entry of the transforms reachable from `root`."""
    links, seen, stack = [], set(), [root]
    while stack:
        item = stack.pop()
        if id(item) in seen or isinstance(item, (type, weakref.ref, types.FunctionType, types.ModuleType, str)):
            continue
        seen.add(id(item))
        if isinstance(item, TransformNode):
            for key, ref in item._parents.items():
                links.append((key, ref()))
                stack.append(ref())
        stack.extend(gc.get_referents(item))
    return links


def test_an_unpickled_figures_transforms_know_their_dependents_by_their_own_ids(animals_frame):
    """matplotlib tells a transform's dependents that it changed through a dict keyed by their ids.
    Unpickled, those keys were the pickled objects' ids: freed, one was taken by a transform made
    while drawing, and a bar chart's ticks and grid were drawn where its axes had been before the
    layout moved them."""
    for spec in speed_path_specs():
        links = _dependents(build_figure(spec, chart_frame(spec, animals_frame)))
        assert links
        assert [key for key, dependent in links if key != id(dependent)] == []


def test_texts_written_directly_match_matplotlibs_own_text_elements(animals_frame, monkeypatch):
    """Chart texts skip matplotlib's text drawing on the compact SVG renderer; what they write is
    what matplotlib would, but for numbers rounded once instead of twice."""
    def texts(svg: bytes) -> list[tuple]:
        found = []
        for element in ET.fromstring(svg).iter("{http://www.w3.org/2000/svg}text"):
            attrs = dict(element.attrib)
            if "x" in attrs:  # anchored at its position (a line of a wrapped text is placed by a translate)
                attrs.pop("transform", None)
            x, y = float(attrs.pop("x", 0)), float(attrs.pop("y", 0))
            found.append((element.text, tuple(sorted(attrs.items())), x, y))
        return found

    specs = [spec for spec in speed_path_specs() if spec.text == "font"]
    direct = [texts(render_svg(spec, animals_frame)) for spec in specs]
    monkeypatch.setattr(ChartText, "draw", Text.draw)
    monkeypatch.setattr(svg_module.CompactRendererSVG, "_draw_anchored_text",
                        lambda self, gc, x, y, s, prop, angle, mtext: svg_module.RendererSVG.draw_text(
                            self, gc, x, y, s, prop, angle, False, mtext))
    for ours, theirs in zip(direct, (texts(render_svg(spec, animals_frame)) for spec in specs)):
        assert len(ours) == len(theirs) > 5
        for (text, attrs, x, y), (text2, attrs2, x2, y2) in zip(ours, theirs):
            # matplotlib writes six decimals, which are then rounded to two: at most 0.01 apart.
            assert (text, attrs) == (text2, attrs2) and abs(x - x2) <= 0.011 and abs(y - y2) <= 0.011


LONG_TITLE = ("Sightings of every animal in the park, counted by hand each spring, " * 3)[:200]


@pytest.mark.parametrize("kind", ["line", "area", "scatter", "bar", "barh", "hist", "box"])
@pytest.mark.parametrize("width", ["200", "640"])
def test_no_text_of_any_kind_is_cut_off_with_long_titles_labels_and_numbers(kind, width):
    frame = pd.DataFrame({"name": [f"a category with a long name {i}" for i in range(12)],
                          "big": np.linspace(-2.5e9, 7.5e9, 12), "small": np.linspace(0, 1e-6, 12)})
    columns = {"name": "text", "big": "float", "small": "float"}
    # A histogram and a box plot take no x but the first column (they place no rows by it); a box
    # plot names its series along its axis and takes no legend=true.
    x = {"bar": ["name"], "barh": ["name"], "hist": [], "box": []}.get(kind, ["small"])
    legend = ["true"] if CHART_KINDS[kind].legend else ["auto"]
    spec = parse_spec({"kind": [kind], "x": x, "y": ["big"],
                       "title": [LONG_TITLE], "xlabel": ["x " * 40], "ylabel": ["a long value axis title"],
                       "legend": legend, "width": [width], "height": ["240"]}, columns)
    fig = build_figure(spec, chart_frame(spec, frame), dpi=72)
    renderer = FigureCanvasAgg(fig).get_renderer()
    fig.draw(renderer)
    box = fig.get_tightbbox(renderer)
    width_in, height_in = fig.get_size_inches()
    assert box.x0 >= -0.01 and box.y0 >= -0.01 and box.x1 <= width_in + 0.01 and box.y1 <= height_in + 0.01, box


RECTANGLE_SPECS = (
    ({"kind": ["bar"], "y": ["a,b"]}, {}),
    ({"kind": ["barh"], "y": ["a"]}, {}),
    ({"kind": ["bar"], "y": ["a"], "ymin": ["-0.5"], "ymax": ["2"]}, {}),
    ({"kind": ["hist"], "y": ["a,b"], "bins": ["7"]}, {}),
    ({"kind": ["bar"], "y": ["a"]}, {"rows": 1}),
)


@pytest.mark.parametrize(("fields", "options"), RECTANGLE_SPECS)
def test_bars_data_limits_give_the_same_bytes_as_matplotlibs_own(fields, options, monkeypatch):
    rows = options.get("rows", 100)
    values = np.sin(np.arange(rows) * 0.7) * 3.0
    values[3::17] = np.nan  # no bar
    values[5::19] = 0.0  # a bar of no height
    frame = pd.DataFrame({"x": [f"c{i}" for i in range(rows)], "a": values, "b": values * -1e-3 + 2e5})
    spec = parse_spec({"x": ["x"], **fields}, {"x": "text", "a": "float", "b": "float"})
    data = chart_frame(spec, frame)
    ours = render_svg(spec, frame)
    limits = build_figure(spec, data, dpi=72).axes[0].dataLim.get_points()
    monkeypatch.setattr(ChartAxes, "_update_patch_limits", Axes._update_patch_limits)
    assert render_svg(spec, frame) == ours
    assert build_figure(spec, data, dpi=72).axes[0].dataLim.get_points().tobytes() == limits.tobytes()


def test_labels_that_cannot_be_apart_even_at_their_least_widths_are_not_measured():
    """Thinning the names of a line's 5000 text x tries step after step; each had measured every
    name it kept (5000 names at a step of 2), and the cache of measurements, smaller than that,
    measured them all again at the next: half a minute. Names too many for the axis even at the
    width of their narrowest characters are not measured."""
    from plots import layout

    names = [f"category-{i:07d}" for i in range(5000)]
    frame = pd.DataFrame({"x": names, "v": np.arange(5000.0)})
    spec = parse_spec({}, {"x": "text", "v": "float"})
    data = chart_frame(spec, frame)
    layout.text_metrics.cache_clear()
    svg = render_svg(spec, data)
    assert layout.text_metrics.cache_info().misses < 500
    # As many names as before, read from the chart: the few that are apart.
    shown = [text.text for text in ET.fromstring(svg).iter("{http://www.w3.org/2000/svg}text")
             if text.text and text.text.startswith("category-")]
    assert 2 <= len(shown) <= 60 and len(set(shown)) == len(shown) and set(shown) <= set(names)


def test_a_least_width_is_never_more_than_the_measured_one():
    from plots.layout import least_width, text_size

    samples = ["iiii", "l.l.l", "a\u0301\u0301b", "x\u200b\u200by", "a\u2009\u200ab", "a\u2029b", "line\nil",
               "漢字", "👩‍💻", "\u0627\u0644\u0639\u0631\u0628\u064a\u0629", "..........", "|||"]
    for text in samples:
        assert least_width(text, TICK_SIZE) <= text_size(text, TICK_SIZE)[0], text
