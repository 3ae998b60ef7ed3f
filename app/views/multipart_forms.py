"""A multipart form's parts read as their bytes, with what a refusal of the form says: which limit
reading it stopped at (`FieldOverLimit`, `_FieldBytesParser.too_many_parts`), or why the body cannot
be read as the parts its boundary separates (`_unreadable_form`, `_boundary_problem`). `forms`
decodes the fields it reads as UTF-8, and the request reads its form through it (`forms.FormRequest`).
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from itertools import chain
from typing import Any, Literal

from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.formparser import MultiPartParser
from werkzeug.sansio.multipart import Data, Epilogue, Field, File, MultipartDecoder, NeedData, State

# Every byte one character and back (`str.encode` of the same): a field's bytes held as text.
BYTES_AS_TEXT = "latin-1"
# The boundary parameter of a Content-Type as it was sent: quoted (to its closing quote) or not (to
# the next ";").
BOUNDARY_PARAMETER = re.compile(r';\s*boundary\s*=\s*("(?:[^"\\]|\\.)*"?|[^;]*)', re.IGNORECASE | re.ASCII)
# The characters but letters, digits and space that RFC 2046 allows in a boundary.
BOUNDARY_PUNCTUATION = "'()+_,-./:=?"


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
    # The Content-Type each field part declares, by the field's name, where its part has one.
    field_types: dict[str, str]

    def parse(self, stream, boundary: bytes, content_length: int | None) -> tuple[MultiDict, MultiDict]:
        # werkzeug's loop over the same decoder, but for what it notes.
        limit = self.max_form_memory_size
        decoder = MultipartDecoder(boundary, max_form_memory_size=limit, max_parts=self.max_form_parts)
        fields, files = [], []
        self.field_types = {}
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
                        if isinstance(event, Field) and "Content-Type" in event.headers:
                            self.field_types.setdefault(event.name, event.headers["Content-Type"])
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
