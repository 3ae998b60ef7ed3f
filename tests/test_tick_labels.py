"""Tick labels: neighbouring labels never run together, whatever the chart's width, an axis of
whole numbers is ticked in whole numbers, and a date axis' offset names the date its ticks start on."""
from __future__ import annotations

import warnings
import xml.etree.ElementTree as ET

import numpy as np
import pandas as pd
import pytest
from matplotlib.text import Text

from plots import build_figure, chart_frame, parse_spec, render_svg
from plots.layout import text_size
from plots.ticks import TICK_SIZE, axis_ticks
from tests.conftest import ROOT

SVG = "{http://www.w3.org/2000/svg}"


def weather_thumbnail():
    """The front page's thumbnail of the sample weather data: 320×180, date against temperature."""
    frame = pd.read_csv(ROOT / "site" / "data" / "weather.csv", parse_dates=["date"])
    types = {name: "datetime" if name == "date" else "float" for name in frame.columns}
    return parse_spec({"width": ["320"], "height": ["180"], "y": ["temperature_c"]}, types), frame


def narrow_scatter():
    frame = pd.DataFrame({"x": np.linspace(0, 900_000, 50), "y": np.linspace(0, 1, 50)})
    spec = parse_spec({"kind": ["scatter"], "x": ["x"], "y": ["y"], "width": ["320"], "height": ["180"]},
                      {"x": "float", "y": "float"})
    return spec, frame


def narrow_minutes():
    frame = pd.DataFrame({"t": pd.date_range("2024-01-01", periods=500, freq="min"), "v": np.arange(500.0)})
    spec = parse_spec({"x": ["t"], "y": ["v"], "width": ["320"], "height": ["180"]}, {"t": "datetime", "v": "float"})
    return spec, frame


def x_tick_labels(svg: bytes) -> list[tuple[float, str]]:
    """The x tick labels of a chart's SVG (centred under their ticks), with their x, left to right."""
    root = ET.fromstring(svg)
    labels = [(float(text.get("x")), text.text) for text in root.iter(f"{SVG}text")
              if text.get("font-size") == f"{TICK_SIZE:g}" and text.get("text-anchor") == "middle"]
    return sorted(labels)


def y_tick_labels(svg: bytes) -> list[str]:
    """The y tick labels of a chart's SVG (ending left of their ticks)."""
    root = ET.fromstring(svg)
    return [text.text for text in root.iter(f"{SVG}text")
            if text.get("font-size") == f"{TICK_SIZE:g}" and text.get("text-anchor") == "end"]


def assert_whole_numbers(labels: list[str]) -> None:
    assert len(labels) >= 2, labels
    for label in labels:
        assert float(label.replace("\N{MINUS SIGN}", "-")).is_integer() and "." not in label, labels


@pytest.mark.parametrize("chart", [weather_thumbnail, narrow_scatter, narrow_minutes])
def test_x_tick_labels_of_a_narrow_chart_do_not_overlap(chart):
    labels = x_tick_labels(render_svg(*chart()))
    assert len(labels) >= 2, labels
    for (left_x, left), (right_x, right) in zip(labels, labels[1:]):
        needed = (text_size(left, TICK_SIZE)[0] + text_size(right, TICK_SIZE)[0]) / 2
        assert right_x - left_x >= needed, f"{left!r} and {right!r} overlap: {labels}"


def test_an_integer_x_column_is_ticked_in_whole_numbers(animals_frame):
    # Three years across the plot: matplotlib alone ticks them 2018.0, 2018.5, …
    spec = parse_spec({"kind": ["line"], "x": ["year"], "xmin": ["2018"]},
                      {"year": "integer", "Bear": "integer", "Deer": "integer", "Wolf": "integer"})
    assert_whole_numbers([label for _, label in x_tick_labels(render_svg(spec, animals_frame))])


def test_a_histogram_counts_in_whole_numbers():
    frame = pd.DataFrame({"x": [1.0, 2, 2, 3, 5, 8, 9]})
    spec = parse_spec({"kind": ["hist"], "y": ["x"], "bins": ["5"]}, {"x": "float"})
    assert_whole_numbers(y_tick_labels(render_svg(spec, frame)))


def test_bars_of_counted_rows_count_in_whole_numbers():
    frame = pd.DataFrame({"station": ["North", "North", "South", "East", "East", "East"],
                          "reading": [1.0, 2, 3, 4, 5, 6]})
    spec = parse_spec({"kind": ["bar"], "x": ["station"], "y": ["reading"], "agg": ["count"]},
                      {"station": "text", "reading": "float"})
    assert_whole_numbers(y_tick_labels(render_svg(spec, frame)))


