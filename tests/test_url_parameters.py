"""What a chart URL's refusal of an unknown parameter lists is what that URL takes."""
from __future__ import annotations

import html
import re

import pytest

from app.views.chart_form_shown import SHOWN_FIELDS
from plots.spec import FIELDS, TEXT_FIELDS
from tests.error_image_text import error_message
from tests.conftest import ROOT

# A value each parameter besides the chart fields takes on the stations sample.
VALUES = {"v": "1", "errors": "image", "from": "2025-01-01", "to": "2025-06-30", "filter.station": "Airport",
          "filter.<column>": "Airport", "scale": "2"}
# A value each field a chart page's form marks what it showed with takes: the page takes them, and lists none.
SHOWN_VALUES = {"shown.xmin": "2025-01-01", "shown.xmax": "2025-06-30", "shown.resample": "none", "shown.x": "date",
                "shown.y": "temperature_c", "shown.bins": "20", "shown.legend": "true", "shown.gap": "3d",
                "shown.xline": "2025-03-01", "shown.top": "5", "shown.rolling": "7", "shown.yscale": "linear",
                "shown.stack": "none", "shown.sort": "none", "shown.cumulative": "false", "shown.change": "none",
                "shown.agg": "mean", "shown.ymin": "0", "shown.ymax": "30", "shown.yline": "0"}
ROUTES = ["/d/stations/temperature", "/d/stations/temperature.svg", "/d/stations/temperature.png",
          "/d/stations/temperature.pdf", "/d/stations/temperature.json", "/d/stations/temperature.csv",
          "/plot/stations.svg", "/plot/stations.png", "/plot/stations.pdf", "/plot/stations.json",
          "/plot/stations.csv"]


def listed_parameters(client, route: str) -> list[str]:
    """The parameters besides chart fields that `route`'s refusal of an unknown one names."""
    response = client.get(f"{route}?colour=red")
    assert response.status_code == 400
    if response.mimetype == "image/png":  # a PNG's names its whole message in its Title
        text = error_message(response.data)
    else:
        text = response.get_json()["error"] if response.is_json else response.get_data(as_text=True)
    if response.mimetype == "image/svg+xml":  # an image's error is an SVG drawing the message line by line
        text = " ".join(re.findall(r">([^<]*)</text>", text))
    listed = re.search(r"the parameters are (.*?)(?:</|\n|$)", html.unescape(text)).group(1)
    return [name for name in listed.split(", ") if name not in FIELDS]


@pytest.mark.parametrize("route", ROUTES)
def test_every_parameter_a_chart_url_names_when_refusing_one_is_taken(client, route):
    names = listed_parameters(client, route)
    assert names[:2] == ["v", "errors"]
    for name in names:
        sent = "filter.station" if name == "filter.<column>" else name
        response = client.get(f"{route}?{sent}={VALUES[name]}")
        # errors=image answers an error as a 200 too, saying so in X-Chart-Error.
        assert response.status_code == 200, (route, name, response.data[:300])
        assert "X-Chart-Error" not in response.headers, (route, name, response.headers["X-Chart-Error"])


def test_a_chart_page_lists_what_a_user_types_and_takes_its_form_s_own_fields_unlisted(client):
    response = client.get("/d/stations/temperature?widht=320")
    assert response.status_code == 400
    said = re.search(r"Not applied: (.*?)</p>", html.unescape(response.get_data(as_text=True))).group(1)
    assert said.startswith("unknown parameter 'widht' (did you mean 'width'?); the parameters are kind, x, y, ")
    assert said.endswith(", v, errors, from, to, filter.station") and "shown." not in said
    assert sorted(SHOWN_VALUES) == sorted(SHOWN_FIELDS)
    for name, value in SHOWN_VALUES.items():
        response = client.get(f"/d/stations/temperature?{name}={value}")
        assert response.status_code == 200, (name, response.data[:300])


