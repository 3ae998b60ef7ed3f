"""Nothing on a page moves as it loads (Cumulative Layout Shift, one of Core Web Vitals): each page kind, on a
desktop's screen and a phone's, sums the layout shifts Chromium records (`PerformanceObserver` of
`layout-shift`, buffered) once its images in view have loaded, throttling nothing. A chart's image is sized
by its width and height before its bytes come; a refreshing dashboard's pause button is in the page as it is
served, where its script inserted it before the charts, which moved them down 40px after they were drawn."""
from __future__ import annotations

import pytest

from tests.browser.conftest import EXTRA_PREFIX
from tests.browser.screens import phone, screen
from tests.browser.waits import until

# The most a page may shift: Chromium's score, the fraction of the viewport moved times how far. Lighthouse
# calls 0.1 good; a page whose content stays where it is drawn scores 0.
MOST_SHIFT = 0.01

PAGES = ["/", "/d/animals", "/d/animals/bears", "/datasets/animals", "/upload", EXTRA_PREFIX + "/d/live", EXTRA_PREFIX + "/d/tall"]

# Whether the page has loaded with every image it asks for at once (a lazy one out of view waits).
LOADED_JS = """
return document.readyState === 'complete' && Array.from(document.images).every(function (img) {
  return img.complete || img.loading === 'lazy';
});
"""
# The layout shifts recorded since the page began, each its score and what moved, not those right after a
# reader's input (which Chromium counts apart, as expected).
SHIFTS_JS = """
var done = arguments[arguments.length - 1];
new PerformanceObserver(function (list, observer) {
  observer.disconnect();
  done(list.getEntries().filter(function (entry) { return !entry.hadRecentInput; }).map(function (entry) {
    return [entry.value, entry.sources.map(function (source) {
      return source.node ? source.node.nodeName + '.' + (source.node.className || '') : '';
    })];
  }));
}).observe({type: 'layout-shift', buffered: true});
setTimeout(function () { done([]); }, 500);  // no shift recorded: the observer is not called
"""


def shifts(driver, url: str) -> list:
    """The layout shifts of the page at `url`, opened afresh, once it has loaded."""
    driver.get("about:blank")
    driver.get(url)
    until(lambda: driver.execute_script(LOADED_JS), what=f"{url} loaded with its images")
    return driver.execute_async_script(SHIFTS_JS)


@pytest.mark.parametrize("path", PAGES)
def test_a_page_on_a_desktop_does_not_move_as_it_loads(browser, live_site, path):
    with screen(browser, 1280, 800) as driver:
        moved = shifts(driver, live_site.url + path)
    assert sum(score for score, _ in moved) < MOST_SHIFT, moved


@pytest.mark.parametrize("path", PAGES)
def test_a_page_on_a_phone_does_not_move_as_it_loads(browser, live_site, path):
    with phone(browser) as driver:
        moved = shifts(driver, live_site.url + path)
    assert sum(score for score, _ in moved) < MOST_SHIFT, moved
