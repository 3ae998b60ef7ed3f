"""The sample weather dashboard's charts, as the ad-hoc chart URLs (`/plot/<dataset>.<format>?…`) that tests
draw them by on other paths (a source of the same rows, a store whose database computes the charts)."""
from __future__ import annotations

import tomllib
from urllib.parse import urlencode

from app.config import DEFAULT_DASHBOARD_DIR

WEATHER_CHARTS = tomllib.loads((DEFAULT_DASHBOARD_DIR / "weather.toml").read_text(encoding="utf-8"))["charts"]


def chart_query(chart: dict) -> str:
    """A dashboard chart's fields as an ad-hoc chart URL's query: its id, dataset and caption, which are the
    dashboard's own, left out."""
    fields = {k: ",".join(v) if isinstance(v, list) else v for k, v in chart.items()
              if k not in ("id", "dataset", "caption")}
    return urlencode(fields)
