// The words of a refreshing dashboard's page that static/refresh.js writes anew from each answer of its
// versions.json, as the page would write them, which need nothing of its polls: the options of its
// filters' selects and the notes under each chart. The page loads it first, as window.refreshWords.
(function () {
  "use strict";

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

  window.refreshWords = { showFilterOptions: showFilterOptions, showNotes: showNotes };
})();
