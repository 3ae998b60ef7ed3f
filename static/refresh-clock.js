// The site's clock, as a refreshing dashboard's page (static/refresh.js) names its moments ("Not updated
// since 14:05 UTC"): the Date of each answer of versions.json (asked for with no-store, so the moment the
// site answered), not the screen's clock, which may be minutes or hours wrong (a wall screen without time
// sync) or set anew while the page is open. The time passed since an answer is the longer of that on the
// page's monotonic clock and that on the screen's: the first stops while the machine sleeps (Chromium on
// Linux and macOS), the second may be set back. Its waits end on time after the machine slept. The page
// loads it first, as window.refreshClock.
(function () {
  "use strict";

  var site = null;  // the newest answer's Date: {date (ms), mono: performance.now() then, wall: Date.now() then}
  var opened = { mono: performance.now(), wall: Date.now() };  // the page's load, on the page's clocks
  var openedAt = null;  // the page's load on the site's clock, once an answer has told it

  // The moment of `response`, an answer of the site, as its Date says (ms since 1970), or null without one.
  function dateOf(response) {
    var date = Date.parse(response && response.headers ? response.headers.get("Date") || "" : "");
    return date > 0 ? date : null;
  }

  // Keep the Date of `response` as the site's clock, where it has one; the first also tells when the page
  // was loaded, on that clock, as the time passed since then.
  function heard(response) {
    var date = dateOf(response);
    if (date === null) return;
    site = { date: date, mono: performance.now(), wall: Date.now() };
    if (!openedAt) openedAt = new Date(date - passedSince(opened));
  }

  // The milliseconds passed since `then` ({mono, wall}), the longer of the two clocks' (none if both went back).
  function passedSince(then) {
    return Math.max(performance.now() - then.mono, Date.now() - then.wall, 0);
  }

  // The time now on the site's clock; on the screen's where no answer has carried a Date.
  function siteNow() {
    return site ? new Date(site.date + passedSince(site)) : new Date();
  }

  // The seconds `response`'s Retry-After asks to wait, given in seconds or as an HTTP date, up to `most`;
  // 0 where it has none, or one that says no wait. A date is read against the answer's own Date, on the
  // site's clock, where it has one (RFC 9110, 10.2.3), not against the screen's.
  function retryAfter(response, most) {
    var text = response.headers && response.headers.get("Retry-After");
    if (!text) return 0;
    var wait = /^\s*\d+\s*$/.test(text) ? Number(text) : (Date.parse(text) - (dateOf(response) || Date.now())) / 1000;
    return wait > 0 ? Math.min(wait, most) : 0;
  }

  // When the page was loaded, on the site's clock; null before an answer has told it.
  function pageOpened() {
    return openedAt;
  }

  // A moment as the page writes one, in UTC, to the minute: its time alone on the day of `now`, its
  // date too on another ("2026-12-04 23:58 UTC"), as a page left open over a day still shows it.
  function moment(date, now) {
    var day = date.toISOString().slice(0, 10);
    var time = date.toISOString().slice(11, 16) + " UTC";
    return day === now.toISOString().slice(0, 10) ? time : day + " " + time;
  }

  // Waits that end on time after the machine slept. The page's timers keep to its monotonic clock, which
  // stops while the machine sleeps, so that a wait of a minute begun before a night's sleep would end a
  // minute after it woke, its charts hours out of date meanwhile without a word. Every WAKE_SECONDS, each
  // wait that the screen's clock says is over and the monotonic clock says is not (the machine slept, or
  // the screen's clock was set on, when it merely ends early) ends at once.
  var WAKE_SECONDS = 10;
  // A timer that runs this much after its time ran late for a sleep that the monotonic clock counted
  // (Windows): a hidden page's timers are held back a minute at most (Chromium's throttling), not this long.
  var LATE_SECONDS = 120;
  var waiting = {};  // timer id -> {run, mono, wall: when it ends on each clock}

  // Run `run(slept)` `seconds` from now, or once the machine wakes after then; the timer's id, for cancel().
  // `slept` says whether the machine slept through the wait's end: it ended on the screen's clock while the
  // monotonic clock stood still, or ran over LATE_SECONDS late.
  function after(seconds, run) {
    var mono = performance.now() + seconds * 1000;
    var id = setTimeout(function () {
      delete waiting[id];
      run(performance.now() - mono > LATE_SECONDS * 1000);
    }, seconds * 1000);
    waiting[id] = { run: run, mono: mono, wall: Date.now() + seconds * 1000 };
    return id;
  }

  // Stop the timer `id` (none: nothing).
  function cancel(id) {
    clearTimeout(id);
    delete waiting[id];
  }

  setInterval(function () {
    Object.keys(waiting).forEach(function (id) {
      var timer = waiting[id];
      if (!timer || Date.now() < timer.wall || performance.now() >= timer.mono) return;
      cancel(Number(id));
      timer.run(true);
    });
  }, WAKE_SECONDS * 1000);

  window.refreshClock = { heard: heard, siteNow: siteNow, retryAfter: retryAfter, pageOpened: pageOpened,
                          moment: moment, after: after, cancel: cancel };
})();
