"""Bar charts' category labels: numbers written as the value axis writes them."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plots import build_figure, chart_frame, describe, parse_spec, render_svg
from plots.date_bars import whole_period
from plots.told_apart import cut_apart
from plots.value_text import DRAWN_LABEL_CHARS, category_labels
from tests.test_date_bar_labels import drawn_dates
from tests.test_tick_labels import x_tick_labels

MINUS = "\N{MINUS SIGN}"


@pytest.mark.parametrize(("x", "x_type", "labels"), [
    ([-2, -1, 3], "int", [f"{MINUS}2", f"{MINUS}1", "3"]),
    ([-2.5, -1.0, 3.0], "float", [f"{MINUS}2.5", f"{MINUS}1", "3"]),
])
def test_negative_number_categories_are_written_with_the_minus_sign(x, x_type, labels):
    frame = pd.DataFrame({"x": x, "v": [1.0, 2.0, 3.0]})
    spec = parse_spec({"kind": ["bar"], "x": ["x"], "y": ["v"]}, {"x": x_type, "v": "float"})
    svg = render_svg(spec, frame)
    assert [label for _, label in x_tick_labels(svg)] == labels
    _, desc = describe(spec, chart_frame(spec, frame))
    assert f"x from {labels[0]} to {labels[-1]}" in desc, desc


def test_negative_whole_number_categories_thin_to_multiples_of_a_round_step():
    frame = pd.DataFrame({"x": range(-13, 14), "v": 1.0})
    spec = parse_spec({"kind": ["bar"], "x": ["x"], "y": ["v"], "width": ["500"], "height": ["180"]},
                      {"x": "int", "v": "float"})
    labels = [label for _, label in x_tick_labels(render_svg(spec, frame))]
    values = [int(label.replace(MINUS, "-")) for label in labels]
    assert labels[0].startswith(MINUS) and 0 in values, labels
    step = values[1] - values[0]
    assert step > 1 and all(value % step == 0 for value in values), labels


PERIOD = re.compile(r"[0-9]{4}( Q[1-4]|-[0-9]{2})")
SVG = "{http://www.w3.org/2000/svg}"


def period_counts_of(labels: list[str]) -> list[int]:
    """Labels of quarters ("2002 Q1") or months ("2002-03") counted in their periods."""
    if all(" Q" in label for label in labels):
        return [int(label[:4]) * 4 + int(label[-1]) - 1 for label in labels]
    return [int(label[:4]) * 12 + int(label[5:7]) - 1 for label in labels]


@pytest.mark.parametrize(("url", "steps"), [
    ("/plot/weather.svg?kind=bar&x=date&y=rainfall_mm&resample=quarter&agg=sum&from=2002-01-01&width=320",
     (2, 4, 8, 20, 40)),
    ("/plot/weather.svg?kind=bar&x=date&y=rainfall_mm&resample=month&agg=sum&from=2020-01-01&width=320",
     (2, 3, 4, 6, 12, 24, 60)),
    ("/plot/weather.svg?kind=bar&x=date&y=rainfall_mm&resample=month&agg=sum&from=2020-01-01&width=600",
     (2, 3, 4, 6, 12, 24, 60)),
])
def test_thinned_bars_of_quarters_and_months_keep_a_round_step_of_the_calendar(client, url, steps):
    response = client.get(url)
    assert response.status_code == 200
    labels = [text.text for text in ET.fromstring(response.data).iter(f"{SVG}text")
              if PERIOD.fullmatch(text.text or "")]  # across or turned upwards
    counts = period_counts_of(labels)
    step = counts[1] - counts[0]
    # Each label on a multiple of one round step (quarters: 2002 Q1, 2004 Q1, …, not 2002 Q1, 2003 Q4).
    assert step in steps and all(count % step == 0 for count in counts), labels


DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def bar_dates(client, url: str) -> list[pd.Timestamp]:
    """The dates a bar chart's x labels name (across or turned upwards)."""
    response = client.get(url)
    assert response.status_code == 200
    return [pd.Timestamp(text) for text in drawn_dates(response.data) if DAY.fullmatch(text)]


