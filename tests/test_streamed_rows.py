"""A dataset's rows as JSON or CSV, written a piece at a time as they are sent once there are more than
a piece holds: the same bytes and headers as the file written whole, 304 and HEAD writing none."""
from __future__ import annotations

import gzip

import brotli
import pytest

from app.store.site_reads import RowPieces
from app.views import dataset_rows
from tests.conftest import CSV_WRITE, headers_but_id, names, writable_app

# The headers of the file written whole that the streamed one carries too (all but its size).
KEPT_HEADERS = ("Content-Type", "Content-Disposition", "Cache-Control", "Vary", "X-Content-Type-Options",
                "Content-Security-Policy", "Access-Control-Allow-Origin", "Access-Control-Expose-Headers")
# Quotes, separators, line breaks (a lone carriage return too), formulas, unicode, empty cells, dates.
AWKWARD_CSV = ('day,name,n\n'
               '2025-01-01,"say ""hi"", then go",1.5\n'
               '2025-01-02,"two\nlines",\n'
               '2025-01-03,"=SUM(A1:A2)",-3\n'
               '2025-01-04,Zürich ☃ 東京,4\n'
               '2025-01-05,,5\n'
               '2025-01-06,"cr\ralone",6\n'
               '2025-01-07," ",7\n').encode("utf-8")


@pytest.fixture
def client(tmp_path):
    client = writable_app(tmp_path, RENDER_WORKERS=0).test_client()
    assert client.post("/api/datasets?name=awkward", headers=CSV_WRITE, data=AWKWARD_CSV).status_code == 201
    return client


def streamed_in_pieces_of(monkeypatch, rows: int) -> None:
    """Datasets of more than `rows` rows streamed, `rows` at a time."""
    monkeypatch.setattr(dataset_rows, "STREAM_PAST_ROWS", rows)
    monkeypatch.setattr(dataset_rows, "ROWS_PER_CHUNK", rows)


