"""What a line or area draws at its first and last x stands inside the axes, clear of the spines."""
from __future__ import annotations

import matplotlib.dates as mdates
import pandas as pd
import pytest

from plots import build_figure, chart_frame, parse_spec

RUNS = pd.DataFrame({"t": pd.to_datetime(["2024-01-01", "2024-01-01", "2024-01-01", "2024-01-02"]),
                     "v": [1.0, 2.0, 3.0, 4.0], "g": ["a", "b", "a", "b"]})
STATIONS = pd.DataFrame({"station": ["Airport", "Harbour", "Airport", "Harbour", "Hilltop"],
                         "temperature_c": [1.0, 2.0, 3.0, 4.0, 5.0]})
COLUMNS = {"t": "datetime", "v": "float", "g": "text", "station": "text", "temperature_c": "float"}


def drawn_xs_and_limits(frame: pd.DataFrame, **fields: str) -> tuple[list[float], tuple[float, float]]:
    """The x of every vertex the series' line draws, in data units, and the axes' x limits."""
    spec = parse_spec({name: [value] for name, value in fields.items()},
                      {name: COLUMNS[name] for name in frame.columns})
    fig = build_figure(spec, chart_frame(spec, frame))
    ax = fig.axes[0]
    xs = [float(x) for line in ax.get_lines() if line.get_label() == fields["y"]
          for x in ax.convert_xunits(line.get_xdata())]
    return xs, ax.get_xlim()


@pytest.mark.parametrize("kind", ["line", "area"])
def test_a_run_of_values_at_the_first_x_is_drawn_inside_the_axes(kind):
    xs, (left, right) = drawn_xs_and_limits(RUNS, kind=kind, y="v", width="300", height="200")
    assert xs and left < min(xs) and max(xs) < right


@pytest.mark.parametrize("kind", ["line", "area"])
def test_a_text_x_places_its_first_and_last_values_half_a_step_inside_the_axes(kind):
    xs, (left, right) = drawn_xs_and_limits(STATIONS, kind=kind, x="station", y="temperature_c")
    assert min(xs) == 0 and max(xs) == 2
    assert left == pytest.approx(-0.5) and right == pytest.approx(2.5)


def test_a_line_of_one_row_at_each_x_still_runs_edge_to_edge():
    frame = RUNS.drop_duplicates("t")
    xs, (left, right) = drawn_xs_and_limits(frame, y="v")
    assert (left, right) == (min(xs), max(xs))


def test_with_xmin_given_the_left_edge_is_xmin_and_a_last_x_of_one_row_keeps_the_right_edge():
    xs, (left, right) = drawn_xs_and_limits(RUNS, y="v", xmin="2023-12-31")
    assert left == mdates.date2num(pd.Timestamp("2023-12-31")) and right == max(xs)


def test_with_xmin_given_a_run_of_values_at_the_last_x_is_still_drawn_inside_the_axes():
    frame = RUNS.assign(t=pd.to_datetime(["2024-01-01", "2024-01-02", "2024-01-02", "2024-01-02"]))
    xs, (left, right) = drawn_xs_and_limits(frame, y="v", xmin="2023-12-31")
    assert left == mdates.date2num(pd.Timestamp("2023-12-31")) and max(xs) < right


def test_with_xmax_given_the_right_edge_is_xmax_and_a_run_at_the_first_x_keeps_its_margin():
    xs, (left, right) = drawn_xs_and_limits(RUNS, y="v", xmax="2024-01-03")
    assert right == mdates.date2num(pd.Timestamp("2024-01-03")) and left < min(xs)
