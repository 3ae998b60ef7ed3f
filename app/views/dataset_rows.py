"""A dataset's rows: all of them as JSON or CSV (/datasets/<name>.json, .csv), written whole and cached,
or, for a long dataset, read and sent a piece at a time; and the dataset's description they carry."""
from __future__ import annotations

import errno
import hashlib
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain, islice

import pandas as pd
from flask import Blueprint, request, url_for

from plots.spec import FIELDS
from plots.timerange import RANGE_PARAMS

from ..cache import Rendered, cache_key
from ..chart_responses import VersionPin, chart_response, streamed_response
from ..context import bytes_memo, current_site, remembered
from ..export import pieces_date_formats
from ..query_parameters import (
    ANY_FILTER,
    ERRORS_TAKES,
    dataset_version_takes,
    refuse_bad_query,
    refuse_unknown_parameters,
    request_checks,
)
from ..rendering import cached_answer
from ..responses import json_text
from ..store import DatasetInfo, StoreError
from ..store.site_reads import RowPieces
from .chart_versions import image_version, pinned_version
from .data_files import DATA_TYPES, data_body, data_chunks

bp = Blueprint("dataset_rows", __name__)
log = logging.getLogger(__name__)
# What a dataset's rows as JSON or CSV take: `v`, its version (cached for good while current), and
# `errors`, as chart URLs do (it changes nothing here); `rows_parameters_take` says what each takes.
ROWS_PARAMETERS = ("v", "errors")
# What pages through rows elsewhere: a dataset's rows come whole, and a refusal of one says how to ask
# for fewer (`no_paging_words`).
PAGING_PARAMETERS = ("limit", "offset", "page", "per_page")
# The most rows of a dataset whose JSON or CSV is written whole and cached (a sample's ~11,000
# rows are some 400 KB of CSV, answered again from the cache ahead of Flask); one of more is sent
# as it is written, ROWS_PER_CHUNK rows at a time (`_streamed_rows`).
STREAM_PAST_ROWS = 50_000
ROWS_PER_CHUNK = 10_000
# The bytes of streamed datasets' versions the memo of their rows' digests holds (`rows_digest`,
# `held_bytes`), the least recently used dropped first. An entry is a name, a version, a digest and
# the format of each date column: about 1 KB, so some 4,000 of them, for every big dataset of a site
# of thousands; but some 70 bytes more a date column, and a source's query may give hundreds.
ROWS_DIGESTS_MEMO_BYTES = 4 * 1024 * 1024


def dataset_summary(info: DatasetInfo) -> dict:
    """A dataset's description as the API shows it."""
    return {
        "name": info.name,
        "title": info.title,
        "version": info.version,
        "row_count": info.rows,
        "updated": info.updated or None,
        "writable": info.writable,
        "source": info.source,
        "columns": [{"name": c.name, "type": c.type} for c in info.columns],
        "url": url_for("datasets.dataset", name=info.name),
        "json": rows_url(info, "json"),
        "csv": rows_url(info, "csv"),
    }


def rows_url(info: DatasetInfo, fmt: str) -> str:
    """The URL of a dataset's rows as JSON or CSV (`fmt`) at its version `info` names: its `v` is in
    the form a chart's is (`chart_versions.image_version`), naming the store and release too, so
    that a store made anew, which counts its versions from the start again, never reuses it."""
    values = {"name": info.name, "fmt": fmt}
    return url_for("dataset_rows.dataset_file", **values, v=image_version(info.version, values))


def rows_parameters_take(name: str) -> dict[str, str]:
    """Each of ROWS_PARAMETERS -> what it takes on dataset `name`'s rows, in the words a bad value of
    it is refused with there."""
    takes = {"v": dataset_version_takes(name), "errors": ERRORS_TAKES}
    return {parameter: takes[parameter] for parameter in ROWS_PARAMETERS}


