"""Writes to the site's store: only a stored dataset is created, appended to or deleted; a source
dataset or a data-folder file is refused, saying what to do instead.
"""
from __future__ import annotations

from collections.abc import Sequence

from .site_parts import SiteParts
from .tables import Table
from .types import SOURCE_INSTEAD, Appended, Column, DatasetConflict, DatasetInfo, NameTaken, Precondition


class SiteWrites(SiteParts):
    """Stored datasets created, appended to and deleted; the site's other datasets refused."""

    def check_writable(self, name: str, instead: str, source_instead: str = SOURCE_INSTEAD) -> None:
        """Raise DatasetConflict when `name` is a source dataset or a data-folder file; the message
        ends with `instead` (for a source, `source_instead`)."""
        source = self.source_of(name)
        if source is not None:
            raise DatasetConflict(f"dataset {name!r} is read from the source {source!r}, which the site only reads; "
                                  f"{source_instead}")
        path = self.file_path(name)
        if path is not None:
            raise DatasetConflict(f"dataset {name!r} is the file {path.name} in the data folder, which the site "
                                  f"only reads; {instead}")

    def check_deletable(self, name: str) -> None:
        """Raise DatasetConflict when `name` is a source dataset or a data-folder file, saying how to
        take it off the site: its entry out of the sources file, or the file out of the data folder."""
        self.check_writable(name, "remove the file instead",
                            f"to take it off the site, remove its entry [datasets.{name}] from the sources file and "
                            "start the site again")

    def check_name_free(self, name: str) -> None:
        """Raise DatasetConflict when a new dataset cannot take `name`, saying what would free it."""
        self._check_no_other(name)
        if name in self.database.names():
            raise NameTaken(name)

    def _check_no_other(self, name: str) -> None:
        # Deleting a source dataset or a file is refused too, so the way to free its name is another.
        self.check_writable(name, "to free the name, remove or rename the file, or choose another name",
                            "choose another name")

    def create(self, name: str, title: str, table: Table) -> DatasetInfo:
        """A new stored dataset; raises DatasetConflict when the name is taken."""
        self._check_no_other(name)  # a stored dataset's name the database refuses, in its transaction
        return self.database.create(name, title, table)

    def before_append(self, name: str, key: str | None = None,
                      digest: str | None = None) -> tuple[DatasetInfo, Appended | None]:
        """The stored dataset's description, which an append's rows are checked against, and the
        first answer of an append with `key` when this request (`digest`) is that one (None for a
        new key); raises KeyReused for another request, DatasetConflict for a file or a source's
        dataset (even while the database cannot be reached)."""
        self.check_writable(name, "add the rows to the file instead")
        return self._database_answer(name, lambda: self.database.before_append(name, key, digest))

    def append(self, name: str, columns: Sequence[Column], rows: list[tuple], key: str | None = None,
               digest: str | None = None, precondition: Precondition | None = None) -> Appended:
        """Add rows to a stored dataset in one transaction, at most once per idempotency `key` (and
        KeyReused for another request, by `digest`, with the key), if `precondition` lets it;
        raises DatasetConflict for a file."""
        self.check_writable(name, "add the rows to the file instead")
        return self._database_answer(name, lambda: self.database.append(name, columns, rows, key, digest,
                                                                         precondition))

    def delete(self, name: str, precondition: Precondition | None = None) -> None:
        """Remove a stored dataset if `precondition` lets it; a source's dataset or a file is refused
        (`datasets.delete_dataset` asks `check_deletable` first too, before a dashboard drawing it is,
        and this check stays so that no caller deletes a stored dataset a file or source hides)."""
        self.check_deletable(name)
        self._database_answer(name, lambda: self.database.delete(name, precondition))
