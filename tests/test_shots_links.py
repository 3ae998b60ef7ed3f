"""The pages a crawl finds on a page: its links resolved against the page's URL, as a browser resolves
them, and named by their paths below the site's URL; links outside the site left out."""
from __future__ import annotations

from shots.check import linked_pages
from shots.results import Capture
from shots.site_urls import is_chart, page_url, site_path

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


def test_a_site_url_written_with_capitals_or_its_default_port_is_the_origin_the_browser_writes():
    # Chromium writes a link's host in lower case and leaves out the scheme's default port: a --url
    # written otherwise is still the site whose pages and charts they are.
    page = Capture(url="http://LOCALHOST:80/charts/", final_url="http://localhost/charts/",
                   links=["http://localhost/charts/d/x", "https://localhost/charts/d/y", "http://localhost:8080/charts/d/z"])
    assert linked_pages(page, "http://LOCALHOST:80/charts") == ["/d/x"]
    assert site_path("https://localhost/charts/d/x", "https://LocalHost:443/charts") == "/d/x"
    assert site_path("http://localhost:99999/charts/d/x", "http://localhost/charts") is None
    assert is_chart("http://localhost/charts/plot/animals.svg", "http://LOCALHOST:80/charts")
    assert not is_chart("http://localhost:81/charts/plot/animals.svg", "http://localhost/charts")


def test_a_page_is_taken_as_a_url_by_its_scheme_not_by_its_first_letters():
    assert page_url(SITE, "HTTP://127.0.0.1:5000/charts/d/x") == "HTTP://127.0.0.1:5000/charts/d/x"
    assert page_url(SITE, "https://example.com/d/x") == "https://example.com/d/x"
    assert page_url(SITE, "/httpd/x") == f"{SITE}/httpd/x"
    assert page_url(SITE, "httpd/x") == f"{SITE}/httpd/x"


def test_a_link_to_a_path_beginning_with_two_slashes_below_the_site_is_not_followed():
    # As Chromium resolves them on http://127.0.0.1:5000/charts/d/y: `..//x` and `/charts/..//x` to the
    # site's `//x`, the second above its prefix; `//x` and `\\x` to the host x. A page named `//x`
    # would be a link to that host, as `--page` refuses it: none is followed as a page of the site.
    page = Capture(url=f"{SITE}/d/y", links=[f"{SITE}//x", f"{SITE}//x?q=1", "http://127.0.0.1:5000//x", "http://x/",
                                             f"{SITE}/d/x"])
    assert linked_pages(page, SITE) == ["/d/x"]
    assert linked_pages(Capture(url="http://127.0.0.1:5000/", links=["http://127.0.0.1:5000//x"]),
                        "http://127.0.0.1:5000") == []


def test_a_link_whose_name_begins_with_two_slashes_once_its_escaped_dots_are_resolved_is_not_followed():
    # A link as written, `..` escaped (Chromium's a.href resolves it, a Capture made otherwise may not):
    # its name is `//x`, which `--page` refuses, and which the crawl would have queued as a page.
    page = Capture(url=f"{SITE}/d/y", links=[f"{SITE}/%2e%2e//x", f"{SITE}/d/%2E%2E/%2e%2e//x?q=1", f"{SITE}/d/x"])
    assert linked_pages(page, SITE) == ["/d/x"]
