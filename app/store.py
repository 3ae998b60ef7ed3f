"""The dataset store: list datasets, read their columns and rows, tell their version.

Views go through a `DatasetStore`; none reads files itself. `CsvStore` serves every `<name>.csv`
in a list of folders (later folders win), re-reading a file when its size or mtime changes.
"""
from __future__ import annotations

import hashlib
import io
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import pandas as pd
from werkzeug.exceptions import NotFound, UnprocessableEntity

NAME_PATTERN = re.compile(r"^[a-z][a-z0-9_-]{0,62}$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$")


class DatasetNotFound(NotFound):
    """No dataset of that name (a 404 whose message lists what there is)."""


class DatasetUnreadable(UnprocessableEntity):
    """A dataset file exists but is not valid CSV."""


@dataclass(frozen=True)
class Column:
    """One column of a dataset and its type: integer, float, datetime or text."""

    name: str
    type: str


@dataclass(frozen=True)
class DatasetInfo:
    """What a dataset is, without its rows."""

    name: str
    title: str
    columns: tuple[Column, ...]
    rows: int
    version: str

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


def _parse_dates(frame: pd.DataFrame) -> pd.DataFrame:
    """Turn text columns whose every value is an ISO date or time into datetime columns."""
    for name in frame.columns:
        column = frame[name]
        if infer_column_type(column) != "text":
            continue
        values = column.dropna().astype(str)
        if len(values) and values.str.match(_ISO_DATE).all():
            try:
                frame[name] = pd.to_datetime(column, format="ISO8601")
            except (ValueError, OverflowError):
                continue
    return frame


def title_from_name(name: str) -> str:
    """'daily-weather_2020' -> 'Daily weather 2020'."""
    words = re.split(r"[-_]+", name)
    return " ".join(words).capitalize()


@dataclass(frozen=True)
class _Loaded:
    stamp: tuple[int, int]
    frame: pd.DataFrame
    info: DatasetInfo


class CsvStore:
    """Datasets read from `<name>.csv` files in `folders`; a later folder's file wins."""

    def __init__(self, folders: Sequence[Path]):
        self.folders = [Path(f) for f in folders]
        self._loaded: dict[Path, _Loaded] = {}
        self._lock = threading.Lock()

    def _paths(self) -> dict[str, Path]:
        found: dict[str, Path] = {}
        for folder in self.folders:
            if folder.is_dir():
                for path in sorted(folder.glob("*.csv")):
                    if NAME_PATTERN.match(path.stem):
                        found[path.stem] = path
        return found

    def names(self) -> list[str]:
        """Names of all datasets, sorted."""
        return sorted(self._paths())

    def _path(self, name: str) -> Path:
        path = self._paths().get(name) if NAME_PATTERN.match(name) else None
        if path is None:
            raise DatasetNotFound(
                f"no dataset {name!r}; the datasets are {', '.join(self.names()) or '(none)'}"
            )
        return path

    def _load(self, name: str) -> _Loaded:
        path = self._path(name)
        try:
            stat = path.stat()
        except FileNotFoundError:
            raise DatasetNotFound(f"dataset {name!r} was removed") from None
        stamp = (stat.st_mtime_ns, stat.st_size)
        loaded = self._loaded.get(path)
        if loaded is not None and loaded.stamp == stamp:
            return loaded
        raw = path.read_bytes()
        try:
            frame = _parse_dates(pd.read_csv(io.BytesIO(raw)))
        except (ValueError, UnicodeDecodeError, pd.errors.ParserError) as error:
            raise DatasetUnreadable(f"dataset {name!r} cannot be read as CSV: {error}") from None
        info = DatasetInfo(
            name=name,
            title=title_from_name(name),
            columns=tuple(Column(str(c), infer_column_type(frame[c])) for c in frame.columns),
            rows=len(frame),
            version=hashlib.sha256(raw).hexdigest()[:12],
        )
        loaded = _Loaded(stamp, frame, info)
        with self._lock:
            self._loaded[path] = loaded
        return loaded

    def info(self, name: str) -> DatasetInfo:
        """The dataset's description; raises DatasetNotFound."""
        return self._load(name).info

    def read(self, name: str, columns: Sequence[str] | None = None) -> pd.DataFrame:
        """The dataset's rows (only `columns`, when given); raises DatasetNotFound."""
        frame = self._load(name).frame
        return frame if columns is None else frame.loc[:, list(columns)]
