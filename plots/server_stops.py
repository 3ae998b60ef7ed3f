"""How a render server (`plots.worker`) tells a SIGTERM sent to it alone from one sent to the site's
whole process group, and ends, with its workers, on the first.

A terminal's job control, systemd (KillMode=control-group) and `kill -TERM -PGID` signal every process
of the group at once: the site then stops, letting the charts in flight finish, and the render server
and its workers, which must draw them, end with it. The site says it stops on the server's lifeline as
it begins to (`say_site_stops`). A SIGTERM that no such word follows within GRACE_SECONDS was sent to
the server alone (`kill PID`): it takes no more requests, asks each of its workers to end once the job
in hand is answered (an idle one at once), waits for them up to WORKERS_SECONDS, kills those left, and
ends; the site's processes then go on as when it is killed, with render servers of their own.
"""
from __future__ import annotations

import os
import signal
import time

from .watched_processes import WatchedProcess

# What the site writes on a render server's lifeline as it begins to stop.
STOPPING = b"stopping\n"
# How long a render server waits, after a SIGTERM, for the site's word that it stops too.
GRACE_SECONDS = 2.0
# How long it then waits for its workers to answer the jobs in hand before it kills them.
WORKERS_SECONDS = 30.0
# The signal that asks a render worker to end once it has answered the job in hand.
END_WORKER = signal.SIGUSR1
# What a render worker that ends so says on its answer pipe, in place of an answer.
SERVER_ENDED = "server ended"

# The writing ends of the lifelines of the render servers this process forked (or its parent did).
_lifelines: list[int] = []


def hold_lifeline(keep: int) -> None:
    """Note `keep`, the writing end of a forked render server's lifeline, for `say_site_stops`."""
    os.set_blocking(keep, False)  # a server that reads none never holds a signal handler up
    _lifelines.append(keep)


def say_site_stops() -> None:
    """Tell the render servers this process holds the lifelines of that the site stops: one that gets
    a SIGTERM too (sent to the whole group) then ends with the site, once the charts in flight are drawn."""
    for keep in _lifelines:
        try:
            os.write(keep, STOPPING)
        except OSError:  # gone, or a pipe full of words said before
            pass


class StopSignal:
    """A render server's SIGTERM, and whether the site said it stops (on the lifeline): the server
    ends (`ending`) once GRACE_SECONDS pass after a SIGTERM with no such word."""

    def __init__(self) -> None:
        self.site_stops = False
        self.signalled_at: float | None = None
        # A byte written here by the handler wakes the server's wait for requests.
        self.wakeup, self._wake = os.pipe()
        for end in (self.wakeup, self._wake):
            os.set_blocking(end, False)
        signal.signal(signal.SIGTERM, self._signalled)

    def _signalled(self, number: int, frame: object) -> None:
        if self.signalled_at is None:
            self.signalled_at = time.monotonic()
        try:
            os.write(self._wake, b"\0")
        except OSError:
            pass

    def woken(self) -> None:
        """Read the bytes that woke the server."""
        try:
            os.read(self.wakeup, 64)
        except OSError:
            pass

    def heard(self, words: bytes) -> None:
        """Note what came on the lifeline."""
        if STOPPING in words:
            self.site_stops = True

    def seconds_left(self) -> float | None:
        """How long the server may wait for a request before it must look at `ending` again (None: for ever)."""
        if self.signalled_at is None or self.site_stops:
            return None
        return max(0.0, self.signalled_at + GRACE_SECONDS - time.monotonic())

    def ending(self) -> bool:
        """Whether the server got a SIGTERM the site's word did not follow within GRACE_SECONDS."""
        return self.seconds_left() == 0.0


class ForkedWorkers:
    """The render workers a server forked, each watched through a pidfd (by its id where there are
    none), so that it can end them as it ends."""

    def __init__(self) -> None:
        self._workers: dict[int, WatchedProcess] = {}

    def add(self, pid: int) -> None:
        """Note a worker just forked; forget those that ended since."""
        for ended in [pid for pid, worker in self._workers.items() if not worker.alive()]:
            self._workers.pop(ended).close()
        self._workers[pid] = WatchedProcess(pid)

    def close_in_child(self) -> None:
        """Close the pidfds in a worker just forked, which has no use for them."""
        for worker in self._workers.values():
            worker.close()

    def end(self) -> None:
        """Ask every worker to end once it has answered the job in hand (an idle one at once), wait for
        them up to WORKERS_SECONDS, and kill those left."""
        for worker in self._workers.values():
            worker.signal(END_WORKER)
        deadline = time.monotonic() + WORKERS_SECONDS
        while any(worker.alive() for worker in self._workers.values()) and time.monotonic() < deadline:
            time.sleep(0.02)
        for worker in self._workers.values():
            if worker.alive():
                worker.signal(signal.SIGKILL)
            worker.close()
        self._workers.clear()
