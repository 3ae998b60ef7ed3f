"""The links of a page as a screen reader lists them, out of the sentence around them, in real Chromium:
each name says where it leads ("CSV of all the rows", "SVG of the chart", "Reset the chart as the dashboard
draws it"), where a list of links read "CSV", "JSON", "SVG", "PNG", "Reset" and "Cancel", the words
before them ("Download:", "Formats:") left behind. The page looks as it did: the words added are for a
screen reader alone."""
from __future__ import annotations

import pytest

from tests.browser.test_card_link_names import ax_links
from tests.browser.test_skip_link import PAGES

BARE = {"CSV", "JSON", "SVG", "PNG", "PDF", "Reset", "Cancel"}
# Each link's width on the page, and that of its first words, which are all it shows.
SHOWN_WIDTHS = ("return [...document.querySelectorAll(arguments[0])].map(a => {"
                "const words = document.createRange(); words.selectNodeContents(a.firstChild);"
                "return [a.getBoundingClientRect().width, words.getBoundingClientRect().width]; });")


def link_names(browser, live_site, path: str) -> list[str]:
    """The names of the page's links as Chromium's accessibility tree holds them, and what each shows."""
    driver = browser.driver
    driver.get(live_site.url + path)
    return [link["name"] for link in ax_links(driver).values()]


@pytest.mark.parametrize("path", PAGES)
def test_no_link_is_named_by_a_bare_format_or_verb(browser, live_site, path):
    names = link_names(browser, live_site, path)
    assert not BARE & set(names), names


def test_a_dataset_s_downloads_are_named_as_all_its_rows(browser, live_site):
    names = link_names(browser, live_site, "/datasets/animals")
    assert {"CSV of all the rows", "JSON of all the rows"} <= set(names), names


def test_a_chart_page_s_files_say_whether_they_are_the_chart_or_its_data(browser, live_site):
    driver = browser.driver
    names = link_names(browser, live_site, "/d/stations/temperature")
    assert {"SVG of the chart", "PNG of the chart", "PDF of the chart", "JSON of the chart's data",
            "CSV of the chart's data", "Reset the chart as the dashboard draws it"} <= set(names), names
    # What the page shows is as it was: each link as wide as its format's name alone.
    widths = driver.execute_script(SHOWN_WIDTHS, "figcaption a[href*='.']")
    assert len(widths) == 5 and all(abs(link - shown) < 0.5 for link, shown in widths), widths


def test_the_append_form_s_cancel_says_what_it_cancels(browser, live_site):
    assert "Cancel appending rows" in link_names(browser, live_site, "/datasets/animals/append")
