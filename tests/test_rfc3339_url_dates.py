"""A URL's dates (`from`, `to`, `xmin`, `xmax`) written as RFC 3339 allows (§5.6: a lower-case `t` or
`z`) are the moments the upper-case forms are, as a dataset's date cells are; other lower-case letters
fromisoformat would read in upper case (an ISO week, `2024-w01-1`) are still refused."""
from __future__ import annotations

from datetime import datetime

import pytest

from plots import SpecError
from plots.field_values import bound_value
from plots.timerange import parse_bound
from tests.conftest import json_rows, refusal, writable_app

LOWER_AND_UPPER = [
    ("2024-01-02t06:30:00z", "2024-01-02T06:30:00Z"),
    ("2024-01-02T06:30:00z", "2024-01-02T06:30:00Z"),
    ("2024-01-02t08:30:00+02:00", "2024-01-02T08:30:00+02:00"),
    ("2024-01-02t06:30z", "2024-01-02T06:30Z"),
]


@pytest.fixture
def client(data_dir):
    return writable_app(data_dir, RENDER_WORKERS=0).test_client()


@pytest.mark.parametrize(("lower", "upper"), LOWER_AND_UPPER)
@pytest.mark.parametrize("name", ["from", "to"])
def test_a_range_bound_in_lower_case_is_the_moment_of_the_upper_case_one(name, lower, upper):
    bound = parse_bound(name, lower)
    assert bound.moment == parse_bound(name, upper).moment == datetime(2024, 1, 2, 6, 30)
    assert bound.text == "2024-01-02T06:30:00"


@pytest.mark.parametrize(("lower", "upper"), LOWER_AND_UPPER)
@pytest.mark.parametrize("name", ["xmin", "xmax"])
def test_an_x_bound_in_lower_case_is_the_moment_of_the_upper_case_one(name, lower, upper):
    assert bound_value(name, lower, "datetime") == bound_value(name, upper, "datetime") == datetime(2024, 1, 2, 6, 30)


@pytest.mark.parametrize("text", ["2024-w01-1", "2024-01-02t06:30:00zz", "now-1D"])
def test_other_lower_case_letters_are_still_refused(text):
    with pytest.raises(SpecError, match="from must be a date"):
        parse_bound("from", text)
    with pytest.raises(SpecError, match="xmin must be a date like 2020-01-31"):
        bound_value("xmin", text, "datetime")


def test_a_chart_url_of_lower_case_dates_draws_the_rows_of_the_upper_case_ones(client):
    lower = json_rows(client, "/plot/weather.json?y=temperature_c&from=2024-01-02t00:00:00z&to=2024-01-05t00:00:00z"
                              "&xmin=2024-01-03t00:00:00z")
    upper = json_rows(client, "/plot/weather.json?y=temperature_c&from=2024-01-02T00:00:00Z&to=2024-01-05T00:00:00Z"
                              "&xmin=2024-01-03T00:00:00Z")
    assert lower == upper and len(lower) == 3
    assert client.get("/plot/weather.svg?from=2024-01-02t00:00:00z&xmax=2024-02-01t00:00:00z").status_code == 200


def test_a_refused_lower_case_date_names_the_forms_taken(client):
    assert "from must be a date (2024-01-31)" in refusal(client, "/plot/weather.json?from=2024-01-02t00:00:00x")
