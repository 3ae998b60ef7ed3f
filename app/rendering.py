"""A chart's bytes, and the data it draws, made from one snapshot of its dataset through the render
cache."""
from __future__ import annotations

import contextvars
import dataclasses
import functools
import threading
import time
import traceback
from collections.abc import Callable, Mapping
from typing import TypeVar

import flask
import pandas as pd

from plots import ChartSpec, Format, chart_frame, format_named, kind_of, render_chart
from plots.series_left_out import series_left_out, with_series_left_out
from plots.downsample import pixel_columns

from .cache import RenderCache, Rendered, at_version, cache_key, key_version
from .chart_requests import ChartRequest
from .column_warnings import source_text_dates
from .compression import compressed_variants, identity_refused, worth_compressing
from .context import current_site
from .export import PastDeadline, writing_until
from .metrics import count_cache, count_render
from .made_once import Recalled, made_once, refuse_if_stopped, remember_overrun, waiting_seconds
from .render_limits import TextDatesOverrun, text_x_overrun
from .renderpool import CHART_OVERRUN, DATA_OVERRUN, Overrun, PastLimit, RenderUnavailable, past_time_limit
from .store import DatasetInfo, DatasetReplaced, Snapshot, chosen_rows
from .store.kept_chart_rows import Keeping

# The image a chart's page, and a dashboard's card, embeds: an SVG, which takes no options.
PAGE_IMAGE = format_named("svg")
# The chart fields a chart's data (.json, .csv) holds no different row for: they change its drawing only
# (its JSON's `spec` names them, and its bytes are cached under them, as an image's are).
DRAWING_ONLY = ("title", "xlabel", "ylabel", "width", "height", "theme", "legend", "text", "ymin", "ymax",
                "yscale", "gap", "stack", "yline", "xline")
DEFAULT_SPEC_FIELDS = {field.name: field.default for field in dataclasses.fields(ChartSpec)}

T = TypeVar("T")


def drawn_data(request: ChartRequest) -> Snapshot:
    """Exactly the rows and columns the chart draws at its own width, with the description of the
    version they were read at (which may be newer than `request.dataset`'s): for a source dataset,
    thinned per pixel column by its database (`plots.rows.rows_of` still counts the rows they stand
    for). A page's words of the chart read them: the store keeps a database's for its image (as the
    page embeds it, `PAGE_IMAGE`), unless the render cache holds that image, which is then answered
    without them. Looking there counts no hit or miss, and leaves what it holds in its order."""
    key, pixels = image_key(request, PAGE_IMAGE)
    snapshot = chart_snapshot(request, pixels, None if current_site().cache.holds(key) else "keep")
    return Snapshot(snapshot.info, chart_frame(request.spec, snapshot.frame, current_site().limits))


def chart_snapshot(request: ChartRequest, pixels: int | None = None, keeping: Keeping | None = None,
                   chosen: Snapshot | None = None) -> Snapshot:
    """What the chart draws of its dataset, the rows its selection chooses, read with their version
    from one snapshot (`Store.chart_rows`; `pixels`: the image's pixel columns, for thinning;
    `keeping`: "keep" them for the image, or "take" those kept; `chosen`: those rows in every column,
    as `chosen_rows_marked` gave them, whose columns the chart's are taken of, not asked again).

    Raises DatasetReplaced when the dataset was replaced by one with other columns since the spec
    was checked against it (asking again checks the spec against the new columns).
    """
    site = current_site()
    # The description the request read is passed along: rows kept at its version need no other read of it.
    if chosen is not None:
        snapshot = Snapshot(chosen.info, chosen_rows.columns_taken(chosen.frame, request.spec.columns()))
    else:
        snapshot = site.store.chart_rows(request.dataset.name, request.spec, site.limits, pixels, request.selection,
                                         keeping, known=request.dataset)
    if snapshot.info.columns != request.dataset.columns:
        raise DatasetReplaced(request.dataset.name)
    # The columns the series cap leaves out of a default y, for the chart's words to name.
    types = {column.name: column.type for column in request.dataset.columns}
    with_series_left_out(snapshot.frame, series_left_out(request.spec, types, site.limits))
    return snapshot


def chosen_rows_marked(request: ChartRequest) -> Snapshot | None:
    """The rows the chart's selection chose of its dataset held in memory, in every column, as the
    store keeps them for all the dataset's charts (`Store.chosen_rows`): their marks to read, which
    say which rows they are, not the chart's columns taken of them. None where the chart's rows are
    read another way. Raises DatasetReplaced as `chart_snapshot` does."""
    snapshot = current_site().store.chosen_rows(request.dataset.name, request.spec, request.selection,
                                                request.dataset)
    if snapshot is not None and snapshot.info.columns != request.dataset.columns:
        raise DatasetReplaced(request.dataset.name)
    return snapshot


