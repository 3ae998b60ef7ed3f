"""A dataset's rows streamed a piece at a time start only once their first piece is read: a first read
that fails is answered as any other read's failure, in the format asked for, and no 200 goes out; and,
compressed, each piece of rows reaches the client as it is written, not once the compressor's buffer fills."""
from __future__ import annotations

import json
import threading

import pytest
import requests

from app.views import dataset_rows
from tests.test_page_consistency import deleted, unreachable

# How long the second read of a download waits for the client to say it has the first piece's rows:
# long enough for them to arrive, and then the download goes on, so that a test fails rather than hangs.
FIRST_ROWS_WAIT = 15


def failing_at_the_first_read(app, monkeypatch, failure) -> None:
    """`failure(database)` run before the next read of `big`'s rows (its ETag found already, that
    read is a body's first piece): a download fails before anything of it is written."""
    database, reads = app.extensions["svgplots"].store.database, []
    rows_of = database._rows_of

    def read(name, query):
        reads.append(name)
        if len(reads) == 1:
            failure(database)
        return rows_of(name, query)

    monkeypatch.setattr(database, "_rows_of", read)


@pytest.mark.parametrize(("failure", "status"), [(deleted, 404), (unreachable, 503)],
                         ids=["dataset deleted", "database down"])
@pytest.mark.parametrize("encoding", ["identity", "gzip"])
@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_a_streamed_download_whose_first_read_fails_is_the_sites_error_in_the_asked_format(
        served, monkeypatch, caplog, failure, status, encoding, fmt):
    port, app = served
    url = f"http://127.0.0.1:{port}/datasets/big.{fmt}"
    assert requests.head(url, timeout=30).status_code == 200  # the rows' ETag found, by reading them once
    failing_at_the_first_read(app, monkeypatch, failure)
    answer = requests.get(url, headers={"Accept-Encoding": encoding}, timeout=30)
    assert answer.status_code == status, answer.text[:300]
    assert answer.headers["Cache-Control"] == "no-store"
    if status == 503:  # as any other read of a database that is down
        assert answer.headers["Retry-After"] == "5"
        words = "the dataset database cannot be reached right now; try again in a moment"
    else:
        assert "Retry-After" not in answer.headers
        words = "no dataset 'big' in the database: it was deleted while it was read"
    title = {404: "Not Found", 503: "Service Unavailable"}[status]
    if fmt == "json":
        assert answer.headers["Content-Type"] == "application/json"
        assert answer.json() == {"ok": False, "status": status, "title": title, "error": words}
    else:
        assert answer.headers["Content-Type"] == "text/plain; charset=utf-8"
        assert answer.text == f"{status} {title}: {words}\n"
    # Answered whole, it is no download cut short.
    assert not [record for record in caplog.records if record.name == dataset_rows.__name__]


@pytest.mark.parametrize("encoding", ["identity", "gzip", "br"])
def test_a_streamed_download_answered_without_a_body_reads_no_rows(served, monkeypatch, encoding):
    _, app = served
    client, accept = app.test_client(), {"Accept-Encoding": encoding}
    kept = client.get("/datasets/big.csv", headers=accept)
    assert kept.status_code == 200 and kept.get_data()  # its body read before the reads are counted
    database, reads = app.extensions["svgplots"].store.database, []
    monkeypatch.setattr(database, "_rows_of", lambda name, query, read=database._rows_of: reads.append(name) or read(
        name, query))
    # A HEAD, and a revalidation of the file kept (compressed, its ETag is the compressed file's).
    assert client.head("/datasets/big.csv", headers=accept).status_code == 200
    assert client.get("/datasets/big.csv", headers={**accept, "If-None-Match": kept.headers["ETag"]}).status_code == 304
    assert reads == []
    assert client.get("/datasets/big.csv", headers=accept).get_data() == kept.get_data()
    assert len(reads) == 5  # the body's five pieces, the first read before its headers went out


def gated_after_the_first_piece(app, monkeypatch) -> tuple[threading.Event, list[bool]]:
    """The second read of `big`'s rows from now on (a body's second piece) held until the event is set,
    at most FIRST_ROWS_WAIT seconds: (the event, [whether it was set] once that read goes on)."""
    database, reads, first_rows_seen, opened = app.extensions["svgplots"].store.database, [], threading.Event(), []
    rows_of = database._rows_of

    def read(name, query):
        reads.append(name)
        if len(reads) == 2:
            opened.append(first_rows_seen.wait(FIRST_ROWS_WAIT))
        return rows_of(name, query)

    monkeypatch.setattr(database, "_rows_of", read)
    return first_rows_seen, opened


@pytest.mark.parametrize("encoding", ["gzip", "br"])
@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_a_compressed_streamed_download_sends_each_piece_of_rows_as_it_is_written(served, monkeypatch, encoding, fmt):
    port, app = served
    url = f"http://127.0.0.1:{port}/datasets/big.{fmt}"
    whole = requests.get(url, headers={"Accept-Encoding": "identity"}, timeout=30).text
    first_rows_seen, opened = gated_after_the_first_piece(app, monkeypatch)
    received = b""
    with requests.get(url, headers={"Accept-Encoding": encoding}, stream=True, timeout=30) as answer:
        assert answer.status_code == 200 and answer.headers["Content-Encoding"] == encoding
        for piece in answer.iter_content(None):  # decompressed as it comes
            received += piece
            if b"2025-01-02" in received:  # the first piece's last row, before the second piece is read
                first_rows_seen.set()
    assert opened == [True], "the first piece's rows reached the client only after the second piece was read"
    assert received.decode("utf-8") == whole
    if fmt == "json":
        assert len(json.loads(received)["rows"]) == 10
