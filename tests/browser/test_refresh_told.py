"""What a screen reader is told of a refreshing dashboard's charts: in the page's outage line (a live region),
that its charts are not updated, and why, once, not again as midnight adds its date to the time the line beside
each names; in each chart's status line (a live region), that a chart can no longer be drawn, and why, that it
still cannot for another reason, and that it is drawn again, once each, the last leaving the line once told."""
from __future__ import annotations

from selenium.webdriver.common.by import By

from tests.browser.conftest import EXTRA_PREFIX, POND
from tests.browser.page_clock import UNREACHED_JS, advance
from tests.browser.test_refresh import advance_polls, drawn_images, frogs_after, images, replace_pond
from tests.browser.test_refresh_stale import stale_words
from tests.browser.test_refresh_wall import DATED_AS_SHOWN_JS, WALL
from tests.browser.waits import until

# Each text each chart's status line is given, kept in window.told, by chart, and the page's outage line's, as
# "(page)", from now on. A line that is not atomic (`aria-atomic="false"`: the outage line) is told the words added
# to it alone, those it keeps beside them not again: each change that adds words to it is kept as those words (from
# the first added that is not the joint before them); one that only takes words out, unannounced, as the words left.
TOLD_JS = """
window.told = {};
function heard(id, said) {
  window.told[id] = [];
  new MutationObserver(function (changes) {
    var added = [];
    if (said.getAttribute("aria-atomic") === "false") changes.forEach(function (change) {
      change.addedNodes.forEach(function (node) { if (said.contains(node)) added.push(node); });
    });
    added.sort(function (a, b) { return a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1; });
    while (added.length && added[0].nodeType === Node.TEXT_NODE) added.shift();
    window.told[id].push(added.length ? added.map(function (node) { return node.textContent; }).join("")
                                      : said.textContent);
  }).observe(said, {childList: true, characterData: true, subtree: true});
}
document.querySelectorAll("img[data-chart]").forEach(function (img) {
  heard(img.dataset.chart, img.closest("figure").querySelector(".chart-status"));
});
var outage = document.querySelector(".outage");
if (outage) heard("(page)", outage);
"""
PAGE = "(page)"


def told(driver, chart: str) -> list[str]:
    """The texts the status line of the chart `chart` was given since TOLD_JS ran, each once told."""
    return driver.execute_script("return window.told[arguments[0]];", chart)


def told_once(driver, write, before: dict, starts: str) -> list[str]:
    """What the frogs chart's status line is told once `write` has changed its image from `before`: one text,
    starting `starts` and naming the column its file lacks, not told again at the polls after it."""
    frogs_after(driver, write, before)
    said = until(lambda: told(driver, "frogs"), bool, what="the frogs chart told of")
    assert len(said) == 1 and said[0].startswith(starts), said
    assert "y: no column 'frogs'" in said[0], said
    advance_polls(driver, 3)
    assert told(driver, "frogs") == said, "told again at a later poll"
    return said


def drawn_again(driver, before: list[str], name: str) -> None:
    """That the frogs chart, told of as `before`, is told once that it is drawn again (`name` naming it), and
    that the words leave its status line once told, unannounced (emptied), so that a screen reader reaching
    the line later reads no news of a moment past as the chart's state: not told again at the polls after."""
    until(lambda: told(driver, "frogs"), lambda said: len(said) > len(before), what="the frogs chart told of again")
    said = until(lambda: told(driver, "frogs"), lambda said: said[-1] == "", what="the status line emptied")
    assert said == [*before, f"{name} is drawn again", ""], said
    advance_polls(driver, 2)
    assert told(driver, "frogs") == said, "told again at a later poll"


