"""The datasets of a sources file looked up, and the read-only transactions that reach their
databases (`SourceStore` reads rows through them; `SourceInfos` describes the datasets in them).

Every read is one read-only transaction with a statement timeout: PostgreSQL gets `READ ONLY`,
`REPEATABLE READ` (the passes of one chart see one snapshot), `statement_timeout` and UTC as its
time zone, set locally, and `lock_timeout` (`lock_wait_within`), so that a table another session holds
locked is told apart from a slow query; an SQLite file is opened read-only (`mode=ro`, `query_only`) and a
progress handler interrupts a statement past the timeout (`source_connections`). A source that
cannot be reached, or a query past its time, is a 503 for that dataset's answers only, and then
for a few seconds a 503 at once (`source_holds`); messages name the source and the dataset, never
the URL.
"""
from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

import pandas as pd
from sqlalchemy import Connection, Engine, exc, func, literal, select

from plots.spec import listed

from ..cache import SizedLRU
from .frames import frame_bytes
from .source_connections import (
    LOCK_WAIT,
    TIMEOUT_OPTION,
    SourceLocked,
    SourceTableLocked,
    SourceTimeout,
    VersionQueryFailed,
    column_missing,
    failure,
    lock_wait_within,
    locked,
    log_failure,
    make_engine,
    refuse_long_connects,
    set_statement_timeout,
    table_locked,
    timed_out,
)
from .connection_gate import ConnectionGate
from .source_files import warn_of_missing_files
from .site_parts import SOURCE_CHART_BYTES
from .source_holds import HeldDown
from .source_tables import LockedTables
from .source_columns import columns_differ, columns_now
from .source_config import NO_SOURCES, Source, SourceDataset, SourcesConfig
from .source_descriptions import SLOW_BUDGET, SourceDescriptions
from .source_unreachable import Unreachable, unavailable, unreachable_why
from .source_versions import VERSION_REUSE
from .types import (DatasetNotFound, DatasetUnreadable, SourceColumnsChanged, SourceUnavailable,
                    StoreError)

log = logging.getLogger(__name__)

# After a source could not be reached, its datasets answer 503 at once for this many seconds (or
# its `hold_seconds` in the sources file); then a thread of its own tries it again, while requests
# still answer 503 at once, until a connection opens. So does a dataset whose query ran past the
# statement timeout, until its first row comes in time; it is tried once at once too, so that one
# chart too slow to compute holds it no longer than that try (`source_holds`). A dataset whose
# description ran past the timeout makes its source slow for as long (`source_descriptions`). So
# is a PostgreSQL table another session held locked past the lock wait (`LOCK_WAIT`): every dataset
# of that table, which would each wait for the same lock in turn.
DOWN_FOR = 5.0
# How many datasets the line logging a source out of reach names, before "and 3 more".
NAMED_DATASETS = 5


