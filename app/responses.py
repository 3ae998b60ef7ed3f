"""Response headers and bodies for each kind of answer: charts, data, pages, errors."""
from __future__ import annotations

import json
import string
from collections import defaultdict
from typing import Any
from urllib.parse import quote

from flask import Response, current_app, render_template, request

from plots import FORMATS, ChartSpec, error_svg

from .cache import Rendered
from .compression import ETAG_SUFFIX, chosen_encoding

SVG_TYPE = "image/svg+xml; charset=utf-8"
CHART_CSP = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
PAGE_CSP = (
    "default-src 'none'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
# Printable ASCII but "%", which starts an escape.
HEADER_SAFE = "".join(ch for ch in string.printable if ch.isprintable() and ch != "%")
# A year: a URL carrying the current data version names bytes that never change.
IMMUTABLE = "public, max-age=31536000, immutable"


def chart_headers(rendered: Rendered, mimetype: str, encoding: str | None, pinned_version: str | None,
                  max_age: int, filename: str = "") -> tuple[bytes, list[tuple[str, str]]]:
    """The body and every header of a chart answer, the same whichever path serves it.

    `encoding` is the chosen content encoding (None: the plain bytes); only a URL whose `v`
    (`pinned_version`) is the version the bytes were drawn from may be cached for good, and not even
    then a chart of a source dataset, whose version may not see every change: it may be reused for
    at most its `max_age`. A format that is a document to keep (its `disposition`, say PDF) is offered as `filename` (`file_name`
    of the URL's path).
    """
    if encoding is None:
        body, etag = rendered.body, rendered.etag
    else:
        # Compressed when it was cached: a hit does no compression work.
        body, etag = rendered.encoded[encoding], rendered.etag + ETAG_SUFFIX[encoding]
    if rendered.max_age is not None:
        max_age = rendered.max_age if pinned_version == rendered.version else min(max_age, rendered.max_age)
    if pinned_version == rendered.version and rendered.max_age is None:
        cache_control = IMMUTABLE
    else:
        cache_control = f"public, max-age={max_age}, must-revalidate" if max_age else "public, no-cache"
    headers = [("Content-Type", SVG_TYPE if mimetype == "image/svg+xml" else mimetype),
               ("Content-Length", str(len(body))), ("ETag", f'"{etag}"'), ("Cache-Control", cache_control)]
    disposition = next((f.disposition for f in FORMATS.values() if f.media_type == mimetype), None)
    if disposition and filename:
        headers.append(("Content-Disposition", f'{disposition}; filename="{filename}"'))
    if encoding is not None:
        headers.append(("Content-Encoding", encoding))
    if rendered.encoded:
        headers.append(("Vary", "Accept-Encoding"))
    headers += [(name, value) for name, value in SECURITY_HEADERS[mimetype]]
    return body, headers


def file_name(path: str) -> str:
    """The file a chart URL's path names, its last part: `/d/animals/bears.pdf` -> `bears.pdf`.

    Every part of a chart URL is a name of letters, digits, `-` and `_` or an extension, so it
    needs no quoting in a header.
    """
    return path.rpartition("/")[2]


def chart_response(rendered: Rendered, mimetype: str, fresh_for: int | None = None) -> Response:
    """A chart with its ETag (answering 304 to a matching If-None-Match) and caching headers.

    `fresh_for`: for an answer drawn over a range relative to now, the seconds it stays right; it
    may then be cached for so long only, never for good (whatever `v` says).
    """
    encoding = chosen_encoding(request.headers.get("Accept-Encoding")) if rendered.encoded else None
    body, headers = chart_headers(rendered, mimetype, encoding, request.args.get("v"),
                                  current_app.config["CHART_MAX_AGE"], file_name(request.path))
    response = Response(body, headers=headers)
    if fresh_for is not None:
        response.headers["Cache-Control"] = f"public, max-age={fresh_for}"
    if request.if_none_match or request.if_modified_since or request.if_match or request.range:
        return response.make_conditional(request)
    return response  # a plain GET: skip the conditional machinery on the hot path


def json_response(payload: Any, status: int = 200) -> Response:
    """JSON with an explicit UTF-8 content type."""
    body = json.dumps(payload, ensure_ascii=False, allow_nan=False, default=str)
    return Response(body + "\n", status=status, mimetype="application/json")


def error_response(status: int, title: str, message: str) -> Response:
    """An error in the shape the requested URL's format calls for."""
    path = request.path
    extension = path.rpartition(".")[2] if "." in path.rpartition("/")[2] else ""
    image_extensions = {f.extension for f in FORMATS.values() if f.media_type.startswith("image/")}
    if extension in image_extensions:
        # An image URL answers with an image that shows the message (an <img> then explains itself).
        width, height = _error_size()
        # errors=image: as a 200, for hosts whose image proxies drop images that come with a 4xx.
        as_image = request.args.getlist("errors") == ["image"]
        response = Response(error_svg(status, title, message, width, height), status=200 if as_image else status)
        response.headers["Content-Type"] = SVG_TYPE
        response.headers["Cache-Control"] = "no-store"
        if as_image:
            response.headers["X-Chart-Error"] = header_text(f"{status} {message}")
            response.headers["Access-Control-Expose-Headers"] = "X-Chart-Error"
        return response
    if path.endswith(".json") or path.startswith("/api/"):
        response = json_response({"ok": False, "status": status, "title": title, "error": message}, status)
        response.headers["Cache-Control"] = "no-store"
        return response
    if path.endswith(".csv") or extension in {f.extension for f in FORMATS.values()}:
        return Response(f"{status} {title}: {message}\n", status=status, mimetype="text/plain")
    html = render_template("error.html", status=status, title=title, message=message)
    return Response(html, status=status, mimetype="text/html")


def header_text(text: str, limit: int = 500) -> str:
    """`text` as a header value: printable ASCII, anything else (and %) percent-encoded, at most
    `limit` characters (proxies limit the size of a response's headers)."""
    encoded = quote(text, safe=HEADER_SAFE)
    if len(encoded) <= limit:
        return encoded
    pieces, size = [], 0
    for ch in text:  # cut between characters, never inside an escape
        piece = quote(ch, safe=HEADER_SAFE)
        if size + len(piece) > limit - 3:
            break
        pieces.append(piece)
        size += len(piece)
    return "".join(pieces) + "..."


def _error_size() -> tuple[int, int]:
    """The size the failed chart asked for, so the error fills the same box on the page."""
    limits = current_app.config["LIMITS"]
    sizes = []
    for name in ("width", "height"):
        raw = request.args.get(name, "")
        valid = raw.isascii() and raw.isdigit() and limits.min_size <= int(raw) <= limits.max_size
        sizes.append(int(raw) if valid else getattr(ChartSpec, name))
    return sizes[0], sizes[1]


CHART_SECURITY = (("X-Content-Type-Options", "nosniff"), ("Content-Security-Policy", CHART_CSP),
                  ("Cross-Origin-Resource-Policy", "cross-origin"), ("Access-Control-Allow-Origin", "*"))
DATA_SECURITY = (("X-Content-Type-Options", "nosniff"),
                 ("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'; sandbox"),
                 ("Cross-Origin-Resource-Policy", "cross-origin"), ("Access-Control-Allow-Origin", "*"))
# No CSP sandbox for PDFs: it keeps browsers' own PDF viewers from showing them.
PDF_SECURITY = (("X-Content-Type-Options", "nosniff"), ("Cross-Origin-Resource-Policy", "cross-origin"),
                ("Access-Control-Allow-Origin", "*"))
PAGE_SECURITY = (("X-Content-Type-Options", "nosniff"), ("Content-Security-Policy", PAGE_CSP),
                 ("Referrer-Policy", "same-origin"), ("X-Frame-Options", "DENY"))
# The headers every response carries, by media type (others: nosniff only).
SECURITY_HEADERS = defaultdict(lambda: (("X-Content-Type-Options", "nosniff"),), {
    "image/svg+xml": CHART_SECURITY, "image/png": CHART_SECURITY, "text/html": PAGE_SECURITY,
    "application/json": DATA_SECURITY, "text/csv": DATA_SECURITY, "application/pdf": PDF_SECURITY,
})


def add_security_headers(response: Response) -> Response:
    """Headers every response carries, chosen by what it is."""
    for name, value in SECURITY_HEADERS[response.mimetype or ""]:
        response.headers.setdefault(name, value)
    return response
