"""Conditional requests (RFC 9110, 13): every answer with an ETag is revalidated by one rule,
`conditional`, which compares the request's If-Match, If-None-Match and If-Range with the ETag the
answer goes out with (`compression.sent_etag`), never with the plain bytes' when it goes out
compressed, nor the other way round, and answers its Range. A page or an API read, made whole in
memory with no ETag of its own, is given the ETag of its bytes and revalidated so too
(`revalidate_by_bytes`).
"""
from __future__ import annotations

from flask import Response, current_app, request
from werkzeug.datastructures import Range
from werkzeug.exceptions import PreconditionFailed, RequestedRangeNotSatisfiable
from werkzeug.http import parse_etags, parse_range_header

from .cache import etag_of
from .compression import outgoing_encoding, sent_etag


def none_match(if_none_match: str | None, etag: str) -> bool:
    """Whether an If-None-Match header names `etag`, or is `*`, which any current representation
    meets: the answer is then a 304. The weak comparison (RFC 9110, 13.1.2): a proxy that compresses
    marks the ETag weak (W/"…"), and its revalidations must still get a 304."""
    return bool(if_none_match) and parse_etags(if_none_match).contains_weak(etag)


def empty_if_match() -> bool:
    """Whether the request sends an If-Match that holds nothing but spaces or commas (`If-Match: `),
    which names no ETag, so that no version meets it (RFC 9110, 13.1.1), a read's or a write's:
    werkzeug reads an empty one as no header, under which a write is done whatever the version. A
    script whose read of the ETag failed sends it so."""
    sent = request.headers.get("If-Match")
    return sent is not None and not sent.replace(",", "").strip(" \t")


def conditional(response: Response, accept_ranges: bool = False, asked: Range | None = None,
                answered: str = "this file") -> Response:
    """`response`, a 200 with an ETag, as the request's conditions make it, each compared with the
    ETag it goes out with (`sent_etag`), in the order of RFC 9110 (13.2.2): the rule every answer
    with an ETag is revalidated by (a view calls it as it answers).

    - If-Match naming neither that ETag (strong comparison) nor `*`: raises PreconditionFailed (412),
      saying it names no current version of `answered` (what was asked: "this file", "this page",
      "this chart", "this download", "this report"), or, holding none (`empty_if_match`), that no
      version meets it, leaving `response` to the caller to close, as a 416.
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
    empty = empty_if_match()
    if not (request.if_match or request.if_none_match or accept_ranges or empty):
        return response  # nothing to compare: a plain GET, the hot path
    etag, weak = sent_etag(response)
    if empty:
        raise PreconditionFailed(f"If-Match is empty: it names no ETag, so no version of {answered} meets it (RFC "
                                 f"9110, 13.1.1); its ETag is now {_quoted(etag, weak)}; send that ETag, or *, or "
                                 "no If-Match")
    if_match = request.if_match
    if if_match and not if_match.star_tag and (etag is None or weak or not if_match.is_strong(etag)):
        raise PreconditionFailed(f"If-Match names no current version of {answered}: its ETag is now "
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
    Back button or reload, and a script polling the API, get the 304 where nothing changed. The 412
    of an If-Match speaks of "this page" for HTML, else of "this answer" (an API read, /healthz), not
    of a file.
    """
    if (request.method not in ("GET", "HEAD") or response.status_code != 200 or response.is_streamed
            or response.get_etag()[0] is not None):
        return response
    response.set_etag(etag_of(response.get_data()))
    try:
        return conditional(response, answered="this page" if response.mimetype == "text/html" else "this answer")
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
