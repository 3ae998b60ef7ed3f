"""How a refreshing dashboard left open for days waits between its polls: one poll at a time, a poll
the site does not answer given up and said so, none while the page is hidden, longer waits through an
outage and as long as a Retry-After asks, and so for a chart's image that fails. The page's clock is
the test's: its timers run as the test moves that clock on, so minutes pass in a moment and no
assertion rests on real time."""
from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import unquote

import pytest

from tests.browser.conftest import EXTRA_PREFIX
from tests.browser.test_refresh_stale import STALE_JS, is_empty, stale_line

# The page's timers and monotonic clock (performance.now) on the test's clock, from before the page's
# scripts run: window.advanceClock(ms, done) moves it on by `ms`, running each timer as it falls due and
# letting the page's promises settle between them; window.jumpClock(ms, done) moves it on at once, as a
# machine that slept does where the monotonic clock counts its sleep (Windows), each timer due since run
# once at the end. versions.json is answered as window.answer(signal) says (a promise of a Response), each
# poll's moment on that clock kept in window.polls; an image under /unanswered/ is never sent (each
# asking kept in window.imagesAsked); the page's other requests go to the site, as
# window.siteFetch(url, options) does. window.clock() is the moment on that clock.
FAKE_CLOCK_JS = """
(function () {
  var realSetTimeout = window.setTimeout, fetched = window.fetch;
  var now = 0, count = 0, timers = [], started = Math.round(performance.now());
  performance.now = function () { return started + now; };
  function add(fn, ms, every) {
    timers.push({id: ++count, at: now + Math.max(0, Number(ms) || 0), fn: fn, every: every});
    return count;
  }
  function clear(id) { timers = timers.filter(function (timer) { return timer.id !== id; }); }
  window.setTimeout = function (fn, ms) { return add(fn, ms, 0); };
  window.setInterval = function (fn, ms) { return add(fn, ms, Math.max(1, Number(ms) || 0)); };
  window.clearTimeout = window.clearInterval = clear;
  function settle() { return new Promise(function (resolve) { realSetTimeout(resolve, 0); }); }
  window.advanceClock = function (ms, done) {
    var end = now + ms;
    (function next() {
      settle().then(function () {
        var due = timers.filter(function (timer) { return timer.at <= end; })
                        .sort(function (a, b) { return a.at - b.at || a.id - b.id; })[0];
        if (!due) { now = end; settle().then(done); return; }
        now = due.at;
        if (due.every) due.at += due.every; else clear(due.id);
        due.fn();
        next();
      });
    })();
  };
  window.jumpClock = function (ms, done) {
    now += ms;
    timers.forEach(function (timer) { timer.at = Math.max(timer.at, now); });
    window.advanceClock(0, done);
  };
  window.clock = function () { return now; };
  window.polls = [];
  window.imagesAsked = [];
  window.siteFetch = fetched;
  window.answer = function () { return new Promise(function () {}); };
  window.fetch = function (url, options) {
    if (String(url).indexOf("/unanswered/") >= 0) {  // an image the site never sends
      window.imagesAsked.push(String(url));
      return new Promise(function (resolve, reject) {
        var signal = options && options.signal;
        if (signal) signal.addEventListener("abort", function () { reject(new DOMException("aborted", "AbortError")); });
      });
    }
    if (String(url).indexOf("/versions.json") < 0) return fetched.apply(this, arguments);
    window.polls.push(now);
    return window.answer(url, options || {});
  };
})();
"""

# An answer that never comes, unless the poll is given up.
UNANSWERED_JS = """
window.answer = function (url, options) {
  return new Promise(function (resolve, reject) {
    var signal = options.signal;
    if (signal) signal.addEventListener("abort", function () { reject(new DOMException("aborted", "AbortError")); });
  });
};
"""

# The site's own answer, at once.
ANSWERED_JS = """
window.answer = function (url, options) { return window.siteFetch(url, options); };
"""

# An answer at once, naming each chart as the page shows it.
AS_SHOWN_JS = """
window.answer = function () {
  var charts = {};
  document.querySelectorAll("img[data-chart]").forEach(function (img) {
    charts[img.dataset.chart] = {version: img.dataset.version, src: img.getAttribute("src"), alt: img.alt, notes: []};
  });
  return Promise.resolve({ok: true, json: function () { return Promise.resolve({ok: true, charts: charts}); }});
};
"""


@pytest.fixture
def clocked(browser) -> Iterator[object]:
    """The session's browser, its pages' timers on the test's clock until the test ends."""
    driver = browser.driver
    script = driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": FAKE_CLOCK_JS})
    try:
        yield driver
    finally:
        driver.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument", {"identifier": script["identifier"]})
        driver.get("about:blank")


