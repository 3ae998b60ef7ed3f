"""The site a run checks: the one at `--url`, once it answers, or the site served on a free 127.0.0.1 port
in a background thread."""
from __future__ import annotations

import http.client
import tempfile
import threading
import urllib.error
import urllib.request
from contextlib import contextmanager
from typing import Any, Iterator

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


class SiteUnavailable(RuntimeError):
    """The site to check did not start, or does not answer at `--url`."""


def reachable(url: str, timeout: float) -> str:
    """`url` without its trailing slash, once it answers HTTP (any status) within `timeout`
    seconds; else SiteUnavailable."""
    try:
        # The page timeout: a site slow to answer its first request is given as long as a page.
        urllib.request.urlopen(url, timeout=timeout).close()
    except urllib.error.HTTPError:
        pass  # it answers: a page that fails is the check's to report
    except http.client.HTTPException as exc:  # a port of another protocol: SSH, SMTP
        answer = str(exc).strip().splitlines()[0][:60] if str(exc).strip() else type(exc).__name__
        raise SiteUnavailable(f"cannot reach URL: {url} (its answer is not HTTP: {answer!r})") from exc
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        if isinstance(reason, TimeoutError):
            reason = f"no answer within {timeout:g} s: the page timeout, --timeout"
        raise SiteUnavailable(f"cannot reach URL: {url} ({reason})") from exc
    return url.rstrip("/")


@contextmanager
def running_site(url: str | None, timeout: float) -> Iterator[str]:
    """Yield `url` once it answers within `timeout` seconds, or start the site on a free
    127.0.0.1 port and yield its URL.

    The site it starts holds the sample data only, in a fresh data folder: screenshots must not
    depend on what a local database happens to hold.
    """
    if url:
        yield reachable(url, timeout)
        return
    from app import create_app  # the site itself; imported late so `--url` works without it

    with tempfile.TemporaryDirectory(prefix="svgplots-shots-") as data_dir:
        try:
            app = create_app({"DATA_DIR": data_dir})
        except Exception as exc:
            raise SiteUnavailable(
                f"the site did not start: {exc} (it is started with the sample data only, in a fresh data "
                "folder; to check a site with its own data, start it yourself and give its address with --url)"
            ) from exc
        with LiveServer(app) as server:
            yield server.url
