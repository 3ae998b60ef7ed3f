"""A dataset's catalog row in the SQL store, which every read and write begins with: its id, version
and description, read with the store's identity, and the columns of each dataset, kept by name under
the identity and dataset id they were read at (`CatalogColumns`).

A read begun in a store replaced meanwhile keeps the columns it reads under that store's identity,
never for the new one's dataset of that id; the store forgets them all when it sees another identity
(`CatalogColumns.clear`) and a dataset's when its name is found gone (`CatalogColumns.forget`).
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

from sqlalchemy import Connection, Row, Select, select

from .forgotten_names import ForgottenNames
from .schema import dataset_columns, datasets, identity_column
from .types import Column, DatasetInfo

# The most datasets whose columns one statement reads by their ids (SQLite takes at most 999
# parameters before 3.32); the columns of more are read of every dataset, in one statement too.
COLUMNS_LISTED_IDS = 500


def catalog_rows() -> Select:
    """The catalog rows of datasets (their id, name, title, version, rows and last write), each
    with the store's identity, which a read notes (`SqlConnection._saw_identity`)."""
    return select(datasets.c.id, datasets.c.name, datasets.c.title, datasets.c.version, datasets.c.row_count,
                  datasets.c.updated, identity_column().label("identity"))


def catalog_row(conn: Connection, name: str, for_update: bool = False) -> Row | None:
    """The catalog row of dataset `name` (`catalog_rows`), or None where there is no such dataset.

    `for_update` locks the catalog row until the transaction ends (PostgreSQL; SQLite's write
    transaction holds the whole database already).
    """
    query = catalog_rows().where(datasets.c.name == name)
    if for_update:
        query = query.with_for_update(of=datasets)
    return conn.execute(query).first()


class CatalogColumns:
    """The columns of the store's datasets, kept by name under the store identity and dataset id
    they were read at, and the datasets described from their catalog rows with them."""

    def __init__(self, forgotten: ForgottenNames):
        # What a delete forgot of a name, which a read begun before it cannot keep again: the store's.
        self._forgotten = forgotten
        # dataset name -> (store identity, dataset id, its columns): a read begun in a store replaced
        # meanwhile keeps those it reads under that store's identity, never for the new one's dataset
        # of that id. Kept by name, so that a dataset deleted, here or by another instance, is
        # forgotten when its name is found gone (`forget`), or made again under another id.
        self._columns: dict[str, tuple[str, int, tuple[Column, ...]]] = {}

    def described(self, conn: Connection, rows: Sequence[Row], generation: Callable[[str], int]
                  ) -> list[tuple[int, int, DatasetInfo]]:
        """(id, version, description) of each dataset of catalog `rows` (`catalog_rows`), in their
        order: their columns those kept, and the others' read in one statement (`_columns_of`) and
        kept unless their name was forgotten since `generation(name)`."""
        columns = self._columns_of(conn, [(row.name, row.identity, row.id) for row in rows], generation)
        return [(row.id, row.version, DatasetInfo(row.name, row.title, columns[row.name], row.row_count,
                                                  str(row.version), row.updated, True))
                for row in rows]

    def _columns_of(self, conn: Connection, found: Sequence[tuple[str, str, int]],
                    generation: Callable[[str], int]) -> dict[str, tuple[Column, ...]]:
        """The columns of each dataset of `found` (name, store identity, dataset id), by name: those
        kept, and the others read in one statement and kept, unless their name was forgotten since
        `generation(name)`, the read's before its snapshot began."""
        columns: dict[str, tuple[Column, ...]] = {}
        unread: dict[int, tuple[str, str]] = {}
        for name, identity, dataset_id in found:
            kept = self._columns.get(name)
            if kept is not None and kept[:2] == (identity, dataset_id):
                columns[name] = kept[2]  # a dataset's columns never change
            else:
                unread[dataset_id] = (name, identity)
        if not unread:
            return columns
        read: dict[int, list[Column]] = {dataset_id: [] for dataset_id in unread}
        query = (select(dataset_columns.c.dataset_id, dataset_columns.c.name, dataset_columns.c.type)
                 .order_by(dataset_columns.c.dataset_id, dataset_columns.c.position))
        if len(unread) <= COLUMNS_LISTED_IDS:  # else every dataset's, fewer than so many ids' statements
            query = query.where(dataset_columns.c.dataset_id.in_(list(unread)))
        for dataset_id, column, kind in conn.execute(query):
            if dataset_id in read:
                read[dataset_id].append(Column(column, kind))
        for dataset_id, (name, identity) in unread.items():
            kept = (identity, dataset_id, tuple(read[dataset_id]))
            columns[name] = kept[2]
            self._forgotten.keep(name, generation(name),
                                 lambda name=name, kept=kept: self._columns.__setitem__(name, kept))
        return columns

    def holds(self, name: str) -> bool:
        """Whether the columns of dataset `name` are kept."""
        return name in self._columns

    def forget(self, name: str) -> None:
        """Forget the columns of dataset `name`: it was deleted (here, or by another instance)."""
        self._columns.pop(name, None)

    def clear(self) -> None:
        """Forget the columns of every dataset: they were read of another store, whose ids name others."""
        self._columns.clear()
