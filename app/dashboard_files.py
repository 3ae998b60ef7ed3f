"""The dashboard files as the running site sees them: read and checked at start, where a bad one stops it,
then watched, so that a file edited, added or removed while the site runs is served as it is now from the
next check on, without a restart.

A check `stat`s each dashboard folder (a file added, removed or renamed changes its folder) and each file
served; a file is read again only when its modification time, size or inode changed (an editor that saves by
writing a new file and renaming it gives a new inode), or, where its times were within SAME_TICK_NS of the
moment it was read, when its bytes changed: a file rewritten in place to the same size within one tick of the
filesystem's clock keeps its times (git's "racily clean" files), so such a file's bytes are compared by their
digest at each check until its times are older than that. A request checks at most once every
DASHBOARD_CHECK_SECONDS (1 s by default; 0 checks at every request) and reads the clock alone in between:
checking at each, a site of hundreds of dashboard files stat'ed hundreds of files a request, a cached chart's
hit, the site's fastest answer, among them. A file made bad by an edit is refused for its own dashboard alone,
in the words the start would have stopped with, and logged once, while every other dashboard is served; each
process watches for itself, so each gunicorn worker notices alike."""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from time import monotonic

from plots import Limits
from plots.text import quoted
from werkzeug.exceptions import HTTPException

from .dashboard_charts import DashboardError
from .dashboards import Dashboard, folder_label, load_dashboard
from .store import Store, StoreError
from .store.same_tick import FileReading, FileStamp, path_stamp

log = logging.getLogger(__name__)

class DashboardRefused(HTTPException):
    """A 503 for a dashboard whose file was made bad while the site runs: its page, charts, report and
    polls say what is wrong in it, in the start's words, until the file is mended."""

    code = 503


def dashboard_paths(folders: Sequence[Path], warned: set[Path] | None = None,
                    unlisted: Callable[[Path, OSError], list[Path]] | None = None) -> dict[str, Path]:
    """The dashboard files of `folders`, by name: a later folder's file of the same name wins, and the file it
    replaces is not read (it is no dashboard of the site).

    A hidden file (its name starts with ".") is skipped: editors leave them beside the file being edited
    (Emacs' .#name.toml lock, macOS' ._name.toml), and none is a dashboard. So is a folder whose name ends in
    .toml (a copy of the dashboards kept aside, say) and a file ending .TOML, each named in a line once
    (`warned`: the paths named already). A folder that cannot be listed raises DashboardError, or, with
    `unlisted`, is taken as holding what that gives."""
    warned = set() if warned is None else warned
    files: dict[str, Path] = {}
    for folder in folders:
        try:
            paths = sorted(Path(folder).iterdir())
        except OSError as error:
            if unlisted is None:
                raise DashboardError(f"{folder_label(folder)}: the folder cannot be read "
                                     f"({error.strerror or error}); let the site's user read it") from None
            paths = unlisted(Path(folder), error)
        for path in paths:
            if path.name.startswith(".") or path.suffix.lower() != ".toml":
                continue
            if path.is_dir():
                if path not in warned:
                    log.warning("%s in a dashboard folder is not read: it is a folder, and only files are "
                                "dashboards", path)
                    warned.add(path)
                continue
            if path.suffix != ".toml":
                # x.TOML is read on a system whose file names ignore case and not on another: read
                # nowhere, and said so, a dashboard looks the same wherever the site runs.
                if path not in warned:
                    log.warning("dashboard file %s is not read: only names ending in .toml, in lower case, are; "
                                "rename it %s to serve it", path, path.stem + ".toml")
                    warned.add(path)
                continue
            files[path.stem] = path
    return files


def load_dashboards(folders: Sequence[Path], store: Store, limits: Limits,
                    hidden: Mapping[str, str] | None = None) -> dict[str, Dashboard]:
    """Every dashboard in `folders`, by name (`dashboard_paths`); raises DashboardError for the first bad
    one. `hidden` as for `load_dashboard`."""
    return {name: load_dashboard(path, store, limits, hidden)
            for name, path in sorted(dashboard_paths(folders).items())}


def seen_within(seconds: float) -> str:
    """When a dashboard file's edit is served, checked every `seconds`: "at once", "within a second"."""
    if seconds <= 0:
        return "at once"
    return "within a second" if seconds == 1 else f"within {seconds:g} seconds"


