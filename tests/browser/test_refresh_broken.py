"""A refreshing dashboard whose chart images failed as the page itself loaded them, the browser offline (the
page opened as the network went, or a chart out of view scrolled into view offline): each is asked for
again once the browser is online and the page shown, or at the next poll, which names the same URL, where
it was taken as shown and stayed broken until the chart's URL changed. The page's timers run on the test's
clock (tests/browser/page_clock.py)."""
from __future__ import annotations

from selenium.webdriver.common.by import By

from tests.browser.conftest import EXTRA_PREFIX, TALL_CHARTS
from tests.browser.page_clock import AS_SHOWN_JS, SHOW_JS, advance
from tests.browser.test_refresh import images
from tests.browser.test_refresh_stale import stale_words
from tests.browser.test_refresh_wall import WALL, asked, offline
from tests.browser.waits import until

TALL = EXTRA_PREFIX + "/d/tall"  # refresh = 1, one chart a row

# The moments each chart's image, at the URL the page shows it at, is asked for by the page's script, kept in
# window.asked, by chart; the chart named by window.busy answers 503 with the Retry-After window.retryAfter,
# as when every render worker is busy.
ASKS_KEPT_JS = """
var fetched = window.fetch;
window.asked = {};
window.busy = null;
document.querySelectorAll("img[data-chart]").forEach(function (img) { window.asked[img.dataset.chart] = []; });
window.fetch = function (url) {
  var chart = null;
  document.querySelectorAll("img[data-chart]").forEach(function (img) {
    if (String(url) === img.getAttribute("src")) chart = img.dataset.chart;
  });
  if (chart === null) return fetched.apply(this, arguments);
  window.asked[chart].push(window.clock() / 1000);
  if (chart !== window.busy) return fetched.apply(this, arguments);
  var words = '<svg xmlns="http://www.w3.org/2000/svg"><title>503 Service Unavailable: every render worker '
              + 'is busy</title></svg>';
  return Promise.resolve(new Response(words, {status: 503, statusText: "Service Unavailable",
                                              headers: {"Retry-After": window.retryAfter}}));
};
"""

# The page's charts that are drawn, that failed (their load ended, nothing drawn) and that the page has not
# tried to load (out of view).
LOADS_JS = """
var loads = {drawn: [], failed: [], untried: []};
document.querySelectorAll("img[data-chart]").forEach(function (img) {
  var load = !img.complete ? "untried" : img.naturalWidth > 0 ? "drawn" : "failed";
  loads[load].push(img.dataset.chart);
});
return loads;
"""


def loads(driver) -> dict[str, list[str]]:
    """The page's charts by how their image's load went: `drawn`, `failed` or `untried`."""
    return driver.execute_script(LOADS_JS)


def no_cache(driver, off: bool) -> None:
    """Keep the browser's cache from answering (`off`), so that an image an earlier test loaded is sent for
    again; or let it answer again."""
    driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": off})


