"""Every URL through the test client: status, content type, headers, and errors in the URL's format."""
from __future__ import annotations

import csv
import html
import html.parser
import io
import json
import re
import urllib.parse
import xml.etree.ElementTree as ET

import pytest

from app import create_app
from app.views.chart_embeds import markdown_text
from plots import KINDS
from tests.error_image_text import error_message

SVG_TYPE = "image/svg+xml; charset=utf-8"

URLS = [
    ("/", "text/html; charset=utf-8"),
    ("/d/animals", "text/html; charset=utf-8"),
    ("/d/weather", "text/html; charset=utf-8"),
    ("/d/animals/all", "text/html; charset=utf-8"),
    ("/d/weather/yearly-rainfall", "text/html; charset=utf-8"),
    ("/d/animals/all.svg", SVG_TYPE),
    ("/d/animals/all.png", "image/png"),
    ("/d/animals/all.json", "application/json"),
    ("/d/animals/all.csv", "text/csv; charset=utf-8"),
    ("/datasets/animals", "text/html; charset=utf-8"),
    ("/datasets/animals.json", "application/json"),
    ("/datasets/animals.csv", "text/csv; charset=utf-8"),
    ("/plot/animals.svg?kind=bar&y=Bear", SVG_TYPE),
    ("/plot/weather.png?kind=hist&y=temperature_c&scale=2", "image/png"),
    ("/plot/weather.json?y=rainfall_mm&resample=year&agg=sum", "application/json"),
    ("/api/datasets", "application/json"),
    ("/api/datasets/weather", "application/json"),
    ("/animal.svg?type=Bear", SVG_TYPE),
    ("/animal.svg?type=Deer", SVG_TYPE),
    ("/animal.svg?type=Wolf", SVG_TYPE),
    ("/bears.svg", SVG_TYPE),
    ("/divide.json?numerator=1&denominator=4", "application/json"),
]


@pytest.mark.parametrize(("url", "content_type"), URLS)
def test_every_url_answers_200_with_its_content_type(client, url, content_type):
    response = client.get(url)
    assert response.status_code == 200, response.data[:300]
    assert response.headers["Content-Type"] == content_type
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "Set-Cookie" not in response.headers


@pytest.mark.parametrize("url", ["/d/weather/" + c for c in (
    "temperature", "monthly-temperature", "yearly-rainfall", "windiest-years", "humidity-vs-temperature",
    "temperature-distribution", "pressure-spread", "recent-rain", "wettest-months")])
def test_every_weather_chart_renders_a_valid_svg(client, url):
    response = client.get(url + ".svg")
    assert response.status_code == 200
    assert ET.fromstring(response.data).tag.endswith("svg")


def test_weather_dashboard_shows_every_chart_kind(app):
    from plots import KINDS

    board = app.extensions["svgplots"].dashboards["weather"]
    assert {c.fields["kind"][0] for c in board.charts} == set(KINDS)


def test_chart_responses_carry_the_embedding_headers(client):
    response = client.get("/d/animals/all.svg")
    headers = response.headers
    assert headers["Content-Security-Policy"] == "default-src 'none'; img-src data:; style-src 'unsafe-inline'; sandbox"
    assert headers["Cross-Origin-Resource-Policy"] == "cross-origin"
    assert "no-cache" in headers["Cache-Control"] or "max-age" in headers["Cache-Control"]
    etag = headers["ETag"].strip('"')
    import hashlib

    assert etag == hashlib.sha256(response.data).hexdigest()[:32]


