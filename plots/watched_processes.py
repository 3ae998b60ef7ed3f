"""A process that is not our child, watched and signalled through a pidfd where the system has them
(Linux 5.3 and later), by its id elsewhere.

A pidfd stays bound to its process: an id freed by a process that ended and used again by another is
never signalled. The render server watches the workers it forked this way (`server_stops`), and a
pool the workers it was handed (`app.render_workers`).
"""
from __future__ import annotations

import os
import select
import signal

HAS_PIDFD = hasattr(os, "pidfd_open")


class WatchedProcess:
    """One process, watched and signalled through its pidfd (by its id on systems without pidfds)."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self._fd: int | None = None
        # Watched no more: it had ended before its pidfd was opened, or `close` was called.
        self._done = False
        if HAS_PIDFD:
            try:
                self._fd = os.pidfd_open(pid)
            except ProcessLookupError:  # it has ended already
                self._done = True

    def alive(self) -> bool:
        """Whether the process still runs (a pidfd reads as ready once its process has ended)."""
        if self._fd is not None:
            return not select.select([self._fd], [], [], 0)[0]
        return not self._done and process_exists(self.pid)

    def signal(self, number: int) -> None:
        """Send it signal `number`; nothing where it has ended or is watched no more."""
        if self._done:
            return
        try:
            if self._fd is not None:
                signal.pidfd_send_signal(self._fd, number)
            else:
                os.kill(self.pid, number)
        except ProcessLookupError:
            pass

    def close(self) -> None:
        """Close its pidfd: the process is watched and signalled no more."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
        self._done = True


def process_exists(pid: int) -> bool:
    """Whether the process `pid` still exists: signal 0 asks without signalling it."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True
