"""Compressed answers: br or gzip as the client accepts, an ETag per encoding, no work on a cache hit."""
from __future__ import annotations

import gzip
from email.utils import parsedate_to_datetime

import brotli
import pytest

import app.compression as compression
from app import create_app
from tests.conftest import headers_but_id

BR = {"Accept-Encoding": "gzip, deflate, br"}
GZIP = {"Accept-Encoding": "gzip"}


def test_an_svg_chart_goes_out_as_brotli_with_its_own_etag(client):
    plain = client.get("/d/animals/bears.svg")
    packed = client.get("/d/animals/bears.svg", headers=BR)
    assert packed.headers["Content-Encoding"] == "br"
    assert "Accept-Encoding" in packed.headers["Vary"] and "Accept-Encoding" in plain.headers["Vary"]
    assert brotli.decompress(packed.data) == plain.data
    assert len(packed.data) < len(plain.data) / 4
    assert packed.headers["ETag"] == plain.headers["ETag"][:-1] + '-br"'
    assert "Content-Encoding" not in plain.headers


def test_gzip_when_brotli_is_not_accepted(client):
    response = client.get("/d/animals/bears.svg", headers={"Accept-Encoding": "br;q=0, gzip"})
    assert response.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(response.data) == client.get("/d/animals/bears.svg").data
    assert response.headers["ETag"].endswith('-gz"')


def test_each_encoding_revalidates_with_its_own_etag(client):
    etag = client.get("/d/animals/bears.svg", headers=GZIP).headers["ETag"]
    assert client.get("/d/animals/bears.svg", headers={**GZIP, "If-None-Match": etag}).status_code == 304
    assert client.get("/d/animals/bears.svg", headers={**BR, "If-None-Match": etag}).status_code == 200


# Static files (send_file) and the seed's file /bears.svg, then charts of each kind of route, which
# the layer ahead of Flask answers once seen (fast hits) unless it is turned off.
FILES = ["/static/site.css", "/static/refresh.js", "/bears.svg"]
CHARTS = ["/d/animals/bears.svg", "/plot/weather.svg?kind=hist&y=temperature_c", "/animal.svg?type=Bear"]
REVALIDATED = ([pytest.param(url, True, id=url) for url in FILES]
               + [pytest.param(url, fast, id=f"{url}-{'fast-hits' if fast else 'routed'}")
                  for url in CHARTS for fast in (True, False)])


