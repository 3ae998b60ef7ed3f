"""The memory rows chosen of a frame hold, as `frame_bytes` counts it, found from the bytes each row of
the whole frame holds in its texts, counted once per frame: a dashboard's charts choose rows of the
same few frames again and again (one choice for each range, filters and x), and walking the texts of
every choice to count them took longer than choosing them (a few milliseconds of a first view)."""
from __future__ import annotations

import threading
import weakref
from operator import methodcaller

import numpy as np
import pandas as pd
from pandas.arrays import StringArray

from .frames import frame_bytes

_OWN_SIZE = methodcaller("__sizeof__")  # what pandas counts of each object of a column (`memory_usage`)


class RowBytes:
    """The bytes of each row of whole frames held in memory, counted once a frame and forgotten with it."""

    def __init__(self) -> None:
        self._counted: dict[int, np.ndarray | None] = {}
        self._lock = threading.Lock()

    def chosen_bytes(self, whole: pd.DataFrame, chosen: pd.DataFrame, positions: np.ndarray | None) -> int:
        """The bytes `chosen`, the rows of `whole` at `positions` in every column of it, holds, its
        texts and index too: `frame_bytes(chosen)`, without walking its texts (their sizes counted once
        for all the rows of `whole`). Counted the long way where `positions` is None or a column of
        `whole` holds values of a type counted otherwise (categories, say)."""
        objects = None if positions is None else self._objects(whole)
        if objects is None or not chosen.columns.equals(whole.columns):
            return frame_bytes(chosen)
        own = int(chosen.index.memory_usage(deep=True)) + sum(int(column.nbytes) for _, column in chosen.items())
        return own + int(objects[positions].sum())

    def _objects(self, whole: pd.DataFrame) -> np.ndarray | None:
        """The bytes of the objects each row of `whole` holds (its texts), counted once for the frame."""
        key = id(whole)
        with self._lock:
            if key in self._counted:
                return self._counted[key]
        counted = object_bytes(whole)
        with self._lock:
            if key not in self._counted:
                self._counted[key] = counted
                # Forgotten as the frame is: an id is given to another object only once this one is gone.
                weakref.finalize(whole, self._forget, key)
        return counted

    def _forget(self, key: int) -> None:
        with self._lock:
            self._counted.pop(key, None)

    def __len__(self) -> int:
        return len(self._counted)


def object_bytes(frame: pd.DataFrame) -> np.ndarray | None:
    """The bytes of the objects (texts, mostly) each row of `frame` holds beyond its columns' arrays,
    as `DataFrame.memory_usage(deep=True)` counts them: each object's own size. None where a column is
    of a type whose objects it counts another way than one by one, a row each (categories, say)."""
    sizes = np.zeros(len(frame), dtype=np.int64)
    for _, column in frame.items():
        dtype, values = column.dtype, column.array
        if isinstance(dtype, np.dtype) and dtype.kind != "O":
            continue  # numbers, dates, booleans: their array's bytes are all they hold
        held = getattr(values, "_ndarray", None)
        if not (isinstance(values, StringArray) or dtype == object) or held is None or held.dtype != object:
            return None
        sizes += np.fromiter(map(_OWN_SIZE, held), dtype=np.int64, count=len(held))
    return sizes
