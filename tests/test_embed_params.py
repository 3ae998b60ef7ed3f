"""A parameter that takes one value, given more than once, is a 400 naming it and what it takes,
blank or not: a blank value asks for the default, so beside another (`kind=bar&kind=`) it asks for
two things, and two blanks are the same mistake. Before, `kind=&kind=`, `errors=&errors=` and
`scale=&scale=2` were taken while `title=&title=` and `v=&v=` were refused. Only `y` and
`filter.<column>` take several values."""
from __future__ import annotations

import re

import pytest

from plots import SpecError, parse_spec
from tests.test_chart_form_switches import not_applied
from tests.test_chart_page_refusals import refused_fields
from tests.test_dashboard_author_words import GOOD_CHART, refusal_of
from tests.test_embed_edges import svg_message

# What each chart field that takes one value takes, as the refusal of it given twice says.
TAKES = {
    "kind": "one of line, bar, barh, scatter, area, hist, box",
    "x": "a column's name",
    "title": "text of at most 200 characters (blank for none)",
    "xlabel": "text of at most 100 characters (blank for none)",
    "ylabel": "text of at most 100 characters (blank for none)",
    "width": "a whole number of CSS pixels from 100 to 2000",
    "height": "a whole number of CSS pixels from 100 to 2000",
    "theme": "one of light, dark, auto, print",
    "xmin": "a number, a date where x holds dates, or auto to fit the data",
    "xmax": "a number, a date where x holds dates, or auto to fit the data",
    "ymin": "a number, or auto to fit the data",
    "ymax": "a number, or auto to fit the data",
    "legend": "true, false or auto (shown for more than one series)",
    "text": "one of font, path",
    "bins": "a whole number from 1 to 200",
    "resample": "one of hour, day, week, month, quarter, year, none",
    "agg": "one of mean, sum, min, max, median, count, or a percentile from p1 to p99 (p90, p95, p99 …)",
}
VERSION_TAKES = ("v is the version the site's pages write into a chart's URL: the data version, then _ and 8 "
                 "lowercase hex digits (such as 7_5f1c2a9e); it may be left out")
DATASET_VERSION_TAKES = ("v is the version the dataset's page and /api/datasets/animals write into its rows' URLs: "
                         "the data version, then _ and 8 lowercase hex digits (such as 7_5f1c2a9e); it may be left out")
# On a chart's image, and on any other URL that takes errors (a page, data, a report), where it changes nothing.
IMAGE_ERRORS_TAKES = "errors must be image (to answer an error as a 200 image) or left out"
ERRORS_TAKES = ("errors must be image or left out (image makes a chart's .svg or .png answer an error as a 200 "
                "image; here it changes nothing: an error is answered as usual)")


@pytest.mark.parametrize("name", TAKES)
@pytest.mark.parametrize("values", [("", ""), ("", "auto"), (" ", "")])
def test_a_chart_field_given_twice_blank_or_not_is_a_400_naming_it_and_what_it_takes(client, name, values):
    query = "&".join(f"{name}={value}" for value in values)
    for url in (f"/plot/animals.json?{query}", f"/d/animals/all.json?{query}"):
        response = client.get(url)
        assert response.status_code == 400, url
        assert response.get_json()["error"] == f"{name} was given 2 times; give it once: {TAKES[name]}", url


def test_a_chart_field_given_twice_is_refused_on_the_chart_s_image_in_its_format(client):
    response = client.get("/d/animals/bears.svg?title=&title=")
    assert response.status_code == 400 and response.mimetype == "image/svg+xml"
    assert svg_message(response.data) == f"title was given 2 times; give it once: {TAKES['title']}"


@pytest.mark.parametrize(("query", "words"), [
    ("v=&v=", f"v was given 2 times; give it once: {VERSION_TAKES}"),
    ("v=1&v=", f"v was given 2 times; give it once: {VERSION_TAKES}"),
    ("errors=&errors=", f"errors was given 2 times; give it once: {ERRORS_TAKES}"),
    ("errors=image&errors=", f"errors was given 2 times; give it once: {ERRORS_TAKES}"),
])
def test_v_or_errors_given_twice_blank_or_not_is_a_400_naming_it_and_what_it_takes(client, query, words):
    for url in (f"/plot/animals.json?{query}", f"/d/animals/bears.csv?{query}", f"/datasets/animals.json?{query}"):
        response = client.get(url)
        assert response.status_code == 400, url
        # A dataset's rows (not a chart's) say their v is the dataset's version.
        said = words if not url.startswith("/datasets/") else words.replace(VERSION_TAKES, DATASET_VERSION_TAKES)
        assert said in response.get_data(as_text=True), url


@pytest.mark.parametrize("url", ["/datasets/animals.json", "/datasets/animals.csv"])
def test_v_twice_on_a_datasets_rows_gives_the_example_of_a_datasets_version(client, url):
    response = client.get(f"{url}?v=1&v=1")
    assert response.status_code == 400
    assert f"v was given 2 times; give it once: {DATASET_VERSION_TAKES}" in response.get_data(as_text=True)
    # The example has the form of the `v` the dataset's description writes into its rows' URLs.
    url = client.get("/api/datasets/animals").get_json()["dataset"]["csv"]
    assert re.fullmatch(r"/datasets/animals\.csv\?v=\d+_[0-9a-f]{8}", url), url
    assert "7_5f1c2a9e" in response.get_data(as_text=True)


