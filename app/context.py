"""The running site's parts (store, dashboards, render cache) and the lookups views share."""
from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd
from flask import current_app
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import BadRequest, NotFound

from plots import ChartSpec, Limits, SpecError, chart_frame, parse_spec, render_png, render_svg

from .cache import RenderCache, Rendered
from .compression import compressed_variants
from .dashboards import Chart, Dashboard
from .renderpool import RenderPool
from .store import DatasetInfo, Snapshot, Store, StoreBusy

# Query parameters that are not chart fields: `v` pins a data version in URLs, `scale` is PNG-only.
NON_SPEC_PARAMS = ("v", "scale")


@dataclass
class Site:
    """What every request reads: the dataset store, the dashboards, the render cache, the limits."""

    store: Store
    dashboards: dict[str, Dashboard]
    cache: RenderCache
    limits: Limits
    # None renders in the request's own thread (only for tools that need no limits).
    pool: RenderPool | None = None

    def dashboard(self, name: str) -> Dashboard:
        """The dashboard of that name; raises NotFound listing the dashboards."""
        dashboard = self.dashboards.get(name)
        if dashboard is None:
            raise NotFound(f"no dashboard {name!r}; the dashboards are {', '.join(self.dashboards) or '(none)'}")
        return dashboard


def current_site() -> Site:
    """The Site of the running app."""
    return current_app.extensions["svgplots"]


@dataclass(frozen=True)
class ChartRequest:
    """A chart to draw: the dataset as it is now and a validated spec."""

    dataset: DatasetInfo
    spec: ChartSpec


def query_fields(args: MultiDict, skip: tuple[str, ...] = NON_SPEC_PARAMS) -> dict[str, list[str]]:
    """The request's chart fields as name -> list of values."""
    return {key: args.getlist(key) for key in args.keys() if key not in skip}


def dashboard_chart(dashboard_name: str, chart_id: str, args: Mapping | None = None) -> tuple[Dashboard, Chart, ChartRequest]:
    """A dashboard chart with the request's fields laid over its own; raises NotFound or SpecError."""
    site = current_site()
    dashboard = site.dashboard(dashboard_name)
    chart = dashboard.chart(chart_id)
    request = chart_of_dashboard(chart, site.store.info(chart.dataset))
    return dashboard, chart, with_query(request, args) if args else request


def chart_of_dashboard(chart: Chart, info: DatasetInfo) -> ChartRequest:
    """A dashboard chart as its file defines it, over `info` (the dataset as it is now); raises SpecError."""
    return ChartRequest(info, chart.spec(info.column_types(), current_site().limits))


def with_query(request: ChartRequest, args: Mapping) -> ChartRequest:
    """The same chart with the request's query fields laid over its spec; raises SpecError."""
    return chart_of_dataset(request.dataset, query_fields(args), base=request.spec)


def chart_of_dataset(info: DatasetInfo, fields: Mapping[str, list[str]], base: ChartSpec | None = None) -> ChartRequest:
    """A chart of the dataset `info` describes, from `fields` over `base`; raises SpecError."""
    spec = parse_spec(fields, info.column_types(), base=base, limits=current_site().limits)
    return ChartRequest(info, spec)


def dataset_chart(dataset: str, fields: Mapping[str, list[str]], base: ChartSpec | None = None) -> ChartRequest:
    """An ad-hoc chart of a dataset; raises NotFound or SpecError."""
    return chart_of_dataset(current_site().store.info(dataset), fields, base)


def chart_data(request: ChartRequest) -> pd.DataFrame:
    """Exactly the rows and columns the chart draws."""
    site = current_site()
    snapshot = _snapshot(request)
    return chart_frame(request.spec, snapshot.frame, site.limits)


def _snapshot(request: ChartRequest) -> Snapshot:
    """The chart's columns of its dataset, read with their version from one snapshot.

    Raises StoreBusy when the dataset was replaced by one with other columns since the spec was
    checked against it (asking again checks the spec against the new columns).
    """
    snapshot = current_site().store.read(request.dataset.name)
    if snapshot.info.columns != request.dataset.columns:
        raise StoreBusy(f"dataset {request.dataset.name!r} was replaced while this chart was drawn; try again")
    return Snapshot(snapshot.info, snapshot.frame.loc[:, list(request.spec.columns())])


def png_scale(args: Mapping) -> int:
    """The `scale` parameter of a PNG request; raises BadRequest outside the limits."""
    limits = current_site().limits
    raw = args.get("scale", "1")
    if not (raw.isascii() and raw.isdigit()) or not limits.min_scale <= int(raw) <= limits.max_scale:
        raise BadRequest(f"scale must be a whole number from {limits.min_scale} to {limits.max_scale}, got {raw!r}")
    return int(raw)


def rendered_chart(request: ChartRequest, fmt: str, scale: int = 1) -> Rendered:
    """The chart's bytes in `fmt` (svg or png), from the render cache when the data is unchanged.

    What is drawn and the version it is cached under come from one snapshot of the dataset: when
    rows arrive between the request's look-up and the read, the newer rows are drawn and the
    result says so in its `version`.
    """
    site = current_site()
    info = request.dataset
    hit = site.cache.get(_cache_key(info.name, info.version, request, fmt, scale))
    if hit is not None:
        return hit
    snapshot = _snapshot(request)
    version = snapshot.info.version
    key = _cache_key(info.name, version, request, fmt, scale)
    hit = site.cache.get(key)
    if hit is not None:
        return hit
    job = (request.spec, snapshot.frame, fmt, scale, site.limits)
    body = site.pool.run(render_chart_bytes, *job) if site.pool else render_chart_bytes(*job)
    media_type = "image/svg+xml" if fmt == "svg" else "image/png"
    result = Rendered(body, hashlib.sha256(body).hexdigest()[:32], version, compressed_variants(body, media_type))
    site.cache.put(key, result)
    return result


def _cache_key(name: str, version: str, request: ChartRequest, fmt: str, scale: int) -> tuple:
    return (name, version) + cache_key_rest(request, fmt, scale)


def cache_key_rest(request: ChartRequest, fmt: str, scale: int) -> tuple:
    """The render-cache key of a chart without its dataset and version."""
    return (request.spec.key(), fmt, scale)


def render_chart_bytes(spec: ChartSpec, frame: pd.DataFrame, fmt: str, scale: int, limits: Limits) -> bytes:
    """Render one chart; runs inside a render worker process.

    Raises SpecError (422) when matplotlib cannot draw the values (say, a range so wide that it
    overflows): a request that is valid but undrawable, not a server failure.
    """
    try:
        if fmt == "svg":
            return render_svg(spec, frame, limits)
        return render_png(spec, frame, scale, limits)
    except (ValueError, OverflowError, FloatingPointError, ZeroDivisionError) as error:
        if isinstance(error, SpecError):
            raise
        raise SpecError(f"the chart cannot be drawn from these values ({error}); "
                        "check the range parameters or the data", status=422) from None
