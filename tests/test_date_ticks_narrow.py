"""A line's date axis on a narrow chart: two labels or more wherever two fit, apart, a round step
of the calendar apart (1, 2, 3, 4, 6, 8 or 12 hours; 1, 2, 3, 7 or 14 days; months and years by round
numbers), each saying what it is, with the year named."""
from __future__ import annotations

import re
from datetime import datetime

import numpy as np
import pandas as pd
import pytest
from matplotlib.dates import date2num, num2date

from plots import build_figure, chart_frame, parse_spec, render_svg
from plots.layout import text_size
from plots.ticks import LABEL_GAP, TICK_SIZE, AxisTicks, axis_ticks, labels_apart
from plots.year_digits import two_digit_years
from tests.test_date_axis_labels import assert_several_apart, date_line, drawn_places

SPANS = {"12 h": ("2024-03-05 03:00", "2024-03-05 15:00"), "11 days": ("2024-12-27", "2025-01-07"),
         "40 months": ("2021-03-15", "2024-07-15"), "200 years": ("1824-01-01", "2024-01-01"),
         "2000 years": ("0024-01-01", "2024-01-01")}
ROUND_SECONDS = {3600 * hours for hours in (1, 2, 3, 4, 6, 8, 12)} | {86400 * days for days in (1, 2, 3, 7, 14)}
ROUND_MONTHS = {1, 2, 3, 6} | {12 * years for years in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000)}
YEAR = re.compile("[0-9]{4}")


def drawn_ticks(start: str, end: str, width: int) -> tuple[list, list[str], float]:
    """The moments of a 180 px high line chart's x ticks, their labels and its plot's width (points)."""
    first, last = pd.to_datetime([start, end], format="ISO8601").astype("datetime64[us]")
    frame = pd.DataFrame({"t": pd.date_range(first, last, periods=40, unit="us"), "v": np.arange(40.0)})
    spec = parse_spec({"x": ["t"], "y": ["v"], "width": [str(width)], "height": ["180"]},
                      {"t": "datetime", "v": "float"})
    fig = build_figure(spec, chart_frame(spec, frame), dpi=72)
    ticks = axis_ticks(fig.axes[0].xaxis)
    return [num2date(loc) for loc in ticks.locs], list(ticks.labels), fig.axes[0].get_window_extent().width


def round_apart(earlier, later) -> bool:
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    if (earlier.day, earlier.time()) == (later.day, later.time()) and months in ROUND_MONTHS:
        return True
    # Every other day leaves out a month's odd last day (the 29th to the 1st): 3 days, as is round.
    return (later - earlier).total_seconds() in ROUND_SECONDS


@pytest.mark.parametrize("span", SPANS)
@pytest.mark.parametrize("width", range(100, 401, 20))
def test_narrow_date_axes_keep_two_labels_a_round_step_apart_where_they_fit(span, width):
    start, end = SPANS[span]
    moments, labels, plot = drawn_ticks(start, end, width)
    drawn, offset = date_line(start, end, width)
    assert drawn == labels and drawn, (drawn, labels)
    widest = max(text_size(label, TICK_SIZE)[0] for label in labels)
    if plot / 2 >= widest + LABEL_GAP:  # two labels half the plot apart would fit
        assert len(labels) >= 2, (span, width, labels)
    assert all(round_apart(earlier, later) for earlier, later in zip(moments, moments[1:])), (labels, moments)
    assert YEAR.search(offset) or any(YEAR.fullmatch(label) for label in labels), (labels, offset)
    # Labelled among themselves, a tick crossing into a new month or day names it, and its year in a new one.
    for earlier, later, label in zip(moments, moments[1:], labels[1:]):
        if later.month != earlier.month and later.day != 1 and len(labels[0]) == 2:
            assert label.startswith(later.strftime("%b-" if later.year == earlier.year else "%Y-%m-")), labels


