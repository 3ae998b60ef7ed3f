"""A refreshing dashboard's chart drawn again whose new image the site was not reached for, asked for again as the
browser is online again, in real Chromium on the test's clock: it is told of, and its link named, by the name the
answer gave it, as one whose image loaded at once is."""
from __future__ import annotations

from selenium.webdriver.common.by import By

from tests.browser.conftest import EXTRA_PREFIX
from tests.browser.page_clock import advance
from tests.browser.test_refresh_told import TOLD_JS, told
from tests.browser.waits import until

# Each poll answered at once: the bears chart as the page opened shows it, the frogs chart as window.frogs says
# ("lost": it can no longer be drawn, its dataset gone; "drawn": drawn again, named as its file names it now);
# each image an SVG of its own, not reached while window.unreached.
ANSWERS_JS = """
var fetched = window.fetch, bears = document.querySelector('img[data-chart="bears"]');
function svg(title) {
  return "data:image/svg+xml," + encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9">'
                                                    + '<title>' + title + '</title></svg>');
}
window.unreached = false;
window.frogs = "lost";
window.answer = function () {
  var frogs = window.frogs === "lost"
    ? {version: null, src: svg("Gone"), status: 404, error: "no dataset 'pond'",
       alt: "This chart cannot be drawn: no dataset 'pond'", name: "Line chart of frogs", notes: []}
    : {version: "9", src: svg("Frogs"), alt: "Frogs seen, by day", name: "Frogs seen", notes: []};
  var charts = {frogs: frogs, bears: {version: bears.dataset.version, src: bears.getAttribute("src"),
                                      alt: bears.alt, notes: []}};
  return Promise.resolve({ok: true, json: function () { return Promise.resolve({ok: true, charts: charts}); }});
};
window.fetch = function (url) {
  if (String(url).indexOf("data:") < 0) return fetched.apply(this, arguments);
  if (window.unreached) return Promise.reject(new TypeError("Failed to fetch"));
  // The page may fetch no data: URL (connect-src 'self'), which its <img> draws.
  var drawing = decodeURIComponent(url.split(",")[1]);
  return Promise.resolve(new Response(drawing, {headers: {"Content-Type": "image/svg+xml"}}));
};
"""


# The words of the line beside the frogs chart, which says since when it is not updated and why.
STALE_JS = """return document.querySelector('img[data-chart="frogs"]').closest("figure")
                       .querySelector(".stale").textContent;"""


def test_a_chart_drawn_again_after_its_image_was_not_reached_is_told_by_the_name_the_answer_gave(clocked, live_site):
    driver = clocked
    driver.get(live_site.url + EXTRA_PREFIX + "/d/live")  # refresh = 1
    driver.execute_script(ANSWERS_JS)
    driver.execute_script(TOLD_JS)
    advance(driver, 1)
    lost = until(lambda: told(driver, "frogs"), what="the frogs chart told that it can no longer be drawn")
    assert lost == ["Line chart of frogs by day can no longer be drawn: no dataset 'pond'"], lost
    driver.execute_script("window.frogs = 'drawn'; window.unreached = true;")
    advance(driver, 1)
    until(lambda: driver.execute_script(STALE_JS), lambda line: "cannot be reached" in line,
          what="the frogs chart's new image not reached")
    driver.execute_script("window.unreached = false; window.dispatchEvent(new Event('online'));")
    said = until(lambda: told(driver, "frogs"), lambda said: len(said) > 1, what="the frogs chart told of again")
    # It was told as "Line chart of frogs by day", the name the page opened with: the name the answer gave was
    # dropped as its image was asked for again.
    assert said == [*lost, "Frogs seen is drawn again"], said
    link = driver.find_element(By.CSS_SELECTOR, 'figure.chart > a:has(img[data-chart="frogs"])')
    assert link.accessible_name == "Frogs seen: open the chart's page"
