"""A dashboard chart's axis titles follow what they title when a URL or the chart page's form switches
its kind: the values' title moves to the axis that holds the values, and a title of an axis the new
kind does not have is dropped; a title the URL gives itself stays where the URL puts it."""
from __future__ import annotations

import urllib.parse

import pytest

from tests.test_http import SpecForm, chart_image, submitted


def labels(client, url: str) -> tuple[str | None, str | None]:
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)
    spec = response.json["spec"]
    return spec.get("xlabel"), spec.get("ylabel")


@pytest.mark.parametrize(("url", "expected"), [
    # temperature is a line titled °C up its value axis.
    ("/d/stations/temperature.json", (None, "°C")),
    ("/d/stations/temperature.json?kind=hist&resample=none", ("°C", None)),  # the values run across
    ("/d/stations/temperature.json?kind=barh&x=station&resample=none", ("°C", None)),
    ("/d/stations/temperature.json?kind=box&resample=none", (None, "°C")),
    ("/d/stations/temperature.json?kind=bar", (None, "°C")),
    # sunshine-vs-temperature is a scatter with both titles.
    ("/d/stations/sunshine-vs-temperature.json?kind=barh&from=2025-01-01&to=2025-01-08", ("sunshine, hours", "temperature, °C")),
    ("/d/stations/sunshine-vs-temperature.json?kind=box", (None, "sunshine, hours")),
    ("/d/stations/sunshine-vs-temperature.json?kind=hist", ("sunshine, hours", None)),
    # temperature-spread is a histogram: °C across, days up.
    ("/d/stations/temperature-spread.json?kind=line", (None, "°C")),
    ("/d/stations/temperature-spread.json?kind=barh&x=station", ("°C", None)),
])
def test_a_dashboard_charts_axis_titles_follow_the_values_to_the_kind_asked_for(client, url, expected):
    assert labels(client, url) == expected


@pytest.mark.parametrize(("url", "expected"), [
    ("/d/stations/temperature.json?kind=hist&resample=none&ylabel=days", ("°C", "days")),
    ("/d/stations/temperature.json?kind=hist&resample=none&xlabel=Celsius", ("Celsius", None)),
    ("/d/stations/temperature.json?kind=barh&x=station&resample=none&ylabel=°C", ("°C", "°C")),
    ("/d/stations/sunshine-vs-temperature.json?kind=barh&xlabel=hours&from=2025-01-01&to=2025-01-08", ("hours", "temperature, °C")),
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
    expected = (None, "°C") if kind == "box" else ("°C", None)
    assert labels(client, image.replace(".svg?", ".json?")) == expected
    # Switched back, the line has its own title again.
    again = submitted(client, SpecForm(sent.get_data(as_text=True)), kind="line", x="date")
    assert again.status_code == 200
    assert labels(client, chart_image(again.get_data(as_text=True)).replace(".svg?", ".json?")) == (None, "°C")
