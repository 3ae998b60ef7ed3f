"""What every store shares: dataset names, descriptions, the `Store` protocol and its errors.

Errors are plain domain exceptions with a message for a person; `app/errors.py` alone turns
them into HTTP answers.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, Protocol

import pandas as pd

from plots.text import looking_like, quoted, quoted_name

from .empty_rows import NONE, EmptyRows

if TYPE_CHECKING:
    from plots import ChartSpec, Limits
    from plots.selection import Selection

    from .tables import Table

# The one rule for names in URLs: datasets, dashboards and their charts.
NAME_REGEX = r"[a-z][a-z0-9_-]{0,62}"
NAME_PATTERN = re.compile(f"^{NAME_REGEX}$")
NAME_RULE = "1 to 63 characters: a lowercase letter, then lowercase letters, digits, - or _"
COLUMN_TYPES = ("integer", "float", "datetime", "text")
# What a refused write of a source's dataset says to do instead (`Store.check_writable`).
SOURCE_INSTEAD = "change its rows in that database instead"


class StoreError(Exception):
    """A store failure with a message for a person; the app maps each kind to an HTTP status."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def read_info(info: DatasetInfo | StoreError) -> DatasetInfo:
    """A dataset's description as `Store.infos` gives it (each chart of a dashboard file as it is
    loaded, its page's `dashboard_infos`), or the StoreError reading it met, raised by `raise_kept`."""
    if isinstance(info, StoreError):
        raise_kept(info)
    return info


def described_holding(store: object, info: DatasetInfo, columns: Mapping[str, str | None]) -> DatasetInfo:
    """`info`, or where it lacks one of `columns` (a name, written in any Unicode form, and the type
    wanted of it, None for any), for a refusal of the column, or of a value it holds, that the dataset as
    kept would give: the dataset's description read again where that is another (`Store.described_again`:
    a source's table with a column renamed back or added since it was described, at most once in a few
    seconds a dataset). `info` itself where the dataset is as it says, the store reads nothing again, or
    the read meets a StoreError (its source out of reach now: a refusal of what was described stands)."""
    types = info.column_types()
    held = {name: types.get(looking_like(name, types) or name) for name in columns}
    if all(held[name] is not None if kind is None else held[name] == kind for name, kind in columns.items()):
        return info
    again = getattr(store, "described_again", None)
    try:
        now = again(info) if again is not None else None
    except StoreError:
        now = None
    return info if now is None else now


def raise_kept(error: StoreError) -> NoReturn:
    """Raises a StoreError kept for the request (or a dashboard file's loading) as a copy of its own
    (the same class, message and attributes) under the frames where the read failed: the one error
    every chart and filter of a dataset raises would else gather each raise's frames, or, cleared for
    each, leave a log of an earlier raise without them."""
    fresh = type(error).__new__(type(error), *error.args)  # as it is, whatever its __init__ takes
    fresh.__dict__.update(vars(error))
    fresh.__cause__, fresh.__context__ = error.__cause__, error.__context__
    fresh.__suppress_context__ = error.__suppress_context__
    raise fresh.with_traceback(error.__traceback__)


class DatasetNotFound(StoreError):
    """No dataset of that name (the message lists what there is)."""


# Stored datasets of more rows than this have their charts computed by the database
# (`stored_pushdown`); smaller ones are read whole into a frame, kept in memory between reads
# (`sql_frames`), and shaped there. At this size (benchmarks/stored_pushdown.py --rows 200000) the
# frame of three columns holds 15 MB and takes 0.6 to 1 s to read, once per version, after which
# every chart of the dataset reads it at no cost (the database takes 0.03 to 0.3 s for each). Far
# above it, the frame holds hundreds of MB in each process, and the first chart waits for all of it
# (2,000,000 rows: 148 MB, 5 to 10 s; the database draws the line 5x to 20x as fast on SQLite, 3.5x
# to 10x on PostgreSQL).
PUSHDOWN_ABOVE_ROWS = 200_000


