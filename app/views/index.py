"""The front page: every dashboard and dataset, each with a small chart.

Its ETag is made of what its bytes are made of: each dataset's version (or why it cannot be read),
the rows each dashboard's thumbnail draws, the store and the code (`page_etag`). A revalidation
(If-None-Match) asks each dataset its version, the least a store answers, and is a 304 when they
name that ETag, without reading any dataset's description or rows, nor making the page.
"""
from __future__ import annotations

import functools
import hashlib
from collections.abc import Sequence

from flask import Blueprint, Response, make_response, render_template, request
from werkzeug.datastructures import MultiDict

from plots import SpecError
from plots.describe import spec_words

from ..cache import etag_of
from ..chart_requests import ChartRequest, chart_of_dashboard, with_query, with_selection
from ..compression import ETAG_SUFFIX, conditional, none_match, response_encoding
from ..config import SITE_DIR
from ..context import clock_now, current_site
from ..dashboards import Dashboard
from ..query_parameters import refuse_any_parameter
from ..selection_queries import dashboard_query
from ..store import StoreError
from .base import alt_texts, cannot_draw_alt
from .chart_versions import chart_url
from .dataset_charts import page_chart_request, page_chart_src, page_charts

bp = Blueprint("index", __name__)

# A card's chart is described at this size too: the rows its words are made of are its image's, which
# a chart the database computes (M4-thinned per pixel column) then reads once for both (`rendering`).
THUMB = {"width": "320", "height": "180"}


@bp.get("/")
def index():
    """Every dashboard and dataset, each with a small chart."""
    refuse_any_parameter("the front page (/)")
    site = current_site()
    names = site.store.names()
    if request.if_none_match and not request.if_match:
        unchanged = _not_modified(names)
        if unchanged is not None:
            return unchanged
    dashboards = [_dashboard_card(dashboard) for dashboard in site.dashboards.values()]
    datasets = [_dataset_card(name) for name in names]
    cards = dashboards + datasets
    _describe_thumbs(cards)
    response = make_response(render_template("index.html", dashboards=dashboards, datasets=datasets,
                                             dashboard_folders=site.dashboard_folders))
    if not _words_pending(cards):
        # Else its ETag is its bytes' (`revalidate_by_bytes`): the next visit makes it again, with the words.
        response.set_etag(page_etag([card["state"] for card in dashboards], [card["state"] for card in datasets]))
    return conditional(response)


def page_etag(dashboards: Sequence[tuple], datasets: Sequence[tuple]) -> str:
    """The front page's ETag (unquoted, as the plain page goes out) from what its bytes are made of:
    each dashboard's and dataset's state (`_dashboard_state`, `_version_state`), the store and the
    drawing code (`Site.url_digest`, which its thumbnails' URLs carry), the templates, and the path
    the site is served under."""
    site = current_site()
    made_of = repr((request.script_root, site.url_digest, _templates_digest(), tuple(dashboards), tuple(datasets)))
    return etag_of(made_of.encode("utf-8"))


@functools.cache
def _templates_digest() -> str:
    """A digest of the site's templates (read once per process), which a release may change alone."""
    digest = hashlib.sha256()
    for path in sorted((SITE_DIR / "templates").glob("*.html")):
        digest.update(path.name.encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _not_modified(names: Sequence[str]) -> Response | None:
    """The 304 of a revalidation whose If-None-Match names the page as it would be made now, asking
    each dataset its version only; None when it names another (the page is made)."""
    site = current_site()
    dashboards = [_dashboard_state(board, _version_state(board.charts[0].dataset)) for board in site.dashboards.values()]
    etag = page_etag(dashboards, [_version_state(name) for name in names])
    answer = Response(status=304, mimetype="text/html")
    # The page, longer than anything left uncompressed, goes out in the encoding the client prefers,
    # its ETag suffixed so (`compress_response`), which is the one a revalidation names.
    encoding = response_encoding(answer)
    sent = etag + ETAG_SUFFIX[encoding] if encoding else etag
    if not none_match(request.headers.get("If-None-Match"), sent):
        return None
    answer.set_etag(sent)
    return answer


def _version_state(name: str) -> tuple:
    """What a dataset's card is made of, as cheaply as the store tells it: its version, or why it cannot be read."""
    try:
        return (name, current_site().store.version(name))
    except StoreError as error:
        return (name, None, error.message)


def _dashboard_state(dashboard: Dashboard, dataset: tuple) -> tuple:
    """What a dashboard's card is made of besides the dashboard file: its first chart's dataset's
    state (`_version_state`) and the rows it draws (a range relative to now moves on with the clock)."""
    try:
        rows = repr(dashboard_query(dashboard, {}).resolved(clock_now()))
    except SpecError as error:
        rows = error.message
    return (dashboard.name, dataset, rows)


def _dashboard_card(dashboard: Dashboard) -> dict:
    """A dashboard's card: its first chart's thumbnail URL and what that chart draws, or why it cannot."""
    first = dashboard.charts[0]
    try:
        info = current_site().store.info(first.dataset)
    except StoreError as error:
        # The thumbnail's own URL then says what is wrong, as its alt text does.
        return {"dashboard": dashboard, "thumb": _dashboard_thumb(dashboard, "unavailable"),
                "alt": cannot_draw_alt(error.message),
                "state": _dashboard_state(dashboard, (first.dataset, None, error.message))}
    card = {"dashboard": dashboard, "thumb": _dashboard_thumb(dashboard, info.version),
            "state": _dashboard_state(dashboard, (first.dataset, info.version))}
    try:
        # The thumbnail's rows: its URL names no range or filter, so the dashboard's own.
        thumb = with_query(chart_of_dashboard(first, info), MultiDict(THUMB))
        card["chart"] = with_selection(thumb, dashboard_query(dashboard, {}), clock_now())
    except SpecError as error:
        card["alt"] = cannot_draw_alt(error.message)
    return card


def _dashboard_thumb(dashboard: Dashboard, version: str) -> str:
    """The URL of a dashboard's first chart, small."""
    return chart_url("charts.chart_file", THUMB, version, dashboard=dashboard.name, chart=dashboard.charts[0].id,
                     fmt="svg")


def _dataset_card(name: str) -> dict:
    """A dataset's card: the first chart of its page, small, and what it draws; or why the dataset cannot be read."""
    try:
        info = current_site().store.info(name)
    except StoreError as error:
        # One unreadable file in the data folder must not take the index down.
        return {"name": name, "error": error.message, "state": (name, None, error.message)}
    state = (name, info.version)
    charts = page_charts(info, None)
    if not charts:
        return {"info": info, "thumb": None, "state": state}
    first = charts[0]
    card = {"info": info, "thumb": page_chart_src(info, first, THUMB), "state": state}
    try:
        card["chart"] = page_chart_request(info, first, THUMB)
    except SpecError as error:
        card["alt"] = cannot_draw_alt(error.message)
    return card


def _describe_thumbs(cards: list[dict]) -> None:
    """Give each card with a chart its alt text: the words of its chart's own page, made of its
    thumbnail's rows (all at once, as a page's charts are: those a database computes are described
    side by side)."""
    described = [card for card in cards if "chart" in card]
    charts: list[ChartRequest] = [card["chart"] for card in described]
    for card, alt in zip(described, alt_texts(charts)):
        card["alt"] = alt


def _words_pending(cards: list[dict]) -> bool:
    """Whether a card's alt text is its chart's spec in words alone, its rows still being computed
    by its database (`alt_texts`): the same page made later differs in it."""
    return any(card["alt"] == spec_words(card["chart"].spec) for card in cards if "chart" in card)
