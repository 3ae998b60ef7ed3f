"""What a shared cache in front of the site (a CDN, nginx's proxy_cache, Varnish) may keep of its
answers, and for how long, read from their headers."""
from __future__ import annotations

from tests.conftest import CSV_WRITE, created, writable_app

FORWARDED = ["X-Forwarded-Host", "X-Forwarded-Proto", "X-Forwarded-Prefix"]
HOST = {"Host": "charts.example.org"}


def test_the_api_s_reads_are_revalidated_by_a_cache_before_it_hands_them_on(client):
    # Without a Cache-Control a cache may pick a lifetime of its own (Varnish 2 minutes, a CDN a day).
    for url in ["/api/datasets", "/api/datasets/animals", "/api/openapi.json"]:
        for method in (client.get, client.head):
            response = method(url)
            assert response.status_code == 200, url
            assert response.headers["Cache-Control"] == "no-cache", url
        again = client.get(url, headers={"If-None-Match": client.get(url).headers["ETag"]})
        assert again.status_code == 304 and again.headers["Cache-Control"] == "no-cache", url
        assert again.headers["Vary"] == "Accept-Encoding", url


def test_a_write_through_a_cache_is_in_the_next_read_of_the_api(data_dir):
    client = writable_app(data_dir).test_client()
    created(client, "cached", "x,y\n1,2\n")
    before = client.get("/api/datasets/cached")
    appended = client.post("/api/datasets/cached/rows", data="x,y\n2,3\n", headers=CSV_WRITE)
    assert appended.status_code == 200
    # A write's answer is its writer's: no cache keeps it.
    assert appended.headers["Cache-Control"] == "no-store"
    after = client.get("/api/datasets/cached", headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200 and after.get_json()["dataset"]["row_count"] == 2
    assert after.headers["Cache-Control"] == "no-cache"


def test_behind_proxies_the_api_s_answers_vary_on_the_forwarded_headers(proxied):
    # Its URLs are built on X-Forwarded-Prefix: /charts/datasets/animals behind one that serves the site there.
    client = proxied.test_client()
    plain = client.get("/api/datasets/animals", headers=HOST)
    prefixed = client.get("/api/datasets/animals", headers={**HOST, "X-Forwarded-Prefix": "/charts"})
    assert plain.get_json()["dataset"]["url"] == "/datasets/animals"
    assert prefixed.get_json()["dataset"]["url"] == "/charts/datasets/animals"
    for answer in (plain, prefixed, client.get("/api/datasets", headers=HOST)):
        assert answer.headers["Vary"].split(", ") == ["Accept-Encoding", *FORWARDED]


def test_a_page_s_error_is_kept_by_no_cache_as_an_error_of_every_other_format_is(client):
    # no-cache let a cache keep a page's 404 and revalidate it; the next request may well be answered.
    for url in ["/nope", "/d/nope", "/datasets/nope", "/d/animals?rnage=now-7d", "/api/datasets/nope", "/plot/nope.svg"]:
        response = client.get(url)
        assert response.status_code in (400, 404), url
        assert response.headers["Cache-Control"] == "no-store", url
    assert client.get("/d/nope").mimetype == "text/html"


def test_a_redirect_of_a_slash_too_many_is_kept_an_hour_by_a_shared_cache_a_page_s_and_the_api_s_too(client):
    # Without a Cache-Control a browser keeps a 308 for good, past a new version of the site's URL rules.
    for method, url in [("GET", "/d/animals/"), ("GET", "/d//animals"), ("GET", "/datasets//animals?x=1"),
                        ("GET", "/api/datasets/animals/"), ("POST", "/api/datasets/animals/rows/"),
                        ("DELETE", "/api/datasets/animals/?x=1"), ("GET", "/plot/animals.svg/")]:
        response = client.open(url, method=method)
        assert response.status_code == 308, url
        assert response.headers["Cache-Control"] == "public, max-age=3600", url


def test_behind_proxies_a_redirect_kept_by_a_shared_cache_varies_on_the_forwarded_headers(proxied):
    # Its Location is built on X-Forwarded-Prefix.
    response = proxied.test_client().get("/d/animals/", headers={**HOST, "X-Forwarded-Prefix": "/charts"})
    assert response.status_code == 308 and response.headers["Location"] == "/charts/d/animals"
    assert response.headers["Cache-Control"] == "public, max-age=3600"
    assert set(FORWARDED) <= set(response.headers["Vary"].split(", "))


def test_a_dashboard_s_quick_range_redirect_is_kept_an_hour_as_a_redirect_of_a_slash_too_many_is(client):
    # Its Location follows from the URL and the dashboard's file, never the clock (`from=now-7d` is
    # written as asked): without a Cache-Control no cache kept the 302, and each visit by a link of
    # `?range=now-7d` waited on the site before the page was asked for.
    for url, location in [("/d/weather?range=now-7d", "/d/weather?from=now-7d"), ("/d/weather?range=all", "/d/weather"),
                          ("/d/weather?from=now-7d&to=", "/d/weather?from=now-7d")]:
        for method in (client.get, client.head):
            response = method(url)
            assert (response.status_code, response.headers["Location"]) == (302, location), url
            assert response.headers["Cache-Control"] == "public, max-age=3600", url


def test_behind_proxies_a_dashboard_s_quick_range_redirect_varies_on_the_forwarded_headers(proxied):
    response = proxied.test_client().get("/d/animals?range=now-7d", headers={**HOST, "X-Forwarded-Prefix": "/charts"})
    assert response.status_code == 302 and response.headers["Location"] == "/charts/d/animals?from=now-7d"
    assert response.headers["Cache-Control"] == "public, max-age=3600"
    assert set(FORWARDED) <= set(response.headers["Vary"].split(", "))
