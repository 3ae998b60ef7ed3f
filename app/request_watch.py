"""Each request's id and its count: an X-Request-Id on every answer, written in the access log line, carried
by the log records of that request (the app's log lines end with it) and shown on a 500 page, for a reader to
quote; and the request counted in the site's figures (`metrics`), which /metrics answers to the holder of
METRICS_TOKEN."""
from __future__ import annotations

import hmac
import logging
import re
import secrets
from collections.abc import Callable, Iterable
from pathlib import Path

from flask import Flask, Response, current_app, request
from flask.logging import default_handler

from . import metrics
from .config import shown_setting

# The environ's key of the request's id.
REQUEST_ID = "svgplots.request_id"
# An id a proxy in front may give (nginx's $request_id, 32 hex digits; a UUID; Heroku's): short, and of
# characters that cannot break a log line or a header. Anything else is replaced by one of the site's.
SANE_ID = re.compile(r"[A-Za-z0-9._:+=@-]{1,64}")
# A token the monitoring server sends (Authorization: Bearer <token>): visible ASCII, no spaces.
METRICS_TOKEN_CHARACTERS = re.compile(r"[\x21-\x7e]+")
# The metrics folder, under the data folder: the site's own, emptied as it starts.
METRICS_FOLDER = "metrics"
# Prometheus' text format.
METRICS_TYPE = "text/plain; version=0.0.4; charset=utf-8"

current_id = metrics.contextvars.ContextVar("svgplots_request_id", default=None)


def setting_problem(value: object) -> str | None:
    """Why `value` cannot be METRICS_TOKEN, or None where it can."""
    if value is None or (isinstance(value, str) and METRICS_TOKEN_CHARACTERS.fullmatch(value)):
        return None
    if value == "":
        return "METRICS_TOKEN is set but blank: give the token a monitoring server sends for /metrics, or unset it"
    return ("METRICS_TOKEN must be the token a monitoring server sends for /metrics (Authorization: Bearer "
            f"<token>), of visible ASCII characters and no spaces, or None for no /metrics; got {shown_setting(value)}"
            if not isinstance(value, str) else "METRICS_TOKEN must be of visible ASCII characters and no spaces, "
            "as an Authorization header carries it after 'Bearer ' (the value is not shown: it is a secret)")


def request_id(environ: dict, believed: bool) -> str:
    """The id of the request: the one the proxy in front gave in X-Request-Id, where proxies are `believed`
    and it is SANE_ID, else a new one of 16 hex digits."""
    given = environ.get("HTTP_X_REQUEST_ID", "").strip() if believed else ""
    return given if SANE_ID.fullmatch(given) else secrets.token_hex(8)


_made_record = logging.getLogRecordFactory()


def _record_with_request_id(*args, **kwargs) -> logging.LogRecord:
    """A log record carrying the id of the request it was logged in, `request_id` (None outside one), for a
    handler to write as it likes: its message is left as logged, a JSON formatter's or Sentry's to read."""
    record = _made_record(*args, **kwargs)
    record.request_id = current_id.get()
    return record


def tag_log_records() -> None:
    """Have log records name their request (once a process)."""
    if logging.getLogRecordFactory() is not _record_with_request_id:
        logging.setLogRecordFactory(_record_with_request_id)


class RequestLineFormatter(logging.Formatter):
    """The lines of the formatter `lines` (Flask's handler's), each message followed by ` [request <id>]` where its
    record was logged in a request: at the line's end, before the traceback of an exception's line."""

    def __init__(self, lines: logging.Formatter) -> None:
        super().__init__()
        self.lines = lines

    def format(self, record: logging.LogRecord) -> str:
        rid = getattr(record, "request_id", None)
        if not rid:
            return self.lines.format(record)
        # A copy ends its message with the id: the record stays as logged, for the logger's other handlers.
        return self.lines.format(logging.makeLogRecord(
            {**vars(record), "msg": f"{record.getMessage()} [request {rid}]", "args": None}))


def log_app_lines(app: Flask) -> None:
    """Have log records name their request, and Flask's handler (`default_handler`: the server's wsgi.errors
    within a request, gunicorn's error log, standard error elsewhere) end the app's lines with it. Flask gives it
    to the app's logger ("app", which every module's logger writes through) where no handler of the logger or
    its parents takes its lines (a test's or an operator's does): here, as the app is built, before gunicorn
    forks the workers, rather than at the app's first line."""
    tag_log_records()
    if not isinstance(default_handler.formatter, RequestLineFormatter):
        default_handler.setFormatter(RequestLineFormatter(default_handler.formatter))
    app.logger  # made by Flask as first read (`flask.logging.create_logger`)


