"""A value axis bounded at one end only (ymin or ymax): the free end fits the values the plot shows."""
from __future__ import annotations

import pandas as pd
import pytest

from plots import build_figure, chart_frame, parse_spec
from tests.test_tick_labels import y_tick_labels

# One bar far below the others, one above zero: a bound near zero shows a small part of the values.
NEG = pd.DataFrame({"x": [1.0, 2.0, 3.0, 4.0], "v": [-5.0, -3.0, -1e6, 2.0]})


def value_limits(kind: str, frame: pd.DataFrame, **bounds) -> tuple[float, float]:
    """The value axis' limits, bottom (or left) first, of a `kind` chart of `frame` bounded by `bounds`."""
    fields = {"kind": [kind], "x": ["x"], "y": ["v"], **{name: [value] for name, value in bounds.items()}}
    spec = parse_spec(fields, {"x": "float", "v": "float"})
    ax = build_figure(spec, chart_frame(spec, frame), dpi=72).axes[0]
    return ax.get_xlim() if kind == "barh" else ax.get_ylim()


@pytest.mark.parametrize("kind", ["bar", "barh", "line", "area", "scatter"])
def test_ymin_runs_the_axis_up_from_it_to_just_past_the_largest_value_shown(kind):
    # Bars from zero ended the axis at their baseline, 0, under ymin=1 (an axis upside down, bar 4
    # filling it); other kinds ran it up to 50,000, past the largest value, 2, by the margin of -1e6.
    low, high = value_limits(kind, NEG, ymin="1")
    assert low == 1.0
    assert 2.0 < high <= 2.2, (low, high)


@pytest.mark.parametrize("kind", ["bar", "barh", "line", "area", "scatter"])
def test_ymax_runs_the_axis_down_from_it_to_just_past_the_smallest_value_shown(kind):
    low, high = value_limits(kind, -NEG.assign(x=-NEG["x"]), ymax="-1")
    assert high == -1.0
    assert -2.2 <= low < -2.0, (low, high)


def test_a_bar_across_ymin_keeps_its_top_inside_the_plot():
    # ymin=-1 ended the axis at 0, and bar 4 (2) was not drawn, nor said to be beyond the plot.
    low, high = value_limits("bar", NEG, ymin="-1")
    assert low == -1.0
    assert 2.0 < high <= 2.5, (low, high)


def test_a_bar_ending_at_ymin_keeps_the_baseline_as_the_axis_end():
    # Bars all below zero under ymin=-1: the axis ends at their baseline, as it does unbounded.
    frame = pd.DataFrame({"x": [1.0, 2.0], "v": [-5.0, -3.0]})
    assert value_limits("bar", frame, ymin="-1") == (-1.0, 0.0)


def test_values_a_hair_past_the_bound_leave_an_axis_as_long_as_a_thousandth_of_the_bound():
    # Fitted to 2 over ymin=1.9999999999 alone, the axis spanned 1e-10: ticks told apart only by
    # an offset over the axis.
    frame = pd.DataFrame({"x": [1.0, 2.0], "v": [1.0, 2.0]})
    low, high = value_limits("line", frame, ymin="1.9999999999")
    assert low == 1.9999999999 and high >= low + 0.0019, (low, high)


def test_a_bar_chart_under_ymin_is_ticked_from_it_upwards(data_dir, client):
    (data_dir / "neg.csv").write_text("x,v\n1,-5000\n2,2\n")
    response = client.get("/plot/neg.svg?kind=bar&ymin=1")
    assert response.status_code == 200
    ticks = [float(label) for label in y_tick_labels(response.data)]
    assert ticks == sorted(ticks) and ticks[0] == 1.0 and ticks[-1] == 2.0, ticks
