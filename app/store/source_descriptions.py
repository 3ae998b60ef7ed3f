"""Source datasets described: their columns and rows counted at their current version, kept until
the version moves on, the clock's period of its source's `cache_seconds` ends or a column they name
is gone, and the short time a slow source's datasets get.

A description is read by the first read that needs it and again once the dataset's version moves on
(`source_versions`) or once the clock's period of `cache_seconds` it was read in ends, whatever the
version: a column added changes no `version_sql` value, and is seen then, by every process at once
(and at once by a chart naming it: `read_again`). The columns are part of the version the site
shows (`described_version`), so that what was kept at the old columns (a download's rows, an
ETag) is not served for the new ones. A read that used a kept description and is told by the database that a column
is missing (renamed or dropped since), or of a PostgreSQL source fails where its database declares
other columns now (one given another type), drops that description, unless another read has
already put a new one in its place, and answers the 503 that says the columns changed; the next
describes anew. Of an SQLite source, a description is kept only at the schema version
(`SqlFunctions.schema_version`) it was read at, asked as each read begins: a table changed in any way
is described anew by the next read, which SQLite would otherwise read at the old types without error.
An answer that reads nothing (`known`: a chart's image or rows kept, `/api/datasets`) uses it only while
the file shows the change signal (`sqlite_changes`) the last read that found it current began with, and
reads otherwise: every process answers at the new columns from the first answer after a change.

A chart or page naming a column the kept description lacks has it read again before it is refused
(`read_again`): a PostgreSQL table's column renamed back or added is charted at once, not once the
period of `cache_seconds` ends. A stream of such requests reads it at most once in `READ_AGAIN_EVERY`
seconds of a dataset; an SQLite source's description, checked against its schema version at every
read, is never read again so.

A description that runs past the statement timeout is what a table locked by a migration looks
like: its source is then slow for as long as that dataset is held (the key ("slow", source), held
along with it in `source_holds`, so that it ends when the dataset answers again), and its other
datasets are described within `budget` seconds meanwhile (after a PostgreSQL read's wait for a lock,
so that a table locked is still said as locked): a page listing ten datasets of the slow view waits
one timeout, not ten. One not described in time answers 503 and is tried again at once
with the whole timeout. A chart too slow to compute makes no source slow.
"""
from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace

from sqlalchemy import Connection

from .source_columns import dataset_relation
from .source_conditions import Relation
from .source_config import Source, SourcesConfig
from .source_connections import (
    DescriptionTimedOut,
    SourceTimeout,
    failure,
    log_failure,
    set_statement_timeout,
    slow_to_describe,
)
from .source_counts import UnreadDates
from .source_holds import HeldDown
from .source_rows import Described
from .source_sql_dialects import functions_for
from .source_unreachable import sqlite_path
from .source_versions import NOT_LOOKED, SourceVersions, clock_period
from .sqlite_changes import CHANGE_SIGNAL, signal_and_file
from .sqlite_files import identity_of
from .types import Column, DatasetInfo

# For as long as a source is slow, its datasets are described within this many seconds.
SLOW_BUDGET = 1.0
# A dataset whose kept description lacks a column a chart names is read again at most this often (`read_again`).
READ_AGAIN_EVERY = 5.0

# The kept description the read under way in this thread used, if any (`SourceDescriptions.tracking`).
_USED: ContextVar[Described | None] = ContextVar("source_description_used", default=None)


def described_version(version: str, columns: Sequence[Column]) -> str:
    """The version a dataset shows: its `version` (`SourceVersions.version`) and a hash of its
    columns' names and types, the same on every instance that reads the same columns."""
    digest = hashlib.sha256(repr([(c.name, c.type) for c in columns]).encode("utf-8")).hexdigest()[:8]
    return f"{version}-c{digest}"


@dataclass(frozen=True)
class _Kept:
    """A description kept: the version it was read at (`SourceVersions.version`) and when (the store's clock)."""

    version: str
    read_at: float
    described: Described
    schema: int | None = None  # the database's schema version it was read at (`SqlFunctions.schema_version`)
    # Of an SQLite source, its file's `change_signal` as the last read that found this description current
    # began: while the file shows the same, an answer that reads nothing may use it.
    signal: object = None


