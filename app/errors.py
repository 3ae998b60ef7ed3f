"""Error handlers: every failure becomes a 4xx (or, for a bug, a 500) in the URL's own format."""
from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import quote, unquote

from flask import Flask, Response, current_app, request
from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound, RequestedRangeNotSatisfiable, UnsupportedMediaType

from plots import FORMATS, SpecError
from plots.text import cut, quoted

from .dashboard_charts import DASHBOARD_NAME_RULE
from .error_kinds import error_kind
from .logged_queries import logged_query_string
from .logged_tokens import hidden_tokens
from .request_watch import REQUEST_ID
from .path_names import find_path_names, names_as_written
from .responses import error_response, file_and_tail
from .store import (
    NAME_REGEX,
    NAME_RULE,
    DatasetConflict,
    DatasetNotFound,
    DatasetUnreadable,
    RowsOverLimit,
    StoreBusy,
    StoreError,
    StoreUnavailable,
    WriteRejected,
)
from .store.types import KeyReused
from .store.workbooks import CellPastLastColumn, UncalculatedFormula, UnreadableWorkbook, WorkbookTooBig

TITLES = {400: "Bad Request", 404: "Not Found", 405: "Method Not Allowed", 409: "Conflict",
          413: "Payload Too Large", 415: "Unsupported Media Type", 422: "Unprocessable Content",
          500: "Internal Server Error", 503: "Service Unavailable"}
# The order methods are named in, in a 405's Allow header and message; others follow, sorted.
METHOD_ORDER = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")
# How much of a URL's query the log line of a failure keeps: enough to find the request again.
LOGGED_QUERY_CHARACTERS = 200
# What a logged URL keeps as it is: the rest (a line break, a space) is percent-encoded.
URL_CHARACTERS = "/:@!$&'()*+,;=~-._%"
# A dataset's API URL and its rows' (a 405 of either names it, `in_place_advice`).
API_DATASET = re.compile(f"/api/datasets/({NAME_REGEX})(?:/rows)?")
# Each kind of store error and the HTTP status that answers it.
# A workbook's refusals are WriteRejected too, of their own statuses: before it, as the first kind that fits answers.
STORE_STATUS = {DatasetNotFound: 404, DatasetUnreadable: 422, UnreadableWorkbook: 415, WorkbookTooBig: 413,
                UncalculatedFormula: 422, CellPastLastColumn: 422, WriteRejected: 400, DatasetConflict: 409,
                RowsOverLimit: 422, KeyReused: 422, StoreBusy: 503, StoreUnavailable: 503}


class EncodedBody(UnsupportedMediaType):
    """A 415 for a request body sent in a content coding (`Content-Encoding: gzip`), which the site
    does not decode (RFC 9110, 15.5.16): its answer names the one coding a body may come in, in an
    Accept-Encoding header (RFC 9110, 12.5.3; RFC 7694), as `with_accepted_encoding` adds it."""

    accept_encoding = "identity"


def with_accepted_encoding(response: Response, error: Exception) -> Response:
    """`response` to `error` with the Accept-Encoding an EncodedBody names: the API's error, or the
    form a browser's post is shown again in."""
    if isinstance(error, EncodedBody):
        response.headers["Accept-Encoding"] = error.accept_encoding
    return response


def with_form_refusal_headers(response: Response, error: Exception) -> Response:
    """`response`, a form's page shown again with `error`, with the headers the API's answer to it
    carries: the Accept-Encoding an EncodedBody names, and the Retry-After of a 503 that may pass (a
    store's full disk, a busy store), for a script that posts the form and retries."""
    with_accepted_encoding(response, error)
    if response.status_code == 503 and getattr(error, "retry_after", None):
        response.headers["Retry-After"] = str(error.retry_after)
    return response


def store_error_status(error: StoreError) -> int:
    """The HTTP status of a store error (500 for a kind this table does not know)."""
    for kind, status in STORE_STATUS.items():
        if isinstance(error, kind):
            return status
    return 500


def _api_details(error: Exception) -> dict[str, str] | None:
    """The part of an API write `error` refuses (its `field`, and a value's `column`), where the API
    marked it (`views.api.RefusedField`)."""
    return getattr(error, "api_details", None)


