"""A PostgreSQL store's transactions given up when its server does not answer within a deadline.

A server whose processes are stopped (SIGSTOP, a machine paused) holds a libpq call waiting for
its answer for as long as it stays so: its own statement_timeout cannot fire, and TCP's timeouts do
not either, as the server's kernel still acknowledges every packet. psycopg offers no timeout of a
query (its `connect_timeout` bounds opening a connection; a cancel is a request the stopped server
does not read either). So each transaction of the store is watched from the moment it asks the pool
for a connection, whose check (a ping) is the first thing such a server holds, to its end: past its
deadline, one thread of the process shuts the connection's socket down, the call waiting fails at
once, SQLAlchemy discards the connection, and the transaction raises StoreUnavailable saying the
database did not answer in time (`Watch.unanswered`).

A write cut so before its COMMIT was sent is never committed: the server, as it goes on, finds the
connection ended and rolls the transaction back. One whose COMMIT was sent and not answered may have
been committed or not, which no client can tell: its 503 says so.
"""
from __future__ import annotations

import math
import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, event, exc

from .types import StoreUnavailable

# Where a pooled connection notes that it was opened and not yet checked out: a connection just
# opened answered a moment ago, and is not pinged (as SQLAlchemy's pre-ping skips it).
FRESH = "svgplots.fresh"


def _seconds(seconds: float) -> str:
    return f"{seconds:g} second{'' if seconds == 1 else 's'}"


class Watch:
    """One transaction's deadline, and the socket of the connection it uses (a duplicate of its
    descriptor, so that the socket is the same one whatever the connection does with its own)."""

    def __init__(self, seconds: float, deadline: float, write: bool):
        self.seconds = seconds
        self.deadline = deadline
        self.write = write
        self.descriptor = -1
        self.cut = False  # the deadline passed and the socket was shut down
        self.committing = False  # the write's COMMIT was sent

    def unanswered(self) -> StoreUnavailable:
        """The 503 of a transaction cut at its deadline: a read's, a write's that committed nothing,
        or a write's whose COMMIT was sent and may have been committed."""
        late = f"the dataset database did not answer within {_seconds(self.seconds)}"
        if not self.write:
            message = f"{late}; try again in a moment"
        elif self.committing:
            message = (f"{late} as it was committing this request's changes: they may have been stored or not; "
                       "look at the dataset before sending the request again (an append sent again with the same "
                       "Idempotency-Key is stored once)")
        else:
            message = f"{late}; nothing was stored by this request; send it again in a moment"
        unavailable = StoreUnavailable(message)
        unavailable.reason = f"no answer within {_seconds(self.seconds)}"
        return unavailable


class Deadlines:
    """The watched transactions of every store of this process, and the one thread that cuts the
    connection of each past its deadline (started as one is first watched)."""

    def __init__(self, clock=time.monotonic):
        self.clock = clock
        self._reset()
        os.register_at_fork(after_in_child=self._reset)

    def _reset(self) -> None:
        """Start afresh (and in a forked process, which has none of its parent's threads: neither
        their transactions nor the watching thread, nor maybe its lock, which one of them may have
        held as it forked)."""
        self._changed = threading.Condition(threading.Lock())
        self._watched: dict[Watch, None] = {}
        self._waking_at = math.inf  # the deadline the watching thread waits for
        self._thread: threading.Thread | None = None
        self._current = threading.local()

    def current(self) -> Watch | None:
        """The watch of the transaction this thread is in, if any."""
        return getattr(self._current, "watch", None)

    @contextmanager
    def watching(self, seconds: float, write: bool) -> Iterator[Watch]:
        """The block, a transaction of this thread, watched: its connection is cut past `seconds`,
        and whatever the block raises then becomes `Watch.unanswered()`."""
        watch = Watch(seconds, self.clock() + seconds, write)
        outer = self.current()
        self._current.watch = watch
        with self._changed:
            self._watched[watch] = None
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._watch, name="store deadlines", daemon=True)
                self._thread.start()
            if watch.deadline < self._waking_at:
                self._changed.notify()
        try:
            yield watch
        except Exception:
            if watch.cut:
                raise watch.unanswered() from None
            raise
        finally:
            with self._changed:
                del self._watched[watch]
                descriptor, watch.descriptor = watch.descriptor, -1
            if descriptor >= 0:
                os.close(descriptor)
            self._current.watch = outer

    def use(self, watch: Watch, connection: Any) -> None:
        """Note the psycopg `connection` the watched transaction uses from now on; raises its
        `unanswered()` if it was cut already, psycopg's OperationalError for a connection lost."""
        descriptor = os.dup(connection.pgconn.socket)
        with self._changed:
            descriptor, watch.descriptor = watch.descriptor, descriptor
            cut = watch.cut
        if descriptor >= 0:
            os.close(descriptor)
        if cut:
            raise watch.unanswered()

    def _watch(self) -> None:
        """Cut each watched transaction's connection past its deadline, for good."""
        with self._changed:
            while True:
                now = self.clock()
                for watch in self._watched:
                    if not watch.cut and watch.deadline <= now:
                        watch.cut = True
                        if watch.descriptor >= 0:
                            shut_down(watch.descriptor)
                waiting = [watch.deadline for watch in self._watched if not watch.cut]
                self._waking_at = min(waiting, default=math.inf)
                self._changed.wait(None if not waiting else min(self._waking_at - now, threading.TIMEOUT_MAX))


def shut_down(descriptor: int) -> None:
    """Shut down the socket of `descriptor` both ways: a call waiting on it returns at once."""
    sock = socket.socket(fileno=descriptor)
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass  # closed by its server meanwhile
    finally:
        sock.detach()  # the descriptor is the watch's to close


DEADLINES = Deadlines()


def watch_connections(engine: Engine, deadlines: Deadlines = DEADLINES) -> None:
    """Have the engine's connections watched in transactions `deadlines.watching`, from their
    checkout on, which pings a connection that was pooled, as pre-ping would: the engine is made
    without it, as its ping comes before any event where the connection could be watched."""
    dialect = engine.dialect

    @event.listens_for(engine, "connect")
    def connect(dbapi_connection, connection_record) -> None:
        connection_record.info[FRESH] = True

    @event.listens_for(engine, "checkout")
    def checkout(dbapi_connection, connection_record, connection_proxy) -> None:
        watch = deadlines.current()
        if watch is not None:
            try:
                deadlines.use(watch, dbapi_connection)
            except dialect.loaded_dbapi.Error:
                raise exc.DisconnectionError() from None  # lost: the pool opens another
        if connection_record.info.pop(FRESH, False):
            return
        try:
            dialect.do_ping(dbapi_connection)
        except dialect.loaded_dbapi.Error as error:
            if dialect.is_disconnect(error, dbapi_connection, None):
                # As a failed pre-ping does: every pooled connection is discarded (the server was
                # restarted, say, or hangs, where each would hang its ping), and another one opened.
                raise exc.InvalidatePoolError() from None
            raise

    @event.listens_for(engine, "do_connect")
    def do_connect(connecting_dialect, connection_record, cargs, cparams) -> None:
        watch = deadlines.current()
        if watch is not None and watch.cut:
            raise watch.unanswered()  # no other connection to a server that did not answer this transaction

    @event.listens_for(engine, "commit")
    def commit(conn) -> None:
        watch = deadlines.current()
        if watch is not None:
            watch.committing = True
