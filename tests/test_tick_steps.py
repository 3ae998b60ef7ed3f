"""Tick steps: thinned to fit, the ticks of a long axis step in round numbers of years, months,
days or hours, on multiples of the step (1900, 1905, 1910; never 1900, 1903, 1906), but where a
round step would keep a date axis one tick: that one is kept among others of a finer step."""
from __future__ import annotations

import contextlib
import re
import xml.etree.ElementTree as ET
from unittest import mock

import numpy as np
import pandas as pd
import pytest
from matplotlib.dates import num2date

from app import create_app
from plots import build_figure, chart_frame, parse_spec
from plots.ticks import TICK_SIZE, axis_ticks
from tests.test_tick_labels import SVG

ROUND_YEARS = {1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500}


def assert_round_years(years: list[int]) -> None:
    assert len(years) >= 2, years
    steps = {later - earlier for earlier, later in zip(years, years[1:])}
    assert len(steps) == 1 and steps <= ROUND_YEARS, years
    step = steps.pop()
    assert all(year % step == 0 for year in years), years


def x_tick_labels(svg: bytes) -> list[str]:
    """The x tick labels of a chart's SVG, left to right: centred under their ticks, or turned to
    read upwards (crowded bar categories)."""
    labels = []
    for text in ET.fromstring(svg).iter(f"{SVG}text"):
        turned = re.fullmatch(r"translate\(([-\d.]+) [-\d.]+\) rotate\(-90\)", text.get("transform", ""))
        if text.get("font-size") == f"{TICK_SIZE:g}" and (turned or text.get("text-anchor") == "middle"):
            labels.append((float(turned.group(1) if turned else text.get("x")), text.text))
    return [label for _, label in sorted(labels)]


def date_ticks(frame: pd.DataFrame, width: int, several: bool = True) -> list:
    """The moments the x ticks of a line chart of `frame` (t against v) stand at; with `several`
    False, those of its round steps alone, with no ticks of a finer step kept where a round step
    keeps one (`several_dates_apart`)."""
    spec = parse_spec({"x": ["t"], "y": ["v"], "width": [str(width)]}, {"t": "datetime", "v": "float"})
    with contextlib.ExitStack() as stack:
        if not several:
            stack.enter_context(mock.patch("plots.date_ticks._RoundYearsLocator.several_apart",
                                           staticmethod(lambda axis, crowded, lone: lone)))
        fig = build_figure(spec, chart_frame(spec, frame), dpi=72)
        return [num2date(loc) for loc in axis_ticks(fig.axes[0].xaxis).locs]


def round_date_ticks(frame: pd.DataFrame, width: int) -> list:
    """The moments of the x ticks a round step of a line chart of `frame` keeps, checked against
    those it draws: the same, or, where the round step keeps one tick, several of a round step."""
    drawn, rounded = date_ticks(frame, width), date_ticks(frame, width, several=False)
    assert drawn == rounded or (len(rounded) == 1 and len(drawn) >= 2), (drawn, rounded)
    return rounded


def series(start: str, periods: int, freq: str) -> pd.DataFrame:
    return pd.DataFrame({"t": pd.date_range(start, periods=periods, freq=freq), "v": np.arange(float(periods))})


@pytest.mark.parametrize("width", [200, 320, 480, 640, 900])
@pytest.mark.parametrize("query", ["kind=bar&x=year&y=rain", "kind=bar&x=day&y=rain&resample=year&agg=sum"])
def test_yearly_bars_are_ticked_on_multiples_of_a_round_step(data_dir, width, query):
    # 90 years from 1903, as an integer column and as dates resampled by year.
    (data_dir / "rain.csv").write_text("year,day,rain\n" + "".join(
        f"{year},{year}-06-01,{year % 7}\n" for year in range(1903, 1993)))
    client = create_app({"TESTING": True, "DATA_DIR": str(data_dir)}).test_client()
    response = client.get(f"/plot/rain.svg?{query}&width={width}")
    assert response.status_code == 200, response.data[:300]
    assert_round_years([int(label) for label in x_tick_labels(response.data)])


@pytest.mark.parametrize("width", [160, 200, 320, 640, 1200])
@pytest.mark.parametrize("years", [30, 200, 1000])
def test_a_date_axis_over_years_steps_in_round_years(width, years):
    moments = round_date_ticks(series("1900-01-01", years, "YS"), width)
    assert all((m.month, m.day, m.hour) == (1, 1, 0) for m in moments), moments
    if len(moments) > 1:
        assert_round_years([m.year for m in moments])


# The days of a month a date axis ticked in days shows, by step: each, odd, weekly, fortnightly.
DAY_STEPS = {1: set(range(1, 32)), 2: set(range(1, 32, 2)), 7: {1, 8, 15, 22}, 14: {1, 15}}


