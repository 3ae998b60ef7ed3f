"""The SQL store's database: its engine in each process, the SQLite file it opened, its identity
and schema, its transactions, and a dataset's catalog row, which every read and write begins with:
read and described by `catalog_rows`, the store's identity it holds noted here (`_saw_identity`).

A store opens its engine anew in a forked process, and its file anew when the file its path names
was removed or replaced under the running site, once every connection to the old file was given
back (`connection_gate`); a store made anew under it has another identity, which the first read to
see it notices (`_saw_identity`), forgetting what was kept of the old one. A transaction that
finds the database out of reach, and the first to find it answering again, log it (`outage_notes`).
"""
from __future__ import annotations

import logging
import math
import os
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from typing import TypeVar

from sqlalchemy import Connection, Engine, Row, select

from ..store_outages import StoreOutage
from .catalog_rows import CatalogColumns, catalog_row
from .connection_gate import ConnectionGate
from .dialects import backend_for
from .forgotten_names import ForgottenNames
from .outage_notes import OutageNoted, unwritable_words
from .row_order import forget_orders
from .schema import migrate, named_now, store_identity, version_floor
from .sql_frames import KeptFrames
from .sqlite_files import REPLACED_MESSAGE, FileMoved, file_reopened_words
from .store_backend import ANSWER_TIMEOUT, SETUP_LOCK, STORE_CONNECTIONS, Backend
from .store_refusals import StoreUnwritable
from .types import PUSHDOWN_ABOVE_ROWS, DatasetInfo, DatasetNotFound, StoreBusy
from .version_lookups import IDENTITY_SECONDS, VersionLookups

log = logging.getLogger(__name__)

Value = TypeVar("Value")


