"""A crawl of a page linking to a path that begins `//` once Chromium resolves it: `//x` is a link to the
host x, not a page of the site, so the crawl follows neither it nor a link to the site's `//x`, which
`--page` refuses by the same rule. A link to `/d//y`, two slashes within its path, is visited at that
path, and the site's redirect to `/d/y` makes it that page, checked once, under its own name."""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest
from flask import Flask

from shots import LiveServer, PageTarget, Settings, check_site

PAGE = ('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
        '<link rel="icon" href="data:,"></head><body><main><h1>{title}</h1>{links}</main></body></html>')


def _page(title: str, *hrefs: str) -> str:
    return PAGE.format(title=title, links="".join(f'<p><a href="{href}">{href}</a></p>' for href in hrefs))


def linking_app() -> Flask:
    """`/` links `/..//x` (the site's `//x`), `//x` (the host x), `d/y` and `/d//y` (which Flask redirects
    to `/d/y`); `/x` and `/d/y` are pages."""
    app = Flask("two_slashes")
    answers = {"/": lambda: _page("Index", "/..//x", "/d/..//x?q=1", "//x", "d/y", "/d//y"),
               "/x": lambda: _page("X"), "/d/y": lambda: _page("Y")}
    for path, answer in answers.items():
        app.add_url_rule(path, path, answer)
    return app


@pytest.fixture(scope="module")
def linking_site() -> Iterator[str]:
    with LiveServer(linking_app()) as server:
        yield server.url


def test_a_crawl_follows_no_link_to_a_path_beginning_with_two_slashes(linking_site, browser, tmp_path: Path):
    result = check_site(linking_site, browser=browser, out_dir=tmp_path / "out", update_baselines=True,
                        settings=Settings(axe_script=None, baseline_dir=tmp_path / "baselines"))
    site = linking_site.rstrip("/")
    assert result.pages[0].capture.links == [f"{site}//x", f"{site}//x?q=1", "http://x/", f"{site}/d/y", f"{site}/d//y"]
    # `/d//y` was visited at `/d/y`, and wrote over that page's files; then at `/d//y`, where the site's
    # redirect took it to `/d/y`, screenshot as a page of its own, `d-+-y`.
    assert [(page.target.path, page.url.removeprefix(site), page.verdict, page.redirects_to) for page in result.pages] == [
        ("/", "/", "updated", ""), ("/d/y", "/d/y", "updated", ""), ("/d//y", "/d//y", "redirect", "/d/y")]
    assert result.passed, result.failures
    assert sorted(path.name for path in (tmp_path / "baselines").glob("*.png")) == ["d-y.png", "index.png"]


def test_a_page_given_that_the_site_redirects_is_checked_as_the_page_it_lands_on(linking_site, browser, tmp_path):
    result = check_site(linking_site, ["/d//y", "/d/y"], browser=browser, out_dir=tmp_path / "out",
                        update_baselines=True, settings=Settings(axe_script=None, baseline_dir=tmp_path / "baselines"))
    assert [(page.target.path, page.slug, page.redirected_from, page.verdict) for page in result.pages] == [
        ("/d/y", "d-y", "/d//y", "updated")]
    assert sorted(path.name for path in (tmp_path / "baselines").glob("*.png")) == ["d-y.png"]


def test_check_site_refuses_a_page_beginning_with_two_slashes_before_it_visits_any(linking_site, browser, tmp_path):
    with pytest.raises(ValueError) as refused:
        check_site(linking_site, ["/d/y", PageTarget("/..//x")], browser=browser, out_dir=tmp_path / "out",
                   settings=Settings(axe_script=None, baseline_dir=tmp_path / "baselines"))
    assert str(refused.value).startswith("page /..//x is //x once its . and .. are resolved")
    assert not (tmp_path / "baselines").exists()
