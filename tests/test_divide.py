"""The first version's calculator refuses what it cannot answer exactly as asked."""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("query", ["numerator=1&numerator=5&denominator=2", "numerator=6&denominator=2&denominator=3"])
def test_a_number_given_twice_is_400_naming_it(client, query):
    response = client.get(f"/divide.json?{query}")
    assert response.status_code == 400
    name = "numerator" if query.count("numerator") == 2 else "denominator"
    assert response.get_json()["error"].startswith(f"{name} was given 2 times; give it once: a number written with")


@pytest.mark.parametrize(("query", "name"), [("numerator=1&denominator=1e-400", "denominator"),
                                             ("numerator=-1e-400&denominator=3", "numerator")])
def test_a_number_too_small_for_a_float_is_400_rather_than_taken_as_0(client, query, name):
    response = client.get(f"/divide.json?{query}")
    assert response.status_code == 400
    assert response.get_json()["error"].startswith(f"{name} '")
    assert "too small for a 64-bit float" in response.get_json()["error"]


@pytest.mark.parametrize("zero", ["0", "-0", "0.000", "0e-999"])
def test_a_zero_however_written_is_a_zero(client, zero):
    assert client.get(f"/divide.json?numerator={zero}&denominator=3").get_json()["result"] == 0
    assert client.get(f"/divide.json?numerator=3&denominator={zero}").get_json()["error"] == (
        f"denominator must be a number other than 0, which divides nothing, got '{zero}'")


@pytest.mark.parametrize("number", ["1_000", "%EF%BC%91", "%2B1", "1e%205"])
def test_a_number_is_written_as_a_chart_s_bound_is(client, number):
    # float() takes an underscore, a full-width digit and a plus sign; no chart parameter does.
    response = client.get(f"/divide.json?numerator={number}&denominator=1")
    assert response.status_code == 400
    assert response.get_json()["error"].startswith(
        "numerator must be a number written with the digits 0 to 9, an optional minus sign, decimal point and "
        "exponent (-2.5, 1e6), got '")


@pytest.mark.parametrize(("number", "value"), [("+1.5", 1.5), ("-2e1", -20.0), (".5", 0.5)])
def test_a_number_with_spaces_around_it_or_a_minus_sign_and_exponent_is_taken(client, number, value):
    assert client.get(f"/divide.json?numerator={number}&denominator=1").get_json()["result"] == value


def test_a_result_too_large_names_the_numbers_as_written(client):
    assert client.get("/divide.json?numerator=1e300&denominator=1e-300").get_json()["error"] == (
        "the result of 1e300 / 1e-300 is too large for a 64-bit float (above about 1.8e308); use a smaller numerator "
        "or a larger denominator")
