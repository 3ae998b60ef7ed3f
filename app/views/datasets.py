"""Datasets: a dataset's page, all its rows as JSON or CSV, and the form to append rows to it."""
from __future__ import annotations

import csv
import errno
import hashlib
import io
import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import chain, islice

import pandas as pd
from flask import Blueprint, current_app, make_response, redirect, render_template, request, url_for
from werkzeug.exceptions import HTTPException

from plots import ChartSpec, SpecError
from plots.field_values import check_text
from plots.selection import FILTER_PREFIX, choosable
from plots.spec import FIELDS, refuse_repeated
from plots.text import line_feeds, one_line
from plots.timerange import RANGE_PARAMS

from ..auth import CSRF_FIELD, IN_FORM, check_write_token, csrf_token, with_csrf_cookie
from ..cache import Rendered, cache_key
from ..chart_requests import ChartRequest, chart_of_dataset, with_selection
from ..column_cells import page_warnings
from ..context import clock_now, current_site, keep, memo, remembered
from ..datasets import append_rows
from ..errors import status_and_message
from ..export import frame_json_rows, pieces_date_formats
from ..query_parameters import (
    ANY_FILTER,
    ERRORS_TAKES,
    dataset_version_takes,
    refuse_any_parameter,
    refuse_bad_query,
    refuse_unknown_parameters,
)
from ..rendering import cached_answer
from ..responses import VersionPin, chart_response, json_text, streamed_response
from ..selection_queries import dataset_query
from ..store import DatasetInfo, DatasetNotFound, Snapshot, StoreError, WriteRejected
from ..store.site_store import RowPieces
from ..store.tables import pasted_rows
from ..store.x_splits import XSplits, frame_x_splits
from .base import (
    DATA_TYPES,
    alt_texts,
    data_body,
    data_chunks,
    drawn_numbers,
    file_bytes,
    refuse_form_problems,
    refuse_unknown_fields,
    site_form,
    upload_limits,
)
from .chart_versions import chart_url

bp = Blueprint("datasets", __name__)
log = logging.getLogger(__name__)
# The "Added N rows." notice of a dataset's page goes from the append form to the page in a cookie,
# not in the URL, where anyone could link to the page with a notice of any number. It lives for a
# minute, on the dataset's page only, and is shown once.
ADDED_COOKIE = "svgplots_added"
ADDED_COOKIE_SECONDS = 60
# What a dataset's page takes: `added`, which the append form's redirect carried before the notice
# came in a cookie. Links with it are still around; it shows no notice, and any other is refused.
PAGE_PARAMETERS = ("added",)
# What `added` is, in the words its refusal given twice ends with.
ADDED_TAKES = ("the number of rows an append added, which links made before the append form's notice came in a "
               "cookie carry (the page shows no notice for it)")
# What a dataset's rows as JSON or CSV take: `v`, its version (cached for good while current), and
# `errors`, as chart URLs do (it changes nothing here); `rows_parameters_take` says what each takes.
ROWS_PARAMETERS = ("v", "errors")
# The most rows of a dataset whose JSON or CSV is written whole and cached (a sample's ~11,000
# rows are some 400 KB of CSV, answered again from the cache ahead of Flask); one of more is sent
# as it is written, ROWS_PER_CHUNK rows at a time (`_streamed_rows`).
STREAM_PAST_ROWS = 50_000
ROWS_PER_CHUNK = 10_000
# The fields of append.html's form (its button has no name, so sends none): any other is refused.
APPEND_FIELDS = (CSRF_FIELD, "file", "rows", "token")


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
        "json": url_for("datasets.dataset_file", name=info.name, fmt="json"),
        "csv": url_for("datasets.dataset_file", name=info.name, fmt="csv"),
    }


def rows_parameters_take(name: str) -> dict[str, str]:
    """Each of ROWS_PARAMETERS -> what it takes on dataset `name`'s rows, in the words a bad value of
    it is refused with there."""
    takes = {"v": dataset_version_takes(name), "errors": ERRORS_TAKES}
    return {parameter: takes[parameter] for parameter in ROWS_PARAMETERS}


def parameters_elsewhere(name: str) -> dict[str, str]:
    """The parameters of a dataset's charts and rows, which its page and description do not take,
    each -> the URLs of dataset `name` that take it (as `refuse_unknown_parameters` names them)."""
    chart = f"a chart's URL (such as /plot/{name}.svg)"
    return {**dict.fromkeys((*FIELDS, *RANGE_PARAMS, ANY_FILTER), chart),
            **dict.fromkeys(ROWS_PARAMETERS, f"{chart} and the dataset's rows (/datasets/{name}.json, .csv)")}


