"""Datasets that are CSV files: every `<name>.csv` in a list of folders, read as they are, and every
`<name>.xlsx` workbook, its first visible sheet read as the CSV text an upload of it is read as, then typed
as a CSV file is (`workbook_files`); which files those are is the folders' listing's to say
(`data_folder_listing`). A last row of the totals of the rows above is left out of either, as an upload's
is, and warned of on the dataset's page (`left_out_rows`).

A file is re-read when it changes (`file_stamp`), or, read within one tick of a filesystem's clock of its
times, when its bytes do (`same_tick`); its version is a hash of its bytes, so every process gives the same
version for the same file. Its column types come from the rule an uploaded
CSV's come from (`csv_types`), read in its lenient mode (`cell_values`): a NaN or Infinity in a file is a missing value
where an upload is refused, a column of dates holding an impossible one is text, and a float of
-0.0 is 0.0, as the stores give it (`frames.unsigned_zeros`).
"""
from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from plots.sized_lru import SizedLRU

from .csv_files import read_csv_file
from .data_folder_listing import DataFolderListing, DataFolderUnreadable
from .dataset_titles import title_from_name
from .frames import frame_bytes, read_columns, unsigned_zeros
from .not_found import unknown_dataset
from .row_bytes import ROW_BYTES
from .same_tick import FileReading, FileStamp
from .types import (
    NAME_PATTERN,
    DatasetInfo,
    DatasetNotFound,
    DatasetUnreadable,
    Snapshot,
    StoreError,
)
from .workbook_files import WORKBOOK_SUFFIX, read_workbook_file
from .written_forms import Cell

# The bytes of files' rows a process keeps by default (the FRAME_CACHE_BYTES setting, which bounds the
# stored datasets' rows kept in memory too, each part apart).
FILE_FRAMES_BYTES = 256 * 1024 * 1024

# How many times the bound the rows of one file may hold and still be kept, alone, past it: the last
# file read of those (`CsvStore._over_bound`), which each read parsed again where the bound kept none.
OVER_BOUND_TIMES = 2


@dataclass(frozen=True)
class _Loaded:
    """What a file's read found of it, kept while it is listed: its rows are kept apart, within a bound of
    bytes (`CsvStore._frames`), and read again where they were dropped. `reading`, of its stamp and, where its
    times were within a tick of that read, its bytes' digest, tells a later look whether it changed since
    (`FileReading.changed`): a write in place to the same size within that tick leaves its stamp as it was."""
    reading: FileReading
    info: DatasetInfo
    too_large: dict[str, Cell]
    left_out: tuple[dict, ...] = ()


def file_bytes(name: str, reading: FileReading) -> bytes:
    """The bytes of dataset `name`'s file as `reading` reads them (once); raises DatasetUnreadable where it
    cannot be opened (a folder named like a CSV file, a file the site may not read)."""
    try:
        return reading.read_bytes()
    except OSError as error:
        raise DatasetUnreadable(f"dataset {name!r} cannot be read: its file cannot be opened "
                                f"({error.strerror or error})", reading.path) from None


