"""Which URLs are the site's: a page's path below the site's URL (the path of a `--url`, a proxy's
prefix, included), the name a page is known by, the URL of a page given by its path, the `<img>`s
that are its charts, and the paths of images and downloads, which are no page."""
from __future__ import annotations

import re
import string
from pathlib import PurePosixPath
from urllib.parse import SplitResult, urlsplit

# The site's chart routes, in werkzeug's rule syntax as app/views/charts.py declares them, and the
# extensions of its image formats (app/responses.py's IMAGE_EXTENSIONS); a dataset's name by the store's
# naming rule (app.store.NAME_REGEX), a dashboard's and a chart's by theirs (app.dashboard_charts.
# DASHBOARD_NAME_REGEX). The check talks to the site over HTTP only and does not import
# them: a test holds these copies equal to the site's. An `<img>` of one, at the site's URL (its path
# included: a site served below a proxy's prefix has its routes there), is a chart: it needs alt
# text, must draw something and is compared strictly; a logo, an icon or a static file is not.
CHART_ROUTES = ("/d/<board:dashboard>/<board:chart>.<extension:fmt>", "/plot/<slug:dataset>.<extension:fmt>")
CHART_EXTENSIONS = ("png", "svg")
CHART_NAME = r"[a-z][a-z0-9_-]{0,62}"
DASHBOARD_NAME = r"[a-z0-9][a-z0-9_-]{0,62}"
# The schemes of the site's URLs, and the port each stands for where a URL names none.
DEFAULT_PORTS = {"http": 80, "https": 443}
# What a browser percent-encodes in a URL's path and in its query (WHATWG URL's percent-encode sets of
# an http(s) URL), besides controls and all but ASCII.
PATH_ESCAPED = ' "#<>?`{}'
QUERY_ESCAPED = " \"#<>'"
# The characters RFC 3986 calls unreserved: one percent-encoded is the same URL as one written as
# itself (`%41` is `A`), as an escape in lower case is the same as in upper (`%2f` is `%2F`), its 6.2.2.
UNRESERVED = frozenset(string.ascii_letters + string.digits + "-._~")
ESCAPE = re.compile("%[0-9A-Fa-f]{2}")
# A path ending in one of these is an image or a download, not a page: the crawl follows no link to
# one, and `--page` takes none (its charts are checked on the page that shows them).
IMAGE_SUFFIXES = frozenset({".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".ico"})
NOT_PAGES = IMAGE_SUFFIXES | {".csv", ".json", ".txt", ".xml", ".pdf", ".zip", ".har", ".js", ".css", ".toml", ".tsv",
                              ".parquet"}


def _route_pattern(route: str) -> str:
    """A chart route as a regular expression: a `<slug:…>` a dataset's name, a `<board:…>` a dashboard's
    or a chart's, the `<extension:fmt>` an image's."""
    pieces = re.split(r"(<[^>]+>)", route)
    return "".join(CHART_NAME if piece.startswith("<slug:") else DASHBOARD_NAME if piece.startswith("<board:") else
                   f"(?:{'|'.join(CHART_EXTENSIONS)})" if piece.startswith("<extension:") else re.escape(piece)
                   for piece in pieces)


CHART_PATH = re.compile("|".join(_route_pattern(route) for route in CHART_ROUTES))


def _escaped(text: str, escaped: str) -> str:
    """`text` with the characters a browser percent-encodes escaped: those in `escaped`, controls and
    all but ASCII (as UTF-8 bytes); a `%` is left as it is, an escape already written."""
    def escape(ch: str) -> str:
        if " " < ch < "\x7f" and ch not in escaped:
            return ch
        try:
            data = ch.encode("utf-8", "surrogateescape")  # a byte of the command line that is not UTF-8
        except UnicodeEncodeError:
            data = "\ufffd".encode()
        return "".join(f"%{byte:02X}" for byte in data)
    return "".join(map(escape, text))


def _without_dot_segments(path: str) -> str:
    """`path` with its `.` and `..` segments resolved as a browser resolves them (`/d/./y/../x` is `/d/x`)."""
    segments = path.split("/")[1:]
    kept: list[str] = []
    for number, segment in enumerate(segments, start=1):
        dots = segment.lower().replace("%2e", ".")
        if dots == "..":
            kept = kept[:-1]
        elif dots != ".":
            kept.append(segment)
            continue
        if number == len(segments):
            kept.append("")  # `/d/x/..` is `/d/`
    return "/" + "/".join(kept)


def _normal_escapes(text: str) -> str:
    """`text` with its percent-escapes as RFC 3986 normalises them: in upper case, and an unreserved
    character's written as the character (`a%2fb%41` is `a%2FbA`); a `%` not before two hex digits is kept."""
    def normal(escape: re.Match[str]) -> str:
        character = chr(int(escape[0][1:], 16))
        return character if character in UNRESERVED else escape[0].upper()
    return ESCAPE.sub(normal, text)


def path_and_query(url: str) -> str:
    """A URL's path and query as its request writes them, without its fragment (`/d/x?y=1` of
    http://host/d/x?y=1#top): how a line or the report names a page, an image or a request."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def page_name(url: str) -> str:
    """The name a page is known by, its files' names made from it: the path and query of its URL, or
    of a path with its query, as its request writes them (`path_and_query`), its percent-escapes
    normalised (`_normal_escapes`: `?title=a%2fb` is `?title=a%2Fb`, `%41` is `A`), the same
    page's however a link or a person writes them. A page given, a page found by the crawl and the
    page a URL visits each have their name made here, so that one page has one name; and an image,
    a request or a chart's place is named by its URL's name made here too (in a line, the report and
    a baseline's record of its charts' places), as the page it is on is."""
    # A path may begin `//`: there it is no host, as it would be in a URL.
    path, _, query = (url.partition("#")[0] if url.startswith("/") else path_and_query(url)).partition("?")
    # Its `.` and `..` segments resolved first, `%2E` or `%2e` for a `.` too (a browser's are already),
    # so that no escape written as its character makes one.
    path = _without_dot_segments(path) if path.startswith("/") else path
    return _normal_escapes(path + (f"?{query}" if query else ""))


def sent_path(text: str) -> str:
    """A page given by its path (and query) as a browser sends it: below the site's URL (`d/x` is
    `/d/x`), without its fragment, which names a place within the page and no other page, nor an
    empty query; tabs and newlines left out, a `\\` in its path a `/`, and the characters a browser
    escapes percent-encoded (`?title=a b` is `?title=a%20b`, as a link to it is written). Its slashes
    are kept as written: `/d//x` is a path of its own, and `//x` one that names the host x."""
    text = re.sub("[\t\n\r]", "", text).strip("".join(map(chr, range(0x21))))
    path, _, query = text.partition("#")[0].partition("?")
    path = path.replace("\\", "/")
    path = path if path.startswith("/") else "/" + path
    return _escaped(path, PATH_ESCAPED) + (f"?{_escaped(query, QUERY_ESCAPED)}" if query else "")


def request_path(text: str) -> str:
    """A page given by its path (and query) named as the crawl names the page it finds: as a browser
    sends it (`sent_path`), its `.` and `..` segments resolved and its name made by `page_name`."""
    return page_name(sent_path(text))


def not_a_page(name: str) -> str | None:
    """What the page named `name` (`page_name`) is when its path ends in an extension of `NOT_PAGES`,
    and the page to give instead, in words ("an image (.svg), not a page: give a page that shows it");
    None for a page."""
    suffix = PurePosixPath(name.partition("?")[0]).suffix.lower()
    if suffix not in NOT_PAGES:
        return None
    if suffix in IMAGE_SUFFIXES:
        return f"an image ({suffix}), not a page: give a page that shows it"
    return f"a {suffix} file, not a page: give a page that links to it"


def page_url(base_url: str, path: str) -> str:
    """The URL of the page `path` of the site at `base_url`: below its URL, a prefix's path and all
    (`/d/x` of http://host/charts/ is http://host/charts/d/x), at that very path (`/d//x` at
    http://host/charts/d//x: a page is visited at the path it is named by), or `path` itself when it
    is a URL."""
    if urlsplit(path).scheme.lower() in DEFAULT_PORTS:
        return path
    # Not urljoin: it drops an empty segment, and `/d//x` would be visited at `/d/x`, that page's.
    site = urlsplit(base_url)
    return f"{site.scheme}://{site.netloc}{site.path.rstrip('/')}/{path.removeprefix('/')}"


def _origin(parts: SplitResult) -> tuple[str, str | None, int | None] | None:
    """A URL's origin as a browser compares it: its host in lower case, its scheme's default port
    written or not (http://LOCALHOST:80 is http://localhost); None for a port no URL can have."""
    try:
        port = parts.port
    except ValueError:
        return None
    return parts.scheme, parts.hostname, port or DEFAULT_PORTS.get(parts.scheme)


def site_path(url: str, site_url: str) -> str | None:
    """The path of `url` below the site at `site_url`, its prefix's path taken off (`/d/x` of
    http://host/charts/d/x for http://host/charts; `/` of the site's URL itself), or None for a URL
    elsewhere: another origin, as a browser compares them (`_origin`), or scheme, or a path above the
    site's or beside it (`/chartsx/d/x`)."""
    parts, site = urlsplit(url), urlsplit(site_url)
    root = site.path.rstrip("/")
    origin = _origin(parts) if parts.scheme in DEFAULT_PORTS else None
    if origin is None or origin != _origin(site):
        return None
    path = parts.path or "/"
    return "/" if path == root else path[len(root):] if path.startswith(root + "/") else None


def is_chart(src: str, site_url: str) -> bool:
    """Whether an `<img>` of this URL is one of the charts of the site at `site_url`: a chart route
    (`CHART_PATH`) right below the site's URL, at its origin. Any other image, an .svg logo or a file
    under `/static/` among them, is not."""
    path = site_path(src, site_url)
    return path is not None and CHART_PATH.fullmatch(path) is not None
