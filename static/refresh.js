// Auto-refresh for a dashboard with `refresh`: poll its versions.json `data-refresh` seconds after
// the last poll was answered (one at a time, one not answered in time given up) and swap only the
// images whose URL changed (their data version, or the moments of a range
// relative to now), once the new image has loaded; of answers and images that arrive out of
// order, only the newest is applied. A chart not loaded yet (past the first rows, not yet in view)
// is given its new URL in place, which the browser asks for as it comes into view. The
// versions.json URL carries the page's range and filters as asked, so the swapped images keep them.
// A chart that can no longer be drawn (no version) is swapped for its error image and alt text,
// saying why (its file broken or gone, its column gone, more bar categories or values than it may
// draw), and a screen reader is told so once, as it is told once the chart is drawn again (of charts that a poll
// brings that news of one cause, a dataset removed under a board of 12 charts, once, not once a chart). Through any
// other failure the chart shown stays, a line beside it saying since when it is not updated, on the site's
// clock, and why ("Not updated since 14:05 UTC: …"), so that no one takes it for current, until the chart
// is drawn anew (told once a page, by the page's outage line, not again as midnight adds the date to that moment):
// - versions.json says the chart's image answers 503: its source, or the store, cannot answer for it now
//   (for a moment, or until someone mends a source's file), in the answer's words;
// - its new image answers 503 itself (every render worker busy, its source down since the answer), which
//   an <img> would draw as any image, in the words read from that image;
// - its new image is not sent within ANSWER_SECONDS, or the site is not reached for it (offline,
//   restarting), or the site answers it with no image a browser can draw (a 200 of another type, a body
//   that is no SVG); each such image is asked for again after a wait (static/refresh-waits.js);
// - an image of the page's own failed to load (offline as the page loaded it, or as it came into view);
// - versions.json is refused (a filter's value gone from the data: its words), or not answered
//   (offline, restarting, a site that holds the poll without answering): every chart, until a poll is
//   answered, which puts back each chart's own words;
// - versions.json no longer names the chart (gone from the dashboard's file).
// A line before the charts says so of charts versions.json names that the page does not show (added to
// the file since).
// The words of the charts are written anew from each answer wherever they differ from those shown,
// as the page would write them, the image's URL changed or not: each chart's alt text, the line of
// the rows shown (a relative range's moments move on) and the notes under each chart; and so are the
// options of the form's selects of a filter's values (a value new to the data), the select kept with
// the viewer's choice and focus.
// A button before the charts pauses the polls (WCAG 2.2.2: content that updates by itself can be
// paused): none is sent while paused, and an answer that comes then is not applied; resumed, the
// page polls at once (its words, in static/refresh-words.js). Paused, a reload of the page keeps it paused.
// This file polls; the chart images are swapped, and asked for again after a failure, by
// static/refresh-images.js, and how long an answer is waited for, and how a refusal reads, is
// static/refresh-answers.js's.
// Without JavaScript the page still works (and a <noscript> meta refresh reloads it).
(function () {
  "use strict";
  // Updates paused stay paused through a reload of the page, or Back and Forward to it, as the reader left them,
  // in that tab alone (its sessionStorage, one entry per dashboard, whatever range or filters its URL asks): not in
  // the URL, which a link or bookmark shares, where a reader opening it expects a page that updates, as a link
  // followed in the same tab opens it.
  var PAUSED_KEY = "refresh-paused:" + location.pathname;

  function cameBack() {
    var entries = window.performance && performance.getEntriesByType ? performance.getEntriesByType("navigation")
      : [];
    return entries.length > 0 && (entries[0].type === "reload" || entries[0].type === "back_forward");
  }

  function pausedBefore() {
    try {
      if (cameBack()) return window.sessionStorage.getItem(PAUSED_KEY) === "1";
      window.sessionStorage.removeItem(PAUSED_KEY);  // opened anew: updating
      return false;
    } catch (error) {
      return false;  // storage refused (a browser's privacy setting): the page starts updating, as it did
    }
  }

  function keepPaused(paused) {
    try {
      if (paused) window.sessionStorage.setItem(PAUSED_KEY, "1");
      else window.sessionStorage.removeItem(PAUSED_KEY);
    } catch (error) {
      // Storage refused or full: the pause holds for this page alone.
    }
  }

  var grid = document.querySelector("[data-refresh][data-versions]");
  var seconds = grid ? Number(grid.getAttribute("data-refresh")) : 0;
  if (!(seconds > 0) || !window.fetch || !window.refreshWords || !window.refreshClock || !window.refreshLoads
      || !window.refreshWaits || !window.refreshSources || !window.refreshAnswers || !window.refreshImages) return;
  var words = window.refreshWords;  // static/refresh-words.js: the words it writes
  var clock = window.refreshClock;  // static/refresh-clock.js: the site's clock
  var loads = window.refreshLoads;  // static/refresh-loads.js: which chart images failed to load
  var answers = window.refreshAnswers(clock);  // static/refresh-answers.js: how long an answer is waited for
  var waits = window.refreshWaits;  // static/refresh-waits.js: how long the page waits after failures in a row
  // The page's polling, which the chart images read (static/refresh-images.js). Polls may be answered out of
  // order (a slow answer), so each is numbered as it starts and only the newest is applied: an older answer that
  // arrives late never replaces a newer one.
  var polls = {
    applied: 0,  // the number of the newest poll applied
    paused: pausedBefore(),
    missed: false  // a poll, or a chart's wait, fell due while the page was hidden: a poll is sent once it is shown
  };
  var pollsStarted = 0;
  // static/refresh-images.js: the chart images, swapped for their new ones
  var images = window.refreshImages(grid, seconds, {
    words: words, clock: clock, loads: loads, sources: window.refreshSources, waits: waits,
    answers: answers
  }, polls);
  var showNotUpdated = images.showNotUpdated;

  // Whether the chart's answer is to replace the image shown: its drawing, or why it cannot be
  // drawn, but for a 503 (its source or the store cannot answer now), through which the image shown stays.
  function replaces(chart) {
    return Boolean(chart.version) || chart.status !== 503;
  }

  // One poll at a time: the next is sent once the last is answered, refused or given up, so that a site
  // slow to answer is not asked again and again meanwhile. One not answered within answers.seconds (a site
  // that holds its connections without answering) is given up, and the charts say so.
  // After a poll refused or not answered, the next waits twice as long as the last, up to a minute
  // (or `seconds`, where longer), so that a dashboard left open on a wall does not ask every second of an
  // outage; and at least as long as the site's Retry-After asks, up to an hour (static/refresh-answers.js), so
  // that the charts are not left out of date long after the site is back. An answered poll sets them back.
  var failedInARow = 0;
  var asking = null;  // the AbortController of the poll on its way, while one is
  var timer = null;   // the timer of the next poll, while one is waited for

  // Send the next poll `wait` seconds from now (none while paused).
  function pollIn(wait) {
    clock.cancel(timer);
    timer = polls.paused ? null : clock.after(wait, pollDue);
  }

  function pollDue() {
    timer = null;
    pollWhenShown();
  }

  // A poll now, or once the page is shown again where it is hidden.
  function pollWhenShown() {
    if (document.hidden) polls.missed = true;
    else poll();
  }

  function poll() {
    if (document.hidden || polls.paused || asking) return;
    polls.missed = false;
    clock.cancel(timer);
    timer = null;
    var number = ++pollsStarted;
    var asked = asking = new AbortController();
    var wait = seconds;  // until the next poll: longer once this one is refused or not answered
    answers.answeredWithin(asked, function (signal) {
      return fetch(grid.getAttribute("data-versions"), { cache: "no-store", credentials: "same-origin", signal: signal })
        .then(function (response) {
          clock.heard(response);
          return response.ok ? response.json() : answers.refusal(response);
        })
        .then(function (body) {
          if (number === pollsStarted) failedInARow = 0;
          if (!body || !body.charts || number <= polls.applied) return;  // older than one applied
          polls.applied = number;
          var at = clock.siteNow();
          words.showRows(body.showing, body.showing_parts);
          words.showFilterOptions(body.filters);
          words.showAdded(Object.keys(body.charts).some(function (id) {
            return !grid.querySelector('img[data-chart="' + CSS.escape(id) + '"]');
          }));
          // The news each chart's answer brings (a chart that can no longer be drawn, or is drawn again), gathered
          // by cause before any image is shown, so that charts of one cause are told of together.
          grid.querySelectorAll("img[data-chart]").forEach(function (img) {
            var chart = body.charts[img.getAttribute("data-chart")];
            images.expectNews(img, chart && replaces(chart) ? chart : null);
          });
          grid.querySelectorAll("img[data-chart]").forEach(function (img) {
            var id = img.getAttribute("data-chart");
            var chart = body.charts[id];
            if (!chart) {
              // Gone from the dashboard's file, the site started again since the page was opened.
              showNotUpdated(img, "the dashboard no longer has this chart: reload the page to see the dashboard as "
                                  + "it is now");
            } else if (replaces(chart)) {
              images.swap(img, chart, at);
              words.showNotes(img, chart.notes);
            } else {
              // A drawing kept through a 503 shows the data of the last answer that could draw it; an
              // error image, what is still so.
              if (img.hasAttribute("data-version")) showNotUpdated(img, chart.error);
              else words.showStale(img, "");
            }
          });
        })
        .catch(function (error) {
          // Refused (a filter's value gone from the data since the page was opened, say), not answered in
          // time, or the site not reached (offline, restarting): no chart is updated until an answer comes,
          // asked for by the next poll. One sent before the machine slept is sent again at once.
          if (number <= polls.applied) return;
          polls.applied = number;
          if (asked.slept) {
            wait = 0;
            return;
          }
          failedInARow += 1;
          wait = Math.max(waits.backoff(seconds, failedInARow), error instanceof answers.Refused ? error.retryAfter : 0);
          var why = error instanceof answers.Refused ? error.message : answers.whyUnanswered(error, answers.seconds);
          grid.querySelectorAll("img[data-chart]").forEach(function (img) {
            showNotUpdated(img, why);
          });
        });
    }).then(function () {
      if (asking !== asked) return;  // given up by a pause
      asking = null;
      pollIn(wait);
    });
  }

  pollIn(seconds);

  // The button that pauses and resumes the updates, before the charts: only a page whose script runs can pause them.
  words.pauseControl(grid, function (pausedNow) {
    polls.paused = pausedNow;
    keepPaused(pausedNow);
    if (polls.paused) {
      // No poll is sent while paused, and the one on its way is given up, never applied: the poll sent
      // on resuming is newer than it.
      polls.applied = pollsStarted;
      clock.cancel(timer);
      timer = null;
      if (asking) asking.abort();
      asking = null;
      return;
    }
    poll();
  }, polls.paused);

  words.addedLine(grid);  // the line that says the dashboard has charts the page does not show
  words.outageLine(grid);  // the line that tells a screen reader once of charts not updated, and why

  // The browser online again (the network back, a machine awake again) after a poll was not answered: a
  // poll at once, rather than at the end of a wait that grew through the outage (a minute, or `refresh`);
  // and so for a chart's image (static/refresh-images.js).
  window.addEventListener("online", function () {
    images.online();
    if (!failedInARow || asking || polls.paused) return;
    pollWhenShown();
  });

  // Each chart's line beside it, which says a chart image of the page's own failed to load (static/refresh-images.js).
  grid.querySelectorAll("img[data-chart]").forEach(function (img) {
    words.staleLine(img);
    images.saysBroken(img);
  });
  loads.onBroken(images.saysBroken);
  // A page shown again after a poll, or the wait of a chart's image, fell due while it was hidden asks at once.
  document.addEventListener("visibilitychange", function () {
    if (polls.missed) poll();
  });
  // A page the Back or Forward button brings back whole from the browser's back/forward cache shows the charts as
  // they were when it was left, maybe long ago, where a page loaded anew shows them as they are: it asks at once
  // (paused, it stays so), and waits from that poll on, its one timer set anew.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) pollWhenShown();
  });
})();
