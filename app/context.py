"""The running site's parts (store, dashboards, render cache) and the lookups views share."""
from __future__ import annotations

import dataclasses
import functools
import hashlib
from bisect import bisect_left
from collections.abc import Callable, Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar
from urllib.parse import unquote_to_bytes

import pandas as pd
from flask import current_app, g, request
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import NotFound

from plots import FORMATS, ChartSpec, Format, Limits, SpecError, chart_frame, parse_spec, render_chart
from plots.downsample import pixel_columns
from plots.selection import (
    FILTER_PREFIX,
    Selection,
    SelectionQuery,
    choosable,
    is_selection_param,
    parse_selection_query,
)
from plots.spec import FIELDS, refuse_repeated, unknown_parameter
from plots.text import looking_like
from plots.timerange import RANGE_PARAMS, utc_now

from .cache import RenderCache, Rendered, at_version, cache_key, key_version
from .compression import compressed_variants
from .dashboards import Chart, Dashboard
from .renderpool import RenderPool
from .store import DatasetInfo, Snapshot, Store, StoreBusy, StoreTryLater

# Query parameters that are not chart fields (besides the output formats' options): `v` pins a
# data version in URLs; `errors=image` answers an error as a 200 image (see responses.error_response);
# `from`, `to` and every `filter.<column>` ("filter.*") choose rows.
NON_SPEC_PARAMS = ("v", "errors") + RANGE_PARAMS + (FILTER_PREFIX + "*",)
# What a dashboard's page takes besides the range and filters its charts take: `range`, its form's
# quick range.
DASHBOARD_PAGE_PARAMETERS = ("range",)
ERROR_MODES = ("image",)
# Values of a filter's column named in an error message. A dashboard's form offers a filter's
# values in a select when it has at most FORM_VALUES; with more, a text field takes any value and
# suggests the first SUGGESTED_VALUES.
ERROR_VALUES = 20
FORM_VALUES = 200
SUGGESTED_VALUES = 1000
VALUES_MEMO_SIZE = 256
# What a URL takes besides chart fields, as parse_spec's `others` takes them: the names, or a
# function that makes them, called only for the message when a parameter is refused.
Parameters = Sequence[str] | Callable[[], Sequence[str]]
T = TypeVar("T")


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


def clock_now() -> datetime:
    """Now as naive UTC, from the app's clock: the CLOCK setting (a function, for tests) or the system's."""
    clock = current_app.config.get("CLOCK") or utc_now
    return clock()


@dataclass(frozen=True)
class ChartRequest:
    """A chart to draw: the dataset as it is now, a validated spec and the rows asked for.

    `query` holds the range as moments (resolved once per request); `max_age` is set when the URL
    asked for a range relative to now: the seconds an answer stays right.
    """

    dataset: DatasetInfo
    spec: ChartSpec
    query: SelectionQuery = SelectionQuery()
    max_age: int | None = None

    @functools.cached_property
    def selection(self) -> Selection:
        """The rows this chart draws: the query as it applies to this dataset and x (worked out once
        per request: the cache key, the read and the alt text all ask for it)."""
        return self.query.selection_for(self.dataset.column_types(), self.spec.x)


def selection_notes(chart: ChartRequest, board: Dashboard | None = None) -> list[str]:
    """Sentences saying which of the rows asked for a chart could not be chosen in its dataset."""
    notes = []
    for part in chart.query.left_out(chart.selection):
        if part == "range":
            # Whole only when no filter narrowed it either.
            drawn = "Not narrowed to the time range" if chart.selection.filters else "Drawn whole"
            notes.append(f"{drawn}: {chart.dataset.name} has no date column for the time range.")
            continue
        offered = board.filter_on(part) if board is not None else None
        notes.append(f"Not filtered by {offered.label if offered else part}: "
                     f"{chart.dataset.name} has no text column {part}.")
    return notes


def format_options() -> set[str]:
    """The names of every registered output format's options (png's `scale`, …)."""
    return {name for fmt in FORMATS.values() for name in fmt.options}


