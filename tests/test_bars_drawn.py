"""How bars (and boxes beyond the bounds) look once drawn: read back from the pixels of the drawn
chart and from its artists."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import numpy as np
import pandas as pd
import pytest
from matplotlib import cbook
from matplotlib.colors import to_hex, to_rgb

from plots import build_figure, chart_frame, describe, parse_spec, render_svg
from plots.bound_words import Beyond, marks_beyond
from plots.layout import text_size
from plots.rows import Drawn, as_drawn
from plots.style import CSS_DPI, THEMES
from plots.ticks import TICK_SIZE

SVG = "{http://www.w3.org/2000/svg}"
SCALE = 3  # device pixels per CSS pixel: a line of a point is a few pixels wide


def drawn_pixels(spec, frame: pd.DataFrame):
    """The chart's axes and its pixels (rows from the top, RGB in 0…1), drawn as render_png draws."""
    fig = build_figure(spec, chart_frame(spec, frame), dpi=CSS_DPI * SCALE)
    fig.canvas.draw()
    return fig.axes[0], np.asarray(fig.canvas.buffer_rgba())[..., :3] / 255.0


def pixel_at(ax, pixels: np.ndarray, x: float, y: float) -> np.ndarray:
    """The colour drawn at data point (x, y)."""
    column, row = ax.transData.transform((x, y))
    return pixels[int(pixels.shape[0] - row), int(column)]


def near(colour: np.ndarray, expected: str) -> bool:
    return bool(np.abs(colour - np.array(to_rgb(expected))).max() < 0.05)


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_neighbouring_histogram_bars_of_one_height_are_parted_by_the_background(theme):
    # Bins 0-1, 1-2, 2-3 and 3-4, each counting 10 values: one block unless the bars are parted.
    frame = pd.DataFrame({"v": np.repeat([0.5, 1.5, 2.5, 3.5], 10)})
    spec = parse_spec({"kind": ["hist"], "y": ["v"], "bins": ["4"], "xmin": ["0"], "xmax": ["4"], "theme": [theme]},
                      {"v": "float"})
    ax, pixels = drawn_pixels(spec, frame)
    background = THEMES[theme].background
    for edge in (1.0, 2.0, 3.0):
        assert near(pixel_at(ax, pixels, edge, 5.0), background), edge
    for middle in (0.5, 1.5, 2.5, 3.5):
        assert not near(pixel_at(ax, pixels, middle, 5.0), background), middle


def test_parting_histogram_bars_leaves_their_tops_where_they_were():
    # A low bar beside high ones: an edge drawn around each bar would lower its top, or hide it.
    frame = pd.DataFrame({"v": np.repeat([0.5, 1.5, 2.5], [370, 3, 370])})
    spec = parse_spec({"kind": ["hist"], "y": ["v"], "bins": ["3"], "xmin": ["0"], "xmax": ["3"]}, {"v": "float"})
    ax, pixels = drawn_pixels(spec, frame)
    background = THEMES["light"].background
    _, three = ax.transData.transform((0.0, 3.0))
    _, zero = ax.transData.transform((0.0, 0.0))
    assert three - zero > 4  # pixels: the low bar is tall enough to be seen, and to be hidden by an edge
    bar = pixel_at(ax, pixels, 1.3, 1.5)  # inside the low bar
    assert not near(bar, background)
    for x, count in ((0.3, 370), (1.3, 3), (2.3, 370)):
        column, top = ax.transData.transform((x, count))
        row = int(pixels.shape[0] - top)
        # The pixel row just inside the bar's top is the bar's, one just above it is not.
        assert near(pixels[row + 1, int(column)], to_hex(bar)), x
        assert not near(pixels[row - 2, int(column)], to_hex(bar)), x


def test_an_auto_themed_histogram_parts_its_bars_in_the_dark_background_for_a_dark_scheme():
    frame = pd.DataFrame({"v": np.repeat([0.5, 1.5, 2.5, 3.5], 10)})
    spec = parse_spec({"kind": ["hist"], "y": ["v"], "bins": ["4"], "xmin": ["0"], "xmax": ["4"], "theme": ["auto"]},
                      {"v": "float"})
    root = ET.fromstring(render_svg(spec, frame))
    light, dark = THEMES["light"].background, THEMES["dark"].background
    parting = [path for path in root.iter(f"{SVG}path")
               if path.get("stroke") in (light, "#fff") and path.get("d", "").count("M") == 3]
    assert len(parting) == 1  # one line up each of the three inner edges
    style = "".join(element.text or "" for element in root.iter(f"{SVG}style"))
    assert f'[stroke="{parting[0].get("stroke")}"]{{stroke:{dark}}}' in style


