"""How the screenshot check names a page given with `--page`: as the browser sends its path and query,
so that a page given and the same page found by the crawl are one page, with one set of files."""
from __future__ import annotations

from shots.check import page_targets
from shots.results import PageTarget


def test_a_page_given_with_a_fragment_is_the_page_without_it_checked_once():
    assert page_targets(["/d/x#top", "/d/x", "d/x#"]) == [PageTarget("/d/x")]
    assert page_targets(["/d/x#top@404", "/d/y@404#top"]) == [PageTarget("/d/x", 404), PageTarget("/d/y", 404)]
