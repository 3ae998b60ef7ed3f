"""Caches bounded by the bytes they hold, least recently used first out: rendered charts, frames;
the charts stopped at a render limit a moment ago, and those being drawn now."""
from __future__ import annotations

import dataclasses
import hashlib
import sys
import threading
import time
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


def etag_of(body: bytes) -> str:
    """The ETag of a chart's, a data file's or a report's bytes: the same bytes, the same ETag, on
    every machine."""
    return hashlib.sha256(body).hexdigest()[:32]


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

    @classmethod
    def of(cls, body: bytes, version: str, encoded: Mapping[str, bytes] | None = None, max_age: int | None = None,
           key: tuple | None = None) -> Rendered:
        """`body` with the ETag of its bytes (`etag_of`)."""
        return cls(body, etag_of(body), version, dict(encoded or {}), max_age, key)

    @property
    def size(self) -> int:
        """Bytes held, plain and compressed."""
        return len(self.body) + sum(len(b) for b in self.encoded.values())

    def asked_as(self, key: tuple) -> Rendered:
        """The same bytes, as asked for under `key` (the key of the version a request looked up,
        which they may be newer than)."""
        return self if key == self.key else replace(self, key=key)


def key_length(key: Hashable) -> int:
    """The length of a key's text (`repr`), in characters: what a key of text and numbers holds, near
    enough, counted as bytes (a render-cache key holds the chart's spec and rows chosen, a filter's
    values among them, which may be long)."""
    return len(repr(key))


def held_bytes(value: object) -> int:
    """The bytes of memory `value` holds with what is in it: its text, numbers and containers (tuples,
    lists, dicts, sets) and its dataclasses' fields, each object counted once (one held elsewhere
    too, an interned name, counted all the same); any other object, its own size alone.

    What a memo of a page's words counts, where an entry is a few hundred bytes as a rule but may
    hold long column names or a cell's whole value: a count of entries would bound none of them."""
    seen: set[int] = set()
    total = 0
    left = [value]
    while left:
        item = left.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        total += sys.getsizeof(item)
        if isinstance(item, dict):
            left.extend(item.keys())
            left.extend(item.values())
        elif isinstance(item, (tuple, list, set, frozenset)):
            left.extend(item)
        elif dataclasses.is_dataclass(item) and not isinstance(item, type):
            left.extend(getattr(item, f.name) for f in dataclasses.fields(item))
            if hasattr(item, "__dict__"):
                total += sys.getsizeof(item.__dict__)
    return total


class SizedLRU(Generic[Value]):
    """A thread-safe LRU map holding values whose `size_of` (with their keys' `key_size`, where
    given) add up to at most `max_bytes`, and, where `max_items` is given, no more than that many.
    Each value's size is found once, as it is put, and kept with it.

    `generation` counts its clears: a value made from what was read before a clear (of a store
    replaced since, say) is put with the generation its maker began in, and is not kept after it.
    """

    def __init__(self, max_bytes: int, size_of: Callable[[Value], int],
                 key_size: Callable[[Hashable], int] | None = None, max_items: int | None = None):
        self.max_bytes = max_bytes
        self.size_of = size_of
        self.key_size = key_size
        self.max_items = max_items
        self._items: OrderedDict[Hashable, tuple[Value, int]] = OrderedDict()  # each value with its size
        self._size = 0
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0
        self.generation = 0

    def get(self, key: Hashable) -> Value | None:
        """The cached value, marked as recently used, or None."""
        with self._lock:
            item = self._items.get(key)
            if item is None:
                self.misses += 1
                return None
            self._items.move_to_end(key)
            self.hits += 1
            return item[0]

    def peek(self, key: Hashable) -> Value | None:
        """The value kept under `key`, or None; asking counts neither a hit nor a miss, nor marks it
        as recently used."""
        with self._lock:
            item = self._items.get(key)
        return None if item is None else item[0]

    def holds(self, key: Hashable) -> bool:
        """Whether a value is kept under `key`; asking counts neither a hit nor a miss, nor marks it
        as recently used (a page's words ask whether its image is kept, without drawing it)."""
        with self._lock:
            return key in self._items

    def held_keys(self) -> list[Hashable]:
        """The keys of the values kept, the least recently used first."""
        with self._lock:
            return list(self._items)

    def put(self, key: Hashable, value: Value, generation: int | None = None) -> None:
        """Keep `value` (replacing the key's old one), dropping the least recently used to stay in bound;
        not when `generation`, the one its maker began in, was cleared since."""
        size = self._held(key, value)
        with self._lock:
            if generation is not None and generation != self.generation:
                return
            self._pop(key)
            if size > self.max_bytes:
                return
            self._items[key] = (value, size)
            self._size += size
            while self._size > self.max_bytes or (self.max_items is not None and len(self._items) > self.max_items):
                _, (_, dropped) = self._items.popitem(last=False)
                self._size -= dropped

    def drop(self, key: Hashable) -> None:
        """Forget the key's value, if any."""
        with self._lock:
            self._pop(key)

    def clear(self) -> None:
        """Forget every value, and refuse those made from what was read before (`generation`)."""
        with self._lock:
            self._items.clear()
            self._size = 0
            self.generation += 1

    def _pop(self, key: Hashable) -> None:
        old = self._items.pop(key, None)
        if old is not None:
            self._size -= old[1]

    def _held(self, key: Hashable, value: Value) -> int:
        """The bytes `value` under `key` holds."""
        return self.size_of(value) + (self.key_size(key) if self.key_size is not None else 0)

    @property
    def size(self) -> int:
        """Total bytes held."""
        return self._size

    def __len__(self) -> int:
        return len(self._items)


