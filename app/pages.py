"""HTML pages: the index, dashboards, chart pages with their form and embed snippets, datasets.

Every chart image URL carries its data version (`?v=`), so a page never shows a stale chart; a
dashboard with `refresh` polls its `versions.json` and swaps the images whose data changed.
"""
from __future__ import annotations

from html import escape
from urllib.parse import urlencode

from flask import Blueprint, current_app, render_template, request, url_for
from werkzeug.exceptions import HTTPException

from plots import KINDS, ChartSpec, SpecError, describe
from plots.spec import AGGREGATES, NUMERIC_TYPES, RESAMPLE_RULES, THEMES

from .context import (
    ChartRequest,
    chart_data,
    chart_of_dashboard,
    chart_of_dataset,
    current_site,
    dashboard_chart,
    with_query,
)
from .export import frame_json_rows
from .responses import json_response

bp = Blueprint("pages", __name__)

THUMB = {"width": "320", "height": "180"}
ALT_MEMO_SIZE = 1024


def chart_url(endpoint: str, spec_query: dict[str, str], version: str, **values) -> str:
    """A chart image URL with the spec overrides and the data version (so caches never go stale)."""
    query = {**spec_query, "v": version}
    return url_for(endpoint, **values) + "?" + urlencode(query)


def _alt(chart: ChartRequest, data=None) -> str:
    """The same words as the SVG's <title> and <desc> (kept per data version: polls ask often)."""
    memo = current_app.extensions.setdefault("svgplots.alt", {})
    key = (chart.dataset.name, chart.dataset.version, chart.spec.key())
    alt = memo.get(key)
    if alt is None:
        title, desc = describe(chart.spec, chart_data(chart) if data is None else data)
        alt = f"{title}. {desc}" if title != desc else desc
        if len(memo) >= ALT_MEMO_SIZE:
            memo.clear()
        memo[key] = alt
    return alt


@bp.get("/")
def index():
    """Every dashboard and dataset, each with a small chart."""
    site = current_site()
    dashboards = []
    for dashboard in site.dashboards.values():
        first = dashboard.charts[0]
        try:
            version = site.store.info(first.dataset).version
        except HTTPException:
            version = "unavailable"  # the thumbnail's own URL then says what is wrong
        thumb = chart_url("charts.dashboard_chart_file", THUMB, version, dashboard=dashboard.name,
                          chart=first.id, fmt="svg")
        dashboards.append({"dashboard": dashboard, "thumb": thumb})
    datasets = []
    for name in site.store.names():
        try:
            info = site.store.info(name)
        except HTTPException as error:
            # One unreadable file in the data folder must not take the index down.
            datasets.append({"name": name, "error": error.description})
            continue
        numeric = [c.name for c in info.columns if c.type in NUMERIC_TYPES]
        thumb = None
        if numeric:
            thumb = chart_url("charts.plot_file", {**THUMB, "y": numeric[0]}, info.version, dataset=name, fmt="svg")
        datasets.append({"info": info, "thumb": thumb})
    return render_template("index.html", dashboards=dashboards, datasets=datasets)


def _dashboard_cells(name: str) -> list[dict]:
    """Each chart of a dashboard with its spec, data version, image URL and alt text."""
    site = current_site()
    board = site.dashboard(name)
    infos = {}  # one look-up per dataset, however many charts draw it
    cells = []
    for chart in board.charts:
        try:
            if chart.dataset not in infos:
                infos[chart.dataset] = site.store.info(chart.dataset)
            request_ = chart_of_dashboard(chart, infos[chart.dataset])
        except (SpecError, HTTPException) as error:
            # One chart whose data changed under it must not take the whole page down: its image
            # URL answers with an SVG that says what is wrong, and the other charts still show.
            cells.append(_broken_cell(name, chart, error.message if isinstance(error, SpecError) else error.description))
            continue
        cells.append({
            "chart": chart,
            "spec": request_.spec,
            "dataset": request_.dataset.name,
            "version": request_.dataset.version,
            "src": chart_url("charts.dashboard_chart_file", {}, request_.dataset.version, dashboard=name,
                             chart=chart.id, fmt="svg"),
            "alt": _alt(request_),
            "href": url_for("pages.chart", dashboard=name, chart=chart.id),
        })
    return cells


