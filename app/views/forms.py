"""A form's fields as UTF-8 text: a field whose bytes are not UTF-8 is refused, naming the field.

werkzeug 3 reads a multipart field that is not UTF-8 with replacement characters ("caf\ufffd"),
keeps an url-encoded one's undecodable escapes as they were written ("caf%E9"), and takes no
setting to refuse either (its decoding is fixed). The site's requests read their forms with
`UTF8FormParser` instead, which keeps each field's bytes until it has decoded them itself;
`base.refuse_form_problems`, which every view that takes a form calls on it (on the form
`base.sent_form` or `base.site_form` gave), refuses the first field that is not
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

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from itertools import chain
from typing import IO, Any, Literal
from urllib.parse import parse_qsl

from flask import Request
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.exceptions import ClientDisconnected, RequestEntityTooLarge
from werkzeug.formparser import FormDataParser, MultiPartParser
from werkzeug.sansio.multipart import Data, Epilogue, Field, File, MultipartDecoder, NeedData, State
from werkzeug.utils import cached_property
from werkzeug.wsgi import LimitedStream

from plots.text import quoted

# Every byte one character and back (`str.encode` of the same): a field's bytes held as text.
BYTES_AS_TEXT = "latin-1"
# The boundary parameter of a Content-Type as it was sent: quoted (to its closing quote) or not (to
# the next ";").
BOUNDARY_PARAMETER = re.compile(r';\s*boundary\s*=\s*("(?:[^"\\]|\\.)*"?|[^;]*)', re.IGNORECASE | re.ASCII)
# The characters but letters, digits and space that RFC 2046 allows in a boundary.
BOUNDARY_PUNCTUATION = "'()+_,-./:=?"
_READ_PIECE = 64 * 1024  # bytes asked of a stream at once: a limit of any size asks for no more


@dataclass(frozen=True)
class FieldOverLimit:
    """What of a form was over the limit a form field may hold (`max_form_memory_size`), by `kind`:
    a multipart form's field (`name`, and its `size` in bytes where it is known); a url-encoded
    form's fields, held to it together (`size` the body's length where it is given); or a multipart
    body's bytes read in a part's headers (`parts`)."""

    kind: Literal["field", "urlencoded", "parts"]
    name: str | None = None
    size: int | None = None


class _NamelessPart(ValueError):
    """A multipart part whose Content-Disposition names no field (`form-data` without `name=`)."""


class _FieldBytesParser(MultiPartParser):
    """werkzeug's multipart parser, each field read as its bytes (`BYTES_AS_TEXT`), whatever
    charset its part declares: a form's text is UTF-8, as a file part's is. It notes which limit it
    stopped at when it raises RequestEntityTooLarge: `too_many_parts`, or `over_limit`, a field over
    `max_form_memory_size` or a part's headers over it (with the blank line that ends them); a body
    over its own limit is raised by the stream, and noted by neither. A part that names no field is
    a ValueError (`_NamelessPart`), as werkzeug's other refusals of a body are. What follows the
    closing boundary is read to the body's end and dropped: a body sent without a length (chunked)
    is held to the body's limit as it is read, that part of it too.

    The decoder holds the bytes it has not given as events yet (those before the first boundary, a
    part's headers) within `max_form_memory_size`, and refuses a piece that would take it past the
    limit, whatever of the piece it would have given as events: it is given each piece in bites
    that fit the room it has left, so that it refuses headers only once they are over the limit."""

    too_many_parts = False
    over_limit: FieldOverLimit | None = None

    def parse(self, stream, boundary: bytes, content_length: int | None) -> tuple[MultiDict, MultiDict]:
        # werkzeug's loop over the same decoder, but for what it notes.
        limit = self.max_form_memory_size
        decoder = MultipartDecoder(boundary, max_form_memory_size=limit, max_parts=self.max_form_parts)
        fields, files = [], []
        part: Field | File | None = None
        held: Any = None  # the bytes of the part read so far: a list of them for a field, a file for a file
        size = 0
        try:
            for _ in self._fed(decoder, stream):
                event = self._next_event(decoder)
                while not isinstance(event, (Epilogue, NeedData)):
                    if isinstance(event, (Field, File)):
                        if event.name is None:
                            # werkzeug would read it as a field named None.
                            raise _NamelessPart("a part without a name")
                        part, size = event, 0
                        held = [] if isinstance(event, Field) else self.start_file_streaming(event, content_length)
                    elif isinstance(event, Data):
                        size += len(event.data)
                        if isinstance(part, File):
                            held.write(event.data)
                        elif limit is None or size <= limit:
                            held.append(event.data)
                        else:
                            # Counted to its end, for the refusal to say its size, but not kept.
                            self.over_limit, held = FieldOverLimit("field", part.name), []
                        if not event.more_data and self.over_limit is not None:
                            self.over_limit = FieldOverLimit("field", part.name, size)
                            raise RequestEntityTooLarge()
                        if not event.more_data and isinstance(part, Field):
                            fields.append((part.name, b"".join(held).decode(BYTES_AS_TEXT)))
                        elif not event.more_data:
                            held.seek(0)
                            files.append((part.name, FileStorage(held, part.filename, part.name,
                                                                 headers=part.headers)))
                    event = self._next_event(decoder)
        except ValueError:
            # A body cut short in a field over the limit: that field is refused, its size untold.
            if self.over_limit is not None:
                raise RequestEntityTooLarge() from None
            raise
        return self.cls(fields), self.cls(files)

    def _fed(self, decoder: MultipartDecoder, stream) -> Iterator[None]:
        """Give `decoder` the body of `stream`, then its end (None), in bites (`_bites`), yielding after
        each for its events to be taken; once it has read the closing boundary, read the rest of the
        body and drop it: no part of the form, but of the body, which the stream holds to the body's
        limit (RequestEntityTooLarge past it)."""
        for piece in chain(iter(partial(stream.read, self.buffer_size), b""), [None]):
            for data in self._bites(decoder, piece):
                decoder.receive_data(data)
                yield
                if decoder.state is State.EPILOGUE:
                    while stream.read(self.buffer_size):
                        pass
                    return

    def _bites(self, decoder: MultipartDecoder, piece: bytes | None) -> Iterator[bytes | None]:
        """`piece` in bites that fit the room the decoder has left within the limit, each sized once it
        has given the events of the one before. With no room left it holds a limit's worth of bytes
        before the first boundary (a ValueError: the body is not of the parts its boundary
        separates), or of a part's headers, which are then over the limit (RequestEntityTooLarge)."""
        limit = self.max_form_memory_size
        if piece is None or limit is None:
            yield piece
            return
        at = 0
        while at < len(piece):
            room = limit - len(decoder.buffer)
            if room <= 0:
                if decoder.state is State.PREAMBLE:
                    raise ValueError("no boundary within the field limit")
                self.over_limit = FieldOverLimit("parts")
                raise RequestEntityTooLarge()
            yield piece[at:at + room]
            at += room

    def _next_event(self, decoder: MultipartDecoder):
        """The decoder's next event; notes `too_many_parts` when it refuses a part past the limit."""
        try:
            return decoder.next_event()
        except RequestEntityTooLarge:
            # The decoder raises it here for a part past `max_parts` only.
            self.too_many_parts = True
            raise


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
    if isinstance(error, _NamelessPart):
        problem = "a part of the form has no name (each part's Content-Disposition names its field)"
    elif "Content-Disposition" in str(error):
        problem = "a part has no Content-Disposition header (form-data; name=\"...\") naming its field"
    elif delimiter_seen:
        problem = f"it ends before its closing boundary (--{shown}--): it was cut short"
    else:
        problem = (f"none of its parts begins with the boundary its Content-Type names (--{shown}), so "
                   "none can be found")
    return (f"the form's body cannot be read as multipart/form-data: {problem}; send the whole form, as a client "
            "writes it (curl -F, a browser)")


def _boundary_problem(content_type: str, boundary: str) -> str | None:
    """Why a multipart body cannot be read for the boundary its Content-Type names (`content_type`,
    the header as it was sent; `boundary`, the parameter as werkzeug reads it, which drops a value
    that is not ASCII or cuts it short where that begins): none, or one that is not ASCII. None
    when the boundary can separate the body's parts."""
    sent = BOUNDARY_PARAMETER.search(content_type)
    # A header's bytes come as the characters of the same codes; a parameter werkzeug decoded
    # (boundary*=UTF-8''%C3%A9) holds characters.
    for value, unit in ((sent[1].strip(" \t").strip('"') if sent else "", "byte"), (boundary, "character")):
        at = next((at for at, character in enumerate(value) if not character.isascii()), None)
        if at is not None:
            code = ord(value[at])
            shown = f"the byte 0x{code:02x}" if unit == "byte" and code < 256 else f"the character U+{code:04X}"
            return ("the form's body cannot be read: the boundary its Content-Type names (multipart/form-data; "
                    f"boundary=...) is not ASCII ({shown} at offset {at} of it); a boundary is ASCII only (RFC 2046: "
                    f"1 to 70 of the letters, digits, spaces and {BOUNDARY_PUNCTUATION}), the same bytes in any "
                    "encoding; send the form as a client writes it (curl -F, a browser), which gives such a boundary")
    if not boundary:
        return ("the form's body cannot be read: its Content-Type multipart/form-data names no boundary "
                "(multipart/form-data; boundary=...), the line that separates its parts; send the form as a client "
                "writes it (curl -F, a browser), which gives the boundary")
    return None


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
