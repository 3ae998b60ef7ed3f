"""The body of a chart's, report's or data file's redirect (a slash too many) links the URL its
Location names, relative as that is: a doubled slash's redirect, which werkzeug makes, named the
absolute URL (`http://localhost/plot/animals.svg`) in its body while its Location was relative. A
page's doubled slash redirects to its relative URL too, as its trailing slash does."""
from __future__ import annotations

import gzip
import re

import brotli
import pytest

from app import compression, create_app
from tests.conftest import headers_but_id
from tests.test_embed_edges import SLASHED_FILES

# A doubled slash, redirected by werkzeug's routing (SLASHED_FILES has one too).
DOUBLED = [("/d//animals/bears.png", "/d/animals/bears.png"), ("/datasets//animals.csv", "/datasets/animals.csv"),
           ("/d/animals//all.json?width=320", "/d/animals/all.json?width=320")]
DECODE = {None: lambda body: body, "gzip": gzip.decompress, "br": brotli.decompress}


def links(body: bytes) -> list[str]:
    return re.findall(r'href="([^"]*)"', body.decode())


@pytest.mark.parametrize(("url", "location"), [*SLASHED_FILES, *DOUBLED])
@pytest.mark.parametrize("encoding", [None, "gzip", "br"])
def test_a_file_redirect_s_body_links_its_relative_location(client, url, location, encoding):
    response = client.get(url, headers={"Accept-Encoding": encoding} if encoding else {})
    assert response.status_code == 308 and response.headers["Location"] == location
    assert response.headers.get("Content-Encoding") == encoding or len(response.data) < 256
    body = DECODE[response.headers.get("Content-Encoding")](response.data)
    assert links(body) == [location.replace("&", "&amp;")]
    assert b"http://" not in body
    assert int(response.headers["Content-Length"]) == len(response.data)


def test_a_file_redirect_s_body_is_the_same_whichever_slash_is_too_many(client):
    doubled, trailing = client.get("/plot//animals.svg?y=Bear"), client.get("/plot/animals.svg/?y=Bear")
    assert doubled.data == trailing.data and headers_but_id(doubled) == headers_but_id(trailing)


@pytest.mark.parametrize(("url", "location"), [("/d//animals", "/d/animals"), ("/datasets//animals?x=1", "/datasets/animals?x=1")])
def test_a_page_s_doubled_slash_redirects_to_its_relative_url_as_a_trailing_slash_does(client, url, location):
    # Behind a proxy that does not say its scheme, an absolute http URL would take an https reader off https.
    response = client.get(url)
    assert response.status_code == 308 and response.headers["Location"] == location
    assert links(response.data) == [location]
    assert "Access-Control-Allow-Origin" not in response.headers


def test_a_doubled_slash_s_redirect_keeps_the_script_root(client):
    response = client.get("/plot//animals.svg", base_url="https://example.org/charts")
    assert response.status_code == 308 and response.headers["Location"] == "/charts/plot/animals.svg"
    assert links(response.data) == ["/charts/plot/animals.svg"]


@pytest.mark.parametrize("encoding", ["gzip", "br"])
def test_a_redirect_s_body_is_compressed_only_as_large_as_any_answer_worth_it(client, encoding):
    # Whether to compress is judged on the body sent, not on one naming the absolute URL.
    response = client.get("/plot//animals.svg", headers={"Accept-Encoding": encoding})
    assert response.status_code == 308 and len(response.data) < compression.MIN_SIZE
    assert "Content-Encoding" not in response.headers and links(response.data) == ["/plot/animals.svg"]
    long_query = "?title=" + "x" * compression.MIN_SIZE
    longer = client.get("/plot//animals.svg" + long_query, headers={"Accept-Encoding": encoding})
    assert longer.headers["Content-Encoding"] == encoding
    assert links(DECODE[encoding](longer.data)) == ["/plot/animals.svg" + long_query]


