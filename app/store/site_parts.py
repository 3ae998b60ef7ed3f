"""The parts of the site's store and which one holds a dataset: the database, the CSV files of the
data folder and the source datasets, a source dataset hiding a file of the same name and a file a
stored dataset; the sample files loaded into the database, and the 404 of a name none holds.
"""
from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeVar

import pandas as pd

from plots import ChartSpec, Limits, SpecError
from plots.selection import Selection

from .chosen_rows import CHOSEN_ROWS_BYTES, ChosenRows
from .csv_store import CsvStore
from .dataset_titles import title_from_name
from .file_text import NotUtf8, utf8_text
from .kept_chart_rows import KeptChartRows
from .not_found import unknown_dataset
from .workbook_files import WORKBOOK_SUFFIX
from .workbooks import FIRST_SHEET, sheet_text
from .same_tick import FileStamp, file_stamp
from .tables import Table, table_from_csv
from .upload_limits import DEFAULT_UPLOAD_LIMITS
from .types import (Appended, Column, DatasetInfo, DatasetNotFound, Precondition, Snapshot, StoreError,
                    WriteRejected)
from .x_splits import XSplits

if TYPE_CHECKING:
    from .sources import SourceStore

log = logging.getLogger(__name__)
T = TypeVar("T")
# The bytes of stored datasets' chart rows a process keeps (`KeptChartRows`) by default (the
# BIG_DATASET_CACHE_BYTES setting), and how long a request waits for rows another is reading: a query
# ends well within it, then the request reads them itself.
KEPT_CHART_BYTES = 32 * 1024 * 1024
# The bytes of source datasets' chart rows a process keeps (`SourceTransactions`) by default (the
# SOURCE_CHART_CACHE_BYTES setting).
SOURCE_CHART_BYTES = 32 * 1024 * 1024
KEPT_CHART_WAIT = 60.0
# A sample workbook is read as an upload's first visible sheet is, and told, once mended, to be saved again there.
SAMPLE_READING = replace(FIRST_SHEET, folder="the samples folder")


class DatabaseStore(Protocol):
    """The database part of the site's store: datasets that can be created, appended to and deleted."""

    identity: str
    def names(self) -> list[str]: ...
    def info(self, name: str) -> DatasetInfo: ...
    def infos(self, names: Sequence[str] | None = None) -> dict[str, DatasetInfo]: ...
    def computes_charts(self, info: DatasetInfo) -> bool: ...
    def version(self, name: str) -> str: ...
    def read(self, name: str, columns: Sequence[str] | None = None) -> Snapshot: ...
    def small_read(self, known: DatasetInfo, columns: Sequence[str] | None = None) -> Snapshot | None: ...
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
               digest: str | None = None, precondition: Precondition | None = None) -> Appended: ...
    def delete(self, name: str, precondition: Precondition | None = None) -> None: ...
    def load_once(self, name: str, title: str, table_source: Callable[[], Table]) -> bool: ...
    def when_replaced(self, forget: Callable[[], None]) -> None: ...
    def left_out_rows(self, info: DatasetInfo) -> tuple[dict, ...]:
        """The warning of a data-folder file's last row of the totals of the rows above, left out of its
        rows as an upload's is (`CsvStore.left_out_rows`); none for any other dataset."""
        if self.source_of(info.name) is not None or self.file_path(info.name) is None:
            return ()
        return self.files.left_out_rows(info.name, info.version)

    def answer(self) -> None: ...
    def close(self) -> None: ...


# What a samples-folder CSV that is not UTF-8 may be replaced by, as a data-folder file is told.
SAMPLE_WORKBOOK_INSTEAD = "put the Excel workbook (.xlsx) itself in the samples folder in the CSV's place"


@functools.lru_cache(maxsize=16)
def _sample_table(path: Path, stamp: FileStamp) -> Table:
    """A sample file parsed once per process (per file version): every new database loads it."""
    refused = f"the sample file {path} cannot be loaded:"
    raw = path.read_bytes()
    if path.suffix == WORKBOOK_SUFFIX:
        # Its first visible sheet as the CSV text an upload of it is read as, refused in an upload's words.
        try:
            sheet = sheet_text(raw, "it", SAMPLE_READING, DEFAULT_UPLOAD_LIMITS)
            return table_from_csv(sheet.text, DEFAULT_UPLOAD_LIMITS, sheet.place)
        except WriteRejected as error:
            raise WriteRejected(f"{refused} {error.message}") from None
    try:
        text = utf8_text(raw)
    except NotUtf8 as error:
        raise WriteRejected(f"{refused} it {error.csv_advice(SAMPLE_WORKBOOK_INSTEAD)}") from None
    except ValueError as error:
        raise WriteRejected(f"{refused} it {error}") from None
    try:
        return table_from_csv(text)
    except WriteRejected as error:
        raise WriteRejected(f"{refused} {error.message}") from None


