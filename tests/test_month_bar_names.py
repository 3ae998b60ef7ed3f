"""Bars of months are labelled with the months' names, as a date axis writes them ("Jan" … "Dec"), the
first bar's year written once under the axis and each later year on its January ("Nov", "Dec", "2025"),
written across wherever the names of every bar seem to fit across; too many for that keep their dates ("2024-01"),
thinned or turned as before."""
from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from plots import build_figure, chart_frame, parse_spec, render_svg
from plots.ticks import axis_ticks
from tests.test_date_bar_labels import drawn_x_labels

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def monthly_bars(start: str, months: int, width: int, height: int = 360, series: int = 1):
    """The spec and frame of bars of daily rows resampled to `months` months from `start`, `series` of them."""
    days = pd.date_range(start, pd.Timestamp(start) + pd.DateOffset(months=months) - pd.Timedelta(days=1), freq="D")
    frame = pd.DataFrame({"day": days, **{f"s{i}": np.arange(len(days), dtype=float) % 7 + i for i in range(series)}})
    types = {name: "datetime" if name == "day" else "float" for name in frame.columns}
    query = {"kind": ["bar"], "x": ["day"], "y": [",".join(f"s{i}" for i in range(series))], "resample": ["month"],
             "width": [str(width)], "height": [str(height)]}
    return parse_spec(query, types), frame


@pytest.mark.parametrize("width", [640, 800, 1000])
def test_twelve_months_are_named_across_where_their_names_fit(width):
    spec, frame = monthly_bars("2024-01-01", 12, width)
    ticks = axis_ticks(build_figure(spec, chart_frame(spec, frame), dpi=72).axes[0].xaxis)
    assert ticks.rotation == 0 and ticks.shown_labels() == MONTHS and ticks.offset == "2024", ticks
    assert drawn_x_labels(render_svg(spec, frame)) == (MONTHS, "2024")


def test_months_of_several_years_name_each_year_on_its_january():
    labels, offset = drawn_x_labels(render_svg(*monthly_bars("2024-10-01", 6, 640)))
    assert (labels, offset) == (["Oct", "Nov", "Dec", "2025", "Feb", "Mar"], "2024")


def test_months_too_many_to_name_every_bar_across_keep_their_dates():
    # Thinned or turned, each label read alone still names its bar's month and year.
    spec, frame = monthly_bars("2024-01-01", 12, 320, 300)
    ticks = axis_ticks(build_figure(spec, chart_frame(spec, frame), dpi=72).axes[0].xaxis)
    assert ticks.shown_labels() and all(re.fullmatch(r"2024-[01][0-9]", label) for label in ticks.shown_labels()), ticks
