"""The dataset store: list datasets, read their columns and rows, tell their version; write them.

Views go through a `DatasetStore`; none reads files or the database itself. The site's store is
a `SiteStore`: datasets kept in SQLite (`SqliteStore`, where the samples load at first start and
uploads go) and the CSV files of the data folder (`CsvStore`).
"""
from .csv_store import CsvStore
from .site_store import SiteStore
from .sqlite_store import SqliteStore
from .tables import CONTROL_CHARACTERS, Table, UploadLimits, rows_from_csv, rows_from_json, table_from_csv
from .types import (
    COLUMN_TYPES,
    NAME_PATTERN,
    NAME_RULE,
    Column,
    DatasetConflict,
    DatasetInfo,
    DatasetNotFound,
    DatasetStore,
    DatasetUnreadable,
    StoreBusy,
    WriteRejected,
    check_name,
    infer_column_type,
    title_from_name,
)

__all__ = [
    "COLUMN_TYPES", "CONTROL_CHARACTERS", "NAME_PATTERN", "NAME_RULE", "Column", "CsvStore", "DatasetConflict", "DatasetInfo",
    "DatasetNotFound", "DatasetStore", "DatasetUnreadable", "SiteStore", "SqliteStore", "StoreBusy", "Table",
    "UploadLimits", "WriteRejected", "check_name", "infer_column_type", "rows_from_csv", "rows_from_json", "table_from_csv",
    "title_from_name",
]
