"""Where the visit of a page landed: the page the site sent it on to, by an HTTP redirect or, once it had
loaded, by a script or a meta refresh; whether its document answered at all, and whether the status the page
is expected to answer was answered."""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from .network import NetworkEntry
from .results import Capture, PageTarget
from .site_urls import page_name, site_path


@dataclass(frozen=True)
class Landing:
    """The documents of one visit: the first answer to the page's request, and the document shown at its
    end, after the redirects and any move to another path once it had loaded (the same when neither)."""

    first: NetworkEntry | None
    document: NetworkEntry | None
    url: str = ""  # where it landed, as its document was asked for or else the address bar shows it ("": where visited)
    moved: bool = False  # sent on once it had loaded, by a script or a meta refresh, not by a redirect

    @property
    def redirected(self) -> bool:
        """Whether the visit ended on another URL than the one it was visited at."""
        return bool(self.url)


def _visit_document(capture: Capture) -> NetworkEntry | None:
    """The first hop of the request that visited the page."""
    first = next((e for e in capture.requests if e.url == capture.url), None)
    if first is None:  # Chromium may have normalised the URL we asked for
        first = next((e for e in capture.requests if e.resource_type == "Document"), None)
    return first


def _after(requests: list[NetworkEntry], entry: NetworkEntry) -> list[NetworkEntry]:
    """The requests recorded after `entry`."""
    return requests[next(n for n, e in enumerate(requests) if e is entry) + 1:]


def _last_hop(requests: list[NetworkEntry], first: NetworkEntry) -> NetworkEntry:
    """The last hop of the request whose first hop is `first`, following its redirects."""
    hop = first
    for entry in _after(requests, first):
        if hop.redirect_url and entry.request_id == hop.request_id and entry.url == hop.redirect_url:
            hop = entry
    return hop


def _moved_to(capture: Capture, document: NetworkEntry, base_url: str) -> tuple[NetworkEntry, str] | None:
    """The document and the URL the page was sent on to once it had loaded, and None when it stayed on
    the path its document was answered at (a `history.replaceState` that writes another query or fragment
    in the address bar keeps the page), or left the site at `base_url`."""
    final = capture.final_url.partition("#")[0]
    if not final or site_path(final, base_url) is None or urlsplit(final).path == urlsplit(document.url).path:
        return None
    # The last document answered at that path: a script may have written another query after it loaded.
    landed = [e for e in _after(capture.requests, document) if e.resource_type == "Document" and not e.redirect_url
              and urlsplit(e.url).path == urlsplit(final).path]
    # None answered there: the page wrote the path in the address bar itself, and shows what it was answered.
    return (landed[-1], landed[-1].url) if landed else (document, final)


def visit_answered(capture: Capture) -> bool:
    """Whether the document the visit of `capture` asked for answered, at the end of its redirects (its first
    document and the last hop of that, as `visit_landing` finds them)."""
    first = _visit_document(capture)
    return first is not None and _last_hop(capture.requests, first).status is not None


def visit_landing(capture: Capture, base_url: str) -> Landing:
    """Where the visit of `capture` landed: the URL the site redirected it to, and then the path of the site
    at `base_url` a script or a meta refresh sent it on to once it had loaded, with their documents."""
    first = _visit_document(capture)
    if first is None:
        return Landing(None, None)
    document = _last_hop(capture.requests, first)
    moved = _moved_to(capture, document, base_url)
    if moved is not None:
        return Landing(first, moved[0], moved[1], moved=True)
    return Landing(first, document, document.url if first.redirect_url else "")


def landing_page(capture: Capture, target: PageTarget, base_url: str) -> PageTarget | None:
    """The page of the site at `base_url` that the visit of `target` landed on (`visit_landing`: `/d//x`,
    which the site redirects to `/d/x`, or a page whose script sends the browser on to another), named as
    the crawl names a page and expected to answer as `target` is; None when it stayed where it was visited,
    or landed on the same page, on another site or on what is no page."""
    landing = visit_landing(capture, base_url)
    path = site_path(landing.url, base_url) if landing.redirected else None
    if path is None:
        return None
    try:
        landed = PageTarget.named(f"{path}?{urlsplit(landing.url).query}", target.expected_status)
    except ValueError:  # a redirect to an image or a download: judged as the page visited
        return None
    return landed if landed.path != target.path else None


def document_problems(capture: Capture, landing: Landing, expected_status: int, base_url: str) -> list[str]:
    """What is wrong with the answers to a visit's documents: none was recorded, the one shown did not load,
    or neither the first answer (a redirect's) nor the one shown is the status the page is expected to answer."""
    first, document = landing.first, landing.document
    if first is None or document is None:
        return [] if capture.error else ["no document request was recorded"]
    if document.error:
        return [] if capture.error else [f"page did not load: {document.error}"]
    if expected_status in (first.status, document.status):
        return []
    if not landing.redirected:
        return [f"page returned HTTP {document.status}, expected {expected_status}"]
    path = site_path(landing.url, base_url)
    where = page_name(f"{path}?{urlsplit(landing.url).query}") if path is not None else landing.url
    how = (f" and sent the browser on after load (by a script or a meta refresh) to {where}" if landing.moved
           else f", redirecting to {where}")
    return [f"page returned HTTP {first.status}{how}, which returned HTTP {document.status}; "
            f"expected {expected_status} of either"]
