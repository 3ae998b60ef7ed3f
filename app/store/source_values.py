"""A source database's columns and values as the site's: the same types and dtypes as a CSV file's.

Column types are mapped onto the site's four (integer, float, datetime, text): from SQLAlchemy's
reflected types or PostgreSQL's type OIDs (SQLite's query results carry no types:
`source_columns` counts their values by kind), an integer column with a NULL left integer.
Rows become a DataFrame with the dtypes a CSV of the same data would get, but for such a column, whose
integers stay exact beside their missing values (pandas' nullable Int64, where a CSV's are float): what is no value of its
column's type is a missing value, as in a CSV file (NaN and the infinities in a column of numbers,
the text SQLite keeps in one, PostgreSQL's infinite dates), -0.0 is 0.0, and a column of another
type, such as a boolean, an enum or a uuid, is text as the database spells it.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import types as sqltypes

from .csv_types import LONG_FRACTION
from .frames import columns_of
from .types import Column

# An SQLite moment's text as both SQLite's date functions and pandas read it (`_is_moment`): a
# date, then optionally a time after one 'T' or space, with seconds and a fraction optional, and a
# UTC offset (SQLite's: at most 14 hours, written with a colon) or a 'Z', which SQLite also takes
# in lower case and after spaces (`_moment_text` writes it as pandas reads it). A lower-case 'T'
# neither reads: a column holding one is read upper-cased by the database (`Reading.lower_t`); nor
# does SQLite an offset without its colon: a column ending in one is read with it (`Reading.short_offsets`).
# `SqliteFunctions.present` holds SQL to the same.
SPACES = "[ \t\n\v\f\r]*"
SQLITE_MOMENT = re.compile(r"(?P<date>[0-9]{4}-[0-9]{2}-[0-9]{2})(?:(?P<time>[T ][0-9]{2}:[0-9]{2}"
                           r"(?::[0-9]{2}(?:\.[0-9]+)?)?)" + SPACES +
                           r"(?P<zone>[Zz]|[+-](?:0[0-9]|1[0-4]):[0-5][0-9])?" + SPACES + ")?")
# The moments of the years 1 to 9999 in UTC, as SQLite's date functions hold them: past the last,
# what they round up to the next millisecond, the year 10000.
SQLITE_FIRST = pd.Timestamp("0001-01-01", tz="UTC")
SQLITE_PAST_LAST = pd.Timestamp("9999-12-31T23:59:59.9995", tz="UTC")
# PostgreSQL's text types (text, varchar, char, name): a query's columns of any other type the site
# reads as text (boolean, an enum, uuid, json …) are turned into text by the database.
POSTGRES_TEXT_OIDS = frozenset({25, 1043, 1042, 19})
# PostgreSQL's single-precision float (`real`): read as the double of its shortest decimal
# (`SqlFunctions.as_double`).
POSTGRES_FLOAT4_OID = 700
# What a blob arrives as: a missing value in any column.
BLOB_TYPES = (bytes, bytearray, memoryview)


def site_type(sql_type: Any) -> str:
    """integer, float, datetime or text for a column's SQLAlchemy type (anything else is text)."""
    if isinstance(sql_type, sqltypes.Boolean):
        return "text"
    if isinstance(sql_type, sqltypes.Integer):
        return "integer"
    if isinstance(sql_type, (sqltypes.Float, sqltypes.Numeric)):  # REAL, DOUBLE, NUMERIC, DECIMAL
        return "float"
    if isinstance(sql_type, (sqltypes.DateTime, sqltypes.Date)):
        return "datetime"
    return "text"


def read_as_text(sql_type: Any) -> bool:
    """Whether a reflected column is text to the site without holding text itself (a boolean, an
    enum, a uuid, JSON …): the database turns it into text (`SqlFunctions.as_text`)."""
    holds_text = isinstance(sql_type, sqltypes.String) and not isinstance(sql_type, sqltypes.Enum)
    return site_type(sql_type) == "text" and not holds_text


def postgres_type(type_code: int) -> str:
    """The site's type of a query's result column from its PostgreSQL type OID."""
    kinds = {20: "integer", 21: "integer", 23: "integer", 26: "integer",  # int8, int2, int4, oid
             700: "float", 701: "float", 1700: "float",  # float4, float8, numeric
             1082: "datetime", 1114: "datetime", 1184: "datetime"}  # date, timestamp, timestamptz
    return kinds.get(type_code, "text")


