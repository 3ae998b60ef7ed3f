"""Datasets kept in a database through SQLAlchemy Core: an SQLite file, or PostgreSQL shared by instances.

The URL chooses the backend (`sqlite:///path/to/file.sqlite`, `postgresql+psycopg://user:password@
host:port/db`); what differs between the two sits in `dialects`, the tables in `schema`. Every
operation is one short transaction: a read sees one snapshot (the version, the description and
the rows agree), a write stores all of it or nothing and gives the dataset a new version.
Appends to one dataset are serialised by locking its catalog row, so row ids grow in commit order.
Rows are only ever appended, so a read fetches only the rows after those of the frame it read
before, kept in memory with its version (`sql_frames`), and a download reads a version's rows a
piece at a time, each in a transaction of its own, by row id (`read_pieces`). A dataset of more than
`pushdown_above_rows` rows is never read whole: the database computes its charts (`stored_pushdown`)
and what its page shows (`stored_summaries`), of the version asked for. An append with an
Idempotency-Key happens once: a retry gets the first answer (`idempotency_keys`).
"""
from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace

import pandas as pd
from sqlalchemy import Connection, Engine, Select, delete, exc, func, insert, select, update

from plots import ChartSpec, Limits, SpecError
from plots.selection import Selection

from .dialects import SETUP_LOCK, Backend, backend_for, driver_error
from .schema import (
    append_keys,
    dataset_columns,
    datasets,
    identity_column,
    meta,
    migrate,
    now,
    selectable_rows_table,
    store_identity,
    writes,
)
from .frames import column_series, columns_frame, columns_of, read_columns
from .idempotency_keys import first_answer, keep_first_answer, key_seen
from .sql_frames import KeptFrames
from .stored_pushdown import PUSHDOWN_ABOVE_ROWS, chart_rows, text_values
from .stored_summaries import head_and_finer_rows, value_counts, version_bound, x_splits
from .stored_values import stored_rows_table
from .tables import Table
from .types import (
    Appended,
    Column,
    DatasetConflict,
    DatasetInfo,
    DatasetNotFound,
    NameTaken,
    Snapshot,
    WriteRejected,
)
from .version_lookups import VersionLookups
from .x_splits import XSplits


