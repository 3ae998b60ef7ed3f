"""/robots.txt: what a crawler may fetch. Charts, pages and data, all of it; not the forms, whose
pages hold nothing to index and whose writes a crawler never sends, nor the health check. The API's
writes are POSTs and DELETEs, which no crawler sends, and its reads are data, so it is left open.
Its last line names the sitemap (`search_engines`) by its absolute URL, as sitemaps.org asks, on
the request's host as the site works it out behind a proxy."""
from __future__ import annotations

from flask import Blueprint, Response

from ..query_parameters import refuse_any_parameter
from .search_engines import built_on_the_request, sitemap_url

bp = Blueprint("robots", __name__)

# RFC 9309: `*` in a path matches any characters (each dataset's append form).
ROBOTS = """User-agent: *
Disallow: /upload
Disallow: /datasets/*/append
Disallow: /healthz
"""
# A day: the file changes only with a new release, and crawlers read it again about that often.
MAX_AGE = 24 * 60 * 60


@bp.get("/robots.txt")
def robots() -> Response:
    """The crawling rules, in plain text, kept a day by any cache."""
    refuse_any_parameter("the crawling rules file (/robots.txt)")
    return built_on_the_request(Response(f"{ROBOTS}Sitemap: {sitemap_url()}\n", mimetype="text/plain",
                                         headers={"Cache-Control": f"public, max-age={MAX_AGE}"}))
