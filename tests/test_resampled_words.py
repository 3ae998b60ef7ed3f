"""A resampled chart's words (its SVG <desc>, the page's alt text) name each period as its bars'
labels do ("2023-12", "2023 Q4", "2023"), not by the date it starts on."""
from __future__ import annotations

import xml.etree.ElementTree as ET

import numpy as np
import pandas as pd
import pytest

from plots import parse_spec, render_svg

SVG = "{http://www.w3.org/2000/svg}"
COLUMNS = {"t": "datetime", "v": "float", "w": "float"}


def description(frame: pd.DataFrame, **fields: str) -> str:
    spec = parse_spec({"x": ["t"], "y": ["v,w"], **{k: [v] for k, v in fields.items()}}, COLUMNS)
    return ET.fromstring(render_svg(spec, frame)).find(f"{SVG}desc").text


def three_years_v_ending_early() -> pd.DataFrame:
    """Days of 2022 to 2024, with v missing in 2024 (not counted yet) and w there throughout."""
    days = pd.date_range("2022-01-01", "2024-12-31", freq="D")
    return pd.DataFrame({"t": days, "v": np.where(days.year < 2024, 1.0, np.nan), "w": 2.0})


@pytest.mark.parametrize("kind", ["line", "area", "scatter", "bar"])
@pytest.mark.parametrize(("resample", "first", "last", "at"), [
    ("month", "2022-01", "2024-12", "2023-12"),
    ("quarter", "2022 Q1", "2024 Q4", "2023 Q4"),
    ("year", "2022", "2024", "2023"),
])
def test_a_resampled_chart_names_its_range_and_last_values_period_as_its_labels_do(kind, resample, first, last, at):
    desc = description(three_years_v_ending_early(), kind=kind, resample=resample)
    assert desc.endswith(f". t from {first} to {last}. last value: mean of v 1 at t {at}; mean of w 2."), desc


def test_a_chart_resampled_to_one_period_names_it():
    # 30 rows of 2022 combined into one period: counted as the year, not as a row.
    desc = description(three_years_v_ending_early().iloc[:30], resample="year")
    assert desc.endswith(", 1 year. t 2022. last value: mean of v 1; mean of w 2."), desc


@pytest.mark.parametrize(("resample", "first", "at"), [("day", "2022-01-01", "2023-12-31"),
                                                       ("week", "2021-12-27", "2023-12-25")])
def test_days_and_weeks_are_named_by_their_date_as_their_labels_are(resample, first, at):
    desc = description(three_years_v_ending_early(), resample=resample)
    assert f"t from {first} to " in desc and f"last value: mean of v 1 at t {at}; mean of w 2." in desc, desc


def test_periods_before_the_year_1000_are_named_in_four_digits():
    moments = pd.to_datetime(["0001-01-01", "0001-05-01", "0002-03-01", "0003-01-01"], format="ISO8601")
    frame = pd.DataFrame({"t": moments.astype("datetime64[us]"), "v": [1.0, 1.0, 1.0, np.nan], "w": 2.0})
    desc = description(frame, resample="quarter")
    assert desc.endswith(". t from 0001 Q1 to 0003 Q1. last value: mean of v 1 at t 0002 Q1; mean of w 2."), desc


def test_an_unresampled_chart_names_its_dates_in_full():
    desc = description(three_years_v_ending_early())
    assert desc.endswith(". t from 2022-01-01 to 2024-12-31. last value: v 1 at t 2023-12-31; w 2."), desc