# The most values of a text column that splits a dataset's rows (several per x, as four stations'
# per date) for its page to draw a chart per value of it, per numeric column; with more, a scatter plot.
SPLIT_MOST_VALUES = 6
# How many datasets' versions the memo of `rows_sharing_x`'s answers holds.
SHARED_X_MEMO_SIZE = 64


@dataclass(frozen=True)
class PageChart:
    """One chart of a dataset's page: its spec fields as its URL gives them, and the rows it
    draws (filter.<column>=<value> pairs)."""

    column: str
    fields: dict[str, str]
    filters: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class SharedX:
    """Rows that share an x and differ in a text column (the stations' rows of one date): `column`
    and its `values` when a line per value draws them honestly, else None (drawn as points)."""

    column: str | None = None
    values: tuple[str, ...] = ()


def rows_sharing_x(frame: pd.DataFrame, x: str, texts: Sequence[str], complete: bool) -> SharedX | None:
    """How a text column splits the rows of `frame` that share an x (`shared_x` of what the frame holds)."""
    return shared_x(frame_x_splits(frame, x, texts, SPLIT_MOST_VALUES), complete)


def shared_x(splits: XSplits, complete: bool) -> SharedX | None:
    """How a text column splits the rows that share an x (`splits`: what a dataset's x and text
    columns hold): None when no x is repeated, else the column whose values (sorted) each draw a
    line honestly: each x at most once per value, at most SPLIT_MOST_VALUES of them, none missing or
    blank (a filter cannot choose those) and `splits` of every row (`complete`); the one of fewest
    values; with none (no text column tells the rows of an x apart, or none does so honestly), a
    SharedX of no column: points. A line through all the rows would zig-zag from one value to the
    next at every x."""
    if splits.xs == splits.rows:
        return None
    candidates = [SharedX(text.column, text.values) for text in splits.texts
                  if (complete and text.pairs == splits.rows and not text.cut_short and not text.missing
                      and all(choosable(value) and _fits_title(text.column, value) for value in text.values))]
    return min(candidates, key=lambda found: len(found.values), default=SharedX())


def split_title(column: str, value: str) -> str:
    """The title of the chart of a dataset's page that draws the rows holding `value` in `column`."""
    return f"{column}: {value}"


def _fits_title(column: str, value: str) -> bool:
    """Whether `split_title` of `value` is a title a chart takes (not too long, nothing it refuses)."""
    try:
        check_text("title", line_feeds(split_title(column, value)), current_site().limits.max_title)
    except SpecError:
        return False
    return True


def page_charts(info: DatasetInfo, snapshot: Snapshot | None) -> list[PageChart]:
    """The charts of a dataset's page: a line of each numeric column by the first column, but a
    histogram of the first column when it is the only number (against itself it would draw a
    diagonal), and for rows that share an x (`rows_sharing_x`) a line per value of the text column
    that splits them (titled with it), or else a scatter plot. Of a source dataset, whose whole
    table the page does not read, the page's first rows are all it looks at: `snapshot`'s when the
    page has them, else (the front page's thumbnails) those of x and the text columns alone, read
    here; a source that cannot give them is taken as no x repeated, and its chart then says what is
    wrong."""
    x = info.columns[0].name
    numbers = drawn_numbers(info)
    texts = [c.name for c in info.columns if c.type == "text"]
    groups = None
    if numbers != [x]:
        def look() -> tuple[str, SharedX | None]:
            """The version the rows were read at, and how the rows that share an x are drawn."""
            store, columns = current_site().store, list(dict.fromkeys([x, *texts]))
            if info.source is None:
                # Counted by the database for a stored dataset of many rows, at the version `info`
                # describes; else found in its frame.
                splits = store.x_splits(info, x, texts, SPLIT_MOST_VALUES)
                if splits is not None:
                    return info.version, shared_x(splits, True)
                read = store.read(info.name, columns)
                return read.info.version, rows_sharing_x(read.frame, x, texts, True)
            rows = current_app.config["TABLE_ROWS"]
            first = snapshot.frame.head(rows) if snapshot is not None else store.first_rows(info.name, columns, rows)
            return (snapshot.info.version if snapshot is not None else info.version,
                    rows_sharing_x(first, x, texts, False))

        # Kept per data version, the one the rows were read at, which rows appended since `info` was
        # read make newer (a 1-tuple: the memo takes None for "not there yet").
        shared = memo("shared_x")
        kept = shared.get((info.name, info.version))
        if kept is not None:
            [groups] = kept
        else:
            try:
                version, groups = look()
            except StoreError:
                groups = None
            else:
                keep(shared, (info.name, version), (groups,), SHARED_X_MEMO_SIZE)
    charts = []
    for column in numbers:
        if column == x:
            charts.append(PageChart(column, {"kind": "hist", "y": column}))
        elif groups is not None and groups.column is not None:
            charts.extend(PageChart(column, {"y": column, "title": split_title(groups.column, value)},
                                    ((groups.column, value),)) for value in groups.values)
        elif groups is not None:
            charts.append(PageChart(column, {"kind": "scatter", "y": column}))
        else:
            charts.append(PageChart(column, {"y": column}))
    return charts


