"""A refreshing dashboard whose chart images failed as the page itself loaded them, the browser offline (the
page opened as the network went, or a chart out of view scrolled into view offline): each is asked for
again once the browser is online and the page shown, or at the next poll, which names the same URL, where
it was taken as shown and stayed broken until the chart's URL changed. The page's timers run on the test's
clock (tests/browser/page_clock.py)."""
from __future__ import annotations

from selenium.webdriver.common.by import By

from tests.browser.conftest import EXTRA_PREFIX, TALL_CHARTS
from tests.browser.page_clock import AS_SHOWN_JS, BUSY_ANSWER_JS, CUT_OFF_503_JS, SHOW_JS, advance
from tests.browser.test_refresh import drawn_images, images
from tests.browser.test_refresh_stale import has_words, is_empty, stale_line, stale_words
from tests.browser.test_refresh_wall import WALL, asked, offline
from tests.browser.waits import until

TALL = EXTRA_PREFIX + "/d/tall"  # refresh = 1, one chart a row

# The moments each chart's image, at the URL the page shows it at, is asked for by the page's script, kept in
# window.asked, by chart; the chart named by window.busy answers 503 with the Retry-After window.retryAfter,
# as when every render worker is busy.
ASKS_KEPT_JS = BUSY_ANSWER_JS + """
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
  return busyAnswer(window.retryAfter);
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


def no_cache(driver) -> None:
    """Keep the browser's cache from answering, so that an image an earlier test loaded is sent for again: the
    session's browser keeps it so from its start (`shots.browser.Browser`'s `disable_cache`), which the
    tests after this one count on (a page's requests as the screenshot check captures them), so it is never
    turned back on."""
    driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})


def opened_offline(driver, path: str, live_site, said: bool = True) -> None:
    """Open the page at `path` as the network goes: its document comes, its chart images are not sent, and the
    browser is offline from then on, until offline(driver, False); the browser says so to the page where
    `said`, and where not, its images alone are not sent, until then too."""
    charts = {"urlPattern": f"*://*:*{path}/*.svg*", "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}
    no_cache(driver)
    driver.execute_cdp_cmd("Network.emulateNetworkConditionsByRule",
                           {"offline": True, "matchedNetworkConditions": [charts]})
    driver.get(live_site.url + path)
    if said:
        offline(driver, True)


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
    drawn_images(driver, "frogs", "bears")
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
    drawn_images(driver, "frogs", "bears")
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
    drawn_images(driver, "frogs", "bears")


def says_busy(line: dict) -> bool:
    """Whether the line beside a chart says it is not updated for every render worker being busy."""
    return line["words"].endswith(": every render worker is busy")


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
    stale_line(driver, "frogs", says_busy)
    drawn_images(driver, "bears")  # its image loaded, in the browser's own time, before the polls
    advance(driver, 120)  # polls at 60 and 120 name it as shown
    offline(driver, True)
    offline(driver, False)
    advance(driver, 0)
    assert asked(driver, "frogs") == [0], "asked for before its Retry-After"
    assert asked(driver, "bears") == [0]


def test_a_chart_image_that_failed_offline_and_then_answered_503_cut_off_is_not_taken_as_not_reached(
        clocked, live_site):
    # The site answered: the chart waits as after a 503, its failure told once, where the words that broke off
    # were told as a second failure, of a site not reached, whose wait ended as the network came back.
    driver = clocked
    try:
        opened_offline(driver, WALL, live_site)
        driver.execute_script(ASKS_KEPT_JS)
        driver.execute_script(CUT_OFF_503_JS)
        driver.execute_script("window.busy = 'frogs';")
        driver.execute_script(AS_SHOWN_JS)
    finally:
        offline(driver, False)
    advance(driver, 0)
    assert asked(driver, "frogs") == [0], "not asked for once the network came back"
    offline(driver, True)
    offline(driver, False)
    advance(driver, 0)
    assert asked(driver, "frogs") == [0], "asked for again as the network came back: taken as not reached"
    assert stale_words(driver, "frogs") == "Not updated since the page was opened: it cannot be drawn now"


def test_a_chart_scrolled_into_view_offline_is_asked_for_once_the_network_comes_back_and_no_untried_one(
        clocked, live_site):
    driver = clocked
    driver.get(live_site.url + TALL)
    last = f"c{TALL_CHARTS}"
    assert last in loads(driver)["untried"], "the last chart is loaded: the page is not tall enough"
    driver.execute_script(ASKS_KEPT_JS)
    driver.execute_script(AS_SHOWN_JS)
    no_cache(driver)
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
        offline(driver, False)
    assert now["untried"], "every chart was tried: the page is not tall enough"
    advance(driver, 0)
    assert {chart: asked(driver, chart) for chart in images(driver)} == {
        chart: [0] if chart in now["failed"] else [] for chart in images(driver)}
    drawn_images(driver, last)


# Each poll answered at once: the frogs chart drawn anew as an image the site answers with a 200 that is no image
# (text/plain) until window.mended, then as an SVG; the bears chart as the page shows it. The moments the frogs
# chart's new image is asked for are kept in window.asked.frogs, and how many images the page's script made failed
# to load in window.noImage.
NO_IMAGE_FROGS_JS = """
var fetched = window.fetch, Made = window.Image;
window.noImage = 0;
window.Image = function () {
  var image = new Made();
  image.addEventListener("error", function () { window.noImage += 1; });
  return image;
};
var words = "data:text/plain,frogs", drawing = "data:image/svg+xml," + encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"><title>Frogs</title></svg>');
window.asked = {frogs: []};
window.mended = false;
window.answer = function () {
  var bears = document.querySelector('img[data-chart="bears"]');
  var frogs = {version: "9", src: window.mended ? drawing : words, alt: "Frogs, drawn anew", notes: []};
  var charts = {frogs: frogs, bears: {version: bears.dataset.version, src: bears.getAttribute("src"), alt: bears.alt,
                                      notes: []}};
  return Promise.resolve({ok: true, json: function () { return Promise.resolve({ok: true, charts: charts}); }});
};
window.fetch = function (url) {
  if (String(url) !== words && String(url) !== drawing) return fetched.apply(this, arguments);
  window.asked.frogs.push(window.clock() / 1000);
  var type = String(url) === words ? "text/plain" : "image/svg+xml";
  return Promise.resolve(new Response(decodeURIComponent(String(url).split(",")[1]), {headers: {"Content-Type": type}}));
};
"""

NO_IMAGE = "the site answered its image with no image a browser can draw (200, text/plain)"


def test_a_new_chart_image_that_is_no_image_waits_out_its_wait_when_the_network_comes_back_saying_why(
        clocked, live_site):
    # The site was reached and answered: not a network error, so not asked for again at once when the browser
    # is online again, as an image the site was not reached for is; the line beside the chart says why until
    # it draws, through the polls that name the same image.
    driver = clocked
    driver.get(live_site.url + WALL)
    driver.execute_script(NO_IMAGE_FROGS_JS)
    advance(driver, 60)  # the poll at 60 names it: no image, asked for again after its wait, at 120
    until(lambda: driver.execute_script("return window.noImage;"), what="the frogs chart's new image failed")
    offline(driver, True)
    offline(driver, False)
    advance(driver, 30)
    assert asked(driver, "frogs") == [60], "asked for again when the network came back"
    said = stale_words(driver, "frogs")
    assert said.startswith("Not updated since ") and said.endswith(NO_IMAGE), said
    advance(driver, 30)  # its wait over, and the poll at 120 names it again: no image again
    assert asked(driver, "frogs") == [60, 120]
    assert stale_words(driver, "frogs") == said
    driver.execute_script("window.mended = true;")
    advance(driver, 60)
    until(lambda: images(driver)["frogs"], lambda image: image["src"].startswith("data:image/svg+xml")
          and image["drawn"], what="the frogs chart's new image drawn")
    assert stale_words(driver, "frogs") == ""


def test_a_chart_image_the_page_failed_to_load_says_so_beside_it_until_it_draws(clocked, live_site):
    driver = clocked
    try:
        opened_offline(driver, WALL, live_site)
        assert loads(driver)["failed"] == ["frogs", "bears"]
        assert stale_line(driver, "frogs", has_words)["words"] == (
            "Not updated since the page was opened: its image could not be loaded")
        driver.execute_script(AS_SHOWN_JS)
    finally:
        offline(driver, False)
    advance(driver, 0)
    drawn_images(driver, "frogs", "bears")
    stale_line(driver, "frogs", is_empty)
