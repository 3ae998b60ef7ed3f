"""Bars of dates a random few days, weeks or months apart are not read as bars of regular days,
weeks or months: thinned to every few bars, their labels name the first and the last bar, none
running into another, upright or horizontal. Regular bars keep their round steps."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from plots import parse_spec, render_svg
from plots.date_bars import DAY_PLACES, WEEK_PLACES, period_counts
from plots.layout import text_size
from plots.ticks import TICK_SIZE
from tests.test_bars_drawn import tick_labels
from tests.test_date_axis_labels import drawn_places


def gapped_dates(seed: int, count: int, unit: str) -> list[pd.Timestamp]:
    """`count` dates from 2024-01-01 (2000-01-01 for months), each 1 to 29 days, 1 to 4 weeks (all
    Mondays) or 1 to 6 months (all the 1st) after the one before, at random but the same each run."""
    gaps = np.concatenate([[0], np.cumsum(np.random.default_rng(seed).integers(1, {"D": 30, "W": 5, "M": 7}[unit],
                                                                               count - 1))])
    if unit == "M":
        return [pd.Timestamp("2000-01-01") + pd.DateOffset(months=int(months)) for months in gaps]
    return list(pd.Timestamp("2024-01-01") + pd.to_timedelta(gaps * (7 if unit == "W" else 1), unit="D"))


# Each was counted in days, weeks or months, thinned at steps of years that label a few of its
# bars by chance (a bar on, or just after, a 1st of January), and left its last bars unlabelled:
# 100 days from 2024-01-01 kept labels up to 2027-01-03, where the bars end at 2028-02-02.
GAPPED = [("D", 3, 100), ("D", 5, 90), ("D", 5, 60), ("D", 4, 90), ("W", 3, 100), ("W", 13, 60),
          ("M", 0, 60), ("M", 1, 80), ("M", 9, 100)]


@pytest.mark.parametrize(("unit", "seed", "count"), GAPPED)
def test_dates_a_random_few_days_weeks_or_months_apart_are_not_counted_as_regular_periods(unit, seed, count):
    assert period_counts(pd.Series(gapped_dates(seed, count, unit)), None) is None


@pytest.mark.parametrize(("moments", "month_step"), [
    (pd.date_range("2024-01-01", "2025-12-31"), DAY_PLACES),
    # Working days with a holiday, and three weeks of an outage: a gap, not a stretch.
    (pd.bdate_range("2024-01-02", "2025-06-30").drop(pd.Timestamp("2024-05-01")).delete(slice(200, 215)), DAY_PLACES),
    (pd.date_range("2024-01-01", periods=100, freq="W-MON"), WEEK_PLACES),
    (pd.date_range("2000-01-01", periods=100, freq="MS").delete([30, 31, 60]), 12),
])
def test_regular_bars_a_few_of_them_missing_keep_the_round_steps_of_their_months_or_years(moments, month_step):
    counted = period_counts(pd.Series(moments), None)
    assert counted is not None and month_step in counted[1], counted and counted[1]


def labelled_bars(svg: bytes, written: list[str], horizontal: bool) -> list[int]:
    """The indices of the bars (their dates `written` whole, in their order) whose labels the chart
    draws, read from the first bar's side: a label is its bar's date or its end ("01-05" after
    "2024-12-27", "05" after "2024-01")."""
    turned, across = tick_labels(svg)
    shown = [label for _, label in across] if horizontal else [label for _, label in turned] or [
        label for _, label in sorted(drawn_places(svg))]
    found, at = [], 0
    for label in shown:
        while not written[at].endswith(label):
            at += 1  # an IndexError: a label of no bar after the one before
        found.append(at)
        at += 1
    return found


def assert_none_running_into_another(svg: bytes, horizontal: bool) -> None:
    """Labels written across under the bars stand their half widths apart, turned upwards or down the
    side their half heights, as `tick_labels` reads their places."""
    turned, across = tick_labels(svg)
    if horizontal:
        places, size = across, 1
    elif turned:
        places, size = turned, 1
    else:
        places, size = sorted(drawn_places(svg)), 0
    for (before, first), (after, second) in zip(places, places[1:]):
        need = (text_size(first, TICK_SIZE)[size] + text_size(second, TICK_SIZE)[size]) / 2
        assert after - before >= need, places


@pytest.mark.parametrize("kind", ["bar", "barh"])
@pytest.mark.parametrize(("width", "height"), [(640, 360), (320, 240), (400, 600)])
@pytest.mark.parametrize(("unit", "seed", "count"), GAPPED)
def test_bars_of_dates_a_random_few_days_weeks_or_months_apart_label_the_first_and_the_last_bar_none_overlapping(
        unit, seed, count, width, height, kind):
    dates = gapped_dates(seed, count, unit)
    written = [f"{date:%Y-%m}" if unit == "M" else f"{date.date()}" for date in dates]
    frame = pd.DataFrame({"date": dates, "v": np.arange(count, dtype=float) + 1})
    spec = parse_spec({"kind": [kind], "x": ["date"], "y": ["v"], "width": [str(width)], "height": [str(height)]},
                      {"date": "date", "v": "float"})
    svg = render_svg(spec, frame)
    labelled = labelled_bars(svg, written, kind == "barh")
    assert 2 <= len(labelled) < count, labelled  # thinned
    assert (labelled[0], labelled[-1]) == (0, count - 1), [written[at] for at in labelled]
    assert_none_running_into_another(svg, kind == "barh")


# 40 Mondays from 2024-01-01, seven of them missing, among them the first Mondays of February,
# April and June; the last bar is 30 September, a fifth Monday.
GAPPED_WEEKS = pd.date_range("2024-01-01", periods=40, freq="W-MON").delete([2, 5, 13, 17, 22, 27, 33])


def test_a_month_whose_first_monday_has_no_bar_counts_its_second_as_its_first():
    counts, _ = period_counts(pd.Series(GAPPED_WEEKS), None)
    firsts = [f"{monday.date()}" for monday, count in zip(GAPPED_WEEKS, counts) if count % WEEK_PLACES == 0]
    assert firsts == ["2024-01-01", "2024-02-12", "2024-03-04", "2024-04-08", "2024-05-06", "2024-06-10",
                      "2024-07-01", "2024-08-05", "2024-09-02"]
    # The third Monday after a second that stands in for the first is not labelled a week after it.
    assert [f"{monday.date()}" for monday, count in zip(GAPPED_WEEKS, counts)
            if count % 2 == 0 and monday.month == 2] == ["2024-02-12"]
