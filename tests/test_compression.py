"""Compressed answers: br or gzip as the client accepts, an ETag per encoding, no work on a cache hit."""
from __future__ import annotations

import gzip

import brotli
import pytest

import app.compression as compression

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
    assert sorted(head.headers.items()) == sorted(get.headers.items())
