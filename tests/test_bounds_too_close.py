"""Bounds closer together than a plot can be drawn right, which matplotlib widens to an axis of their
own tenth either side (`ymin=1&ymax=1.0000000000000002` drew 0.96 to 1.04), or draws pixels from its
place (`ymin=1.0137&ymax=1.0137000000000103`, its spine 4 to 6 pt below the plot): a 400 naming the smallest
span that is drawn right, not an axis other than the one asked for; date bounds alike, the span in
microseconds."""
from __future__ import annotations

import re

import pytest

from tests.conftest import CSV_WRITE, refusal


RULE = "the smallest span a plot draws right being 2e-12 times its larger bound in size"


@pytest.mark.parametrize(("bounds", "message"), [
    ("ymin=1&ymax=1.0000000000000002",
     f"ymin and ymax are too close together to draw right: they must lie more than 2e-12 apart, {RULE}, got ymin=1 and "
     "ymax=1.0000000000000002"),
    ("ymin=-1e100&ymax=-9.999999999999999e99",
     f"ymin and ymax are too close together to draw right: they must lie more than 2e+88 apart, {RULE}, got ymin=-1e100 "
     "and ymax=-9.999999999999999e99"),
])
def test_bounds_closer_than_a_plot_draws_are_a_400_naming_the_smallest_span(client, bounds, message):
    assert refusal(client, f"/plot/weather.json?y=temperature_c&{bounds}") == message
    assert client.get(f"/plot/weather.svg?y=temperature_c&{bounds}").status_code == 400


def test_x_bounds_closer_than_a_plot_draws_are_refused_too(client):
    assert refusal(client, "/plot/animals.json?kind=scatter&xmin=2015&xmax=2015.0000000000002") == (
        f"xmin and xmax are too close together to draw right: they must lie more than 4.03e-09 apart, {RULE}, got "
        "xmin=2015 and xmax=2015.0000000000002")


@pytest.mark.parametrize("bounds", [
    # Past matplotlib's 1e-15 but drawn pixels from their places: the spine of ymin=1.0137&ymax=1.0137000000000103
    # 4 to 6 pt below the plot, a tick of ymin=1&ymax=1.00000000000002 0.9 pt from its place, and 2 microseconds
    # in 2024 the axis' spine and ticks 8 pt to the right.
    "ymin=1.0137&ymax=1.0137000000000103", "ymin=1&ymax=1.00000000000002", "ymin=1&ymax=1.0000000000019",
    "xmin=2024-01-01T00:00:00&xmax=2024-01-01T00:00:00.000002", "xmin=2024-01-01&xmax=2024-01-01T00:00:00.003",
])
def test_bounds_a_plot_draws_out_of_place_are_refused(client, bounds):
    assert "too close together to draw right" in refusal(client, f"/plot/weather.json?y=temperature_c&{bounds}")
    assert client.get(f"/plot/weather.svg?y=temperature_c&{bounds}").status_code == 400


@pytest.mark.parametrize("xmin", ["2024-01-01T00:00:00", "2024-01-01"])
def test_date_bounds_closer_than_a_plot_draws_are_a_400_naming_the_smallest_span_in_microseconds(client, xmin):
    # A microsecond from 2024-01-01 is a few steps of a double counting days since 1970: its axis ran
    # off the plot, its first tick, 00:00.000000, drawn left of the image.
    bounds = f"xmin={xmin}&xmax=2024-01-01T00:00:00.000001"
    assert refusal(client, f"/plot/weather.json?y=temperature_c&{bounds}") == (
        "xmin and xmax are too close together to draw right: they must lie more than 3408 microseconds apart, "
        f"{RULE}, a date being counted in days since 1970-01-01, got {bounds.replace('&', ' and ')}")
    assert client.get(f"/plot/weather.svg?y=temperature_c&{bounds}").status_code == 400


def test_the_smallest_span_of_dates_far_from_1970_is_written_in_whole_microseconds(client):
    bounds = "xmin=9999-01-01&xmax=9999-01-01T00:00:00.4"
    assert "they must lie more than 506742 microseconds apart" in refusal(
        client, f"/plot/weather.json?y=temperature_c&{bounds}")


def _plot_and_spines(svg: str) -> tuple[tuple[float, ...], str]:
    """The plot's box (x, y, width, height, in pt) and the path of its spines, from a chart's SVG."""
    box = re.search(r'<clipPath id="[^"]*">\s*<rect x="([0-9.]+)" y="([0-9.]+)" width="([0-9.]+)" height="([0-9.]+)"',
                    svg)
    spines = re.search(r'<path d="([^"]*)"[^>]* stroke-linejoin="miter"', svg)
    assert box and spines, svg
    return tuple(float(v) for v in box.groups()), spines.group(1)


# Half a CSS pixel, in the SVG's points.
HALF_A_PIXEL = 0.375


def test_date_bounds_a_plot_draws_apart_are_drawn_in_place_on_the_largest_chart(client):
    # Just past the least span in 2024 (3408 microseconds), 2000 px wide: the x axis' spine from the
    # plot's left edge to its right, where 2 microseconds drew it 75 px to the left of both.
    answer = client.get("/plot/weather.svg?y=temperature_c&xmin=2024-01-01T00:00:00&xmax=2024-01-01T00:00:00.003409"
                        "&width=2000&height=2000")
    assert answer.status_code == 200, answer.get_data(as_text=True)
    (left, _, width, _), spines = _plot_and_spines(answer.get_data(as_text=True))
    start, end = (float(v) for v in re.search(r"M([0-9.]+) [0-9.]+H([0-9.]+)", spines).groups())
    assert abs(start - left) < HALF_A_PIXEL and abs(end - (left + width)) < HALF_A_PIXEL, (start, end, left, width)


def test_bounds_a_plot_draws_apart_are_drawn_in_place_on_the_largest_chart(client):
    # Just past the least span, 2000 px high: the y axis' spine from the plot's bottom edge to its top.
    answer = client.get("/plot/weather.svg?y=temperature_c&ymin=1&ymax=1.000000000002001&width=2000&height=2000")
    assert answer.status_code == 200, answer.get_data(as_text=True)
    (_, top, _, height), spines = _plot_and_spines(answer.get_data(as_text=True))
    bottom_end, top_end = (float(v) for v in re.search(r"M[0-9.]+ ([0-9.]+)V([0-9.]+)", spines).groups())
    assert abs(bottom_end - (top + height)) < HALF_A_PIXEL and abs(top_end - top) < HALF_A_PIXEL, \
        (bottom_end, top_end, top, height)


def test_from_and_to_a_microsecond_apart_choose_their_row_as_they_bound_no_axis(client):
    answer = client.get("/plot/weather.svg?y=temperature_c&from=2024-01-01T00:00:00&to=2024-01-01T00:00:00.000001")
    assert answer.status_code == 200, answer.get_data(as_text=True)
    assert "1 row. date 2024-01-01. last value: temperature_c 3.9." in answer.get_data(as_text=True)
    assert re.findall(r"<text [^>]*>(2024-01-01)</text>", answer.get_data(as_text=True)) == ["2024-01-01"]


@pytest.mark.parametrize("bounds", ["ymin=1&ymax=1.00000000001", "ymin=0&ymax=5e-324", "ymin=-1e-310&ymax=1e-310",
                                    "ymin=1e-300&ymax=1.00000000001e-300"])
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
