"""An unlabelled reference line's number is never wrapped nor cut, which writes other numbers (`$1,`, `00`,
`1…` of $1,001,000 on a chart 150 pixels wide): where it does not fit its plot, the first of its shorter
forms that does, rounded as a number ($1.001M, $1.00M, $1.0M, $1M; 1015.123), never to 0 (0.0, −0) nor to a
thousand of its power ($1000k), else no label."""
from __future__ import annotations

from urllib.parse import urlencode

import pytest

from plots.line_labels import _fitted, number_forms

from tests.conftest import described, site_holding
from tests.test_reference_lines import drawn, labels_drawn

DATASETS = {"millions": "day,amount ($)\n1,1000000\n2,1020000\n3,1010000\n", "plain": "day,v\n1,1000\n2,1020\n3,1010\n",
            "small": "day,v\n1,0.5\n2,-1\n3,0.2\n"}


@pytest.fixture
def client(data_dir):
    return site_holding(data_dir, DATASETS)


@pytest.mark.parametrize(("width", "label"), [(190, "$1.001M"), (180, "$1.00M"), (170, "$1.0M"), (160, "$1M")])
def test_an_amount_too_long_for_its_plot_is_written_short_as_a_number(client, width, label):
    svg = drawn(client, "/plot/millions.svg?" + urlencode({"x": "day", "y": "amount ($)", "yline": "1001000",
                                                             "width": width}))
    assert labels_drawn(svg) == [label]
    assert "A line marks $1001000" in described(svg)


def test_an_amount_no_form_of_which_fits_is_left_unlabelled_not_cut(client):
    svg = drawn(client, "/plot/millions.svg?" + urlencode({"x": "day", "y": "amount ($)", "yline": "1001000",
                                                             "width": 150}))
    assert labels_drawn(svg) == []
    assert "A line marks $1001000" in described(svg)


def test_a_number_of_decimals_too_long_for_its_plot_keeps_fewer_decimals(client):
    assert labels_drawn(drawn(client, "/plot/plain.svg?x=day&y=v&yline=1015.123456&width=150")) == ["1015.123"]


@pytest.mark.parametrize(("value", "written", "unit", "forms"), [
    (1001000, "$1,001,000", "$", ("$1.001M", "$1.00M", "$1.0M", "$1M")),
    (-1001000, "\N{MINUS SIGN}$1,001,000", "$", ("\N{MINUS SIGN}$1.001M", "\N{MINUS SIGN}$1.00M",
                                                  "\N{MINUS SIGN}$1.0M", "\N{MINUS SIGN}$1M")),
    (1015.375, "1015.375", None, ("1015.38", "1015.4", "1015")),
    (2.5, "2.5%", "%", ("2%",)),
    (1e20, "1e20", None, ()),
    (0.000123456, "0.000123456", None, ("0.00012346", "0.0001235", "0.000123", "0.00012", "0.0001")),
    (-0.4, "\N{MINUS SIGN}0.4", None, ()),
    (-0.0004, "\N{MINUS SIGN}0.0004%", "%", ()),
    (999999, "$999,999", "$", ("$1.00M", "$1.0M", "$1M")),
    (999500, "$999,500", "$", ("$999.5k", "$1M")),
    (999_999_999_999_999, "$999,999,999,999,999", "$", ()),
])
def test_a_numbers_shorter_forms_are_it_rounded_as_its_axis_writes_numbers(value, written, unit, forms):
    assert number_forms(value, written, unit) == forms


@pytest.mark.parametrize(("dataset", "yline", "width"), [("plain", "0.000123456", 100), ("plain", "0.000123456", 130),
                                                         ("small", "-0.4", 110)])
def test_a_number_not_0_is_never_labelled_as_0(client, dataset, yline, width):
    # Rounded to fewer decimals, 0.000123456 read 0, 0.0, 0.00 and 0.000, and -0.4 read −0.
    svg = drawn(client, f"/plot/{dataset}.svg?x=day&y=v&yline={yline}&width={width}")
    assert labels_drawn(svg) == []
    assert f"A line marks {yline.replace('-', chr(0x2212))}" in described(svg)


@pytest.mark.parametrize(("width", "label"), [(160, "$1M"), (170, "$1.0M"), (180, "$1.00M")])
def test_an_amount_rounding_to_a_thousand_of_its_power_is_written_in_the_next(client, width, label):
    # $999,999 read $1000k.
    svg = drawn(client, "/plot/millions.svg?" + urlencode({"x": "day", "y": "amount ($)", "yline": "999999",
                                                             "width": width}))
    assert labels_drawn(svg) == [label]


def test_a_number_is_never_wrapped_where_a_text_label_is():
    forms = number_forms(1001000, "$1,001,000", "$")
    assert _fitted("$1,001,000", False, 34.0, 100.0, forms) == "$1.0M"
    assert _fitted("$1,001,000", False, 10.0, 100.0, forms) == ""
    assert "\n" in _fitted("The sales target", False, 34.0, 100.0)


@pytest.mark.parametrize(("height", "labels"), [(180, ["2024-03-01"]), (120, [])])
def test_a_moment_too_long_for_its_plot_is_written_as_its_date_or_not_at_all_never_wrapped(data_dir, height, labels):
    # Wrapped, 2024-03-01T12:30 read "20", "2", "4…" up its line.
    client = site_holding(data_dir, {"sales": "day,sales\n2024-01-01,80\n2024-03-01,95\n2024-04-01,105\n"})
    svg = drawn(client, f"/plot/sales.svg?x=day&y=sales&xline=2024-03-01T12:30&height={height}")
    assert labels_drawn(svg) == labels
    assert "A line marks day 2024-03-01T12:30" in described(svg)
