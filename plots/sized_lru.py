"""Memos bounded by the bytes they hold, the least recently used out first: `SizedLRU`, which the
site's caches and memos are made of too, and `kept_within_bytes`, a function's answers kept in one
(`functools.lru_cache` bounds them by their count, which bounds no bytes where an answer may hold a
long text), and `kept_under`, values a memo keeps under one prefix made once by the key each is asked
with.

Here, below the site, so that the renderer keeps its own answers the same way: the site imports the
renderer, never the other way round.
"""
from __future__ import annotations

import dataclasses
import functools
import sys
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

Value = TypeVar("Value")


# The types whose objects hold no other object `held_bytes` counts: their own size is all they hold.
ATOMS = frozenset({str, int, float, bool, complex, bytes, type(None)})


def held_bytes(value: object) -> int:
    """The bytes of memory `value` holds with what is in it: its text, numbers and containers (tuples,
    lists, dicts, sets) and its dataclasses' fields, each object counted once (one held elsewhere
    too, an interned name, counted all the same); any other object, its own size alone.

    What a memo of a page's words counts, where an entry is a few hundred bytes as a rule but may
    hold long column names or a cell's whole value: a count of entries would bound none of them.
    Each object is told by its type, which is asked once what it holds (`_fields_of`): a memo's
    keys and values are mostly text and numbers, and a put counts every one of them."""
    seen: set[int] = set()
    see, size_of = seen.add, sys.getsizeof
    total = 0
    left = [value]
    while left:
        item = left.pop()
        if id(item) in seen:
            continue
        see(id(item))
        total += size_of(item)
        kind = type(item)
        if kind in ATOMS:
            continue
        if kind is tuple or kind is list or kind is set or kind is frozenset:
            flat = _texts_bytes(item, seen) if len(item) >= _MANY else None
            if flat is not None:
                total += flat
                continue
            for part in item:  # text and numbers, as most are, counted here rather than put on `left`
                if type(part) not in ATOMS:
                    left.append(part)
                elif (key := id(part)) not in seen:
                    see(key)
                    total += size_of(part)
        elif isinstance(item, dict):
            left.extend(item.keys())
            left.extend(item.values())
        elif isinstance(item, (tuple, list, set, frozenset)):
            left.extend(item)
        else:
            fields = _fields_of(kind)
            if fields is not None:
                left.extend(getattr(item, name) for name in fields)
                if hasattr(item, "__dict__"):
                    total += sys.getsizeof(item.__dict__)
    return total


# The parts of a container from which `held_bytes` counts them as `_texts_bytes` does, in a few passes at C's speed.
_MANY = 64


def _texts_bytes(parts: tuple | list | set | frozenset, seen: set[int]) -> int | None:
    """The bytes of `parts`, each of them text, none counted yet (`seen`, the ids of those that were),
    as `held_bytes` counts them, their ids added to `seen`: a filter's values, thousands of texts,
    counted by passes at C's speed rather than one by one. None, nothing added, where one is not a
    `str` or was counted already, or one text is there twice: those are counted one by one."""
    if set(map(type, parts)) != {str}:
        return None
    ids = set(map(id, parts))
    if len(ids) != len(parts) or not seen.isdisjoint(ids):
        return None
    seen.update(ids)
    # A text holds no other object, so its size is its own (`sys.getsizeof` adds none for it).
    return sum(map(str.__sizeof__, parts))


@functools.lru_cache(maxsize=1024)
def _fields_of(kind: type) -> tuple[str, ...] | None:
    """The names of the fields of the dataclass `kind` is, or None where it is none (a dataclass
    itself, an object of `type`, is no dataclass's object)."""
    if not dataclasses.is_dataclass(kind):
        return None
    return tuple(field.name for field in dataclasses.fields(kind))


