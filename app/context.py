"""The running site's parts (store, dashboards, render cache, limits), its clock and its memos."""
from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

from flask import Flask, current_app
from werkzeug.exceptions import NotFound

from plots import Limits
from plots.sized_lru import held_bytes
from plots.text import quoted
from plots.timerange import utc_now

from .cache import RenderCache, SizedLRU
from .dashboard_files import refused_dashboard, seen_within
from .dashboards import Dashboard
from .renderpool import RenderPool
from .store import Store
from .store.not_found import not_found_words

T = TypeVar("T")


@dataclass
class Site:
    """What every request reads: the dataset store, the dashboards, the render cache, the limits."""

    store: Store
    dashboards: dict[str, Dashboard]
    cache: RenderCache
    limits: Limits
    # None renders in the request's own thread (only for tools that need no limits).
    pool: RenderPool | None = None
    # The dashboard folders read, as the server's log names them (`folder_label`): a page says how many
    # there are, never where, which is the server's business.
    dashboard_folders: tuple[str, ...] = ()
    # What a chart URL's `v` carries besides the data version: a digest of the store's identity and
    # the drawing code (`views.chart_versions.image_version`).
    url_digest: str = ""
    # What is wrong in each dashboard file made bad while the site runs, by dashboard (`dashboard_files`).
    refused_dashboards: dict[str, str] = field(default_factory=dict)
    # How often a request checks the dashboard files for edits (DASHBOARD_CHECK_SECONDS).
    dashboard_check_seconds: float = 0.0

    def dashboard(self, name: str) -> Dashboard:
        """The dashboard of that name; raises NotFound naming those it looks like a typo of, then the
        first dashboards, and DashboardRefused (503) where its file was made bad while the site runs."""
        dashboard = self.dashboards.get(name)
        if dashboard is None:
            refused = self.refused_dashboards.get(name)
            if refused is not None:
                raise refused_dashboard(name, refused)
            words = not_found_words(name, list(self.dashboards), "the dashboards", "/ lists them all")
            if not self.dashboard_folders:
                raise NotFound(f"no dashboard {quoted(name)}{words} ({NO_DASHBOARD_FOLDER})")
            folders = dashboard_folder_words(self.dashboard_folders)
            raise NotFound(f"no dashboard {quoted(name)}{words} (a dashboard file added to {folders} is served "
                           f"{seen_within(self.dashboard_check_seconds)}, with no restart)")
        return dashboard


# What a page says where DASHBOARD_DIRS names no folder: no file anywhere is read as a dashboard.
NO_DASHBOARD_FOLDER = "the site's settings name no dashboard folder (DASHBOARD_DIRS is empty), so it serves none"


def dashboard_folder_words(folders: Sequence[str]) -> str:
    """How a page names the site's dashboard `folders`, "the site's dashboard folder" (or "one of the site's
    dashboard folders"): by no path, which anyone may read there (the server's log names them)."""
    return "one of the site's dashboard folders" if len(folders) > 1 else "the site's dashboard folder"


def current_site() -> Site:
    """The Site of the running app."""
    return current_app.extensions["svgplots"]


def clock_now() -> datetime:
    """Now as naive UTC, from the app's clock: the CLOCK setting (a function, for tests) or the system's."""
    clock = current_app.config.get("CLOCK") or utc_now
    return clock()


# What names the app's memos among its extensions (`memo`).
MEMO_PREFIX = "svgplots.memo."


def one_entry(value: Any) -> int:
    """What a memo entry counts against a memo bounded by its number of entries: one."""
    return 1


def memo(name: str, most: int, size_of: Callable[[Any], int] = one_entry,
         key_size: Callable[[Hashable], int] | None = None) -> SizedLRU:
    """The running app's memo of that name: what is kept of the store between requests, by dataset
    and version, forgotten with the rest when the store is made anew under the site (`forget_store`).

    It holds entries whose `size_of` (with their keys' `key_size`, where given) add up to at most
    `most` (by default at most `most` entries), the least recently used dropped first: one entry
    past the bound drops one, not all. The first call names the bound; the memo takes None for
    "not there yet".
    """
    memos = current_app.extensions
    kept = memos.get(MEMO_PREFIX + name)
    if kept is None:
        kept = memos.setdefault(MEMO_PREFIX + name, SizedLRU(most, size_of, key_size))
    return kept


def bytes_memo(name: str, max_bytes: int) -> SizedLRU:
    """`memo` of that name holding at most `max_bytes` of keys and values alike, as `held_bytes`
    counts them."""
    return memo(name, max_bytes, held_bytes, held_bytes)


def forget_store(app: Flask, url_digest: str) -> None:
    """Forget everything the app kept of its store, which was made anew under it (a database dropped
    and made again, its versions counted from the start): drawn charts and their routes, memos. Its
    chart URLs' `v` carry `url_digest`, of the new store, from now on."""
    site = app.extensions["svgplots"]
    site.url_digest = url_digest
    site.cache.clear()  # the charts stopped at a limit too
    fast = app.extensions.get("svgplots.fasthits")
    if fast is not None:
        fast.forget()
    for name in list(app.extensions):
        if name.startswith(MEMO_PREFIX):
            # A new memo, not the old one emptied: a request that took the old one before the store
            # was replaced fills that one, which no later request reads.
            old = app.extensions[name]
            app.extensions[name] = SizedLRU(old.max_bytes, old.size_of, old.key_size)


def remembered(memo: SizedLRU[T], key: Hashable, make: Callable[[], T]) -> T:
    """`memo.get(key)`, made by `make` and kept when it is not there yet (`memo` bounds what it keeps)."""
    value = memo.get(key)
    if value is None:
        value = make()
        memo.put(key, value)
    return value
