"""Connections to a source database, and what its errors mean for a dataset's answer.

An engine per source: PostgreSQL with a connect timeout; an SQLite file opened read-only
(`mode=ro`, `query_only`: a missing file is an error, never created empty), its transactions begun
by hand (one snapshot for every statement of a read) and a progress handler interrupting a statement
past the timeout its transaction carries. A pooled SQLite connection holds the file it opened: one
whose path now names another file (a new database moved in with `mv`) or none (removed), or whose
file was emptied beside a WAL holding changes, is closed at checkout and a new one opened
(`sqlite_files.guard_source_file`), so that the next read sees the file the path names, or that it
is gone; one moved in beside the WAL of the file it replaced is not opened (`old_file_log`: SQLite
would read the old file's pages in it), nor is an empty file, or a path of none, beside a WAL
holding changes (`log_at_risk`: SQLite would delete them).
A driver's error becomes the store's answer: SourceUnavailable (503) for a source that cannot be
reached (why, and whether waiting may mend it, told by `source_unreachable`), SourceTimeout (503)
for a statement past its time, SourceLocked (503) for an SQLite file another program holds locked
(its busy wait is the statement timeout, not sqlite3's 5 s), SourceTableLocked (503) for a
PostgreSQL table another session holds locked past the lock wait, DatasetUnreadable for a query the
database refuses (a grant its role lacks named, `source_privileges`); messages name the source and
the dataset, never the URL.
"""
from __future__ import annotations

import logging
import sqlite3
import time
import urllib.parse

from sqlalchemy import Connection, Engine, event, exc, func, select
from sqlalchemy.engine import URL

from plots.text import quoted_name

from ..metrics import count_source_failure
from ..store_outages import logged_words
from .missing_columns import PG_NO_COLUMN, missing_column, missing_column_refusal
from .postgres_errors import connect_timeout_refusal, driver_error, postgres_connect_timeout, postgres_unreachable
from .source_collations import refused_collation, unknown_collation
from .source_config import Source, SourceConfigError, SourcesConfig
from .source_privileges import denied, privilege_refusal
from .source_unreachable import Unreachable, sqlite_path, unavailable, unreachable_why
from .source_url_options import option_refused, refused_url_option
from .sql_names import create_quoting_engine
from .sqlite_backend import SqliteBackend
from .sqlite_changes import CHANGE_SIGNAL, change_signal
from .sqlite_files import EmptyFileLog, OldFileLog, guard_source_file
from .sqlite_ranks import register_rank_aggregates
from .source_busy import SourceBusy, SourceLocked, SourceTableLocked, SourceTimeout
from .types import DatasetUnreadable, StoreUnavailable

log = logging.getLogger(__name__)

# How many SQLite virtual machine steps run between two checks of the statement's time.
PROGRESS_STEPS = 10_000
# The option a connection's transaction carries to the SQLite `begin` hook: its statement timeout.
TIMEOUT_OPTION = "svgplots_timeout"
# The PostgreSQL SQLSTATE of a statement cancelled by statement_timeout.
PG_TIMEOUT = "57014"
# The PostgreSQL SQLSTATE of a lock not granted within lock_timeout (lock_not_available).
PG_LOCK_NOT_AVAILABLE = "55P03"
# How many seconds a PostgreSQL read waits for a lock on its tables (at most half the statement
# timeout: see `lock_wait_within`). A table locked for longer is held by a migration or a long write,
# which seldom ends within the statement timeout either; told at once, a page of ten datasets of
# that table waits one second each, not one statement timeout each.
LOCK_WAIT = 1.0


def lock_wait_within(seconds: float, timeout: float) -> float:
    """How long a read waits for a lock: `seconds`, and less than the statement `timeout`, which
    counts from the statement's start, before its wait for a lock: no shorter, the statement timeout
    would always come first and a lock be taken for a slow query. Half of it leaves the other half
    to a statement that was granted its lock late. Whole milliseconds, at least one (PostgreSQL's
    `lock_timeout`, where 0 is no limit)."""
    return max(1, int(min(seconds, timeout / 2) * 1000)) / 1000


