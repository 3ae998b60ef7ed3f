"""run.py's server: one Date on every answer, the server's, whatever the app sends; an HTTP/1.0
request's answer unchunked; one `100 Continue`, sent as the body is read; gunicorn's 400s and 417,
and http.server's refusals in plain text; start-up's objects out of garbage collection; a stop that
waits a while for the requests in flight."""
from __future__ import annotations

import gc
import http.client
import os
import signal
import socket
import threading
from contextlib import contextmanager

import pytest

from app import create_app
import run
from app import http_server
from app.http_server import SiteRequestHandler, SiteServer, serve_until_stopped
from tests.conftest import WRITE_TOKEN, free_port, writable_app

APP_DATE = "Mon, 01 Jan 2001 00:00:00 GMT"


def with_a_date(wsgi_app):
    """`wsgi_app` with a Date on every answer that has none: an app that leaves none to strip."""
    def app(environ, start_response):
        def starting(status, headers, exc_info=None):
            if not any(name.lower() == "date" for name, _ in headers):
                headers = [*headers, ("Date", APP_DATE)]
            return start_response(status, headers, exc_info)
        return wsgi_app(environ, starting)
    return app


@pytest.fixture
def server_port(data_dir):
    """The port of run.py's server (its request handler) on 127.0.0.1, serving the app with a Date
    on every answer; stopped after the test."""
    app = create_app({"TESTING": True, "DATA_DIR": str(data_dir), "RENDER_WORKERS": 0})
    with serving(with_a_date(app)) as port:
        yield port


