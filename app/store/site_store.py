"""The site's datasets: those kept in the database, the CSV files of the data folder, and source datasets.

A CSV file in the data folder is a dataset the site only reads (a changed file is a new version
on the next request) and it hides a stored dataset of the same name. A source dataset (named in
the sources file, read from the user's own database) is read only too, and hides both. Everything
else lives in the database, where it can be created, appended to and deleted.

`chart_rows` is the one way the app reads what a chart draws: the dataset's columns, which
`plots.chart_frame` then shapes, or for a source dataset rows its database computed.
"""
from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeVar

import numpy as np
import pandas as pd

from plots import ChartSpec, Limits, SpecError
from plots.selection import NO_SELECTION, Selection, select_rows
from plots.text import did_you_mean, quoted
from plots.value_text import DATE_PRECISIONS, date_precision

from .csv_files import TWO_MARKS
from .csv_headers import BYTE_ORDER_MARK
from .csv_store import CsvStore
from .tables import Table, table_from_csv
from .types import (
    Appended,
    Column,
    DatasetConflict,
    DatasetInfo,
    DatasetNotFound,
    NameTaken,
    Snapshot,
    StoreUnavailable,
    WriteRejected,
    title_from_name,
)
from .x_splits import XSplits

if TYPE_CHECKING:
    from .sources import SourceStore

T = TypeVar("T")
# The most dataset names a 404 lists (the first, sorted): a site of thousands would otherwise send
# them all in each one. The index page (/) and /api/datasets list every one.
LISTED_DATASETS = 20


def unknown_dataset(name: str, names: Sequence[str]) -> DatasetNotFound:
    """The 404 of `name`, none of the datasets `names` (sorted): the ones it looks like a typo of,
    if any, then the first LISTED_DATASETS names and how many more there are."""
    guess = did_you_mean(name, names, most=3)
    listed = ", ".join(names[:LISTED_DATASETS]) or "(none)"
    if len(names) > LISTED_DATASETS:
        listed += f" and {len(names) - LISTED_DATASETS} more; / lists them all"
    return DatasetNotFound(f"no dataset {quoted(name)}{guess}; the datasets are {listed}")


class DatabaseStore(Protocol):
    """The database part of the site's store: datasets that can be created, appended to and deleted."""

    identity: str
    def names(self) -> list[str]: ...
    def info(self, name: str) -> DatasetInfo: ...
    def version(self, name: str) -> str: ...
    def read(self, name: str, columns: Sequence[str] | None = None) -> Snapshot: ...
    def chart_rows(self, name: str, spec: ChartSpec, limits: Limits, pixels: int | None,
                   selection: Selection) -> Snapshot | None: ...
    def text_values(self, name: str, column: str) -> tuple[str, ...] | None: ...
    def head(self, name: str, rows: int) -> Snapshot | None: ...
    def x_splits(self, info: DatasetInfo, x: str, texts: Sequence[str], most: int) -> XSplits | None: ...
    def value_counts(self, info: DatasetInfo, columns: Sequence[str]) -> dict[str, int] | None: ...
    def column_cells(self, info: DatasetInfo, column: str) -> Iterable | None: ...
    def charts_rows(self, name: str, charts: Sequence[tuple[ChartSpec, Limits, int | None, Selection]]
                    ) -> tuple[DatasetInfo, list[pd.DataFrame | SpecError]] | None: ...
    def read_pieces(self, name: str, rows_per_piece: int) -> tuple[DatasetInfo, Callable[..., Iterator[pd.DataFrame]]]: ...
    def create(self, name: str, title: str, table: Table) -> DatasetInfo: ...
    def before_append(self, name: str, key: str | None = None,
                      digest: str | None = None) -> tuple[DatasetInfo, Appended | None]: ...
    def append(self, name: str, columns: Sequence[Column], rows: list[tuple], key: str | None = None,
               digest: str | None = None) -> Appended: ...
    def delete(self, name: str) -> None: ...
    def load_once(self, name: str, title: str, table_source: Callable[[], Table]) -> bool: ...
    def when_replaced(self, forget: Callable[[], None]) -> None: ...
    def close(self) -> None: ...


@functools.lru_cache(maxsize=16)
def _sample_table(path: Path, stamp: tuple[int, int]) -> Table:
    """A sample CSV parsed once per process (per file version): every new database loads it."""
    text = path.read_text(encoding="utf-8-sig")
    try:
        if text.startswith(BYTE_ORDER_MARK):
            raise WriteRejected(f"it {TWO_MARKS}")
        return table_from_csv(text)
    except WriteRejected as error:
        raise WriteRejected(f"the sample file {path} cannot be loaded: {error.message}") from None


def sample_table(path: Path) -> Table:
    """The parsed rows of a sample CSV file, checked as an upload is (one leading byte-order mark
    dropped, a second refused); raises WriteRejected naming the file."""
    stat = path.stat()
    return _sample_table(path, (stat.st_mtime_ns, stat.st_size))


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


