"""run.py's server and the clients that go away: an answer whose client reset its connection is no
longer counted in flight, however its answer ended."""
from __future__ import annotations

import socket
import struct
import threading

from app.http_server import SiteRequestHandler, SiteServer


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
