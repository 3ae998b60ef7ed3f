"""A refreshing dashboard of more charts than a screen shows, in a real browser at 1920×1080: a poll that
finds new data (or a relative range moved on) writes the new URL of a chart not yet in view into its
image, which the browser asks for as it comes into view, as it does at the page's load, where the poll
had it drawn at once, undoing the lazy load of every chart past the first rows."""
from __future__ import annotations

from tests.browser.conftest import EXTRA_PREFIX, TALL, TALL_CHARTS
from tests.browser.screens import screen
from tests.browser.test_refresh import drawn_images, images, replace_file
from tests.browser.waits import until

WIDTH, HEIGHT = 1920, 1080
LAST = f"c{TALL_CHARTS}"
# The chart images the page asked for, each its path (as the site writes it) and what asked for it: the
# page (`img`) or a script (`fetch`).
ASKED_JS = """
return performance.getEntriesByType('resource').filter(function (entry) { return entry.name.indexOf('.svg') >= 0; })
  .map(function (entry) { return [new URL(entry.name).pathname, entry.initiatorType]; });
"""
LOADED_JS = "var img = document.querySelector('img[data-chart=\"' + arguments[0] + '\"]'); return img.complete;"


def asked_for(driver, chart: str) -> list[str]:
    """What asked for `chart`'s image since the page was opened (`img`, `fetch`), once for each request."""
    path = f"{EXTRA_PREFIX}/d/tall/{chart}.svg"
    return [initiator for asked, initiator in driver.execute_script(ASKED_JS) if asked == path]


def test_a_poll_leaves_a_chart_not_yet_in_view_to_load_as_it_comes_into_view(browser, live_site):
    tall = live_site.data_dir / "tall.csv"
    with screen(browser, WIDTH, HEIGHT) as driver:
        driver.get(live_site.url + EXTRA_PREFIX + "/d/tall")
        first = drawn_images(driver, "c1")["c1"]
        last = images(driver)[LAST]
        assert not driver.execute_script(LOADED_JS, LAST), "the last chart is in view: the page is not tall enough"
        assert asked_for(driver, LAST) == []
        try:
            replace_file(tall, TALL + "3,8\n")
            until(lambda: images(driver)["c1"], lambda image: image["src"] != first["src"] and image["drawn"],
                  what="the first chart swapped and drawn")
            now = until(lambda: images(driver)[LAST], lambda image: image["src"] != last["src"],
                        what="the last chart's image given its new URL")
            assert now["version"] != last["version"]
            # The new URL waits for the chart to come into view, as the page's own did.
            assert asked_for(driver, LAST) == [], "a chart not in view was asked for"
            assert not driver.execute_script(LOADED_JS, LAST)

            driver.execute_script("document.querySelector('img[data-chart=\"' + arguments[0] + '\"]')"
                                  ".scrollIntoView()", LAST)
            shown = until(lambda: images(driver)[LAST], lambda image: image["drawn"],
                          what="the last chart drawn once in view")
            assert shown["src"] == now["src"] and shown["version"] == now["version"]
            assert asked_for(driver, LAST) == ["img"]
        finally:
            replace_file(tall, TALL)
