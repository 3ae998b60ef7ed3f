"""The refresh tests' clock (tests/browser/page_clock.py) itself: a request of the page's that the site is slow
to answer holds the clock up once, for the real seconds it waits for the site's answers, not at each step it
moves on, so that a test moving it over many timers still ends within the browser's time for a script."""
from __future__ import annotations

from tests.browser.page_clock import advance

# A timer of the page's every second, counted, and a request the site answers only after the network's latency.
SLOW_REQUEST_JS = """
window.ticks = 0;
setInterval(function () { window.ticks += 1; }, 1000);
window.slowAnswered = false;
fetch("/healthz").then(function () { window.slowAnswered = true; }, function () { window.slowAnswered = true; });
"""


def network(driver, latency_ms: int) -> None:
    """The browser's network, online, carrying each answer after `latency_ms`."""
    driver.execute_cdp_cmd("Network.emulateNetworkConditions", {"offline": False, "latency": latency_ms,
                                                                 "downloadThroughput": -1, "uploadThroughput": -1})


def test_a_request_the_site_is_slow_to_answer_holds_the_clock_up_once_not_at_each_timer(clocked, live_site):
    # Waited for anew at each of the page's timers, 10 real seconds each, the clock took longer to move over
    # five of them than the browser gives a script, and the test failed with a timeout of its own.
    driver = clocked
    driver.get(live_site.url + "/")
    network(driver, 120_000)
    try:
        driver.execute_script(SLOW_REQUEST_JS)
        advance(driver, 5)
        assert driver.execute_script("return [window.ticks, window.clock(), window.slowAnswered];") == [5, 5000, False]
    finally:
        network(driver, 0)