def test_the_first_version_s_chart_takes_errors_as_the_other_chart_urls_do(client):
    plain = client.get("/animal.svg?type=Bear")
    asked = client.get("/animal.svg?type=Bear&errors=image")
    assert asked.status_code == 200 and "X-Chart-Error" not in asked.headers
    assert asked.data == plain.data
    refused = client.get("/animal.svg?type=Cat&errors=image")
    assert refused.status_code == 200
    assert refused.headers["X-Chart-Error"] == "400 type must be one of Bear, Deer, Wolf; got 'Cat'"
    message = " ".join(re.findall(r">([^<]*)</text>", client.get("/animal.svg?type=Bear&colour=red").get_data(as_text=True)))
    assert re.search(r"the parameters are x, .*, type, v, errors", html.unescape(message)), message


def svg_message(response) -> str:
    """The message an SVG error draws, its lines joined."""
    return html.unescape(" ".join(re.findall(r">([^<]*)</text>", response.get_data(as_text=True))))


@pytest.mark.parametrize("sent", ["y=Deer", "kind=bar", "colour=red", "from=2020-01-01", "to=2020-01-01",
                                  "filter.year=2012"])
def test_the_first_version_s_chart_refuses_what_it_does_not_take_naming_what_it_takes(client, sent):
    response = client.get(f"/animal.svg?type=Bear&{sent}")
    assert response.status_code == 400 and response.mimetype == "image/svg+xml"
    message = svg_message(response)
    assert sent.split("=")[0] in message
    listed = re.search(r"the parameters are (.*)", message).group(1).split(", ")
    assert "y" not in listed and "kind" not in listed and listed[-3:] == ["type", "v", "errors"]
    for name in ("title", "theme", "v", "errors"):
        assert name in listed
    # As on any chart URL, errors=image answers the refusal as a 200 image saying why.
    as_image = client.get(f"/animal.svg?type=Bear&{sent}&errors=image")
    assert as_image.status_code == 200 and as_image.headers["X-Chart-Error"].startswith("400 ")


def test_the_first_version_s_chart_refuses_a_type_given_twice(client):
    response = client.get("/animal.svg?type=Bear&type=Wolf")
    assert response.status_code == 400
    assert svg_message(response).endswith("type was given 2 times; give it once: one of Bear, Deer, Wolf")


def test_scale_on_the_first_version_s_chart_is_refused_naming_where_it_applies(client):
    response = client.get("/animal.svg?type=Bear&scale=2")
    assert response.status_code == 400 and response.mimetype == "image/svg+xml"
    assert "scale applies to .png only, not .svg" in svg_message(response)


@pytest.mark.parametrize("route", ["/d/stations/temperature", "/plot/stations.json"])
def test_a_format_option_a_chart_url_does_not_name_is_refused(client, route):
    assert "scale" not in listed_parameters(client, route)
    response = client.get(f"{route}?scale=2")
    assert response.status_code == 400
    assert "scale applies to .png only, not " in html.unescape(response.get_data(as_text=True))


def test_scale_on_a_chart_page_is_refused_on_the_page_naming_where_it_applies(client):
    response = client.get("/d/stations/temperature?scale=2")
    assert response.status_code == 400
    assert "scale applies to .png only, not a chart's page" in html.unescape(response.get_data(as_text=True))


DASHBOARD_URLS = [("/d/weather", "the dashboard's page"), ("/d/weather.pdf", "the dashboard's .pdf report"),
                  ("/d/weather/versions.json", "the dashboard's versions.json")]


@pytest.mark.parametrize(("route", "where"), DASHBOARD_URLS)
def test_scale_on_a_dashboard_s_url_is_refused_naming_where_it_applies(client, route, where):
    response = client.get(f"{route}?scale=2")
    assert response.status_code == 400
    assert f"scale applies to .png only, not {where}; the parameters are from, to" in html.unescape(
        response.get_data(as_text=True))


@pytest.mark.parametrize(("route", "where"), DASHBOARD_URLS)
@pytest.mark.parametrize("sent", ["title=Rain", "theme=dark", "v=1", "errors=image"])
def test_a_chart_s_parameter_on_a_dashboard_s_url_is_refused_naming_a_chart_url(client, route, where, sent):
    response = client.get(f"{route}?{sent}")
    assert response.status_code == 400
    name = sent.split("=")[0]
    assert f"{name} applies to a chart's URL (such as /d/weather/" in html.unescape(response.get_data(as_text=True))


