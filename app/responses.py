"""Response headers and bodies for each kind of answer but a chart's, its data's or a report's
(`chart_responses`): JSON, errors in the shape a URL's format calls for, and the security headers
every answer carries."""
from __future__ import annotations

import json
import re
import string
from collections import defaultdict
from typing import Any

from flask import Response, current_app, render_template, request
from flask.globals import request_ctx

from plots import FORMATS, error_png, error_svg
from plots.text import python_escaped

from .error_image_looks import asked_query, drawn_as_image, error_scale, error_size, error_theme, errors_mode

SVG_TYPE = "image/svg+xml; charset=utf-8"
CSV_TYPE = "text/csv; charset=utf-8"
# The chart formats whose errors come as an image (`answers_errors_as_images`).
IMAGE_EXTENSIONS = frozenset(f.extension for f in FORMATS.values() if f.media_type.startswith("image/"))
# Every chart format's extension (an unknown one's error is still a file URL's: `error_response`).
CHART_EXTENSIONS = frozenset(f.extension for f in FORMATS.values())
CHART_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; sandbox"
PAGE_CSP = (
    "default-src 'none'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)


def file_name(path: str) -> str:
    """The file a chart URL's path names, its last part: `/d/animals/bears.pdf` -> `bears.pdf`.

    Every part of a chart URL is a name of letters, digits, `-` and `_` or an extension, so it
    needs no quoting in a header.
    """
    return path.rpartition("/")[2]


# The names Windows keeps for devices, whatever their case or extension (`con.csv` opens the console):
# a file of such a name cannot be saved there. Every other name of the site's name rule can.
DEVICE_NAMES = re.compile(r"(con|prn|aux|nul|com[0-9]|lpt[0-9])(\.|$)", re.IGNORECASE)


def saved_file_name(name: str) -> str:
    """`name`, a file's name of the site's name rule and an extension, as a file is saved under it on
    every system: one Windows keeps for a device given `_` after its stem (`con.csv` -> `con_.csv`)."""
    found = DEVICE_NAMES.match(name)
    return name if found is None else found[1] + "_" + name[found.end(1):]


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


def error_response(status: int, title: str, message: str, details: dict[str, str] | None = None,
                   kind: str | None = None) -> Response:
    """An error in the shape the requested URL's format calls for: the format of the file its path
    names, before any tail no file's name holds (`/plot/animals.svg%3Fy%3DBear` is an SVG's).
    `details`: the part of an API write the refusal is about, which its JSON names after the error
    (`field`, and `column`: `views.api.RefusedField`); `kind`: the kind of failure it is, for a
    program, in its X-Chart-Error-Kind header (`error_kinds`), which any origin may read."""
    response = _error_answer(status, title, message, details)
    if kind is not None:
        response.headers["X-Chart-Error-Kind"] = kind
        exposed = response.headers.get("Access-Control-Expose-Headers")
        if exposed:  # after X-Chart-Error, where it is named
            names = exposed.split(", ")
            names.insert(1 if names[0] == "X-Chart-Error" else 0, "X-Chart-Error-Kind")
            response.headers["Access-Control-Expose-Headers"] = ", ".join(names)
    return response


def _error_answer(status: int, title: str, message: str, details: dict[str, str] | None) -> Response:
    """The answer `error_response` gives, but its kind."""
    path, tail = file_and_tail(request.path)
    extension = url_extension(path)
    if extension in IMAGE_EXTENSIONS:  # `answers_errors_as_images`, from the path already split
        # An image URL answers with an image that shows the message (an <img> then explains itself).
        asked = asked_query(tail)
        width, height = error_size(asked)
        # errors=image: as a 200, for hosts whose image proxies drop images that come with a 4xx. Only
        # errors given once asks for it: given twice in any order (`errors=&errors=image`), it is
        # refused, and that refusal is the usual error answer, as `errors=image&errors=image`'s is.
        modes = asked.getlist("errors")
        as_image = len(modes) == 1 and errors_mode(modes[0]) == "image" and drawn_as_image(status)
        theme = error_theme(asked, extension)
        if extension == "png":  # an e-mail client shows no SVG: a PNG URL's error is a PNG of the same drawing
            body = error_png(status, title, message, width, height, theme, error_scale(asked))
        else:
            body = error_svg(status, title, message, width, height, theme)
        response = Response(body, status=200 if as_image else status)
        response.headers["Content-Type"] = "image/png" if extension == "png" else SVG_TYPE
        response.headers["Cache-Control"] = "no-store"
        if as_image:
            response.headers["X-Chart-Error"] = header_text(f"{status} {message}")
            response.headers["Access-Control-Expose-Headers"] = f"X-Chart-Error, {EXPOSED}"
        return response
    if path in PLAIN_TEXT_PATHS or SITEMAP_FILE_PATH.fullmatch(path):
        # A script or a load balancer reads the health check, its refusals as its `ok` and `not ok`;
        # a crawler reads robots.txt and the sitemap.
        return Response(f"{status} {title}: {message}\n", status=status, mimetype="text/plain",
                        headers={"Cache-Control": "no-store"})
    if path.endswith(".json") or api_url(path):
        body = {"ok": False, "status": status, "title": title, "error": message}
        response = json_response({**body, **(details or {})}, status)
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
# (views.health, views.robots, views.search_engines' sitemap and its files, whose reader is a crawler too).
HEALTH_PATH = "/healthz"
PLAIN_TEXT_PATHS = (HEALTH_PATH, "/robots.txt", "/sitemap.xml")
SITEMAP_FILE_PATH = re.compile(r"/sitemap-[^/]*\.xml")


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
    %3F) -> ("/plot/animals.svg", "?y=Bear"); any other path -> (path, "").

    Dots right after the extension are tail too (`/plot/animals.svg.`, `…svg.)`): the full stop of
    a sentence a URL was pasted in, which no file's name ends in."""
    end = next((i for i, ch in enumerate(path) if ch not in PATH_CHARACTERS), len(path))
    file = path[:end].rstrip(".")
    if len(file) < len(path) and url_extension(file) in FILE_EXTENSIONS:
        return file, path[len(file):]
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
# Features of a browser no page of the site uses, turned off for it: a script there can never ask for the
# camera or the reader's place, nor join the browser's ad-interest topics (Chromium's Topics, once FLoC).
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()"
PAGE_SECURITY = (("X-Content-Type-Options", "nosniff"), ("Content-Security-Policy", PAGE_CSP),
                 ("Referrer-Policy", "same-origin"), ("X-Frame-Options", "DENY"),
                 ("Permissions-Policy", PERMISSIONS_POLICY))
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


