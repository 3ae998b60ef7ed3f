"""Every answer with an ETag is revalidated by one rule: its ETag names the bytes sent (the compressed
file's `-gz` or `-br` one when it goes out compressed), If-None-Match earns a 304 only when it names
that ETag, or is `*`, and the 304 carries it; If-Match is compared with it too. Charts, small and
streamed downloads, static files and /bears.svg alike, and pages and API reads, whose ETag is of their
bytes."""
from __future__ import annotations

import pytest

from app.views import dataset_rows
from tests.conftest import CSV_WRITE, WRITE_TOKEN, writable_app
from tests.error_image_text import answer_text

AUTH = {"Authorization": f"Bearer {WRITE_TOKEN}"}
GZIP = {"Accept-Encoding": "gzip"}
BR = {"Accept-Encoding": "gzip, deflate, br"}
ONLY_GZIP = {"Accept-Encoding": "gzip, identity;q=0"}
ACCEPTS = [pytest.param({}, id="plain"), pytest.param(GZIP, id="gzip"), pytest.param(BR, id="br"),
           pytest.param(ONLY_GZIP, id="gzip-identity-refused")]
# Datasets of more rows than this are streamed here: weather is, stations and animals are not.
STREAMED_PAST = 5000
STREAMED = ["/datasets/weather.csv", "/datasets/weather.json"]
SMALL = ["/datasets/stations.csv", "/datasets/animals.json",
         "/datasets/animals.csv"]  # too small to be worth compressing, but for a client that refuses it plain
FILES = ["/static/site.css", "/static/favicon.svg", "/bears.svg"]  # favicon.svg: too small to compress
CHARTS = ["/d/animals/bears.svg", "/d/animals/bears.png", "/plot/weather.json?y=temperature_c"]
# Made anew for each request: their ETag is a hash of the bytes made (/upload's hold the CSRF token of
# the cookie its first answer set, which the client sends back).
PAGES = ["/", "/d/animals", "/d/animals/bears?title=Mine", "/datasets/animals", "/upload", "/api/datasets",
         "/api/datasets/animals", "/api/openapi.json", "/d/animals/versions.json"]
URLS = ([pytest.param(url, True, id=url) for url in STREAMED + SMALL + FILES + PAGES]
        + [pytest.param(url, fast, id=f"{url}-{'fast-hits' if fast else 'routed'}")
           for url in CHARTS for fast in (True, False)])


@pytest.fixture
def make_client(tmp_path, monkeypatch):
    """`make_client(fast_hits)`: a client of the site whose weather dataset is streamed."""
    monkeypatch.setattr(dataset_rows, "STREAM_PAST_ROWS", STREAMED_PAST)
    monkeypatch.setattr(dataset_rows, "ROWS_PER_CHUNK", 4000)

    def make(fast_hits: bool = True):
        (tmp_path / "data").mkdir(exist_ok=True)
        return writable_app(tmp_path / "data", RENDER_WORKERS=0, FAST_HITS=fast_hits).test_client()

    return make


def encoded_etag(etag: str, suffix: str) -> str:
    return etag[:-1] + suffix + '"'


@pytest.mark.parametrize(("url", "fast_hits"), URLS)
@pytest.mark.parametrize("accept", ACCEPTS)
def test_only_the_etag_an_answer_carries_earns_a_304_and_the_304_carries_it(make_client, url, fast_hits, accept):
    client = make_client(fast_hits)
    plain = client.get(url)
    sent = client.get(url, headers=accept)
    assert plain.status_code == sent.status_code == 200
    etag = sent.headers["ETag"]
    # The ETag names the bytes sent: the plain bytes' own, or the compressed file's.
    encoding = sent.headers.get("Content-Encoding")
    assert etag == (plain.headers["ETag"] if encoding is None
                    else encoded_etag(plain.headers["ETag"], {"gzip": "-gz", "br": "-br"}[encoding]))
    for held in {plain.headers["ETag"], encoded_etag(plain.headers["ETag"], "-gz"),
                 encoded_etag(plain.headers["ETag"], "-br")}:
        again = client.get(url, headers={**accept, "If-None-Match": held})
        if held == etag:
            assert again.status_code == 304 and again.data == b"", held
        else:
            assert again.status_code == 200 and again.data == sent.data, held
        assert again.headers["ETag"] == etag, held


@pytest.mark.parametrize(("url", "fast_hits"), URLS)
@pytest.mark.parametrize("accept", ACCEPTS)
def test_if_none_match_star_is_a_304_with_the_etag_the_200_carries(make_client, url, fast_hits, accept):
    client = make_client(fast_hits)
    sent = client.get(url, headers=accept)
    for method in (client.get, client.head):
        kept = method(url, headers={**accept, "If-None-Match": "*"})
        assert kept.status_code == 304 and kept.data == b""
        for name in ("ETag", "Vary", "Cache-Control"):
            assert kept.headers.get(name) == sent.headers.get(name), name


@pytest.mark.parametrize(("url", "fast_hits"), URLS)
@pytest.mark.parametrize("accept", [pytest.param(GZIP, id="gzip"), pytest.param(ONLY_GZIP, id="gzip-identity-refused")])
def test_an_etag_among_others_in_if_none_match_earns_the_304(make_client, url, fast_hits, accept):
    client = make_client(fast_hits)
    etag = client.get(url, headers=accept).headers["ETag"]
    kept = client.get(url, headers={**accept, "If-None-Match": f'"an-older-one", W/{etag}'})
    assert kept.status_code == 304 and kept.headers["ETag"] == etag