def answer(port: int, path: str, headers: dict[str, str] | None = None) -> http.client.HTTPResponse:
    """A GET's answer, its headers as they came on the wire (requests would join repeated ones)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        response.read()
        return response
    finally:
        connection.close()


@pytest.mark.parametrize("path", ["/static/site.css", "/d/animals/bears.svg", "/d/animals/bears.png"])
def test_run_pys_server_sends_one_date_its_own_though_the_app_sends_one_too(server_port, path):
    first = answer(server_port, path)
    again = answer(server_port, path)  # a chart's: from the render cache, ahead of Flask
    revalidated = answer(server_port, path, {"If-None-Match": first.getheader("ETag")})
    assert (first.status, again.status, revalidated.status) == (200, 200, 304)
    for response in (first, again, revalidated):
        dates = response.msg.get_all("Date")
        assert len(dates) == 1 and dates != [APP_DATE], (response.status, dates)


def test_run_py_serves_with_the_objects_of_its_start_up_left_out_of_garbage_collection(tmp_path, monkeypatch):
    frozen = []
    monkeypatch.setenv("SVGPLOTS_RENDER_WORKERS", "0")
    monkeypatch.setattr("plots.worker.fork_render_server", lambda ended=None: "")
    monkeypatch.setattr(http_server.SiteServer, "serve_forever", lambda server: frozen.append(gc.get_freeze_count())
                        or server.server_close())
    assert gc.get_freeze_count() == 0
    try:
        assert run.main(["serve", "--port", str(free_port()), "--data-dir", str(tmp_path)]) == 0
    finally:
        gc.unfreeze()
    assert frozen and frozen[0] > 0


def raw_get(port: int, target: bytes) -> tuple[int, str]:
    """The status and body of a GET whose request target is sent as the bytes given (http.client
    would refuse raw non-ASCII bytes), as a client that does not percent-encode its URLs sends it."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as connection:
        connection.sendall(b"GET " + target + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        received = b""
        while chunk := connection.recv(65536):
            received += chunk
    head, _, body = received.partition(b"\r\n\r\n")
    return int(head.split()[1]), body.decode()


@pytest.mark.parametrize("target, byte, offset", [
    ("/plot/animals.svg?title=Café".encode(), "0xc3", 27), (b"/plot/animals.svg?title=\xff", "0xff", 24),
    ("/plot/café.svg".encode(), "0xc3", 9), (b"/healthz?a=\x01", "0x01", 11), (b"/healthz\x7f", "0x7f", 8),
], ids=["utf-8 in the query", "0xff", "utf-8 in the path", "a control", "DEL"])
def test_a_url_holding_a_byte_that_is_no_printable_ascii_is_a_400_as_under_gunicorn(server_port, target, byte, offset):
    status, body = raw_get(server_port, target)
    assert status == 400 and body.startswith(f"400 Bad Request: the URL holds the byte {byte} at offset {offset}")
    assert "percent-encoded as UTF-8 (é as %C3%A9" in body
    # Percent-encoded, the same URL is read as UTF-8.
    status, body = raw_get(server_port, b"/plot/animals.svg?title=Caf%C3%A9")
    assert status == 200 and ">Café<" in body


def test_options_star_reaches_the_site_and_names_the_methods_it_takes(server_port):
    with socket.create_connection(("127.0.0.1", server_port), timeout=30) as connection:
        connection.sendall(b"OPTIONS * HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        received = b""
        while chunk := connection.recv(65536):
            received += chunk
    head, _, body = received.partition(b"\r\n\r\n")
    lines = head.decode().split("\r\n")
    assert lines[0].split()[1] == "200" and body == b""
    assert "Allow: GET, HEAD, POST, DELETE, OPTIONS" in lines


def test_a_stop_cuts_off_a_request_still_in_flight_when_its_wait_is_over(capsys):
    entered, release = threading.Event(), threading.Event()

    def slow(environ, start_response):
        entered.set()
        release.wait(30)
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"done"]

    before = signal.getsignal(signal.SIGTERM)
    server = SiteServer("127.0.0.1", 0, slow, handler=SiteRequestHandler)
    answers = []
    client = threading.Thread(target=lambda: answers.append(answer(server.port, "/")), daemon=True)
    client.start()
    # Once the request is in the app, SIGTERM, as `kill` sends it: the stop waits 0.05 s for it.
    stopper = threading.Thread(target=lambda: entered.wait(30) and os.kill(os.getpid(), signal.SIGTERM), daemon=True)
    stopper.start()
    try:
        serve_until_stopped(server, seconds=0.05)
    finally:
        release.set()
    assert capsys.readouterr().out == ("Stopping on SIGTERM: taking no new connections; waiting up to 0.05 s for "
                                       "1 request in flight\nStopped; 1 request in flight cut off\n")
    # The handlers of before are back; the request, let go, is answered, and ends the count.
    assert signal.getsignal(signal.SIGTERM) is before
    client.join(30)
    assert answers[0].status == 200
    assert server.wait_for_requests(30) == 0


def test_a_stop_waits_for_the_request_of_a_connection_opened_before_it(capsys):
    release = threading.Event()

    def hello(environ, start_response):
        release.wait(30)
        start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "5")])
        return [b"hello"]

    server = SiteServer("127.0.0.1", 0, hello, handler=SiteRequestHandler)
    accepted, stopped_accepting = threading.Event(), threading.Event()
    accept, shutdown = server.process_request, server.shutdown

    def accepting(request, address):
        accept(request, address)
        accepted.set()

    def shutting_down():
        shutdown()
        stopped_accepting.set()

    server.process_request, server.shutdown = accepting, shutting_down
    connection = socket.create_connection(("127.0.0.1", server.port), timeout=30)
    # Opened, then SIGTERM before it sends anything; it sends its request once no new one is taken.
    stopper = threading.Thread(target=lambda: accepted.wait(30) and os.kill(os.getpid(), signal.SIGTERM), daemon=True)
    stopper.start()
    sent = threading.Thread(target=lambda: stopped_accepting.wait(30) and connection.sendall(
        b"GET / HTTP/1.1\r\nHost: x\r\n\r\n"), daemon=True)
    sent.start()
    try:
        serve_until_stopped(server, seconds=0.05, opened=30)  # the first wait ends once the request comes
        release.set()
        answered = connection.makefile("rb").read()
    finally:
        release.set()
        connection.close()
    # Its request came in the wait for it, and was in flight as the stop began to wait for those.
    assert capsys.readouterr().out == ("Stopping on SIGTERM: taking no new connections; waiting up to 0.05 s for "
                                       "1 request in flight\nStopped; 1 request in flight cut off\n")
    assert answered.startswith(b"HTTP/1.1 200 OK\r\n") and answered.endswith(b"\r\n\r\nhello")


@contextmanager
def serving(wsgi_app, handler=SiteRequestHandler, **options):
    """The port of run.py's server serving `wsgi_app` on 127.0.0.1 (SiteServer's `options`), stopped afterwards."""
    server = SiteServer("127.0.0.1", 0, wsgi_app, handler=handler, **options)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.port
    finally:
        server.shutdown()
        thread.join(10)
        server.server_close()


def exchange(port: int, request: bytes) -> bytes:
    """All the bytes answered to `request`, sent as given, until the server closes the connection."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as connection:
        connection.sendall(request)
        received = b""
        while chunk := connection.recv(65536):
            received += chunk
    return received


def streamed(environ, start_response):
    """An answer of no Content-Length, sent a piece at a time, as a big dataset's download is."""
    start_response("200 OK", [("Content-Type", "text/csv")])
    return iter([b"x,y\n", b"1,2\n", b"3,4\n"])


