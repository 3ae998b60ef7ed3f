"""A write's form as the site reads it: read once, and from this site's own page where a browser
sends it; its fields refused where one is sent twice, unknown or not UTF-8, or over the limits of a
form; its file; and the field a refusal of a write is about, which its page or JSON error marks."""
from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from itertools import chain

from flask import current_app, request
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.exceptions import RequestEntityTooLarge, UnsupportedMediaType
from werkzeug.http import parse_options_header

from plots.unknown_names import unknown_name
from plots.text import quoted

from ..auth import check_csrf, check_origin
from ..store import WriteRejected
from .multipart_forms import FieldOverLimit
from .write_requests import bytes_text, check_size_and_encoding, refuse_declared, too_large


def field_too_large(over: FieldOverLimit) -> RequestEntityTooLarge:
    """413 for a form field over the limit a field may hold (MAX_FORM_MEMORY_SIZE, below the body's),
    naming the field and its size where they are known, that limit and the setting that sets it."""
    limit = f"the limit of {bytes_text(request.max_form_memory_size)}"
    setting = "(the site's MAX_FORM_MEMORY_SIZE setting)"
    file_room = (f"a file is held to the request body's limit of {bytes_text(current_app.config['MAX_CONTENT_LENGTH'])} "
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
    check_size_and_encoding()
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
            refuse_declared(f"the {name} part", mimetype.lower(), params)
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
    refuse_declared(f"the {field} part", upload.mimetype, upload.mimetype_params)
    return upload.read()


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
