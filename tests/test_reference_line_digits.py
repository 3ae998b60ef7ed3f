"""An unlabelled reference line is labelled with every digit its URL gives, as its axis writes a number: a whole
number past 2**53 as the integer it is (`xline=9007199254740995`, which a double rounds to 9007199254740996) and
drawn there, an amount on an axis of amounts grouped by thousands as that axis writes a plain one
(`$1,000,000.3`, `$9,007,199,254,740,995`); and the alt text names the line's value in every digit its URL
gives too (`A line marks 1015.37`, where it said 1015)."""
from __future__ import annotations

from urllib.parse import urlencode

import pytest

from plots import parse_spec

from tests.conftest import described, site_holding
from tests.test_reference_lines import dashed, drawn, labels_drawn

MINUS = "\N{MINUS SIGN}"
DATASETS = {
    "plain": "day,v\n1,1000\n2,1020\n3,1010\n",
    "near": "day,amount ($)\n1,1000000\n2,1000300.5\n3,1000150\n",
    "ids": "n,day\n9007199254740993,1\n9007199254740994,2\n9007199254740995,3\n9007199254740996,2\n",
    "huge": "day,n\n1,100000000000000001\n2,100000000000000300\n3,100000000000000500\n",
    "big": "day,n ($)\n1,9007199254740993\n2,9007199254740997\n3,9007199254740999\n",
    "shares": "day,share (%)\n1,1000000\n2,3000000\n3,2500000\n",
    # Ticked $1,000,000, $1,002,500 … $1,020,000: plain, as the short form would need 4 decimals.
    "millions": "day,amount ($)\n1,1000000\n2,1020000\n3,1010000\n",
    "thousands": "day,amount ($)\n1,1000\n2,2000\n",
    # Ticked 50,000, 75,000 … 225,000: grouped by thousands, as five whole digits are.
    "counts": "day,visits\n1,50000\n2,250000\n3,120000\n",
}


@pytest.fixture
def client(data_dir):
    return site_holding(data_dir, DATASETS)


def chart(client, dataset: str, *fields: tuple[str, str]) -> bytes:
    return drawn(client, f"/plot/{dataset}.svg?{urlencode(fields)}")


@pytest.mark.parametrize(("dataset", "fields", "label", "said"), [
    ("plain", (("x", "day"), ("y", "v"), ("yline", "1015.37")), "1015.37", "A line marks 1015.37;"),
    ("plain", (("x", "day"), ("y", "v"), ("yline", "-1015.375")), f"{MINUS}1015.375", f"A line marks {MINUS}1015.375;"),
    ("near", (("x", "day"), ("y", "amount ($)"), ("yline", "1000000.3")), "$1,000,000.3",
     "A line marks $1000000.3;"),
    ("ids", (("x", "n"), ("y", "day"), ("xline", "9007199254740995")), "9007199254740995",
     "A line marks n 9007199254740995."),
    ("huge", (("x", "day"), ("y", "n"), ("yline", "100000000000000200")), "100000000000000200",
     "A line marks 100000000000000200;"),
    ("big", (("x", "day"), ("y", "n ($)"), ("yline", "9007199254740995")), "$9,007,199,254,740,995",
     "A line marks $9007199254740995;"),
    # Every digit, as on an axis of plain numbers, where the axis' ticks are written under its "1e6".
    ("shares", (("x", "day"), ("y", "share (%)"), ("yline", "2000000")), "2000000%", "A line marks 2000000%;"),
    ("shares", (("x", "day"), ("y", "share (%)"), ("yline", "0.00005")), f"5e{MINUS}5%", "A line marks 0.00005%;"),
    # Short or plain as the axis' own ticks are written, not as the line's value alone would be.
    ("millions", (("x", "day"), ("y", "amount ($)"), ("yline", "1001000")), "$1,001,000", "A line marks $1001000;"),
    ("thousands", (("x", "day"), ("y", "amount ($)"), ("yline", "1500")), "$1.5k", "A line marks $1500;"),
    ("millions", (("x", "day"), ("y", "amount ($)"), ("kind", "barh"), ("yline", "1001000")), "$1.001M",
     "A line marks $1001000"),
])
def test_a_lines_label_and_words_name_every_digit_its_url_gives(client, dataset, fields, label, said):
    svg = chart(client, dataset, *fields)
    assert labels_drawn(svg) == [label]
    assert said in described(svg)