def test_matching_etag_is_answered_304_without_a_body(client):
    first = client.get("/d/animals/bears.svg")
    again = client.get("/d/animals/bears.svg", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    assert again.data == b""
    other = client.get("/d/animals/bears.svg", headers={"If-None-Match": '"something-else"'})
    assert other.status_code == 200 and other.data == first.data


def test_url_with_current_version_is_cacheable_forever(client):
    src = client.get("/d/animals/versions.json").get_json()["charts"]["all"]["src"]  # as the page has it
    assert "immutable" in client.get(src).headers["Cache-Control"]
    assert "immutable" not in client.get("/d/animals/all.svg?v=1").headers["Cache-Control"]


def test_query_parameters_override_the_dashboard_spec(client):
    plain = client.get("/d/animals/bears.svg").data
    dark = client.get("/d/animals/bears.svg?theme=dark&width=300").data
    assert plain != dark
    root = ET.fromstring(dark)
    assert root.get("width") == "300"  # CSS pixels


def test_chart_json_holds_the_data_behind_the_chart(client):
    body = client.get("/d/weather/yearly-rainfall.json").get_json()
    assert body["ok"] is True
    assert body["columns"] == ["date", "sum of rainfall_mm"]  # yearly sums, as the chart's axis names them
    assert len(body["rows"]) == 30
    assert body["rows"][0][0] == "1996-01-01"


def test_chart_csv_holds_the_same_rows(client):
    rows = list(csv.reader(io.StringIO(client.get("/d/animals/bears.csv").get_data(as_text=True))))
    assert rows[0] == ["year", "Bear"]
    assert rows[1] == ["2010", "36"]
    assert len(rows) == 13


def test_csv_export_neutralises_formula_cells(client, data_dir):
    (data_dir / "sheet.csv").write_text("name,value\n=cmd(),1\n+1,2\n-x,3\n@a,4\nplain,-5\n")
    text = client.get("/datasets/sheet.csv").get_data(as_text=True)
    assert text.splitlines() == ["name,value", "'=cmd(),1", "'+1,2", "'-x,3", "'@a,4", "plain,-5"]


def test_datasets_in_the_data_dir_are_listed_and_charted(client, data_dir):
    (data_dir / "sales.csv").write_text("month,units\n2024-01-01,5\n2024-02-01,7\n")
    names = [d["name"] for d in client.get("/api/datasets").get_json()["datasets"]]
    assert names == ["animals", "sales", "stations", "weather"]
    response = client.get("/plot/sales.svg")
    assert response.status_code == 200
    assert "month from 2024-01-01 to 2024-02-01" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("url", "status", "words"),
    [
        ("/d/animals/all.svg?y=Nope", 404, ["Nope", "year, Bear, Deer, Wolf"]),
        ("/d/animals/all.svg?width=5000", 400, ["width", "2000"]),
        ("/d/animals/all.svg?kind=pie", 400, ["kind", "line"]),
        ("/d/animals/nope.svg", 404, ["nope", "all, bears"]),
        ("/d/nowhere/all.svg", 404, ["nowhere", "animals"]),
        ("/plot/nothing.svg", 404, ["nothing", "animals"]),
        ("/animal.svg?type=Cat", 400, ["type", "Bear, Deer, Wolf"]),
        ("/animal.svg", 400, ["type", "missing"]),
        ("/d/animals/all.svg?scale=2", 400, ["scale", ".png"]),
        ("/d/animals/all.svg?title=%07", 400, ["title", "control"]),
    ],
)
def test_bad_chart_requests_get_an_svg_that_explains_itself(client, url, status, words):
    response = client.get(url)
    assert response.status_code == status
    assert response.headers["Content-Type"] == SVG_TYPE
    text = ET.fromstring(response.data).find("{http://www.w3.org/2000/svg}title").text
    for word in words:
        assert word in text


@pytest.mark.parametrize(
    ("url", "status", "words"),
    [
        ("/divide.json?numerator=1&denominator=0", 400, ["denominator", "0"]),
        ("/divide.json?numerator=1&denominator=abc", 400, ["denominator", "'abc'"]),
        ("/divide.json?numerator=nan&denominator=2", 400, ["numerator", "finite"]),
        ("/divide.json?denominator=2", 400, ["numerator", "required"]),
        ("/d/animals/all.json?y=Nope", 404, ["Nope"]),
        ("/datasets/nothing.json", 404, ["nothing"]),
        ("/api/datasets/nothing", 404, ["nothing"]),
        ("/api/nowhere", 404, []),
        ("/d/animals/all.png?scale=9", 400, ["scale", "1", "3"]),
    ],
)
def test_bad_data_requests_get_the_one_json_error_shape(client, url, status, words):
    response = client.get(url)
    assert response.status_code == status
    if url.endswith(".png") or ".png?" in url:
        assert response.headers["Content-Type"] == "image/png"
        assert all(word in error_message(response.data) for word in words)
        return
    body = json.loads(response.data)
    assert set(body) == {"ok", "status", "title", "error"}
    assert body["ok"] is False and body["status"] == status
    for word in words:
        assert word in body["error"]


def test_unknown_page_is_an_html_404(client):
    response = client.get("/d/nowhere")
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    assert b"no dashboard &#39;nowhere&#39;" in response.data