def test_v_twice_on_an_ad_hoc_chart_gives_the_example_of_the_v_its_dataset_page_writes(client):
    response = client.get("/plot/animals.svg?v=1&v=1")
    assert response.status_code == 400
    assert f"v was given 2 times; give it once: {VERSION_TAKES}" in response.get_data(as_text=True)
    version = client.get("/api/datasets/animals").get_json()["dataset"]["version"]
    page = client.get("/datasets/animals").get_data(as_text=True)
    assert re.search(rf"/plot/animals\.svg\?[^\"]*v={version}_[0-9a-f]{{8}}\"", page)


@pytest.mark.parametrize("query", ["scale=&scale=2", "scale=2&scale=", "scale=&scale="])
def test_scale_given_twice_blank_or_not_is_a_400_naming_it_and_what_it_takes(client, query):
    response = client.get(f"/plot/animals.png?{query}")
    assert response.status_code == 400
    assert svg_message(response.data) == ("scale was given 2 times; give it once: a whole number of device pixels "
                                          "per CSS pixel from 1 to 3")


def test_y_and_filters_take_several_values_blank_ones_among_them(client):
    assert client.get("/plot/animals.json?y=&y=").status_code == 200
    assert client.get("/plot/animals.json?y=Bear&y=").get_json()["spec"] == \
        client.get("/plot/animals.json?y=Bear").get_json()["spec"]
    assert client.get("/d/stations/temperature.json?filter.station=&filter.station=").status_code == 200


def test_a_chart_page_refuses_a_field_given_twice_marking_it_in_its_form(client):
    response = client.get("/d/animals/bears?kind=&kind=")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert not_applied(page) == f"kind was given 2 times; give it once: {TAKES['kind']}"
    assert refused_fields(page) == ["kind"]


def test_a_spec_counts_a_field_s_values_before_leaving_out_its_blank_ones():
    # Left out first, the blank beside bar left one value, and kind=&kind=bar drew bars.
    with pytest.raises(SpecError) as caught:
        parse_spec({"kind": ["", "bar"], "y": ["Bear", ""]}, {"year": "integer", "Bear": "integer"})
    assert caught.value.message == f"kind was given 2 times; give it once: {TAKES['kind']}"
    assert caught.value.field == "kind"


def test_a_dashboard_chart_field_given_a_list_stops_the_start_saying_it_holds_one_and_what_it_takes(tmp_path):
    message = refusal_of(tmp_path, GOOD_CHART + 'kind = ["bar", "line"]\n')
    assert message == (f"board.toml: chart 'c': kind holds a list of 2 values, ['bar', 'line'], where it takes one "
                       f"value: {TAKES['kind']}")


GIVEN_TWICE = "{} was given 2 times; give it once: "


@pytest.mark.parametrize(("name", "bad"), [
    ("kind", "pie"), ("theme", "sepia"), ("text", "ink"), ("resample", "minute"), ("agg", "mode"),
    ("legend", "maybe"), ("width", "wide"), ("height", "tall"), ("bins", "many")])
def test_a_field_given_twice_says_what_it_takes_in_the_words_of_a_bad_value_s_refusal(client, name, bad):
    refused = client.get(f"/plot/animals.json?{name}={bad}").get_json()["error"]
    twice = client.get(f"/plot/animals.json?{name}=&{name}={bad}").get_json()["error"]
    assert twice.startswith(GIVEN_TWICE.format(name))
    assert refused.startswith(f"{name} must be {twice[len(GIVEN_TWICE.format(name)):]}"), (refused, twice)


def test_scale_given_twice_says_what_it_takes_in_the_words_of_a_bad_scale_s_refusal(client):
    refused = svg_message(client.get("/plot/animals.png?scale=two").data)
    twice = svg_message(client.get("/plot/animals.png?scale=&scale=two").data)
    assert twice.startswith(GIVEN_TWICE.format("scale"))
    assert refused.startswith(f"scale must be {twice[len(GIVEN_TWICE.format('scale')):]}, "), (refused, twice)


@pytest.mark.parametrize("url", ["/datasets/animals.csv", "/datasets/animals.json", "/d/animals/bears.csv",
                                 "/d/animals/bears.json", "/plot/animals.json", "/d/animals/bears.pdf"])
def test_a_bad_errors_on_a_download_says_what_errors_does_and_that_it_changes_nothing_there(client, url):
    # A download answers its errors in its own format whatever errors says: "a 200 image" means
    # nothing there, so the refusal says where it does mean something.
    response = client.get(f"{url}?errors=imag")
    assert response.status_code == 400, url
    assert f"{ERRORS_TAKES}, got 'imag'" in response.get_data(as_text=True), url
    assert client.get(f"{url}?errors=image").status_code == 200, url  # taken, as a link may carry it


@pytest.mark.parametrize("url", ["/d/animals/bears.svg?", "/plot/animals.png?", "/animal.svg?type=Bear&"])
def test_a_bad_errors_on_an_image_says_it_answers_an_error_as_a_200_image(client, url):
    response = client.get(f"{url}errors=imag")
    assert response.status_code == 400, url
    assert response.mimetype == ("image/png" if ".png" in url else "image/svg+xml"), url
    assert svg_message(response.data) == f"{IMAGE_ERRORS_TAKES}, got 'imag'", url
