"""A chart's and a dataset's rows are written as CSV and JSON a column at a time, and every byte is the
one the CSV writer, and the JSON rows, made of them a row at a time."""
from __future__ import annotations

import json
import time

import numpy as np
import pandas as pd
import pytest

from app import export
from app.export import (
    PastDeadline,
    csv_chunks,
    csv_pieces,
    frame_csv,
    frame_json_rows,
    json_row_pieces,
    pieces_date_formats,
    writing_until,
)
from benchmarks.export_rows import rows_one_by_one_csv, rows_one_by_one_json

TEXTS = ["plain", "a,b", 'say "hi"', "two\nlines", "cr\ralone", "crlf\r\n", "=1+2", "+1", "-1", "@SUM(A1)",
         "\tx", "\rx", " ", "\t", "", None, float("nan"), "\u2028", "é ü 中", "a\x00b", "'quoted'", ",", '"']
FLOATS = [0.1 + 0.2, float("nan"), float("inf"), float("-inf"), -0.0, 1e16, 1e-7, 5e-324, 1.7976931348623157e308,
          -1.5, 100.0, 123456789.123, 2.0**53, -1e-300, 0.5, 3.0, 7.25, 1e22, 42.0, -3.5, 8.0, 9.5, 10.0]
N = len(TEXTS)


def awkward() -> pd.DataFrame:
    """Every kind of column a chart's or dataset's rows hold, with the values a writer may trip on."""
    moments = pd.Series(pd.date_range("2024-01-01", periods=N, freq="37min", tz="UTC"))
    moments[3] = pd.NaT
    moments[4] = pd.Timestamp("2024-01-02T00:00:00.25Z")
    mixed = [pd.Timestamp("2024-05-01T06:00:00", tz="UTC"), 1.5, 2, "=x", None, True, float("nan"), "a,b",
             pd.NA, np.float64(2.5), np.int64(7), -0.0] * 2
    return pd.DataFrame({
        "when": moments,
        "day": pd.Series(pd.date_range("2024-01-01", periods=N, freq="D")),
        'a "quoted", name': FLOATS,
        "=formula name": range(-5, N - 5),
        "big": [2**63 - 1, -(2**63)] + list(range(N - 2)),
        "maybe": pd.array([1, None] * (N // 2) + [3], dtype="Int64"),
        "flag": [True, False] * (N // 2) + [True],
        "text": TEXTS,
        "string": pd.array(TEXTS, dtype="string"),
        "mixed": mixed[:N],
        "unsigned": np.arange(N, dtype=np.uint8),
        "single": np.arange(N, dtype=np.float32) / 3,
    })


@pytest.mark.parametrize("columns", [None, ["text"], ["string"], ["a \"quoted\", name"], ["when"], ["mixed"]])
def test_a_frame_is_written_byte_for_byte_as_a_row_at_a_time(columns):
    frame = awkward() if columns is None else awkward()[columns]
    assert frame_csv(frame) == rows_one_by_one_csv(frame)
    assert json.dumps(frame_json_rows(frame)) == json.dumps(rows_one_by_one_json(frame))


def test_a_column_alone_of_blank_and_white_space_cells_is_written_as_a_row_at_a_time():
    frame = pd.DataFrame({"s": ["", " ", "\t", None, "x", "\u3000", '"']})
    assert frame_csv(frame) == rows_one_by_one_csv(frame) == 's\n""\n" "\n\'\t\n""\nx\n"\u3000"\n""""\n'


@pytest.mark.parametrize("frame", [pd.DataFrame(index=range(3)), pd.DataFrame({"a": []}), pd.DataFrame()])
def test_a_frame_without_columns_or_rows_is_written_as_a_row_at_a_time(frame):
    assert frame_csv(frame) == rows_one_by_one_csv(frame)
    assert frame_json_rows(frame) == rows_one_by_one_json(frame)


def test_rows_written_in_pieces_and_blocks_are_the_same_bytes():
    frame = pd.concat([awkward()] * 100, ignore_index=True)  # more rows than a block holds
    assert len(frame) > export.ROWS_BETWEEN_CHECKS
    assert "".join(csv_chunks(frame, 700)) == rows_one_by_one_csv(frame)
    pieces = [frame.iloc[start:start + 900] for start in range(0, len(frame), 900)]
    formats = pieces_date_formats(pieces)
    assert "".join(csv_pieces(frame.columns, pieces, formats)) == rows_one_by_one_csv(frame)
    assert [row for rows in json_row_pieces(pieces, formats) for row in rows] == rows_one_by_one_json(frame)


def test_writing_stops_at_the_deadline_between_blocks():
    frame = pd.DataFrame({"n": range(3 * export.ROWS_BETWEEN_CHECKS)})
    with pytest.raises(PastDeadline, match="0 of them written"):
        writing_until(time.monotonic() - 1, lambda: frame_csv(frame))
