"""Answers to OPTIONS: a CORS preflight of a chart, report or data file, the methods of any other URL,
and of the server (`OPTIONS *`, the one method `*` takes)."""
from __future__ import annotations

from collections.abc import Iterable

from flask import Response, current_app, request
from werkzeug.exceptions import BadRequest, NotFound
from werkzeug.routing import RequestRedirect

from .errors import allowed_methods
from .path_names import find_path_names
from .request_refusals import asterisk_refusal
from .responses import (FILE_EXTENSIONS, PAGE_SECURITY, api_url, file_and_tail, file_url, slashes_merged,
                        url_extension)

# What a preflight of a file allows: a GET or HEAD from any site, with the validators it keeps.
PREFLIGHT = (("Allow", "GET, HEAD, OPTIONS"), ("Access-Control-Allow-Origin", "*"),
             ("Access-Control-Allow-Methods", "GET, HEAD"),
             # The validators a reader sends to revalidate what it keeps, and a forced revalidation.
             ("Access-Control-Allow-Headers", "If-None-Match, If-Modified-Since, Cache-Control"),
             # A day, Firefox's limit (Chromium keeps a preflight two hours at most).
             ("Access-Control-Max-Age", "86400"))


def asterisk_response() -> Response | None:
    """The answer to a request for `*`, the server itself rather than a URL (a before-request hook):
    `server_methods_response` for `OPTIONS *`; a 400 for any other method, for which `*` is no
    request target (RFC 9112, 3.2.4: only a server-wide OPTIONS uses it); None for any other path."""
    if request.environ.get("PATH_INFO") != "*":  # `/*` is a URL: Flask's request.path writes both so
        return None
    if request.method == "OPTIONS":
        return server_methods_response()
    raise BadRequest(asterisk_refusal(request.method))


def preflight_response() -> Response | None:
    """The answer to OPTIONS (a before-request hook): a CORS preflight's for a chart, report or data
    file, `methods_response` for any other URL a route takes; None for any other request, which goes
    on as routed.

    Charts, reports and data files are read-only and public (their answers carry
    `Access-Control-Allow-Origin: *`), so a page of any site may GET them with the validators it keeps
    (If-None-Match). The API's URLs get no preflight answer: a write needs an `Authorization` header,
    which a browser sends to another origin only after a preflight allows it, so pages of other sites
    cannot write.

    A file URL that no route takes is answered too, and a chart's URL whatever its extension: a
    browser sends the GET only after a preflight with an ok status (Fetch, "CORS-preflight fetch"),
    and that GET's 404 carries the same cross-origin headers as the files' answers, so the page can
    read what is wrong with its URL.
    """
    if request.method != "OPTIONS":
        return None
    if not _preflighted(request.path):
        return methods_response()
    return _empty(Response(status=204, headers=PREFLIGHT))


def _preflighted(path: str) -> bool:
    """Whether an OPTIONS of `path` is answered as a CORS preflight of a file (`preflight_response`)."""
    if api_url(path):
        return False
    rule = request.url_rule
    if rule is None:
        if not isinstance(request.routing_exception, (NotFound, RequestRedirect)):  # a 405, say
            return False
        # A slash too many (/plot/animals.json/, /plot//animals.svg) redirects to the file: its
        # preflight is answered as the file's, since a browser follows the redirect of a GET a
        # preflight allowed, and none of a preflight.
        path = slashes_merged(path)
    elif (rule.methods or set()) - {"GET", "HEAD", "OPTIONS"}:
        return False
    return url_extension(file_and_tail(path)[0]) in FILE_EXTENSIONS or file_url(path)


def methods_response() -> Response | None:
    """The answer to OPTIONS of a page, a form or an API URL: Flask's, the methods the URL answers in
    its Allow header, with the page's headers; None for a URL no route takes (its 404 answers).

    Raises the 404 the URL's GET answers when its path names a dashboard, chart, dataset or static
    file there is not (`find_path_names`): a URL that names nothing takes no method."""
    rule = request.url_rule
    if rule is None or not rule.provide_automatic_options:
        return None
    find_path_names(request.blueprint, request.view_args or {})
    return _empty(current_app.make_default_options_response(), PAGE_SECURITY)


def server_methods_response() -> Response:
    """The answer to `OPTIONS *`, which asks about the server rather than a URL (RFC 9110, 9.3.7): the
    methods some URL of the site takes, in its Allow header, and no body."""
    methods = {method for rule in current_app.url_map.iter_rules() for method in rule.methods or ()}
    return _empty(Response(status=200, headers=[("Allow", allowed_methods(methods))]))


def _empty(response: Response, headers: Iterable[tuple[str, str]] = ()) -> Response:
    """`response`, which has no body, with `headers` and no Content-Type: no body has no type."""
    del response.headers["Content-Type"]
    for name, value in headers:
        response.headers[name] = value
    return response
