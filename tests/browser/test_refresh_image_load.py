"""A refreshing dashboard's new chart image whose load never ends (a stalled connection, neither its load nor its
error event fired) is given up as a fetch not answered is, and asked for again after a wait, the line beside the
chart saying why. The page's clock is the test's (tests/browser/page_clock.py)."""
from __future__ import annotations

from tests.browser.conftest import EXTRA_PREFIX
from tests.browser.page_clock import advance
from tests.browser.test_refresh_stale import stale_words

# Each poll answered at once naming the frogs chart's new image, which the site sends (its fetch answered 200,
# image/svg+xml) but whose load then never ends: an Image given its URL neither loads nor fails. The moments it is
# asked for are kept in window.asked.
HELD_LOAD_JS = """
var fetched = window.fetch, Made = window.Image;
var held = "data:image/svg+xml," + encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"><title>Frogs</title></svg>');
window.asked = [];
window.Image = function () {
  var image = new Made();
  var set = Object.getOwnPropertyDescriptor(HTMLImageElement.prototype, "src").set;
  Object.defineProperty(image, "src", {configurable: true, get: function () { return ""; },
                                       set: function (url) { if (String(url) !== held) set.call(image, url); }});
  return image;
};
window.answer = function () {
  var bears = document.querySelector('img[data-chart="bears"]');
  var charts = {frogs: {version: "9", src: held, alt: "Frogs, drawn anew", notes: []},
                bears: {version: bears.dataset.version, src: bears.getAttribute("src"), alt: bears.alt, notes: []}};
  return Promise.resolve({ok: true, json: function () { return Promise.resolve({ok: true, charts: charts}); }});
};
window.fetch = function (url) {
  if (String(url) !== held) return fetched.apply(this, arguments);
  window.asked.push(window.clock() / 1000);
  return Promise.resolve(new Response(decodeURIComponent(held.split(",")[1]),
                                      {headers: {"Content-Type": "image/svg+xml"}}));
};
"""


def test_a_new_image_whose_load_never_ends_is_given_up_and_asked_for_again_saying_why(clocked, live_site):
    driver = clocked
    driver.get(live_site.url + EXTRA_PREFIX + "/d/live")  # refresh = 1
    driver.execute_script(HELD_LOAD_JS)
    advance(driver, 30)
    first = driver.execute_script("return window.asked;")
    assert len(first) == 1, f"asked for again while its load was on its way: {first}"
    assert stale_words(driver, "frogs") == ""
    advance(driver, 40)  # given up 60 seconds after it was sent, asked for again after a wait of 2 seconds
    asked = driver.execute_script("return window.asked;")
    assert len(asked) >= 2 and asked[1] - asked[0] >= 60, f"the image was not asked for again: {asked}"
    said = stale_words(driver, "frogs")
    assert said.startswith("Not updated since ") and said.endswith(": its image did not load within 60 seconds"), said


# As HELD_LOAD_JS, but the image loads (it is complete, its width known) while its load event never reaches the
# page: a load that ended as its 60 seconds ran out, its event not yet run when the limit's timer ran.
UNTOLD_LOAD_JS = HELD_LOAD_JS.replace(
    """  Object.defineProperty(image, "src", {configurable: true, get: function () { return ""; },
                                       set: function (url) { if (String(url) !== held) set.call(image, url); }});""",
    """  Object.defineProperty(image, "onload", {configurable: true, get: function () { return null; },
                                          set: function () {}});""")


def test_a_new_image_loaded_whose_load_event_has_not_run_when_its_time_is_up_is_shown(clocked, live_site):
    assert UNTOLD_LOAD_JS != HELD_LOAD_JS
    driver = clocked
    driver.get(live_site.url + EXTRA_PREFIX + "/d/live")  # refresh = 1
    driver.execute_script(UNTOLD_LOAD_JS)
    advance(driver, 70)
    frogs = driver.execute_script('return document.querySelector(\'img[data-chart="frogs"]\').getAttribute("src");')
    assert frogs.startswith("data:image/svg+xml,"), f"the loaded image was not shown: {frogs}"
    assert stale_words(driver, "frogs") == ""
    assert len(driver.execute_script("return window.asked;")) == 1
