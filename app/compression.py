"""Compressed answers: `br` or `gzip`, chosen from Accept-Encoding, for text-like media types (for
any type when the client refuses the plain bytes).

A rendered chart is compressed once, when it is cached, and each encoding keeps its own ETag; a
static file (CSS, JS) once per version of the file (its ETag); other text answers (pages, JSON,
CSV) are compressed as they leave. Both encoders are
deterministic (gzip without a timestamp), so the same request gives the same bytes everywhere.

An answer's ETag names the bytes sent: the compressed file's carries its own (`-br`, `-gz`), the
ETag it goes out with (`sent_etag`), which a request's conditions are compared with
(`conditional_requests.conditional`).
"""
from __future__ import annotations

import gzip
import threading
import zlib
from collections.abc import Iterable, Iterator

import brotli
from flask import Response, request
from werkzeug.exceptions import NotAcceptable
from werkzeug.http import parse_accept_header

from plots.layout import kept_for_short_texts

# Media types worth compressing; PNG and PDF are compressed already and go out as they are
# (but to a client that refuses the plain bytes: `compress_response`).
COMPRESSIBLE = frozenset({"image/svg+xml", "application/json", "text/csv", "text/html", "text/css",
                          "text/javascript", "application/javascript", "text/plain"})
# Brotli's quality 5 is within a few per cent of its best on charts and about 80 times faster.
BROTLI_QUALITY = 5
GZIP_LEVEL = 6
# Below this many bytes compression saves less than it costs.
MIN_SIZE = 256
ENCODINGS = ("br", "gzip")
# The names Accept-Encoding may give each encoding: "x-gzip" is gzip (RFC 9110, 8.4.1.3).
NAMES = {"br": ("br",), "gzip": ("gzip", "x-gzip")}
ETAG_SUFFIX = {"br": "-br", "gzip": "-gz"}
# Compressed static files kept: (path, ETag, encoding) -> bytes. There are a handful of them.
STATIC_ENTRIES = 128
_static: dict[tuple[str, str, str], bytes] = {}
_static_lock = threading.Lock()  # requests of several threads add and drop entries
# The attribute a response keeps its outgoing encoding in once it is worked out (`outgoing_encoding`):
# a conditional request's answer is asked it by `conditional_requests.conditional` and again by
# `compress_response`.
_ENCODING_NOTE = "svgplots_outgoing_encoding"


# The longest Accept-Encoding header whose parse is kept (a browser's is some 30 characters; one of
# 64 KB names thousands of codings, near 1 MB parsed): a longer one is parsed anew.
KEPT_ACCEPT_ENCODING = 256


@kept_for_short_texts(KEPT_ACCEPT_ENCODING, 64)
def _parsed(accept_encoding: str) -> dict[str, float]:
    """Each coding an Accept-Encoding header names (lowercase, "*" too) and its quality."""
    return {coding.lower(): quality for coding, quality in parse_accept_header(accept_encoding)}


def _quality(accepted: dict[str, float], encoding: str) -> float:
    """The quality an Accept-Encoding gives `encoding`: its own entry (by any of its names), else "*"'s."""
    for name in NAMES[encoding]:
        if name in accepted:
            return accepted[name]
    return accepted.get("*", 0.0)


def compress(body: bytes, encoding: str) -> bytes:
    """`body` encoded with `encoding` ('br' or 'gzip')."""
    if encoding == "br":
        return brotli.compress(body, quality=BROTLI_QUALITY)
    return gzip.compress(body, GZIP_LEVEL, mtime=0)


