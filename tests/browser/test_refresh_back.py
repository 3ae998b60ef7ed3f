"""A refreshing dashboard the Back button brings back whole from the browser's back/forward cache shows its
charts as they were when it was left, maybe long ago: it polls at once, as a page loaded anew would show
them as they are now, then `refresh` seconds after that poll, on its one timer, not on a second beside it.
The page's clock is the test's (tests/browser/page_clock.py): no time passes on it while the page is away,
as none would pass for the page's timers in the cache."""
from __future__ import annotations

from tests.browser.conftest import EXTRA_PREFIX
from tests.browser.page_clock import AS_SHOWN_JS, advance, polls
from tests.browser.waits import until


def _away_and_back(driver, live_site, board: str) -> None:
    """Leave the dashboard at `board` by a link's worth of navigation, press Back, and check it came back whole."""
    driver.get(live_site.url + EXTRA_PREFIX + "/datasets/pond")
    driver.back()
    until(lambda: (driver.current_url, driver.execute_script("return document.readyState")),
          lambda page: page == (board, "complete"), what="the dashboard back and loaded")
    assert driver.execute_script("return window.leftAt") == "first visit"  # kept whole, not loaded anew


def test_a_dashboard_brought_back_whole_polls_at_once_then_on_one_timer(clocked, live_site):
    driver = clocked
    board = live_site.url + EXTRA_PREFIX + "/d/wall"  # refresh = 60
    driver.get(board)
    driver.execute_script("window.leftAt = 'first visit';" + AS_SHOWN_JS)
    advance(driver, 90)
    assert polls(driver) == [60]
    _away_and_back(driver, live_site, board)
    advance(driver, 0)
    assert polls(driver) == [60, 90], "the page brought back did not ask at once"
    advance(driver, 120)
    assert polls(driver) == [60, 90, 150, 210], "the polls after it are not refresh seconds apart on one timer"


def test_a_paused_dashboard_brought_back_whole_stays_paused(clocked, live_site):
    driver = clocked
    board = live_site.url + EXTRA_PREFIX + "/d/wall"
    driver.get(board)
    driver.execute_script("window.leftAt = 'first visit';" + AS_SHOWN_JS)
    driver.execute_script("document.querySelector('.refresh-control button').click()")
    _away_and_back(driver, live_site, board)
    advance(driver, 300)
    assert polls(driver) == []
    assert driver.execute_script("return document.querySelector('.refresh-control [role=status]').textContent") \
        == "Updates paused"

