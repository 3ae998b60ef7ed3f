"""An axis' offset is written in every digit it needs, so that it and a tick label together name
the value at that tick: values a hair apart (1 to 1.00000000001) read as values between them."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pandas as pd
import pytest

from plots import build_figure, chart_frame, parse_spec, render_svg
from plots.axis_offset import offset_near, offset_written, written_number
from plots.magnitude import drawn_units
from plots.style import THEMES
from tests.test_tick_labels import SVG

MUTED = THEMES["light"].muted
NUMBER = r"\u2212?\d+(\.\d+)?(e\u2212?\d+)?"
# A tick label: a number, its whole digits grouped by thousands where they run to five or more.
LABEL = r"\u2212?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?(e\u2212?\d+)?"


def value_axis(svg: bytes) -> tuple[list[str], str]:
    """The y axis' tick labels of a chart's SVG, bottom to top, and its offset text ("" for none)."""
    texts = list(ET.fromstring(svg).iter(f"{SVG}text"))
    labels = [t for t in texts if t.get("text-anchor") == "end" and t.get("fill") != MUTED]
    labels.sort(key=lambda t: -float(t.get("y")))
    # The y axis' offset stands above the plot, from its left (the x axis' ends at its right).
    offsets = [t.text for t in texts if t.get("fill") == MUTED and t.get("text-anchor") is None]
    assert len(offsets) <= 1, offsets
    return [t.text for t in labels], offsets[0] if offsets else ""


def named_values(labels: list[str], offset: str) -> list[Decimal]:
    """The values the `labels` name, each counted from the `offset` text ("1e−11+1.00000000001":
    a label times 10**-11, plus 1.00000000001), worked out exactly as a reader would."""
    found = re.fullmatch(rf"(?:1e(\u2212?\d+))?([+\u2212]{NUMBER})?", offset)
    assert found, offset
    power = int(found.group(1).replace("\u2212", "-")) if found.group(1) else 0
    counted_from = Decimal(found.group(2).replace("\u2212", "-")) if found.group(2) else Decimal(0)
    values = []
    for label in labels:
        assert re.fullmatch(LABEL, label), label
        values.append(counted_from + Decimal(label.replace("\u2212", "-").replace(",", "")).scaleb(power))
    return values


def line_of(values: list[float], **fields: str):
    """A line of `values` against their row numbers 1, 2, …, with the URL's `fields`."""
    spec = parse_spec({"x": ["x"], "y": ["v"], **{k: [v] for k, v in fields.items()}}, {"x": "integer", "v": "float"})
    return spec, chart_frame(spec, pd.DataFrame({"x": range(1, len(values) + 1), "v": values}))


# Magnitudes and spans (a part of the magnitude) the offset of which matplotlib wrote cut to 11
# digits, or which it counted from a number a few of a double's steps from the one it wrote.
MAGNITUDES = ["1", "1e6", "1e-6", "-1", "-1e6", "123456.789", "-0.9999999999", "0.9999999999", "-1e-3"]
SPANS = ["1e-11", "1e-9", "1e-6"]


@pytest.mark.parametrize("magnitude", MAGNITUDES)
@pytest.mark.parametrize("span", SPANS)
def test_the_offset_and_labels_of_bounds_a_hair_apart_name_values_between_them(magnitude, span):
    low = Decimal(magnitude)
    high = low + abs(low) * Decimal(span)
    spec, data = line_of([float(low), float(high)], ymin=str(low), ymax=str(high))
    labels, offset = value_axis(render_svg(spec, data))
    values = named_values(labels, offset)
    assert len(values) >= 3, (labels, offset)
    # Each label names a value within the bounds (to a millionth of their span, as labels round),
    # the lowest at ymin and the highest at ymax, where the ticks stand.
    slack = (high - low) * Decimal("1e-6")
    assert all(low - slack <= value <= high + slack for value in values), (labels, offset, low, high)
    assert values == sorted(values) and values[-1] - values[0] > (high - low) / 2, (labels, offset)
    assert not [label for label in labels if re.fullmatch(r"\u22120(\.0*)?", label)], labels  # no "−0"


@pytest.mark.parametrize("magnitude", ["1", "1e6", "-1", "1.5e305"])  # 1.5e305: drawn in units of 1e5
def test_the_labels_of_values_a_hair_apart_without_bounds_name_values_around_them(magnitude):
    # 1.00000000001 to 1.000000000012 read 0.00 to 2.00 under "1e−12+1": values from 1 to 1.000000000002.
    low = Decimal(magnitude) * (1 + Decimal("1e-11"))
    step = abs(Decimal(magnitude)) * Decimal("1e-12")
    values = [float(low + step * i) for i in range(3)]
    spec, data = line_of(values)
    labels, offset = value_axis(render_svg(spec, data))
    named = named_values(labels, offset)
    power = drawn_units(spec, data).values  # the values drawn divided by 10**power
    bottom, top = (Decimal(end).scaleb(power) for end in build_figure(spec, data).axes[0].get_ylim())
    slack = (top - bottom) * Decimal("1e-6")
    assert all(bottom - slack <= value <= top + slack for value in named), (labels, offset, bottom, top)
    assert named[-1] - named[0] > (top - bottom) / 2, (labels, offset)


