"""A render worker the render server forked for a pool: its process, watched and ended through a
pidfd where the system has them, and the two ends of its pipes."""
from __future__ import annotations

import logging
import signal
from multiprocessing.connection import Connection

from plots.server_stops import SERVER_ENDED
from plots.watched_processes import WatchedProcess

from .render_limits import TooLittleMemory

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
        self.process = WatchedProcess(pid)

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
        """Whether the process still runs."""
        return self.process.alive()

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
        self.process.close()

    def stop(self) -> None:
        """Kill the worker (the render server reaps it) and close our ends of its pipes."""
        self.process.signal(signal.SIGKILL)
        self.forget()
