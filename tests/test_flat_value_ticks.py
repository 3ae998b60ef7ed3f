"""The ticks of a nearly flat line, a steady temperature's daily means a few ten-thousandths apart:
written whole where few digits tell them apart, and an offset still used written as a number is."""
from __future__ import annotations

import pandas as pd
import pytest

from plots import render_svg
from plots.axis_offset import offset_written
from tests.test_offset_digits import line_of, named_values, value_axis

# A week of hourly readings of a steady temperature, whose daily means are these.
DAILY_MEANS = [20.0021, 20.0024, 20.0032, 20.0027, 20.0019, 20.001302585451327, 20.0018]
MEAN_LINE = "/plot/steady.svg?x=time&y=temperature&resample=day&agg=mean"


@pytest.fixture
def steady(client, data_dir):
    """A test client of a site whose data folder holds `steady`, the week's hourly temperatures."""
    times = pd.date_range("2026-12-01", periods=24 * len(DAILY_MEANS), freq="h")
    rows = "".join(f"{time.isoformat()},{DAILY_MEANS[i // 24]!r}\n" for i, time in enumerate(times))
    (data_dir / "steady.csv").write_text("time,temperature\n" + rows, encoding="utf-8")
    return client


def test_the_ticks_of_daily_means_a_ten_thousandth_apart_are_written_whole(steady):
    # They read "0.00125" to "0.00325" under "+2e1": now the values themselves.
    response = steady.get(MEAN_LINE)
    assert response.status_code == 200
    labels, offset = value_axis(response.data)
    assert offset == "" and labels[0] == "20.00125" and labels[-1] == "20.00325", (labels, offset)


def test_ticks_written_whole_need_at_most_the_digits_allowed_them():
    # Up to 8 significant digits (WHOLE_DIGITS); 1000000.1 to 1000000.5 would need 9 ("1000000.10"):
    # counted from an offset, as before.
    labels, offset = value_axis(render_svg(*line_of([1000.0, 1000.5])))
    assert (labels[0], labels[-1], offset) == ("1000.0", "1000.5", "")
    labels, offset = value_axis(render_svg(*line_of([1000000.1, 1000000.5])))
    assert offset == "+1e6" and not labels[-1].startswith("1000000"), (labels, offset)


def test_the_ticks_of_negative_values_close_together_are_written_whole():
    labels, offset = value_axis(render_svg(*line_of([-20.0013, -20.0032])))
    assert offset == "" and labels[0] == "\u221220.00325" and labels[-1] == "\u221220.00125", (labels, offset)


@pytest.mark.parametrize("values, written", [([20.0000000013, 20.0000000032], "1e\u22129+20"),
                                             ([1000.0001, 1000.0005], "+1000"),
                                             ([123456.7891, 123456.7899], "+123456.789")])
def test_an_offset_still_used_is_written_as_a_number_is(values, written):
    # Past the digits allowed whole labels, an offset: "1e−9+2e1" and "+1e3" read as powers, not numbers.
    spec, data = line_of(values)
    labels, offset = value_axis(render_svg(spec, data))
    assert offset == written, (labels, offset)
    # The labels counted from it name values at the line, not a power of ten away from it.
    named = [float(value) for value in named_values(labels, offset)]
    span = max(values) - min(values)
    assert min(values) - span <= named[0] < named[-1] <= max(values) + span, named


def test_an_offset_from_1_to_a_million_in_size_is_written_whole():
    assert [offset_written(value) for value in (20.0, 1000.0, -123456.789, 999999.0, 1e6, 1.5e7, 1.00000000001)] == \
        ["20", "1000", "-123456.789", "999999", "1e6", "1.5e7", "1.00000000001"]
