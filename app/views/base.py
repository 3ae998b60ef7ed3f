"""What the views share: reading a write request's body, form and headers, links, data files."""
from __future__ import annotations

import codecs
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import chain
from typing import Any
from urllib.parse import urlencode

import pandas as pd
from flask import current_app, request, url_for
from markupsafe import Markup
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.exceptions import RequestEntityTooLarge, UnsupportedMediaType
from werkzeug.http import parse_options_header

from plots.spec import NUMERIC_TYPES, unknown_name
from plots.text import SHOWN_CHARACTERS, line_feeds, quoted, quoted_cut
from plots.timerange import TimeBound, TimeRange, written_bound

from ..auth import check_csrf, check_origin
from ..errors import EncodedBody
from ..export import csv_pieces, frame_csv, frame_json_rows, json_row_pieces
from ..responses import json_response, json_text
from ..store import DatasetInfo, UploadLimits, WriteRejected
from ..store.workbooks import UNPACKED_PER_BODY_BYTE, XLSX_TYPE, WorkbookReading
from .multipart_forms import FieldOverLimit

CSV_TYPES = ("text/csv", "application/csv")
ROW_TYPES = ("application/json (a list of objects, one per row), text/csv (a header line, then one line per row) "
             f"or {XLSX_TYPE} (an Excel workbook, its sheet's first row naming the columns)")
UTF8_NAMES = ("utf-8", "utf8", "us-ascii", "ascii")
# The optional white space around an HTTP field's value: spaces and tabs (RFC 9110, 5.6.3).
FIELD_WHITESPACE = " \t"
# Visible ASCII but the comma: a server joins a header sent twice into one, with a comma between.
IDEMPOTENCY_KEY = re.compile(r"^[\x21-\x2b\x2d-\x7e]{1,200}$")
# The data behind a chart, and a dataset's rows, by extension.
DATA_TYPES = {"json": "application/json", "csv": "text/csv"}
# What stands for a data file's rows in the text of its JSON without them (`data_chunks`): no field holds it.
ROWS_MARK = "\x00rows\x00"
def data_body(extension: str, frame: pd.DataFrame, fields: Mapping[str, Any]) -> bytes:
    """The rows of `frame` as the file `extension` names: CSV, or JSON holding `fields`, then the rows."""
    if extension == "csv":
        return frame_csv(frame).encode("utf-8")
    return json_response({"ok": True, **fields, "rows": frame_json_rows(frame)}).get_data()


def data_chunks(extension: str, columns: Sequence[str], pieces: Iterable[pd.DataFrame], date_formats: dict[int, str],
                fields: Mapping[str, Any]) -> Iterator[bytes]:
    """`data_body(extension, frame, fields)` of the frame of `columns` whose rows `pieces` hold one
    after another, its dates in `date_formats` (`export.pieces_date_formats`), written a piece at a
    time as they are asked for: what is held at once is a piece, not the file."""
    if extension == "csv":
        for text in csv_pieces(columns, pieces, date_formats):
            yield text.encode("utf-8")
        return
    # The rows come last: the text before and after them is that of the same document without any.
    before, _, after = json_text({"ok": True, **fields, "rows": [ROWS_MARK]}).rpartition(json_text(ROWS_MARK))
    start, end = before.encode("utf-8"), (after + "\n").encode("utf-8")
    separator = b""
    for rows in json_row_pieces(pieces, date_formats):
        yield start + separator + json_text(rows)[1:-1].encode("utf-8")
        start, separator = b"", b", "
    yield start + end


def drawn_numbers(info: DatasetInfo) -> list[str]:
    """The numeric columns a dataset's own charts draw (its page's, its thumbnail's): every number but
    its first column, which is a chart's x by default (animals' year drawn against itself would be a
    diagonal), or that one when it is the only number."""
    numeric = [c.name for c in info.columns if c.type in NUMERIC_TYPES]
    return [name for name in numeric if name != info.columns[0].name] or numeric


def with_params(url: str, params: Sequence[tuple[str, str]]) -> str:
    """`url` with the query parameters `params` (none: `url` as it is)."""
    return url + ("?" + urlencode(params) if params else "")


