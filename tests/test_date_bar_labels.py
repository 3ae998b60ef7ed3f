"""Bars of dates: labelled and thinned as the bars of the period their dates start (not resampled),
what the dates all start with written once under the axis, and never cut."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pandas as pd
import pytest

from plots import parse_spec, render_svg
from plots.date_bars import bar_period, period_counts, written_once
from plots.style import THEMES
from plots.ticks import TICK_SIZE
from plots.value_text import category_labels

SVG = "{http://www.w3.org/2000/svg}"


def drawn_x_labels(svg: bytes) -> tuple[list[str], str]:
    """The x tick labels of a chart's SVG (written across or turned upwards), left to right, and
    the x axis' offset text under them ("" for none): muted and right-aligned, where the y tick
    labels are in ink and the y axis' offset is left-aligned."""
    texts = [text for text in ET.fromstring(svg).iter(f"{SVG}text") if text.get("font-size") == f"{TICK_SIZE:g}"]
    labels = [text.text for text in texts
              if text.get("text-anchor") == "middle" or "rotate(-90)" in (text.get("transform") or "")]
    offsets = [text.text for text in texts
               if text.get("text-anchor") == "end" and text.get("fill") == THEMES["light"].muted]
    assert len(offsets) <= 1, offsets
    return labels, "".join(offsets)


def drawn_dates(svg: bytes) -> list[str]:
    """The x tick labels of a chart's SVG read whole, with the offset their dates share in front:
    "03" over "2019-05" reads "2019-05-03", "05-03" over "2019" "2019-05-03", "12:00" over
    "2019-05-03" "2019-05-03 12:00", "12-30", "01-06" over "2024–2025" "2024-12-30", "2025-01-06"
    (`years_spanned`); with no offset, each year carried to the labels after it (`years_carried`); months'
    names over a year, each later year on its January (`months_named`)."""
    labels, offset = drawn_x_labels(svg)
    if re.fullmatch("[0-9]{4}", offset) and any(label in MONTH_NAMES for label in labels):
        return months_named(labels, offset)
    if not offset:
        return years_carried(labels)
    if "–" in offset:
        return years_spanned(labels, offset)
    return [f"{offset}{' ' if len(offset) == 10 else '-'}{label}" for label in labels]


MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def months_named(labels: list[str], first_year: str) -> list[str]:
    """Labels of bars of months ("Nov", "Dec", "2025", "Feb") read under the first bar's year ("2024") as a
    reader reads them from the left: "2024-11", "2024-12", "2025-01", "2025-02"."""
    whole, year = [], first_year
    for label in labels:
        if re.fullmatch("[0-9]{4}", label):
            year = label
            whole.append(f"{year}-01")
        else:
            whole.append(f"{year}-{MONTH_NAMES.index(label) + 1:02d}")
    return whole


def years_spanned(labels: list[str], span: str) -> list[str]:
    """Labels of days of two years ("12-30", "01-06") read in order under the years they span
    ("2024–2025"): of the first year up to where a label goes back in the calendar, then of the second."""
    first, second = span.split("–")
    whole, year, before = [], first, ""
    for label in labels:
        if label < before:
            year = second
        whole.append(f"{year}-{label}")
        before = label
    return whole


NAMED_YEAR = re.compile(r"(?P<year>[0-9]{4})(?P<sep>[- ])")


def years_carried(labels: list[str]) -> list[str]:
    """Labels of bars of several years read as a reader reads them from the left: "11", "12",
    "2024-01", "02" as "2023-11", "2023-12", "2024-01", "2024-02". A label without a year is of the
    last year written before it; those before the first year written, of the year before that."""
    named = [NAMED_YEAR.match(label) for label in labels]
    first = next((match for match in named if match), None)
    if first is None:
        return labels
    year, sep = f"{int(first['year']) - 1:04d}", first["sep"]
    whole = []
    for label, match in zip(labels, named):
        if match:
            year = match["year"]
            whole.append(label)
        else:
            whole.append(f"{year}{sep}{label}")
    return whole


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
    resampled_texts, resampled_desc = bar_chart_words(moments, period, width)
    # Resampled, each bar is its period's mean, which the value axis and the words name, and the
    # words count the periods the rows were combined into.
    assert resampled_texts == ["mean of v" if text == "v" else text for text in texts]
    assert resampled_desc == desc.replace("last value: v ", "last value: mean of v ").replace(
        f", {len(moments)} rows.", f", {len(moments)} {period}s.")
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
    frame = pd.DataFrame({"when": moments, "v": [float(i % 7) for i in range(len(moments))]})
    fields = {"kind": ["bar"], "x": ["when"], "y": ["v"], "width": [str(width)], "height": ["240"]}
    svg = render_svg(parse_spec(fields, {"when": "datetime", "v": "float"}), frame)
    return [pd.Timestamp(text) for text in drawn_dates(svg) if re.fullmatch(DAY, text)]


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


