"""What a page's charts and its form read of a dataset: the rows a chart draws (`chart_rows`, the one
way the app reads them), the rows a selection chose of it, and a text column's values, the rows of
each dataset held in memory read once for a block of reads (a page's) and shared by them.
"""
from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager

import pandas as pd

from plots import ChartSpec, Limits
from plots.selection import NO_SELECTION, Selection

from .frames import read_columns
from .kept_chart_rows import Keeping
from .shared_reads import rows_shared, shared_read, sharing
from .site_reads import SiteReads
from .types import DatasetInfo, Snapshot


def distinct_texts(frame: pd.DataFrame, column: str) -> tuple[str, ...]:
    """The distinct values of the frame's text column `column` (missing ones left out), sorted."""
    return tuple(sorted(str(v) for v in frame[column].dropna().unique()))


class ChartReads(SiteReads):
    """What charts and their forms read of datasets, from the part of the site's store that holds each."""

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
        description the request read, in every column, and shared by the block's charts; outside a
        block (a chart's own page, its filter's values), in `columns` alone: its one column, say, where
        a small stored dataset's kept rows were taken whole."""
        key = ("held", name, known.version) if known is not None and known.name == name else None
        if key is None or not sharing():
            return self._rows_held(name, known, columns)
        part, whole = shared_read(key, lambda: self._rows_held(name, known, None))
        if whole is None or columns is None:
            return part, whole
        return part, Snapshot(whole.info, read_columns(whole.frame, whole.info, columns))

    def _rows_held(self, name: str, known: DatasetInfo | None,
                   columns: Sequence[str] | None) -> tuple[str, Snapshot | None]:
        """`_held_rows` of `columns` (all, for None), read."""
        if self.file_path(name) is None:  # not a data-folder file's (stat of every data folder)
            return "database", self._small_rows(name, known, columns)
        return "files", self.files.read(name, columns)

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