def register_error_handlers(app: Flask) -> None:
    """Answer SpecError, store errors and HTTP errors in the requested format; log and hide anything else."""

    @app.errorhandler(SpecError)
    def spec_error(error: SpecError):
        return error_response(error.status, TITLES.get(error.status, "Bad Request"), error.message, _api_details(error),
                              error_kind(error, error.status))

    @app.errorhandler(StoreError)
    def store_error(error: StoreError):
        status = store_error_status(error)
        response = error_response(status, TITLES.get(status, "Error"), error.message, _api_details(error),
                                  error_kind(error, status))
        if getattr(error, "retry_after", None):
            response.headers["Retry-After"] = str(error.retry_after)
        return response

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        status = error.code or 500
        description = error.description or error.name
        if isinstance(error, NotFound) and request.url_rule is None:
            description = unrouted(request.path)
        allowed = allowed_methods(error.valid_methods) if status == 405 and error.valid_methods else None
        if allowed:
            path = cut(request.script_root + request.path)
            description = f"{request.method} {path} is not allowed; allowed: {allowed}{in_place_advice()}"
        response = error_response(status, TITLES.get(status, error.name), description, _api_details(error),
                                  error_kind(error, status))
        if allowed:
            response.headers["Allow"] = allowed
        if getattr(error, "retry_after", None):
            response.headers["Retry-After"] = str(error.retry_after)
        with_accepted_encoding(response, error)
        if isinstance(error, RequestedRangeNotSatisfiable) and error.length is not None and response.status_code == 416:
            # RFC 9110 15.5.17: a 416 says the length the range missed (not on an errors=image 200).
            response.headers["Content-Range"] = f"{error.units} */{error.length}"
        return response

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        app.logger.exception("unhandled error: %s → 500", requested(), exc_info=error)
        rid = request.environ.get(REQUEST_ID)
        logged = f" under request id {rid}: quote it when you report this" if rid else ""
        return error_response(500, TITLES[500],
                              f"the server failed to answer this request; the failure was logged{logged}",
                              kind=error_kind(error, 500))


def in_place_advice() -> str:
    """For a PUT or PATCH of a dataset's API URL (a client that would replace, edit or rename it), the
    words that say how, which no method does in place; else "". Ends a 405's message."""
    named = API_DATASET.fullmatch(request.path)
    if request.method not in ("PUT", "PATCH") or named is None:
        return ""
    name = named[1]
    return (f". The API changes no dataset in place: POST /api/datasets/{name}/rows appends rows; to replace its "
            f"rows, delete it (DELETE /api/datasets/{name}) and create it again (POST /api/datasets) from all the "
            f"rows it should hold (those it holds now are at /datasets/{name}.csv); to rename it, create the new "
            f"one from those rows, then delete this one")


def requested() -> str:
    """The request's method and URL as a log line names them: 'GET /plot/animals.svg?y=bears'
    (`logged_url`)."""
    return f"{request.method} {logged_url()}"


def logged_url() -> str:
    """The request's URL as a log line names it: '/plot/animals.svg?y=bears', the path
    percent-encoded where it holds what would break the line, and the query cut to
    LOGGED_QUERY_CHARACTERS, a write token typed into it (`?token=…`, or after a `;` of its path,
    `/x;token=…`) written as `[hidden]`, as the access log writes its request line (`hidden_tokens`), and
    the query written as LOG_QUERIES says, its values hidden or none of it (`logged_queries`)."""
    path = hidden_tokens(quote(request.script_root + request.path, safe=URL_CHARACTERS))
    # Hidden before the cut: a cut through a token's value would leave its first characters.
    query = hidden_tokens(quote(request.query_string.decode("latin-1"), safe=URL_CHARACTERS + "?"))
    query = logged_query_string(query, current_app.config.get("LOG_QUERIES", "full"))
    return path + (f"?{cut(query, LOGGED_QUERY_CHARACTERS)}" if query else "")


def allowed_methods(methods: Iterable[str]) -> str:
    """The methods a URL takes, as a 405's Allow header and message name them: 'GET, HEAD, DELETE, OPTIONS'."""
    def place(method: str) -> tuple[int, str]:
        return (METHOD_ORDER.index(method) if method in METHOD_ORDER else len(METHOD_ORDER), method)

    return ", ".join(sorted(set(methods), key=place))


def allow_in_order(response: Response) -> Response:
    """`response` with its Allow header naming the methods as a 405's does (`allowed_methods`):
    Flask's own answer to OPTIONS names them in the order of a set, which changes from one process
    to the next, so that two instances would describe one URL in two ways. (An after-request hook.)"""
    allow = response.headers.get("Allow")
    if allow:
        response.headers["Allow"] = allowed_methods(method.strip() for method in allow.split(","))
    return response


