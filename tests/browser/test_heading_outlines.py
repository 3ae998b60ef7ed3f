"""The headings of each page as a screen reader lists them, in real Chromium: one <h1> naming the page,
first, and the levels after it going down one at a time, so that a list of headings reads as the
page's outline (the front page had two <h1>, "Dashboards" and "Datasets", and none naming it)."""
from __future__ import annotations

import pytest

HEADINGS = ("return [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')]"
            ".map(h => [Number(h.tagName[1]), h.textContent.trim()]);")
PAGES = ["/", "/d/stations", "/d/stations/temperature", "/datasets/animals", "/upload", "/datasets/animals/append",
         "/d/nowhere", "/d/stations/temperature?width=5", "/d/stations?from=soon", "/extra/d/broken/bad"]


def headings(browser, live_site, path: str) -> list[list]:
    driver = browser.driver
    driver.get(live_site.url + path)
    return driver.execute_script(HEADINGS)


@pytest.mark.parametrize("path", PAGES)
def test_a_page_has_one_h1_first_and_skips_no_heading_level(browser, live_site, path):
    outline = headings(browser, live_site, path)
    assert [level for level, _ in outline].count(1) == 1 and outline[0][0] == 1, outline
    assert all(after <= before + 1 for (before, _), (after, _) in zip(outline, outline[1:])), outline


def test_the_front_page_s_h1_names_it_and_its_sections_are_h2(browser, live_site):
    outline = headings(browser, live_site, "/")
    assert outline == [[1, "Dashboards and datasets"], [2, "Dashboards"], [2, "Datasets"]]