class SqlConnection:
    """The store's database and transactions, and what it keeps of its datasets."""

    def __init__(self, url: str, busy_timeout: float = 5.0, frame_cache_bytes: int = 256 * 1024 * 1024,
                 pushdown_above_rows: int = PUSHDOWN_ABOVE_ROWS, answer_timeout: float = ANSWER_TIMEOUT,
                 connections: int = STORE_CONNECTIONS):
        self.backend: Backend = backend_for(url, busy_timeout, answer_timeout, connections)
        # What a delete forgot of a name, which a read begun before it cannot keep again (`_forget`).
        self._forgotten = ForgottenNames()
        self._frames = KeptFrames(frame_cache_bytes, self._forgotten)
        # Charts of datasets of more rows than this are computed by the database (`chart_rows`).
        self.pushdown_above_rows = pushdown_above_rows
        # Each dataset's columns, kept under the store identity they were read at (`catalog_rows`).
        self._catalog = CatalogColumns(self._forgotten)
        self._versions = VersionLookups(self._forgotten)  # `version`'s statements, and when it reads the identity
        self._engine_lock = threading.Lock()
        self._engine = self.backend.create_engine()
        self._pid = os.getpid()
        self._gate = self._new_gate()
        # A read looks at the file the path names at most once in so many seconds, as a version
        # look-up trusts the identity it last read (a read of the old file meanwhile is one begun a
        # moment earlier); a write looks every time, before it begins and before it commits.
        self.file_seconds = IDENTITY_SECONDS
        self.clock = time.monotonic
        self._file_seen_at = -math.inf
        # A token no other database holds (`schema.store_identity`): versions are unique only within one.
        self.identity = ""
        self._identity_lock = threading.Lock()
        self._when_replaced: list[Callable[[], None]] = []
        # Whether the versions are still to be moved past the clock, the store read-only as it opened.
        self._versions_unmoved = False
        # Whether this process last found the database out of reach, logged as it changes (`OutageNoted`).
        self.outage = StoreOutage()
        try:
            self.identity = self._migrate()
            # The file the store opened (SQLite), told from another moved in or none (`_open_here`).
            self._file = self.backend.named_file()
        except Exception:
            self._engine.dispose()  # a store that cannot open leaves no connection to the garbage collector
            raise

    def computes_charts(self, info: DatasetInfo) -> bool:
        """Whether the database computes the dataset's charts and what its page shows
        (`sql_big_reads`): it has more than `pushdown_above_rows` rows, and is never read whole."""
        return info.rows > self.pushdown_above_rows

    def _new_gate(self) -> ConnectionGate:
        """The gate transactions hold shared while they use a connection, and a reopen of the file alone."""
        return ConnectionGate(self.backend.busy_timeout, REPLACED_MESSAGE)

    @property
    def url(self) -> str:
        """The database URL with its password hidden."""
        return self.backend.url.render_as_string(hide_password=True)

    # Connections and transactions

    def _open_here(self, write: bool) -> None:
        """Make the engine this process's, and, unless this thread uses a connection of it already,
        one of the file the store's path names now (a read looks at most once in `file_seconds`)."""
        if self._pid != os.getpid():
            with self._engine_lock:
                if self._pid != os.getpid():
                    # A forked process (gunicorn --preload) must not use its parent's connections:
                    # forget them without closing them, which would close the parent's too.
                    self._engine.dispose(close=False)
                    # Nor count its threads' holds, which no thread of this process will end.
                    self._gate = self._new_gate()
                    self._pid = os.getpid()
        if self._gate.held_here():
            return  # a reopen would wait for this thread's own connection: its next transaction reopens
        now = self.clock()
        if not write and now - self._file_seen_at < self.file_seconds:
            return
        if self.backend.named_file() != self._file:
            try:
                self._reopen()
            except Exception:  # not opened (a newer release's, say): a read must look again, not read it
                self._file_seen_at = -math.inf
                raise
        self._file_seen_at = now

    def _reopen(self) -> None:
        """Open the SQLite file the store's path names now, removed or replaced under the running
        site: pooled connections hold the old file, unlinked, and rows written to it would be lost.
        Waits for every connection to the old file to be given back (`ConnectionGate.alone`; StoreBusy
        past the busy timeout). A file made anew is migrated; its identity is another, which the next
        read notices (`_saw_identity`) and forgets what was kept of the old file."""
        with self._gate.alone():
            if self.backend.named_file() == self._file:
                return  # reopened by another thread meanwhile
            # Closed first, each emptying the old file's WAL into it as it closes (SQLite leaves that
            # WAL at the path, `sqlite_files.guard_moved_file`): the new file must not read it.
            self._engine.dispose()
            removed = self.backend.named_file() is None
            self._migrate()
            self._file = self.backend.named_file()
        log.warning(file_reopened_words(self.backend.url.database, removed))

    @contextmanager
    def _engine_held(self, write: bool = False) -> Iterator[Engine]:
        """The engine, of the file the store's path names now (`_open_here`), held shared while the
        block uses its connections, so that no reopen disposes of it meanwhile."""
        self._open_here(write)
        held = self._gate.hold()
        try:
            yield self._engine
        except FileMoved:
            self._file_seen_at = -math.inf  # the next transaction looks at the file, and reopens it
            raise
        finally:
            self._gate.release(held)

    @contextmanager
    def _transaction(self, write: bool = False) -> Iterator[Connection]:
        """A transaction that commits when the block ends and rolls back on any error.

        A read sees one snapshot; a write takes the locks it needs at once, waiting up to the busy
        timeout, and is rolled back when the store's file was replaced meanwhile (its rows would
        be in no file the path names). Raises StoreBusy when a wait runs out or the file was
        replaced, StoreUnavailable when the database cannot be reached, or (PostgreSQL) does not
        answer within the answer timeout (`Backend.answered`).
        """
        with OutageNoted(self.outage, write), ExitStack() as held:
            conn = self._once_more_if_moved(lambda: self._begin(held, write))
            unmoved = write and self._versions_unmoved
            if unmoved:  # before the write's own version is taken (`_move_versions_past`)
                with self._store_errors():
                    self.backend.move_versions_past(conn, version_floor())
            yield conn
            if write and self.backend.named_file() != self._file:
                raise StoreBusy(REPLACED_MESSAGE)
        if unmoved:  # committed
            self._versions_unmoved = False

    def answer(self) -> None:
        """Ask the database the least question there is; raises StoreUnavailable or StoreBusy when it cannot answer."""
        with self._transaction() as conn:
            conn.execute(select(1))

    def _begin(self, held: ExitStack, write: bool) -> Connection:
        """Begin `_transaction`'s transaction, left open on `held`; nothing is left open when it fails."""
        with ExitStack() as begun:
            engine = begun.enter_context(self._engine_held(write))
            begun.enter_context(self.backend.answered(write))  # its connection cut where the database hangs
            conn = begun.enter_context(self._begun(engine, write))
            held.push(begun.pop_all())
            return conn

    def _once_more_if_moved(self, begin: Callable[[], Value]) -> Value:
        """`begin()`, asked again once when the connection it opened found the file replaced before the
        store's next look at it was due (FileMoved), which it then takes (`_engine_held`): the file
        is opened anew, once the old file's connections are given back, as a look that was due
        would have done. Not while this thread uses a connection to the old file, which that would
        wait for: the FileMoved then stands."""
        held_before = self._gate.held_here()
        try:
            return begin()
        except FileMoved:
            if held_before:
                raise
        return begin()

    @contextmanager
    def _begun(self, engine: Engine, write: bool) -> Iterator[Connection]:
        """`_transaction` on `engine`."""
        with self._store_errors(write):
            self.backend.refuse_emptied_file()  # before a pooled connection reads a file emptied in place
        with self._store_errors(write), engine.connect() as conn:
            conn.execution_options(**self.backend.transaction_options(write))
            with conn.begin():
                yield conn

    @contextmanager
    def _store_errors(self, write: bool = True) -> Iterator[None]:
        """Raise StoreBusy or StoreUnavailable for a database error that means so, in a write's words
        or, where `write` is false, a read's."""
        try:
            yield
        except Exception as error:
            mapped = self.backend.store_error(error, write)
            if mapped is not None:
                raise mapped from None
            raise

    def _migrate(self) -> str:
        """Create or migrate the schema (instances starting at once do it once); returns the store's identity."""
        with self._store_errors():
            self.backend.prepare(self._engine)
        # Watched as a request's transaction is: a server that hangs (its processes stopped) would hold
        # the start without limit. Cut, it rolls the whole migration back as it goes on.
        with self.backend.answered(write=True), self._begun(self._engine, write=True) as conn:
            self.backend.lock(conn, SETUP_LOCK)
            if not named_now(migrate(conn)):
                self._move_versions_past(conn)
            return store_identity(conn)

    def _move_versions_past(self, conn: Connection) -> None:
        """Move the versions of a store that lived before past the clock (`schema.version_floor`): it may
        be a backup restored, or a file moved back, and a version its lost writes had must not name other
        rows (a URL's `v`, cached for good, would show theirs). A store that cannot be written hands out
        no version: it starts, as it did, and serves its reads, and its first write that is stored moves
        them, in its own transaction (`_transaction`), where one made writable meanwhile gave the next
        version up from its old count. Such a start logs why writes are refused, as a refused write does,
        once: an operator reads it at the start, not at the first write someone tries."""
        self._versions_unmoved = False
        try:
            with conn.begin_nested():
                self.backend.move_versions_past(conn, version_floor())
        except Exception as error:
            refused = self.backend.store_error(error)
            if not isinstance(refused, StoreUnwritable):
                raise
            self._versions_unmoved = True
            self.outage.found_unwritable(unwritable_words(refused))

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
            self._catalog.clear()
            forget_orders(self._engine)  # whether a rows table's x is in row order: another table's now
            self.identity = identity
        for forget in self._when_replaced:
            forget()

    def close(self) -> None:
        """Close the pooled connections (before a fork, say); the store opens new ones when used again.

        Transactions under way in other threads (a page's alt text read in the background) are
        waited for, up to the busy timeout: a connection out of the pool as it is disposed goes
        back to the discarded pool, open, until the garbage collector finds it."""
        self._gate.closing(self._engine.dispose)

    # A dataset's catalog row

    def _forget(self, name: str) -> None:
        """Forget what was kept of dataset `name`: it was deleted (here, or by another instance).
        Reads begun before keep none of it after (`forgotten_names`)."""
        self._forgotten.forget(name)
        self._frames.drop(name)  # its rows need not stay in memory until the name is read again
        self._catalog.forget(name)
        self._versions.forget(name)  # nor its version, which a name never created again would keep for good

    def kept_of(self, name: str) -> list[str]:
        """What is kept in memory of dataset `name`: of "columns", "frame" and "version", those held."""
        held = [("columns", self._catalog.holds(name)), ("frame", self._frames.holds(name)),
                ("version", self._versions.holds(name))]
        return [what for what, kept in held if kept]

    def _info(self, conn: Connection, name: str, for_update: bool = False) -> tuple[int, int, DatasetInfo]:
        """(id, version, description) of a dataset; raises DatasetNotFound. `for_update` locks its
        catalog row, as `catalog_rows.catalog_row` says."""
        generation = self._forgotten.generation(name)  # before the snapshot this SELECT begins
        row = catalog_row(conn, name, for_update)
        if row is None:
            self._forget(name)
            raise DatasetNotFound(f"no dataset {name!r} in the database")
        return self._described(conn, [row], lambda _: generation)[0]

    def _described(self, conn: Connection, rows: Sequence[Row], generation: Callable[[str], int]
                   ) -> list[tuple[int, int, DatasetInfo]]:
        """(id, version, description) of each dataset of catalog `rows` (`catalog_rows.catalog_rows`), in
        their order, the identity they hold noted first (`_saw_identity`: another store's forgets the
        columns kept of the old one); their columns as `CatalogColumns.described` finds them."""
        for row in rows[:1]:  # every row holds the one identity of the store
            self._saw_identity(row.identity)
        return self._catalog.described(conn, rows, generation)
