"""Bars of moments not resampled are labelled as briefly as tells them apart: dates alone where no two
lie within a day ("03-10" under "2024", where they read "03-10 00:00:00"), to the minute where no two
lie within one, each year named where it changes; moments closer together keep their times."""
from __future__ import annotations

import xml.etree.ElementTree as ET

import pandas as pd
import pytest

from plots import parse_spec, render_svg

from tests.test_date_bar_labels import SVG, drawn_x_labels


def labels_of(moments: list[str], kind: str = "bar") -> tuple[list[str], str]:
    """The x labels and offset a chart of bars of `moments` draws."""
    frame = pd.DataFrame({"when": pd.to_datetime(moments), "v": 1.0})
    spec = parse_spec({"kind": [kind], "x": ["when"], "y": ["v"]}, {"when": "datetime", "v": "float"})
    return drawn_x_labels(render_svg(spec, frame))


@pytest.mark.parametrize(("moments", "labels", "offset"), [
    # Irregular moments days apart: their dates, where their times crowded them.
    (["2024-03-10 00:00:00", "2024-03-13 06:30:00", "2024-03-21 00:00:15", "2024-04-02 12:00:00"],
     ["03-10", "03-13", "03-21", "04-02"], "2024"),
    # Across a new year, the year named where it changes.
    (["2023-12-10 00:00:00", "2023-12-29 06:00:05", "2024-01-03 00:00:00", "2024-02-02 00:00:00"],
     ["2023-12-10", "12-29", "2024-01-03", "02-02"], ""),
    # Hours apart, minutes tell them apart: no seconds.
    (["2024-03-10 00:00:00", "2024-03-10 06:30:15", "2024-03-10 07:00:00", "2024-03-11 12:00:00"],
     ["03-10 00:00", "03-10 06:30", "03-10 07:00", "03-11 12:00"], "2024"),
])
def test_bars_of_moments_are_labelled_as_briefly_as_tells_them_apart(moments, labels, offset):
    assert labels_of(moments) == (labels, offset)


@pytest.mark.parametrize(("moments", "labels", "offset"), [
    (["2024-03-10", "2024-03-13", "2024-03-21", "2024-04-02"], ["03-10", "03-13", "03-21", "04-02"], "2024"),
    # An hour apart across midnight: the dates alone would read as days.
    (["2019-05-03 23:00", "2019-05-04 00:00"], ["05-03 23:00", "05-04 00:00"], "2019"),
    # Seconds apart: the seconds tell them apart.
    (["2024-03-10 06:30:00", "2024-03-10 06:30:15", "2024-03-10 12:00:00"], ["06:30:00", "06:30:15", "12:00:00"],
     "2024-03-10"),
])
def test_midnights_are_dates_and_moments_close_together_keep_their_times(moments, labels, offset):
    assert labels_of(moments) == (labels, offset)


def test_horizontal_bars_of_moments_days_apart_are_labelled_by_their_dates():
    frame = pd.DataFrame({"when": pd.to_datetime(["2024-03-10 00:00:00", "2024-03-13 06:30:00", "2024-04-02 12:00:00"]),
                          "v": 1.0})
    spec = parse_spec({"kind": ["barh"], "x": ["when"], "y": ["v"]}, {"when": "datetime", "v": "float"})
    texts = {"".join(text.itertext()) for text in ET.fromstring(render_svg(spec, frame)).iter(f"{SVG}text")}
    assert {"2024-03-10", "2024-03-13", "2024-04-02"} <= texts
    assert not any(":" in text for text in texts)