def _sqlite_read_only(url: URL) -> URL:
    """The URL of the same SQLite file, opened read-only (a URI with mode=ro)."""
    path = urllib.parse.quote(url.database or "")
    return url.set(database=f"file:{path}", query={"mode": "ro", "uri": "true"})


def refuse_long_connects(config: SourcesConfig, timeout: float) -> None:
    """Raise SourceConfigError, as the site starts, for the first PostgreSQL source whose URL's own
    connect_timeout waits for its server without limit, or longer than `timeout` (SOURCE_TIMEOUT): a
    request would wait as long for its connection (`connect_timeout_refusal`)."""
    for source in config.sources.values():
        if source.backend != "postgresql":
            continue
        refused = connect_timeout_refusal(source.url, timeout, "SOURCE_TIMEOUT")
        if refused:
            where = config.path.name if config.path else "the sources file"
            raise SourceConfigError(f"{where}: source {quoted_name(source.name)}: its URL's {refused}")


def make_engine(source: Source, timeout: float) -> Engine:
    """An engine reading the source, its connections opened within `timeout` seconds, at most the
    source's `connections` of them at once (a request waits `timeout` seconds for one, then
    `connections_busy`): an SQLite file read-only, each statement interrupted past the timeout its
    transaction carries (TIMEOUT_OPTION)."""
    # No overflow: a burst of requests waits for the source's connections, never opens more than it allows.
    pool = {"pool_size": source.connections, "max_overflow": 0, "pool_timeout": timeout}
    if source.backend == "postgresql":
        # No statement prepared on the server (`PostgresBackend.create_engine` says why): each planned
        # for its values, however often a pooled connection sent it.
        return create_quoting_engine(source.url, pool_pre_ping=True, **pool,
                                     connect_args={**postgres_connect_timeout(source.url, timeout),
                                                   "prepare_threshold": None})
    # sqlite3 waits 5 s for a lock unless told: a file locked by a writer waits the timeout instead.
    engine = create_quoting_engine(_sqlite_read_only(source.url), pool_pre_ping=True, **pool,
                                   connect_args={"timeout": timeout})
    path = sqlite_path(source)
    if path is not None:
        guard_source_file(engine, path)  # its "do_connect" and "checkout": the file the path names

    @event.listens_for(engine, "connect")
    def connect(dbapi_connection, record) -> None:
        dbapi_connection.isolation_level = None  # BEGIN and COMMIT come from the hook below
        dbapi_connection.execute("PRAGMA query_only = ON")
        register_rank_aggregates(dbapi_connection)  # SQLite has no median nor percentile of its own
        deadline = record.info["deadline"] = [float("inf")]
        # A statement still running past its deadline is interrupted (it fails as "interrupted").
        dbapi_connection.set_progress_handler(lambda: time.monotonic() > deadline[0], PROGRESS_STEPS)

    @event.listens_for(engine, "begin")
    def begin(conn: Connection) -> None:
        if path is not None:
            # Before the snapshot its first read takes: a change after this is a change since that read.
            conn.info[CHANGE_SIGNAL] = change_signal(path)
        conn.exec_driver_sql("BEGIN")  # one snapshot for every statement of the read

    @event.listens_for(engine, "before_cursor_execute")
    def before(conn, cursor, statement, parameters, context, executemany) -> None:
        seconds = conn.get_execution_options().get(TIMEOUT_OPTION)
        conn.connection.info["deadline"][0] = time.monotonic() + seconds if seconds else float("inf")

    @event.listens_for(engine, "checkin")
    def checkin(dbapi_connection, record) -> None:
        if "deadline" in record.info:  # the pool's own ping must never be interrupted
            record.info["deadline"][0] = float("inf")

    @event.listens_for(engine, "handle_error")
    def collation_refused(context) -> None:
        # SQLite keeps a view's columns once it has looked them up, though it refused the statement
        # for their collation: the connection's next read of the view's other columns would go
        # through, where a new connection's is refused. Closed, no connection keeps them.
        if refused_collation(context.original_exception, source.backend) is not None:
            context.is_disconnect = True
            context.invalidate_pool_on_disconnect = False  # each other one that looked them up was closed so

    return engine


