"""A dashboard as a PDF report, drawn in the render workers and kept in the render cache.

The report is cached under the data version of every dataset its charts draw, so it changes
exactly when one of them does (and when a data-folder file's modification time does, which it
says). What it says under its title comes from `report_lines`: a dashboard's time range and filters,
when it has them, and when its data is of (`report_dates`) belong there and in the cache key.
"""
from __future__ import annotations

import time
from concurrent import futures
from collections.abc import Mapping, Sequence

import pandas as pd

from plots import ChartSpec, ReportChart, SpecError, format_named, render_report_pdf
from plots.downsample import pixel_columns
from plots.report_sizes import report_chart_pixels
from plots.resampling import range_step
from plots.selection import Selection, SelectionQuery, select_rows
from plots.text import values_listed
from plots.timerange import RANGE_PARAMS

from .cache import Rendered, report_key
from .chart_requests import ChartRequest, chart_of_dashboard, selection_notes
from .context import current_site
from .dashboards import Dashboard
from .made_once import made_once, refuse_if_stopped, remember_overrun, waiting_seconds
from .renderpool import Overrun, PastLimit
from .report_dates import DataMoment, data_line, data_moments
from .selection_queries import dashboard_infos
from .store import (DatasetInfo, DatasetNotFound, DatasetReplaced, DatasetUnreadable, Snapshot, StoreTryLater,
                    read_info)

REPORT_FORMAT = "pdf"
# How many charts of source datasets one report asks their databases for at once.
SOURCE_THREADS = 4
# A report's render limit: each of its charts' own, but at most this many of them, so that no report
# holds a render worker (and the web thread waiting for it) for many minutes.
REPORT_MOST_CHARTS_TIME = 12
# How many characters of a dashboard's description, and of each of its captions, its report prints:
# a PDF's text takes about a second to draw for each 10,000 characters, and a report is drawn within
# its render limit. The dashboard's page shows them whole.
REPORT_TEXT_MOST = 20_000
# About how many characters of text (description, captions, notes) a report wraps and draws in a
# second, and the share of its render limit past which a report stopped there says its text took it.
REPORT_TEXT_A_SECOND = 10_000
TEXT_NAMED_SHARE = 0.25
# Rows a chart draws, on average over a report's, below which they are not what takes its time (such a
# chart draws in a fraction of a second): a report stopped at its limit does not ask for fewer.
FEW_ROWS_A_CHART = 1_000


def report_lines(board: Dashboard, moments: Mapping[str, DataMoment], said: list[str]) -> list[str]:
    """What a report says under its title: the dashboard's description, each paragraph a line of its
    own, the rows it shows (`said`, its `selection_lines`), then when each dataset's data is of
    (`data_line`)."""
    lines = printed(board.description_paragraphs, "description")
    lines += said
    if moments:
        lines.append(data_line(moments))
    return lines


def selection_lines(board: Dashboard, query: SelectionQuery, range_words: str = "") -> list[str]:
    """What a report says of the rows it shows: its time range in `range_words` (when it narrows
    them) and the values of each filter, each as the page lists them (`values_listed`: `x ` quoted, told
    apart from `x`, and `a, b` read as one value)."""
    lines = [f"Time range: {range_words}"] if query.range.bounded and range_words else []
    for column, values in query.filters:
        offered = board.filter_on(column)
        lines.append(f"{offered.label if offered else column}: {values_listed(values)}")
    return lines


def printed(paragraphs: Sequence[str], what: str) -> list[str]:
    """A description's or caption's paragraphs as far as a report prints them: whole up to
    REPORT_TEXT_MOST characters, past them cut after a word, with a paragraph saying where and why."""
    total = sum(len(paragraph) for paragraph in paragraphs)
    if total <= REPORT_TEXT_MOST:
        return list(paragraphs)
    kept, left = [], REPORT_TEXT_MOST
    for paragraph in paragraphs:
        if len(paragraph) > left:
            cut = paragraph[:left]
            if paragraph[left:left + 1] not in ("", " ") and " " in cut:
                cut = cut.rsplit(" ", 1)[0]  # not within a word
            kept.append(f"{cut.rstrip()} …" if cut.strip() else "…")
            break
        kept.append(paragraph)
        left -= len(paragraph)
    return [*kept, f"The {what} is cut here, after {REPORT_TEXT_MOST:,} of its {total:,} characters; "
                   "the dashboard's page shows it whole."]