def short_bar_chart(moments: pd.DatetimeIndex, width: int, height: int, series: int = 3,
                    resample: str | None = None) -> bytes:
    """A titled bar chart of `series` series over `moments`, `width`×`height` pixels, as SVG."""
    frame = pd.DataFrame({"when": moments, **{f"s{i}": [float(i + k % 5) for k in range(len(moments))]
                                              for i in range(series)}})
    fields = {"kind": ["bar"], "x": ["when"], "width": [str(width)], "height": [str(height)],
              "title": ["Daily visits"], **({"resample": [resample], "agg": ["sum"]} if resample else {})}
    return render_svg(parse_spec(fields, {"when": "datetime", **{f"s{i}": "float" for i in range(series)}}), frame)


SHORT_CHART_DATES = {
    "20 days of a month": pd.date_range("2019-05-01", periods=20),
    "20 days of two months": pd.date_range("2019-04-25", periods=20),
    "20 days of two years": pd.date_range("2019-12-20", periods=20),
    "8 days of two years": pd.date_range("2019-12-28", periods=8),
    "30 weekdays": pd.bdate_range("2024-05-20", periods=30),
    "hours of two days": pd.date_range("2019-05-03 18:00", periods=12, freq="h"),
    "24 months": pd.date_range("2019-03-01", periods=24, freq="MS"),
    "12 months of a year": pd.date_range("2019-01-01", periods=12, freq="MS"),
    "days before the year 1000": pd.date_range("0955-05-01", periods=20, unit="s"),
}
# The labels read whole: a day, a moment, a month or a quarter.
WHOLE_DATE = re.compile(r"[0-9]{4}-[0-9]{2}(-[0-9]{2}( [0-9]{2}:[0-9]{2})?)?|[0-9]{4} Q[1-4]")


@pytest.mark.parametrize("dates", SHORT_CHART_DATES, ids=str)
@pytest.mark.parametrize(("width", "height"), [(400, 150), (300, 150), (200, 100), (640, 200)])
def test_dates_under_short_bar_charts_are_never_cut_and_name_their_year(dates, width, height):
    moments = SHORT_CHART_DATES[dates]
    svg = short_bar_chart(moments, width, height)
    labels, offset = drawn_x_labels(svg)
    assert labels and not any("…" in text for text in [*labels, offset]), (labels, offset)
    whole = drawn_dates(svg)
    assert all(WHOLE_DATE.fullmatch(text) for text in whole), (labels, offset)
    assert f"{moments[0].year:04d}" in whole[0] or f"{moments[-1].year:04d}" in whole[-1], (labels, offset)


@pytest.mark.parametrize("start", ["2019-05-01", "2019-04-28", "2019-12-28"])
def test_a_300_by_150_bar_chart_of_8_days_keeps_its_title_and_legend(start):
    svg = short_bar_chart(pd.date_range(start, periods=8), 300, 150)
    texts = [text.text for text in ET.fromstring(svg).iter(f"{SVG}text")]
    assert {"Daily visits", "s0", "s1", "s2"} <= set(texts), texts
    assert not any("…" in text for text in drawn_x_labels(svg)[0]), texts


@pytest.mark.parametrize(("moments", "labels", "offset"), [
    (pd.date_range("2019-05-01", periods=4), ["01", "02", "03", "04"], "2019-05"),
    (pd.date_range("2019-04-29", periods=4), ["04-29", "04-30", "05-01", "05-02"], "2019"),
    (pd.date_range("0955-04-29", periods=4, unit="s"), ["04-29", "04-30", "05-01", "05-02"], "0955"),
    (pd.date_range("2019-12-30", periods=4), ["2019-12-30", "12-31", "2020-01-01", "01-02"], ""),
    (pd.date_range("2019-05-03 10:00", periods=4, freq="h"), ["10:00", "11:00", "12:00", "13:00"], "2019-05-03"),
    (pd.date_range("2019-05-03 23:00", periods=2, freq="h"), ["05-03 23:00", "05-04 00:00"], "2019"),
    (pd.date_range("2019-01-01", periods=4, freq="MS"), ["Jan", "Feb", "Mar", "Apr"], "2019"),
])
def test_bars_of_dates_write_what_they_all_start_with_once_under_the_axis(moments, labels, offset):
    frame = pd.DataFrame({"when": moments, "v": 1.0})
    spec = parse_spec({"kind": ["bar"], "x": ["when"], "y": ["v"]}, {"when": "datetime", "v": "float"})
    assert drawn_x_labels(render_svg(spec, frame)) == (labels, offset)


