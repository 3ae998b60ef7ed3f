"""A crawl of a site served under a path prefix (`--url http://host/charts`): each link resolved against
the page it is on, as Chromium resolves it, kept only when it lies under the site's URL, and every
page named by its path below that URL, as `--page` names it."""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest
from flask import Flask
from werkzeug.middleware.dispatcher import DispatcherMiddleware

from shots import LiveServer, Settings, check_site

PREFIX = "/charts"
PAGE = ('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
        '<link rel="icon" href="data:,"></head><body><main><h1 id="top">{title}</h1>{links}</main></body></html>')


def _page(title: str, *hrefs: str) -> str:
    return PAGE.format(title=title, links="".join(f'<p><a href="{href}">{href or "here"}</a></p>' for href in hrefs))


def prefixed_app() -> Flask:
    """`/`, `/d/x`, `/d/y`, linked in every way a page links: by the path under the prefix, relative to
    the page, to a fragment, with a query, to a download, to the site's URL itself; and out of the site:
    above its prefix, beside it (`/chartsx`), another origin."""
    app = Flask("prefixed")
    answers = {
        "/": lambda: _page("Index", f"{PREFIX}/d/x", "d/y", "#top", f"{PREFIX}/d/x#top", "d/x?from=2024",
                           f"{PREFIX}/d/x.csv", "/other", "/chartsx/d/x", "http://example.invalid/charts/d/z"),
        "/d/x": lambda: _page("X", "../", "y", "y#top", "../d/x?from=2024#top"),
        "/d/y": lambda: _page("Y", PREFIX, "/"),
    }
    for path, answer in answers.items():
        app.add_url_rule(path, path, answer)
    return app


def outside_app() -> Flask:
    """Pages beside the site, which a crawl of the site must not visit."""
    app = Flask("outside")
    app.add_url_rule("/", "index", lambda: _page("Outside", "/other"))
    app.add_url_rule("/<path:path>", "page", lambda path: _page("Outside", "/other"))
    return app


@pytest.fixture(scope="module")
def prefixed_site() -> Iterator[str]:
    """The server's URL: `prefixed_app` under /charts, other pages around it."""
    with LiveServer(DispatcherMiddleware(outside_app(), {PREFIX: prefixed_app()})) as server:
        yield server.url


def _crawl(site: str, browser, tmp_path: Path, **settings):
    return check_site(site + PREFIX, browser=browser, out_dir=tmp_path / "out", update_baselines=True,
                      settings=Settings(axe_script=None, baseline_dir=tmp_path / "baselines", **settings))


def test_a_crawl_under_a_prefix_visits_each_page_once_at_its_url_under_the_prefix(prefixed_site, browser, tmp_path):
    result = _crawl(prefixed_site, browser, tmp_path)
    assert [page.target.path for page in result.pages] == ["/", "/d/x", "/d/y", "/d/x?from=2024"]
    assert [page.url.removeprefix(prefixed_site) for page in result.pages] == [
        "/charts/", "/charts/d/x", "/charts/d/y", "/charts/d/x?from=2024"]
    assert result.passed, result.failures
    # Each page's baseline is named by its path below the prefix, as the same page given with --page
    # names it, so that a site's baselines are one set under any prefix.
    assert sorted(path.name for path in (tmp_path / "baselines").glob("*.png")) == [
        "d-x.png", "d-x_from_2024.png", "d-y.png", "index.png"]
    given = check_site(prefixed_site + PREFIX, ["/d/y"], browser=browser, out_dir=tmp_path / "given",
                       settings=Settings(axe_script=None, baseline_dir=tmp_path / "baselines"))
    assert [page.verdict for page in given.pages] == ["pass"]


def test_a_crawl_under_a_prefix_stopped_at_the_page_limit_names_the_pages_it_left_by_their_paths_below_it(
        prefixed_site, browser, tmp_path):
    assert _crawl(prefixed_site, browser, tmp_path).passed
    result = _crawl(prefixed_site, browser, tmp_path, max_pages=2)
    assert [page.target.path for page in result.pages] == ["/", "/d/x"]
    assert result.unvisited == ["/d/y", "/d/x?from=2024"]
    assert result.failures == ["2 pages not checked: the run stopped at the page limit (2 pages); raise --max-pages "
                               "to check them: /d/y, /d/x?from=2024"]
    # The baselines of the pages left are theirs, not baselines no page matched.
    assert result.unmatched_baselines == []