@pytest.mark.parametrize("width", [100, 120, 160, 320, 640])
@pytest.mark.parametrize("days", [10, 20, 25, 30, 60, 120])
def test_a_date_axis_over_days_steps_in_round_days(width, days):
    moments = round_date_ticks(series("2024-01-01", days * 4, "6h"), width)
    assert all((m.hour, m.minute) == (0, 0) for m in moments), moments
    steps = {later.day - earlier.day for earlier, later in zip(moments, moments[1:]) if later.month == earlier.month}
    assert len(steps) <= 1 and steps <= set(DAY_STEPS), moments
    for step in steps:
        assert {m.day for m in moments} <= DAY_STEPS[step], moments


@pytest.mark.parametrize("width", [100, 160, 320, 640])
@pytest.mark.parametrize("hours", [12, 30, 60])
def test_a_date_axis_over_hours_steps_in_round_hours(width, hours):
    moments = round_date_ticks(series("2024-01-01", hours * 6, "10min"), width)
    hours_shown = sorted({m.hour for m in moments})
    assert any(all(hour % step == 0 for hour in hours_shown) and len(hours_shown) <= 24 // step
               for step in (1, 2, 3, 4, 6, 12, 24)), sorted(moments)
    gaps = {(later - earlier).total_seconds() / 3600 for earlier, later in zip(moments, moments[1:])}
    assert gaps <= {1, 2, 3, 4, 6, 12, 24, 48}, sorted(moments)


@pytest.mark.parametrize("width", [100, 160, 320, 640])
def test_a_date_axis_over_months_steps_in_round_months(width):
    moments = round_date_ticks(series("2024-01-01", 40, "MS"), width)
    assert all((m.day, m.hour) == (1, 0) for m in moments), moments
    months = [m.year * 12 + m.month - 1 for m in moments]
    steps = {later - earlier for earlier, later in zip(months, months[1:])}
    assert len(steps) <= 1 and steps <= {1, 2, 3, 4, 6, 12, 24}, moments
    assert all(month % step == 0 for month in months for step in steps), moments


@pytest.mark.parametrize(("start", "last"), [("2024-12-27", "2024-12-31"), ("2024-02-25", "2024-02-29"),
                                             ("2024-04-27", None), ("2025-02-23", None)])
def test_every_other_day_leaves_out_a_months_odd_last_day_a_day_before_the_1st(start, last):
    # Ticked beside the 1st, the 31st ("31", "Jan") took the room of two days' ticks: eleven days
    # from 27 December on a 320 px chart were thinned to "Jan-01" alone.
    moments = date_ticks(series(start, 11 * 4, "6h"), 320)
    days = [pd.Timestamp(moment).tz_localize(None) for moment in moments]
    steps = {(later - earlier).days for earlier, later in zip(days, days[1:])}
    assert all(day.day % 2 for day in days) and steps <= {2, 3}, days
    if last is not None:
        assert pd.Timestamp(last) not in days and steps == {2, 3}, days


# The steps between ticks kept where a round step keeps one that read as round: 1, 2, 3, 6 or 12
# hours; 1, 2, 3, 7 or 14 days.
ROUND_HOURS = {1, 2, 3, 4, 6, 8, 12, 24, 48, 72, 168, 336}


@pytest.mark.parametrize(("start", "periods", "freq", "width"), [
    # (From 27 January, as from 27 December, a month of 31 days: ticks into 2025 name their year, wider, and
    # at 150 and 160 px those from 27 December keep "Jan-01" alone, over "2025".)
    ("2024-01-01", 6 * 4, "6h", 120), ("2024-12-27", 6 * 4, "6h", 120), ("2025-01-27", 8 * 4, "6h", 150),
    ("2025-01-27", 11 * 4, "6h", 160), ("2024-12-27", 8 * 4, "6h", 170), ("2024-12-27", 11 * 4, "6h", 200),
    ("2024-03-20", 10 * 4, "6h", 120),
])
def test_ticks_kept_where_a_round_step_keeps_one_stand_a_round_step_apart_where_some_fit(start, periods, freq, width):
    # The least n that set every n-th of a finer step apart kept every 4th day ("Jan", "05"), every
    # 2nd of the odd days ("27", "Jan", "05": 5 and 4 days) or every 8th hour, where every 3rd day
    # or every 6th hour fit as well.
    moments = round_date_ticks(series(start, periods, freq), width)
    assert len(moments) == 1, moments  # a round step keeps one: the ticks drawn are the last resort's
    drawn = date_ticks(series(start, periods, freq), width)
    gaps = {(later - earlier).total_seconds() / 3600 for earlier, later in zip(drawn, drawn[1:])}
    assert len(drawn) >= 2 and len(gaps) == 1 and gaps <= ROUND_HOURS, drawn


def test_ticks_kept_where_the_round_steps_of_the_axis_keep_one_stand_a_third_of_a_day_apart():
    # Twelve hours on a 150 px chart: every 6th hour runs together, every 12th keeps one; every
    # 8th, a third of a day, keeps two.
    drawn = date_ticks(series("2024-01-01", 12 * 6, "10min"), 150)
    assert [moment.hour for moment in drawn] == [0, 8], drawn