def query_fields(args: MultiDict, skip: tuple[str, ...] = NON_SPEC_PARAMS) -> dict[str, list[str]]:
    """The request's parameters for the chart's spec, as name -> list of values: all but the format
    options and `skip`, which the view reads itself (a name ending in ".*" in `skip` leaves out every
    parameter starting with what precedes the "*"). An unknown parameter is among them: parse_spec
    refuses it, naming the `url_parameters` it is given."""
    skipped = set(skip) | format_options()
    prefixes = tuple(name[:-1] for name in skip if name.endswith(".*"))
    return {key: args.getlist(key) for key in args.keys()
            if key not in skipped and not (prefixes and key.startswith(prefixes))}


def url_parameters(fmt: Format | None, dashboard: Dashboard | None = None,
                   skip: tuple[str, ...] = NON_SPEC_PARAMS) -> tuple[str, ...]:
    """The parameters besides chart fields that a chart URL takes, as an unknown parameter's message
    lists them for parse_spec: those `skip` names (as `query_fields` leaves them out), then the options
    of `fmt`, the format the URL ends in (`scale` on a PNG; None: a page, or the data as JSON or
    CSV, which take none). A filter is listed as each one `dashboard` offers, or as `filter.<column>`.

    `v` and `errors` are listed wherever they are taken, on a page or the data too, where they
    change nothing: a link may carry a `v`, and an error's answer is an image only on an image.
    """
    names = []
    for name in skip:
        if name in FIELDS:
            continue
        if name.endswith(".*"):
            names += [f"{name[:-1]}<column>"] if dashboard is None else dashboard.filter_parameters
        else:
            names.append(name)
    return tuple(names) + (tuple(fmt.options) if fmt is not None else ())


def refuse_undecodable_query() -> None:
    """Refuse the request's query string when it is not UTF-8 once percent-decoded (werkzeug would
    read it with its undecodable escapes as written, `caf%E9`, and a page would store or draw them);
    raises SpecError naming the parameter. (The app's `before_request`, for every URL.)"""
    raw = request.query_string
    if not raw.isascii() or b"%" in raw:
        try:
            unquote_to_bytes(raw.replace(b"+", b" ")).decode("utf-8")
        except UnicodeDecodeError:
            _refuse_bad_parameter(raw)


def refuse_bad_query() -> None:
    """Refuse a chart's query that gives `v` twice or asks for an unknown `errors` mode; raises
    SpecError naming the parameter. (A blueprint's `before_request`; a query that is not UTF-8 was
    refused before, by `refuse_undecodable_query`.)"""
    args = request.args
    refuse_repeated("v", args.getlist("v"))
    modes = args.getlist("errors")
    allowed = "errors must be image (to answer an error as a 200 image) or left out"
    refuse_repeated("errors", modes, allowed)
    if modes and modes[0] not in ERROR_MODES:
        raise SpecError(f"{allowed}, got {modes[0]!r}", "errors")


def refuse_unknown_parameters(names: Iterable[str], taken: Sequence[str], where: str = "this URL",
                              elsewhere: Mapping[str, str] | None = None) -> None:
    """Refuse the first of `names` (a request's parameters) that is none of `taken`: a typo
    (`froom=`) would otherwise be ignored without a word. Raises SpecError naming it and what is
    taken (or that `where` takes none): for an output format's option (scale) or one of `elsewhere`
    (a parameter -> the URLs it applies to), where it applies and that it does not apply to `where`,
    what this URL is; else the one it looks like a typo of (`unknown_parameter`)."""
    for name in names:
        if name in taken:
            continue
        listed = f"the parameters are {', '.join(taken)}" if taken else "it takes no parameters"
        applies = (elsewhere or {}).get(name) or _option_owners(name)
        if applies:
            raise SpecError(f"{name} applies to {applies}, not {where}; {listed}", name)
        if not taken:
            raise SpecError(f"unknown parameter {name!r}; {where} takes no parameters", name)
        raise unknown_parameter(name, taken)


def refuse_any_parameter(where: str, elsewhere: Mapping[str, str] | None = None) -> None:
    """Refuse any query parameter, on a URL that takes none (`where`, what it is, in words; `elsewhere`
    as `refuse_unknown_parameters` takes it); raises SpecError naming it."""
    refuse_unknown_parameters(request.args.keys(), (), where, elsewhere)