class SizedLRU(Generic[Value]):
    """A thread-safe LRU map holding values whose `size_of` (with their keys' `key_size`, where
    given) add up to at most `max_bytes`, and, where `max_items` is given, no more than that many.
    Each value's size is found once, as it is put, and kept with it.

    `generation` counts its clears: a value made from what was read before a clear (of a store
    replaced since, say) is put with the generation its maker began in, and is not kept after it.

    A value may be put as relying on other entries (`relies_on`): its size then leaves out what they
    hold, and it is dropped with any of them, so that what it alone keeps alive is never left uncounted.
    """

    def __init__(self, max_bytes: int, size_of: Callable[[Value], int],
                 key_size: Callable[[Hashable], int] | None = None, max_items: int | None = None):
        self.max_bytes = max_bytes
        self.size_of = size_of
        self.key_size = key_size
        self.max_items = max_items
        self._items: OrderedDict[Hashable, tuple[Value, int]] = OrderedDict()  # each value with its size
        self._relies: dict[Hashable, tuple[Hashable, ...]] = {}  # a key, the keys it relies on
        self._relied_on: dict[Hashable, set[Hashable]] = {}  # a key, the keys relying on it
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
            # The entries it relies on are as recently used as it is: the oldest of them dropped first
            # would take it along.
            for relied in self._relies.get(key, ()):
                self._items.move_to_end(relied)
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

    def put(self, key: Hashable, value: Value, generation: int | None = None, size: int | None = None,
            relies_on: dict[Hashable, object] | None = None) -> None:
        """Keep `value` (replacing the key's old one), dropping the least recently used to stay in bound;
        not when `generation`, the one its maker began in, was cleared since. `size`: the bytes `value`
        holds, as `size_of` counts them, where its maker counted them already (its key's are added).

        `relies_on`: the entries whose bytes `size` leaves out, each key with the very value it was
        counted beside; `value` is kept only while each of them is, and dropped as soon as one of them
        is dropped or replaced (not kept at all where one is gone already)."""
        size = self._held(key, value, size)
        relied = tuple(relies_on or ())
        with self._lock:
            if generation is not None and generation != self.generation:
                return
            self._pop(key)
            if size > self.max_bytes:
                return
            if relies_on and any(self._items.get(other, (None,))[0] is not held for other, held in relies_on.items()):
                return
            self._items[key] = (value, size)
            self._size += size
            if relied:
                self._relies[key] = relied
                for other in relied:
                    self._relied_on.setdefault(other, set()).add(key)
            while self._size > self.max_bytes or (self.max_items is not None and len(self._items) > self.max_items):
                self._pop(next(iter(self._items)))

    def drop(self, key: Hashable) -> None:
        """Forget the key's value, if any."""
        with self._lock:
            self._pop(key)

    def clear(self) -> None:
        """Forget every value, and refuse those made from what was read before (`generation`)."""
        with self._lock:
            self._items.clear()
            self._relies.clear()
            self._relied_on.clear()
            self._size = 0
            self.generation += 1

    def _pop(self, key: Hashable) -> None:
        """Drop the key's value, if any, and the values relying on it (the lock held)."""
        old = self._items.pop(key, None)
        if old is not None:
            self._size -= old[1]
        for other in self._relies.pop(key, ()):
            relying = self._relied_on.get(other)
            if relying is not None:
                relying.discard(key)
                if not relying:
                    del self._relied_on[other]
        for relying in self._relied_on.pop(key, ()):
            self._pop(relying)

    def _held(self, key: Hashable, value: Value, size: int | None = None) -> int:
        """The bytes `value` under `key` holds (`size` where counted already)."""
        own = self.size_of(value) if size is None else size
        return own + (self.key_size(key) if self.key_size is not None else 0)

    @property
    def size(self) -> int:
        """Total bytes held."""
        return self._size

    def __len__(self) -> int:
        return len(self._items)


# A value kept by what it depends on (a hashable key), else made by the function given and kept;
# made anew (and kept) where the flag is true.
Kept = Callable[[Hashable, Callable[[], Value], bool], Value]


def kept_under(memo: SizedLRU[Value], prefix: tuple, generation: int | None = None) -> Kept[Value]:
    """The values `memo` keeps under `prefix` (a dataset's name and version), each by the key it is
    asked with: `kept(key, make, again=False)` gives the one kept, else makes it with `make` and keeps
    it, and makes it anew where `again` is true. One made since the memo's `generation` was cleared
    (a store replaced meanwhile) is not kept."""
    def kept(key: Hashable, make: Callable[[], Value], again: bool = False) -> Value:
        asked = (*prefix, key)
        found = None if again else memo.get(asked)
        if found is None:
            found = make()
            memo.put(asked, found, generation)
        return found

    return kept


def kept_within_bytes(max_bytes: int, size_of: Callable[[Any], int] = held_bytes,
                      key_size: Callable[[Hashable], int] = held_bytes,
                      ) -> Callable[[Callable[..., Value]], Callable[..., Value]]:
    """A decorator: the function with its answers kept by its arguments (positional, hashable), in a
    `SizedLRU` of at most `max_bytes` of answers (`size_of`) and arguments (`key_size`), as
    `held_bytes` counts both unless told otherwise. The memo is the function's `kept`;
    `cache_clear` forgets it, as `functools.lru_cache`'s does. An answer of None is not kept."""
    def kept_for(answer: Callable[..., Value]) -> Callable[..., Value]:
        kept: SizedLRU[Value] = SizedLRU(max_bytes, size_of, key_size)

        @functools.wraps(answer)
        def answered(*args):
            found = kept.get(args)
            if found is None:
                found = answer(*args)
                kept.put(args, found)
            return found

        answered.kept, answered.cache_clear = kept, kept.clear
        return answered
    return kept_for