@pytest.mark.parametrize(("url", "fast_hits"), REVALIDATED)
@pytest.mark.parametrize("accept", [BR, GZIP, {}], ids=["br", "gzip", "plain"])
def test_every_answer_is_a_304_to_the_etag_it_sent_with_the_200s_validators(data_dir, url, accept, fast_hits):
    client = create_app({"TESTING": True, "DATA_DIR": str(data_dir), "FAST_HITS": fast_hits,
                         "RENDER_WORKERS": 0}).test_client()
    sent = client.get(url, headers=accept)
    assert sent.status_code == 200
    again = client.get(url, headers={**accept, "If-None-Match": sent.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    for name in ("ETag", "Vary", "Cache-Control"):
        assert again.headers.get(name) == sent.headers.get(name), name


def test_a_static_files_etag_of_another_encoding_gets_the_whole_file(client):
    gzip_etag = client.get("/static/site.css", headers=GZIP).headers["ETag"]
    response = client.get("/static/site.css", headers={**BR, "If-None-Match": gzip_etag})
    assert response.status_code == 200 and response.headers["Content-Encoding"] == "br"
    assert brotli.decompress(response.data) == client.get("/static/site.css").data


def test_a_conditional_request_works_out_the_encoding_its_answer_goes_out_in_once(client, monkeypatch):
    asked = []
    real = compression.response_encoding
    monkeypatch.setattr(compression, "response_encoding", lambda response: asked.append(1) or real(response))
    # Its ETag as sent is compared with If-None-Match, a Range is weighed, then the file is compressed.
    response = client.get("/static/site.css", headers={**BR, "If-None-Match": '"another"', "Range": "bytes=0-9"})
    assert response.status_code == 200 and response.headers["Content-Encoding"] == "br"
    assert len(asked) == 1


def test_png_goes_out_as_it_is(client):
    response = client.get("/d/animals/bears.png", headers=BR)
    assert "Content-Encoding" not in response.headers
    assert response.data[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("url", ["/", "/d/weather", "/datasets/weather.json", "/datasets/weather.csv",
                                 "/api/datasets", "/static/site.css", "/static/refresh.js",
                                 "/plot/nothing.svg"])
def test_pages_data_css_js_and_error_svgs_are_compressed(client, url):
    plain = client.get(url)
    packed = client.get(url, headers=BR)
    assert packed.status_code == plain.status_code
    assert packed.headers["Content-Encoding"] == "br"
    assert "Accept-Encoding" in packed.headers["Vary"]
    assert brotli.decompress(packed.data) == plain.data


def test_a_cache_hit_does_no_compression_work(client, monkeypatch):
    calls = []
    real = compression.compress
    monkeypatch.setattr(compression, "compress", lambda body, encoding: calls.append(encoding) or real(body, encoding))
    client.get("/plot/animals.svg?title=Once", headers=BR)
    assert sorted(calls) == ["br", "gzip"]  # compressed once per encoding, when it was cached
    for headers in (BR, GZIP, BR):
        assert client.get("/plot/animals.svg?title=Once", headers=headers).status_code == 200
    assert sorted(calls) == ["br", "gzip"]


def test_a_static_file_is_compressed_once_per_version_of_the_file(client, monkeypatch, tmp_path):
    calls = []
    real = compression.compress
    monkeypatch.setattr(compression, "compress", lambda body, encoding: calls.append(encoding) or real(body, encoding))
    monkeypatch.setattr(compression, "_static", {})
    plain = client.get("/static/site.css").data
    answers = [client.get("/static/site.css", headers=BR) for _ in range(3)]
    assert calls == ["br"]
    assert {brotli.decompress(a.data) for a in answers} == {plain}
    assert len({a.headers["ETag"] for a in answers}) == 1
    # Another version of the file (another ETag) is compressed afresh, not served from the old one.
    compression._static = {(path, etag + "-old", encoding): b"stale" for path, etag, encoding in compression._static}
    assert brotli.decompress(client.get("/static/site.css", headers=BR).data) == plain
    assert calls == ["br", "br"]


@pytest.mark.parametrize("url", ["/d/weather", "/datasets/weather.json", "/datasets/weather.csv",
                                 "/d/weather/temperature.csv", "/plot/weather.json", "/static/site.css",
                                 "/d/weather/temperature.svg"])
@pytest.mark.parametrize("accept", [BR, GZIP, {}])
def test_head_answers_the_headers_get_would(client, url, accept):
    get = client.get(url, headers=accept)
    head = client.head(url, headers=accept)
    assert head.status_code == get.status_code == 200
    assert head.data == b""
    # An answer dated is dated as it is made: the two may fall either side of a second's turn.
    assert ("Date" in head.headers) == ("Date" in get.headers)
    if "Date" in get.headers:
        dated = [parsedate_to_datetime(answer.headers["Date"]) for answer in (get, head)]
        assert 0 <= (dated[1] - dated[0]).total_seconds() <= 1
    assert (sorted((k, v) for k, v in headers_but_id(head).items() if k != "Date")
            == sorted((k, v) for k, v in headers_but_id(get).items() if k != "Date"))


@pytest.mark.parametrize("url", ["/d/animals/bears.svg", "/static/site.css", "/plot/weather.json"])
def test_x_gzip_is_taken_as_gzip(client, url):
    plain = client.get(url)
    response = client.get(url, headers={"Accept-Encoding": "x-gzip"})
    assert response.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(response.data) == plain.data


# Each refuses the plain bytes (identity) and accepts neither br nor gzip.
REFUSING_ALL = ["identity;q=0", "*;q=0", "deflate, identity;q=0", "br;q=0, gzip;q=0, identity;q=0"]


@pytest.mark.parametrize("accept_encoding", REFUSING_ALL)
@pytest.mark.parametrize("url", ["/d/animals/bears.svg", "/d/animals/bears.png", "/static/site.css", "/d/weather",
                                 "/plot/weather.json", "/plot/weather.csv"])
def test_refusing_every_coding_the_site_sends_is_a_406_that_names_them(client, url, accept_encoding):
    assert client.get(url).status_code == 200  # a chart is then answered ahead of Flask
    response = client.get(url, headers={"Accept-Encoding": accept_encoding})
    assert response.status_code == 406
    assert b"accept br, gzip or identity" in response.data
    assert "Accept-Encoding" in response.headers["Vary"]


def test_refusing_the_plain_bytes_gets_even_a_small_answer_compressed(client):
    url = "/divide.json?numerator=1&denominator=2"
    plain = client.get(url)
    assert len(plain.data) < compression.MIN_SIZE and "Content-Encoding" not in plain.headers
    response = client.get(url, headers={"Accept-Encoding": "gzip, identity;q=0"})
    assert response.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(response.data) == plain.data


# PNG and PDF charts, and a dashboard's PDF report: none is compressed for a client that takes them plain.
PACKED_ALREADY = ["/d/animals/bears.png", "/d/animals/bears.pdf", "/d/weather.pdf"]


@pytest.mark.parametrize("url", PACKED_ALREADY)
@pytest.mark.parametrize("fast_hits", [True, False], ids=["fast-hits", "routed"])
@pytest.mark.parametrize(("accept_encoding", "encoding"), [("identity;q=0, gzip", "gzip"), ("*;q=0, br", "br")])
def test_refusing_the_plain_bytes_gets_a_png_or_pdf_in_the_coding_it_accepts(data_dir, url, fast_hits,
                                                                            accept_encoding, encoding):
    client = create_app({"TESTING": True, "DATA_DIR": str(data_dir), "FAST_HITS": fast_hits,
                         "RENDER_WORKERS": 0}).test_client()
    plain = client.get(url)  # a chart is then answered ahead of Flask, when the layer is on
    assert plain.status_code == 200 and "Content-Encoding" not in plain.headers
    response = client.get(url, headers={"Accept-Encoding": accept_encoding})
    assert response.status_code == 200 and response.headers["Content-Encoding"] == encoding
    decoded = gzip.decompress(response.data) if encoding == "gzip" else brotli.decompress(response.data)
    assert decoded == plain.data
    assert response.headers["ETag"] == plain.headers["ETag"][:-1] + compression.ETAG_SUFFIX[encoding] + '"'
    again = client.get(url, headers={"Accept-Encoding": accept_encoding, "If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


@pytest.mark.parametrize("url", PACKED_ALREADY + ["/bears.svg", "/d/animals/bears.svg"])
def test_an_answer_whose_bytes_depend_on_accept_encoding_says_so_in_vary(client, url):
    first = client.get(url)  # routed; a chart's next answers come from ahead of Flask
    again = client.get(url)
    revalidated = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert (first.status_code, again.status_code, revalidated.status_code) == (200, 200, 304)
    for response in (first, again, revalidated):
        assert "Accept-Encoding" in response.headers.get("Vary", ""), response.status_code


@pytest.mark.parametrize("accept_encoding", ["", "*;q=0, identity", "deflate", "gzip;q=0, br;q=0"])
def test_the_plain_bytes_go_out_when_no_coding_but_identity_is_acceptable(client, accept_encoding):
    response = client.get("/d/animals/bears.svg", headers={"Accept-Encoding": accept_encoding})
    assert response.status_code == 200 and "Content-Encoding" not in response.headers
    assert response.data == client.get("/d/animals/bears.svg").data


@pytest.mark.parametrize("url", ["/d/animals/bears.svg", "/static/site.css", "/d/weather", "/plot/weather.csv"])
@pytest.mark.parametrize("fast_hits", [True, False], ids=["fast-hits", "routed"])
def test_a_client_rating_identity_above_br_and_gzip_gets_the_plain_bytes(data_dir, url, fast_hits):
    client = create_app({"TESTING": True, "DATA_DIR": str(data_dir), "FAST_HITS": fast_hits,
                         "RENDER_WORKERS": 0}).test_client()
    plain = client.get(url)  # a chart is then answered ahead of Flask, when the layer is on
    for accept_encoding in ("gzip;q=0.1, identity;q=1", "br;q=0.5, gzip;q=0.5, identity", "*;q=0.2, identity"):
        response = client.get(url, headers={"Accept-Encoding": accept_encoding})
        assert response.status_code == 200 and "Content-Encoding" not in response.headers, accept_encoding
        assert response.data == plain.data and response.headers["ETag"] == plain.headers["ETag"]
    # Rated as high as a coding, or not rated at all, identity leaves the coding chosen.
    for accept_encoding in ("gzip;q=0.5", "gzip;q=0.5, identity;q=0.5", "*;q=0.5"):
        response = client.get(url, headers={"Accept-Encoding": accept_encoding})
        assert response.headers.get("Content-Encoding") in ("gzip", "br"), accept_encoding


def test_long_accept_encoding_headers_are_read_but_not_kept_however_many_are_sent(client):
    compression._parsed.cache_clear()
    for number in range(80):
        # Some 9 KB each, of a thousand codings: kept, each would hold a dict of them.
        header = ", ".join(f"x{number}-{coding}" for coding in range(1000)) + ", gzip"
        assert compression.chosen_encoding(header) == "gzip"
    assert client.get("/d/animals/bears.svg", headers={"Accept-Encoding": header}).headers["Content-Encoding"] == "gzip"
    assert compression._parsed.cache_info().currsize == 0
    assert compression.chosen_encoding("gzip, br") == "br" and compression._parsed.cache_info().currsize == 1
