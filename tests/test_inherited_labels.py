"""A dashboard chart's axis titles follow what they title when a URL or the chart page's form switches
its kind: the values' title moves to the axis that holds the values, and a title of an axis the new
kind does not have is dropped; so is the title of an axis that the URL's x or y fills with other
columns, and that of the axis of dates once the URL resamples them by another period or none, or draws bars
of periods as a line, whose ticks name dates at a step of their own. A title
the URL gives itself stays where the URL puts it."""
from __future__ import annotations

import urllib.parse
import xml.etree.ElementTree as ET

import pytest

from plots.spec_parser import parse_spec
from tests.test_http import SpecForm, chart_image, submitted

SVG_TEXT = "{http://www.w3.org/2000/svg}text"
# The stations sample's columns, and sunshine-vs-temperature as stations.toml defines it.
STATIONS = {"date": "datetime", "station": "text", "temperature_c": "float", "rainfall_mm": "float",
            "sunshine_h": "float"}
SCATTER = {"kind": ["scatter"], "x": ["temperature_c"], "y": ["sunshine_h"], "xlabel": ["temperature, °C"],
           "ylabel": ["sunshine, hours"]}
# temperature as stations.toml defines it: weekly means.
WEEKLY = {"kind": ["line"], "x": ["date"], "y": ["temperature_c"], "resample": ["week"], "xlabel": ["week"],
          "ylabel": ["°C"]}


def labels(client, url: str) -> tuple[str | None, str | None]:
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)
    spec = response.json["spec"]
    return spec.get("xlabel"), spec.get("ylabel")


@pytest.mark.parametrize(("url", "expected"), [
    # temperature is a line of weekly means titled °C up its value axis (its dates by their column's name).
    ("/d/stations/temperature.json", (None, "°C")),
    ("/d/stations/temperature.json?kind=hist&resample=none", ("°C", None)),  # the values run across
    ("/d/stations/temperature.json?kind=barh&x=station&resample=none", (None, "°C")),  # ylabel: barh's values too
    ("/d/stations/temperature.json?kind=box&resample=none", (None, "°C")),
    ("/d/stations/temperature.json?kind=bar", (None, "°C")),
    # rainfall: bars of monthly means titled month along their months, and "mm a day".
    ("/d/stations/rainfall.json?kind=barh", ("month", "mm a day")),
    # sunshine-vs-temperature is a scatter with both titles.
    ("/d/stations/sunshine-vs-temperature.json?kind=barh&from=2025-01-01&to=2025-01-08",
     ("temperature, °C", "sunshine, hours")),
    ("/d/stations/sunshine-vs-temperature.json?kind=box", (None, "sunshine, hours")),
    ("/d/stations/sunshine-vs-temperature.json?kind=hist", ("sunshine, hours", None)),
    # temperature-spread is a histogram: °C across, readings up.
    ("/d/stations/temperature-spread.json?kind=line", (None, "°C")),
    ("/d/stations/temperature-spread.json?kind=barh&x=station", (None, "°C")),
])
def test_a_dashboard_charts_axis_titles_follow_the_values_to_the_kind_asked_for(client, url, expected):
    assert labels(client, url) == expected


@pytest.mark.parametrize(("url", "expected"), [
    ("/d/stations/temperature.json?kind=hist&resample=none&ylabel=days", ("°C", "days")),
    ("/d/stations/temperature.json?kind=hist&resample=none&xlabel=Celsius", ("Celsius", None)),
    ("/d/stations/temperature.json?kind=barh&x=station&resample=none&xlabel=station", ("station", "°C")),
    ("/d/stations/sunshine-vs-temperature.json?kind=barh&ylabel=hours&from=2025-01-01&to=2025-01-08",
     ("temperature, °C", "hours")),
])
def test_an_axis_title_the_url_gives_stays_where_the_url_puts_it(client, url, expected):
    assert labels(client, url) == expected


@pytest.mark.parametrize("kind", ["hist", "barh", "box"])
def test_a_kind_switched_in_the_chart_pages_form_takes_the_dashboards_titles_along(client, kind):
    page = "/d/stations/temperature"
    form = SpecForm(client.get(page).get_data(as_text=True))
    sent = submitted(client, form, kind=kind, x="station" if kind == "barh" else "date")
    assert sent.status_code == 200
    image = chart_image(sent.get_data(as_text=True))
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(image).query)
    assert "xlabel" not in query and "ylabel" not in query  # nothing pinned for a later switch
    expected = ("°C", None) if kind == "hist" else (None, "°C")  # a barh's ylabel titles its values as a line's
    assert labels(client, image.replace(".svg?", ".json?")) == expected
    # Switched back, the line has its own titles again.
    again = submitted(client, SpecForm(sent.get_data(as_text=True)), kind="line", x="date")
    assert again.status_code == 200
    assert labels(client, chart_image(again.get_data(as_text=True)).replace(".svg?", ".json?")) == (None, "°C")