def advance(driver, seconds: float) -> None:
    """Move the page's clock on by `seconds`, its timers run as they fall due."""
    driver.execute_async_script("window.advanceClock(arguments[0], arguments[1]);", seconds * 1000)


def polls(driver) -> list[float]:
    """The moments of the page's polls so far, in seconds on the test's clock."""
    return [moment / 1000 for moment in driver.execute_script("return window.polls;")]


def stale_words(driver, chart: str) -> str:
    return driver.execute_script(STALE_JS, chart)["words"]


def test_a_poll_the_site_does_not_answer_is_given_up_and_said_so_with_no_other_sent_meanwhile(clocked, live_site):
    driver = clocked
    driver.get(live_site.url + EXTRA_PREFIX + "/d/live")
    driver.execute_script(UNANSWERED_JS)
    advance(driver, 30)
    assert len(polls(driver)) == 1, f"polls sent while one was on its way: {polls(driver)}"
    assert stale_words(driver, "frogs") == ""
    advance(driver, 60)
    # No answer has told the site's time: the page names no moment of the screen's clock.
    assert stale_words(driver, "frogs") == "Not updated since the page was opened: the site did not answer within 60 seconds"
    # Answered again: the next poll (its answer and the images it names come in the site's own time)
    # says the charts are current.
    driver.execute_script(ANSWERED_JS)
    advance(driver, 120)
    assert stale_line(driver, "frogs", is_empty)["words"] == "", "the line stayed once the site answered"


# The page hidden (another tab in front, the screen locked) or shown again, as the browser tells it.
SHOW_JS = """
Object.defineProperty(document, "hidden", {configurable: true, get: function () { return arguments[0]; }.bind(null, arguments[0])});
document.dispatchEvent(new Event("visibilitychange"));
"""


def test_a_hidden_page_sends_no_poll_and_asks_at_once_when_shown_again(clocked, live_site):
    driver = clocked
    driver.get(live_site.url + EXTRA_PREFIX + "/d/live")
    driver.execute_script(AS_SHOWN_JS)
    advance(driver, 1)
    assert len(polls(driver)) == 1
    driver.execute_script(SHOW_JS, True)
    advance(driver, 600)
    assert len(polls(driver)) == 1, "polls were sent while the page was hidden"
    driver.execute_script(SHOW_JS, False)
    advance(driver, 0)
    assert len(polls(driver)) == 2, "the page shown again did not ask at once"


def gaps(moments: list[float]) -> list[float]:
    """The seconds between each poll and the next."""
    return [later - earlier for earlier, later in zip(moments, moments[1:])]


# The site not reached (offline, restarting).
UNREACHED_JS = """
window.answer = function () { return Promise.reject(new TypeError("Failed to fetch")); };
"""


def test_polls_not_answered_wait_twice_as_long_each_time_up_to_a_minute_then_as_set_once_answered(clocked, live_site):
    driver = clocked
    driver.get(live_site.url + EXTRA_PREFIX + "/d/live")  # refresh = 1
    driver.execute_script(UNREACHED_JS)
    advance(driver, 600)
    away = gaps(polls(driver))
    assert away[:6] == [2, 4, 8, 16, 32, 60] and set(away[6:]) == {60}, away
    driver.execute_script(AS_SHOWN_JS)
    advance(driver, 63)
    back = gaps(polls(driver))[len(away):]
    assert back[-3:] == [1, 1, 1], back
    assert stale_words(driver, "frogs") == ""


# A 503 with Retry-After, as the site answers while its dataset database is down.
RETRY_AFTER_JS = """
window.answer = function () {
  var body = {ok: false, status: 503, title: "Service Unavailable",
              error: "the dataset database did not answer within 2 seconds"};
  return Promise.resolve({ok: false, status: 503, statusText: "Service Unavailable",
                          headers: new Headers({"Content-Type": "application/json", "Retry-After": arguments[0]}),
                          json: function () { return Promise.resolve(body); }});
}.bind(null, arguments[0]);
"""


def test_a_poll_answered_503_with_retry_after_waits_as_long_before_the_next(clocked, live_site):
    driver = clocked
    driver.get(live_site.url + EXTRA_PREFIX + "/d/live")
    # Retry-After as a date, read against the answer's Date: tests/browser/test_refresh_wall.py.
    driver.execute_script(RETRY_AFTER_JS, "120")
    advance(driver, 300)
    waited = gaps(polls(driver))
    assert len(waited) == 2 and all(119 <= gap <= 120 for gap in waited), polls(driver)
    words = stale_line(driver, "frogs", lambda line: bool(line["words"]))["words"]
    # An answer without a Date (the site's send one) tells no time: since the page was opened.
    assert words == "Not updated since the page was opened: the dataset database did not answer within 2 seconds", words


