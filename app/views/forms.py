"""A form's fields as UTF-8 text: a field whose bytes are not UTF-8 is refused, naming the field.

werkzeug 3 reads a multipart field that is not UTF-8 with replacement characters ("caf\ufffd"),
keeps an url-encoded one's undecodable escapes as they were written ("caf%E9"), and takes no
setting to refuse either (its decoding is fixed). The site's requests read their forms with
`UTF8FormParser` instead, which keeps each field's bytes until it has decoded them itself;
`base.refuse_form_problems`, which every view that takes a form calls on it (through
`base.request_form`, or on the form `base.site_form` gave), refuses the first field that is not
UTF-8, as a file part with the same bytes is refused.
"""
from __future__ import annotations

from urllib.parse import parse_qsl

from flask import Request
from werkzeug.datastructures import Headers, MultiDict
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.formparser import FormDataParser, MultiPartParser

from plots.text import quoted

# Every byte one character and back (`str.encode` of the same): a field's bytes held as text.
BYTES_AS_TEXT = "latin-1"


class _FieldBytesParser(MultiPartParser):
    """werkzeug's multipart parser, each field read as its bytes (`BYTES_AS_TEXT`), whatever
    charset its part declares: a form's text is UTF-8, as a file part's is. `parts` counts the
    parts read so far (a field once it is whole, a file once it begins)."""

    parts = 0

    def get_part_charset(self, headers: Headers) -> str:
        # Asked once of each field, when its value is whole.
        self.parts += 1
        return BYTES_AS_TEXT

    def start_file_streaming(self, event, total_content_length):
        self.parts += 1
        return super().start_file_streaming(event, total_content_length)


class _DelimiterSeen:
    """A stream that notes whether `delimiter` (a boundary's line, `--` and the boundary) is among
    the bytes read from it (`seen`), and whether any were (`read_any`), for a refusal to tell a body
    cut short from one whose parts its boundary does not separate."""

    def __init__(self, stream, delimiter: bytes) -> None:
        self.stream, self.delimiter = stream, delimiter
        self.seen = self.read_any = False
        self._tail = b""  # the end of the bytes read, where the delimiter may begin

    def read(self, size: int = -1) -> bytes:
        chunk = self.stream.read(size)
        self.read_any = self.read_any or bool(chunk)
        if not self.seen:
            window = self._tail + chunk
            self.seen = self.delimiter in window
            self._tail = window[-(len(self.delimiter) - 1):]
        return chunk


def _unreadable_form(boundary: bytes, delimiter_seen: bool, error: ValueError) -> str:
    """Why a multipart body cannot be read as the parts `boundary` separates (`delimiter_seen`:
    whether it holds the boundary's line; werkzeug's `error` says why in its own words)."""
    shown = boundary.decode("ascii", "replace")
    if "Content-Disposition" in str(error):
        problem = "a part has no Content-Disposition header (form-data; name=\"...\") naming its field"
    elif delimiter_seen:
        problem = f"it ends before its closing boundary (--{shown}--): it was cut short"
    else:
        problem = (f"none of its parts begins with the boundary its Content-Type names (--{shown}), so "
                   "none can be found")
    return (f"the form's body cannot be read as multipart/form-data: {problem}; send the whole form, as a client "
            "writes it (curl -F, a browser)")


class UTF8FormParser(FormDataParser):
    """werkzeug's form parser, each field's name and value decoded as UTF-8 here: one that is not is
    kept as werkzeug reads it (with replacement characters, for a refused form to show what was
    typed), and `refusal` says what the first such field is; `unreadable` says why a multipart body
    cannot be read at all (cut short, no boundary): werkzeug reads such a body as an empty form."""

    refusal: str | None = None
    unreadable: str | None = None
    # Whether the form was refused (RequestEntityTooLarge) for more parts than `max_form_parts`.
    too_many_parts = False

    def _parse_multipart(self, stream, mimetype: str, content_length: int | None, options: dict[str, str]):
        parser = _FieldBytesParser(stream_factory=self.stream_factory, max_form_memory_size=self.max_form_memory_size,
                                   max_form_parts=self.max_form_parts, cls=self.cls)
        boundary = options.get("boundary", "").encode("ascii")
        if not boundary:
            # werkzeug reads such a form as empty, which a view would refuse for a field "missing".
            self.unreadable = ("the form's body cannot be read: its Content-Type multipart/form-data names no boundary "
                            "(multipart/form-data; boundary=...), the line that separates its parts; send the form "
                            "as a client writes it (curl -F, a browser), which gives the boundary")
            raise ValueError("Missing boundary")
        read = _DelimiterSeen(stream, b"--" + boundary)
        try:
            form, files = parser.parse(read, boundary, content_length)
        except UnicodeDecodeError as error:
            # werkzeug decodes a part's headers strictly, and reads the whole form as empty.
            self.refusal = (f"a field's name is not valid UTF-8: the byte 0x{error.object[error.start]:02x} in its "
                            "part's headers cannot be read; send the form's text as UTF-8")
            raise
        except RequestEntityTooLarge:
            # werkzeug says the same for too many parts as for too many bytes. It refuses the headers
            # of the part past the limit, once every part before it is read; a body without a length
            # that runs over the size limit is refused where its stream reaches that limit instead.
            over_size = content_length is None and getattr(stream, "is_exhausted", False)
            self.too_many_parts = (self.max_form_parts is not None and parser.parts >= self.max_form_parts
                                   and not over_size)
            raise
        except ValueError as error:
            # A body cut short, or not of the parts its boundary separates: werkzeug reads it as an
            # empty form. An empty body is one of no fields, which the view names as missing.
            if read.read_any:
                self.unreadable = _unreadable_form(boundary, read.seen, error)
            raise
        return stream, self._decoded(form.items(multi=True)), files

    def _parse_urlencoded(self, stream, mimetype: str, content_length: int | None, options: dict[str, str]):
        if (self.max_form_memory_size is not None and content_length is not None
                and content_length > self.max_form_memory_size):
            raise RequestEntityTooLarge()
        # Raw bytes and percent-escapes alike become the characters of their bytes.
        pairs = parse_qsl(stream.read().decode(BYTES_AS_TEXT), keep_blank_values=True, encoding=BYTES_AS_TEXT)
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


class FormRequest(Request):
    """A request whose form is read by `UTF8FormParser`: `form_refusal` says why a field is refused,
    `form_has_too_many_parts` whether the form was refused for its number of parts."""

    form_data_parser_class = UTF8FormParser
    _form_parser: UTF8FormParser | None = None

    def make_form_data_parser(self) -> FormDataParser:
        self._form_parser = super().make_form_data_parser()
        return self._form_parser

    @property
    def form_refusal(self) -> str | None:
        """What the first form field that is not UTF-8 is, in words; None when every one is (or
        when the request's form was not read)."""
        return self._form_parser.refusal if self._form_parser is not None else None

    @property
    def form_unreadable(self) -> str | None:
        """Why the request's multipart body cannot be read as a form at all, in words; None when it
        can (or when the request's form was not read)."""
        return self._form_parser.unreadable if self._form_parser is not None else None

    @property
    def form_has_too_many_parts(self) -> bool:
        """Whether reading the form stopped (RequestEntityTooLarge) at more parts than a form may
        have (`max_form_parts`), rather than at too many bytes."""
        return self._form_parser is not None and self._form_parser.too_many_parts