class VersionQueryFailed(Exception):
    """A database error raised by a dataset's `version_sql`: `failure` says which field of its entry
    to fix, unless `refusal` says what else it met (a table its table or query reads too, gone)."""

    def __init__(self, error: BaseException, refusal: str | None = None):
        super().__init__(str(error))
        self.error, self.refusal = error, refusal


class DescriptionTimedOut(Exception):
    """A statement timeout met describing a dataset (its columns read, its rows counted), not reading a chart's rows."""

    def __init__(self, error: BaseException):
        super().__init__(str(error))
        self.error = error


def past(timeout: float) -> str:
    """How a message says a source took too long: "longer than the 10 s limit"."""
    return f"longer than the {timeout:g} s limit"


# What a chart past the timeout is told to do: read fewer rows, by any way its kind takes. A timeout of
# what every chart asks first (version_sql, a description) says otherwise, as no narrower chart helps.
NARROWER_ADVICE = ("narrow the rows the chart reads (xmin/xmax, resample=…, from/to or filter.<column>=…, as its kind "
                   "takes them) or try again later")


def timed_out(name: str, source: Source, timeout: float, held_for: int | None = None,
              in_version_sql: bool = False, describing: bool = False, hold: int | None = None) -> SourceTimeout:
    """The answer for dataset `name` when its source took longer than `timeout` seconds: to answer its
    version_sql (`in_version_sql`) or to describe it (`describing`), which every read does first, so
    that no narrower chart helps; `held_for`: the seconds left of its hold, when it did so a moment
    ago and is not asked now (`source_holds`); `hold`: the seconds it is held down from now (its
    Retry-After, as the 503s of the hold say what is left of it), None when it is not held."""
    took = f"the source {source.name!r} took {past(timeout)} to answer for dataset {name!r}"
    if held_for is not None:
        return SourceTimeout(f"{took} a moment ago, and is tried again meanwhile; try again in {held_for} s",
                             retry_after=held_for)
    advice = NARROWER_ADVICE
    if in_version_sql:
        took = (f"the source {source.name!r} took {past(timeout)} to answer the version_sql of dataset {name!r}, "
                "which every chart and page of it asks first")
        advice = (f"make version_sql of [datasets.{name}] in the sources file a query the database answers at once "
                  "(one value, such as the max of an indexed column), or leave it out to version the dataset by "
                  "cache_seconds")
    elif describing:
        # A plain table's description reads every row too (its count, its columns' types): no quicker query of
        # it helps, nor an index; what does is more time, fewer rows read, or a database not busy.
        took = (f"the source {source.name!r} took {past(timeout)} to describe dataset {name!r} (to read its columns "
                "and count its rows, which reads each of its rows once, a plain table's too), which every chart and "
                "page of it needs first, so that no narrower chart helps")
        advice = (f"give SOURCE_TIMEOUT more time (an index does not help: every row is read), make [datasets.{name}] "
                  "in the sources file a view or sql query of fewer rows (those its charts need), or, where the "
                  "database was busy, try again later")
    return SourceTimeout(f"{took}; {advice}", retry_after=hold if hold is not None else max(1, int(timeout)))


def locked(name: str, source: Source, timeout: float, retry_after: int, held: bool = False) -> SourceLocked:
    """The answer for dataset `name` while its SQLite source's file is locked by another program for
    longer than `timeout` seconds; `held`: it was so a moment ago and is not asked now."""
    how = ("was locked by another program writing its database a moment ago, and is tried again meanwhile" if held
           else f"is locked by another program writing its database (it stayed locked for {past(timeout)})")
    return SourceLocked(f"the source {source.name!r} of dataset {name!r} {how}; try again in {retry_after} s",
                        retry_after=retry_after)


