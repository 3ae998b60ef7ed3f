"""Bars of dates not resampled: labelled and thinned as the bars of the period their dates start."""
from __future__ import annotations

import xml.etree.ElementTree as ET

import pandas as pd
import pytest

from plots import parse_spec, render_svg

SVG = "{http://www.w3.org/2000/svg}"


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
    assert (texts, desc) == bar_chart_words(moments, period, width)
    dates = set(moments.strftime("%Y-%m-%d"))
    assert len(texts) > 2 and not dates & set(texts), texts
    assert f"when from {first} to " in desc, desc