def test_chart_page_with_a_bad_field_is_400_and_keeps_the_form(client):
    response = client.get("/d/animals/all?kind=%3Cscript%3E")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Not applied: kind must be one of" in page
    assert "<script>" not in page and "&#39;&lt;script&gt;&#39;" in page
    assert '<form class="spec-form" method="get"' in page


def test_the_chart_forms_none_undoes_a_dashboard_charts_resample(client):
    page = client.get("/d/stations/temperature").get_data(as_text=True)
    assert '<option value="none">none</option><option value="hour">hour</option><option value="day">day</option><option value="week" selected>' in page
    weekly = client.get("/d/stations/temperature.json").json
    assert weekly["spec"]["resample"] == "week"
    daily = client.get("/d/stations/temperature.json?resample=none").json
    assert "resample" not in daily["spec"] and len(daily["rows"]) > 5 * len(weekly["rows"])
    # As the form sends it: the chart as a histogram, not resampled.
    form = "kind=hist&x=date&y=temperature_c&xmin=&xmax=&ymin=&ymax=&resample=none&agg=mean"
    assert client.get(f"/d/stations/temperature?{form}").status_code == 200
    assert client.get(f"/d/stations/temperature.svg?{form}").status_code == 200
    assert client.get("/d/stations/temperature.json?resample=").json["spec"]["resample"] == "week"  # blank: as is
    assert "resample must be one of hour, day, week, month, quarter, year, none" in client.get(
        "/plot/weather.json?resample=hourly").json["error"]


def test_the_chart_form_switched_to_another_kind_drops_the_resample_and_agg_that_kind_refuses(client):
    # As the form sends it when only the kind was changed: the dashboard's weekly step, and an agg, as shown.
    form = ("kind=hist&x=date&y=temperature_c&xmin=&xmax=&ymin=&ymax=&resample=week&agg=sum"
            "&shown.resample=week&shown.agg=sum")
    page = client.get(f"/d/stations/temperature?{form}")
    assert page.status_code == 200
    src = html.unescape(re.search(r'id="chart" src="([^"]+)"', page.get_data(as_text=True)).group(1))
    # A histogram takes no resample: the dashboard's is left out, and the image's URL names none.
    assert "resample" not in src and "agg=" not in src
    assert client.get(src).status_code == 200
    # A line not resampled combines no rows: the agg the form still shows is dropped, not refused.
    form = "kind=line&x=date&y=temperature_c&xmin=&xmax=&ymin=&ymax=&resample=none&agg=sum&shown.agg=sum"
    assert client.get(f"/d/stations/temperature?{form}").status_code == 200
    # Not shown by the form, they are a URL's own, refused by the page as by the chart's image.
    for query in ("kind=hist&resample=week&agg=sum", "kind=line&resample=none&agg=sum"):
        assert client.get(f"/d/stations/temperature?{query}").status_code == 400
        assert client.get(f"/d/stations/temperature.svg?{query}").status_code == 400


def test_a_chart_page_that_cannot_be_drawn_is_422_showing_the_form_as_asked_and_why(client):
    # Thirty years of rain by month is 360 bars, more than a bar chart may show. The page was a bare
    # 422 error page then: no form to choose a longer step from.
    response = client.get("/d/weather/yearly-rainfall?resample=month&agg=sum")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert ('This chart cannot be drawn: a bar chart may show at most 100 categories and this one has 360; '
            'resample it by a longer step than month (resample=year: 30 bars), narrow its time range (from/to), filter '
            'the data or use kind=line'
            in page)
    assert '<form class="spec-form" method="get" autocomplete="off" action="/d/weather/yearly-rainfall">' in page
    assert '<option value="month" selected>' in page and '<option value="sum" selected>' in page
    assert '<option value="bar" selected>' in page
    # The form's answer with a longer step draws (by quarter, 120 bars, would still be too many).
    form = "kind=bar&x=date&y=rainfall_mm&xmin=&xmax=&ymin=&ymax=&resample=year&agg=sum"
    assert client.get(f"/d/weather/yearly-rainfall?{form}").status_code == 200


