"""A chart page's embed snippets: the image URL always shows the chart as it is now (it carries no
data version), so their alt text says only what holds for every version of the data, what the chart
is; the page's own image says its rows too ("last value: Bear 29")."""
from __future__ import annotations

import pytest

from tests.conftest import JSON_WRITE, writable_app
from tests.test_alt_and_embeds import alt_texts, embed_snippets


@pytest.fixture
def app(data_dir, closing):
    """An app that takes appends."""
    return closing(writable_app(data_dir))


def test_the_embed_snippets_say_what_the_chart_is_and_the_page_s_image_its_values_too(client):
    page = client.get("/d/animals/bears").get_data(as_text=True)
    [alt] = alt_texts(page)
    assert alt.startswith("Bears. Bar chart of Bear by year, 12 rows. ") and "last value: Bear 29" in alt
    snippets = embed_snippets(page)
    assert snippets["html"] == ('<img src="http://localhost/d/animals/bears.svg" width="640" height="360" '
                                'alt="Bears. Bar chart of Bear by year. y axis: sightings.">')
    assert snippets["markdown"] == ("![Bears. Bar chart of Bear by year. y axis: sightings.]"
                                    "(http://localhost/d/animals/bears.svg)")


def test_the_embed_snippets_name_the_axis_titles_the_chart_gives_as_the_page_s_alt_text_does(client):
    page = client.get("/d/weather/humidity-vs-temperature").get_data(as_text=True)
    [alt] = alt_texts(page)
    assert alt.endswith(". x axis: temperature, °C. y axis: humidity, %.")
    snippets = embed_snippets(page)
    assert snippets["markdown"].startswith("![Humidity against temperature. Scatter plot of humidity_pct by "
                                           "temperature_c. x axis: temperature, °C. y axis: humidity, %.](")
    assert 'alt="Humidity against temperature. Scatter plot of humidity_pct by temperature_c. x axis: ' \
           'temperature, °C. y axis: humidity, %."' in snippets["html"]


def test_the_embed_snippets_name_a_url_s_own_axis_titles_but_not_a_blank_one(client):
    page = client.get("/d/weather/humidity-vs-temperature?xlabel=Degrees&ylabel=").get_data(as_text=True)
    assert alt_texts(page)[0].endswith(". x axis: Degrees.")
    assert embed_snippets(page)["markdown"].startswith(
        "![Humidity against temperature. Scatter plot of humidity_pct by temperature_c. x axis: Degrees.](")


def test_the_embed_snippets_stay_true_after_rows_are_appended(client):
    before = client.get("/d/animals/bears").get_data(as_text=True)
    response = client.post("/api/datasets/animals/rows", json=[{"year": 2022, "Bear": 41, "Deer": 1, "Wolf": 2}],
                           headers=JSON_WRITE)
    assert response.status_code in (200, 201), response.data[:300]
    after = client.get("/d/animals/bears").get_data(as_text=True)
    assert "last value: Bear 41" in alt_texts(after)[0]  # the page's image: the new rows
    assert embed_snippets(after) == embed_snippets(before)  # a pasted snippet: true still
