"""A dashboard whose range is relative to now (`from=now-7d`, a quick range), not refreshing, brought back whole by
the Back or Forward button from the browser's back/forward cache: its charts would show the moments it was left
at, maybe long ago, as a tab left open does. It loads anew instead (static/relative-range.js), as it would out of
the cache, and shows the range as it is now; so does a dashboard chart's page of such a range. A dashboard or a
chart's page of fixed moments comes back whole, as it was."""
from __future__ import annotations

import pytest

from tests.browser.waits import until


def _away_and_back(driver, live_site, path: str, anew: bool) -> None:
    """Open the page at `path`, go to another page and press Back, then Forward and Back again; each time the
    page brought back is loaded anew (`anew`), its scripts run again, or kept whole, the mark set on it kept."""
    driver.get(live_site.url + path)
    url = driver.current_url
    for away, back in ((lambda: driver.get(live_site.url + "/datasets/animals"), driver.back),
                       (driver.forward, driver.back)):
        driver.execute_script("window.leftAt = 'this visit'")
        away()
        until(lambda: driver.current_url, lambda at: at != url, what="the other page")
        back()
        until(lambda: (driver.current_url, driver.execute_script("return document.readyState")),
              lambda page: page == (url, "complete"), what="the page back and loaded")
        if anew:
            until(lambda: driver.execute_script("return document.readyState == 'complete' && window.leftAt"),
                  lambda mark: mark is None, what="the page loaded anew")
        else:
            assert driver.execute_script("return window.leftAt") == "this visit"  # kept whole


@pytest.mark.parametrize("path", ["/d/stations?from=now-7d", "/d/stations?range=now-30d",
                                  "/d/stations?from=2025-01-01&to=now"])
def test_a_dashboard_of_a_range_relative_to_now_brought_back_by_back_loads_anew(browser, live_site, path):
    _away_and_back(browser.driver, live_site, path, anew=True)


def test_a_dashboard_of_fixed_moments_brought_back_by_back_is_kept_whole(browser, live_site):
    _away_and_back(browser.driver, live_site, "/d/stations?from=2025-06-01", anew=False)


@pytest.mark.parametrize("path", ["/d/stations/temperature?from=now-7d", "/d/stations/rainfall?from=2025-01-01&to=now"])
def test_a_chart_page_of_a_range_relative_to_now_brought_back_by_back_loads_anew(browser, live_site, path):
    _away_and_back(browser.driver, live_site, path, anew=True)


def test_a_chart_page_of_fixed_moments_brought_back_by_back_is_kept_whole(browser, live_site):
    _away_and_back(browser.driver, live_site, "/d/stations/temperature?from=2025-06-01", anew=False)