def _broken_cell(name: str, chart, message: str) -> dict:
    return {
        "chart": chart,
        "spec": ChartSpec(),
        "dataset": chart.dataset,
        "version": None,
        "src": url_for("charts.dashboard_chart_file", dashboard=name, chart=chart.id, fmt="svg"),
        "alt": f"This chart cannot be drawn: {message}",
        "href": url_for("pages.chart", dashboard=name, chart=chart.id),
    }


@bp.get("/d/<slug:name>")
def dashboard(name: str):
    """A dashboard: its charts in a grid, each linking to its own page; refreshed when it sets `refresh`."""
    board = current_site().dashboard(name)
    return render_template("dashboard.html", board=board, cells=_dashboard_cells(name),
                           versions_url=url_for("pages.dashboard_versions", name=name))


@bp.get("/d/<slug:name>/versions.json")
def dashboard_versions(name: str):
    """The current data version of each chart of a dashboard, with the image URL that draws it."""
    board = current_site().dashboard(name)
    charts = {cell["chart"].id: {"dataset": cell["dataset"], "version": cell["version"], "src": cell["src"],
                                 "alt": cell["alt"]} for cell in _dashboard_cells(name)}
    response = json_response({"ok": True, "dashboard": board.name, "refresh": board.refresh, "charts": charts})
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/d/<slug:dashboard>/<slug:chart>")
def chart(dashboard: str, chart: str):
    """A chart page: the chart, a form to change it, embed snippets, its data."""
    board, entry, base_request = dashboard_chart(dashboard, chart)
    base = base_request.spec
    error = None
    try:
        chart_request = with_query(base_request, request.args)
    except SpecError as spec_error:
        # Show the form again with the message, and the chart as the dashboard defines it.
        error, chart_request = spec_error.message, base_request
    spec = chart_request.spec
    overrides = spec.to_query(base)
    version = chart_request.dataset.version
    files = {fmt: url_for("charts.dashboard_chart_file", dashboard=dashboard, chart=chart, fmt=fmt)
             + ("?" + urlencode(overrides) if overrides else "") for fmt in ("svg", "png", "json", "csv")}
    absolute = request.host_url.rstrip("/") + files["svg"]
    data = chart_data(chart_request)
    alt = _alt(chart_request, data)
    embed_html = (f'<img src="{escape(absolute)}" width="{spec.width}" height="{spec.height}" '
                  f'alt="{escape(alt)}">')
    markdown_alt = alt.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")
    embed_markdown = f"![{markdown_alt}]({absolute})"
    html = render_template(
        "chart.html",
        board=board,
        entry=entry,
        spec=spec,
        error=error,
        src=chart_url("charts.dashboard_chart_file", overrides, version, dashboard=dashboard, chart=chart, fmt="svg"),
        alt=alt,
        files=files,
        absolute=absolute,
        embed_html=embed_html,
        embed_markdown=embed_markdown,
        columns=chart_request.dataset.columns,
        numeric=[c.name for c in chart_request.dataset.columns if c.type in NUMERIC_TYPES],
        table_columns=list(data.columns),
        table_rows=frame_json_rows(data, current_app.config["TABLE_ROWS"]),
        total_rows=len(data),
        kinds=KINDS,
        themes=THEMES,
        resample_rules=tuple(RESAMPLE_RULES),
        aggregates=AGGREGATES,
    )
    return html, (400 if error else 200)


@bp.get("/datasets/<slug:name>")
def dataset(name: str):
    """A dataset: its columns, the first rows, a chart of each numeric column, a form to append rows."""
    added = request.args.get("added", "")
    notice = f"Added {added} row{'' if added == '1' else 's'}." if added.isdigit() else None
    site = current_site()
    info = site.store.info(name)
    frame = site.store.read(name)
    charts = []
    for column in info.columns:
        if column.type in NUMERIC_TYPES:
            chart_request = chart_of_dataset(info, {"y": [column.name]})
            charts.append({
                "column": column.name,
                "src": chart_url("charts.plot_file", {"y": column.name}, info.version, dataset=name, fmt="svg"),
                "alt": _alt(chart_request),
                "spec": chart_request.spec,
            })
    return render_template(
        "dataset.html",
        info=info,
        charts=charts,
        table_columns=[c.name for c in info.columns],
        table_rows=frame_json_rows(frame, current_app.config["TABLE_ROWS"]),
        default_spec=ChartSpec(),
        notice=notice,
    )
