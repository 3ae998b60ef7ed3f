"""The site's store, built from a database URL: the one place that names a backend class."""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from .chosen_rows import CHOSEN_ROWS_BYTES
from .csv_store import CsvStore
from .site_parts import KEPT_CHART_BYTES, SOURCE_CHART_BYTES
from .site_store import SiteStore
from .source_config import NO_SOURCES, SourcesConfig


def sqlite_url(path: Path) -> str:
    """The database URL of an SQLite file."""
    return f"sqlite:///{Path(path).resolve()}"


def open_store(database_url: str, data_dirs: Sequence[Path], busy_timeout: float = 5.0,
               frame_cache_bytes: int = 256 * 1024 * 1024, sources: SourcesConfig = NO_SOURCES,
               source_timeout: float = 10.0, source_max_rows: int = 100_000,
               source_chart_cache_bytes: int = SOURCE_CHART_BYTES,
               big_dataset_cache_bytes: int = KEPT_CHART_BYTES, answer_timeout: float = 30.0,
               chosen_rows_cache_bytes: int = CHOSEN_ROWS_BYTES, store_connections: int = 15) -> SiteStore:
    """The datasets of `database_url`, the `<name>.csv` files of `data_dirs` and the datasets of `sources`.

    `database_url` is sqlite:///path/to/file.sqlite or postgresql+psycopg://user:password@host:port/db.
    A transaction of a PostgreSQL database not answered within `answer_timeout` seconds is given up.
    `frame_cache_bytes` bounds the stored datasets' rows kept in memory, and the data-folder files'
    apart. `store_connections` bounds the connections to the database open at once in this process
    (a request waits `busy_timeout` seconds for one). `chosen_rows_cache_bytes` bounds the rows selections chose of datasets held in memory (`ChosenRows`).
    Source databases are not contacted here: a source that is down fails only its own datasets.
    Raises StoreConfigError for another URL, StoreUnavailable when the database cannot be reached.
    """
    # Imported here: SQLAlchemy takes a few tenths of a second to import, which render workers
    # (they import the app to run their jobs, never a database) need not pay.
    from .sources import SourceStore
    from .sql_store import SqlStore

    source_store = (SourceStore(sources, source_timeout, source_max_rows, source_chart_cache_bytes)
                    if sources.datasets else None)
    return SiteStore(SqlStore(database_url, busy_timeout, frame_cache_bytes, answer_timeout=answer_timeout,
                              connections=store_connections),
                     CsvStore(list(data_dirs), frame_cache_bytes), source_store,
                     big_dataset_cache_bytes, chosen_rows_cache_bytes)
