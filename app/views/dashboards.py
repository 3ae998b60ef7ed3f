"""Dashboards: a grid of charts, and the data version of each for auto-refresh.

Every chart image URL carries its data version (`?v=`), so a page never shows a stale chart; a
dashboard with `refresh` polls its `versions.json` and swaps the images whose data changed.
"""
from __future__ import annotations

from flask import Blueprint, render_template, url_for

from plots import ChartSpec, SpecError, format_named

from ..context import chart_of_dashboard, current_site
from ..reports import REPORT_FORMAT, rendered_report
from ..responses import chart_response, json_response
from ..store import StoreError
from .base import alt_text, chart_url

bp = Blueprint("dashboards", __name__)


def _cells(name: str) -> list[dict]:
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
        except (SpecError, StoreError) as error:
            # One chart whose data changed under it must not take the whole page down: its image
            # URL answers with an SVG that says what is wrong, and the other charts still show.
            cells.append(_broken_cell(name, chart, error.message))
            continue
        cells.append({
            "chart": chart,
            "spec": request_.spec,
            "dataset": request_.dataset.name,
            "version": request_.dataset.version,
            "src": chart_url("charts.chart_file", {}, request_.dataset.version, dashboard=name,
                             chart=chart.id, fmt="svg"),
            "alt": alt_text(request_),
            "href": url_for("charts.chart_page", dashboard=name, chart=chart.id),
        })
    return cells


def _broken_cell(name: str, chart, message: str) -> dict:
    return {
        "chart": chart,
        "spec": ChartSpec(),
        "dataset": chart.dataset,
        "version": None,
        "src": url_for("charts.chart_file", dashboard=name, chart=chart.id, fmt="svg"),
        "alt": f"This chart cannot be drawn: {message}",
        "href": url_for("charts.chart_page", dashboard=name, chart=chart.id),
    }


@bp.get("/d/<slug:name>")
def dashboard(name: str):
    """A dashboard: its charts in a grid, each linking to its own page; refreshed when it sets `refresh`."""
    board = current_site().dashboard(name)
    return render_template("dashboard.html", board=board, cells=_cells(name),
                           versions_url=url_for("dashboards.versions", name=name))


@bp.get("/d/<slug:name>/versions.json")
def versions(name: str):
    """The current data version of each chart of a dashboard, with the image URL that draws it."""
    board = current_site().dashboard(name)
    charts = {cell["chart"].id: {"dataset": cell["dataset"], "version": cell["version"], "src": cell["src"],
                                 "alt": cell["alt"]} for cell in _cells(name)}
    response = json_response({"ok": True, "dashboard": board.name, "refresh": board.refresh, "charts": charts})
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/d/<slug:name>.pdf")
def report(name: str):
    """The dashboard as a PDF report: its title, description and data versions, its charts and captions."""
    board = current_site().dashboard(name)
    return chart_response(rendered_report(board), format_named(REPORT_FORMAT).media_type)
