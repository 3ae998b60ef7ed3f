"""A plain-number axis groups the digits of its tick labels by thousands ("200,000"), as the words and a
page's table write counts, where one of them runs to five whole digits or more; one of years or of
numbers under 10,000 ("2010", "5000") is written as before."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from plots import build_figure, chart_frame, parse_spec
from plots.ticks import axis_ticks


def drawn(query: dict[str, str], frame: pd.DataFrame):
    """The figure of a chart of `frame` drawn by `query`."""
    types = {name: "int" if pd.api.types.is_integer_dtype(frame[name]) else "float" for name in frame.columns}
    spec = parse_spec({name: [value] for name, value in query.items()}, types)
    return build_figure(spec, chart_frame(spec, frame), dpi=72)


@pytest.mark.parametrize("width", ["320", "640"])
def test_a_value_axis_past_ten_thousand_groups_its_digits(width):
    frame = pd.DataFrame({"x": np.arange(10.0), "y": np.arange(10.0) * 25_000})
    labels = axis_ticks(drawn({"x": "x", "y": "y", "width": width, "height": "200"}, frame).axes[0].yaxis).shown_labels()
    assert "200,000" in labels or "100,000" in labels, labels
    assert all("," in label for label in labels if len(label.replace(",", "")) >= 4), labels


def test_negative_values_group_after_the_minus_sign():
    frame = pd.DataFrame({"x": np.arange(10.0), "y": np.arange(10.0) * -25_000})
    labels = axis_ticks(drawn({"x": "x", "y": "y", "width": "640", "height": "360"}, frame).axes[0].yaxis).shown_labels()
    assert "\N{MINUS SIGN}200,000" in labels, labels


def test_an_axis_of_years_or_of_four_digit_numbers_is_not_grouped():
    frame = pd.DataFrame({"year": np.arange(2010, 2022), "y": np.linspace(1000.0, 9000.0, 12)})
    ax = drawn({"x": "year", "y": "y", "width": "640", "height": "360"}, frame).axes[0]
    years, values = axis_ticks(ax.xaxis).shown_labels(), axis_ticks(ax.yaxis).shown_labels()
    assert "2010" in years and "," not in "".join(years), years
    assert not any("," in label for label in values), values
