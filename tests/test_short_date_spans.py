"""A line over dates spanning milliseconds is drawn over those milliseconds; only one moment is
widened, by up to a day either side."""
from __future__ import annotations

import matplotlib.dates as mdates
import pandas as pd
import pytest

from plots import build_figure, chart_frame, parse_spec


def date_line(moments: list[str], kind: str = "line"):
    frame = pd.DataFrame({"t": pd.to_datetime(moments), "v": [float(i) for i in range(len(moments))]})
    spec = parse_spec({"kind": [kind], "x": ["t"], "y": ["v"]}, {"t": "datetime", "v": "float"})
    return build_figure(spec, chart_frame(spec, frame), dpi=72).axes[0]


MILLISECONDS = ["2024-01-01T00:00:00.001", "2024-01-01T00:00:00.002", "2024-01-01T00:00:00.004",
                "2024-01-01T00:00:00.010"]


@pytest.mark.parametrize("kind", ["line", "area", "scatter"])
def test_dates_20_milliseconds_apart_span_the_x_axis_not_a_day_either_side(kind):
    ax = date_line(MILLISECONDS, kind)
    low, high = (mdates.num2date(end).replace(tzinfo=None) for end in ax.get_xlim())
    assert pd.Timestamp("2024-01-01") <= low <= pd.Timestamp("2024-01-01T00:00:00.001")
    assert pd.Timestamp("2024-01-01T00:00:00.010") <= high <= pd.Timestamp("2024-01-01T00:00:00.011")


def test_one_date_still_shows_a_day_either_side():
    ax = date_line(["2024-01-01", "2024-01-01"])
    low, high = ax.get_xlim()
    assert high - low == pytest.approx(2.0)  # days


def test_one_moment_shows_up_to_a_day_either_side_from_its_own_midnight():
    ax = date_line(["2024-01-01T12:00", "2024-01-01T12:00"])
    low, high = (mdates.num2date(end).replace(tzinfo=None) for end in ax.get_xlim())
    assert (low, high) == (pd.Timestamp("2024-01-01"), pd.Timestamp("2024-01-02"))