def connections_busy(name: str, source: Source, timeout: float) -> SourceBusy:
    """The answer for dataset `name` when every connection to its source this process may open was in
    use by other requests for `timeout` seconds."""
    return SourceBusy(f"the source {source.name!r} of dataset {name!r} has all its {source.connections} connections "
                      f"in use by other requests of this process, and none was free within {timeout:g} s; try "
                      f"again in 1 s (connections = {source.connections} of [sources.{source.name}] in the sources "
                      "file bounds them)", retry_after=1)


def table_locked(name: str, source: Source, wait: float, retry_after: int, held: bool = False,
                 in_version_sql: bool = False) -> SourceTableLocked:
    """The answer for dataset `name` while another session holds its PostgreSQL table (or
    `in_version_sql`, a table its version_sql reads) locked for longer than `wait` seconds; `held`:
    it was so a moment ago and is not asked now."""
    which = "a table its version_sql reads" if in_version_sql else "its table"
    how = (f"had {which} locked by another session a moment ago, and is tried again meanwhile" if held
           else f"has {which} locked by another session (it stayed locked for longer than the {wait:g} s a read "
                "waits for a lock)")
    return SourceTableLocked(f"the source {source.name!r} of dataset {name!r} {how}; try again in {retry_after} s",
                             retry_after=retry_after)


def set_statement_timeout(conn: Connection, seconds: float) -> None:
    """Stop the statements `conn` runs from now on in its transaction after `seconds`."""
    if conn.dialect.name == "postgresql":
        conn.execute(select(func.set_config("statement_timeout", str(max(1, int(seconds * 1000))), True)))
    else:
        conn.execution_options(**{TIMEOUT_OPTION: seconds})


def column_missing(error: BaseException) -> bool:
    """Whether the database refused a statement for naming a column its table or query lacks (a
    column renamed or dropped since the dataset was described)."""
    driver = driver_error(error)
    if getattr(driver, "sqlstate", None) == PG_NO_COLUMN:
        return True
    return isinstance(driver, sqlite3.OperationalError) and str(driver).startswith("no such column")


def slow_to_describe(name: str, source: Source, budget: float, timeout: float, hold: int) -> SourceTimeout:
    """The answer for dataset `name` when its source, slow a moment ago, did not describe it within
    `budget` seconds (`source_descriptions`); `hold`: the seconds the dataset is held down after it."""
    return SourceTimeout(f"the source {source.name!r} did not describe dataset {name!r} within {budget:g} s, the "
                         f"time its datasets get while it is slow (a query of it took {past(timeout)} a moment "
                         f"ago); it is tried again meanwhile; try again in {hold} s", retry_after=hold)


def log_failure(name: str, source: Source, error: BaseException, datasets: str = "",
                why: Unreachable = Unreachable()) -> None:
    """Log a database's error for dataset `name` as a warning (the errors `failure` tells apart);
    `datasets`: how the line names the datasets it is of, when not `dataset 'orders'`; `why`: the
    reason a source cannot be reached, which the line ends with as its 503s say it."""
    field = ""
    if isinstance(error, VersionQueryFailed):
        field, error = "version_sql", error.error
    if isinstance(error, DescriptionTimedOut):
        error = error.error
    if isinstance(error, exc.TimeoutError):  # a burst: whoever runs the site may give it more connections
        log.warning("source %r, %s: all its %d connections were in use by other requests for the whole wait "
                    "(connections in the sources file)", source.name, datasets or f"dataset {name!r}", source.connections)
    if isinstance(error, exc.DBAPIError | sqlite3.Error):
        driver = driver_error(error)
        # With the statement: a refusal of SQL the site wrote (a name it left bare) is the site's
        # to mend, and the answer's words cannot tell it from a table or query that changed.
        statement = " ".join((getattr(error, "statement", None) or "").split())  # on one line
        # The reason as the site tells it: the driver's words are alike for several (SQLite's "unable to
        # open database file" of a file not there, and of one the site may not open).
        count_source_failure(source.name)
        log.warning("source %r, %s%s: %s: %s%s%s", source.name, datasets or f"dataset {name!r}",
                    f" ({field})" if field else "",
                    type(driver).__name__, logged_words(str(driver), source.url),
                    f"; the statement: {statement}" if statement else "",
                    f"; its 503s say: {why.words}" if why.words else "")