def bar_chart(kind: str, values: list[float], **bounds: str):
    """The axes and pixels of a chart of one bar per value, in categories a, b, c …"""
    frame = pd.DataFrame({"k": list("abcdefgh"[: len(values)]), "v": values})
    fields = {"kind": [kind], "x": ["k"], "y": ["v"], **{name: [value] for name, value in bounds.items()}}
    return drawn_pixels(parse_spec(fields, {"k": "text", "v": "float"}), frame)


def colour_by_edge(ax, pixels: np.ndarray, place: float, edge: float, horizontal: bool,
                   points: float = 2.0) -> np.ndarray:
    """The colour drawn at category `place`, `points` inside the value axis' `edge` (0: its start, 1: its end)."""
    inside = points / 72.0 * ax.get_figure(root=True).dpi
    if horizontal:
        column, row = ax.get_yaxis_transform().transform((edge, place))
        column += inside if edge == 0 else -inside
    else:
        column, row = ax.get_xaxis_transform().transform((place, edge))
        row += inside if edge == 0 else -inside
    return pixels[int(pixels.shape[0] - row), int(column)]


@pytest.mark.parametrize("kind", ["bar", "barh"])
@pytest.mark.parametrize(("values", "bounds", "edge"), [
    ([5.0, 20.0, 30.0], {"ymin": "10"}, 0.0),  # under ymin: below the plot
    ([-5.0, -20.0, -30.0], {"ymax": "-10"}, 1.0),  # a negative bar over ymax: above it
    ([5.0, 20.0, 30.0], {"ymin": "10", "ymax": "25"}, 0.0),
])
def test_a_bar_wholly_beyond_the_value_bounds_is_marked_on_the_edge_it_lies_beyond(kind, values, bounds, edge):
    ax, pixels = bar_chart(kind, values, **bounds)
    horizontal = kind == "barh"
    background = THEMES["light"].background
    bar = to_hex(ax.patches[0].get_facecolor())
    assert near(colour_by_edge(ax, pixels, 0.0, edge, horizontal), bar)  # the bar of a, beyond the bounds
    assert not near(colour_by_edge(ax, pixels, 0.0, 1.0 - edge, horizontal), bar)  # nothing at the other edge
    assert near(colour_by_edge(ax, pixels, 0.45, edge, horizontal), background)  # and only in a's place


@pytest.mark.parametrize("kind", ["bar", "barh"])
@pytest.mark.parametrize(("values", "bounds", "edge"), [
    ([-5.0, -20.0, 30.0], {"ymin": "0"}, 0.0),  # from zero down, the plot starting at zero
    ([5.0, 20.0, -30.0], {"ymax": "0"}, 1.0),  # from zero up, the plot ending at zero
])
def test_a_bar_ending_at_zero_on_a_bound_is_marked_as_lying_beyond_it(kind, values, bounds, edge):
    # It draws no length in the plot: a triangle of the background's colour, as a bar cut at the
    # edge has over its end, marked nothing at all.
    ax, pixels = bar_chart(kind, values, **bounds)
    horizontal = kind == "barh"
    bar = to_hex(ax.patches[0].get_facecolor())
    for place in (0.0, 1.0):
        assert near(colour_by_edge(ax, pixels, place, edge, horizontal), bar), place
    assert marked_places(ax) == 2


@pytest.mark.parametrize("kind", ["bar", "barh"])
def test_bars_reaching_into_the_bounds_and_missing_values_get_no_mark(kind):
    ax, _ = bar_chart(kind, [15.0, float("nan"), 30.0, -5.0], ymin="10", ymax="30")
    marks = [line for line in ax.lines if line.get_marker() in ("v", "^", "<", ">")]
    marked = [place for line in marks for place in (line.get_ydata() if kind == "barh" else line.get_xdata())]
    # 15 shows, from under ymin, and 30 ends on ymax, -5 lies under it; a missing value is no bar.
    assert marked == [3.0]


