"""HTTP details at the edges: the headers a refusal must carry, and limits that follow one another."""
from __future__ import annotations

import gzip

import pytest
from werkzeug.test import EnvironBuilder, run_wsgi_app

from app import create_app, read_settings
from tests.conftest import CSV_WRITE, WRITE_TOKEN, csrf_at, rows_of, writable_app

MIB = 1024 * 1024


@pytest.mark.parametrize("url", ["/static/site.css", "/bears.svg"])
def test_a_range_past_a_file_s_end_is_416_naming_the_file_s_length(client, url):
    # RFC 9110 15.5.17: a 416 to a byte range says the representation's current length.
    whole = client.get(url).data
    refused = client.get(url, headers={"Range": "bytes=999999-"})
    assert refused.status_code == 416
    assert refused.headers["Content-Range"] == f"bytes */{len(whole)}"


def test_a_range_refusal_keeps_its_416_and_content_range_under_errors_image(client):
    # A refusal of the request's Range, not of the chart: a 200 image would say the range was read.
    whole = client.get("/bears.svg").data
    for method in (client.get, client.head):
        answered = method("/bears.svg?errors=image", headers={"Range": "bytes=999999-"})
        assert answered.status_code == 416 and "X-Chart-Error" not in answered.headers
        assert answered.headers["Content-Range"] == f"bytes */{len(whole)}"
    # A bad chart parameter there is still drawn as a 200 image.
    answered = client.get("/bears.svg?errors=image&width=1", headers={"Range": "bytes=999999-"})
    assert answered.status_code == 200 and answered.headers["X-Chart-Error"].startswith("400 ")


def test_the_form_field_limit_follows_a_raised_body_limit(data_dir):
    app = create_app({"TESTING": True, "DATA_DIR": str(data_dir), "MAX_CONTENT_LENGTH": 40 * MIB})
    assert app.config["MAX_FORM_MEMORY_SIZE"] == 40 * MIB
    assert read_settings({"TESTING": True, "MAX_CONTENT_LENGTH": 40 * MIB})["MAX_FORM_MEMORY_SIZE"] == 40 * MIB


def test_the_form_field_limit_follows_the_body_limit_from_the_environment(monkeypatch):
    monkeypatch.setenv("SVGPLOTS_MAX_CONTENT_LENGTH", str(40 * MIB))
    assert read_settings({"TESTING": True})["MAX_FORM_MEMORY_SIZE"] == 40 * MIB


def test_a_form_field_limit_set_itself_is_kept(monkeypatch):
    monkeypatch.setenv("SVGPLOTS_MAX_CONTENT_LENGTH", str(40 * MIB))
    monkeypatch.setenv("SVGPLOTS_MAX_FORM_MEMORY_SIZE", str(2 * MIB))
    assert read_settings({"TESTING": True})["MAX_FORM_MEMORY_SIZE"] == 2 * MIB


def test_rows_pasted_into_the_append_form_up_to_a_raised_body_limit_are_added(data_dir):
    # 11 MiB of pasted rows: over the 10 MiB default, under the 12 MiB the site is given.
    client = writable_app(data_dir, MAX_CONTENT_LENGTH=12 * MIB).test_client()
    assert client.post("/api/datasets?name=notes", data="n,note\n0,first\n", headers=CSV_WRITE).status_code == 201
    note = "x" * 1000
    count = 11 * MIB // (len(note) + 8)
    pasted = "n,note\n" + "".join(f"{n + 1},{note}\n" for n in range(count))
    assert 10 * MIB < len(pasted) < 11.5 * MIB
    answer = client.post("/datasets/notes/append", data={"csrf_token": csrf_at(client, "/datasets/notes/append"),
                                                          "token": WRITE_TOKEN, "rows": pasted},
                         content_type="multipart/form-data")
    assert answer.status_code == 303, answer.get_data(as_text=True)[-2000:]
    assert len(rows_of(client, "notes")) == count + 1