def bar_labels_written(moments: list[str | None], resample: str | None = None) -> tuple[list[str], str]:
    """`written_once` over the labels of bars of `moments` (None a missing one), as a bar chart
    calls it: with the counts its bars are thinned by (`period_counts`)."""
    moments = pd.Series(pd.to_datetime(moments))
    labels = category_labels(moments, bar_period(moments, resample))
    return written_once(labels, period_counts(moments, resample))


def test_a_missing_date_among_bars_of_one_month_stays_unlabelled():
    assert bar_labels_written(["2019-05-01", None, "2019-05-03"]) == (["01", "", "03"], "2019-05")


@pytest.mark.parametrize(("moments", "resample", "written"), [
    (["2023-10-01", "2023-11-01", "2023-12-01", "2024-01-01", "2024-02-01"], None,
     ["2023-10", "11", "12", "2024-01", "02"]),
    (["2022-10-01", "2023-01-01", "2023-04-01", "2024-01-01"], "quarter", ["2022 Q4", "2023 Q1", "2023 Q2", "2024 Q1"]),
    (["2023-12-30", "2023-12-31", None, "2024-01-02"], None, ["2023-12-30", "12-31", "", "2024-01-02"]),
    ([None, "2023-11-01", "2023-12-01", "2024-01-01", "2024-02-01"], "month",
     ["", "2023-11", "12", "2024-01", "02"]),
    (["2023-12-31", "2024-01-01", "2024-01-02"], None, ["2023-12-31", "2024-01-01", "01-02"]),
    (["2023-12-31 23:00", "2024-01-01 00:00", "2024-01-01 01:00"], None, ["2023-12-31 23:00", "2024-01-01 00:00",
                                                                         "01-01 01:00"]),
    (["2022-12-31 23:00", "2022-12-31 23:30", "2023-01-01 00:00"], None, ["2022-12-31 23:00", "12-31 23:30",
                                                                         "2023-01-01 00:00"]),
    (["2023-01-01", "2024-01-01"], None, ["2023", "2024"]),
])
def test_bars_of_several_years_write_each_year_on_the_first_bar_of_it(moments, resample, written):
    assert bar_labels_written(moments, resample) == (written, "")


@pytest.mark.parametrize(("moments", "written"), [
    # Thinned to every 2nd month (January, March, …) the bar of March 2024 is kept without February's.
    (["2023-11-01", "2023-12-01", "2024-02-01", "2024-03-01", "2024-04-01"],
     ["2023-11", "12", "2024-02", "2024-03", "2024-04"]),
    (["2023-11-01", "2023-12-01", "2024-01-01", "2024-02-01", "2024-03-01"], ["2023-11", "12", "2024-01", "02", "03"]),
])
def test_a_bar_that_thinning_may_keep_without_its_years_first_writes_its_year(moments, written):
    assert bar_labels_written(moments) == (written, "")


SEVERAL_YEARS = {
    "6 months": pd.date_range("2023-10-01", periods=6, freq="MS"),
    "14 months": pd.date_range("2023-05-01", periods=14, freq="MS"),
    "30 months": pd.date_range("2022-05-01", periods=30, freq="MS"),
    "12 weeks": pd.date_range("2023-11-13", periods=12, freq="W-MON"),
    "20 days": pd.date_range("2023-12-20", periods=20),
    "8 days": pd.date_range("2019-12-28", periods=8),
    "12 hours": pd.date_range("2023-12-31 18:00", periods=12, freq="h"),
    "6 quarters": pd.date_range("2022-10-01", periods=6, freq="QS"),
}


def whole_labels(moments: pd.DatetimeIndex) -> list[str]:
    """The labels bars of `moments` have written whole, as `category_labels` writes them."""
    return category_labels(pd.Series(moments), bar_period(pd.Series(moments), None))