def test_a_histogram_bin_counting_fewer_than_ymin_is_marked_and_an_empty_one_is_not():
    frame = pd.DataFrame({"v": np.repeat([0.5, 1.5, 3.5], [30, 2, 40])})  # the bin from 2 to 3 is empty
    spec = parse_spec({"kind": ["hist"], "y": ["v"], "bins": ["4"], "xmin": ["0"], "xmax": ["4"], "ymin": ["10"]},
                      {"v": "float"})
    ax, pixels = drawn_pixels(spec, frame)
    bar = to_hex(pixel_at(ax, pixels, 0.3, 20.0))  # the bar of 30, as painted
    assert near(colour_by_edge(ax, pixels, 1.5, 0.0, False), bar)  # 2 values, under ymin
    assert not near(colour_by_edge(ax, pixels, 2.5, 0.0, False), bar)  # none


def description(spec, frame: pd.DataFrame) -> str:
    return ET.fromstring(render_svg(spec, frame)).find(f"{SVG}desc").text


def marked_places(ax) -> int:
    """How many triangles mark something beyond the value axis' bounds."""
    return sum(len(line.get_xdata()) for line in ax.lines if line.get_marker() in ("v", "^", "<", ">"))


def said_and_marked(kind: str, values: list[float], bounds: dict[str, str]) -> tuple[str, int]:
    """The description of a bar chart of `values` under `bounds`, and how many triangles it draws."""
    frame = pd.DataFrame({"k": list("abcdefgh"[: len(values)]), "v": values})
    spec = parse_spec({"kind": [kind], "x": ["k"], "y": ["v"], **{name: [value] for name, value in bounds.items()}},
                      {"k": "text", "v": "float"})
    ax, _ = bar_chart(kind, values, **bounds)
    return description(spec, frame), marked_places(ax)


@pytest.mark.parametrize(("kind", "values", "bounds", "words"), [
    ("bar", [5.0, 20.0, 30.0], {"ymin": "10"}, "1 bar lies below ymin 10 (marked by a triangle)."),
    ("bar", [5.0, 2.0, 30.0, float("nan")], {"ymin": "10", "ymax": "30"}, "2 bars lie below ymin 10 (marked by triangles)."),
    ("barh", [-5.0, -20.0, -30.0], {"ymax": "-10"}, "1 bar lies above ymax \N{MINUS SIGN}10 (marked by a triangle)."),
])
def test_the_description_counts_the_bars_marked_beyond_the_bounds(kind, values, bounds, words):
    desc, marks = said_and_marked(kind, values, bounds)
    assert desc.endswith(words), desc
    assert marks == int(words.split()[0])


def test_the_description_counts_the_histogram_bins_marked_beyond_the_bounds_but_no_empty_one():
    frame = pd.DataFrame({"v": np.repeat([0.5, 1.5, 3.5], [30, 2, 40])})  # the bin from 2 to 3 is empty
    spec = parse_spec({"kind": ["hist"], "y": ["v"], "bins": ["4"], "xmin": ["0"], "xmax": ["4"], "ymin": ["10"]},
                      {"v": "float"})
    assert description(spec, frame).endswith("v from 0.5 to 3.5. 1 bar lies below ymin 10 (marked by a triangle).")
    ax, _ = drawn_pixels(spec, frame)
    assert marked_places(ax) == 1
    # Counted by a database: the same words.
    counts = as_drawn(pd.DataFrame({"v": [30, 2, 0, 40]}),
                      Drawn(rows=72, bins=(0.0, 1.0, 2.0, 3.0, 4.0), ranges=(("v", 0.5, 3.5),)))
    assert description(spec, counts) == description(spec, frame)


def test_bars_within_the_bounds_add_nothing_to_the_description():
    frame = pd.DataFrame({"k": list("abc"), "v": [15.0, 20.0, 30.0]})
    spec = parse_spec({"kind": ["bar"], "x": ["k"], "y": ["v"], "ymin": ["10"]}, {"k": "text", "v": "float"})
    assert description(spec, frame).endswith("rows. v: a 15, b 20, c 30.")


def box_plot(**bounds: str):
    """A box plot of a (0 to 10), b (60 to 80) and c (100 to 120), and its spec."""
    frame = pd.DataFrame({"a": np.linspace(0, 10, 21), "b": np.linspace(60, 80, 21), "c": np.linspace(100, 120, 21)})
    spec = parse_spec({"kind": ["box"], "y": ["a,b,c"], **{name: [value] for name, value in bounds.items()}},
                      {"a": "float", "b": "float", "c": "float"})
    return spec, frame


