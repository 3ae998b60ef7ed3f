"""Response headers and bodies for each kind of answer: charts, data, pages, errors."""
from __future__ import annotations

import json
import re
import string
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from flask import Response, current_app, render_template, request
from flask.globals import request_ctx

from plots import FORMATS, error_svg
from plots.text import python_escaped

from .cache import Rendered, key_dataset
from .compression import ETAG_SUFFIX, chosen_encoding, sent_as_is
from .conditional_requests import conditional
from .error_image_looks import asked_query, drawn_as_image, error_size, error_theme

SVG_TYPE = "image/svg+xml; charset=utf-8"
CSV_TYPE = "text/csv; charset=utf-8"
# The Content-Type of each media type whose answers say their character set.
CONTENT_TYPES = {"image/svg+xml": SVG_TYPE, "text/csv": CSV_TYPE}
# How a data file is offered, as a chart format's `disposition` says it of its files.
DATA_DISPOSITIONS = {"text/csv": "inline"}
# The chart formats whose errors come as an image (`answers_errors_as_images`).
IMAGE_EXTENSIONS = frozenset(f.extension for f in FORMATS.values() if f.media_type.startswith("image/"))
# Every chart format's extension (an unknown one's error is still a file URL's: `error_response`).
CHART_EXTENSIONS = frozenset(f.extension for f in FORMATS.values())
CHART_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; sandbox"
PAGE_CSP = (
    "default-src 'none'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
# A year: a URL whose `v` pins the current version names bytes that never change.
IMMUTABLE = "public, max-age=31536000, immutable"


@dataclass(frozen=True)
class VersionPin:
    """What a chart URL's `v` names (`views.chart_versions.pinned_version`): its data version, and whether its
    digest vouches that this store and release draw that version's bytes (`vouched`)."""

    version: str
    vouched: bool


# Where a request the layer ahead of Flask passes on carries its `FastHits.generation` as it began.
FASTHITS_GENERATION = "svgplots.fasthits.generation"


@dataclass(frozen=True)
class HitRoute:
    """What a chart URL draws and how it is served: its render-cache key, whole, its media type and
    the data version its `v` pins (the rest of what `chart_headers` takes comes with the request).

    The key holds the dataset and the version the URL's spec was read against: what a URL draws
    depends on the dataset's columns (the default y is every number column), which a new version
    may change (a data-folder file gains a column, a dataset is deleted and made again), so a
    route holds for that version only. A new version is a render-cache miss anyway, routed and
    remembered again.
    """

    key: tuple  # a render-cache key (`cache.cache_key`)
    mimetype: str
    pinned_version: VersionPin | None

    @property
    def dataset(self) -> str:
        return key_dataset(self.key)


def sent_encoding(rendered: Rendered, accept_encoding: str | None) -> str | None:
    """The content encoding to send `rendered` in: the one Accept-Encoding prefers of those it was
    compressed in when cached; None for the plain bytes (a PNG, say, is kept in none)."""
    return chosen_encoding(accept_encoding) if rendered.encoded else None


def chart_headers(rendered: Rendered, mimetype: str, encoding: str | None, pinned_version: VersionPin | None,
                  max_age: int, filename: str = "",
                  fresh_for: int | None = None) -> tuple[bytes, list[tuple[str, str]]]:
    """The body and every header of a chart (or its data's) answer, the same whichever path serves it.

    `encoding` is the content encoding to send (`sent_encoding`; None: the plain bytes); how long
    caches may keep the answer is `cache_control`'s. A file that is a document to keep (a format's
    `disposition`, say PDF, or a CSV's) is offered as `filename` (`file_name` of the URL's path).
    """
    if encoding is None:
        body, etag = rendered.body, rendered.etag
    else:
        # Compressed when it was cached: a hit does no compression work.
        body, etag = rendered.encoded[encoding], rendered.etag + ETAG_SUFFIX[encoding]
    return body, _file_headers(mimetype, etag, cache_control(rendered, pinned_version, max_age, fresh_for),
                               encoding, filename, len(body))


def _file_headers(mimetype: str, etag: str, caching: str, encoding: str | None, filename: str,
                  size: int | None = None) -> list[tuple[str, str]]:
    """Every header of a chart's (or data's) answer: its type, its size (None: not known before it is
    written), its ETag and Cache-Control (`caching`), then its Content-Disposition, Content-Encoding,
    Vary and security headers."""
    headers = [("Content-Type", CONTENT_TYPES.get(mimetype, mimetype))]
    if size is not None:
        headers.append(("Content-Length", str(size)))
    headers += [("ETag", f'"{etag}"'), ("Cache-Control", caching)]
    disposition = DATA_DISPOSITIONS.get(mimetype) or next(
        (f.disposition for f in FORMATS.values() if f.media_type == mimetype), None)
    if disposition and filename:
        headers.append(("Content-Disposition", f'{disposition}; filename="{filename}"'))
    if encoding is not None:
        headers.append(("Content-Encoding", encoding))
    # As `compress_response` marks every answer with a body: what a client that refuses the plain
    # bytes gets is compressed, whatever its type.
    headers.append(("Vary", "Accept-Encoding"))
    headers += [(name, value) for name, value in SECURITY_HEADERS[mimetype]]
    return headers


def cache_control(rendered: Rendered, pinned_version: VersionPin | None, max_age: int,
                  fresh_for: int | None = None) -> str:
    """The Cache-Control of a chart (or report) answer: the fewest seconds any of its limits allows.

    Only a URL whose `v` vouches for the version the bytes were drawn from (`pinned_version`) may
    be kept for good; one whose `v` names a version ahead of it not at all (so that an embed written
    for a version to come shows it once it is there); any other URL at most `max_age` (the setting
    for unversioned charts), since its data may change at any time. Whatever `v` says, no longer
    than the bytes' own `max_age` (a source dataset's `cache_seconds`, whose version may not see
    every change; 0 for a report drawn while a source was down) nor than `fresh_for`, the seconds a
    range relative to now stays right.
    """
    limits = [seconds for seconds in (rendered.max_age, fresh_for) if seconds is not None]
    if pinned_version is not None and version_ahead(pinned_version.version, rendered.version):
        limits.append(0)
    elif pinned_version is None or not pinned_version.vouched or pinned_version.version != rendered.version:
        limits.append(max_age)
    elif not limits:
        return IMMUTABLE
    seconds = min(limits)
    return f"public, max-age={seconds}, must-revalidate" if seconds else "public, no-cache"


def version_ahead(asked: str, current: str | None) -> bool:
    """Whether data version `asked` comes after `current`: of the database's versions, numbers that
    only grow. A hash (a file's, a source's) of only digits reads as one too, rarely: its `v`, not
    current, is then not cached at all rather than for CHART_MAX_AGE."""
    return current is not None and asked.isdigit() and current.isdigit() and int(asked) > int(current)


def file_name(path: str) -> str:
    """The file a chart URL's path names, its last part: `/d/animals/bears.pdf` -> `bears.pdf`.

    Every part of a chart URL is a name of letters, digits, `-` and `_` or an extension, so it
    needs no quoting in a header.
    """
    return path.rpartition("/")[2]


def chart_response(rendered: Rendered, mimetype: str, pinned_version: VersionPin | None,
                   fresh_for: int | None = None) -> Response:
    """A chart (or its data) with its ETag (answering 304 to a matching If-None-Match) and caching
    headers; the layer ahead of Flask answers the URL's next cache hits (`remember_hit`).

    `pinned_version`: what the URL's `v` pins, if any; `fresh_for`: for an answer drawn
    over a range relative to now, the seconds it stays right (see `cache_control`).
    """
    encoding = sent_encoding(rendered, request.headers.get("Accept-Encoding"))
    body, headers = chart_headers(rendered, mimetype, encoding, pinned_version, current_app.config["CHART_MAX_AGE"],
                                  file_name(request.path), fresh_for)
    if fresh_for is None:  # over a range relative to now: never replayed, as its Cache-Control moves on
        remember_hit(rendered, mimetype, pinned_version)
    response = Response(body, headers=headers)
    if not rendered.encoded:  # its bytes are sent as they were kept, as the layer ahead of Flask sends them
        sent_as_is(response)
    return conditional(response)


def remember_hit(rendered: Rendered, mimetype: str, pinned_version: VersionPin | None) -> None:
    """Let the layer ahead of Flask (`FastHits`) answer this URL itself while `rendered.key`, the
    render-cache key the request asked for, holds; nothing for bytes no key names (a report), nor
    for a request begun before the layer forgot its routes (`FastHits.generation`)."""
    fast = current_app.extensions.get("svgplots.fasthits")
    if fast is not None and rendered.key is not None:
        environ = request.environ
        fast.remember(environ.get("PATH_INFO", ""), environ.get("QUERY_STRING", ""),
                      HitRoute(rendered.key, mimetype, pinned_version), environ.get(FASTHITS_GENERATION))


def streamed_response(begin: Callable[[], Iterable[bytes]], unwritten: Rendered, mimetype: str,
                      pinned_version: VersionPin | None) -> Response:
    """A data file written as it is sent, a piece at a time, with the headers `chart_response` gives
    it but its size, which is not known before it is written: `unwritten` holds its ETag, version
    and max_age, and no bytes. `compression.compress_response` compresses the pieces as they go.

    `begin()` gives the pieces, having read what the first is written from. It is called here, before
    the answer leaves the view, so that a failure to begin (the dataset deleted since, its database
    down) is answered as any other read's, with its status in the URL's format; and only for an
    answer that sends a body: a HEAD, or a 304 to an If-None-Match naming the ETag it would go out
    with (the compressed file's when it goes out compressed: `conditional_requests.conditional`), reads
    nothing. Pieces that cannot go on raise, after the headers: the server then closes the
    connection before the body's end, so that the client sees it cut short (a status could no
    longer say so)."""
    caching = cache_control(unwritten, pinned_version, current_app.config["CHART_MAX_AGE"])
    # No body yet: an iterator, not a sequence, so that it is streamed (and compressed) as the body begun below.
    response = Response(iter(()), headers=_file_headers(mimetype, unwritten.etag, caching, None,
                                                        file_name(request.path)))
    # Its size is not known before it is written: nothing may count it by writing it all into memory.
    response.automatically_set_content_length = False
    response = conditional(response)
    if response.status_code == 200 and request.method != "HEAD":
        response.response = begin()
    return response


def json_text(payload: Any) -> str:
    """`payload` as the JSON text of the site's answers (no NaN; what JSON cannot hold as its text)."""
    return json.dumps(payload, ensure_ascii=False, allow_nan=False, default=str)


def json_response(payload: Any, status: int = 200) -> Response:
    """JSON with an explicit UTF-8 content type."""
    return Response(json_text(payload) + "\n", status=status, mimetype="application/json")


def answers_errors_as_images() -> bool:
    """Whether the requested URL answers an error as an image (an SVG or a PNG chart's, whose <img>
    then explains itself), where `errors=image` makes that image a 200; any other URL answers as usual."""
    return url_extension(file_and_tail(request.path)[0]) in IMAGE_EXTENSIONS


def error_response(status: int, title: str, message: str) -> Response:
    """An error in the shape the requested URL's format calls for: the format of the file its path
    names, before any tail no file's name holds (`/plot/animals.svg%3Fy%3DBear` is an SVG's)."""
    path, tail = file_and_tail(request.path)
    extension = url_extension(path)
    if extension in IMAGE_EXTENSIONS:  # `answers_errors_as_images`, from the path already split
        # An image URL answers with an image that shows the message (an <img> then explains itself).
        asked = asked_query(tail)
        width, height = error_size(asked)
        # errors=image: as a 200, for hosts whose image proxies drop images that come with a 4xx. Only
        # errors given once asks for it: given twice in any order (`errors=&errors=image`), it is
        # refused, and that refusal is the usual error answer, as `errors=image&errors=image`'s is.
        as_image = asked.getlist("errors") == ["image"] and drawn_as_image(status)
        svg = error_svg(status, title, message, width, height, error_theme(asked, extension))
        response = Response(svg, status=200 if as_image else status)
        response.headers["Content-Type"] = SVG_TYPE
        response.headers["Cache-Control"] = "no-store"
        if as_image:
            response.headers["X-Chart-Error"] = header_text(f"{status} {message}")
            response.headers["Access-Control-Expose-Headers"] = f"X-Chart-Error, {EXPOSED}"
        return response
    if path in PLAIN_TEXT_PATHS:
        # A script or a load balancer reads the health check, its refusals as its `ok` and `not ok`;
        # a crawler reads robots.txt.
        return Response(f"{status} {title}: {message}\n", status=status, mimetype="text/plain",
                        headers={"Cache-Control": "no-store"})
    if path.endswith(".json") or api_url(path):
        response = json_response({"ok": False, "status": status, "title": title, "error": message}, status)
        response.headers["Cache-Control"] = "no-store"
        return response
    if path.endswith(".csv") or extension in CHART_EXTENSIONS or file_url():
        # The data and chart answers' cross-origin headers (a script of another site reads why
        # its CSV failed, or that no chart comes as .gif), and never kept by a cache, as JSON and
        # image errors.
        response = Response(f"{status} {title}: {message}\n", status=status, mimetype="text/plain",
                            headers=DATA_SECURITY)
        response.headers["Cache-Control"] = "no-store"
        return response
    if request_ctx.url_adapter is None:
        # A Host that TRUSTED_HOSTS does not name: no URL, a page's stylesheet's among them, can be built.
        return Response(f"{status} {title}: {message}\n", status=status, mimetype="text/plain",
                        headers={"Cache-Control": "no-store"})
    html = render_template("error.html", status=status, title=title, message=message)
    return Response(html, status=status, mimetype="text/html")


# The health check's path, and the paths whose answers, errors among them, are plain text
# (views.health, views.robots).
HEALTH_PATH = "/healthz"
PLAIN_TEXT_PATHS = (HEALTH_PATH, "/robots.txt")


def api_url(path: str) -> bool:
    """Whether `path` is the API's: /api itself or a URL under it (not /apis)."""
    return path == "/api" or path.startswith("/api/")


def file_url(path: str | None = None) -> bool:
    """Whether the request asks for a file of a chart, a dashboard or a dataset, whatever extension it
    ends in: one routed to a chart's file, whose route takes any (`<extension:fmt>`) and whose view
    refuses one no format has (/plot/animals.gif); or one under their paths that no route takes
    (/d/weather.gif, /datasets/animals.gif; `path`: the request's, or the one it stands for)."""
    rule = request.url_rule
    if rule is not None:
        return ".<extension:" in rule.rule
    path = request.path if path is None else path
    return path.startswith(FILE_PATHS) and url_extension(path) != ""


def slashes_merged(path: str) -> str:
    """`path` as the URL it redirects to for a slash too many: without repeated slashes, nor one at
    its end (but for `/` itself)."""
    return re.sub(r"/{2,}", "/", path).rstrip("/") or "/"


# Where the files of charts, dashboards and datasets are.
FILE_PATHS = ("/d/", "/plot/", "/datasets/")


def url_extension(path: str) -> str:
    """The extension of the file a URL's path names ("" for none)."""
    last = file_name(path)
    return last.rpartition(".")[2] if "." in last else ""


# What the paths of the site's files are written with; any other character after a file's name is a
# tail no file has (a query whose ? came percent-encoded, a space pasted with the URL, a `;v=1`).
PATH_CHARACTERS = frozenset(string.ascii_letters + string.digits + "-_.~/")


def file_and_tail(path: str) -> tuple[str, str]:
    """`path` split into the file it names and what follows that no file's name holds, where a
    chart's or data file's extension comes before it: `/plot/animals.svg?y=Bear` (its ? sent as
    %3F) -> ("/plot/animals.svg", "?y=Bear"); any other path -> (path, "")."""
    end = next((i for i, ch in enumerate(path) if ch not in PATH_CHARACTERS), len(path))
    if end < len(path) and url_extension(path[:end]) in FILE_EXTENSIONS:
        return path[:end], path[end:]
    return path, ""


def header_text(text: str, limit: int = 500) -> str:
    """`text` as a header value: its printable ASCII as it is, a backslash too, and each character a
    header cannot carry escaped as a Python string writes it (`\\t`, `\\xe9`, `\\u20ac`,
    `\\U0001f600`), as a message escapes what a reader cannot see; a message doubles the backslash of a
    name or value it quotes (`listed_value`: 'a\\\\u20ac', apart from 'a\\u20ac', the euro sign), so a
    name reads in the header as in the message. At most `limit` characters (proxies limit headers' size)."""
    escaped = "".join(map(_header_character, text))
    if len(escaped) <= limit:
        return escaped
    pieces, size = [], 0
    for ch in text:  # cut between characters, never inside an escape
        piece = _header_character(ch)
        if size + len(piece) > limit - 3:
            break
        pieces.append(piece)
        size += len(piece)
    return "".join(pieces) + "..."


def _header_character(ch: str) -> str:
    """`ch` as `header_text` writes it: printable ASCII as it is, any other character escaped."""
    return ch if " " <= ch <= "~" else python_escaped(ch)


# What a script of another site reads of a chart's or data file's answer beyond the headers every
# answer shows it: its ETag, to revalidate what it keeps with If-None-Match.
EXPOSED = "ETag"
# Any site may fetch charts and their data, and read their ETag to revalidate them.
CROSS_ORIGIN = (("Cross-Origin-Resource-Policy", "cross-origin"), ("Access-Control-Allow-Origin", "*"),
                ("Access-Control-Expose-Headers", EXPOSED))
CHART_SECURITY = (("X-Content-Type-Options", "nosniff"), ("Content-Security-Policy", CHART_CSP), *CROSS_ORIGIN)
DATA_SECURITY = (("X-Content-Type-Options", "nosniff"),
                 ("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'; sandbox"), *CROSS_ORIGIN)
# No CSP sandbox for PDFs: it keeps browsers' own PDF viewers from showing them.
PDF_SECURITY = (("X-Content-Type-Options", "nosniff"), *CROSS_ORIGIN)
PAGE_SECURITY = (("X-Content-Type-Options", "nosniff"), ("Content-Security-Policy", PAGE_CSP),
                 ("Referrer-Policy", "same-origin"), ("X-Frame-Options", "DENY"))
# The headers every response carries, by media type (others: nosniff only).
SECURITY_HEADERS = defaultdict(lambda: (("X-Content-Type-Options", "nosniff"),), {
    "image/svg+xml": CHART_SECURITY, "image/png": CHART_SECURITY, "text/html": PAGE_SECURITY,
    "application/json": DATA_SECURITY, "text/csv": DATA_SECURITY, "application/pdf": PDF_SECURITY,
})


def add_security_headers(response: Response) -> Response:
    """Headers every response carries, chosen by what it is; a redirect of a chart's, report's or
    data file's URL with a slash too many carries their cross-origin headers too."""
    for name, value in SECURITY_HEADERS[response.mimetype or ""]:
        response.headers.setdefault(name, value)
    if response.status_code in REDIRECTS and response.location and _redirects_a_file():
        _as_a_file_redirect(response)
    return response


REDIRECTS = frozenset({301, 302, 303, 307, 308})
# A redirect to a file's URL follows from the site's URL rules, not its data: kept an hour, so that
# one a new version of the site no longer makes does not outlive it for long.
REDIRECT_CACHING = "public, max-age=3600"


def _redirects_a_file() -> bool:
    """Whether the request, redirected, asks for a chart, report or data file (/plot/animals.svg/)."""
    path = slashes_merged(request.path)
    return not api_url(path) and (url_extension(path) in FILE_EXTENSIONS or file_url(path))


def _as_a_file_redirect(response: Response) -> None:
    """`response`, a redirect of a file's URL, with the headers of the file's answers that a page of
    another site needs to follow it (a fetch() of it fails without them) and a bounded Cache-Control."""
    for name, value in CROSS_ORIGIN:
        response.headers[name] = value
    response.headers["Cache-Control"] = REDIRECT_CACHING


# The files other sites may fetch (and preflight, `options_answers`): charts, reports and the data behind them.
FILE_EXTENSIONS = frozenset({f.extension for f in FORMATS.values()} | {"json", "csv"})
