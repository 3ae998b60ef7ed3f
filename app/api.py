"""Machine-readable URLs: dataset listings and exports, and the seed's /divide.json."""
from __future__ import annotations

import math

from flask import Blueprint, Response, request, url_for
from werkzeug.exceptions import BadRequest

from .context import current_site
from .export import frame_csv, frame_json_rows
from .responses import json_response
from .store import DatasetInfo

bp = Blueprint("api", __name__)


def dataset_summary(info: DatasetInfo) -> dict:
    """A dataset's description as the API shows it."""
    return {
        "name": info.name,
        "title": info.title,
        "version": info.version,
        "row_count": info.rows,
        "columns": [{"name": c.name, "type": c.type} for c in info.columns],
        "url": url_for("pages.dataset", name=info.name),
        "json": url_for("api.dataset_file", name=info.name, fmt="json"),
        "csv": url_for("api.dataset_file", name=info.name, fmt="csv"),
    }


@bp.get("/api/datasets")
def list_datasets():
    """Every dataset with its columns and version."""
    store = current_site().store
    return json_response({"ok": True, "datasets": [dataset_summary(store.info(n)) for n in store.names()]})


@bp.get("/api/datasets/<slug:name>")
def show_dataset(name: str):
    """One dataset's description."""
    return json_response({"ok": True, "dataset": dataset_summary(current_site().store.info(name))})


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
