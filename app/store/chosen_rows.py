"""The rows a selection chose of a dataset held in memory (a stored dataset the database computes
no charts of, a data-folder file), kept per version and selection: every chart of a dashboard of that
dataset draws rows its range and filters chose, and the rows are chosen once for all of them, each
chart then taking its own columns."""
from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from plots import ChartSpec
from plots.rows import Mark, mark_of, with_mark
from plots.selection import Selection, marks_key, select_rows
from plots.sized_lru import SizedLRU

from .frames import check_columns, frame_bytes
from .row_bytes import ROW_BYTES
from .types import Snapshot

# The bytes of chosen rows a process keeps by default (the CHOSEN_ROWS_CACHE_BYTES setting): a
# dashboard's datasets' rows in its range, a few of its ranges (a relative range moves on at each
# poll) and filters.
CHOSEN_ROWS_BYTES = 16 * 1024 * 1024
# Where a frame of chosen rows says which rows of its dataset's version they are (`rows_chosen`).
ROWS_CHOSEN_KEY = "svgplots.rows_chosen"


@dataclass(frozen=True)
class RowsChosen(Mark):
    """Which rows of its dataset's version a frame holds: their count and a digest of their positions.
    A record, never changed, that the frames and columns taken from the frame share rather than copy."""

    count: int
    digest: str


def rows_chosen(frame: pd.DataFrame) -> RowsChosen | None:
    """Which rows of its dataset's version `frame` holds, as `ChosenRows.rows` chose them; None where
    no selection chose them there."""
    return mark_of(frame, ROWS_CHOSEN_KEY, RowsChosen)


def _positions(whole: pd.DataFrame, chosen: pd.DataFrame) -> np.ndarray | None:
    """The positions in `whole` of the rows of `chosen`; None where `whole`'s index is not its rows'
    positions (0, 1, 2 …), which it is as the store reads a dataset."""
    index = whole.index
    if not (isinstance(index, pd.RangeIndex) and index.start == 0 and index.step == 1):
        return None
    return np.ascontiguousarray(chosen.index.to_numpy(), dtype=np.int64)


def _rows_chosen(positions: np.ndarray) -> RowsChosen:
    """Which rows of their dataset's version the rows at `positions` are, as a count and digest."""
    return RowsChosen(len(positions), hashlib.blake2b(positions.tobytes(), digest_size=16).hexdigest())


class ChosenRows:
    """The rows selections chose of whole datasets' frames, by dataset, version and selection."""

    def __init__(self, max_bytes: int = CHOSEN_ROWS_BYTES):
        self._kept: SizedLRU[pd.DataFrame] = SizedLRU(max_bytes, frame_bytes)
        # Each kept frame's bytes counted from those of the rows of the whole frame it was chosen of,
        # the counts the store made as it read that frame (`KeptFrames`).
        self._row_bytes = ROW_BYTES

    def clear(self) -> None:
        """Forget every rows chosen (the store they were read from was made anew)."""
        self._kept.clear()

    def rows(self, whole: Snapshot, part: str, selection: Selection, spec: ChartSpec, wanted: Sequence[str],
             columns: Sequence[str]) -> Snapshot:
        """The rows of `whole` (every row and column of a dataset at a version, held by `part` of the
        site's store) that `selection` chooses for a chart of `spec`, in its `columns`, as
        `select_rows` chooses and marks them. Raises DatasetReplaced where one of `wanted`, the
        columns the chart and selection read, is not among the dataset's (`check_columns`)."""
        return Snapshot(whole.info, columns_taken(self.chosen(whole, part, selection, spec, wanted), columns))

    def chosen(self, whole: Snapshot, part: str, selection: Selection, spec: ChartSpec,
               wanted: Sequence[str]) -> pd.DataFrame:
        """The rows of `whole` that `selection` chooses for a chart of `spec`, in every column, marked,
        as kept for every chart of the dataset: to read, never to change (`rows` takes a chart's
        columns of them). Raises DatasetReplaced as `rows` does."""
        check_columns(whole.frame, whole.info, wanted)
        key = (part, whole.info.name, whole.info.version, selection.key(), marks_key(spec))
        generation = self._kept.generation
        chosen = self._kept.get(key)
        if chosen is None:
            chosen = select_rows(selection, whole.frame, spec)
            positions = _positions(whole.frame, chosen)
            if positions is not None:
                with_mark(chosen, ROWS_CHOSEN_KEY, _rows_chosen(positions))
            self._kept.put(key, chosen, generation, self._row_bytes.chosen_bytes(whole.frame, chosen, positions))
        return chosen


def columns_taken(frame: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """`columns` of `frame`, each of them among its columns, as `frame.loc[:, columns]` gives them: taken by
    their positions where its column names are unique, which skips the checks and the index `loc`
    builds of them, a third of the time (some 0.1 ms against 0.3, on a chart's rows of a poll)."""
    names = frame.columns
    if not names.is_unique:
        return frame.loc[:, list(columns)]
    return frame.take([names.get_loc(name) for name in columns], axis=1)
