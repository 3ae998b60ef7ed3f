// The waits of a refreshing dashboard's chart images that failed, before static/refresh-images.js asks for each
// again: a new image that answered 503 (every render worker busy, its source out of reach), that the site did
// not send within its limit, that the site was not reached for (offline, restarting), or that is no image a
// browser can draw. A wait doubles with each failure of that chart's image in a row, as a poll's does, and is at
// least as long as its Retry-After asks, so that a chart that cannot be drawn now is not asked for at every poll
// while the others' are not held; one the site was not reached for ends as soon as the browser is online again.
// Each wait keeps the words of the line beside its chart, so that an answered poll after one that failed puts
// them back. The page loads it first, as window.refreshWaits: {imageWaits, backoff}, the second also timing the
// page's polls (static/refresh.js).
(function () {
  "use strict";

  // The longest wait after failures in a row, of polls or of a chart's image (or `refresh`, where longer).
  var BACKOFF_SECONDS = 60;

  // The seconds to wait after `inARow` failures in a row, of polls or of a chart's image, on a page that polls
  // every `seconds`.
  function backoff(seconds, inARow) {
    return Math.min(seconds * Math.pow(2, inARow), Math.max(seconds, BACKOFF_SECONDS));
  }

  // The waits of the chart images of a page that polls every `seconds`, on `clock` (static/refresh-clock.js);
  // `over(wait)` is called as each ends, for its image to be asked for again.
  function imageWaits(seconds, clock, over) {
    // Chart id -> the wait after its image failed: {timer, img, chart: the newest answer, at, poll, unreached: the
    // site was not reached for it, offline or restarting, rather than answering (a 503, or no image), why: the
    // words of the line beside the chart}
    var waits = {};
    var failures = {};  // chart id -> its image's loads failed in a row

    // Chart `id`'s image failed: `wait` ({img, chart, at, poll, unreached, why}) ends after the backoff of its
    // failures in a row, or the `asks` seconds of its Retry-After where longer; at once where the machine
    // `slept` as it was on its way (not counted as a failure: the site was not waited for that long).
    function failed(id, wait, asks, slept) {
      if (!slept) failures[id] = (failures[id] || 0) + 1;
      wait.timer = clock.after(slept ? 0 : Math.max(backoff(seconds, failures[id]), asks), function () {
        if (waits[id] === wait) end(id);
      });
      waits[id] = wait;
    }

    // The wait of chart `id`'s image over: its image asked for again.
    function end(id) {
      var wait = waits[id];
      cancel(id);
      over(wait);
    }

    // Chart `id`'s wait given up, its image not asked for by it (the image shown is the newest again).
    function cancel(id) {
      if (waits[id]) clock.cancel(waits[id].timer);
      delete waits[id];
    }

    // The wait of chart `id`'s image, while there is one.
    function of(id) {
      return waits[id];
    }

    // A later answer names chart `id`'s image (`chart`, at moment `at`, poll number `poll`): asked for at the
    // end of the wait.
    function named(id, chart, at, poll) {
      waits[id].chart = chart;
      waits[id].at = at;
      waits[id].poll = poll;
    }

    // Chart `id`'s image said `why` it was not drawn (a 503's words, read from its image once its wait began).
    function said(id, why) {
      if (waits[id]) waits[id].why = why;
    }

    // Chart `id`'s image drawn: its next failure waits as a first does.
    function drawn(id) {
      failures[id] = 0;
    }

    // The browser online again: each chart's image the site was not reached for is asked for at once. One
    // that answered 503 waits on: the site was reached, and asked for that wait.
    function online() {
      Object.keys(waits).forEach(function (id) {
        if (waits[id] && waits[id].unreached) end(id);
      });
    }

    return { failed: failed, cancel: cancel, of: of, named: named, said: said, drawn: drawn, online: online };
  }

  window.refreshWaits = { imageWaits: imageWaits, backoff: backoff };
})();
