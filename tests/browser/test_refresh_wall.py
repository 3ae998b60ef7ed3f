"""A refreshing dashboard left open on a wall screen for weeks: hidden and shown again, its network
gone and back, its machine asleep, its screen's clock wrong or set anew while it is open. The page's
timers run on the test's clock (tests/browser/page_clock.py), so hours pass in a moment."""
from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

from selenium.webdriver.common.by import By

from tests.browser.conftest import EXTRA_PREFIX, TALL_CHARTS
from tests.browser.page_clock import (ANSWERED_JS, AS_SHOWN_JS, BUSY_FROGS_JS, NEW_FROGS_JS, SHOW_JS, UNANSWERED_JS,
                                      UNREACHED_JS, advance, gaps, jump, polls)
from tests.browser.test_refresh import images
from tests.browser.test_refresh_stale import is_empty, stale_line, stale_words
from tests.browser.waits import until

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


def test_a_chart_whose_wait_ends_while_paused_is_asked_for_by_the_poll_sent_on_resuming(clocked, live_site):
    driver = clocked
    driver.get(live_site.url + WALL)
    driver.execute_script(BUSY_FROGS_JS, "90")
    advance(driver, 100)  # frogs answered 503 at 60: asked again at 150
    driver.find_element(By.CSS_SELECTOR, ".refresh-control button").click()
    advance(driver, 60)
    assert driver.execute_script("return window.asked.frogs;") == [60], "asked for while paused"
    driver.find_element(By.CSS_SELECTOR, ".refresh-control button").click()
    advance(driver, 0)
    assert (polls(driver), driver.execute_script("return window.asked.frogs;")) == ([60, 160], [60, 160])


# Whether the page is to be told the network is gone, or back (`arguments[0]`, "offline" or "online"): where it
# is, window.networkTold becomes true as its listeners have been told.
LISTEN_JS = """
window.networkTold = false;
if (navigator.onLine === (arguments[0] === "online")) return false;
window.addEventListener(arguments[0], function () { window.networkTold = true; }, {once: true});
return true;
"""


def offline(driver, gone: bool) -> None:
    """Take the browser's network away (`gone`) or give it back, as the browser tells its pages: once the page
    has been told (its listeners run before the test's, added after them), where its state changes."""
    told = driver.execute_script(LISTEN_JS, "offline" if gone else "online")
    driver.execute_cdp_cmd("Network.emulateNetworkConditions", {"offline": gone, "latency": 0,
                                                                 "downloadThroughput": -1, "uploadThroughput": -1})
    if told:
        until(lambda: driver.execute_script("return window.networkTold;"),
              what=f"the page told the network is {'gone' if gone else 'back'}")


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


# Each poll answered at once, naming each chart's image drawn anew as the site's image `arguments[0]`
# gives it (a URL the network carries, under /slow/), `{chart}` replaced by the chart's id. The moments each
# chart's new image is asked for are kept in window.asked, by chart.
NEW_IMAGES_OF_THE_SITE_JS = """
var url = arguments[0], fetched = window.fetch;
window.asked = {};
document.querySelectorAll("img[data-chart]").forEach(function (img) { window.asked[img.dataset.chart] = []; });
window.answer = function () {
  var charts = {};
  Object.keys(window.asked).forEach(function (chart) {
    charts[chart] = {version: "9", src: url.replace("{chart}", chart), alt: chart + ", drawn anew", notes: []};
  });
  return Promise.resolve({ok: true, json: function () { return Promise.resolve({ok: true, charts: charts}); }});
};
window.fetch = function (asked) {
  Object.keys(window.asked).forEach(function (chart) {
    if (String(asked) === url.replace("{chart}", chart)) window.asked[chart].push(window.clock() / 1000);
  });
  return fetched.apply(this, arguments);
};
"""


def new_images_of_the_site(driver) -> str:
    """Answer each poll naming each chart's image drawn anew, as the site's image of a URL no test asked for
    before; that URL, `{chart}` standing for the chart's id."""
    url = f"/slow/plot/{{chart}}-{time.monotonic_ns()}.svg?ms=0"
    driver.execute_script(NEW_IMAGES_OF_THE_SITE_JS, url)
    return url