@pytest.mark.parametrize(("route", "where"), DASHBOARD_URLS[1:])
def test_a_quick_range_off_the_dashboard_s_page_is_refused_naming_the_page(client, route, where):
    response = client.get(f"{route}?range=now-7d")
    assert response.status_code == 400
    assert f"range applies to the dashboard's page (/d/weather) only, not {where}" in html.unescape(
        response.get_data(as_text=True))


@pytest.mark.parametrize(("url", "instead"), [
    ("/d/weather/versions.json?range=now-7d", "write from=now-7d instead, as the dashboard's page writes its "
                                              "range 'now-7d'"),
    ("/d/weather.pdf?range=now-7d", "write from=now-7d instead, as the dashboard's page writes its range 'now-7d'"),
    ("/d/weather/versions.json?range=NOW-2D", "write from=now-2d instead, as the dashboard's page writes its "
                                              "range 'NOW-2D'"),
    # The stations dashboard opens on 2025: every row is its from written blank.
    ("/d/stations/versions.json?range=all", "write from= (blank) instead, as the dashboard's page writes its "
                                            "range 'all'"),
    ("/d/weather/versions.json?range=all", "leave out from and to instead, as the dashboard's page does for its "
                                           "range 'all'"),
])
def test_a_quick_range_off_the_dashboard_s_page_says_how_to_write_it_there(client, url, instead):
    response = client.get(url)
    assert response.status_code == 400
    message = html.unescape(response.get_data(as_text=True))
    assert "range applies to the dashboard's page" in message
    assert f"the parameters are from, to; {instead}" in message or f"filter.station; {instead}" in message, message
    # What it says to write is taken there.
    written = instead.split(" instead", 1)[0].removeprefix("write ").replace(" (blank)", "").replace(" and ", "&")
    fixed = url.split("?", 1)[0] + ("" if written.startswith("leave out") else f"?{written}")
    assert client.get(fixed).status_code == 200


def test_the_readme_names_the_fields_whose_blank_value_removes_the_dashboard_s_and_only_those(client):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    paragraph = readme.split("On a dashboard chart's URL", 1)[1].split("\n\n", 1)[0]
    [named] = re.findall(r"a blank ((?:`\w+`, )*`\w+`,? or `\w+`)", paragraph)
    removed = re.findall(r"`(\w+)`", named)
    assert sorted(removed) == sorted(TEXT_FIELDS)
    # The temperature chart sets its title, resample and ylabel; its x axis is titled with its column.
    url = "/d/stations/temperature.svg"
    plain = client.get(url).data
    for name in removed:
        assert client.get(f"{url}?{name}=").data != plain, name
        assert client.get(f"{url}?{name}=%20%0A").data == client.get(f"{url}?{name}=").data, name
    for name in ("kind", "x", "y", "width", "theme", "xmin", "legend", "resample", "agg"):
        assert client.get(f"{url}?{name}=").data == plain, name


def test_a_size_of_thousands_of_digits_is_a_400_not_a_500(client):
    # int() refuses strings of over 4300 digits; the error image takes the size the chart asked for.
    for name in ("width", "height"):
        response = client.get(f"/plot/weather.svg?{name}=" + "9" * 5000)
        assert response.status_code == 400, response.data[:200]
        assert name.encode() in response.data


@pytest.mark.parametrize(("query", "said"), [
    ("", "type must be one of Bear, Deer, Wolf; it is missing"),
    ("?type=bear", "type must be one of Bear, Deer, Wolf; got 'bear' (did you mean 'Bear'?)"),
])
def test_the_first_version_s_chart_says_what_its_type_lacks(client, query, said):
    response = client.get(f"/animal.svg{query}")
    assert response.status_code == 400
    assert svg_message(response).endswith(said)


