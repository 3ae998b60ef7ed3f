"""A form's fields as UTF-8 text: a field whose bytes are not UTF-8 is refused, naming the field.

werkzeug 3 reads a multipart field that is not UTF-8 with replacement characters ("caf\ufffd"),
keeps an url-encoded one's undecodable escapes as they were written ("caf%E9"), and takes no
setting to refuse either (its decoding is fixed). The site's requests read their forms with
`UTF8FormParser` instead, which keeps each field's bytes until it has decoded them itself;
`write_forms.refuse_form_problems`, which every view that takes a form calls on it (on the form
`write_forms.sent_form` or `write_forms.site_form` gave), refuses the first field that is not
UTF-8, as a file part with the same bytes is refused.

The parser also says what a form refused as a whole was refused for, where werkzeug says "too large"
alike for each (`FormRequest`): more parts than a form may have (a url-encoded form's fields are
held to that number too, which werkzeug counts for a multipart form only), a field over the limit a
field may hold, named with its size, or a multipart body it cannot read: cut short, or without a
boundary, or with one that is not ASCII (werkzeug drops such a boundary, cuts it short, or reads
the form as empty), or with a part that names no field.

Whatever reads it, raw or as a form, a request's body is held to its Content-Length
(`FormRequest.stream`): one that ends before it is a 400 saying so (`BodyCutShort`).
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import IO
from urllib.parse import parse_qsl

from flask import Request
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import ClientDisconnected, RequestEntityTooLarge
from werkzeug.formparser import FormDataParser
from werkzeug.utils import cached_property
from werkzeug.wsgi import LimitedStream

from plots.text import quoted

from .held_files import HeldFile
from .multipart_forms import (BYTES_AS_TEXT, FieldOverLimit, _boundary_problem, _DelimiterSeen, _FieldBytesParser,
                              _unreadable_form)

_READ_PIECE = 64 * 1024  # bytes asked of a stream at once: a limit of any size asks for no more


def _read_at_most(stream, size: int) -> bytes:
    """The bytes of `stream` up to `size` of them (fewer where it ends first)."""
    pieces, left = [], size
    while left > 0 and (piece := stream.read(min(left, _READ_PIECE))):
        pieces.append(piece)
        left -= len(piece)
    return b"".join(pieces)


class UTF8FormParser(FormDataParser):
    """werkzeug's form parser, each field's name and value decoded as UTF-8 here: one that is not is
    kept as werkzeug reads it (with replacement characters, for a refused form to show what was
    typed), and `refusal` says what the first such field is; `unreadable` says why a multipart body
    cannot be read at all (one that ends before its closing boundary, or without a boundary):
    werkzeug reads such a body as an empty form. A body shorter than its Content-Length is refused
    by the stream it is read from (`BodyCutShort`)."""

    refusal: str | None = None
    unreadable: str | None = None
    # Whether the form was refused (RequestEntityTooLarge) for more parts than `max_form_parts`.
    too_many_parts = False
    # What was over the limit a field may hold, where the form was refused (RequestEntityTooLarge) for that.
    over_limit: FieldOverLimit | None = None
    # The request's Content-Type header as it was sent (`FormRequest` gives it), for its boundary.
    content_type = ""
    # The Content-Type each multipart field part declares, by the field's name, where it declares one.
    field_types: Mapping[str, str] = {}

    def _parse_multipart(self, stream, mimetype: str, content_length: int | None, options: dict[str, str]):
        limit = self.max_form_memory_size
        parser = _FieldBytesParser(stream_factory=self.stream_factory, max_form_memory_size=limit,
                                   max_form_parts=self.max_form_parts, cls=self.cls, buffer_size=_READ_PIECE)
        self.unreadable = _boundary_problem(self.content_type, options.get("boundary", ""))
        if self.unreadable is not None:
            # werkzeug reads such a form as empty, which a view would refuse for a field "missing".
            raise ValueError("Unusable boundary")
        boundary = options["boundary"].encode("ascii")
        read = _DelimiterSeen(stream, b"--" + boundary)
        try:
            form, files = parser.parse(read, boundary, content_length)
        except UnicodeDecodeError as error:
            # werkzeug decodes a part's headers strictly, and reads the whole form as empty.
            self.refusal = (f"a field's name is not valid UTF-8: the byte 0x{error.object[error.start]:02x} in its "
                            "part's headers cannot be read; send the form's text as UTF-8")
            raise
        except RequestEntityTooLarge:
            # werkzeug says the same for too many parts as for too many bytes: the parser notes
            # which; a body over its own limit is refused by its stream, and noted by neither.
            self.too_many_parts, self.over_limit = parser.too_many_parts, parser.over_limit
            raise
        except ValueError as error:
            # A body cut short, or not of the parts its boundary separates: werkzeug reads it as an
            # empty form. An empty body is one of no fields, which the view names as missing.
            if read.read_any:
                self.unreadable = _unreadable_form(boundary, read.seen, error)
            raise
        self.field_types = parser.field_types
        return stream, self._decoded(form.items(multi=True)), files

    def _parse_urlencoded(self, stream, mimetype: str, content_length: int | None, options: dict[str, str]):
        # A url-encoded form's fields are read as one, and held to the limit of a field together.
        limit = self.max_form_memory_size
        if limit is not None and content_length is not None and content_length > limit:
            self.over_limit = FieldOverLimit("urlencoded", size=content_length)
            raise RequestEntityTooLarge()
        body = stream.read() if limit is None else _read_at_most(stream, limit + 1)
        if limit is not None and len(body) > limit:  # sent without a length
            self.over_limit = FieldOverLimit("urlencoded")
            raise RequestEntityTooLarge()
        # Raw bytes and percent-escapes alike become the characters of their bytes.
        pairs = parse_qsl(body.decode(BYTES_AS_TEXT), keep_blank_values=True, encoding=BYTES_AS_TEXT)
        # werkzeug counts a multipart form's parts only; each field here is one, held to the same limit.
        if self.max_form_parts is not None and len(pairs) > self.max_form_parts:
            self.too_many_parts = True
            raise RequestEntityTooLarge()
        return stream, self._decoded(pairs), self.cls()

    def _decoded(self, pairs) -> MultiDict:
        """The form of the (name, value) pairs, each held as its bytes, decoded as UTF-8."""
        fields = []
        for name, value in pairs:
            name = self._text(name, None)
            fields.append((name, self._text(value, name)))
        return self.cls(fields)

    def _text(self, held: str, field: str | None) -> str:
        """`held`, a field's value (or, for `field` None, a field's name) as its bytes, decoded as
        UTF-8; noted in `refusal` when it is not."""
        raw = held.encode(BYTES_AS_TEXT)
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError as error:
            if self.refusal is None:
                what = f"the field {quoted(field)}" if field is not None else "a field's name"
                self.refusal = (f"{what} is not valid UTF-8: the byte 0x{raw[error.start]:02x} at offset {error.start} "
                                "cannot be read; send the form's text as UTF-8")
            return raw.decode("utf-8", "replace")


class BodyCutShort(ClientDisconnected):
    """A request body that ended before the bytes its Content-Length gives (a client stopped, a
    connection dropped): a 400 naming how many arrived, raised as it is read, before anything is
    stored."""

    def __init__(self, arrived: int, expected: int) -> None:
        super().__init__(f"the request body was cut short: {arrived} of the {expected} bytes its Content-Length "
                         "gives arrived; nothing was stored: send the whole body again")


class _WholeBody(LimitedStream):
    """A request body read up to its Content-Length (`limit`), and no further; it raises
    BodyCutShort where it ends before that (werkzeug's own stream raises a ClientDisconnected that
    says nothing of the body)."""

    def on_disconnect(self, error: Exception | None = None) -> None:
        raise BodyCutShort(self.tell(), self.limit) from error


class FormRequest(Request):
    """A request whose form is read by `UTF8FormParser`: `form_refusal` says why a field is refused,
    `form_has_too_many_parts` whether the form was refused for its number of parts; and whose body,
    however it is read, is held to its Content-Length (`stream`)."""

    form_data_parser_class = UTF8FormParser
    _form_parser: UTF8FormParser | None = None

    @cached_property
    def stream(self) -> IO[bytes]:
        """werkzeug's input stream, but a body with a Content-Length is read as `_WholeBody` whatever
        the server: one cut short is refused (`BodyCutShort`), read raw or as a url-encoded or
        multipart form. werkzeug trusts a server that ends the body itself (`wsgi.input_terminated`)
        to give it whole, and gunicorn, which does, hands over the bytes that arrived as if they were
        all: the rows that came would be stored as if they were every one."""
        # werkzeug's checks first: a shallow request, a Content-Length over the body's limit (413).
        stream = super().stream
        if self.content_length is None:
            return stream  # sent without one (chunked): werkzeug holds it to the body's limit
        return _WholeBody(self.input_stream, self.content_length)

    def _get_file_stream(self, total_content_length: int | None, content_type: str | None,
                         filename: str | None = None, content_length: int | None = None) -> IO[bytes]:
        """A form's file part held as werkzeug holds it, in memory then in a temporary file, but in
        memory where the temporary folder refuses it (full, read-only, gone): `held_files.HeldFile`."""
        return HeldFile()

    def make_form_data_parser(self) -> FormDataParser:
        self._form_parser = super().make_form_data_parser()
        self._form_parser.content_type = self.headers.get("Content-Type", "")
        return self._form_parser

    @property
    def form_refusal(self) -> str | None:
        """What the first form field that is not UTF-8 is, in words; None when every one is (or
        when the request's form was not read)."""
        return self._form_parser.refusal if self._form_parser is not None else None

    @property
    def form_unreadable(self) -> str | None:
        """Why the request's body cannot be read as a form at all (cut short, a multipart one without
        a boundary), in words; None when it can (or when the request's form was not read)."""
        return self._form_parser.unreadable if self._form_parser is not None else None

    def form_field_type(self, name: str) -> str | None:
        """The Content-Type the multipart part of the form's field `name` declares (a CSV sent as a plain
        field, `curl -F 'file=<a.csv;type=text/csv'`); None where it declares none, or is no field."""
        return self._form_parser.field_types.get(name) if self._form_parser is not None else None

    @property
    def form_over_limit(self) -> FieldOverLimit | None:
        """What of the form was over the limit a form field may hold (`max_form_memory_size`), where
        reading it stopped (RequestEntityTooLarge) at that limit; else None."""
        return self._form_parser.over_limit if self._form_parser is not None else None

    @property
    def form_has_too_many_parts(self) -> bool:
        """Whether reading the form stopped (RequestEntityTooLarge) at more parts than a form may
        have (`max_form_parts`), rather than at too many bytes."""
        return self._form_parser is not None and self._form_parser.too_many_parts