@pytest.mark.parametrize(("url", "fast_hits"), URLS)
@pytest.mark.parametrize("accept", [pytest.param({}, id="plain"), pytest.param(ONLY_GZIP, id="gzip-identity-refused")])
def test_if_match_is_met_by_the_etag_sent_or_a_star_and_else_is_a_412(make_client, url, fast_hits, accept):
    client = make_client(fast_hits)
    sent = client.get(url, headers=accept)
    for held in (sent.headers["ETag"], "*"):
        met = client.get(url, headers={**accept, "If-Match": held})
        assert met.status_code == 200 and met.data == sent.data, held
    other = encoded_etag(sent.headers["ETag"], "-br")
    assert client.get(url, headers={**accept, "If-Match": other}).status_code == 412


def test_a_streamed_download_of_a_dataset_made_again_with_the_same_bytes_keeps_its_etag(make_client):
    client = make_client()
    rows = client.get("/datasets/weather.csv").data
    small = b"x,y\n" + b"".join(b"%d,%d\n" % (n, n * n) for n in range(40))
    assert client.post("/api/datasets?name=heavy", headers=CSV_WRITE, data=rows).status_code == 201
    assert client.post("/api/datasets?name=light", headers=CSV_WRITE, data=small).status_code == 201
    heavy, light = client.get("/datasets/heavy.csv"), client.get("/datasets/light.csv")
    assert "Content-Length" not in heavy.headers and "Content-Length" in light.headers  # streamed, written whole
    for name, data, before in (("heavy", rows, heavy), ("light", small, light)):
        body, etag = before.get_data(), before.headers["ETag"]  # read whole before the dataset goes
        assert client.delete(f"/api/datasets/{name}", headers=AUTH).status_code == 200
        assert client.post(f"/api/datasets?name={name}", headers=CSV_WRITE, data=data).status_code == 201
        after = client.get(f"/datasets/{name}.csv")
        assert after.get_data() == body and after.headers["ETag"] == etag, name
        assert client.get(f"/datasets/{name}.csv", headers={"If-None-Match": etag}).status_code == 304, name


def test_a_range_is_of_the_plain_bytes_and_a_compressed_answer_is_whole(make_client):
    client = make_client()
    whole = client.get("/static/site.css")
    part = client.get("/static/site.css", headers={"Range": "bytes=2-9"})
    assert part.status_code == 206 and part.data == whole.data[2:10]
    assert part.headers["ETag"] == whole.headers["ETag"] and part.headers["Accept-Ranges"] == "bytes"
    packed = client.get("/static/site.css", headers=GZIP)
    asked = client.get("/static/site.css", headers={**GZIP, "Range": "bytes=2-9"})
    assert asked.status_code == 200 and asked.data == packed.data
    assert asked.headers["ETag"] == packed.headers["ETag"] and "Accept-Ranges" not in asked.headers


@pytest.mark.parametrize(("url", "answered"), [
    ("/d/animals", "this page"), ("/datasets/animals", "this page"), ("/api/datasets/animals", "this answer"),
    ("/api/openapi.json", "this answer"), ("/d/animals/versions.json", "this answer"), ("/healthz", "this answer"),
    ("/static/site.css", "this file"), ("/bears.svg", "this file"), ("/d/animals/bears.svg", "this chart"),
    ("/d/animals/bears.png", "this chart"), ("/d/animals/bears.pdf", "this chart"),
    ("/plot/weather.svg?y=temperature_c", "this chart"), ("/d/animals/bears.csv", "this download"),
    ("/plot/weather.json?y=temperature_c", "this download"), ("/datasets/animals.csv", "this download"),
    ("/datasets/animals.json", "this download"), ("/datasets/weather.csv", "this download"),
    ("/d/animals.pdf", "this report"),
])
def test_an_if_match_that_does_not_hold_is_a_412_naming_what_was_asked(make_client, url, answered):
    client = make_client()
    etag = client.get(url).headers["ETag"]
    refused = client.get(url, headers={"If-Match": '"stale"'})
    assert refused.status_code == 412
    text = answer_text(refused).replace("&#34;", '"').replace("&quot;", '"').replace('\\"', '"')
    assert (f"If-Match names no current version of {answered}: its ETag is now {etag}; send that ETag, or *, or "
            "no If-Match") in text


@pytest.mark.parametrize(("url", "fast_hits"), URLS)
@pytest.mark.parametrize("if_match", ["", " ", " , "])
def test_an_empty_if_match_is_a_412_on_a_read_as_on_a_write(make_client, url, fast_hits, if_match):
    # An If-Match that holds nothing names no ETag, so no version meets it (RFC 9110, 13.1.1): a read
    # is refused as a write is, rather than answered as if no header were sent.
    client = make_client(fast_hits)
    etag = client.get(url).headers["ETag"]
    for method in (client.get, client.head):
        assert method(url, headers={"If-Match": if_match}).status_code == 412, method
    text = answer_text(client.get(url, headers={"If-Match": if_match}))
    text = text.replace("&#34;", '"').replace("&quot;", '"').replace('\\"', '"')
    assert "If-Match is empty: it names no ETag, so no version of " in text
    assert f"meets it (RFC 9110, 13.1.1); its ETag is now {etag}; send that ETag, or *, or no If-Match" in text