# Days thinned keep the days a date axis keeps: odd days (but a month's last), the 1st, 8th, 15th
# and 22nd, the 1st and 15th, or the 1st of round steps of months.
ROUND_DAYS = [set(range(1, 30, 2)), {1, 8, 15, 22}, {1, 15}, {1}]


def assert_round_days(days: list[pd.Timestamp]) -> None:
    """`days`, labelled under thinned bars, are round days of the month (`ROUND_DAYS`), no month's last."""
    assert len(days) > 2, days
    assert any({day.day for day in days} <= kept for kept in ROUND_DAYS), days
    assert not any(day.is_month_end and day.day != 1 for day in days), days


@pytest.mark.parametrize("url", [
    "/plot/weather.svg?kind=bar&x=date&y=rainfall_mm&resample=day&from=2024-01-01&to=2024-03-01",
    "/plot/weather.svg?kind=bar&x=date&y=rainfall_mm&resample=day&from=2024-01-01&to=2024-03-01&width=320",
    "/plot/weather.svg?kind=bar&x=date&y=rainfall_mm&resample=day&from=2023-11-03&to=2024-02-08&width=320",
    "/plot/weather.svg?kind=bar&x=date&y=rainfall_mm&resample=day&from=2024-01-03&to=2024-04-01&width=900",
])
def test_thinned_bars_of_days_keep_round_days_of_the_month(client, url):
    assert_round_days(bar_dates(client, url))


