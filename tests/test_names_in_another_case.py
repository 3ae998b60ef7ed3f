"""A dataset's, dashboard's or chart's name written in capitals, as users paste and type URLs, is a 404
naming the URL meant, in lower case, in the format the URL asks for."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from html import unescape

import pytest

from tests.error_image_text import error_title
from tests.conftest import WRITE_TOKEN, writable_app

AUTH = {"Authorization": f"Bearer {WRITE_TOKEN}"}
SVG = "{http://www.w3.org/2000/svg}"
LOWER_CASE = "(dataset, dashboard and chart names are written in lower case)"


def meant(url: str) -> str:
    """The words of a 404 of `url` naming the URL meant, its path in lower case."""
    return f"no page at {url}; the URL meant is {url.lower()} {LOWER_CASE}"


@pytest.mark.parametrize("url", ["/plot/Animals.svg", "/plot/Animals.png", "/d/Animals/bears.svg", "/d/animals/Bears.png"])
def test_an_image_url_naming_a_dataset_in_capitals_is_an_image_naming_the_url_meant(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert response.mimetype == ("image/png" if url.endswith(".png") else "image/svg+xml")
    assert error_title(response.data) == f"404 Not Found: {meant(url)}"
    assert client.get(url.lower()).status_code == 200


@pytest.mark.parametrize("url", ["/plot/Animals.pdf", "/plot/Animals.csv", "/d/Stations.pdf"])
def test_a_file_url_naming_a_dataset_in_capitals_is_a_404_in_its_format_naming_the_url_meant(client, url):
    response = client.get(url)
    assert response.status_code == 404 and response.mimetype == "text/plain"
    assert response.get_data(as_text=True) == f"404 Not Found: {meant(url)}\n"


@pytest.mark.parametrize("url", ["/plot/Animals.json", "/datasets/Animals.json", "/api/datasets/Animals"])
def test_a_json_url_naming_a_dataset_in_capitals_is_json_naming_the_url_meant(client, url):
    response = client.get(url)
    assert response.status_code == 404 and response.get_json()["error"] == meant(url)


@pytest.mark.parametrize(("method", "url"), [("GET", "/api/datasets/Bad_Name"), ("DELETE", "/api/datasets/Bad_Name"),
                                           ("POST", "/api/datasets/Bad_Name/rows")])
def test_the_api_s_404_of_a_dataset_name_in_capitals_names_it_as_written(data_dir, method, url):
    # An append's URL, which takes POST alone, named no dataset: its 404 said what the API's URLs are.
    response = writable_app(data_dir).test_client().open(url, method=method, json=[], headers=AUTH)
    assert response.status_code == 404
    assert response.get_json()["error"].startswith("no dataset 'Bad_Name'; the datasets are animals")


def test_an_append_to_a_dataset_named_in_capitals_names_the_url_meant(data_dir):
    response = writable_app(data_dir).test_client().post("/api/datasets/Animals/rows", json=[], headers=AUTH)
    assert response.status_code == 404 and response.get_json()["error"] == meant("/api/datasets/Animals/rows")


@pytest.mark.parametrize("url", ["/datasets/Animals", "/d/Stations", "/d/stations/Temperature"])
def test_a_page_naming_a_dataset_or_dashboard_in_capitals_is_a_404_page_naming_the_url_meant(client, url):
    response = client.get(url)
    assert response.status_code == 404 and response.mimetype == "text/html"
    assert f"the URL meant is {url.lower()}" in response.get_data(as_text=True)


def said(response) -> str:
    """The words of a 404 in whatever format it comes: JSON's error, an image's title, a text's line."""
    if response.is_json:
        return response.get_json()["error"]
    if response.mimetype in ("image/svg+xml", "image/png"):
        return error_title(response.data).partition(": ")[2]
    return response.get_data(as_text=True).partition(": ")[2].rstrip("\n")


