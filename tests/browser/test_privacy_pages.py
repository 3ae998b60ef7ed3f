"""In Chromium, the site's pages turn off the browser features none of them uses, as the browser reads
their Permissions-Policy (no feature it does not know named, which it would log as an error), and load
nothing from another site."""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest

PAGES = ("/", "/d/animals", "/datasets/weather")


@pytest.mark.parametrize("page", PAGES)
def test_a_page_turns_off_the_camera_the_readers_place_and_ad_topics(browser, live_site, page):
    driver = browser.driver
    driver.get_log("browser")  # earlier pages' messages
    driver.get(live_site.url + page)
    allowed = driver.execute_script("return document.featurePolicy.allowedFeatures()")
    assert allowed  # the browser reads the policy, and allows features the site leaves alone
    assert {"camera", "microphone", "geolocation", "browsing-topics"} & set(allowed) == set()
    told = [entry["message"] for entry in driver.get_log("browser") if "Permissions-Policy" in entry["message"]]
    assert told == []


@pytest.mark.parametrize("page", PAGES)
def test_a_page_loads_nothing_from_another_site(browser, live_site, page):
    driver = browser.driver
    driver.get(live_site.url + page)
    loaded = driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert loaded  # its stylesheet and charts at least
    site = urlsplit(live_site.url).netloc
    assert [url for url in loaded if urlsplit(url).netloc != site] == []
