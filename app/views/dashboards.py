"""Dashboards: a grid of charts narrowed by one time range and filters, and the data version of
each chart for auto-refresh.

Every chart image URL carries its data version and a digest of the chart's definition in the
dashboard's file (`?v=`, see `chart_versions.image_version`) and the range as moments (a relative range is
resolved once per page), so a page never shows a stale chart and its images may be cached for good.
The chart links, `versions.json` and auto-refresh carry the range as asked (`from=now-7d`), so that
they move with the clock. A dashboard with `refresh` polls its `versions.json` and swaps
the images whose URL changed.
"""
from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Sequence
from datetime import datetime

from flask import Blueprint, Response, redirect, render_template, request, url_for
from werkzeug.datastructures import MultiDict

from plots import ChartSpec, SpecError, format_named
from plots.spec_words import spec_summary
from plots.field_values import split_columns
from plots.fallback_glyphs import boxed_characters, report_boxed_words
from plots.kind import kind_names, kind_of
from plots.refusals import refused_fields
from plots.resampling import RANGE_STEPS, range_step
from plots.selection import SelectionQuery, is_selection_param
from plots.spec import FIELDS
from plots.text import one_line
from plots.timerange import TimeRange

from ..chart_requests import chart_of_dashboard, selection_notes
from ..chart_responses import chart_response
from ..context import clock_now, current_site
from ..errors import store_error_status
from ..dashboards import Dashboard
from ..error_kinds import KIND_HEADER, error_kind
from ..page_characters import page_text
from ..query_parameters import (
    DASHBOARD_PAGE_PARAMETERS,
    dashboard_page_parameters,
    reads_undecodable_query,
    refuse_undecodable_query,
    refuse_unknown_parameters,
    request_checks,
)
from ..quick_ranges import quick_range_instead
from ..reports import REPORT_FORMAT, rendered_report
from ..responses import REDIRECT_CACHING, json_response
from ..selection_queries import dashboard_infos, dashboard_parameters, dashboard_query, read_info
from ..store import StoreError
from ..tracking_tags import ignores_tracking_tags
from .chart_alt import CHART_ERRORS_HEADER, ChartWords, chart_words
from .chart_versions import chart_url, reason_version
from .dashboard_form import (FormFields, canonical_query, fields_sent, hourly_range_parts, page_form, select_options,
                             showing_parts)
from .link_previews import dashboard_chart_image, dashboard_preview, previewed
from .page_links import chart_page_url, with_params
from .phone_charts import phone_image, phone_media
from .range_words import range_text

bp = Blueprint("dashboards", __name__)


