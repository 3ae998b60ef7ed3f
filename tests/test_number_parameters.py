"""Sizes, bins and bounds are numbers written with the ASCII digits only: Python's int() and float()
would take full-width digits, a leading "+" and underscores too."""
from __future__ import annotations

from urllib.parse import quote

import pytest

from app.store.written_forms import form_hint
from plots import SpecError, parse_spec
from tests.test_embed_edges import svg_message

ANIMALS = {"year": "integer", "Bear": "integer"}
LENIENT = ["８００", "+800", "8_00", "٨٠٠", " +800"]


@pytest.mark.parametrize("name", ["width", "height"])
@pytest.mark.parametrize("raw", LENIENT)
def test_a_size_not_in_ascii_digits_is_refused_saying_what_is_allowed(client, name, raw):
    response = client.get(f"/plot/animals.json?{name}={quote(raw)}")
    assert response.status_code == 400, response.data[:200]
    error = response.get_json()["error"]
    assert error.startswith(f"{name} must be a whole number of CSS pixels from 100 to 2000, written with the "
                            "digits 0 to 9 only, got "), error


@pytest.mark.parametrize("raw", ["２０", "+20", "2_0"])
def test_bins_not_in_ascii_digits_are_refused(raw):
    with pytest.raises(SpecError, match="bins must be a whole number from 1 to 200, written with the digits"):
        parse_spec({"kind": ["hist"], "bins": [raw]}, ANIMALS)


@pytest.mark.parametrize("raw", ["１０", "+10", "1_0", "1e1_0", "0x10", "1,5"])
def test_a_bound_not_in_ascii_digits_is_refused(raw):
    with pytest.raises(SpecError, match=r"ymax must be a number \(or auto to fit the data\) written with the digits"):
        parse_spec({"ymax": [raw]}, ANIMALS)


@pytest.mark.parametrize(("raw", "value"), [("-2.5", -2.5), (".5", 0.5), ("5.", 5.0), ("1e3", 1000.0),
                                            ("1e+20", 1e20), ("1.5e-07", 1.5e-7), (" 7 ", 7.0)])
def test_a_bound_may_have_a_sign_a_point_and_an_exponent(raw, value):
    assert parse_spec({"ymax": [raw]}, ANIMALS).ymax == value


def test_sizes_and_bins_in_ascii_digits_are_taken_with_space_and_leading_zeros_around():
    spec = parse_spec({"kind": ["hist"], "width": [" 0800 "], "height": ["300"], "bins": ["007"]}, ANIMALS)
    assert (spec.width, spec.height, spec.bins) == (800, 300, 7)


def test_a_size_of_many_digits_is_refused_as_out_of_range():
    with pytest.raises(SpecError, match="width must be between 100 and 2000 CSS pixels, got 9999"):
        parse_spec({"width": ["9" * 50]}, ANIMALS)


@pytest.mark.parametrize(("raw", "got"), [("99999", "99999"), ("50", "50"), ("0", "0"), ("000099999", "99999")])
def test_a_size_out_of_range_is_told_as_a_number_however_many_its_digits(raw, got):
    with pytest.raises(SpecError) as caught:
        parse_spec({"width": [raw]}, ANIMALS)
    assert caught.value.message == f"width must be between 100 and 2000 CSS pixels, got {got}"


@pytest.mark.parametrize("raw", ["inf", "-Infinity", "nan", "1e400"])
def test_a_bound_that_is_no_finite_number_is_refused_saying_so(raw):
    with pytest.raises(SpecError, match="ymax must be a finite number between -1e150 and 1e150"):
        parse_spec({"ymax": [raw]}, ANIMALS)


@pytest.mark.parametrize("raw", ["now-７d", "now-٧d", "now+１h"])
def test_a_relative_moment_counts_in_ascii_digits_only(client, raw):
    response = client.get(f"/plot/weather.json?x=date&y=temperature_c&from={quote(raw)}")
    assert response.status_code == 400, response.data[:200]
    assert response.get_json()["error"].startswith("from must be a date (2024-01-31)")
    assert client.get(f"/plot/weather.json?x=date&y=temperature_c&from={quote('now-7d')}").status_code == 200


# Every number field reads its digits with spaces around them aside, a PNG's scale as the others: a
# form's free-text bound typed "5 ", or a + a query string turns into a space, draws the same chart.
@pytest.mark.parametrize(("spaced", "plain"), [
    ("width=%20640", "width=640"), ("width=640%20", "width=640"), ("height=+360", "height=360"),
    ("bins=%09" "10", "bins=10"), ("ymax=%207%20", "ymax=7"),
])
def test_a_number_with_spaces_around_it_draws_the_chart_it_names(client, spaced, plain):
    base = "/plot/animals.svg?kind=hist&"
    assert client.get(base + spaced).data == client.get(base + plain).data
    assert client.get(base + spaced).status_code == 200


