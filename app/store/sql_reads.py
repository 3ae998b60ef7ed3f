"""Datasets of the SQL store listed, described (one, or all in one read) and read: whole, as a
snapshot whose rows a later read fetches only past (`sql_frames`), or a piece at a time by row id,
each piece in a transaction of its own (`read_pieces`); a dataset's version as a render-cache hit
asks it (`version_lookups`).
"""
from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

import pandas as pd
from sqlalchemy import Connection, Select, exc, select

from .catalog_rows import catalog_rows
from .frames import columns_frame, columns_of, read_columns
from .outage_notes import OutageNoted
from .schema import datasets
from .shared_reads import note_shared, shared_noted
from .sql_connection import SqlConnection
from .stored_values import stored_rows_table
from .types import DatasetConflict, DatasetInfo, DatasetNotFound, Snapshot

# What a block of reads (`shared_reads.rows_shared`, a page's charts) notes of a store found answering, in a
# transaction of the block's: its rows kept in memory at a version are given in it without a transaction each.
_ANSWERED = "store answered"


class SqlReads(SqlConnection):
    """Datasets listed, described, and read as snapshots, whole or a piece at a time."""

    @contextmanager
    def _reading(self, name: str) -> Iterator[tuple[Connection, int, int, DatasetInfo]]:
        """A read transaction (`_transaction`) and the dataset's id, version and description in it.

        Raises DatasetNotFound, and forgets the dataset's kept frame, when there is no such dataset,
        and when it was deleted between reading the catalog and its rows (its rows table gone).
        """
        try:
            with self._transaction() as conn:
                dataset_id, version, info = self._info(conn, name)
                yield conn, dataset_id, version, info
        except DatasetNotFound:
            self._forget(name)
            raise
        except exc.DBAPIError as error:
            if self.backend.missing_table(error):
                self._forget(name)
                raise DatasetNotFound(f"no dataset {name!r} in the database") from None
            raise

    def names(self) -> list[str]:
        """Names of all datasets in the database, sorted."""
        with self._transaction() as conn:
            # Sorted here, not by the database, whose collation may order '-' and '_' otherwise.
            return sorted(conn.execute(select(datasets.c.name)).scalars())

    def info(self, name: str) -> DatasetInfo:
        """The dataset's description (writable); raises DatasetNotFound."""
        with self._transaction() as conn:
            return self._info(conn, name)[2]

    def infos(self, names: Sequence[str] | None = None) -> dict[str, DatasetInfo]:
        """Every dataset's description by name, sorted as `names()` sorts them (`Store.infos`'s shape:
        the database describes every dataset it holds, and gives no StoreError in its place), or
        only those of `names` there are, in their order (the others, not there, are forgotten as
        `info` forgets one), read in one transaction: the catalog rows in one statement, and the
        columns of datasets whose columns are not kept in another (`_described`)."""
        query = catalog_rows()
        if names is not None:
            names = list(dict.fromkeys(names))
            query = query.where(datasets.c.name.in_(names))
        generation = self._forgotten.generations()  # before the snapshot, as `_info` takes it
        with self._transaction() as conn:
            described = {info.name: info for _, _, info in self._described(conn, conn.execute(query).all(), generation)}
        if names is None:
            return {name: described[name] for name in sorted(described)}  # as `names` sorts them
        for name in names:
            if name not in described:
                self._forget(name)
        return {name: described[name] for name in names if name in described}

    def version(self, name: str) -> str:
        """The dataset's current version, in one indexed SELECT on a pooled DBAPI connection: what
        a render-cache hit asks, at about a fifteenth of the cost of `info` through SQLAlchemy's
        execution and transaction layers, the store's identity read beside it only when due
        (`version_lookups`). Raises DatasetNotFound, StoreBusy or StoreUnavailable."""
        def look_up() -> tuple[str, str | None] | None:
            answered = self.backend.answered(write=False)
            with OutageNoted(self.outage), self._store_errors(write=False), answered, self._engine_held() as engine:
                return self._versions.look_up(engine, name, self.identity)

        found = self._once_more_if_moved(look_up)
        if found is None:
            self._forget(name)
            raise DatasetNotFound(f"no dataset {name!r} in the database")
        version, identity = found
        if identity is not None:
            self._saw_identity(identity)
        return version

    def read(self, name: str, columns: Sequence[str] | None = None) -> Snapshot:
        """The dataset's description and rows (only `columns`, when given) from one snapshot.

        The frame holds exactly the rows of `info.version`. Raises DatasetNotFound, and
        DatasetReplaced for a column the dataset no longer has (`read_columns`).
        """
        return self._read(name, columns)

    def small_read(self, known: DatasetInfo, columns: Sequence[str] | None = None) -> Snapshot | None:
        """The rows (only `columns`, when given) of a dataset `known`, just read from the catalog,
        describes as one the database computes no charts of: those of its version, where they are
        kept in memory, with no read of the catalog (in a transaction all the same, so that while
        the database cannot be reached rows are not read, as `read` finds it; one for a block of
        reads, `shared_reads.rows_shared`, once it found the database answering); else read as `read`
        reads them, unless the dataset has grown since to be one it computes charts of, which is
        never read whole (None). Raises as `read` does. Rows not kept go to that read at once: one
        transaction, not a look in memory in one and the read in another."""
        frame = self._frames.at_version(known.name, int(known.version))
        if frame is not None and not shared_noted((_ANSWERED, self)):
            with self._transaction():  # looked at again inside it, which forgets a replaced store's rows
                frame = self._frames.at_version(known.name, int(known.version))
            self._answered()
        if frame is not None:
            return Snapshot(known, frame if columns is None else read_columns(frame, known, columns))
        snapshot = self._read(known.name, columns, small_only=True)
        self._answered()
        return snapshot

    def _answered(self) -> None:
        """Note, in the block of reads this is in (`shared_reads.rows_shared`, a page's charts), that a
        transaction found the store answering: once it has, `small_read` gives rows kept in memory at the
        version a description read names without a transaction of their own. Each chart still draws the
        rows of the version its description named, a page's one read of them (`infos`); where the
        database cannot be reached, every read of the block tries it again."""
        note_shared((_ANSWERED, self))

    def _read(self, name: str, columns: Sequence[str] | None, small_only: bool = False) -> Snapshot | None:
        """`read`; with `small_only`, None where the snapshot finds a dataset the database computes charts of."""
        # Before the snapshot: rows of a store found replaced meanwhile are not kept (`KeptFrames.frame`).
        generation = self._frames.generation(name)
        with self._reading(name) as (conn, dataset_id, version, info):
            if small_only and self.computes_charts(info):
                return None
            frame = self._frames.frame(conn, dataset_id, version, info, generation)
        return Snapshot(info, frame if columns is None else read_columns(frame, info, columns))

    def read_pieces(self, name: str, rows_per_piece: int) -> tuple[DatasetInfo, Callable[..., Iterator[pd.DataFrame]]]:
        """The dataset's description, and its rows at that version as frames of at most
        `rows_per_piece` rows, read from the database a piece at a time on each call (of the columns
        it names, or all): what is held at once is a piece, not the dataset. Raises DatasetNotFound
        (a pass too, when it finds the dataset deleted since).

        Each piece is the next rows by row id, read in a short transaction of its own: rows are only
        appended, in commit order, and a dataset's id is never given again, so the first `info.rows`
        rows by row id are those of `info.version` whatever was appended since. One transaction held
        for a whole download would hold a pooled connection for as long as the client takes to read
        it, and on PostgreSQL keep a delete of the dataset waiting for it.
        """
        with self._transaction() as conn:
            dataset_id, _, info = self._info(conn, name)
        table = stored_rows_table(dataset_id, info.columns)
        position = {c.name: i for i, c in enumerate(info.columns)}

        def pieces(columns: Sequence[str] | None = None) -> Iterator[pd.DataFrame]:
            positions = range(len(info.columns)) if columns is None else [position[c] for c in columns]
            wanted = [info.columns[i] for i in positions]
            selected = [table.c.rowid, *(table.columns[1 + i] for i in positions)]  # the value columns follow rowid
            after, left = 0, info.rows
            while left:
                query = select(*selected).where(table.c.rowid > after).order_by(table.c.rowid)
                rows = self._rows_of(name, query.limit(min(rows_per_piece, left)))
                if not rows:
                    raise DatasetConflict(f"dataset {name!r} holds fewer rows than its version {info.version} did; "
                                          "read it again")
                ids, *values = columns_of(rows, len(selected))
                after, left = ids[-1], left - len(rows)
                yield columns_frame(wanted, values)
            if not info.rows:
                yield columns_frame(wanted, [()] * len(wanted))  # no rows, in the columns' types

        return info, pieces

    def _rows_of(self, name: str, query: Select) -> list[tuple]:
        """The rows `query` reads from dataset `name`'s rows table, in a transaction of their own;
        raises DatasetNotFound when the dataset was deleted since (its rows table with it)."""
        try:
            with self._transaction() as conn:
                result = conn.execute(query)
                rows = result.cursor.fetchall()  # plain tuples, as `sql_frames` reads them
                result.close()
                return rows
        except exc.DBAPIError as error:
            if self.backend.missing_table(error):  # its rows table, named by its id, went with it
                self._forget(name)
                raise DatasetNotFound(f"no dataset {name!r} in the database: it was deleted while it was read") from None
            raise
