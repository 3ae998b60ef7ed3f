// A dashboard whose range is relative to now (`from=now-7d`, a quick range) and that does not refresh, or a
// dashboard chart's page of such a range, brought back whole by the Back or Forward button from the browser's
// back/forward cache: it would show the charts of the moments it was left at, maybe long ago, as a tab left
// open does, where the same URL loaded anew shows the range as it is now. It loads anew. (A refreshing
// dashboard polls instead, static/refresh.js; a page of fixed moments is kept as it was.) Without JavaScript
// the browser shows the page as it was left.
(function () {
  "use strict";
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) location.reload();
  });
})();
