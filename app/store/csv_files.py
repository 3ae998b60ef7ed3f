"""A CSV file's bytes read as typed columns: a data-folder file typed by the rule of `csv_types`
(lenient), and the checks on raw text that an upload shares with it (text in UTF-16 or UTF-32,
text that begins with two byte-order marks).
"""
from __future__ import annotations

import io
import re

import numpy as np
import pandas as pd

from .csv_headers import BYTE_ORDER_MARK, column_names, header_problem, other_separator
from .csv_types import surely_text, typed_column, with_line_feeds
from .types import Column


def _rule_agrees(series: pd.Series) -> bool:
    """Whether pandas' typed column is what the rule gives: int64 (whole numbers in ASCII digits,
    spaces around, within 64 bits, none missing) or float64 (decimal numbers, an empty cell
    missing). Its parser accepts no other words but Infinity, which the lenient rule reads as
    missing as it does a number too large; anything else pandas typed (booleans, integers beyond
    64 bits, text) goes through the rule."""
    return series.dtype == np.dtype(np.int64) or series.dtype == np.dtype(np.float64)


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


def _texts_read(series: pd.Series, strings: np.ndarray, carriage_returns: bool) -> pd.Series:
    """A text column as pandas read it (`strings`: its cells, NaN where missing), made the rule's:
    an empty cell missing (pandas leaves "" in some columns, one holding a number beyond 64 bits,
    say), and line breaks as line feeds, which only a file holding a carriage return needs.
    `series` itself when nothing changes."""
    empty = strings == ""  # numpy compares several times faster than pandas
    texts = series.mask(empty) if empty.any() else series
    return with_line_feeds(texts) if carriage_returns else texts


# How pandas renames a name that a header gives again (`value`, then `value.1`) and names a column
# the header leaves without one (`Unnamed: 2`, the column's position counted from 0).
RENAMED = re.compile(r".+\.[0-9]+|Unnamed: [0-9]+")


def _names_as_written(raw: bytes, names: tuple[str, ...]) -> tuple[str, ...]:
    """The header's names (`column_names`) as the file writes them, where pandas read `names`: it
    renames a name given again (`value`, `value.1`) and names an empty one (`Unnamed: 0`), which
    the header is refused for as an upload's is."""
    if not any(RENAMED.fullmatch(name) for name in names):
        return names
    first = pd.read_csv(io.BytesIO(raw), header=None, nrows=1, dtype=str, keep_default_na=False)
    written = column_names(first.iloc[0])
    return names if len(written) != len(names) else written


def read_csv_columns(raw: bytes) -> tuple[tuple[Column, ...], pd.DataFrame]:
    """A data-folder CSV file typed by the rule (lenient): its columns and its rows.

    pandas reads the file with its own, much faster, typing first; a column it makes int64 or
    float64 is what the rule makes of it (`_rule_agrees`), and every other column is read again as
    text and typed by the rule. Raises ValueError, UnicodeDecodeError or pandas' ParserError for
    bytes that are not CSV (or a CSV whose values are separated by semicolons or tabs, text in
    UTF-16 or UTF-32, or text that begins with two byte-order marks, which an upload may not
    either).
    """
    wide = wide_encoding(raw)
    if wide is not None:
        raise ValueError(f"it looks like {wide} text; save it as UTF-8")
    if raw.startswith(BYTE_ORDER_MARK.encode() * 2):
        raise ValueError(f"it {TWO_MARKS}")
    frame = pd.read_csv(io.BytesIO(raw), keep_default_na=False, na_values=[""])
    separator = other_separator([str(name) for name in frame.columns])
    if separator is not None:
        raise ValueError(f"it separates values with {separator}; save it with commas between values")
    names = _names_as_written(raw, column_names(frame.columns))
    problem = header_problem(names)
    if problem is not None:
        raise ValueError(problem)
    frame.columns = names
    carriage_returns = b"\r" in raw
    kinds: dict[int, str] = {}
    as_text = []
    for position in range(frame.shape[1]):
        series = frame.iloc[:, position]
        if _rule_agrees(series):
            kinds[position] = "integer" if series.dtype == np.dtype(np.int64) else "float"
            if kinds[position] == "float" and np.isinf(series.to_numpy()).any():
                frame.isetitem(position, series.replace([np.inf, -np.inf], np.nan))
        elif isinstance(series.dtype, pd.StringDtype):  # pandas kept the cells as they are, "" as missing
            strings = series.to_numpy(dtype=object)  # str, NaN where missing; no copy of the cells
            if surely_text(cell for cell in strings if isinstance(cell, str)):
                # then pandas' column is the rule's text column, or nearly
                kind, values = "text", _texts_read(series, strings, carriage_returns)
            else:
                kind, values = typed_column(series.fillna("").to_numpy(dtype=object), strict=False)
            kinds[position] = kind
            if values is not series:
                frame.isetitem(position, values.set_axis(frame.index))
        else:
            as_text.append(position)
    if as_text:
        again = pd.read_csv(io.BytesIO(raw), dtype=str, keep_default_na=False, usecols=as_text)
        for offset, position in enumerate(as_text):
            kinds[position], values = typed_column(again.iloc[:, offset], strict=False)
            frame.isetitem(position, values.set_axis(frame.index))
    return tuple(Column(name, kinds[position]) for position, name in enumerate(names)), frame