# The request headers whose values PROXIES believes that a page's links and embed snippets, and a
# redirect's Location, are built on: its host, scheme and the path the site is served under.
FORWARDED_HEADERS = ("X-Forwarded-Host", "X-Forwarded-Proto", "X-Forwarded-Prefix")


def mark_built_on_the_request(response: Response) -> Response:
    """`response` marked for caches where it is built on the request's host, scheme and the path the
    site is served under: a page (HTML, not a redirect), its links and embed snippets, and a redirect,
    its Location, and an answer of the API, the URLs it names. A page or an API read that sets no
    Cache-Control gets `no-cache`, so that a shared cache asks the site (by the ETag of its bytes)
    before it hands one on, and a reader sees a write at once; an API write's answer, its writer's
    alone, `no-store`, as does a page of an error (a 404, or a form shown again with its refusal), as
    an error of any other format does: the next request may well be answered. Behind proxies
    (PROXIES), all of them Vary on the forwarded headers, so that no cache hands an answer built on
    one client's to another."""
    redirect = response.status_code in REDIRECTS
    page = response.mimetype == "text/html" and not redirect
    api = api_url(request.path) and not redirect
    if "Cache-Control" not in response.headers:
        if page and response.status_code >= 400:
            response.headers["Cache-Control"] = "no-store"
        elif page or (api and request.method in ("GET", "HEAD")):
            response.headers["Cache-Control"] = "no-cache"
        elif api and request.method != "OPTIONS":
            response.headers["Cache-Control"] = "no-store"
    if (page or api or redirect) and current_app.config["PROXIES"]:
        for name in FORWARDED_HEADERS:
            response.vary.add(name)
    return response


REDIRECTS = frozenset({301, 302, 303, 307, 308})
# A redirect of a URL with a slash too many, a page's, a file's or the API's (`redirects`), follows from
# the site's URL rules, not its data: kept an hour, so that one a new version of the site no longer makes
# does not outlive it for long (a browser keeps a 308 without a Cache-Control for good).
REDIRECT_CACHING = "public, max-age=3600"


def _redirects_a_file() -> bool:
    """Whether the request, redirected, asks for a chart, report or data file (/plot/animals.svg/)."""
    path = slashes_merged(request.path)
    return not api_url(path) and (url_extension(path) in FILE_EXTENSIONS or file_url(path))


def _as_a_file_redirect(response: Response) -> None:
    """`response`, a redirect of a file's URL, with the headers of the file's answers that a page of
    another site needs to follow it (a fetch() of it fails without them)."""
    for name, value in CROSS_ORIGIN:
        response.headers[name] = value


# The files other sites may fetch (and preflight, `options_answers`): charts, reports and the data behind them.
FILE_EXTENSIONS = frozenset({f.extension for f in FORMATS.values()} | {"json", "csv"})