def whole_then_streamed(client, monkeypatch, url: str, per_piece: int = 2, **kwargs):
    """The answer to `url` written whole, as every dataset's was, and streamed in pieces of
    `per_piece` rows (streamed first: the layer ahead of Flask answers a URL again from the file
    written whole)."""
    streamed_in_pieces_of(monkeypatch, per_piece)
    streamed = client.get(url, **kwargs)
    monkeypatch.setattr(dataset_rows, "STREAM_PAST_ROWS", 10**9)
    whole = client.get(url, **kwargs)
    return whole, streamed


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_a_dataset_of_more_rows_than_a_piece_is_streamed_with_the_bytes_and_headers_of_the_whole_file(
        client, monkeypatch, fmt):
    for name in names(client):
        # Pieces of two rows, or of some fifty pieces to a dataset: samples of thousands of rows
        # are not written in thousands of pieces.
        per_piece = max(2, client.get(f"/api/datasets/{name}").get_json()["dataset"]["row_count"] // 50)
        whole, streamed = whole_then_streamed(client, monkeypatch, f"/datasets/{name}.{fmt}", per_piece)
        assert whole.status_code == streamed.status_code == 200, (name, streamed.data[:300])
        # The test client reads every body as a stream: the size, known before writing only for
        # the file written whole, tells them apart (`test_..._a_piece_of_rows_at_a_time`: is_streamed).
        assert "Content-Length" in whole.headers and "Content-Length" not in streamed.headers, name
        assert streamed.get_data() == whole.get_data(), name
        for header in KEPT_HEADERS:
            assert streamed.headers.get(header) == whole.headers.get(header), (name, header)
        assert streamed.headers["ETag"], name
    assert "awkward" in names(client)


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_a_pinned_version_of_a_streamed_dataset_is_kept_for_good(client, monkeypatch, fmt):
    url = client.get("/api/datasets/awkward").get_json()["dataset"][fmt]  # with its `v`
    whole, streamed = whole_then_streamed(client, monkeypatch, url)
    assert "Content-Length" not in streamed.headers
    assert streamed.headers["Cache-Control"] == whole.headers["Cache-Control"] == "public, max-age=31536000, immutable"


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_a_streamed_dataset_answers_its_etag_with_a_304_and_a_new_one_after_an_append(client, monkeypatch, fmt):
    streamed_in_pieces_of(monkeypatch, 2)
    url = f"/datasets/awkward.{fmt}"
    etag = client.get(url).headers["ETag"]
    assert client.get(url).headers["ETag"] == etag  # the same bytes, the same ETag
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.get_data() == b""
    assert again.headers["ETag"] == etag
    appended = client.post("/api/datasets/awkward/rows", headers=CSV_WRITE, data=b"day,name,n\n2025-01-08,x,8\n")
    assert appended.status_code in (200, 201), appended.data
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.headers["ETag"] != etag
    assert b"2025-01-08" in changed.get_data()


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_head_of_a_streamed_dataset_has_its_get_headers_and_no_body(client, monkeypatch, fmt):
    streamed_in_pieces_of(monkeypatch, 2)
    url = f"/datasets/awkward.{fmt}"
    got, head = client.get(url), client.head(url)
    assert head.status_code == 200
    assert head.get_data() == b""
    assert headers_but_id(head) == headers_but_id(got)


@pytest.mark.parametrize("encoding, decompress", [("gzip", gzip.decompress), ("br", brotli.decompress)])
@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_a_streamed_dataset_is_compressed_as_it_goes_into_the_bytes_of_the_whole_file(
        client, monkeypatch, fmt, encoding, decompress):
    url, accept = f"/datasets/weather.{fmt}", {"Accept-Encoding": encoding}
    streamed_in_pieces_of(monkeypatch, 97)  # some hundred pieces, each flushed
    streamed = client.get(url, headers=accept)
    assert streamed.headers["Content-Encoding"] == encoding
    assert "Content-Length" not in streamed.headers
    etag = streamed.headers["ETag"]
    assert etag.endswith('-gz"' if encoding == "gzip" else '-br"')
    kept = client.get(url, headers={**accept, "If-None-Match": etag})
    assert kept.status_code == 304
    assert kept.get_data() == b""
    assert decompress(streamed.get_data()) == client.get(url).get_data()
    monkeypatch.setattr(dataset_rows, "STREAM_PAST_ROWS", 10**9)
    whole = client.get(url, headers=accept)
    assert whole.headers["Content-Encoding"] == encoding
    # The same file: compressed in pieces, each flushed as it is written, the bytes differ a little.
    assert decompress(streamed.get_data()) == decompress(whole.get_data())


def test_a_streamed_dataset_is_written_a_piece_of_rows_at_a_time(client, monkeypatch):
    streamed_in_pieces_of(monkeypatch, 3)
    app = client.application
    with app.test_request_context("/datasets/awkward.csv"):
        response = app.full_dispatch_request()  # the view's answer, after every hook, before it is sent
        assert response.is_streamed
        pieces = list(response.response)
    assert len(pieces) == 3  # 7 rows: 3, 3 and 1, the header line with the first
    assert b"".join(pieces) == client.get("/datasets/awkward.csv").get_data()


def test_a_streamed_datasets_rows_are_hashed_once_a_version(client, monkeypatch):
    streamed_in_pieces_of(monkeypatch, 2)
    hashed = []
    monkeypatch.setattr(dataset_rows, "rows_digest",
                        lambda *args, real=dataset_rows.rows_digest: hashed.append(1) or real(*args))
    first = client.get("/datasets/awkward.csv")
    assert client.get("/datasets/awkward.csv", headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
    assert client.get("/datasets/awkward.csv").data == first.data
    assert client.get("/datasets/awkward.json").status_code == 200  # another format, the same rows
    assert len(hashed) == 1
    appended = client.post("/api/datasets/awkward/rows", headers=CSV_WRITE, data=b"day,name,n\n2025-01-08,x,8\n")
    assert appended.status_code in (200, 201), appended.data
    assert client.get("/datasets/awkward.csv").headers["ETag"] != first.headers["ETag"]
    assert len(hashed) == 2


def test_a_streamed_dataset_s_rows_are_passed_over_once_a_version_before_its_downloads_bodies(client, monkeypatch):
    """Its ETag and its dates' formats come of one pass, shared by every format; then each body
    is one more, and a 304 or a HEAD none."""
    streamed_in_pieces_of(monkeypatch, 2)
    store = client.application.extensions["svgplots"].store
    read_pieces, passes = store.read_pieces, []

    def counted(name, rows_per_piece):
        rows = read_pieces(name, rows_per_piece)

        def pieces(*args, **kwargs):
            passes.append(args)  # once the first piece is asked for
            yield from rows.pieces(*args, **kwargs)

        return RowPieces(rows.info, pieces)

    monkeypatch.setattr(store, "read_pieces", counted)
    first = client.get("/datasets/awkward.csv")
    assert first.status_code == 200 and len(passes) == 2
    assert client.get("/datasets/awkward.json").status_code == 200 and len(passes) == 3
    assert client.get("/datasets/awkward.csv", headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
    assert client.head("/datasets/awkward.json").status_code == 200
    assert len(passes) == 3