class DashboardFiles:
    """The dashboards of `folders` as their files are now: `dashboards` (by name) and `refused` (the words
    saying what is wrong in each file made bad since the start, by name). `start` reads them all; `check`,
    at a request, reads again what changed since, at most once every `check_seconds` (0: at each request)."""

    def __init__(self, folders: Iterable[Path], store: Store, limits: Limits,
                 hidden: Mapping[str, str] | None = None, check_seconds: float = 0.0) -> None:
        self.folders = [Path(folder) for folder in folders]
        self.store, self.limits, self.hidden = store, limits, dict(hidden or {})
        self.check_seconds = check_seconds
        self._next_check = 0.0  # the monotonic clock's time before which a request checks nothing
        self.dashboards: dict[str, Dashboard] = {}
        self.refused: dict[str, str] = {}
        self._folder_stamps: dict[Path, FileStamp | None] = {}
        self._paths: dict[str, Path] = {}  # the file each dashboard is read from
        # Each file as it was last read: its stamp, and its bytes' digest where that was within a tick of its times.
        self._readings: dict[Path, FileReading] = {}
        # Those of them whose bytes each check compares (read within SAME_TICK_NS of their times).
        self._racy: dict[Path, FileReading] = {}
        self._warned: set[Path] = set()
        self._unlisted: set[Path] = set()  # the folders that could not be listed when last asked
        self._waiting: set[Path] = set()  # the files changed whose datasets the database could not describe
        # Per file, the look at it whose content's warnings were logged, and those warnings: the same content
        # tried again (while the database cannot describe its datasets) logs none of them again.
        self._logged: dict[Path, tuple[FileReading, set[str]]] = {}
        # Each folder's and each file's path as text, with its stamp: what a request's check compares.
        self._watched: tuple[tuple[str, FileStamp | None], ...] = ()
        self._lock = threading.Lock()

    def start(self) -> dict[str, Dashboard]:
        """Read every dashboard file; raises DashboardError for the first bad one, which stops the start."""
        self._folder_stamps = {folder: path_stamp(folder) for folder in self.folders}
        self._paths = dict(sorted(dashboard_paths(self.folders, self._warned).items()))
        for name, path in self._paths.items():
            # Looked at before it is read, its bytes' digest too: an edit made as it is read is read again at the
            # next check.
            now = FileReading.look(path)
            self._readings[path] = reading = now.kept()
            if reading.compared is not None:
                self._racy[path] = reading
            self.dashboards[name] = self._load(path, now)
        self._watch()
        self._next_check = monotonic() + self.check_seconds
        return self.dashboards

    def check(self, changed: Callable[[], None] = lambda: None) -> bool:
        """Read again the files changed, added or removed since they were last read, then call `changed`;
        whether any was. A `stat` of each folder and file when none was (and a read of the files read within
        a tick of their times, `FileReading.changed`), and nothing at all (the clock read) within `check_seconds`
        of the last check."""
        now = monotonic()
        if now < self._next_check:
            return False
        # Set before the stats: the requests of the same moment in other threads go on unchecked.
        self._next_check = now + self.check_seconds
        if not self._stale() and not self._racy:
            return False
        # One thread reads them again, and calls `changed` before another that waited finds them read.
        with self._lock:
            if not self._stale() and not self._racy_edited():
                return False
            self._read_again()
            changed()
            return True

    def _stale(self) -> bool:
        return any(path_stamp(path) != stamp for path, stamp in self._watched)

    def _racy_edited(self) -> bool:
        """Whether a file read within a tick of its times holds other bytes now. Those that hold the same,
        whose times are now older than a tick, are compared no more: a write now would move them on."""
        for reading in self._racy.values():
            if reading.changed(FileReading.look(reading.path)):
                return True
        self._racy = {path: reading for path, reading in self._racy.items() if reading.compared is not None}
        return False

    def _watch(self) -> None:
        """Note what `_stale` compares: the folders' stamps, then the files' as they were read."""
        self._watched = (*((str(folder), stamp) for folder, stamp in self._folder_stamps.items()),
                         *((str(path), self._readings[path].stamp) for path in self._paths.values()))

    def _read_again(self) -> None:
        self._folder_stamps = {folder: path_stamp(folder) for folder in self.folders}
        unlisted: set[Path] = set()
        paths = dict(sorted(dashboard_paths(self.folders, self._warned,
                                            lambda folder, error: self._not_listed(folder, error, unlisted)).items()))
        self._unlisted = unlisted
        dashboards: dict[str, Dashboard] = {}
        refused: dict[str, str] = {}
        readings: dict[Path, FileReading] = {}
        for name, path in paths.items():
            now = FileReading.look(path)
            reading = self._readings.get(path) if path == self._paths.get(name) else None
            if reading is not None and not reading.changed(now):  # else edited, or rewritten within its tick
                found: Dashboard | str | None = self.dashboards.get(name) or self.refused.get(name)
            else:
                # Kept before it is read, its digest too (where one was just compared, of these bytes).
                reading = now.kept()
                found, read = self._read(name, path, now)
                if not read:  # read again at the next check (a new file's stamp none, as it was never read)
                    reading = self._readings.get(path) or FileReading(path, now.moment, None)
            readings[path] = reading
            if isinstance(found, Dashboard):
                dashboards[name] = found
            elif found is not None:
                refused[name] = found
        for name in self._paths.keys() - paths.keys():
            log.info("dashboard file %s was removed: /d/%s is a 404 from now on", self._paths[name], name)
        # New mappings, not the old ones changed: a request's thread may be reading those.
        self._paths, self._readings, self.dashboards, self.refused = paths, readings, dashboards, refused
        self._racy = {path: reading for path, reading in readings.items() if reading.compared is not None}
        self._logged = {path: logged for path, logged in self._logged.items() if path in readings}
        self._watch()

    def _load(self, path: Path, now: FileReading) -> Dashboard:
        """`load_dashboard` of `path`, looked at as `now`, its warnings logged once per content of the file: not
        again as the same content is read again, where the database could not describe its datasets before."""
        kept = self._logged.get(path)
        if kept is None or kept[0].changed(now):
            kept = self._logged[path] = (now.kept(), set())
        return load_dashboard(path, self.store, self.limits, self.hidden, logged=kept[1])

    def _read(self, name: str, path: Path, now: FileReading) -> tuple[Dashboard | str | None, bool]:
        """The dashboard `path` holds now (looked at as `now`), or the words saying why it is refused; then
        whether it was read. What it was, not read, where the dataset database cannot describe its datasets now."""
        try:
            board = self._load(path, now)
            self._waiting.discard(path)
        except DashboardError as error:
            self._waiting.discard(path)
            if self.refused.get(name) != str(error):
                log.warning("dashboard file %s is refused: %s; /d/%s answers 503 saying so until the file is mended, "
                            "and the other dashboards are served", path, error, name)
            return str(error), True
        except StoreError as error:
            if path not in self._waiting:  # said once: each check tries again, as the outage is logged itself
                log.warning("dashboard file %s changed, and cannot be read again now: %s; it is served as it was "
                            "until it can", path, error.message)
                self._waiting.add(path)
            return self.dashboards.get(name) or self.refused.get(name), False
        except Exception:  # noqa: BLE001  (a failure of the site's own: this dashboard alone is refused)
            log.exception("dashboard file %s could not be read again", path)
            return f"{path.name}: the file could not be read; the failure was logged", True
        if name in self.refused:
            log.warning("dashboard file %s is read again and served: it is mended", path)
        else:
            log.info("dashboard file %s is read again", path)
        return board, True

    def _not_listed(self, folder: Path, error: OSError, unlisted: set[Path]) -> list[Path]:
        """What a dashboard folder that cannot be listed now holds for the site: nothing, said once while
        it cannot (`unlisted`: the folders that could not be listed this time)."""
        if folder not in self._unlisted:
            log.warning("dashboard folder %s cannot be read (%s): its dashboards are 404s until it can",
                        folder_label(folder), error.strerror or error)
        unlisted.add(folder)
        return []


def refused_dashboard(name: str, words: str) -> DashboardRefused:
    """The 503 of dashboard `name`, whose file was made bad while the site runs, saying what is wrong in it
    (`words`, as the start would have said it)."""
    return DashboardRefused(f"dashboard {quoted(name)} cannot be shown: its file was changed and is refused: "
                            f"{words}; it is shown again as soon as the file is mended, with no restart")


def watching_dashboard_files(wsgi_app: Callable, files: DashboardFiles, changed: Callable[[], None]) -> Callable:
    """WSGI middleware that reads the dashboard files changed since the last check again before it hands
    the request on (`DashboardFiles.check`, at most once every DASHBOARD_CHECK_SECONDS), then calls `changed`
    (which forgets the routes of cached charts answered ahead of Flask: a chart's may be drawn otherwise now)."""

    def checked(environ: dict, start_response: Callable) -> Iterable[bytes]:
        files.check(changed)
        return wsgi_app(environ, start_response)

    return checked
