"""The rows of the database's datasets kept in memory as frames, each with the version it was read at.

Rows are only ever appended, so the frame read for a dataset is kept in memory with its version
and, when the version moves on, only the rows after the last one read are fetched and added. A read
whose snapshot is older than the kept frame (another thread read a later version meanwhile) takes
that frame's first rows, as many as its snapshot holds.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Connection, select

from ..cache import SizedLRU
from .forgotten_names import ForgottenNames
from .frames import columns_frame, columns_of, unsigned_zeros
from .row_bytes import ROW_BYTES
from .stored_values import stored_rows_table
from .types import Column, DatasetInfo

# What a reader takes before its snapshot begins (`KeptFrames.generation`): the times every frame
# was forgotten (`clear`), and the times its dataset's name was (`ForgottenNames`).
Generation = tuple[int, int]


@dataclass(frozen=True)
class _Frame:
    dataset_id: int
    version: int
    last_rowid: int
    frame: pd.DataFrame
    size: int  # the frame's bytes and those of its rows' counts (`RowBytes.whole_bytes`)


class KeptFrames:
    """The frame last read of each dataset, by name, up to `max_bytes` of them in all."""

    def __init__(self, max_bytes: int, forgotten: ForgottenNames):
        self._frames: SizedLRU[_Frame] = SizedLRU(max_bytes, lambda frame: frame.size)
        self._forgotten = forgotten  # the store's: a read in flight keeps no frame a delete forgot

    def generation(self, name: str) -> Generation:
        """How many times every frame (`clear`) and dataset `name`'s (its dataset deleted) were
        forgotten: a reader takes it before its snapshot begins, and what it reads is not kept once
        either was forgotten since."""
        return self._frames.generation, self._forgotten.generation(name)

    def frame(self, conn: Connection, dataset_id: int, version: int, info: DatasetInfo,
              generation: Generation) -> pd.DataFrame:
        """The dataset's rows at `version` (its description `info`), which `conn`'s snapshot reads:
        the frame kept, or the rows it lacks read in that snapshot and added to it (kept unless the
        frames were forgotten since `generation`, the reader's before its snapshot began)."""
        name = info.name
        cached = self._frames.get(name)
        if cached is not None and cached.dataset_id != dataset_id:
            cached = None  # kept for a dataset of the same name since deleted
        if cached is not None and cached.version >= version:
            # Kept at this version, or at a later one read since this snapshot began: rows are
            # only appended, in commit order, so the snapshot's rows are its first ones.
            if cached.version == version:
                return cached.frame
            first = cached.frame.iloc[:info.rows]  # views of the kept frame's columns
            ROW_BYTES.cut(cached.frame, first)
            return first
        return self._load(conn, name, dataset_id, version, info.columns, cached, generation).frame

    def at_version(self, name: str, version: int) -> pd.DataFrame | None:
        """The rows of dataset `name` kept at exactly `version`, or None: a version is the number of
        the write that made it, given once in the store, so they are that dataset's rows whatever
        was written since."""
        cached = self._frames.get(name)
        return cached.frame if cached is not None and cached.version == version else None

    def keep(self, name: str, dataset_id: int, version: int, last_rowid: int, info: DatasetInfo,
             frame: pd.DataFrame, generation: Generation) -> None:
        """Keep `frame`, the rows of dataset `info` just written at `version` (the last of them
        `last_rowid`) as a read of them gives them back (`frames.column_series`), so that the
        first read after a create need not fetch them again: its floats' -0.0 as 0.0, as the store
        stores it. Not one of other columns."""
        if list(frame.columns) != [c.name for c in info.columns] or len(frame) != info.rows:
            return
        frame = unsigned_zeros(frame, [c.name for c in info.columns if c.type == "float"])
        self._put(name, _Frame(dataset_id, version, last_rowid, frame, ROW_BYTES.whole_bytes(frame)), generation)

    def clear(self) -> None:
        """Forget every dataset's rows (those of a store replaced since they were read)."""
        self._frames.clear()

    def drop(self, name: str) -> None:
        """Forget the frame kept for `name` (its dataset deleted, or its rows changed in place)."""
        self._frames.drop(name)

    def holds(self, name: str) -> bool:
        """Whether a frame of dataset `name` is kept (asking does not mark it as recently used)."""
        return self._frames.holds(name)

    def __len__(self) -> int:
        return len(self._frames)

    def _load(self, conn: Connection, name: str, dataset_id: int, version: int, columns: Sequence[Column],
              earlier: _Frame | None, generation: Generation) -> _Frame:
        """The frame at `version`, read in the caller's snapshot and kept: the new rows added to
        `earlier`, the frame kept at an earlier version of this dataset, or every row without one."""
        table = stored_rows_table(dataset_id, columns)
        since = earlier.last_rowid if earlier is not None else 0
        query = (select(*table.columns).where(table.c.rowid > since).order_by(table.c.rowid))
        result = conn.execute(query)
        # Plain tuples from the driver's cursor: none of these columns needs SQLAlchemy's result
        # processing, and a Row object per row costs a third of a million-row read.
        rows = result.cursor.fetchall()
        result.close()
        ids, *values = columns_of(rows, len(columns) + 1)
        last_rowid = ids[-1] if rows else since
        part = columns_frame(columns, values)
        if not since:
            frame, size = part, ROW_BYTES.whole_bytes(part)
        elif rows:  # only the rows appended are counted, added to the earlier frame's counts
            frame = pd.concat([earlier.frame, part], ignore_index=True)
            size = ROW_BYTES.appended_bytes(earlier.frame, part, frame)
        else:  # no row appended since: the earlier frame, as it was counted
            frame, size = earlier.frame, earlier.size
        loaded = _Frame(dataset_id, version, last_rowid, frame, size)
        self._put(name, loaded, generation)
        return loaded

    def _put(self, name: str, kept: _Frame, generation: Generation) -> None:
        """Keep `kept` as dataset `name`'s frame, unless its frames were forgotten since `generation`."""
        cleared, forgotten = generation
        self._forgotten.keep(name, forgotten, lambda: self._frames.put(name, kept, cleared))