def _cells(board: Dashboard, query: SelectionQuery, now: datetime, page: bool = False) -> list[dict]:
    """Each chart of a dashboard with its spec, name (`chart_name`), data version, image URL, alt text and
    notes, and why it cannot be drawn (`error`, as far as its words know; None where it can); with `page`, what the page
    names and a poll does not: the smaller image a phone asks for of each (`_phone_image`), and of the
    first that draws rows (else the first whose rows can be drawn: each draws a note saying why it has
    none), the PNG a link preview shows (`preview_src`). Not the link to its page, which a poll does
    not give either (`_page` adds it)."""
    resolved = query.resolved(now)
    image_params = resolved.params(board.range)  # the range as moments: the image URL never moves
    # A chart whose dataset has no date column is drawn whole whatever the range: its URL leaves the
    # range out, so that it stays one URL (and one cache entry) while a relative range moves on.
    whole_params = dataclasses.replace(resolved, range=TimeRange()).params(board.range)
    infos = dashboard_infos(board)  # one read of them all, however many charts draw each
    cells, requests, drawn = [], [], []
    drawable = []  # the charts a link preview may show: it shows one, whose URL is made for it alone
    for chart in board.charts:
        try:
            info = read_info(infos[chart.dataset])
            request_ = chart_of_dashboard(chart, info)
            # An hourly chart's relative range taken to the hour (`range_step`), its hours whole.
            step = range_step(request_.spec) if query.range.relative else None
            request_ = dataclasses.replace(request_, query=resolved if step is None else query.resolved(now, step))
        except (SpecError, StoreError) as error:
            # One chart whose data changed under it must not take the whole page down: its image
            # URL answers with an SVG that says what is wrong, and the other charts still show.
            status = error.status if isinstance(error, SpecError) else store_error_status(error)
            cells.append(_broken_cell(board.name, chart, error.message, status, image_params))
            if page:
                cells[-1].update(_phone_image(board, cells[-1], image_params))
            continue
        requests.append(request_)
        params = (whole_params if request_.query.range_left_out(request_.selection) else
                  image_params if request_.query is resolved else request_.query.params(board.range))
        cells.append({
            "chart": chart,
            "spec": request_.spec,
            "dataset": request_.dataset.name,
            "version": request_.dataset.version,
            "notes": selection_notes(request_, board),
        })
        drawn.append((cells[-1], params))
    # A chart that cannot be drawn (too many bar categories, its source down) says why in its alt
    # text and its image: the page and its versions.json still answer. One whose rows are more than
    # it may draw has no version, as a broken chart has none, but the status its image answers,
    # found as its words are, from its rows kept per version: a poll draws nothing.
    for (cell, params), words in zip(drawn, chart_words(requests)):
        cell["alt"], cell["error"], cell["boxed"] = words.alt, words.error, words.boxed
        # Rows appended between the look-up and the read: the words are of the newer version, which
        # the image URL and a poll's version name with them.
        cell["version"] = words.version or cell["version"]
        cell["src"] = _chart_src(board, cell, params)
        if words.status is not None:
            cell.update(_cannot_draw(board.name, cell["chart"], words, params))
        if page:
            cell.update(_phone_image(board, cell, params))
            if words.status is None and words.error is None:  # its rows can be drawn
                drawable.append((cell, params, words.draws))
    shown = previewed(drawable, lambda chart: chart[2])
    if shown is not None:
        chosen, chosen_params, _ = shown
        chosen["preview_src"] = dashboard_chart_image(board, chosen["chart"].id, {}, chosen["version"], chosen_params)
    for cell in cells:
        # The name its link on the page goes by, and that a refreshing page tells a screen reader of it by,
        # as the page writes it and as versions.json names it to a chart drawn again: one name, worked out once.
        cell["name"] = chart_name(cell["chart"], cell["spec"])
    return cells


def _chart_src(board: Dashboard, cell: dict, params: list, size: dict[str, str] | None = None) -> str:
    """The image URL of the dashboard's chart `cell`, of the rows `params` choose, at its data version
    (at `size`, its width and height where not the chart's own: a phone's image)."""
    return chart_url("charts.chart_file", size or {}, cell["version"], params, dashboard=board.name,
                     chart=cell["chart"].id, fmt="svg")


def _phone_image(board: Dashboard, cell: dict, params: list) -> dict:
    """The smaller image a phone asks for of the dashboard's chart `cell` (`phone_image`), of the rows
    `params` choose. One that cannot be drawn names its image saying why, drawn at the phone's size: its
    `<picture>` is there all the same, so that a refreshing page, once the chart can be drawn, moves its
    `<source>` on to the phone's image of it (static/refresh-sources.js), as it does a chart's drawn as the
    page loaded, where a chart without one showed 640 px wide on a phone until the page was opened again."""
    if cell["version"] is None:  # its image saying why, drawn at the phone's size as a chart drawn would be
        return phone_image(cell["spec"], lambda size: _reason_src(board.name, cell["chart"], cell["status"],
                                                                  cell["error"], params, size))
    return phone_image(cell["spec"], lambda size: _chart_src(board, cell, params, size))


def _broken_cell(name: str, chart, message: str, status: int, image_params: list) -> dict:
    """A chart that cannot be drawn because of `message`, found before its rows were asked for."""
    # Its spec keeps the title its file gives it, which names it on the page and in its preview, and its size,
    # which its <img> and the phone's image a refreshing page asks for once it can be drawn are sized by.
    return {"chart": chart, "spec": chart.spec_alone(current_site().limits), "dataset": chart.dataset,
            "notes": [], **_cannot_draw(name, chart, ChartWords.cannot_draw(message, status), image_params)}