def test_an_http_1_0_request_gets_a_streamed_body_unchunked_ended_by_the_close():
    with serving(streamed) as port:
        old = exchange(port, b"GET /data.csv HTTP/1.0\r\n\r\n")
        new = exchange(port, b"GET /data.csv HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    head, _, body = old.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.0 200 ") and b"transfer-encoding" not in head.lower()
    assert b"Connection: close" in head.split(b"\r\n") and body == b"x,y\n1,2\n3,4\n"
    # HTTP/1.1 is chunked still: its end is the last, empty chunk, not the close of the connection.
    head, _, body = new.partition(b"\r\n\r\n")
    assert b"Transfer-Encoding: chunked" in head.split(b"\r\n") and body.endswith(b"\r\n0\r\n\r\n")


def test_an_http_1_0_download_of_a_streamed_dataset_is_its_csv_unchunked(served):
    port, app = served  # `big`, of ten rows, streamed two rows at a time
    whole = app.test_client().get("/datasets/big.csv").get_data()
    head, _, body = exchange(port, b"GET /datasets/big.csv HTTP/1.0\r\n\r\n").partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.0 200 ") and b"transfer-encoding" not in head.lower()
    assert b"content-length" not in head.lower() and body == whole and body.count(b"\n") == 11


def echoing(environ, start_response):
    """The body echoed after the Expect the app was given, or at /refused a 413 that reads none."""
    if environ["PATH_INFO"] == "/refused":
        body = b"413 Payload Too Large: over the limit\n"
        start_response("413 Payload Too Large", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
        return [body]
    body = environ.get("HTTP_EXPECT", "none").encode() + b" " + environ["wsgi.input"].read(3)
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
    return [body]


def counting_lines(environ, start_response):
    """The number of the body's lines, as iterating the body gives them, and the last one."""
    lines = list(environ["wsgi.input"])
    body = f"{len(lines)} {lines[-1].decode()}".encode()
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
    return [body]


@pytest.mark.parametrize("expect", ["", "Expect: 100-continue\r\n"], ids=["plain", "expecting 100-continue"])
def test_a_body_iterated_gives_its_lines_up_to_its_content_length(expect):
    with serving(counting_lines) as port:
        answer = exchange(port, (f"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 9\r\n{expect}"
                                 "Connection: close\r\n\r\nx,y\n1,2\n3").encode())
    answer = answer.removeprefix(b"HTTP/1.1 100 Continue\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 200 ") and answer.endswith(b"\r\n\r\n3 3")


def expecting(path: str, version: str) -> bytes:
    return (f"POST {path} {version}\r\nHost: 127.0.0.1\r\nContent-Length: 3\r\nExpect: 100-continue\r\n"
            "\r\nabc").encode()


def test_expect_100_continue_is_answered_once_as_the_body_is_read_and_only_in_http_1_1():
    with serving(echoing) as port:
        read = exchange(port, expecting("/", "HTTP/1.1"))
        old = exchange(port, expecting("/", "HTTP/1.0"))
    assert read.startswith(b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 ") and read.count(b" 100 Continue") == 1
    assert read.endswith(b"\r\n\r\n100-continue abc")
    # RFC 9110, 10.1.1: an HTTP/1.0 request's expectation is ignored.
    assert old.startswith(b"HTTP/1.0 200 ") and b" 100 " not in old and old.endswith(b"100-continue abc")


def test_a_request_refused_before_its_body_is_read_gets_no_100_continue(data_dir):
    too_big = (f"POST /api/datasets/animals/rows HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {WRITE_TOKEN}"
               "\r\nContent-Type: text/csv\r\nContent-Length: 999999999\r\nExpect: 100-continue\r\n\r\n").encode()
    with serving(echoing) as port:
        refused = exchange(port, expecting("/refused", "HTTP/1.1"))
    # The site's own refusals: a body over the size limit, and a write without its token.
    with serving(writable_app(data_dir, RENDER_WORKERS=0)) as port:
        over_the_limit = exchange(port, too_big)
        without_token = exchange(port, expecting("/api/datasets/animals/rows", "HTTP/1.1"))
    assert refused.startswith(b"HTTP/1.1 413 ") and b" 100 " not in refused
    assert over_the_limit.startswith(b"HTTP/1.1 413 ") and b" 100 " not in over_the_limit
    assert without_token.startswith(b"HTTP/1.1 401 ") and b" 100 " not in without_token


def refusal(answer: bytes) -> tuple[int, list[bytes], str]:
    """The status, header lines and body of a refusal."""
    head, _, body = answer.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    return int(lines[0].split()[1]), lines[1:], body.decode()


@pytest.mark.parametrize("request_head, wrong", [
    (b"get /healthz HTTP/1.1\r\nHost: 127.0.0.1", "the method 'get' is no method's name: methods are case-sensitive"),
    (b"post /api/datasets HTTP/1.0", "the method 'post' is no method's name"),
    (b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: example.com", "the header Host is sent 2 times; a request "
     "sends it once"),
    (b"POST /api/datasets HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\nContent-Length: 0",
     "the header Content-Length is sent 2 times"),
    (b"GET / HTTP/1.x", "bad request version ('HTTP/1.x')"),
    (b"GET /healthz HTTP/1.1", "an HTTP/1.1 request sends a Host header, and this one has none"),
    (b"POST /api/datasets?name=x HTTP/1.0\r\nContent-Type: text/csv\r\nTransfer-Encoding: chunked",
     "an HTTP/1.0 request has no Transfer-Encoding, and this one sends 'chunked'"),
    (b"POST /api/datasets?name=x HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 3",
     "the request sends both Transfer-Encoding and Content-Length"),
    (b"POST /api/datasets?name=x HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: gzip\r\nContent-Length: 3",
     "the header Transfer-Encoding is 'gzip': a request's body is sent with Transfer-Encoding: chunked alone"),
    (b"GET healthz HTTP/1.1\r\nHost: 127.0.0.1", "the request target 'healthz' is no path"),
    (b"POST * HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0", "POST * asks for no URL: * is a request target "
     "for OPTIONS only"),
    # Each dropped the connection with no answer: int() refused the digits ("²" is one to str.isdigit).
    (b"POST /api/datasets?name=x HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + b"9" * 5000,
     "the header Content-Length is '99999999999999999999"),
    (b"POST /api/datasets?name=x HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: \xb2",
     "the header Content-Length is '\xb2', which is no length: send the body's size in bytes"),
], ids=["get", "post", "two Hosts", "two Content-Lengths", "bad version", "no Host", "chunked HTTP/1.0",
        "chunked and a Content-Length", "gzip", "no slash", "star", "thousands of digits", "superscript two"])
def test_a_request_gunicorn_refuses_is_a_plain_400_saying_what_was_wrong(server_port, request_head, wrong):
    status, headers, body = refusal(exchange(server_port, request_head + b"\r\n\r\n"))
    assert status == 400 and body.startswith(f"400 Bad Request: {wrong}") and body.endswith("\n")
    assert b"Content-Type: text/plain; charset=utf-8" in headers and b"Connection: close" in headers


@pytest.mark.parametrize("version", ["HTTP/1.1", "HTTP/1.0"])
def test_an_expectation_other_than_100_continue_is_a_plain_417_as_under_gunicorn(server_port, version):
    request_head = f"GET /healthz {version}\r\nHost: 127.0.0.1\r\nExpect: 200-ok".encode()
    status, headers, body = refusal(exchange(server_port, request_head + b"\r\n\r\n"))
    assert status == 417 and body == ("417 Expectation Failed: the header Expect asks for '200-ok'; this server "
                                      "meets no expectation but 100-continue\n")
    assert b"Content-Type: text/plain; charset=utf-8" in headers


def test_a_host_may_be_empty_an_http_1_0_request_may_send_none_and_a_url_may_be_whole(server_port):
    for request_head in (b"GET /healthz HTTP/1.1\r\nHost:", b"GET /healthz HTTP/1.0",
                         b"GET http://127.0.0.1/healthz HTTP/1.1\r\nHost: 127.0.0.1",
                         b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nExpect: 100-Continue"):
        assert exchange(server_port, request_head + b"\r\n\r\n").endswith(b"\r\n\r\nok\n"), request_head


def test_a_lower_case_delete_deletes_nothing(served):
    port, app = served
    answer = exchange(port, f"delete /api/datasets/big HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                            f"{WRITE_TOKEN}\r\n\r\n".encode())
    assert refusal(answer)[0] == 400
    assert app.test_client().get("/api/datasets/big").status_code == 200


def test_an_unknown_method_reaches_the_site_as_under_gunicorn(server_port):
    status, _, body = refusal(exchange(server_port, b"FOO /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"))
    assert status == 405 and body == "405 Method Not Allowed: FOO /healthz is not allowed; allowed: GET, HEAD, OPTIONS\n"


@pytest.mark.parametrize("request_head, status, wrong", [
    (b"GET /" + b"a" * 70_000 + b" HTTP/1.1\r\nHost: 127.0.0.1", 414, "the request line (its URL) is over 65,536 bytes"),
    (b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Long: " + b"a" * 70_000, 431, "a header line is over 65,536 bytes"),
    (b"GET / HTTP/1.1\r\nHost: 127.0.0.1" + b"".join(b"\r\nX-%d: 1" % n for n in range(101)), 431,
     "the request has over 100 headers"),
], ids=["long URL", "long header", "many headers"])
def test_a_request_too_long_to_read_is_refused_in_plain_text(server_port, request_head, status, wrong):
    answered, headers, body = refusal(exchange(server_port, request_head + b"\r\n\r\n"))
    assert answered == status and body.startswith(f"{status} ") and wrong in body and "<html" not in body.lower()
    assert b"Content-Type: text/plain; charset=utf-8" in headers