def asked(driver, chart: str) -> list[float]:
    """The moments the chart `chart`'s new image was asked for, in seconds on the test's clock."""
    return driver.execute_script("return window.asked[arguments[0]];", chart)


def test_a_chart_image_not_sent_while_offline_is_asked_for_at_once_when_the_network_comes_back(clocked, live_site):
    # Not at the end of its own wait (a minute here, an hour on a dashboard of `refresh = 3600`), and once.
    driver = clocked
    driver.get(live_site.url + WALL)
    url = new_images_of_the_site(driver)
    offline(driver, True)
    try:
        advance(driver, 70)  # the poll at 60 names it, not sent: asked for again at 120
        assert asked(driver, "frogs") == [60]
    finally:
        offline(driver, False)
    advance(driver, 0)
    assert asked(driver, "frogs") == [60, 70], "not asked for once the network came back"
    src = url.replace("{chart}", "frogs")
    until(lambda: images(driver)["frogs"], lambda image: image["src"] == src and image["drawn"],
          what="the frogs chart's new image drawn")
    advance(driver, 60)  # the poll at 120 names it as shown
    assert asked(driver, "frogs") == [60, 70]
    assert stale_words(driver, "frogs") == ""


def test_a_chart_image_not_sent_while_offline_waits_for_a_hidden_page_to_be_shown(clocked, live_site):
    driver = clocked
    driver.get(live_site.url + WALL)
    new_images_of_the_site(driver)
    offline(driver, True)
    try:
        advance(driver, 70)
        driver.execute_script(SHOW_JS, True)
    finally:
        offline(driver, False)
    advance(driver, 20)
    assert asked(driver, "frogs") == [60], "asked for while the page was hidden"
    driver.execute_script(SHOW_JS, False)
    advance(driver, 0)
    assert asked(driver, "frogs") == [60, 90], "not asked for once the page was shown"


def test_a_chart_image_that_answered_503_waits_on_when_the_network_comes_back(clocked, live_site):
    # The site was reached, and asked for that wait with its Retry-After.
    driver = clocked
    driver.get(live_site.url + WALL)
    driver.execute_script(BUSY_FROGS_JS, "3600")
    advance(driver, 70)
    offline(driver, True)
    offline(driver, False)
    advance(driver, 0)
    assert driver.execute_script("return window.asked.frogs;") == [60], "asked for before its Retry-After"


def test_the_network_back_asks_for_no_chart_out_of_view_that_the_page_has_not_loaded(clocked, live_site):
    # Each chart's new image asked for at once where the page had loaded it; given its URL in place where
    # not, to be asked for as it comes into view, as at every poll.
    driver = clocked
    driver.get(live_site.url + EXTRA_PREFIX + "/d/tall")  # refresh = 1, one chart a row
    last = f"c{TALL_CHARTS}"
    assert not images(driver)[last]["drawn"], "the last chart is loaded: the page is not tall enough"
    new_images_of_the_site(driver)
    offline(driver, True)
    try:
        advance(driver, 1.5)  # the poll at 1 names them: each loaded chart's not sent, asked for again at 3
        assert (asked(driver, "c1"), asked(driver, last)) == ([1], [])
    finally:
        offline(driver, False)
    advance(driver, 0)
    assert asked(driver, "c1") == [1, 1.5], "not asked for once the network came back"
    assert asked(driver, last) == [], "a chart out of view was asked for"


def test_the_sites_answers_come_in_no_time_on_the_tests_clock_however_long_they_take(clocked, live_site):
    # A loaded machine, as a network slow to carry them: the test's clock waits for them (page_clock.py), so
    # that the wall's minutes are those of its polls, not of the machine's load.
    driver = clocked
    driver.get(live_site.url + WALL)
    driver.execute_script(ANSWERED_JS)
    driver.execute_cdp_cmd("Network.emulateNetworkConditions", {"offline": False, "latency": 400,
                                                                 "downloadThroughput": -1, "uploadThroughput": -1})
    try:
        advance(driver, 120)  # the poll at 60 answered before the clock moves on: the next at 120
        assert polls(driver) == [60, 120]
    finally:
        offline(driver, False)
    assert stale_words(driver, "frogs") == ""