def test_the_chart_form_clears_a_dashboard_charts_bound_and_its_image_draws_what_the_page_shows(client):
    # recent-rain is resampled by week from xmin = 2024-01-01. Before, a blank bound in the form
    # kept the dashboard's (the form shows it, so it could not be cleared), and the image of a
    # page that undid the resample carried `resample=`, which kept the week.
    base = client.get("/d/weather/recent-rain.json").json
    assert base["spec"]["xmin"].startswith("2024-01-01") and base["spec"]["resample"] == "week"
    form = "kind=line&x=date&y=rainfall_mm&xmin=&xmax=&ymin=&ymax=&resample=none&agg=sum"
    page = client.get(f"/d/weather/recent-rain?{form}").get_data(as_text=True)
    assert '<input name="xmin" value="">' in page
    src = html.unescape(re.search(r'id="chart" src="([^"]+)"', page).group(1))
    assert "xmin=auto" in src and "resample=none" in src
    drawn = client.get(src.replace(".svg", ".json")).json
    assert "xmin" not in drawn["spec"] and "resample" not in drawn["spec"]
    assert drawn["rows"][0][0] < "2024" and len(drawn["rows"]) > 7 * len(base["rows"])
    # Submitting the form again keeps the bound cleared.
    assert 'name="xmin" value=""' in client.get(f"/d/weather/recent-rain?{form}&v=1").get_data(as_text=True)
    # In an image URL a blank bound keeps the dashboard's; auto clears it.
    assert client.get("/d/weather/recent-rain.json?xmin=").json["spec"]["xmin"] == base["spec"]["xmin"]
    assert "xmin" not in client.get("/d/weather/recent-rain.json?xmin=auto").json["spec"]


def test_wrong_method_is_405_not_500(client):
    assert client.post("/d/animals/all.svg").status_code == 405


def test_pages_carry_security_headers(client):
    headers = client.get("/").headers
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["Referrer-Policy"] == "same-origin"


def test_dashboard_page_has_sized_images_with_alt_text_matching_the_svg(app, client):
    page = client.get("/d/animals").get_data(as_text=True)
    assert page.count("<img ") == len(app.extensions["svgplots"].dashboards["animals"].charts) == 5
    assert 'width="640" height="360"' in page
    svg = ET.fromstring(client.get("/d/animals/bears.svg").data)
    desc = svg.find("{http://www.w3.org/2000/svg}desc").text
    assert desc in html.unescape(page)


@pytest.mark.parametrize(("url", "title"), [
    ("/d/animals/bears", "Bears · Animal sightings"),  # the chart's title, not its id
    ("/d/animals/bears?title=Bears%0Aper+year", "Bears per year · Animal sightings"),  # as its heading is
    ("/d/animals/bears?title=", "bears · Animal sightings"),  # untitled: its id
])
def test_a_chart_pages_title_is_the_charts_title_when_it_has_one(client, url, title):
    page = client.get(url).get_data(as_text=True)
    assert re.search(r"<title>(.*?)</title>", page, re.S)[1] == f"{title} · SVG Plots"


def test_chart_page_offers_embed_snippets_and_formats(client):
    page = client.get("/d/animals/bears?theme=dark").get_data(as_text=True)
    assert "&lt;img src=&#34;http://localhost/d/animals/bears.svg?theme=dark&#34; width=&#34;640&#34;" in page
    assert "![" in page and "](http://localhost/d/animals/bears.svg?theme=dark)" in page
    for fmt in ("svg", "png", "json", "csv"):
        assert f'href="/d/animals/bears.{fmt}?theme=dark"' in page
    assert "<table class=\"data\" translate=\"no\">" in page


@pytest.mark.parametrize("title", ["Bears%0D%0A%0D%0Aper+year", "Bears%0A%23+per+year", "Bears%0A-+per%09+year"])
def test_the_embed_snippets_write_a_multi_line_title_on_one_line(client, title):
    # In Markdown a blank line would split the image into two paragraphs of text, and a line
    # starting "# " or "- " would be a heading or a list; a blank line ends an HTML block too.
    page = client.get(f"/d/animals/bears?title={title}").get_data(as_text=True)
    snippets = {name: html.unescape(re.search(rf'<textarea id="embed-{name}"[^>]*>(.*?)</textarea>', page, re.S)[1])
                for name in ("html", "markdown")}
    first_words = urllib.parse.unquote_plus(title).split()
    alt_start = " ".join(first_words) + ". Bar chart of Bear by year"
    assert snippets["markdown"].startswith(f"![{markdown_text(alt_start)}")
    assert f'alt="{alt_start}' in snippets["html"]
    assert all("\n" not in snippet and "\r" not in snippet and "\t" not in snippet for snippet in snippets.values())