def no_paging_words(name: str) -> str:
    """What a paging parameter on dataset `name`'s rows is told: there is none, and the parameters of a
    chart's data that give fewer rows."""
    return ("there is no paging: a dataset's rows come whole; for fewer rows, ask for a chart's data, "
            f"/plot/{name}.csv or .json, which holds the rows its chart draws and takes from and to (a range of its "
            "dates) and filter.<column> (the rows of one value of a text column)")


def parameters_elsewhere(name: str) -> dict[str, str]:
    """The parameters of a dataset's charts and rows, which its page and description do not take,
    each -> the URLs of dataset `name` that take it (as `refuse_unknown_parameters` names them)."""
    chart = f"a chart's URL (such as /plot/{name}.svg)"
    return {**dict.fromkeys((*FIELDS, *RANGE_PARAMS, ANY_FILTER), chart),
            **dict.fromkeys(ROWS_PARAMETERS, f"{chart} and the dataset's rows (/datasets/{name}.json, .csv)")}



@bp.get("/datasets/<slug:name>.<any(json,csv):fmt>")
def dataset_file(name: str, fmt: str):
    """All rows of a dataset as JSON or CSV, cached as its charts are (`v`: its version)."""
    takes = rows_parameters_take(name)
    checks = request_checks()  # every bad parameter told at once
    with checks.check():
        refuse_bad_query(takes["v"])
    with checks.check():
        # scale, and a chart's parameters (from, x, filter.<column>), too, saying where they apply and
        # what the rows take.
        refuse_unknown_parameters(request.args.keys(), ROWS_PARAMETERS, f".{fmt}", parameters_elsewhere(name),
                                  "; ".join(takes.values()), dict.fromkeys(PAGING_PARAMETERS, no_paging_words(name)))
    checks.tell()
    # As a chart's `v` pins its version (`rows_url` writes it): a bare data version, as the rows'
    # URLs were once written, is answered as no version, since another store may hand it out again.
    pinned = pinned_version(request.args.get("v"), request.view_args or {}, takes["v"])
    store = current_site().store
    info = store.info(name)
    if info.rows > STREAM_PAST_ROWS:
        return _streamed_rows(name, fmt, pinned)
    rendered = cached_answer(cache_key(name, info.version, "rows", fmt), lambda: store.read(name),
                             lambda snapshot: data_body(fmt, snapshot.frame, dataset_summary(snapshot.info)),
                             DATA_TYPES[fmt])
    return chart_response(rendered, DATA_TYPES[fmt], pinned, answered="this download")


def _streamed_rows(name: str, fmt: str, pinned: VersionPin | None):
    """All rows of a dataset too long to hold as one file, read and written a piece at a time as they
    are sent (`RowPieces`, `data_chunks`), with the headers of the file whole, ETag too (`rows_etag`):
    the first piece read before they go out, and none by a 304 or a HEAD (`streamed_response`)."""
    rows = current_site().store.read_pieces(name, ROWS_PER_CHUNK)
    info, fields = rows.info, dataset_summary(rows.info)
    # Found once per version, for both formats: asked again (a 304 most often), the rows are not
    # passed over again before the body is.
    digests = bytes_memo("rows_digests", ROWS_DIGESTS_MEMO_BYTES)
    digest = remembered(digests, (name, info.version), lambda: rows_digest(rows))
    unwritten = Rendered(b"", rows_etag(fmt, fields, digest), info.version, max_age=info.max_age)

    def begin() -> Iterator[bytes]:
        pieces = rows.pieces()
        # Read before the headers are sent: a first read that fails (the dataset deleted since the
        # digest, its database down) is answered as any other read's, a 404 or a 503, not a 200 cut short.
        first = list(islice(pieces, 1))
        return data_chunks(fmt, [c.name for c in info.columns], _failure_logged(chain(first, pieces), info, fmt),
                           digest.date_formats, fields)

    return streamed_response(begin, unwritten, DATA_TYPES[fmt], pinned)