def test_a_box_wholly_under_ymin_is_marked_on_the_bottom_edge_and_described():
    spec, frame = box_plot(ymin="50")
    ax, pixels = drawn_pixels(spec, frame)
    ink = THEMES["light"].foreground
    assert near(colour_by_edge(ax, pixels, 1.0, 0.0, False), ink)  # a's place: it lay under the plot, unseen
    assert not near(colour_by_edge(ax, pixels, 2.0, 0.0, False), ink)  # b is drawn in the plot
    assert marked_places(ax) == 1
    assert description(spec, frame).endswith(
        "c from 100 to 120, 21 values, median 110, quartiles 105 and 115. "
        "The box of a lies below ymin 50 (marked by a triangle).")


def test_boxes_beyond_either_bound_are_named_in_the_description():
    spec, frame = box_plot(ymin="50", ymax="90")
    assert description(spec, frame).endswith(
        "The box of a lies below ymin 50 and the box of c above ymax 90 (marked by triangles).")
    assert marked_places(drawn_pixels(spec, frame)[0]) == 2
    spec, frame = box_plot(ymin="90")
    assert description(spec, frame).endswith("The boxes of a and b lie below ymin 90 (marked by triangles).")


def test_a_box_whose_whisker_reaches_into_the_bounds_is_marked_where_it_is_cut_not_said_to_lie_beyond():
    spec, frame = box_plot(ymin="9")  # a's upper whisker ends at 10
    assert marked_places(drawn_pixels(spec, frame)[0]) == 1
    assert description(spec, frame).endswith(
        "c from 100 to 120, 21 values, median 110, quartiles 105 and 115. "
        "The box of a is cut off at ymin 9 (marked by a triangle).")


def test_a_histogram_counts_its_values_into_bins_once_per_render_with_y_bounds(monkeypatch):
    # The bars drawn and the bars described beyond the bounds are the same counts.
    frame = pd.DataFrame({"v": np.repeat([0.5, 1.5, 3.5], [30, 2, 40])})
    spec = parse_spec({"kind": ["hist"], "y": ["v"], "bins": ["4"], "xmin": ["0"], "xmax": ["4"], "ymin": ["10"]},
                      {"v": "float"})
    counted = []
    histogram = np.histogram

    def counting(values, *args, **kwargs):
        counted.append(len(values))
        return histogram(values, *args, **kwargs)

    monkeypatch.setattr(np, "histogram", counting)
    assert description(spec, frame).endswith("1 bar lies below ymin 10 (marked by a triangle).")
    assert counted.count(len(frame)) == 1  # over the values; drawing the counts passes over the 4 bins


def test_a_box_plots_statistics_are_worked_out_once_per_render_with_y_bounds(monkeypatch):
    spec, frame = box_plot(ymin="50")
    worked_out = []
    boxplot_stats = cbook.boxplot_stats

    def counting(*args, **kwargs):
        worked_out.append(args)
        return boxplot_stats(*args, **kwargs)

    monkeypatch.setattr(cbook, "boxplot_stats", counting)
    assert description(spec, frame).endswith("The box of a lies below ymin 50 (marked by a triangle).")
    assert len(worked_out) == 1


def test_marks_beyond_the_bounds_are_counted_per_series():
    frame = pd.DataFrame({"k": list("abcd"), "u": [1.0, 2.0, 3.0, 30.0], "w": [4.0, 30.0, 30.0, 30.0]})
    spec = parse_spec({"kind": ["bar"], "x": ["k"], "y": ["u,w"], "ymin": ["10"]},
                      {"k": "text", "u": "float", "w": "float"})
    assert marks_beyond(spec, chart_frame(spec, frame)) == Beyond("bar", (("u", 3), ("w", 1)), ())
    assert description(spec, frame).endswith("4 bars lie below ymin 10 (marked by triangles).")


def test_describing_a_box_plot_of_huge_values_first_leaves_its_drawing_as_it_was():
    # Drawn in units of a power of ten (`magnitude`): the boxes described in the values' own units
    # are not the boxes drawn.
    frame = pd.DataFrame({"a": np.linspace(-2e307, -1e307, 21), "b": np.linspace(5e307, 6e307, 21)})
    spec = parse_spec({"kind": ["box"], "y": ["a,b"], "ymin": ["0"]}, {"a": "float", "b": "float"})
    fresh = chart_frame(spec, frame)
    described = chart_frame(spec, frame)
    assert describe(spec, described)[1].endswith("The box of a lies below ymin 0 (marked by a triangle).")

    def drawn(data):
        ax = build_figure(spec, data, dpi=72).axes[0]
        return [repr(np.asarray(line.get_ydata(), dtype=float)) for line in ax.lines], ax.get_ylim()  # NaN too

    assert drawn(described) == drawn(fresh)