@pytest.mark.parametrize("span", SPANS)
@pytest.mark.parametrize("width", range(100, 401, 20))
def test_narrow_date_axes_labels_stand_apart(span, width):
    start, end = SPANS[span]
    first, last = pd.to_datetime([start, end], format="ISO8601").astype("datetime64[us]")
    frame = pd.DataFrame({"t": pd.date_range(first, last, periods=40, unit="us"), "v": np.arange(40.0)})
    spec = parse_spec({"x": ["t"], "y": ["v"], "width": [str(width)], "height": ["180"]},
                      {"t": "datetime", "v": "float"})
    svg = render_svg(spec, frame)
    if len(drawn_places(svg)) >= 2:
        assert_several_apart(svg)


@pytest.mark.parametrize(("start", "end", "width", "labels"), [
    # Every 8th hour, a third of a day, where every 6th runs together and every 12th keeps one.
    ("2024-01-01 01:00", "2024-01-01 13:00", 150, ["04:00", "12:00"]),
    ("2024-03-05 03:00", "2024-03-05 15:00", 140, ["03:00", "15:00"]),
    # 1900 is no tick of the lone 2000's step: kept only with it, 1850 and 2000 were 150 years apart.
    ("1824-01-01", "2024-01-01", 160, ["1900", "2000"]),
    # The fewest ticks, 2020 and 2025, lie beyond the view: none was drawn at all.
    ("2021-03-15", "2024-07-15", 160, ["2022", "2024"]),
])
def test_a_narrow_date_axis_keeps_round_steps_where_its_lone_tick_would_not(start, end, width, labels):
    assert drawn_ticks(start, end, width)[1] == labels


@pytest.mark.parametrize("width", [110, 112, 114, 116])
def test_years_too_wide_for_two_labels_are_written_in_two_digits_under_the_first_in_full(width):
    # 1996 to 2025 on a plot some 30 points wide read "2000" alone: "'00" and "'25" fit, with the
    # offset naming the first of them whole, as the offset of ticks within a year names its year.
    moments, labels, _ = drawn_ticks("1996-01-01", "2025-12-31", width)
    drawn, offset = date_line("1996-01-01", "2025-12-31", width)
    assert drawn == labels and len(labels) >= 2, labels
    assert labels == [f"'{moment.year % 100:02d}" for moment in moments], labels
    assert offset == f"{moments[0].year:04d}", offset
    assert all(round_apart(earlier, later) for earlier, later in zip(moments, moments[1:])), moments


def drawn_x_label_boxes(start: str, end: str, width: int) -> list:
    """The boxes, as the renderer draws them, of a 180 px high line chart's x tick labels, left to right."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.text import Text

    first, last = pd.to_datetime([start, end], format="ISO8601").astype("datetime64[us]")
    frame = pd.DataFrame({"t": pd.date_range(first, last, periods=40, unit="us"), "v": np.arange(40.0)})
    spec = parse_spec({"x": ["t"], "y": ["v"], "width": [str(width)], "height": ["180"]},
                      {"t": "datetime", "v": "float"})
    fig = build_figure(spec, chart_frame(spec, frame), dpi=72)
    renderer = FigureCanvasAgg(fig).get_renderer()
    fig.draw(renderer)
    plot = fig.axes[0].get_window_extent(renderer)
    shown = axis_ticks(fig.axes[0].xaxis).shown_labels()
    boxes = [artist.get_window_extent(renderer) for artist in fig.artists
             if isinstance(artist, Text) and artist.get_text() in shown and artist.get_ha() == "center"
             and artist.get_window_extent(renderer).y1 <= plot.y0]
    assert len(boxes) == len(shown), shown
    assert all(0 <= box.x0 and box.x1 <= fig.bbox.x1 for box in boxes), boxes
    return sorted(boxes, key=lambda box: box.x0)


@pytest.mark.parametrize(("start", "end"), [("1996-01-01", "2025-12-31"), ("2015-01-01", "2025-12-31"),
                                            ("2020-01-01", "2025-06-30")])
@pytest.mark.parametrize("width", range(100, 111, 2))
def test_a_date_axis_100_to_110_px_wide_writes_two_labels_of_years_apart(start, end, width):
    # 100 to 108 px wide, 1996 to 2025 read "2000" alone: "'00" and "'25" need some 20 points, the
    # plot the lone label left gave 14 to 19; the plot they leave, their last narrower, is wider.
    boxes = drawn_x_label_boxes(start, end, width)
    assert len(boxes) >= 2, (start, end, width)
    assert all(right.x0 - left.x1 >= LABEL_GAP - 0.01 for left, right in zip(boxes, boxes[1:])), boxes


def years_axes(width: float, height: float):
    """Axes filling 80% of a `width`×`height`-inch figure, dates 1996 to 2026 along x and y."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=72)
    ax = fig.add_axes((0.1, 0.1, 0.8, 0.8))
    ends = [datetime(1996, 1, 1), datetime(2026, 1, 1)]
    ax.plot(ends, ends)
    ax.set_xlim(*date2num(ends))
    ax.set_ylim(*date2num(ends))
    return ax