def _option_owners(name: str) -> str | None:
    """Which formats take the option `name` (".png only"); None when it is no format's option."""
    owners = [f".{fmt.extension}" for fmt in FORMATS.values() if name in fmt.options]
    return f"{', '.join(owners)} only" if owners else None


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
    if extension.lower() in {*(f.extension for f in FORMATS.values()), "json", "csv"}:
        raise NotFound(f"no chart format .{extension}; extensions are written in lower case: .{extension.lower()}")
    listed = ", ".join(f".{f.extension}" for f in FORMATS.values())
    raise NotFound(f"no chart format .{extension}; charts come as {listed}, their data as .json and .csv")


def refuse_other_format_options(args: MultiDict, extension: str | None, own: Collection[str] = ()) -> None:
    """Raise SpecError for an output format's option in `args` that a file ending in `extension`
    (None: a chart's page) does not take (`own` are those it takes): scale on an SVG, on data as
    .json or .csv, or on a page would otherwise be ignored without a word."""
    for name in sorted(format_options() - set(own)):
        if name in args:
            where = f".{extension}" if extension is not None else "a chart's page"
            raise SpecError(f"{name} applies to {_option_owners(name)}, not {where}", name)


def format_options_of(fmt: Format, args: MultiDict) -> dict:
    """The request's options for `fmt`, parsed; raises SpecError for a bad value or for another
    format's option (say, scale on an SVG)."""
    refuse_other_format_options(args, fmt.extension, fmt.options)
    for name in fmt.options:
        refuse_repeated(name, args.getlist(name))
    return fmt.parse_options(args, current_site().limits)


def dashboard_chart(dashboard_name: str, chart_id: str, args: Mapping | None = None,
                    fmt: Format | None = None, where: str = "a chart's URL") -> tuple[Dashboard, Chart, ChartRequest]:
    """A dashboard chart with the request's fields laid over its own, narrowed to the rows the
    request selects over the dashboard's range; raises NotFound or SpecError (`fmt`: the image
    format the URL ends in, as `url_parameters` takes it; `where`: what the URL is, in words, for
    a refusal of a parameter of the dashboard's page)."""
    dashboard, chart, request = dashboard_entry(dashboard_name, chart_id)
    if args:
        others = functools.partial(url_parameters, fmt, dashboard)
        refuse_dashboard_page_parameters(dashboard, args, others, where)
        request = with_query(request, args, others)
    return dashboard, chart, with_selection(request, dashboard_query(dashboard, args or {}), clock_now())


def dashboard_page_parameters(dashboard: Dashboard) -> dict[str, str]:
    """The parameters only a dashboard's page takes, each -> where it applies, as a refusal of one
    elsewhere names it: its form's quick range (`range=now-7d`), which the page writes out as
    `from` when it redirects."""
    return dict.fromkeys(DASHBOARD_PAGE_PARAMETERS, f"the dashboard's page (/d/{dashboard.name}) only")


def refuse_dashboard_page_parameters(dashboard: Dashboard, args: Mapping, others: Parameters, where: str) -> None:
    """Refuse a parameter of the dashboard's page (range) in `args`, those of a URL of one of its
    charts (`where`, in words), whose parameters are the chart fields and `others` (or a function
    that makes them): raises SpecError naming where it applies, as `refuse_unknown_parameters` does
    (parse_spec would call it an unknown one)."""
    page_only = dashboard_page_parameters(dashboard)
    asked = [name for name in args.keys() if name in page_only]
    if asked:
        taken = others() if callable(others) else others
        refuse_unknown_parameters(asked, (*FIELDS, *taken), where, page_only)


def dashboard_entry(dashboard_name: str, chart_id: str) -> tuple[Dashboard, Chart, ChartRequest]:
    """A dashboard chart as its file defines it, over every row; raises NotFound or SpecError."""
    site = current_site()
    dashboard = site.dashboard(dashboard_name)
    chart = dashboard.chart(chart_id)
    defined = chart_of_dashboard(chart, site.store.info(chart.dataset))
    g.chart_base = defined.spec  # an error in its place takes its theme and size (`responses`)
    return dashboard, chart, defined


def chart_of_dashboard(chart: Chart, info: DatasetInfo) -> ChartRequest:
    """A dashboard chart as its file defines it, over `info` (the dataset as it is now); raises SpecError."""
    return ChartRequest(info, chart.spec(info.column_types(), current_site().limits))


