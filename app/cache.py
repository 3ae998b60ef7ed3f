"""Caches bounded by the bytes they hold, least recently used first out: rendered charts, frames."""
from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field, replace
from typing import Generic, TypeVar

Value = TypeVar("Value")


def cache_key(dataset: str, version: str, *made: Hashable) -> tuple:
    """A render-cache key: the dataset, the data version it had when a request looked it up, then
    what is made of its rows (spec, rows chosen, format or file extension, options).

    This layout is known here only: `key_dataset`, `key_version` and `at_version` read it.
    """
    return (dataset, version, *made)


def report_key(dashboard: str, *made: Hashable) -> tuple:
    """A dashboard report's render-cache key: the dashboard, then what its report is made of (data
    versions, rows, words, format). A dataset name holds no ":", so no `cache_key` equals one; and
    a report's `Rendered.key` is None, so `key_dataset`, `key_version` and `at_version`, which read
    a `cache_key`, never meet one."""
    return (f"dashboard:{dashboard}", *made)


def key_dataset(key: tuple) -> str:
    """The dataset a render-cache key names."""
    return key[0]


def key_version(key: tuple) -> str:
    """The data version a render-cache key names."""
    return key[1]


def at_version(key: tuple, version: str) -> tuple:
    """The same render-cache key at another data version of its dataset."""
    return (key[0], version, *key[2:])


@dataclass(frozen=True)
class Rendered:
    """A chart's bytes, their ETag, the data version they were drawn from, and the same bytes
    compressed once per content encoding ('br', 'gzip'; none for PNG). `max_age`: the most seconds
    a cache may reuse them (a source dataset's `cache_seconds`), None for as long as the version holds.

    `key`: the render-cache key a request asked for these bytes under (`asked_as`), which the
    layer ahead of Flask checks to answer the same URL again; None for bytes no one key names
    (a report of several datasets).
    """

    body: bytes
    etag: str
    version: str
    encoded: Mapping[str, bytes] = field(default_factory=dict)
    max_age: int | None = None
    key: tuple | None = None

    @property
    def size(self) -> int:
        """Bytes held, plain and compressed."""
        return len(self.body) + sum(len(b) for b in self.encoded.values())

    def asked_as(self, key: tuple) -> Rendered:
        """The same bytes, as asked for under `key` (the key of the version a request looked up,
        which they may be newer than)."""
        return self if key == self.key else replace(self, key=key)


class SizedLRU(Generic[Value]):
    """A thread-safe LRU map holding values whose `size_of` add up to at most `max_bytes`."""

    def __init__(self, max_bytes: int, size_of: Callable[[Value], int]):
        self.max_bytes = max_bytes
        self.size_of = size_of
        self._items: OrderedDict[Hashable, Value] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: Hashable) -> Value | None:
        """The cached value, marked as recently used, or None."""
        with self._lock:
            item = self._items.get(key)
            if item is None:
                self.misses += 1
                return None
            self._items.move_to_end(key)
            self.hits += 1
            return item

    def put(self, key: Hashable, value: Value) -> None:
        """Keep `value` (replacing the key's old one), dropping the least recently used to stay in bound."""
        size = self.size_of(value)
        with self._lock:
            self._pop(key)
            if size > self.max_bytes:
                return
            self._items[key] = value
            self._size += size
            while self._size > self.max_bytes:
                _, dropped = self._items.popitem(last=False)
                self._size -= self.size_of(dropped)

    def drop(self, key: Hashable) -> None:
        """Forget the key's value, if any."""
        with self._lock:
            self._pop(key)

    def _pop(self, key: Hashable) -> None:
        old = self._items.pop(key, None)
        if old is not None:
            self._size -= self.size_of(old)

    @property
    def size(self) -> int:
        """Total bytes held."""
        return self._size

    def __len__(self) -> int:
        return len(self._items)


class RenderCache(SizedLRU[Rendered]):
    """Rendered charts, their data and dataset files (`cache_key`) and dashboards' reports
    (`report_key`), bounded by their bytes."""

    def __init__(self, max_bytes: int):
        super().__init__(max_bytes, lambda rendered: rendered.size)
