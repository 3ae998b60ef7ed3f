// The words of a refreshing dashboard's page that static/refresh.js writes anew from each answer of its
// versions.json, as the page would write them, which need nothing of its polls: the rows shown, the options of its
// filters' selects, the notes under each chart, its alt text and data version, the line beside it that says it is
// not updated (and why: an image that answered 503, or no image, cannot be drawn now; a poll or an image was not
// answered, or an image not loaded in time) and its status line, which tells a screen reader that the chart can no
// longer be drawn, still cannot for another reason, or is drawn again, what the page's outage line before the charts
// tells of them (static/refresh-outage.js), the line before the charts that says the dashboard has charts the page
// does not show, and the button that pauses the polls. The page loads it first, after static/refresh-outage.js, as
// window.refreshWords.
(function () {
  "use strict";
  var outage = window.refreshOutage;  // static/refresh-outage.js: the page's outage line, its live lines
  if (!outage) return;
  var liveLine = outage.liveLine;

  // Whether text `a` sorts before `b` as the site sorts values, by code points (a JavaScript
  // comparison of strings goes by UTF-16 units, which put U+10000 and above before U+E000).
  function sortsBefore(a, b) {
    var x = Array.from(a), y = Array.from(b);
    for (var at = 0; at < Math.min(x.length, y.length); at++) {
      if (x[at] !== y[at]) return x[at].codePointAt(0) < y[at].codePointAt(0);
    }
    return x.length < y.length;
  }

  // Write the options of each filter's select anew from `filters` (parameter -> its options, each a
  // value and its text), a value new to the data among them, as the page would write them. The select
  // stays, and each option the viewer has chosen, sent or not: a value chosen that the data no longer
  // holds is kept in its place. A filter whose values are typed is not named: any value is typed there.
  function showFilterOptions(filters) {
    if (!filters || typeof filters !== "object") return;
    Object.keys(filters).forEach(function (name) {
      var select = document.querySelector('.rows-form select[name="' + CSS.escape(name) + '"]');
      if (!select || !Array.isArray(filters[name])) return;
      var wanted = filters[name].filter(function (option) { return option && typeof option.value === "string"; });
      var values = new Set(wanted.map(function (option) { return option.value; }));
      var options = Array.from(select.options).slice(1);  // after "All"
      options.forEach(function (option) {
        if (option.selected && !values.has(option.value)) {
          var at = wanted.findIndex(function (other) { return sortsBefore(option.value, other.value); });
          wanted.splice(at < 0 ? wanted.length : at, 0, { value: option.value, text: option.textContent });
          values.add(option.value);
        }
      });
      options.forEach(function (option) { if (!values.has(option.value)) option.remove(); });
      var held = new Map(Array.from(select.options).slice(1).map(function (option) { return [option.value, option]; }));
      wanted.forEach(function (option, at) {
        var here = held.get(option.value) || new Option(option.text, option.value);
        if (here.textContent !== option.text) here.textContent = option.text;
        if (select.options[at + 1] !== here) select.insertBefore(here, select.options[at + 1] || null);
      });
      if (select.multiple && select.hasAttribute("size")) select.size = Math.min(select.options.length, 6);
    });
  }

  // Write the rows shown, in the words of the line under the form (a page without a form has none), from
  // `parts` where the answer gives them, as the page writes them: each value (`value`: a filter's values, a
  // bound relative to now, a moment) in a <bdi translate="no"> of its own, which a browser's translation
  // leaves as it is, the words around them translated, and each filter's label (`name`) in a <bdi>: set apart
  // so, a label or value in a right-to-left script does not reorder the words and values beside it.
  function showRows(words, parts) {
    var line = document.querySelector(".rows-form p.active");
    if (!line || typeof words !== "string") return;
    if (!Array.isArray(parts)) parts = [{ text: words, value: false }];
    parts = parts.filter(function (part) { return part && typeof part.text === "string"; });
    // Built apart and compared as markup, so a line already as the page wrote it is left untouched.
    var written = document.createElement("p");
    written.append("Showing: ");
    parts.forEach(function (part) {
      if (!part.value && part.name !== true) {
        written.append(part.text);
        return;
      }
      var value = written.appendChild(document.createElement("bdi"));
      if (part.value) value.setAttribute("translate", "no");
      value.textContent = part.text;
    });
    if (written.innerHTML !== line.innerHTML) line.replaceChildren.apply(line, Array.from(written.childNodes));
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

  // Write `version` as the data version of the chart `img` shows (none: a chart that cannot be drawn, `why`: its
  // error, kept as data-error, which the page writes too), and give the news it brings a screen reader (`newsOf`),
  // which its image and alt text change for unannounced, for static/refresh-images.js to tell (`tellNews`, or
  // `tellTogether` with the other charts a poll brought it to). Named as the
  // page names it (data-name: its title, or what it draws), or, drawn, as the answer names it (`name`): a chart the
  // page could not draw as it opened was named by what its file says it draws, its spec's words the fuller, which
  // name its link to its page too.
  function showVersion(img, version, why, name) {
    var news = newsOf(img, version, why);
    if (version) {
      img.setAttribute("data-version", version);
      img.removeAttribute("data-error");
    } else {
      img.removeAttribute("data-version");
      if (typeof why === "string") img.setAttribute("data-error", why);
    }
    if (version && typeof name === "string" && name) {
      img.setAttribute("data-name", name);
      // The link to its page is named so too, as the page would name it now: not by the words it opened with.
      // The page's words after the name (`.chart-name`) stay as it wrote them.
      var link = img.closest("a[aria-labelledby]");
      var label = link && document.getElementById(link.getAttribute("aria-labelledby"));
      var shown = label && label.querySelector(".chart-name");
      if (shown && shown.textContent !== name) shown.textContent = name;
    }
    return news;
  }

  // The news `img`'s chart brings, shown drawn (`version`) or not (`why`), which a screen reader is told once:
  // {kind, why, cause, key}, or null. It can no longer be drawn ("lost"), is drawn again ("drawn"), or still cannot
  // be drawn for another reason than before ("still": its file removed, then written again without its column; an
  // image asked for again, its reason not known anew, `why` none, brings none). Its cause is its reason (of one
  // drawn again, the reason it was not drawn) without the words naming its dashboard's file and chart ("live.toml:
  // chart 'frogs': "), so that a column gone is one cause to every chart that draws it.
  function newsOf(img, version, why) {
    var could = img.hasAttribute("data-version");
    var before = img.getAttribute("data-error");
    var news;
    if (could !== Boolean(version)) news = version ? { kind: "drawn", why: before || "" } : { kind: "lost", why: why };
    else if (!version && typeof why === "string" && before !== null && why !== before) news = { kind: "still", why: why };
    else return null;
    news.cause = String(news.why).replace(/^[^:]*\.toml: chart '[^']*': /, "");
    news.key = news.kind + " " + news.cause;
    news.line = news.kind === "drawn" ? "drawn" : brokenLine(news.why);  // as the chart's status line keeps it
    return news;
  }

  // The news of a chart that cannot be drawn for the reason `why`, as its status line keeps it.
  function brokenLine(why) {
    return "broken " + why;
  }

  // Tell `news` of `img`'s chart in its status line, naming it as the outage line would (`namesApart`: a name other
  // charts of the page share said with its place); its news kept, so that it is not told twice.
  function tellNews(img, news) {
    var name = namesApart([img])[0];
    tell(img, news.kind === "drawn" ? name + " is drawn again"
      : name + (news.kind === "lost" ? " can no longer be drawn: " : " still cannot be drawn: ") + news.why, news.line);
  }

  // Tell the news of one cause of the charts `shown` ([{img, news}], two or more) once, in the outage line, where
  // each chart's status line would tell it once a chart, as an outage is: "Every chart can no longer be drawn: no
  // dataset 'pond'", "Frogs and Toads are drawn again", each named apart from the page's other charts of its name
  // (`namesApart`). Their status lines are emptied, unannounced (what they said is no longer so), keeping the
  // news, which they do not tell again. The charts that the line told of with some of these, for one cause, and
  // that it still holds back, are told of again after them, as the line's words are replaced: "Frogs and Toads are
  // drawn again; Newts still cannot be drawn: no dataset 'pond'".
  function tellTogether(shown) {
    if (!outage.shown()) {
      shown.forEach(function (chart) { tellNews(chart.img, chart.news); });
      return;
    }
    shown = shown.slice().sort(function (a, b) {  // named in the page's order, not their images'
      return a.img.compareDocumentPosition(b.img) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
    });
    shown.forEach(function (chart) { say(chart.img, "", chart.news.line); });
    var imgs = shown.map(function (chart) { return chart.img; });
    var others = outage.saying().filter(function (told) {
      return told && told.charts.some(function (chart) { return imgs.indexOf(chart.img) >= 0; });
    });
    var news = shown[0].news;
    if (news.kind === "drawn") {
      var every = shown.length === document.querySelectorAll("img[data-chart]").length;
      outage.announce((every ? "Every chart is" : joined(namesApart(imgs)) + " are") + " drawn again", null);
    } else {
      var held = shown.map(function (chart) { return { img: chart.img, why: chart.news.why }; });
      heldTold(held, news.kind === "lost" ? " can no longer be drawn: " : " still cannot be drawn: ", news.cause);
    }
    others.forEach(function (told) {
      var left = told.charts.filter(function (chart) { return imgs.indexOf(chart.img) < 0 && heldBack(chart); });
      if (left.length) heldTold(left, " still cannot be drawn: ", told.cause, "; ");
    });
  }

  // Whether `chart` ({img, why}) still cannot be drawn for the reason `why`.
  function heldBack(chart) {
    return !chart.img.hasAttribute("data-version") && chart.img.getAttribute("data-error") === chart.why;
  }

  // Whether `chart` ({img, why}) is still told unable to be drawn for the reason `why`: no other news of it told
  // since (drawn again, or unable to be drawn for another reason, told in its own line), where its image may be
  // shown drawn already, waiting for the other charts of its news to be told with them.
  function stillTold(chart) {
    var line = statusLine(chart.img);
    return line ? line.getAttribute("data-news") === brokenLine(chart.why) : heldBack(chart);
  }

  // Tell in the outage line that the charts `held` ([{img, why}]) cannot be drawn for `cause` (`said`: the words
  // between), joined to the news before it by `joint`: so while any of them is still told so, the words naming
  // those alone ("Every chart" while every chart of the page is); once each is drawn again, or cannot be for
  // another reason, told in its own line, it is not. The line keeps which charts and cause it tells of, for news
  // of some of them to tell the others after it.
  function heldTold(held, said, cause, joint) {
    function words(charts) {
      var every = charts.length === document.querySelectorAll("img[data-chart]").length;
      return (every ? "Every chart" : joined(namesApart(charts.map(function (chart) { return chart.img; })))) + said
             + cause;
    }
    outage.announce(words(held), function () {
      var still = held.filter(stillTold);
      return still.length ? words(still) : "";
    }, { charts: held, cause: cause }, joint);
  }

  // `names` joined as a sentence says them: "Frogs", "Frogs and Toads", "Frogs, Toads and Newts".
  function joined(names) {
    return names.length < 2 ? names.join("") : names.slice(0, -1).join(", ") + " and " + names[names.length - 1];
  }

  // Write `alt` as `img`'s alt text where it says otherwise.
  function showAlt(img, alt) {
    if (typeof alt === "string" && img.alt !== alt) img.alt = alt;
  }

  // The line beside `img`'s chart that says it is not updated, and after it the chart's status line (a live
  // region, there from the start, empty, so that a screen reader tells its words as they come), which tells
  // that the chart can no longer be drawn or is drawn again. The first is read where it stands, and told by
  // the page's outage line (static/refresh-outage.js): an outage leaves every chart not updated for one reason,
  // which a line of each chart would tell as many times as the page has charts. It sits between the image and
  // the caption, which its notes are written into and which goes when they do.
  function staleLine(img) {
    var figure = img.closest("figure");
    if (!figure) return null;
    var line = figure.querySelector(":scope > .stale");
    if (!line) {
      line = document.createElement("p");
      line.className = "stale";
      var link = img.closest("a") || img;
      figure.insertBefore(line, link.parentNode === figure ? link.nextSibling : figure.firstChild);
      liveLine("chart-status visually-hidden", figure, line.nextSibling);
    }
    return line;
  }

  // The name a chart is told by: as the page names it (data-name: its title, or what it draws).
  function nameOf(img) {
    return img.getAttribute("data-name") || "A chart";
  }

  // The names the charts `imgs` are told by in the page's outage line, which names charts of many places on the
  // page at once, and in each chart's own status line, which a screen reader may reach away from its chart: each
  // that another chart of the page shares named with its place on the page too, as a sighted reader tells them
  // apart, "Line chart of n by day (chart 2)".
  function namesApart(imgs) {
    var charts = Array.from(document.querySelectorAll("img[data-chart]"));
    var names = charts.map(nameOf);
    return imgs.map(function (img) {
      var name = nameOf(img);
      var alike = names.indexOf(name) !== names.lastIndexOf(name);
      return alike ? name + " (chart " + (charts.indexOf(img) + 1) + ")" : name;
    });
  }

  // How long news of a moment, a chart drawn again, stays in its status line once told: long enough for a
  // screen reader to have taken it from the live region, which it reads as it changes.
  var TOLD_SECONDS = outage.toldSeconds;
  var fading = new WeakMap();  // status line -> the timer that empties it

  // Tell `words` in the status line of `img`'s chart, where `news` is not what it told last, and have the outage
  // line take out what it said of the charts that this one was the last of to leave that news.
  function tell(img, words, news) {
    var said = statusLine(img);
    if (!said || said.getAttribute("data-news") === news) return;
    say(img, words, news);
    outage.settle();
  }

  // Write `words` in the status line of `img`'s chart (none: empty it, unannounced), its news `news` kept, so that
  // it is not told twice. News that says what is so while it lasts (cannot be drawn) stays; "drawn again" is true
  // only as it happens, and a screen reader reaching the line later would read it as the chart's state: it is
  // emptied once told, which a live region does not announce. Each write clears the timer of the one before it,
  // so that no timer empties newer words.
  function say(img, words, news) {
    var said = statusLine(img);
    if (!said) return;
    said.setAttribute("data-news", news);
    clearTimeout(fading.get(said));
    fading.delete(said);
    if (said.textContent !== words) said.textContent = words;
    if (!words || news !== "drawn") return;
    fading.set(said, setTimeout(function () {
      fading.delete(said);
      said.textContent = "";
    }, TOLD_SECONDS * 1000));
  }

  // The status line of `img`'s chart, after the line beside it.
  function statusLine(img) {
    var line = staleLine(img);
    return line && line.nextElementSibling;
  }

  // Write `words` in the line beside `img`'s chart (none: empty) where it says otherwise, and have the page's
  // outage line tell them where their news (`news`: the moment and the reason they write) is new to it.
  function showStale(img, words, news) {
    var line = staleLine(img);
    if (!line) return;
    if (line.textContent !== words) line.textContent = words;
    outage.notUpdated(img.getAttribute("data-chart"), words ? { news: news, words: words, name: namesApart([img])[0] }
                                                            : null);
  }

  // The line before the charts (`grid`) that says the dashboard has charts the page does not show (added to
  // its file, and the site started again, since the page was opened), which no chart's own line can say: a
  // live region, there from the start (empty), as each chart's line is.
  var added = null;
  function addedLine(grid) {
    added = liveLine("stale", grid.parentNode, grid);
  }

  // Write in that line whether the dashboard has charts the page does not show (`more`).
  function showAdded(more) {
    var words = more ? "This dashboard has charts that this page does not show, added since it was opened: "
                       + "reload the page to see the dashboard as it is now" : "";
    if (added && added.textContent !== words) added.textContent = words;
  }

  // The button before the charts (`grid`), in the page as served (`.pause-control`: inserted here, after the
  // charts were drawn, it moved them down), that pauses the polls and resumes them (WCAG 2.2.2: content that
  // updates by itself can be paused), `toggled(paused)` told at each press; paused from the start where
  // `pausedAtStart` (the page reloaded paused). Its words say which it does
  // ("Pause updates", "Resume updates"): a name that changes says the state itself, where aria-pressed on it
  // would read "Resume updates, pressed". A live line beside it says "Updates paused" once, where each
  // chart's line would say it once a chart. It is served `hidden` (no button that does nothing where no script
  // runs, nor where the stylesheet is off, nor where this script does not load: site.css keeps its room there,
  // empty): shown here, as the script takes charge of it.
  function pauseControl(grid, toggled, pausedAtStart) {
    var paused = Boolean(pausedAtStart);
    var control = grid.parentNode.querySelector(".pause-control");
    var button = control.querySelector("button");
    var said = control.querySelector("[role=status]");
    function show() {
      button.textContent = paused ? "Resume updates" : "Pause updates";
      said.textContent = paused ? "Updates paused" : "";
    }
    show();
    control.hidden = false;
    button.addEventListener("click", function () {
      paused = !paused;
      show();
      toggled(paused);
    });
  }

  window.refreshWords = { showFilterOptions: showFilterOptions, showRows: showRows, showNotes: showNotes,
                          showAlt: showAlt, showVersion: showVersion, newsOf: newsOf, tellNews: tellNews,
                          tellTogether: tellTogether, staleLine: staleLine, showStale: showStale,
                          outageLine: outage.outageLine, addedLine: addedLine, showAdded: showAdded,
                          pauseControl: pauseControl };
})();