def with_query(request: ChartRequest, args: Mapping, others: Parameters = ()) -> ChartRequest:
    """The same chart and rows with the request's query fields laid over its spec (`others`: the URL's
    `url_parameters`, or a function that makes them, as parse_spec takes them); raises SpecError."""
    spec = parse_spec(query_fields(args), request.dataset.column_types(), base=request.spec,
                      limits=current_site().limits, others=others)
    return dataclasses.replace(request, spec=spec)


def with_selection(request: ChartRequest, query: SelectionQuery, now: datetime) -> ChartRequest:
    """The same chart narrowed to the rows of `query`, its range resolved at `now`; raises SpecError
    when from is after to."""
    return dataclasses.replace(request, query=query.resolved(now), max_age=query.range.fresh_for(now))


def _selection_fields(args: Mapping) -> dict[str, list[str]]:
    """The row-choosing parameters of a query string or mapping, as name -> list of values."""
    names = [name for name in args.keys() if is_selection_param(name)]
    if isinstance(args, MultiDict):
        return {name: args.getlist(name) for name in names}
    return {name: list(args[name]) if isinstance(args[name], (list, tuple)) else [args[name]] for name in names}


def dashboard_query(dashboard: Dashboard, args: Mapping) -> SelectionQuery:
    """The rows `args` select on a dashboard (from, to over its range; filter.<column> for its filters).

    Raises SpecError: 400 for a malformed parameter, 404 for a filter the dashboard does not offer
    or a value its column does not hold, naming what there is.
    """
    def refusal(column: str) -> str | None:
        if dashboard.filter_on(column) is not None:
            return None
        offered = ", ".join(dashboard.filter_parameters)
        return (f"dashboard {dashboard.name!r} has no filter on {column!r}; "
                + (f"its filters are {offered}" if offered else "it has no filters"))

    def values(column: str) -> tuple[str, ...] | None:
        known, complete = filter_values(dashboard, column)
        return known if complete else None  # else the value may be one of a dataset that cannot be reached now

    query = parse_selection_query(_selection_fields(args), dashboard.range, dashboard.time_column)
    return _checked_filters(query, refusal, values, [offered.column for offered in dashboard.filters])


def dataset_query(info: DatasetInfo, args: Mapping) -> SelectionQuery:
    """The rows `args` select in a dataset (from, to; filter.<column> for any text column).

    Raises SpecError: 400 for a malformed parameter, 404 for a column that is not a text column of
    the dataset or a value it does not hold, naming what there is.
    """
    types = info.column_types()

    def refusal(column: str) -> str | None:
        if types.get(column) == "text":
            return None
        texts = ", ".join(n for n, t in types.items() if t == "text") or "(none)"
        return f"dataset {info.name!r} has no text column {column!r}; its text columns are {texts}"

    def values(column: str) -> tuple[str, ...] | None:
        known = column_values(info, column)
        return None if _cut_short(info, known) else known  # else the value may be one left out

    query = parse_selection_query(_selection_fields(args))
    return _checked_filters(query, refusal, values, types)


def _checked_filters(query: SelectionQuery, refusal: Callable[[str], str | None],
                     values: Callable[[str], tuple[str, ...] | None], columns: Iterable[str]) -> SelectionQuery:
    """`query` once each of its filters is checked: `refusal(column)` says why its column cannot be
    filtered (None: it can), `values(column)` gives the sorted values it holds (None: not all are
    known now, and any is taken). Raises SpecError, a 404 naming the parameter.

    A filter's column written in another Unicode form than one of `columns` (the ones it may
    filter) is taken as that one, spelt as it is there (`looking_like`); so is a value, when the
    column's values are known."""
    columns = list(columns)
    spelt: dict[str, tuple[str, ...]] = {}
    for column, asked in query.filters:
        column = looking_like(column, columns) or column
        spelt[column] = (*spelt.get(column, ()), *asked)  # one column written in two forms: both its values
    checked = []
    for column, asked in spelt.items():
        name = FILTER_PREFIX + column
        refused = refusal(column)
        if refused is not None:
            raise SpecError(f"{name}: {refused}", name, status=404)
        known = values(column)
        checked.append((column, asked if known is None else _stored_values(name, column, asked, known)))
    return dataclasses.replace(query, filters=tuple(checked))


