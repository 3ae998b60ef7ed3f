"""The site's own files answer with the same headers on every machine, and are looked at once a request."""
from __future__ import annotations

import os
import shutil

import pytest

from app import conditional_requests
from app.config import STATIC_DIR
from app.views import static_files
from tests.conftest import site_on

FILES = ["/static/site.css", "/static/refresh.js", "/bears.svg"]


def headers_but_date(response) -> list[tuple[str, str]]:
    # And but the request's id, which each answer has its own of.
    return [(name, value) for name, value in response.headers.items() if name not in ("Date", "X-Request-Id")]


@pytest.mark.parametrize("url", FILES)
@pytest.mark.parametrize("accept", [{}, {"Accept-Encoding": "gzip"}])
def test_a_static_file_has_the_same_headers_in_every_copy(two_copies, url, accept):
    first, second = (client.get(url, headers=accept) for client in two_copies)
    assert first.status_code == second.status_code == 200
    assert headers_but_date(first) == headers_but_date(second)
    assert "Last-Modified" not in first.headers


@pytest.mark.parametrize("url", FILES)
def test_a_static_file_is_still_revalidated_by_its_etag(two_copies, url):
    etag = two_copies[0].get(url).headers["ETag"]
    again = two_copies[1].get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    assert again.headers["ETag"] == etag and "Last-Modified" not in again.headers


def test_a_static_file_is_looked_at_once_a_request(client, monkeypatch):
    client.get("/static/site.css")  # its ETag worked out
    looks = []
    for name in ("stat", "lstat", "fstat"):
        real = getattr(os, name)
        monkeypatch.setattr(os, name, lambda *args, real=real, name=name, **kwargs: (
            looks.append((name, args[0])), real(*args, **kwargs))[1])
    response = client.get("/static/site.css")
    assert response.status_code == 200 and len(response.data) == int(response.headers["Content-Length"])
    # The static folder's looks alone: the dashboard files are looked at once a second whatever is asked.
    static = [look for look in looks if isinstance(look[1], int) or str(look[1]).startswith(str(STATIC_DIR))]
    assert len(static) == 1, looks


def test_a_folder_in_the_static_folder_is_404(tmp_path, data_dir):
    folder = shutil.copytree(STATIC_DIR, tmp_path / "static")
    (folder / "sub").mkdir()
    assert site_on(folder, data_dir).get("/static/sub").status_code == 404


@pytest.mark.parametrize("url", ["/static/site.css%00", "/static/a%00b.css"])
def test_a_static_name_holding_a_nul_is_a_404_naming_the_files(client, url):
    # No file's name holds a NUL, which os.open refused with a ValueError (a 500).
    for method in (client.get, client.head, client.options):
        response = method(url)
        assert response.status_code == 404, (method, response.data[:200])
    said = client.get(url).get_data(as_text=True)
    assert "\\x00" in said and "site.css" in said


def test_a_range_of_a_static_file_is_its_bytes(client):
    whole = client.get("/static/site.css").data
    part = client.get("/static/site.css", headers={"Range": "bytes=2-9"})
    assert part.status_code == 206 and part.data == whole[2:10]
    assert part.headers["Content-Range"] == f"bytes 2-9/{len(whole)}"


def test_a_range_past_a_static_file_s_end_is_416_and_closes_the_file(client, monkeypatch):
    opened = []
    fdopen = os.fdopen
    monkeypatch.setattr(os, "fdopen", lambda *args, **kwargs: opened.append(fdopen(*args, **kwargs)) or opened[-1])
    whole = client.get("/static/site.css").data
    refused = client.get("/static/site.css", headers={"Range": f"bytes={len(whole) + 10}-"})
    assert refused.status_code == 416
    assert len(opened) == 2 and opened[1].closed  # held here, so closed by the view, not by its collection


@pytest.mark.parametrize("url", ["/static/site.css", "/bears.svg"])
@pytest.mark.parametrize("ranges", ["bytes=0-1,5-6", "bytes=5-2", "bytes=abc", "items=0-1", "bytes=0-1, 0-1"])
def test_a_range_the_site_does_not_cut_a_file_into_is_ignored_and_the_whole_file_sent(client, url, ranges):
    # RFC 9110 14.2: a server may ignore Range, and ignores one not written as a range; neither is a 416.
    whole = client.get(url)
    answer = client.get(url, headers={"Range": ranges})
    assert answer.status_code == 200 and answer.data == whole.data
    assert answer.headers["Accept-Ranges"] == "bytes" and "Content-Range" not in answer.headers
    assert answer.headers["ETag"] == whole.headers["ETag"]


def test_an_ignored_range_leaves_the_conditions_answered_as_ever(client):
    etag = client.get("/bears.svg").headers["ETag"]
    assert client.get("/bears.svg", headers={"Range": "bytes=0-1,5-6", "If-None-Match": etag}).status_code == 304
    assert client.get("/bears.svg", headers={"Range": "bytes=5-2", "If-Match": '"stale"'}).status_code == 412