def _is_moment(value: Any) -> bool:
    """Whether a value of a date column may be a moment: a date or datetime (PostgreSQL), or text
    of the form `SQLITE_MOMENT` (SQLite). A number is none: SQLite reads one as a julian day, pandas
    as something else ('2024', which a DATE column stores as the integer 2024, as a year), so it is
    a missing value in both (`SqliteFunctions.moment`); so is text only one of them reads
    ('2024-05-01T12' and '+0200' pandas, 'now' and '2024-05-01TT12:00' SQLite), though a column of
    text ending in '+0200' or '+02' is read with the offset's colon written (`Reading.short_offsets`)."""
    return isinstance(value, dt.date) or (isinstance(value, str) and SQLITE_MOMENT.fullmatch(value) is not None)


def _moments(values: Sequence[Any]) -> pd.Series:
    """Values as UTC moments, NaT where one is none (`_is_moment`): read in UTC, as text with a UTC
    offset next to text without one (or with 'Z') is no error then, as the column is read. Text of
    no real date or time ('2024-02-30', '24:00'), or outside the years 1 to 9999 once in UTC, is
    none, as to `SqliteFunctions.present`."""
    kept = [_moment_text(v) if isinstance(v, str) else v if _is_moment(v) else None for v in values]
    moments = pd.to_datetime(pd.Series(kept, dtype=object), format="ISO8601", errors="coerce", utc=True)
    texts = np.array([isinstance(v, str) for v in kept], dtype=bool)
    if texts.any():
        outside = ((moments < SQLITE_FIRST) | (moments >= SQLITE_PAST_LAST)).to_numpy(dtype=bool)
        moments[texts & outside] = pd.NaT
    return moments


def _moment_text(value: str) -> str | None:
    """SQLite's text of a moment (`SQLITE_MOMENT`) as pandas reads it: no spaces after the time, an
    upper-case 'Z', no digits past the microsecond (the rows keep microseconds; pandas reads
    nanoseconds only within the years 1677 to 2262, and one such text left the others out of
    range); None for other text."""
    found = SQLITE_MOMENT.fullmatch(value)
    if found is None:
        return None
    written = found["date"] + (found["time"] or "") + (found["zone"] or "").upper()
    return LONG_FRACTION.sub(r"\1", written)


def _datetimes(values: Sequence[Any]) -> pd.Series:
    """Moments as naive UTC datetime64[us]: ISO text (SQLite), dates and datetimes, aware or not."""
    return _moments(values).dt.tz_convert(None).astype("datetime64[us]")


def _number(value: Any) -> float:
    """A value of a number column as a float; NaN for one that is no number. SQLite keeps what a
    column of numbers could not take as it was written: '' from an import, 'n/a', a blob (never a
    number, whatever its bytes: float() would read b'12')."""
    if isinstance(value, BLOB_TYPES):
        return np.nan
    try:
        return float(value)
    except (TypeError, ValueError):
        return np.nan


def column_series(column_type: str, values: Sequence[Any]) -> pd.Series:
    """One column of a source's rows as a Series of its type's dtype. A source's integer column holds
    integers alone (`source_columns`), read exactly: int64, or Int64 where it holds a NULL, so that an
    integer past 2**53 is no double (9007199254740993 no 9007199254740992.0); an aggregate's with no
    value somewhere is float but for that."""
    if column_type == "integer" and all(isinstance(v, int) for v in values):
        return pd.Series(np.array(values, dtype=np.int64))
    if column_type == "integer" and all(v is None or isinstance(v, int) for v in values):
        return pd.Series(pd.array(values, dtype="Int64"))
    if column_type in ("integer", "float"):
        try:
            numbers = np.array(values, dtype=np.float64)  # None is NaN
        except (TypeError, ValueError):
            numbers = np.array([_number(v) for v in values], dtype=np.float64)
        numbers[np.isinf(numbers)] = np.nan  # as a CSV file reads them (a numeric too large for a double too)
        # -0.0 as 0.0, as the stores and a CSV file give it (`frames.unsigned_zeros`): PostgreSQL
        # keeps the sign, in a table and in a min, max or sum of its values. Adding 0.0 changes no other value.
        numbers += 0.0
        return pd.Series(numbers)
    if column_type == "datetime":
        return _datetimes(values)
    return pd.Series([None if v is None else text_of(v) for v in values], dtype="str")


def text_of(value: Any) -> str | None:
    """A value of a text column as text; None for a blob (SQLite keeps one in any column), a missing
    value as the database reads it (`SqlFunctions.without_blobs`): its bytes are no text, and read
    as UTF-8 they held U+FFFD and NULs."""
    if isinstance(value, BLOB_TYPES):
        return None
    return str(value)


def rows_frame(columns: Sequence[Column], rows: Sequence[Sequence[Any]]) -> pd.DataFrame:
    """Rows (tuples in the order of `columns`) as a DataFrame with the columns' names and types."""
    values = columns_of(rows, len(columns))
    return pd.DataFrame({c.name: column_series(c.type, v) for c, v in zip(columns, values)})