class DatasetUnreadable(StoreError):
    """A dataset that exists but cannot be read: a data-folder file that is not valid CSV (`file`:
    its path, which start-up names), or a source's query its database refuses."""

    def __init__(self, message: str, file: Path | None = None):
        super().__init__(message)
        self.file = file


class WriteRejected(StoreError):
    """Uploaded data that does not fit: the message names the row, column or field and what is allowed.
    `field`: the field of the request it refuses, where it is about one (a create's "name" or "title"),
    which a form's page marks; None for one about the rows, or about no field."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


class DatasetConflict(StoreError):
    """A write that cannot happen to this dataset as it is: it exists already, is a file, or is in use."""


class NameTaken(DatasetConflict):
    """A new dataset's name that a stored dataset has already (`name`): deleting that one frees it."""

    def __init__(self, name: str):
        super().__init__(f"a dataset named {name!r} exists already; delete it first or choose another name")
        self.name = name


class KeyReused(StoreError):
    """An idempotency key sent again with another request than the one it was first used for: the
    first append stands and this one stores nothing."""


class StoreTryLater(StoreError):
    """A database that cannot answer now but may in a moment (busy, slow or down): 503 with
    `retry_after` seconds (no Retry-After where it is None: waiting does not help). Who can do
    without the dataset (a page of several charts) goes on."""

    RETRY_AFTER = 5  # seconds

    def __init__(self, message: str, retry_after: int | None = RETRY_AFTER):
        super().__init__(message)
        self.retry_after = retry_after


class StoreBusy(StoreTryLater):
    """The database stayed locked by other writers for longer than the busy timeout."""

    def __init__(self, message: str, retry_after: int = 1):
        super().__init__(message, retry_after)


def _changed_while_read(dataset: str, changed: str, missing: Sequence[str]) -> str:
    """The words of a dataset (`dataset`, as a message names it) that `changed` while a request read
    it, and of the columns asked for that it lacks now (`missing`, where they are known)."""
    gone = f": it has no column {', '.join(quoted_name(column) for column in missing)} now" if missing else ""
    return f"{dataset} {changed} while it was read{gone}; try again"


class DatasetReplaced(StoreBusy):
    """A dataset replaced (deleted and created again, its data-folder file's header changed) by one
    of other columns while a request read it: asked again, the request is checked against the new
    columns. `missing`: the columns asked for that the new one lacks, where they are known."""

    def __init__(self, name: str, missing: Sequence[str] = ()):
        super().__init__(_changed_while_read(f"dataset {name!r}", "was replaced", missing))


class SourceColumnsChanged(StoreBusy):
    """A source dataset whose columns changed (its table altered, its view or query another) while a
    request read it, said as a replaced dataset is (`DatasetReplaced`): asked again, the request is
    checked against the new columns. `label`: how messages name the dataset (`SourceStore.label`)."""

    def __init__(self, label: str, missing: Sequence[str] = ()):
        super().__init__(_changed_while_read(label, "changed its columns", missing))


class RowsOverLimit(StoreError):
    """More rows than one answer may carry (say, a download of a source dataset): the message says
    how to narrow the request."""


class StoreUnavailable(StoreTryLater):
    """The database cannot be reached (down, restarting); the message never names its URL. `why`:
    what keeps it from being opened, when known (words naming no password), for the line a start
    refused prints; `reason`: its driver's reason, in words naming nothing of its URL (`Connection
    refused`), for the line an outage logs."""

    why: str = ""
    reason: str = ""


class SourceUnavailable(StoreUnavailable):
    """A source database that cannot be reached: its datasets answer 503 until it is back. Its
    `unreachable` (`source_unreachable.Unreachable`): why, which every 503 of its hold repeats."""


class StoreConfigError(ValueError):
    """A database URL the site cannot use; the message says which forms are allowed (never the URL)."""


@dataclass(frozen=True)
class Column:
    """One column of a dataset and its type: integer, float, datetime or text."""

    name: str
    type: str

