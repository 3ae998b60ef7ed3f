"""A stored dataset's current version as a render-cache hit looks it up: one indexed SELECT on a
pooled DBAPI connection, reading the store's identity beside it only when it may have changed.

Reading the identity on every look-up (a subquery of the `meta` table in the same statement) cost
5 to 17 % of a cache hit on PostgreSQL (`benchmarks/version_token.py`). A store made anew under the
running site is told as surely without it: a database dropped and made again, or an SQLite file
replaced, is reached through new connections, and a connection's first look-up reads the identity;
a store whose tables were made again in place hands out its versions anew, which the look-up tells
by a dataset's version moving (a write) or, failing that, within `seconds` of the last read.
"""
from __future__ import annotations

import math
import time
from collections.abc import Callable

from sqlalchemy import Engine, bindparam, select

from .forgotten_names import ForgottenNames
from .schema import datasets, identity_column

# The longest a look-up trusts the identity last read without reading it again.
IDENTITY_SECONDS = 1.0
# Where a pooled connection keeps the identity it last read (SQLAlchemy clears a connection's
# `info` when it is replaced by a new one).
IDENTITY_READ = "svgplots.store_identity"


class VersionLookups:
    """Look-ups of a dataset's version, with the store's identity read beside it when due (`look_up`)."""

    def __init__(self, forgotten: ForgottenNames, seconds: float = IDENTITY_SECONDS,
                 clock: Callable[[], float] = time.monotonic):
        self.seconds = seconds
        self.clock = clock
        self._forgotten = forgotten  # the store's: a look-up in flight keeps no version a delete forgot
        self._statements: tuple[str, str, bool] | None = None  # with the identity, without, positional
        self._seen: dict[str, str] = {}  # dataset -> the version its last look-up found
        self._identity_read_at = -math.inf

    def look_up(self, engine: Engine, name: str, identity: str) -> tuple[str, str | None] | None:
        """(version, identity) of dataset `name` in one SELECT; the identity is None when not read
        again: this connection read `identity` last, within `seconds`, and the version has not moved
        since the dataset's last look-up. None when there is no such dataset."""
        with_identity, alone, positional = self._sql(engine)
        parameters = (name,) if positional else {"name": name}
        generation = self._forgotten.generation(name)
        connection = engine.raw_connection()
        try:
            cursor = connection.cursor()
            known = (connection.info.get(IDENTITY_READ) == identity
                     and self.clock() - self._identity_read_at < self.seconds)
            cursor.execute(alone if known else with_identity, parameters)
            row = cursor.fetchone()
            if known and row is not None and self._seen.get(name) != str(row[0]):
                known = False  # the version moved: a write, maybe to a store made anew in place
                cursor.execute(with_identity, parameters)
                row = cursor.fetchone()
            cursor.close()
            if row is not None and not known:
                connection.info[IDENTITY_READ] = row[1]
        finally:
            connection.close()  # back to the pool, which rolls back what the SELECT began
        if row is None:
            self.forget(name)  # deleted, by another instance maybe: nothing of it is kept
            return None
        version = str(row[0])
        if self._seen.get(name) != version:  # most look-ups find it unmoved: nothing to keep anew
            self._forgotten.keep(name, generation, lambda: self._seen.__setitem__(name, version))
        if known:
            return version, None
        self._identity_read_at = self.clock()
        return version, row[1]

    def forget(self, name: str) -> None:
        """Forget what the look-ups of dataset `name` found (it was deleted)."""
        self._seen.pop(name, None)

    def holds(self, name: str) -> bool:
        """Whether the version the last look-up of dataset `name` found is kept."""
        return name in self._seen

    def _sql(self, engine: Engine) -> tuple[str, str, bool]:
        """The look-up's statements in the driver's terms, with the identity and without, compiled once."""
        if self._statements is None:
            def compiled(*columns) -> str:
                statement = select(*columns).where(datasets.c.name == bindparam("name"))
                return str(statement.compile(dialect=engine.dialect))
            self._statements = (compiled(datasets.c.version, identity_column()), compiled(datasets.c.version),
                                engine.dialect.positional)
        return self._statements
