"""Bounds closer together than a plot can be drawn, which matplotlib widens to an axis of their own
tenth either side (`ymin=1&ymax=1.0000000000000002` drew 0.96 to 1.04): a 400 naming the smallest span
that is drawn, not an axis other than the one asked for; date bounds alike, the span in microseconds."""
from __future__ import annotations

import re

import pytest

from tests.conftest import CSV_WRITE, refusal


RULE = "the smallest span a plot draws being 1e-15 times its larger bound in size"


@pytest.mark.parametrize(("bounds", "message"), [
    ("ymin=1&ymax=1.0000000000000002",
     f"ymin and ymax are too close together to draw: they must lie more than 1e-15 apart, {RULE}, got ymin=1 and "
     "ymax=1.0000000000000002"),
    ("ymin=-1e100&ymax=-9.999999999999999e99",
     f"ymin and ymax are too close together to draw: they must lie more than 1e+85 apart, {RULE}, got ymin=-1e100 "
     "and ymax=-9.999999999999999e99"),
])
def test_bounds_closer_than_a_plot_draws_are_a_400_naming_the_smallest_span(client, bounds, message):
    assert refusal(client, f"/plot/weather.json?y=temperature_c&{bounds}") == message
    assert client.get(f"/plot/weather.svg?y=temperature_c&{bounds}").status_code == 400


def test_x_bounds_closer_than_a_plot_draws_are_refused_too(client):
    assert refusal(client, "/plot/animals.json?kind=scatter&xmin=2015&xmax=2015.0000000000002") == (
        f"xmin and xmax are too close together to draw: they must lie more than 2.015e-12 apart, {RULE}, got "
        "xmin=2015 and xmax=2015.0000000000002")


@pytest.mark.parametrize("xmin", ["2024-01-01T00:00:00", "2024-01-01"])
def test_date_bounds_closer_than_a_plot_draws_are_a_400_naming_the_smallest_span_in_microseconds(client, xmin):
    # A microsecond from 2024-01-01 is a few steps of a double counting days since 1970: its axis ran
    # off the plot, its first tick, 00:00.000000, drawn left of the image.
    bounds = f"xmin={xmin}&xmax=2024-01-01T00:00:00.000001"
    assert refusal(client, f"/plot/weather.json?y=temperature_c&{bounds}") == (
        "xmin and xmax are too close together to draw: they must lie more than 1.704 microseconds apart, "
        f"{RULE}, a date being counted in days since 1970-01-01, got {bounds.replace('&', ' and ')}")
    assert client.get(f"/plot/weather.svg?y=temperature_c&{bounds}").status_code == 400


def test_date_bounds_a_plot_draws_apart_are_drawn_as_asked(client):
    answer = client.get("/plot/weather.svg?y=temperature_c&xmin=2024-01-01T00:00:00&xmax=2024-01-01T00:00:00.000002")
    assert answer.status_code == 200, answer.get_data(as_text=True)
    labels = re.findall(r"<text [^>]*>(00:00\.[0-9]+)</text>", answer.get_data(as_text=True))
    assert labels == ["00:00.000000", "00:00.000001", "00:00.000002"]


def test_from_and_to_a_microsecond_apart_choose_their_row_as_they_bound_no_axis(client):
    answer = client.get("/plot/weather.svg?y=temperature_c&from=2024-01-01T00:00:00&to=2024-01-01T00:00:00.000001")
    assert answer.status_code == 200, answer.get_data(as_text=True)
    assert "1 row. date 2024-01-01. last value: temperature_c 3.9." in answer.get_data(as_text=True)
    assert re.findall(r"<text [^>]*>(2024-01-01)</text>", answer.get_data(as_text=True)) == ["2024-01-01"]


@pytest.mark.parametrize("bounds", ["ymin=1&ymax=1.00000000000001", "ymin=0&ymax=5e-324", "ymin=-1e-310&ymax=1e-310",
                                    "ymin=1e-300&ymax=1.00000000000001e-300"])
def test_bounds_a_plot_draws_apart_are_drawn(client, bounds):
    assert client.get(f"/plot/weather.svg?y=temperature_c&{bounds}").status_code == 200


def test_whole_number_bounds_past_what_a_plot_draws_apart_still_select_their_rows(in_process_client):
    client = in_process_client
    csv = "id,v\n" + "".join(f"{9007199254740990 + i},{i}\n" for i in range(0, 8, 2))
    created = client.post("/api/datasets?name=ids_far", data=csv, headers=CSV_WRITE)
    assert created.status_code == 201, created.get_data(as_text=True)
    got = client.get("/plot/ids_far.json?x=id&y=v&xmin=9007199254740990&xmax=9007199254740994")
    assert got.status_code == 200, got.get_data(as_text=True)
    assert [v for _, v in got.get_json()["rows"]] == [0, 2, 4]