@pytest.mark.parametrize(("method", "url", "location"), [
    ("POST", "/api/datasets/animals/rows/", "/api/datasets/animals/rows"),
    ("POST", "/api//datasets/animals/rows", "/api/datasets/animals/rows"),
    ("GET", "/api/datasets/animals/", "/api/datasets/animals"),
    ("GET", "/api//datasets", "/api/datasets"),
    ("DELETE", "/api/datasets/animals/?x=1", "/api/datasets/animals?x=1"),
    ("POST", "/api/datasets/", "/api/datasets"),
    ("OPTIONS", "/api/openapi.json/", "/api/openapi.json"),
])
def test_an_api_url_s_redirect_says_where_to_send_the_request_in_json_as_every_api_answer(client, method, url, location):
    response = client.open(url, method=method)
    assert response.status_code == 308 and response.headers["Location"] == location
    assert response.mimetype == "application/json"
    assert response.get_json()["error"].startswith(f"the API answers this at {location}, not at {url}: send the request there")


@pytest.mark.parametrize("method", ["GET", "POST", "PUT", "PATCH", "DELETE"])
def test_a_slashed_api_url_no_route_takes_with_the_method_is_a_json_404(client, method):
    response = client.open("/api/datasets/animals/rows/" if method != "POST" else "/api/datasets/animals/", method=method)
    assert response.status_code == 404 and response.mimetype == "application/json"


def sent_as_is(client, method: str, path: str, query: str = ""):
    """The answer to `path` sent as it is: the test client reads a URL starting `//` as a host's."""
    return client.open("/", method=method, query_string=query, environ_overrides={"PATH_INFO": path})


@pytest.mark.parametrize(("method", "path", "query", "location"), [
    ("GET", "//api/datasets", "", "/api/datasets"),
    ("POST", "//api/datasets/animals/rows", "", "/api/datasets/animals/rows"),
    ("DELETE", "///api//datasets/animals/", "x=1", "/api/datasets/animals?x=1"),
])
def test_an_api_url_after_a_base_url_ending_in_a_slash_is_redirected_in_json(client, method, path, query, location):
    response = sent_as_is(client, method, path, query)
    assert response.status_code == 308 and response.headers["Location"] == location
    assert response.mimetype == "application/json"
    sent = f"{path}?{query}" if query else path
    assert response.get_json()["error"].startswith(f"the API answers this at {location}, not at {sent}: send the request")


@pytest.mark.parametrize(("path", "location"), [("//plot/animals.svg", "/plot/animals.svg"),
                                              ("//d/animals", "/d/animals")])
def test_a_page_or_file_url_starting_with_two_slashes_is_redirected_as_a_slash_too_many(client, path, location):
    response = sent_as_is(client, "GET", path)
    assert response.status_code == 308 and response.headers["Location"] == location


def test_a_url_starting_with_two_slashes_that_no_route_takes_is_its_404(client):
    response = sent_as_is(client, "GET", "//api/nosuch")
    assert response.status_code == 404 and response.get_json()["error"].startswith("no page at /api/nosuch; the API is")


@pytest.mark.parametrize("prefix", ["//evil.example", "https://evil.example", "/\\evil.example", "/plots//x",
                                    "/plots/../x", "plots"])
@pytest.mark.parametrize("url", ["/plot/animals.svg/", "//d/animals", "/d/animals/", "/d/animals/bears"])
def test_a_forwarded_prefix_that_is_no_path_is_a_400_never_a_redirect_to_another_site(data_dir, prefix, url):
    # Behind a proxy that does not set X-Forwarded-Prefix itself, a client's reaches the site: it made
    # the Location of a slash too many's 308, which caches keep an hour, //evil.example/plot/animals.svg.
    proxied = create_app({"TESTING": True, "DATA_DIR": str(data_dir), "PROXIES": 1}).test_client()
    response = proxied.get(url, headers={"X-Forwarded-Prefix": prefix})
    assert response.status_code == 400 and "Location" not in response.headers
    assert response.get_data(as_text=True).startswith("400 Bad Request: the path the site is served under")


def test_a_forwarded_prefix_that_is_a_path_is_kept_in_a_redirect(data_dir):
    proxied = create_app({"TESTING": True, "DATA_DIR": str(data_dir), "PROXIES": 1}).test_client()
    response = proxied.get("/plot/animals.svg/", headers={"X-Forwarded-Prefix": "/plots"})
    assert response.status_code == 308 and response.headers["Location"] == "/plots/plot/animals.svg"