class RequestWatch:
    """WSGI middleware, outermost: gives each request its id (in its environ, its answer's X-Request-Id and
    its log records) and counts it, as its answer begins, in `site_metrics` (None: metrics are off)."""

    def __init__(self, wsgi_app: Callable, site_metrics: metrics.SiteMetrics | None, proxies: int) -> None:
        self.wsgi_app = wsgi_app
        self.metrics = site_metrics
        self.proxies = proxies

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        rid = environ[REQUEST_ID] = request_id(environ, self.proxies > 0)
        kind = metrics.route_kind(environ.get("PATH_INFO", ""))
        watch = _Watched(self, rid, kind)

        def started(status_line: str, headers: list, exc_info=None):
            watch.count(int(status_line[:3]))
            headers = [(name, value) for name, value in headers if name.lower() != "x-request-id"]
            headers.append(("X-Request-Id", rid))
            return start_response(status_line, headers, exc_info)

        with watch:
            try:
                answer = self.wsgi_app(environ, started)
            except BaseException:
                watch.count(500)  # what the server answers
                raise
        # A file's answer (a static file's) handed back as the server's own file wrapper, which it sends by
        # `sendfile` only where it finds its type: wrapped, every byte went through Python. Reading a file
        # logs nothing, so it needs its request's id current no more than its server does.
        wrapper = environ.get("wsgi.file_wrapper")
        if isinstance(wrapper, type) and isinstance(answer, wrapper):
            return answer
        return _WatchedAnswer(answer, watch)


class _Watched:
    """Within `with`, the request's id and kind are the current ones (its log lines and counts are its)."""

    def __init__(self, watch: RequestWatch, rid: str, kind: str) -> None:
        self.watch, self.rid, self.kind = watch, rid, kind
        self.counted = False

    def __enter__(self) -> None:
        self.tokens = (current_id.set(self.rid), metrics.current.set(self.watch.metrics),
                       metrics.current_kind.set(self.kind))

    def __exit__(self, *exc) -> None:
        id_token, metrics_token, kind_token = self.tokens
        metrics.current_kind.reset(kind_token)
        metrics.current.reset(metrics_token)
        current_id.reset(id_token)

    def count(self, status: int) -> None:
        """The request, answered with `status` (as its answer begins), in the site's figures (once)."""
        if self.counted or self.watch.metrics is None:
            return
        self.counted = True
        self.watch.metrics.add("svgplots_requests_total", kind=self.kind, status=metrics.status_class(status))
        if 400 <= status < 500:
            self.watch.metrics.add("svgplots_refusals_total", status=str(status))


class _WatchedAnswer:
    """The app's answer, sent and closed with its request's id current (a download's log lines name it)."""

    def __init__(self, answer: Iterable[bytes], watched: _Watched) -> None:
        self.answer, self.watched = answer, watched

    def __iter__(self):
        chunks = iter(self.answer)
        while True:
            with self.watched:
                chunk = next(chunks, None)
            if chunk is None:
                return
            yield chunk

    def close(self) -> None:
        close = getattr(self.answer, "close", None)
        if close is not None:
            with self.watched:
                close()


def watch_requests(app: Flask, data_dir: Path) -> None:
    """Wrap the app in RequestWatch (last: outermost), with the site's figures and /metrics where METRICS_TOKEN
    is set."""
    token = app.config.get("METRICS_TOKEN")
    site_metrics = metrics.SiteMetrics(data_dir / METRICS_FOLDER) if token else None
    if site_metrics is not None:
        app.extensions["svgplots.metrics"] = site_metrics
        app.add_url_rule("/metrics", "metrics", metrics_answer)
    app.wsgi_app = RequestWatch(app.wsgi_app, site_metrics, app.config["PROXIES"])


def metrics_answer() -> Response:
    """The site's figures in Prometheus' text format, to a request bearing METRICS_TOKEN; else a 401."""
    header = request.headers.get("Authorization", "")
    scheme, _, sent = header.partition(" ")
    expected = current_app.config["METRICS_TOKEN"].encode()
    if scheme.lower() == "bearer" and hmac.compare_digest(sent.strip().encode("latin-1", "replace"), expected):
        response = Response(current_app.extensions["svgplots.metrics"].text(), content_type=METRICS_TYPE)
    else:
        why = "carries a token that is not METRICS_TOKEN" if header else "carries no token"
        response = Response(f"401 Unauthorized: this request {why}; /metrics answers to the monitoring server that "
                            "sends the header 'Authorization: Bearer <METRICS_TOKEN>'\n", status=401,
                            content_type="text/plain; charset=utf-8")
        response.headers["WWW-Authenticate"] = 'Bearer realm="metrics"'
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    return response