def compressed_pieces(pieces: Iterable[bytes], encoding: str) -> Iterator[bytes]:
    """`pieces` encoded with `encoding` as they come, each flushed out whole: a client decodes a piece
    as soon as it arrives, where a compressor left to fill its buffer would send nothing of a long
    download for a long time (and a proxy might give up on it). Decoded, the bytes of `pieces` joined;
    encoded, a few bytes a piece more than `compress` makes of them."""
    if encoding == "br":
        compressor = brotli.Compressor(quality=BROTLI_QUALITY)
        feed, flush, finish = compressor.process, compressor.flush, compressor.finish
    else:
        # wbits 31: a gzip header without a timestamp, as gzip.compress(..., mtime=0) writes it.
        compressor = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, 31)
        feed, finish = compressor.compress, compressor.flush

        def flush() -> bytes:
            return compressor.flush(zlib.Z_SYNC_FLUSH)  # ends on a byte boundary; the stream goes on
    try:
        for piece in pieces:
            if piece:
                yield feed(piece) + flush()
        yield finish()
    finally:
        close = getattr(pieces, "close", None)
        if close is not None:
            close()


def worth_compressing(mimetype: str, size: int) -> bool:
    """Whether a body of `mimetype` and `size` bytes is compressed when it is cached (`compressed_variants`)."""
    return mimetype in COMPRESSIBLE and size >= MIN_SIZE


def compressed_variants(body: bytes, mimetype: str) -> dict[str, bytes]:
    """Every encoding of `body` worth sending: empty for media types that are not compressed, and for
    a body too small to gain (`worth_compressing`)."""
    if not worth_compressing(mimetype, len(body)):
        return {}
    return {encoding: compress(body, encoding) for encoding in ENCODINGS}


def chosen_encoding(accept_encoding: str | None) -> str | None:
    """The best encoding an Accept-Encoding header accepts, 'br' before 'gzip', or None for the plain
    bytes: where it accepts neither, or rates identity (by its name, else by `*`) above both
    (`gzip;q=0.1, identity`). An identity it does not rate is taken at no preference: a header
    naming only `gzip;q=0.5` still asks for gzip."""
    if not accept_encoding:
        return None
    accepted = _parsed(accept_encoding)
    best, best_quality = None, 0.0
    for encoding in ENCODINGS:
        quality = _quality(accepted, encoding)
        if quality > best_quality:
            best, best_quality = encoding, quality
    identity = accepted.get("identity", accepted.get("*"))
    if identity is not None and identity > best_quality:
        return None
    return best


def identity_refused(accept_encoding: str | None) -> bool:
    """Whether an Accept-Encoding header refuses the plain bytes: `identity;q=0`, or `*;q=0` with
    no entry for identity (RFC 9110, 12.5.3). A missing or empty header accepts them."""
    if not accept_encoding:
        return False
    accepted = _parsed(accept_encoding)
    return accepted.get("identity", accepted.get("*", 1.0)) == 0


def refuses_every_encoding(accept_encoding: str | None) -> bool:
    """Whether an Accept-Encoding header accepts none of br, gzip and the plain bytes."""
    return identity_refused(accept_encoding) and chosen_encoding(accept_encoding) is None


def refuse_unacceptable_encoding() -> None:
    """Raise NotAcceptable (406) for a request whose Accept-Encoding refuses br, gzip and the plain
    bytes alike (a before-request hook).

    RFC 9110 (12.5.3) has a server send the plain bytes when no coding is acceptable, unless the
    client refused them too; then it may answer 406 or disregard the header (12.1). The client said
    it cannot use the plain bytes, so they would serve it no better than a 406 that says why.
    """
    if refuses_every_encoding(request.headers.get("Accept-Encoding")):
        raise NotAcceptable("Accept-Encoding refuses every content coding this site sends; accept br, gzip "
                            "or identity (the plain bytes), or send no Accept-Encoding")