def reflowed(paragraphs: Sequence[str]) -> str:
    """A caption's paragraphs as the report prints them: each from a new line, as the page shows
    them, and text wrapped by hand in the file run on."""
    return "\n".join(paragraphs)


def rendered_report(board: Dashboard, query: SelectionQuery = SelectionQuery(), range_words: str = "",
                    stepped: Mapping[str, SelectionQuery] | None = None) -> Rendered:
    """The dashboard as a PDF report, from the render cache while none of its datasets has changed.

    Each dataset is read once, its version and rows from one snapshot, and the report is cached
    under those versions. As on the dashboard's page, a chart that cannot be drawn (its dataset
    gone or unreadable, a data-folder file no longer valid CSV say, its spec no longer fitting the
    columns or the database's rows, its source database down or slow) shows why in its cell; a
    report with a source that could not be asked is not kept and carries max-age 0, so that the
    next request asks again. `query` (its range resolved) narrows
    every chart as on the dashboard's page (a chart resampled by hour by `stepped`'s query of its
    `range_step`, its relative range taken to the hour), and `range_words` says the range in the report. Raises
    what the store raises otherwise (say, DatasetReplaced when a dataset is replaced while the report is
    drawn).
    """
    site = current_site()
    # Before the reads: a report of a store replaced while it is drawn is not kept (`cached_answer`).
    generation = site.cache.generation
    infos, unreachable, unreadable = _dataset_infos(board)
    specs, problems = _chart_specs(board, infos, {**unreadable, **unreachable})
    requests = {chart.id: ChartRequest(infos[chart.dataset], specs[chart.id],
                                       (stepped or {}).get(range_step(specs[chart.id]), query))
                for chart in board.charts if chart.id in specs}
    selections = {chart_id: chart.selection for chart_id, chart in requests.items()}
    # What each chart's cell says of the rows it could not choose, as under the chart on the page.
    notes = {chart_id: tuple(selection_notes(chart, board)) for chart_id, chart in requests.items()}
    # The same rows may be asked for in other words (now-23M/M or 2025-01-01): each report says its own.
    said = selection_lines(board, query, range_words)
    # A source's rows are of the period of its cache_seconds they are asked in (`data_moments`), by the
    # clock its versions are told by.
    asked_at = site.store.sources.clock() if site.store.sources is not None else time.time()
    untimed = _versioned_by_query(infos)
    moments = data_moments(infos, site.store.file_path, asked_at, untimed)
    # An unreadable file's cells say why, which may change while its version cannot be told.
    words = (tuple(said), tuple(notes.items()), tuple(unreadable.items()), _changed(moments))
    hit = site.cache.get(_cache_key(board, infos, selections, words))
    if hit is not None:
        return hit
    snapshots, computed = {}, {}
    refused: dict[str, SpecError] = {}  # a chart the database refused (too many values), as `chart_frame` would
    for name, info in infos.items():
        if info.source is None:
            try:
                # A stored dataset of many rows: its charts computed by its database, as for their images.
                found = _computed(info, [chart.id for chart in board.charts if chart.dataset == name and chart.id in specs],
                                  specs, selections, report_chart_pixels(board.columns, site.limits))
                if found is None:
                    snapshots[name] = _snapshot(info, _columns(board, name, specs, selections))
                else:
                    snapshots[name], drawn = found
                    computed.update((chart_id, rows) for chart_id, rows in drawn.items() if isinstance(rows, Snapshot))
                    refused.update((chart_id, rows) for chart_id, rows in drawn.items() if isinstance(rows, SpecError))
            except (DatasetNotFound, DatasetUnreadable) as error:  # its file deleted or broken since
                unreadable[name] = error.message
                for chart in board.charts:
                    if chart.dataset == name and chart.id in specs:
                        problems[chart.id] = error.message
                        del specs[chart.id]
    infos = {name: info for name, info in infos.items() if name not in unreadable}
    # A data-folder file's time asked again: the file may have been written since, its rows read as it is now.
    moments = data_moments(infos, site.store.file_path, asked_at, untimed)
    words = (tuple(said), tuple(notes.items()), tuple(unreadable.items()), _changed(moments))
    # A source dataset's database computes each chart's rows (`Store.chart_rows`), as for its
    # images: the charts' queries all at once, as a dashboard's page asks for them.
    from_sources = [chart for chart in board.charts if chart.id in specs and infos[chart.dataset].source is not None]

    def rows_of(chart):
        return site.store.chart_rows(chart.dataset, specs[chart.id], site.limits, pixel_columns(specs[chart.id].width),
                                     selections[chart.id])

    with futures.ThreadPoolExecutor(max(1, min(len(from_sources), SOURCE_THREADS)),
                                    thread_name_prefix="report") as pool:
        asked = [(chart, pool.submit(rows_of, chart)) for chart in from_sources]
        for chart, answer in asked:
            try:
                computed[chart.id] = answer.result()
            except SpecError as error:  # say, more categories than a chart may show
                problems[chart.id] = error.message
            except StoreTryLater as error:  # a source down or slow: the cell says so
                problems[chart.id] = error.message
                unreachable[chart.dataset] = error.message
            except DatasetUnreadable as error:  # a query its database refuses now: the cell says so,
                problems[chart.id] = error.message  # and the report is not kept, as for a source down
                unreachable[chart.dataset] = error.message
    infos = {**infos, **{name: snapshot.info for name, snapshot in snapshots.items()},
             **{chart.dataset: computed[chart.id].info for chart in board.charts if chart.id in computed}}
    key = _cache_key(board, infos, selections, words)
    # A source none of whose charts' rows could be read says so, as their cells do.
    moments = {name: DataMoment(None, read=True) if name in unreachable else moment for name, moment in moments.items()}
    hit = site.cache.get(key) if not unreachable else None
    if hit is not None:
        return hit
    charts = []
    for chart in board.charts:
        caption = reflowed(printed(chart.caption_paragraphs, "caption"))
        if chart.id in problems:
            charts.append(ReportChart(ChartSpec(title=chart.title or chart.id), pd.DataFrame(), caption,
                                      problems[chart.id]))
        elif chart.id in refused:  # as the report's drawing says why a chart it cannot shape cannot be drawn
            charts.append(ReportChart(specs[chart.id], pd.DataFrame(), caption, refused[chart.id].message,
                                      notes[chart.id]))
        else:
            spec = specs[chart.id]
            if chart.id in computed:
                rows = computed[chart.id].frame
            else:
                rows = select_rows(selections[chart.id], snapshots[chart.dataset].frame, spec).loc[:, list(spec.columns())]
            charts.append(ReportChart(spec, rows, caption, notes=notes[chart.id]))
    # The job names plots' own function: a render worker imports the renderer, never this app.
    job = (board.title, report_lines(board, moments, said), charts, board.columns, site.limits)
    # One job, so that its pages share their fonts, with the time each of its charts may take
    # alone (a dashboard may hold any number of charts), up to REPORT_MOST_CHARTS_TIME of them.
    seconds = site.pool.timeout * min(max(1, len(charts)), REPORT_MOST_CHARTS_TIME) if site.pool else None

    def drawn() -> Rendered:
        if site.pool:
            try:
                overrun = report_overrun(board, site.pool.timeout, printed_characters(job[1], charts),
                                         sum(len(chart.frame) for chart in charts))
                body = site.pool.run(render_report_pdf, *job, seconds=seconds, overrun=overrun)
            except PastLimit as stopped:
                raise remember_overrun(site.cache, key, stopped, generation) from None
        else:
            body = render_report_pdf(*job)
        version = "; ".join(f"{name}={info.version}" for name, info in infos.items())
        # Reused no longer than its source datasets' charts are; not at all while one of them cannot
        # be reached (its cells say so), so that the next request draws them again.
        ages = [info.max_age for info in infos.values() if info.max_age is not None]
        result = Rendered.of(body, version, max_age=0 if unreachable else min(ages, default=None))
        if not unreachable:
            site.cache.put(key, result, generation)
        return result

    # One stopped at its limit is answered again at once while the render cache's memory keeps it,
    # as a chart is (`cached_answer`): the same report takes as long again.
    if unreachable:  # kept for no one: each request asks its sources again, and draws what they say
        refuse_if_stopped(site.cache.overruns, key)
        return drawn()
    # Drawn once in this process for the requests that ask for it meanwhile, as a chart is.
    return made_once(site.cache, key, generation, drawn, waiting_seconds(seconds), "the report")