@pytest.mark.parametrize(("url", "expected"), [
    # sunshine-vs-temperature: temperature_c across titled "temperature, °C", sunshine_h up titled
    # "sunshine, hours".
    ("/d/stations/sunshine-vs-temperature.json?x=date", (None, "sunshine, hours")),
    ("/d/stations/sunshine-vs-temperature.json?y=rainfall_mm", ("temperature, °C", None)),
    ("/d/stations/sunshine-vs-temperature.json?y=sunshine_h,rainfall_mm", ("temperature, °C", None)),
    ("/d/stations/sunshine-vs-temperature.json?x=date&y=rainfall_mm", (None, None)),
    ("/d/stations/sunshine-vs-temperature.json?kind=line&x=date", (None, "sunshine, hours")),
    ("/d/stations/sunshine-vs-temperature.json?kind=hist&y=rainfall_mm", (None, None)),
    ("/d/stations/sunshine-vs-temperature.json?kind=box&y=rainfall_mm", (None, None)),
    ("/d/stations/rainfall.json?y=temperature_c", ("month", None)),  # still months along x
    ("/d/weather/windiest-years.json?y=rainfall_mm", ("year", None)),  # a barh's years down the side stay
    # A histogram's count title counts readings whatever they are counted by.
    ("/d/stations/temperature-spread.json?y=rainfall_mm", (None, "readings")),
])
def test_an_inherited_axis_title_is_dropped_when_the_url_draws_other_columns_on_that_axis(client, url, expected):
    assert labels(client, url) == expected


@pytest.mark.parametrize(("url", "expected"), [
    ("/d/stations/sunshine-vs-temperature.json?x=temperature_c", ("temperature, °C", "sunshine, hours")),
    ("/d/stations/sunshine-vs-temperature.json?y=sunshine_h", ("temperature, °C", "sunshine, hours")),
    ("/d/stations/sunshine-vs-temperature.json?x=temperature_c&y=sunshine_h&kind=scatter",
     ("temperature, °C", "sunshine, hours")),
    ("/d/stations/rainfall.json?x=date&y=rainfall_mm", ("month", "mm a day")),
    ("/d/stations/temperature.json?x=station&resample=none", (None, "°C")),  # the values are the same
    ("/d/stations/temperature-spread.json?y=temperature_c", ("°C", "readings")),
])
def test_an_x_or_y_the_url_gives_as_the_chart_has_it_keeps_its_titles(client, url, expected):
    assert labels(client, url) == expected


@pytest.mark.parametrize(("url", "expected"), [
    ("/d/stations/sunshine-vs-temperature.json?x=date&xlabel=day", ("day", "sunshine, hours")),
    ("/d/stations/sunshine-vs-temperature.json?y=rainfall_mm&ylabel=mm", ("temperature, °C", "mm")),
    ("/d/stations/sunshine-vs-temperature.json?x=date&xlabel=", ("", "sunshine, hours")),
])
def test_an_axis_title_the_url_gives_with_another_x_or_y_stays(client, url, expected):
    assert labels(client, url) == expected


@pytest.mark.parametrize(("url", "expected"), [
    # rainfall: monthly means, titled month along x; yearly-rainfall: yearly sums, titled year;
    # windiest-years: a barh of yearly maxima, its years down the side.
    ("/d/stations/rainfall.json?resample=none&to=2025-01-31", (None, "mm a day")),
    ("/d/stations/rainfall.json?resample=week", (None, "mm a day")),
    ("/d/stations/temperature.json?kind=bar&resample=day&to=2025-01-31", (None, "°C")),
    ("/d/weather/yearly-rainfall.json?resample=quarter&from=2020-01-01", (None, "mm")),
    ("/d/weather/windiest-years.json?resample=month&from=2025-01-01", (None, "km/h")),
])
def test_an_inherited_title_of_periods_is_dropped_when_the_url_resamples_otherwise(client, url, expected):
    assert labels(client, url) == expected


@pytest.mark.parametrize(("url", "expected"), [
    ("/d/stations/rainfall.json?resample=month", ("month", "mm a day")),
    ("/d/stations/rainfall.json?resample=Month", ("month", "mm a day")),
    ("/d/weather/yearly-rainfall.json?resample=year&agg=max", ("year", "mm")),
    ("/d/weather/windiest-years.json?kind=bar", ("year", "km/h")),  # its years along x now
    ("/d/stations/temperature.json?resample=month&xlabel=month", ("month", "°C")),  # the URL's own
])
def test_a_title_of_periods_stays_over_the_same_periods(client, url, expected):
    assert labels(client, url) == expected


