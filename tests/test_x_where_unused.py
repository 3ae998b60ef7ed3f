"""x on a kind that places no rows by it (a histogram, a box plot) is a 400 saying so and what to do,
as agg is where it combines nothing: but for the chart's own x, which a chart page's form sends
whatever the kind."""
from __future__ import annotations

import urllib.parse

import pytest

from plots.spec import ChartSpec, SpecError
from plots.spec_parser import parse_spec
from tests.test_http import SpecForm, chart_image, submitted

WEATHER = {"date": "datetime", "temperature_c": "float", "station": "text"}


@pytest.mark.parametrize("kind", ["hist", "box"])
def test_an_x_other_than_the_charts_own_is_refused_on_a_kind_that_does_not_use_it(kind):
    with pytest.raises(SpecError) as caught:
        parse_spec({"kind": [kind], "x": ["station"], "y": ["temperature_c"]}, WEATHER)
    message = caught.value.message
    assert caught.value.status == 400 and caught.value.field == "x"
    assert message.startswith(f"x does not apply to kind={kind}")
    assert "leave x out" in message and "filter.<column>" in message and "kind=line" in message


@pytest.mark.parametrize("kind", ["hist", "box"])
def test_the_charts_own_x_is_taken_on_a_kind_that_does_not_use_it(kind):
    # Without a base, the first column; over a dashboard's chart, its x.
    assert parse_spec({"kind": [kind], "x": ["date"]}, WEATHER).x == "date"
    base = ChartSpec(kind="line", x="station", y=("temperature_c",))
    assert parse_spec({"kind": [kind], "x": ["station"]}, WEATHER, base=base).x == "station"
    with pytest.raises(SpecError, match="x does not apply"):
        parse_spec({"kind": [kind], "x": ["date"]}, WEATHER, base=base)


def test_a_kind_that_uses_x_takes_any_x():
    assert parse_spec({"kind": ["bar"], "x": ["station"]}, WEATHER).x == "station"


@pytest.mark.parametrize("url", [
    "/plot/stations.svg?kind=box&x=station&y=temperature_c",
    "/plot/stations.json?kind=hist&x=station",
    "/d/stations/temperature.svg?kind=box&x=station&resample=none",
    "/d/stations/temperature-spread.json?x=station",
])
def test_a_chart_url_with_an_unused_x_is_a_400(client, url):
    response = client.get(url)
    assert response.status_code == 400
    text = response.get_json()["error"] if response.is_json else response.get_data(as_text=True)  # an SVG's title
    assert "x does not apply to kind=" in text


@pytest.mark.parametrize("kind", ["hist", "box"])
@pytest.mark.parametrize("page", ["/d/stations/temperature", "/d/stations/temperature?x=station&resample=none"])
def test_the_chart_pages_form_switched_to_a_kind_without_x_draws(client, page, kind):
    form = SpecForm(client.get(page).get_data(as_text=True))
    sent = submitted(client, form, kind=kind)
    answered = sent.get_data(as_text=True)
    assert sent.status_code == 200, answered
    image = chart_image(answered)
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(image).query)
    assert query["kind"] == [kind] and "x" not in query  # the dashboard's own x
    assert client.get(image).status_code == 200