def _stored_values(name: str, column: str, asked: tuple[str, ...], values: tuple[str, ...]) -> tuple[str, ...]:
    """`asked`, each value as `values` (the column's, sorted) spell it: one written in another
    Unicode form (e + U+0301 for é), or with other line breaks, is the value it looks like. Raises SpecError, a 404, for a value
    the column does not hold."""
    spelt: list[str] = []
    for value in asked:
        at = bisect_left(values, value)
        found = value if at < len(values) and values[at] == value else looking_like(value, values)
        if found is None:
            shown = ", ".join(map(repr, values[:ERROR_VALUES])) or "(none)"  # quoted: values hold commas
            if len(values) > ERROR_VALUES:
                shown += f" … ({len(values)} in all)"
            raise SpecError(f"{name}: column {column!r} holds no value {value!r}; its values are {shown}",
                            name, status=404)
        if found not in spelt:
            spelt.append(found)
    return tuple(spelt)


def remembered(memo: dict[Hashable, T], key: Hashable, make: Callable[[], T], size: int) -> T:
    """`memo[key]`, made by `make` and kept when it is not there yet. The memo holds at most `size`
    entries: a full one is emptied before the new one is kept (a bound that costs nothing on a hit)."""
    value = memo.get(key)
    if value is None:
        value = make()
        if len(memo) >= size:
            memo.clear()
        memo[key] = value
    return value


def column_values(info: DatasetInfo, column: str) -> tuple[str, ...]:
    """The distinct values of a text column of a dataset, sorted (kept per data version)."""
    return remembered(current_app.extensions.setdefault("svgplots.values", {}), (info.name, info.version, column),
                      lambda: current_site().store.text_values(info.name, column), VALUES_MEMO_SIZE)


def _cut_short(info: DatasetInfo, values: tuple[str, ...]) -> bool:
    """Whether `values`, a column's of `info`, may not be all it holds: a source's database gives at
    most SOURCE_MAX_ROWS of them."""
    return info.source is not None and len(values) >= current_app.config["SOURCE_MAX_ROWS"]


def filter_values(dashboard: Dashboard, column: str) -> tuple[tuple[str, ...], bool]:
    """The distinct values of `column` across the dashboard's datasets that have it as text, sorted
    (of those that can be reached now: a source database may be down), but for the empty text and
    other blank ones, which a filter cannot choose (`choosable`): the form would offer them as an
    option that shows every row, as "All" does. Then whether they are all there are: every dataset
    of the dashboard answered, each with all its values."""
    site = current_site()
    values: set[str] = set()
    complete = True
    for name in dict.fromkeys(chart.dataset for chart in dashboard.charts):
        try:
            info = site.store.info(name)
            if info.column_types().get(column) == "text":
                held = column_values(info, column)
                complete = complete and not _cut_short(info, held)
                values.update(value for value in held if choosable(value))
        except StoreTryLater:
            complete = False  # a source down or slow: its charts answer 503 themselves, the rest stands
    return tuple(sorted(values)), complete


def chart_of_dataset(info: DatasetInfo, fields: Mapping[str, list[str]], base: ChartSpec | None = None,
                     others: Parameters = ()) -> ChartRequest:
    """A chart of the dataset `info` describes, from `fields` over `base` (`others`: the URL's
    `url_parameters`, or a function that makes them); raises SpecError."""
    spec = parse_spec(fields, info.column_types(), base=base, limits=current_site().limits, others=others)
    return ChartRequest(info, spec)


def dataset_chart(dataset: str, fields: Mapping[str, list[str]], base: ChartSpec | None = None,
                  others: Parameters = ()) -> ChartRequest:
    """An ad-hoc chart of a dataset (`others`: the URL's `url_parameters`, or a function that makes
    them); raises NotFound or SpecError."""
    return chart_of_dataset(current_site().store.info(dataset), fields, base, others)


def chart_data(request: ChartRequest, pixels: int | None = None) -> pd.DataFrame:
    """Exactly the rows and columns the chart draws (`pixels`: thinned for so many pixel columns,
    as `_snapshot` says)."""
    return chart_frame(request.spec, _snapshot(request, pixels).frame, current_site().limits)


