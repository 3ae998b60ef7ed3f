"""run.py's server and the clients that go away: an answer whose client reset its connection is no
longer counted in flight, however its answer ended; a connection whose client stops sending is closed
after the server's `client_seconds`."""
from __future__ import annotations

import json
import logging
import re
import socket
import struct
import threading
import time

import pytest

from app import request_bodies
from app.http_server import SiteRequestHandler, SiteServer
from app.request_bodies import SlicedWriter
from tests.conftest import WRITE_TOKEN, writable_app
from tests.test_http_server import exchange, refusal, serving


def reset(connection: socket.socket) -> None:
    """Close `connection` with a reset (RST), as a client dropping it with bytes unread does."""
    connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    connection.close()


def test_an_answer_whose_client_reset_the_connection_is_no_longer_in_flight():
    client_gone = threading.Event()

    def last_byte_after_the_reset(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "1")])
        yield b"a"
        # Sent whole: the reset comes as werkzeug reads what is left of the request, before its close.
        client_gone.wait(30)

    server = SiteServer("127.0.0.1", 0, last_byte_after_the_reset, handler=SiteRequestHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        connection = socket.create_connection(("127.0.0.1", server.port), timeout=30)
        connection.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        received = b""
        while not received.endswith(b"\r\n\r\na"):
            received += connection.recv(65536)
        reset(connection)
        client_gone.set()
        assert server.wait_for_requests(30) == 0
    finally:
        client_gone.set()
        server.shutdown()
        thread.join(10)
        server.server_close()


class SmallBuffers(SiteRequestHandler):
    """run.py's handler, with a connection's send buffer small, as a big answer outgrows any."""

    def setup(self) -> None:
        self.request.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 32768)
        super().setup()


def test_a_big_answer_its_client_reads_slowly_but_steadily_arrives_whole_past_the_client_timeout():
    whole = bytes(range(256)) * 2048  # 512 KB, one write, as a cached chart's or a dataset file's

    def big(environ, start_response):
        start_response("200 OK", [("Content-Type", "application/octet-stream"), ("Content-Length", str(len(whole)))])
        return [whole]

    with serving(big, handler=SmallBuffers, client_seconds=0.5) as port:
        with socket.socket() as connection:
            connection.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 32768)
            connection.settimeout(30)
            connection.connect(("127.0.0.1", port))
            connection.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            received = b""
            while chunk := connection.recv(65536):  # 64 KB every 0.2 s: 1.6 s for the whole
                received += chunk
                time.sleep(0.2)
    assert received.partition(b"\r\n\r\n")[2] == whole


@pytest.mark.parametrize("request_head", [
    b"GET /plot/anim", b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n",
    b"POST /api/datasets/animals/rows HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000\r\n\r\nyear",
], ids=["request line", "headers", "body of a refused write"])
def test_a_connection_whose_client_stops_sending_is_closed_after_the_client_timeout(data_dir, request_head):
    with serving(writable_app(data_dir, RENDER_WORKERS=0), client_seconds=0.2) as port:
        received = exchange(port, request_head)
    # The refused write is answered (without its token: a 401) before the body it does not read.
    assert received == b"" or refusal(received)[0] == 401


def test_a_write_refused_before_its_body_is_read_ends_its_connection_with_its_answer(data_dir):
    # 40 KB of a 1 MB body, more than the server reads ahead with the headers: werkzeug would wait for
    # the rest after the 401, for the client timeout; as gunicorn, the answer's end is sent with it.
    received, ended = answer_to_a_body_left_unread(writable_app(data_dir, RENDER_WORKERS=0),
                                                   "/api/datasets/animals/rows", client_seconds=30)
    assert refusal(received)[0] == 401 and ended, received[:40]


def answer_to_a_body_left_unread(app, path: str, client_seconds: float) -> tuple[bytes, bool]:
    """What the server sends for a POST of 40 KB of a 1 MB body, more than it reads ahead with the
    headers, sent to `app` at `path`, and whether it ended the connection within the client's 10 s."""
    request_head = (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/csv\r\n".encode()
                    + b"Content-Length: 1000000\r\n\r\n" + b"year,count\n" * 4000)
    with serving(app, client_seconds=client_seconds) as port:
        with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
            connection.sendall(request_head)
            received = b""
            try:
                while chunk := connection.recv(65536):
                    received += chunk
            except TimeoutError:
                return received, False
    return received, True


def test_a_body_its_client_stops_sending_is_a_400_saying_how_much_of_it_arrived(data_dir, caplog):
    caplog.set_level(logging.INFO)
    request_head = (f"POST /api/datasets/animals/rows HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                    f"{WRITE_TOKEN}\r\nContent-Type: text/csv\r\nContent-Length: 1000\r\n\r\nyear").encode()
    app = writable_app(data_dir, RENDER_WORKERS=0)
    rows = app.test_client().get("/datasets/animals.csv").get_data()
    with serving(app, client_seconds=0.2) as port:
        status, _, body = refusal(exchange(port, request_head))
    # The 4 bytes that came before the client fell silent are counted, not dropped with the timeout.
    assert status == 400 and json.loads(body)["error"] == (
        "the request body was cut short: 4 of the 1000 bytes its Content-Length gives arrived; nothing was stored: "
        "send the whole body again")
    assert app.test_client().get("/datasets/animals.csv").get_data() == rows
    lines = [record.getMessage() for record in caplog.records if "POST /api/datasets/animals/rows" in record.getMessage()]
    # The request's id follows the bytes sent, as on every access log line.
    assert len(lines) == 1 and re.search(
        "400 - [0-9a-f]{16}: the client sent nothing more for a while after sending 4 of the 1000 bytes of its body$",
        lines[0]), lines


def reading_twice(how: str):
    """An app that reads its body twice, by `read(1000)` or `readline()`, and answers with the bytes the
    first read gave and the error the second met."""
    def app(environ, start_response):
        body, first = environ["wsgi.input"], b""
        try:
            first = body.read(1000) if how == "read" else body.readline()
            body.read(1000)
            second = "none"
        except OSError as error:
            second = type(error).__name__
        answer = f"{first!r} then {second}".encode()
        start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(answer)))])
        return [answer]
    return app


