"""The views, one module per resource: the URL you are looking at names the file to open.

index (/), dashboards (/d/<dashboard>, versions.json), charts (/d/<dashboard>/<chart> and its
.svg/.png/.json/.csv twins, /plot/<dataset>.<format>), datasets (/datasets/<name>; the charts it
draws planned in dataset_charts), dataset_rows (/datasets/<name>.json, .csv), appends
(/datasets/<name>/append), uploads (/upload), api (/api/...), seed (the first version's URLs), health (/healthz),
robots (/robots.txt), search_engines (/sitemap.xml and its files, /sitemap-<n>.xml, and which
answers are kept out of a search engine's index), static_files (/static/...); over base, what they
share, and forms, which reads a form's fields as UTF-8.
"""
from __future__ import annotations

from flask import Flask

from plots.text import counted, names_listed, one_line, shown_value

from ..page_characters import sent
from ..query_parameters import refuse_undecodable_query_first
from ..tracking_tags import drop_tracking_tags
from . import (api, appends, charts, dashboards, dataset_rows, datasets, health, index, link_previews, robots,
               search_engines, seed, uploads)
from .forms import FormRequest
from .static_files import serve_static_files
from .table_cells import table_cell

BLUEPRINTS = (index.bp, dashboards.bp, charts.bp, datasets.bp, dataset_rows.bp, appends.bp, uploads.bp, api.bp,
              seed.bp, health.bp, robots.bp, search_engines.bp)


def register_views(app: Flask) -> None:
    """Add every view's blueprint to `app`, with what every view reads its request through: a page's
    query without its tracking tags (`tracking_tags`), a query that is not UTF-8 refused before any
    view reads it (or by the view, where it answers it as its other bad values: a dashboard's page),
    and a form's fields read as UTF-8 (`forms.FormRequest`); and its static files with an ETag of
    their bytes (`static_files`)."""
    app.request_class = FormRequest
    # The templates write every alt text and title attribute through it, as the embed snippets
    # write theirs: a title's line breaks would otherwise reach a screen reader as they are.
    app.add_template_filter(one_line)
    # A text value offered or named on a page (a filter's options, the rows shown) is written through
    # it, as a chart's title names it: `x ` would otherwise show as `x` does.
    app.add_template_filter(shown_value)
    # A filter's values listed on a page (the rows shown), a value holding ", " quoted so that it reads as
    # one, one by one: the page sets each apart (a <bdi>), so that right-to-left values keep their order.
    app.add_template_filter(names_listed)
    # Both tables of rows, a dataset's page's and a chart page's, write each cell through it.
    app.add_template_filter(table_cell)
    # A form control's value that goes back with the form, written as it is (`page_characters`).
    app.add_template_filter(sent)
    # A count in words that agree with it ("1 row", "2 rows"), as the previews' words write one.
    app.add_template_global(counted)
    # A page's tracking tags (utm_source …) go before any check reads its query: it answers as without them.
    app.before_request(drop_tracking_tags)
    app.before_request(refuse_undecodable_query_first)
    # Whether a page is one a search engine is told not to index, which its <head> then says, and an
    # error's answer (a page or an image) told so in its headers.
    app.add_template_global(search_engines.kept_out_of_search)
    # A dataset's page as schema.org's Dataset, for a dataset search.
    app.add_template_global(search_engines.dataset_record)
    # An error page's link preview, which says why a pasted link is broken.
    app.add_template_global(link_previews.error_preview)
    app.after_request(search_engines.mark_unindexed)
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
    serve_static_files(app)