# The frogs chart drawn anew, as an image the site never sends.
NEW_FROGS_JS = """
window.answer = function () {
  var frogs = {version: "9", src: "/unanswered/frogs.svg?v=9", alt: "Frogs, drawn anew", notes: []};
  return Promise.resolve({ok: true, json: function () { return Promise.resolve({ok: true, charts: {frogs: frogs}}); }});
};
"""


def test_an_image_the_site_does_not_send_is_given_up_and_asked_for_again(clocked, live_site):
    driver = clocked
    driver.get(live_site.url + EXTRA_PREFIX + "/d/live")
    driver.execute_script(NEW_FROGS_JS)
    advance(driver, 30)
    assert driver.execute_script("return window.imagesAsked;") == ["/unanswered/frogs.svg?v=9"]
    advance(driver, 60)
    asked = driver.execute_script("return window.imagesAsked;")
    assert asked[1:2] == ["/unanswered/frogs.svg?v=9"], "the image was not asked for again"


# Each poll answered at once: the frogs chart's image, drawing window.frogs, answering 503 while
# window.busy, as when every render worker is busy, with the Retry-After window.retryAfter gives (none
# where null; `arguments[0]` at first); the bears chart drawn anew at each poll, its image loading as
# any. The moments each is asked for are kept in window.asked, by chart.
BUSY_FROGS_JS = """
var polled = 0, fetched = window.fetch;
function svg(title) {
  return "data:image/svg+xml," + encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9">'
                                                    + '<title>' + title + '</title></svg>');
}
window.busy = true;
window.retryAfter = arguments[0];
window.frogs = "Frogs";
window.asked = {frogs: [], bears: []};
window.answer = function () {
  polled += 1;
  var frogs = {version: "9", src: svg(window.frogs), alt: "Frogs, drawn anew", notes: []};
  var bears = {version: String(polled), src: svg("Bears " + polled), alt: "Bears " + polled, notes: []};
  var body = {ok: true, charts: {frogs: frogs, bears: bears}};
  return Promise.resolve({ok: true, json: function () { return Promise.resolve(body); }});
};
window.fetch = function (url) {
  if (String(url).indexOf("data:") < 0) return fetched.apply(this, arguments);
  var chart = url.indexOf("Frogs") >= 0 ? "frogs" : "bears";
  window.asked[chart].push(window.clock() / 1000);
  if (chart === "frogs" && window.busy) {
    var words = '<svg xmlns="http://www.w3.org/2000/svg"><title>503 Service Unavailable: every render worker '
                + 'is busy</title></svg>';
    return Promise.resolve(new Response(words, {status: 503, statusText: "Service Unavailable",
                                                headers: window.retryAfter ? {"Retry-After": window.retryAfter} : {}}));
  }
  // The page may fetch no data: URL (connect-src 'self'), which its <img> draws.
  var drawing = decodeURIComponent(url.split(",")[1]);
  return Promise.resolve(new Response(drawing, {headers: {"Content-Type": "image/svg+xml"}}));
};
"""


def image(driver, chart: str) -> str:
    """The URL of the image shown of chart `chart`."""
    return driver.execute_script(
        'return document.querySelector(`img[data-chart="${arguments[0]}"]`).getAttribute("src");', chart)


@pytest.mark.parametrize("retry_after", [None, "120"])
def test_a_chart_whose_image_answers_503_is_asked_for_again_after_a_wait_as_a_poll_is(clocked, live_site, retry_after):
    # Its source out of reach, a render stopped at a limit: not asked for again at every poll, while
    # the other charts are asked for theirs at every poll.
    driver = clocked
    driver.get(live_site.url + EXTRA_PREFIX + "/d/live")  # refresh = 1
    driver.execute_script(BUSY_FROGS_JS, retry_after)
    advance(driver, 600)
    asked = driver.execute_script("return window.asked;")
    waited = gaps(asked["frogs"])
    if retry_after is None:
        assert waited[:6] == [2, 4, 8, 16, 32, 60] and set(waited[6:]) == {60}, waited
    else:
        assert len(waited) >= 3 and set(waited) == {120}, waited
    assert asked["bears"] == polls(driver), "the chart that loads was not asked for at every poll"
    assert stale_words(driver, "frogs") == "Not updated since the page was opened: every render worker is busy"
    # Drawn at the end of its wait, it is shown; failing again (no Retry-After now), it waits as after a
    # first failure.
    driver.execute_script("window.busy = false;")
    advance(driver, 121)
    assert stale_line(driver, "frogs", is_empty)["words"] == ""
    assert "Frogs" in unquote(image(driver, "frogs"))
    driver.execute_script("window.busy = true; window.retryAfter = null; window.frogs = 'Frogs again';")
    before = len(driver.execute_script("return window.asked.frogs;"))
    advance(driver, 20)
    assert gaps(driver.execute_script("return window.asked.frogs;")[before:]) == [2, 4, 8], "the wait was not set back"