def test_an_offset_matplotlib_writes_in_11_digits_is_written_as_it_writes_it():
    # As matplotlib writes an offset's digits ("+1.23456789e9" over 1234567890.1 to 1234567890.9); an
    # offset from 1 to a million in size is written whole (`offset_written`: "+1000", not "+1e3").
    assert [written_number(value) for value in (1000.0, 1.23456789e9, 0.5, 12.5, -1e6, 1.5e-7)] == \
        ["1e3", "1.23456789e9", "5e-1", "1.25e1", "-1e6", "1.5e-7"]
    assert written_number(1.00000000001) == "1.00000000001"


def test_an_offset_is_the_nearest_number_of_few_digits_a_few_steps_of_a_double_away():
    # 10**16 times 10**-10 is 1000000.0000000001, a double's step from 1e6, which labels were counted from.
    assert offset_near(10**16 * 1e-10, 1e-5) == 1e6
    assert offset_near(1.00000000001, 1e-11) == 1.00000000001
    assert offset_near(1234.5, 0.3) == 1234.5


@pytest.mark.parametrize("magnitude", ["-0.9999999999", "0.9999999999", "-0.5", "-1e-3"])
def test_an_offset_below_1_in_size_is_written_as_a_decimal_after_the_power(magnitude):
    # ymin=-0.9999999999&ymax=-0.99999999989 read "1e−11−9.999999998e−1", two numbers in e-notation
    # run together: now "1e−11−0.9999999998", the labels and the offset still naming the values.
    low = Decimal(magnitude)
    high = low + abs(low) * Decimal("1e-11")
    spec, data = line_of([float(low), float(high)], ymin=str(low), ymax=str(high))
    labels, offset = value_axis(render_svg(spec, data))
    assert re.fullmatch(r"1e\u2212\d+[+\u2212]0\.\d+", offset), offset
    values = named_values(labels, offset)
    slack = (high - low) * Decimal("1e-6")
    assert all(low - slack <= value <= high + slack for value in values), (labels, offset, low, high)
    assert values[-1] - values[0] > (high - low) / 2, (labels, offset)


def test_an_offset_is_a_decimal_from_a_ten_thousandth_to_1_in_size_as_python_writes_it():
    assert [offset_written(value) for value in (-0.9999999996, 0.5, 0.0001, -0.0009999999999)] == \
        ["-0.9999999996", "0.5", "0.0001", "-0.0009999999999"]
    assert [offset_written(value) for value in (9.99e-5, 1.0, -1e6, 1.00000000001)] == \
        ["9.99e-5", "1", "-1e6", "1.00000000001"]


@pytest.mark.parametrize("low, high", [("1", "1.00000000001"), ("1e6", "1000000.00001"), ("-1e6", "-999999.99999"),
                                       ("-0.9999999999", "-0.9999999989")])
def test_labels_an_offset_of_ours_is_counted_from_count_up_from_the_axis_foot(low, high):
    # ymin=1&ymax=1.00000000001 read "−1.0" to "0.0" under "1e−11+1.00000000001", counted down from
    # the top where matplotlib's offset was cut to "1e−11+1": now "0.0" to "1.0" under "1e−11+1".
    spec, data = line_of([float(low), float(high)], ymin=low, ymax=high)
    labels, offset = value_axis(render_svg(spec, data))
    assert re.fullmatch(r"0(\.0+)?", labels[0]) and "\u2212" not in "".join(labels), (labels, offset)
    values = named_values(labels, offset)
    slack = (Decimal(high) - Decimal(low)) * Decimal("1e-6")
    # The label "0" names the lowest tick, within a step of ymin; the others the ticks up to ymax.
    assert Decimal(low) - slack <= values[0] < Decimal(low) + (values[1] - values[0]), (labels, offset)
    assert values[-1] <= Decimal(high) + slack, (labels, offset)


def test_an_offset_matplotlib_writes_whole_is_counted_as_it_counts():
    # −1 to −0.999999999: matplotlib's offset −0.999999999 needed no digit more, and its labels
    # count up to it from below as they did.
    spec, data = line_of([-1.0, -0.999999999], ymin="-1", ymax="-0.999999999")
    assert value_axis(render_svg(spec, data)) == (["\u221210", "\u22128", "\u22126", "\u22124", "\u22122", "0"],
                                                  "1e\u221210\u22120.999999999")