def drawn_texts(client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)
    return [text.text for text in ET.fromstring(response.data).iter(SVG_TEXT)]


def test_a_scatter_switched_to_an_x_of_dates_titles_that_axis_date_not_its_old_columns_title(client):
    texts = drawn_texts(client, "/d/stations/sunshine-vs-temperature.svg?x=date")
    assert "temperature, °C" not in texts
    assert "date" in texts and "sunshine, hours" in texts
    texts = drawn_texts(client, "/d/stations/sunshine-vs-temperature.svg?y=rainfall_mm")
    assert "sunshine, hours" not in texts
    assert "rainfall_mm" in texts and "temperature, °C" in texts
    # Its own x and y, named: its own titles.
    texts = drawn_texts(client, "/d/stations/sunshine-vs-temperature.svg?x=temperature_c&y=sunshine_h")
    assert "temperature, °C" in texts and "sunshine, hours" in texts


def test_monthly_means_resampled_by_week_title_their_dates_date_not_month(client):
    texts = drawn_texts(client, "/d/stations/rainfall.svg?resample=week")
    assert "month" not in texts
    assert "date" in texts and "mm a day" in texts
    assert "month" in drawn_texts(client, "/d/stations/rainfall.svg")


@pytest.mark.parametrize(("url", "expected"), [
    ("/d/weather/yearly-rainfall.json?kind=line", (None, "mm")),
    ("/d/weather/yearly-rainfall.json?kind=area", (None, "mm")),
    ("/d/weather/windiest-years.json?kind=scatter", (None, "km/h")),
    ("/d/stations/rainfall.json?kind=line", (None, "mm a day")),
    ("/d/weather/yearly-rainfall.json?kind=line&xlabel=year", ("year", "mm")),  # the URL's own
])
def test_a_title_of_bars_periods_is_dropped_when_the_url_draws_them_along_a_line_s_dates(client, url, expected):
    # A line's ticks name dates at a step of their own, years over months: "year" under them named
    # no tick ("month" under ticks of years on the monthly means).
    assert labels(client, url) == expected


@pytest.mark.parametrize(("url", "ticks"), [
    ("/d/weather/monthly-temperature.svg", ["2000", "2005", "2010"]),
    ("/d/weather/recent-rain.svg", ["Apr", "Jul", "Oct"]),
    ("/d/stations/temperature.svg", ["Feb", "Mar", "Apr"]),
    ("/d/stations/weather-station.svg", ["Feb", "Mar", "Apr"]),
    ("/d/weather/yearly-rainfall.svg?kind=line", ["2000", "2005", "2010"]),
])
def test_a_line_of_periods_titles_its_dates_as_its_ticks_name_them(client, url, ticks):
    # The monthly means stood over "month" under ticks of years, the weekly ones over "week" under
    # ticks of months: the title says what the ticks show, their column's name.
    texts = drawn_texts(client, url)
    assert set(ticks) <= set(texts), texts
    assert "date" in texts and not {"day", "week", "month", "quarter", "year"} & set(texts), texts


def test_a_resample_switched_in_the_chart_pages_form_drops_the_title_of_periods_and_round_trips(client):
    form = SpecForm(client.get("/d/stations/rainfall").get_data(as_text=True))
    sent = submitted(client, form, resample="quarter")
    assert sent.status_code == 200
    page = sent.get_data(as_text=True)
    image = chart_image(page)
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(image).query)
    assert query["resample"] == ["quarter"] and "xlabel" not in query and "ylabel" not in query
    assert labels(client, image.replace(".svg?", ".json?")) == (None, "mm a day")
    # Sent again unchanged, the same chart; switched back, the dashboard's titles again.
    again = submitted(client, SpecForm(page))
    assert again.status_code == 200 and chart_image(again.get_data(as_text=True)) == image
    back = submitted(client, SpecForm(page), resample="month")
    assert back.status_code == 200
    assert labels(client, chart_image(back.get_data(as_text=True)).replace(".svg?", ".json?")) == ("month", "mm a day")


