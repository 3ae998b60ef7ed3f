"""A chart page refuses a parameter given more than once as its chart's image does, in the same words.

Its form's reading of a query (a blank bound as `auto`, the resample, bins, agg, x or legend a kind
takes none of left out) made one value of two, so the page drew a chart of a query its image refused,
or one of the two values without a word. `from` and `to` given twice say what they take, as every
other field does; and `errors` given twice, in either order, is refused in the answer the request
gets without `errors=image`.
"""
from __future__ import annotations

import html
import re

import pytest

from plots.timerange import ACCEPTED
from tests.test_chart_form_switches import not_applied
from tests.test_chart_page_refusals import refused_fields, rows_not_applied
from tests.test_embed_edges import svg_message

GIVEN_TWICE = "{} was given 2 times; give it once: "


@pytest.mark.parametrize(("page", "query", "name"), [
    ("/d/weather/temperature", "xmin=&xmin=", "xmin"),
    ("/d/weather/temperature", "xmax=&xmax=", "xmax"),
    ("/d/weather/temperature", "ymin=&ymin=", "ymin"),
    ("/d/animals/bears", "resample=week&resample=month", "resample"),  # x of years: the form asks for none
    ("/d/weather/temperature", "kind=hist&resample=week&resample=month", "resample"),
    ("/d/weather/temperature", "bins=20&bins=20", "bins"),
    ("/d/weather/temperature", "bins=&bins=", "bins"),
    ("/d/weather/temperature", "agg=&agg=sum", "agg"),
    ("/d/weather/temperature", "kind=hist&x=date&x=date", "x"),
    ("/d/animals/spread", "legend=true&legend=false", "legend"),  # a box plot: the form drops legend
])
def test_a_field_given_twice_is_refused_on_the_chart_page_in_the_words_of_its_image(client, page, query, name):
    image = client.get(f"{page}.svg?{query}")
    response = client.get(f"{page}?{query}")
    assert image.status_code == 400 and response.status_code == 400
    assert response.mimetype == "text/html"
    message = not_applied(response.get_data(as_text=True))
    assert message.startswith(GIVEN_TWICE.format(name))
    assert message == svg_message(image.data)


@pytest.mark.parametrize("query", ["xmin=&xmin=", "xmin=2020-01-01&xmin="])
def test_a_form_field_given_twice_is_marked_as_the_one_refused(client, query):
    page = client.get(f"/d/weather/temperature?{query}").get_data(as_text=True)
    assert refused_fields(page) == ["xmin"]


def test_a_chart_page_still_takes_several_y_and_filter_values(client):
    assert client.get("/d/weather/temperature?y=temperature_c&y=rainfall_mm").status_code == 200
    assert client.get("/d/stations/temperature?filter.station=&filter.station=").status_code == 200


NO_TEMP = "y: no column 'temp'; the columns are date, temperature_c, humidity_pct, rainfall_mm, wind_kmh, pressure_hpa"


def y_boxes(page: str) -> list[str]:
    return re.findall(r'<input type="checkbox" name="y" value="([^"]*)"', page)


@pytest.mark.parametrize("query", ["y=temp&" * 19_999 + "y=temp", "y=temp&y=temperature_c&" * 10_000,
                                   "y=temp&" + "shown.y=temperature_c&" * 15_000 + "shown.y=temp"],
                         ids=["y", "y-and-a-column", "shown-y"])
def test_a_value_of_y_sent_20000_times_comes_back_as_a_small_page_naming_it_once(client, query):
    # It was a 404 page of 2.7 MB: the form held a ticked box for each time the URL named 'temp'.
    response = client.get(f"/d/weather/temperature?{query}")
    assert response.status_code == 404 and len(response.data) < 20_000
    page = response.get_data(as_text=True)
    assert not_applied(page) == NO_TEMP
    assert y_boxes(page).count("temp") == 1 and y_boxes(page).count("temperature_c") == 1


