"""The words of a nearly flat line, a steady temperature's daily means a few ten-thousandths apart:
its lowest and highest values said in the digits that tell them apart, no more, and a value among
them said to the same place."""
from __future__ import annotations

import pytest

from plots.said_values import ends_told_apart, said_among
from tests.conftest import described
from tests import test_flat_value_ticks as flat_ticks
from tests.test_flat_value_ticks import MEAN_LINE

steady = flat_ticks.steady  # the site whose data folder holds the week's temperatures


def test_the_lowest_and_highest_daily_mean_are_said_in_the_digits_that_tell_them_apart(steady):
    # They were said "lowest 20.001302585451317 (2026-12-06), highest 20.003199999999996 (2026-12-03)".
    said = described(steady.get(MEAN_LINE).data)
    assert "lowest 20.0013 (2026-12-06), highest 20.0032 (2026-12-03)" in said, said


@pytest.mark.parametrize("low, high, said", [
    (20.001302585451317, 20.003199999999996, ("20.0013", "20.0032")),
    (1.00000000001, 1.00000000009, ("1.00000000001", "1.00000000009")),
    (-20.0032, -20.0013, ("\u221220.0032", "\u221220.0013")),
    (0.30000000000000004, 0.3000001, ("0.3", "0.3000001")),  # to the same place: no noise in the last digits
])
def test_ends_that_read_alike_are_said_to_the_one_place_that_tells_them_apart(low, high, said):
    assert ends_told_apart(low, high) == said


def test_a_value_among_ends_told_apart_is_said_to_their_place_and_within_them():
    # "last value 20", said beside "lowest 20.0013", read as below the lowest.
    low, high = 20.001302585451317, 20.003199999999996
    assert said_among(20.001800000000003, low, high) == "20.0018"
    assert said_among(low, low, high) == ends_told_apart(low, high)[0]
    assert said_among(20.5, 20.0, 21.0) == "20.5"  # ends that read apart: said as any value is


def test_the_last_daily_mean_is_said_to_the_place_of_the_lowest_and_highest(steady):
    # It was said "last value: mean of temperature 20", below the lowest it named, 20.0013.
    said = described(steady.get(MEAN_LINE).data)
    last = said.split("last value: ", 1)[1].split(",", 1)[0]
    assert last.startswith("mean of temperature 20.00") and len(last.rsplit(" ", 1)[1]) == len("20.0013"), said


def test_a_box_of_hours_a_few_ten_thousandths_apart_says_its_median_within_its_range(steady):
    # Its median and quartiles were said "20", below the range it names, "from 20.0013 to 20.0032".
    said = described(steady.get("/plot/steady.svg?kind=box&y=temperature").data)
    median = said.split("median ", 1)[1].split(",", 1)[0]
    assert median.startswith("20.00") and len(median) == len("20.0013"), said
