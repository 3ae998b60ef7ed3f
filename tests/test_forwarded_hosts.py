"""Behind a proxy that hands a client's X-Forwarded-Host and -Prefix on: the hosts the site answers for,
and what caches may keep of pages and redirects built on them."""
from __future__ import annotations

import logging


from app import create_app

HOST = {"Host": "charts.example.org"}
FORWARDED = ["X-Forwarded-Host", "X-Forwarded-Proto", "X-Forwarded-Prefix"]


def test_a_forwarded_host_trusted_hosts_does_not_name_is_a_400(proxied):
    client = proxied.test_client()
    for url in ["/", "/d/animals/bears", "/plot/weather.svg", "/plot/weather.svg"]:  # a chart drawn, then a hit
        assert client.get(url, headers=HOST).status_code == 200, url
        refused = client.get(url, headers={**HOST, "X-Forwarded-Host": "evil.example"})
        assert refused.status_code == 400, url
        assert b"evil.example" in refused.data and b"not trusted" in refused.data, url
    page = client.get("/d/animals/bears", headers={**HOST, "X-Forwarded-Proto": "https"}).get_data(as_text=True)
    assert "https://charts.example.org/d/animals/bears.svg" in page


def test_behind_proxies_pages_and_redirects_vary_on_the_forwarded_headers(proxied):
    client = proxied.test_client()
    for url in ["/", "/d/animals/bears", "/datasets/animals", "/nope", "/plot/weather.svg/", "/d/animals/"]:
        vary = client.get(url, headers=HOST).headers["Vary"].split(", ")
        assert vary == ["Accept-Encoding", *FORWARDED], url
    # A chart's bytes are not built on them: a cache keeps one for every reader.
    assert client.get("/plot/weather.svg", headers=HOST).headers["Vary"] == "Accept-Encoding"


def test_pages_are_revalidated_by_a_cache_before_it_hands_them_on(client):
    for url in ["/", "/d/animals/bears"]:
        response = client.get(url)
        assert response.headers["Cache-Control"] == "no-cache", url
        assert not set(FORWARDED) & set(response.headers["Vary"].split(", ")), url  # no proxies believed
    again = client.get("/", headers={"If-None-Match": client.get("/").headers["ETag"]})
    assert again.status_code == 304 and again.headers["Cache-Control"] == "no-cache"
    # A page that sets its own keeps it.
    assert client.get("/plot/weather.svg").headers["Cache-Control"] == "public, no-cache"


def test_proxies_without_trusted_hosts_are_warned_of_at_start(data_dir, closing, caplog):
    with caplog.at_level(logging.WARNING):
        closing(create_app({"TESTING": True, "DATA_DIR": str(data_dir), "PROXIES": 1, "RENDER_WORKERS": 0}))
        closing(create_app({"TESTING": True, "DATA_DIR": str(data_dir), "PROXIES": 1, "RENDER_WORKERS": 0,
                            "TRUSTED_HOSTS": ["charts.example.org"]}))
        closing(create_app({"TESTING": True, "DATA_DIR": str(data_dir), "RENDER_WORKERS": 0}))
    warned = [r.getMessage() for r in caplog.records if "TRUSTED_HOSTS" in r.getMessage()]
    assert warned == [
        "PROXIES is set and TRUSTED_HOSTS names no host: the site believes any X-Forwarded-Host, a client's too where "
        "the proxy hands one on, and its embed snippets name that host; set SVGPLOTS_TRUSTED_HOSTS to the host names "
        "readers use ('[\"charts.example.org\"]') and have the proxy set X-Forwarded-Host itself"]
