"""Refusals of a range or filter that say what to write: a range on a dataset without dates whose
chart's x is a number names xmin and xmax, which bound it; a filter's 404 names every value no row
holds, not the first alone, and to write a + as %2B where the value with one for its space is held; a time
of 24:00 is told the next day's 00:00, as no date or time takes it."""
from __future__ import annotations

from html import unescape

import pytest

from plots import SpecError
from plots.timerange import parse_bound
from tests.conftest import refusal, writable_app


def test_a_range_on_a_chart_whose_x_is_a_number_names_xmin_and_xmax(data_dir):
    client = writable_app(data_dir).test_client()
    assert refusal(client, "/plot/animals.json?from=2020-01-01").endswith(
        "; leave from out to draw every row; to bound x 'year', a number, give xmin and xmax")
    # A histogram's xmin and xmax bound the values it counts, not its rows: not named.
    assert refusal(client, "/plot/animals.json?kind=hist&y=Bear&from=2020-01-01").endswith(
        "; leave from out to draw every row")


def test_a_filters_404_names_each_value_no_row_holds(tmp_path):
    from tests.test_filters import make_app
    client = make_app(tmp_path).test_client()
    response = client.get("/plot/readings.json?y=value&filter.station=Nowhere&filter.station=East"
                          "&filter.station=Elsewhere")
    assert response.status_code == 404
    assert response.get_json()["error"] == ("filter.station: column 'station' holds no value 'Nowhere' or "
                                            "'Elsewhere'; its values are 'East', 'North', 'South'")
    many = "&".join(f"filter.station=x{n:02d}" for n in range(25))
    said = client.get(f"/d/readings/line.json?{many}").get_json()["error"]
    assert said.startswith("filter.station: column 'station' holds no value 'x00', 'x01', ")
    assert "'x19' … (25 in all); its values are" in said



def test_a_filters_404_says_to_write_a_plus_where_the_value_with_one_is_held(data_dir):
    # A text column of times with their offsets: the + a URL's value is written with arrives as a space.
    (data_dir / "logged.csv").write_text("at,v\n2024-03-31T01:30:00+01:00,1\n2024-03-31T03:30:00+02:00,2\nlater,3\n")
    client = writable_app(data_dir).test_client()
    response = client.get("/plot/logged.json?kind=bar&x=at&y=v&filter.at=2024-03-31T03:30:00+02:00")
    assert response.status_code == 404
    assert response.get_json()["error"].endswith(
        "holds no value '2024-03-31T03:30:00 02:00'; its values are '2024-03-31T01:30:00+01:00', "
        "'2024-03-31T03:30:00+02:00', 'later'; a + in a URL's query string arrives as a space: write it as %2B, "
        "as in filter.at=2024-03-31T03:30:00%2B02:00")
    assert client.get("/plot/logged.json?kind=bar&x=at&y=v&filter.at=2024-03-31T03:30:00%2B02:00").status_code == 200
    # A value no + would mend is told nothing of it.
    assert "%2B" not in client.get("/plot/logged.json?kind=bar&x=at&y=v&filter.at=2024-03-31 02:00").get_data(
        as_text=True)
@pytest.mark.parametrize(("text", "meant"), [
    ("2024-01-31T24:00:00", "next day's 2024-02-01T00:00:00"),
    ("2024-12-31T24:00Z", "next day's 2025-01-01T00:00Z"),
    ("2024-02-28 24:00:00.000+02:00", "next day's 2024-02-29 00:00:00.000+02:00 (an offset's + written %2B in a URL)"),
])
def test_a_time_of_24_00_is_told_the_next_days_midnight(text, meant):
    with pytest.raises(SpecError) as caught:
        parse_bound("to", text)
    assert caught.value.message.endswith(f"got {text!r}; a time of 24:00 is not taken: write the {meant}")


@pytest.mark.parametrize("text", ["2024-01-31T24:00:01", "2024-01-31T24:30", "2024-02-30T24:00", "9999-12-31T24:00"])
def test_a_time_past_24_00_or_of_no_day_is_refused_as_any_other(text):
    with pytest.raises(SpecError) as caught:
        parse_bound("from", text)
    assert "next day" not in caught.value.message


@pytest.mark.parametrize(("text", "said"), [
    ("2024-02-30", "2024-02-30 is written as a date, but there is no such day"),
    ("2024-13-01T10:00", "2024-13-01 is written as a date, but there is no such day"),
    ("2024-01-01T25:00", "25:00 is written as a time, but there is no such time"),
    ("2024-01-01T10:00:60Z", "10:00:60 is written as a time, but there is no such time"),
])
def test_a_date_or_time_in_the_iso_form_that_is_none_is_told_so(text, said):
    with pytest.raises(SpecError) as caught:
        parse_bound("from", text)
    assert caught.value.message.endswith(f"got {text!r}; {said}")


def test_an_x_bound_of_no_real_day_is_told_so_as_from_is(data_dir):
    client = writable_app(data_dir).test_client()
    assert refusal(client, "/plot/weather.json?xmin=2024-02-30") == (
        "xmin must be a date like 2020-01-31 (the x column holds dates; or auto to fit the data), got '2024-02-30'; "
        "2024-02-30 is written as a date, but there is no such day")


@pytest.mark.parametrize("url", ["/plot/weather.json?to=2024-01-31T24:00:00",
                                 "/plot/weather.json?y=temperature_c&xmax=2024-01-31T24:00:00"])
def test_every_url_taking_a_time_tells_24_00_the_next_day(data_dir, url):
    response = writable_app(data_dir).test_client().get(url)
    assert response.status_code == 400
    assert "write the next day's 2024-02-01T00:00:00" in unescape(response.get_data(as_text=True))
