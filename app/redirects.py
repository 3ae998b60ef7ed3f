"""Redirects the site answers: a URL with a slash too many, at its end or its start, sent to the URL
of its page, file or API resource, and werkzeug's own redirects answered with a relative Location."""
from __future__ import annotations

from flask import Response, current_app, redirect, request
from werkzeug.exceptions import HTTPException, NotFound
from werkzeug.http import HTTP_STATUS_CODES
from werkzeug.routing import RequestRedirect

from .responses import REDIRECT_CACHING, api_url, error_response, slashes_merged
from .tracking_tags import page_endpoint, redirect_without_tracking_tags, without_tracking_tags


def redirect_trailing_slash() -> Response | None:
    """A URL with a trailing slash is redirected (308, its query kept) to the URL without, when a
    route takes that one (a before-request hook: it runs before a routing 404 is raised).

    Every page, chart and file has one URL: served at both, a chart's slashed URL would be another
    cache entry, and its name in a download (`temperature.pdf/`) or the format of its errors (an SVG
    for `.svg`) would be lost. Only a rule that ends in a slash (the index, `/`) is answered there.
    """
    path = request.path
    if not path.endswith("/") or _answered_with_its_slash():
        return None
    return _redirected_where_routed(path.rstrip("/"), built=True)


def redirect_leading_slashes() -> Response | None:
    """A URL whose path starts with more than one slash (a base URL ending in a slash joined to a path
    starting with one: `//api/datasets`) is redirected (308, its query kept) to the path with one, and
    any other slash too many merged, when a route takes that one (a before-request hook), as a doubled
    slash elsewhere in a path is by routing: werkzeug reads a path without the slashes it starts with,
    so the URL would otherwise be answered as a second URL of its page, file or API resource."""
    if not request.environ.get("PATH_INFO", "").startswith("//"):
        return None
    return _redirected_where_routed(slashes_merged(request.path), built=False)


def _redirected_where_routed(path: str, built: bool) -> Response | None:
    """A redirect of the request (308, its query kept) to `path` when a route takes that one, to the
    URL the route `built` from its values or else to `path` as it is under the script root; None
    when no route takes it (the 404 stands)."""
    adapter = current_app.create_url_adapter(request)
    try:
        endpoint, values = adapter.match(path, method=request.method)
    except HTTPException:  # no route there either (or a redirect of its own): the 404 stands
        return None
    location = adapter.build(endpoint, values, method=request.method) if built else request.script_root + path
    query = request.query_string.decode("latin-1")  # as it came, bytes for bytes
    if page_endpoint(endpoint):  # a page answers as without tracking tags: so does its redirect
        query = without_tracking_tags(query)
    return redirected(f"{location}?{query}" if query else location, 308)


def answer_routing_redirect() -> Response | None:
    """werkzeug's own redirect of the request (a doubled slash merged: /plot//animals.svg), answered
    with its Location relative, as is the link its body gives (a before-request hook: routing raises
    it only after them, and no error handler sees it); None for any other request.

    werkzeug's Location is absolute: behind a proxy that does not say its scheme, an http URL that an
    https page's <img> may not load. `redirect_trailing_slash` gives the same relative one."""
    routed = request.routing_exception
    if not isinstance(routed, RequestRedirect):
        return None
    location = routed.new_url
    if location.startswith(request.host_url):  # built on the request's own host and script root
        location = "/" + location[len(request.host_url):]
    return redirected(redirect_without_tracking_tags(location), routed.code)


def redirected(location: str, code: int) -> Response:
    """A redirect of the request to `location`, which a cache may keep an hour (`REDIRECT_CACHING`); an
    API URL's says so in the JSON every answer of the API is (an error's shape, naming where to send the
    request), not in werkzeug's HTML page."""
    if not api_url(request.path):
        response = redirect(location, code=code)
    else:
        response = error_response(code, HTTP_STATUS_CODES[code], f"the API answers this at {location}, not at "
                                  f"{_url_as_sent()}: send the request there, with the same method and body (a "
                                  "client that follows redirects does so itself)")
        response.headers["Location"] = location
    response.headers["Cache-Control"] = REDIRECT_CACHING  # it follows from the URL rules, not the data
    return response


def _url_as_sent() -> str:
    """The request's path and its query, if any, with all the slashes the path starts with:
    werkzeug's `request.path` keeps one."""
    sent = request.environ.get("PATH_INFO", "")
    url = request.full_path if request.query_string else request.path
    return "/" * (len(sent) - len(sent.lstrip("/")) - 1) + url


def _answered_with_its_slash() -> bool:
    """Whether a slashed URL is answered as it is: its route ends in a slash (the index), or routing
    failed otherwise than with a 404. A route whose last part took the slash into its value
    (`/static/<path:filename>` as `site.css/`) is redirected like an unrouted URL."""
    if request.url_rule is None:
        return not isinstance(request.routing_exception, NotFound)  # a 405, or werkzeug's own redirect
    return request.url_rule.rule.endswith("/")
