"""Compressed answers: `br` or `gzip`, chosen from Accept-Encoding, for text-like media types (for
any type when the client refuses the plain bytes).

A rendered chart is compressed once, when it is cached, and each encoding keeps its own ETag; a
static file (CSS, JS) once per version of the file (its ETag); other text answers (pages, JSON,
CSV) are compressed as they leave. Both encoders are
deterministic (gzip without a timestamp), so the same request gives the same bytes everywhere.

An answer's ETag names the bytes sent: the compressed file's carries its own (`-br`, `-gz`). Every
answer with an ETag is revalidated by one rule, `conditional`: the request's conditions are compared
with the ETag the answer goes out with (`sent_etag`), never with the plain bytes' when it goes out
compressed, nor the other way round. A page or an API read, made whole in memory with no ETag of
its own, is given the ETag of its bytes and revalidated so too (`revalidate_by_bytes`).
"""
from __future__ import annotations

import gzip
import threading
import zlib
from collections.abc import Iterable, Iterator

import brotli
from flask import Response, current_app, request
from werkzeug.datastructures import Range
from werkzeug.exceptions import NotAcceptable, PreconditionFailed, RequestedRangeNotSatisfiable
from werkzeug.http import parse_accept_header, parse_etags, parse_range_header

from plots.layout import kept_for_short_texts

