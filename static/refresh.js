// Auto-refresh for a dashboard with `refresh`: poll its versions.json `data-refresh` seconds after
// the last poll was answered (one at a time, one not answered in time given up) and swap only the
// images whose URL changed (their data version, or the moments of a range
// relative to now), once the new image has loaded; of answers and images that arrive out of
// order, only the newest is applied. A chart not loaded yet (past the first rows, not yet in view)
// is given its new URL in place, which the browser asks for as it comes into view. The
// versions.json URL carries the page's range and filters as asked, so the swapped images keep them.
// A chart that can no longer be drawn (no version) is swapped for its error image and alt text,
// saying why (its file broken or gone, its column gone, more bar categories or values than it may
// draw), and a screen reader is told so once, as it is told once the chart is drawn again. Through any
// other failure the chart shown stays, a line beside it saying since when it is not updated, on the site's
// clock, and why ("Not updated since 14:05 UTC: …"), so that no one takes it for current, until the chart
// is drawn anew (told once too, not again as midnight adds the date to that moment):
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
// page polls at once (its words, in static/refresh-words.js).
// Without JavaScript the page still works (and a <noscript> meta refresh reloads it).
(function () {
  "use strict";
  var grid = document.querySelector("[data-refresh][data-versions]");
  var seconds = grid ? Number(grid.getAttribute("data-refresh")) : 0;
  if (!(seconds > 0) || !window.fetch || !window.refreshWords || !window.refreshClock || !window.refreshLoads
      || !window.refreshWaits || !window.refreshSources) return;
  var words = window.refreshWords;  // static/refresh-words.js: the words it writes
  var clock = window.refreshClock;  // static/refresh-clock.js: the site's clock
  var loads = window.refreshLoads;  // static/refresh-loads.js: which chart images failed to load
  var sources = window.refreshSources;  // static/refresh-sources.js: the image a phone shows of each chart
  // static/refresh-waits.js: the waits of chart images that failed, each asked for again as its wait ends
  // (unless a later poll's answer did not name it: the next that does asks then; a wait that ends while the page
  // is hidden asks once it is shown again, by a poll, and one that ends while paused, by the poll sent on resuming).
  var waits = window.refreshWaits(seconds, clock, function (over) {
    if (over.poll !== pollApplied || paused) return;
    if (document.hidden) missed = true;
    else swap(over.img, over.chart, over.at);
  });

  // How long a poll or a new image may take before it is given up (a site that holds its connections
  // without answering): the site answers its own slow questions with a 503 before then.
  var ANSWER_SECONDS = 60;

  // Polls and image loads may finish out of order (a slow answer, a slow image), so each is
  // numbered as it starts and only the newest is applied: an older answer or image that arrives
  // late never replaces a newer one.
  var pollsStarted = 0;
  var pollApplied = 0;
  var newest = {};  // chart id -> the newest image asked for: {number, src}
  // Chart id -> when the chart shown was last known current, on the site's clock: the moment of each answer
  // whose image it is, or is swapped for (none yet: since the page was opened).
  var current = {};

  // Show `chart`'s image in `img` once it has loaded, unless a newer answer came meanwhile. Its alt
  // text is the newest answer's: an image whose URL stays may be told of in other words (a filter's
  // values named anew; a chart that cannot be drawn for another reason has another URL, its `v` a digest of why).
  // `at` is the moment of that answer, on the site's clock.
  function swap(img, chart, at) {
    var id = img.getAttribute("data-chart");
    var asked = newest[id] || { number: 0, src: img.getAttribute("src") };
    asked.alt = chart.alt;
    asked.at = at;
    var isShown = chart.src === img.getAttribute("src");  // the image shown is this one
    // The image shown is this one, but its load failed (offline as the page loaded it, or as it came into
    // view): asked for again as a new image is, unless it is on its way again already.
    var retry = isShown && loads.broken(img);
    var again = isShown && !retry;  // the image shown is the newest again, drawn
    if (chart.src === asked.src && !(retry && !asked.loading)) {  // shown, or on its way (its alt text written as it loads)
      if (again) shown(img, chart.alt, at);
      return;
    }
    var number = asked.number + 1;
    var waiting = waits.of(id);
    if (waiting && !again) {  // after its last failed: asked for once its wait is over
      if (waiting.why) showNotUpdated(img, waiting.why);  // not the poll's words, where one failed
      waits.named(id, chart, at, pollApplied);
      return;
    }
    waits.cancel(id);
    newest[id] = { number: number, src: chart.src, alt: chart.alt, at: at };
    if (again) {
      waits.drawn(id);
      shown(img, chart.alt, at);
      return;
    }
    // Not loaded yet: a chart past the page's first rows that has not come into view (loading="lazy"),
    // or one still on its way. Its new URL is written in its place, for the browser to ask for as the
    // page's own, as it comes into view: asked for now, every chart of a dashboard of many would be
    // drawn and sent at each new version, or each step of a relative range, however far down the page.
    if (!img.complete) {
      put();
      return;
    }
    // Not loaded (`response`, a 503, or none): asked for again at the end of a wait (static/refresh-waits.js)
    // with the newest answer's URL. One on its way as the machine went to sleep (`slept`) is asked for again
    // at once, as a poll is; one the site was not reached for (no `response`), as soon as the browser is online
    // again; one the site answered with no image it can draw (a 200 of another type, a body that is no SVG)
    // waits as a 503's does: the site was reached. The line beside the chart says `why` until it draws (a 503
    // says its own words, read from its image). Told once: a 503 whose words then break off is one failure, of a
    // site reached (the URL asked for may be the one shown, which failed() puts back, where a chart's image that
    // failed to load is asked for again).
    var told = false;
    function failed(response, slept, why) {
      if (told || newest[id].number !== number) return;  // told already, or a newer image asked for
      told = true;
      var latest = { src: chart.src, version: chart.version, alt: newest[id].alt };
      var wait = { img: img, chart: latest, at: newest[id].at, poll: pollApplied, unreached: !response, why: why };
      newest[id] = { number: number, src: img.getAttribute("src") };
      waits.failed(id, wait, response ? retryAfter(response) : 0, slept);
      if (why && !slept) showNotUpdated(img, why);
    }
    // Its status first: an image that answers 503 (the render workers busy, its source gone down
    // since the answer) is an image saying so, which an <img> draws as any other; the chart shown
    // stays through it, as through a 503 of versions.json. Another refusal is shown, as the page
    // would show it. The image is then loaded from the cache, where its answer, read whole, is kept.
    // One not sent within ANSWER_SECONDS is given up, as a poll is, and asked for again after a wait.
    // Of a chart a phone shows its own image of, the phone's image is the one asked for.
    var wanted = sources.shownSrc(img, chart.src, Boolean(chart.version));
    newest[id].loading = true;
    var fetching = new AbortController();
    answeredWithin(fetching, function (signal) {
      return fetch(wanted, { credentials: "same-origin", signal: signal })
        .then(function (response) {
          if (response.status !== 503) return response.blob().then(function () { load(response); });
          failed(response);
          // Words that break off (the connection lost as they came) say none: "it cannot be drawn now".
          return response.text().then(words.whyNotDrawn, function () { return ""; }).then(function (why) {
            if (newest[id].number !== number) return;  // asked for anew since
            // Kept with its wait, so that an answered poll after one that failed puts these words back.
            waits.said(id, why);
            showNotUpdated(img, why);
          });
        })
        .catch(function (error) {  // offline, restarting, not sent in time
          failed(null, fetching.slept, words.whyUnanswered(error, ANSWER_SECONDS));
        });
    });
    function load(response) {
      var next = new Image();
      next.onload = function () {
        if (newest[id].number === number) put();
      };
      next.onerror = function () { failed(response, false, words.whyNoImage(response)); };
      next.src = wanted;
    }
    // Put the new image in the chart's place, with the alt text and moment of the newest answer naming it.
    function put() {
      waits.drawn(id);
      newest[id].loading = false;
      loads.loadsAnew(img);
      sources.follow(img, chart.src, Boolean(chart.version));
      img.src = chart.src;
      shown(img, newest[id].alt, newest[id].at);
      words.showVersion(img, chart.version, chart.error || chart.alt);
    }
  }

  // The browser online again: each chart's image the site was not reached for is asked for at once (once
  // the page is shown), not at the end of a wait that may be `refresh` long (static/refresh-waits.js), and so
  // is each image shown that failed to load (offline as the page loaded it, or as it came into view) where no
  // other is on its way or waited for. A chart out of view that the page has not loaded yet is still asked for
  // as it comes into view.
  function waitsOnline() {
    waits.online();
    if (paused) return;  // asked for by the poll sent on resuming
    grid.querySelectorAll("img[data-chart]").forEach(function (img) {
      var id = img.getAttribute("data-chart");
      var asked = newest[id];
      if (waits.of(id) || !loads.broken(img)) return;
      if (asked && (asked.loading || asked.src !== img.getAttribute("src"))) return;
      if (document.hidden) missed = true;  // asked for by the poll sent once it is shown
      else swap(img, { src: img.getAttribute("src"), version: img.getAttribute("data-version"), alt: img.alt }, current[id]);
    });
  }

  // The image shown is the newest, as of `at`: write its alt text, and it is no longer stale.
  function shown(img, alt, at) {
    current[img.getAttribute("data-chart")] = at;
    words.showAlt(img, alt);
    words.showStale(img, "");
  }

  // Say beside the chart of `img`, kept through a 503 that says `why`, that it is not updated, and since when, on
  // the site's clock (the page's load, where no answer has found it current, before any answer told the site's
  // time: no moment known). Its news, which a screen reader is told once, is that moment and why, not the words
  // that write the moment: the same moment written with its date once midnight has passed is not told again.
  function showNotUpdated(img, why) {
    var id = img.getAttribute("data-chart");
    var since = current[id] || clock.pageOpened();
    var said = "Not updated since " + (since ? clock.moment(since, clock.siteNow()) : "the page was opened") + ": "
               + (why || "it cannot be drawn now");
    words.showStale(img, said, (current[id] ? current[id].getTime() : "opened") + " " + (why || ""));
  }

  // Whether the chart's answer is to replace the image shown: its drawing, or why it cannot be
  // drawn, but for a 503 (its source or the store cannot answer now), through which the image shown stays.
  function replaces(chart) {
    return Boolean(chart.version) || chart.status !== 503;
  }

  // One poll at a time: the next is sent once the last is answered, refused or given up, so that a site
  // slow to answer is not asked again and again meanwhile. One not answered within ANSWER_SECONDS (a site
  // that holds its connections without answering) is given up, and the charts say so.
  // After a poll refused or not answered, the next waits twice as long as the last, up to a minute
  // (or `seconds`, where longer), so that a dashboard left open on a wall does not ask every second of an
  // outage; and at least as long as the site's Retry-After asks, up to RETRY_AFTER_SECONDS, so that the
  // charts are not left out of date long after the site is back. An answered poll sets them back.
  var RETRY_AFTER_SECONDS = 3600;
  var failedInARow = 0;
  var asking = null;  // the AbortController of the poll on its way, while one is
  var timer = null;   // the timer of the next poll, while one is waited for
  var missed = false;  // a poll, or a chart's wait, fell due while the page was hidden: a poll is sent once it is shown

  // Send the next poll `wait` seconds from now (none while paused).
  function pollIn(wait) {
    clock.cancel(timer);
    timer = paused ? null : clock.after(wait, pollDue);
  }

  function pollDue() {
    timer = null;
    pollWhenShown();
  }

  // A poll now, or once the page is shown again where it is hidden.
  function pollWhenShown() {
    if (document.hidden) missed = true;
    else poll();
  }

  // `ask(signal)`, a fetch and the reading of its answer, given up (its fetch rejected with an
  // AbortError) where not done within ANSWER_SECONDS, or sooner where `asked` is aborted (a pause).
  // Given up as the machine wakes (`clock.after` tells), `asked.slept` is set: the site was not waited
  // for that long.
  function answeredWithin(asked, ask) {
    var limit = clock.after(ANSWER_SECONDS, function (slept) {
      asked.slept = slept;
      asked.abort();
    });
    return ask(asked.signal).finally(function () { clock.cancel(limit); });
  }

  function poll() {
    if (document.hidden || paused || asking) return;
    missed = false;
    clock.cancel(timer);
    timer = null;
    var number = ++pollsStarted;
    var asked = asking = new AbortController();
    var wait = seconds;  // until the next poll: longer once this one is refused or not answered
    answeredWithin(asked, function (signal) {
      return fetch(grid.getAttribute("data-versions"), { cache: "no-store", credentials: "same-origin", signal: signal })
        .then(function (response) {
          clock.heard(response);
          return response.ok ? response.json() : refusal(response);
        })
        .then(function (body) {
          if (number === pollsStarted) failedInARow = 0;
          if (!body || !body.charts || number <= pollApplied) return;  // older than one applied
          pollApplied = number;
          var at = clock.siteNow();
          words.showRows(body.showing);
          words.showFilterOptions(body.filters);
          words.showAdded(Object.keys(body.charts).some(function (id) {
            return !grid.querySelector('img[data-chart="' + CSS.escape(id) + '"]');
          }));
          grid.querySelectorAll("img[data-chart]").forEach(function (img) {
            var id = img.getAttribute("data-chart");
            var chart = body.charts[id];
            if (!chart) {
              // Gone from the dashboard's file, the site started again since the page was opened.
              showNotUpdated(img, "the dashboard no longer has this chart: reload the page to see the dashboard as "
                                  + "it is now");
            } else if (replaces(chart)) {
              swap(img, chart, at);
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
          if (number <= pollApplied) return;
          pollApplied = number;
          if (asked.slept) {
            wait = 0;
            return;
          }
          failedInARow += 1;
          wait = Math.max(waits.backoff(failedInARow), error instanceof Refused ? error.retryAfter : 0);
          var why = error instanceof Refused ? error.message : words.whyUnanswered(error, ANSWER_SECONDS);
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

  // A refusal of versions.json, in its words, and the seconds its Retry-After asks to wait (0: none).
  function Refused(message, retryAfter) {
    this.message = message;
    this.retryAfter = retryAfter;
  }

  // Raise the refusal `response` (not ok) gives: its error's words, or its status.
  function refusal(response) {
    return response.json().catch(function () { return null; }).then(function (body) {
      var status = "the site answered " + response.status + (response.statusText ? " " + response.statusText : "");
      throw new Refused(body && typeof body.error === "string" ? body.error : status, retryAfter(response));
    });
  }

  // The seconds `response`'s Retry-After asks to wait, up to RETRY_AFTER_SECONDS (0: none).
  function retryAfter(response) {
    return clock.retryAfter(response, RETRY_AFTER_SECONDS);
  }

  var paused = false;
  pollIn(seconds);

  // The button that pauses and resumes the updates, before the charts: only a page whose script runs can pause them.
  words.pauseControl(grid, function (pausedNow) {
    paused = pausedNow;
    if (paused) {
      // No poll is sent while paused, and the one on its way is given up, never applied: the poll sent
      // on resuming is newer than it.
      pollApplied = pollsStarted;
      clock.cancel(timer);
      timer = null;
      if (asking) asking.abort();
      asking = null;
      return;
    }
    poll();
  });

  words.addedLine(grid);  // the line that says the dashboard has charts the page does not show

  // The browser online again (the network back, a machine awake again) after a poll was not answered: a
  // poll at once, rather than at the end of a wait that grew through the outage (a minute, or `refresh`);
  // and so for a chart's image (waitsOnline).
  window.addEventListener("online", function () {
    waitsOnline();
    if (!failedInARow || asking || paused) return;
    pollWhenShown();
  });

  // A chart image of the page's own that failed to load (offline as the page loaded it or as it came into view,
  // an answer that is no image) says so beside it until it draws: a broken image is no chart.
  function saysBroken(img) {
    if (!loads.broken(img)) return;
    showNotUpdated(img, "its image could not be loaded");
  }
  grid.querySelectorAll("img[data-chart]").forEach(function (img) {
    words.staleLine(img);
    saysBroken(img);
  });
  loads.onBroken(saysBroken);
  // A page shown again after a poll, or the wait of a chart's image, fell due while it was hidden asks at once.
  document.addEventListener("visibilitychange", function () {
    if (missed) poll();
  });
})();
