"""Each tick label of a line's date axis says what it is by itself: seconds with their minute
("10:00:10"), parts of a second with their second ("00:00.5"), under an ISO date, the ticks of a month or
day after the date's named where it begins ("Apr", "Dec-07"), and of a year after it with the year
("2026-01", "2026-01-01"); and an axis over days keeps two labels or more,
apart, where a round step would keep one."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import numpy as np
import pandas as pd
import pytest
from matplotlib.dates import num2date

from plots import build_figure, chart_frame, parse_spec, render_svg
from plots.layout import text_size
from plots.ticks import TICK_SIZE, axis_ticks
from tests.conftest import CSV_WRITE, writable_app
from tests.test_date_bar_labels import SVG, drawn_x_labels


def date_line(start: str, end: str, width: int = 600, rows: int = 40) -> tuple[list[str], str]:
    """The x tick labels and offset drawn under a line of `rows` moments from `start` to `end`."""
    return drawn_x_labels(date_line_svg(start, end, width, rows))


def date_line_svg(start: str, end: str, width: int = 600, rows: int = 40) -> bytes:
    """A line of `rows` moments from `start` to `end`, drawn."""
    # In microseconds, as a stored dataset keeps them, which reach the year 1.
    first, last = pd.to_datetime([start, end], format="ISO8601").astype("datetime64[us]")
    moments = pd.date_range(first, last, periods=rows, unit="us")
    frame = pd.DataFrame({"t": moments, "v": np.arange(float(rows))})
    spec = parse_spec({"x": ["t"], "y": ["v"], "width": [str(width)], "height": ["180"]},
                      {"t": "datetime", "v": "float"})
    return render_svg(spec, frame)


@pytest.mark.parametrize(("start", "end", "width"), [
    ("2024-01-01 10:00:00", "2024-01-01 10:01:30", 600),  # matplotlib: 10:00, 10, 20, … 10:01
    ("2024-01-01 10:00:00", "2024-01-01 10:01:30", 320),
    ("2024-01-01 10:00:21", "2024-01-01 10:00:29", 600),  # matplotlib: 21, 22, …
])
def test_ticks_seconds_apart_are_written_as_times_of_day(start, end, width):
    labels, offset = date_line(start, end, width)
    assert labels and all(re.fullmatch(r"\d\d:\d\d:\d\d", label) for label in labels), labels
    assert offset == start[:10], offset


@pytest.mark.parametrize(("start", "end", "width", "pattern"), [
    ("2024-01-01 23:59:58", "2024-01-02 00:00:02", 600, r"\d\d:\d\d:\d\d"),  # seconds
    ("2024-01-01 23:59:58", "2024-01-02 00:00:02", 320, r"\d\d:\d\d:\d\d"),
    ("2024-01-01 23:50", "2024-01-02 00:10", 600, r"\d\d:\d\d"),  # minutes
    ("2024-01-01 23:50", "2024-01-02 00:10", 320, r"\d\d:\d\d"),
])
def test_ticks_minutes_or_seconds_apart_name_the_day_they_cross_into(start, end, width, pattern):
    # Else "00:00:00" and what follows it would read as times of the offset's first day, 2024-01-01.
    labels, offset = date_line(start, end, width)
    assert offset == "2024-01-01 – 02", offset
    assert "Jan-02" in labels, labels
    before = labels[:labels.index("Jan-02")]
    assert before and all(re.fullmatch(pattern, label) for label in before), labels


def test_eight_seconds_on_a_wide_chart_keep_several_ticks():
    labels, _ = date_line("2024-01-01 10:00:21", "2024-01-01 10:00:29")
    assert labels == ["10:00:22", "10:00:24", "10:00:26", "10:00:28"], labels


@pytest.mark.parametrize(("start", "end", "tick"), [
    ("2024-01-01 00:00:00", "2024-01-01 00:00:03", "00:00.5"),  # matplotlib: 00:00, 00.5, 01.0, …
    ("2024-01-01 10:00:00", "2024-01-01 10:00:00.020", "00:00.005"),
])
def test_ticks_within_a_second_name_their_minute_and_second(start, end, tick):
    labels, offset = date_line(start, end)
    assert tick in labels and all(re.fullmatch(r"\d\d:\d\d\.\d+", label) for label in labels), labels
    assert offset == start[:16], offset


@pytest.mark.parametrize(("start", "end", "width", "label", "offset"), [
    # matplotlib labels a lone tick as seconds whatever the axis spans: 00:00 over 2025-01-01 00:00.
    # (At 160 px the first, third and last keep two ticks or more: `several_dates_apart`.)
    ("2024-12-25", "2025-01-05", 100, "Jan-01", "2025"),
    ("2024-01-01 10:00:21", "2024-01-01 10:00:29", 160, "10:00:25", "2024-01-01"),  # matplotlib: 25
    ("2024-01-01 00:00:00", "2024-01-01 00:00:03", 100, "00:00:00", "2024-01-01"),
    ("2024-01-01 06:00", "2024-01-01 18:00", 120, "12:00", "2024-01-01"),
    ("0001-12-25", "0002-01-05", 100, "Jan-01", "0002"),
])
def test_a_lone_tick_is_labelled_as_its_axis_span_would_label_it(start, end, width, label, offset):
    assert date_line(start, end, width) == ([label], offset)


@pytest.mark.parametrize("width", [320, 600])
def test_one_moment_is_labelled_with_its_own_date(width):
    # Widened by a day either side, 13:45 on the 29th of February read "18:00", "Feb-29", … over 2024-02-28. Its
    # axis runs from its day's midnight past the next, which the offset names too, as it does of any such axis.
    labels, offset = date_line("2024-02-29 13:45", "2024-02-29 13:45", width, rows=1)
    assert labels[0] == "Feb-29" and offset == "2024-02-29 – 03-01", (labels, offset)


def test_one_moment_with_a_time_zone_is_labelled_with_its_own_date_there():
    # 02:00 in Karachi is 21:00 the day before in UTC: its own midnight is Karachi's.
    moments = pd.to_datetime(["2024-02-29T02:00:00+05:00"]).tz_convert("Asia/Karachi")
    spec = parse_spec({"x": ["t"], "y": ["v"], "width": ["600"]}, {"t": "datetime", "v": "float"})
    labels, offset = drawn_x_labels(render_svg(spec, pd.DataFrame({"t": moments, "v": [7.0]})))
    assert labels[0] == "00:00" and offset == "2024-02-29", (labels, offset)


def eleven_days(data_dir):
    """A client of a site holding `days`, eleven days from 2024-12-27 pushed through the API."""
    client = writable_app(data_dir).test_client()
    days = pd.date_range("2024-12-27", periods=11)
    rows = "date,v\n" + "".join(f"{day:%Y-%m-%d},{k % 5:.1f}\n" for k, day in enumerate(days))
    created = client.post("/api/datasets?name=days&title=Days", data=rows, headers=CSV_WRITE)
    assert created.status_code == 201, created.data
    return client


def test_eleven_days_pushed_through_the_api_keep_several_labels_on_a_320_px_chart(data_dir):
    chart = eleven_days(data_dir).get("/plot/days.svg?width=320")
    assert chart.status_code == 200, chart.data[:300]
    # Every other day ticked the 31st a day before the 1st, where "31" and "Jan" ran together, and
    # the step after it (the 1st, 8th, 15th and 22nd) kept "Jan-01" alone.
    # The 1st of January names its year ("2025-01"): "Jan" under "2024-12" read as January 2024.
    assert drawn_x_labels(chart.data) == (["27", "29", "2025-01", "03", "05"], "2024-12")


def drawn_places(svg: bytes) -> list[tuple[float, str]]:
    """The x tick labels written across under a chart's plot, each with where it is centred (points)."""
    return [(float(text.get("x")), text.text) for text in ET.fromstring(svg).iter(f"{SVG}text")
            if text.get("font-size") == f"{TICK_SIZE:g}" and text.get("text-anchor") == "middle"]


