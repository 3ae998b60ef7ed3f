"""An outage as a screen reader hears it on a refreshing dashboard of 12 charts, in real Chromium: the site not
reached, every chart says beside it that it is not updated and why, and the page's outage line tells it once,
"Every chart: Not updated since …: the site cannot be reached", where each chart's status line told it, twelve
times over; the site reached again, the lines beside the charts go and the outage line tells once "Every chart
is updated again"; of charts held back for reasons of their own, each reason is told once, not again as
another comes or goes."""
from __future__ import annotations

import re

from tests.browser.conftest import EXTRA_PREFIX, TALL_CHARTS
from tests.browser.page_clock import AS_SHOWN_JS, UNREACHED_JS, advance, polls
from tests.browser.test_refresh import images
from tests.browser.test_refresh_stale import stale_words
from tests.browser.test_refresh_told import PAGE, TOLD_JS, told
from tests.browser.test_refresh_wall import DATED_AS_SHOWN_JS, WALL

LINES_JS = "return [...document.querySelectorAll('figure .stale')].map(line => line.textContent);"


def test_an_outage_is_told_once_a_page_and_once_again_as_it_ends(clocked, live_site):
    # On the test's clock: the waits between polls not answered double (2, 4, 8 seconds …), which real time
    # would hold the test to.
    driver = clocked
    driver.get(live_site.url + EXTRA_PREFIX + "/d/tall")  # refresh = 1
    assert len(images(driver)) == TALL_CHARTS  # those past the first rows not drawn until in view
    driver.execute_script(AS_SHOWN_JS)
    advance(driver, 1)  # answered: every chart current
    driver.execute_script(TOLD_JS)
    driver.execute_script(UNREACHED_JS)
    advance(driver, 1)
    lines = driver.execute_script(LINES_JS)
    assert len(lines) == TALL_CHARTS and len(set(lines)) == 1 and re.fullmatch(
        r"Not updated since \d\d:\d\d UTC: the site cannot be reached", lines[0]), lines
    assert all(told(driver, f"c{n}") == [] for n in range(1, TALL_CHARTS + 1)), "told by each chart"
    # Polls not answered again and again, after 2, 4 and 8 seconds: told no more.
    advance(driver, 14)
    assert len(polls(driver)) == 5, polls(driver)
    assert told(driver, PAGE) == [f"Every chart: {lines[0]}"]
    driver.execute_script(AS_SHOWN_JS)
    advance(driver, 16)  # the next poll, answered
    assert not any(driver.execute_script(LINES_JS)), "a chart's line left"
    assert told(driver, PAGE) == [f"Every chart: {lines[0]}", "Every chart is updated again"]
    advance(driver, 2)
    assert told(driver, PAGE) == [f"Every chart: {lines[0]}", "Every chart is updated again"]
    assert all(told(driver, f"c{n}") == [] for n in range(1, TALL_CHARTS + 1)), "told by each chart"

# Each poll answered at once, as the page shows each chart, but for those window.down names (chart id -> why):
# each of them answers 503 for its reason, as a chart whose source is down does.
DOWN_JS = """
window.down = {};
window.answer = function () {
  var charts = {};
  document.querySelectorAll("img[data-chart]").forEach(function (img) {
    var id = img.dataset.chart;
    charts[id] = window.down[id] ? {status: 503, error: window.down[id], notes: []}
      : {version: img.dataset.version, src: img.getAttribute("src"), alt: img.alt, notes: []};
  });
  return Promise.resolve({ok: true, json: function () { return Promise.resolve({ok: true, charts: charts}); }});
};
"""
NAME_JS = "return document.querySelector('img[data-chart=\"' + arguments[0] + '\"]').dataset.name;"


def wall_held_back_on_the_clock(driver, live_site):
    """Open the wall on the test's clock, every chart current at 14:05 on the site's clock and what it tells
    recorded: the frogs' and bears' names, and `down(chart=reason, …)`, which answers the next poll (60 s on)
    with those charts held back for those reasons (DOWN_JS)."""
    driver.get(live_site.url + WALL)  # refresh = 60
    driver.execute_script(TOLD_JS)
    driver.execute_script(DATED_AS_SHOWN_JS, "Sun, 06 Dec 2026 14:05:00 GMT")
    advance(driver, 60)  # answered: every chart current at 14:05 on the site's clock
    driver.execute_script(DOWN_JS)
    frogs, bears = (driver.execute_script(NAME_JS, chart) for chart in ("frogs", "bears"))

    def down(**why: str) -> None:
        driver.execute_script("window.down = arguments[0];", why)
        advance(driver, 60)

    return frogs, bears, down


def test_each_reason_charts_are_held_back_for_is_told_once_as_another_comes_and_goes(clocked, live_site):
    # The outage line was written whole at each change: a second reason told the first again, and the first
    # mended told the second again.
    driver = clocked
    frogs, bears, down = wall_held_back_on_the_clock(driver, live_site)
    down(frogs="the pond cannot be reached")
    first = f"{frogs}: {stale_words(driver, 'frogs')}"
    assert first.endswith(": the pond cannot be reached"), first
    assert told(driver, PAGE) == [first]
    down(frogs="the pond cannot be reached", bears="the woods cannot be reached")
    second = f"{bears}: {stale_words(driver, 'bears')}"
    assert second.endswith(": the woods cannot be reached"), second
    assert told(driver, PAGE) == [first, second], "the first reason told again"
    down(bears="the woods cannot be reached")
    assert stale_words(driver, "frogs") == ""
    # The first reason's words taken out, unannounced: the second's left in the line, not told again.
    assert told(driver, PAGE) == [first, second, second], "the reason left told again"
    assert driver.execute_script("return document.querySelector('.outage').textContent;") == second
    down()
    assert told(driver, PAGE) == [first, second, second, "Every chart is updated again"]
    assert told(driver, "frogs") == told(driver, "bears") == [], "told by each chart"
