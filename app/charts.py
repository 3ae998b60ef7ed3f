"""Chart URLs: every chart as SVG or PNG, and the data behind it as JSON or CSV."""
from __future__ import annotations

from flask import Blueprint, Response, current_app, request, send_from_directory
from werkzeug.exceptions import BadRequest

from plots import ChartSpec

from .context import ChartRequest, chart_data, dashboard_chart, dataset_chart, png_scale, query_fields, rendered_chart
from .export import frame_csv, frame_json_rows
from .responses import chart_response, json_response

bp = Blueprint("charts", __name__)

MIMETYPES = {"svg": "image/svg+xml", "png": "image/png"}
SEED_ANIMALS = ("Bear", "Deer", "Wolf")


def _answer(chart: ChartRequest, fmt: str, url_path: str) -> Response:
    """The chart in `fmt`: an image, or the data it draws."""
    if fmt in MIMETYPES:
        scale = png_scale(request.args) if fmt == "png" else 1
        if fmt == "svg" and "scale" in request.args:
            raise BadRequest("scale applies to .png only; an SVG scales by itself")
        return chart_response(rendered_chart(chart, fmt, scale), MIMETYPES[fmt], chart.dataset.version)
    data = chart_data(chart)
    if fmt == "csv":
        response = Response(frame_csv(data), mimetype="text/csv")
        response.headers["Content-Disposition"] = f'inline; filename="{url_path}.csv"'
        return response
    return json_response({
        "ok": True,
        "dataset": chart.dataset.name,
        "version": chart.dataset.version,
        "spec": chart.spec.to_query(),
        "columns": list(data.columns),
        "rows": frame_json_rows(data),
    })


@bp.get("/d/<slug:dashboard>/<slug:chart>.<any(svg,png,json,csv):fmt>")
def dashboard_chart_file(dashboard: str, chart: str, fmt: str):
    """A dashboard's chart, with query parameters laid over its spec."""
    _, _, chart_request = dashboard_chart(dashboard, chart, request.args)
    return _answer(chart_request, fmt, chart)


@bp.get("/plot/<slug:dataset>.<any(svg,png,json,csv):fmt>")
def plot_file(dataset: str, fmt: str):
    """An ad-hoc chart of any dataset: /plot/animals.svg?kind=bar&y=Bear."""
    return _answer(dataset_chart(dataset, query_fields(request.args)), fmt, dataset)


@bp.get("/animal.svg")
def seed_animal():
    """The original one-animal chart: /animal.svg?type=Bear|Deer|Wolf."""
    kind = request.args.get("type")
    if kind not in SEED_ANIMALS:
        shown = "missing" if kind is None else repr(kind)
        raise BadRequest(f"type must be one of {', '.join(SEED_ANIMALS)}; got {shown}")
    base = ChartSpec(kind="line", x="year", y=(kind,), title=f"{kind} sightings per year")
    fields = query_fields(request.args, skip=("type", "v", "scale", "y", "kind"))
    return _answer(dataset_chart("animals", fields, base=base), "svg", "animal")


@bp.get("/bears.svg")
def seed_bears():
    """The original static bear chart, a file served as it is."""
    response = send_from_directory(current_app.static_folder, "bears.svg", mimetype="image/svg+xml")
    response.headers["Content-Type"] = "image/svg+xml; charset=utf-8"
    return response
