"""Auto-refresh of a chart that cannot be drawn: its image follows the reason, drawn anew when the
reason changes (its dataset removed, then written again without the chart's column), and is not
asked for again at each poll while the reason stays."""
from __future__ import annotations

from tests.browser.conftest import EXTRA_PREFIX, POND
from tests.browser.test_refresh import advance_polls, drawn_images, images, replace_pond
from tests.browser.waits import until

# What the frogs chart's <img> draws, against a fresh copy of what its URL answers now, drawn alike
# (from a data: URL, which the page's CSP allows and no cache holds): whether their pixels are the
# same, and the words the answer says (its <title>).
DRAWN_JS = """
var done = arguments[arguments.length - 1];
var img = document.querySelector('img[data-chart="frogs"]');
function pixels(image) {
  var canvas = document.createElement('canvas');
  canvas.width = img.naturalWidth;
  canvas.height = img.naturalHeight;
  canvas.getContext('2d').drawImage(image, 0, 0, canvas.width, canvas.height);
  return canvas.toDataURL();
}
fetch(img.getAttribute('src'), {cache: 'no-store'}).then(function (response) { return response.blob(); })
  .then(function (blob) {
    return blob.text().then(function (text) {
      var title = new DOMParser().parseFromString(text, 'image/svg+xml').querySelector('title');
      var reader = new FileReader();
      reader.onload = function () {
        var fresh = new Image();
        fresh.onload = function () { done({same: pixels(img) === pixels(fresh), words: title && title.textContent}); };
        fresh.onerror = function () { done({same: false, words: 'the fresh copy did not load'}); };
        fresh.src = reader.result;
      };
      reader.readAsDataURL(blob);
    });
  }, function (error) { done({same: false, words: String(error)}); });
"""

# How many times the page has asked for the URL `arguments[0]` (a path), as its Resource Timing tells.
ASKED_JS = "return performance.getEntriesByName(new URL(arguments[0], location.href).href).length;"


def frogs_telling(driver, why: str) -> dict:
    """The frogs chart's image once its alt text says `why` and it is drawn."""
    return until(lambda: images(driver)["frogs"], lambda image: why in image["alt"] and image["drawn"],
                 what=f"the frogs chart telling {why!r}")


def test_a_chart_that_cannot_be_drawn_draws_its_new_reason_and_asks_nothing_while_it_stays(browser, live_site):
    driver = browser.driver
    data_dir = live_site.data_dir
    driver.get(live_site.url + EXTRA_PREFIX + "/d/live")
    before = drawn_images(driver)
    assert before["frogs"]["version"]
    try:
        (data_dir / "pond.csv").unlink()
        gone = frogs_telling(driver, "no dataset 'pond'")
        drawn = driver.execute_async_script(DRAWN_JS)
        assert drawn["same"] and "no dataset 'pond'" in drawn["words"], drawn
        # Polls every second that tell the same reason: its image is not asked for again at each poll.
        asked = driver.execute_script(ASKED_JS, gone["src"])
        advance_polls(driver, 2)
        assert images(driver)["frogs"]["src"] == gone["src"]
        assert driver.execute_script(ASKED_JS, gone["src"]) == asked

        # Written again without the chart's column: another reason, another URL, drawn.
        replace_pond(data_dir, "day,toads\n1,3\n")
        column = frogs_telling(driver, "no column 'frogs'")
        assert column["src"] != gone["src"] and column["version"] is None
        drawn = until(lambda: driver.execute_async_script(DRAWN_JS), lambda found: found["same"],
                      what="the frogs chart drawing what its URL answers")
        assert "no column 'frogs'" in drawn["words"] and "no dataset" not in drawn["words"], drawn
        assert images(driver)["bears"] == before["bears"]
    finally:
        # Other rows than any other test writes, so that the version surely changes.
        replace_pond(data_dir, POND + "7,21\n")
