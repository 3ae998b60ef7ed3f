"""run.py's own server: werkzeug's threaded one, answering as gunicorn does where they differed
(one Date; leading slashes of a path read as sent; an HTTP/1.0 request's answer unchunked; one
`100 Continue`, sent as the body is read, so never before a refusal; a 400 for a method not in
capitals, a header sent twice that may be sent once, a URL holding a byte that is no printable ASCII
or naming no path, `*` with a method other than OPTIONS, a Transfer-Encoding beside a Content-Length
or in an HTTP/1.0 request; a 417 for an Expect other than 100-continue; its own refusals in plain
text; a 400, as the site's own middleware gives under gunicorn, for an HTTP/1.1 request without a
Host or a Transfer-Encoding other than chunked alone), and stopped by SIGTERM or Ctrl-C once the
requests in flight have finished (those of connections opened just before the stop, sent within a
moment of it, among them)."""
from __future__ import annotations

import errno
import signal
import threading
from collections.abc import Callable
from http import HTTPStatus
from urllib.parse import unquote

from werkzeug.serving import ThreadedWSGIServer, WSGIRequestHandler

from app.client_addresses import logged_address
from app.config import Config
from app.logged_queries import logged_queries
from app.logged_tokens import hidden_tokens
from app.request_bodies import ContinuedInput, LeftUnread, SlicedWriter, WatchedBody
from app.request_heads import SERVER_REFUSALS, request_refusal
from app.request_watch import REQUEST_ID


