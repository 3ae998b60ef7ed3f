"""What every store shares: dataset names, descriptions, the read interface and the errors."""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import pandas as pd
from werkzeug.exceptions import BadRequest, Conflict, NotFound, ServiceUnavailable, UnprocessableEntity

NAME_PATTERN = re.compile(r"^[a-z][a-z0-9_-]{0,62}$")
NAME_RULE = "1 to 63 characters: a lowercase letter, then lowercase letters, digits, - or _"
COLUMN_TYPES = ("integer", "float", "datetime", "text")


class DatasetNotFound(NotFound):
    """No dataset of that name (a 404 whose message lists what there is)."""


class DatasetUnreadable(UnprocessableEntity):
    """A dataset file exists but is not valid CSV."""


class WriteRejected(BadRequest):
    """Uploaded data that does not fit: the message names the row, column or field and what is allowed."""


class DatasetConflict(Conflict):
    """A write that cannot happen to this dataset as it is: it exists already, is a file, or is in use."""


class StoreBusy(ServiceUnavailable):
    """The database stayed locked by other writers for longer than the busy timeout."""

    def __init__(self, description: str, retry_after: int = 1):
        super().__init__(description, retry_after=retry_after)


@dataclass(frozen=True)
class Column:
    """One column of a dataset and its type: integer, float, datetime or text."""

    name: str
    type: str


@dataclass(frozen=True)
class DatasetInfo:
    """What a dataset is, without its rows.

    `writable` is true for datasets kept in the database (rows can be appended), false for CSV
    files; `updated` is the time of the last write (ISO 8601, UTC), or "" for files.
    """

    name: str
    title: str
    columns: tuple[Column, ...]
    rows: int
    version: str
    updated: str = ""
    writable: bool = False

    def column_types(self) -> dict[str, str]:
        """Column name -> type, in column order."""
        return {c.name: c.type for c in self.columns}


class DatasetStore(Protocol):
    """Where datasets come from."""

    def names(self) -> list[str]:
        """Names of all datasets, sorted."""

    def info(self, name: str) -> DatasetInfo:
        """The dataset's description; raises DatasetNotFound."""

    def read(self, name: str, columns: Sequence[str] | None = None) -> pd.DataFrame:
        """The dataset's rows (only `columns`, when given); raises DatasetNotFound."""


def infer_column_type(series: pd.Series) -> str:
    """integer, float, datetime or text, from a column pandas has parsed."""
    if pd.api.types.is_bool_dtype(series):
        return "text"
    if pd.api.types.is_integer_dtype(series):
        return "integer"
    if pd.api.types.is_float_dtype(series):
        return "float"
    if pd.api.types.is_datetime64_any_dtype(series):
        return "datetime"
    return "text"


def title_from_name(name: str) -> str:
    """'daily-weather_2020' -> 'Daily weather 2020'."""
    words = re.split(r"[-_]+", name)
    return " ".join(words).capitalize()


def check_name(name: str) -> str:
    """The name when it is a valid dataset name; raises WriteRejected saying what is allowed."""
    if not isinstance(name, str) or not NAME_PATTERN.match(name):
        shown = "missing" if not name else repr(name)
        raise WriteRejected(f"name must be {NAME_RULE}; got {shown}")
    return name