def assert_several_apart(svg: bytes) -> None:
    """Two x tick labels or more, none running into the next."""
    assert len(drawn_places(svg)) >= 2, drawn_x_labels(svg)
    assert_apart(svg)


def assert_apart(svg: bytes) -> None:
    """No x tick label running into the next."""
    places = drawn_places(svg)
    for (left, before), (right, after) in zip(places, places[1:]):
        assert right - left >= (text_size(before, TICK_SIZE)[0] + text_size(after, TICK_SIZE)[0]) / 2, places


@pytest.mark.parametrize("start", ["2024-12-27", "2024-02-25", "2024-04-27"])
@pytest.mark.parametrize("width", [200, 240, 280, 320, 400, 480, 640])
def test_a_line_over_days_keeps_two_labels_or_more_apart_at_any_width(start, width):
    for days in (5, 7, 9, 11, 12, 13, 16, 20, 25, 30, 40):
        moments = pd.date_range(start, periods=days).astype("datetime64[us]")
        spec = parse_spec({"x": ["t"], "y": ["v"], "width": [str(width)]}, {"t": "datetime", "v": "float"})
        assert_several_apart(render_svg(spec, pd.DataFrame({"t": moments, "v": np.arange(float(days)) % 5})))


@pytest.mark.parametrize(("start", "end", "width", "labels", "offset"), [
    # Every other day ran together, and the 1st, 8th, 15th and 22nd kept the 1st alone: a week
    # apart, the first of January named ("27", "Jan", "05" were 5 and 4 days apart), with its year.
    ("2024-12-27", "2025-01-07", 200, ["27", "2025-01-03"], "2024-12"),
    # Twelve hours apart, "12:00", "Jun-11", "12:00" ran together: "08:00", "Jun-11", "16:00",
    # sixteen hours apart, count a day in no equal parts, and "Jun-11" is kept alone.
    ("2024-06-10 07:00", "2024-06-11 16:36", 200, ["Jun-11"], "2024"),
    # Where every third day fits, those: every other of the odd days read "27", "May", "05", four
    # days apart, a step of no calendar's.
    ("2024-04-27", "2024-05-07", 200, ["28", "May", "04", "07"], "2024-04"),
])
def test_where_a_round_step_keeps_one_label_every_few_of_a_finer_one_are_kept_from_it(start, end, width, labels,
                                                                                        offset):
    assert date_line(start, end, width, rows=60) == (labels, offset)