class SiteRequestHandler(WSGIRequestHandler):
    """werkzeug's request handler, answering with one Date, the server's, naming the site, not the
    server's or Python's versions, reading the request line's path as it was sent, answering an
    HTTP/1.0 request in HTTP/1.0 and an HTTP/1.1 request's `Expect: 100-continue` as its body is read."""

    date_sent = False
    # The answer's status and Content-Length (None where it has none), and the bytes sent before its body.
    answer_code, answer_length, head_sent = 0, None, 0
    # An HTTP/1.1 request's `Expect: 100-continue`, whose interim `100 Continue` is sent once, when the
    # app first reads the body, unless it answered first; and the request's Expect values. Each
    # request on a connection starts with none (`parse_request`).
    continue_due = False
    answered = False
    expectations: list[str]

    def setup(self) -> None:
        # A socket timeout for every read and write: a client that sends nothing more of its request, or
        # reads nothing more of its answer, for the server's `client_seconds` has its connection closed
        # (a body cut short by it is a 400 saying so), rather than holding a thread for good. A timeout
        # would bound a whole sendall, so the answer is sent in slices, each given the whole timeout: a
        # slow client still reading a big answer is not cut off.
        # werkzeug's own server (make_server), which serves this handler too, has no client_seconds.
        self.timeout = getattr(self.server, "client_seconds", CLIENT_SECONDS)
        super().setup()
        self.wfile = SlicedWriter(self.wfile, self.connection)

    def parse_request(self) -> bool:
        """http.server's parsing of the request line and headers, the path kept as it was sent; a
        request gunicorn refuses is a 400 (`request_refusal`).

        http.server reduces the slashes a path starts with to one (`//api/datasets` read as
        `/api/datasets`), against an open redirect of its file server to the host `api`; the site
        answers such a path itself, as gunicorn hands it on, with a redirect to a path of its own."""
        self.continue_due = self.answered = False
        self.expectations = []
        if not super().parse_request():
            return False
        if self.request_version < "HTTP/1.1":
            # werkzeug chunks a body of no Content-Length whenever the server speaks HTTP/1.1, which an
            # HTTP/1.0 client cannot read (RFC 9112, 6.1): answered in HTTP/1.0, as gunicorn answers
            # it, such a body is sent as it is and ends with the connection, which every answer closes.
            self.protocol_version = "HTTP/1.0"
        target = self.requestline.split()[1]
        refusal = request_refusal(self.command, target, self.request_version, self.headers)
        if refusal:
            self.send_error(*refusal)
            return False
        if self.path.startswith("/"):
            self.path = target
        return True

    def make_environ(self) -> dict:
        """werkzeug's environ, with the request's Expect, its body sending the `100 Continue` due as it
        is read, and a path of leading slashes read as sent."""
        environ = super().make_environ()
        self.watched_body = None
        length = self.headers.get("Content-Length", "")
        if length.isdigit() and int(length):
            environ["wsgi.input"] = self.watched_body = WatchedBody(environ["wsgi.input"], int(length))
        if self.expectations:
            environ["HTTP_EXPECT"] = ",".join(self.expectations)
        if self.continue_due:
            environ["wsgi.input"] = ContinuedInput(environ["wsgi.input"], self.send_continue)
        self.rfile = LeftUnread(self.rfile, self.connection, lambda: self.answered)  # read once it is answered
        if self.path.startswith("//"):
            # werkzeug reads the first segment of such a path as a host's name, or drops it (`///a`).
            path = unquote(self.path.partition("?")[0].partition("#")[0])
            environ["PATH_INFO"] = path.encode().decode("latin-1")
        return environ

    def handle_expect_100(self) -> bool:
        """http.server's answer to an HTTP/1.1 request's `Expect: 100-continue` (it ignores an HTTP/1.0
        one, as it must), which it sends as it reads the headers: here it is sent as the body is read.

        So a request refused before its body is read (over the size limit, without a token) is
        answered with the refusal alone, and the client sends no body it would have sent in vain."""
        self.continue_due = True
        return True

    def run_wsgi(self) -> None:
        # werkzeug writes `100 Continue` before calling the app for any request that expects it, of any
        # HTTP version: that second one is left out by hiding the header from it (make_environ gives
        # it back to the app).
        self.expectations = self.headers.get_all("Expect", [])
        del self.headers["Expect"]
        try:
            super().run_wsgi()
        finally:
            # werkzeug closes the answer after reading what is left of the request, a read that raises on
            # a connection its client reset (dropped with bytes unread), which skips that close: the
            # answer is closed here, and so ends its count of requests in flight (`SiteServer.counting`).
            answer = getattr(self, "environ", {}).pop(COUNTED_ANSWER, None)
            if answer is not None:
                answer.close()

    def send_continue(self) -> None:
        """The interim `100 Continue` a request expects, once, and only before its answer."""
        if self.continue_due and not self.answered:
            self.continue_due = False
            self.wfile.write(b"HTTP/1.1 100 Continue\r\n\r\n")

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """A request refused before it reaches the app, by http.server (a request line or header too
        long, a malformed request line) or by `request_refusal`, answered as the site's refusals are:
        plain text, `400 Bad Request: <what was wrong>`, rather than Python's HTML page."""
        phrase = HTTPStatus(code).phrase
        what = SERVER_REFUSALS.get(message or code) or message or phrase
        if self.request_version == "HTTP/0.9" and len(self.requestline.split()) != 2:
            # A request line http.server could not read leaves its version HTTP/0.9, whose answers
            # have no status line nor headers: the refusal has them, as gunicorn's.
            self.request_version = "HTTP/1.1"
        self.log_error("code %d, message %s", code, what)
        first = what[0].lower() if what[1:2].islower() else what[0]  # `Bad request …`; a method (`POST *`) kept
        body = f"{code} {phrase}: {first}{what[1:]}\n".encode("utf-8", "replace")
        self.send_response(code, phrase)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """werkzeug's line of the request, saying so where its client went away or fell silent before
        the whole body arrived: its answer (a 400 saying the body was cut short) is no client's error."""
        body = getattr(self, "watched_body", None)
        # The request's id (its answer's X-Request-Id) last on the line, as gunicorn's access_log_format
        # writes it: the line is written as the status is sent, before the headers.
        request_id = getattr(self, "environ", {}).get(REQUEST_ID)
        if request_id:
            size = f"{size} {request_id}"
        if body is None or body.stopped is None:
            super().log_request(code, size)
            return
        self.log("info", '"%s" %s %s: the client %s after sending %d of the %d bytes of its body',
                 self.requestline, code, size, body.stopped, body.arrived, body.length)

    def connection_dropped(self, error: BaseException, environ: dict | None = None) -> None:
        """A line saying the client went away (or read nothing for the client timeout) before the end of
        an answer of known length; a streamed download, of none, has the site's line, naming its rows."""
        if environ is None or self.answer_length is None or not self.head_sent:
            return
        why = "read nothing more for a while" if isinstance(error, TimeoutError) else "went away"
        request_id = environ.get(REQUEST_ID)
        status = f"{self.answer_code} {request_id}" if request_id else self.answer_code
        self.log("warning", '"%s" %s: the answer stopped after %d of its %d bytes: the client %s', self.requestline,
                 status, min(self.wfile.sent - self.head_sent, self.answer_length), self.answer_length, why)

    def end_headers(self) -> None:
        super().end_headers()
        self.head_sent = self.wfile.sent

    def version_string(self) -> str:
        return "svgplots"

    def log(self, type: str, message: str, *args) -> None:
        """werkzeug's log line, a token sent in the request's URL hidden (`logged_tokens`), its query
        written as LOG_QUERIES says (`logged_queries`)."""
        queries = getattr(self.server, "queries", "full")
        super().log(type, message, *(logged_queries(hidden_tokens(arg), queries) if isinstance(arg, str) else arg
                                     for arg in args))

    def address_string(self) -> str:
        """The client as the request's log line names it: whole, shortened or not at all (LOG_CLIENT_ADDRESSES)."""
        return logged_address(super().address_string(), getattr(self.server, "client_addresses", "full"))

    def send_response(self, code: int, message: str | None = None) -> None:
        """The status line, then the server's own headers: Server and Date."""
        self.date_sent, self.answer_code, self.answer_length, self.head_sent = False, code, None, 0
        super().send_response(code, message)
        self.date_sent = self.answered = True

    def send_header(self, keyword: str, value: str) -> None:
        # Date may appear once, and the server sends its own with the status line; an app's (werkzeug's
        # make_conditional sets one, and send_file calls it) would be a second. gunicorn drops it alike.
        if keyword.lower() == "date" and self.date_sent:
            return
        if keyword.lower() == "content-length" and value.isdigit():
            self.answer_length = int(value)
        super().send_header(keyword, value)