def test_a_float_axis_keeps_its_fractional_ticks():
    frame = pd.DataFrame({"x": np.arange(4), "y": [0.0, 1.0, 2.0, 3.0]})
    spec = parse_spec({"kind": ["line"], "x": ["x"], "y": ["y"]}, {"x": "integer", "y": "float"})
    assert "0.5" in y_tick_labels(render_svg(spec, frame))


@pytest.mark.parametrize("width", [100, 200, 300])
@pytest.mark.parametrize("span", ["2h", "1D", "3D", "300D"])
def test_narrow_date_axes_are_ticked_without_warnings(width, span):
    # Asked for very few ticks, matplotlib's date locator warns when no step of its own gives so
    # few; the labels are measured all the same, and a server's log is no place for it.
    moments = pd.date_range("2024-01-01", periods=50, freq=pd.Timedelta(span) / 49).astype("datetime64[us]")
    spec = parse_spec({"x": ["t"], "y": ["v"], "width": [str(width)]}, {"t": "datetime", "v": "float"})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        render_svg(spec, pd.DataFrame({"t": moments, "v": np.arange(50.0)}))


@pytest.mark.parametrize(("start", "end", "offset"), [
    # Ticks from Dec-30 to the midnight after Dec-31: matplotlib names the last tick's day alone. Ticks of times of
    # more than one day name the days they span, from the first tick's.
    ("2024-12-30", "2025-01-01", "2024-12-30 – 2025-01-01"),
    ("2024-12-31 10:00", "2025-01-01 10:00", "2024-12-31 – 2025-01-01"),  # a year ends among hours
    ("2024-03-05 22:00", "2024-03-06 03:00", "2024-03-05 – 06"),  # a day
    ("2024-03-05 10:59:40", "2024-03-05 11:00:20", "2024-03-05"),  # a minute, ticked in seconds (10:59:40)
    ("2024-11-20", "2025-02-10", "2024-12"),  # a year ends among days, ticked Dec, 15, Jan, …
])
def test_the_date_offset_names_where_the_ticks_start_not_where_they_end(start, end, offset):
    moments = pd.date_range(start, end, periods=50)
    spec = parse_spec({"x": ["t"], "y": ["v"], "width": ["600"]}, {"t": "datetime", "v": "float"})
    fig = build_figure(spec, chart_frame(spec, pd.DataFrame({"t": moments, "v": np.arange(50.0)})), dpi=72)
    assert axis_ticks(fig.axes[0].xaxis).offset == offset
    drawn = [text.get_text() for text in fig.artists if isinstance(text, Text)]
    assert offset in drawn, drawn


@pytest.mark.parametrize(("start", "end", "offset"), [
    ("2024-01-01 10:00", "2024-01-01 10:00:00.5", "2024-01-01 10:00"),  # within a second
    ("2024-01-01 10:00", "2024-01-01 10:30", "2024-01-01"),  # minutes
    ("2024-01-01 10:00", "2024-01-02 10:00", "2024-01-01 – 02"),  # hours, into the next day
    ("2024-01-01", "2024-01-20", "2024-01"),  # days
])
def test_the_date_offset_is_written_as_iso_dates_are(start, end, offset):
    # As the site writes dates everywhere else: 2024-01-01, not matplotlib's 2024-Jan-01.
    moments = pd.date_range(start, end, periods=50)
    spec = parse_spec({"x": ["t"], "y": ["v"], "width": ["600"]}, {"t": "datetime", "v": "float"})
    svg = render_svg(spec, pd.DataFrame({"t": moments, "v": np.arange(50.0)}))
    drawn = [text.text for text in ET.fromstring(svg).iter(f"{SVG}text")]
    assert offset in drawn, drawn


def test_a_date_axis_formatter_names_the_first_ticks_date_itself():
    # The axis' own formatter gives the offset, as matplotlib asks it: nothing corrects it afterwards.
    moments = pd.date_range("2024-12-30", "2025-01-01", periods=50)
    spec = parse_spec({"x": ["t"], "y": ["v"], "width": ["600"]}, {"t": "datetime", "v": "float"})
    fig = build_figure(spec, chart_frame(spec, pd.DataFrame({"t": moments, "v": np.arange(50.0)})), dpi=72)
    axis = fig.axes[0].xaxis
    formatter = axis.get_major_formatter()
    labels = formatter.format_ticks(axis.get_major_locator()())
    assert labels[0] == "Dec-30" and formatter.get_offset() == "2024-12-30 – 2025-01-01", (labels,
                                                                                          formatter.get_offset())



def narrow_numbers(values: list[float]):
    """A line of `values` on the narrowest chart allowed: 100 CSS pixels wide."""
    frame = pd.DataFrame({"x": [1, 2, 3], "v": values})
    spec = parse_spec({"x": ["x"], "y": ["v"], "width": ["100"], "height": ["250"]}, {"x": "integer", "v": "float"})
    return spec, chart_frame(spec, frame)