def drawn_data(request: ChartRequest) -> pd.DataFrame:
    """The rows as the chart is drawn at its own width: for a source dataset, thinned per pixel column
    by its database (`plots.rows.rows_of` still counts the rows they stand for); else `chart_data`."""
    return chart_data(request, pixel_columns(request.spec.width))


def _snapshot(request: ChartRequest, pixels: int | None = None) -> Snapshot:
    """What the chart draws of its dataset, the rows its selection chooses, read with their version
    from one snapshot (`Store.chart_rows`; `pixels`: the image's pixel columns, for thinning).

    Raises StoreBusy when the dataset was replaced by one with other columns since the spec was
    checked against it (asking again checks the spec against the new columns).
    """
    site = current_site()
    snapshot = site.store.chart_rows(request.dataset.name, request.spec, site.limits, pixels, request.selection)
    if snapshot.info.columns != request.dataset.columns:
        raise StoreBusy(f"dataset {request.dataset.name!r} was replaced while this chart was drawn; try again")
    return snapshot


def rendered_chart(request: ChartRequest, fmt: Format, options: Mapping | None = None) -> Rendered:
    """The chart's bytes in `fmt` drawn with its `options`, from the render cache when the data is
    unchanged (see `cached_answer`)."""
    site = current_site()
    options = dict(options or {})
    # The job names plots' own function: a render worker imports the renderer, never this app.
    draw = functools.partial(render_chart, **options) if options else render_chart

    def drawn(snapshot: Snapshot) -> bytes:
        job = (fmt.name, request.spec, snapshot.frame, site.limits)
        return site.pool.run(draw, *job) if site.pool else draw(*job)

    pixels = pixel_columns(request.spec.width, options.get("scale", 1))
    return cached_answer(render_key(request, fmt, options), lambda: _snapshot(request, pixels), drawn, fmt.media_type)


def rendered_data(request: ChartRequest, extension: str, mimetype: str,
                  write: Callable[[pd.DataFrame, DatasetInfo], bytes]) -> Rendered:
    """What `write` makes of exactly the rows and columns the chart draws and of the dataset they were
    read from: the chart's data as the file `extension` names (json, csv), of type `mimetype`, from
    the render cache when the data is unchanged (see `cached_answer`)."""
    limits = current_site().limits
    return cached_answer(render_key(request, extension), lambda: _snapshot(request),
                         lambda snapshot: write(chart_frame(request.spec, snapshot.frame, limits), snapshot.info),
                         mimetype)


def cached_answer(key: tuple, read: Callable[[], Snapshot], write: Callable[[Snapshot], bytes],
                  mimetype: str) -> Rendered:
    """The bytes `write` makes of the snapshot `read` gives, with their ETag and their compressed
    variants, from the render cache when the data is unchanged; as asked for under `key`
    (`Rendered.key`).

    `key` is the render-cache key (`cache.cache_key`) at the version the dataset had when the
    request looked it up. What is written and the version it is cached under come from one
    snapshot of the dataset: when rows arrive between the request's look-up and the read, the
    newer rows are written and the result says so in its `version`.
    """
    cache = current_site().cache
    hit = cache.get(key)
    if hit is not None:
        return hit.asked_as(key)
    snapshot = read()
    version = snapshot.info.version
    kept_as = key if version == key_version(key) else at_version(key, version)
    if kept_as is not key:
        hit = cache.get(kept_as)
        if hit is not None:
            return hit.asked_as(key)
    body = write(snapshot)
    result = Rendered(body, hashlib.sha256(body).hexdigest()[:32], version, compressed_variants(body, mimetype),
                      snapshot.info.max_age, kept_as)
    cache.put(kept_as, result)
    return result.asked_as(key)


def render_key(request: ChartRequest, fmt: Format | str, options: Mapping | None = None) -> tuple:
    """The render-cache key of a chart in `fmt` drawn with its `options`, or of the data it draws as
    the file extension `fmt` names (json, csv), at the version its dataset had when the request
    looked it up: the dataset, that version, then what is drawn."""
    info = request.dataset
    made = fmt if isinstance(fmt, str) else fmt.name
    return cache_key(info.name, info.version, request.spec.key(), request.selection.key(), made,
                     tuple(sorted((options or {}).items())))