def opened_offline(driver, path: str, live_site, said: bool = True) -> None:
    """Open the page at `path` as the network goes: its document comes, its chart images are not sent, and the
    browser is offline from then on, until offline(driver, False); the browser says so to the page where
    `said`, and where not, its images alone are not sent, until then too."""
    charts = {"urlPattern": f"*://*:*{path}/*.svg*", "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}
    no_cache(driver, True)
    try:
        driver.execute_cdp_cmd("Network.emulateNetworkConditionsByRule",
                               {"offline": True, "matchedNetworkConditions": [charts]})
        driver.get(live_site.url + path)
        if said:
            offline(driver, True)
    finally:
        no_cache(driver, False)


def drawn(driver, *charts: str) -> None:
    """Wait for the images of `charts` to be drawn."""
    until(lambda: loads(driver)["drawn"], lambda shown: set(charts) <= set(shown),
          what=f"the charts {', '.join(charts)} drawn")


def test_a_chart_image_that_failed_offline_as_the_page_loaded_it_is_asked_for_once_the_network_comes_back(
        clocked, live_site):
    driver = clocked
    try:
        opened_offline(driver, WALL, live_site)
        assert loads(driver)["failed"] == ["frogs", "bears"]
        driver.execute_script(ASKS_KEPT_JS)
        driver.execute_script(AS_SHOWN_JS)
        advance(driver, 10)
    finally:
        offline(driver, False)
    advance(driver, 0)
    assert (asked(driver, "frogs"), asked(driver, "bears")) == ([10], [10]), "not asked for once the network came back"
    drawn(driver, "frogs", "bears")
    advance(driver, 60)  # the poll at 70 names each as shown
    assert (asked(driver, "frogs"), asked(driver, "bears")) == ([10], [10])


def test_a_chart_image_the_site_was_not_reached_for_as_the_page_loaded_it_is_asked_for_at_the_next_poll(
        clocked, live_site):
    # The browser never said it was offline (a site restarting between the page and its images): the next
    # poll names the same URL, which is asked for again, once.
    driver = clocked
    try:
        opened_offline(driver, WALL, live_site, said=False)
        driver.execute_script(ASKS_KEPT_JS)
        driver.execute_script(AS_SHOWN_JS)
        assert loads(driver)["failed"] == ["frogs", "bears"]
    finally:
        offline(driver, False)
    assert driver.execute_script("return navigator.onLine;") is True
    advance(driver, 60)
    assert asked(driver, "frogs") == [60], "not asked for at the poll"
    drawn(driver, "frogs", "bears")
    advance(driver, 60)
    assert asked(driver, "frogs") == [60]


def test_a_chart_image_that_failed_offline_waits_for_a_hidden_page_to_be_shown(clocked, live_site):
    driver = clocked
    try:
        opened_offline(driver, WALL, live_site)
        driver.execute_script(ASKS_KEPT_JS)
        driver.execute_script(AS_SHOWN_JS)
        driver.execute_script(SHOW_JS, True)
    finally:
        offline(driver, False)
    advance(driver, 20)
    assert asked(driver, "frogs") == [], "asked for while the page was hidden"
    driver.execute_script(SHOW_JS, False)
    advance(driver, 0)
    assert asked(driver, "frogs") == [20], "not asked for once the page was shown"
    drawn(driver, "frogs", "bears")


def test_a_chart_image_that_failed_offline_and_then_answered_503_waits_out_its_retry_after(clocked, live_site):
    driver = clocked
    try:
        opened_offline(driver, WALL, live_site)
        driver.execute_script(ASKS_KEPT_JS)
        driver.execute_script("window.busy = 'frogs'; window.retryAfter = '3600';")
        driver.execute_script(AS_SHOWN_JS)
    finally:
        offline(driver, False)
    advance(driver, 0)
    assert asked(driver, "frogs") == [0], "not asked for once the network came back"
    until(lambda: stale_words(driver, "frogs"), lambda words: words.endswith(": every render worker is busy"),
          what="the frogs chart said not updated")
    advance(driver, 120)  # polls at 60 and 120 name it as shown
    offline(driver, True)
    offline(driver, False)
    advance(driver, 0)
    assert asked(driver, "frogs") == [0], "asked for before its Retry-After"
    assert asked(driver, "bears") == [0]


def test_a_chart_scrolled_into_view_offline_is_asked_for_once_the_network_comes_back_and_no_untried_one(
        clocked, live_site):
    driver = clocked
    driver.get(live_site.url + TALL)
    last = f"c{TALL_CHARTS}"
    assert last in loads(driver)["untried"], "the last chart is loaded: the page is not tall enough"
    driver.execute_script(ASKS_KEPT_JS)
    driver.execute_script(AS_SHOWN_JS)
    no_cache(driver, True)
    offline(driver, True)
    try:
        driver.find_element(By.CSS_SELECTOR, f'img[data-chart="{last}"]').location_once_scrolled_into_view
        read_before: list[dict] = []

        def failed_and_steady(found: dict) -> bool:
            # The same read twice in a row: no chart near the last one still on its way.
            steady = read_before == [found]
            read_before[:] = [found]
            return steady and last in found["failed"]

        now = until(lambda: loads(driver), failed_and_steady,
                    what="the last chart's image failed offline, the others' loads steady")
    finally:
        no_cache(driver, False)
        offline(driver, False)
    assert now["untried"], "every chart was tried: the page is not tall enough"
    advance(driver, 0)
    assert {chart: asked(driver, chart) for chart in images(driver)} == {
        chart: [0] if chart in now["failed"] else [] for chart in images(driver)}
    drawn(driver, last)
