"""Bar charts' category labels: numbers written as the value axis writes them."""
from __future__ import annotations

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
