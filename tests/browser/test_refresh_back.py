"""A refreshing dashboard the Back button brings back whole from the browser's back/forward cache polls as
it did before it was left, on the same timer: one poll at a time, `refresh` seconds apart, not a second
timer beside the first (a `pageshow` that started polling again would double them). Its charts are those
it showed, its form reset to them. The page's clock is the test's (tests/browser/page_clock.py)."""
from __future__ import annotations

from tests.browser.conftest import EXTRA_PREFIX
from tests.browser.page_clock import AS_SHOWN_JS, advance, gaps, polls
from tests.browser.waits import until


def test_a_dashboard_brought_back_whole_polls_on_one_timer(clocked, live_site):
    driver = clocked
    board = live_site.url + EXTRA_PREFIX + "/d/live"  # refresh = 1
    driver.get(board)
    driver.execute_script("window.leftAt = 'first visit';" + AS_SHOWN_JS)
    advance(driver, 3)
    assert gaps(polls(driver)) == [1, 1]
    driver.get(live_site.url + EXTRA_PREFIX + "/datasets/pond")
    driver.back()
    until(lambda: (driver.current_url, driver.execute_script("return document.readyState")),
          lambda page: page == (board, "complete"), what="the dashboard back and loaded")
    assert driver.execute_script("return window.leftAt") == "first visit"  # kept whole, not loaded anew
    before = len(polls(driver))
    advance(driver, 5)
    assert gaps(polls(driver))[before - 1:] == [1] * 5, polls(driver)
