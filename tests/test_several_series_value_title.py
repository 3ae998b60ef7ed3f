"""The value axis of a chart of several y columns whose rows were combined (`agg`, `resample`) or rolled
says what of which it draws, as one column's does ("sum of revenue"): "sum of revenue, cost", where it said
"sum" of nothing named."""
from __future__ import annotations

import pytest

from tests.source_data import y_title

WEATHER = "/plot/weather.svg?x=date&text=font"


@pytest.mark.parametrize(("query", "title"), [
    ("y=temperature_c&y=rainfall_mm&resample=month&agg=sum", "sum of temperature_c, rainfall_mm"),
    ("y=temperature_c&y=humidity_pct&y=wind_kmh&resample=year&agg=mean",
     "mean of temperature_c, humidity_pct, wind_kmh"),
    ("y=temperature_c&y=rainfall_mm&from=2025-01-01&rolling=7", "7-point mean of temperature_c, rainfall_mm"),
    ("y=rainfall_mm&y=wind_kmh&resample=month&agg=sum&cumulative=true",
     "running total of monthly sums of rainfall_mm, wind_kmh")])
def test_the_value_axis_of_several_series_combined_names_them_after_what_it_draws(client, query, title):
    assert y_title(client.get(f"{WEATHER}&{query}")) == title


def test_past_three_series_the_value_axis_says_what_it_draws_and_the_legend_names_them(client):
    # Four names along the axis would crowd it, as a histogram's value axis names none past three.
    query = "y=temperature_c&y=humidity_pct&y=wind_kmh&y=rainfall_mm&resample=year&agg=max"
    assert y_title(client.get(f"{WEATHER}&{query}")) == "max"


def test_several_series_drawn_as_their_rows_hold_them_leave_the_value_axis_to_the_legend(client):
    assert y_title(client.get(f"{WEATHER}&y=temperature_c&y=rainfall_mm")) == ""


def test_one_series_combined_is_titled_as_before(client):
    assert y_title(client.get(f"{WEATHER}&y=rainfall_mm&resample=month&agg=sum")) == "sum of rainfall_mm"
