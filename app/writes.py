"""Writes: read and check what a request sends, then create, append to or delete a dataset.

Everything is checked before anything is stored, and each write is one transaction: a refused
request stores nothing; an accepted one stores all of it and bumps the dataset's version.
The JSON API and the browser forms both write through here.
"""
from __future__ import annotations

import re

from flask import current_app, request
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.exceptions import RequestEntityTooLarge, UnsupportedMediaType

from .context import current_site
from .store import (
    CONTROL_CHARACTERS,
    DatasetConflict,
    DatasetInfo,
    UploadLimits,
    WriteRejected,
    check_name,
    rows_from_csv,
    rows_from_json,
    table_from_csv,
    title_from_name,
)

MAX_TITLE = 200
COMPRESSED = ((b"\x1f\x8b", "gzip"), (b"PK\x03\x04", "zip"), (b"BZh", "bzip2"), (b"\xfd7zXZ\x00", "xz"),
              (b"\x28\xb5\x2f\xfd", "zstd"))
CSV_TYPES = ("text/csv", "application/csv")
ROW_TYPES = "application/json (a list of objects, one per row) or text/csv (a header line, then one line per row)"


def too_large() -> RequestEntityTooLarge:
    """413 naming the limit."""
    limit = current_app.config["MAX_CONTENT_LENGTH"]
    size = f" ({limit / 1024 / 1024:g} MB)" if limit >= 1024 * 1024 else ""
    sent = f"{request.content_length} bytes, " if request.content_length else ""
    return RequestEntityTooLarge(f"the request body is {sent}over the limit of {limit} bytes{size}; "
                                 "send the rows in smaller batches")


def _check_size_and_encoding() -> None:
    encoding = request.headers.get("Content-Encoding", "").strip().lower()
    if encoding and encoding != "identity":
        raise WriteRejected(f"the body is compressed (Content-Encoding: {encoding}); send it uncompressed")
    limit = current_app.config["MAX_CONTENT_LENGTH"]
    if request.content_length is not None and limit is not None and request.content_length > limit:
        raise too_large()


UTF8_NAMES = ("utf-8", "utf8", "us-ascii", "ascii")


def request_body() -> bytes:
    """The raw request body; raises 413 over the size limit, 400 when it is compressed and 415
    when it declares a character set other than UTF-8."""
    _check_size_and_encoding()
    charset = request.mimetype_params.get("charset", "utf-8").strip().lower()
    if charset not in UTF8_NAMES:
        raise UnsupportedMediaType(f"the body declares charset={charset}; send it as UTF-8 (charset=utf-8)")
    stream = request.stream
    try:
        body = stream.read()
        # A body without Content-Length (chunked) stops quietly at the limit; one more read
        # raises RequestEntityTooLarge when more was sent, so it is never cut short.
        stream.read(1)
    except RequestEntityTooLarge:
        raise too_large() from None
    return body


def request_form() -> tuple[MultiDict, MultiDict]:
    """The form fields and files of a multipart or url-encoded body; raises 413 and 400 like request_body."""
    _check_size_and_encoding()
    try:
        return request.form, request.files
    except RequestEntityTooLarge:
        raise too_large() from None


def upload_limits() -> UploadLimits:
    """The app's limits on one upload or append."""
    return current_app.config["UPLOAD_LIMITS"]


def decode_text(raw: bytes, what: str) -> str:
    """UTF-8 text of an uploaded CSV or JSON (a leading byte-order mark dropped); raises WriteRejected."""
    for magic, kind in COMPRESSED:
        if raw.startswith(magic):
            raise WriteRejected(f"{what} looks like a {kind} file; send it uncompressed, as UTF-8 text")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise WriteRejected(f"{what} is not valid UTF-8: the byte 0x{raw[error.start]:02x} at offset {error.start} "
                            "cannot be read; save the file as UTF-8") from None
    return text.removeprefix("\ufeff")


def file_bytes(upload: FileStorage | None, field: str = "file") -> bytes:
    """The bytes of an uploaded file field; raises WriteRejected when it is missing."""
    if upload is None or (not upload.filename and not upload.content_length):
        raise WriteRejected(f"{field} is required: the CSV file, its first line naming the columns")
    return upload.read()


def check_title(title: str | None, name: str) -> str:
    """The title to store: the given one, or one made from the name; raises WriteRejected."""
    title = (title or "").strip() or title_from_name(name)
    if len(title) > MAX_TITLE or CONTROL_CHARACTERS.search(title):
        raise WriteRejected(f"title must be at most {MAX_TITLE} characters without control characters")
    return title


def create_dataset(name: str | None, title: str | None, raw: bytes, what: str = "the CSV") -> DatasetInfo:
    """A new dataset from CSV bytes, its column types inferred; raises 400 or 409, storing nothing."""
    store = current_site().store
    name = check_name(name or "")
    title = check_title(title, name)
    if name in store.names():
        raise DatasetConflict(f"a dataset named {name!r} exists already; delete it first or choose another name")
    return store.create(name, title, table_from_csv(decode_text(raw, what), upload_limits()))


def rows_format(mimetype: str) -> str:
    """'json' or 'csv' from a request's content type; raises 415 naming the types allowed."""
    if mimetype == "application/json" or mimetype.endswith("+json"):
        return "json"
    if mimetype in CSV_TYPES:
        return "csv"
    shown = mimetype or "none"
    raise UnsupportedMediaType(f"Content-Type {shown} cannot be appended; send {ROW_TYPES}")


def append_rows(name: str, raw: bytes, fmt: str, what: str = "the body",
                key: str | None = None) -> tuple[DatasetInfo, int, bool]:
    """Append the rows of a CSV or JSON body, all or none, at most once per idempotency `key`.

    Returns the dataset after, the rows added, and whether the key had been used before (then
    nothing is stored and the rows added are those of the first append with that key).
    """
    store = current_site().store
    info = store.info(name)
    store.check_writable(name, "add the rows to the file instead")
    text = decode_text(raw, what)
    parse = rows_from_json if fmt == "json" else rows_from_csv
    rows = parse(text, info.columns, upload_limits())
    if not rows and key is None:
        return info, 0, False
    return store.append_keyed(name, info.columns, rows, key)


IDEMPOTENCY_KEY = re.compile(r"^[\x21-\x7e]{1,200}$")


def idempotency_key() -> str | None:
    """The request's Idempotency-Key header, if any; raises WriteRejected when it is malformed."""
    key = request.headers.get("Idempotency-Key")
    if key is not None and not IDEMPOTENCY_KEY.match(key):
        raise WriteRejected("Idempotency-Key must be 1 to 200 visible ASCII characters (a UUID is a good choice)")
    return key


def dashboards_using(name: str) -> list[str]:
    """Names of the dashboards with a chart of the dataset."""
    return [d.name for d in current_site().dashboards.values() if any(c.dataset == name for c in d.charts)]


def delete_dataset(name: str) -> None:
    """Remove a dataset; refused (409) while a dashboard draws it, or when it is a file."""
    store = current_site().store
    store.info(name)
    users = dashboards_using(name)
    if users:
        raise DatasetConflict(f"dataset {name!r} is drawn by the dashboard{'s' if len(users) > 1 else ''} "
                              f"{', '.join(users)}; remove its charts from the dashboard files first")
    store.delete(name)
