"""Bars of dates that every round step would leave with one label keep two or more, every n-th bar,
apart, each naming its year where it changes."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pandas as pd
import pytest

from plots import parse_spec, render_svg
from plots.date_bars import bar_period, named_among_kept, period_counts, written_once
from plots.layout import text_size
from plots.ticks import LABEL_GAP, TICK_SIZE
from plots.value_text import category_labels
from tests.test_date_axis_labels import drawn_places, eleven_days
from tests.test_date_bar_labels import SVG, drawn_dates, drawn_x_labels

DATES = {
    "11 days": (pd.date_range("2024-12-27", periods=11), None),
    "8 days": (pd.date_range("2019-12-28", periods=8), None),
    "20 days": (pd.date_range("2023-12-20", periods=20), None),
    "30 weekdays": (pd.bdate_range("2024-05-20", periods=30), None),
    "12 weeks": (pd.date_range("2024-11-04", periods=12, freq="W-MON"), None),
    "20 weeks": (pd.date_range("2024-10-07", periods=20, freq="W-MON"), None),
    "6 months": (pd.date_range("2024-10-01", periods=6, freq="MS"), None),
    "6 months of a year": (pd.date_range("2024-02-01", periods=6, freq="MS"), None),
    "14 months": (pd.date_range("2023-05-01", periods=14, freq="MS"), None),
    "36 months": (pd.date_range("2023-01-01", periods=36, freq="MS"), None),
    "8 quarters": (pd.date_range("2023-01-01", periods=8, freq="QS"), "quarter"),
    "10 quarters": (pd.date_range("2023-10-01", periods=10, freq="QS"), "quarter"),
    "12 quarters": (pd.date_range("2023-01-01", periods=12, freq="QS"), "quarter"),
    "30 weeks": (pd.date_range("2024-08-26", periods=30, freq="W-MON"), "week"),
}


def date_bars(moments: pd.DatetimeIndex, resample: str | None, width: int, height: int, kind: str = "bar") -> bytes:
    """A bar chart of one value at each of `moments`, `width`×`height` pixels, as SVG."""
    frame = pd.DataFrame({"when": moments, "v": [float(1 + k % 5) for k in range(len(moments))]})
    fields = {"kind": [kind], "x": ["when"], "y": ["v"], "width": [str(width)], "height": [str(height)]}
    if resample is not None:
        fields |= {"resample": [resample], "agg": ["sum"]}
    return render_svg(parse_spec(fields, {"when": "datetime", "v": "float"}), frame)


# A bar as the SVG draws it: from its lower left corner across to its right side, up and back.
BAR = re.compile(r"M(?P<left>[-0-9.]+) [-0-9.]+H(?P<right>[-0-9.]+)V")


def bar_centres(svg: bytes) -> list[float]:
    """Where the bars of a chart are centred along the x axis (points), left to right."""
    bars = [BAR.match(path.get("d")) for path in ET.fromstring(svg).iter(f"{SVG}path") if path.get("clip-path")]
    return sorted((float(bar["left"]) + float(bar["right"])) / 2 for bar in bars if bar)


def ends_fit(moments: pd.DatetimeIndex, resample: str | None, svg: bytes) -> bool:
    """Whether the labels of the first and last bars, alone, would stand apart written across."""
    moments = pd.Series(moments)
    whole = category_labels(moments, bar_period(moments, resample))
    written, shared = written_once(whole, period_counts(moments, resample))
    first, last = (written[0], written[-1]) if shared else (whole[0], whole[-1])
    centres = bar_centres(svg)
    need = (text_size(first, TICK_SIZE)[0] + text_size(last, TICK_SIZE)[0]) / 2 + LABEL_GAP
    return centres[-1] - centres[0] >= need


def labelled_bars(moments: pd.DatetimeIndex, resample: str | None, svg: bytes) -> list[int]:
    """The bars whose labels are drawn, each label read whole (`drawn_dates`), as indices."""
    moments = pd.Series(moments)
    whole = category_labels(moments, bar_period(moments, resample))
    read = drawn_dates(svg)
    assert all(label in whole for label in read), (drawn_x_labels(svg), whole)
    return [whole.index(label) for label in read]


YEAR = re.compile("[0-9]{4}")


def assert_kept_labels_read_as_their_bars(moments: pd.DatetimeIndex, resample: str | None, svg: bytes,
                                          width: int) -> None:
    """Two labels or more where the first and last bars' would fit, each read as its own bar's
    (`labelled_bars`), and a year written among them or under them, on a chart `width` pixels wide."""
    labels, offset = drawn_x_labels(svg)
    assert len(labels) >= 2 or not ends_fit(moments, resample, svg), (width, labels)
    labelled_bars(moments, resample, svg)
    assert any(YEAR.match(text) for text in [*labels, offset]), (width, labels, offset)


@pytest.mark.parametrize("dates", DATES, ids=str)
@pytest.mark.parametrize("height", [100, 150, 200])
def test_a_bar_chart_of_dates_keeps_two_labels_wherever_two_fit(dates, height):
    moments, resample = DATES[dates]
    for width in range(160, 641, 40):
        svg = date_bars(moments, resample, width, height)
        assert_kept_labels_read_as_their_bars(moments, resample, svg, width)


@pytest.mark.parametrize(("dates", "widths"), [("11 days", range(240, 441, 8)), ("36 months", range(200, 281, 8))])
def test_bars_of_dates_that_round_steps_thin_to_one_label_keep_two_at_every_width_between(dates, widths):
    # Eleven days from 2024-12-27 kept "2025-01-01" alone from 240 to 440 px wide, 36 months from
    # 2023-01 "2024-01" alone from 200 to 280 px, where two labels fit.
    moments, resample = DATES[dates]
    for width in widths:
        svg = date_bars(moments, resample, width, 150)
        assert_kept_labels_read_as_their_bars(moments, resample, svg, width)


@pytest.mark.parametrize(("dates", "width"), [
    *[("11 days", width) for width in range(240, 441, 40)], ("8 days", 260), ("20 days", 240),
    *[("36 months", width) for width in (200, 240, 280)], ("6 months of a year", 200),
    ("8 quarters", 200), ("12 quarters", 240), ("20 weeks", 240), ("30 weeks", 200),
])
def test_bars_of_dates_a_round_step_leaves_one_label_keep_every_nth_each_read_as_its_own(dates, width):
    # Round steps jump: every other day ran together, and the 1st, 8th, 15th and 22nd kept "2025-01-01"
    # alone; every year ran together, and every second kept "2024-01" alone.
    moments, resample = DATES[dates]
    svg = date_bars(moments, resample, width, 150)
    bars = labelled_bars(moments, resample, svg)
    steps = {later - earlier for earlier, later in zip(bars, bars[1:])}
    assert len(bars) >= 2 and len(steps) == 1, drawn_x_labels(svg)
    places = drawn_places(svg)
    for (left, before), (right, after) in zip(places, places[1:]):
        need = (text_size(before, TICK_SIZE)[0] + text_size(after, TICK_SIZE)[0]) / 2 + LABEL_GAP
        assert right - left >= need, places


def test_months_kept_at_a_step_of_their_own_each_name_their_year():
    # Every 16th month: without their years, "05" and "09" would read as months of 2023, the bars
    # naming 2024 and 2025 thinned away.
    svg = date_bars(DATES["36 months"][0], None, 240, 150)
    assert drawn_x_labels(svg) == (["2023-01", "2024-05", "2025-09"], "")


@pytest.mark.parametrize(("moments", "kept", "named"), [
    (pd.date_range("2023-01-01", periods=36, freq="MS"), [12, 30], ["2024-01", "2025-07"]),
    (pd.date_range("2023-01-01", periods=36, freq="MS"), [12, 15, 18, 21, 24],
     ["2024-01", "04", "07", "10", "2025-01"]),
    (pd.date_range("2024-12-27", periods=11), [1, 5, 9], ["2024-12-28", "2025-01-01", "01-05"]),
    (pd.date_range("2024-12-27", periods=11), [5, 9], ["2025-01-01", "2025-01-05"]),
])
def test_bars_kept_at_a_step_of_their_own_write_the_year_on_the_first_and_where_it_changes(moments, kept, named):
    whole = category_labels(pd.Series(moments), bar_period(pd.Series(moments), None))
    assert named_among_kept(whole, kept) == named


def test_36_months_down_the_side_of_a_300_by_100_chart_keep_two_labels():
    svg = date_bars(DATES["36 months"][0], None, 300, 100, kind="barh")
    labels = [text.text for text in ET.fromstring(svg).iter(f"{SVG}text")
              if text.get("font-size") == f"{TICK_SIZE:g}" and text.get("text-anchor") == "end"]
    assert labels == ["2023-01", "2025-02"], labels


def test_eleven_days_pushed_through_the_api_keep_two_labels_on_a_240_by_150_bar_chart(data_dir):
    chart = eleven_days(data_dir).get("/plot/days.svg?kind=bar&width=240&height=150")
    assert chart.status_code == 200, chart.data[:300]
    assert drawn_x_labels(chart.data) == (["2024-12-27", "2025-01-04"], "")


@pytest.mark.parametrize("width", [160, 180, 200])
@pytest.mark.parametrize("height", [100, 150, 200, 360])
def test_narrow_upright_bars_of_weeks_of_two_years_keep_two_labels_without_their_years(width, height):
    # 18 weeks from 2023-11-13 at 160 to 200 px wide: "2024-01-01" alone, where "12-04" and "03-04"
    # under "2023–2024" fit, as bars down the side write them.
    moments = pd.date_range("2023-11-15", periods=120)
    svg = date_bars(moments, "week", width, height)
    labels, offset = drawn_x_labels(svg)
    assert len(labels) >= 2 and offset == "2023–2024", (labels, offset)
    # Each label is a week's Monday of one of the years under them, in order.
    mondays = pd.Series(moments).dt.to_period("W-SUN").dt.start_time.drop_duplicates()
    read = [next((f"{year}-{label}" for year in ("2023", "2024") if f"{year}-{label}" in
                  category_labels(mondays, "week")), None) for label in labels]
    assert None not in read and read == sorted(read), (labels, read)


@pytest.mark.parametrize(("bars", "width"), [(13, 640), (30, 200), (30, 160)])
def test_bars_of_moments_of_two_years_write_each_year_where_it_changes_thinned_or_not(bars, width):
    # Every 37 minutes from 2004-12-31 20:21: the bars of 2004 read "12-31 21:35" after
    # "2004-12-31 20:21", those of 2005 kept "2005-01-01" on each label after the first. Thinned
    # every n-th, the first bar of 2005 (00:03) is left out at 200 px: the first kept writes it.
    moments = pd.date_range("2004-12-31 20:21", periods=bars, freq="37min")
    svg = date_bars(moments, None, width, 360)
    labels, _ = drawn_x_labels(svg)
    read = [moments[at].strftime("%Y-%m-%d %H:%M") for at in labelled_bars(moments, None, svg)]
    assert len(labels) >= 4 and read[-1].startswith("2005"), labels
    for before, label, whole in zip([None, *read], labels, read):
        writes_year = before is None or before[:4] != whole[:4]
        assert label == (whole if writes_year else whole[5:]), labels
