"""Rows read from the database as a DataFrame with the dtypes a CSV of the same data would get.

integer -> int64, float -> float64, datetime -> datetime64[us], text -> pandas str, its line
breaks as line feeds, as an upload's are. Datetimes arrive as ISO 8601 text (SQLite) or as
datetime objects (PostgreSQL); both read the same. A float of -0.0 is stored as 0.0 by both
(`unsigned_zero_rows`): SQLite stores a whole float as an integer, which has no sign.
"""
from __future__ import annotations

from collections.abc import Sequence
from math import copysign
from operator import itemgetter

import numpy as np
import pandas as pd

from .cell_values import with_line_feeds
from .types import Column, DatasetInfo, DatasetReplaced


def column_series(column_type: str, values: Sequence) -> pd.Series:
    """One column's values as a Series of the column type's dtype."""
    if column_type == "integer":
        return pd.Series(np.array(values, dtype=np.int64))
    if column_type == "float":
        return pd.Series(np.array(values, dtype=np.float64))
    if column_type == "datetime":
        parsed = pd.to_datetime(pd.Series(values, dtype=object), format="ISO8601")
        return parsed.astype("datetime64[us]")
    # Text stored before uploads kept line breaks as line feeds may hold CRLF or a lone CR.
    return with_line_feeds(pd.Series(values, dtype="str"))


def columns_frame(columns: Sequence[Column], values: Sequence[Sequence]) -> pd.DataFrame:
    """Each column's values (in column order) as a DataFrame with the dataset's column names and types."""
    return pd.DataFrame({c.name: column_series(c.type, column) for c, column in zip(columns, values)})


def frame_bytes(frame: pd.DataFrame) -> int:
    """The memory a frame holds, its strings included."""
    return int(frame.memory_usage(deep=True).sum())


def check_columns(frame: pd.DataFrame, info: DatasetInfo, columns: Sequence[str]) -> None:
    """Raise DatasetReplaced (503, try again) when one of `columns` is not among those of `frame`, the
    rows of dataset `info` at its version: the caller found it in an earlier version, and the dataset
    was replaced since by one without it."""
    missing = [column for column in columns if column not in frame.columns]
    if missing:
        raise DatasetReplaced(info.name, missing)


def read_columns(frame: pd.DataFrame, info: DatasetInfo, columns: Sequence[str]) -> pd.DataFrame:
    """`columns` of `frame`, the rows of dataset `info` at its version; raises DatasetReplaced where
    one is not among them (`check_columns`)."""
    check_columns(frame, info, columns)
    return frame.loc[:, list(columns)]


def columns_of(rows: Sequence[tuple], count: int) -> list[list]:
    """Rows of `count` values as a list of values per column (`count` empty lists for no rows). Not `zip(*rows)`: its iterator per
    row, millions of objects the garbage collector then walks again and again, took ten times as
    long (5 s for 2,000,000 rows of two columns)."""
    return [list(map(itemgetter(i), rows)) for i in range(count)]


def unsigned_zeros(frame: pd.DataFrame, floats: Sequence[str]) -> pd.DataFrame:
    """`frame` with each -0.0 of its `floats` columns as 0.0, as the store gives it back (a new
    frame where there is one)."""
    signed = [name for name in floats if bool((np.signbit(frame[name]) & (frame[name] == 0)).any())]
    if not signed:
        return frame
    # Adding 0.0 makes -0.0 0.0 and leaves every other value, NaN too, as it is.
    return frame.assign(**{name: frame[name] + 0.0 for name in signed})


def unsigned_zero_rows(rows: Sequence[tuple], floats: Sequence[int]) -> Sequence[tuple]:
    """`rows` with each -0.0 at the positions `floats` as 0.0 (a new list where one holds one), as
    SQLite stores it: PostgreSQL keeps the sign, and a dataset's rows would read otherwise there."""
    # A column is looked through for a zero first, at C's speed (-0.0 == 0.0); most hold none.
    signed = [i for i in floats if 0.0 in map(itemgetter(i), rows)
              and any(_minus_zero(value) for value in map(itemgetter(i), rows))]
    if not signed:
        return rows
    return [tuple(value + 0.0 if i in signed and _minus_zero(value) else value for i, value in enumerate(row))
            if any(_minus_zero(row[i]) for i in signed) else row for row in rows]


def _minus_zero(value: object) -> bool:
    return value == 0 and copysign(1.0, value) < 0  # None, a missing value, is never 0
