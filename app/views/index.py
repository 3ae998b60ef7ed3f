"""The front page: every dashboard and dataset, each with a small chart.

Its ETag is its bytes' (`revalidate_by_bytes`), as any page's: the page is made for a revalidation
too, and is a 304 when its bytes are those the If-None-Match names. What the page shows is read from
more places than any short list keeps up with (each dashboard's whole file, each source's entry, each
dataset's title and columns, the clock for a range relative to now, the templates, the path the site
is served under), and a list that misses one answers a 304 with a page gone stale; a second visit
reads no dataset's rows (what each card draws is kept by its dataset's version), so the bytes cost
little more than such a list.
"""
from __future__ import annotations

from collections.abc import Mapping

from flask import Blueprint, make_response, render_template, url_for
from werkzeug.datastructures import MultiDict

from plots import SpecError
from plots.text import counted

from ..chart_requests import ChartRequest, chart_of_dashboard, with_query, with_selection
from ..context import NO_DASHBOARD_FOLDER, clock_now, current_site, dashboard_folder_words
from ..dashboards import Dashboard
from ..query_parameters import refuse_any_parameter
from ..selection_queries import dashboard_query
from ..store import DatasetInfo, StoreError
from ..store.not_found import names_and_more
from ..tracking_tags import ignores_tracking_tags
from .chart_alt import CHART_ERRORS_HEADER, cannot_draw_alt, chart_words
from .chart_versions import chart_url
from .dataset_charts import page_chart_request, page_chart_src, page_charts
from .link_previews import preview

bp = Blueprint("index", __name__)

# A card's chart is described at this size too: the rows its words are made of are its image's, which
# a chart the database computes (M4-thinned per pixel column) then reads once for both (`rendering`).
THUMB = {"width": "320", "height": "180"}
# The most column names a dataset's card lists, the rest counted: a dataset of hundreds of columns
# would otherwise fill its card, and the page, with their names (its own page lists them all).
CARD_COLUMNS = 8
# The cards whose charts load at once, a screen 1280 pixels wide's first row of them; the others load
# as they come into view. A lazy image is asked for only once the page's stylesheet has come, a round
# trip later on a slow network, so that the cards a page opens on would show their charts last.
CARDS_AT_ONCE = 3


@bp.get("/")
@ignores_tracking_tags
def index():
    """Every dashboard and dataset, each with a small chart; `X-Chart-Errors` the number of those charts it
    knows cannot be drawn, each marked `data-error`, as a dashboard's page counts and marks its own."""
    refuse_any_parameter("the front page (/)")
    site = current_site()
    described = site.store.infos()  # every dataset's description in one read of the database
    dashboards = [_dashboard_card(dashboard, described) for dashboard in site.dashboards.values()]
    datasets = [_dataset_card(name, found) for name, found in described.items()]
    cards = dashboards + datasets
    _describe_thumbs(cards)
    response = make_response(render_template(
        "index.html", dashboards=dashboards, datasets=datasets,
        dashboard_folders=site.dashboard_folders and dashboard_folder_words(site.dashboard_folders),
        no_dashboard_folder=NO_DASHBOARD_FOLDER,
        at_once=CARDS_AT_ONCE, preview=preview(_site_words(dashboards, datasets), url_for("index.index"))))
    response.headers[CHART_ERRORS_HEADER] = str(sum(1 for card in cards if card.get("cannot_draw")))
    return response


def _site_words(dashboards: list[dict], datasets: list[dict]) -> str:
    """What the front page's preview says of it: how many dashboards and datasets it shows."""
    return f"{counted(len(dashboards), 'dashboard')} and {counted(len(datasets), 'dataset')}, each with a small chart"


def _described(name: str, described: Mapping[str, DatasetInfo | StoreError]) -> DatasetInfo:
    """Dataset `name`'s description as `described` holds it, or the StoreError it holds raised; asked
    of the store when it holds none (a dashboard's chart of a dataset there is not)."""
    found = described.get(name)
    if found is None:
        return current_site().store.info(name)
    if isinstance(found, StoreError):
        raise found
    return found


def _dashboard_card(dashboard: Dashboard, described: Mapping[str, DatasetInfo | StoreError]) -> dict:
    """A dashboard's card: its first chart's thumbnail URL and what that chart draws, or why it
    cannot (`cannot_draw`, which marks its image); its dataset's description looked up in `described`
    (`Store.infos`)."""
    first = dashboard.charts[0]
    try:
        info = _described(first.dataset, described)
    except StoreError as error:
        # The thumbnail's own URL then says what is wrong, as its alt text does.
        return {"dashboard": dashboard, "thumb": _dashboard_thumb(dashboard, "unavailable"),
                "alt": cannot_draw_alt(error.message), "cannot_draw": error.message}
    card = {"dashboard": dashboard, "thumb": _dashboard_thumb(dashboard, info.version)}
    try:
        # The thumbnail's rows: its URL names no range or filter, so the dashboard's own.
        thumb = with_query(chart_of_dashboard(first, info), MultiDict(THUMB))
        card["chart"] = with_selection(thumb, dashboard_query(dashboard, {}), clock_now())
    except SpecError as error:
        card.update(alt=cannot_draw_alt(error.message), cannot_draw=error.message)
    return card


def _dashboard_thumb(dashboard: Dashboard, version: str) -> str:
    """The URL of a dashboard's first chart, small."""
    return chart_url("charts.chart_file", THUMB, version, dashboard=dashboard.name, chart=dashboard.charts[0].id,
                     fmt="svg")


def _dataset_card(name: str, info: DatasetInfo | StoreError) -> dict:
    """A dataset's card: the first chart of its page, small, and what it draws; or why the dataset
    cannot be read (`info`, as `Store.infos` gives it)."""
    if isinstance(info, StoreError):
        # One unreadable file in the data folder must not take the index down.
        return {"name": name, "error": info.message}
    charts = page_charts(info, None)
    # The first CARD_COLUMNS of its columns' names, then how many more there are, in words apart from the
    # names: a browser's translation of the page translates the words alone. The page sets each name apart
    # (`<bdi>`), so that names in a right-to-left script keep their order among the others.
    names = [column.name for column in info.columns]
    _, more = names_and_more(names, most=CARD_COLUMNS, noun="column")
    columns = {"columns": names[:CARD_COLUMNS], "more_columns": more}
    if not charts:
        return {"info": info, **columns, "thumb": None}
    first = charts[0]
    card = {"info": info, **columns, "thumb": page_chart_src(info, first, THUMB)}
    try:
        card["chart"] = page_chart_request(info, first, THUMB)
    except SpecError as error:
        card.update(alt=cannot_draw_alt(error.message), cannot_draw=error.message)
    return card


def _describe_thumbs(cards: list[dict]) -> None:
    """Give each card with a chart its alt text: the words of its chart's own page, made of its
    thumbnail's rows (all at once, as a page's charts are: those a database computes are described
    side by side); and where its rows are more than it may draw, why (`cannot_draw`), as its image
    answers a 422. A source down is not known so: the next visit reads it again."""
    described = [card for card in cards if "chart" in card]
    charts: list[ChartRequest] = [card["chart"] for card in described]
    for card, words in zip(described, chart_words(charts)):
        card["alt"] = words.alt
        if words.status is not None:
            card["cannot_draw"] = words.error