@pytest.mark.parametrize("url", [
    "/plot/weather.svg?kind=bar&x=date&y=rainfall_mm&resample=week&from=2025-01-01&width=320",
    "/plot/weather.svg?kind=bar&x=date&y=rainfall_mm&resample=week&from=2025-01-01",
    "/plot/weather.svg?kind=bar&x=date&y=rainfall_mm&resample=week&from=2024-03-01&width=900",
    "/plot/weather.svg?kind=bar&x=date&y=rainfall_mm&resample=week&from=2025-06-01&width=400",
])
def test_thinned_bars_of_weeks_keep_the_first_or_third_week_of_a_month(client, url):
    mondays = bar_dates(client, url)
    assert len(mondays) > 2 and all(monday.day_of_week == 0 for monday in mondays), mondays
    if mondays[-1].day > 28 and mondays[-1] - mondays[-2] == pd.Timedelta(days=14):
        mondays = mondays[:-1]  # the chart's last bar, a fifth Monday two weeks after the third: none follows
    weeks = {(monday.day - 1) // 7 for monday in mondays}  # 0: the month's first Monday
    assert weeks <= {0, 2}, mondays
    if weeks == {0}:  # months on a round step: every month, second, third, …
        months = [monday.year * 12 + monday.month - 1 for monday in mondays]
        step = months[1] - months[0]
        assert step in (1, 2, 3, 4, 6, 12) and all(month % step == 0 for month in months), mondays


@pytest.mark.parametrize("url", [
    "/plot/weather.svg?kind=bar&x=date&y=rainfall_mm&from=2024-01-03&to=2024-03-01",
    "/plot/weather.svg?kind=bar&x=date&y=rainfall_mm&from=2024-01-03&to=2024-03-01&width=320",
    "/plot/weather.svg?kind=bar&x=date&y=rainfall_mm&from=2023-11-03&to=2024-02-08&width=320",
])
def test_thinned_bars_of_dates_not_resampled_keep_round_days_of_the_month(client, url):
    assert_round_days(bar_dates(client, url))


def drawn_bar_labels(moments: pd.DatetimeIndex, label: re.Pattern) -> list[str]:
    """The labels matching `label` under a narrow chart's bars of `moments`, not resampled."""
    frame = pd.DataFrame({"when": moments, "v": 1.0})
    spec = parse_spec({"kind": ["bar"], "x": ["when"], "y": ["v"], "width": ["320"], "height": ["240"]},
                      {"when": "datetime", "v": "float"})
    return [text for text in drawn_dates(render_svg(spec, frame)) if label.fullmatch(text)]


def drawn_bar_dates(moments: pd.DatetimeIndex) -> list[pd.Timestamp]:
    """The dates labelled under a narrow chart's bars of `moments`, not resampled."""
    return [pd.Timestamp(label) for label in drawn_bar_labels(moments, DAY)]


def on_one_round_step(counts: list[int], steps: tuple[int, ...]) -> bool:
    """Whether `counts` (more than one) are all multiples of their first difference, one of `steps`."""
    step = counts[1] - counts[0]
    return step in steps and all(count % step == 0 for count in counts)


@pytest.mark.parametrize(("moments", "steps"), [
    (pd.date_range("2019-03-01", periods=60, freq="MS"), (2, 3, 4, 6, 12, 24, 60)),
    (pd.date_range("2013-04-01", periods=40, freq="QS"), (2, 4, 8, 20, 40)),
    (pd.date_range("1951-01-01", periods=70, freq="YS"), (2, 5, 10, 20, 25, 50)),
])
def test_thinned_bars_of_month_quarter_or_year_starts_keep_a_round_step_of_the_calendar(moments, steps):
    # Labelled by their periods, as resampled bars are: "2019-03", "2013 Q2", "1951".
    labels = drawn_bar_labels(moments, re.compile(f"{PERIOD.pattern}|[0-9]{{4}}"))
    assert len(labels) > 2, labels
    counts = [int(label) for label in labels] if labels[0].isdigit() else period_counts_of(labels)
    assert on_one_round_step(counts, steps), labels


def test_thinned_bars_of_mondays_not_resampled_keep_the_first_or_third_week_of_a_month():
    mondays = drawn_bar_dates(pd.date_range("2024-02-12", periods=40, freq="W-MON"))
    assert len(mondays) > 2, mondays
    weeks = {(monday.day - 1) // 7 for monday in mondays}  # 0: the month's first Monday
    assert weeks <= {0, 2}, mondays


@pytest.mark.parametrize(("moments", "period"), [
    (["2021-01-01", "2023-01-01"], "year"),
    (["2021-01-01", "2021-07-01", "2022-10-01"], "quarter"),
    (["2021-01-01", "2021-02-01"], "month"),
    (["2023-05-01", "2024-01-01"], "month"),  # both Mondays, but months are coarser
    (["2024-02-05", "2024-02-12", "2024-03-04"], "week"),  # a week missing
    (["2024-02-05", "2024-02-19"], None),  # a fortnight apart
    (["2024-02-05", "2024-02-06"], "day"),
    (["2024-02-01", "2024-02-02", "2024-02-15"], "day"),
    (["2024-02-01", "2024-02-15"], None),
    (["2024-02-05"], "week"),
    (["2024-02-01 00:00", "2024-02-01 06:00"], None),  # a time of day: bars of moments, thinned by place
    (["2024-02-01", None], None),
])
def test_bars_not_resampled_count_as_the_coarsest_period_all_their_dates_start(moments, period):
    assert whole_period(pd.Series(pd.to_datetime(moments))) == period


def test_midnights_a_day_apart_across_a_change_of_clocks_are_days():
    moments = pd.Series(pd.date_range("2024-10-27", periods=2, freq="D", tz="Europe/Berlin"))
    assert whole_period(moments) == "day"


@pytest.mark.parametrize("resample", [None, "day", "week"])
def test_bars_of_zoned_midnights_are_labelled_with_their_dates_as_naive_ones_are(resample):
    # Midnights in Berlin are 23:00 in UTC: the labels were written "2025-01-06 00:00", on Berlin's clock.
    spec = parse_spec({"kind": ["bar"], "x": ["t"], "y": ["v"], **({"resample": [resample], "agg": ["sum"]}
                                                                    if resample else {})},
                      {"t": "datetime", "v": "float"})
    labels = {}
    for zone in ("Europe/Berlin", None):
        frame = pd.DataFrame({"t": pd.date_range("2025-01-01", periods=20, freq="D", tz=zone), "v": range(20)})
        labels[zone] = [label for _, label in x_tick_labels(render_svg(spec, frame))]
    assert labels["Europe/Berlin"] == labels[None] and not any(":" in label for label in labels[None])


def test_thinned_bars_of_mondays_a_fortnight_apart_keep_every_nth_label_and_the_last():
    mondays = pd.date_range("2024-01-01", periods=30, freq="2W-MON")
    days = drawn_bar_dates(mondays)
    assert len(days) > 2, days
    places = [mondays.get_loc(day) for day in days]
    step = places[1] - places[0]
    assert places[:-1] == list(range(0, places[-2] + 1, step)), days
    assert places[-1] == len(mondays) - 1 and 0 < places[-1] - places[-2] < 2 * step, days


FOX = "The quick brown fox jumps over the lazy dog"


def test_long_categories_are_cut_under_their_bars_and_whole_in_the_words():
    frame = pd.DataFrame({"name": ["ant", FOX], "v": [1.0, 2.0]})
    spec = parse_spec({"kind": ["barh"], "x": ["name"], "y": ["v"]}, {"name": "text", "v": "float"})
    root = ET.fromstring(render_svg(spec, frame))
    drawn = [text.text for text in root.iter(f"{SVG}text")]
    assert "The quick brown fox jumps…" in drawn and FOX not in drawn, drawn  # cut at a word's end
    desc = root.find(f"{SVG}desc").text
    assert f"v: ant 1, {FOX} 2." in desc, desc


def test_a_category_of_hundreds_of_characters_is_cut_in_the_words_too():
    endless = "word " * 100
    frame = pd.DataFrame({"name": ["ant", endless, "bee"], "v": [1.0, 2.0, None]})
    spec = parse_spec({"kind": ["bar"], "x": ["name"], "y": ["v"]}, {"name": "text", "v": "float"})
    _, desc = describe(spec, chart_frame(spec, frame))
    said = endless[:199] + "…"
    assert f"v: ant 1, {said} 2, bee none." in desc, desc
    assert endless[:200] not in desc, desc


@pytest.mark.parametrize("names", [
    ["ant", FOX],
    ["ant", FOX, "bee", "A very long category name that keeps going on and on"],
])
def test_bars_of_long_names_label_every_bar_turned_rather_than_thinned(names):
    frame = pd.DataFrame({"name": names, "v": [float(i) for i in range(1, len(names) + 1)]})
    spec = parse_spec({"kind": ["bar"], "x": ["name"], "y": ["v"]}, {"name": "text", "v": "float"})
    drawn = [text.text for text in ET.fromstring(render_svg(spec, frame)).iter(f"{SVG}text")]
    shown = [name for name in names if any(name.startswith(text.rstrip("…")) and len(text) > 1 for text in drawn)]
    assert shown == names, drawn


@pytest.mark.parametrize("kind", ["bar", "barh"])
def test_long_categories_that_differ_past_the_cut_are_drawn_apart(kind):
    # All eight were drawn "Category label that is quit…": cut to 28 characters before being told apart.
    names = [f"Category label that is quite long number {i}" for i in range(8)]
    frame = pd.DataFrame({"name": names, "v": [float(i) for i in range(1, 9)]})
    spec = parse_spec({"kind": [kind], "x": ["name"], "y": ["v"]}, {"name": "text", "v": "float"})
    root = ET.fromstring(render_svg(spec, frame))
    drawn = [text.text for text in root.iter(f"{SVG}text") if text.text and text.text.startswith("Cat")]
    assert len(drawn) == 8 and len(set(drawn)) == 8, drawn
    assert all(label.endswith(str(i)) and len(label) <= 28 for i, label in enumerate(drawn)), drawn
    assert f"v: {names[0]} 1, " in root.find(f"{SVG}desc").text and f", {names[-1]} 8." in root.find(f"{SVG}desc").text


WORDS = ["Category", "label", " ", "number", "1", "2", "…", "x" * 30]
pieces = st.lists(st.sampled_from(WORDS), max_size=5).map("".join)


@given(start=pieces, middles=st.lists(pieces, min_size=2, max_size=6), end=pieces)
@settings(max_examples=80, deadline=None, derandomize=True)
def test_categories_cut_to_a_few_characters_that_differ_stay_different(start, middles, end):
    names = sorted({start + middle + end for middle in middles})
    cut = cut_apart(names, DRAWN_LABEL_CHARS)
    assert len(set(cut)) == len(names), list(zip(names, cut))
    for name, label in zip(names, cut):
        assert label == name if len(name) <= DRAWN_LABEL_CHARS else label == name or "…" in label, label


@pytest.mark.parametrize(("resample", "labels"), [
    (None, ["0001-01-01", "0999-06-02", "2024-01-03"]), ("month", ["0001-01", "0999-06", "2024-01"]),
    ("quarter", ["0001 Q1", "0999 Q2", "2024 Q1"]), ("year", ["0001", "0999", "2024"]),
])
def test_bars_of_years_before_1000_write_the_year_in_four_digits_as_the_rows_do(resample, labels):
    moments = pd.Series(pd.to_datetime(["0001-01-01", "0999-06-02", "2024-01-03"], format="ISO8601"))
    assert category_labels(moments, resample) == labels


@pytest.mark.parametrize("kind", ["bar", "barh"])
@pytest.mark.parametrize(("width", "height"), [("640", "360"), ("320", "240"), ("200", "150")])
def test_long_names_that_differ_in_a_number_are_shortened_to_their_start_through_it(kind, width, height):
    # They were drawn "A…2 wi…", "Acc…2042 with…": a lone digit, or pieces from the middle of the name.
    names = [f"Account {number} with a long tail" for number in range(2042, 2047)]
    frame = pd.DataFrame({"name": names, "v": [float(i) for i in range(1, 6)]})
    spec = parse_spec({"kind": [kind], "x": ["name"], "y": ["v"], "width": [width], "height": [height]},
                      {"name": "text", "v": "float"})
    drawn = [text.text for text in ET.fromstring(render_svg(spec, frame)).iter(f"{SVG}text")
             if text.text and text.text.startswith(("A", "…"))]
    assert drawn and len(set(drawn)) == len(drawn), drawn
    for label in drawn:
        # Where their starts do not fit under a plot inside the figure (200 × 150 bars), they are
        # written from their number on, the word where they differ, whole: "…2042…".
        name = next(name for name in names if name.split(" ")[1] in label)
        assert label.startswith(name[:len("Account 2042")]) or label.startswith("…" + name.split(" ")[1]), drawn


@pytest.mark.parametrize(("names", "width", "height"), [
    ([f"Account {number} with a long tail" for number in range(2042, 2047)], "200", "150"),
    ([f"category number {number} long" for number in range(25)], "640", "200"),
    ([f"category number {number} long" for number in range(25)], "200", "150"),
])
def test_turned_names_told_apart_by_their_start_leave_the_plot_inside_the_figure(names, width, height):
    # Their starts, kept whole to tell them apart, took the room under the plot, which rose past the
    # figure's top edge: the 640 × 200 chart showed none of its bars.
    frame = pd.DataFrame({"name": names, "v": [float(i) for i in range(1, len(names) + 1)]})
    spec = parse_spec({"kind": ["bar"], "x": ["name"], "y": ["v"], "width": [width], "height": [height]},
                      {"name": "text", "v": "float"})
    _, bottom, _, height_share = build_figure(spec, chart_frame(spec, frame)).axes[0].get_position().bounds
    assert bottom + height_share <= 1
    drawn = [text for _, text in x_tick_labels(render_svg(spec, frame))]
    assert len(set(drawn)) == len(drawn), drawn


@pytest.mark.parametrize(("width", "height"), [("200", "150"), ("100", "300")])
def test_names_told_apart_by_their_start_beside_a_plot_leave_it_inside_the_figure(width, height):
    # Beside the plot of a bar chart across, they pushed it past the figure's right edge: at 100 × 300
    # it began beyond it, and none of its bars showed.
    names = [f"category number {number} long" for number in range(25)]
    frame = pd.DataFrame({"name": names, "v": [float(i) for i in range(1, len(names) + 1)]})
    spec = parse_spec({"kind": ["barh"], "x": ["name"], "y": ["v"], "width": [width], "height": [height]},
                      {"name": "text", "v": "float"})
    left, _, width_share, _ = build_figure(spec, chart_frame(spec, frame)).axes[0].get_position().bounds
    assert left + width_share <= 1