# Every form a dataset's version takes: the database's writes sequence (`7`), a hash of a data-folder
# file's bytes or of a source's `version_sql` answer (12 hex digits), or a source's period of
# `cache_seconds`, with the identity of its SQLite file when it has one (`t2951`, `t2951-803.1b2f`);
# a source's then "-c" and a hash of its columns (`source_descriptions.described_version`).
DATA_VERSION = r"(?:[0-9]+|[0-9a-f]{12}|t[0-9]+(?:-[0-9a-f]+\.[0-9a-f]+)?)(?:-c[0-9a-f]{8})?"


@dataclass(frozen=True)
class DatasetInfo:
    """What a dataset is, without its rows.

    `writable` is true for datasets kept in the database (rows can be appended), false for CSV
    files and source datasets; `updated` is the time of the last write (ISO 8601, UTC), or "" for
    files. `source` names the data source a source dataset is read from (None for the others), and
    `max_age` is how long, in seconds, a chart of it may be reused before its data is asked again
    (None: for as long as its version stays the same).
    """

    name: str
    title: str
    columns: tuple[Column, ...]
    rows: int
    version: str
    updated: str = ""
    writable: bool = False
    source: str | None = None
    max_age: int | None = None

    def column_types(self) -> dict[str, str]:
        """Column name -> type, in column order."""
        return {c.name: c.type for c in self.columns}


# What a write asks of the dataset as it finds it, in the write's own transaction with the dataset
# locked, before it changes anything: it raises to refuse the write (a client's If-Match that names
# another version), so that no other write can come between the check and the change.
Precondition = Callable[[DatasetInfo], None]


@dataclass(frozen=True)
class Snapshot:
    """A dataset's description and rows, read together: `frame` holds exactly the rows of `info.version`.
    `order`: where a source's first rows (`Store.head`) are, the column they are by, oldest first, or
    ANY_ORDER, the order its database returns them in; None for rows in the order the dataset keeps them."""

    info: DatasetInfo
    frame: pd.DataFrame
    order: str | None = None


# A snapshot's `order` of rows in the order a source's database returns them: none the site asked for.
ANY_ORDER = ""


@dataclass(frozen=True)
class Appended:
    """What an append did: the dataset after it, the rows it added, and whether it replayed an
    earlier append with the same idempotency key (then it stored nothing, and both are the earlier's),
    and which of its rows held no value (`empty_rows`), each stored as a row of missing values; `read_warnings`,
    the warnings of how its rows were read (a workbook's error values read as missing values)."""

    info: DatasetInfo
    rows_added: int
    replayed: bool
    empty: EmptyRows = NONE
    read_warnings: tuple[dict, ...] = ()


