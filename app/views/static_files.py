"""The site's own files (/static/<file>, and /bears.svg from seed), each with an ETag of its bytes.

Werkzeug names a file's version by its modification time, its size and a checksum of its path: two
instances, or a fresh checkout, would give the same bytes different ETags, and a cache shared by
them could not revalidate one instance's answer at another. A hash of the bytes is the same on
every machine, as a chart's is. For the same reason they carry no Last-Modified: a file's
modification time is when this checkout wrote it, which differs between machines, so two instances
would answer the same bytes differently; the ETag alone revalidates them.
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

from ..conditional_requests import conditional
from ..path_names import static_file_not_found
from ..store.csv_store import FileStamp, file_stamp

# Per file: the version hashed (`file_stamp`, which tells a file replaced by one of the same size and
# modification time) and its ETag. A file is read again only when it changes; the static folder holds
# a handful.
_etags: dict[str, tuple[FileStamp, str]] = {}


def content_etag(path: str, file: BinaryIO, status: os.stat_result) -> str:
    """The ETag of the file at `path`, open as `file` (at its start, where it is left) and looked at
    as `status`: the first 32 hex digits of the SHA-256 of its bytes, worked out once per version of
    the file. Raises OSError when it cannot be read."""
    version = file_stamp(status)
    kept = _etags.get(path)
    if kept is not None and kept[0] == version:
        return kept[1]
    digest = hashlib.sha256()
    for block in iter(lambda: file.read(1 << 16), b""):
        digest.update(block)
    file.seek(0)
    etag = digest.hexdigest()[:32]
    _etags[path] = (version, etag)
    return etag


def send_static(filename: str, **options) -> Response:
    """The static folder's file `filename`, as Flask serves it but with the ETag of its bytes and no
    Last-Modified; `options` go to `send_file` (`mimetype`). Raises NotFound when there is no such file.

    The file is opened once and looked at once (its type, size and version from the open file), then
    sent from that handle: what is sent is what was hashed, even if the file is replaced meanwhile.
    """
    path = safe_join(current_app.static_folder, filename)
    if path is None:
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


def serve_static_files(app: Flask) -> None:
    """Have `app` answer /static/<file> with `send_static`."""
    app.view_functions["static"] = send_static
