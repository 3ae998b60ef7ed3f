"""Headers: CORS preflights and errors as fetchable as the answers, for readers on other sites."""
from __future__ import annotations

import pytest

PREFLIGHT = {"Origin": "https://example.org", "Access-Control-Request-Method": "GET",
             "Access-Control-Request-Headers": "if-none-match"}
FILES = ["/d/weather/temperature.svg", "/d/weather/temperature.png", "/d/weather/temperature.pdf",
         "/d/weather/temperature.json", "/d/weather/temperature.csv", "/plot/weather.csv?width=5",
         "/d/weather.pdf", "/datasets/weather.json", "/bears.svg"]


@pytest.mark.parametrize("url", FILES)
def test_a_preflight_of_a_chart_or_its_data_allows_a_get_with_its_validators(client, url):
    response = client.options(url, headers=PREFLIGHT)
    assert response.status_code == 204 and response.data == b""
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.headers["Access-Control-Allow-Methods"] == "GET, HEAD"
    allowed = {name.strip().lower() for name in response.headers["Access-Control-Allow-Headers"].split(",")}
    assert {"if-none-match", "if-modified-since"} <= allowed
    assert int(response.headers["Access-Control-Max-Age"]) > 0
    assert response.headers["Allow"] == "GET, HEAD, OPTIONS"
    assert "Content-Type" not in response.headers


# Chart and data URLs that no route takes: no dashboard or dataset name has a dot, and /x/ is no route.
UNROUTED = ["/nope.svg", "/plot/a.b.json", "/x/y.csv", "/d/weather/temperature.svg/x.png", "/d/weather/x/y.pdf"]


@pytest.mark.parametrize("url", UNROUTED)
def test_a_preflight_of_a_file_url_no_route_takes_lets_the_get_read_its_404(client, url):
    # A browser sends the GET only after a preflight with an ok status; its 404 then says why.
    preflight = client.options(url, headers=PREFLIGHT)
    assert preflight.status_code == 204
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"
    assert "if-none-match" in preflight.headers["Access-Control-Allow-Headers"].lower()
    response = client.get(url, headers={"Origin": "https://example.org", "If-None-Match": '"kept"'})
    assert response.status_code == 404
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert b"no page at" in response.data


@pytest.mark.parametrize("url", ["/api/datasets", "/api/datasets/weather", "/api/openapi.json", "/api/nope.json",
                                 "/d/weather", "/upload", "/static/site.css"])
def test_the_api_and_pages_answer_no_preflight(client, url):
    # A write needs an Authorization header, which a browser sends to another site only after a
    # preflight allows it: pages of other sites cannot write.
    response = client.options(url, headers={**PREFLIGHT, "Access-Control-Request-Method": "POST",
                                            "Access-Control-Request-Headers": "authorization, content-type"})
    assert "Access-Control-Allow-Methods" not in response.headers
    assert "Access-Control-Allow-Headers" not in response.headers


def test_charts_and_their_data_let_other_sites_read_their_etag(client):
    for url in ("/d/weather/temperature.svg", "/d/weather/temperature.pdf", "/d/weather/temperature.json"):
        response = client.get(url)
        assert response.status_code == 200
        assert response.headers["Access-Control-Expose-Headers"] == "ETag", url


@pytest.mark.parametrize("url", ["/plot/nope.csv", "/d/weather/temperature.csv?width=5",
                                 "/d/weather/temperature.pdf?width=5", "/d/nope.pdf", "/datasets/nope.csv"])
def test_text_errors_of_csv_and_pdf_urls_are_fetchable_and_never_cached_like_json_errors(client, url):
    json_error = client.get("/plot/nope.json")
    response = client.get(url)
    assert response.status_code in (400, 404) and response.mimetype == "text/plain"
    for name in ("Access-Control-Allow-Origin", "Cross-Origin-Resource-Policy", "Cache-Control",
                 "X-Content-Type-Options"):
        assert response.headers.get(name) == json_error.headers[name], name
    assert response.headers["Cache-Control"] == "no-store"


# Every answer another site's page may fetch that carries an ETag: charts (drawn, from the cache ahead
# of Flask, or an error drawn as a 200 image), data files, reports, the first version's files, API reads.
CROSS_ORIGIN_WITH_ETAGS = ["/d/weather/temperature.svg", "/d/weather/temperature.png", "/d/weather/temperature.json",
                           "/datasets/weather.csv", "/d/weather.pdf", "/d/weather/versions.json", "/bears.svg",
                           "/animal.svg?type=Bear", "/api/datasets", "/plot/animals.svg?kind=pie&errors=image",
                           "/d/animals/bears.png?scale=9&errors=image", "/plot/nothing.svg?errors=image"]


@pytest.mark.parametrize("url", CROSS_ORIGIN_WITH_ETAGS)
def test_every_cross_origin_answer_with_an_etag_lets_other_sites_read_it(client, url):
    # A page of another site revalidates what it keeps with If-None-Match: it must read the ETag first.
    for response in (client.get(url, headers={"Origin": "https://example.org"}), client.get(url)):
        assert response.status_code == 200 and response.headers["Access-Control-Allow-Origin"] == "*"
        assert response.headers.get("ETag"), url
        exposed = {name.strip() for name in response.headers["Access-Control-Expose-Headers"].split(",")}
        assert "ETag" in exposed, (url, exposed)


def test_an_error_drawn_as_an_image_lets_other_sites_read_its_error_and_its_etag(client):
    response = client.get("/plot/animals.svg?kind=pie&errors=image", headers={"Origin": "https://example.org"})
    assert response.headers["Access-Control-Expose-Headers"] == "X-Chart-Error, X-Chart-Error-Kind, ETag"
    kept = client.get("/plot/animals.svg?kind=pie&errors=image", headers={"If-None-Match": response.headers["ETag"]})
    assert kept.status_code == 304