def page_chart_request(info: DatasetInfo, chart: PageChart) -> ChartRequest:
    """What `chart` draws, as its URL asks for it; raises SpecError."""
    request = chart_of_dataset(info, {name: [value] for name, value in chart.fields.items()})
    if not chart.filters:
        return request
    filters = {FILTER_PREFIX + column: [value] for column, value in chart.filters}
    return with_selection(request, dataset_query(info, filters), clock_now())


@bp.get("/datasets/<slug:name>")
def dataset(name: str):
    """A dataset: its columns (and what its create warned of: those of numbers or dates written another
    way, say), the first rows, a chart of each numeric column, a form to append rows."""
    refuse_unknown_parameters(request.args.keys(), PAGE_PARAMETERS, f"a dataset's page (/datasets/{name})",
                              parameters_elsewhere(name))
    refuse_repeated("added", request.args.getlist("added"), ADDED_TAKES)
    added = request.cookies.get(ADDED_COOKIE)
    notice = f"Added {added} row{'' if added == '1' else 's'}." if added and added.isdigit() else None
    # The first rows, and those that show each date column's format (frame_json_rows writes them so).
    snapshot = current_site().store.head(name, current_app.config["TABLE_ROWS"])
    info = snapshot.info
    planned = page_charts(info, snapshot)
    requests = [page_chart_request(info, chart) for chart in planned]
    charts = []
    for chart, chart_request, alt in zip(planned, requests, alt_texts(requests)):
        charts.append({
            "column": chart.column,
            "src": chart_url("charts.plot_file", chart.fields, info.version,
                             [(FILTER_PREFIX + column, value) for column, value in chart.filters],
                             dataset=name, fmt="svg"),
            # On one line, as the embed snippets write it: a text x value may hold a line break.
            "alt": one_line(alt),
            "spec": chart_request.spec,
        })
    response = make_response(render_template(
        "dataset.html",
        info=info,
        charts=charts,
        table_columns=[c.name for c in info.columns],
        table_rows=frame_json_rows(snapshot.frame, current_app.config["TABLE_ROWS"]),
        default_spec=ChartSpec(),
        notice=notice,
        warnings=page_warnings(current_site().store, info),
    ))
    if added is not None:  # shown once, to this browser only
        response.delete_cookie(ADDED_COOKIE, path=url_for("datasets.dataset", name=name), secure=request.is_secure,
                               httponly=True, samesite="Strict")
        response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/datasets/<slug:name>.<any(json,csv):fmt>")
def dataset_file(name: str, fmt: str):
    """All rows of a dataset as JSON or CSV, cached as its charts are (`v`: its version)."""
    takes = rows_parameters_take(name)
    refuse_bad_query(takes["v"])
    # scale, and a chart's parameters (from, x, filter.<column>), too, saying where they apply and
    # what the rows take.
    refuse_unknown_parameters(request.args.keys(), ROWS_PARAMETERS, f".{fmt}", parameters_elsewhere(name),
                              "; ".join(takes.values()))
    store = current_site().store
    info = store.info(name)
    if info.rows > STREAM_PAST_ROWS:
        return _streamed_rows(name, fmt)
    rendered = cached_answer(cache_key(name, info.version, "rows", fmt), lambda: store.read(name),
                             lambda snapshot: data_body(fmt, snapshot.frame, dataset_summary(snapshot.info)),
                             DATA_TYPES[fmt])
    return chart_response(rendered, DATA_TYPES[fmt], _rows_pin())


def _rows_pin() -> VersionPin | None:
    """What the rows' `v` pins: the dataset's version, as /api/datasets/<name> gives it, with no
    digest (`chart_versions.image_version` writes one for a chart's drawing)."""
    v = request.args.get("v")
    return VersionPin(v, True) if v else None


