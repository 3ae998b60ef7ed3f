"""What differs between SQLite and PostgreSQL, behind one small interface per backend, and the backend a
database URL names (`backend_for`).

A `Backend` (`store_backend`) makes the engine (SQLite: WAL, synchronous=FULL, foreign keys, writes
that take the lock at once with BEGIN IMMEDIATE, in `sqlite_backend`; PostgreSQL: psycopg 3, a lock
timeout, a deadline for the server's answers, in `postgres_backend`), says how a read sees one
snapshot, serialises the store's setup across processes, inserts many rows by the backend's fast path
(executemany; COPY ... FROM STDIN) and tells which database errors mean "busy" and which
"unreachable". Everything else is SQLAlchemy Core and the same on both.
"""
from __future__ import annotations

from sqlalchemy import exc
from sqlalchemy.engine import make_url

from .postgres_backend import PostgresBackend
from .sqlite_backend import SqliteBackend
from .store_backend import ANSWER_TIMEOUT, STORE_CONNECTIONS, Backend
from .types import StoreConfigError


BACKENDS: dict[str, type[Backend]] = {"sqlite": SqliteBackend, "postgresql": PostgresBackend}
URL_FORMS = "sqlite:///path/to/file.sqlite or postgresql+psycopg://user:password@host:port/database"


def backend_for(url: str, busy_timeout: float, answer_timeout: float = ANSWER_TIMEOUT,
                connections: int = STORE_CONNECTIONS) -> Backend:
    """The backend a database URL names, opening at most `connections` connections at once; raises
    StoreConfigError."""
    try:
        parsed = make_url(url)
    except (exc.ArgumentError, ValueError, TypeError):
        raise StoreConfigError(f"the database URL cannot be read; use {URL_FORMS}") from None
    kind = parsed.get_backend_name()
    if kind not in BACKENDS or parsed.drivername not in (kind, f"{kind}+{BACKENDS[kind].driver}"):
        raise StoreConfigError(f"the database URL must be {URL_FORMS}; got the scheme {parsed.drivername!r}")
    if kind == "sqlite" and parsed.database in (None, "", ":memory:"):
        # Every pooled connection would get a database of its own.
        raise StoreConfigError("an SQLite database URL needs a file: sqlite:///path/to/file.sqlite")
    BACKENDS[kind].check_url(parsed)
    return BACKENDS[kind](parsed.set(drivername=f"{kind}+{BACKENDS[kind].driver}"), busy_timeout, answer_timeout,
                          connections)
