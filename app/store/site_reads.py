"""Datasets of the site's store described and read, from whichever part holds each: whole, a piece
at a time, their first rows, and what a page shows of a stored dataset of many rows, asked of its
database; while the database cannot be reached, a stored dataset's last description read. What a
chart draws is read by `chart_reads` (`chart_rows`, the one way the app reads it).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from plots import ChartSpec, Limits, SpecError
from plots.selection import Selection
from plots.value_text import DATE_PRECISIONS, date_precision

from .site_parts import SiteParts, T
from .types import DatasetInfo, DatasetNotFound, Snapshot, StoreError, StoreUnavailable
from .written_forms import Cell
from .x_splits import XSplits

if TYPE_CHECKING:
    from .source_counts import UnreadDates



@dataclass(frozen=True)
class RowPieces:
    """A dataset's description and its rows at that version, read a piece at a time: each call of
    `pieces` (with a sequence of column names, or None for all) reads them again, as frames of at
    most the rows a piece holds, in the columns' types, one of no rows for a dataset of none. A
    stored dataset's are read from the database a piece at a time; a file's or a source's, read
    whole as `SiteStore.read` reads them, are split."""

    info: DatasetInfo
    pieces: Callable[..., Iterator[pd.DataFrame]]


def frame_pieces(frame: pd.DataFrame, rows_per_piece: int, columns: Sequence[str] | None = None
                 ) -> Iterator[pd.DataFrame]:
    """`frame` (only `columns`, when given) in frames of at most `rows_per_piece` rows (one of none
    when it has none)."""
    frame = frame if columns is None else frame.loc[:, list(columns)]
    for start in range(0, max(len(frame), 1), rows_per_piece):
        yield frame.iloc[start:start + rows_per_piece]


def head_rows(frame: pd.DataFrame, rows: int) -> pd.DataFrame:
    """The frame's first `rows` rows, then for each date column whose other rows need a finer
    format (`plots.value_text.date_precision`) than those show, the first row that does (`Store.head`)."""
    first = frame.head(rows)
    shown = []
    for name in frame.columns:
        if not pd.api.types.is_datetime64_any_dtype(frame[name]):
            continue
        needed = date_precision(frame[name])
        if needed != date_precision(first[name]):
            coarser = DATE_PRECISIONS[DATE_PRECISIONS.index(needed) - 1]
            values = frame[name].to_numpy()
            shown.append(int(np.argmax((values.astype(f"datetime64[{coarser}]") != values) & ~np.isnat(values))))
    return frame.iloc[[*range(len(first)), *shown]] if shown else first


class SiteReads(SiteParts):
    """Datasets described and read, from the part of the site's store that holds each."""

    def info(self, name: str) -> DatasetInfo:
        """The dataset's description; raises DatasetNotFound.

        While the database cannot be reached, the last description this process read is given
        instead (StoreUnavailable when there is none): charts already drawn from it are then
        still served from the render cache, while anything that reads rows or writes fails with
        StoreUnavailable (a 503) until the database is back.
        """
        if self.source_of(name) is not None:
            return self.sources.info(name)
        if self.file_path(name) is not None:
            return self.files.info(name)
        info = self._from_database(name, self.database.info, lambda last: last)
        self._last_info[name] = info
        return info

    def described_again(self, info: DatasetInfo) -> DatasetInfo | None:
        """The description of the dataset `info` describes, read again where a chart or page names a
        column `info` lacks and the dataset's columns may have changed since unseen (a source's table:
        `SourceStore.described_again`); None where it has not changed, or where any change is seen
        at once (a stored dataset, a data-folder file). Raises as `info` does."""
        if self.source_of(info.name) is None:
            return None
        return self.sources.described_again(info.name, info.version)

    def infos(self, names: Sequence[str] | None = None) -> dict[str, DatasetInfo | StoreError]:
        """Every dataset's description by name, sorted as `names()` sorts them, or the StoreError
        `info` of it raises (a data-folder file that is no CSV, a source that is down): the stored
        datasets' read in one transaction (`SqlStore.infos`), the files' as `CsvStore.infos` reads
        them and the sources' in one transaction of each source (`SourceStore.infos`). Raises
        StoreUnavailable, as `names` does, while the database cannot be reached.

        Given `names`, those datasets' alone, in their order, each as `info` gives it: a name none
        holds is the site's DatasetNotFound, and while the database cannot be reached a stored
        dataset is its last description read, or that StoreUnavailable in its place."""
        if names is not None:
            return self._named_infos(names)
        stored = self.database.infos()
        files, sources = self.files.infos(), self.sources.infos() if self.sources is not None else {}
        for name in list(self._last_info):  # a copy: other requests' reads add to it meanwhile
            if name not in stored:
                self._last_info.pop(name, None)  # deleted, as `info` finds it
        hidden = set(files) | set(sources)
        for name, info in stored.items():
            if name not in hidden:  # what `info` reads of it
                self._last_info[name] = info
        found: dict[str, DatasetInfo | StoreError] = {**stored, **files, **sources}
        return {name: found[name] for name in sorted(found)}

    def _named_infos(self, names: Sequence[str]) -> dict[str, DatasetInfo | StoreError]:
        """`infos(names)`: each dataset of `names` from the part that holds it, as `info` reads it."""
        names, paths = list(dict.fromkeys(names)), self.files.paths()
        sources = [name for name in names if self.source_of(name) is not None]
        files = [name for name in names if name not in sources and name in paths]
        stored = [name for name in names if name not in sources and name not in files]
        found: dict[str, DatasetInfo | StoreError] = {**self.files.infos(files)}
        if sources:
            found.update(self.sources.infos(sources))
        if stored:
            try:
                described = self.database.infos(stored)
            except StoreError as error:  # each as `info` would find it: busy, or down (then its last description)
                last = self._last_info if isinstance(error, StoreUnavailable) else {}
                described = {name: last.get(name, error) for name in stored}
            for name in stored:
                info = described.get(name)
                if info is None:
                    self._last_info.pop(name, None)
                    found[name] = self._not_found(name)
                    continue
                if isinstance(info, DatasetInfo):
                    self._last_info[name] = info
                found[name] = info
        return {name: found[name] for name in names}

    def version(self, name: str) -> str:
        """The dataset's current version, asked cheaply (a render-cache hit asks it); raises
        DatasetNotFound. While the database cannot be reached, the last version this process read."""
        if self.source_of(name) is not None:
            return self.sources.version(name)
        if self.file_path(name) is not None:
            return self.files.version(name)
        return self._from_database(name, self.database.version, lambda last: last.version)

    def _from_database(self, name: str, ask: Callable[[str], T], from_last: Callable[[DatasetInfo], T]) -> T:
        """`ask(name)` of the database; during an outage, `from_last` of the last description read."""
        try:
            return ask(name)
        except DatasetNotFound:
            self._last_info.pop(name, None)
            raise self._not_found(name) from None
        except StoreUnavailable:
            last = self._last_info.get(name)
            if last is None:
                raise
            return from_last(last)

    def read(self, name: str, columns: Sequence[str] | None = None) -> Snapshot:
        """The dataset's description and rows (only `columns`, when given) from one snapshot;
        raises DatasetNotFound (and RowsOverLimit for a source dataset too big for one answer)."""
        if self.source_of(name) is not None:
            return self.sources.read(name, columns)
        if self.file_path(name) is not None:
            return self.files.read(name, columns)
        return self._database_answer(name, lambda: self.database.read(name, columns))

    def read_pieces(self, name: str, rows_per_piece: int) -> RowPieces:
        """The dataset's description and its rows at that version, a piece of at most
        `rows_per_piece` rows at a time (`RowPieces`). Raises DatasetNotFound (and RowsOverLimit
        for a source dataset too big for one answer)."""
        if self.source_of(name) is None and self.file_path(name) is None:
            return RowPieces(*self._database_answer(name, lambda: self.database.read_pieces(name, rows_per_piece)))
        snapshot = self.read(name)
        return RowPieces(snapshot.info, lambda columns=None: frame_pieces(snapshot.frame, rows_per_piece, columns))

    def head(self, name: str, rows: int) -> Snapshot:
        """The dataset's description and its first `rows` rows, then the rows that show each date
        column's format (`Store.head`); raises DatasetNotFound."""
        if self.source_of(name) is not None:
            return self.sources.head(name, rows)
        if self.file_path(name) is None:
            found = self._database_answer(name, lambda: self.database.head(name, rows))
            if found is not None:  # a stored dataset of many rows: the database found them
                return found
        snapshot = self.read(name)
        return Snapshot(snapshot.info, head_rows(snapshot.frame, rows))

    def first_rows(self, name: str, columns: Sequence[str], rows: int) -> pd.DataFrame:
        """The first `rows` rows of `columns` (`head`'s first rows, read alone: a source's database
        is asked for them and no more)."""
        if self.source_of(name) is not None:
            return self.sources.first_rows(name, columns, rows)
        return head_rows(self.read(name, list(columns)).frame, rows)

    def unread_dates(self, info: DatasetInfo) -> tuple[UnreadDates, ...]:
        """A source dataset's date columns' values that are no moment to the site, each a missing value
        (`SourceInfos.unread_dates`); none for any other dataset, whose dates an upload or a file's
        types read whole. Raises as `info` does."""
        if self.source_of(info.name) is None:
            return ()
        return self.sources.unread_dates(info.name)

    def unread_dates_kept(self, info: DatasetInfo) -> tuple[UnreadDates, ...]:
        """`unread_dates` as the source dataset's description at `info.version` counted them, where it is
        still kept (`SourceInfos.unread_dates_kept`); none otherwise, and for any other dataset. Reads
        nothing: a chart's words, made from rows read at that version, say them where known."""
        if self.source_of(info.name) is None:
            return ()
        return self.sources.unread_dates_kept(info.name, info.version)

    def _stored(self, info: DatasetInfo) -> bool:
        """Whether `info` describes a dataset kept in the database, as its name still is."""
        return (info.writable and info.source is None and self.source_of(info.name) is None
                and self.file_path(info.name) is None)

    # What a page shows of a stored dataset of many rows, asked of the database (`SqlStore`): None
    # for any other dataset, whose frame (`read`) gives it. Each reads the rows of `info`'s version.

    def x_splits(self, info: DatasetInfo, x: str, texts: Sequence[str], most: int) -> XSplits | None:
        """How the text columns `texts` split the rows sharing an x (`x_splits.XSplits`, at
        most `most` values each), counted by the database. Raises DatasetNotFound, DatasetConflict."""
        if not self._stored(info):
            return None
        return self._database_answer(info.name, lambda: self.database.x_splits(info, x, texts, most))

    def value_counts(self, info: DatasetInfo, columns: Sequence[str]) -> dict[str, int] | None:
        """How many values (not missing) each of `columns` holds, counted by the database. Raises
        DatasetNotFound, DatasetConflict."""
        if not self._stored(info):
            return None
        return self._database_answer(info.name, lambda: self.database.value_counts(info, columns))

    def too_large_cells(self, info: DatasetInfo) -> dict[str, Cell]:
        """Each float column's first cell of a number too large for a float, which a data-folder file
        reads as missing (`CsvStore.first_too_large`); none for any other dataset, which holds no such
        number (an upload refuses it). Raises DatasetNotFound."""
        if self.source_of(info.name) is not None or self.file_path(info.name) is None:
            return {}
        return self.files.first_too_large(info.name, info.version)

    def column_cells(self, info: DatasetInfo, column: str) -> Iterable | None:
        """The cells of `column` in row order, read from the database a piece at a time as they are
        iterated (`SqlStore.column_cells`). Raises DatasetNotFound, DatasetConflict, when asked
        and while iterated."""
        if not self._stored(info):
            return None
        return self._database_answer(info.name, lambda: self.database.column_cells(info, column))

    def charts_rows(self, name: str, charts: Sequence[tuple[ChartSpec, Limits, int | None, Selection]]
                    ) -> tuple[DatasetInfo, list[pd.DataFrame | SpecError]] | None:
        """What each of several charts of a stored dataset of many rows draws, computed by its
        database in one snapshot, with the description read in it (`SqlStore.charts_rows`); None
        for any other dataset. Raises DatasetNotFound."""
        if self.source_of(name) is not None or self.file_path(name) is not None:
            return None
        return self._database_answer(name, lambda: self.database.charts_rows(name, charts))