def failure(name: str, source: Source, error: BaseException, timeout: float,
            hold: int = StoreUnavailable.RETRY_AFTER, *, wait: float) -> Exception | None:
    """What a database error means for the dataset's answer, or None for errors that are not the
    database's; `hold`: the seconds the source or dataset is held down after it (its 503's
    Retry-After); `wait`: the seconds a read waits for a lock (the store's `lock_wait`). Logs nothing: `log_failure` does, once
    for an error however often it is told apart."""
    label = f"dataset {name!r}"
    field = ""
    if isinstance(error, VersionQueryFailed) and error.refusal is not None:
        return DatasetUnreadable(error.refusal)
    if isinstance(error, VersionQueryFailed):
        field, error = "version_sql", error.error
    describing = isinstance(error, DescriptionTimedOut)
    if describing:
        error = error.error
    if isinstance(error, exc.TimeoutError):  # the pool's: every connection in use for the whole wait
        return connections_busy(name, source, timeout)
    if isinstance(error, exc.DisconnectionError):
        return unavailable(name, source, retry_after=hold)
    if isinstance(error, OldFileLog | EmptyFileLog):
        return unavailable(name, source, retry_after=hold, why=unreachable_why(source, error))
    if not isinstance(error, exc.DBAPIError | sqlite3.Error):
        return None
    driver = driver_error(error)
    collation = refused_collation(error, source.backend)
    if collation is not None:
        words = getattr(getattr(driver, "diag", None), "message_primary", None) or str(driver).split("\n")[0]
        return unknown_collation(name, source, collation, words, in_version_sql=bool(field))
    if source.backend == "postgresql":
        state = getattr(driver, "sqlstate", None) or ""
        refused = None if state else refused_url_option(error)
        if refused is not None:
            return option_refused(name, source, *refused)
        if state == PG_TIMEOUT:
            return timed_out(name, source, timeout, in_version_sql=bool(field), describing=describing, hold=hold)
        if state == PG_LOCK_NOT_AVAILABLE:
            return table_locked(name, source, wait, hold, in_version_sql=bool(field))
        if postgres_unreachable(error):
            return unavailable(name, source, retry_after=hold, why=unreachable_why(source, error))
        if (lacking := denied(error)) is not None:  # a grant mends it: say which
            return privilege_refusal(name, source.name, lacking, in_version_sql=bool(field))
        reason = f"{type(driver).__name__}, SQLSTATE {state}" if state else type(driver).__name__
    else:
        if "interrupted" in str(driver):
            return timed_out(name, source, timeout, in_version_sql=bool(field), describing=describing, hold=hold)
        code = (getattr(driver, "sqlite_errorcode", 0) or 0) & 0xFF
        if code in SqliteBackend.UNAVAILABLE_CODES or code == sqlite3.SQLITE_NOTADB:
            return unavailable(name, source, retry_after=hold, why=unreachable_why(source, error))
        if code in SqliteBackend.BUSY_CODES:
            return locked(name, source, timeout, hold)
        reason = str(driver).split("\n")[0][:200]
    if field:
        # A version query refused is no reason to doubt the table or query, and no fallback hides it.
        return DatasetUnreadable(f"{label} cannot be read: the source {source.name!r} refused its {field} ({reason}); "
                                 f"fix {field} of [datasets.{name}] in the sources file (one value that changes "
                                 "with the data), or leave it out to version the dataset by cache_seconds")
    missing = missing_column(error)
    if missing is not None:  # the column's name is the query's own identifier, no value: it is named
        return missing_column_refusal(name, source, *missing)
    return DatasetUnreadable(f"{label} cannot be read: the source {source.name!r} refused its query ({reason}); "
                             "its table, view or query may have changed")
