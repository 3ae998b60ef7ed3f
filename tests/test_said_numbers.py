"""Numbers drawn over a plot are written as the axis beside them writes numbers ("1e+150"); the
chart's words (its alt text) say every number without a power of ten a screen reader spells out:
"1 times 10 to the power of 150", "0.00001"."""
from __future__ import annotations

import xml.etree.ElementTree as ET

import pandas as pd
import pytest
from matplotlib.text import Text

from plots import build_figure, chart_frame, parse_spec, render_svg
from plots.plot_notes import plot_note
from plots.value_text import noted_number, said_number

SVG = "{http://www.w3.org/2000/svg}"
MINUS = "\N{MINUS SIGN}"


def description(spec, frame: pd.DataFrame) -> str:
    return ET.fromstring(render_svg(spec, frame)).find(f"{SVG}desc").text


def drawn_texts(spec, frame: pd.DataFrame) -> list[str]:
    """Every text the chart's figure draws, its lines joined."""
    fig = build_figure(spec, chart_frame(spec, frame), dpi=72)
    return [" ".join(text.get_text().split()) for text in fig.findobj(Text) if text.get_text()]


@pytest.mark.parametrize(("value", "said"), [
    (1e-5, "0.00001"),
    (1.2345e-5, "0.00001234"),  # 4 significant digits, as `noted_number`'s 1.234e−05
    (-2.5e-7, f"{MINUS}0.00000025"),
    (1e-15, "0.000000000000001"),  # the last said as a decimal
    (9e-16, f"9 times 10 to the power of {MINUS}16"),
    (1.5e-300, f"1.5 times 10 to the power of {MINUS}300"),
    (0.0001234, "0.0001234"),  # written without a power of ten already
])
def test_a_number_nearer_zero_than_a_ten_thousandth_is_said_as_a_decimal(value, said):
    assert said_number(value) == said


@pytest.mark.parametrize(("value", "drawn"), [
    (1e150, "1e+150"),
    (9.1e15, "9.1e+15"),
    (-2.0**53, f"{MINUS}9.007e+15"),
    (1e-5, f"1e{MINUS}05"),
    (12345.678, "12346"),
])
def test_a_number_drawn_over_a_plot_is_written_as_the_axis_writes_it(value, drawn):
    assert noted_number(value) == drawn


def test_the_note_over_a_plot_all_below_a_huge_ymin_is_drawn_short_and_said_in_words():
    frame = pd.DataFrame({"x": [1.0, 2.0, 3.0], "v": [1e100, 2e100, 3e100]})
    spec = parse_spec({"x": ["x"], "y": ["v"], "ymin": ["1e150"]}, {"x": "float", "v": "float"})
    note = plot_note(spec, chart_frame(spec, frame))
    assert note.forms[0] == "All values lie below ymin 1e+150"
    assert note.said == "All values lie below ymin 1 times 10 to the power of 150"
    assert "All values lie below ymin 1e+150" in drawn_texts(spec, frame)
    assert description(spec, frame).endswith("All values lie below ymin 1 times 10 to the power of 150.")


def test_the_note_over_a_plot_between_huge_bounds_is_drawn_short_and_said_in_words():
    frame = pd.DataFrame({"x": [1.0, 2.0], "v": [1e100, 1e200]})
    spec = parse_spec({"kind": ["scatter"], "x": ["x"], "y": ["v"], "ymin": ["1e140"], "ymax": ["1e150"]},
                      {"x": "float", "v": "float"})
    note = plot_note(spec, chart_frame(spec, frame))
    assert note.forms[0] == "No values between ymin 1e+140 and ymax 1e+150"
    assert description(spec, frame).endswith(
        "No values between ymin 1 times 10 to the power of 140 and ymax 1 times 10 to the power of 150.")


