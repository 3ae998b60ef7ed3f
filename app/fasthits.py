"""Cache hits answered ahead of Flask: a small WSGI layer in front of the app's routing.

Flask's answers of cached charts and of their data (`chart_responses.chart_response`) tell this layer
which (path, query string) drew which render-cache entry (a `HitRoute`). When the same URL comes
again, the layer asks the store for the dataset's current version (as a routed request does), and
when that is still the version the URL's spec was read against and the render cache holds its
bytes, it answers at once, with the same headers and bytes the view would give
(`chart_responses.chart_headers`). Anything else — a miss, a new version, a conditional request it does
not handle, any error — goes on to Flask unchanged; the error of a source held down from then on (locked,
out of reach, too slow) or whose connections were all in use with it, for Flask to answer in its words
(`answer_held_error`).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable

from flask import request
from werkzeug.exceptions import SecurityError
from werkzeug.http import remove_entity_headers
from werkzeug.wsgi import get_host

from .cache import SizedLRU, key_length, key_version
from .chart_responses import FASTHITS_GENERATION, HitRoute, chart_headers, sent_encoding
from .compression import identity_refused
from .conditional_requests import none_match
from .metrics import count_cache
from .responses import file_name

WSGIApp = Callable[[dict, Callable], Iterable[bytes]]
# Conditional headers that only the full Flask path answers.
ROUTED_CONDITIONS = ("HTTP_IF_MODIFIED_SINCE", "HTTP_IF_MATCH", "HTTP_RANGE", "HTTP_IF_RANGE",
                     "HTTP_IF_UNMODIFIED_SINCE")
# Where a request passed on to Flask carries the answer its version look-up met from a source that
# is held down from then on (`held_down`), for Flask to give it (`answer_held_error`): asked again, the
# source would answer at once that it was so a moment ago, of the wait this request itself made.
HELD_ERROR = "svgplots.fasthits.held_error"
# What a remembered route holds besides its text (`route_size`, `url_size`): the tuples, the strings' headers, the
# HitRoute and its spec's objects, and the map's slot (about 1.5 KB, measured with tracemalloc).
ROUTE_BYTES = 1536


def route_size(route: HitRoute) -> int:
    """The bytes a remembered `route` holds besides its URL's (`url_size`): the text of its render-cache
    key (`key_length`), and ROUTE_BYTES."""
    return ROUTE_BYTES + key_length(route.key)


def url_size(url: tuple[str, str]) -> int:
    """The bytes a remembered route's (path, query) holds: its text, as sent (a query padded with 60 KB
    of "&" is 60 KB, though it draws the chart of a short one)."""
    path, query = url
    return len(path) + len(query)


class FastHits:
    """WSGI middleware that answers render-cache hits of known chart URLs without routing them.

    It keeps at most `max_routes` routes and `max_bytes` of them (`route_size` with `url_size`), the oldest
    remembered out first (a `SizedLRU` that its hits do not reorder):
    the bytes bound URLs padded to any length, which one chart can be asked by in countless ways.

    `generation` counts its `forget`s, as the render cache's generation counts its clears: a route
    Flask found from what was read before one (of a store replaced since, say) is not kept after it.
    """

    def __init__(self, wsgi_app: WSGIApp, site_of: Callable[[], object], max_age: int, max_routes: int = 4096,
                 trusted_hosts: list[str] | None = None, max_bytes: int = 16 * 1024 * 1024):
        self.wsgi_app = wsgi_app
        self.trusted_hosts = trusted_hosts  # Flask's TRUSTED_HOSTS: a request for another host is Flask's to refuse
        self.site_of = site_of
        self.max_age = max_age
        self._routes: SizedLRU[HitRoute] = SizedLRU(max_bytes, route_size, url_size, max_items=max_routes)

    @property
    def generation(self) -> int:
        """How many times the routes were forgotten (`forget`)."""
        return self._routes.generation

    @property
    def size(self) -> int:
        """The bytes of the routes remembered."""
        return self._routes.size

    def remember(self, path: str, query: str, route: HitRoute, generation: int | None) -> None:
        """Note that `path?query` draws `route` (called as Flask answers it: `chart_responses.remember_hit`),
        unless the routes were forgotten since `generation`, the one the request began in (None: a
        request that did not come through this layer, whose beginning it cannot tell)."""
        if generation is not None:
            self._routes.put((path, query), route, generation)

    def forget(self) -> None:
        """Forget every URL's route (their keys name versions of a store replaced since)."""
        self._routes.clear()

    def __len__(self) -> int:
        return len(self._routes)

    def remembers(self, path: str, query: str = "") -> bool:
        """Whether the route of `path?query` is remembered, to be answered ahead of Flask."""
        return self._routes.holds((path, query))

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        if (environ.get("REQUEST_METHOD") == "GET" and not any(h in environ for h in ROUTED_CONDITIONS)
                and self._trusted(environ)):
            route = self._routes.peek((environ.get("PATH_INFO", ""), environ.get("QUERY_STRING", "")))
            if route is not None:
                answer = self._answer(route, environ)
                if answer is not None:
                    status, headers, body = answer
                    start_response(status, headers)
                    return [body]
        environ[FASTHITS_GENERATION] = self.generation
        return self.wsgi_app(environ, start_response)

    def _trusted(self, environ: dict) -> bool:
        """Whether the request names a host the site answers (any, without TRUSTED_HOSTS), as
        Flask's own path checks it before a view runs."""
        if not self.trusted_hosts:
            return True
        try:
            get_host(environ, self.trusted_hosts)
        except SecurityError:
            return False
        return True

    def _answer(self, route: HitRoute, environ: dict) -> tuple[str, list, bytes] | None:
        """Status, headers and body of a hit, or None to let Flask answer."""
        site = self.site_of()
        try:
            version = site.store.version(route.dataset)
        except Exception as error:  # noqa: BLE001  (whatever went wrong, the routed path answers it properly)
            if held_down(error):
                environ[HELD_ERROR] = error
            return None
        if version != key_version(route.key):
            return None
        rendered = site.cache.get(route.key)
        if rendered is None:
            return None
        accept_encoding = environ.get("HTTP_ACCEPT_ENCODING")
        encoding = sent_encoding(rendered, accept_encoding)
        if encoding is None and identity_refused(accept_encoding):
            # The plain bytes refused: Flask compresses them (a PNG, say) or answers the 406.
            return None
        count_cache(hit=True)
        body, headers = chart_headers(rendered, route.mimetype, encoding, route.pinned_version, self.max_age,
                                      file_name(environ.get("PATH_INFO", "")))
        if_none_match = environ.get("HTTP_IF_NONE_MATCH")
        # The rule Flask's own path compares If-None-Match by (`conditional_requests.conditional`).
        if if_none_match and none_match(if_none_match, dict(headers)["ETag"].strip('"')):
            # Without the body's headers, as werkzeug sends every 304. No Date: the server adds it.
            remove_entity_headers(headers)
            return "304 NOT MODIFIED", headers, b""
        return "200 OK", headers, body


def held_down(error: Exception) -> bool:
    """Whether `error` is a source's that holds it down from then on (locked, out of reach, too slow),
    or one that every connection to it was in use for the whole wait (busy): asked again by Flask, the
    request would wait as long again."""
    # Imported here: a site without sources loads no database library (`source_connections`).
    from .store.source_busy import SourceBusy, SourceLocked, SourceTableLocked, SourceTimeout
    from .store.types import SourceUnavailable

    return isinstance(error, SourceUnavailable | SourceLocked | SourceTimeout | SourceTableLocked | SourceBusy)


def answer_held_error() -> None:
    """Raise the error a look-up of this request's version ahead of Flask met from a source held down
    since (`HELD_ERROR`), so that it is answered in the words of that look-up. (A before-request hook.)"""
    error = request.environ.get(HELD_ERROR)
    if error is not None:
        raise error