@pytest.mark.parametrize("blank", ["%0A", "%0D%0A", "%0A%0A%0A", "+%0A+"])
def test_a_title_of_only_white_space_is_drawn_and_shown_as_no_title(client, blank):
    # A title textarea cleared but for its line break sends CRLF.
    for url in ("/d/animals/bears.svg?title=", "/plot/animals.svg?y=Bear&title="):
        assert client.get(url + blank).data == client.get(url).data
    svg = ET.fromstring(client.get(f"/d/animals/bears.svg?title={blank}").data)
    assert svg.find("{http://www.w3.org/2000/svg}title").text == "Bar chart of Bear by year"
    page = client.get(f"/d/animals/bears?title={blank}").get_data(as_text=True)
    assert re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S)[1] == "bears"


FORWARDED = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "charts.example.org", "X-Forwarded-Prefix": "/plots",
             "X-Forwarded-For": "203.0.113.9"}


def test_behind_a_proxy_the_embed_snippets_carry_the_url_readers_use(data_dir):
    proxied = create_app({"TESTING": True, "DATA_DIR": str(data_dir), "PROXIES": 1}).test_client()
    page = proxied.get("/d/animals/bears", headers=FORWARDED).get_data(as_text=True)
    assert "&lt;img src=&#34;https://charts.example.org/plots/d/animals/bears.svg&#34;" in page
    assert 'href="/plots/d/animals/bears.png"' in page
    # The proxy takes the prefix off before it forwards a request.
    assert proxied.get("/plots/d/animals/bears.svg", headers=FORWARDED).status_code == 404
    assert proxied.get("/d/animals/bears.svg", headers=FORWARDED).status_code == 200


def test_forwarded_headers_are_ignored_unless_proxies_are_set(client):
    page = client.get("/d/animals/bears", headers=FORWARDED).get_data(as_text=True)
    assert "&lt;img src=&#34;http://localhost/d/animals/bears.svg&#34;" in page
    assert "example.org" not in page


@pytest.mark.parametrize("proxies", [-1, 11, "one", True])
def test_proxies_must_be_a_small_count(data_dir, proxies):
    with pytest.raises(ValueError, match="PROXIES must be the number of reverse proxies in front of the site"):
        create_app({"TESTING": True, "DATA_DIR": str(data_dir), "PROXIES": proxies})


def test_dataset_page_shows_a_chart_per_numeric_column(client):
    page = client.get("/datasets/weather").get_data(as_text=True)
    assert page.count('<figure class="chart">') == 5
    assert "Showing 100 of 10958 rows." in page


def test_divide_returns_the_quotient(client):
    assert client.get("/divide.json?numerator=3&denominator=4").get_json()["result"] == 0.75


def test_x_bounds_choose_the_rows_so_the_data_and_the_y_axis_fit_what_is_shown(client):
    rows = client.get("/plot/weather.json?y=rainfall_mm&resample=month&agg=sum&xmin=2025-01-01").get_json()["rows"]
    assert [r[0] for r in rows][:2] == ["2025-01-01", "2025-02-01"] and len(rows) == 12


def test_bar_charts_of_dates_take_date_bounds(client):
    response = client.get("/plot/weather.svg?kind=bar&y=rainfall_mm&resample=year&agg=sum&xmin=2020-01-01&xmax=2022-12-31")
    assert response.status_code == 200
    assert "date from 2020 to 2022" in response.get_data(as_text=True)


def test_x_bounds_on_a_text_x_column_are_a_400(client, data_dir):
    (data_dir / "pets.csv").write_text("name,age\nrex,3\nfelix,5\n")
    response = client.get("/plot/pets.svg?kind=bar&xmin=1")
    assert response.status_code == 400 and b"number or date column" in response.data


