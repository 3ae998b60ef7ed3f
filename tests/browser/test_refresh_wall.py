"""A refreshing dashboard left open on a wall screen for weeks: hidden and shown again, its network
gone and back, its machine asleep, its screen's clock wrong or set anew while it is open. The page's
timers run on the test's clock, as in test_refresh_waits.py, so hours pass in a moment."""
from __future__ import annotations

from tests.browser import test_refresh_waits
from tests.browser.conftest import EXTRA_PREFIX
from tests.browser.test_refresh_waits import BUSY_FROGS_JS, SHOW_JS, advance

clocked = test_refresh_waits.clocked  # the page's timers on the test's clock

WALL = EXTRA_PREFIX + "/d/wall"  # refresh = 60


def test_a_chart_whose_wait_ends_while_the_page_is_hidden_is_asked_for_once_it_is_shown(clocked, live_site):
    # Not at the next poll, up to a minute (a `refresh`) later: its wait is over.
    driver = clocked
    driver.get(live_site.url + WALL)
    driver.execute_script(BUSY_FROGS_JS, "90")
    advance(driver, 130)  # polls at 60 (frogs answers 503, Retry-After 90: asked again at 150) and at 120
    assert driver.execute_script("return window.asked.frogs;") == [60]
    driver.execute_script(SHOW_JS, True)
    advance(driver, 30)  # its wait ends at 150, hidden; the next poll falls due at 180
    driver.execute_script(SHOW_JS, False)
    advance(driver, 0)
    assert driver.execute_script("return window.asked.frogs;") == [60, 160], "not asked for once shown"
