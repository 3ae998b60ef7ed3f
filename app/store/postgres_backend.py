"""The store's backend for a PostgreSQL database through psycopg 3: snapshot reads, a lock timeout, a
deadline for the server's answers, COPY for rows, and the SQLSTATEs and libpq's words told as busy,
read-only, a full disk or a server out of reach.
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Double, Engine, Table, exc, func, select, text
from sqlalchemy.engine import URL
from sqlalchemy.schema import AddConstraint

from ..store_outages import naming_nothing_of
from .frames import unsigned_zero_rows
from .postgres_deadlines import DEADLINES, watch_connections
from .postgres_errors import (PG_FULL_STATE, PG_READ_ONLY_STATE, connect_seconds, connect_timeout_refusal,
                              connection_refusal, driver_error, postgres_connect_timeout, postgres_unreachable,
                              unanswered_start)
from .schema import ROW_ID, row_id_key, rows_table
from .sql_names import create_quoting_engine
from .store_backend import ANSWER_TIMEOUT, STORE_CONNECTIONS, Backend
from .store_refusals import (BUSY_MESSAGE, FULL_MESSAGE, FULL_READ_MESSAGE, PG_READONLY_MESSAGE, StoreFull,
                             StoreReadOnly)
from .types import StoreBusy, StoreConfigError, StoreUnavailable


# How far behind the floor a start finds the version sequence before it moves it (`move_versions_past`).
VERSION_FLOOR_MARGIN = 1_000_000


class PostgresBackend(Backend):
    """A PostgreSQL database through psycopg 3: snapshot reads, a lock timeout, COPY for rows."""

    driver = "psycopg"  # psycopg 3, not SQLAlchemy's default for postgresql://, psycopg2
    # SQLSTATEs: serialization failure, deadlock, lock not available (lock_timeout), query canceled.
    BUSY_STATES = {"40001", "40P01", "55P03", "57014"}

    @classmethod
    def check_url(cls, url: URL) -> None:
        # libpq refuses an option it does not know only as it connects, which stopped the start with
        # psycopg's traceback; its parser of connection strings knows them, and connects to nothing.
        from psycopg import Error, pq

        for option in url.query:
            try:
                pq.Conninfo.parse(f"{option}=''".encode())
            except (Error, UnicodeError):
                raise StoreConfigError(
                    f"the database URL's option {option!r} is none PostgreSQL takes; its options are libpq's "
                    "connection parameters (sslmode, connect_timeout, application_name, …)") from None

    def __init__(self, url: URL, busy_timeout: float, answer_timeout: float = ANSWER_TIMEOUT,
                 connections: int = STORE_CONNECTIONS):
        super().__init__(url, busy_timeout, answer_timeout, connections)
        # A connection not yet open has no socket the answer timeout's deadline could shut down.
        refused = connect_timeout_refusal(url, answer_timeout, "STORE_ANSWER_TIMEOUT")
        if refused:
            raise StoreConfigError(f"the database URL's {refused}")
        # The site's own connect timeout, where the URL gives none: no longer than the answer timeout either.
        self.connect_within = min(busy_timeout, answer_timeout)

    def create_engine(self) -> Engine:
        timeout_ms = max(1, int(self.busy_timeout * 1000))
        # The URL's own `options` (a search_path, say) are kept: connect_args would take their place.
        given = self.url.query.get("options", "")
        given = " ".join(given) if isinstance(given, tuple) else given
        engine = create_quoting_engine(
            # Each pooled connection is pinged as it is checked out, in `watch_connections`, within
            # the transaction's deadline: SQLAlchemy's pre-ping would ping it before.
            self.url, pool_pre_ping=False, **self.pool_options(),
            # A write waits at most the busy timeout for another's locks; a connection attempt gives up
            # after it too, or the answer timeout if shorter (libpq's smallest timeout is 2 s), unless the
            # URL says otherwise.
            connect_args={"options": f"{given} -c lock_timeout={timeout_ms}".strip(),
                          **postgres_connect_timeout(self.url, self.connect_within),
                          # No statement prepared on the server (psycopg's default after five runs): each
                          # planned for its values, not one plan PostgreSQL may keep for any values, in
                          # which a big dataset's M4 pass took 40x its time (benchmarks/generic_plans.py).
                          "prepare_threshold": None},
        )
        watch_connections(engine)
        return engine

    @contextmanager
    def answered(self, write: bool) -> Iterator[None]:
        watch = None
        try:
            with DEADLINES.watching(self.answer_timeout, write) as watch:
                yield
        except StoreUnavailable as error:
            if watch is not None and watch.cut:  # for the line of a start given up so
                error.why = unanswered_start(self.url, self.answer_timeout, "STORE_ANSWER_TIMEOUT")
            raise

    def transaction_options(self, write: bool) -> dict[str, Any]:
        if write:
            # READ WRITE is not asked for (psycopg's read_only None, where SQLAlchemy leaves False after a
            # read): a database an operator made read-only (default_transaction_read_only) refuses the write.
            return {"isolation_level": "READ COMMITTED", "postgresql_readonly": None}
        # One snapshot for every statement of the read, and never a serialization failure.
        return {"isolation_level": "REPEATABLE READ", "postgresql_readonly": True}

    def lock(self, conn: Connection, key: int) -> None:
        conn.execute(select(func.pg_advisory_xact_lock(key)))

    def move_versions_past(self, conn: Connection, floor: int) -> None:
        # Versions come from the identity sequence of `writes`, which other instances' writes advance
        # meanwhile, outside any lock (locking `writes` would hold a start behind a long upload): it is
        # moved only while over a second (of the clock's microseconds) behind `floor`, so that
        # no version another instance takes between the read and setval can reach `floor`.
        conn.execute(text("SELECT setval(s, :floor) FROM (SELECT pg_get_serial_sequence('writes', 'version')::regclass "
                          "AS s) AS q WHERE COALESCE(pg_sequence_last_value(s), 0) < :floor - :margin"),
                     {"floor": floor, "margin": VERSION_FLOOR_MARGIN})

    def create_rows_table(self, conn: Connection, dataset_id: int, column_types: Sequence[str],
                          rows: Sequence[tuple]) -> None:
        # The row ids' index is built after the load, in one sorted pass: a third of a bulk
        # create's time when it is kept up to date row by row instead.
        table = rows_table(dataset_id, column_types, row_id_column=True, keyed=False)
        table.create(conn)
        self.insert_rows(conn, table, rows)
        conn.execute(AddConstraint(row_id_key(table)))

    def insert_rows(self, conn: Connection, table: Table, rows: Sequence[tuple]) -> None:
        if not rows:
            return
        from psycopg import sql

        values = [c for c in table.columns if c.name != ROW_ID]
        columns = [c.name for c in values]
        # -0.0 as 0.0, as SQLite stores it (a whole float as an integer, which has no sign): a
        # dataset's rows, charts and files read alike from either store.
        rows = unsigned_zero_rows(rows, [i for i, c in enumerate(values) if isinstance(c.type, Double)])
        statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
            sql.Identifier(table.name), sql.SQL(", ").join(map(sql.Identifier, columns)))
        with conn.connection.driver_connection.cursor() as cursor, cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)

    def store_error(self, error: BaseException, write: bool = True) -> Exception | None:
        if isinstance(error, exc.TimeoutError):  # every pooled connection in use for the whole wait
            return self.connections_busy()
        state = getattr(driver_error(error), "sqlstate", None)
        if state in self.BUSY_STATES:
            return StoreBusy(BUSY_MESSAGE)
        if state == PG_FULL_STATE:
            return self.unavailable(error, FULL_MESSAGE if write else FULL_READ_MESSAGE, StoreFull)
        if state == PG_READ_ONLY_STATE:
            return self.unavailable(error, PG_READONLY_MESSAGE, StoreReadOnly)
        if postgres_unreachable(error):
            return self.unavailable(error)
        return None

    def opening_problem(self, error: BaseException) -> str:
        # libpq's words, which name no password: 'connection to server at "h", port 5432 failed: FATAL:
        # password authentication failed for user "svg"', or one of its reasons the server is not reached,
        # said without the host, user or password it names, as an outage's line says it (`naming_nothing_of`).
        said = str(driver_error(error)).strip()
        reason = said.rpartition("FATAL:")[2] if "FATAL:" in said else said.partition("\n")[0].rpartition("failed: ")[2]
        reason = " ".join(reason.split())
        refused = connection_refusal(reason)
        if refused:
            return refused[0]
        if reason.startswith("connection timeout expired"):
            return unanswered_start(self.url, connect_seconds(self.url, self.connect_within), "connect_timeout")
        reason = naming_nothing_of(reason, self.url)[:200]
        if "FATAL:" in said:
            return f"the server refused the connection ({reason}); correct the URL"
        return f"its server cannot be reached ({reason}); start it or correct the URL"

    def missing_table(self, error: BaseException) -> bool:
        return getattr(driver_error(error), "sqlstate", None) == "42P01"