@pytest.mark.parametrize(("url", "urls"), [
    ("/plot/1weather.svg", "a chart of a dataset is /plot/<dataset>.svg (or .png, .pdf), its rows in .json and .csv"),
    ("/datasets/weather.svg", "a dataset is /datasets/<dataset> (its page), /datasets/<dataset>.csv and .json"),
    ("/d/stations.json", "a dashboard is /d/<dashboard> (its page), /d/<dashboard>.pdf (its report)"),
    ("/d/weather.csv", "a chart of it is /d/<dashboard>/<chart> (its page) and /d/<dashboard>/<chart>.svg"),
    ("/nothing", "/plot/<dataset>.svg, /d/<dashboard>, /datasets/<dataset>"),
    ("/api/datasets/1weather", "the API is /api/datasets (every dataset; POST creates one), /api/datasets/<dataset> "
                              "(one; DELETE deletes it), /api/datasets/<dataset>/rows (POST appends rows) and "
                              "/api/openapi.json (its description)"),
    ("/api/datasets/weather.json", "the API is /api/datasets (every dataset;"),
])
def test_a_url_no_route_takes_is_a_404_that_says_what_urls_of_its_part_look_like(client, url, urls):
    response = client.get(url)
    assert response.status_code == 404
    body = html.unescape(response.get_data(as_text=True))
    assert f"no page at {url}; " in body and urls in body and "lowercase letter" in body


@pytest.mark.parametrize("url", ["/datasets/" + "x" * 300 + "/append", "/d/weather/" + "x" * 300 + ".svg",
                                 "/" + "x" * 300])
def test_a_404_of_a_long_path_shows_its_first_100_characters(client, url):
    response = client.get(url)
    assert response.status_code == 404
    body = html.unescape(response.get_data(as_text=True))
    assert f"no page at {url[:100]}…;" in body and "x" * 300 not in body


# A value each route's parts take, so that every route can be asked for with a trailing slash.
ROUTE_VALUES = {"name": "weather", "dashboard": "weather", "chart": "temperature", "dataset": "weather",
                "fmt": "csv", "filename": "site.css", "number": "1"}


def test_every_url_with_a_trailing_slash_redirects_to_the_one_without_keeping_the_query(app, client):
    adapter = app.url_map.bind("localhost")
    for rule in app.url_map.iter_rules():
        if rule.rule == "/":
            continue
        method = sorted(rule.methods - {"HEAD", "OPTIONS"})[0]
        url = adapter.build(rule.endpoint, {name: ROUTE_VALUES[name] for name in rule.arguments}, method=method)
        response = client.open(url + "/?title=caf%C3%A9&y=a", method=method)
        assert response.status_code == 308, (method, url)
        assert response.headers["Location"] == url + "?title=caf%C3%A9&y=a"


def test_a_slashed_chart_url_is_served_once_redirected_with_its_file_name_and_error_format(client):
    pdf = client.get("/d/weather/temperature.pdf/", follow_redirects=True)
    assert pdf.status_code == 200
    assert pdf.headers["Content-Disposition"] == 'inline; filename="temperature.pdf"'
    error = client.get("/plot/weather.svg//?kind=nope", follow_redirects=True)
    assert error.status_code == 400
    assert error.headers["Content-Type"] == SVG_TYPE


def test_the_index_is_answered_at_its_slash_and_a_slashed_url_no_route_takes_is_a_404(client):
    assert client.get("/").status_code == 200
    assert client.get("/nothing/").status_code == 404
    assert client.get("/d/weather/temperature/more/").status_code == 404


class SpecForm(html.parser.HTMLParser):
    """A chart page's form, and what a browser sends when it is submitted as it is."""

    def __init__(self, page: str):
        super().__init__()
        self.action, self.fields, self._select, self._chosen, self._inside = None, [], None, None, False
        self._textarea, self._typed = None, ""
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("class") == "spec-form":
            self._inside, self.action = True, attrs["action"]
        if not self._inside:
            return
        if tag == "input" and (attrs.get("type") != "checkbox" or "checked" in attrs):
            value = attrs.get("value", "")
            if attrs.get("type", "text") == "text":  # a browser strips line breaks from a text input's value
                value = value.replace("\r", "").replace("\n", "")
            self.fields.append((attrs["name"], value))
        elif tag == "select":
            self._select, self._chosen = attrs["name"], None
        elif tag == "option" and self._select and (self._chosen is None or "selected" in attrs):
            self._chosen = attrs["value"]
        elif tag == "textarea":
            self._textarea, self._typed = attrs["name"], ""

    def handle_data(self, data):
        if self._inside and self._textarea:
            self._typed += data

    def handle_endtag(self, tag):
        if tag == "select" and self._select:
            self.fields.append((self._select, self._chosen))
            self._select = None
        elif tag == "textarea" and self._textarea:
            # A browser drops the line feed just after the start tag and sends line breaks as CRLF.
            typed = self._typed[1:] if self._typed.startswith("\n") else self._typed
            self.fields.append((self._textarea, typed.replace("\n", "\r\n")))
            self._textarea = None
        elif tag == "form":
            self._inside = False


