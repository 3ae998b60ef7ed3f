"""The data folders listed: which of their files are datasets, by name (`<name>.csv` files and `<name>.xlsx`
workbooks), listed again only when a folder or a link in one changes; the files that are no datasets named in
a line once, and the datasets of a folder that cannot be listed now told by a 503 naming why."""
from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from plots.text import quoted

from .types import NAME_PATTERN, NAME_RULE, StoreUnavailable
from .workbook_files import WORKBOOK_SUFFIX

log = logging.getLogger(__name__)


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


class DataFolderListing:
    """The datasets of `folders` by name, a later folder's file winning; `forget` is given the files each new
    listing finds, so that what was read of the others is dropped."""

    def __init__(self, folders: Sequence[Path], forget: Callable[[set[Path]], None]):
        self.folders = list(folders)
        self._forget = forget
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
        self._forget(set(found.values()))
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
