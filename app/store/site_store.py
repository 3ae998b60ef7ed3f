"""The site's datasets: those kept in the database, and the CSV files of the data folder.

A CSV file in the data folder is a dataset the site only reads (a changed file is a new version
on the next request) and it hides a stored dataset of the same name. Everything else lives in
the database, where it can be created, appended to and deleted.
"""
from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

from .csv_store import CsvStore
from .tables import Table, table_from_csv
from .types import (
    Appended,
    Column,
    DatasetConflict,
    DatasetInfo,
    DatasetNotFound,
    Snapshot,
    StoreUnavailable,
    title_from_name,
)


class DatabaseStore(Protocol):
    """The database part of the site's store: datasets that can be created, appended to and deleted."""

    def names(self) -> list[str]: ...
    def info(self, name: str) -> DatasetInfo: ...
    def read(self, name: str, columns: Sequence[str] | None = None) -> Snapshot: ...
    def create(self, name: str, title: str, table: Table) -> DatasetInfo: ...
    def append(self, name: str, columns: Sequence[Column], rows: list[tuple], key: str | None = None) -> Appended: ...
    def delete(self, name: str) -> None: ...
    def load_once(self, name: str, title: str, table_source: Callable[[], Table]) -> bool: ...
    def close(self) -> None: ...


@functools.lru_cache(maxsize=16)
def _sample_table(path: Path, stamp: tuple[int, int]) -> Table:
    """A sample CSV parsed once per process (per file version): every new database loads it."""
    return table_from_csv(path.read_text(encoding="utf-8-sig"))


def sample_table(path: Path) -> Table:
    """The parsed rows of a sample CSV file."""
    stat = path.stat()
    return _sample_table(path, (stat.st_mtime_ns, stat.st_size))


class SiteStore:
    """Stored datasets and data-folder CSV files behind one `Store`; a file wins over a stored dataset."""

    def __init__(self, database: DatabaseStore, files: CsvStore):
        self.database = database
        self.files = files
        # The last description read of each stored dataset, for when the database is out of reach.
        self._last_info: dict[str, DatasetInfo] = {}

    def load_samples(self, folder: Path) -> list[str]:
        """Load each `<name>.csv` of `folder` into the database the first time it is seen there."""
        loaded = []
        for name, path in CsvStore([folder]).paths().items():
            if self.database.load_once(name, title_from_name(name), lambda p=path: sample_table(p)):
                loaded.append(name)
        return loaded

    def names(self) -> list[str]:
        """Names of all datasets, sorted."""
        return sorted(set(self.database.names()) | set(self.files.names()))

    def _not_found(self, name: str) -> DatasetNotFound:
        return DatasetNotFound(f"no dataset {name!r}; the datasets are {', '.join(self.names()) or '(none)'}")

    def file_path(self, name: str) -> Path | None:
        """The CSV file a dataset is read from, or None when it is kept in the database."""
        return self.files.paths().get(name)

    def info(self, name: str) -> DatasetInfo:
        """The dataset's description; raises DatasetNotFound.

        While the database cannot be reached, the last description this process read is given
        instead (StoreUnavailable when there is none): charts already drawn from it are then
        still served from the render cache, while anything that reads rows or writes fails with
        StoreUnavailable (a 503) until the database is back.
        """
        if self.file_path(name) is not None:
            return self.files.info(name)
        try:
            info = self.database.info(name)
        except DatasetNotFound:
            self._last_info.pop(name, None)
            raise self._not_found(name) from None
        except StoreUnavailable:
            last = self._last_info.get(name)
            if last is None:
                raise
            return last
        self._last_info[name] = info
        return info

    def read(self, name: str, columns: Sequence[str] | None = None) -> Snapshot:
        """The dataset's description and rows (only `columns`, when given) from one snapshot;
        raises DatasetNotFound."""
        if self.file_path(name) is not None:
            return self.files.read(name, columns)
        try:
            return self.database.read(name, columns)
        except DatasetNotFound:
            raise self._not_found(name) from None

    def check_writable(self, name: str, instead: str) -> None:
        """Raise DatasetConflict when `name` is a data-folder file; the message ends with `instead`."""
        path = self.file_path(name)
        if path is not None:
            raise DatasetConflict(f"dataset {name!r} is the file {path.name} in the data folder, which the site "
                                  f"only reads; {instead}")

    def create(self, name: str, title: str, table: Table) -> DatasetInfo:
        """A new stored dataset; raises DatasetConflict when the name is taken."""
        self.check_writable(name, "choose another name")
        return self.database.create(name, title, table)

    def append(self, name: str, columns: Sequence[Column], rows: list[tuple], key: str | None = None) -> Appended:
        """Add rows to a stored dataset in one transaction, at most once per idempotency `key`;
        raises DatasetConflict for a file."""
        self.check_writable(name, "add the rows to the file instead")
        try:
            return self.database.append(name, columns, rows, key)
        except DatasetNotFound:
            raise self._not_found(name) from None

    def delete(self, name: str) -> None:
        """Remove a stored dataset; raises DatasetConflict for a file."""
        self.check_writable(name, "remove the file instead")
        try:
            self.database.delete(name)
        except DatasetNotFound:
            raise self._not_found(name) from None

    def close(self) -> None:
        """Close the database's idle connections."""
        self.database.close()