def short_chart_with_a_legend(kind: str, frame: pd.DataFrame, **fields: str):
    """The axes of a 200 × 160 pixel chart with a title and a legend, as drawn, and its points per pixel.

    Its title and legend take a third of its height, and its tick labels part of its width: the
    plot is far smaller than the figure."""
    columns = {name: "text" if name == "k" else "float" for name in frame}
    spec = parse_spec({"kind": [kind], "y": ["u,w"], "ymin": ["5"], "width": ["200"], "height": ["160"],
                       "title": ["Rainfall"], **{name: [value] for name, value in fields.items()}}, columns)
    ax, _ = drawn_pixels(spec, frame)
    return ax, 72.0 / ax.get_figure(root=True).dpi


def triangles(ax) -> list:
    return [line for line in ax.lines if line.get_marker() in ("v", "^", "<", ">")]


@pytest.mark.parametrize("kind", ["bar", "barh"])
def test_triangles_on_a_short_chart_with_a_legend_are_no_wider_than_their_bars(kind):
    # Each bar lies under ymin; the bars of the two series stand side by side, so a triangle wider
    # than its bar would overlap its neighbour's.
    frame = pd.DataFrame({"k": [f"c{i}" for i in range(12)], "u": np.ones(12), "w": np.ones(12)})
    ax, points = short_chart_with_a_legend(kind, frame, x="k")
    extent = ax.patches[0].get_window_extent()
    bar = (extent.height if kind == "barh" else extent.width) * points
    assert len(triangles(ax)) == 2
    for marks in triangles(ax):
        assert marks.get_markersize() <= bar + 1e-9


def test_a_short_histograms_triangles_and_the_lines_parting_its_bins_fit_its_bins():
    frame = pd.DataFrame({"u": np.arange(60.0), "w": np.arange(60.0)})  # 2 values in each of 30 bins
    ax, points = short_chart_with_a_legend("hist", frame, bins="30")
    bin_width = ax.patches[0].get_window_extent().width * points
    assert len(triangles(ax)) == 2
    for marks in triangles(ax):
        assert marks.get_markersize() <= bin_width + 1e-9
    parting = [line for line in ax.lines if line.get_solid_capstyle() == "butt" and line.get_marker() == "None"
               and to_hex(line.get_color()) == THEMES["light"].background]
    assert len(parting) == 1
    assert parting[0].get_linewidth() <= 0.1 * bin_width + 1e-9  # at most a tenth of a bin's width


def tick_labels(svg: bytes) -> tuple[list[tuple[float, str]], list[tuple[float, str]]]:
    """A bar chart's category labels turned upwards (by x) and written across (by y, for barh)."""
    turned, across = [], []
    for text in ET.fromstring(svg).iter(f"{SVG}text"):
        if text.get("font-size") != f"{TICK_SIZE:g}":
            continue
        place = re.fullmatch(r"translate\(([-\d.]+) [-\d.]+\) rotate\(-90\)", text.get("transform", ""))
        if place:
            turned.append((float(place.group(1)), text.text))
        elif text.get("text-anchor") == "end":
            across.append((float(text.get("y")), text.text))
    return sorted(turned), sorted(across)


def names_chart(kind: str, count: int, **size: str) -> bytes:
    frame = pd.DataFrame({"k": [f"station {i:03d}" for i in range(count)], "v": np.arange(count, dtype=float) + 1})
    fields = {"kind": [kind], "x": ["k"], "y": ["v"], **{name: [value] for name, value in size.items()}}
    return render_svg(parse_spec(fields, {"k": "text", "v": "float"}), frame)


def test_every_bar_is_named_where_its_turned_label_has_room():
    turned, _ = tick_labels(names_chart("bar", 30, width="1200"))
    assert [label for _, label in turned] == [f"station {i:03d}" for i in range(30)]


def test_every_horizontal_bar_is_named_where_its_label_has_room():
    _, across = tick_labels(names_chart("barh", 60, height="1200"))
    assert len([label for _, label in across if label.startswith("station")]) == 60


@pytest.mark.parametrize("count, width", [(100, "640"), (100, "1200"), (60, "640")])
def test_the_names_of_many_bars_are_thinned_to_labels_that_stand_apart(count, width):
    turned, _ = tick_labels(names_chart("bar", count, width=width))
    assert 2 <= len(turned) < count
    height = text_size("station 000", TICK_SIZE)[1]
    assert all(right - left >= height for (left, _), (right, _) in zip(turned, turned[1:]))
    # Evenly: every n-th, from the first.
    steps = {int(b[1].split()[1]) - int(a[1].split()[1]) for a, b in zip(turned, turned[1:])}
    assert len(steps) == 1 and turned[0][1] == "station 000"


