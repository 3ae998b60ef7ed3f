"""The memory a whole frame and rows chosen of it hold, as `frame_bytes` counts it, found from the bytes
each row of the whole frame holds in its texts, counted once per frame: the store counts a dataset's
frame as it keeps it in memory, and a dashboard's charts choose rows of the same few frames again and
again (one choice for each range, filters and x); walking the texts of the frame and of every choice to
count them took longer than choosing them (a few milliseconds of a first view each)."""
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

    def whole_bytes(self, whole: pd.DataFrame) -> int:
        """The bytes `whole` holds, as `frame_bytes` counts them, and those of the counts of its rows' bytes
        kept for it (8 a row, while it lives): what a memo keeping `whole` holds. Its texts are walked once,
        here, and rows chosen of it later counted from them (`chosen_bytes`); counted the long way where a
        column holds values of a type counted otherwise (categories, say), and no counts kept."""
        objects = self._objects(whole)
        if objects is None:
            return frame_bytes(whole)
        return _own_bytes(whole) + int(objects.sum()) + int(objects.nbytes)

    def appended_bytes(self, earlier: pd.DataFrame, part: pd.DataFrame, whole: pd.DataFrame) -> int:
        """`whole_bytes(whole)`, where `whole` is `earlier`, a frame counted already, with the rows of `part`
        appended, as an append's read adds them: only the texts of `part` walked, the counts of `earlier`'s
        rows taken as they are (a frame of 6,000 rows walked whole again took about 1 ms for a few rows
        appended). Counted whole where `earlier` was not counted, or a column holds values of a type counted
        otherwise, or of another type in the three."""
        with self._lock:
            before = self._counted.get(id(earlier))
        same_types = whole.dtypes.equals(earlier.dtypes) and whole.dtypes.equals(part.dtypes)
        added = object_bytes(part) if before is not None and same_types and whole.columns.equals(part.columns) else None
        if added is None or len(before) + len(added) != len(whole):
            return self.whole_bytes(whole)
        counts = np.concatenate([before, added])
        self._keep(whole, counts)
        return _own_bytes(whole) + int(counts.sum()) + int(counts.nbytes)

    def cut(self, whole: pd.DataFrame, first: pd.DataFrame) -> None:
        """Count `first`, the first rows of `whole` (a read at an older version than the frame kept), from
        the counts of `whole`'s rows, a view of them: its texts are not walked again, nor is a count of
        them kept beside those counted in the bound of the frames kept (`whole_bytes`). Nothing where
        `whole` was not counted."""
        with self._lock:
            counts = self._counted.get(id(whole))
        if counts is not None and len(first) <= len(counts):
            self._keep(first, counts[:len(first)])

    def chosen_bytes(self, whole: pd.DataFrame, chosen: pd.DataFrame, positions: np.ndarray | None) -> int:
        """The bytes `chosen`, the rows of `whole` at `positions` in every column of it, holds, its
        texts and index too: `frame_bytes(chosen)`, without walking its texts (their sizes counted once
        for all the rows of `whole`). Counted the long way where `positions` is None or a column of
        `whole` holds values of a type counted otherwise (categories, say)."""
        objects = None if positions is None else self._objects(whole)
        if objects is None or not chosen.columns.equals(whole.columns):
            return frame_bytes(chosen)
        return _own_bytes(chosen) + int(objects[positions].sum())

    def _objects(self, whole: pd.DataFrame) -> np.ndarray | None:
        """The bytes of the objects each row of `whole` holds (its texts), counted once for the frame."""
        key = id(whole)
        with self._lock:
            if key in self._counted:
                return self._counted[key]
        counted = object_bytes(whole)
        self._keep(whole, counted)
        return counted

    def _keep(self, frame: pd.DataFrame, counted: np.ndarray | None) -> None:
        """Keep `counted`, the bytes of the objects each row of `frame` holds, while `frame` lives."""
        key = id(frame)
        with self._lock:
            if key not in self._counted:
                self._counted[key] = counted
                # Forgotten as the frame is: an id is given to another object only once this one is gone.
                weakref.finalize(frame, self._forget, key)

    def _forget(self, key: int) -> None:
        with self._lock:
            self._counted.pop(key, None)

    def __len__(self) -> int:
        return len(self._counted)


# The process's counts of every whole frame the store holds, by the frame's identity and forgotten with
# it: the frames a store keeps (`KeptFrames`) are counted as they are read, and the rows chosen of them
# (`ChosenRows`) from the same counts.
ROW_BYTES = RowBytes()


def _own_bytes(frame: pd.DataFrame) -> int:
    """The bytes of `frame`'s index and of its columns' arrays, without the objects (texts) they hold."""
    return int(frame.index.memory_usage(deep=True)) + sum(int(column.nbytes) for _, column in frame.items())


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
