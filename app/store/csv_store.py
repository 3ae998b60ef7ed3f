"""Datasets that are CSV files: every `<name>.csv` in a list of folders, read as they are, and every
`<name>.xlsx` workbook, its first sheet read as the CSV its upload would be read as (`workbook_files`).

A file is re-read when it changes (`file_stamp`), or, read within one tick of a filesystem's clock of its
times, when its bytes do (`same_tick`); its version is a hash of its bytes, so every process gives the same
version for the same file. Its column types come from the rule an uploaded
CSV's come from (`csv_types`), read in its lenient mode (`cell_values`): a NaN or Infinity in a file is a missing value
where an upload is refused, a column of dates holding an impossible one is text, and a float of
-0.0 is 0.0, as the stores give it (`frames.unsigned_zeros`).
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from plots.sized_lru import SizedLRU
from plots.text import quoted

from .csv_files import read_csv_file
from .dataset_titles import title_from_name
from .frames import frame_bytes, read_columns, unsigned_zeros
from .not_found import unknown_dataset
from .row_bytes import ROW_BYTES
from .same_tick import FileReading, FileStamp
from .types import (
    NAME_PATTERN,
    NAME_RULE,
    DatasetInfo,
    DatasetNotFound,
    DatasetUnreadable,
    Snapshot,
    StoreError,
    StoreUnavailable,
)
from .workbook_files import WORKBOOK_SUFFIX, read_workbook_file
from .written_forms import Cell


log = logging.getLogger(__name__)

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


def file_bytes(name: str, reading: FileReading) -> bytes:
    """The bytes of dataset `name`'s file as `reading` reads them (once); raises DatasetUnreadable where it
    cannot be opened (a folder named like a CSV file, a file the site may not read)."""
    try:
        return reading.read_bytes()
    except OSError as error:
        raise DatasetUnreadable(f"dataset {name!r} cannot be read: its file cannot be opened "
                                f"({error.strerror or error})", reading.path) from None


def _shown(path: Path) -> str:
    """A path as a log line names it: on one line, as it is unless it holds a character that does not
    print (a line break), then quoted with it escaped."""
    return str(path) if str(path).isprintable() else quoted(str(path))


def _not_read(path: Path, why: str) -> str:
    """The line naming a data-folder file that is no dataset, and why."""
    return f"{_shown(path)} in the data folder is not read: {why}"


class DataFolderUnreadable(StoreUnavailable):
    """A dataset whose data folder, listed before, cannot be listed now: not there (moved, removed, its
    disk unmounted) or not readable by the site. Its 503 says so where a 404 would call the dataset
    unknown; no Retry-After, as whoever runs the site must mend it. The other datasets are unaffected."""

    def __init__(self, name: str, why: str):
        super().__init__(f"dataset {name!r} cannot be read now: the data folder holding its file {why}; "
                         "nothing was changed, and it is read again once the folder can be: whoever runs the site "
                         "must see to it", retry_after=None)


@dataclass(frozen=True)
class _Listing:
    """The datasets the folders held when their stamps were `stamp`, whether each link among their
    files then pointed at a file, and why each dataset of a folder listed before that cannot be
    listed now is not read (`lost`)."""
    stamp: tuple
    found: dict[str, Path]
    links: tuple[tuple[Path, bool], ...]
    lost: dict[str, str]


def _folder_stamp(folder: Path) -> tuple[int, int] | None:
    """The folder's modification and change times: the one changes when a file is added, removed or
    renamed, the other when its permissions do too. None where it cannot be looked at (not there)."""
    try:
        stat = folder.stat()
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_ctime_ns


def _unlisted_why(error: OSError) -> str:
    """Why a folder cannot be listed, as the 503 of its datasets says it after "the data folder holding its file"."""
    if isinstance(error, (FileNotFoundError, NotADirectoryError)):
        return "is not there (moved, removed, or its disk unmounted)"
    return f"cannot be read ({error.strerror or error})"


# The suffixes of the files that are datasets, a CSV file's first: of two files of one name in a folder, it is read.
SUFFIXES = (".csv", WORKBOOK_SUFFIX)
# How Excel names the lock file of a workbook open in it (`~$sales.xlsx`): no file of the user's.
EXCEL_LOCK = "~$"


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
        self._listing: _Listing | None = None
        # The lines the last listing said of files that are no datasets (`_list_paths`).
        self._said: set[str] = set()
        # The datasets each folder held at its last listing: those of a folder that cannot be listed
        # since answer 503 saying why, not 404 (`_Listing.lost`).
        self._held: dict[Path, tuple[str, ...]] = {}
        # The folders the last listing could not list, and why.
        self._lost_folders: dict[Path, str] = {}

    def paths(self) -> dict[str, Path]:
        """Dataset name -> the file it is read from (listed again only when a folder changes, or a
        link in one comes to point at a file or stops doing so: neither changes the folder)."""
        stamp = tuple(_folder_stamp(folder) for folder in self.folders)
        cached = self._listing
        if cached is not None and cached.stamp == stamp and all(
                link.is_file() == was_file for link, was_file in cached.links):
            return cached.found
        listing = self._list_paths(stamp)
        self._listing = listing
        return listing.found

    def _list_paths(self, stamp: tuple) -> _Listing:
        """Dataset name -> file, of the files (or links to files) named `<name>.csv` in the folders.

        A folder named like a CSV file, or a link to nothing (a file moved away), is no dataset: listed,
        the one would be a 422 and the other a dataset "removed" that a page of it called unknown. Nor
        is a file whose name is no dataset name, or ends `.CSV`. A line names each the first time a
        listing finds it (at start, and when the folder or a link changes), not at every listing: the
        store's own SQLite files change the folder too."""
        found: dict[str, Path] = {}
        links: list[tuple[Path, bool]] = []
        said: set[str] = set()
        lost: dict[str, str] = {}
        lost_folders: dict[Path, str] = {}
        for folder in self.folders:
            try:
                entries = sorted(folder.iterdir())
            except OSError as error:
                held = self._held.get(folder)
                if held is None and isinstance(error, (FileNotFoundError, NotADirectoryError)):
                    continue  # never listed: a folder of no datasets, as it always was
                why = _unlisted_why(error)
                lost.update(dict.fromkeys(held or (), why))
                lost_folders[folder] = why
                named = ", ".join(repr(name) for name in held) if held else "none"
                said.add(f"the data folder {_shown(folder)} {why}: the datasets it held ({named}) answer 503 "
                         "saying so until it can be listed again")
                continue
            if folder in self._lost_folders:
                log.warning("the data folder %s is listed again", _shown(folder))
            self._held[folder] = tuple(self._list_folder(entries, found, links, said))
        for line in sorted(said - self._said):
            log.warning("%s", line)
        self._said = said  # one mended, then broken again, is named again
        self._lost_folders = lost_folders
        self._forget_unlisted(set(found.values()))
        return _Listing(stamp, found, tuple(links), {name: why for name, why in lost.items() if name not in found})

    @staticmethod
    def _list_folder(entries: Sequence[Path], found: dict[str, Path], links: list[tuple[Path, bool]],
                     said: set[str]) -> list[str]:
        """The datasets of one folder's `entries`, put in `found` (over an earlier folder's of the same
        name), its links in `links` and the lines naming its files that are no datasets in `said`."""
        names: dict[str, Path] = {}
        for path in sorted(entries, key=lambda entry: (entry.stem, entry.suffix.lower() != ".csv", entry.name)):
            # hidden: an editor's or a copy's file, not the user's
            if path.name.startswith((".", EXCEL_LOCK)) or path.suffix.lower() not in SUFFIXES:
                continue
            if not NAME_PATTERN.fullmatch(path.stem):
                said.add(_not_read(path, f"{quoted(path.stem)} is no dataset name ({NAME_RULE}); rename "
                                         "the file to be read"))
                continue
            if path.suffix not in SUFFIXES:
                said.add(_not_read(path, f"only files ending .csv or .xlsx are datasets; rename it "
                                         f"{path.stem}{path.suffix.lower()} to be read"))
                continue
            is_file = path.is_file()  # follows a link: a link to a file is that file
            if path.is_symlink():
                links.append((path, is_file))
            if is_file and path.stem in names:
                said.add(_not_read(path, f"{_shown(names[path.stem])} names the same dataset, {path.stem!r}, and "
                                         "is read; remove or rename one of them"))
            elif is_file:
                found[path.stem] = path
                names[path.stem] = path
            else:
                said.add(_not_read(path, f"it is {'a folder' if path.is_dir() else 'a link to nothing'}, "
                                         "and only files are datasets"))
        return list(names)

    def unlisted(self) -> dict[Path, str]:
        """The folders that cannot be listed now (but for one not there that never was), and why, in the
        words of `_unlisted_why`: a start stops on one, where a folder lost later is told by its datasets."""
        self.paths()
        return dict(self._lost_folders)

    def unreadable(self, name: str) -> DataFolderUnreadable | None:
        """The 503 of dataset `name`, which no folder lists now but one that cannot be listed since held
        at its last listing; None for a name of no such folder."""
        self.paths()
        why = self._listing.lost.get(name) if self._listing is not None else None
        return DataFolderUnreadable(name, why) if why is not None else None

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
            columns, frame, too_large = read_workbook_file(raw) if workbook else read_csv_file(raw)
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
        loaded = _Loaded(now.kept(), info, too_large)
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