def _cannot_draw(name: str, chart, words: ChartWords, params: list) -> dict:
    """The fields of a chart that cannot be drawn (`words`): no data version, its image URL, which
    answers its status with an image saying why, the status, why, and its alt text saying so."""
    return {"version": None, "status": words.status, "error": words.error, "alt": words.alt,
            "src": _reason_src(name, chart, words.status, words.error, params)}


def _reason_src(name: str, chart, status: int, error: str | None, params: list,
                size: dict[str, str] | None = None) -> str:
    """The image URL of a dashboard's chart that cannot be drawn (with `status`, because of `error`), with the
    selection `params` (at `size`, its width and height where not the chart's own: a phone's image):
    its `v` a digest of why (`reason_version`), so that a page showing the image of one reason is given
    another URL, which the browser asks for, once the reason changes, and the same one while it stays.
    It answers as the chart is drawn now, or with an image saying why it cannot be."""
    return chart_url("charts.chart_file", size or {}, reason_version(status, error), params, dashboard=name,
                     chart=chart.id, fmt="svg")


def _refuse_unknown_parameters(board: Dashboard, args: MultiDict, where: str, others: Sequence[str] = ()) -> None:
    """Refuse a parameter the dashboard's page, report or versions.json (`where`, in words) does not
    take: `from`, `to`, its filters and `others`. A typo (`froom=`) would otherwise show every row
    without a word, where a chart's URL refuses it. Raises SpecError naming it and what is taken: for
    a parameter of its charts' URLs (title, scale, v …) or of its page (range), where it applies;
    else the one it looks like a typo of. A quick range (`range=now-7d`) where only the page takes one
    says what to write instead (`from=now-7d`). A filter.<column> the dashboard does not offer is for
    `dashboard_query` to refuse, as one of these."""
    taken = dashboard_parameters(board, others)
    example = f"/d/{board.name}/{board.charts[0].id}.svg" if board.charts else f"/d/{board.name}/<chart>.svg"
    elsewhere = {**dict.fromkeys((*FIELDS, "v", "errors"), f"a chart's URL (such as {example})"),
                 **dashboard_page_parameters(board)}
    instead = "" if "range" in taken else quick_range_instead(board, args)
    refuse_unknown_parameters((name for name in args.keys() if not is_selection_param(name)), taken, where, elsewhere,
                              advice={"range": instead} if instead else None)


def _reads_shared(view: Callable) -> Callable:
    """The view with the reads of its answer in one block (`ChartReads.checked_once`): its form's
    filter values read from the rows its charts read, each dataset's once, where the form read the
    rows of each dataset holding a filter's column again, apart from the charts'."""
    @functools.wraps(view)
    def shared(*args, **kwargs):
        with current_site().store.checked_once():
            return view(*args, **kwargs)
    return shared


@bp.get("/d/<board:name>")
@ignores_tracking_tags
@reads_undecodable_query
@_reads_shared
def dashboard(name: str):
    """A dashboard: its charts in a grid, narrowed by the form's range and filters, each linking to
    its own page; refreshed when it sets `refresh`."""
    board = current_site().dashboard(name)
    now = clock_now()
    try:
        refuse_undecodable_query()  # a value that is not UTF-8 is a bad value as any other
        checks = request_checks()  # every bad parameter told at once
        with checks.check():
            _refuse_unknown_parameters(board, request.args, "the dashboard's page", DASHBOARD_PAGE_PARAMETERS)
        with checks.check():
            query, canonical = canonical_query(board, request.args)
            query.resolved(now)  # from must not be after to
        checks.tell()
    except SpecError as error:
        # Not a dead end: the form again, holding what was sent, with the message beside it, over
        # the charts as the dashboard opens (as a chart's page shows its own form's refusal), naming the kind of
        # failure its report and versions.json name.
        return (_page(board, dashboard_query(board, {}), now, fields_sent(board, request.args), error), error.status,
                {KIND_HEADER: error_kind(error, error.status)})
    if canonical is not None:
        response = redirect(with_params(url_for("dashboards.dashboard", name=name), canonical))
        # Where it sends follows from the URL and the dashboard's file, never the clock (`from=now-7d`
        # is written as asked): kept as a redirect of a slash too many is, an hour, past which a
        # dashboard's file changed since is read again.
        response.headers["Cache-Control"] = REDIRECT_CACHING
        return response
    return _page(board, query, now)