class SourceTransactions:
    """The datasets of a sources file, looked up, and the read-only transactions on their databases
    (`SourceStore`'s part that reaches them)."""

    def __init__(self, config: SourcesConfig = NO_SOURCES, timeout: float = 10.0, max_rows: int = 100_000,
                 frame_cache_bytes: int = SOURCE_CHART_BYTES, clock: Callable[[], float] = time.time,
                 down_for: float = DOWN_FOR, version_reuse: float = VERSION_REUSE, slow_budget: float = SLOW_BUDGET,
                 lock_wait: float = LOCK_WAIT):
        self.config = config
        self.timeout = timeout
        # The seconds a PostgreSQL read waits for a lock (`lock_wait_within`).
        self.lock_wait = lock_wait_within(lock_wait, timeout)
        # Sources that could not be reached, locked or slow, and datasets whose queries ran past the timeout.
        self.held = HeldDown(down_for)
        # What a read waited for when a table was locked, and where its tables are (`source_tables`).
        self.tables = LockedTables(config)
        # Why each source held down could not be reached, as its last try found: every 503 of the
        # hold says it, not only the first, which a page's request may take.
        self._why: dict[str, Unreachable] = {}
        self.clock = clock
        # The store's clock as it is when asked (a test may set another).
        self.descriptions = SourceDescriptions(config, self.held, lambda: self.clock(), version_reuse, slow_budget,
                                               self._hold_timed_out, self.lock_wait)
        self.max_rows = max_rows
        self._engines: dict[str, Engine] = {}
        self._lock = threading.Lock()
        self._pid = os.getpid()
        self._frames: SizedLRU[pd.DataFrame] = SizedLRU(frame_cache_bytes, frame_bytes)
        # Charts whose rows a request is computing now: a lock each, and how many requests hold or
        # wait for it (see _one_at_a_time).
        self._computing: dict[tuple, list] = {}
        # Held shared by each transaction, which `close` waits for holding it alone: a connection out of
        # the pool as its engine is disposed goes back to the discarded pool, open, for the garbage collector.
        self._gate = ConnectionGate(2 * max(2.0, timeout), "the site is closing its connections to the source")
        refuse_long_connects(config, timeout)
        warn_of_missing_files(config)

    # Looking datasets up

    def names(self) -> list[str]:
        """Names of the source datasets, sorted (no database is asked)."""
        return sorted(self.config.datasets)

    def __contains__(self, name: str) -> bool:
        return name in self.config.datasets

    def dataset(self, name: str) -> SourceDataset:
        """The configured dataset; raises DatasetNotFound."""
        found = self.config.datasets.get(name)
        if found is None:
            raise DatasetNotFound(f"no source dataset {name!r}")
        return found

    def label(self, name: str) -> str:
        """How messages name a dataset: "dataset 'orders' of the source 'warehouse'"."""
        return f"dataset {name!r} of the source {self.dataset(name).source!r}"

    # Connections and transactions

    def _engine(self, source: Source) -> Engine:
        """The source's engine (made when first needed), whose connections this process made."""
        with self._lock:
            if self._pid != os.getpid():
                for engine in self._engines.values():
                    engine.dispose(close=False)  # a forked child must not use its parent's connections
                self._engines, self._pid = {}, os.getpid()
            engine = self._engines.get(source.name)
            if engine is None:
                engine = self._engines[source.name] = make_engine(source, self.timeout)
            return engine

    @contextmanager
    def _reading(self, name: str, request: bool = True, together: Sequence[str] = ()) -> Iterator[Connection]:
        """A read-only transaction on the dataset's source with the statement timeout (for the
        datasets `together` of the same source too, whose tables' schemas it finds as it begins).

        Raises SourceUnavailable when the source cannot be reached, SourceTimeout when a statement
        runs past the timeout and DatasetUnreadable when the database refuses a query. A `request`
        is refused at once while the source or the dataset is held down, and holds them down when
        it finds them so (a try of them again is not: `HeldDown` renews their hold itself).
        """
        dataset = self.dataset(name)
        source = self.config.sources[dataset.source]
        if request:
            self._admit(name, source)
        held = self._gate.hold()
        try:
            with self.descriptions.tracking():
                yield from self._transaction(name, source, request, together)
        finally:
            self._gate.release(held)

    def _transaction(self, name: str, source: Source, request: bool, together: Sequence[str] = ()
                     ) -> Iterator[Connection]:
        """`_reading`'s transaction, and what its errors mean."""
        with self._told(name, source, request), self._engine(source).connect() as conn:
            if source.backend == "postgresql":
                conn = conn.execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True)
                with conn.begin():
                    asked = {each: self.tables.schema_asked(each) for each in (name, *together)}
                    set_up = conn.execute(select(
                        func.set_config("statement_timeout", str(int(self.timeout * 1000)), True),
                        func.set_config("lock_timeout", str(round(self.lock_wait * 1000)), True),
                        func.set_config("TimeZone", "UTC", True),
                        # float4 as text: its shortest decimal (`as_double`)
                        func.set_config("extra_float_digits", "1", True),
                        *(schema for schemas in asked.values() for schema in schemas))).one()
                    schemas = iter(set_up[4:])
                    for each, schema in asked.items():
                        if schema:
                            self.tables.schema_found(each, next(schemas))
                    yield conn
            else:
                conn = conn.execution_options(**{TIMEOUT_OPTION: self.timeout})
                with conn.begin():
                    yield conn

    @contextmanager
    def _told(self, name: str, source: Source, request: bool) -> Iterator[None]:
        """The block's errors as `_failed` says they are for dataset `name` (the store's own answers,
        and errors that are not the database's, pass as they are)."""
        try:
            yield
        except StoreError:
            raise
        except Exception as error:
            mapped = self._failed(name, source, error, request)
            if mapped is None:
                raise
            raise mapped from None

    def _failed(self, name: str, source: Source, error: Exception, request: bool) -> Exception | None:
        """What `error`, raised by a read of dataset `name`, means for its answer (None: an error that
        is not the database's), logged, and the source or dataset held down as it says for a `request`."""
        mapped = failure(name, source, error, self.timeout, self.held.length(source.hold_seconds),
                         wait=self.lock_wait)
        if mapped is None:
            # SQLAlchemy's own refusal, of a column's values of another type than described say.
            return self._columns_changed(name, source, error) if isinstance(error, exc.SQLAlchemyError) else None
        # A source out of reach is so for each of its datasets: the line names them all, the one met first.
        if isinstance(mapped, SourceUnavailable):
            log_failure(name, source, error, self._of_source(name, source), mapped.unreachable)
        else:
            log_failure(name, source, error)
        if isinstance(mapped, DatasetUnreadable):
            changed = self._columns_changed(name, source, error, column_missing(error))
            if changed is not None:
                return changed
        if request and isinstance(mapped, SourceUnavailable):
            self._why[source.name] = mapped.unreachable
            self.held.hold(("source", source.name), source.hold_seconds)
        elif request and isinstance(mapped, SourceLocked):
            self.held.hold(("locked", source.name), source.hold_seconds)
        elif request and isinstance(mapped, SourceTimeout):
            self._hold_timed_out(name, source)
        elif request and isinstance(mapped, SourceTableLocked):
            # Only the datasets reading the locked table wait for it, and once: the source is not held.
            self.held.hold(self.tables.key(name, isinstance(error, VersionQueryFailed)), source.hold_seconds)
        return mapped

    def _columns_changed(self, name: str, source: Source, error: Exception,
                         missing: bool = False) -> SourceColumnsChanged | None:
        """SourceColumnsChanged, the kept description the read used dropped so that the next describes
        the dataset anew, when `error` comes of columns renamed, dropped or given another type since
        it was described (a column `missing`, or a PostgreSQL source's columns that differ now); else None.

        PostgreSQL refuses to compare a column made text with a number, and SQLAlchemy to read its
        text as the number described; its columns are asked for again, in a transaction of their own,
        only where a read that used a kept description failed. SQLite keeps any value in any column."""
        used = self.descriptions.used()
        if used is None:
            return None
        if not missing and source.backend == "postgresql" and not isinstance(error, VersionQueryFailed):
            try:
                with self._engine(source).connect() as conn, conn.begin():
                    set_statement_timeout(conn, self.timeout)
                    missing = columns_differ(used.info.columns, columns_now(self.dataset(name), conn))
            except Exception:  # noqa: BLE001  (the read's own error is answered then)
                log.debug("the columns of dataset %r could not be asked for again", name, exc_info=True)
        if not missing:
            return None
        self.descriptions.drop(name, used)
        return SourceColumnsChanged(self.label(name))

    def _of_source(self, name: str, source: Source) -> str:
        """How a log line names the datasets of `source`, `name` first: "datasets 'orders', 'items' and
        'people'", or the first few and how many more."""
        others = sorted(each for each, dataset in self.config.datasets.items()
                        if dataset.source == source.name and each != name)
        if not others:
            return f"dataset {name!r}"
        named = [name, *others]
        shown = [repr(each) for each in named[:NAMED_DATASETS]]
        if len(named) > NAMED_DATASETS:
            shown.append(f"{len(named) - NAMED_DATASETS} more")
        return f"datasets {listed(shown)}"

    def _hold_timed_out(self, name: str, source: Source) -> None:
        """Hold down a dataset whose query ran past its time, and try it again at once."""
        self.held.hold(("dataset", name), source.hold_seconds)
        self.held.try_now(("dataset", name), lambda: self._answers(name), self._back(name))

    def _admit(self, name: str, source: Source) -> None:
        """Raise SourceUnavailable, at once, for a source held down, SourceLocked for an SQLite source
        held as locked, SourceTimeout for a dataset held down and SourceTableLocked for one whose
        table was locked (see `source_holds`)."""
        wait = self.held.retry_after(("source", source.name), lambda: self._connects(name, source),
                                     f"source {source.name!r} can be reached again")
        if wait is not None:
            raise unavailable(name, source, retry_after=wait, why=self._why.get(source.name, Unreachable()))
        wait = self.held.retry_after(("locked", source.name), lambda: self._unlocked(source),
                                     f"source {source.name!r} is no longer locked")
        if wait is not None:
            raise locked(name, source, self.timeout, wait, held=True)
        wait = self.held.retry_after(("dataset", name), lambda: self._answers(name), self._back(name))
        if wait is not None:
            raise timed_out(name, source, self.timeout, held_for=wait)
        # Every dataset waiting for the same locked table is told by one lock wait (`source_tables`).
        for key, in_version_sql in self.tables.keys(name):
            wait = self.held.retry_after(key, lambda: self._answers(name), self._back(name))
            if wait is not None:
                raise table_locked(name, source, self.lock_wait, wait, held=True, in_version_sql=in_version_sql)

    def _connects(self, name: str, source: Source) -> None:
        """Open a connection to the source of dataset `name` (a source held down is up once one opens);
        one that does not open tells the 503s of the hold why, and the log when that changed."""
        try:
            with self._engine(source).connect():
                pass
        except Exception as error:
            why = unreachable_why(source, error)
            # Another state for whoever watches the logs (a file missing, then a folder in its place, or one
            # the site may not open; a password refused, then no server), as the line that began the hold
            # told the first: the line says the reason, where the driver's words may be the same.
            if self._why.get(source.name, why) != why:
                log_failure(name, source, error, self._of_source(name, source), why)
            self._why[source.name] = why
            raise

    def _unlocked(self, source: Source) -> None:
        """Read the schema of an SQLite source held down as locked (it is no longer once that takes
        less than the statement timeout: a reader waits for the same lock as any query of it)."""
        with self._engine(source).connect() as conn:
            conn = conn.execution_options(**{TIMEOUT_OPTION: self.timeout})
            with conn.begin():
                conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").all()

    def _answers(self, name: str) -> None:
        """Describe the dataset and read its first row, as a request begins (a dataset held down
        answers again once that takes less than the statement timeout)."""
        with self._reading(name, request=False) as conn:
            relation = self.descriptions.describe(name, conn, self.timeout, hurry=False).relation
            conn.execute(select(literal(1)).select_from(relation.selectable).limit(1)).all()

    def _back(self, name: str) -> str:
        return f"{self.label(name)} answers again"

    def close(self) -> None:
        """Close the pooled connections (before a fork, at shutdown); new ones are opened when needed."""
        # A try, or a read under way (a page's alt text read in the background), holds a connection (`_gate`).
        self.held.wait(self._gate.timeout)
        self._gate.closing(self._dispose)

    def _dispose(self) -> None:
        with self._lock:
            for engine in self._engines.values():
                engine.dispose()