class Store(Protocol):
    """Where the site's datasets live: everything the app reads and writes goes through this."""

    # A token no other store holds: a version names the same rows only within one store.
    identity: str

    def names(self) -> list[str]:
        """Names of all datasets, sorted."""

    def info(self, name: str) -> DatasetInfo:
        """The dataset's description; raises DatasetNotFound."""

    def infos(self, names: Sequence[str] | None = None) -> dict[str, DatasetInfo | StoreError]:
        """Every dataset's description by name, sorted (`names()`), or those of `names` alone, in
        their order, each or the StoreError `info` of it raises, asked of each part of the store at
        once where it can (the database in one read, each source in one transaction)."""

    def version(self, name: str) -> str:
        """The dataset's current version (`info(name).version`), asked as cheaply as the store can:
        what a render-cache hit asks before it answers; raises DatasetNotFound."""

    def read(self, name: str, columns: Sequence[str] | None = None) -> Snapshot:
        """The dataset's description and rows (only `columns`, when given) from one snapshot;
        raises DatasetNotFound."""

    def head(self, name: str, rows: int) -> Snapshot:
        """The dataset's description and its first `rows` rows; raises DatasetNotFound.

        After them, for each date column whose other rows need a finer format than these show (a
        time where these are midnights, a fraction of a second where they are whole seconds), the
        first row that does: `export.frame_json_rows(frame, rows)` then writes the first rows as
        all of the column is written, as the dataset's download writes them."""

    def text_values(self, name: str, column: str) -> tuple[str, ...]:
        """The distinct values of a text column of the dataset, sorted."""

    def chart_rows(self, name: str, spec: ChartSpec, limits: Limits, pixels: int | None = None,
                   selection: Selection | None = None, keeping: str | None = None,
                   known: DatasetInfo | None = None) -> Snapshot:
        """What a chart of the dataset draws, the rows `selection` chooses, with the description it
        was read at: the columns the chart reads (`plots.chart_frame` shapes them) or rows a source
        database computed (marked so that `chart_frame` leaves them). `pixels`: the image's pixel
        columns, for thinning; `keeping`: "keep" rows a database computed for a page's words of the
        chart for its image, whose request "take"s them (`kept_chart_rows`); `known`: the description
        the request read of the dataset, whose rows, where kept at its version, are not described
        again, and which, where it says the database computes no charts of it, is not asked whether it does."""

    def check_writable(self, name: str, instead: str, source_instead: str = SOURCE_INSTEAD) -> None:
        """Raise DatasetConflict, ending with `instead` (for a source's dataset, `source_instead`),
        when the dataset cannot be written."""

    def check_deletable(self, name: str) -> None:
        """Raise DatasetConflict, saying how to take it off the site instead, when the dataset cannot be deleted."""

    def check_name_free(self, name: str) -> None:
        """Raise DatasetConflict, saying what would free the name, when a new dataset cannot take `name`."""

    def create(self, name: str, title: str, table: Table) -> DatasetInfo:
        """A new dataset holding `table`, all or nothing; raises DatasetConflict when the name is taken."""

    def before_append(self, name: str, key: str | None = None,
                      digest: str | None = None) -> tuple[DatasetInfo, Appended | None]:
        """The description an append's rows are checked against, read once with the first answer
        of an append with idempotency `key` when this request (its `digest`) is that one (None
        when the key is new); raises KeyReused for another request, DatasetConflict when the
        dataset cannot be written."""

    def append(self, name: str, columns: Sequence[Column], rows: list[tuple], key: str | None = None,
               digest: str | None = None, precondition: Precondition | None = None) -> Appended:
        """Add `rows` (in the order of `columns`) all or nothing, at most once per idempotency `key`;
        raises KeyReused when `key` was used with a request of another `digest`, and what
        `precondition` raises of the dataset as the write finds it (a repeat of a keyed append is
        answered without asking it: it changes nothing)."""

    def delete(self, name: str, precondition: Precondition | None = None) -> None:
        """Remove the dataset and its rows; raises DatasetNotFound, and what `precondition` raises of
        the dataset as the delete finds it. A dataset that cannot be deleted is refused by
        `check_deletable`, which the caller asks first (`datasets.delete_dataset`)."""

    def answer(self) -> None:
        """Ask the dataset database the least question there is (no source's); raises StoreUnavailable
        or StoreBusy when it cannot answer."""

    def close(self) -> None:
        """Let go of open connections (before a fork, at shutdown)."""


def infer_column_type(series: pd.Series) -> str:
    """integer, float, datetime or text, from the dtype of a column that is typed already (a frame
    made in code or read from a database); CSV text is typed by the rule in `csv_types`."""
    if pd.api.types.is_bool_dtype(series):
        return "text"
    if pd.api.types.is_integer_dtype(series):
        return "integer"
    if pd.api.types.is_float_dtype(series):
        return "float"
    if pd.api.types.is_datetime64_any_dtype(series):
        return "datetime"
    return "text"


def check_name(name: str) -> str:
    """The name when it is a valid dataset name; raises WriteRejected saying what is allowed, and the
    name sent as a refusal quotes a value, one of over 100 characters cut to them (`quoted`)."""
    if not isinstance(name, str) or not NAME_PATTERN.fullmatch(name):
        shown = "missing" if not name else quoted(name)
        raise WriteRejected(f"name must be {NAME_RULE}; got {shown}", "name")
    return name
