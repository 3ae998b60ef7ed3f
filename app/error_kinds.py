"""The kind of failure an error answer is, for a program: its `X-Chart-Error-Kind` header, one word
for each failure a job does one thing about (wait and ask again, or fix a URL, a file or a grant),
where a status is shared by several (a 503 of a source past its timeout and of one out of reach,
a 422 of a source's refused query and of a file the site cannot read) and its words are for people.
README's "Checking charts in CI" names each kind and what a job should do with it.
"""
from __future__ import annotations

from werkzeug.exceptions import HTTPException

from plots import SpecError

from .render_limits import PastLimit, RenderUnavailable
from .store import (DatasetConflict, DatasetNotFound, DatasetUnreadable, RowsOverLimit, StoreBusy, StoreUnavailable,
                    WriteRejected)
from .store.data_folder_listing import DataFolderUnreadable
from .store.source_busy import SourceBusy, SourceLocked, SourceTableLocked, SourceTimeout
from .store.store_refusals import StoreUnwritable
from .store.types import DatasetReplaced, KeyReused, SourceColumnsChanged, SourceUnavailable

KIND_HEADER = "X-Chart-Error-Kind"
# Each kind of error and the kind its answer names: the first that fits, as a subclass comes before
# the class it is of.
ERROR_KINDS: tuple[tuple[type[BaseException] | tuple[type[BaseException], ...], str], ...] = (
    (SourceTimeout, "source-timeout"),
    ((SourceLocked, SourceTableLocked), "source-locked"),
    (SourceBusy, "source-busy"),
    (SourceUnavailable, "source-unreachable"),
    ((DatasetReplaced, SourceColumnsChanged), "dataset-changed"),
    (StoreBusy, "store-busy"),
    (DataFolderUnreadable, "data-folder-unreadable"),
    (StoreUnwritable, "store-unwritable"),
    (StoreUnavailable, "store-unreachable"),
    (PastLimit, "render-limit"),
    (RenderUnavailable, "render-busy"),
    (DatasetNotFound, "not-found"),
    (RowsOverLimit, "too-many-rows"),
    ((WriteRejected, DatasetConflict, KeyReused), "write-refused"),
)
# A chart's refusal (SpecError) by its status: a parameter, a column not there, a chart its data does
# not fit (more categories or points than it may draw, a sum no number holds).
SPEC_KINDS = {400: "bad-parameter", 404: "not-found", 422: "data-unfit"}
# Every kind an answer may name, each once, in the order README's table names them.
KINDS = ("bad-parameter", "not-found", "data-unfit", "too-many-rows", "file-unreadable", "source-refused",
         "source-timeout", "source-unreachable", "source-locked", "source-busy", "dataset-changed", "store-busy",
         "store-unreachable", "store-unwritable", "data-folder-unreadable", "render-limit", "render-busy",
         "write-refused", "request-refused", "server-error")


def error_kind(error: BaseException, status: int) -> str:
    """The kind of failure `error`, answered with `status`, is (`ERROR_KINDS`); for a dataset the site
    cannot read, whether it is a data-folder file's or a source's query refused (`file` tells); for an
    error of no kind named, the request's ("request-refused", a 4xx) or the server's ("server-error")."""
    for kind, name in ERROR_KINDS:
        if isinstance(error, kind):
            return name
    if isinstance(error, DatasetUnreadable):
        return "file-unreadable" if error.file is not None else "source-refused"
    if isinstance(error, SpecError):
        return SPEC_KINDS.get(status, "bad-parameter" if status < 500 else "server-error")
    if isinstance(error, HTTPException) and status == 404:
        return "not-found"
    return "request-refused" if 400 <= status < 500 else "server-error"
