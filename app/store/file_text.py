"""A file's bytes read as UTF-8 text, one leading byte-order mark dropped, and refused in the words
an upload is refused with where they are not: text in UTF-16 or UTF-32, bytes that are not UTF-8,
text that begins with two byte-order marks. An upload's CSV or JSON, a data-folder CSV file, a sample
file and the dashboard and sources files are all read so.
"""
from __future__ import annotations

from .csv_headers import BYTE_ORDER_MARK
from .upload_limits import line_at


# Text that begins with two marks was mangled on its way; the second would begin the name of its
# first column (pandas drops one mark, as an upload does).
TWO_MARKS = ("begins with the byte-order mark U+FEFF twice; UTF-8 text may begin with one at most: remove the "
             "second (an invisible character)")

# Byte-order marks of the wide encodings, UTF-32's first: its little-endian mark begins as UTF-16's.
WIDE_MARKS = ((b"\xff\xfe\x00\x00", "UTF-32"), (b"\x00\x00\xfe\xff", "UTF-32"),
              (b"\xff\xfe", "UTF-16"), (b"\xfe\xff", "UTF-16"))


def wide_encoding(raw: bytes) -> str | None:
    """"UTF-16" or "UTF-32" when `raw` begins as text in one does, else None: with its byte-order
    mark, or without one with its NUL bytes, which a CSV or JSON in UTF-8 holds none of (a NUL is
    refused in every uploaded value and name): the high bytes of the characters below U+0100 in UTF-16, little- or
    big-endian, and the two high bytes of every character below U+10000 in UTF-32."""
    for mark, kind in WIDE_MARKS:
        if raw.startswith(mark):
            return kind
    head = raw[:64]
    head = head[: len(head) // 4 * 4]
    if 0 not in head:
        return None
    if not any(head[2::4] + head[3::4]) or not any(head[0::4] + head[1::4]):
        return "UTF-32"
    for high, low in ((head[1::2], head[0::2]), (head[0::2], head[1::2])):
        # The commas, digits and ASCII letters among the first characters, a quarter of them at least.
        if 0 not in low and high.count(0) >= max(2, len(high) / 4):
            return "UTF-16"
    return None


def line_of_byte(raw: bytes, offset: int) -> int:
    """The number (from 1) of the line of a file's bytes `raw`, UTF-8 before `offset`, that the byte at
    `offset` is on: a line ended by a carriage return alone counted, as the reader ends one."""
    return line_at(raw[:offset].decode(), offset)


def not_utf8(raw: bytes, error: UnicodeDecodeError) -> str:
    """Why `raw` is not UTF-8 text (`error`: decoding all of it), as words that follow "the CSV" or
    "it": the first byte that cannot be read, its line, which a text editor finds where an offset
    means nothing to a spreadsheet's user, and its offset in the file."""
    line = line_of_byte(raw, error.start)
    return f"is not valid UTF-8: the byte 0x{raw[error.start]:02x} on line {line} (at offset {error.start}) cannot be read"


# What to do with a file that is not UTF-8 text, and with a CSV one: a CSV Excel saved as "CSV (Comma delimited)"
# is in the computer's code page (Windows-1252, a £ the byte 0xa3), while its "CSV UTF-8 (Comma delimited)" is UTF-8.
SAVE_AS_UTF8 = "save the file as UTF-8"
SAVE_CSV_AS_UTF8 = 'save the file as UTF-8 (in Excel, Save As with the type "CSV UTF-8 (Comma delimited)")'


class NotUtf8(ValueError):
    """`utf8_text`'s refusal of bytes UTF-8 cannot read: `problem`, the first such byte (`not_utf8`), then
    what to do, SAVE_AS_UTF8; a CSV's refusal says what to do in Excel (`csv_advice`)."""

    def __init__(self, problem: str):
        super().__init__(f"{problem}; {SAVE_AS_UTF8}")
        self.problem = problem

    def csv_advice(self, instead: str) -> str:
        """The refusal of a CSV: `problem`, then how Excel saves it as UTF-8, or `instead` ("upload the Excel
        workbook (.xlsx) itself")."""
        return f"{self.problem}; {SAVE_CSV_AS_UTF8}, or {instead}"


class TwoMarks(ValueError):
    """`utf8_text`'s refusal of text that begins with two byte-order marks (`TWO_MARKS`), which an
    upload asks to be sent again without the second."""


def utf8_text(raw: bytes) -> str:
    """The UTF-8 text of a file's bytes `raw`, a leading byte-order mark dropped; raises ValueError
    saying why they are not, in words that follow "the file" or "it": wide text (`wide_encoding`),
    a byte UTF-8 cannot read (`not_utf8`), or a second mark (`TWO_MARKS`), refused rather than
    dropped: a file holding two was mangled on its way."""
    wide = wide_encoding(raw)
    if wide is not None:
        raise ValueError(f"looks like {wide} text; save it as UTF-8")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise NotUtf8(not_utf8(raw, error)) from None
    text = text.removeprefix(BYTE_ORDER_MARK)
    if text.startswith(BYTE_ORDER_MARK):
        raise TwoMarks(TWO_MARKS)
    return text