@pytest.mark.parametrize(("query", "titles"), [
    ({"resample": ["month"]}, {}),
    ({"resample": ["none"]}, {}),
    ({"resample": ["week"]}, {}),
    ({"resample": ["month"], "xlabel": ["month"]}, {"xlabel": "month"}),
    ({"resample": ["month"], "xlabel": ["week"]}, {"xlabel": "week"}),  # asked for over months
])
def test_to_query_over_a_resampled_chart_names_only_the_titles_the_query_gave_and_rebuilds_the_spec(
        query, titles):
    base = parse_spec(WEEKLY, STATIONS)
    spec = parse_spec(query, STATIONS, base=base)
    written = spec.to_query(base)
    assert {name: value for name, value in written.items() if name in ("xlabel", "ylabel")} == titles
    assert parse_spec({name: [value] for name, value in written.items()}, STATIONS, base=base) == spec


def test_a_box_plots_series_title_is_dropped_for_other_y_and_kept_for_the_same_in_another_order():
    base = parse_spec({"kind": ["box"], "y": ["temperature_c,sunshine_h"], "xlabel": ["reading"],
                       "ylabel": ["value"]}, STATIONS)
    again = parse_spec({"y": ["sunshine_h,temperature_c"]}, STATIONS, base=base)
    assert (again.xlabel, again.ylabel) == ("reading", "value")
    other = parse_spec({"y": ["temperature_c,rainfall_mm"]}, STATIONS, base=base)
    assert (other.xlabel, other.ylabel) == (None, None)


@pytest.mark.parametrize(("query", "titles"), [
    ({"x": ["date"]}, {}),
    ({"y": ["rainfall_mm"]}, {}),
    ({"x": ["date"], "y": ["rainfall_mm"]}, {}),
    ({"x": ["temperature_c"], "y": ["sunshine_h"]}, {}),
    ({"kind": ["hist"], "y": ["rainfall_mm"]}, {}),
    ({"kind": ["barh"], "x": ["date"]}, {}),
    ({"xlabel": ["temperature, °C"]}, {}),  # the chart's own
    ({"x": ["date"], "xlabel": ["day"]}, {"xlabel": "day"}),
    ({"y": ["rainfall_mm"], "ylabel": [""]}, {"ylabel": ""}),
    ({"x": ["date"], "xlabel": ["temperature, °C"]}, {"xlabel": "temperature, °C"}),  # asked for over dates
])
def test_to_query_over_the_dashboards_chart_names_only_the_titles_the_query_gave_and_rebuilds_the_spec(
        query, titles):
    base = parse_spec(SCATTER, STATIONS)
    spec = parse_spec(query, STATIONS, base=base)
    written = spec.to_query(base)
    assert {name: value for name, value in written.items() if name in ("xlabel", "ylabel")} == titles
    assert parse_spec({name: [value] for name, value in written.items()}, STATIONS, base=base) == spec


def test_an_x_switched_in_the_chart_pages_form_drops_the_old_axis_title_and_round_trips(client):
    form = SpecForm(client.get("/d/stations/sunshine-vs-temperature").get_data(as_text=True))
    sent = submitted(client, form, x="date")
    assert sent.status_code == 200
    page = sent.get_data(as_text=True)
    image = chart_image(page)
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(image).query)
    assert query["x"] == ["date"] and "xlabel" not in query and "ylabel" not in query
    assert labels(client, image.replace(".svg?", ".json?")) == (None, "sunshine, hours")
    # Sent again unchanged, the same chart; switched back, the dashboard's titles again.
    again = submitted(client, SpecForm(page))
    assert again.status_code == 200 and chart_image(again.get_data(as_text=True)) == image
    back = submitted(client, SpecForm(page), x="temperature_c")
    assert back.status_code == 200
    assert labels(client, chart_image(back.get_data(as_text=True)).replace(".svg?", ".json?")) == (
        "temperature, °C", "sunshine, hours")


def test_a_title_the_chart_page_was_opened_with_stays_when_the_form_switches_x(client):
    opened = client.get("/d/stations/sunshine-vs-temperature?x=date&xlabel=day").get_data(as_text=True)
    sent = submitted(client, SpecForm(opened), x="temperature_c")
    assert sent.status_code == 200
    image = chart_image(sent.get_data(as_text=True))
    assert labels(client, image.replace(".svg?", ".json?")) == ("day", "sunshine, hours")


def test_a_barh_s_ylabel_titles_its_values_across_and_its_xlabel_its_categories_down_the_side(client):
    # As its x and y name them, and its ymin, ymax and yscale bound and scale its values across.
    response = client.get("/plot/stations.svg?kind=barh&x=station&y=temperature_c&xlabel=Station name"
                          "&ylabel=Mean temperature")
    assert response.status_code == 200
    turned = {text.text: (text.get("transform") or "").startswith("rotate(-90")
              for text in ET.fromstring(response.data).iter(SVG_TEXT)}
    assert (turned["Station name"], turned["Mean temperature"]) == (True, False)