def printed_characters(lines: Sequence[str], charts: Sequence[ReportChart]) -> int:
    """How many characters of text a report prints: its header's `lines`, its charts' captions and notes."""
    return sum(map(len, lines)) + sum(len(chart.caption) + sum(map(len, chart.notes)) for chart in charts)


def report_overrun(board: Dashboard, chart_seconds: float, text: int = 0, rows: int | None = None) -> Overrun:
    """What a report stopped at its render limit is answered: the report's own parameters, not a
    chart's, and no Retry-After, as the same report takes as long again.

    Fewer rows are asked for only where the report's charts draw many (`rows` in all, unknown when
    None; FEW_ROWS_A_CHART): a shorter range does not shorten the rest. A report of `text` characters
    (`printed_characters`) that take a good share of its limit to draw (TEXT_NAMED_SHARE) says so.
    """
    count = len(board.charts)
    what = f"the report of {count} chart{'' if count == 1 else 's'}"
    # A range narrows nothing on a dashboard without dates (its charts' cells say so).
    narrowing = (*(RANGE_PARAMS if board.has_dates else ()), *board.filter_parameters)
    many = rows is None or rows >= FEW_ROWS_A_CHART * count
    fewer = f"fewer rows ({', '.join(narrowing)})" if narrowing and many else ""
    example = f"/d/{board.name}/{board.charts[0].id}.pdf" if board.charts else f"/d/{board.name}/<chart>.pdf"
    instead = f"each chart as a PDF of its own (such as {example})"
    less = f"ask for {fewer}, or for {instead}" if fewer else f"ask for {instead}"
    most = chart_seconds * REPORT_MOST_CHARTS_TIME
    limit = f"that is {chart_seconds:g} s for each of its charts, at most {most:g} s"
    less_memory, text_seconds = less, text / REPORT_TEXT_A_SECOND
    if text_seconds >= TEXT_NAMED_SHARE * chart_seconds * min(max(1, count), REPORT_MOST_CHARTS_TIME):
        limit += (f", and its text of {text:,} characters (description, captions and notes) takes about "
                  f"{text_seconds:.0f} s of it to draw")
        less = f"ask for {instead}, which prints no caption" + (f", or for {fewer}" if fewer else "")
    return Overrun(what, f"{limit}: {less}", less_memory, retry_after=None)