def sample_table(path: Path) -> Table:
    """The parsed rows of a sample file, checked as an upload is: a CSV's UTF-8 text (one leading
    byte-order mark dropped, a second refused), a workbook's (`.xlsx`) first visible sheet; raises
    WriteRejected naming the file."""
    return _sample_table(path, file_stamp(path.stat()))


class SiteParts:
    """The database, the data folder's files and the sources behind the site's store, and which holds a dataset."""

    def __init__(self, database: DatabaseStore, files: CsvStore, sources: SourceStore | None = None,
                 kept_chart_bytes: int = KEPT_CHART_BYTES, chosen_rows_bytes: int = CHOSEN_ROWS_BYTES):
        self.database = database
        self.files = files
        self.sources = sources
        # The last description read of each stored dataset, for when the database is out of reach; its
        # version is the one its charts' kept rows are looked up at (`ChartReads.chart_rows`).
        self._last_info: dict[str, DatasetInfo] = {}
        # The rows of stored datasets' charts the database computed, from a page's words to its image's request.
        self._kept_charts = KeptChartRows(kept_chart_bytes, KEPT_CHART_WAIT)
        # The rows a selection chose of a dataset held in memory, shared by its charts (`ChartReads.chart_rows`).
        self._chosen = ChosenRows(chosen_rows_bytes)
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
        self.database.when_replaced(self._kept_charts.clear)
        self.database.when_replaced(self._chosen.clear)
        self.database.when_replaced(forget)

    def load_samples(self, folder: Path) -> list[str]:
        """Load each `<name>.csv` (and `<name>.xlsx`) of `folder` into the database the first time it is seen
        there, read as an upload is (`sample_table`): a last row of the totals of the rows above is left out,
        and a line says so."""
        loaded = []
        for name, path in CsvStore([folder]).paths().items():
            self._samples[name] = path
            if self.database.load_once(name, title_from_name(name), lambda p=path: sample_table(p)):
                loaded.append(name)
                for warning in sample_table(path).left_out:
                    log.warning("the sample file %s, loaded as dataset %r: %s", path, name, warning["message"])
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

    def source_backend(self, name: str) -> str | None:
        """The kind of database a source dataset is read from ('sqlite', 'postgresql'), or None when it
        is stored or a file."""
        source = self.source_of(name)
        return None if source is None else self.sources.config.sources[source].backend

    def _not_found(self, name: str) -> StoreError:
        """The 404 of a name none holds; a 503 saying why for one a data folder that cannot be listed
        now held (`CsvStore.unreadable`)."""
        return self.files.unreadable(name) or unknown_dataset(name, self.names())

    def _database_answer(self, name: str, ask: Callable[[], T]) -> T:
        """`ask()` of the database about dataset `name`; its DatasetNotFound as the site says it."""
        try:
            return ask()
        except DatasetNotFound:
            raise self._not_found(name) from None

    def computed_by_database(self, info: DatasetInfo) -> bool:
        """Whether a chart of the dataset is computed by a database, which may take a while: a
        source's, or a stored one of more than `pushdown_above_rows` rows (`stored_pushdown`)."""
        if info.source is not None:
            return True
        return info.writable and self.database.computes_charts(info)

    def file_path(self, name: str) -> Path | None:
        """The CSV file a dataset is read from, or None when it is kept in the database."""
        return self.files.paths().get(name)

    def left_out_rows(self, info: DatasetInfo) -> tuple[dict, ...]:
        """The warning of a data-folder file's last row of the totals of the rows above, left out of its
        rows as an upload's is (`CsvStore.left_out_rows`); none for any other dataset."""
        if self.source_of(info.name) is not None or self.file_path(info.name) is None:
            return ()
        return self.files.left_out_rows(info.name, info.version)

    def answer(self) -> None:
        """Ask the dataset database the least question there is (never a source's); raises
        StoreUnavailable or StoreBusy when it cannot answer."""
        self.database.answer()

    def close(self) -> None:
        """Close the databases' idle connections."""
        self.database.close()
        if self.sources is not None:
            self.sources.close()