def chart_image(page: str) -> str:
    return html.unescape(re.search(r'<img id="chart" src="([^"]+)"', page).group(1))


def image_query(page: str) -> dict[str, list[str]]:
    """The query of the chart image a chart page shows, each parameter with its values."""
    return urllib.parse.parse_qs(urllib.parse.urlsplit(chart_image(page)).query)


@pytest.mark.parametrize("page", [
    "/d/weather/temperature-distribution?bins=5", "/d/weather/temperature?legend=true",
    "/d/weather/temperature?legend=false", "/d/weather/temperature?xlabel=Celsius", "/d/weather/temperature?xlabel=",
    "/d/weather/temperature?ylabel=", "/d/weather/temperature?ylabel=Degrees&text=path",
    "/d/weather/temperature?text=path&from=2025-03-01&to=2025-03-31&title=March",
    "/d/weather/temperature?title=%0ADaily%0Atemperature", "/d/weather/temperature?title=Daily%0D%0Atemperature",
])
def test_a_chart_pages_form_sent_unchanged_draws_the_same_chart(client, page):
    opened = client.get(page).get_data(as_text=True)
    form = SpecForm(opened)
    sent = client.get(form.action + "?" + urllib.parse.urlencode(form.fields))
    assert sent.status_code == 200
    assert chart_image(sent.get_data(as_text=True)) == chart_image(opened)
    name = page.partition("?")[2].split("=")[0]
    assert name in urllib.parse.parse_qs(urllib.parse.urlsplit(chart_image(opened)).query, keep_blank_values=True)


def test_a_chart_pages_form_carries_only_the_fields_it_does_not_show_that_differ_from_the_chart(client):
    page = client.get("/d/weather/temperature-distribution?xlabel=Degrees&legend=auto&kind=hist").get_data(as_text=True)
    hidden = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page)
    # Besides the form's own marks of the x and y it shows (shown.x, shown.y).
    assert [(name, value) for name, value in hidden if not name.startswith("shown.")] == [("xlabel", "Degrees")]


@pytest.mark.parametrize(("url", "also"), [
    # v and errors are taken (and change nothing) on a page and the data too: they are named there as well.
    ("/plot/weather.json?form=2024-01-01", "v, errors, from, to, filter.<column>"),
    ("/plot/weather.csv?form=2024-01-01", "v, errors, from, to, filter.<column>"),
    ("/plot/weather.svg?form=2024-01-01", "v, errors, from, to, filter.<column>"),
    ("/plot/weather.png?form=2024-01-01", "v, errors, from, to, filter.<column>, scale"),
    ("/plot/weather.pdf?form=2024-01-01", "v, errors, from, to, filter.<column>"),
    ("/d/weather/temperature.pdf?form=2024-01-01", "v, errors, from, to"),  # the weather dashboard has no filters
    ("/d/weather/temperature.json?form=2024-01-01", "v, errors, from, to"),
    ("/d/stations/temperature.csv?form=2024-01-01", "v, errors, from, to, filter.station"),
    ("/d/stations/temperature?form=2024-01-01", "v, errors, from, to, filter.station"),
])
def test_an_unknown_parameter_is_a_400_naming_every_parameter_the_url_takes(client, url, also):
    response = client.get(url)
    assert response.status_code == 400
    if response.mimetype == "image/png":  # a PNG's, its Title naming the whole message
        text = error_message(response.data)
    else:
        text = response.get_data(as_text=True)
    if response.mimetype == "image/svg+xml":  # an image's error is an SVG drawing the message line by line
        text = " ".join(re.findall(r">([^<]*)</text>", text))
    text = html.unescape(text)
    assert "unknown parameter 'form' (did you mean 'from'?); the parameters are kind, x, y, title" in text
    assert f"resample, agg, yscale, gap, stack, sort, top, series, rolling, cumulative, change, yline, xline, {also}" in text


