"""A line over dates spanning milliseconds is drawn over those milliseconds; only one moment is
widened, by up to a day either side; one date or period is ticked once, named as its period is."""
from __future__ import annotations

import xml.etree.ElementTree as ET

import matplotlib.dates as mdates
import pandas as pd
import pytest

from plots import build_figure, chart_frame, parse_spec

SVG = "{http://www.w3.org/2000/svg}"


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


def drawn_texts(client, query: str) -> tuple[list[str], list[str]]:
    """The x tick labels of a chart of the sample weather data, and every text it draws."""
    from tests.test_tick_labels import x_tick_labels
    svg = client.get(f"/plot/weather.svg?y=temperature_c&{query}").data
    root = ET.fromstring(svg)
    return [label for _, label in x_tick_labels(svg)], [text.text for text in root.iter(f"{SVG}text")]


# A chart of one x date, by resample: the rows chosen and the one label its period is named by.
ONE_PERIOD = {"year": ("from=2025-03-01&to=2025-03-03", "2025"),
              "quarter": ("from=2025-03-01&to=2025-03-03", "2025 Q1"),
              "month": ("from=2025-03-01&to=2025-03-31", "Mar 2025"),
              "week": ("from=2025-03-04&to=2025-03-05", "2025-03-03"),
              "day": ("from=2025-03-01&to=2025-03-01", "2025-03-01"),
              "none": ("from=2025-03-01&to=2025-03-01", "2025-03-01")}


@pytest.mark.parametrize("period", ONE_PERIOD)
@pytest.mark.parametrize("kind", ["line", "area", "scatter"])
@pytest.mark.parametrize("size", ["width=100&height=100", "width=320&height=180", "width=640&height=360",
                                  "width=2000&height=1000"])
def test_one_x_date_is_ticked_once_named_as_its_period(client, period, kind, size):
    rows, label = ONE_PERIOD[period]
    labels, texts = drawn_texts(client, f"kind={kind}&resample={period}&{rows}&{size}")
    assert labels == [label], texts
    # No offset naming another date (the day before, of 2024, for a year of 2025).
    assert not [text for text in texts if text and ("2024" in text or "-02-28" in text)], texts


def test_one_x_date_spans_the_period_before_it_to_the_one_after():
    frame = pd.DataFrame({"t": pd.to_datetime(["2025-01-01"]), "v": [1.0]})
    spec = parse_spec({"x": ["t"], "y": ["v"], "resample": ["year"]}, {"t": "datetime", "v": "float"})
    ax = build_figure(spec, chart_frame(spec, frame), dpi=72).axes[0]
    low, high = (mdates.num2date(end).replace(tzinfo=None) for end in ax.get_xlim())
    assert (low, high) == (pd.Timestamp("2024-01-01"), pd.Timestamp("2026-01-01"))
