"""Numbers from 2**53 on are written in the alt text as they are said, to 4 significant digits
("9.1 quadrillion"), never with a power of ten a screen reader spells out ("9.1e+15"); the notes
drawn over a plot write them as its axis does (tests/test_said_numbers.py)."""
from __future__ import annotations

import pandas as pd
import pytest

from plots import parse_spec
from plots.value_text import said_number
from tests.test_bars_drawn import description


@pytest.mark.parametrize(("value", "said"), [
    (2.0**53, "9.007 quadrillion"),
    (9.1e15, "9.1 quadrillion"),
    (-9.1e15, "\N{MINUS SIGN}9.1 quadrillion"),
    (1.2345e20, "123.4 quintillion"),
    (9.9996e17, "1 quintillion"),  # rounded before it is named
    (5e35, "500 decillion"),
    (1.7976931348623157e308, "1.798 times 10 to the power of 308"),
    (2.0**53 - 1, "9007199254740991"),  # below 2**53 whole, as before
])
def test_a_large_number_is_written_as_it_is_said(value, said):
    assert said_number(value) == said


def test_the_alt_text_says_a_last_value_past_2_to_the_53_without_a_power_of_ten():
    frame = pd.DataFrame({"x": [1.0, 2.0], "v": [9.1e15, 9.1e15 + 4]})
    spec = parse_spec({"x": ["x"], "y": ["v"]}, {"x": "float", "v": "float"})
    said = description(spec, frame)
    # Its lowest and highest read alike as 9.1 quadrillion: each told apart by as many more digits as
    # it needs, in the words its last value is written in (not 9100000000000000 beside 9.1 quadrillion),
    # and its last value, the highest, said as the highest is, not as 9.1 quadrillion, the lowest's words.
    assert said.endswith("last value: v 9.100000000000004 quadrillion, lowest 9.1 quadrillion (1), "
                         "highest 9.100000000000004 quadrillion (2)."), said
    assert "e+" not in said, said


def test_the_words_say_a_bound_past_2_to_the_53_as_a_value():
    frame = pd.DataFrame({"x": [1.0, 2.0, 3.0], "v": [1.0, 2.0, 3.0], "w": [2e16, 3e16, 2.5e16]})
    spec = parse_spec({"x": ["x"], "y": ["v,w"], "ymin": ["1e16"]}, {"x": "float", "v": "float", "w": "float"})
    said = description(spec, frame)
    assert said.endswith("v lies below ymin 10 quadrillion."), said