class AddressUnavailable(Exception):
    """The address to serve on cannot be listened on; the message says why and what to change."""


# The environ's key of a request's CountedAnswer, which its handler closes however the answer ended.
COUNTED_ANSWER = "svgplots.counted_answer"
# How long a connection waits for its client's next bytes: the app's default CLIENT_TIMEOUT.
CLIENT_SECONDS = Config.CLIENT_TIMEOUT
# How long a stop (SIGTERM, Ctrl-C) waits for the requests in flight to finish: gunicorn's default.
STOP_SECONDS = 30
# How long a stop waits first for the request of a connection opened before it that has sent none yet.
OPENED_SECONDS = 1.0


class SiteServer(ThreadedWSGIServer):
    """werkzeug's threaded server (as `run_simple` makes it), whose address it cannot listen on is an
    AddressUnavailable, for one line of run.py's: werkzeug's own prints its lines and exits; it
    counts the requests in flight, which a stop lets finish, and the connections opened whose request
    has not come yet (`unread`), which it waits a moment for; it closes a connection whose client sent
    or read nothing for `client_seconds`."""

    def __init__(self, host: str, port: int, app, handler: type[WSGIRequestHandler],
                 client_seconds: float = CLIENT_SECONDS, client_addresses: str = "full", queries: str = "full") -> None:
        self.client_seconds = client_seconds
        self.client_addresses = client_addresses  # how its log lines name a client (LOG_CLIENT_ADDRESSES)
        self.queries = queries  # how they write a request's query (LOG_QUERIES)
        self.in_flight = 0
        self.unread: set = set()  # the sockets of connections accepted whose request is not in the app yet
        self.finished = threading.Condition()
        self.hurried = False
        self.stopping = ""  # the signal that stopped it
        super().__init__(host, port, self.counting(app), handler=handler)

    def server_bind(self) -> None:
        try:
            super().server_bind()
        except OSError as error:
            raise AddressUnavailable(address_problem(self.host, self.port, error)) from None

    def process_request(self, request, client_address) -> None:
        with self.finished:  # as it is accepted: a stop that ends the accepting finds it counted
            self.unread.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request) -> None:
        self.no_longer_awaited(request)  # closed, answered or not
        super().shutdown_request(request)

    def no_longer_awaited(self, connection, in_flight: int = 0) -> None:
        """`connection` no longer waited for to send its request; `in_flight` more requests in flight."""
        with self.finished:
            self.in_flight += in_flight
            self.unread.discard(connection)
            self.finished.notify_all()

    def counting(self, app):
        """`app`, counted in flight from its call until its answer is closed, once it has sent the last
        byte or the client went away (werkzeug closes it, or else `SiteRequestHandler.run_wsgi`)."""
        def counted(environ, start_response):
            self.no_longer_awaited(environ.get("werkzeug.socket"), in_flight=1)
            try:
                answer = environ[COUNTED_ANSWER] = CountedAnswer(app(environ, start_response), self.request_ended)
            except BaseException:
                self.request_ended()
                raise
            return answer
        return counted

    def request_ended(self) -> None:
        with self.finished:
            self.in_flight -= 1
            self.finished.notify_all()

    def hurry(self) -> None:
        """Stop waiting for the requests in flight (a second SIGTERM or Ctrl-C)."""
        with self.finished:
            self.hurried = True
            self.finished.notify_all()

    def wait_for_opened(self, seconds: float) -> None:
        """Wait up to `seconds` for the connections opened to send their requests, or to close."""
        with self.finished:
            self.finished.wait_for(lambda: not self.unread or self.hurried, seconds)

    def wait_for_requests(self, seconds: float) -> int:
        """Wait up to `seconds` for the requests in flight to finish; the number still in flight."""
        with self.finished:
            self.finished.wait_for(lambda: self.in_flight == 0 or self.hurried, seconds)
            return self.in_flight


