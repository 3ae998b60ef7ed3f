"""How the screenshot check names a page given with `--page`: as the browser sends its path and query,
so that a page given and the same page found by the crawl are one page, with one set of files."""
from __future__ import annotations

import pytest

from shots.check import linked_pages, page_slug, page_targets
from shots.cli import run
from shots.results import Capture, PageTarget

SITE = "http://127.0.0.1:5000"


def test_a_page_given_with_a_fragment_is_the_page_without_it_checked_once():
    assert page_targets(["/d/x#top", "/d/x", "d/x#"]) == [PageTarget("/d/x")]
    assert page_targets(["/d/x#top@404", "/d/y@404#top"]) == [PageTarget("/d/x", 404), PageTarget("/d/y", 404)]


def test_a_page_given_unencoded_is_named_as_the_crawl_names_it():
    # Chromium sends `a b` as `a%20b`, and a link's href is written so: one page, one baseline name.
    [found] = linked_pages(Capture(url=SITE + "/", links=[SITE + "/d/x?title=a%20b%C3%A9"]), SITE)
    given = PageTarget.parse("/d/x?title=a bé")
    assert given.path == found == "/d/x?title=a%20b%C3%A9"
    assert page_slug(given.path) == page_slug(found) == "d-x_title_a_20b_C3_A9"
    assert page_targets(["/d/x?title=a b", "/d/x?title=a%20b"]) == [PageTarget("/d/x?title=a%20b")]
    # The path too, with its `.` and `..` resolved and a `\\` a `/`; an escape already there is kept.
    assert [PageTarget.parse(text).path for text in ("/d/a b/ü", "/d/./y/../x", "d\\x", "/d/x?q=%41<'>", "/d/x?")] == [
        "/d/a%20b/%C3%BC", "/d/x", "/d/x", "/d/x?q=%41%3C%27%3E", "/d/x"]


def test_the_committed_baselines_keep_their_names():
    for path, slug in [("/", "index"), ("/d/animals", "d-animals"), ("/d/stations/temperature-spread",
                       "d-stations-temperature-spread"), ("/datasets/animals/append", "datasets-animals-append"),
                       ("/upload", "upload"), ("/datasets/x?y=1", "datasets-x_y_1")]:
        assert PageTarget.parse(path).path == path and page_slug(path) == slug


@pytest.mark.parametrize("given", [f"{SITE}/d/x@404", f"{SITE}/d/x", "HTTPS://example.invalid/d/x#top@404",
                                   "127.0.0.1:5000/d/x"])
def test_a_url_given_as_a_page_is_refused_saying_what_a_page_is(given):
    with pytest.raises(ValueError) as refused:
        page_targets(["/", given])
    assert str(refused.value) == (f"page {given} is a URL: give a page by its path below the site's URL (/d/x, or "
                                  "/d/x@404 to expect HTTP 404), and the site's URL with --url")


def test_the_shots_command_refuses_a_url_given_as_a_page_before_a_site_starts(capsys):
    assert run(["--page", f"{SITE}/d/x@404", "--no-axe"]) == 2
    out, err = capsys.readouterr()
    assert err == (f"shots: page {SITE}/d/x@404 is a URL: give a page by its path below the site's URL (/d/x, or "
                   "/d/x@404 to expect HTTP 404), and the site's URL with --url\n")
    assert out == ""  # no site was started
