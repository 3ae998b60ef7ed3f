"""A chart image URL and its `v`: what the site writes into pages, and what a `v` asked for pins.

A version number is unique only within one store, and a release may draw the same data otherwise,
so a chart's `v` is its data version, then a short digest of the store's identity, of the drawing
code (`drawing_code`) and, for a dashboard's chart, of its definition: `7_5f1c2a9e`. Only such a
`v`, current, lets its answer be cached for good (`chart_responses.cache_control`). A dashboard's
chart that cannot be drawn has one too, a digest of why in place of the data version
(`reason_version`): a browser keeps an image by its URL, so the image of another reason needs another.
"""
from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Mapping, Sequence
from urllib.parse import quote_plus, urlencode

from flask import has_request_context, request, url_for

from plots import SpecError
from plots.sized_lru import kept_within_bytes
from plots.text import quoted

from ..chart_responses import VersionPin
from ..context import current_site
from ..query_parameters import VERSION_TAKES
from ..store import DATA_VERSION

# A chart's `v`: its data version, this, then URL_DIGEST_LENGTH hex digits (`image_version`).
VERSION_SEPARATOR = "_"
URL_DIGEST_LENGTH = 8
# The hex digits of a chart's reason not to be drawn, in its `v` (`reason_version`): a data version's form.
REASON_DIGEST_LENGTH = 12
# A `v` as `image_version` writes it, or as a bare data version, as chart URLs once held.
VERSION_FORM = re.compile(rf"(?:{DATA_VERSION})(?:{VERSION_SEPARATOR}[0-9a-f]{{{URL_DIGEST_LENGTH}}})?")


def chart_url(endpoint: str, spec_query: dict[str, str], version: str, selection: Sequence[tuple[str, str]] = (),
              **values) -> str:
    """A chart image URL with the spec overrides, the rows selected (absolute bounds: the URL names
    the same bytes for good) and its `v`, the data version (`image_version`: so caches never go stale)."""
    asked = _encoded((*spec_query.items(), *selection))
    # Quoted as urlencode quotes a value, without it: urlencode's work is kept (`_encoded`) for what stays
    # the same from poll to poll, and `v` is the one part a poll makes anew.
    v = "v=" + quote_plus(image_version(version, values))
    path = _path(request.script_root, endpoint, tuple(values.items())) if has_request_context() \
        else url_for(endpoint, **values)
    return path + "?" + (f"{asked}&{v}" if asked else v)


# The bytes of the paths and query strings `_path` and `_encoded` keep, with what they are made of
# (a filter's value may be long): a dashboard's page and each of its polls write every chart's URL,
# whose path and rows asked for stay the same from poll to poll.
KEPT_URL_BYTES = 1024 * 1024


@kept_within_bytes(KEPT_URL_BYTES)
def _path(script_root: str, endpoint: str, values: tuple[tuple[str, str], ...]) -> str:
    """The path of `endpoint` with `values` under the site's `script_root` (`url_for`'s): the site's
    routes do not change while it runs."""
    return url_for(endpoint, **dict(values))


@kept_within_bytes(KEPT_URL_BYTES)
def _encoded(query: tuple[tuple[str, str], ...]) -> str:
    """`query` as a URL's query string writes it (`urlencode`)."""
    return urlencode(query)


def image_version(data_version: str, url_values: Mapping[str, str]) -> str:
    """The `v` of the chart image URL that `url_values` make (as url_for takes them): the data
    version, then a digest of what else decides the bytes (`3_5f1c2a9e`): the store, as a version
    is unique within one store only; the drawing code, which a release may change; and for a
    dashboard's chart its definition, so that its URL changes when the dashboard's file changes
    what it draws."""
    return f"{data_version}{VERSION_SEPARATOR}{_url_digest(url_values)}"


def reason_version(status: int, error: str) -> str:
    """What stands for the data version in the `v` of a chart that cannot be drawn: 12 hex digits of
    a digest of the status its image answers and why (`9c1e04a7b3f2`, a version's form for a hash), the
    same while the reason stays and another once it changes, so that a page that shows the image of one
    reason asks for the image of the next."""
    return hashlib.sha256(f"{status}\0{error}".encode("utf-8")).hexdigest()[:REASON_DIGEST_LENGTH]


def pinned_version(v: str | None, url_values: Mapping[str, str], takes: str = VERSION_TAKES) -> VersionPin | None:
    """What a chart URL's `v` pins (`url_values`: the URL's, as the route gets them); None for none.

    Only a `v` made by `image_version` for this store, this release and (on a dashboard's chart) its
    definition as the dashboard's file gives it now vouches for the bytes; any other (a bare data
    version, as URLs were once written) names its data version only, and its URL is answered as an
    unversioned one, or not cached at all while that version is ahead of the chart's. Raises
    SpecError for a `v` not in the form `image_version` writes, saying what `v` `takes` there.
    """
    if not v:
        return None  # blank: as a blank chart parameter, the default, no version
    if VERSION_FORM.fullmatch(v) is None:
        raise SpecError(f"{takes}, got {quoted(v)}", "v")
    data_version, separator, digest = v.rpartition(VERSION_SEPARATOR)
    if not separator:
        return VersionPin(v, False)
    return VersionPin(data_version, digest == _url_digest(url_values))


def _url_digest(url_values: Mapping[str, str]) -> str:
    """The digest part of the `v` of the chart that `url_values` name (`image_version`)."""
    site = current_site()
    if "dashboard" not in url_values:
        return site.url_digest[:URL_DIGEST_LENGTH]
    board = site.dashboard(url_values["dashboard"])
    return _definition_digest(site.url_digest, board.digests[board.chart(url_values["chart"]).id])


@functools.lru_cache(maxsize=4096)
def _definition_digest(site_digest: str, definition: str) -> str:
    """The digest part of the `v` of a dashboard's chart of `definition` (`Dashboard.digests`) on the
    site of `site_digest`: the same for every poll of its dashboard while the site runs."""
    return hashlib.sha256(f"{site_digest}\0{definition}".encode("utf-8")).hexdigest()[:URL_DIGEST_LENGTH]