@pytest.mark.parametrize("how", ["read", "readline"])
def test_a_read_of_a_body_its_client_stops_sending_gives_the_bytes_that_came_then_the_timeout(how):
    request_head = b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000\r\n\r\nx,y"
    with serving(reading_twice(how), client_seconds=0.2) as port:
        status, _, body = refusal(exchange(port, request_head))
    assert status == 200 and body == "b'x,y' then TimeoutError"


def test_an_upload_its_client_left_unfinished_is_logged_as_the_client_going_away(data_dir, caplog):
    caplog.set_level(logging.INFO)
    request_head = (f"POST /api/datasets/animals/rows HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                    f"{WRITE_TOKEN}\r\nContent-Type: text/csv\r\nContent-Length: 1000\r\n\r\nyear").encode()
    with serving(writable_app(data_dir, RENDER_WORKERS=0)) as port:
        with socket.create_connection(("127.0.0.1", port), timeout=30) as connection:
            connection.sendall(request_head)
            connection.shutdown(socket.SHUT_WR)  # the rest of the body never comes
            while connection.recv(65536):
                pass
    lines = [record.getMessage() for record in caplog.records if "POST /api/datasets/animals/rows" in record.getMessage()]
    assert len(lines) == 1 and re.search(
        "400 - [0-9a-f]{16}: the client went away after sending 4 of the 1000 bytes of its body$", lines[0]), lines


def test_a_streamed_download_its_client_left_is_logged_with_the_rows_sent(served, caplog):
    port, app = served  # `big`, of ten rows, streamed two rows at a time
    caplog.set_level(logging.INFO)
    answer = app.test_client().get("/datasets/big.csv", buffered=False)
    pieces = iter(answer.response)
    received = b"".join(next(pieces) for _ in range(3))
    assert answer.status_code == 200 and received.count(b"\n") < 11
    answer.close()  # as the server closes it once its client went away
    [record] = [record for record in caplog.records if "client went away" in record.getMessage()]
    assert record.getMessage().startswith("the rows of dataset 'big' as .csv (version ")
    assert re.search(r"of its 10 rows: the client went away$", record.getMessage()), record.getMessage()
    assert record.request_id == answer.headers["X-Request-Id"]


class TellingDrops(SmallBuffers):
    """SmallBuffers, telling (`dropped`) when a connection's client went away during its answer."""

    dropped = threading.Event()

    def connection_dropped(self, error, environ=None) -> None:
        super().connection_dropped(error, environ)
        self.dropped.set()


def test_a_big_answer_its_client_leaves_is_logged_as_the_client_going_away(caplog):
    caplog.set_level(logging.INFO)
    whole = bytes(range(256)) * 2048  # 512 KB, as a big chart's PNG

    def big(environ, start_response):
        start_response("200 OK", [("Content-Type", "image/png"), ("Content-Length", str(len(whole)))])
        return [whole]

    with serving(big, handler=TellingDrops) as port:
        with socket.socket() as connection:
            connection.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 32768)
            connection.settimeout(30)
            connection.connect(("127.0.0.1", port))
            connection.sendall(b"GET /d/animals/bears.png HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            assert connection.recv(100).startswith(b"HTTP/1.1 200 ")
            reset(connection)
        assert TellingDrops.dropped.wait(30)
    lines = [record.getMessage() for record in caplog.records if "GET /d/animals/bears.png" in record.getMessage()]
    assert len(lines) == 2 and lines[0].endswith('"GET /d/animals/bears.png HTTP/1.1" 200 -'), lines
    assert re.search(r'"GET /d/animals/bears.png HTTP/1.1" 200: the answer stopped after \d+ of its 524288 bytes: '
                     r"the client went away$", lines[1]), lines


def test_an_app_raising_before_its_answer_has_its_500_sent_at_once_then_the_connection_ended(monkeypatch):
    # What is left of the body is read before the 500 as well as after it: only after it is it lingered
    # on, the answer's end sent first. A linger longer than the client waits shows one before the 500.
    monkeypatch.setattr(request_bodies, "LINGER_SECONDS", 60.0)
    raised = threading.Event()

    def raising_before_its_answer(environ, start_response):
        raised.set()
        raise RuntimeError("broken")
        yield b""

    received, ended = answer_to_a_body_left_unread(raising_before_its_answer, "/api/datasets", client_seconds=60)
    assert raised.is_set() and received.startswith(b"HTTP/1.1 500 ") and ended, received[:40]


def test_an_answer_cut_short_counts_the_bytes_really_sent_not_whole_slices():
    # The client reads nothing: the writer's send stops part-way into a slice, at the timeout, and
    # counts as sent exactly what the client could read, not the slices finished before.
    server, client = socket.socketpair()
    with server, client:
        server.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4096)
        client.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        server.settimeout(0.2)
        writer = SlicedWriter(server.makefile("wb", buffering=0), server)
        with pytest.raises(TimeoutError):
            writer.write(bytes(range(256)) * 2048)  # 512 KB, far more than the buffers hold
        server.shutdown(socket.SHUT_WR)
        client.settimeout(30)
        received = b""
        while data := client.recv(65536):
            received += data
    assert writer.sent > 0
    assert writer.sent == len(received)
