"""The data files a chart's data and a dataset's rows are answered as: CSV, or JSON holding the rows
after the answer's other fields, whole or written a piece at a time."""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

import pandas as pd

from ..export import csv_pieces, frame_csv, frame_json_rows, json_row_pieces
from ..responses import json_response, json_text

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
