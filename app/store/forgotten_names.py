"""How many times what the SQL store kept of each dataset name (its columns, rows and version) was
forgotten, so that a read begun before a delete cannot keep them again after the delete forgot them.

A read takes the name's `generation` before its snapshot begins and keeps what it read through
`keep`, which keeps nothing once the name was forgotten since: a delete commits, then forgets, so
a read whose snapshot still holds the dataset took its generation before the delete forgot it.
"""
from __future__ import annotations

import threading
from collections.abc import Callable

# Names share this many counts, so that they stay as few however many names are deleted: a name
# forgotten counts for the others of its slot too, whose reads in flight then keep nothing, once.
SLOTS = 1024


class ForgottenNames:
    """The times each dataset name's kept columns, rows and version were forgotten (`forget`)."""

    def __init__(self, slots: int = SLOTS):
        self._counts = [0] * slots
        self._lock = threading.Lock()

    def generation(self, name: str) -> int:
        """The name's count of forgets now: a read takes it before its snapshot begins (`keep`)."""
        return self._counts[self._slot(name)]

    def generations(self) -> Callable[[str], int]:
        """Every name's count of forgets now, as `generation` gives each: a read of many names takes
        it before its snapshot begins."""
        counts = list(self._counts)
        return lambda name: counts[self._slot(name)]

    def forget(self, name: str) -> None:
        """Count a forget of `name` (its dataset was deleted): reads in flight keep nothing of it.
        The caller then drops what was kept, which a read's `keep` done before this cannot outlive."""
        with self._lock:
            self._counts[self._slot(name)] += 1

    def keep(self, name: str, generation: int, keep: Callable[[], None]) -> bool:
        """Call `keep()`, which keeps what a read of `name` read, unless the name was forgotten since
        `generation`, the read's before its snapshot began; whether it was called."""
        with self._lock:  # a forget cannot fall between the check and the keep
            if self._counts[self._slot(name)] != generation:
                return False
            keep()
            return True

    def _slot(self, name: str) -> int:
        return hash(name) % len(self._counts)