def rendered_chart(request: ChartRequest, fmt: Format, options: Mapping | None = None) -> Rendered:
    """The chart's bytes in `fmt` drawn with its `options`, from the render cache when the data is
    unchanged (see `cached_answer`): drawn in a render worker, then, where it is worth compressing
    (a big SVG), compressed within what the drawing left of the render limit (`within_render_limit`),
    as a chart's data is, but in places of its own (`RenderPool.chart_compressors`), waited for as
    long as that limit leaves. When none of those frees within it, held by charts compressed past
    their limits, say, the chart drawn is answered plain, which any client that takes br or gzip
    takes too, rather than a 503, but to a client that refuses the plain bytes (`identity;q=0`),
    which gets the 503 of busy render workers, as does one that waited for that drawing (`made_once`)
    and is handed the plain chart; the render cache keeps it only compressed, so that it is
    compressed when asked again."""
    site = current_site()
    options = dict(options or {})
    overrun = overrun_of(request, CHART_OVERRUN)
    # The job names plots' own function: a render worker imports the renderer, never this app.
    draw = functools.partial(render_chart, **options) if options else render_chart
    took: list[float] = []  # the seconds the worker drew for

    def drawn(snapshot: Snapshot) -> bytes:
        job = (fmt.name, request.spec, snapshot.frame, site.limits)
        began = time.perf_counter()
        body = site.pool.run(draw, *job, overrun=overrun, took=took) if site.pool else draw(*job)
        count_render(fmt.name, time.perf_counter() - began)
        return body

    def compressed(body: bytes, mimetype: str) -> dict[str, bytes] | None:
        if not worth_compressing(mimetype, len(body)):
            return {}  # a PNG, a PDF or a small SVG: nothing to wait for
        # A big SVG's br and gzip take seconds of their own, counted in the limit its drawing began,
        # in a place of their own: never held up by the data files being written meanwhile.
        if site.pool is None:
            return compressed_variants(body, mimetype)
        return within_render_limit(lambda: compressed_variants(body, mimetype), overrun,
                                   site.pool.timeout - sum(took), site.pool.chart_compressors(),
                                   name="chart-compress", busy=lambda: None)

    key, pixels = image_key(request, fmt, options)
    rendered = cached_answer(key, lambda: chart_snapshot(request, pixels, "take"), drawn, fmt.media_type, compressed)
    if (site.pool is not None and not rendered.encoded and worth_compressing(fmt.media_type, len(rendered.body))
            and identity_refused(flask.request.headers.get("Accept-Encoding"))):
        # Drawn plain for want of a place, by this request or another it waited for (`made_once`),
        # which takes the plain bytes all the same: to a client that refuses them, its br or gzip made
        # on its way out would take the seconds of its own the limit exists to count: a 503, as busy
        # workers give. The drawing stands for the requests that take it.
        raise RenderUnavailable("no place to compress the chart in came free within its render limit, and "
                                "Accept-Encoding refuses it uncompressed (identity;q=0); try again shortly, "
                                "or accept identity")
    return rendered


def image_key(request: ChartRequest, fmt: Format, options: Mapping | None = None) -> tuple[tuple, int]:
    """The render-cache key of the chart's image in `fmt` drawn with its `options` (`render_key`),
    and the pixel columns it is drawn at: its route draws and keeps it so, its page's words look
    for it so."""
    options = options or {}
    return render_key(request, fmt, options), pixel_columns(request.spec.width, options.get("scale", 1))


def rendered_data(request: ChartRequest, extension: str, mimetype: str,
                  write: Callable[[pd.DataFrame, DatasetInfo], bytes]) -> Rendered:
    """What `write` makes of exactly the rows and columns the chart draws and of the dataset they were
    read from: the chart's data as the file `extension` names (json, csv), of type `mimetype`, from
    the render cache when the data is unchanged. Bound by the render limit as the chart's image is,
    the rows' reading and the file's compressing included (`within_render_limit`); one stopped there is remembered under its
    rows (`rows_key`): the same rows asked for with another title or width are not read again."""
    limits = current_site().limits

    def written(snapshot: Snapshot) -> bytes:
        return write(chart_frame(request.spec, snapshot.frame, limits), snapshot.info)

    return cached_data(render_key(request, extension), rows_key(request, extension), lambda: chart_snapshot(request),
                       written, mimetype, overrun_of(request, DATA_OVERRUN))