def test_a_write_body_in_a_content_coding_is_a_415_naming_the_one_taken(data_dir):
    # RFC 9110 15.5.16 and RFC 7694: a body in a coding the site does not decode is a 415 whose
    # Accept-Encoding names the coding a body may come in; nothing is stored.
    client = writable_app(data_dir).test_client()
    packed = {"Content-Encoding": "gzip"}
    body = gzip.compress(b"n,v\n1,2\n", mtime=0)
    answers = [
        client.post("/api/datasets?name=packed", data=body, headers={**CSV_WRITE, **packed}),
        client.post("/api/datasets", data={"name": "packed", "file": "n,v\n1,2\n"},
                    headers={"Authorization": CSV_WRITE["Authorization"], **packed}),
        client.post("/api/datasets/animals/rows", data=body, headers={**CSV_WRITE, **packed}),
    ]
    for answer in answers:
        assert answer.status_code == 415 and answer.headers["Accept-Encoding"] == "identity"
        assert answer.get_json()["error"] == "the body is compressed (Content-Encoding: gzip); send it uncompressed"
    rows = len(rows_of(client, "animals"))
    for url in ("/upload", "/datasets/animals/append"):
        form = {"csrf_token": csrf_at(client, url), "token": WRITE_TOKEN, "name": "packed", "rows": "year,Bear\n"}
        shown = client.post(url, data=form, headers=packed)
        assert shown.status_code == 415 and shown.headers["Accept-Encoding"] == "identity"
        assert "send it uncompressed" in shown.get_data(as_text=True)
    assert client.get("/api/datasets/packed").status_code == 404 and len(rows_of(client, "animals")) == rows


def without_host(path: str, protocol: str = "HTTP/1.1") -> dict:
    """The WSGI environ of a GET of `path` that sends no Host, as gunicorn hands one on: no HTTP_HOST."""
    environ = EnvironBuilder(path=path).get_environ()
    environ["SERVER_PROTOCOL"] = protocol
    del environ["HTTP_HOST"]
    return environ


@pytest.mark.parametrize("path", ["/healthz", "/d/animals/bears.svg", "/"])
def test_an_http_1_1_request_without_a_host_is_a_plain_400_a_cached_chart_s_too(app, path):
    assert app.test_client().get(path).status_code == 200  # a chart's: now answered ahead of Flask
    body, status, headers = run_wsgi_app(app.wsgi_app, without_host(path))
    assert status.startswith("400") and headers["Content-Type"] == "text/plain; charset=utf-8"
    assert b"".join(body).decode().startswith("400 Bad Request: an HTTP/1.1 request sends a Host header, and this "
                                              "one has none")
    # HTTP/1.0 has no Host to send; an empty one names no host, as a URL without one is sent.
    body, status, headers = run_wsgi_app(app.wsgi_app, without_host(path, "HTTP/1.0"))
    assert status.startswith("200")
    body, status, headers = run_wsgi_app(app.wsgi_app, {**without_host(path), "HTTP_HOST": ""})
    assert status.startswith("200")


@pytest.mark.parametrize("codings", ["gzip, chunked", "gzip"])
def test_a_transfer_encoding_other_than_chunked_alone_is_a_plain_400_under_any_server(app, codings):
    # gunicorn reads `gzip, chunked` as chunked and hands the app the body still gzipped.
    environ = EnvironBuilder(path="/api/datasets", method="POST", data=b"x",
                             headers={"Transfer-Encoding": codings}).get_environ()
    body, status, headers = run_wsgi_app(app.wsgi_app, environ)
    assert status.startswith("400") and headers["Content-Type"] == "text/plain; charset=utf-8"
    assert b"".join(body).decode() == (f"400 Bad Request: the header Transfer-Encoding is {codings!r}: a request's "
                                       "body is sent with Transfer-Encoding: chunked alone, or with a Content-Length\n")
