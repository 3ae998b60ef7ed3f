"""What a PostgreSQL (psycopg 3) error means, for the store and for a source alike: the driver's error
inside SQLAlchemy's wrapper, a server that cannot be reached or cannot serve now, a full disk, a
refused connection in the store's words and in a source's (which name neither user nor database), a
start its server did not answer, and the connect_timeout a connection opens with, or a URL's own refused.
"""
from __future__ import annotations

import math
import re

from sqlalchemy import exc
from sqlalchemy.engine import URL


def driver_error(error: BaseException) -> BaseException:
    """The DBAPI error inside SQLAlchemy's wrapper, or the error itself."""
    return getattr(error, "orig", None) or error


# PostgreSQL SQLSTATEs of a server that cannot serve now: admin, crash or immediate shutdown,
# cannot connect now, out of memory, too many connections (class 08, connection exceptions, too).
PG_UNAVAILABLE_STATES = {"57P01", "57P02", "57P03", "53200", "53300"}
# PostgreSQL's SQLSTATE of a disk too full to write to (disk_full).
PG_FULL_STATE = "53100"
# PostgreSQL's SQLSTATE of a write in a read-only transaction (read_only_sql_transaction): a database
# whose default_transaction_read_only is on, or a standby server.
PG_READ_ONLY_STATE = "25006"


def postgres_unreachable(error: BaseException) -> bool:
    """Whether a PostgreSQL (psycopg 3) error means the server cannot be reached or cannot serve now."""
    import psycopg

    driver = driver_error(error)
    state = getattr(driver, "sqlstate", None) or ""
    return (state in PG_UNAVAILABLE_STATES or state.startswith("08")
            or getattr(error, "connection_invalidated", False)
            or isinstance(error, exc.DisconnectionError)
            or (not state and isinstance(driver, psycopg.OperationalError | psycopg.InterfaceError)))


# What a PostgreSQL server says when it refuses a connection, how the site's store says it (naming the
# user or database), and how a source's 503, which anyone may read, says it (naming neither).
PG_REFUSALS = (
    (r'password authentication failed for user "(.*)"', "the database refused the password for user '{}'; "
     "correct the URL", "its server refused the password of the user its URL names (correct the URL)"),
    (r'database "(.*)" does not exist', "database '{}' does not exist; create it or correct the URL",
     "its server has no database of the name its URL gives (create it or correct the URL)"),
    (r'role "(.*)" does not exist', "user '{}' does not exist on the database server; correct the URL",
     "its server has no user of the name its URL gives (correct the URL)"),
)


def connection_refusal(reason: str) -> tuple[str, str] | None:
    """A PostgreSQL server's refusal of a connection (`reason`, the words after its "FATAL:") in the
    store's words, naming the user or database, and in a source's, naming neither (`PG_REFUSALS`);
    None for other words."""
    reason = " ".join(reason.split())
    for pattern, words, source_words in PG_REFUSALS:
        found = re.fullmatch(pattern, reason)
        if found:
            return words.format(*found.groups()), source_words
    return None


def postgres_refusal(error: BaseException) -> str:
    """Why a PostgreSQL server refused a source's connection, in words naming neither the user nor
    the database, where it said one of `PG_REFUSALS`; '' otherwise."""
    said = str(driver_error(error))
    refused = connection_refusal(said.rpartition("FATAL:")[2]) if "FATAL:" in said else None
    return refused[1] if refused else ""


def postgres_connect_timeout(url: URL, seconds: float) -> dict[str, int]:
    """The connect_timeout to open a PostgreSQL connection with: `seconds` (libpq's least is 2 s),
    or none where the URL gives its own, which connect_args would take the place of."""
    return {} if "connect_timeout" in url.query else {"connect_timeout": max(2, int(seconds))}


def connect_seconds(url: URL, seconds: float) -> float:
    """The seconds a connection of `url` gives up opening after (`postgres_connect_timeout`): its own,
    which `connect_timeout_refusal` has let through as the site started, or the site's."""
    if "connect_timeout" not in url.query:
        return postgres_connect_timeout(url, seconds)["connect_timeout"]
    return float(url.query["connect_timeout"])


def connect_timeout_refusal(url: URL, most: float, limit: str) -> str:
    """Why the URL's own connect_timeout cannot be kept, where the site gives up on its database after
    `most` seconds (`limit`, the setting that says so): given more than once (libpq would take one, the
    driver refuse them as it connects), no whole number, 0 or less, which libpq reads as no limit, or
    more than `most` (2 at least, libpq's least), past which no deadline of the site cuts a connection
    that is not yet open, as it has no socket to shut down. '' for none given or one within them."""
    given = url.query.get("connect_timeout")
    if given is None:
        return ""
    highest = max(2, math.floor(most))
    allowed = f"give it a whole number of seconds from 1 to {highest}, or leave it out for the site's own"
    if isinstance(given, tuple):
        return f"connect_timeout is given {len(given)} times ({', '.join(given)}): {allowed}, once"
    try:
        seconds = int(given.strip())
    except ValueError:
        return f"connect_timeout={given} is no whole number: {allowed}"
    if seconds <= 0 or seconds > highest:
        waits = ("waits for its server without limit (libpq reads 0 or less so)" if seconds <= 0 else
                 f"waits for its server longer than {limit}, {most:g} second{'' if most == 1 else 's'}, "
                 "after which the site gives up on it")
        return f"connect_timeout={given} {waits}: {allowed}"
    return ""


def unanswered_start(url: URL, seconds: float, limit: str) -> str:
    """Why a start gave up on a server that did not answer within `seconds` (`limit`, the setting
    that says so), naming the server by its host and port, not its user or password."""
    port = url.port or 5432
    server = f"its server at {url.host}:{port}" if url.host else f"its server on the local socket of port {port}"
    return (f"{server} did not answer within {seconds:g} second{'' if seconds == 1 else 's'} ({limit}); see that it "
            "runs, not stopped or paused, or correct the URL")
