"""A page links the site's own files (its stylesheet, scripts and icon) by URLs that carry a `v` of
their bytes, answered as kept for good: a page seen again asks for none of them, where each would
cost a round trip (the stylesheet's before anything is drawn). A URL of another `v`, or none, is
answered as ever, revalidated by its ETag."""
from __future__ import annotations

import hashlib
import re
import shutil
from html import unescape

import pytest

from app.config import STATIC_DIR
from tests.conftest import dashboard_site, site_on
from tests.test_live import REFRESH_SCRIPTS

IMMUTABLE = "public, max-age=31536000, immutable"


def v_of(name: str) -> str:
    """The `v` of the static file `name`: the first 12 hex digits of the SHA-256 of its bytes, as its ETag's."""
    return hashlib.sha256((STATIC_DIR / name).read_bytes()).hexdigest()[:12]


def site_files(page: str) -> dict[str, str]:
    """The site's own files a page links (its stylesheet, icon and scripts): their name → URL."""
    urls = [unescape(url) for url in re.findall(r'<(?:link|script)\b[^>]*?(?:href|src)="(/static/[^"]+)"', page)]
    return {url.split("?")[0].removeprefix("/static/"): url for url in urls}


@pytest.mark.parametrize("page", ["/", "/d/stations", "/d/animals/bears", "/datasets/animals", "/upload"])
def test_a_page_links_the_site_s_files_by_the_v_of_their_bytes(client, page):
    files = site_files(client.get(page).get_data(as_text=True))
    assert {"site.css", "favicon.svg"} <= set(files)
    for name, url in files.items():
        assert url == f"/static/{name}?v={v_of(name)}"
        answer = client.get(url, headers={"Accept-Encoding": "br, gzip"})
        assert answer.status_code == 200 and answer.headers["Cache-Control"] == IMMUTABLE, url


def test_a_refreshing_dashboard_links_its_scripts_by_their_v(tmp_path):
    client = dashboard_site(tmp_path, {"pond.csv": "day,frogs\n1,3\n2,5\n"},
                            'refresh = 60\n[[charts]]\nid = "frogs"\ndataset = "pond"\ny = ["frogs"]\n').test_client()
    files = site_files(client.get("/d/m").get_data(as_text=True))
    assert set(REFRESH_SCRIPTS) <= set(files)
    for name, url in files.items():
        assert url == f"/static/{name}?v={v_of(name)}"
        assert client.get(url).headers["Cache-Control"] == IMMUTABLE, url


def test_the_v_is_of_the_file_s_bytes(client):
    etag = client.get("/static/site.css").headers["ETag"]
    assert etag.strip('"').startswith(v_of("site.css"))


def test_a_pinned_file_revalidated_is_kept_for_good_too(client):
    url = f"/static/site.css?v={v_of('site.css')}"
    etag = client.get(url).headers["ETag"]
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.headers["Cache-Control"] == IMMUTABLE


@pytest.mark.parametrize("query", ["", "?v=000000000000", "?v="])
def test_a_file_s_url_of_another_v_or_none_is_revalidated_as_ever(client, query):
    answer = client.get("/static/site.css" + query)
    assert answer.status_code == 200 and answer.data == (STATIC_DIR / "site.css").read_bytes()
    assert answer.headers["Cache-Control"] == "no-cache"


def test_a_changed_file_is_linked_by_another_v(tmp_path, data_dir):
    folder = shutil.copytree(STATIC_DIR, tmp_path / "static")
    client = site_on(folder, data_dir)
    before = site_files(client.get("/upload").get_data(as_text=True))["site.css"]
    (folder / "site.css").write_text("body { margin: 0; }\n")
    after = site_files(client.get("/upload").get_data(as_text=True))["site.css"]
    assert after != before
    # The old URL, from a page kept somewhere, gets the new bytes, and they are not kept for good under it.
    old = client.get(before)
    assert old.data == b"body { margin: 0; }\n" and old.headers["Cache-Control"] == "no-cache"
    assert client.get(after).headers["Cache-Control"] == IMMUTABLE