@pytest.mark.parametrize("values", [[10000, 50000, 30000], [100000, 500000, 300000], [-0.00012, 0.0005, 0.0003],
                                    [990.5, 1000.5, 1010.5]])
def test_numbers_on_the_y_axis_of_the_narrowest_chart_are_never_cut_and_the_plot_stays_inside(values):
    spec, data = narrow_numbers(values)
    labels = y_tick_labels(render_svg(spec, data))
    assert labels and not any("…" in label for label in labels)
    left, _, width, _ = build_figure(spec, data).axes[0].get_position().bounds
    assert left + width <= 1.0


def test_whole_numbers_too_wide_beside_a_narrow_plot_are_written_in_powers_of_ten():
    spec, data = narrow_numbers([10000, 50000, 30000])
    svg = render_svg(spec, data)
    assert y_tick_labels(svg) == ["1", "2", "3", "4", "5"]
    assert "1e4" in [text.text for text in ET.fromstring(svg).iter(f"{SVG}text")]


def test_numbers_that_fit_beside_the_plot_are_written_whole():
    spec, data = narrow_numbers([990.5, 1000.5, 1010.5])
    assert "1000" in y_tick_labels(render_svg(spec, data))


@pytest.mark.parametrize("width", [300, 400, 500])
def test_a_plot_that_reaches_its_usual_right_edge_keeps_its_numbers_whole(width):
    """Box plots of 20 series at 400 pixels placed the plot's right edge exactly at the usual
    padding; rounding took that for a plot pushed past the figure and wrote −10…30 as −1…3 and 1e1."""
    values = np.random.default_rng(1).uniform(-10, 30, (50, 20))
    frame = pd.DataFrame(values, columns=[f"series_{i}" for i in range(20)])
    frame.insert(0, "t", pd.date_range("2024-01-01", periods=50))
    types = {"t": "date", **{name: "float" for name in frame.columns[1:]}}
    spec = parse_spec({"kind": ["box"], "width": [str(width)], "height": ["300"]}, types)
    assert y_tick_labels(render_svg(spec, chart_frame(spec, frame))) == ["−10", "0", "10", "20", "30"]


@pytest.mark.parametrize("kind", ["line", "scatter", "area"])
@pytest.mark.parametrize(("x", "x_type", "label", "limits"), [
    (1, "integer", "1", (0.0, 2.0)), (2024, "integer", "2024", (2023.0, 2025.0)), (0.0, "float", "0", (-1.0, 1.0)),
    (1.5, "float", "1.5", None),
])
def test_a_chart_of_one_x_ticks_it_once_at_that_x(kind, x, x_type, label, limits):
    # A row at 1 stood among ticks 0.96 to 1.04, one of 2024 on an axis from 1925 to 2125.
    frame = pd.DataFrame({"x": [x], "v": [3.0]})
    spec = parse_spec({"kind": [kind], "x": ["x"], "y": ["v"]}, {"x": x_type, "v": "float"})
    assert [text for _, text in x_tick_labels(render_svg(spec, frame))] == [label]
    low, high = build_figure(spec, chart_frame(spec, frame), dpi=72).axes[0].get_xlim()
    assert (low, high) == limits if limits else low < x < high


@pytest.mark.parametrize(("kind", "values", "label", "limits"), [
    ("line", [3.0], "3", (2.0, 4.0)), ("scatter", [3.0, 3.0], "3", (2.0, 4.0)), ("line", [2024.0], "2024", (2023.0, 2025.0)),
    ("area", [0.0, 0.0], "0", (-1.0, 1.0)), ("line", [2.5, 2.5], "2.5", None), ("scatter", [-0.25], "−0.25", None),
])
def test_a_chart_of_one_value_ticks_it_once_at_that_value(kind, values, label, limits):
    # Rows that all had y=3 stood among ticks 2.85 to 3.15, which say there are values between.
    frame = pd.DataFrame({"x": np.arange(len(values)), "v": values})
    spec = parse_spec({"kind": [kind], "x": ["x"], "y": ["v"]}, {"x": "integer", "v": "float"})
    assert y_tick_labels(render_svg(spec, frame)) == [label]
    low, high = build_figure(spec, chart_frame(spec, frame), dpi=72).axes[0].get_ylim()
    assert (low, high) == limits if limits else low < values[0] < high


def test_a_chart_of_one_value_keeps_the_y_bound_given():
    frame = pd.DataFrame({"x": [0, 1], "v": [3.0, 3.0]})
    spec = parse_spec({"x": ["x"], "y": ["v"], "ymin": ["0"]}, {"x": "integer", "v": "float"})
    low, high = build_figure(spec, chart_frame(spec, frame), dpi=72).axes[0].get_ylim()
    assert low == 0.0 and high > 3.0