@pytest.mark.parametrize("dates", SEVERAL_YEARS, ids=str)
@pytest.mark.parametrize(("width", "height"), [(300, 150), (400, 200), (640, 300)])
def test_thinned_labels_of_bars_of_several_years_each_read_as_their_own_bar(dates, width, height):
    moments = SEVERAL_YEARS[dates]
    svg = short_bar_chart(moments, width, height, series=1)
    read = drawn_dates(svg)
    whole = whole_labels(moments)
    # In order, each the label of a bar: none read with the year of the bars before it.
    at = [whole.index(label) if label in whole else None for label in read]
    assert None not in at and at == sorted(at), (drawn_x_labels(svg), whole)
    labels, offset = drawn_x_labels(svg)
    # A year written on a label ("2025-01", or "2025" among months' names) or under them all ("2024").
    assert any(re.match("[0-9]{4}", label) for label in [*labels, offset]), (labels, offset)


@pytest.mark.parametrize(("moments", "width", "height", "least"), [
    (SEVERAL_YEARS["14 months"], 200, 100, 2),
    (SEVERAL_YEARS["14 months"], 300, 150, 4),
    (SEVERAL_YEARS["20 days"], 300, 150, 3),
    (SEVERAL_YEARS["8 days"], 400, 200, 3),
])
def test_small_bar_charts_of_several_years_keep_labels_without_their_repeated_years(moments, width, height, least):
    labels, _ = drawn_x_labels(short_bar_chart(moments, width, height, series=1))
    assert len(labels) >= least, labels


@pytest.mark.parametrize(("start", "weeks"), [("2024-11-04", 16), ("2024-12-02", 16), ("2024-11-04", 12),
                                             ("2024-10-07", 20)])
@pytest.mark.parametrize(("width", "height"), [(200, 100), (300, 150), (400, 200)])
def test_thinned_bars_of_mondays_resampled_by_day_each_read_as_their_own_bar(start, weeks, width, height):
    # Mondays by day, the other days left out (agg=mean): thinned as days in their month, not as
    # weeks, so the first Monday of a year is not kept with every label after it, and the labels
    # kept may be of the first year alone.
    moments = pd.date_range(start, periods=weeks, freq="W-MON")
    frame = pd.DataFrame({"when": moments, "v": [float(1 + k % 5) for k in range(len(moments))]})
    fields = {"kind": ["bar"], "x": ["when"], "y": ["v"], "width": [str(width)], "height": [str(height)],
              "resample": ["day"], "agg": ["mean"]}
    svg = render_svg(parse_spec(fields, {"when": "datetime", "v": "float"}), frame)
    whole = list(moments.strftime("%Y-%m-%d"))
    read = drawn_dates(svg)
    assert read and all(label in whole for label in read), (drawn_x_labels(svg), whole)
    labels, offset = drawn_x_labels(svg)
    assert any(NAMED_YEAR.match(label) for label in labels) or YEARS_SPANNED.fullmatch(offset), (labels, offset)


YEARS_SPANNED = re.compile("[0-9]{4}(–[0-9]{4})?")


def drawn_turned(svg: bytes) -> list[bool]:
    """Whether each x tick label of a chart's SVG (as `drawn_x_labels` reads them) is turned upwards."""
    texts = [text for text in ET.fromstring(svg).iter(f"{SVG}text") if text.get("font-size") == f"{TICK_SIZE:g}"]
    return ["rotate(-90)" in (text.get("transform") or "") for text in texts
            if text.get("text-anchor") == "middle" or "rotate(-90)" in (text.get("transform") or "")]


def six_months_of_two_years(width: int, height: int) -> bytes:
    """A bar chart of units by month from October 2024 to March 2025, `width`×`height` pixels, as SVG."""
    frame = pd.DataFrame({"month": pd.date_range("2024-10-01", periods=6, freq="MS"), "units": [5, 7, 6, 8, 4, 9]})
    fields = {"kind": ["bar"], "x": ["month"], "y": ["units"], "width": [str(width)], "height": [str(height)]}
    return render_svg(parse_spec(fields, {"month": "datetime", "units": "integer"}), frame)


