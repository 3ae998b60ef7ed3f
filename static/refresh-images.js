// The chart images of a refreshing dashboard (static/refresh.js), each swapped for its new image once that has
// loaded, as a poll's answer gives it a new URL: a chart not loaded yet (past the first rows, not yet in view) is
// given its new URL in place, which the browser asks for as it comes into view; of images that arrive out of
// order, only the newest is applied. A new image that answers 503, is not sent or does not load in time, is not
// reached or is no image a browser draws leaves the chart shown in place, the line beside it saying since when it
// is not updated and why, and is asked for again after a wait (static/refresh-waits.js). A chart that can no
// longer be drawn, or is drawn again, is told of as its image is shown: with the other charts a poll brought that
// news of one cause, once. The page loads it first, as window.refreshImages.
(function () {
  "use strict";

  // The chart images of `grid`, a page that polls every `seconds`, through `parts`: the words it writes
  // (static/refresh-words.js), the site's clock (static/refresh-clock.js), which images failed to load
  // (static/refresh-loads.js), the image a phone shows of each (static/refresh-sources.js), what makes the waits of
  // images that failed (static/refresh-waits.js) and the site's answers (static/refresh-answers.js).
  // `polls` is the page's polling, which static/refresh.js moves on: {applied: the number of the newest poll
  // applied, paused, missed: a poll, or a chart's wait, fell due while the page was hidden}.
  function chartImages(grid, seconds, parts, polls) {
    var words = parts.words;
    var clock = parts.clock;
    var loads = parts.loads;
    var sources = parts.sources;
    var answers = parts.answers;
    // The waits of chart images that failed, each asked for again as its wait ends (unless a later poll's answer
    // did not name it: the next that does asks then; a wait that ends while the page is hidden asks once it is
    // shown again, by a poll, and one that ends while paused, by the poll sent on resuming).
    var waits = parts.waits.imageWaits(seconds, clock, function (over) {
      if (over.poll !== polls.applied || polls.paused) return;
      if (document.hidden) polls.missed = true;
      else swap(over.img, over.chart, over.at);
    });

    // Image loads may finish out of order (a slow image), so each is numbered as it starts and only the newest
    // is applied: an older image that arrives late never replaces a newer one.
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
        waits.named(id, chart, at, polls.applied);
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
        // The newest answer's, its name too, which a chart drawn again is told by once its image is shown.
        var latest = { src: chart.src, version: chart.version, alt: newest[id].alt, error: chart.error,
                       name: chart.name };
        var wait = { img: img, chart: latest, at: newest[id].at, poll: polls.applied, unreached: !response, why: why };
        newest[id] = { number: number, src: img.getAttribute("src") };
        waits.failed(id, wait, response ? answers.retryAfter(response) : 0, slept);
        if (why && !slept) showNotUpdated(img, why);
      }
      // Its status first: an image that answers 503 (the render workers busy, its source gone down
      // since the answer) is an image saying so, which an <img> draws as any other; the chart shown
      // stays through it, as through a 503 of versions.json. Another refusal is shown, as the page
      // would show it. The image is then loaded from the cache, where its answer, read whole, is kept.
      // One not sent within answers.seconds is given up, as a poll is, and asked for again after a wait.
      // Of a chart a phone shows its own image of, the phone's image is the one asked for.
      var wanted = sources.shownSrc(img, chart.src);
      newest[id].loading = true;
      var fetching = new AbortController();
      answers.answeredWithin(fetching, function (signal) {
        return fetch(wanted, { credentials: "same-origin", signal: signal })
          .then(function (response) {
            if (response.status !== 503) return response.blob().then(function () { load(response); });
            failed(response);
            // Words that break off (the connection lost as they came) say none: "it cannot be drawn now".
            return response.text().then(answers.whyNotDrawn, function () { return ""; }).then(function (why) {
              if (newest[id].number !== number) return;  // asked for anew since
              // Kept with its wait, so that an answered poll after one that failed puts these words back.
              waits.said(id, why);
              showNotUpdated(img, why);
            });
          })
          .catch(function (error) {  // offline, restarting, not sent in time
            failed(null, fetching.slept, answers.whyUnanswered(error, answers.seconds));
          });
      });
      // The image then loads from the cache, or anew where the cache kept none. A load that neither ends nor fails
      // (a connection that stalls) is given up after answers.seconds, as a fetch is: counted as failed, the chart
      // asked for again after its wait, where it would stay on its way and no later poll would ask for it.
      function load(response) {
        var next = new Image();
        var limit = clock.after(answers.seconds, function (slept) {
          // A load that ended just before, its load event not yet run (both due at once, after a sleep), is a load.
          if (next.complete && next.naturalWidth > 0) return loaded();
          ended();
          next.src = "";  // the stalled load dropped
          failed(response, slept, "its image did not load within " + answers.seconds + " seconds");
        });
        function ended() {
          clock.cancel(limit);
          next.onload = next.onerror = null;
        }
        function loaded() {
          ended();
          if (newest[id].number === number) put();
        }
        next.onload = loaded;
        next.onerror = function () {
          ended();
          failed(response, false, answers.whyNoImage(response));
        };
        next.src = wanted;
      }
      // Put the new image in the chart's place, with the alt text and moment of the newest answer naming it.
      function put() {
        waits.drawn(id);
        newest[id].loading = false;
        loads.loadsAnew(img);
        sources.follow(img, chart.src);
        img.src = chart.src;
        shown(img, newest[id].alt, newest[id].at);
        shownNews(img, words.showVersion(img, chart.version, chart.error, chart.name));
      }
    }

    // The news a poll brings charts of one cause (a dataset removed under a board of 12 charts, a column gone, the
    // file put back) is told of them together, once their images are all shown, where each chart's status line
    // would tell it once a chart; a chart alone of its news, in its own line (static/refresh-words.js). News key ->
    // {key, expected: the ids of the charts it was brought to whose image is not shown yet, shown: [{img, news}],
    // timer}.
    var gathering = new Map();
    var expecting = new Map();  // chart id -> the key of the news a poll brought it, until its image is shown
    // How long the charts of a news already shown wait for the others, whose images have not loaded (a slow image,
    // one that failed and waits): each of those is then told of in its own line as it is shown.
    var GATHER_SECONDS = 5;

    // The answer of the poll applied (`chart`; none: one that leaves the image shown) brings `img`'s chart the
    // news it tells as its image is shown, gathered with the other charts of that news: asked of every chart the
    // answer names before any is swapped.
    function expectNews(img, chart) {
      var id = img.getAttribute("data-chart");
      var news = chart ? words.newsOf(img, chart.version, chart.error) : null;
      if (expecting.get(id) === (news && news.key)) return;
      leave(id);
      if (!news) return;
      expecting.set(id, news.key);
      if (!gathering.has(news.key)) gathering.set(news.key, { key: news.key, expected: new Set(), shown: [], timer: null });
      gathering.get(news.key).expected.add(id);
    }

    // Chart `id` no longer brings the news a poll brought it: the other charts of that news are told without it.
    function leave(id) {
      var group = gathering.get(expecting.get(id));
      expecting.delete(id);
      if (group && group.expected.delete(id) && !group.expected.size) tellGathered(group);
    }

    // `img`'s image, shown, brings `news` (none: no news): told with the other charts a poll brought it to once
    // they are all shown, or GATHER_SECONDS after the first, or alone.
    function shownNews(img, news) {
      var id = img.getAttribute("data-chart");
      var group = news && expecting.get(id) === news.key ? gathering.get(news.key) : null;
      if (!group || group.expected.size + group.shown.length < 2) {
        leave(id);
        if (news) words.tellNews(img, news);
        return;
      }
      expecting.delete(id);
      group.expected.delete(id);
      group.shown.push({ img: img, news: news });
      if (!group.expected.size) tellGathered(group);
      else if (group.timer === null) group.timer = clock.after(GATHER_SECONDS, function () { tellGathered(group); });
    }

    // Tell the news of the charts of `group` shown: together, or one alone in its own line.
    function tellGathered(group) {
      if (gathering.get(group.key) === group) gathering.delete(group.key);
      clock.cancel(group.timer);
      if (group.shown.length > 1) words.tellTogether(group.shown);
      else group.shown.forEach(function (chart) { words.tellNews(chart.img, chart.news); });
      group.shown = [];
    }

    // The browser online again: each chart's image the site was not reached for is asked for at once (once
    // the page is shown), not at the end of a wait that may be `refresh` long (static/refresh-waits.js), and so
    // is each image shown that failed to load (offline as the page loaded it, or as it came into view) where no
    // other is on its way or waited for. A chart out of view that the page has not loaded yet is still asked for
    // as it comes into view.
    function online() {
      waits.online();
      if (polls.paused) return;  // asked for by the poll sent on resuming
      grid.querySelectorAll("img[data-chart]").forEach(function (img) {
        var id = img.getAttribute("data-chart");
        var asked = newest[id];
        if (waits.of(id) || !loads.broken(img)) return;
        if (asked && (asked.loading || asked.src !== img.getAttribute("src"))) return;
        if (document.hidden) polls.missed = true;  // asked for by the poll sent once it is shown
        else swap(img, { src: img.getAttribute("src"), version: img.getAttribute("data-version"), alt: img.alt }, current[id]);
      });
    }

    // The image shown is the newest, as of `at`: write its alt text, and it is no longer stale.
    function shown(img, alt, at) {
      current[img.getAttribute("data-chart")] = at;
      words.showAlt(img, alt);
      words.showStale(img, "");
    }

    // Say beside the chart of `img`, kept through a 503 that says `why`, that it is not updated, and since when,
    // on the site's clock (the page's load, where no answer has found it current, before any answer told the
    // site's time: no moment known). Its news, which a screen reader is told once, is that moment and why, not
    // the words that write the moment: the same moment written with its date once midnight has passed is not
    // told again.
    function showNotUpdated(img, why) {
      var id = img.getAttribute("data-chart");
      var since = current[id] || clock.pageOpened();
      var said = "Not updated since " + (since ? clock.moment(since, clock.siteNow()) : "the page was opened") + ": "
                 + (why || "it cannot be drawn now");
      words.showStale(img, said, (current[id] ? current[id].getTime() : "opened") + " " + (why || ""));
    }

    // A chart image of the page's own that failed to load (offline as the page loaded it or as it came into view,
    // an answer that is no image) says so beside it until it draws: a broken image is no chart.
    function saysBroken(img) {
      if (!loads.broken(img)) return;
      showNotUpdated(img, "its image could not be loaded");
    }

    return { swap: swap, expectNews: expectNews, online: online, showNotUpdated: showNotUpdated,
             saysBroken: saysBroken };
  }

  window.refreshImages = chartImages;
})();