def _streamed_rows(name: str, fmt: str):
    """All rows of a dataset too long to hold as one file, read and written a piece at a time as they
    are sent (`RowPieces`, `data_chunks`), with the headers of the file whole, ETag too (`rows_etag`):
    the first piece read before they go out, and none by a 304 or a HEAD (`streamed_response`)."""
    rows = current_site().store.read_pieces(name, ROWS_PER_CHUNK)
    info, fields = rows.info, dataset_summary(rows.info)
    # Found once per version, for both formats: asked again (a 304 most often), the rows are not
    # passed over again before the body is.
    digest = remembered(memo("rows_digests"), (name, info.version), lambda: rows_digest(rows), 256)
    unwritten = Rendered(b"", rows_etag(fmt, fields, digest), info.version, max_age=info.max_age)

    def begin() -> Iterator[bytes]:
        pieces = rows.pieces()
        # Read before the headers are sent: a first read that fails (the dataset deleted since the
        # digest, its database down) is answered as any other read's, a 404 or a 503, not a 200 cut short.
        first = list(islice(pieces, 1))
        return data_chunks(fmt, [c.name for c in info.columns], _failure_logged(chain(first, pieces), info, fmt),
                           digest.date_formats, fields)

    return streamed_response(begin, unwritten, DATA_TYPES[fmt], _rows_pin())


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
    ending the body with DownloadCutShort.

    The headers are sent by then, its 200 too: raised out of the body, it has the server close the
    connection before the chunked body's last, empty chunk (werkzeug's server and gunicorn's alike,
    writing nothing more), so the client reports an incomplete read, where a body that merely stopped
    would pass for a whole file: a CSV cut between rows looks like one."""
    sent = 0
    try:
        for piece in pieces:
            yield piece
            sent += len(piece)
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


def _form_status(status: int) -> int:
    # A form cannot answer a WWW-Authenticate challenge: a refused token is a plain 403 here.
    return 403 if status == 401 else status


def _header_line(info: DatasetInfo) -> str:
    """The header line the append form's pasted rows begin with: the dataset's columns, as CSV."""
    header = io.StringIO()
    csv.writer(header, lineterminator="\n").writerow([c.name for c in info.columns])
    return header.getvalue()


def _append_page(name: str, status: int = 200, error: str | None = None, rows: str | None = None):
    info = current_site().store.info(name)
    if rows is None:
        rows = _header_line(info)
    token = csrf_token()
    html = render_template("append.html", info=info, csrf_token=token, error=error, rows=rows)
    return with_csrf_cookie(make_response(html, status), token)


@bp.get("/datasets/<slug:name>/append")
def append_form(name: str):
    """A form to append rows to a dataset, from a CSV file or pasted text."""
    refuse_any_parameter(f"the form to append rows (/datasets/{name}/append)")
    current_site().store.check_writable(name, "change the file to change the data")
    return _append_page(name)


@bp.post("/datasets/<slug:name>/append")
def append(name: str):
    """Append the rows of a CSV file or of pasted text (CSV, or cells copied from a spreadsheet, with
    tabs between them: `pasted_rows`), then go back to the dataset's page."""
    rows = None
    try:
        # A form from another site's page is refused before its fields are read, and shown back empty.
        form, files = site_form(APPEND_FIELDS)
        # From this site's page: what was pasted is shown again, whatever refuses it.
        rows = form.get("rows")
        check_write_token(form.get("token"), IN_FORM)
        refuse_form_problems(form, files)
        # The page's form sends its fields in the body: a query was written by hand; refuse it, not ignore it.
        refuse_any_parameter(f"a form posted to /datasets/{name}/append (its fields go in the body)")
        refuse_unknown_fields(form, files, APPEND_FIELDS)
        upload = files.get("file")
        if upload is not None and upload.filename:
            pasted = form.get("rows", "").strip()
            # The form fills in the header line: that alone, or nothing, is no rows to add.
            if pasted and pasted != _header_line(current_site().store.info(name)).strip():
                # Appending both could add the same rows twice; keeping one would drop the other unseen.
                raise WriteRejected("choose a CSV file or paste rows, not both: clear the pasted rows (the "
                                    "header line alone may stay) or send the form without a file")
            raw, what = file_bytes(upload), "the file"
        else:
            raw, what = pasted_rows(form.get("rows", "")).encode(), "the pasted text"
        if not raw.strip():
            raise WriteRejected("choose a CSV file or paste rows under the header line")
        added = append_rows(current_site().store, name, raw, "csv", upload_limits(), what).rows_added
        if not added:
            raise WriteRejected("there is a header line but no rows under it")
    except DatasetNotFound:
        raise
    except (StoreError, HTTPException) as error:
        status, message = status_and_message(error)
        return _append_page(name, _form_status(status), message, rows)
    except SpecError as error:
        return _append_page(name, error.status, error.message, rows)
    page = url_for("datasets.dataset", name=name)
    response = redirect(page, 303)
    response.set_cookie(ADDED_COOKIE, str(added), max_age=ADDED_COOKIE_SECONDS, path=page, secure=request.is_secure,
                        httponly=True, samesite="Strict")
    return response