def overrun_of(request: ChartRequest, overrun: Overrun) -> Overrun | TextDatesOverrun:
    """What the chart (or its data, `overrun` says which) is answered where it stops at a render limit:
    `overrun`, but where its x is a text column, asking for nothing that narrows by a date x alone
    (`text_x_overrun`), and where that is a source's column of dates or times, told first how to make
    them dates (`column_warnings.source_text_dates`, whose read of its first rows is made only then)."""
    info, x = request.dataset, request.spec.x
    types = info.column_types()
    if x is None or types.get(x) != "text" or not kind_of(request.spec).uses_x:
        return overrun
    text_x = text_x_overrun(overrun, "datetime" in types.values())
    if info.source is None:  # a stored dataset's or a file's text column is typed so for a value of no date
        return text_x
    store = current_site().store
    return TextDatesOverrun(text_x, lambda: source_text_dates(store, info, x))


def rows_key(request: ChartRequest, extension: str) -> tuple:
    """The key of the rows a chart's data file (json, csv) holds: its render key (`render_key`) with
    the fields that only change the drawing (`DRAWING_ONLY`) as their defaults."""
    drawn = dataclasses.replace(request.spec, **{name: DEFAULT_SPEC_FIELDS[name] for name in DRAWING_ONLY})
    info = request.dataset
    return cache_key(info.name, info.version, drawn.key(), request.selection.key(), f"{extension} rows")


def cached_data(key: tuple, rows: tuple, read: Callable[[], Snapshot], write: Callable[[Snapshot], bytes],
                mimetype: str, overrun: Overrun | TextDatesOverrun = DATA_OVERRUN) -> Rendered:
    """What `cached_answer` answers, the snapshot read together with its writing and its compressing
    within the render limit (`within_render_limit`, in words of the data: `overrun`); a stop there
    is remembered under `rows` (`rows_key`) at the version read, or at `key`'s where none was read in
    time."""
    cache, generation, hit = _looked_up(key, rows)
    if hit is not None:
        return hit
    read_at: list[str] = []  # the version the rows were read at, once they are

    def read_and_written() -> tuple[Snapshot, bytes, dict[str, bytes]]:
        refuse_if_stopped(cache.overruns, rows, Recalled)  # stopped while this one waited
        snapshot = read()
        read_at.append(snapshot.info.version)
        body = write(snapshot)
        # Compressed within the limit too: a big file's br and gzip take seconds of their own.
        return snapshot, body, compressed_variants(body, mimetype)

    def made() -> Rendered:
        try:
            snapshot, body, encoded = within_render_limit(read_and_written, overrun)
        except Recalled:
            raise
        except PastLimit as stopped:
            raise remember_overrun(cache, at_version(rows, read_at[0] if read_at else key_version(key)), stopped,
                                   generation)
        version = snapshot.info.version
        kept_as = key if version == key_version(key) else at_version(key, version)
        result = Rendered.of(body, version, encoded, snapshot.info.max_age, kept_as)
        cache.put(kept_as, result, generation)
        return result

    # Requests that ask for the same bytes meanwhile wait for these, as for a chart's.
    return made_once(cache, key, generation, made, waiting_seconds()).asked_as(key)


