"""The rows of a dataset held in memory read once for a block of reads (a page's charts and its form,
`ChartReads.checked_once`) at the version the page read of it, and shared by the block's charts: each
chart of a dashboard's first view, or of its poll once its range has moved on, read them for itself,
the data folder listed and the kept frame looked up again for each (48 times for a wall of 48 charts
of three datasets, where 3 do). What a block found once is noted in it too (`note_shared`): the SQL
store asked whether it answers once a block, not once a dataset (`SqlReads.small_read`).
"""
from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

T = TypeVar("T")

# What the block of reads this is in (`rows_shared`) has read, by what it read: None outside a block.
_SHARED: ContextVar[dict[Hashable, object] | None] = ContextVar("svgplots_rows_shared", default=None)


@contextmanager
def rows_shared() -> Iterator[None]:
    """A block of reads in which each read given to `shared_read` under the same key is read once;
    a block inside another is part of it."""
    token = _SHARED.set({}) if _SHARED.get() is None else None
    try:
        yield
    finally:
        if token is not None:
            _SHARED.reset(token)


def sharing() -> bool:
    """Whether this is in a block of reads (`rows_shared`), whose reads `shared_read` shares."""
    return _SHARED.get() is not None


def shared_read(key: Hashable | None, read: Callable[[], T]) -> T:
    """What `read()` gives, read once a block of reads (`rows_shared`) for `key` and given again to the
    block's later reads of it; read each time outside a block, or for a key of None. A read that
    raises keeps nothing: the next one tries again, as each chart's did."""
    shared = _SHARED.get()
    if shared is None or key is None:
        return read()
    if key not in shared:
        shared[key] = read()
    return shared[key]  # type: ignore[return-value]


def note_shared(key: Hashable) -> None:
    """Note `key` in the block of reads this is in (`rows_shared`), for its later reads to find
    (`shared_noted`); nothing outside a block."""
    shared = _SHARED.get()
    if shared is not None:
        shared[key] = True


def shared_noted(key: Hashable) -> bool:
    """Whether the block of reads this is in noted `key` (`note_shared`, or a read `shared_read` kept
    under it); never outside a block."""
    shared = _SHARED.get()
    return shared is not None and key in shared