def test_a_chart_not_updated_over_midnight_is_not_told_again_as_its_line_gains_the_date(clocked, live_site):
    driver = clocked
    driver.get(live_site.url + WALL)  # refresh = 60
    driver.execute_script(TOLD_JS)
    driver.execute_script(DATED_AS_SHOWN_JS, "Sun, 06 Dec 2026 23:57:00 GMT")
    advance(driver, 60)  # answered: current at 23:57 on the site's clock
    driver.execute_script(UNREACHED_JS)
    advance(driver, 60)
    before = "Not updated since 23:57 UTC: the site cannot be reached"
    assert stale_words(driver, "frogs") == before
    assert told(driver, PAGE) == [f"Every chart: {before}"]
    advance(driver, 240)  # past midnight on the site's clock, polls not answered meanwhile
    assert stale_words(driver, "frogs") == "Not updated since 2026-12-06 23:57 UTC: the site cannot be reached"
    assert told(driver, PAGE) == [f"Every chart: {before}"], "told again for the date alone"
    assert told(driver, "frogs") == told(driver, "bears") == [], "told by each chart"
    # News is still told: answered (the line emptied, not read out), then not answered again since then.
    driver.execute_script(DATED_AS_SHOWN_JS, "Mon, 07 Dec 2026 00:10:00 GMT")
    advance(driver, 60)
    assert stale_words(driver, "frogs") == ""
    driver.execute_script(UNREACHED_JS)
    advance(driver, 60)
    after = "Not updated since 00:10 UTC: the site cannot be reached"
    assert stale_words(driver, "frogs") == after
    # "updated again", news of a moment, left the line once told, unannounced (emptied).
    assert told(driver, PAGE) == [f"Every chart: {before}", "Every chart is updated again", "", f"Every chart: {after}"]


def test_a_chart_that_can_no_longer_be_drawn_and_is_drawn_again_is_told_so_once_each(browser, live_site):
    driver = browser.driver
    driver.get(live_site.url + EXTRA_PREFIX + "/d/live")  # refresh = 1
    before = drawn_images(driver)
    driver.execute_script(TOLD_JS)
    name = driver.execute_script('return document.querySelector(\'img[data-chart="frogs"]\').dataset.name;')
    assert name == "Line chart of frogs by day"
    try:
        broken = told_once(driver, lambda: replace_pond(live_site.data_dir, "day,toads\n1,3\n"), before,
                           f"{name} can no longer be drawn: ")
        assert "This chart cannot be drawn" not in broken[0], broken
    finally:
        # Other rows than any other test writes, so that the version surely changes.
        frogs_after(driver, lambda: replace_pond(live_site.data_dir, POND + "7,55\n"), images(driver))
    drawn_again(driver, broken, name)
    assert told(driver, "bears") == []
    assert stale_words(driver, "frogs") == ""



def test_a_chart_that_still_cannot_be_drawn_for_another_reason_is_told_so_once(browser, live_site):
    driver = browser.driver
    data_dir = live_site.data_dir
    try:
        # Opened with its file removed: the page serves the chart's error image, its reason beside it.
        (data_dir / "pond.csv").unlink()
        driver.get(live_site.url + EXTRA_PREFIX + "/d/live")
        before = drawn_images(driver)
        assert before["frogs"]["version"] is None and "no dataset 'pond'" in before["frogs"]["alt"]
        driver.execute_script(TOLD_JS)
        advance_polls(driver, 2)
        assert told(driver, "frogs") == [], "told at a poll of the same reason"
        name = driver.execute_script('return document.querySelector(\'img[data-chart="frogs"]\').dataset.name;')
        assert name == "Line chart of frogs"  # what its file says it draws: its dataset's columns are not known
        # Written again without the chart's column: another reason, another image, told once.
        said = told_once(driver, lambda: replace_pond(data_dir, "day,toads\n1,3\n"), before,
                         f"{name} still cannot be drawn: ")
        assert "no dataset" not in said[0], said
    finally:
        # Other rows than any other test writes, so that the version surely changes.
        frogs_after(driver, lambda: replace_pond(data_dir, POND + "7,89\n"), images(driver))
    drawn_again(driver, said, "Line chart of frogs by day")  # as its spec names it, once it can be drawn
    assert told(driver, "bears") == []
    # Its link named so too, where it kept the file's words the page opened with.
    link = driver.find_element(By.CSS_SELECTOR, 'figure.chart > a:has(img[data-chart="frogs"])')
    assert link.accessible_name == "Line chart of frogs by day: open the chart's page"