class SqlStore:
    """Datasets in an SQL database: listed, read as snapshots, created, appended to and deleted."""

    def __init__(self, url: str, busy_timeout: float = 5.0, frame_cache_bytes: int = 256 * 1024 * 1024,
                 pushdown_above_rows: int = PUSHDOWN_ABOVE_ROWS):
        self.backend: Backend = backend_for(url, busy_timeout)
        self._frames = KeptFrames(frame_cache_bytes)
        # Charts of datasets of more rows than this are computed by the database (`chart_rows`).
        self.pushdown_above_rows = pushdown_above_rows
        # (store identity, dataset id) -> its columns: a read begun in a store replaced meanwhile
        # keeps those it reads under that store's identity, never for the new one's dataset of that id.
        self._columns: dict[tuple[str, int], tuple[Column, ...]] = {}
        self._versions = VersionLookups()  # `version`'s statements, and when it reads the identity
        self._engine_lock = threading.Lock()
        self._engine = self.backend.create_engine()
        self._pid = os.getpid()
        # A token no other database holds (`schema.store_identity`): versions are unique only within one.
        self.identity = ""
        self._identity_lock = threading.Lock()
        self._when_replaced: list[Callable[[], None]] = []
        try:
            self.identity = self._migrate()
            # The file the store opened (SQLite), told from another moved in or none (`_engine_here`).
            self._file = self.backend.named_file()
        except Exception:
            self._engine.dispose()  # a store that cannot open leaves no connection to the garbage collector
            raise

    def __repr__(self) -> str:
        return f"SqlStore({self.url!r})"

    @property
    def url(self) -> str:
        """The database URL with its password hidden."""
        return self.backend.url.render_as_string(hide_password=True)

    # Connections and transactions

    def _engine_here(self) -> Engine:
        """The engine, whose pooled connections were made by this process and read the file the
        store's path names now."""
        if self._pid != os.getpid():
            with self._engine_lock:
                if self._pid != os.getpid():
                    # A forked process (gunicorn --preload) must not use its parent's connections:
                    # forget them without closing them, which would close the parent's too.
                    self._engine.dispose(close=False)
                    self._pid = os.getpid()
        if self.backend.named_file() != self._file:
            self._reopen()
        return self._engine

    def _reopen(self) -> None:
        """Open the SQLite file the store's path names now, removed or replaced under the running
        site: pooled connections hold the old file, unlinked, and rows written to it would be lost.
        A file made anew is migrated; its identity is another, which the next read notices
        (`_saw_identity`) and forgets what was kept of the old file."""
        with self._engine_lock:
            if self.backend.named_file() == self._file:
                return  # reopened by another thread meanwhile
            # Closed first: the last connection to the old file checkpoints its WAL, and the new
            # file must not open the old one's WAL, which lies at the same path.
            self._engine.dispose()
            self._migrate()
            self._file = self.backend.named_file()

    @contextmanager
    def _transaction(self, write: bool = False) -> Iterator[Connection]:
        """A transaction that commits when the block ends and rolls back on any error.

        A read sees one snapshot; a write takes the locks it needs at once, waiting up to the busy
        timeout. Raises StoreBusy when the wait runs out, StoreUnavailable when the database
        cannot be reached.
        """
        with self._begun(self._engine_here(), write) as conn:
            yield conn

    @contextmanager
    def _begun(self, engine: Engine, write: bool) -> Iterator[Connection]:
        """`_transaction` on `engine`."""
        with self._store_errors(), engine.connect() as conn:
            conn.execution_options(**self.backend.transaction_options(write))
            with conn.begin():
                yield conn

    @contextmanager
    def _store_errors(self) -> Iterator[None]:
        """Raise StoreBusy or StoreUnavailable for a database error that means so."""
        try:
            yield
        except Exception as error:
            mapped = self.backend.store_error(error)
            if mapped is not None:
                raise mapped from None
            raise

    def _migrate(self) -> str:
        """Create or migrate the schema (instances starting at once do it once); returns the store's identity."""
        with self._store_errors():
            self.backend.prepare(self._engine)
        with self._begun(self._engine, write=True) as conn:
            self.backend.lock(conn, SETUP_LOCK)
            migrate(conn)
            return store_identity(conn)

    def when_replaced(self, forget: Callable[[], None]) -> None:
        """Call `forget()` when a read finds another store's identity: the database was made anew
        under the running site, and what was kept of the old one (drawn charts, say) names its
        versions, which the new one hands out again."""
        self._when_replaced.append(forget)

    def _saw_identity(self, identity: str) -> None:
        """Note the identity a read found, forgetting what was kept of the store before, if it changed."""
        if identity == self.identity:
            return
        with self._identity_lock:
            if identity == self.identity:
                return
            # Another store's ids and versions: its columns and rows under the same numbers are others.
            self._frames.clear()
            self._columns.clear()
            self.identity = identity
        for forget in self._when_replaced:
            forget()

    def close(self) -> None:
        """Close the pooled connections (before a fork, say); the store opens new ones when used again."""
        self._engine.dispose()

    # Reading

    def _columns_of(self, conn: Connection, identity: str, dataset_id: int) -> tuple[Column, ...]:
        columns = self._columns.get((identity, dataset_id))
        if columns is None:
            query = (select(dataset_columns.c.name, dataset_columns.c.type)
                     .where(dataset_columns.c.dataset_id == dataset_id).order_by(dataset_columns.c.position))
            columns = tuple(Column(name, kind) for name, kind in conn.execute(query))
            self._columns[identity, dataset_id] = columns  # a dataset's columns never change
        return columns

    def _info(self, conn: Connection, name: str, for_update: bool = False) -> tuple[int, int, DatasetInfo]:
        """(id, version, description) of a dataset; raises DatasetNotFound.

        `for_update` locks the catalog row until the transaction ends (PostgreSQL; SQLite's write
        transaction holds the whole database already).
        """
        query = (select(datasets.c.id, datasets.c.title, datasets.c.version, datasets.c.row_count,
                        datasets.c.updated, identity_column()).where(datasets.c.name == name))
        if for_update:
            query = query.with_for_update(of=datasets)
        row = conn.execute(query).first()
        if row is None:
            raise DatasetNotFound(f"no dataset {name!r} in the database")
        dataset_id, title, version, row_count, updated, identity = row
        self._saw_identity(identity)
        columns = self._columns_of(conn, identity, dataset_id)
        info = DatasetInfo(name, title, columns, row_count, str(version), updated, True)
        return dataset_id, version, info

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
            self._frames.drop(name)
            raise
        except exc.DBAPIError as error:
            if self.backend.missing_table(error):
                self._frames.drop(name)
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

    def version(self, name: str) -> str:
        """The dataset's current version, in one indexed SELECT on a pooled DBAPI connection: what
        a render-cache hit asks, at about a fifteenth of the cost of `info` through SQLAlchemy's
        execution and transaction layers, the store's identity read beside it only when due
        (`version_lookups`). Raises DatasetNotFound, StoreBusy or StoreUnavailable."""
        with self._store_errors():
            found = self._versions.look_up(self._engine_here(), name, self.identity)
        if found is None:
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
        # Before the snapshot: rows of a store found replaced meanwhile are not kept (`KeptFrames.frame`).
        generation = self._frames.generation
        with self._reading(name) as (conn, dataset_id, version, info):
            frame = self._frames.frame(conn, dataset_id, version, info, generation)
        return Snapshot(info, frame if columns is None else read_columns(frame, info, columns))

    def chart_rows(self, name: str, spec: ChartSpec, limits: Limits, pixels: int | None,
                   selection: Selection) -> Snapshot | None:
        """What a chart of a dataset of more than `pushdown_above_rows` rows draws, computed by the
        database (`stored_pushdown`) in the snapshot its description is read in; None for a smaller
        dataset, whose chart is shaped from its frame (`read`). Raises DatasetNotFound, and SpecError
        (422) as `plots.chart_frame` does, in its words.
        """
        with self._reading(name) as (conn, dataset_id, _, info):
            known = {c.name for c in info.columns}
            if info.rows <= self.pushdown_above_rows or not known.issuperset([*spec.columns(), *selection.columns()]):
                return None  # small, or replaced since the chart was checked: the frame path says so
            frame = chart_rows(conn, dataset_id, name, info.columns, spec, limits, pixels, selection)
        return Snapshot(info, frame)

    def text_values(self, name: str, column: str) -> tuple[str, ...] | None:
        """The distinct values of a text column of a dataset of more than `pushdown_above_rows` rows,
        sorted, found by the database (`stored_pushdown.text_values`: what a filter on it may
        choose); None for a smaller dataset, whose frame gives them. Raises DatasetNotFound."""
        with self._reading(name) as (conn, dataset_id, _, info):
            if info.rows <= self.pushdown_above_rows or column not in info.column_types():
                return None
            return text_values(conn, dataset_id, info.columns, column)

    # Reading what a page shows of a dataset of more than `pushdown_above_rows` rows (`stored_summaries`):
    # each None for a smaller dataset, whose frame (`read`) gives it.

    @contextmanager
    def _reading_version(self, asked: DatasetInfo, bounded: bool = True) -> Iterator[tuple[Connection, int, int | None]]:
        """A read transaction (`_reading`) of the rows of the version `asked` describes: the dataset's
        id, and the row id its rows end at, None when the snapshot holds that version (rows
        appended since are after it) or not `bounded`. Raises DatasetNotFound, and DatasetConflict
        when the dataset was made again since (the rows are another dataset's)."""
        with self._reading(asked.name) as (conn, dataset_id, version, _):
            bound = None
            if str(version) != asked.version:
                made_again = conn.execute(select(func.count()).where(
                    writes.c.dataset == asked.name, writes.c.action == "create",
                    writes.c.version > int(asked.version))).scalar_one()
                if made_again or version < int(asked.version):
                    raise DatasetConflict(f"dataset {asked.name!r} was made again since its version {asked.version}; "
                                          "read it again")
                bound = version_bound(conn, dataset_id, asked.columns, asked.rows) if bounded else None
            yield conn, dataset_id, bound

    def head(self, name: str, rows: int) -> Snapshot | None:
        """The description and first rows of a dataset of more than `pushdown_above_rows` rows, and
        the rows that show each date column's format (`Store.head`), from one snapshot, found by
        the database (`stored_summaries.head_and_finer_rows`). Raises DatasetNotFound."""
        with self._reading(name) as (conn, dataset_id, _, info):
            if info.rows <= self.pushdown_above_rows:
                return None
            return Snapshot(info, head_and_finer_rows(conn, dataset_id, info.columns, rows))

    def x_splits(self, info: DatasetInfo, x: str, texts: Sequence[str], most: int) -> XSplits | None:
        """How the text columns `texts` split the rows sharing an x of the version `info` describes
        (`stored_summaries.x_splits`, at most `most` values each), counted by the database.
        Raises DatasetNotFound, DatasetConflict (`_reading_version`)."""
        if info.rows <= self.pushdown_above_rows:
            return None
        with self._reading_version(info) as (conn, dataset_id, bound):
            return x_splits(conn, dataset_id, info.columns, x, texts, most, bound)

    def value_counts(self, info: DatasetInfo, columns: Sequence[str]) -> dict[str, int] | None:
        """How many values (not missing) each of `columns` holds at the version `info` describes,
        counted by the database in one query. Raises DatasetNotFound, DatasetConflict."""
        if info.rows <= self.pushdown_above_rows:
            return None
        with self._reading_version(info) as (conn, dataset_id, bound):
            return value_counts(conn, dataset_id, info.columns, columns, bound)

    def column_cells(self, info: DatasetInfo, column: str, rows_per_piece: int = 10_000,
                     most_per_piece: int = 160_000) -> Iterable | None:
        """The cells of `column` at the version `info` describes, in row order, as its frame's
        `tolist()` holds them: read from the database a piece at a time as they are iterated (first
        `rows_per_piece` rows, then twice as many each time, up to `most_per_piece`), so that one
        who stops early reads no more. The first pieces, up to `most_per_piece` cells, are kept
        for the next iteration, which reads only the rows after them again (`_Cells`). Each piece
        is the next rows by row id, in a transaction of its own, as `read_pieces` reads them.
        Raises DatasetNotFound, DatasetConflict, when asked and while iterated."""
        if info.rows <= self.pushdown_above_rows:
            return None
        with self._reading_version(info, bounded=False) as (_, dataset_id, _):
            pass  # the dataset is still the one `info` describes: its rows by row id are that version's
        position = [c.name for c in info.columns].index(column)
        table = stored_rows_table(dataset_id, info.columns)
        column_type = info.columns[position].type

        def pieces(after: int, left: int, size: int) -> Iterator[tuple[tuple[int, int, int], list]]:
            while left:
                query = (select(table.c.rowid, table.columns[1 + position]).where(table.c.rowid > after)
                         .order_by(table.c.rowid).limit(min(size, left)))
                rows = self._rows_of(info.name, query)
                if not rows:
                    raise DatasetConflict(f"dataset {info.name!r} holds fewer rows than its version {info.version} "
                                          "did; read it again")
                ids, values = columns_of(rows, 2)
                after, left, size = ids[-1], left - len(rows), min(2 * size, most_per_piece)
                yield (after, left, size), column_series(column_type, values).tolist()

        return _Cells(pieces, (0, info.rows, rows_per_piece), most_per_piece)

    def charts_rows(self, name: str, charts: Sequence[tuple[ChartSpec, Limits, int | None, Selection]]
                    ) -> tuple[DatasetInfo, list[pd.DataFrame | SpecError]] | None:
        """What each of several charts (spec, limits, pixels, selection: as `chart_rows` takes them)
        of a dataset of more than `pushdown_above_rows` rows draws, computed by the database in one
        snapshot (each chart in a savepoint of it), with the description read in it; the SpecError refusing a chart in its place. No
        chart's rows when the dataset's columns no longer hold them all (replaced since the charts
        were checked: the description says so). Raises DatasetNotFound."""
        with self._reading(name) as (conn, dataset_id, _, info):
            if info.rows <= self.pushdown_above_rows:
                return None
            known = {c.name for c in info.columns}
            if not all(known.issuperset([*spec.columns(), *selection.columns()]) for spec, _, _, selection in charts):
                return info, []
            drawn = []
            for spec, limits, pixels, selection in charts:
                try:
                    # Each in a savepoint of the one snapshot: a query the database refused (a float sum
                    # past the largest double on PostgreSQL) aborts the transaction, not the next chart.
                    with conn.begin_nested():
                        drawn.append(chart_rows(conn, dataset_id, name, info.columns, spec, limits, pixels, selection))
                except SpecError as refusal:  # too many values: that chart's cell says so, the others draw
                    drawn.append(refusal)
        return info, drawn

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
                self._frames.drop(name)
                raise DatasetNotFound(f"no dataset {name!r} in the database: it was deleted while it was read") from None
            raise

    # Writing

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

    def create(self, name: str, title: str, table: Table) -> DatasetInfo:
        """A new dataset holding `table`, in one transaction; raises DatasetConflict when the name is taken.

        A dataset whose frame a read keeps (`pushdown_above_rows` rows at most) keeps `table`'s
        frame now, where it has one: the create's warnings and its page read it next."""
        generation = self._frames.generation
        with self._transaction(write=True) as conn:
            dataset_id = self._create(conn, name, title, table)
            _, version, info = self._info(conn, name)
            keeps = table.frame is not None and info.rows <= self.pushdown_above_rows
            if keeps:  # where later appends start: asked only of a frame kept
                rows = stored_rows_table(dataset_id, info.columns)
                last_rowid = conn.execute(select(func.max(rows.c.rowid))).scalar() or 0
        if keeps:
            self._frames.keep(name, dataset_id, version, last_rowid, info, table.frame, generation)
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
               digest: str | None = None) -> Appended:
        """Add `rows` (tuples in the order of `columns`) in one transaction and bump the version.

        `columns` are those the rows were checked against; raises DatasetConflict when the
        dataset's columns are no longer those, and DatasetNotFound when it is gone. With an
        idempotency `key`, the append happens at most once per dataset: a repeat of the same
        request (`digest`, a digest of its body) stores nothing and answers as the first one did
        (the rows it added, the dataset as it left it), with `replayed` true; another request with
        the key raises KeyReused. An append of no rows keeps its key too.
        """
        with self._transaction(write=True) as conn:
            dataset_id, version, info = self._info(conn, name, for_update=True)
            if info.columns != tuple(columns):
                raise DatasetConflict(f"dataset {name!r} was replaced while the rows were checked; nothing was "
                                      f"added; its columns are now {', '.join(c.name for c in info.columns)}")
            if key is not None:
                seen = key_seen(conn, dataset_id, key)
                if seen is not None:
                    return first_answer(name, info, key, seen, digest, len(rows))
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

    def delete(self, name: str) -> None:
        """Remove the dataset and its rows in one transaction; raises DatasetNotFound."""
        with self._transaction(write=True) as conn:
            dataset_id, _, info = self._info(conn, name, for_update=True)
            selectable_rows_table(dataset_id, [c.type for c in info.columns]).drop(conn)
            conn.execute(delete(dataset_columns).where(dataset_columns.c.dataset_id == dataset_id))
            conn.execute(delete(append_keys).where(append_keys.c.dataset_id == dataset_id))
            conn.execute(delete(datasets).where(datasets.c.id == dataset_id))
            self._log_write(conn, name, "delete", info.rows, now())
        self._frames.drop(name)  # its rows need not stay in memory until the name is read again
        self._versions.forget(name)  # nor its version, which a name never created again would keep for good

    def load_once(self, name: str, title: str, table_source: Callable[[], Table]) -> bool:
        """Create `name` from `table_source()` unless it was loaded before (even if deleted since).

        For the sample datasets: they load at the first start, and a deleted sample stays deleted.
        Instances starting at once load it once. Returns whether it was created now.
        """
        key = f"loaded:{name}"
        loaded = select(meta.c.key).where(meta.c.key == key)
        with self._transaction() as conn:
            if conn.execute(loaded).first():
                return False
        table = table_source()
        with self._transaction(write=True) as conn:
            self.backend.lock(conn, SETUP_LOCK)
            if conn.execute(loaded).first():
                return False
            conn.execute(insert(meta).values(key=key, value=now()))
            if conn.execute(select(datasets.c.id).where(datasets.c.name == name)).first():
                return False
            self._create(conn, name, title, table)
            return True


class _Cells:
    """A column's cells, read a piece at a time as they are iterated (`SqlStore.column_cells`): the
    first pieces, up to `most_kept` cells, kept, so that a rule that looks at the column's first
    cells again (`app.column_cells`) reads the database only past them.

    `pieces(*start)` reads the pieces from `start` on, each with where the next one starts."""

    def __init__(self, pieces: Callable[..., Iterator[tuple[tuple, list]]], start: tuple, most_kept: int):
        self._pieces = pieces
        self._kept: list = []
        self._after_kept = start  # where the first piece not kept starts
        self._most_kept = most_kept

    def __iter__(self) -> Iterator:
        yield from self._kept  # a list's iterator: cells another iteration keeps meanwhile come too
        start = self._after_kept
        for after, piece in self._pieces(*start):
            # Kept only right after the kept cells: once a piece is not, none after it is.
            if self._after_kept == start and len(self._kept) + len(piece) <= self._most_kept:
                self._kept += piece
                self._after_kept = after
            start = after
            yield from piece


__all__ = ["SqlStore"]