@pytest.mark.parametrize(("url", "words"), [
    ("/plot/Nosuch.json", "no dataset 'Nosuch'; the datasets are animals, stations, weather"),
    ("/api/datasets/Nosuch", "no dataset 'Nosuch'; the datasets are animals, stations, weather"),
    ("/d/stations/Temps.svg", "dashboard 'stations' has no chart 'Temps'; its charts are temperature, rainfall, "
                              "sunshine-vs-temperature, temperature-spread, temperature-by-station, wettest-days, weather-station, bears"),
    ("/d/Stations/Temps.svg", "dashboard 'stations' has no chart 'Temps'; its charts are temperature, rainfall, "
                              "sunshine-vs-temperature, temperature-spread, temperature-by-station, wettest-days, weather-station, bears"),
    ("/d/Nosuch.PDF", "no dashboard 'Nosuch'; the dashboards are animals, stations, weather"),
])
def test_a_name_in_capitals_that_is_none_in_lower_case_either_is_the_404_naming_it_as_written(client, url, words):
    # It named the lower-case name (no chart 'temps'), which the user did not write.
    response = client.get(url)
    assert response.status_code == 404
    assert said(response).startswith(words)


@pytest.mark.parametrize(("url", "lower"), [("/d/Stations.PDF", "/d/stations.pdf"), ("/plot/Animals.SVG", "/plot/animals.svg"),
                                            ("/d/stations/Temperature.PNG", "/d/stations/temperature.png")])
def test_a_name_and_an_extension_in_capitals_are_both_said_to_be_lower_case(client, url, lower):
    # It said only that names are lower case, naming a URL whose extension differs too.
    response = client.get(url)
    assert response.status_code == 404
    assert said(response) == (f"no page at {url}; the URL meant is {lower} (dataset, dashboard and chart names and "
                              "extensions are written in lower case)")
    assert client.get(lower).status_code == 200


@pytest.mark.parametrize(("url", "meant"), [
    ("/d/Stations?from=2025-06-01&filter.station=Airport", "/d/stations?from=2025-06-01&filter.station=Airport"),
    ("/plot/Animals.svg?y=Bear&width=300", "/plot/animals.svg?y=Bear&width=300"),
    ("/d/stations/Temperature.SVG?filter.station=Hilltop", "/d/stations/temperature.svg?filter.station=Hilltop"),
    ("/datasets/animals.JSON?x=1", "/datasets/animals.json?x=1"),
    ("/d/stations.PDF?from=2025-06-01", "/d/stations.pdf?from=2025-06-01"),
    ("/d/Stations.?to=2025-06-01", "/d/stations?to=2025-06-01"),
])
def test_the_url_meant_keeps_the_query_as_sent(client, url, meant):
    # A name's or an extension's capitals, or a full stop: the URL meant left the query out.
    response = client.get(url)
    assert response.status_code == 404
    assert f"the URL meant is {meant} (" in said(response) or f"the URL meant is {meant} (" in unescape(
        response.get_data(as_text=True))


@pytest.mark.parametrize(("url", "lower"), [("/d/Animals.", "/d/animals"), ("/plot/animals.JSON.", "/plot/animals.json"),
                                            ("/datasets/Animals..", "/datasets/animals")])
def test_a_url_in_capitals_ending_in_a_full_stop_names_the_url_meant_in_lower_case(client, url, lower):
    # Each hint alone named a URL that is a 404 itself (/plot/animals.JSON), or none (/d/Animals.).
    said = client.get(url)
    assert said.status_code == 404
    assert (f"no page at {url}; the URL meant is {lower} (no URL of the site ends in &#39;.&#39;, and names and "
            "extensions are written in lower case)") in said.get_data(as_text=True)
    assert client.get(lower).status_code == 200
    assert "no dashboard &#39;Nosuch&#39;" in client.get("/d/Nosuch.").get_data(as_text=True)


@pytest.mark.parametrize(("url", "lower"), [("/plot/Animals.svg.", "/plot/animals.svg"),
                                            ("/d/Animals/All.svg%3Fy%3DBear", "/d/animals/all.svg?y=Bear")])
def test_a_file_url_in_capitals_with_a_tail_names_the_url_meant_in_lower_case(client, url, lower):
    # It named /plot/Animals.svg, a 404 itself.
    said = ET.fromstring(client.get(url).data).find(f"{SVG}title").text
    assert said.endswith(f": {lower} {LOWER_CASE}"), said
    assert client.get(lower).status_code == 200