def test_y_sent_naming_10000_columns_there_are_not_comes_back_as_a_small_page(client):
    query = "&".join(f"y=c{number}" for number in range(10_000))
    response = client.get(f"/d/weather/temperature?{query}")
    assert response.status_code == 404 and len(response.data) < 20_000
    assert not_applied(response.get_data(as_text=True)).startswith("y: no column 'c0'; the columns are date, ")
    # As many of them as a chart draws at most, after the dataset's own columns: they are refused anyway.
    assert y_boxes(response.get_data(as_text=True))[5:] == [f"c{number}" for number in range(20)]


@pytest.mark.parametrize(("times", "said"), [(2, "twice"), (3, "3 times"), (20_000, "20000 times")])
def test_a_column_y_names_again_is_told_once_with_how_often(client, times, said):
    # 20,000 times was "y names 20000 columns; at most 20 series are allowed", 3 times "twice".
    words = f"y names the column 'temperature_c' {said}; name each column once"
    query = "&".join(["y=temperature_c"] * times)
    assert client.get(f"/plot/weather.json?{query}").get_json()["error"] == words
    response = client.get(f"/d/weather/temperature?{query}")
    assert response.status_code == 400 and len(response.data) < 20_000
    assert not_applied(response.get_data(as_text=True)) == words


@pytest.mark.parametrize("name", ["from", "to"])
@pytest.mark.parametrize("values", [("", ""), ("now-7d", "")])
def test_from_or_to_given_twice_says_what_it_takes(client, name, values):
    query = "&".join(f"{name}={value}" for value in values)
    words = GIVEN_TWICE.format(name) + ACCEPTED
    assert client.get(f"/plot/weather.json?{query}").get_json()["error"] == words
    assert client.get(f"/d/weather/temperature.json?{query}").get_json()["error"] == words
    page = client.get(f"/d/weather/temperature?{query}")
    assert page.status_code == 400 and rows_not_applied(page.get_data(as_text=True)) == words
    dashboard = client.get(f"/d/weather?{query}")
    assert dashboard.status_code == 400 and words in html.unescape(dashboard.get_data(as_text=True))


@pytest.mark.parametrize("name", ["from", "to"])
def test_from_or_to_given_twice_says_what_it_takes_in_the_words_of_a_bad_value_s_refusal(client, name):
    refused = client.get(f"/plot/weather.json?{name}=soon").get_json()["error"]
    twice = client.get(f"/plot/weather.json?{name}=&{name}=soon").get_json()["error"]
    takes = twice.removeprefix(GIVEN_TWICE.format(name))
    assert takes != twice and refused.startswith(f"{name} must be {takes}; got 'soon'")


@pytest.mark.parametrize("url", ["/plot/animals.svg", "/plot/animals.svg?kind=pie", "/d/animals/bears.png",
                                 "/bears.svg"])
@pytest.mark.parametrize("errors", ["errors=&errors=image", "errors=image&errors=", "errors=image&errors=image"])
def test_errors_given_twice_is_the_usual_error_answer_in_either_order(client, url, errors):
    joined = f"{url}{'&' if '?' in url else '?'}"
    response = client.get(joined + errors)
    plain = client.get(joined + "errors=&errors=")  # errors given twice without asking for image errors
    assert response.status_code == plain.status_code == 400
    assert "X-Chart-Error" not in response.headers
    assert response.mimetype == plain.mimetype == ("image/png" if ".png" in url else "image/svg+xml")
    assert response.data == plain.data
    # Told with the other bad parameter of the URL, if any (kind=pie).
    assert "errors was given 2 times; give it once: errors must be image" in svg_message(response.data)


@pytest.mark.parametrize("errors", ["errors=&errors=image", "errors=image&errors=image"])
def test_errors_given_twice_on_the_data_and_the_page_is_their_usual_400(client, errors):
    data = client.get(f"/plot/animals.json?{errors}")
    assert data.status_code == 400 and data.get_json()["error"].startswith("errors was given 2 times")
    page = client.get(f"/d/animals/bears?{errors}")
    assert page.status_code == 400 and page.mimetype == "text/html"
    assert not_applied(page.get_data(as_text=True)).startswith("errors was given 2 times")
