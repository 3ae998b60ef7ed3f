"""Where the screenshot check visits a page and which files it writes for it: at exactly the path the page
is named by, and under a file name no other page has, however the page was given (found by the crawl,
given to `check_site` or `check_page`)."""
from __future__ import annotations

from shots.check import page_slug

SITE = "http://127.0.0.1:5000"


def test_a_page_whose_path_ends_with_a_slash_has_files_of_its_own():
    # `/d/x/` was `d-x`, `/d/x`'s name. A `+` is no character of a name, so that no path's name is
    # changed but those with an empty segment: `/d/x-` is still `d-x-`.
    assert [page_slug(path) for path in ("/d/x", "/d/x/", "/d//x", "/d/x-", "/d/x/?y=1", "/", f"{SITE}/charts/")] == [
        "d-x", "d-x-+", "d-+-x", "d-x-", "d-x-+_y_1", "index", "charts-+"]
