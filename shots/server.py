"""Serve a WSGI app on a free 127.0.0.1 port in a background thread."""
from __future__ import annotations

import threading
from typing import Any

from werkzeug.serving import WSGIRequestHandler, make_server


class _QuietHandler(WSGIRequestHandler):
    # One log line per chart request would drown the check's own progress lines.
    def log_request(self, *args: Any, **kwargs: Any) -> None:
        pass


class LiveServer:
    """A threaded werkzeug server for `app`; `url` is its base URL; `stop()` ends it."""

    def __init__(self, app: Any, host: str = "127.0.0.1", port: int = 0) -> None:
        self._server = make_server(host, port, app, threaded=True, request_handler=_QuietHandler)
        self.url = f"http://{host}:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, name="shots-live-server", daemon=True)
        self._thread.start()

    def __enter__(self) -> "LiveServer":
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        """Stop serving and wait for the thread to end."""
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
