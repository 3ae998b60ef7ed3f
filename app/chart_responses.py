"""A chart's answer, or its data's or a report's: its body and headers, the same whichever path serves
it, how long caches may keep it (by what its URL's `v` pins), its conditions answered, and the route
the layer ahead of Flask answers its next cache hits by."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from flask import Response, current_app, request

from plots import FORMATS

from .cache import Rendered, key_dataset
from .compression import ETAG_SUFFIX, chosen_encoding, sent_as_is
from .conditional_requests import conditional
from .responses import CSV_TYPE, SECURITY_HEADERS, SVG_TYPE, file_name, saved_file_name

# The Content-Type of each media type whose answers say their character set.
CONTENT_TYPES = {"image/svg+xml": SVG_TYPE, "text/csv": CSV_TYPE}
# How a data file is offered, as a chart format's `disposition` says it of its files.
DATA_DISPOSITIONS = {"text/csv": "inline"}
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
        headers.append(("Content-Disposition", f'{disposition}; filename="{saved_file_name(filename)}"'))
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
    current, is then not cached at all rather than for CHART_MAX_AGE. Compared by their digits, as
    int() refuses a string of more than 4300 of them, which a URL may hold."""
    if current is None or not (asked.isascii() and asked.isdigit() and current.isascii() and current.isdigit()):
        return False
    asked, current = asked.lstrip("0"), current.lstrip("0")
    return (len(asked), asked) > (len(current), current)

def chart_response(rendered: Rendered, mimetype: str, pinned_version: VersionPin | None,
                   fresh_for: int | None = None, *, answered: str) -> Response:
    """A chart (or its data) with its ETag (answering 304 to a matching If-None-Match) and caching
    headers; the layer ahead of Flask answers the URL's next cache hits (`remember_hit`).

    `pinned_version`: what the URL's `v` pins, if any; `fresh_for`: for an answer drawn
    over a range relative to now, the seconds it stays right (see `cache_control`); `answered`: what
    was asked, as the 412 of an If-Match that does not hold names it ("this chart", "this download",
    "this report").
    """
    encoding = sent_encoding(rendered, request.headers.get("Accept-Encoding"))
    body, headers = chart_headers(rendered, mimetype, encoding, pinned_version, current_app.config["CHART_MAX_AGE"],
                                  file_name(request.path), fresh_for)
    if fresh_for is None:  # over a range relative to now: never replayed, as its Cache-Control moves on
        remember_hit(rendered, mimetype, pinned_version)
    response = Response(body, headers=headers)
    if not rendered.encoded:  # its bytes are sent as they were kept, as the layer ahead of Flask sends them
        sent_as_is(response)
    return conditional(response, answered=answered)


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
    response = conditional(response, answered="this download")
    if response.status_code == 200 and request.method != "HEAD":
        response.response = begin()
    return response
