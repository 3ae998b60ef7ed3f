"""Bar charts' category labels: numbers written as the value axis writes them."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pandas as pd
import pytest

from plots import chart_frame, describe, parse_spec, render_svg
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
