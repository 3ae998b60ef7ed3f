"""The site's store, built from a database URL: the one place that names a backend class."""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from .csv_store import CsvStore
from .site_store import SiteStore


class StoreConfigError(ValueError):
    """A database URL the site cannot use; the message says which forms are allowed (never the URL)."""


def sqlite_url(path: Path) -> str:
    """The database URL of an SQLite file."""
    return f"sqlite:///{Path(path).resolve()}"


def open_store(database_url: str, data_dirs: Sequence[Path], busy_timeout: float = 5.0,
               frame_cache_bytes: int = 256 * 1024 * 1024) -> SiteStore:
    """The datasets of `database_url` plus the `<name>.csv` files of `data_dirs`.

    `database_url` is sqlite:///path/to/file.sqlite or postgresql+psycopg://user:password@host:port/db.
    Raises StoreConfigError for another URL, StoreUnavailable when the database cannot be reached.
    """
    # Imported here: SQLAlchemy takes a few tenths of a second to import, which render workers
    # (they import the app to run their jobs, never a database) need not pay.
    from .sql_store import SqlStore

    return SiteStore(SqlStore(database_url, busy_timeout, frame_cache_bytes), CsvStore(list(data_dirs)))
