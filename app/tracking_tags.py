"""The tracking tags a link's carrier adds to it (`utm_source`, `fbclid` …), which the site's pages
ignore.

A link to a page shared in a newsletter, a social post or an ad comes back with tags the tool that
carried it added, for its own counts: the page answers as without them, where any other parameter it
does not take is refused (`query_parameters`). Only the pages a person opens from a link ignore them
(`ignores_tracking_tags`); a chart's image, its data, a report, versions.json and the API, which
programs fetch, refuse them as any parameter they do not take, so that a mistake stays a 400 there,
saying it is a tag a page ignores (`plots.unknown_names.unknown_words`, beside the tags' names).

A tag is a bare name: `filter.utm_source` is a filter on a column named `utm_source`, kept.
"""
from __future__ import annotations

from collections.abc import Callable
from urllib.parse import unquote_plus

from flask import current_app, request
from werkzeug.exceptions import HTTPException

from plots.unknown_names import is_tracking_tag


def _tags_a_tracking_tag(part: str) -> bool:
    """Whether a piece of a query (`name=value`) gives a tracking tag."""
    return is_tracking_tag(unquote_plus(part.partition("=")[0]))


def without_tracking_tags(query: str) -> str:
    """`query` (a query string as sent, without its `?`) without the pieces that give a tracking tag,
    the others as they were written; as it is where it gives none. (Its empty pieces, which are no
    parameters, go with the tags.)"""
    parts = query.split("&")
    tags = [_tags_a_tracking_tag(part) for part in parts]
    if not any(tags):
        return query
    return "&".join(part for part, tag in zip(parts, tags) if part and not tag)


def ignores_tracking_tags(view: Callable) -> Callable:
    """Mark `view` as a page a person opens from a link: it answers as if its query held no tracking
    tags (`drop_tracking_tags`)."""
    view.ignores_tracking_tags = True  # type: ignore[attr-defined]
    return view


def page_endpoint(endpoint: str | None) -> bool:
    """Whether the view of `endpoint` `ignores_tracking_tags`."""
    view = current_app.view_functions.get(endpoint) if endpoint else None
    return getattr(view, "ignores_tracking_tags", False)


def drop_tracking_tags() -> None:
    """Take the tracking tags out of the query of a request for a page that ignores them, before
    anything reads its parameters (the app's `before_request`, ahead of the views' checks): the
    page, its links and its form are made of the query without them, so that no tag reaches a URL
    that refuses it, and the page's bytes, and so its ETag, are those of the page without them."""
    if not page_endpoint(request.endpoint):
        return
    sent = request.query_string.decode("latin-1")  # the bytes as they came, one character each
    kept = without_tracking_tags(sent)
    if kept == sent:
        return
    request.query_string = kept.encode("latin-1")
    for made_of_the_query in ("args", "full_path", "url"):  # werkzeug's cached properties
        request.__dict__.pop(made_of_the_query, None)


def redirect_without_tracking_tags(location: str) -> str:
    """werkzeug's redirect's `location` (a path under the site, its query as sent) without its tracking
    tags where its route is a page that ignores them: the redirect of a page's URL is then the same
    whatever tags it carried, as the page is. Any other location is kept as it is. (The site's own
    redirects, which have matched their route already, drop them by `page_endpoint`.)"""
    path, marked, query = location.partition("?")
    if not marked or not path.startswith("/"):
        return location
    root = request.script_root
    routed = path[len(root):] if root and path.startswith(root + "/") else path
    try:
        endpoint, _ = current_app.create_url_adapter(request).match(routed, method=request.method)
    except HTTPException:
        return location
    if not page_endpoint(endpoint):
        return location
    kept = without_tracking_tags(query)
    return f"{path}?{kept}" if kept else path