def test_short_labels_of_many_bars_stay_written_across_thinned_rather_than_turned():
    frame = pd.DataFrame({"year": [str(year) for year in range(1960, 2020)], "v": np.ones(60)})
    svg = render_svg(parse_spec({"kind": ["bar"], "x": ["year"], "y": ["v"], "width": ["1200"]},
                                {"year": "text", "v": "float"}), frame)
    turned, _ = tick_labels(svg)
    written = [text.text for text in ET.fromstring(svg).iter(f"{SVG}text")
               if text.get("font-size") == f"{TICK_SIZE:g}" and text.get("text-anchor") == "middle"]
    assert not turned
    assert 10 <= len(written) < 60 and written[0] == "1960"


def value_axis(ax, horizontal: bool) -> tuple[tuple[float, float], list[float]]:
    """The value axis' limits and the ticks within them."""
    low, high = ax.get_xlim() if horizontal else ax.get_ylim()
    axis = ax.xaxis if horizontal else ax.yaxis
    return (low, high), [round(float(t), 9) for t in axis.get_majorticklocs() if low - 1e-9 <= t <= high + 1e-9]


@pytest.mark.parametrize("kind", ["bar", "barh"])
@pytest.mark.parametrize("values", [[0.0, 0.0, 0.0], [0.0, float("nan"), -0.0]])
def test_bars_all_of_zero_stand_on_an_axis_from_zero_to_one(kind, values):
    # As bars of 1 would: matplotlib took the span of nothing for a point, and widened it to an axis
    # from -0.055 to 0.055 with the bars' baseline in the middle of an empty plot.
    ax, _ = bar_chart(kind, values)
    (low, high), ticks = value_axis(ax, kind == "barh")
    assert low == 0.0 and 1.0 <= high <= 1.1
    assert ticks[0] == 0.0 and ticks[-1] == 1.0


@pytest.mark.parametrize("kind", ["bar", "barh"])
def test_bars_all_of_zero_over_ymin_zero_keep_the_axis_from_zero_to_one(kind):
    ax, _ = bar_chart(kind, [0.0, 0.0], ymin="0")
    (low, high), ticks = value_axis(ax, kind == "barh")
    assert low == 0.0 and 1.0 <= high <= 1.1 and ticks[-1] == 1.0


@pytest.mark.parametrize("kind", ["bar", "barh"])
def test_bars_of_a_constant_value_keep_their_axis(kind):
    ax, _ = bar_chart(kind, [5.0, 5.0, 5.0])
    (low, high), ticks = value_axis(ax, kind == "barh")
    assert (low, high) == (0.0, 5.25) and ticks == [0.0, 1.0, 2.0, 3.0, 4.0, 5.0]


@pytest.mark.parametrize(("a", "b"), [([0.0] * 3, [0.0] * 3), ([0.0, float("nan"), -0.0], [float("nan")] * 3),
                                      ([5.0] * 3, [5.0] * 3)])
def test_boxes_of_one_whole_value_stand_on_an_axis_from_one_below_it_to_one_above(a, b):
    # matplotlib took the span of nothing for a point, and widened it by 5 %: flat boxes of zeros
    # among ticks −0.04 to 0.04, which say there are values between.
    frame = pd.DataFrame({"a": a, "b": b})
    spec = parse_spec({"kind": ["box"], "y": ["a,b"]}, {"a": "float", "b": "float"})
    ax = build_figure(spec, chart_frame(spec, frame), dpi=72).axes[0]
    value = np.nanmax(a)
    (low, high), ticks = value_axis(ax, False)
    assert (low, high) == pytest.approx((value - 1.1, value + 1.1)) and ticks == [value - 1, value, value + 1]


def test_boxes_of_zero_over_ymin_zero_keep_an_axis_from_zero_to_one():
    frame = pd.DataFrame({"a": [0.0, 0.0]})
    spec = parse_spec({"kind": ["box"], "y": ["a"], "ymin": ["0"]}, {"a": "float"})
    (low, high), ticks = value_axis(build_figure(spec, chart_frame(spec, frame), dpi=72).axes[0], False)
    assert low == 0.0 and 1.0 <= high <= 1.1 and ticks == [0.0, 1.0]
