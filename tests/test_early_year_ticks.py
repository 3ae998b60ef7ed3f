"""A date axis writes years before 1000 in four digits (0001), as the rows and the bars' labels do:
in its year labels, the year 1 among them, a January's label and its offset."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import numpy as np
import pandas as pd
import pytest

from plots import parse_spec, render_svg
from tests.test_tick_labels import x_tick_labels

SVG = "{http://www.w3.org/2000/svg}"


def chart_of_dates(start: str, end: str, kind: str = "line") -> bytes:
    """A chart of 20 moments from `start` to `end`, kept as a stored dataset keeps them (microseconds,
    which reach the year 1)."""
    first, last = pd.to_datetime([start, end], format="ISO8601").astype("datetime64[us]")
    moments = pd.date_range(first, last, periods=20, unit="us")
    spec = parse_spec({"kind": [kind], "x": ["t"], "y": ["v"], "width": ["600"]}, {"t": "datetime", "v": "float"})
    return render_svg(spec, pd.DataFrame({"t": moments, "v": np.arange(20.0)}))


@pytest.mark.parametrize("kind", ["line", "area", "scatter"])
@pytest.mark.parametrize(("start", "end"), [("0001-01-01", "0030-01-01"), ("0001-01-01", "0900-01-01")])
def test_years_before_1000_are_labelled_in_four_digits(kind, start, end):
    labels = [label for _, label in x_tick_labels(chart_of_dates(start, end, kind))]
    assert len(labels) >= 2 and all(re.fullmatch(r"0\d{3}", label) for label in labels), labels


@pytest.mark.parametrize("kind", ["line", "scatter"])
def test_the_year_1_is_labelled_where_it_is_ticked(kind):
    # A year's tick took matplotlib's blank label of a unit's start where its year was 1.
    labels = [label for _, label in x_tick_labels(chart_of_dates("0001-01-01", "0009-12-31", kind))]
    assert labels[:9] == [f"000{year}" for year in range(1, 10)], labels  # a scatter plot's margin ticks 0010 too


def test_the_january_among_months_of_the_year_2_is_labelled_0002():
    labels = [label for _, label in x_tick_labels(chart_of_dates("0001-11-01", "0002-06-01"))]
    assert "0002" in labels and "Dec" in labels and "2" not in labels, labels


@pytest.mark.parametrize(("start", "end", "offset"), [
    ("0001-03-01", "0001-05-20", "0001-03"),  # days
    ("0001-03-05", "0001-03-07", "0001-03-05 – 07"),  # hours, the days they span
    ("0001-03-05 10:59:40", "0001-03-05 11:00:20", "0001-03-05"),  # seconds
    ("0999-11-20", "1000-02-10", "0999-12"),  # the offset names the first tick's year
])
def test_the_offset_of_a_date_axis_before_1000_writes_its_year_in_four_digits(start, end, offset):
    texts = [text.text for text in ET.fromstring(chart_of_dates(start, end)).iter(f"{SVG}text")]
    assert offset in texts, texts


@pytest.mark.parametrize(("end", "step"), [("0030-01-01", 5), ("0900-01-01", 100), ("2024-01-01", 250)])
def test_years_from_the_year_1_are_ticked_on_multiples_of_their_step(end, step):
    """matplotlib steps years from the first there is, 0001, 0101, 0201 …: not round."""
    years = [int(label) for _, label in x_tick_labels(chart_of_dates("0001-01-01", end))]
    assert len(years) > 3 and all(year % step == 0 for year in years), years