@pytest.mark.parametrize("url", ["/static/site.css", "/bears.svg"])
@pytest.mark.parametrize("beyond", [1, 100_000, 99999999999999999999])
def test_a_suffix_longer_than_a_static_file_is_the_whole_file(client, url, beyond):
    # RFC 9110 14.1.1: a suffix longer than the representation asks for all of it.
    whole = client.get(url).data
    part = client.get(url, headers={"Range": f"bytes=-{len(whole) + beyond}"})
    assert part.status_code == 206 and part.data == whole
    assert part.headers["Content-Range"] == f"bytes 0-{len(whole) - 1}/{len(whole)}"


@pytest.mark.parametrize("url", ["/static/site.css", "/bears.svg"])
def test_an_empty_suffix_of_a_static_file_is_416_saying_what_a_suffix_asks(client, url):
    # RFC 9110 14.1.1: a suffix of 0 bytes asks for none, and cannot be satisfied.
    whole = client.get(url).data
    refused = client.get(url, headers={"Range": "bytes=-0"})
    assert refused.status_code == 416 and refused.headers["Content-Range"] == f"bytes */{len(whole)}"
    assert "a suffix asks for 1 byte or more" in refused.get_data(as_text=True)
    assert f"bytes=-{len(whole)} is the whole file" in refused.get_data(as_text=True)


def test_a_range_past_a_static_file_s_end_is_refused_naming_the_bytes_it_may_begin_at(client):
    whole = client.get("/static/site.css").data
    refused = client.get("/static/site.css", headers={"Range": "bytes=999999-"})
    assert refused.status_code == 416
    assert f"which is {len(whole)} bytes long: a range begins at a byte from 0 to {len(whole) - 1}" in \
        refused.get_data(as_text=True)


@pytest.mark.parametrize("ranges", ["bytes=-0", "bytes=-100000"])
def test_a_suffix_of_a_static_file_sent_compressed_or_revalidated_is_answered_as_any_range(client, ranges):
    whole = client.get("/static/site.css")
    packed = client.get("/static/site.css", headers={"Range": ranges, "Accept-Encoding": "gzip"})
    assert packed.status_code == 200 and packed.headers["Content-Encoding"] == "gzip"
    assert "Content-Range" not in packed.headers
    kept = client.get("/static/site.css", headers={"Range": ranges, "If-None-Match": whole.headers["ETag"]})
    assert kept.status_code == 304


@pytest.fixture
def empty_file(tmp_path, data_dir):
    """A client of the site whose static folder holds an empty file, /static/empty.txt."""
    folder = shutil.copytree(STATIC_DIR, tmp_path / "static")
    (folder / "empty.txt").write_bytes(b"")
    return site_on(folder, data_dir)


@pytest.mark.parametrize("ranges", ["bytes=0-", "bytes=0-0", "bytes=5-9", "bytes=-0"])
def test_a_range_of_an_empty_static_file_is_416_saying_it_is_empty(empty_file, ranges):
    # RFC 9110 14.1.1: of a file of no bytes, no range but a suffix of 1 byte or more can be satisfied.
    refused = empty_file.get("/static/empty.txt", headers={"Range": ranges})
    assert refused.status_code == 416 and refused.headers["Content-Range"] == "bytes */0"
    assert f"{ranges} asks for bytes of an empty file, which has none" in refused.get_data(as_text=True)


@pytest.mark.parametrize("headers", [{}, {"Range": "bytes=-5"}, {"Range": "bytes=0-1,3-4"}])
def test_an_empty_static_file_is_sent_whole_without_a_range_it_cannot_satisfy(empty_file, headers):
    whole = empty_file.get("/static/empty.txt", headers=headers)
    assert whole.status_code == 200 and whole.data == b"" and whole.headers["Content-Length"] == "0"
    assert whole.headers["Accept-Ranges"] == "bytes" and "Content-Range" not in whole.headers


def test_a_static_file_s_range_is_parsed_once_by_the_site(client, monkeypatch):
    # The view reads it, then hands it on to the conditions and the 416's checks; werkzeug, which
    # cuts the file, reads the header it is given on its own.
    parsed = []
    for module in (conditional_requests, static_files):
        real = module.parse_range_header
        monkeypatch.setattr(module, "parse_range_header", lambda *args, real=real: parsed.append(args) or real(*args))
    part = client.get("/static/site.css", headers={"Range": "bytes=2-9"})
    assert part.status_code == 206 and len(part.data) == 8
    assert parsed == [("bytes=2-9",)]


@pytest.mark.parametrize("url", ["/static/site.css", "/bears.svg"])
def test_a_range_under_if_range_is_cut_only_for_the_file_s_strong_etag(client, url):
    # RFC 9110 13.1.5: If-Range holds only for a strong match; a weak ETag, another one or a date
    # (no answer carries a Last-Modified) gets the whole file, a 200, and never a 416.
    whole = client.get(url)
    etag = whole.headers["ETag"]
    part = client.get(url, headers={"Range": "bytes=2-9", "If-Range": etag})
    assert part.status_code == 206 and part.data == whole.data[2:10]
    for if_range in (f"W/{etag}", '"another"', "Fri, 04 Dec 2099 10:00:00 GMT"):
        for ranges in ("bytes=2-9", f"bytes={len(whole.data) + 5}-"):
            answer = client.get(url, headers={"Range": ranges, "If-Range": if_range})
            assert answer.status_code == 200 and answer.data == whole.data, (if_range, ranges)
            assert "Content-Range" not in answer.headers and answer.headers["ETag"] == etag