def test_the_note_over_a_histogram_all_above_a_huge_xmax_is_drawn_short_and_said_in_words():
    frame = pd.DataFrame({"v": [2e20, 3e20, 4e20]})
    spec = parse_spec({"kind": ["hist"], "y": ["v"], "xmin": ["0"], "xmax": ["1e20"]}, {"v": "float"})
    note = plot_note(spec, chart_frame(spec, frame))
    assert note.forms[0] == "All 3 values lie above xmax 1e+20"
    assert note.said == "All 3 values lie above xmax 100 quintillion"
    assert "All 3 values lie above xmax 1e+20" in drawn_texts(spec, frame)


def test_the_words_of_a_chart_carry_no_power_of_ten_for_small_numbers():
    frame = pd.DataFrame({"x": [1e-5, 2e-5, 3e-5], "v": [1e-5, 3e-5, 2.5e-7]})
    bars = parse_spec({"kind": ["bar"], "x": ["x"], "y": ["v"]}, {"x": "float", "v": "float"})
    said = description(bars, frame)
    assert "x from 0.00001 to 0.00003" in said and said.endswith(
        "last value: v 0.00000025, lowest 0.00000025 (0.00003), highest 0.00003 (0.00002)."), said
    assert "e\N{MINUS SIGN}" not in said and "e-" not in said, said


@pytest.mark.parametrize("kind", ["scatter", "hist", "box"])
def test_a_range_whose_ends_read_alike_to_4_digits_says_each_as_it_is(kind):
    # To 4 significant digits the ends of 1.00000000001 to 1.00000000009, which the axis labels
    # apart from its offset "1e−11+1", read "x 1" (one value) and "v from 1 to 1".
    frame = pd.DataFrame({"x": [1.00000000001, 1.00000000005, 1.00000000009], "v": [-1.00000000002, -1.0, 0.0]})
    spec = parse_spec({"kind": [kind], "x": ["x"], "y": ["v"] if kind == "scatter" else ["x"]},
                      {"x": "float", "v": "float"})
    assert "x from 1.00000000001 to 1.00000000009" in description(spec, frame)


def test_a_range_of_values_past_a_quadrillion_says_their_decimals_where_they_tell_them_apart():
    frame = pd.DataFrame({"x": [1000000000000000.2, 1000000000000000.4], "v": [1.0, 2.0]})
    spec = parse_spec({"x": ["x"], "y": ["v"]}, {"x": "float", "v": "float"})
    assert "x from 1000000000000000.2 to 1000000000000000.4" in description(spec, frame)


def test_ends_that_read_alike_are_told_apart_in_the_words_a_single_value_is_written_in():
    # Each as `said_number` writes a number, with more digits: not 1.2345 times 10 to the power of −5
    # beside 0.00001234, nor 123450000000000000 beside 123.4 quadrillion.
    frame = pd.DataFrame({"v": [1.23451e17, 1.23452e17, 1.23456e-5, 1.23457e-5]})
    said = [description(parse_spec({"kind": ["hist"], "y": ["v"]}, {"v": "float"}), part)
            for part in (frame.iloc[:2], frame.iloc[2:])]
    assert "v from 123.451 quadrillion to 123.452 quadrillion" in said[0], said[0]
    assert "v from 0.0000123456 to 0.0000123457" in said[1], said[1]


def test_a_range_of_ends_past_a_power_of_ten_that_read_alike_says_each_in_words_of_its_power():
    frame = pd.DataFrame({"v": [1.7976931348623157e308, 1.797693134862315e308, -1e-300, -1.0000001e-300]})
    said = [description(parse_spec({"kind": ["hist"], "y": ["v"]}, {"v": "float"}), part)
            for part in (frame.iloc[:2], frame.iloc[2:])]
    assert "v from 1.797693134862315 times 10 to the power of 308 to 1.7976931348623157 times 10 to the power of 308" in said[0]
    assert f"v from {MINUS}1.0000001 times 10 to the power of {MINUS}300 to {MINUS}1 times 10 to the power of {MINUS}300" in said[1]
