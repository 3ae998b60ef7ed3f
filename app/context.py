"""The running site's parts (store, dashboards, render cache) and the lookups views share."""
from __future__ import annotations

import functools
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import unquote_to_bytes

import pandas as pd
from flask import current_app
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import NotFound

from plots import FORMATS, ChartSpec, Format, Limits, SpecError, chart_frame, parse_spec, render_chart

from .cache import RenderCache, Rendered
from .compression import compressed_variants
from .dashboards import Chart, Dashboard
from .renderpool import RenderPool
from .store import DatasetInfo, Snapshot, Store, StoreBusy

# Query parameters that are not chart fields (besides the output formats' options): `v` pins a
# data version in URLs; `errors=image` answers an error as a 200 image (see responses.error_response).
NON_SPEC_PARAMS = ("v", "errors")
ERROR_MODES = ("image",)


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


def format_options() -> set[str]:
    """The names of every registered output format's options (png's `scale`, …)."""
    return {name for fmt in FORMATS.values() for name in fmt.options}


def query_fields(args: MultiDict, skip: tuple[str, ...] = NON_SPEC_PARAMS) -> dict[str, list[str]]:
    """The request's chart fields as name -> list of values (format options and `v` left out)."""
    skipped = set(skip) | format_options()
    return {key: args.getlist(key) for key in args.keys() if key not in skipped}


def check_query(raw: bytes, args: MultiDict) -> None:
    """Refuse a chart URL's query string that is not UTF-8 once percent-decoded (werkzeug would read
    it with replacement characters and draw "\ufffd") or that asks for an unknown `errors` mode;
    raises SpecError naming the parameter."""
    if not raw.isascii() or b"%" in raw:
        try:
            unquote_to_bytes(raw.replace(b"+", b" ")).decode("utf-8")
        except UnicodeDecodeError:
            _refuse_bad_parameter(raw)
    modes = args.getlist("errors")
    if modes and modes != list(ERROR_MODES):
        raise SpecError(f"errors must be image (to answer an error as a 200 image) or left out, got "
                        f"{', '.join(map(repr, modes))}", "errors")


def _refuse_bad_parameter(raw: bytes) -> None:
    for part in raw.split(b"&"):
        name, _, value = (unquote_to_bytes(piece.replace(b"+", b" ")) for piece in part.partition(b"="))
        try:
            field = name.decode("utf-8")
        except UnicodeDecodeError as error:
            raise SpecError(f"a parameter name is not valid UTF-8: the byte 0x{name[error.start]:02x} cannot be "
                            "read; send text percent-encoded as UTF-8 (%C3%A9 for é)") from None
        try:
            value.decode("utf-8")
        except UnicodeDecodeError as error:
            raise SpecError(f"{field} is not valid UTF-8: the byte 0x{value[error.start]:02x} at position "
                            f"{error.start} of its value cannot be read; send text percent-encoded as UTF-8 "
                            "(%C3%A9 for é)", field) from None


def chart_format(extension: str) -> Format:
    """The output format of a file extension; raises NotFound naming the extensions there are."""
    for fmt in FORMATS.values():
        if fmt.extension == extension:
            return fmt
    listed = ", ".join(f".{f.extension}" for f in FORMATS.values())
    raise NotFound(f"no chart format .{extension}; charts come as {listed}, their data as .json and .csv")


def format_options_of(fmt: Format, args: MultiDict) -> dict:
    """The request's options for `fmt`, parsed; raises SpecError for a bad value or for another
    format's option (say, scale on an SVG)."""
    for name in sorted(format_options() - set(fmt.options)):
        if name in args:
            owners = ", ".join(f".{f.extension}" for f in FORMATS.values() if name in f.options)
            raise SpecError(f"{name} applies to {owners} only, not .{fmt.extension}", name)
    return fmt.parse_options(args, current_site().limits)


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


def rendered_chart(request: ChartRequest, fmt: Format, options: Mapping | None = None) -> Rendered:
    """The chart's bytes in `fmt` drawn with its `options`, from the render cache when the data is unchanged.

    What is drawn and the version it is cached under come from one snapshot of the dataset: when
    rows arrive between the request's look-up and the read, the newer rows are drawn and the
    result says so in its `version`.
    """
    site = current_site()
    info = request.dataset
    options = dict(options or {})
    rest = cache_key_rest(request, fmt, options)
    hit = site.cache.get((info.name, info.version) + rest)
    if hit is not None:
        return hit
    snapshot = _snapshot(request)
    version = snapshot.info.version
    key = (info.name, version) + rest
    hit = site.cache.get(key)
    if hit is not None:
        return hit
    # The job names plots' own function: a render worker imports the renderer, never this app.
    draw = functools.partial(render_chart, **options) if options else render_chart
    job = (fmt.name, request.spec, snapshot.frame, site.limits)
    body = site.pool.run(draw, *job) if site.pool else draw(*job)
    result = Rendered(body, hashlib.sha256(body).hexdigest()[:32], version, compressed_variants(body, fmt.media_type))
    site.cache.put(key, result)
    return result


def cache_key_rest(request: ChartRequest, fmt: Format, options: Mapping) -> tuple:
    """The render-cache key of a chart without its dataset and version."""
    return (request.spec.key(), fmt.name, tuple(sorted(options.items())))
