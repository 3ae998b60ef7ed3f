"""A refreshing dashboard left open on a wall screen for weeks: hidden and shown again, its network
gone and back, its machine asleep, its screen's clock wrong or set anew while it is open. The page's
timers run on the test's clock, as in test_refresh_waits.py, so hours pass in a moment."""
from __future__ import annotations

from tests.browser import test_refresh_waits
from tests.browser.conftest import EXTRA_PREFIX
from tests.browser.test_refresh_stale import is_empty, stale_line
from tests.browser.test_refresh_waits import ANSWERED_JS, BUSY_FROGS_JS, SHOW_JS, advance, polls, stale_words

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


def offline(driver, gone: bool) -> None:
    """Take the browser's network away (`gone`) or give it back, as the browser tells its pages."""
    driver.execute_cdp_cmd("Network.emulateNetworkConditions", {"offline": gone, "latency": 0,
                                                                 "downloadThroughput": -1, "uploadThroughput": -1})


def test_a_dashboard_whose_network_comes_back_polls_at_once(clocked, live_site):
    # Not at the end of its wait: the charts are up to date, and the line that said they were not is gone.
    driver = clocked
    driver.get(live_site.url + WALL)
    driver.execute_script(ANSWERED_JS)
    offline(driver, True)
    try:
        advance(driver, 70)  # its poll at 60 not answered: the next at 120
        assert polls(driver) == [60]
        assert stale_words(driver, "frogs").endswith(": the site cannot be reached")
        assert driver.execute_script("return navigator.onLine;") is False
    finally:
        offline(driver, False)
    advance(driver, 0)
    assert polls(driver) == [60, 70], "the page did not poll once the network came back"
    assert stale_line(driver, "frogs", is_empty)["words"] == ""
