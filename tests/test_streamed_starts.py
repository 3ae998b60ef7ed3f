"""A dataset's rows streamed a piece at a time start only once their first piece is read: a first read
that fails is answered as any other read's failure, in the format asked for, and no 200 goes out."""
from __future__ import annotations

import pytest
import requests

from app.views import datasets
from tests.test_page_consistency import deleted, served, unreachable  # noqa: F401 (served: a fixture)


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
    assert not [record for record in caplog.records if record.name == datasets.__name__]


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