class DownloadCutShort(ConnectionResetError):
    """A streamed download that could not be read to its end, raised out of its body once the site has
    logged why (`_failure_logged`): the server ends the connection as it ends one a client dropped,
    before the chunked body's last, empty chunk and writing nothing more, with no log line of its own
    (werkzeug's server takes any ConnectionError so, gunicorn an OSError of ECONNRESET). Any other
    error out of a body ends it alike, but has either server log a traceback beside the site's line."""

    def __init__(self, message: str) -> None:
        super().__init__(errno.ECONNRESET, message)


def _failure_logged(pieces: Iterator[pd.DataFrame], info: DatasetInfo, fmt: str) -> Iterator[pd.DataFrame]:
    """`pieces`, the rows of a download as they are sent, logging a failure to read the next (the
    dataset deleted meanwhile, its database down) with the dataset's name and how far it got, then
    ending the body with DownloadCutShort; and logging so a client that went away before the end.

    The headers are sent by then, its 200 too: raised out of the body, it has the server close the
    connection before the chunked body's last, empty chunk (werkzeug's server and gunicorn's alike,
    writing nothing more), so the client reports an incomplete read, where a body that merely stopped
    would pass for a whole file: a CSV cut between rows looks like one."""
    sent = 0
    try:
        for piece in pieces:
            yield piece
            sent += len(piece)
    except GeneratorExit:
        # Closed before its end: the server stopped sending it, its client gone (a dropped connection).
        log.warning("the rows of dataset %r as .%s (version %s) stopped after %d of its %d rows: the client "
                    "went away", info.name, fmt, info.version, sent, info.rows)
        raise
    except Exception as error:
        words = error.message if isinstance(error, StoreError) else repr(error)
        # The store's own failures are said in its words; any other is a fault of the site's, whose
        # traceback the server no longer logs (DownloadCutShort), so the site's line carries it.
        log.error("the rows of dataset %r as .%s (version %s) stopped after %d of its %d rows, the connection "
                  "closed unfinished: %s", info.name, fmt, info.version, sent, info.rows, words,
                  exc_info=not isinstance(error, StoreError))
        raise DownloadCutShort(f"the rows of dataset {info.name!r} stopped after {sent} rows: {words}") from error


@dataclass(frozen=True)
class RowsDigest:
    """What one pass over a dataset's rows finds, whatever file they are written as: a hash of their
    columns' names and types and of each row's values (`rows`), and the format of each date column
    by position as written whole (`date_formats`, `export.pieces_date_formats`)."""

    rows: str
    date_formats: dict[int, str]


def rows_digest(rows: RowPieces) -> RowsDigest:
    """The `RowsDigest` of a dataset's rows: one pass over them, a piece at a time."""
    digest = hashlib.sha256()

    def hashed():
        for i, piece in enumerate(rows.pieces()):
            if i == 0:
                digest.update(json_text([[str(c), str(t)] for c, t in zip(piece.columns, piece.dtypes)])
                              .encode("utf-8"))
            # A row's hash is of its own values alone: the pieces' hashes, one after another, are the whole's.
            digest.update(pd.util.hash_pandas_object(piece, index=False).to_numpy().tobytes())
            yield piece

    date_formats = pieces_date_formats(hashed())
    return RowsDigest(digest.hexdigest(), date_formats)


def rows_etag(fmt: str, fields: dict, digest: RowsDigest) -> str:
    """The ETag of a dataset's rows as the file `fmt` names, from what its bytes are made of (the
    description the JSON holds, the rows' `digest`), without writing it.

    A CSV holds the rows alone: its ETag follows them, not the version or the time of its dataset
    (made again with the same rows, the same bytes keep their ETag, as a file written whole does)."""
    described = json_text(fields) if fmt == "json" else ""
    return hashlib.sha256(f"{fmt}\n{described}\n{digest.rows}".encode("utf-8")).hexdigest()[:32]
