"""Where the screenshot check visits a page and which files it writes for it: at exactly the path the page
is named by, and under a file name no other page has, however the page was given (found by the crawl,
given to `check_site` or `check_page`)."""
from __future__ import annotations

import pytest

from shots import Settings
from shots.check import check_page, check_site
from shots.file_names import page_slug
from shots.results import Capture, PageTarget
from shots.site_urls import page_url, site_path

SITE = "http://127.0.0.1:5000"


class _LinkingPages:
    """A browser whose `/` links `links` and whose every other page links none: what the crawl asks of it."""

    version = "none"

    def __init__(self, *links: str) -> None:
        self.links = list(links)
        self.visited: list[str] = []

    def capture(self, url: str, mask: tuple[str, ...] = ()) -> Capture:
        self.visited.append(url)
        return Capture(url=url, final_url=url, links=self.links if url == f"{SITE}/" else [])


def _settings(tmp_path) -> Settings:
    return Settings(axe_script=None, baseline_dir=tmp_path / "baselines")


def test_a_crawled_link_with_an_empty_segment_is_visited_at_the_path_it_is_named_by(tmp_path):
    # urljoin drops an empty segment: `/d//x` was named `/d//x` and visited at `/d/x`, writing that page's files.
    browser = _LinkingPages(f"{SITE}/d//x", f"{SITE}/d/x", f"{SITE}/d/x/")
    result = check_site(SITE, out_dir=tmp_path / "out", settings=_settings(tmp_path), browser=browser)
    assert browser.visited == [f"{SITE}/", f"{SITE}/d//x", f"{SITE}/d/x", f"{SITE}/d/x/"]
    assert [(page.target.path, page.slug) for page in result.pages] == [
        ("/", "index"), ("/d//x", "d-+-x"), ("/d/x", "d-x"), ("/d/x/", "d-x-+")]
    assert len({page.files["har"] for page in result.pages}) == 4


def test_a_page_given_with_an_empty_segment_is_visited_at_the_path_it_is_named_by(tmp_path):
    browser = _LinkingPages()
    result = check_site(SITE, ["d//x", "/d/x"], out_dir=tmp_path / "out", settings=_settings(tmp_path), browser=browser)
    assert browser.visited == [f"{SITE}/d//x", f"{SITE}/d/x"]
    assert [page.target.path for page in result.pages] == ["/d//x", "/d/x"]
    assert page_url(f"{SITE}/charts/", "/d//x") == f"{SITE}/charts/d//x"


def test_a_page_whose_path_ends_with_a_slash_has_files_of_its_own():
    # `/d/x/` was `d-x`, `/d/x`'s name. A `+` is no character of a name, so that no path's name is
    # changed but those with an empty segment: `/d/x-` is still `d-x-`.
    assert [page_slug(path) for path in ("/d/x", "/d/x/", "/d//x", "/d/x-", "/d/x/?y=1", "/")] == [
        "d-x", "d-x-+", "d-+-x", "d-x-", "d-x-+_y_1", "index"]
    # A page is named by its path below the site's URL: a site's root under a prefix is `index`, as at `/`.
    assert [page_slug(site_path(f"{SITE}/charts{path}", f"{SITE}/charts")) for path in ("/", "/d/x/")] == [
        "index", "d-x-+"]


def test_check_page_names_its_page_as_check_site_does_and_refuses_what_it_refuses(tmp_path):
    # check_page took a PageTarget as given: `d/./y/../x?title=a b` was visited and named so.
    browser, settings = _LinkingPages(), _settings(tmp_path)
    result = check_page(browser, SITE, PageTarget("d/./y/../x?title=a b#top", 404), settings=settings, out_dir=tmp_path)
    assert result.target == PageTarget("/d/x?title=a%20b", 404)
    assert (result.url, result.slug) == (f"{SITE}/d/x?title=a%20b", "d-x_title_a_20b")
    assert check_page(browser, SITE, "/d/%41@404", settings=settings, out_dir=tmp_path).target == PageTarget("/d/A", 404)
    assert browser.visited == [f"{SITE}/d/x?title=a%20b", f"{SITE}/d/A"]
    for page in (PageTarget("/..//x"), PageTarget("//x"), PageTarget(f"{SITE}/d/x"), "//x"):
        with pytest.raises(ValueError):
            check_page(browser, SITE, page, settings=settings, out_dir=tmp_path)
    assert len(browser.visited) == 2
