"""The page's clock on the test's: a refreshing dashboard's timers run as a test moves that clock on, so
that minutes pass in a moment and no assertion rests on real time; and the answers its polls and
images are given, which the tests of its waits and of a wall screen share. The fixture `clocked`
(tests/browser/conftest.py) puts a page on this clock."""
from __future__ import annotations

# The page's timers and monotonic clock (performance.now) on the test's clock, from before the page's
# scripts run: window.advanceClock(ms, done) moves it on by `ms`, running each timer as it falls due and
# letting the page's promises settle between them; window.jumpClock(ms, done) moves it on at once, as a
# machine that slept does where the monotonic clock counts its sleep (Windows), each timer due since run
# once at the end. versions.json is answered as window.answer(signal) says (a promise of a Response), each
# poll's moment on that clock kept in window.polls; an image under /unanswered/ is never sent (each
# asking kept in window.imagesAsked); the page's other requests go to the site, as
# window.siteFetch(url, options) does. window.clock() is the moment on that clock.
# The site answers in no time on that clock: before the clock moves on, each request of the page's that went to
# the site has its answer, or its failure (offline), whatever real time that takes on a loaded machine; an answer
# of siteFetch (a poll's, by ANSWERED_JS) comes read whole, so the page has read it too, where of a chart image's
# fetch only its status and headers are waited for, not its body nor the page's reading of it. A request not
# answered within SITE_SECONDS of real time after it was sent is left on its way, waited for no more. An image's
# own load (an <img>) is not waited for: tests wait for it to be drawn.
FAKE_CLOCK_JS = """
(function () {
  var realSetTimeout = window.setTimeout, realNow = Date.now, fetched = window.fetch;
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
  var SITE_SECONDS = 10, onTheirWay = new Set();  // the real moment each request on its way is given up at
  // `request`, a promise of the site's answer, counted as on its way until it is settled, or SITE_SECONDS after
  // it was sent: left then, it holds up no step of the clock after, where each would wait for it anew.
  function sent(request) {
    var waited = {until: realNow() + SITE_SECONDS * 1000};
    onTheirWay.add(waited);
    var done = function () { onTheirWay.delete(waited); };
    request.then(done, done);
    return request;
  }
  function waiting() {
    var at = realNow();
    return Array.from(onTheirWay).some(function (request) { return request.until > at; });
  }
  // Settled: once the page's requests to the site are answered (each answer's promise callbacks run before
  // this timer's), the page's promises settled.
  function settle() {
    return new Promise(function (resolve) {
      (function wait() {
        realSetTimeout(function () { if (waiting()) wait(); else resolve(); }, 0);
      })();
    });
  }
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
  // The site's answer read whole: the page's reading of it settles with its promises.
  window.siteFetch = function (url, options) {
    return sent(fetched.call(window, url, options).then(function (response) {
      return response.text().then(function (text) {
        return {ok: response.ok, status: response.status, statusText: response.statusText, headers: response.headers,
                json: function () { return new Promise(function (resolve) { resolve(JSON.parse(text)); }); },
                text: function () { return Promise.resolve(text); }};
      });
    }));
  };
  window.answer = function () { return new Promise(function () {}); };
  window.fetch = function (url, options) {
    if (String(url).indexOf("/unanswered/") >= 0) {  // an image the site never sends
      window.imagesAsked.push(String(url));
      return new Promise(function (resolve, reject) {
        var signal = options && options.signal;
        if (signal) signal.addEventListener("abort", function () { reject(new DOMException("aborted", "AbortError")); });
      });
    }
    if (String(url).indexOf("/versions.json") < 0) return sent(fetched.apply(this, arguments));
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


# The page hidden (another tab in front, the screen locked) or shown again, as the browser tells it.
SHOW_JS = """
Object.defineProperty(document, "hidden", {configurable: true, get: function () { return arguments[0]; }.bind(null, arguments[0])});
document.dispatchEvent(new Event("visibilitychange"));
"""


# The site not reached (offline, restarting).
UNREACHED_JS = """
window.answer = function () { return Promise.reject(new TypeError("Failed to fetch")); };
"""


# The frogs chart drawn anew, as an image the site never sends.
NEW_FROGS_JS = """
window.answer = function () {
  var frogs = {version: "9", src: "/unanswered/frogs.svg?v=9", alt: "Frogs, drawn anew", notes: []};
  return Promise.resolve({ok: true, json: function () { return Promise.resolve({ok: true, charts: {frogs: frogs}}); }});
};
"""


# busyAnswer(retryAfter): the site's answer to an image while every render worker is busy, a 503 whose SVG
# says so, with the Retry-After `retryAfter` (none where null), to declare in a script that answers images.
BUSY_ANSWER_JS = """
function busyAnswer(retryAfter) {
  var words = '<svg xmlns="http://www.w3.org/2000/svg"><title>503 Service Unavailable: every render worker '
              + 'is busy</title></svg>';
  return Promise.resolve(new Response(words, {status: 503, statusText: "Service Unavailable",
                                              headers: retryAfter ? {"Retry-After": retryAfter} : {}}));
}
"""


# Each 503 that the page's script is answered breaks off before its words are read (the connection lost as
# they came): run after a script that answers 503s, such as BUSY_FROGS_JS.
CUT_OFF_503_JS = """
var kept = window.fetch;
window.fetch = function () {
  return kept.apply(this, arguments).then(function (response) {
    if (response.status !== 503) return response;
    var words = new ReadableStream({start: function (cut) { cut.error(new TypeError("network error")); }});
    return new Response(words, {status: 503, statusText: response.statusText, headers: response.headers});
  });
};
"""


# Each poll answered at once: the frogs chart's image, drawing window.frogs, answering 503 while
# window.busy, as when every render worker is busy, with the Retry-After window.retryAfter gives (none
# where null; `arguments[0]` at first); the bears chart drawn anew at each poll, its image loading as
# any. The moments each is asked for are kept in window.asked, by chart.
BUSY_FROGS_JS = BUSY_ANSWER_JS + """
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
  if (chart === "frogs" && window.busy) return busyAnswer(window.retryAfter);
  // The page may fetch no data: URL (connect-src 'self'), which its <img> draws.
  var drawing = decodeURIComponent(url.split(",")[1]);
  return Promise.resolve(new Response(drawing, {headers: {"Content-Type": "image/svg+xml"}}));
};
"""


def advance(driver, seconds: float) -> None:
    """Move the page's clock on by `seconds`, its timers run as they fall due."""
    driver.execute_async_script("window.advanceClock(arguments[0], arguments[1]);", seconds * 1000)


def jump(driver, seconds: float) -> None:
    """Move the page's clock on by `seconds` at once, as a machine that slept does where the monotonic
    clock counts its sleep: each timer due since runs once."""
    driver.execute_async_script("window.jumpClock(arguments[0], arguments[1]);", seconds * 1000)


def polls(driver) -> list[float]:
    """The moments of the page's polls so far, in seconds on the test's clock."""
    return [moment / 1000 for moment in driver.execute_script("return window.polls;")]


def gaps(moments: list[float]) -> list[float]:
    """The seconds between each poll and the next."""
    return [later - earlier for earlier, later in zip(moments, moments[1:])]