def chart_page_url(dashboard: str, chart: str, selection_params: Sequence[tuple[str, str]]) -> str:
    """The URL of a dashboard chart's page showing the rows `selection_params` choose."""
    return with_params(url_for("charts.chart_page", dashboard=dashboard, chart=chart), selection_params)


def range_text(asked: TimeRange, resolved: TimeRange) -> str:
    """The range in words: "2025-01-01 to 2025-06-30", "now-7d (2026-11-11 10:00:00 UTC) onwards", "all rows"."""
    return "".join(part["text"] for part in range_parts(asked, resolved))


def range_parts(asked: TimeRange, resolved: TimeRange) -> list[dict]:
    """The range in words (`range_text`) in parts, each its text and whether it is a value (`value`): a bound
    as asked relative to now (`now-7d`) and each moment, which a page writes in an element a browser's
    translation leaves as it is (it would write "now-7d" or a date its own way), the words around them
    ("onwards", "to", "up to") translated."""
    def bound(raw: TimeBound, moment: TimeBound) -> list[tuple[str, bool]]:
        shown = written_bound(moment)
        return [(raw.text, True), (" (", False), (shown, True), (")", False)] if raw.relative else [(shown, True)]

    start = bound(asked.start, resolved.start) if asked.start else None
    end = bound(asked.end, resolved.end) if asked.end else None
    if start and end:
        parts = [*start, (" to ", False), *end]
    elif start:
        parts = [*start, (" onwards", False)]
    else:
        parts = [("up to ", False), *end] if end else [("all rows", False)]
    merged: list[dict] = []
    for text, value in parts:
        if merged and not value and not merged[-1]["value"]:
            merged[-1]["text"] += text
        else:
            merged.append({"text": text, "value": value})
    return merged


def upload_limits() -> UploadLimits:
    """The app's limits on one upload or append."""
    return current_app.config["UPLOAD_LIMITS"]


def workbook_reading(sheet: str | None) -> WorkbookReading:
    """How an upload's or an append's workbook is read: its sheet named `sheet` (None or blank: the
    first), its parts unpacked to at most UNPACKED_PER_BODY_BYTE times the request body's limit."""
    return WorkbookReading(sheet or None, UNPACKED_PER_BODY_BYTE * current_app.config["MAX_CONTENT_LENGTH"])


def _bytes_text(limit: int) -> str:
    """A limit in bytes, and in MB from one MB: '65536 bytes', '10485760 bytes (10 MB)'."""
    return f"{limit} bytes" + (f" ({limit / 1024 / 1024:g} MB)" if limit >= 1024 * 1024 else "")


def too_large() -> RequestEntityTooLarge:
    """413 naming the limit."""
    limit = current_app.config["MAX_CONTENT_LENGTH"]
    sent = f"{request.content_length} bytes, " if request.content_length else ""
    return RequestEntityTooLarge(f"the request body is {sent}over the limit of {_bytes_text(limit)}; "
                                 "send the rows in smaller batches (to create a dataset, create it from the first of them "
                                 "and append the rest)")


def field_too_large(over: FieldOverLimit) -> RequestEntityTooLarge:
    """413 for a form field over the limit a field may hold (MAX_FORM_MEMORY_SIZE, below the body's),
    naming the field and its size where they are known, that limit and the setting that sets it."""
    limit = f"the limit of {_bytes_text(request.max_form_memory_size)}"
    setting = "(the site's MAX_FORM_MEMORY_SIZE setting)"
    file_room = (f"a file is held to the request body's limit of {_bytes_text(current_app.config['MAX_CONTENT_LENGTH'])} "
                 "only")
    size = f"{over.size} bytes" if over.size is not None else f"more than {request.max_form_memory_size} bytes"
    if over.kind == "parts":
        return RequestEntityTooLarge(f"the form holds more than {request.max_form_memory_size} bytes in a part's "
                                     f"headers, over {limit} a form field may hold {setting}; send the form as a client "
                                     "writes it (curl -F, a browser)")
    if over.kind == "urlencoded":
        return RequestEntityTooLarge(f"the form's fields are {size} (url-encoded, they are read as one), over {limit} "
                                     f"a form field may hold {setting}; send the form as multipart/form-data, large "
                                     f"text such as CSV rows as a file: {file_room}")
    return RequestEntityTooLarge(f"the field {quoted(over.name)} is {size}, over {limit} a form field may hold "
                                 f"{setting}; send large text such as CSV rows as a file: {file_room}")


