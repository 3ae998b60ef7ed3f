"""Datasets of the site's store described and read, from whichever part holds each: whole, a piece
at a time, their first rows, and what a chart draws (`chart_rows`, the one way the app reads it);
while the database cannot be reached, a stored dataset's last description read.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from plots import ChartSpec, Limits, SpecError
from plots.selection import NO_SELECTION, Selection
from plots.value_text import DATE_PRECISIONS, date_precision

from .frames import read_columns
from .kept_chart_rows import Keeping
from .shared_reads import rows_shared, shared_read
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


def distinct_texts(frame: pd.DataFrame, column: str) -> tuple[str, ...]:
    """The distinct values of the frame's text column `column` (missing ones left out), sorted."""
    return tuple(sorted(str(v) for v in frame[column].dropna().unique()))


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

    def text_values(self, name: str, column: str, known: DatasetInfo | None = None) -> tuple[str, ...]:
        """The distinct values of a text column, sorted (a source's database finds them itself, as a
        stored dataset's of many rows does). `known`: the description the request read of the
        dataset: a stored one it says is small gives them from its rows alone, kept in memory at
        that version or read with the description they are of, as `chart_rows` reads them (`_small_rows`);
        within a block of reads (`checked_once`, a dashboard's page), a file's or such a stored
        dataset's rows are those its charts read, read once for them all (`_held_rows`)."""
        if self.source_of(name) is not None:
            return self.sources.text_values(name, column)
        # The rows a block of reads (a page's) read once for its charts and its form alike (`_held_rows`).
        _, snapshot = self._held_rows(name, known, [column])
        if snapshot is not None:
            return distinct_texts(snapshot.frame, column)
        found = self._database_answer(name, lambda: self.database.text_values(name, column))
        if found is not None:
            return found
        return distinct_texts(self.read(name, [column]).frame, column)

    def checked_once(self) -> AbstractContextManager[None]:
        """A block of chart reads (a page's) that asks the database whether it answers once, not once
        for each chart of a stored dataset whose rows are kept in memory (`SqlReads.small_read`),
        and reads the rows of each dataset held in memory once, at the version the page read of it,
        for all its charts (`shared_reads`)."""
        return rows_shared()

    def chart_rows(self, name: str, spec: ChartSpec, limits: Limits, pixels: int | None = None,
                   selection: Selection | None = None, keeping: Keeping | None = None,
                   known: DatasetInfo | None = None) -> Snapshot:
        """What a chart of the dataset draws, with the description it was read at, from one snapshot.

        For a stored dataset or a file: the rows `selection` chooses, in the columns the chart
        reads, which `plots.chart_frame` shapes (when the chart is drawn, in a render worker). For
        a source dataset, and a stored dataset of many rows (`stored_pushdown`): rows its database
        computed (chosen by the selection, filtered, grouped, binned, thinned to M4 for `pixels`
        pixel columns), marked so that `chart_frame` leaves them as they are, or read as they are
        for it to shape. `keeping`: what a stored dataset's rows its database computed for an image
        (`pixels`) are, "keep" for a page's words of the chart, "take" for its image (`_computed_rows`).
        `known`: the description the request read of the dataset: a stored one it says is small is
        read alone, and its rows kept in memory at that version are not described again (`_small_rows`).
        """
        selection = selection or NO_SELECTION
        if self.source_of(name) is not None:
            from .source_conditions import selection_conditions

            return self.sources.chart_rows(name, spec, limits, pixels, selection_conditions(selection))
        columns, wanted = _columns_read(spec, selection)
        part, snapshot = self._held_rows(name, known, None if not selection.empty else wanted)
        if part == "database" and snapshot is None:
            computed = self._database_answer(
                name, lambda: self._computed_rows(name, spec, limits, pixels, selection, keeping, known))
            if computed is not None:
                return computed
        if selection.empty:
            return snapshot or self.read(name, wanted)
        # The rows every chart of the dataset at this version with this selection draws, chosen once.
        return self._chosen.rows(snapshot or self.read(name), part, selection, spec, wanted, columns)

    def chosen_rows(self, name: str, spec: ChartSpec, selection: Selection, known: DatasetInfo) -> Snapshot | None:
        """The rows `selection` chooses of a dataset held in memory for a chart of `spec`, in every
        column, with their marks (which rows they are, what chose them), as kept for all the dataset's
        charts: to read, never to change. None where `chart_rows` reads the chart's rows another way
        (no selection, a source's, a stored dataset's its database computes, or one `known`, the
        description the request read, does not say is small). A poll reads the marks of a chart's
        rows, by which its words are kept, without taking its columns of them."""
        if selection.empty or self.source_of(name) is not None:
            return None
        _, wanted = _columns_read(spec, selection)
        part, snapshot = self._held_rows(name, known, None)
        if snapshot is None:  # a stored dataset not small (a data-folder file's rows are always read)
            return None
        return Snapshot(snapshot.info, self._chosen.chosen(snapshot, part, selection, spec, wanted))

    def _held_rows(self, name: str, known: DatasetInfo | None,
                   columns: Sequence[str] | None) -> tuple[str, Snapshot | None]:
        """Where the rows of the dataset `name` are chosen from, as the memory of chosen rows parts
        them, and its rows of `columns` (all, for None): "database" for a stored dataset, with its rows
        kept in memory where it is small (`_small_rows`, None where not), or "files" for a data-folder
        file's, read. Read once for a block of reads (`checked_once`) at the version of `known`, the
        description the request read, and shared by the block's charts."""
        key = ("held", name, known.version) if known is not None and known.name == name else None
        part, whole = shared_read(key, lambda: self._whole_held(name, known))
        if whole is None or columns is None:
            return part, whole
        return part, Snapshot(whole.info, read_columns(whole.frame, whole.info, columns))

    def _whole_held(self, name: str, known: DatasetInfo | None) -> tuple[str, Snapshot | None]:
        """`_held_rows` in every column, read."""
        if self.file_path(name) is None:  # not a data-folder file's (stat of every data folder)
            return "database", self._small_rows(name, known, None)
        return "files", self.files.read(name)

    def _small_rows(self, name: str, known: DatasetInfo | None, columns: Sequence[str] | None) -> Snapshot | None:
        """The rows of `columns` (all, for None) of a stored dataset `known`, the description the request
        read, says the database computes no charts of (`SqlReads.small_read`): those kept in memory at its
        version, not described again, or read with the description they are of, in one snapshot,
        while that dataset is still one it computes no charts of. None where there is no such
        description, or the dataset has grown since."""
        if known is None or known.name != name or not self._stored(known) or self.database.computes_charts(known):
            return None
        return self._database_answer(name, lambda: self.database.small_read(known, columns))

    def _computed_rows(self, name: str, spec: ChartSpec, limits: Limits, pixels: int | None,
                       selection: Selection, keeping: Keeping | None,
                       known: DatasetInfo | None = None) -> Snapshot | None:
        """What the database computes of a chart of a stored dataset of many rows (`SqlStore.chart_rows`;
        None for a smaller one). The rows a page's words of the chart read (to "keep") are kept
        until its image's request takes them (to "take"), which asks the database only when none
        are (`kept_chart_rows`), as a source's store keeps a source's: looked up at the version of
        `known`, the description the request read, or else the last one read."""
        def read() -> Snapshot | None:
            return self.database.chart_rows(name, spec, limits, pixels, selection)

        known = known if known is not None and known.name == name else self._last_info.get(name)
        if keeping is None or pixels is None or known is None or not self.database.computes_charts(known):
            return read()
        return self._kept_charts.rows(name, known.version, (spec.key(), selection.key(), pixels), read, keeping)


def _columns_read(spec: ChartSpec, selection: Selection) -> tuple[list[str], list[str]]:
    """The columns a chart of `spec` reads, and those with the columns `selection` chooses rows by
    after them: the rows are chosen before the chart shapes them, by columns it may not draw."""
    columns = list(spec.columns())
    return columns, columns + [c for c in selection.columns() if c not in columns]
