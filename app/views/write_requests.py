"""A write request's body and headers as the site reads them: the limits of its size, the encoding
and character set it may declare, the rows' format its Content-Type names, and its Idempotency-Key;
each refused with a 413, 415 or 400 saying what is allowed."""
from __future__ import annotations

import codecs
import re
from collections.abc import Mapping

from flask import current_app, request
from werkzeug.exceptions import RequestEntityTooLarge, UnsupportedMediaType

from plots.text import SHOWN_CHARACTERS, quoted

from ..errors import EncodedBody
from ..store import UploadLimits, WriteRejected
from ..store.workbooks import UNPACKED_PER_BODY_BYTE, XLSX_TYPE, WorkbookReading

CSV_TYPES = ("text/csv", "application/csv")
ROW_TYPES = ("application/json (a list of objects, one per row), text/csv (a header line, then one line per row) "
             f"or {XLSX_TYPE} (an Excel workbook, its sheet's first row naming the columns)")
UTF8_NAMES = ("utf-8", "utf8", "us-ascii", "ascii")
# The optional white space around an HTTP field's value: spaces and tabs (RFC 9110, 5.6.3).
FIELD_WHITESPACE = " \t"
# Visible ASCII but the comma: a server joins a header sent twice into one, with a comma between.
IDEMPOTENCY_KEY = re.compile(r"^[\x21-\x2b\x2d-\x7e]{1,200}$")


def upload_limits() -> UploadLimits:
    """The app's limits on one upload or append."""
    return current_app.config["UPLOAD_LIMITS"]


def workbook_reading(sheet: str | None) -> WorkbookReading:
    """How an upload's or an append's workbook is read: its sheet named `sheet` (None or blank: the
    first), its parts unpacked to at most UNPACKED_PER_BODY_BYTE times the request body's limit."""
    return WorkbookReading(sheet or None, UNPACKED_PER_BODY_BYTE * current_app.config["MAX_CONTENT_LENGTH"])


def bytes_text(limit: int) -> str:
    """A limit in bytes, and in MB from one MB: '65536 bytes', '10485760 bytes (10 MB)'."""
    return f"{limit} bytes" + (f" ({limit / 1024 / 1024:g} MB)" if limit >= 1024 * 1024 else "")


def too_large() -> RequestEntityTooLarge:
    """413 naming the limit."""
    limit = current_app.config["MAX_CONTENT_LENGTH"]
    sent = f"{request.content_length} bytes, " if request.content_length else ""
    return RequestEntityTooLarge(f"the request body is {sent}over the limit of {bytes_text(limit)}; "
                                 "send the rows in smaller batches (to create a dataset, create it from the first of them "
                                 "and append the rest)")


def check_size_and_encoding() -> None:
    """Raise 415 for a compressed request body (`EncodedBody`), 413 for one whose Content-Length is over
    the limit: before any of it is read."""
    encoding = request.headers.get("Content-Encoding", "").strip().lower()
    if encoding and encoding != "identity":
        raise EncodedBody(f"the body is compressed (Content-Encoding: {encoding}); send it uncompressed")
    limit = current_app.config["MAX_CONTENT_LENGTH"]
    if request.content_length is not None and limit is not None and request.content_length > limit:
        raise too_large()


def _names_utf8(charset: str) -> bool:
    """Whether a body's declared charset is UTF-8 text: UTF-8 or ASCII, or another name of UTF-8 with
    or without its byte order mark (utf-8-sig, UTF_8, cp65001), the mark dropped when the body is read."""
    if charset in UTF8_NAMES:
        return True
    try:
        return codecs.lookup(charset).name in ("utf-8", "utf-8-sig")
    except (LookupError, ValueError):  # no codec's name; a name holding a NUL is a ValueError
        return False