def _check_size_and_encoding() -> None:
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


def _refuse_declared(what: str, mimetype: str, params: Mapping[str, str]) -> None:
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
    _check_size_and_encoding()
    _refuse_declared("the body", request.mimetype, request.mimetype_params)
    stream = request.stream
    try:
        body = stream.read()
        # A body without Content-Length (chunked) stops quietly at the limit; one more read
        # raises RequestEntityTooLarge when more was sent, so it is never cut short.
        stream.read(1)
    except RequestEntityTooLarge:
        raise too_large() from None
    return body


def too_many_parts(taken: Sequence[str]) -> RequestEntityTooLarge:
    """413 for a form of more parts than a form may have, naming the limit and the fields `taken`."""
    return RequestEntityTooLarge(f"the form is sent in more than {request.max_form_parts} parts (its fields and "
                                 f"files), the most a form may have; this one takes the fields {', '.join(taken)}, "
                                 "each once")


def sent_form(taken: Sequence[str]) -> tuple[MultiDict, MultiDict]:
    """The form fields and files of a multipart or url-encoded body as they were sent: a field sent
    twice, or not UTF-8, is not refused yet (`refuse_form_problems` refuses it).

    Raises 413, 400 and 415 like request_body, 413 for a form of more parts than a form may have
    (naming the fields `taken`) or for a field over the limit a field may hold, and 400 for a
    multipart body that cannot be read as one (cut short, no boundary or one not ASCII): the body as
    a whole, before any field is read.
    """
    _check_size_and_encoding()
    try:
        form, files = request.form, request.files
    except RequestEntityTooLarge:
        if request.form_has_too_many_parts:
            raise too_many_parts(taken) from None
        if request.form_over_limit is not None:
            raise field_too_large(request.form_over_limit) from None
        raise too_large() from None
    if request.form_unreadable is not None:
        raise WriteRejected(request.form_unreadable)
    return form, files


def site_form(taken: Sequence[str]) -> tuple[MultiDict, MultiDict]:
    """A browser form's fields and files as they were sent (`sent_form`), once the form is known to
    come from this site's page: raises Forbidden (403) for one sent from another site, before its
    body is read, or without the page's CSRF token, before any other field is read."""
    check_origin()
    form, files = sent_form(taken)
    check_csrf(form)
    return form, files


class FieldRepeated(WriteRejected):
    """A form's field sent more than once (`field`, its name), for a form's page to mark that field."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message, field)


def refuse_form_problems(form: MultiDict, files: MultiDict, takes: Mapping[str, str] | None = None,
                         file_fields: Sequence[str] = ()) -> None:
    """Raise WriteRejected for a field of the request's form (`form` and `files`, as `sent_form` or
    `site_form` gave them) sent more than once (FieldRepeated, as a field or a file part; `takes`: what
    some fields take, to end its message) or whose name or value is not UTF-8 (`forms.FormRequest`).

    `file_fields` are those that take a file as a plain field too (a CSV sent as `-F 'file=<a.csv'`):
    one whose part declares what a file part is refused for (a charset other than UTF-8,
    header=absent) is the 415 a file part is, before its bytes are read as the form's text."""
    _refuse_repeated_fields(form, files, takes or {})
    for name in file_fields:
        declared = request.form_field_type(name)
        if name in form and declared is not None:
            mimetype, params = parse_options_header(declared)
            _refuse_declared(f"the {name} part", mimetype.lower(), params)
    if request.form_refusal is not None:
        raise WriteRejected(request.form_refusal)


