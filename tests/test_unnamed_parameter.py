"""A query parameter with no name (`?=1`, which werkzeug reads as the name '') is refused in words a
person knows it by, listing what the URL takes as any unknown parameter's refusal does; empty pieces
of a query (`?&&`) are no parameters at all and change nothing."""
from __future__ import annotations

import html

import pytest

UNNAMED = 'a parameter with no name before its "=" (parameters are written name=value)'


@pytest.mark.parametrize("query", ["=1", "=", "y=temperature_c&=1", "=1&=2"])
def test_a_chart_s_data_refuses_a_parameter_with_no_name_saying_so_and_what_it_takes(client, query):
    response = client.get(f"/plot/weather.csv?{query}")
    assert response.status_code == 400
    message = response.get_data(as_text=True)
    assert f"{UNNAMED}; the parameters are kind, x, y," in message and "''" not in message


@pytest.mark.parametrize(("url", "takes"), [
    ("/d/stations/rainfall.json?=1", "the parameters are kind, x, y,"),
    ("/datasets/weather.json?=1", "the parameters are v, errors:"),
    ("/d/stations/versions.json?=1", "the parameters are from, to, filter.station"),
    ("/api/datasets?=1", "the list of datasets (/api/datasets) takes no parameters"),
])
def test_every_url_words_a_parameter_with_no_name_alike(client, url, takes):
    response = client.get(url)
    assert response.status_code == 400 and response.get_json()["error"].startswith(f"{UNNAMED}; {takes}")


@pytest.mark.parametrize("url", ["/?=1", "/d/stations?=1", "/d/stations/rainfall?=1"])
def test_a_page_refuses_a_parameter_with_no_name_saying_so(client, url):
    response = client.get(url)
    assert response.status_code == 400
    page = html.unescape(response.get_data(as_text=True))
    assert UNNAMED in page and "unknown parameter ''" not in page


@pytest.mark.parametrize("url", ["/plot/weather.csv", "/d/stations/rainfall.json", "/datasets/weather.csv"])
def test_empty_pieces_of_a_query_change_nothing(client, url):
    assert client.get(f"{url}?&&").get_data() == client.get(url).get_data()
