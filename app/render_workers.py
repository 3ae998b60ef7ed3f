"""A render worker the render server forked for a pool: its process, watched and ended through a
pidfd where the system has them, and the two ends of its pipes."""
from __future__ import annotations

import logging
import os
import select
import signal
from multiprocessing.connection import Connection

from plots.server_stops import SERVER_ENDED

from .render_limits import TooLittleMemory

# Linux (5.3 and later) watches and signals a process through a pidfd; elsewhere, by its id.
HAS_PIDFD = hasattr(os, "pidfd_open")
STARTUP_SECONDS = 60.0
log = logging.getLogger(__name__)


class _Worker:
    """One render worker forked by the render server: its process and the two ends of its pipes.

    It is not our child, so it is watched and signalled through a pidfd, which stays bound to that
    process: a process id freed by a worker that died and used again by another is never signalled
    (on systems without pidfds, by its id).
    """

    def __init__(self, pid: int, jobs: Connection, answers: Connection):
        self.pid = pid
        self.jobs = jobs
        self.answers = answers
        self.pidfd: int | None = None
        if HAS_PIDFD:
            try:
                self.pidfd = os.pidfd_open(pid)
            except ProcessLookupError:  # it has died already
                pass

    ready = False
    # The answer of a job it ended on as it read it (too big for its memory limit).
    early: tuple | None = None

    def wait_ready(self, seconds: float = STARTUP_SECONDS) -> bool:
        """Whether the worker has said it is ready (waiting up to `seconds` for it)."""
        if not self.ready and self.answers.poll(seconds):
            said, detail = self.answers.recv()
            if said == "too little memory":
                raise TooLittleMemory(*detail)
            self.ready = said == "ready"
        return self.ready

    def alive(self) -> bool:
        """Whether the process still runs (a pidfd reads as ready once its process has ended)."""
        if self.pidfd is not None:
            return not select.select([self.pidfd], [], [], 0)[0]
        return not HAS_PIDFD and process_exists(self.pid)

    def ended_with_server(self) -> bool:
        """Whether the worker said it ends as its render server ends (`plots.server_stops`): then it
        takes no job more, and ran none it was handed after."""
        try:
            return self.answers.poll(0) and self.answers.recv()[0] == SERVER_ENDED
        except (EOFError, OSError):
            return False

    def ended_unasked(self, doing: str) -> None:
        """Log that the worker ended, not stopped by its pool, while `doing` ("drawing a chart", "idle");
        not one that ended as it said it would, on a job too big to read (`early`), or with its server."""
        if self.early is None and not self.ended_with_server():
            log.warning("a render worker (process %s) ended while %s, stopped by no limit of the site: killed, by "
                        "the system's out-of-memory killer, say; another is started", self.pid, doing)

    def forget(self) -> None:
        """Close our ends of its pipes, which ends a worker that waits for a job."""
        for end in (self.jobs, self.answers):
            end.close()
        if self.pidfd is not None:
            os.close(self.pidfd)
            self.pidfd = None

    def stop(self) -> None:
        try:
            if self.pidfd is not None:
                signal.pidfd_send_signal(self.pidfd, signal.SIGKILL)  # the render server reaps it
            elif not HAS_PIDFD:  # a system without pidfds: by its id
                os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.forget()


def process_exists(pid: int) -> bool:
    """Whether the process `pid` still exists: signal 0 asks without signalling it."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True