def _page(board: Dashboard, query: SelectionQuery, now: datetime, fields: FormFields | None = None,
          error: SpecError | None = None) -> Response:
    """The dashboard's page: its charts narrowed to `query`, under its form holding `fields` (by
    default the query's own) and the refusal `error` of what was asked instead, if any; its
    `X-Chart-Errors` the number of those charts that cannot be drawn."""
    link_params = query.params(board.range)  # the range as asked: a chart's page moves with the clock
    cells = _cells(board, query, now, page=True)
    for cell in cells:
        cell["href"] = chart_page_url(board.name, cell["chart"].id, link_params)
    page_url = with_params(url_for("dashboards.dashboard", name=board.name), link_params)
    html = render_template("dashboard.html", board=board, cells=cells, phone_media=phone_media(board.columns),
                           preview=dashboard_preview(board, cells, page_url),
                           form=page_form(board, query, now, fields), relative=query.range.relative,
                           error=error.message if error else None, invalid=refused_fields(error),
                           versions_url=with_params(url_for("dashboards.versions", name=board.name), link_params),
                           report_url=with_params(url_for("dashboards.report", name=board.name), link_params),
                           report_boxed=report_boxed_words(_report_boxed(board, cells)))
    response = Response(html, mimetype="text/html")
    # As the template marks an image `data-error`: a chart without a version, of a reason it knows.
    response.headers[CHART_ERRORS_HEADER] = str(sum(1 for cell in cells if cell["version"] is None and cell["error"]))
    return response


def chart_name(chart, spec: ChartSpec) -> str:
    """A dashboard chart's name, which its link's name begins with and a refreshing page tells a screen
    reader of it by ("Temperature can no longer be drawn: …"): its title, or what it draws ("Line chart
    of frogs by row number"); where the page could not make its spec (its dataset gone, a column
    missing), what its file says it draws (`file_chart_name`)."""
    if spec.title.strip():
        return one_line(spec.title)
    return one_line(spec_summary(spec)[0]) if spec.y else file_chart_name(chart)


def file_chart_name(chart) -> str:
    """What a dashboard chart draws as its file writes it, as its spec would name it ("Line chart of frogs",
    "by day" where the file names its x: the default x is its dataset's first column, which a chart whose
    dataset is gone cannot know); its id ("The chart 'frogs'") only where the file names no y column."""
    fields = chart.fields
    # Read as the spec reads them (`spec_parser`): a kind in any case and spaces, y split at its commas
    # (no column is known to take a name with a comma whole: its dataset is gone).
    kind = (fields.get("kind") or ["line"])[-1].strip().lower()
    y = split_columns(fields.get("y", []), {})
    if not y or kind not in kind_names():
        return f"The chart {chart.id!r}"
    x = (fields.get("x") or [None])[-1]
    summary = spec_summary(ChartSpec(kind=kind, x=x or None, y=tuple(y)))[1]
    return one_line(summary if x or not kind_of(ChartSpec(kind=kind)).uses_x
                    else summary.removesuffix(" by row number"))


def _report_boxed(board: Dashboard, cells: Sequence[dict]) -> list[str]:
    """The characters the dashboard's PDF report draws as boxes, as far as its page knows them: of its
    title, description and captions, and of its charts' texts (`ChartWords.boxed`), each once."""
    own = (board.title, board.description, *(chart.caption for chart in board.charts))
    found = dict.fromkeys(boxed_characters(own))
    for cell in cells:
        found.update(dict.fromkeys(cell.get("boxed", ())))
    return list(found)