# The screen's clock set `arguments[0]` milliseconds on (back where negative), as a wall screen's without
# time sync is, or as one set anew while the page is open; the page's timers and monotonic clock go on.
SCREEN_CLOCK_JS = """
var Real = window.RealDate || (window.RealDate = Date);
var shift = window.screenShift = (window.screenShift || 0) + arguments[0];
window.Date = class extends Real {
  constructor(...moment) { if (moment.length) super(...moment); else super(Real.now() + shift); }
  static now() { return Real.now() + shift; }
};
"""

# Each poll answered at once, naming each chart as the page shows it, with the Date window.siteDate
# (`arguments[0]` at first), the moment on the site's clock.
DATED_AS_SHOWN_JS = """
window.siteDate = arguments[0];
window.answer = function () {
  var charts = {};
  document.querySelectorAll("img[data-chart]").forEach(function (img) {
    charts[img.dataset.chart] = {version: img.dataset.version, src: img.getAttribute("src"), alt: img.alt, notes: []};
  });
  return Promise.resolve({ok: true, headers: new Headers({Date: window.siteDate}),
                          json: function () { return Promise.resolve({ok: true, charts: charts}); }});
};
"""

HOUR = 3600


def http_date(moment: datetime) -> str:
    return format_datetime(moment, usegmt=True)


def test_the_moment_a_chart_is_not_updated_since_is_the_sites_not_the_screens_wrong_or_set_anew(clocked, live_site):
    # The site's clock five hours on from the screen's, and the screen's set back two days while the page
    # is open: the line names the Date of the last answer that found the chart current.
    driver = clocked
    driver.get(live_site.url + WALL)
    answered = (datetime.now(timezone.utc) + timedelta(hours=5, minutes=13)).replace(second=0, microsecond=0)
    driver.execute_script(DATED_AS_SHOWN_JS, http_date(answered))
    advance(driver, 60)
    driver.execute_script(SCREEN_CLOCK_JS, -48 * HOUR * 1000)
    driver.execute_script(UNREACHED_JS)
    advance(driver, 60)
    assert stale_words(driver, "frogs") == f"Not updated since {answered:%H:%M} UTC: the site cannot be reached"


def test_a_page_whose_machine_slept_past_midnight_names_the_day_too(clocked, live_site):
    # Asleep, the page's monotonic clock stood still (Chromium on Linux and macOS) while the screen's went on.
    driver = clocked
    driver.get(live_site.url + WALL)
    driver.execute_script(DATED_AS_SHOWN_JS, "Sun, 06 Dec 2026 20:00:00 GMT")
    advance(driver, 60)
    driver.execute_script(SCREEN_CLOCK_JS, 8 * HOUR * 1000)
    driver.execute_script(UNREACHED_JS)
    advance(driver, 60)
    assert stale_words(driver, "frogs") == "Not updated since 2026-12-06 20:00 UTC: the site cannot be reached"


# A 503 of versions.json with the Date `arguments[0]` and a Retry-After two minutes after it, as an HTTP date.
DATED_RETRY_AFTER_JS = """
var answered = new Date(arguments[0]);
var body = {ok: false, status: 503, title: "Service Unavailable", error: "the dataset database did not answer within 2 seconds"};
window.answer = function () {
  var headers = new Headers({"Content-Type": "application/json", "Date": answered.toUTCString(),
                             "Retry-After": new Date(answered.getTime() + 120000).toUTCString()});
  return Promise.resolve({ok: false, status: 503, statusText: "Service Unavailable", headers: headers,
                          json: function () { return Promise.resolve(body); }});
};
"""


def test_a_retry_after_date_is_read_against_the_answers_date_not_the_screens_clock(clocked, live_site):
    # The screen's clock an hour behind the site's: read against it, two minutes were an hour and two.
    driver = clocked
    driver.get(live_site.url + WALL)
    driver.execute_script(DATED_RETRY_AFTER_JS, http_date(datetime.now(timezone.utc) + timedelta(hours=1)))
    advance(driver, 300)
    assert gaps(polls(driver)) == [120, 120], polls(driver)