def _dataset_infos(board: Dashboard) -> tuple[dict[str, DatasetInfo], dict[str, str], dict[str, str]]:
    """Each dataset the dashboard draws that is there now, in the order its charts first draw them;
    why each source dataset that cannot be asked now (its database down or busy) cannot; and why
    each that cannot be read (a data-folder file that is no valid CSV, a version query its database
    refuses) cannot. A chart of a dataset that is not there or cannot be read says so in its cell,
    as on the dashboard's page, and the others draw."""
    store = current_site().store
    infos, unreachable, unreadable = {}, {}, {}
    for name, info in dashboard_infos(board).items():  # all of them in one read
        try:
            infos[name] = read_info(info)
        except DatasetNotFound:
            continue  # its charts say so in their cells
        except DatasetUnreadable as error:
            unreadable[name] = error.message
        except StoreTryLater as error:
            if store.source_of(name) is None:
                raise  # the site's own database: no report can be drawn
            unreachable[name] = error.message
    return infos, unreachable, unreadable


def _chart_specs(board: Dashboard, infos: Mapping[str, DatasetInfo],
                 missing: Mapping[str, str]) -> tuple[dict[str, ChartSpec], dict[str, str]]:
    """The spec of each chart that can be drawn over its dataset's columns, and why each other cannot
    (`missing`: why each dataset not in `infos` could not be read, when it is there)."""
    specs, problems = {}, {}
    for chart in board.charts:
        info = infos.get(chart.dataset)
        if info is None:
            problems[chart.id] = missing.get(chart.dataset, f"no dataset {chart.dataset!r}")
            continue
        try:
            specs[chart.id] = chart_of_dashboard(chart, info).spec
        except SpecError as error:
            problems[chart.id] = error.message
    return specs, problems