def years(*numbers: int) -> tuple[tuple[float, ...], list[datetime]]:
    moments = [datetime(year, 1, 1) for year in numbers]
    return tuple(float(loc) for loc in date2num(moments)), moments


def test_years_down_a_y_axis_are_not_written_in_two_digits():
    # Down a y axis a label takes its height, which two digits leave as it is: 2000 and 2010 some
    # 19 points apart stand apart in four digits there, though "2000" is wider than that.
    ax = years_axes(4, 1)
    kept, moments = years(2000, 2010)
    assert labels_apart(ax.yaxis, AxisTicks(kept, ("2000", "2010")))
    assert two_digit_years(ax.yaxis, kept, moments, 0, 0.0) is None


def test_years_whose_two_digits_run_together_where_drawn_are_not_written_in_two():
    # 2000 and 2001 some 4 points apart along a plot 115 points wide: two digits run together too.
    ax = years_axes(2, 2)
    kept, moments = years(2000, 2001)
    assert two_digit_years(ax.xaxis, kept, moments, 0, 0.0) is None
    # 2000 and 2025 some 96 points apart fit in four digits: none written in two.
    assert two_digit_years(ax.xaxis, *years(2000, 2025), 0, 0.0) is None


def test_years_that_fit_only_in_two_digits_where_drawn_are_written_in_two_under_the_first():
    ax = years_axes(0.6, 2)  # a plot some 35 points wide: 2000 and 2025 some 29 points apart
    kept, moments = years(2000, 2025)
    assert two_digit_years(ax.xaxis, kept, moments, 0, 0.0) == AxisTicks(kept, ("'00", "'25"), "2000")


@pytest.mark.parametrize("width", range(104, 121, 2))
def test_yearly_rows_of_25_years_on_a_short_narrow_chart_keep_two_year_labels(width):
    # 1890 to 1914, 100 px high: at 112 px "1890", "1910" judged on the plot "'90", "'10" left
    # fit there, ran together under themselves, and "1900" was drawn alone, between two widths
    # that drew two labels each.
    frame = pd.DataFrame({"year": pd.to_datetime([f"{year}-01-01" for year in range(1890, 1915)]),
                          "v": [float(year % 7) for year in range(1890, 1915)]})
    spec = parse_spec({"x": ["year"], "y": ["v"], "width": [str(width)], "height": ["100"]},
                      {"year": "datetime", "v": "float"})
    assert_several_apart(render_svg(spec, frame))


def test_years_that_fit_in_four_digits_only_on_the_plot_two_digits_leave_are_written_in_two():
    # 40 months at 140 px: "2022", "2024" fit on the plot "'22", "'24" leave, not on their own,
    # and the axis read "2022" alone; written in two digits, the layout settles on them.
    moments, labels, _ = drawn_ticks("2021-03-15", "2024-07-15", 140)
    assert labels == ["'22", "'24"], labels
    assert date_line("2021-03-15", "2024-07-15", 140) == (labels, "2022")
