"""The site's own files (/static/<file>, and /bears.svg from seed), each with an ETag of its bytes.

Werkzeug names a file's version by its modification time, its size and a checksum of its path: two
instances, or a fresh checkout, would give the same bytes different ETags, and a cache shared by
them could not revalidate one instance's answer at another. A hash of the bytes is the same on
every machine, as a chart's is. For the same reason they carry no Last-Modified: a file's
modification time is when this checkout wrote it, which differs between machines, so two instances
would answer the same bytes differently; the ETag alone revalidates them.

A page links each file with a `v` of its bytes (`/static/site.css?v=d945a7166b10`), and a URL whose `v` is
the file's answers as kept for good: a page seen again asks for none of them, where each revalidation
would cost a round trip, the stylesheet's before anything is drawn. A file changed gets another `v`, so
its pages link the new bytes; a URL of another `v`, or none, is answered as ever, revalidated by its ETag.
"""
from __future__ import annotations

import hashlib
import os
import stat
from typing import BinaryIO

from flask import Flask, Response, current_app, request, send_file
from werkzeug.datastructures import Range
from werkzeug.exceptions import NotFound
from werkzeug.http import parse_range_header
from werkzeug.security import safe_join

from ..chart_responses import IMMUTABLE
from ..conditional_requests import conditional
from ..path_names import static_file_not_found
from ..store.same_tick import FileStamp, file_stamp

# Per file: the version hashed (`file_stamp`, which tells a file replaced by one of the same size and
# modification time) and its ETag. A file is read again only when it changes; the static folder holds
# a handful.
_etags: dict[str, tuple[FileStamp, str]] = {}

# The hex digits of a file's ETag that its URL's `v` carries.
VERSION_DIGITS = 12


def content_etag(path: str, file: BinaryIO, status: os.stat_result) -> str:
    """The ETag of the file at `path`, open as `file` (at its start, where it is left) and looked at
    as `status`: the first 32 hex digits of the SHA-256 of its bytes, worked out once per version of
    the file. Raises OSError when it cannot be read."""
    kept = _kept_etag(path, status)
    if kept is not None:
        return kept
    digest = hashlib.sha256()
    for block in iter(lambda: file.read(1 << 16), b""):
        digest.update(block)
    file.seek(0)
    etag = digest.hexdigest()[:32]
    _etags[path] = (file_stamp(status), etag)
    return etag


def _kept_etag(path: str, status: os.stat_result) -> str | None:
    """The ETag worked out before of the file at `path`, where it is still the version `status` looks at."""
    kept = _etags.get(path)
    return kept[1] if kept is not None and kept[0] == file_stamp(status) else None


def static_version(filename: str) -> str | None:
    """The `v` of the static folder's file `filename` that a page's URL of it carries: the first digits of
    its ETag, or None where there is no such file to read (its URL then carries no `v`)."""
    path = safe_join(current_app.static_folder, filename)
    if path is None:
        return None
    try:
        status = os.stat(path)
        kept = _kept_etag(path, status)
        if kept is not None:
            return kept[:VERSION_DIGITS]
        if not stat.S_ISREG(status.st_mode):
            return None
        with os.fdopen(os.open(path, os.O_RDONLY | os.O_NONBLOCK), "rb") as file:
            return content_etag(path, file, os.fstat(file.fileno()))[:VERSION_DIGITS]
    except OSError:
        return None


def send_static(filename: str, pinned: str | None = None, **options) -> Response:
    """The static folder's file `filename`, as Flask serves it but with the ETag of its bytes and no
    Last-Modified; `options` go to `send_file` (`mimetype`). Raises NotFound when there is no such file.
    Where `pinned`, a URL's `v`, is the file's (`static_version`), the answer is kept for good.

    The file is opened once and looked at once (its type, size and version from the open file), then
    sent from that handle: what is sent is what was hashed, even if the file is replaced meanwhile.
    """
    path = safe_join(current_app.static_folder, filename)
    if path is None or "\0" in path:  # no file's name holds a NUL, which os.open refuses with a ValueError
        raise static_file_not_found(filename)
    try:
        # Not blocking: a FIFO's open would wait for a writer (it is then refused as no regular file).
        file = os.fdopen(os.open(path, os.O_RDONLY | os.O_NONBLOCK), "rb")
    except OSError:  # no such file, or unreadable
        raise static_file_not_found(filename) from None
    try:
        status = os.fstat(file.fileno())
        if not stat.S_ISREG(status.st_mode):
            raise static_file_not_found(filename)
        etag = content_etag(path, file, status)
        response = send_file(file, download_name=os.path.basename(path), etag=etag, conditional=False,
                             max_age=current_app.get_send_file_max_age(filename), **options)
        response.content_length = status.st_size
        if pinned is not None and pinned == etag[:VERSION_DIGITS]:
            response.headers["Cache-Control"] = IMMUTABLE
        header = request.headers.get("Range")
        asked = None if header is None else parse_range_header(header)  # read once, handed on
        if header is not None and not _one_range(asked):
            response.headers["Accept-Ranges"] = "bytes"  # as the answer to a Range it takes says
            return conditional(response)
        # Raises the 412 of an If-Match it does not meet, and the 416 of a range that asks for none of
        # the file (past its end, or `bytes=-0`): the response is then never sent, nor closed.
        return conditional(response, accept_ranges=True, asked=asked)
    except OSError:  # unreadable after all
        file.close()
        raise NotFound() from None
    except BaseException:
        file.close()
        raise


def _one_range(asked: Range | None) -> bool:
    """Whether a request's Range header, parsed as `asked` (None when it is not written as a range
    at all, `bytes=5-2`), asks for one range of bytes, the only kind a file is cut into here. Any
    other, several ranges, another unit or one not written as a range, is ignored and the whole file
    sent, as RFC 9110 (14.2) lets a server do with the first two and asks of the last: none of them
    is a range that cannot be satisfied (a 416)."""
    return asked is not None and asked.units == "bytes" and len(asked.ranges) == 1


def static_file(filename: str) -> Response:
    """The site's own file `filename`, kept for good where the URL's `v` is that of its bytes."""
    return send_static(filename, pinned=request.args.get("v"))


def _pin_static_urls(endpoint: str, values: dict) -> None:
    """Give a URL of a static file built by `url_for` the `v` of its bytes, unless it names one."""
    if endpoint == "static" and "v" not in values:
        version = static_version(values.get("filename", ""))
        if version is not None:
            values["v"] = version


def serve_static_files(app: Flask) -> None:
    """Have `app` answer /static/<file> with `static_file`, and link each by the `v` of its bytes."""
    app.view_functions["static"] = static_file
    app.url_defaults(_pin_static_urls)