def _chart_files(stem: str) -> str:
    """A chart's files under `stem`: '/plot/<dataset>.svg (or .png, .pdf), its rows in .json and .csv'."""
    first, *others = (f".{f.extension}" for f in FORMATS.values())
    return f"{stem}{first} (or {', '.join(others)}), its rows in .json and .csv"


# What the URLs of each part of the site are, for a 404 of a URL under it no route takes.
SECTION_URLS = {
    "d": ("a dashboard is /d/<dashboard> (its page), /d/<dashboard>.pdf (its report) and "
          "/d/<dashboard>/versions.json; a chart of it is /d/<dashboard>/<chart> (its page) and "
          + _chart_files("/d/<dashboard>/<chart>") + f"; names are {DASHBOARD_NAME_RULE}"),
    "plot": f"a chart of a dataset is {_chart_files('/plot/<dataset>')}; names are {NAME_RULE}",
    "datasets": ("a dataset is /datasets/<dataset> (its page), /datasets/<dataset>.csv and .json (its rows) and "
                 "/datasets/<dataset>/append (its append form); its charts are /plot/<dataset>.svg; "
                 f"names are {NAME_RULE}"),
    # A program calling the API mistyped a URL: the API's own URLs, not the pages' and charts'.
    "api": ("the API is /api/datasets (every dataset; POST creates one), /api/datasets/<dataset> (one; DELETE "
            "deletes it), /api/datasets/<dataset>/rows (POST appends rows) and /api/openapi.json (its description); "
            f"names are {NAME_RULE}"),
}


def unrouted(path: str) -> str:
    """What a 404 of a URL no route takes says: what the URLs of its part of the site look like (all
    the site's, for a path under none), and the path cut to SHOWN_CHARACTERS: a path of 100 KB would
    otherwise come back whole. A file's name followed by what no name holds (`animals.svg%3Fy%3DBear`)
    is told what that is and the URL meant."""
    file, tail = file_and_tail(path)
    if tail:
        return _misplaced_tail(file, tail)
    meant = _routed_in_lower_case(path) or _routed_without_full_stops(path) or _named_in_lower_case(path)
    if meant is not None:
        return meant
    part = path.strip("/").split("/")[0]
    section = SECTION_URLS.get(part)
    urls = (section if section is not None else
            f"dataset names are {NAME_RULE} (a dashboard's may begin with a digit too), and charts end in "
            f"{', '.join('.' + f.extension for f in FORMATS.values())}, their data in .json and .csv: "
            "/plot/<dataset>.svg, /d/<dashboard>, /datasets/<dataset>")
    return f"no page at {cut(path)}; {urls}; / lists every dashboard and dataset"


def url_meant_words(path: str, meant: str, url: str, why: str = "extensions are written in lower case") -> str:
    """What a 404 of `path` says of the URL meant, `url`, which differs from it as `why` says (by default
    an extension in capitals): `meant` (in words, "the URL meant is") and that URL."""
    return f"no page at {cut(path)}; {meant} {url} ({why})"


def _routed_in_lower_case(path: str) -> str | None:
    """What a 404 of `path`, its extension written otherwise than in lower case (/d/stations.PDF), says
    when a route takes it in lower case: the URL meant, when that is answered, else the 404 of the URL
    meant (no dashboard 'nosuch'), which a hint would only lead to; None for any other path."""
    stem, dot, extension = path.rpartition(".")
    if not dot or "/" in extension or extension == extension.lower():
        return None
    return _routed(path, f"{stem}.{extension.lower()}", "extensions are written in lower case")


def _routed_without_full_stops(path: str) -> str | None:
    """What a 404 of a page's `path` ending in dots (/d/animals.) says when a route takes it without
    them, as `_routed_in_lower_case` says it: the full stop of a sentence the URL was pasted at the
    end of, which no page's URL ends in (a file's is a tail, `file_and_tail`), and, where it has
    capitals, the URL meant in lower case (no URL of the site has any); None for any other path."""
    meant = path.rstrip(".")
    if meant == path or not meant.strip("/"):
        return None
    if meant != meant.lower():  # /d/Animals., /plot/animals.JSON.: the URL meant is in lower case too
        return _routed(path, meant.lower(), "no URL of the site ends in '.', and names and extensions are written in "
                       "lower case", written=meant)
    return _routed(path, meant, "no URL of the site ends in '.'")


