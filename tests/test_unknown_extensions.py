"""A chart URL with an extension no format has answers as the other chart-URL errors do: with the
cross-origin headers, so that a script of another site can read it, naming the extensions there are."""
from __future__ import annotations

import pytest

URLS = ["/d/animals/bears.gif", "/plot/animals.gif", "/plot/animals.jpeg?width=300"]


def readable_404(client, url: str) -> str:
    """The text of `url`'s answer, checked to be a 404 a script of another site can read."""
    response = client.get(url, headers={"Origin": "https://elsewhere.example"})
    assert response.status_code == 404
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.mimetype == "text/plain"
    return response.get_data(as_text=True)


@pytest.mark.parametrize("url", URLS)
def test_an_unknown_extension_on_a_chart_url_is_a_404_another_site_can_read(client, url):
    assert "charts come as .svg, .png, .pdf, their data as .json and .csv" in readable_404(client, url)
    # As a known extension's error does.
    known = client.get("/plot/animals.csv?colour=red")
    assert known.headers["Access-Control-Allow-Origin"] == "*" and known.mimetype == "text/plain"


@pytest.mark.parametrize("url", URLS)
def test_its_cors_preflight_is_answered_so_that_the_get_is_sent(client, url):
    response = client.options(url, headers={"Origin": "https://elsewhere.example",
                                            "Access-Control-Request-Method": "GET",
                                            "Access-Control-Request-Headers": "if-none-match"})
    assert response.status_code == 204
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "If-None-Match" in response.headers["Access-Control-Allow-Headers"]


def test_a_page_s_404_stays_a_page(client):
    response = client.get("/d/nope")
    assert response.status_code == 404 and response.mimetype == "text/html"
    assert "Access-Control-Allow-Origin" not in response.headers


@pytest.mark.parametrize(("url", "lower"), [("/plot/animals.SVG", "svg"), ("/d/animals/bears.Png", "png"),
                                            ("/plot/animals.JSON", "json")])
def test_an_extension_in_capitals_is_a_404_saying_extensions_are_lower_case(client, url, lower):
    assert f"extensions are written in lower case: .{lower}" in readable_404(client, url)
    assert client.get(url.rsplit(".", 1)[0] + "." + lower).status_code == 200


@pytest.mark.parametrize("url", ["/d/weather.gif", "/datasets/animals.gif", "/plot/animals.svg.gz"])
def test_a_file_url_no_route_takes_is_a_404_another_site_can_read(client, url):
    assert f"no page at {url}" in readable_404(client, url)
    preflight = client.options(url, headers={"Origin": "https://elsewhere.example",
                                             "Access-Control-Request-Method": "GET"})
    assert preflight.status_code == 204 and preflight.headers["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize("url", ["/d/stations/versions.JSON", "/d/stations/versions.Json"])
def test_versions_json_in_capitals_is_a_404_naming_its_url_in_lower_case(client, url):
    # Routed as a chart named "versions", which no chart may be: not a chart's unknown format.
    text = readable_404(client, url)
    assert text == (f"404 Not Found: no page at {url}; the dashboard's chart versions are at "
                    "/d/stations/versions.json (extensions are written in lower case)\n")
    assert client.get("/d/stations/versions.json").status_code == 200


@pytest.mark.parametrize(("url", "lower"), [("/datasets/animals.JSON", "/datasets/animals.json"),
                                            ("/datasets/animals.Csv", "/datasets/animals.csv"),
                                            ("/d/stations.PDF", "/d/stations.pdf")])
def test_a_page_file_in_capitals_is_a_404_naming_its_url_in_lower_case(client, url, lower):
    text = readable_404(client, url)
    assert text == (f"404 Not Found: no page at {url}; the URL meant is {lower} "
                    "(extensions are written in lower case)\n")
    assert client.get(lower).status_code == 200


@pytest.mark.parametrize(("url", "lower"), [("/d/nosuch.PDF", "/d/nosuch.pdf"),
                                            ("/datasets/nosuch.JSON", "/datasets/nosuch.json"),
                                            ("/datasets/nosuch.Csv", "/datasets/nosuch.csv"),
                                            ("/d/nosuch/versions.JSON", "/d/nosuch/versions.json")])
def test_a_file_in_capitals_of_a_name_there_is_not_is_the_404_of_its_url_in_lower_case(client, url, lower):
    # No hint to a URL that is a 404 itself: the name is what is wrong, in the lower-case URL's words.
    answer = client.get(lower)
    assert answer.status_code == 404
    missing = answer.get_json()["error"] if answer.is_json else answer.get_data(as_text=True).partition(": ")[2]
    assert readable_404(client, url) == f"404 Not Found: {missing.rstrip()}\n"
    assert "nosuch" in missing and "lower case" not in missing


def test_an_unknown_extension_in_capitals_is_still_the_general_404(client):
    assert "/ lists every dashboard and dataset" in readable_404(client, "/datasets/animals.GIF")


@pytest.mark.parametrize(("url", "meant"), [("/d/animals.", "/d/animals"), ("/d/animals/all..", "/d/animals/all"),
                                            ("/datasets/animals.", "/datasets/animals"), ("/upload.", "/upload")])
def test_a_page_url_ending_in_a_full_stop_is_a_404_naming_the_page_meant(client, url, meant):
    # The full stop of a sentence a link was pasted at the end of, in an e-mail or a wiki: the 404
    # said only what the site's URLs look like.
    response = client.get(url)
    assert response.status_code == 404 and response.mimetype == "text/html"
    assert f"no page at {url}; the URL meant is {meant} (no URL of the site ends in &#39;.&#39;)" in (
        response.get_data(as_text=True))
    assert client.get(meant).status_code == 200


def test_a_page_url_of_a_name_there_is_not_ending_in_a_full_stop_is_the_404_of_that_name(client):
    assert "no dashboard &#39;nosuch&#39;" in client.get("/d/nosuch.").get_data(as_text=True)
