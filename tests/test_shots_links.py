"""The pages a crawl finds on a page: its links resolved against the page's URL, as a browser resolves
them, and named by their paths below the site's URL; links outside the site left out."""
from __future__ import annotations

from shots.check import linked_pages
from shots.site_urls import site_path
from shots.results import Capture

SITE = "http://127.0.0.1:5000/charts"


def test_links_are_resolved_against_the_page_they_are_on_and_named_below_the_site():
    # The page answered at /charts/d/x/ after a redirect: its links are relative to where it ended.
    page = Capture(url=f"{SITE}/d/x", final_url=f"{SITE}/d/x/", links=[
        "y", "../z?from=2024#top", "#top", "", "/charts/d/x/#part", "/charts", "/charts/", "x.csv", "/charts/plot/a.svg?v=1",
        "/chartsx/d/x", "/other", "/", "http://example.invalid/charts/d/x", "https://127.0.0.1:5000/charts/d/q",
        "mailto:bears@example.invalid", "javascript:void(0)"])
    assert linked_pages(page, SITE) == ["/d/x/y", "/d/z?from=2024", "/d/x/", "/"]


def test_a_site_at_its_origin_s_root_keeps_every_path_of_its_origin():
    page = Capture(url="http://127.0.0.1:5000/", links=["d/x", "/charts/d/y", "http://127.0.0.1:5001/d/z"])
    assert linked_pages(page, "http://127.0.0.1:5000") == ["/d/x", "/charts/d/y"]
    assert linked_pages(page, "http://127.0.0.1:5000/") == ["/d/x", "/charts/d/y"]


def test_a_url_s_path_below_the_site():
    assert site_path(f"{SITE}/d/x?from=2024", SITE) == "/d/x"
    assert site_path(f"{SITE}/d/x", SITE + "/") == "/d/x"
    assert site_path(SITE, SITE) == site_path(SITE + "/", SITE) == "/"
    assert site_path("http://127.0.0.1:5000/chartsx/d/x", SITE) is None
    assert site_path("http://127.0.0.1:5000/d/x", SITE) is None