def _named_in_lower_case(path: str) -> str | None:
    """What a 404 of `path`, naming a dataset, dashboard or chart in capitals (/plot/Animals.svg), says
    when a route takes it in lower case, as the names are written: the URL meant, where it names
    what there is, saying that its extension is in lower case too where it was not (/d/Stations.PDF),
    else the 404 of the name as written (no dataset 'Nosuch'), listing those there are; None for any
    other path."""
    meant = path.lower()
    if meant == path:
        return None
    file = path.rpartition("/")[2]
    extension = file.rpartition(".")[2] if "." in file else ""
    what = "dataset, dashboard and chart names and extensions" if extension != extension.lower() else (
        "dataset, dashboard and chart names")
    return _routed(path, meant, f"{what} are written in lower case", written=path)


def _routed(path: str, meant: str, why: str, written: str | None = None) -> str | None:
    """What a 404 of `path` says when a route takes `meant`, a path it differs from as `why` says: the
    URL meant, with the query as sent, when that is answered, else the 404 of the URL meant (no
    dashboard 'nosuch'), which a hint would only lead to, naming a name as `written` writes it (`meant`
    in capitals: no dashboard 'Nosuch'); None when no route takes `meant` either."""
    adapter = current_app.create_url_adapter(request)
    try:
        try:
            rule, names = adapter.match(meant, "GET", return_rule=True)
        except MethodNotAllowed:  # a URL only written to (an append's): meant as this request sends it
            rule, names = adapter.match(meant, request.method, return_rule=True)
    except HTTPException:
        return None
    try:
        find_path_names(rule.endpoint.rpartition(".")[0] or None, names,
                        names_as_written(rule.rule, written) if written is not None else None)
    except DatasetNotFound as missing:
        return missing.message
    except NotFound as missing:
        return missing.description
    query = request.query_string.decode("utf-8", "replace")
    return url_meant_words(path, "the URL meant is", cut(request.script_root + meant + (f"?{query}" if query else "")),
                           why)


def _misplaced_tail(file: str, tail: str) -> str:
    """Why `file` + `tail` names no file: what its tail starts with (as the URL was sent), and the URL
    meant. Most often an embed's ? percent-encoded, as %3F, by a URL escaped twice (a wiki's or an
    editor's link dialog encoding a URL given to it encoded), which leaves no query: all of it is
    the file's name."""
    extension = file.rpartition(".")[2]
    sent = request.environ.get("RAW_URI") or request.environ.get("REQUEST_URI") or quote(file + tail)
    # A name in capitals too (/plot/Animals.svg.): the URL meant is in lower case, as `_named_in_lower_case` says.
    lowered = " (dataset, dashboard and chart names are written in lower case)" if file != file.lower() else ""
    file = file.lower()
    shown = cut(sent.partition("?")[0])
    while tail.startswith("%") and unquote(tail) != tail:  # escaped more than twice: %253F
        tail = unquote(tail)
    first, rest = tail[0], tail[1:]
    escaped = quote(first, safe="")
    if escaped == first:  # a dot, which a URL may send either way
        escaped = f"%{ord(first):02X}"
    # A ?, a # or white space reaches a path only percent-encoded: a plain one ends it, or the request line.
    plain = first not in "?#" and not first.isspace() and escaped not in sent.upper()
    how = "as it is" if plain else f"percent-encoded, as {escaped}"
    if first == "?":
        query = quote(rest, safe="=&%+,:;/@!$'()*")
        return (f"no file at {shown}: after .{extension} comes a ? sent {how} (the URL was escaped twice), which "
                f"makes the query part of the file's name; send the ? itself: {cut(file + '?' + query)}{lowered}")
    if first in ";&":
        return (f"no file at {shown}: after .{extension} comes {quoted(tail)}; parameters follow a ?: "
                f"{cut(file + '?' + quote(rest, safe='=&%+,:;/@!$()*'))}{lowered}")
    what = "a space" if first == " " else quoted(first)
    return (f"no file at {shown}: after .{extension} comes {what}, sent {how}, which no file's name holds; "
            f"leave it and what follows out: {cut(file)}{lowered}")


def status_and_message(error: StoreError | HTTPException) -> tuple[int, str]:
    """The HTTP status and the message of a store or HTTP error, for a page that shows it itself."""
    if isinstance(error, StoreError):
        return store_error_status(error), error.message
    return error.code or 500, error.description or error.name
