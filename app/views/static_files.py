"""The site's own files (/static/<file>, and /bears.svg from seed), each with an ETag of its bytes.

Werkzeug names a file's version by its modification time, its size and a checksum of its path: two
instances, or a fresh checkout, would give the same bytes different ETags, and a cache shared by
them could not revalidate one instance's answer at another. A hash of the bytes is the same on
every machine, as a chart's is.
"""
from __future__ import annotations

import hashlib
import os

from flask import Flask, Response, current_app, send_from_directory
from werkzeug.exceptions import NotFound
from werkzeug.security import safe_join

# Per file: the version hashed (modification time and size) and its ETag. A file is read again only
# when it changes; the static folder holds a handful.
_etags: dict[str, tuple[tuple[int, int], str]] = {}


def content_etag(path: str) -> str:
    """The ETag of the file at `path`: the first 32 hex digits of the SHA-256 of its bytes, worked
    out once per version of the file. Raises OSError when it cannot be read."""
    status = os.stat(path)
    version = (status.st_mtime_ns, status.st_size)
    kept = _etags.get(path)
    if kept is not None and kept[0] == version:
        return kept[1]
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1 << 16), b""):
            digest.update(block)
    etag = digest.hexdigest()[:32]
    _etags[path] = (version, etag)
    return etag


def send_static(filename: str, **options) -> Response:
    """The static folder's file `filename`, as Flask serves it but with the ETag of its bytes;
    `options` go to `send_from_directory` (`mimetype`). Raises NotFound when there is no such file."""
    folder = current_app.static_folder
    path = safe_join(folder, filename)
    if path is None or not os.path.isfile(path):
        raise NotFound()
    try:
        etag = content_etag(path)
    except OSError:  # gone, or unreadable, since it was found
        raise NotFound() from None
    return send_from_directory(folder, filename, etag=etag, max_age=current_app.get_send_file_max_age(filename),
                               **options)


def serve_static_files(app: Flask) -> None:
    """Have `app` answer /static/<file> with `send_static`."""
    app.view_functions["static"] = send_static