@pytest.mark.parametrize(("line", "label"), [("200000", "200,000"), ("5000", "5,000"), ("-12345.5", f"{MINUS}12,345.5")])
def test_a_plain_numbers_line_is_grouped_by_thousands_where_its_axis_ticks_are(client, line, label):
    svg = chart(client, "counts", ("x", "day"), ("y", "visits"), ("yline", line))
    assert labels_drawn(svg) == [label]
    assert f"A line marks {label.replace(',', '')};" in described(svg)  # the words' every digit, as before


def test_a_line_of_an_exponent_is_labelled_as_the_offset_writes_it_and_said_in_words(client):
    svg = chart(client, "plain", ("x", "day"), ("y", "v"), ("yline", "1e20"))
    assert labels_drawn(svg) == ["1e20"]
    assert "A line marks 100 quintillion" in described(svg)


def test_xlines_a_whole_number_apart_past_2_to_the_53_are_drawn_apart_each_at_its_own_x(client):
    lines = dashed(chart(client, "ids", ("x", "n"), ("y", "day"), ("xline", "9007199254740994"),
                         ("xline", "9007199254740995"), ("xline", "9007199254740996")))
    xs = [x for _, x in lines]
    assert len(xs) == 3 and xs[0] < xs[1] < xs[2], lines
    assert xs[2] - xs[1] == pytest.approx(xs[1] - xs[0], abs=0.05)


def test_a_whole_number_line_past_2_to_the_53_keeps_its_digits_in_the_query_that_rebuilds_its_chart():
    spec = parse_spec({"x": ["n"], "y": ["day"], "xline": ["9007199254740995:Launch"], "yline": ["9007199254740995"]},
                      {"n": "integer", "day": "integer"})
    assert spec.to_query()["xline"] == "9007199254740995:Launch"
    assert spec.to_query()["yline"] == "9007199254740995"
    assert parse_spec({"yline": ["1e20"], "y": ["day"]}, {"day": "integer"}).to_query()["yline"] == "1e20"


def test_ylines_a_whole_number_apart_among_values_past_2_to_the_53_are_drawn_apart_each_at_its_own_y(client):
    # The values counted from the least, as the lines are: drawn as doubles, one axis of one value.
    lines = dashed(chart(client, "big", ("x", "day"), ("y", "n ($)"), ("yline", "9007199254740994"),
                         ("yline", "9007199254740995"), ("yline", "9007199254740996")))
    ys = [y for _, y in lines]
    assert len(ys) == 3 and ys[0] > ys[1] > ys[2], lines
    assert ys[0] - ys[1] == pytest.approx(ys[1] - ys[2], abs=0.05)


@pytest.mark.parametrize(("fields", "said"), [
    ((("ymax", "12345.5"), ("yline", "12345.7")), "A line marking 12345.7 lies above ymax 12345.5 and is not drawn"),
    # In digits beside the line's digits, where it read "below ymin 9.007199254740996 quadrillion".
    ((("ymin", "9007199254740996"), ("yline", "9007199254740994")),
     "A line marking 9007199254740994 lies below ymin 9007199254740996 and is not drawn"),
    ((("ymax", "1015.123456"), ("yline", "1015.2")), "A line marking 1015.2 lies above ymax 1015.123456 and is not drawn"),
    # A line of an exponent is said in words, and its bound.
    ((("ymax", "1e19"), ("yline", "1e20")), "A line marking 100 quintillion lies above ymax 10 quintillion and is not drawn"),
])
def test_a_bound_a_line_lies_beyond_is_said_in_the_digits_that_tell_it_from_the_line(client, fields, said):
    # To 4 digits, 12346 and 9.007 quadrillion, the line read as lying beyond a bound it equals.
    assert said in described(chart(client, "plain", ("x", "day"), ("y", "v"), *fields))


def test_a_bound_an_amount_s_line_lies_beyond_is_said_in_digits_with_the_unit(client):
    svg = chart(client, "near", ("x", "day"), ("y", "amount ($)"), ("ymax", "1000000.25"), ("yline", "1000000.3"))
    assert "A line marking $1000000.3 lies above ymax $1000000.25 and is not drawn" in described(svg)