@bp.get("/d/<board:name>/versions.json")
@_reads_shared
def versions(name: str):
    """The current data version of each chart of a dashboard, with the image URL that draws it
    (the range resolved now, so a relative one moves on at each poll), its alt text and notes (and,
    for one that cannot be drawn, the status its image answers and why), the rows shown in the
    words of the line under the page's form and the options of its filters' selects. It takes `from`, `to` and the dashboard's filters, as
    its page links it (static/refresh.js adds nothing to that URL)."""
    board = current_site().dashboard(name)
    checks = request_checks()  # every bad parameter told at once
    with checks.check():
        _refuse_unknown_parameters(board, request.args, "the dashboard's versions.json")
    with checks.check():
        query, now = dashboard_query(board, request.args), clock_now()
    checks.tell()
    cells = _cells(board, query, now)
    # A chart that cannot be drawn says with what status its image answers, and why (its alt text's
    # words after "This chart cannot be drawn: "): refresh.js keeps the image it shows through a 503
    # (its source or the store cannot answer now), saying why beside it, and shows the error of any other.
    # The words the page shows beside the charts come too, for refresh.js to keep them true: the rows
    # shown (a relative range's moments move on), the notes under each chart and the options of the
    # form's selects (a value new to the data since the page was opened).
    # Its name too, which a chart drawn again is told by: a chart the page could not draw as it opened
    # named what its file says it draws, which its spec names more fully once it can be drawn.
    # Each in the page's words: a control character of the data as U+FFFD (`page_text`), as the page wrote it.
    charts = {cell["chart"].id: {"dataset": cell["dataset"], "version": cell["version"], "src": cell["src"],
                                 "alt": page_text(cell["alt"]),
                                 "name": page_text(cell["name"]),
                                 "notes": [page_text(note) for note in cell["notes"]],
                                 **({"status": cell["status"], "error": page_text(cell["error"])} if "status" in cell
                                    else {})}
              for cell in cells}
    # Of the form, only what refresh.js writes anew: the line of the rows shown and the options of
    # its selects (not its suggestions of typed values, which stay those of the page's load).
    shown = showing_parts(board, query, now)  # the line of the rows shown, its filters' values apart
    response = json_response({"ok": True, "dashboard": board.name, "refresh": board.refresh,
                              "showing": "".join(part["text"] for part in shown), "showing_parts": shown,
                              "charts": charts,
                              "filters": select_options(board, query)})
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/d/<board:name>.pdf")
def report(name: str):
    """The dashboard as a PDF report: its title, description, range and filters, data versions, its
    charts and captions; `from`, `to` and `filter.<column>` narrow it as they do the page (it takes
    no other parameter, not even a `v`: no page links it with one)."""
    board = current_site().dashboard(name)
    checks = request_checks()  # every bad parameter told at once
    with checks.check():
        _refuse_unknown_parameters(board, request.args, "the dashboard's .pdf report")
    with checks.check():
        query = dashboard_query(board, request.args)
        now = clock_now()
        resolved = query.resolved(now)
    checks.tell()
    words = range_text(query.range, resolved.range) if query.range.bounded else ""
    if words and query.range.relative:  # as the page's line says it
        words += "".join(part["text"] for part in hourly_range_parts(board, query, now))
    # Cached as a chart is, for the fewest seconds its sources, its range (when relative to now) and
    # the setting for unversioned charts allow: its URL pins no version, as no page links it with a
    # `v`, and its bytes follow the dashboard's file too.
    # An hourly chart's relative range taken to the hour (`range_step`), as on the page.
    stepped = {step: query.resolved(now, step) for step in RANGE_STEPS.values()} if query.range.relative else {}
    return chart_response(rendered_report(board, resolved, words, stepped), format_named(REPORT_FORMAT).media_type,
                          None, query.range.fresh_for(now), answered="this report")