@pytest.mark.parametrize("raw", ["%202", "2%20", "+2"])
def test_a_png_scale_with_spaces_around_it_is_read_as_every_whole_number_is(client, raw):
    response = client.get(f"/plot/animals.png?scale={raw}")
    assert response.status_code == 200, response.data[:300]
    assert response.data == client.get("/plot/animals.png?scale=2").data


def test_a_png_scale_is_refused_in_the_words_of_every_whole_number(client):
    response = client.get("/plot/animals.json?width=%2B640")
    width_words = response.get_json()["error"]
    assert width_words.startswith("width must be a whole number of CSS pixels from 100 to 2000, written with the digits")
    refused = svg_message(client.get("/plot/animals.png?scale=%2B2").data)
    assert refused == ("scale must be a whole number of device pixels per CSS pixel from 1 to 3, written with the "
                       "digits 0 to 9 only, got '+2'")


@pytest.mark.parametrize(("name", "raw"), [("ymin", "1e-400"), ("xmin", "-2.5e-330"), ("ymax", "2e-324")])
def test_a_bound_too_small_for_a_float_is_refused_as_the_calculator_refuses_it_not_drawn_as_0(client, name, raw):
    response = client.get(f"/plot/animals.json?{name}={raw}")
    assert response.status_code == 400, response.data[:200]
    error = response.get_json()["error"]
    assert error == (f"{name} {raw!r} is too small for a 64-bit float, which would hold it as 0 (the smallest number "
                     "above 0 it holds is about 4.9e-324); write 0 if zero is meant")
    calculator = client.get(f"/divide.json?numerator={raw}&denominator=1").get_json()["error"]
    assert calculator == error.replace(name, "numerator", 1)
    assert client.get(f"/plot/animals.json?{name}=0e-999").status_code == 200  # a zero however written is one


# A number written as an upload's cell may be (a decimal comma, thousands separators, digits or
# separators of another script, a minus written another way) is told how to write it, in the words the
# upload's cell is told.
POINT = "no thousands separators, units or currency signs"


@pytest.mark.parametrize(("raw", "hint"), [
    ("1,5", f"write numbers with a point: 1.5, {POINT}"), ("-1,5", f"write numbers with a point: -1.5, {POINT}"),
    ("1.234,5", f"write numbers with a point: 1234.5, {POINT}"),
    ("1,234", f"write numbers with a point: 1234 or 1.234 (whichever is meant), {POINT}"),
    ("١٫٥", "write digits 0–9 and a decimal point '.', not '٫': 1.5"),
    ("１，５", f"write digits 0–9 and numbers with a point: 1.5, {POINT}"), ("٨٠٠", "write digits 0–9: 800"),
    ("(5)", "write a minus as '-', not brackets: -5"), ("\u22125", "write a minus as '-': -5"),
    ("(1,5)", f"write a minus as '-', not brackets, and numbers with a point: -1.5, {POINT}"),
])
def test_a_bound_written_as_an_upload_may_write_it_is_refused_saying_how_to_write_it(client, raw, hint):
    assert form_hint(raw) == hint  # the upload's words
    response = client.get(f"/plot/animals.json?ymin={quote(raw)}")
    assert response.status_code == 400, response.data[:200]
    assert response.get_json()["error"].endswith(f"got {raw!r}; {hint}")
    calculator = client.get(f"/divide.json?numerator={quote(raw)}&denominator=1").get_json()["error"]
    assert calculator.endswith(f"got {raw!r}; {hint}")


@pytest.mark.parametrize(("query", "said"), [
    ("width=1,000", "width must be a whole number of CSS pixels from 100 to 2000, written with the digits 0 to 9 "
                    f"only, got '1,000'; write numbers with a point: 1000, {POINT}"),
    ("width=%EF%BC%98%EF%BC%90%EF%BC%90", "got '８００'; write digits 0–9: 800"),
    ("kind=hist&bins=%D9%A2%D9%A0", "got '٢٠'; write digits 0–9: 20"),
])
def test_a_whole_number_written_as_an_upload_may_write_it_is_refused_saying_how_to_write_it(client, query, said):
    response = client.get(f"/plot/animals.json?{query}")
    assert response.status_code == 400, response.data[:200]
    assert response.get_json()["error"].endswith(said)


@pytest.mark.parametrize("raw", ["1,5", "-8,00", "+800", "8_00"])
def test_a_whole_number_field_is_told_no_number_it_does_not_take(client, raw):
    error = client.get(f"/plot/animals.json?width={quote(raw)}").get_json()["error"]
    assert error.endswith(f"got {raw!r}"), error