def within_render_limit(make: Callable[[], T], overrun: Overrun | TextDatesOverrun = CHART_OVERRUN,
                        left: float | None = None, places: threading.BoundedSemaphore | None = None,
                        name: str = "chart-data",
                        busy: Callable[[], T] | None = None) -> T:
    """`make()`, or RenderUnavailable (503, `past_time_limit` in the words of `overrun`) when it takes
    longer than a render may, or than the `left` seconds of it that a drawing spent the rest of,
    the answer of an image past the limit; without render workers, as an image, unbound.

    An image is drawn in a worker process, ended at the limit, and compressed here; the data a chart
    draws is read, written and compressed here, in a thread of its own (`name`: what it does) that
    the request stops waiting for at the limit, and whose rows stop being written then
    (`export.writing_until`). The limit counts from the call, the wait for such a thread included: no
    more of them run at once than there are render workers (`places`, by default the pool's data
    writers'; a drawn chart's compressing has its own), those past the limit included, and a request
    none is free for within the limit gets the 503 of busy render workers; or, where `busy` is given,
    what `busy()` answers then.
    """
    pool = current_site().pool
    if pool is None:
        return make()
    seconds = pool.timeout
    within = seconds if left is None else max(0.0, left)
    deadline = time.monotonic() + within
    writers = pool.data_writers() if places is None else places
    if not writers.acquire(timeout=within):
        if busy is not None:
            return busy()
        raise RenderUnavailable(f"all {pool.workers} render workers are busy; try again shortly")
    outcome: list = []
    context = contextvars.copy_context()  # the app and request, which `make` may read

    def run() -> None:
        try:
            outcome.append((True, context.run(writing_until, deadline, make)))
        except BaseException as error:  # given to the request, which raises it
            # Without the values of the frames that made it, the rows `make` read among them (a frame
            # of millions, for a big download stopped at the limit): those frames and this one, which
            # holds `outcome`, which holds the error, are a cycle that waited for the collector,
            # hundreds of MB of the web process, whether or not the request was still waiting.
            traceback.clear_frames(error.__traceback__)
            outcome.append((False, error))
        finally:
            writers.release()

    thread = threading.Thread(target=run, name=name, daemon=True)
    try:
        thread.start()
    except BaseException:
        writers.release()
        raise
    thread.join(max(0.0, deadline - time.monotonic()))
    if not outcome:
        raise past_time_limit(seconds, overrun)
    made, value = outcome[0]
    if made:
        return value
    if isinstance(value, PastDeadline):
        raise past_time_limit(seconds, overrun) from None
    raise value


def cached_answer(key: tuple, read: Callable[[], Snapshot], write: Callable[[Snapshot], bytes],
                  mimetype: str, compress: Callable[[bytes, str], dict[str, bytes] | None] | None = None) -> Rendered:
    """The bytes `write` makes of the snapshot `read` gives, with their ETag and their compressed
    variants (`compress`, by default `compressed_variants`), from the render cache when the data is
    unchanged; as asked for under `key` (`Rendered.key`). Bytes `compress` made no variants of for
    want of a place (None) are answered plain and not kept: the render cache holds every variant
    of what it keeps.

    `key` is the render-cache key (`cache.cache_key`) at the version the dataset had when the
    request looked it up. What is written and the version it is cached under come from one
    snapshot of the dataset: when rows arrive between the request's look-up and the read, the
    newer rows are written and the result says so in its `version`.

    What `write` or `compress` stopped at a render limit (PastLimit) is not written again for that version
    while `cache.overruns` remembers it: asked again, the same 503 at once (`refuse_if_stopped`).
    Requests asking for the same bytes of the same version while they are written wait for them
    (`made_once`).
    """
    cache, generation, hit = _looked_up(key, key)
    if hit is not None:
        return hit
    snapshot = read()
    version = snapshot.info.version
    kept_as = key if version == key_version(key) else at_version(key, version)

    def made() -> Rendered:
        try:
            body = write(snapshot)
            encoded = (compress or compressed_variants)(body, mimetype)
        except PastLimit as stopped:
            raise remember_overrun(cache, kept_as, stopped, generation)
        result = Rendered.of(body, version, encoded, snapshot.info.max_age, kept_as)
        if encoded is not None:
            cache.put(kept_as, result, generation)
        return result

    # What is drawn is the snapshot's version: requests that looked up older versions share it too.
    return made_once(cache, kept_as, generation, made, waiting_seconds()).asked_as(key)


def _looked_up(key: tuple, stopped: tuple) -> tuple[RenderCache, int, Rendered | None]:
    """The render cache, its generation before anything is read (bytes of rows read before the caches
    are cleared, the store replaced, are not kept after) and what it keeps under `key`, as asked for
    under it, or None; raises the 503 of what was stopped under `stopped` at a render limit a moment
    ago (`refuse_if_stopped`) where it keeps nothing."""
    cache = current_site().cache
    generation = cache.generation
    hit = cache.get(key)
    count_cache(hit is not None)
    if hit is not None:
        return cache, generation, hit.asked_as(key)
    refuse_if_stopped(cache.overruns, stopped)
    return cache, generation, None


def render_key(request: ChartRequest, fmt: Format | str, options: Mapping | None = None) -> tuple:
    """The render-cache key of a chart in `fmt` drawn with its `options`, or of the data it draws as
    the file extension `fmt` names (json, csv), at the version its dataset had when the request
    looked it up: the dataset, that version, then what is drawn."""
    info = request.dataset
    made = fmt if isinstance(fmt, str) else fmt.name
    return cache_key(info.name, info.version, request.spec.key(), request.selection.key(), made,
                     tuple(sorted((options or {}).items())))
