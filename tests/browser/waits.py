"""The one way the browser tests wait for a page to come to a state: read it again every tenth of a second
until it holds, for ten seconds unless a test says otherwise, and fail saying what was waited for and
what was read last."""
from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

WAIT_SECONDS = 10.0
READ_EVERY_SECONDS = 0.1


def until(read: Callable[[], T], holds: Callable[[T], object] = bool, *, what: str,
          seconds: float = WAIT_SECONDS) -> T:
    """What `read()` gives once `holds` is true of it (by default, once it is true itself).

    Raises an AssertionError naming `what` was waited for and what `read()` gave last where that is not
    so within `seconds`.
    """
    deadline = time.monotonic() + seconds
    while True:
        found = read()
        if holds(found):
            return found
        if time.monotonic() >= deadline:
            raise AssertionError(f"waited {seconds:g} s for {what}; last read: {found!r}")
        time.sleep(READ_EVERY_SECONDS)