def _versioned_by_query(infos: Mapping[str, DatasetInfo]) -> set[str]:
    """The source datasets of `infos` versioned by their `version_sql` value, not by the clock's period."""
    sources = current_site().store.sources
    return {name for name, info in infos.items()
            if info.source is not None and sources is not None and name in sources
            and sources.dataset(name).version_sql is not None}


def _changed(moments: Mapping[str, DataMoment]) -> tuple:
    """When each dataset but a source's last changed, as its report says (`data_moments`), which its
    render-cache key holds: a data-folder file's modification time may move while its bytes, and so its
    version, stay the same (a file copied in again). A source's moment is the clock's period its rows were
    read in only where its version is that period's too, which the key holds; one versioned by its
    `version_sql` value is said with no time, so that the same rows draw the same bytes in every period."""
    return tuple((name, moment.at) for name, moment in moments.items() if not moment.read)


def _cache_key(board: Dashboard, infos: Mapping[str, DatasetInfo], selections: Mapping[str, Selection],
               words: tuple) -> tuple:
    """The report's key in the render cache: the data versions, the rows each chart draws, and
    `words`, what the report says of those rows, and the digest of the dashboard's file as it was
    read, the rest of its text (`Dashboard.definition`: the file may be edited while the site runs)."""
    versions = tuple((name, info.version) for name, info in infos.items())
    rows = tuple((chart_id, selection.key()) for chart_id, selection in selections.items())
    return report_key(board.name, versions, rows, words, format_named(REPORT_FORMAT).name, board.definition)


def _columns(board: Dashboard, dataset: str, specs: Mapping[str, ChartSpec],
             selections: Mapping[str, Selection]) -> list[str]:
    """The columns of `dataset` that the dashboard's drawable charts read (and choose their rows
    by), in the order they first read them."""
    columns: dict[str, None] = {}
    for chart in board.charts:
        if chart.dataset == dataset and chart.id in specs:
            columns.update(dict.fromkeys(specs[chart.id].columns()))
            columns.update(dict.fromkeys(selections[chart.id].columns()))
    return list(columns)


def _computed(info: DatasetInfo, chart_ids: list[str], specs: Mapping[str, ChartSpec],
              selections: Mapping[str, Selection], pixels: int) -> tuple[Snapshot, dict[str, Snapshot | SpecError]] | None:
    """The rows each chart of `chart_ids` draws of a stored dataset of many rows, computed by its
    database in one snapshot (`SiteStore.charts_rows`), or the SpecError refusing it; with the
    dataset's description at that snapshot (and no rows). None for any other dataset, read as a
    frame (`_snapshot`). A line's rows are thinned for the `pixels` columns the report draws it in
    (`report_chart_pixels`), as drawing the frame's rows would thin them.

    Raises DatasetReplaced when the dataset was replaced by one with other columns since the specs were
    checked against it, as `_snapshot` does.
    """
    store = current_site().store
    asked = [(specs[chart_id], current_site().limits, pixels, selections[chart_id]) for chart_id in chart_ids]
    found = store.charts_rows(info.name, asked)
    if found is None:
        return None
    read, drawn = found
    if read.columns != info.columns:
        raise DatasetReplaced(info.name)
    rows = {chart_id: rows if isinstance(rows, SpecError) else Snapshot(read, rows)
            for chart_id, rows in zip(chart_ids, drawn)}
    return Snapshot(read, pd.DataFrame()), rows


def _snapshot(info: DatasetInfo, columns: list[str]) -> Snapshot:
    """`columns` of the dataset, read with their version from one snapshot.

    Raises DatasetReplaced when the dataset was replaced by one with other columns since the specs
    were checked against it (asking again checks them against the new columns).
    """
    snapshot = current_site().store.read(info.name, columns)
    if snapshot.info.columns != info.columns:
        raise DatasetReplaced(info.name)
    return snapshot
