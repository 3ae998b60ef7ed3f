"""The dataset store: list datasets, read their columns and rows with their version; write them.

Views go through a `Store`; none reads files or the database itself. The site's store, made by
`open_store` from a database URL, is a `SiteStore`: datasets kept in the database (`SqlStore` in
`sql_store`: an SQLite file or PostgreSQL; where the samples load at first start and uploads go),
the CSV files of the data folder (`CsvStore`; their column types and an upload's come from one rule,
`csv_types`, and their headers' column names from another, `csv_headers`) and source datasets, read
from the user's own databases as a sources file names them (`SourceStore` in `sources`, configured by `source_config`;
what a chart draws is computed there, by `pushdown`).
"""
from .csv_store import CsvStore
from .dataset_titles import MAX_TITLE, TITLE_RULE, title_from_name, title_problem
from .factory import open_store, sqlite_url
from .json_rows import rows_from_json
from .store_refusals import NewerStore
from .site_store import SiteStore
from .source_config import NO_SOURCES, SourceConfigError, SourcesConfig, load_sources
from .tables import Table, rows_from_csv, table_from_csv
from .types import (
    COLUMN_TYPES,
    DATA_VERSION,
    NAME_PATTERN,
    NAME_REGEX,
    NAME_RULE,
    Appended,
    Column,
    DatasetConflict,
    DatasetInfo,
    DatasetNotFound,
    DatasetReplaced,
    DatasetUnreadable,
    NameTaken,
    Precondition,
    RowsOverLimit,
    Snapshot,
    SourceColumnsChanged,
    Store,
    StoreBusy,
    StoreConfigError,
    StoreError,
    StoreTryLater,
    StoreUnavailable,
    WriteRejected,
    check_name,
    described_holding,
    infer_column_type,
    raise_kept,
    read_info,
)
from .upload_limits import UploadLimits

__all__ = [
    "COLUMN_TYPES", "DATA_VERSION", "MAX_TITLE", "NAME_PATTERN", "NAME_REGEX", "NAME_RULE", "Appended", "Column", "CsvStore",
    "DatasetConflict", "DatasetInfo", "DatasetNotFound", "DatasetReplaced", "DatasetUnreadable", "NO_SOURCES", "NameTaken", "NewerStore", "Precondition", "RowsOverLimit",
    "SiteStore", "Snapshot", "SourceColumnsChanged", "SourceConfigError", "SourcesConfig", "Store", "StoreBusy", "StoreConfigError", "TITLE_RULE",
    "StoreError", "StoreTryLater", "StoreUnavailable", "Table", "UploadLimits", "WriteRejected", "check_name", "described_holding", "infer_column_type",
    "load_sources", "open_store", "raise_kept", "read_info", "rows_from_csv", "rows_from_json", "sqlite_url", "table_from_csv",
    "title_from_name", "title_problem",
]