def compress_response(response: Response) -> Response:
    """Compress a finished answer for the client (after-request hook): a text-like one when the
    client accepts br or gzip, and any other only when it refuses the plain bytes
    (`outgoing_encoding` chooses).

    PNG and PDF are compressed already and go out as they are, unless the client refuses them so
    (`identity;q=0, gzip`): it accepts a coding the site can apply to any bytes (RFC 9110, 12.5.3),
    and a 406 is for a resource with no answer the client would accept (15.5.7). So every answer
    with a body varies by Accept-Encoding. A 304 or a 206 was answered already
    (`conditional_requests.conditional`).
    """
    if response.status_code < 200 or response.status_code == 204:
        return response  # no body: nothing in it depends on Accept-Encoding
    response.vary.add("Accept-Encoding")
    # HEAD is compressed too: its headers (Content-Length, Content-Encoding, ETag) must be GET's.
    if response.status_code in (206, 304):
        return response
    encoding = outgoing_encoding(response)
    if encoding is None:
        return response
    etag, weak = response.get_etag()
    # A static file is streamed from disk with an ETag that changes with the file.
    key = (request.path, etag, encoding) if response.direct_passthrough and etag and not weak else None
    kept = _static.get(key) if key is not None else None
    if response.is_streamed and not response.direct_passthrough:
        # Written as it is sent (a long dataset's rows): compressed a piece at a time, as large as
        # any body worth compressing, and its size known to no one before the end.
        response.response = compressed_pieces(response.response, encoding)
        response.headers.pop("Content-Length", None)
    elif kept is not None:
        response.close()
        response.direct_passthrough = False
        response.set_data(kept)
    else:
        response.direct_passthrough = False  # read it to compress it
        response.set_data(compress(response.get_data(), encoding))
        if key is not None:
            with _static_lock:
                while len(_static) >= STATIC_ENTRIES:
                    _static.pop(next(iter(_static)))
                _static[key] = response.get_data()
    response.headers["Content-Encoding"] = encoding
    if etag:
        response.set_etag(etag + ETAG_SUFFIX[encoding], weak)
    return response


def response_encoding(response: Response) -> str | None:
    """The encoding Accept-Encoding prefers for `response`: for a text-like answer, or for any when
    the client refuses the plain bytes; None for the plain bytes (whatever its size: `outgoing_encoding`)."""
    accept_encoding = request.headers.get("Accept-Encoding")
    encoding = chosen_encoding(accept_encoding)
    if encoding is None or (response.mimetype not in COMPRESSIBLE and not identity_refused(accept_encoding)):
        return None
    return encoding


def outgoing_encoding(response: Response) -> str | None:
    """The encoding `compress_response` sends `response` in; None for the plain bytes, and for bytes
    encoded already (a cached chart's, whose ETag is the encoded file's). Worked out once a response:
    its ETag as sent (`sent_etag`, for `conditional_requests.conditional`) and its compression then ask
    the same answer.

    A body below MIN_SIZE goes out plain, but to a client that refuses the plain bytes; one written
    as it is sent (a long dataset's rows) is compressed whatever its size, which no one knows yet.
    """
    noted = vars(response)
    if _ENCODING_NOTE not in noted:
        noted[_ENCODING_NOTE] = _encoding_for(response)
    return noted[_ENCODING_NOTE]


def sent_as_is(response: Response) -> Response:
    """`response`, noted to go out as it is, not compressed by `compress_response`, where the client
    takes the plain bytes: a chart kept in no compressed variant (`chart_responses.chart_response`), a big
    SVG among them when no place was free to compress it within its render limit, whose br or gzip
    made on its way out would take the seconds of its own the limit exists to count."""
    if not identity_refused(request.headers.get("Accept-Encoding")):
        vars(response)[_ENCODING_NOTE] = None
    return response


def _encoding_for(response: Response) -> str | None:
    """`outgoing_encoding` of a response it was not asked of before."""
    if "Content-Encoding" in response.headers:
        return None
    encoding = response_encoding(response)
    if encoding is None or identity_refused(request.headers.get("Accept-Encoding")):
        return encoding
    if response.direct_passthrough:  # a file sent from disk, its size in its headers
        size = response.content_length
    elif response.is_streamed:
        return encoding
    else:
        size = response.calculate_content_length()
    return encoding if size is None or size >= MIN_SIZE else None


def sent_etag(response: Response) -> tuple[str | None, bool]:
    """The ETag `response` goes out with, and whether it is weak: its own, with the suffix of the
    encoding `compress_response` sends it in (`outgoing_encoding`)."""
    etag, weak = response.get_etag()
    encoding = outgoing_encoding(response)
    if etag is None or encoding is None:
        return etag, weak
    return etag + ETAG_SUFFIX[encoding], weak
