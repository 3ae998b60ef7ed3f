"""The site's store, built from a database URL: the one place that names a backend class."""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from .csv_store import CsvStore
from .site_store import SiteStore
from .sqlite_store import SqliteStore

SCHEMES = ("sqlite:///",)


class StoreConfigError(ValueError):
    """A database URL the site cannot use; the message says which forms are allowed."""


def sqlite_url(path: Path) -> str:
    """The database URL of an SQLite file."""
    return f"sqlite:///{Path(path).resolve()}"


def open_store(database_url: str, data_dirs: Sequence[Path], busy_timeout: float = 5.0,
               frame_cache_bytes: int = 256 * 1024 * 1024) -> SiteStore:
    """The datasets of `database_url` plus the `<name>.csv` files of `data_dirs`; raises StoreConfigError."""
    if database_url.startswith("sqlite:///") and len(database_url) > len("sqlite:///"):
        database = SqliteStore(Path(database_url[len("sqlite:///"):]), busy_timeout, frame_cache_bytes)
    else:
        scheme = database_url.partition(":")[0] or "(none)"
        raise StoreConfigError(f"the database URL must start with {' or '.join(SCHEMES)}; got the scheme {scheme!r}")
    return SiteStore(database, CsvStore(list(data_dirs)))
