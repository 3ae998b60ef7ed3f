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


# Every day of January and February 2024, two rows a day, summed per day: the last bar is 29
# February, a leap year's, after which no bar follows.
DAILY_SUMS = pd.date_range("2024-01-01 08:00", "2024-02-29 08:00").repeat(2) + pd.to_timedelta([0, 9] * 60, unit="h")
# 40 Mondays from 2024-01-01, seven of them missing, among them the first Mondays of February,
# April and June; the last bar is 30 September, a fifth Monday.
GAPPED_WEEKS = pd.date_range("2024-01-01", periods=40, freq="W-MON").delete([2, 5, 13, 17, 22, 27, 33])
BARS_OF_PERIODS = {"daily sums": (DAILY_SUMS, "day"), "gapped weeks": (GAPPED_WEEKS, None)}


def period_bars(rows: pd.DatetimeIndex, resample: str | None, kind: str, width: int, height: int,
                ) -> tuple[list[pd.Timestamp], bytes]:
    """The bars' dates and a chart of them, of a value per row (summed per `resample` period)."""
    frame = pd.DataFrame({"date": rows, "v": np.arange(len(rows), dtype=float) % 7 + 1})
    fields = {"kind": [kind], "x": ["date"], "y": ["v"], "width": [str(width)], "height": [str(height)]}
    if resample is not None:
        fields |= {"resample": [resample], "agg": ["sum"]}
    bars = sorted(set(rows.normalize()))
    return bars, render_svg(parse_spec(fields, {"date": "datetime", "v": "float"}), frame)


def round_step_kept(bars: list[pd.Timestamp], resample: str | None, labelled: list[int]) -> int | None:
    """The least step of `period_counts` whose multiples are the labelled bars: None for none."""
    counts, steps = period_counts(pd.Series(bars), resample)
    return next((step for step in steps if labelled == [at for at, count in enumerate(counts) if count % step == 0]),
                None)


def assert_evenly_spaced_in_time(labelled: list[pd.Timestamp], step: int, places: int) -> None:
    """Labels at a step of months or more (`places` a month) name every n-th month in a row, each
    in its first two weeks (a second Monday standing in for a first); at a step within a month
    they lie at most twice as far apart as the nearest two (every other day: 2 or 3 days)."""
    if step >= places:
        months = [date.year * 12 + date.month for date in labelled]
        assert {later - earlier for earlier, later in zip(months, months[1:])} <= {step // places}, labelled
        assert all(date.day <= 14 for date in labelled), labelled
    elif len(labelled) > 2:
        gaps = [(later - earlier).days for earlier, later in zip(labelled, labelled[1:])]
        assert max(gaps) <= 2 * min(gaps), labelled


@pytest.mark.parametrize("kind", ["bar", "barh"])
@pytest.mark.parametrize(("width", "height"), [(300, 200), (320, 240), (640, 360), (400, 600), (300, 700)])
@pytest.mark.parametrize("bars_of", BARS_OF_PERIODS)
def test_bars_of_days_or_weeks_keep_a_round_step_evenly_from_the_first_bar_to_the_last_it_reaches(
        bars_of, width, height, kind):
    # Every other day's labels ran to 02-27 of bars to 02-29; weeks' monthly labels skipped February,
    # April and June, whose first Mondays have no bar.
    rows, resample = BARS_OF_PERIODS[bars_of]
    bars, svg = period_bars(rows, resample, kind, width, height)
    written = [f"{bar.date()}" for bar in bars]
    labelled = labelled_bars(svg, written, kind == "barh")
    step = round_step_kept(bars, resample, labelled)
    assert step is not None and labelled[0] == 0, [written[at] for at in labelled]
    places = DAY_PLACES if resample == "day" else WEEK_PLACES
    assert_evenly_spaced_in_time([bars[at] for at in labelled], step, places)
    if step <= 2:  # every (other) day, first and third Mondays: the last bar is on the step
        assert labelled[-1] == len(bars) - 1, [written[at] for at in labelled]
    assert_none_running_into_another(svg, kind == "barh")


@pytest.mark.parametrize(("bars", "resample", "before"), [
    (pd.date_range("2024-01-01", "2024-02-29"), "day", "2024-02-27"),
    (pd.date_range("2024-01-01", "2024-03-31"), "day", "2024-03-29"),
    (GAPPED_WEEKS, None, "2024-09-16"),
])
def test_the_last_bar_on_a_month_s_odd_last_day_or_fifth_monday_is_kept_every_other_day_or_week(bars, resample, before):
    # A month's odd last day and its fifth Monday stand a day or a week before the next month's
    # first label; the chart's last bar stands before none.
    counts, _ = period_counts(pd.Series(bars), resample)
    assert [f"{bar.date()}" for bar, count in zip(bars, counts) if count % 2 == 0][-2:] == [before, f"{bars[-1].date()}"]


def test_a_month_whose_first_monday_has_no_bar_counts_its_second_as_its_first():
    counts, _ = period_counts(pd.Series(GAPPED_WEEKS), None)
    firsts = [f"{monday.date()}" for monday, count in zip(GAPPED_WEEKS, counts) if count % WEEK_PLACES == 0]
    assert firsts == ["2024-01-01", "2024-02-12", "2024-03-04", "2024-04-08", "2024-05-06", "2024-06-10",
                      "2024-07-01", "2024-08-05", "2024-09-02"]
    # The third Monday after a second that stands in for the first is not labelled a week after it.
    assert [f"{monday.date()}" for monday, count in zip(GAPPED_WEEKS, counts)
            if count % 2 == 0 and monday.month == 2] == ["2024-02-12"]