class CountedAnswer:
    """A WSGI answer whose close (werkzeug's, once it is sent) calls `ended` too, once, however often it
    is closed."""

    closed = False

    def __init__(self, answer, ended) -> None:
        self.answer, self.ended = answer, ended

    def __iter__(self):
        return iter(self.answer)

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        try:
            if hasattr(self.answer, "close"):
                self.answer.close()
        finally:
            self.ended()


def serve_until_stopped(server: SiteServer, seconds: float = STOP_SECONDS, opened: float = OPENED_SECONDS,
                        stopping: Callable[[], None] = lambda: None) -> None:
    """Serve until SIGTERM or SIGINT (Ctrl-C); then take no new connection, wait up to `opened` seconds
    for the request of a connection opened before the stop that has sent none yet, let the requests in
    flight finish for up to `seconds` (a second signal ends either wait), and say so, a line each.
    `stopping()` is called as the stop begins."""
    def stop(number: int, frame) -> None:
        if server.stopping:
            server.hurry()
            return
        stopping()
        server.stopping = signal.Signals(number).name
        # shutdown waits for serve_forever, which this handler interrupts: from another thread.
        threading.Thread(target=server.shutdown, daemon=True).start()

    handlers = {number: signal.signal(number, stop) for number in (signal.SIGTERM, signal.SIGINT)}
    try:
        server.serve_forever()  # until a stop's shutdown; then it closes the listening socket
        if server.stopping:
            server.wait_for_opened(opened)
            waiting = f"; waiting up to {seconds:g} s for {requests(server.in_flight)} in flight" if server.in_flight else ""
            print(f"Stopping on {server.stopping}: taking no new connections{waiting}", flush=True)
        left = server.wait_for_requests(seconds)
    finally:
        for number, handler in handlers.items():
            signal.signal(number, handler)
    print(f"Stopped; {requests(left)} in flight cut off" if left else "Stopped", flush=True)


def requests(count: int) -> str:
    return f"{count} request" if count == 1 else f"{count} requests"


def address_problem(host: str, port: int, error: OSError) -> str:
    """Why the site cannot listen on `host`:`port`, and which option changes it."""
    if error.errno == errno.EADDRINUSE:
        return f"port {port} is in use (another server?); choose another with --port"
    return f"cannot serve on {host} port {port}: {error.strerror or error}; choose another --host or --port"


def site_url(host: str, port: int) -> str:
    """The URL the site is served at: http://127.0.0.1:5000/ (an IPv6 address in brackets)."""
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"
