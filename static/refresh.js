// Auto-refresh for a dashboard with `refresh`: poll its versions.json every `data-refresh` seconds
// and swap only the images whose URL changed (their data version, or the moments of a range
// relative to now), once the new image has loaded; of answers and images that arrive out of
// order, only the newest is applied. The versions.json URL carries the page's range and filters
// as asked, so the swapped images keep them.
// A chart that can no longer be drawn (no version) is swapped for its error image and alt text,
// saying why (its file broken or gone, its column gone, more bar categories or values than it may
// draw), but for a 503: its source, or the store, cannot answer for it now (for a moment, or until
// someone mends a source's file), and the chart shown stays until it can be drawn again.
// The words of the charts are written anew from each answer wherever they differ from those shown,
// as the page would write them, the image's URL changed or not: each chart's alt text, the line of
// the rows shown (a relative range's moments move on) and the notes under each chart.
// Without JavaScript the page still works (and a <noscript> meta refresh reloads it).
(function () {
  "use strict";
  var grid = document.querySelector("[data-refresh][data-versions]");
  var seconds = grid ? Number(grid.getAttribute("data-refresh")) : 0;
  if (!(seconds > 0) || !window.fetch) return;

  // Polls and image loads may finish out of order (a slow answer, a slow image), so each is
  // numbered as it starts and only the newest is applied: an older answer or image that arrives
  // late never replaces a newer one.
  var pollsStarted = 0;
  var pollApplied = 0;
  var newest = {};  // chart id -> the newest image asked for: {number, src}

  // Show `chart`'s image in `img` once it has loaded, unless a newer answer came meanwhile. Its alt
  // text is the newest answer's: an image whose URL stays may be told of in other words (a chart
  // that cannot be drawn for another reason, a filter's values named anew).
  function swap(img, chart) {
    var id = img.getAttribute("data-chart");
    var asked = newest[id] || { number: 0, src: img.getAttribute("src") };
    asked.alt = chart.alt;
    if (chart.src === asked.src) {  // shown already, or on its way (its alt text written as it loads)
      if (chart.src === img.getAttribute("src")) showAlt(img, chart.alt);
      return;
    }
    var number = asked.number + 1;
    newest[id] = { number: number, src: chart.src, alt: chart.alt };
    if (chart.src === img.getAttribute("src")) {  // the image shown is the newest again
      showAlt(img, chart.alt);
      return;
    }
    var next = new Image();
    next.onload = function () {
      if (newest[id].number !== number) return;
      img.src = chart.src;
      showAlt(img, newest[id].alt);
      if (chart.version) img.setAttribute("data-version", chart.version);
      else img.removeAttribute("data-version");
    };
    next.onerror = function () {
      // Not loaded (offline, restarting): the next poll asks for it again.
      if (newest[id].number === number) newest[id] = { number: number, src: img.getAttribute("src") };
    };
    next.src = chart.src;
  }

  // Write `alt` as `img`'s alt text where it says otherwise.
  function showAlt(img, alt) {
    if (typeof alt === "string" && img.alt !== alt) img.alt = alt;
  }

  // Whether the chart's answer is to replace the image shown: its drawing, or why it cannot be
  // drawn, but for a 503 (its source or the store cannot answer now), through which the image shown stays.
  function replaces(chart) {
    return Boolean(chart.version) || chart.status !== 503;
  }

  // Write the rows shown, in the words of the line under the form (a page without a form has none).
  function showRows(words) {
    var line = document.querySelector(".rows-form p.active");
    var text = "Showing: " + words;
    if (line && typeof words === "string" && line.textContent !== text) line.textContent = text;
  }

  // Write `notes` under `img`'s chart, after its caption, as the page writes them: each a
  // <span class="note">, a space before it; a <figcaption> made for them, or left out without them.
  function showNotes(img, notes) {
    var figure = img.closest("figure");
    if (!figure || !Array.isArray(notes)) return;
    var caption = figure.querySelector("figcaption");
    var shown = caption ? Array.from(caption.querySelectorAll(":scope > .note")) : [];
    var same = shown.length === notes.length && shown.every(function (note, at) {
      return note.textContent === notes[at];
    });
    if (same) return;
    shown.forEach(function (note) {
      var before = note.previousSibling;
      if (before && before.nodeType === Node.TEXT_NODE && !before.textContent.trim()) before.remove();
      note.remove();
    });
    if (!notes.length) {
      if (caption && !caption.textContent.trim()) caption.remove();
      return;
    }
    if (!caption) caption = figure.appendChild(document.createElement("figcaption"));
    notes.forEach(function (words) {
      if (caption.textContent.trim()) caption.appendChild(document.createTextNode(" "));
      var note = caption.appendChild(document.createElement("span"));
      note.className = "note";
      note.textContent = words;
    });
  }

  function poll() {
    if (document.hidden) return;
    var number = ++pollsStarted;
    fetch(grid.getAttribute("data-versions"), { cache: "no-store", credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (body) {
        if (!body || !body.charts || number <= pollApplied) return;  // failed, or older than one applied
        pollApplied = number;
        showRows(body.showing);
        grid.querySelectorAll("img[data-chart]").forEach(function (img) {
          var chart = body.charts[img.getAttribute("data-chart")];
          if (chart && replaces(chart)) {
            swap(img, chart);
            showNotes(img, chart.notes);
          }
        });
      })
      .catch(function () { /* offline or restarting: try again at the next tick */ });
  }

  setInterval(poll, seconds * 1000);
  document.addEventListener("visibilitychange", poll);
})();