from .cache import etag_of

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
# a conditional request's answer is asked it by `conditional` and again by `compress_response`.
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
    with a body varies by Accept-Encoding. A 304 or a 206 was answered already (`conditional`).
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
    its ETag as sent (`conditional`) and its compression then ask the same answer.

    A body below MIN_SIZE goes out plain, but to a client that refuses the plain bytes; one written
    as it is sent (a long dataset's rows) is compressed whatever its size, which no one knows yet.
    """
    noted = vars(response)
    if _ENCODING_NOTE not in noted:
        noted[_ENCODING_NOTE] = _encoding_for(response)
    return noted[_ENCODING_NOTE]


def sent_as_is(response: Response) -> Response:
    """`response`, noted to go out as it is, not compressed by `compress_response`, where the client
    takes the plain bytes: a chart kept in no compressed variant (`responses.chart_response`), a big
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


def none_match(if_none_match: str | None, etag: str) -> bool:
    """Whether an If-None-Match header names `etag`, or is `*`, which any current representation
    meets: the answer is then a 304. The weak comparison (RFC 9110, 13.1.2): a proxy that compresses
    marks the ETag weak (W/"…"), and its revalidations must still get a 304."""
    return bool(if_none_match) and parse_etags(if_none_match).contains_weak(etag)


def conditional(response: Response, accept_ranges: bool = False, asked: Range | None = None) -> Response:
    """`response`, a 200 with an ETag, as the request's conditions make it, each compared with the
    ETag it goes out with (`sent_etag`), in the order of RFC 9110 (13.2.2): the rule every answer
    with an ETag is revalidated by (a view calls it as it answers).

    - If-Match naming neither that ETag (strong comparison) nor `*`: raises PreconditionFailed (412),
      leaving `response` to the caller to close, as a 416.
    - If-None-Match naming it (weak comparison), or `*`, which any current representation meets: a
      304 carrying that ETag and the 200's caching headers.
    - Range, for a file that takes one (`accept_ranges`; its Content-Length set; `asked`: the header
      as the caller parsed it, read again here only where none is handed on), unless an If-Range
      does not hold (`if_range_holds`: then the whole file, 200): a 206 of its plain
      bytes (all of them for a suffix longer than the file), or a 416 (`_satisfiable`). Only an
      answer that goes out plain is cut into ranges, each named by the plain bytes' ETag; a
      compressed one is sent whole, as a server may (14.2), rather than a range of bytes its ETag
      does not name.

    If-Modified-Since and If-Unmodified-Since are left unanswered: no answer carries a Last-Modified.
    """
    if request.method not in ("GET", "HEAD") or response.status_code != 200:
        return response
    if not (request.if_match or request.if_none_match or accept_ranges):
        return response  # nothing to compare: a plain GET, the hot path
    etag, weak = sent_etag(response)
    if_match = request.if_match
    if if_match and not if_match.star_tag and (etag is None or weak or not if_match.is_strong(etag)):
        raise PreconditionFailed(f"If-Match names no current version of this file: its ETag is now "
                                 f"{_quoted(etag, weak)}; send that ETag, or *, or no If-Match")
    if etag is not None and none_match(request.headers.get("If-None-Match"), etag):
        return _not_modified(response, etag, weak)
    if accept_ranges and outgoing_encoding(response) is None:
        # If-Match and If-None-Match are met already: werkzeug is left the Range alone (it would
        # refuse an If-Match of `*`, which any current representation meets), and If-Range is
        # answered here, werkzeug's comparison dropping a W/ (`if_range_holds`).
        environ = {name: value for name, value in request.environ.items()
                   if name not in ("HTTP_IF_MATCH", "HTTP_IF_NONE_MATCH", "HTTP_IF_RANGE")}
        if not if_range_holds(request.headers.get("If-Range"), etag, weak):
            environ.pop("HTTP_RANGE", None)  # the whole file, 200
        if "HTTP_RANGE" in environ:
            header = environ["HTTP_RANGE"]
            parsed = parse_range_header(header) if asked is None else asked
            environ["HTTP_RANGE"] = _satisfiable(header, parsed, response.content_length)
        return response.make_conditional(environ, accept_ranges=True, complete_length=response.content_length)
    return response


def if_range_holds(if_range: str | None, etag: str | None, weak: bool) -> bool:
    """Whether a Range is answered under the If-Range header `if_range` (RFC 9110, 13.1.5), for an
    answer going out with `etag` (`weak`): always without the header; else only when it is that
    ETag, strong, by strong comparison. A weak ETag (W/"…") never holds, nor does a date: no answer
    carries the Last-Modified one would be compared with. Where it does not, the whole file is sent."""
    if if_range is None:
        return True
    return etag is not None and not weak and if_range.strip() == f'"{etag}"'


def _satisfiable(header: str, asked: Range | None, length: int | None) -> str:
    """The Range `header`, parsed as `asked`, as werkzeug (which parses it again) is to read it for a
    file of `length` bytes, by RFC 9110 (14.1.1): a suffix longer than the file (`bytes=-100000`) asks
    for the whole file, which werkzeug would refuse, so it is given as `bytes=0-`. Raises RequestedRangeNotSatisfiable, saying what a range
    may ask, for one range of bytes that asks for none of the file: one that begins at or past its
    end, or the empty suffix `bytes=-0` (which werkzeug would read as `bytes=0-`); of an empty file,
    any range but a suffix of 1 byte or more, the only one RFC 9110 lets it satisfy (werkzeug sends
    the file whole for it, there being no range of 0 bytes to name). Any other header (several
    ranges, another unit, one written wrongly) is left as it is."""
    if length is None or asked is None or asked.units != "bytes" or len(asked.ranges) != 1:
        return header
    start, end = asked.ranges[0]
    is_suffix = header.partition("=")[2].strip().startswith("-")  # werkzeug reads `-0` as `0-`
    suffix = -start if is_suffix and start < 0 else 0
    asked_text = f"bytes=-{suffix}" if is_suffix else f"bytes={start}-" + ("" if end is None else str(end - 1))
    if length == 0:
        if suffix:
            return header
        raise RequestedRangeNotSatisfiable(
            length=0, description=f"{asked_text} asks for bytes of an empty file, which has none: ask for it "
                                  f"without a Range (its 0 bytes)")
    whole = f"bytes=0-{length - 1} or bytes=-{length} is the whole file"
    if is_suffix:
        if suffix == 0:
            raise RequestedRangeNotSatisfiable(
                length=length, description=f"bytes=-0 asks for the last 0 bytes of the file, which is none: a "
                                           f"suffix asks for 1 byte or more ({whole})")
        return f"bytes={max(length - suffix, 0)}-"
    if start >= length:
        raise RequestedRangeNotSatisfiable(
            length=length, description=f"{asked_text} begins past the last byte of the file, which is {length} "
                                       f"bytes long: a range begins at a byte from 0 to {length - 1} ({whole})")
    return header


def revalidate_by_bytes(response: Response) -> Response:
    """Give a 200 made whole in memory that carries no ETag (a page, an API read) the ETag of its
    bytes, as a chart's is, and answer the request's conditions by `conditional`, the rule of every
    answer with an ETag (an after-request hook, run before `compress_response` suffixes the ETag).

    A page is made anew for each request, so a 304 saves its transfer, not its making: a reader's
    Back button or reload, and a script polling the API, get the 304 where nothing changed.
    """
    if (request.method not in ("GET", "HEAD") or response.status_code != 200 or response.is_streamed
            or response.get_etag()[0] is not None):
        return response
    response.set_etag(etag_of(response.get_data()))
    try:
        return conditional(response)
    except PreconditionFailed as refusal:  # raised here, past the view, the app's handlers still word it
        return current_app.make_response(current_app.handle_user_exception(refusal))


def _quoted(etag: str | None, weak: bool) -> str:
    """`etag` as a header writes it (W/"…" when weak); "none" for no ETag."""
    if etag is None:
        return "none"
    return f'W/"{etag}"' if weak else f'"{etag}"'


def _not_modified(response: Response, etag: str, weak: bool) -> Response:
    """`response` turned into the 304 its ETag as sent (`etag`) earns: that ETag, the 200's Vary and
    caching headers, no body (werkzeug drops the body's headers from a 304)."""
    response.close()  # a static file's open handle
    response.direct_passthrough = False
    response.set_data(b"")
    response.status_code = 304
    response.set_etag(etag, weak)
    return response
