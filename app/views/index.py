"""The front page: every dashboard and dataset, each with a small chart."""
from __future__ import annotations

from flask import Blueprint, render_template

from plots.selection import FILTER_PREFIX

from ..context import current_site
from ..query_parameters import refuse_any_parameter
from ..store import StoreError
from .chart_versions import chart_url
from .dataset_charts import page_charts

bp = Blueprint("index", __name__)

THUMB = {"width": "320", "height": "180"}


@bp.get("/")
def index():
    """Every dashboard and dataset, each with a small chart."""
    refuse_any_parameter("the front page (/)")
    site = current_site()
    dashboards = []
    for dashboard in site.dashboards.values():
        first = dashboard.charts[0]
        try:
            version = site.store.info(first.dataset).version
        except StoreError:
            version = "unavailable"  # the thumbnail's own URL then says what is wrong
        thumb = chart_url("charts.chart_file", THUMB, version, dashboard=dashboard.name, chart=first.id, fmt="svg")
        dashboards.append({"dashboard": dashboard, "thumb": thumb})
    datasets = []
    for name in site.store.names():
        try:
            info = site.store.info(name)
        except StoreError as error:
            # One unreadable file in the data folder must not take the index down.
            datasets.append({"name": name, "error": error.message})
            continue
        thumb = None
        charts = page_charts(info, None)
        if charts:  # the first of its page's charts
            first = charts[0]
            thumb = chart_url("charts.plot_file", {**THUMB, **first.fields}, info.version,
                              [(FILTER_PREFIX + column, value) for column, value in first.filters],
                              dataset=name, fmt="svg")
        datasets.append({"info": info, "thumb": thumb})
    return render_template("index.html", dashboards=dashboards, datasets=datasets,
                           dashboard_folders=site.dashboard_folders)