class SourceDescriptions:
    """The descriptions of a sources file's datasets, kept at their version, and which sources are slow.

    `hold_timed_out(name, source)` holds a dataset down whose description ran past its time, and
    tries it again (`SourceStore`); `lock_wait`: the seconds a read waits for a lock (the store's).
    """

    def __init__(self, config: SourcesConfig, held: HeldDown, clock: Callable[[], float], version_reuse: float,
                 budget: float, hold_timed_out: Callable[[str, Source], None], lock_wait: float):
        self.config = config
        self.lock_wait = lock_wait
        self.held = held
        self.clock = clock
        self.budget = budget
        self._hold_timed_out = hold_timed_out
        # Public so that a test can set `versions.reuse` to 0: every request then asks `version_sql`.
        self.versions = SourceVersions(version_reuse)
        self._described: dict[str, _Kept] = {}
        # When each dataset's description was last dropped by `read_again` (the store's clock).
        self._read_again_at: dict[str, float] = {}
        # Public so that a test can set another.
        self.read_again_every = READ_AGAIN_EVERY
        self._lock = threading.Lock()

    def version(self, name: str, conn: Connection | None, file: tuple[int, int] | None | object = NOT_LOOKED) -> str | None:
        """The dataset's version now (`SourceVersions.version`, `file` as it takes it): asked on `conn`
        when it must be; without `conn`, None then."""
        dataset = self.config.datasets[name]
        return self.versions.version(dataset, self.config.sources[dataset.source], conn, self.clock(), file)

    def known(self, name: str) -> Described | None:
        """The description already read at the dataset's current version, when that version needs
        no query (the clock's period, or a `version_sql` answer reused) and, of an SQLite source, its
        file shows no change since it was last found current (`sqlite_changes`); None otherwise."""
        path = sqlite_path(self.config.sources[self.config.datasets[name].source])
        # Of an SQLite source, one opening of its file tells which file it is (the version) and its signal.
        signal, found = (None, None) if path is None else signal_and_file(path)
        version = self.version(name, None, identity_of(found))
        kept = None if version is None else self._current(name, version)
        if kept is None:
            return None
        if path is not None and signal != kept.signal:
            return None  # changed, maybe its tables: a read asks (`describe`), in every process alike
        return kept.described

    def kept_at(self, name: str, version: str) -> Described | None:
        """The description kept of the dataset where it is of `version` (a DatasetInfo's, which names its
        columns too), however long ago it was read; None otherwise. Asks the database nothing."""
        kept = self._described.get(name)
        return kept.described if kept is not None and kept.described.info.version == version else None

    def _current(self, name: str, version: str, schema: int | None = None) -> _Kept | None:
        """The description kept of the dataset, when read at `version` within the clock's current
        period of its source's `cache_seconds` (and at the database's `schema` version, when given);
        None otherwise."""
        kept = self._described.get(name)
        if kept is None or kept.version != version or (schema is not None and kept.schema != schema):
            return None
        source = self.config.sources[self.config.datasets[name].source]
        now = self.clock()
        # Due at the clock's period boundaries, the same moments in every process (gunicorn's workers),
        # as a version without `version_sql` is: not `cache_seconds` after this process last read it.
        same_period = clock_period(now, source.cache_seconds) == clock_period(kept.read_at, source.cache_seconds)
        return kept if 0 <= now - kept.read_at and same_period else None

    def describe(self, name: str, conn: Connection, timeout: float, hurry: bool = True) -> Described:
        """The dataset's description and relation at its current version (asked again when it moves on);
        `hurry`: a request's, within `budget` seconds while its source is slow."""
        version = self.version(name, conn)
        asked = functions_for(conn.dialect.name).schema_version
        # Of an SQLite source, its file as this transaction began, before the schema version read in it.
        signal = conn.info.get(CHANGE_SIGNAL)
        schema = None if asked is None else conn.exec_driver_sql(asked).scalar()
        cached = self._current(name, version, schema)
        _USED.set(None if cached is None else cached.described)
        if cached is not None:
            if cached.signal != signal:
                with self._lock:
                    if self._described.get(name) is cached:
                        self._described[name] = replace(cached, signal=signal)
            return cached.described
        read_at = self.clock()
        dataset = self.config.datasets[name]
        source = self.config.sources[dataset.source]
        relation, rows, unread_dates = self._relation(name, source, conn, timeout, hurry)
        info = DatasetInfo(name=name, title=dataset.title, columns=relation.columns, rows=int(rows),
                           version=described_version(version, relation.columns), writable=False, source=source.name,
                           max_age=source.cache_seconds)
        described = Described(info, relation, unread_dates)
        with self._lock:
            self._described[name] = _Kept(version, read_at, described, schema, signal)
        return described

    def _relation(self, name: str, source: Source, conn: Connection, timeout: float,
                  hurry: bool) -> tuple[Relation, int, tuple[UnreadDates, ...]]:
        """`dataset_relation`, within `budget` seconds when `hurry` and the source is slow; a request's
        description past the whole `timeout` makes the source slow."""
        slow = hurry and self.budget < timeout and self.held.holding(("slow", source.name))
        if slow:
            set_statement_timeout(conn, self._short_time(conn, timeout))
        try:
            found = dataset_relation(name, self.config.datasets[name], conn)
        except Exception as error:
            if not isinstance(failure(name, source, error, timeout, wait=self.lock_wait), SourceTimeout):
                raise
            if hurry:
                if slow:
                    log_failure(name, source, error)
                    self._hold_timed_out(name, source)
                    raise slow_to_describe(name, source, self.budget, timeout,
                                           self.held.length(source.hold_seconds)) from None
                # Held for as long as the dataset is: the dataset's hold and try follow (`SourceStore._reading`).
                self.held.hold(("slow", source.name), source.hold_seconds, along_with=("dataset", name))
            raise DescriptionTimedOut(error) from error
        if slow:
            set_statement_timeout(conn, timeout)
        return found

    def _short_time(self, conn: Connection, timeout: float) -> float:
        """The statement timeout of a description while its source is slow: `budget` seconds after
        PostgreSQL's wait for a lock, and never past the whole `timeout`. The statement timeout
        counts that wait too: no longer, a table locked would be said as slow to describe, whatever
        the lock (the lock wait is less than `timeout`: `lock_wait_within`)."""
        waits = functions_for(conn.dialect.name).waits_for_table_locks
        return min(timeout, self.budget + (self.lock_wait if waits else 0.0))

    @contextmanager
    def tracking(self) -> Iterator[None]:
        """Note, for the read this encloses, the kept description it uses (`used`)."""
        token = _USED.set(None)
        try:
            yield
        finally:
            _USED.reset(token)

    def used(self) -> Described | None:
        """The kept description the read under way used (None: it described the dataset itself, or not yet)."""
        return _USED.get()

    def drop(self, name: str, described: Described) -> None:
        """Forget `described`, a description of dataset `name` a column has gone from, unless another
        read has already put a new one in its place."""
        with self._lock:
            kept = self._described.get(name)
            if kept is not None and kept.described is described:
                del self._described[name]

    def read_again(self, name: str, version: str) -> bool:
        """Drop the description kept of dataset `name` at `version` (a DatasetInfo's), which lacks a
        column a chart or page names, so that the next read describes the dataset anew (a column renamed
        back or added since); whether it was dropped. At most once in `read_again_every` seconds a
        dataset, so that a stream of URLs naming a column it has not asks its database for its columns
        no more often; never one kept at a schema version (SQLite's), which every read checks already."""
        with self._lock:
            kept = self._described.get(name)
            if kept is None or kept.described.info.version != version or kept.schema is not None:
                return False
            now = self.clock()
            last = self._read_again_at.get(name)
            if last is not None and 0 <= now - last < self.read_again_every:
                return False
            self._read_again_at[name] = now
            del self._described[name]
            return True
