// Which of a refreshing dashboard's chart images failed to load (static/refresh-images.js asks for them again):
// the page's own, offline as the page loaded it or as it came into view, and those put in place. A broken image
// is `complete` too, so one is told by its load having ended (its load or error event) with nothing drawn
// (naturalWidth 0); one out of view that the page has not loaded yet has not ended, and is not asked for. It
// tells static/refresh-images.js of each that fails as it fails, for the line beside its chart to say so. The
// page loads it first, as window.refreshLoads.
(function () {
  "use strict";

  var ended = new WeakSet();  // chart images whose load ended, drawn or not
  var told = null;  // told of each chart image whose load fails, once it is known broken (onBroken)
  // Those that ended before this script ran: `complete`, where one not loaded yet is not.
  document.querySelectorAll("img[data-chart]").forEach(function (img) {
    if (img.complete) ended.add(img);
  });
  // One listener marks a load ended and then tells of a failed one, so that whoever is told finds the image
  // broken already, whichever listener of the page the browser calls first.
  ["load", "error"].forEach(function (type) {
    document.addEventListener(type, function (event) {
      var img = event.target;
      if (!(img instanceof HTMLImageElement) || !img.hasAttribute("data-chart")) return;
      ended.add(img);
      if (type === "error" && told && broken(img)) told(img);
    }, true);  // neither event bubbles
  });

  // Whether chart image `img` failed to load: its load ended, and it draws nothing.
  function broken(img) {
    return ended.has(img) && img.naturalWidth === 0;
  }

  // Chart image `img` given a new URL: its load has not ended until it loads or fails anew.
  function loadsAnew(img) {
    ended.delete(img);
  }

  // Call `callback(img)` as each chart image's load fails from now on (one that failed before: see broken).
  function onBroken(callback) {
    told = callback;
  }

  window.refreshLoads = { broken: broken, loadsAnew: loadsAnew, onBroken: onBroken };
})();
