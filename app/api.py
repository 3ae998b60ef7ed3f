"""Machine-readable URLs: datasets (list, create, append rows, delete), exports, the seed's /divide.json.

Reads are public; writes need `Authorization: Bearer <token>` (see `auth`). Every error has the
one JSON shape `{"ok": false, "status", "title", "error"}`.
"""
from __future__ import annotations

import math

from flask import Blueprint, Response, current_app, request, url_for
from werkzeug.exceptions import BadRequest, HTTPException, UnsupportedMediaType

from .auth import bearer_token, check_write_token
from .context import current_site
from .export import frame_csv, frame_json_rows
from .openapi import openapi_document
from .responses import json_response
from .store import DatasetInfo
from .writes import (
    CSV_TYPES,
    append_rows,
    create_dataset,
    delete_dataset,
    file_bytes,
    idempotency_key,
    request_body,
    request_form,
    rows_format,
)

bp = Blueprint("api", __name__)


def dataset_summary(info: DatasetInfo) -> dict:
    """A dataset's description as the API shows it."""
    return {
        "name": info.name,
        "title": info.title,
        "version": info.version,
        "row_count": info.rows,
        "updated": info.updated or None,
        "writable": info.writable,
        "columns": [{"name": c.name, "type": c.type} for c in info.columns],
        "url": url_for("pages.dataset", name=info.name),
        "json": url_for("api.dataset_file", name=info.name, fmt="json"),
        "csv": url_for("api.dataset_file", name=info.name, fmt="csv"),
    }


@bp.get("/api/datasets")
def list_datasets():
    """Every dataset with its columns and version."""
    store = current_site().store
    datasets = []
    for name in store.names():
        try:
            datasets.append(dataset_summary(store.info(name)))
        except HTTPException as error:  # one unreadable file in the data folder: say so, list the rest
            datasets.append({"name": name, "error": error.description})
    return json_response({"ok": True, "datasets": datasets})


@bp.get("/api/datasets/<slug:name>")
def show_dataset(name: str):
    """One dataset's description."""
    return json_response({"ok": True, "dataset": dataset_summary(current_site().store.info(name))})


@bp.post("/api/datasets")
def create():
    """Create a dataset from a CSV: a multipart form (name, title, file) or a text/csv body (?name=&title=)."""
    check_write_token(bearer_token())
    if request.mimetype in ("multipart/form-data", "application/x-www-form-urlencoded"):
        form, files = request_form()
        info = create_dataset(form.get("name"), form.get("title"), file_bytes(files.get("file")))
    elif request.mimetype in CSV_TYPES:
        info = create_dataset(request.args.get("name"), request.args.get("title"), request_body(), "the body")
    else:
        raise UnsupportedMediaType(f"Content-Type {request.mimetype or 'none'} cannot create a dataset; send a "
                                   "multipart/form-data form with the fields name, title and file (the CSV), or "
                                   "a text/csv body with ?name=&title= in the URL")
    response = json_response({"ok": True, "dataset": dataset_summary(info), "version": info.version,
                              "rows_total": info.rows}, status=201)
    response.headers["Location"] = url_for("api.show_dataset", name=info.name)
    return response


@bp.post("/api/datasets/<slug:name>/rows")
def append(name: str):
    """Append rows (a JSON list of objects, or CSV with a header line), all or none; bumps the version."""
    check_write_token(bearer_token())
    key = idempotency_key()
    info, added, replayed = append_rows(name, request_body(), rows_format(request.mimetype), key=key)
    return json_response({"ok": True, "dataset": info.name, "version": info.version, "rows_added": added,
                          "rows_total": info.rows, "replayed": replayed})


@bp.delete("/api/datasets/<slug:name>")
def delete(name: str):
    """Delete a dataset and its rows; refused (409) while a dashboard draws it."""
    check_write_token(bearer_token())
    delete_dataset(name)
    return json_response({"ok": True, "deleted": name})


@bp.get("/api/openapi.json")
def openapi():
    """The OpenAPI 3.1 description of this API."""
    return json_response(openapi_document(current_app.config["MAX_CONTENT_LENGTH"]))


@bp.get("/datasets/<slug:name>.<any(json,csv):fmt>")
def dataset_file(name: str, fmt: str):
    """All rows of a dataset as JSON or CSV."""
    store = current_site().store
    info = store.info(name)
    frame = store.read(name)
    if fmt == "csv":
        response = Response(frame_csv(frame), mimetype="text/csv")
        response.headers["Content-Disposition"] = f'inline; filename="{name}.csv"'
        return response
    return json_response({"ok": True, **dataset_summary(info), "rows": frame_json_rows(frame)})


def _number(name: str) -> float:
    raw = request.args.get(name)
    if raw is None or not raw.strip():
        raise BadRequest(f"{name} is required: a number")
    try:
        value = float(raw)
    except ValueError:
        raise BadRequest(f"{name} must be a number, got {raw!r}") from None
    if not math.isfinite(value):
        raise BadRequest(f"{name} must be a finite number, got {raw!r}")
    return value


@bp.get("/divide.json")
def divide():
    """The seed's calculator: numerator / denominator as JSON."""
    numerator, denominator = _number("numerator"), _number("denominator")
    if denominator == 0:
        raise BadRequest("denominator must not be 0")
    result = numerator / denominator
    if not math.isfinite(result):
        raise BadRequest("the result is too large to represent; use smaller numbers")
    return json_response({"ok": True, "numerator": numerator, "denominator": denominator, "result": result})
