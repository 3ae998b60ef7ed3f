"""The links a page writes to another: a URL with its query parameters, a dashboard chart's page."""
from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlencode

from flask import url_for


def with_params(url: str, params: Sequence[tuple[str, str]]) -> str:
    """`url` with the query parameters `params` (none: `url` as it is)."""
    return url + ("?" + urlencode(params) if params else "")


def chart_page_url(dashboard: str, chart: str, selection_params: Sequence[tuple[str, str]]) -> str:
    """The URL of a dashboard chart's page showing the rows `selection_params` choose."""
    return with_params(url_for("charts.chart_page", dashboard=dashboard, chart=chart), selection_params)
