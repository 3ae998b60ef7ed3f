"""What a search engine reads of the site besides its pages: /sitemap.xml, the list of the pages worth
indexing (the front page, each dashboard, each dashboard chart's page, each dataset's page), each
with the time of its data's last write where the site knows it, or of its dashboard file's last
change where that is later, in one file, or, past the 50,000 URLs or 50 MB one file may hold, in
files of their own (/sitemap-1.xml, …) that /sitemap.xml is then the index of; and the rule of which
answers are kept out of its index (`kept_out_of_search`, `mark_unindexed`); and what a dataset's page tells a
dataset search of it (`dataset_record`: schema.org's Dataset, in JSON-LD).

A page is indexed under its canonical URL, the one its link preview names (`link_previews`): its
parameters in one order, without a tracking tag or a `v`. Kept out: a page whose range is relative
to now (`from=now-7d`), whose rows change as the clock moves, and whose URL ages with them; the
upload and append forms, which hold nothing to find; and every answer of 400 or more, a page or a
chart's error image, which tells of a request, not of the data.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from xml.sax.saxutils import escape

from flask import Blueprint, Response, current_app, request, url_for
from werkzeug.exceptions import NotFound

from plots import Limits, SpecError
from plots.text import cut

from ..context import current_site
from ..dashboard_charts import Chart
from ..query_parameters import refuse_any_parameter
from ..responses import FORWARDED_HEADERS
from ..store import DatasetInfo, StoreError
from .link_previews import LinkPreview, absolute

bp = Blueprint("search_engines", __name__)

SITEMAP_NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
URLSET_START = f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{SITEMAP_NAMESPACE}">'
URLSET_END = "</urlset>\n"
# What sitemaps.org allows one sitemap file: 50,000 URLs and 50 MB uncompressed. Past either, the
# sitemap is an index of files (/sitemap-1.xml, …) that each keep within both.
URLS_PER_FILE = 50_000
BYTES_PER_FILE = 52_428_800
# The forms' pages: a crawler that follows a link to one from another site is told not to index it.
FORM_ENDPOINTS = frozenset({"uploads.upload_form", "appends.append_form"})
# The parameters that name a page's range: a bound relative to now starts with `now`.
RANGE_PARAMETERS = ("from", "to", "range")


@bp.get("/sitemap.xml")
def sitemap() -> Response:
    """The pages worth indexing, each with when its data last changed where known, as a sitemap; or,
    for a site of more pages than one file may hold, the index of the files that list them."""
    refuse_any_parameter("the sitemap (/sitemap.xml)")
    files = _sitemap_files()
    if len(files) == 1:
        return _sitemap_answer(_urlset(files[0]))
    lines = [f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="{SITEMAP_NAMESPACE}">']
    lines.extend(_sitemap_entry(number, _latest(changed for _, changed in entries))
                 for number, entries in enumerate(files, start=1))
    lines.append("</sitemapindex>\n")
    return _sitemap_answer("\n".join(lines))


@bp.get("/sitemap-<number>.xml")
def sitemap_file(number: str) -> Response:
    """One file of the pages worth indexing, of a site whose sitemap is an index of several."""
    refuse_any_parameter(f"a sitemap file (/sitemap-{number}.xml)")
    files = _sitemap_files()
    # Numbered as the index names them: 1, 2, …, never 01.
    if len(files) == 1 or not re.fullmatch(r"[1-9][0-9]*", number) or int(number) > len(files):
        there = ("this site's sitemap is one file, /sitemap.xml" if len(files) == 1 else
                 f"the sitemap /sitemap.xml lists {len(files)} files, /sitemap-1.xml to /sitemap-{len(files)}.xml")
        raise NotFound(f"no sitemap file /sitemap-{cut(number)}.xml: {there}")
    return _sitemap_answer(_urlset(files[int(number) - 1]))


def _sitemap_answer(text: str) -> Response:
    """A sitemap file or the sitemap index, as XML asked again by its ETag each time: a write changes it."""
    response = Response(text, mimetype="application/xml", headers={"Cache-Control": "no-cache"})
    return built_on_the_request(response)


def _sitemap_files() -> list[list[tuple[str, str]]]:
    """The sitemap's entries, each a `<url>` line and its page's lastmod ("" where not known), split
    into the files that hold them within the protocol's limits (`file_bounds`)."""
    entries = [(_url_entry(path, changed), changed) for path, changed in _pages()]
    bounds = file_bounds([len(line.encode()) for line, _ in entries], URLS_PER_FILE, BYTES_PER_FILE,
                         len(URLSET_START.encode()) + len(URLSET_END.encode()))
    return [entries[piece.start:piece.stop] for piece in bounds]


def file_bounds(sizes: list[int], most_urls: int, most_bytes: int, overhead: int) -> list[range]:
    """The runs of entries, by index, that fill one sitemap file each, in order: each run at most
    `most_urls` entries and, with a line feed after each and the file's own `overhead` bytes, at most
    `most_bytes` bytes. An entry too big for any file on its own still gets a file of its own."""
    bounds: list[range] = []
    start, size = 0, overhead
    for index, entry in enumerate(sizes):
        if index > start and (index - start == most_urls or size + entry + 1 > most_bytes):
            bounds.append(range(start, index))
            start, size = index, overhead
        size += entry + 1
    bounds.append(range(start, len(sizes)))
    return bounds


def _urlset(entries: list[tuple[str, str]]) -> str:
    """A sitemap file of the `<url>` lines `entries`."""
    return "\n".join([URLSET_START, *(line for line, _ in entries), URLSET_END])


