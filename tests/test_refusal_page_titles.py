"""A page shown again with a refusal of what was sent says so in its title, which a screen reader reads
first and a browser's tab shows: "Error: " before it, as the page's message says "Not applied"."""
from __future__ import annotations

import re
from html import unescape

import pytest


def title_of(response) -> str:
    return unescape(re.search(r"<title>(.*?)</title>", response.get_data(as_text=True), re.S)[1])


@pytest.mark.parametrize(("url", "status", "title"), [
    ("/d/animals/bears?kind=pie", 400, "Error: Bears · Animal sightings · SVG Plots"),
    ("/d/stations/rainfall?filter.station=Nope", 404, "Error: Mean daily rainfall, by month · Four stations, 2024–2025 · SVG Plots"),
    ("/d/stations?from=yesterday", 400, "Error: Four stations, 2024–2025 · SVG Plots"),
])
def test_a_page_shown_again_with_a_refusal_has_error_in_its_title(client, url, status, title):
    response = client.get(url)
    assert response.status_code == status
    assert title_of(response) == title


def test_a_form_refused_has_error_in_its_title(client):
    form = client.get("/upload").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', form)[1]
    response = client.post("/upload", data={"csrf_token": csrf, "name": "Bad Name", "token": "x"})
    assert response.status_code in (400, 403)
    assert title_of(response) == "Error: Upload a CSV · SVG Plots"


@pytest.mark.parametrize(("url", "title"), [("/d/animals/bears", "Bears · Animal sightings · SVG Plots"),
                                            ("/d/stations", "Four stations, 2024–2025 · SVG Plots"),
                                            ("/upload", "Upload a CSV · SVG Plots"),
                                            ("/d/nope", "404 Not Found · SVG Plots")])
def test_a_page_without_a_refusal_keeps_its_title(client, url, title):
    assert title_of(client.get(url)) == title