def _refuse_repeated_fields(form: MultiDict, files: MultiDict, takes: Mapping[str, str]) -> None:
    """Raise FieldRepeated naming a field sent more than once, and what it takes where `takes` says:
    only one of its values would be read, and which one the sender meant cannot be told."""
    sent = Counter(name for name, _ in chain(form.items(multi=True), files.items(multi=True)))
    for name, times in sent.items():
        if times > 1:
            count = "twice" if times == 2 else f"{times} times"
            ending = f": {takes[name]}" if name in takes else ""
            raise FieldRepeated(f"the field {quoted(name)} is sent {count}; send each field once{ending}", name)


def refuse_unknown_fields(form: MultiDict, files: MultiDict, taken: Sequence[str]) -> None:
    """Raise WriteRejected naming a form's first field that is none of `taken` (a typo, `titel`,
    would otherwise be ignored without a word), the one it looks like a typo of and the fields taken."""
    for name in chain(form.keys(), files.keys()):
        if name not in taken:
            raise WriteRejected(unknown_name(name, taken, "field"))


def file_chosen(files: MultiDict[str, FileStorage]) -> bool:
    """Whether a form's `files` hold a file chosen in its file field: the form shown again holds none,
    which its refusal says (`_file_again.html`)."""
    return any(part.filename for part in files.getlist("file"))


def file_bytes(upload: FileStorage | None, field: str = "file") -> bytes:
    """The bytes of an uploaded file field; raises WriteRejected when it is missing, and 415 as
    request_body does for a part whose Content-Type declares a charset other than UTF-8 or
    header=absent."""
    if upload is None or (not upload.filename and not upload.content_length):
        raise WriteRejected(f"{field} is required: the CSV file, its first line naming the columns, or an Excel "
                            "workbook (.xlsx), its sheet's first row naming them", field)
    # The part's Content-Type is held to what a body's is: its text is read as UTF-8 alike.
    _refuse_declared(f"the {field} part", upload.mimetype, upload.mimetype_params)
    return upload.read()


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


# A cell's line breaks and tabs as a table shows them, where HTML would fold each into a space: a
# line break as a mark and a new line, as a chart draws its text on lines of their own, a tab as a
# mark, so that "Hill⏎ Top" is told from "Hill Top" and a tab from a space.
CELL_MARKS = {
    "\n": Markup('<span class="cell-mark" title="line break">⏎</span><br>'),
    "\t": Markup('<span class="cell-mark" title="tab">⇥</span>'),
}
CELL_BREAKS = re.compile("([\n\t])")


def table_cell(value):
    """A cell as a page's table of rows shows it (a dataset's first rows, a chart's data): a text of more
    than 100 characters cut to them, with "…" and its length ("aaaa… (131072 characters)"), as a message
    quotes a long value, for a cell may hold 131,072 and a table 100 rows of 50 columns; the CSV and
    JSON downloads give it whole. Its line breaks (CRLF and a lone CR among them) and tabs are shown
    (`CELL_MARKS`)."""
    if not isinstance(value, str):
        return value
    shown = quoted_cut(line_feeds(value), str)
    if not CELL_BREAKS.search(shown):
        return shown
    return Markup("").join(CELL_MARKS.get(piece, piece) for piece in CELL_BREAKS.split(shown))


# The parts of an API write a refusal may be about, which its JSON error names as `field`
# (`views.api.RefusedField`): a create's name and title (a form's fields, or a CSV body's ?name=
# and ?title=), a form's CSV file, and the rows sent as the body; and the sheet named of a workbook.
REFUSED_FIELDS = ("name", "title", "file", "body", "sheet")


def refused_field(error: Exception, rows_from: str | None) -> str | None:
    """The form's field a refusal is about, which the upload and append pages mark: the one it names (a
    name or title refused, a field sent twice), else `rows_from`, the field the rows came from, for one of
    what they hold (too big, a file of another charset among them); None for a refusal of no field (a
    token, a busy store)."""
    if isinstance(error, WriteRejected) and error.field is not None:
        return error.field
    return rows_from if isinstance(error, (WriteRejected, RequestEntityTooLarge, UnsupportedMediaType)) else None