class CsvStore:
    """Datasets read from `<name>.csv` files (and `<name>.xlsx` workbooks) in `folders`; a later folder's file
    wins."""

    def __init__(self, folders: Sequence[Path], max_bytes: int = FILE_FRAMES_BYTES):
        self.folders = [Path(f) for f in folders]
        self._loaded: dict[Path, _Loaded] = {}
        # Each file's rows by its path, with the stamp and version of the file they were read of (one entry a file: the
        # rows of a file read again replace its earlier ones), at most `max_bytes` of them with the counts of
        # their rows' bytes (`RowBytes.whole_bytes`), the least recently read dropped first: a description
        # and a version need none of them.
        self._frames: SizedLRU[tuple[tuple[FileStamp, str], pd.DataFrame]] = SizedLRU(max_bytes, lambda kept: frame_bytes(kept[1]))
        # The rows of the last file read whose rows are more than `max_bytes` but at most OVER_BOUND_TIMES
        # that (its path, stamp and frame), kept beside the bound's: a dashboard of one big file
        # parsed it at every chart's read. The files' rows kept stay under (1 + OVER_BOUND_TIMES) times
        # `max_bytes`, and none are kept where it is 0.
        self._over_bound: tuple[Path, tuple[FileStamp, str], pd.DataFrame] | None = None
        self._lock = threading.Lock()
        self._listing = DataFolderListing(self.folders, self._forget_unlisted)

    def paths(self) -> dict[str, Path]:
        """Dataset name -> the file it is read from (`DataFolderListing.paths`)."""
        return self._listing.paths()

    def unlisted(self) -> dict[Path, str]:
        """The folders that cannot be listed now, and why (`DataFolderListing.unlisted`)."""
        return self._listing.unlisted()

    def unreadable(self, name: str) -> DataFolderUnreadable | None:
        """The 503 of dataset `name` of a folder that cannot be listed now (`DataFolderListing.unreadable`)."""
        return self._listing.unreadable(name)

    def _forget_unlisted(self, paths: set[Path]) -> None:
        """Drop the rows read of files no longer listed (removed, or renamed away): kept, a folder of
        files rotated daily would hold every one the site ever read."""
        with self._lock:
            self._loaded = {path: loaded for path, loaded in self._loaded.items() if path in paths}
        for path in self._frames.held_keys():
            if path not in paths:
                self._frames.drop(path)
        over = self._over_bound
        if over is not None and over[0] not in paths:
            self._over_bound = None

    def names(self) -> list[str]:
        """Names of all datasets, sorted."""
        return sorted(self.paths())

    def _path(self, name: str) -> Path:
        path = self.paths().get(name) if NAME_PATTERN.fullmatch(name) else None
        if path is None:
            raise unknown_dataset(name, self.names())
        return path

    def _load(self, name: str, rows: bool = False) -> tuple[_Loaded, pd.DataFrame | None]:
        """What the file of dataset `name` holds as it is now: its description, and with `rows` its rows
        (None without), each kept from an earlier read where the file is unchanged since, else read."""
        path = self._path(name)
        now = FileReading.look(path)  # before its bytes are read: a write after the look moves its times past it
        if isinstance(now.stat_error, FileNotFoundError):
            raise DatasetNotFound(f"dataset {name!r} was removed") from None
        if now.stat_error is not None:
            raise now.stat_error
        loaded = self._loaded.get(path)
        if loaded is not None and not loaded.reading.changed(now):
            frame = self._kept_rows(path, loaded) if rows else None
            if not rows or frame is not None:
                return loaded, frame
        # Its bytes read and hashed once: compared just now where it was read within its tick, or read here.
        raw = file_bytes(name, now)
        workbook = path.suffix == WORKBOOK_SUFFIX
        try:
            columns, frame, too_large, left_out = read_workbook_file(raw) if workbook else read_csv_file(raw)
        except (ValueError, UnicodeDecodeError, pd.errors.ParserError) as error:
            # pandas' tokenizer ends its message with a line feed
            raise DatasetUnreadable(f"dataset {name!r} cannot be read as {'an Excel workbook' if workbook else 'CSV'}: "
                                    f"{str(error).rstrip()}", path) from None
        # A -0.0 read as 0.0, as both stores and both source databases give it: a dataset's rows are
        # the same wherever it lives.
        frame = unsigned_zeros(frame, [column.name for column in columns if column.type == "float"])
        info = DatasetInfo(
            name=name,
            title=title_from_name(name),
            columns=columns,
            rows=len(frame),
            version=now.digest().hex()[:12],
        )
        loaded = _Loaded(now.kept(), info, too_large, left_out)
        with self._lock:
            self._loaded[path] = loaded
        self._keep_rows(path, (now.stamp, info.version), frame)
        return loaded, frame

    def _kept_rows(self, path: Path, loaded: _Loaded) -> pd.DataFrame | None:
        """The rows kept of the file at `path` as `loaded` read it (its stamp and version: a file rewritten
        within a tick keeps its stamp), within the bound or past it; None where none are."""
        mark = (loaded.reading.stamp, loaded.info.version)
        kept = self._frames.get(path)
        if kept is not None and kept[0] == mark:
            return kept[1]
        over = self._over_bound
        return over[2] if over is not None and over[0] == path and over[1] == mark else None

    def _keep_rows(self, path: Path, mark: tuple[FileStamp, str], frame: pd.DataFrame) -> None:
        """Keep the rows just read of the file at `path` as it is at `mark` (its stamp and version): within the bound, or past it
        as the last file read of more rows than the bound (`_over_bound`) where they are at most
        OVER_BOUND_TIMES the bound. In the place of the rows of the file as it was, which no read asks
        for again: not left to the bound, which would drop other files' rows, still read, first."""
        size = ROW_BYTES.whole_bytes(frame)
        if size <= self._frames.max_bytes:
            self._frames.put(path, (mark, frame), size=size)
            over = self._over_bound
            if over is not None and over[0] == path:
                self._over_bound = None
            return
        self._frames.drop(path)
        fits = size <= OVER_BOUND_TIMES * self._frames.max_bytes
        over = self._over_bound
        if fits or (over is not None and over[0] == path):
            self._over_bound = (path, mark, frame) if fits else None

    def info(self, name: str) -> DatasetInfo:
        """The dataset's description; raises DatasetNotFound."""
        return self._load(name)[0].info

    def infos(self, names: Sequence[str] | None = None) -> dict[str, DatasetInfo | StoreError]:
        """Every dataset's description by name, sorted (or those of `names`, in their order), or the
        StoreError its file gives (one that is no CSV, or was removed since the folder was listed)."""
        infos: dict[str, DatasetInfo | StoreError] = {}
        for name in self.names() if names is None else dict.fromkeys(names):
            try:
                infos[name] = self.info(name)
            except StoreError as error:
                infos[name] = error
        return infos

    def version(self, name: str) -> str:
        """The file's version (a hash of its bytes, read again only when the file changes)."""
        return self._load(name)[0].info.version

    def read(self, name: str, columns: Sequence[str] | None = None) -> Snapshot:
        """The dataset's description and rows (only `columns`, when given) of one version of the
        file; raises DatasetNotFound, and DatasetReplaced for a column the file no longer has (`read_columns`)."""
        loaded, frame = self._load(name, rows=True)
        return Snapshot(loaded.info, frame if columns is None else read_columns(frame, loaded.info, columns))

    def first_too_large(self, name: str, version: str) -> dict[str, Cell]:
        """Each float column's first cell of a number too large for a float, which the file at
        `version` reads as missing (`read_csv_file`); none for another version."""
        loaded = self._load(name)[0]
        return dict(loaded.too_large) if loaded.info.version == version else {}

    def left_out_rows(self, name: str, version: str) -> tuple[dict, ...]:
        """The warning of the file's last row of the totals of the rows above, left out of its rows
        (`read_csv_file`), at `version`; none for another version."""
        loaded = self._load(name)[0]
        return loaded.left_out if loaded.info.version == version else ()
