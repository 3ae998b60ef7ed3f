"""One log line when the dataset database goes out of reach, and one when it answers again.

Every request that needs the database answers 503 while it is out of reach; logging each would
bury the one fact a reader wants, when the outage began and when it ended. The store's transactions
tell it (`sql_connection.OutageNoted`): the first to find the database out of reach, and the first
to find it answering again, whatever asked (a request, /healthz), so that an outage's end is logged
with no health check polling, and the next outage too. The state is this process's: each gunicorn
worker logs an outage it sees once.
"""
from __future__ import annotations

import logging
import threading

log = logging.getLogger(__name__)


class StoreOutage:
    """Whether this process last found the dataset database out of reach, logging each change."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.down = False

    def found_down(self, reason: str) -> None:
        """The database did not answer: log it, unless it was out of reach already."""
        if self._flip(True):
            log.warning("the dataset database is out of reach (%s); requests that need it answer 503 "
                        "until it answers again", reason)

    def found_back(self) -> None:
        """The database answered: log it, if it was out of reach."""
        if self._flip(False):
            log.warning("the dataset database answers again")

    def _flip(self, down: bool) -> bool:
        """Set the state; whether it changed."""
        with self._lock:
            changed, self.down = self.down != down, down
            return changed
