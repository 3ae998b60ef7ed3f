"""What the database computes of a stored dataset of more than `pushdown_above_rows` rows, which is
never read whole: its charts (`stored_pushdown`), and what its page and its warnings show
(`stored_summaries`), of the version asked for; each None for a smaller dataset, whose frame
(`SqlReads.read`) gives it.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager

import pandas as pd
from sqlalchemy import Connection, func, select

from plots import ChartSpec, Limits, SpecError
from plots.selection import Selection
from plots.series_split import SeriesSplit
from plots.sized_lru import SizedLRU, held_bytes, kept_under

from .frames import column_series, columns_of
from .pushdown import Counted
from .pushdown_series import SERIES_MEMO_BYTES, KeptSeries, series_kept_in
from .schema import writes
from .sql_reads import SqlReads
from .stored_pushdown import chart_rows, text_values
from .stored_summaries import head_and_finer_rows, value_counts, version_bound, x_splits
from .stored_values import stored_rows_table
from .types import DatasetConflict, DatasetInfo, Snapshot
from .x_splits import XSplits


# The bytes of counts of rows without an x the store keeps (`SqlBigReads._counted`): a few dozen
# bytes each, with the conditions they count by.
WITHOUT_X_MEMO_BYTES = 1024 * 1024


class SqlBigReads(SqlReads):
    """Charts and page summaries of datasets of more than `pushdown_above_rows` rows, computed by the database."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Each count of a dataset's rows without an x by (name, version, x, the conditions but a range
        # over x), which every chart of them at that version draws, whatever its range over x.
        self._without_x: SizedLRU[int] = SizedLRU(WITHOUT_X_MEMO_BYTES, held_bytes, held_bytes)
        self.when_replaced(self._without_x.clear)  # another store's versions: its counts are others
        # The series of its split charts by (name, version, series column, the conditions, the cap),
        # which every split chart of them at that version draws, whatever its x bounds.
        self._series: SizedLRU[SeriesSplit] = SizedLRU(SERIES_MEMO_BYTES, held_bytes, held_bytes)
        self.when_replaced(self._series.clear)

    def chart_rows(self, name: str, spec: ChartSpec, limits: Limits, pixels: int | None,
                   selection: Selection) -> Snapshot | None:
        """What a chart of a dataset of more than `pushdown_above_rows` rows draws, computed by the
        database (`stored_pushdown`) in the snapshot its description is read in; None for a smaller
        dataset, whose chart is shaped from its frame (`read`). Raises DatasetNotFound, and SpecError
        (422) as `plots.chart_frame` does, in its words.
        """
        # Before the snapshot: a count or series of a store replaced meanwhile is not kept.
        generations = self._generations()
        with self._reading(name) as (conn, dataset_id, _, info):
            known = {c.name for c in info.columns}
            if not self.computes_charts(info) or not known.issuperset([*spec.columns(), *selection.columns()]):
                return None  # small, or replaced since the chart was checked: the frame path says so
            frame = chart_rows(conn, dataset_id, name, info.columns, spec, limits, pixels, selection,
                               *self._kept(info, generations))
        return Snapshot(info, frame)

    def _generations(self) -> tuple[int, int]:
        """The generations of the counts' and the series' memos, as a read begins (`_kept`)."""
        return self._without_x.generation, self._series.generation

    def _kept(self, info: DatasetInfo, generations: tuple[int, int]) -> tuple[Counted, KeptSeries]:
        """The counts of rows without an x (`_counted`) and the series of splits (`series_kept_in`) of
        the version `info` describes, kept; those read since the memos' `generations` not kept."""
        return (self._counted(info, generations[0]),
                series_kept_in(self._series, info.name, info.version, generations[1]))

    def _counted(self, info: DatasetInfo, generation: int) -> Counted:
        """Counts of the rows without an x of the dataset's version `info` describes, kept by what they
        count (`pushdown._rows_without_x`); those read since the store's `generation` not kept."""
        return kept_under(self._without_x, (info.name, info.version), generation)

    def text_values(self, name: str, column: str) -> tuple[str, ...] | None:
        """The distinct values of a text column of a dataset of more than `pushdown_above_rows` rows,
        sorted, found by the database (`stored_pushdown.text_values`: what a filter on it may
        choose); None for a smaller dataset, whose frame gives them. Raises DatasetNotFound."""
        with self._reading(name) as (conn, dataset_id, _, info):
            if not self.computes_charts(info) or column not in info.column_types():
                return None
            return text_values(conn, dataset_id, info.columns, column)

    # Reading what a page shows of a dataset of more than `pushdown_above_rows` rows (`stored_summaries`):
    # each None for a smaller dataset, whose frame (`read`) gives it.

    @contextmanager
    def _reading_version(self, asked: DatasetInfo, bounded: bool = True) -> Iterator[tuple[Connection, int, int | None]]:
        """A read transaction (`_reading`) of the rows of the version `asked` describes: the dataset's
        id, and the row id its rows end at, None when the snapshot holds that version (rows
        appended since are after it) or not `bounded`. Raises DatasetNotFound, and DatasetConflict
        when the dataset was made again since (the rows are another dataset's)."""
        with self._reading(asked.name) as (conn, dataset_id, version, _):
            bound = None
            if str(version) != asked.version:
                made_again = conn.execute(select(func.count()).where(
                    writes.c.dataset == asked.name, writes.c.action == "create",
                    writes.c.version > int(asked.version))).scalar_one()
                if made_again or version < int(asked.version):
                    raise DatasetConflict(f"dataset {asked.name!r} was made again since its version {asked.version}; "
                                          "read it again")
                bound = version_bound(conn, dataset_id, asked.columns, asked.rows) if bounded else None
            yield conn, dataset_id, bound

    def head(self, name: str, rows: int) -> Snapshot | None:
        """The description and first rows of a dataset of more than `pushdown_above_rows` rows, and
        the rows that show each date column's format (`Store.head`), from one snapshot, found by
        the database (`stored_summaries.head_and_finer_rows`). Raises DatasetNotFound."""
        with self._reading(name) as (conn, dataset_id, _, info):
            if not self.computes_charts(info):
                return None
            return Snapshot(info, head_and_finer_rows(conn, dataset_id, info.columns, rows))

    def x_splits(self, info: DatasetInfo, x: str, texts: Sequence[str], most: int) -> XSplits | None:
        """How the text columns `texts` split the rows sharing an x of the version `info` describes
        (`stored_summaries.x_splits`, at most `most` values each), counted by the database.
        Raises DatasetNotFound, DatasetConflict (`_reading_version`)."""
        if not self.computes_charts(info):
            return None
        with self._reading_version(info) as (conn, dataset_id, bound):
            return x_splits(conn, dataset_id, info.columns, x, texts, most, bound)

    def value_counts(self, info: DatasetInfo, columns: Sequence[str]) -> dict[str, int] | None:
        """How many values (not missing) each of `columns` holds at the version `info` describes,
        counted by the database in one query. Raises DatasetNotFound, DatasetConflict."""
        if not self.computes_charts(info):
            return None
        with self._reading_version(info) as (conn, dataset_id, bound):
            return value_counts(conn, dataset_id, info.columns, columns, bound)

    def column_cells(self, info: DatasetInfo, column: str, rows_per_piece: int = 10_000,
                     most_per_piece: int = 160_000) -> Iterable | None:
        """The cells of `column` at the version `info` describes, in row order, as its frame's
        `tolist()` holds them: read from the database a piece at a time as they are iterated (first
        `rows_per_piece` rows, then twice as many each time, up to `most_per_piece`), so that one
        who stops early reads no more. The first pieces, up to `most_per_piece` cells, are kept
        for the next iteration, which reads only the rows after them again (`_Cells`). Each piece
        is the next rows by row id, in a transaction of its own, as `read_pieces` reads them.
        Raises DatasetNotFound, DatasetConflict, when asked and while iterated."""
        if not self.computes_charts(info):
            return None
        with self._reading_version(info, bounded=False) as (_, dataset_id, _):
            pass  # the dataset is still the one `info` describes: its rows by row id are that version's
        position = [c.name for c in info.columns].index(column)
        table = stored_rows_table(dataset_id, info.columns)
        column_type = info.columns[position].type

        def pieces(after: int, left: int, size: int) -> Iterator[tuple[tuple[int, int, int], list]]:
            while left:
                query = (select(table.c.rowid, table.columns[1 + position]).where(table.c.rowid > after)
                         .order_by(table.c.rowid).limit(min(size, left)))
                rows = self._rows_of(info.name, query)
                if not rows:
                    raise DatasetConflict(f"dataset {info.name!r} holds fewer rows than its version {info.version} "
                                          "did; read it again")
                ids, values = columns_of(rows, 2)
                after, left, size = ids[-1], left - len(rows), min(2 * size, most_per_piece)
                yield (after, left, size), column_series(column_type, values).tolist()

        return _Cells(pieces, (0, info.rows, rows_per_piece), most_per_piece)

    def charts_rows(self, name: str, charts: Sequence[tuple[ChartSpec, Limits, int | None, Selection]]
                    ) -> tuple[DatasetInfo, list[pd.DataFrame | SpecError]] | None:
        """What each of several charts (spec, limits, pixels, selection: as `chart_rows` takes them)
        of a dataset of more than `pushdown_above_rows` rows draws, computed by the database in one
        snapshot (each chart in a savepoint of it), with the description read in it; the SpecError refusing a chart in its place. No
        chart's rows when the dataset's columns no longer hold them all (replaced since the charts
        were checked: the description says so). Raises DatasetNotFound."""
        generations = self._generations()
        with self._reading(name) as (conn, dataset_id, _, info):
            if not self.computes_charts(info):
                return None
            known = {c.name for c in info.columns}
            if not all(known.issuperset([*spec.columns(), *selection.columns()]) for spec, _, _, selection in charts):
                return info, []
            drawn = []
            for spec, limits, pixels, selection in charts:
                try:
                    # Each in a savepoint of the one snapshot: a query the database refused (a float sum
                    # past the largest double on PostgreSQL) aborts the transaction, not the next chart.
                    with conn.begin_nested():
                        drawn.append(chart_rows(conn, dataset_id, name, info.columns, spec, limits, pixels, selection,
                                                *self._kept(info, generations)))
                except SpecError as refusal:  # too many values: that chart's cell says so, the others draw
                    drawn.append(refusal)
        return info, drawn


class _Cells:
    """A column's cells, read a piece at a time as they are iterated (`SqlStore.column_cells`): the
    first pieces, up to `most_kept` cells, kept, so that a rule that looks at the column's first
    cells again (`app.column_cells`) reads the database only past them.

    `pieces(*start)` reads the pieces from `start` on, each with where the next one starts."""

    def __init__(self, pieces: Callable[..., Iterator[tuple[tuple, list]]], start: tuple, most_kept: int):
        self._pieces = pieces
        self._kept: list = []
        self._after_kept = start  # where the first piece not kept starts
        self._most_kept = most_kept

    def __iter__(self) -> Iterator:
        yield from self._kept  # a list's iterator: cells another iteration keeps meanwhile come too
        start = self._after_kept
        for after, piece in self._pieces(*start):
            # Kept only right after the kept cells: once a piece is not, none after it is.
            if self._after_kept == start and len(self._kept) + len(piece) <= self._most_kept:
                self._kept += piece
                self._after_kept = after
            start = after
            yield from piece
