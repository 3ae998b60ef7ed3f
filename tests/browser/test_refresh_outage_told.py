"""An outage as a screen reader hears it on a refreshing dashboard of 12 charts, in real Chromium: the site not
reached, every chart says beside it that it is not updated and why, and the page's outage line tells it once,
"Every chart: Not updated since …: the site cannot be reached", where each chart's status line told it, twelve
times over; the site reached again, the lines beside the charts go and the outage line tells once "Every chart
is updated again"."""
from __future__ import annotations

import re

from tests.browser.conftest import EXTRA_PREFIX, TALL_CHARTS
from tests.browser.test_refresh import advance_polls, images
from tests.browser.test_refresh_told import PAGE, TOLD_JS, told
from tests.browser.waits import until

# versions.json not reached from now on, as when the site is down; UNREACHED_OVER_JS reaches it again.
UNREACHED_JS = """
window.fetched = window.fetch;
window.unreached = 0;
window.fetch = function (url) {
  if (String(url).indexOf("/versions.json") < 0) return window.fetched.apply(this, arguments);
  window.unreached += 1;
  return Promise.reject(new TypeError("Failed to fetch"));
};
"""
UNREACHED_OVER_JS = "window.fetch = window.fetched;"
LINES_JS = "return [...document.querySelectorAll('figure .stale')].map(line => line.textContent);"


def test_an_outage_is_told_once_a_page_and_once_again_as_it_ends(browser, live_site):
    driver = browser.driver
    driver.get(live_site.url + EXTRA_PREFIX + "/d/tall")  # refresh = 1
    assert len(images(driver)) == TALL_CHARTS  # those past the first rows not drawn until in view
    advance_polls(driver, 1)
    driver.execute_script(TOLD_JS)
    driver.execute_script(UNREACHED_JS)
    lines = until(lambda: driver.execute_script(LINES_JS), lambda now: len(now) == TALL_CHARTS and all(now),
                  what="every chart's line saying it is not updated")
    assert len(set(lines)) == 1 and re.fullmatch(
        r"Not updated since (the page was opened|\d\d:\d\d UTC): the site cannot be reached", lines[0]), lines
    assert all(told(driver, f"c{n}") == [] for n in range(1, TALL_CHARTS + 1)), "told by each chart"
    # Polls not answered again and again: told no more.
    until(lambda: driver.execute_script("return window.unreached;"), lambda count: count >= 3,
          what="three polls not answered")
    assert told(driver, PAGE) == [f"Every chart: {lines[0]}"]
    driver.execute_script(UNREACHED_OVER_JS)
    until(lambda: driver.execute_script(LINES_JS), lambda now: not any(now), what="every chart's line gone")
    advance_polls(driver, 2)
    assert told(driver, PAGE) == [f"Every chart: {lines[0]}", "Every chart is updated again"]
    assert all(told(driver, f"c{n}") == [] for n in range(1, TALL_CHARTS + 1)), "told by each chart"