@pytest.mark.parametrize(("start", "end", "labels", "offset"), [
    # matplotlib's days are floats 40 microseconds apart there, and ticks read 59:59.89996,
    # 59:59.92004 …, and 59:55.99996 among whole seconds written with five decimals.
    ("9999-12-31 23:59:59.9", "9999-12-31 23:59:59.99",
     ["59:59.90", "59:59.92", "59:59.94", "59:59.96", "59:59.98"], "9999-12-31 23:59"),
    ("9999-12-31 23:59:59.5", "9999-12-31 23:59:59.51",
     ["59:59.500", "59:59.502", "59:59.504", "59:59.506", "59:59.508", "59:59.510"], "9999-12-31 23:59"),
    ("9999-12-31 23:59:50", "9999-12-31 23:59:59.999999",
     ["23:59:50", "23:59:52", "23:59:54", "23:59:56", "23:59:58"], "9999-12-31"),
    ("0001-01-01 00:00:00.6", "0001-01-01 00:00:00.9",
     ["00:00.60", "00:00.65", "00:00.70", "00:00.75", "00:00.80", "00:00.85", "00:00.90"], "0001-01-01 00:00"),
])
def test_ticks_within_a_second_of_either_end_of_the_calendar_are_labelled_exactly(start, end, labels, offset):
    assert date_line(start, end) == (labels, offset)


def shown_ticks(start: str, end: str, freq: str, width: int) -> tuple[list[tuple[pd.Timestamp, str]], str]:
    """The moment and label of each x tick labelled under a line of a row each `freq` from `start` to `end`, and
    the offset written under them."""
    moments = pd.date_range(start, end, freq=freq)
    spec = parse_spec({"x": ["t"], "y": ["v"], "width": [str(width)], "height": ["180"]},
                      {"t": "datetime", "v": "float"})
    figure = build_figure(spec, chart_frame(spec, pd.DataFrame({"t": moments, "v": np.arange(len(moments)) % 7.0})))
    ticks = axis_ticks(figure.axes[0].xaxis)
    return [(pd.Timestamp(num2date(loc)).tz_localize(None), label)
            for loc, label in zip(ticks.locs, ticks.labels) if label], ticks.offset


# The unit of time an offset names by its length: a year, a month or a day.
OFFSET_UNITS = {4: "%Y", 7: "%Y-%m", 10: "%Y-%m-%d"}


@pytest.mark.parametrize(("start", "end", "freq", "labels", "offset"), [
    ("2026-03-10", "2026-04-09", "D", ["15", "22", "Apr", "08"], "2026-03"),
    ("2026-12-06 10:00", "2026-12-07 10:00", "h",
     ["12:00", "15:00", "18:00", "21:00", "Dec-07", "03:00", "06:00", "09:00"], "2026-12-06 – 07"),
])
def test_ticks_into_another_month_or_day_than_the_offsets_name_it_where_it_begins(start, end, freq, labels, offset):
    # The offset names the first tick's month (or day, and the last's where times of it follow); a tick of the
    # next one is read as of it only where the first tick of it names it ("Apr", "Dec-07"), at every width: "08"
    # under "2026-03" alone would read as March's. Where a chart is too narrow for more than a tick of the next
    # day, the offset names the year ("Dec-07" under "2026"): each tick is of that year, and a label naming a month
    # or day names its own.
    assert date_line(start, end, rows=len(pd.date_range(start, end, freq=freq))) == (labels, offset)
    for width in range(100, 1001, 60):
        ticks, offset = shown_ticks(start, end, freq, width)
        first = offset.split(" – ")[0]
        assert ticks and len(first) in OFFSET_UNITS, (width, ticks, offset)
        named = first
        for moment, label in ticks:
            unit = moment.strftime(OFFSET_UNITS[len(first)])
            if re.search("[A-Za-z]", label):
                assert label in (moment.strftime("%b"), moment.strftime("%b-%d")), (width, ticks, offset)
                if len(first) > 4:  # a month's or day's name, where the offset names one: under a year, not its year
                    named = unit
            assert unit == named, (width, ticks, offset)