def _sitemap_entry(number: int, changed: str) -> str:
    """One `<sitemap>` of the sitemap index: a file's absolute URL and its `<lastmod>` where `changed` is known."""
    lastmod = f"<lastmod>{escape(changed)}</lastmod>" if changed else ""
    location = absolute(url_for("search_engines.sitemap_file", number=number))
    return f"<sitemap><loc>{escape(location)}</loc>{lastmod}</sitemap>"


def _latest(times: Iterable[str]) -> str:
    """The latest of `times` (ISO 8601, UTC), or "" where one of them is not known: a file that lists a
    page whose time is not known changes with it, when is not known."""
    times = list(times)
    return "" if "" in times else max(times)


def _pages() -> list[tuple[str, str]]:
    """The pages worth indexing, each a path and when it last changed ("" where not known): the front
    page, each dashboard and its charts' pages, and each dataset's page."""
    site = current_site()
    described = site.store.infos()
    readable = {name: info for name, info in described.items() if not isinstance(info, StoreError)}
    entries: list[tuple[str, str]] = []
    for board in site.dashboards.values():
        # A dashboard's pages change with its file (a chart added, a title changed) as with its data.
        changed = _later(_last_write(readable, (chart.dataset for chart in board.charts)), board.file_changed)
        entries.append((url_for("dashboards.dashboard", name=board.name), changed))
        entries.extend((url_for("charts.chart_page", dashboard=board.name, chart=chart.id),
                        _later(readable[chart.dataset].updated, board.file_changed)) for chart in board.charts
                       if _page_found(chart, readable, site.limits))
    entries.extend((url_for("datasets.dataset", name=name), info.updated) for name, info in readable.items())
    # The front page shows each dashboard's title and description too.
    front = _later(_last_write(readable, described), *(board.file_changed for board in site.dashboards.values()))
    return [(url_for("index.index"), front), *entries]


def sitemap_url() -> str:
    """The sitemap's absolute URL, on the request's host as the site works it out behind a proxy."""
    return absolute(url_for("search_engines.sitemap"))


def built_on_the_request(response: Response) -> Response:
    """`response`, whose URLs are built on the request's host, scheme and path prefix, marked so that
    no cache behind PROXIES hands it to a client that asked through another (as a page is)."""
    if current_app.config["PROXIES"]:
        for name in FORWARDED_HEADERS:
            response.vary.add(name)
    return response


def _page_found(chart: Chart, readable: Mapping[str, DatasetInfo], limits: Limits) -> bool:
    """Whether a dashboard chart's page is found: a page whose dataset is gone or unreadable, or no
    more has a column the chart draws (its spec refused over its columns), is a 404 or an error,
    which a sitemap lists not. The spec is the one the chart keeps for those columns (`Chart.spec`)."""
    info = readable.get(chart.dataset)
    if info is None:
        return False
    try:
        chart.spec(info.columns, limits)
    except SpecError:
        return False
    return True


def _last_write(readable: Mapping[str, DatasetInfo], names: Iterable[str]) -> str:
    """The latest time any of the datasets `names` was written (ISO 8601, UTC), or "" where one of
    them has none the site knows (a CSV file, a source's table, a dataset it cannot read)."""
    times = [readable[name].updated if name in readable else "" for name in names]
    return "" if not times or "" in times else max(times)


def _later(data_written: str, *files_changed: str) -> str:
    """The latest of a page's data's last write and its dashboard files' changes (ISO 8601, UTC), or ""
    where the data's is not known (`_last_write`): a page changes with its data, whose time is then
    not known, whenever its file changed last."""
    if not data_written:
        return ""
    return max(data_written, *files_changed)


def _url_entry(path: str, changed: str) -> str:
    """One `<url>` of the sitemap: the page's absolute URL, and its `<lastmod>` where `changed` is known."""
    lastmod = f"<lastmod>{escape(changed)}</lastmod>" if changed else ""
    return f"<url><loc>{escape(absolute(path))}</loc>{lastmod}</url>"


def dataset_record(info: DatasetInfo, shown: LinkPreview) -> dict:
    """A dataset's page as schema.org's Dataset, which a dataset search reads (JSON-LD): its title,
    its preview's words and URL, the time of its last write where known, and its rows as CSV and JSON
    at URLs without a `v`, which give the rows as they are when fetched."""
    record = {"@context": "https://schema.org", "@type": "Dataset", "name": info.title,
              "description": shown.description, "url": shown.url,
              "variableMeasured": [column.name for column in info.columns],
              "distribution": [{"@type": "DataDownload", "encodingFormat": media,
                                "contentUrl": absolute(url_for("dataset_rows.dataset_file", name=info.name, fmt=fmt))}
                               for fmt, media in (("csv", "text/csv"), ("json", "application/json"))]}
    if info.updated:
        record["dateModified"] = info.updated
    return record


def kept_out_of_search() -> bool:
    """Whether the page being answered is one a search engine is told not to index: a form's, or one
    whose range is relative to now (`from=now-7d`, as a quick range writes it)."""
    if request.endpoint in FORM_ENDPOINTS:
        return True
    return any(value.strip().lower().startswith("now")
               for name in RANGE_PARAMETERS for value in request.args.getlist(name))


def mark_unindexed(response: Response) -> Response:
    """Tell a search engine not to index an answer of 400 or more (an error page, a chart's error
    image, an API refusal), a chart's error image answered as a 200, nor a page `kept_out_of_search`
    (an after-request hook)."""
    # `errors=image` answers an error as a 200 image, which X-Chart-Error tells of.
    if (response.status_code >= 400 or "X-Chart-Error" in response.headers
            or (response.mimetype == "text/html" and kept_out_of_search())):
        response.headers["X-Robots-Tag"] = "noindex"
    return response
