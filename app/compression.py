"""Compressed answers: `br` or `gzip`, chosen from Accept-Encoding, for text-like media types.

A rendered chart is compressed once, when it is cached, and each encoding keeps its own ETag; a
static file (CSS, JS) once per version of the file (its ETag); other text answers (pages, JSON,
CSV) are compressed as they leave. Both encoders are
deterministic (gzip without a timestamp), so the same request gives the same bytes everywhere.
"""
from __future__ import annotations

import functools
import gzip

import brotli
from flask import Request, Response
from werkzeug.datastructures import Accept
from werkzeug.http import parse_accept_header

# Media types worth compressing; PNG and PDF are compressed already and go out as they are.
COMPRESSIBLE = frozenset({"image/svg+xml", "application/json", "text/csv", "text/html", "text/css",
                          "text/javascript", "application/javascript", "text/plain"})
# Brotli's quality 5 is within a few per cent of its best on charts and about 80 times faster.
BROTLI_QUALITY = 5
GZIP_LEVEL = 6
# Below this many bytes compression saves less than it costs.
MIN_SIZE = 256
ENCODINGS = ("br", "gzip")
ETAG_SUFFIX = {"br": "-br", "gzip": "-gz"}
# Compressed static files kept: (path, ETag, encoding) -> bytes. There are a handful of them.
STATIC_ENTRIES = 128
_static: dict[tuple[str, str, str], bytes] = {}


@functools.lru_cache(maxsize=64)
def _parsed(accept_encoding: str) -> Accept:
    # Clients send a handful of distinct headers; parse each once.
    return parse_accept_header(accept_encoding)


def compress(body: bytes, encoding: str) -> bytes:
    """`body` encoded with `encoding` ('br' or 'gzip')."""
    if encoding == "br":
        return brotli.compress(body, quality=BROTLI_QUALITY)
    return gzip.compress(body, GZIP_LEVEL, mtime=0)


def compressed_variants(body: bytes, mimetype: str) -> dict[str, bytes]:
    """Every encoding of `body` worth sending: empty for media types that are not compressed."""
    if mimetype not in COMPRESSIBLE or len(body) < MIN_SIZE:
        return {}
    return {encoding: compress(body, encoding) for encoding in ENCODINGS}


def chosen_encoding(accept_encoding: str | None) -> str | None:
    """The best encoding an Accept-Encoding header accepts, 'br' before 'gzip', or None for the plain bytes."""
    if not accept_encoding:
        return None
    accepted = _parsed(accept_encoding)
    best, best_quality = None, 0.0
    for encoding in ENCODINGS:
        quality = accepted[encoding]
        if quality > best_quality:
            best, best_quality = encoding, quality
    return best


def compress_response(response: Response, request: Request) -> Response:
    """Compress a finished text answer for the client (after-request hook); others pass as they are."""
    if response.mimetype not in COMPRESSIBLE:
        return response
    response.vary.add("Accept-Encoding")
    # HEAD is compressed too: its headers (Content-Length, Content-Encoding, ETag) must be GET's.
    if response.status_code < 200 or response.status_code in (204, 206, 304) or "Content-Encoding" in response.headers:
        return response
    encoding = chosen_encoding(request.headers.get("Accept-Encoding"))
    if encoding is None:
        return response
    etag, weak = response.get_etag()
    if etag and _holds(request, etag + ETAG_SUFFIX[encoding]):
        return _not_modified(response, etag + ETAG_SUFFIX[encoding], weak)
    # A static file is streamed from disk with an ETag that changes with the file.
    key = (request.path, etag, encoding) if response.direct_passthrough and etag and not weak else None
    if key is not None and key in _static:
        response.close()
        response.direct_passthrough = False
        response.set_data(_static[key])
    else:
        response.direct_passthrough = False  # read it to compress it
        body = response.get_data()
        if len(body) < MIN_SIZE:
            return response
        response.set_data(compress(body, encoding))
        if key is not None:
            if len(_static) >= STATIC_ENTRIES:
                _static.pop(next(iter(_static)))
            _static[key] = response.get_data()
    response.headers["Content-Encoding"] = encoding
    if etag:
        response.set_etag(etag + ETAG_SUFFIX[encoding], weak)
    return response


def _holds(request: Request, etag: str) -> bool:
    """Whether the client's If-None-Match names `etag`, the ETag of the encoded answer.

    The view (`send_file` for a static file) compared If-None-Match with the plain bytes' ETag
    only; a client that keeps the encoded answer sends its own, suffixed ETag back. Weak
    comparison, as If-None-Match calls for.
    """
    return request.method in ("GET", "HEAD") and request.if_none_match.contains_weak(etag)


def _not_modified(response: Response, etag: str, weak: bool) -> Response:
    """`response` turned into the 304 the encoded answer's ETag earns: the 200's ETag, Vary and
    caching headers, no body (werkzeug drops the body's headers from a 304)."""
    response.close()  # a static file's open handle
    response.direct_passthrough = False
    response.set_data(b"")
    response.status_code = 304
    response.set_etag(etag, weak)
    return response