@pytest.mark.parametrize(("start", "end", "labels", "offset"), [
    ("2026-12-06 21:00", "2026-12-07 21:00",
     ["21:00", "Dec-07", "03:00", "06:00", "09:00", "12:00", "15:00", "18:00", "21:00"], "2026-12-06 – 07"),
    ("2026-11-30 10:00", "2026-12-01 10:00",
     ["12:00", "15:00", "18:00", "21:00", "Dec-01", "03:00", "06:00", "09:00"], "2026-11-30 – 12-01"),
    ("2026-12-06 01:00", "2026-12-06 21:00",
     ["02:00", "04:00", "06:00", "08:00", "10:00", "12:00", "14:00", "16:00", "18:00", "20:00"], "2026-12-06"),
])
def test_times_of_more_than_a_day_name_the_days_they_span_under_the_axis(start, end, labels, offset):
    # The offset sits under the axis' right end: the last 24 hours' "2026-12-06" there, under the 7th's "21:00",
    # read as the newest row's day. It names the first tick's day, and the last's where times of a later day
    # follow; at every width, from the first labelled tick's day to the last's, or the one day all are of.
    rows = len(pd.date_range(start, end, freq="h"))
    assert date_line(start, end, rows=rows) == (labels, offset)
    for width in range(100, 1001, 60):
        ticks, offset = shown_ticks(start, end, "h", width)
        days = [moment.date() for moment, _ in ticks]
        first, last = days[0].isoformat(), days[-1].isoformat()
        spanned = f"{first} – {last[8:] if last[:7] == first[:7] else last[5:]}"
        assert offset in ((first, "2026") if first == last else (spanned,)), (width, ticks, offset)


@pytest.mark.parametrize(("start", "end", "freq", "labels", "offset"), [
    ("2025-12-10", "2026-01-09", "D", ["15", "22", "2026-01", "08"], "2025-12"),
    ("2025-12-27", "2026-01-07", "D", ["27", "29", "2026-01", "03", "05", "07"], "2025-12"),
    ("2025-11-20", "2026-02-10", "D", ["Dec", "15", "2026-01", "15", "Feb"], "2025-12"),
    ("2025-12-30 10:00", "2026-01-01 10:00", "h",
     ["12:00", "18:00", "Dec-31", "06:00", "12:00", "18:00", "2026-01-01", "06:00"], "2025-12-30 – 2026-01-01"),
    ("2025-12-31 23:50", "2026-01-01 00:10", "min", ["23:50", "23:55", "2026-01-01", "00:05", "00:10"],
     "2025-12-31 – 2026-01-01"),
    ("2025-12-31 23:59:58", "2026-01-01 00:00:02", "100ms",
     ["23:59:58", "23:59:59", "2026-01-01", "00:00:01", "00:00:02"], "2025-12-31 – 2026-01-01"),
])
def test_ticks_into_a_new_year_name_it_where_it_begins(start, end, freq, labels, offset):
    # "22", "Jan", "08" under "2025-12" (or "Dec-31", "Jan-01" under "2025-12-30") read as January 2025: the
    # first tick of the new year writes its month or day as the offset does, with the year. At every width,
    # each tick is of the year last named (the offset's, or a label's that starts with one), and where the
    # longer label leaves no room for its neighbours they are dropped, not run together.
    assert date_line(start, end, rows=len(pd.date_range(start, end, freq=freq))) == (labels, offset)
    for width in range(100, 1001, 60):
        ticks, offset = shown_ticks(start, end, freq, width)
        named = offset[:4]  # none where the labels are months, which name their year at its January
        for moment, label in ticks:
            if re.match(r"[0-9]{4}", label):
                named = label[:4]
            assert not named or moment.year == int(named), (width, ticks, offset)
        assert_apart(date_line_svg(start, end, width, rows=len(pd.date_range(start, end, freq=freq))))


def test_a_new_year_is_named_in_four_digits_from_the_year_1():
    assert date_line("0001-12-10", "0002-01-09", rows=31) == (["15", "22", "0002-01", "08"], "0001-12")