@pytest.mark.parametrize(("width", "height"), [(300, 150), (300, 180), (300, 240), (320, 240), (300, 360)])
def test_six_months_of_two_years_are_named_across_all_six_naming_the_new_year(width, height):
    # "2024-10", "11", "12", "2025-01", … ran together across: turned all six, or on a 300 × 150 chart,
    # where turned they left the plot its least height, thinned to "11", "2025-01", "03". Named as a
    # date axis names months, all six fit across.
    svg = six_months_of_two_years(width, height)
    assert drawn_x_labels(svg) == (["Oct", "Nov", "Dec", "2025", "Feb", "Mar"], "2024")
    assert not any(drawn_turned(svg))


def drawn_texts(svg: bytes) -> list[tuple[float, str | None, str]]:
    """Every text a chart's SVG draws: its x, its anchor and its text."""
    return [(float(text.get("x") or 0), text.get("text-anchor"), text.text) for text in ET.fromstring(svg).iter(f"{SVG}text")]


@pytest.mark.parametrize("width", [100, 120, 140, 200])
def test_horizontal_bars_of_dates_keep_their_plot_and_their_dates_within_a_narrow_chart(client, width):
    from plots.layout import MIN_PLOT, text_size
    svg = client.get("/plot/weather.svg?kind=barh&y=temperature_c&resample=week&from=2025-01-01&to=2025-03-01"
                     f"&width={width}&height=360").data
    fig_w = float(ET.fromstring(svg).get("viewBox").split()[2])
    texts = drawn_texts(svg)
    values = [x for x, anchor, text in texts if anchor == "middle" and text and text.isdigit()]
    # The value axis' ticks (its 0 on the plot's left edge) stand within the figure, the plot no
    # narrower than the least share it keeps: 0 stood at 86.67 pt of a figure 75 pt wide.
    assert values and max(values) <= fig_w and min(values) <= fig_w * (1 - MIN_PLOT), texts
    dates = [text for _, anchor, text in texts if anchor == "end" and text and "-" in text]
    assert len(dates) == 9 and not any("…" in text for text in dates), dates
    assert all(re.fullmatch(r"([0-9]{4}-)?[0-9]{2}-[0-9]{2}", text) for text in dates), dates
    # What the dates leave out, their years, is written whole within the figure.
    offsets = [(x, text) for x, anchor, text in texts if anchor is None and text and re.search("[0-9]{4}", text)]
    if not re.fullmatch("[0-9]{4}-.*", dates[0]):
        assert [text for _, text in offsets] == ["2024–2025"], texts
    assert all(x + text_size(text, TICK_SIZE)[0] <= fig_w for x, text in offsets), offsets


def test_only_days_and_weeks_leave_out_their_years_for_an_offset():
    from plots.date_bars import years_left_out
    assert years_left_out(["2024-12-30", "2025-01-06"]) == (["12-30", "01-06"], "2024–2025")
    months = ["2023-01", "2023-07", "2024-01"]  # "01", "07", "01" would read as days, and repeat
    assert years_left_out(months) == (months, "")
    days = ["2024-01-01", "2025-07-08", "2026-01-22"]  # "07-08" over "2024–2026" could be of any year
    assert years_left_out(days) == (days, "")


@pytest.mark.parametrize(("start", "end", "resample"), [("2024-12-20", "2025-01-10", "day"),
                                                        ("2024-09-01", "2025-01-31", "week"),
                                                        ("2024-05-01", "2024-05-20", None)])
@pytest.mark.parametrize("width", range(200, 341, 10))
def test_dates_down_the_side_leave_out_their_years_where_whole_they_leave_the_plot_less_than_half(
        start, end, resample, width):
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from plots import build_figure, chart_frame
    from plots.ticks import axis_ticks
    days = pd.date_range(start, end, freq="D")
    frame = pd.DataFrame({"date": days, "v": [float(day.day % 7) for day in days]})
    spec = parse_spec({"kind": ["barh"], "width": [str(width)], "height": ["300"],
                       **({"resample": [resample]} if resample else {})}, {"date": "datetime", "v": "float"})
    fig = build_figure(spec, chart_frame(spec, frame), dpi=72)
    renderer = FigureCanvasAgg(fig).get_renderer()
    fig.draw(renderer)
    labels = [label for label in axis_ticks(fig.axes[0].yaxis).labels if label]
    # Whole, "2024-12-21" left a plot 87 pt wide of a figure of 180 at 240 px, where "12-21" left 100 at 220.
    if any(re.match("[0-9]{4}-", label) for label in labels):
        assert fig.axes[0].get_window_extent(renderer).width >= fig.bbox.width / 2, labels
