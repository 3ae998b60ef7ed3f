// The page's outage line of a refreshing dashboard, before its charts: a live region, out of sight (each chart's
// line beside it shows its words), which tells a screen reader once a page that charts are not updated and why,
// and once that they are again, where each chart's line would tell it once a chart (the site not reached, a source
// down: every chart of the page), and once of charts that news of one cause (a dataset removed under them),
// written by static/refresh-words.js. The page's other live lines are made as this one is (`liveLine`). The page
// loads it first, as window.refreshOutage.
(function () {
  "use strict";

  // How long news of a moment (a chart drawn again, every chart updated again) stays in a live line once told:
  // long enough for a screen reader to have taken it from the live region, which it reads as it changes.
  var TOLD_SECONDS = 5;

  // A live region (`role="status"`) of class `className`, put in `parent` before `next` (none: last): there from
  // the start, empty, so that a screen reader tells its words as they come.
  function liveLine(className, parent, next) {
    var line = document.createElement("p");
    line.className = className;
    line.setAttribute("role", "status");
    return parent.insertBefore(line, next);
  }

  var outage = null;
  var outageDue = false;
  var notUpdated = new Map();  // chart id -> {news, words, name} of each chart not updated
  var outageTold = new Set();  // the news the outage line has told of the charts still not updated

  // Put the outage line before the charts (`grid`). It is not atomic (a `status` is by default): a screen reader
  // tells the news added to it alone, not again the reasons it still says beside them. Its words rewritten in
  // place (news still so of fewer charts, `settle`) are not news: it tells additions alone, not changed text.
  function outageLine(grid) {
    outage = liveLine("outage visually-hidden", grid.parentNode, grid);
    outage.setAttribute("aria-atomic", "false");
    outage.setAttribute("aria-relevant", "additions");
  }

  // Whether the page has its outage line.
  function shown() {
    return outage !== null;
  }

  // Tell `words` in the outage line, with the other news told as the charts a poll or an image's answer reaches
  // are written (an outage, charts of a dataset removed), joined: each written alone would replace the last
  // before a screen reader had told it. `lasts()` gives the words they say while they are still so (charts not
  // drawn, a reason not updated), naming the charts they are still so of, and none once they are not; none: news
  // of a moment (drawn again, updated again), so for TOLD_SECONDS. Each news is a part of the line of its own,
  // which follows the charts it is still so of, its words rewritten in place, and leaves it, unannounced, once it
  // is no longer so (`settle`), the others staying, as a chart's status line is emptied: "Frogs and Toads are
  // drawn again; Newts still cannot be drawn: …" keeps its second part once the first has been told. `joint`
  // joins it to the news before it (". " where none); `about` is what the words tell of ({charts: [{img}],
  // cause}), which `saying` gives back while they are in the line. News is added after the news still so in the
  // line, which stays as it is ("Newts: Not updated since 14:05 UTC: …. Frogs and Toads are drawn again"): it
  // takes the place of news of a moment alone, and of news it tells anew, of charts it tells of (`about`).
  var announcing = [];
  var outageParts = [];  // what the outage line says: {words, lasts(), about, node, timer} of each news it joins
  function announce(words, lasts, about, joint) {
    announcing.push({ words: words, lasts: lasts, about: about, joint: joint || ". " });
    if (announcing.length > 1) return;
    Promise.resolve().then(function () {
      var news = announcing;
      announcing = [];
      // The news replaced leaves with its timer, so that none takes the newer news' words out.
      outageParts.filter(function (part) { return !standsBeside(part, news); }).forEach(leave);
      outageParts.forEach(reword);
      news.forEach(function (part) {
        var nodes = outageParts.length ? [document.createTextNode(part.joint)] : [];
        part.node = document.createElement("span");
        part.node.textContent = part.words;
        nodes.push(part.node);
        outage.append.apply(outage, nodes);
        outageParts.push(part);
        if (!part.lasts) part.timer = setTimeout(function () { leave(part); }, TOLD_SECONDS * 1000);
      });
    });
  }

  // Whether `part` of the outage line stays beside `news` ([part]) added to it: news still so (a reason charts
  // are held back for, charts that cannot be drawn) that none of `news` tells of anew (of a chart it tells of).
  function standsBeside(part, news) {
    if (!part.lasts || !part.lasts()) return false;
    return !news.some(function (added) {
      return added.about && part.about && added.about.charts.some(function (chart) {
        return part.about.charts.some(function (told) { return told.img === chart.img; });
      });
    });
  }

  // Take `part` out of the outage line, with the words that join it to the news beside it: a removal, which a
  // live region does not announce.
  function leave(part) {
    clearTimeout(part.timer);
    var at = outageParts.indexOf(part);
    if (at < 0) return;
    outageParts.splice(at, 1);
    var joint = part.node.previousSibling || part.node.nextSibling;
    if (joint && joint.nodeType === Node.TEXT_NODE) joint.remove();
    part.node.remove();
  }

  // Take out of the outage line each news that is no longer so (`announce`), and have each still so name the
  // charts it is still so of: "Every chart: Not updated since …" says "Frogs: Not updated since …" once Toads is
  // updated again, Frogs not. Rewritten in place, its text node's words changed, unannounced as a removal is
  // (`outageLine`): the news is not new, and charts updated one by one would have it told once a chart.
  function settle() {
    if (!outage) return;
    outageParts.filter(function (part) { return part.lasts && !part.lasts(); }).forEach(leave);
    outageParts.forEach(reword);
  }

  // Write in `part` of the outage line the words it says now, where they changed (`settle`).
  function reword(part) {
    var words = part.lasts && part.lasts();
    if (!words || words === part.words) return;
    part.words = words;
    part.node.firstChild.data = words;
  }

  // What each news the outage line says tells of (`about`, as announced), while it says it.
  function saying() {
    return outageParts.map(function (part) { return part.about; });
  }

  // Chart `id` is not updated (`chart`: {news: the moment and the reason its line writes, words: its line's words,
  // name}), or is (none): told in the outage line once the charts a poll or an image's answer reaches are all
  // written, one outage told once.
  function notUpdatedChart(id, chart) {
    if (chart) notUpdated.set(id, chart);
    else notUpdated.delete(id);
    if (!outageDue) {
      outageDue = true;
      Promise.resolve().then(showOutage);
    }
  }

  // Tell in the outage line the charts not updated for a reason it has not told: each reason once, with the
  // charts it holds back ("Every chart: Not updated since 14:05 UTC: the site cannot be reached"), and once they
  // are all updated again, "Every chart is updated again". It tells the new reasons alone: a reason told is not
  // told again as another comes, or as another goes while it stays. The same news written anew (its moment with
  // its date once midnight has passed, a chart more held back by a reason told) is not told again.
  function showOutage() {
    outageDue = false;
    if (!outage) return;
    var reasons = new Map();  // news -> the words of the first chart held back for it
    notUpdated.forEach(function (chart) {
      if (!reasons.has(chart.news)) reasons.set(chart.news, chart.words);
    });
    var hadTold = outageTold.size > 0;
    // A reason gone is forgotten, so that it is news again should it come back.
    outageTold.forEach(function (news) { if (!reasons.has(news)) outageTold.delete(news); });
    if (!reasons.size) {
      if (hadTold) announce("Every chart is updated again", null);
      else settle();
      return;
    }
    var fresh = Array.from(reasons.keys()).filter(function (news) { return !outageTold.has(news); });
    if (!fresh.length) {
      settle();  // a reason told gone, others staying, or holding back fewer charts: its words are no longer so
      return;
    }
    fresh.forEach(function (news) {
      var held = heldFor(news, reasons.get(news));
      outageTold.add(news);
      announce(held(), held);
    });
  }

  // The words the outage line says of the charts held back for `news` (`words`, as the first told it), naming
  // those it still holds back ("Every chart" while it holds back every chart of the page), while any are.
  function heldFor(news, words) {
    return function () {
      var names = [];
      notUpdated.forEach(function (chart) { if (chart.news === news) names.push(chart.name); });
      var charts = document.querySelectorAll("img[data-chart]").length;
      if (!names.length) return "";
      return (names.length === charts && charts > 1 ? "Every chart" : names.join(", ")) + ": " + words;
    };
  }

  window.refreshOutage = { toldSeconds: TOLD_SECONDS, liveLine: liveLine, outageLine: outageLine, shown: shown,
                           announce: announce, settle: settle, saying: saying, notUpdated: notUpdatedChart };
})();
