"""The gate between the SQL store's transactions and a reopen of its SQLite file.

Each transaction holds the gate shared while it uses a connection; a reopen holds it alone, once
every connection to the old file was given back. A connection left open on the old file keeps its
`-wal` and `-shm` files at the path the new file opens its own at, which SQLite warns can corrupt
the new file (https://www.sqlite.org/howtocorrupt.html, 2.4).
"""
from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from .types import StoreBusy


class ConnectionGate:
    """Shared holds, re-entrant in a thread, and one holder alone, who waits for them to end.

    A reopen waiting for the gate keeps new holds out, so that a steady flow of requests cannot
    starve it; a thread holding the gate already takes it again at once, as the reopen waits for it.
    Either wait lasts `timeout` seconds at most, then raises StoreBusy(`busy_message`).
    """

    def __init__(self, timeout: float, busy_message: str):
        self.timeout = timeout
        self.busy_message = busy_message
        self._lock = threading.Lock()  # taken as it is where no one waits: a cache hit holds the gate too
        self._changed = threading.Condition(self._lock)
        self._shared = 0  # shared holds, of every thread
        self._alone = False  # a reopen holds the gate, or waits for the shared holds to end
        self._threads = threading.local()

    def _held_here(self) -> list[int]:
        """This thread's count of shared holds, in a list that `release` is given: a hold ended in
        another thread (a generator closed there) lowers the count of the thread that took it."""
        try:
            return self._threads.held
        except AttributeError:
            held = self._threads.held = [0]
            return held

    def held_here(self) -> bool:
        """Whether this thread holds the gate shared: a reopen it began would wait for itself."""
        return self._held_here()[0] > 0

    def hold(self) -> list[int]:
        """Hold the gate shared (a transaction using a connection), waiting for a reopen to end
        unless this thread holds it already; give what it returns to `release`."""
        held = self._held_here()
        with self._lock:
            if self._alone and not held[0]:
                self._wait(lambda: not self._alone)
            self._shared += 1
            held[0] += 1  # under the lock: a hold ended in another thread lowers this count too
        return held

    def release(self, held: list[int]) -> None:
        """End a shared hold (`hold`)."""
        with self._lock:
            held[0] -= 1
            self._shared -= 1
            if self._alone and not self._shared:
                self._changed.notify_all()

    @contextmanager
    def alone(self) -> Iterator[None]:
        """Hold the gate alone for the block (a reopen), once every shared hold ended; never asked by
        a thread that holds it shared, which would wait for itself."""
        with self._changed:
            self._wait(lambda: not self._alone)
            self._alone = True
            try:
                self._wait(lambda: not self._shared)
            except StoreBusy:
                self._alone = False
                self._changed.notify_all()  # the holds kept out go ahead on the old file
                raise
        try:
            yield
        finally:
            with self._changed:
                self._alone = False
                self._changed.notify_all()

    def closing(self, close: Callable[[], None]) -> None:
        """Run `close` (the disposal of a pool) once every other thread's hold has ended, so that no
        connection out of the pool goes back to the discarded one open; at once where this thread
        holds the gate itself (it would wait for itself), or where the holds outlast `timeout`."""
        if self.held_here():
            close()
            return
        try:
            with self.alone():
                close()
        except StoreBusy:
            close()

    def _wait(self, done: Callable[[], bool]) -> None:
        """Wait, holding `_changed`, until `done()`; raises StoreBusy after `timeout` seconds."""
        if not self._changed.wait_for(done, self.timeout):
            raise StoreBusy(self.busy_message)