def refuse_declared(what: str, mimetype: str, params: Mapping[str, str]) -> None:
    """Raise 415 for a body or a file part (`what` names it) whose Content-Type declares a character
    set other than UTF-8, or a CSV without a header line (RFC 4180's header=absent)."""
    charset = params.get("charset", "utf-8").strip().lower()
    if not _names_utf8(charset):
        raise UnsupportedMediaType(f"{what} declares charset={_as_sent(charset)}; send it as UTF-8 (charset=utf-8)")
    if mimetype in CSV_TYPES and params.get("header", "").strip().lower() == "absent":
        raise UnsupportedMediaType(f"{what} declares header=absent, a CSV without a header line; the site reads a "
                                   "CSV's first line as the columns' names: send a header line naming them above the "
                                   "rows, with header=present or no header parameter; nothing was stored")


def request_body() -> bytes:
    """The raw request body; raises 413 over the size limit, 400 when it is cut short (fewer bytes
    than its Content-Length: `forms.BodyCutShort`, as it is read) and 415 when it is compressed
    (`EncodedBody`), declares a character set other than UTF-8 or is a CSV declared without a header
    line (RFC 4180's header=absent), whose first row would be read as the names."""
    check_size_and_encoding()
    refuse_declared("the body", request.mimetype, request.mimetype_params)
    stream = request.stream
    try:
        body = stream.read()
        # A body without Content-Length (chunked) stops quietly at the limit; one more read
        # raises RequestEntityTooLarge when more was sent, so it is never cut short.
        stream.read(1)
    except RequestEntityTooLarge:
        raise too_large() from None
    return body


def rows_format() -> str:
    """'json' or 'csv' from the request's Content-Type; raises 415 naming it (`sent_content_type`) and
    the types allowed."""
    mimetype = request.mimetype
    if mimetype == "application/json" or mimetype.endswith("+json"):
        return "json"
    if mimetype in CSV_TYPES or mimetype == XLSX_TYPE:  # a workbook is read as the CSV of its sheet
        return "csv"
    raise UnsupportedMediaType(f"Content-Type {sent_content_type()} cannot be appended; send {ROW_TYPES}")


def _as_sent(value: str) -> str:
    """A value of a request's header as a refusal names it: as it is, but quoted and cut as the site
    quotes a value (`quoted`) past 100 characters, which a header may hold by the thousand."""
    return value if len(value) <= SHOWN_CHARACTERS else quoted(value)


def sent_content_type() -> str:
    """The request's Content-Type as a refusal of it names it: its media type (text/plain; one of
    over 100 characters quoted and cut, `_as_sent`), "none" where none is sent, and one that names
    none (`;;;`) quoted as sent, as the site quotes a value (`quoted`, cut past 100 characters),
    saying how a media type is written."""
    if request.mimetype:
        return _as_sent(request.mimetype)
    sent = request.headers.get("Content-Type", "")
    if not sent.strip():
        return "none"
    return f"{quoted(sent)}, which names no media type (one is written type/subtype, as text/csv),"


def idempotency_key() -> str | None:
    """The request's Idempotency-Key header, if any; raises WriteRejected when it is malformed or given twice."""
    key = request.headers.get("Idempotency-Key")
    if key is not None:
        # The white space around a field's value is no part of it (RFC 9110, 5.5); a server drops it
        # before the value, not always after it, so both ends are trimmed here alike.
        key = key.strip(FIELD_WHITESPACE)
    if key is not None and "," in key:
        raise WriteRejected("the Idempotency-Key header was given more than once (or holds a comma, which cannot be "
                            "told from that: a server joins a header given twice with commas); give it once")
    if key is not None and not IDEMPOTENCY_KEY.fullmatch(key):
        raise WriteRejected("Idempotency-Key must be 1 to 200 visible ASCII characters other than a comma (a UUID is "
                            f"a good choice), got {_key_as_sent(key)}")
    return key


def _key_as_sent(key: str) -> str:
    """An Idempotency-Key refused as a message names it: blank, by its length past 200 characters,
    else quoted, its characters that are not visible ASCII escaped."""
    if not key:
        return "a blank one"
    if len(key) > 200:
        return f"one of {len(key)} characters"
    return quoted(key)
