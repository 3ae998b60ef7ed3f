"""Sources and datasets held down: answered 503 at once, their database not asked, while a thread
of their own tries them again.

A source that cannot be reached (a firewall dropping packets, a server that accepts and never
answers) held every request of its datasets for the connect timeout, and a dataset whose query ran
past the statement timeout (a lock on its table, a query stuck in the database) every request of
its charts for the statement timeout: each a server thread, a page of ten charts ten of them.
Held down, a source or dataset answers 503 at once with Retry-After; once its time is up, the next
request starts one thread trying it again and waits for it at most TRY_WAIT seconds, going ahead
when it succeeded in that time (the source back, no request is refused for having come first);
requests meanwhile answer at once. A try that succeeds ends the hold; one that fails renews it. A key may be held along with another (a source slow for as long as
the dataset whose description ran past the timeout is held): it ends and is renewed with that one.
"""
from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable, Hashable

log = logging.getLogger(__name__)

# How long the request that starts a try waits for it: a source back answers in milliseconds, and
# one that hangs holds that request no longer than this.
TRY_WAIT = 1.0


class HeldDown:
    """What is held down (keys: a source, a dataset), until when, and the tries of it under way.

    A key is held down for `seconds`, or for the seconds its first hold gave (a source's
    `hold_seconds`), and a failed try holds it as long again.
    """

    def __init__(self, seconds: float, try_wait: float = TRY_WAIT):
        self.seconds = seconds
        self.try_wait = try_wait
        self._until: dict[Hashable, float] = {}  # monotonic seconds
        self._seconds: dict[Hashable, float] = {}  # keys held for other than `seconds`
        self._along: dict[Hashable, set[Hashable]] = {}  # the keys held along with each key
        self._trying: set[Hashable] = set()
        self._threads: list[threading.Thread] = []  # the tries started, until they end
        self._lock = threading.Lock()

    def hold(self, key: Hashable, seconds: float | None = None, along_with: Hashable | None = None) -> None:
        """Hold `key` down from now for `seconds` (None: as long as it was held before, else `self.seconds`);
        `along_with`: a key whose try that succeeds ends this hold too, and whose try that fails renews it."""
        with self._lock:
            if seconds is not None:
                self._seconds[key] = seconds
            self._until[key] = time.monotonic() + self._seconds.get(key, self.seconds)
            if along_with is not None:
                self._along.setdefault(along_with, set()).add(key)

    def length(self, seconds: float | None = None) -> int:
        """The whole seconds a hold of `seconds` lasts (None: `self.seconds`), its 503's Retry-After."""
        return math.ceil(seconds if seconds is not None else self.seconds)

    def holding(self, key: Hashable) -> bool:
        """Whether `key` is held down now (its time not up); no try is started."""
        with self._lock:
            return self._until.get(key, 0.0) > time.monotonic()

    def retry_after(self, key: Hashable, try_again: Callable[[], object], back: str) -> int | None:
        """None when `key` is not held down (a request goes ahead); else the seconds a request
        should wait, at least 1. Once its time is up, starts `try_again` (see `try_now`) and waits
        for it at most `try_wait` seconds: None when it ended the hold meanwhile."""
        with self._lock:
            until = self._until.get(key)
            if until is None:
                return None
            left = until - time.monotonic()
        if left <= 0:
            thread = self.try_now(key, try_again, back)
            if thread is None:
                return 1  # a try under way, started by another request
            thread.join(self.try_wait)
            with self._lock:
                until = self._until.get(key)
            if until is None:
                return None
            left = until - time.monotonic()  # renewed by a failed try, or still trying
        return max(1, math.ceil(left))

    def try_now(self, key: Hashable, try_again: Callable[[], object], back: str) -> threading.Thread | None:
        """Run `try_again` in a thread of its own, returned, unless a try of `key` is under way
        (None): when it returns, the hold ends (and `back` is logged); when it raises, the hold is renewed."""
        with self._lock:
            if key in self._trying:
                return None
            self._trying.add(key)
            thread = threading.Thread(target=self._try, args=(key, try_again, back), name=f"try {key} again",
                                      daemon=True)
            self._threads = [*(t for t in self._threads if t.is_alive()), thread]
        thread.start()
        return thread

    def wait(self, timeout: float) -> None:
        """Wait up to `timeout` seconds for the tries under way to end."""
        deadline = time.monotonic() + timeout
        with self._lock:
            threads = list(self._threads)
        for thread in threads:
            thread.join(max(0.0, deadline - time.monotonic()))

    def _try(self, key: Hashable, try_again: Callable[[], object], back: str) -> None:
        try:
            try_again()
        except Exception:  # noqa: BLE001  (whatever the driver raises, it does not answer yet)
            self.hold(key)
            with self._lock:
                along = list(self._along.get(key, ()))
            for other in along:
                self.hold(other)
        else:
            with self._lock:
                for other in (key, *self._along.pop(key, ())):
                    self._until.pop(other, None)
            log.warning("%s", back)
        finally:
            with self._lock:
                self._trying.discard(key)