class SiteStore:
    """Stored datasets, data-folder CSV files and source datasets behind one `Store`.

    A source dataset wins over a file of the same name, and a file over a stored dataset.
    """

    def __init__(self, database: DatabaseStore, files: CsvStore, sources: SourceStore | None = None):
        self.database = database
        self.files = files
        self.sources = sources
        # The last description read of each stored dataset, for when the database is out of reach.
        self._last_info: dict[str, DatasetInfo] = {}
        # The sample files loaded into the database, by dataset name (`load_samples`).
        self._samples: dict[str, Path] = {}

    @property
    def identity(self) -> str:
        """The database's identity (`schema.store_identity`): the files and sources are named by
        what they hold, and the database by this token."""
        return self.database.identity

    def when_replaced(self, forget: Callable[[], None]) -> None:
        """Call `forget()` when the database is found made anew under the running site (`SqlStore.when_replaced`)."""
        self.database.when_replaced(self._last_info.clear)
        self.database.when_replaced(forget)

    def load_samples(self, folder: Path) -> list[str]:
        """Load each `<name>.csv` of `folder` into the database the first time it is seen there."""
        loaded = []
        for name, path in CsvStore([folder]).paths().items():
            self._samples[name] = path
            if self.database.load_once(name, title_from_name(name), lambda p=path: sample_table(p)):
                loaded.append(name)
        return loaded

    def hidden_by_sources(self) -> dict[str, str]:
        """Per source dataset named like a data-folder file or a stored dataset (a sample's too), a
        sentence naming the dataset, its source and entry in the sources file, and what it hides:
        "dataset 'sales' is read from the source 'shop' ([datasets.sales] in sources.toml): that
        entry hides the stored dataset 'sales'". Asks the database for its names."""
        if self.sources is None:
            return {}
        stored, files = set(self.database.names()), self.files.paths()
        hidden = {}
        for name in self.sources.names():
            what = []
            if name in files:
                what.append(f"the file {files[name].name} in the data folder")
            if name in stored:
                what.append(self._stored_dataset(name))
            if what:
                path = self.sources.config.path
                entry = f"[datasets.{name}]" + (f" in {path.name}" if path is not None else "")
                hidden[name] = (f"dataset {name!r} is read from the source {self.source_of(name)!r} ({entry}): "
                                f"that entry hides {' and '.join(what)}")
        return hidden

    def hidden_by_files(self) -> dict[str, str]:
        """Per data-folder file named like a stored dataset (a sample's too), a sentence naming the file
        and the dataset it hides: "dataset 'sales' is the file sales.csv in the data folder: that file
        hides the stored dataset 'sales'". A file a source dataset hides in turn is left to
        `hidden_by_sources`, which names both. Asks the database for its names."""
        stored, sources = set(self.database.names()), set(self._source_names())
        return {name: (f"dataset {name!r} is the file {path.name} in the data folder: that file hides "
                       f"{self._stored_dataset(name)}")
                for name, path in self.files.paths().items() if name in stored and name not in sources}

    def _stored_dataset(self, name: str) -> str:
        """The stored dataset `name` in words, naming the sample file it was loaded from, if any."""
        sample = self._samples.get(name)
        return f"the stored dataset {name!r}" + (f" (loaded from the sample file {sample.name})"
                                                  if sample is not None else "")

    def names(self) -> list[str]:
        """Names of all datasets, sorted."""
        return sorted(set(self.database.names()) | set(self.files.names()) | set(self._source_names()))

    def _source_names(self) -> list[str]:
        return self.sources.names() if self.sources is not None else []

    def source_of(self, name: str) -> str | None:
        """The source a dataset is read from, or None when it is stored or a file."""
        if self.sources is None or name not in self.sources:
            return None
        return self.sources.dataset(name).source

    def _not_found(self, name: str) -> DatasetNotFound:
        return unknown_dataset(name, self.names())

    def file_path(self, name: str) -> Path | None:
        """The CSV file a dataset is read from, or None when it is kept in the database."""
        return self.files.paths().get(name)

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
        try:
            return self.database.read(name, columns)
        except DatasetNotFound:
            raise self._not_found(name) from None

    def read_pieces(self, name: str, rows_per_piece: int) -> RowPieces:
        """The dataset's description and its rows at that version, a piece of at most
        `rows_per_piece` rows at a time (`RowPieces`). Raises DatasetNotFound (and RowsOverLimit
        for a source dataset too big for one answer)."""
        if self.source_of(name) is None and self.file_path(name) is None:
            try:
                return RowPieces(*self.database.read_pieces(name, rows_per_piece))
            except DatasetNotFound:
                raise self._not_found(name) from None
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

    def _database_answer(self, name: str, ask: Callable[[], T]) -> T:
        """`ask()` of the database about dataset `name`; its DatasetNotFound as the site says it."""
        try:
            return ask()
        except DatasetNotFound:
            raise self._not_found(name) from None

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

    def text_values(self, name: str, column: str) -> tuple[str, ...]:
        """The distinct values of a text column, sorted (a source's database finds them itself)."""
        if self.source_of(name) is not None:
            return self.sources.text_values(name, column)
        if self.file_path(name) is None:
            try:
                found = self.database.text_values(name, column)
            except DatasetNotFound:
                raise self._not_found(name) from None
            if found is not None:
                return found
        frame = self.read(name, [column]).frame
        return tuple(sorted(str(v) for v in frame[column].dropna().unique()))

    def chart_rows(self, name: str, spec: ChartSpec, limits: Limits, pixels: int | None = None,
                   selection: Selection | None = None) -> Snapshot:
        """What a chart of the dataset draws, with the description it was read at, from one snapshot.

        For a stored dataset or a file: the rows `selection` chooses, in the columns the chart
        reads, which `plots.chart_frame` shapes (when the chart is drawn, in a render worker). For
        a source dataset, and a stored dataset of many rows (`stored_pushdown`): rows its database
        computed (chosen by the selection, filtered, grouped, binned, thinned to M4 for `pixels`
        pixel columns), marked so that `chart_frame` leaves them as they are, or read as they are
        for it to shape.
        """
        selection = selection or NO_SELECTION
        if self.source_of(name) is not None:
            from .source_conditions import selection_conditions

            return self.sources.chart_rows(name, spec, limits, pixels, selection_conditions(selection))
        if self.file_path(name) is None:
            try:
                computed = self.database.chart_rows(name, spec, limits, pixels, selection)
            except DatasetNotFound:
                raise self._not_found(name) from None
            if computed is not None:
                return computed
        columns = list(spec.columns())
        if selection.empty:
            return self.read(name, columns)
        # The rows are chosen before the chart shapes them, by columns the chart may not draw.
        snapshot = self.read(name, columns + [c for c in selection.columns() if c not in columns])
        return Snapshot(snapshot.info, select_rows(selection, snapshot.frame).loc[:, columns])

    def check_writable(self, name: str, instead: str,
                       source_instead: str = "change its rows in that database instead") -> None:
        """Raise DatasetConflict when `name` is a source dataset or a data-folder file; the message
        ends with `instead` (for a source, `source_instead`)."""
        source = self.source_of(name)
        if source is not None:
            raise DatasetConflict(f"dataset {name!r} is read from the source {source!r}, which the site only reads; "
                                  f"{source_instead}")
        path = self.file_path(name)
        if path is not None:
            raise DatasetConflict(f"dataset {name!r} is the file {path.name} in the data folder, which the site "
                                  f"only reads; {instead}")

    def check_name_free(self, name: str) -> None:
        """Raise DatasetConflict when a new dataset cannot take `name`, saying what would free it."""
        self._check_no_other(name)
        if name in self.database.names():
            raise NameTaken(name)

    def _check_no_other(self, name: str) -> None:
        # Deleting a source dataset or a file is refused too, so the way to free its name is another.
        self.check_writable(name, "to free the name, remove or rename the file, or choose another name",
                            "choose another name")

    def create(self, name: str, title: str, table: Table) -> DatasetInfo:
        """A new stored dataset; raises DatasetConflict when the name is taken."""
        self._check_no_other(name)  # a stored dataset's name the database refuses, in its transaction
        return self.database.create(name, title, table)

    def before_append(self, name: str, key: str | None = None,
                      digest: str | None = None) -> tuple[DatasetInfo, Appended | None]:
        """The stored dataset's description, which an append's rows are checked against, and the
        first answer of an append with `key` when this request (`digest`) is that one (None for a
        new key); raises KeyReused for another request, DatasetConflict for a file or a source's
        dataset (even while the database cannot be reached)."""
        self.check_writable(name, "add the rows to the file instead")
        try:
            return self.database.before_append(name, key, digest)
        except DatasetNotFound:
            raise self._not_found(name) from None

    def append(self, name: str, columns: Sequence[Column], rows: list[tuple], key: str | None = None,
               digest: str | None = None) -> Appended:
        """Add rows to a stored dataset in one transaction, at most once per idempotency `key` (and
        KeyReused for another request, by `digest`, with the key); raises DatasetConflict for a file."""
        self.check_writable(name, "add the rows to the file instead")
        try:
            return self.database.append(name, columns, rows, key, digest)
        except DatasetNotFound:
            raise self._not_found(name) from None

    def delete(self, name: str) -> None:
        """Remove a stored dataset; raises DatasetConflict for a file."""
        self.check_writable(name, "remove the file instead")
        try:
            self.database.delete(name)
        except DatasetNotFound:
            raise self._not_found(name) from None

    def close(self) -> None:
        """Close the databases' idle connections."""
        self.database.close()
        if self.sources is not None:
            self.sources.close()
