"""Datasets of the SQL store created, appended to and deleted, each write in one transaction that
stores all of it or nothing and gives the dataset a new version. Appends to one dataset are
serialised by locking its catalog row, so row ids grow in commit order; an append with an
Idempotency-Key happens once, and a retry gets the first answer (`idempotency_keys`).
"""
from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace

from sqlalchemy import Connection, delete, exc, func, insert, select, update

from plots.text import typed_column_list

from .idempotency_keys import first_answer, keep_first_answer, key_seen
from .postgres_errors import driver_error
from .schema import append_keys, dataset_columns, datasets, meta, now, selectable_rows_table, writes
from .sql_connection import SqlConnection
from .sql_frames import Generation
from .store_backend import SETUP_LOCK
from .store_refusals import DELETE_FULL_MESSAGE, StoreFull
from .stored_values import stored_rows_table
from .tables import Table
from .types import Appended, Column, DatasetConflict, DatasetInfo, NameTaken, Precondition, WriteRejected


class SqlWrites(SqlConnection):
    """Datasets created, appended to and deleted, with the checks of what the database refuses."""

    def _log_write(self, conn: Connection, name: str, action: str, rows: int, at: str) -> int:
        """Record a write; its number is the version it gives the dataset."""
        result = conn.execute(insert(writes).values(dataset=name, action=action, rows=rows, at=at))
        return int(result.inserted_primary_key[0])

    @contextmanager
    def _rows_checked(self, conn: Connection) -> Iterator[None]:
        """Turn the database refusing a row (a constraint, a type) into WriteRejected."""
        dbapi = conn.dialect.loaded_dbapi
        try:
            yield
        except Exception as error:
            if isinstance(driver_error(error), dbapi.IntegrityError | dbapi.DataError):
                raise WriteRejected("a row does not fit the dataset's columns (an empty integer, or a value of "
                                    "another type); nothing was stored") from None
            raise

    def _create(self, conn: Connection, name: str, title: str, table: Table) -> int:
        if conn.execute(select(datasets.c.id).where(datasets.c.name == name)).first():
            raise NameTaken(name)
        at = now()
        version = self._log_write(conn, name, "create", len(table.rows), at)
        try:
            result = conn.execute(insert(datasets).values(name=name, title=title, version=version,
                                                          row_count=len(table.rows), created=at, updated=at))
        except exc.IntegrityError:  # created by another instance since the check above
            raise NameTaken(name) from None
        dataset_id = int(result.inserted_primary_key[0])
        conn.execute(insert(dataset_columns), [{"dataset_id": dataset_id, "position": i, "name": c.name, "type": c.type}
                                               for i, c in enumerate(table.columns)])
        with self._rows_checked(conn):
            self.backend.create_rows_table(conn, dataset_id, [c.type for c in table.columns], table.rows)
        return dataset_id

    def _created(self, conn: Connection, name: str, title: str, table: Table
                 ) -> tuple[DatasetInfo, Callable[[Generation], None]]:
        """Create `name` in the caller's transaction: its description, and what keeps `table`'s frame
        once the transaction has committed (`KeptFrames.keep`, given the generation taken before it
        began), where it has one and a read keeps the dataset's (`pushdown_above_rows` rows at most)."""
        dataset_id = self._create(conn, name, title, table)
        _, version, info = self._info(conn, name)
        if table.frame is None or self.computes_charts(info):
            return info, lambda generation: None
        # Where later appends start: asked only of a frame kept.
        rows = stored_rows_table(dataset_id, info.columns)
        last_rowid = conn.execute(select(func.max(rows.c.rowid))).scalar() or 0
        return info, lambda generation: self._frames.keep(name, dataset_id, version, last_rowid, info, table.frame,
                                                          generation)

    def create(self, name: str, title: str, table: Table) -> DatasetInfo:
        """A new dataset holding `table`, in one transaction; raises DatasetConflict when the name is taken.

        A dataset whose frame a read keeps (`pushdown_above_rows` rows at most) keeps `table`'s
        frame now, where it has one: the create's warnings and its page read it next."""
        generation = self._frames.generation(name)
        with self._transaction(write=True) as conn:
            info, keep = self._created(conn, name, title, table)
        keep(generation)
        return info

    def before_append(self, name: str, key: str | None = None,
                      digest: str | None = None) -> tuple[DatasetInfo, Appended | None]:
        """The dataset's description, which an append's rows are checked against, and, from the
        same snapshot, the first answer of an append with `key` when this request (its `digest`)
        is that one (None without a key, or for a key new to the dataset); raises KeyReused for
        another request, and DatasetNotFound.

        Asked before the body is read: the same request is answered as the first time even when
        its rows would be refused now. A key kept before the store kept digests gives None: its
        request is told by its number of rows, which `append` compares.
        """
        with self._transaction() as conn:
            dataset_id, _, info = self._info(conn, name)
            seen = None if key is None else key_seen(conn, dataset_id, key)
        if seen is None or seen.request_digest is None:
            return info, None
        return info, first_answer(name, info, key, seen, digest, None)

    def append(self, name: str, columns: Sequence[Column], rows: list[tuple], key: str | None = None,
               digest: str | None = None, precondition: Precondition | None = None) -> Appended:
        """Add `rows` (tuples in the order of `columns`) in one transaction and bump the version.

        `columns` are those the rows were checked against; raises DatasetConflict when the
        dataset's columns are no longer those, and DatasetNotFound when it is gone. With an
        idempotency `key`, the append happens at most once per dataset: a repeat of the same
        request (`digest`, a digest of its body) stores nothing and answers as the first one did
        (the rows it added, the dataset as it left it), with `replayed` true; another request with
        the key raises KeyReused. An append of no rows keeps its key too. `precondition` is asked
        of the dataset as the locked catalog row has it, before anything changes (not of a repeat).
        """
        with self._transaction(write=True) as conn:
            dataset_id, version, info = self._info(conn, name, for_update=True)
            if info.columns != tuple(columns):
                raise DatasetConflict(f"dataset {name!r} was replaced while the rows were checked; nothing was "
                                      f"added; its columns are now {typed_column_list((c.name, c.type) for c in info.columns)}")
            if key is not None:
                seen = key_seen(conn, dataset_id, key)
                if seen is not None:
                    return first_answer(name, info, key, seen, digest, len(rows))
            if precondition is not None:
                precondition(info)
            if rows:
                at = now()
                version = self._log_write(conn, name, "append", len(rows), at)
                with self._rows_checked(conn):
                    self.backend.insert_rows(conn, self.backend.rows_table(dataset_id, [c.type for c in columns]), rows)
                conn.execute(update(datasets).where(datasets.c.id == dataset_id).values(
                    version=version, row_count=datasets.c.row_count + len(rows), updated=at))
                # What the catalog row now holds: the locked row read above, and this update.
                info = replace(info, version=str(version), rows=info.rows + len(rows), updated=at)
            if key is not None:
                keep_first_answer(conn, dataset_id, key, len(rows), version, info, digest)
            return Appended(info, len(rows), False)

    def delete(self, name: str, precondition: Precondition | None = None) -> None:
        """Remove the dataset and its rows in one transaction, if `precondition` lets it (asked of
        the dataset as the locked catalog row has it); raises DatasetNotFound, and StoreFull in a
        delete's words (DELETE_FULL_MESSAGE)."""
        try:
            with self._transaction(write=True) as conn:
                dataset_id, _, info = self._info(conn, name, for_update=True)
                if precondition is not None:
                    precondition(info)
                selectable_rows_table(dataset_id, [c.type for c in info.columns]).drop(conn)
                conn.execute(delete(dataset_columns).where(dataset_columns.c.dataset_id == dataset_id))
                conn.execute(delete(append_keys).where(append_keys.c.dataset_id == dataset_id))
                conn.execute(delete(datasets).where(datasets.c.id == dataset_id))
                self._log_write(conn, name, "delete", info.rows, now())
        except StoreFull as full:
            refused = StoreFull(DELETE_FULL_MESSAGE, full.retry_after)
            refused.why, refused.reason = full.why, full.reason
            raise refused from None
        self._forget(name)

    def load_once(self, name: str, title: str, table_source: Callable[[], Table]) -> bool:
        """Create `name` from `table_source()` unless it was loaded before (even if deleted since).

        For the sample datasets: they load at the first start, and a deleted sample stays deleted.
        Instances starting at once load it once. Returns whether it was created now; a dataset
        created now keeps its rows in memory as `create` does, so that its first chart does not
        read them back.
        """
        key = f"loaded:{name}"
        loaded = select(meta.c.key).where(meta.c.key == key)
        with self._transaction() as conn:
            if conn.execute(loaded).first():
                return False
        table = table_source()
        generation = self._frames.generation(name)
        with self._transaction(write=True) as conn:
            self.backend.lock(conn, SETUP_LOCK)
            if conn.execute(loaded).first():
                return False
            conn.execute(insert(meta).values(key=key, value=now()))
            if conn.execute(select(datasets.c.id).where(datasets.c.name == name)).first():
                return False
            _, keep = self._created(conn, name, title, table)
        keep(generation)
        return True