@pytest.mark.parametrize("route", ["/plot/stations.json", "/d/stations/temperature.json"])
def test_a_parameter_written_as_html_writes_it_is_told_to_write_the_ampersand_alone(client, route):
    response = client.get(f"{route}?kind=bar&amp;y=temperature_c")
    assert response.status_code == 400
    assert response.json["error"] == ("unknown parameter 'amp;y': the URL writes '&' as '&amp;', as HTML does; "
                                      "in a URL write '&' alone (…&y=…)")


@pytest.mark.parametrize(("query", "said"), [
    ("y%3DBear", "unknown parameter 'y=Bear': its '=' came percent-encoded, as %3D, which makes the value part of "
                 "the name; write the '=' itself: y=…"),
    ("?y=Bear", "unknown parameter '?y': the query starts after the URL's first '?', and a second one starts this "
                "name; write y=… after one '?'"),
])
def test_a_parameter_whose_name_holds_its_value_or_a_second_question_mark_is_told_how_to_write_it(client, query, said):
    # It was told only the parameters there are, y among them, as if it were misspelt.
    response = client.get(f"/plot/animals.json?{query}")
    assert response.status_code == 400 and response.json["error"] == said


@pytest.mark.parametrize(("query", "name", "joined"), [
    ("y=Bear%26width%3D300", "Bear&width=300", "an '&' that came percent-encoded, as %26"),
    ("y=Bear?width=300", "Bear?width=300", "a second '?'"),
])
def test_a_column_a_parameter_is_joined_to_as_part_of_its_value_is_told_how_to_join_them(client, query, name, joined):
    # It was told only that no column is named 'Bear&width=300'.
    response = client.get(f"/plot/animals.json?{query}")
    assert response.status_code == 404
    assert response.json["error"] == (
        f"y: no column '{name}'; the columns are year, Bear, Deer, Wolf ('Bear' is one, then "
        f"width=…, a parameter joined to it by {joined}, which makes it part of the value: join parameters with "
        "a plain '&')")


def test_a_parameter_written_as_html_writes_it_twice_is_told_the_parameter_meant(client):
    # A URL escaped for HTML twice, by an editor that escaped what it was given escaped: it was told to
    # write …&amp;y=…, which is as wrong.
    response = client.get("/plot/stations.json?kind=bar&amp;amp;y=temperature_c")
    assert response.status_code == 400
    assert response.json["error"] == ("unknown parameter 'amp;amp;y': the URL writes '&' as '&amp;amp;', escaped as "
                                      "HTML writes it 2 times; in a URL write '&' alone (…&y=…)")


@pytest.mark.parametrize(("given", "written"), [("yes", "true"), ("1", "true"), ("on", "true"),
                                                ("no", "false"), ("0", "false"), ("off", "false")])
def test_legend_takes_the_words_readme_lists_and_writes_them_as_true_or_false(client, given, written):
    response = client.get(f"/plot/animals.json?legend={given}")
    assert response.status_code == 200 and response.get_json()["spec"]["legend"] == written


@pytest.mark.parametrize(("query", "said"), [
    ("amp;cafe%CC%81=1", "unknown parameter 'amp;cafe\\u0301': the URL writes '&' as '&amp;', as HTML does"),
    ("scalle%CC%81=2", "unknown parameter 'scalle\\u0301' (did you mean 'scale'? it applies to .png only)"),
    ("errors=cafe%CC%81", "errors must be image or left out (image makes a chart's .svg or .png answer an error as "
                          "a 200 image; here it changes nothing: an error is answered as usual), got 'cafe\\u0301'"),
])
def test_a_refused_parameter_is_quoted_as_every_refusal_quotes_a_value(client, query, said):
    # repr wrote the decomposed accent as the café it looks like.
    response = client.get(f"/plot/stations.json?{query}")
    assert response.status_code == 400
    assert response.json["error"].startswith(said), response.json["error"]


def test_a_quick_range_no_dashboard_has_is_quoted_as_every_refusal_quotes_a_value(client):
    response = client.get("/d/stations?range=cafe%CC%81")
    assert response.status_code == 400
    assert "range must be one of now-24h, now-7d, now-30d, now-1y, all; got 'cafe\\u0301'" in html.unescape(
        response.get_data(as_text=True))