@dataclass(frozen=True)
class Stopped:
    """What a chart stopped at a render limit was answered: its refusal's words, and whether that
    said when to ask again (a Retry-After)."""

    description: str
    retry: bool


class OverrunMemory:
    """Render-cache keys whose chart, or the data it draws, was stopped at a render limit, each
    remembered for `seconds` from then, at most `max_keys` of them (the oldest out first).

    The same chart of the same data version, which the key names, is stopped there again: a
    repeat is answered at once rather than holding a render worker as long again. A new version of
    the data is another key, drawn again.
    """

    def __init__(self, seconds: float, max_keys: int, clock: Callable[[], float] = time.monotonic):
        self.seconds = seconds
        self.max_keys = max_keys
        self.clock = clock
        self._stopped: OrderedDict[Hashable, tuple[Stopped, float]] = OrderedDict()  # oldest first
        self._lock = threading.Lock()

    def remember(self, key: Hashable, stopped: Stopped) -> None:
        """Remember from now that the chart under `key` was stopped at a limit and answered `stopped`."""
        with self._lock:
            now = self.clock()
            self._stopped.pop(key, None)
            self._stopped[key] = (stopped, now)
            while self._stopped:
                _, (_, at) = next(iter(self._stopped.items()))
                if len(self._stopped) <= self.max_keys and now - at < self.seconds:
                    break
                self._stopped.popitem(last=False)

    def recall(self, key: Hashable) -> tuple[Stopped, float] | None:
        """How the chart under `key` was answered when it was stopped at a limit, and the seconds
        left until it is drawn again; None when it is not remembered (or no longer)."""
        with self._lock:
            stopped = self._stopped.get(key)
            if stopped is None:
                return None
            answered, at = stopped
            left = self.seconds - (self.clock() - at)
            if left <= 0:
                del self._stopped[key]
                return None
            return answered, left

    def clear(self) -> None:
        """Forget every key remembered."""
        with self._lock:
            self._stopped.clear()

    def __len__(self) -> int:
        return len(self._stopped)


class Making(Generic[Value]):
    """A key being made now: `event` is set once its maker is done, whatever way; `result` is then
    what it made, or None when it failed."""

    def __init__(self):
        self.event = threading.Event()
        self.result: Value | None = None


class InFlight(Generic[Value]):
    """Keys being made now in this process (the render cache's; a stored dataset's chart rows,
    `store.kept_chart_rows`), each with what its maker hands its waiters once done: a request for a
    key another is making waits for that one's answer rather than making the same again. The
    answer is handed over, not looked up in the cache, which may not keep it (too big for it, or
    pushed out by others at once)."""

    def __init__(self):
        self._making: dict[Hashable, Making[Value]] = {}
        self._lock = threading.Lock()

    def claim(self, key: Hashable) -> Making[Value] | None:
        """None when `key` is now the caller's to make, who must `release` it once done (in a
        `finally`); else the one making it, whose `event` is set when it is done."""
        with self._lock:
            making = self._making.get(key)
            if making is None:
                self._making[key] = Making()
            return making

    def release(self, key: Hashable, result: Value | None = None) -> None:
        """Say that the caller who claimed `key` is done with it, handing `result` (None: it failed)
        to whoever waits for it and waking them."""
        with self._lock:
            making = self._making.pop(key)
        making.result = result
        making.event.set()

    def __len__(self) -> int:
        return len(self._making)


class RenderCache(SizedLRU[Rendered]):
    """Rendered charts, their data and dataset files (`cache_key`) and dashboards' reports
    (`report_key`), bounded by their bytes with their keys' (`key_length`); the keys of charts stopped
    at a render limit a moment ago (`overruns`; without one, none is remembered), and of those being
    drawn now (`in_flight`)."""

    def __init__(self, max_bytes: int, overruns: OverrunMemory | None = None):
        super().__init__(max_bytes, lambda rendered: rendered.size, key_length)
        self.overruns = overruns if overruns is not None else OverrunMemory(seconds=0, max_keys=0)
        self.in_flight: InFlight[Rendered] = InFlight()

    def clear(self) -> None:
        """Forget every chart, and every chart stopped at a limit (after moving `generation` on, so
        that one stopped meanwhile is forgotten too, or refused by `remember_stopped`)."""
        super().clear()
        self.overruns.clear()

    def remember_stopped(self, key: Hashable, stopped: Stopped, generation: int) -> None:
        """Remember that the chart under `key` was stopped at a limit (`OverrunMemory.remember`),
        unless it was drawn from what was read before a clear since `generation`."""
        with self._lock:
            if generation == self.generation:
                self.overruns.remember(key, stopped)
