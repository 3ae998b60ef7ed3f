"""Datasets: a dataset's page, all its rows as JSON or CSV, and the form to append rows to it."""
from __future__ import annotations

import csv
import io

from flask import Blueprint, current_app, make_response, redirect, render_template, request, url_for
from werkzeug.exceptions import HTTPException

from plots import ChartSpec, SpecError
from plots.spec import FIELDS
from plots.timerange import RANGE_PARAMS

from ..auth import CSRF_FIELD, check_csrf, check_write_token, csrf_token, with_csrf_cookie
from ..cache import cache_key
from ..chart_requests import chart_of_dataset
from ..context import current_site
from ..datasets import append_rows
from ..errors import status_and_message
from ..export import frame_json_rows
from ..query_parameters import refuse_any_parameter, refuse_bad_query, refuse_unknown_parameters
from ..rendering import cached_answer
from ..responses import chart_response
from ..store import DatasetInfo, DatasetNotFound, StoreError, WriteRejected
from .base import (
    DATA_TYPES,
    alt_texts,
    chart_url,
    data_body,
    drawn_numbers,
    file_bytes,
    refuse_unknown_fields,
    request_form,
    typed_field,
    upload_limits,
)

bp = Blueprint("datasets", __name__)
# The "Added N rows." notice of a dataset's page goes from the append form to the page in a cookie,
# not in the URL, where anyone could link to the page with a notice of any number. It lives for a
# minute, on the dataset's page only, and is shown once.
ADDED_COOKIE = "svgplots_added"
ADDED_COOKIE_SECONDS = 60
# What a dataset's page takes: `added`, which the append form's redirect carried before the notice
# came in a cookie. Links with it are still around; it shows no notice, and any other is refused.
PAGE_PARAMETERS = ("added",)
# What a dataset's rows as JSON or CSV take: `v`, its version (cached for good while current), and
# `errors`, as chart URLs do (it changes nothing here).
ROWS_PARAMETERS = ("v", "errors")
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


def parameters_elsewhere(name: str) -> dict[str, str]:
    """The parameters of a dataset's charts and rows, which its page and description do not take,
    each -> the URLs of dataset `name` that take it (as `refuse_unknown_parameters` names them)."""
    chart = f"a chart's URL (such as /plot/{name}.svg)"
    return {**dict.fromkeys((*FIELDS, *RANGE_PARAMS), chart),
            **dict.fromkeys(ROWS_PARAMETERS, f"{chart} and the dataset's rows (/datasets/{name}.json, .csv)")}


@bp.get("/datasets/<slug:name>")
def dataset(name: str):
    """A dataset: its columns, the first rows, a chart of each numeric column, a form to append rows."""
    refuse_unknown_parameters(request.args.keys(), PAGE_PARAMETERS, f"a dataset's page (/datasets/{name})",
                              parameters_elsewhere(name))
    added = request.cookies.get(ADDED_COOKIE)
    notice = f"Added {added} row{'' if added == '1' else 's'}." if added and added.isdigit() else None
    # The first rows, and those that show each date column's format (frame_json_rows writes them so).
    snapshot = current_site().store.head(name, current_app.config["TABLE_ROWS"])
    info = snapshot.info
    requests = [chart_of_dataset(info, {"y": [column]}) for column in drawn_numbers(info)]
    charts = []
    for chart_request, alt in zip(requests, alt_texts(requests)):
        [column] = chart_request.spec.y
        charts.append({
            "column": column,
            "src": chart_url("charts.plot_file", {"y": column}, info.version, dataset=name, fmt="svg"),
            "alt": alt,
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
    ))
    if added is not None:  # shown once, to this browser only
        response.delete_cookie(ADDED_COOKIE, path=url_for("datasets.dataset", name=name), secure=request.is_secure,
                               httponly=True, samesite="Strict")
        response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/datasets/<slug:name>.<any(json,csv):fmt>")
def dataset_file(name: str, fmt: str):
    """All rows of a dataset as JSON or CSV, cached as its charts are (`v`: its version)."""
    refuse_bad_query()
    refuse_unknown_parameters(request.args.keys(), ROWS_PARAMETERS, f".{fmt}")  # scale too, saying where it applies
    store = current_site().store
    info = store.info(name)
    rendered = cached_answer(cache_key(name, info.version, "rows", fmt), lambda: store.read(name),
                             lambda snapshot: data_body(fmt, snapshot.frame, dataset_summary(snapshot.info)),
                             DATA_TYPES[fmt])
    return chart_response(rendered, DATA_TYPES[fmt], request.args.get("v"))


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
    """Append the rows of a CSV file or of pasted CSV text, then go back to the dataset's page."""
    rows = None
    try:
        try:
            form, files = request_form()
        except (StoreError, HTTPException):
            # Refused before the fields were read (a field sent twice): keep what was pasted.
            rows = typed_field("rows") or None
            raise
        rows = form.get("rows")
        check_csrf()
        check_write_token(form.get("token"))
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
            raw, what = form.get("rows", "").encode(), "the pasted text"
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
