"""Caches bounded by the bytes they hold, least recently used first out: rendered charts, frames;
the charts stopped at a render limit a moment ago, and those being drawn now."""
from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field, replace
from typing import Generic, TypeVar

from plots.sized_lru import SizedLRU

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


def key_subject(key: tuple) -> str:
    """What a render-cache key draws from, as a log line names it: "dataset 'animals' (version 7)", or a
    report's "dashboard 'weather'" (`report_key`), whose key holds its datasets' versions among the rest."""
    first = key[0]
    if first.startswith("dashboard:"):  # no dataset name holds ":"
        return f"dashboard {first.partition(':')[2]!r}"
    return f"dataset {first!r} (version {key[1]})"


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

    def keeps(self) -> bool:
        """Whether a stop is remembered at all (RENDER_OVERRUN_SECONDS and _KEYS above 0)."""
        return self.seconds > 0 and self.max_keys > 0

    def clear(self) -> None:
        """Forget every key remembered."""
        with self._lock:
            self._stopped.clear()

    def __len__(self) -> int:
        return len(self._stopped)


class Making(Generic[Value]):
    """A key being made now: `event` is set once its maker is done, whatever way; `result` is then
    what it made, or None when it failed, with the `error` it failed with where it raised one."""

    def __init__(self):
        self.event = threading.Event()
        self.result: Value | None = None
        self.error: Exception | None = None


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

    def release(self, key: Hashable, result: Value | None = None, error: Exception | None = None) -> None:
        """Say that the caller who claimed `key` is done with it, handing `result` (None: it failed,
        with `error` where it raised one) to whoever waits for it and waking them."""
        with self._lock:
            making = self._making.pop(key)
        making.result, making.error = result, error
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
