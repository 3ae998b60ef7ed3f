// Auto-refresh for a dashboard with `refresh`: poll its versions.json every `data-refresh` seconds
// and swap only the images whose URL changed (their data version, or the moments of a range
// relative to now), once the new image has loaded. The versions.json URL carries the page's range
// and filters as asked, so the swapped images keep them.
// Without JavaScript the page still works (and a <noscript> meta refresh reloads it).
(function () {
  "use strict";
  var grid = document.querySelector("[data-refresh][data-versions]");
  var seconds = grid ? Number(grid.getAttribute("data-refresh")) : 0;
  if (!(seconds > 0) || !window.fetch) return;

  function swap(img, chart) {
    var next = new Image();
    next.onload = function () {
      img.src = chart.src;
      img.alt = chart.alt;
      img.setAttribute("data-version", chart.version);
    };
    next.src = chart.src;
  }

  function poll() {
    if (document.hidden) return;
    fetch(grid.getAttribute("data-versions"), { cache: "no-store", credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (body) {
        if (!body || !body.charts) return;
        grid.querySelectorAll("img[data-chart]").forEach(function (img) {
          var chart = body.charts[img.getAttribute("data-chart")];
          if (chart && chart.version && chart.src !== img.getAttribute("src")) swap(img, chart);
        });
      })
      .catch(function () { /* offline or restarting: try again at the next tick */ });
  }

  setInterval(poll, seconds * 1000);
  document.addEventListener("visibilitychange", poll);
})();