def test_the_sites_own_answers_tell_its_time_through_their_date(clocked, live_site):
    # The screen's clock five hours behind: the line names the site's time, which this machine's is.
    driver = clocked
    driver.get(live_site.url + WALL)
    driver.execute_script(SCREEN_CLOCK_JS, -5 * HOUR * 1000)
    driver.execute_script(ANSWERED_JS)
    before = datetime.now(timezone.utc)
    advance(driver, 60)
    after = datetime.now(timezone.utc)
    driver.execute_script(UNREACHED_JS)
    advance(driver, 60)
    assert stale_words(driver, "frogs") in {f"Not updated since {moment:%H:%M} UTC: the site cannot be reached"
                                            for moment in (before, after)}


def test_a_page_whose_machine_wakes_asks_at_once_for_what_fell_due_while_it_slept(clocked, live_site):
    # Asleep for eight hours, its timers stood still with the monotonic clock: awake, neither the next poll
    # nor the end of a chart's wait (an hour's Retry-After) waits out the rest of its time.
    driver = clocked
    driver.get(live_site.url + WALL)
    driver.execute_script(BUSY_FROGS_JS, "3600")
    advance(driver, 60)
    assert (polls(driver), driver.execute_script("return window.asked.frogs;")) == ([60], [60])
    driver.execute_script(SCREEN_CLOCK_JS, 8 * HOUR * 1000)
    advance(driver, 10)
    assert polls(driver) == [60, 70], "the page did not poll once awake"
    assert driver.execute_script("return window.asked.frogs;") == [60, 70], "the chart was not asked for once awake"


def test_a_poll_on_its_way_as_the_machine_slept_is_sent_again_at_once_however_its_clocks_count_the_sleep(
        clocked, live_site):
    # Not said to be a site that did not answer within 60 seconds, nor waited for after: it was asleep.
    driver = clocked
    driver.get(live_site.url + WALL)
    driver.execute_script(UNANSWERED_JS)
    advance(driver, 70)  # the poll at 60 on its way
    driver.execute_script(AS_SHOWN_JS)
    jump(driver, 8 * HOUR)  # the monotonic clock counted the sleep: every timer runs late, at once
    assert polls(driver) == [60, 70 + 8 * HOUR]
    assert stale_words(driver, "frogs") == ""
    driver.execute_script(UNANSWERED_JS)
    advance(driver, 70)  # the next poll on its way
    driver.execute_script(AS_SHOWN_JS)
    driver.execute_script(SCREEN_CLOCK_JS, 8 * HOUR * 1000)  # it stood still: the screen's clock tells
    advance(driver, 10)  # awake: its check, every 10 seconds, comes at 150 (+ 8 hours)
    assert polls(driver)[2:] == [130 + 8 * HOUR, 150 + 8 * HOUR]
    assert stale_words(driver, "frogs") == ""


def test_an_image_on_its_way_as_the_machine_slept_is_asked_for_again_at_once(clocked, live_site):
    driver = clocked
    driver.get(live_site.url + WALL)
    driver.execute_script(NEW_FROGS_JS)
    advance(driver, 70)  # the image the poll at 60 names on its way, never sent
    assert driver.execute_script("return window.imagesAsked;") == ["/unanswered/frogs.svg?v=9"]
    jump(driver, 8 * HOUR)
    assert driver.execute_script("return window.imagesAsked;") == ["/unanswered/frogs.svg?v=9"] * 2, (
        "not asked for again once awake")


def test_a_poll_whose_machine_slept_with_under_a_second_of_its_limit_left_is_sent_again_at_once(clocked, live_site):
    # Asleep with half a second of its 60 left on the monotonic clock, which stood still: the check for a
    # wake ends its limit, and it is sent again, not said to be a site that did not answer within 60 seconds.
    driver = clocked
    driver.get(live_site.url + WALL)
    jump(driver, 19.5)  # the check for a wake, every 10 seconds, comes at 19.5, 29.5, … 119.5 from now on
    driver.execute_script(UNANSWERED_JS)
    advance(driver, 99.5)  # the poll at 60 on its way, its 60 seconds up at 120
    driver.execute_script(AS_SHOWN_JS)
    driver.execute_script(SCREEN_CLOCK_JS, 8 * HOUR * 1000)  # asleep: the screen's clock went on
    advance(driver, 0.5)  # awake: the check at 119.5
    assert polls(driver) == [60, 119.5]
    assert stale_words(driver, "frogs") == ""