def test_a_typo_of_a_filter_on_a_chart_page_names_the_dashboards_filters(client):
    response = client.get("/d/stations/temperature?filter_station=Airport")
    assert response.status_code == 400
    page = html.unescape(response.get_data(as_text=True))
    assert ("Not applied: unknown parameter 'filter_station' (did you mean 'filter.station'?); the parameters are "
            "kind, x, y,") in page
    assert "resample, agg, yscale, gap, stack, sort, top, series, rolling, cumulative, change, yline, xline, v, errors, from, to, filter.station" in page


def test_an_unknown_parameter_like_no_other_gets_no_guess(client):
    error = client.get("/plot/weather.json?colour=red").get_json()["error"]
    assert error.startswith("unknown parameter 'colour'; the parameters are kind, x, y")


@pytest.mark.parametrize("query", ["errors=image&errors=image", "errors=image&errors=svg"])
def test_errors_given_twice_is_a_400_saying_so(client, query):
    response = client.get(f"/plot/weather.json?{query}")
    assert response.status_code == 400
    assert response.get_json()["error"] == ("errors was given 2 times; give it once: errors must be image or left "
                                            "out (image makes a chart's .svg or .png answer an error as a 200 image; "
                                            "here it changes nothing: an error is answered as usual)")
    assert "got 'imag'" in client.get("/plot/weather.json?errors=imag").get_json()["error"]


def submitted(client, form: SpecForm, **changed: str):
    """The page a browser gets when the form is sent with the `changed` fields set as given."""
    fields = [(name, changed.get(name, value)) for name, value in form.fields]
    return client.get(form.action + "?" + urllib.parse.urlencode(fields))


def test_switching_a_histogram_page_with_bins_to_a_line_with_the_form_draws_the_line(client):
    form = SpecForm(client.get("/d/weather/temperature-distribution?bins=5").get_data(as_text=True))
    assert ("bins", "5") in form.fields  # shown in the form, where it can be changed
    sent = submitted(client, form, kind="line")
    assert sent.status_code == 200
    query = image_query(sent.get_data(as_text=True))
    assert query["kind"] == ["line"] and "bins" not in query


def test_a_kind_typed_in_capitals_on_a_chart_page_drops_bins_as_its_lowercase_does(client):
    # parse_spec reads kind=Line as line; the page once kept bins for it and answered 400. The bins are
    # sent back as the form showed them: bins a URL gives with a kind that draws none are refused.
    for kind in ("line", "Line", " LINE "):
        page = client.get("/d/weather/temperature-distribution",
                          query_string={"kind": kind, "bins": "20", "shown.bins": "20"})
        assert page.status_code == 200, (kind, page.status_code)


def test_bins_typed_in_the_chart_form_applies_and_a_blank_one_keeps_the_charts(client):
    opened = client.get("/d/weather/temperature-distribution").get_data(as_text=True)
    form = SpecForm(opened)
    answered = submitted(client, form, bins="7").get_data(as_text=True)
    assert ("bins", "7") in SpecForm(answered).fields
    typed = chart_image(answered)
    assert urllib.parse.parse_qs(urllib.parse.urlsplit(typed).query)["bins"] == ["7"]
    blank = submitted(client, form, bins="")
    assert blank.status_code == 200
    assert chart_image(blank.get_data(as_text=True)) == chart_image(opened)


def test_no_field_the_chart_form_carries_hidden_stops_switching_kind(client):
    page = "/d/weather/temperature-distribution?xlabel=Degrees&ylabel=Days&legend=true&text=path"
    form = SpecForm(client.get(page).get_data(as_text=True))
    assert {"xlabel", "ylabel", "legend", "text"} <= {name for name, _ in form.fields}
    for kind in KINDS:
        # A bar chart of every day may still be too many bars to draw (422): the form was applied.
        sent = submitted(client, form, kind=kind)
        assert sent.status_code != 400 and "Not applied" not in sent.get_data(as_text=True), kind


def test_a_datasets_thumbnail_on_the_index_draws_a_number_other_than_its_x(client):
    # The sample animals' first column, year, is its x: the thumbnail draws Bear, not year against year.
    page = html.unescape(client.get("/").get_data(as_text=True))
    thumbnails = dict(re.findall(r'src="/plot/(\w+)\.svg\?([^"]*)"', page))
    assert urllib.parse.parse_qs(thumbnails["animals"])["y"] == ["Bear"]
    assert urllib.parse.parse_qs(thumbnails["weather"])["y"] == ["temperature_c"]
