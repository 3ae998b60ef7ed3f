"""Bars of dates not resampled: labelled and thinned as the bars of the period their dates start."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pandas as pd
import pytest

from plots import parse_spec, render_svg

SVG = "{http://www.w3.org/2000/svg}"


def bar_chart_words(moments: pd.DatetimeIndex, resample: str | None, width: int) -> tuple[list[str], str]:
    """The texts drawn on a bar chart of one value at each of `moments`, and its <desc>."""
    frame = pd.DataFrame({"when": moments, "v": [float(i % 7) for i in range(len(moments))]})
    fields = {"kind": ["bar"], "x": ["when"], "y": ["v"], "width": [str(width)], "height": ["240"]}
    if resample is not None:
        fields["resample"] = [resample]
    spec = parse_spec(fields, {"when": "datetime", "v": "float"})
    root = ET.fromstring(render_svg(spec, frame))
    return [text.text for text in root.iter(f"{SVG}text")], root.find(f"{SVG}desc").text


@pytest.mark.parametrize(("moments", "period", "first"), [
    (pd.date_range("2019-03-01", periods=8, freq="MS"), "month", "2019-03"),
    (pd.date_range("2019-03-01", periods=60, freq="MS"), "month", "2019-03"),
    (pd.date_range("2013-04-01", periods=6, freq="QS"), "quarter", "2013 Q2"),
    (pd.date_range("2013-04-01", periods=40, freq="QS"), "quarter", "2013 Q2"),
    (pd.date_range("1951-01-01", periods=6, freq="YS"), "year", "1951"),
    (pd.date_range("1951-01-01", periods=70, freq="YS"), "year", "1951"),
])
@pytest.mark.parametrize("width", [320, 700])
def test_bars_of_period_starts_are_labelled_as_bars_resampled_to_that_period(moments, period, first, width):
    texts, desc = bar_chart_words(moments, None, width)
    assert (texts, desc) == bar_chart_words(moments, period, width)
    dates = set(moments.strftime("%Y-%m-%d"))
    assert len(texts) > 2 and not dates & set(texts), texts
    assert f"when from {first} to " in desc, desc


@pytest.mark.parametrize("moment", ["2024-05-01", "2024-01-01"])
def test_one_bar_of_a_period_start_keeps_its_date(moment):
    texts, desc = bar_chart_words(pd.DatetimeIndex([moment]), None, 400)
    assert moment in texts and f"when {moment}." in desc, (texts, desc)


DAY = "[0-9]{4}-[0-9]{2}-[0-9]{2}"


def labelled_days(moments: pd.DatetimeIndex, width: int) -> list[pd.Timestamp]:
    """The days labelled under a bar chart of `moments`, not resampled."""
    texts, _ = bar_chart_words(moments, None, width)
    return [pd.Timestamp(text) for text in texts if re.fullmatch(DAY, text or "")]


def round_day_of(day: pd.Timestamp, moments: pd.DatetimeIndex) -> int | None:
    """The round day of the month (1st, 8th, 15th, 22nd) `day` is the first bar on or after, within
    three days; None for another day."""
    round_day = max(round_day for round_day in (1, 8, 15, 22) if round_day <= day.day)
    before = range(round_day, day.day)
    if day.day - round_day > 3 or any(day.replace(day=earlier) in moments for earlier in before):
        return None
    return round_day


WEEKDAYS = pd.bdate_range("2024-05-20", periods=99)  # June 2024 starts on a Saturday, September on a Sunday
# The 1st of January 2021, a Friday, a holiday.
WORKING_DAYS = pd.bdate_range("2020-10-26", periods=100).drop(pd.Timestamp("2021-01-01"))


@pytest.mark.parametrize("moments", [WEEKDAYS, WORKING_DAYS])
@pytest.mark.parametrize("width", [200, 320, 500])
def test_thinned_bars_of_weekdays_label_the_first_bar_of_each_month(moments, width):
    days = labelled_days(moments, width)
    # Each month's first bar but the chart's first month's, which starts before the chart.
    firsts = pd.Series(moments).groupby(moments.to_period("M")).min().iloc[1:]
    assert set(firsts) <= set(days), days
    round_days = {round_day_of(day, moments) for day in days[1:]}  # the first label may stand on the chart's first bar
    assert any(round_days <= kept for kept in ({1}, {1, 15}, {1, 8, 15, 22})), days


def test_thinned_bars_of_weekdays_at_odd_days_label_the_monday_after_a_sunday_1st():
    moments = pd.bdate_range("2024-08-19", periods=30)
    days = labelled_days(moments, 320)
    assert pd.Timestamp("2024-09-02") in days and len(days) > 10, days
    places = [moments.get_loc(day) for day in days]
    assert all(later - earlier > 1 for earlier, later in zip(places, places[1:])), days
