"""Charts that a poll brings news of one cause, as a screen reader hears them on a refreshing dashboard of 12 charts
over one dataset, in real Chromium: its file removed, every chart can no longer be drawn, told once in the page's
outage line, "Every chart can no longer be drawn: no dataset 'tall'; …", where each chart's status line told it,
twelve times over; written again without the charts' column, told once that every chart still cannot be drawn,
in the words of that column; written back, told once that every chart is drawn again. Each chart shows its error
image, and then its drawing, as before. Of some charts of one cause, they are told of by name, once, charts that
share a name told apart by their place on the page; a chart alone of its cause at that poll, in its own status line."""
from __future__ import annotations

from tests.browser.conftest import EXTRA_PREFIX, TALL, TALL_CHARTS
from tests.browser.page_clock import ANSWERED_JS, AS_SHOWN_JS, advance
from tests.browser.test_refresh import ANSWERED_POLLS_JS, images, replace_file
from tests.browser.test_refresh_outage_told import DOWN_JS, NAME_JS
from tests.browser.test_refresh_stale import stale_words
from tests.browser.test_refresh_told import PAGE, TOLD_JS, told
from tests.browser.waits import until

CHARTS = [f"c{n}" for n in range(1, TALL_CHARTS + 1)]


def poll(driver, count: int = 1) -> None:
    """Move the page's clock on to its next poll, `count` times, each answered by the site before the next. The
    page's other timers, the 5 seconds the charts of one cause wait for the others' images, move with that clock
    alone: charts whose images the site is slow to draw are told of together as they are on a fast one."""
    for _ in range(count):
        start = driver.execute_script(ANSWERED_POLLS_JS)
        advance(driver, 1)
        until(lambda: driver.execute_script(ANSWERED_POLLS_JS), lambda seen: seen > start, what="a poll answered")


def apart(name: str, *places: int) -> str:
    """The charts at `places` on the page (1: its first), each named `name`, as the outage line tells them apart."""
    names = [f"{name} (chart {place})" for place in places]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def told_of_page(driver, count: int) -> list[str]:
    """What the page's outage line has been told once it has been told `count` times, not told again at the polls
    after; no chart's status line told anything meanwhile."""
    said = until(lambda: told(driver, PAGE), lambda said: len(said) >= count, what=f"{count} news told of the page")
    poll(driver, 2)
    assert told(driver, PAGE) == said, "told again at a later poll"
    assert {chart: told(driver, chart) for chart in CHARTS} == {chart: [] for chart in CHARTS}, "told by each chart"
    return said


def shown(driver, holds, what: str) -> dict[str, dict]:
    """The page's images once `holds` is true of each (those in view, drawn)."""
    return until(lambda: images(driver), lambda found: all(holds(image) for image in found.values())
                 and all(image["drawn"] for image in found.values() if image["chart"] == "c1"), what=what)


def test_charts_of_one_dataset_that_can_no_longer_be_drawn_and_are_drawn_again_are_told_once(clocked, live_site):
    driver = clocked
    tall = live_site.data_dir / "tall.csv"
    driver.get(live_site.url + EXTRA_PREFIX + "/d/tall")  # refresh = 1
    driver.execute_script(ANSWERED_JS)
    before = shown(driver, lambda image: image["version"], "the charts drawn")
    assert len(before) == TALL_CHARTS
    poll(driver)
    driver.execute_script(TOLD_JS)
    try:
        tall.unlink()
        poll(driver)
        gone = shown(driver, lambda image: image["version"] is None and "no dataset 'tall'" in image["alt"],
                     "every chart's image saying its dataset is gone")
        assert gone["c1"]["alt"].startswith("This chart cannot be drawn: no dataset 'tall'"), gone["c1"]
        lost = told_of_page(driver, 1)
        assert len(lost) == 1 and lost[0].startswith("Every chart can no longer be drawn: no dataset 'tall' "), lost
        # Written again without the charts' column: another reason, one cause (each chart's error names its chart).
        replace_file(tall, "day,m\n1,3\n")
        poll(driver)
        shown(driver, lambda image: image["version"] is None and "no column 'n'" in image["alt"],
              "every chart's image saying its column is gone")
        still = told_of_page(driver, 2)
        assert still == [*lost, "Every chart still cannot be drawn: y: no column 'n'; the columns are day, m"], still
    finally:
        replace_file(tall, TALL)
    poll(driver)
    shown(driver, lambda image: image["version"], "the charts drawn again")
    again = told_of_page(driver, 3)
    assert again == [*still, "Every chart is drawn again"], again


# Each poll answered at once, as the page opened shows each chart, but for those window.lost names (chart id -> why):
# each of them can no longer be drawn, for that reason, its image one the site answers with an image of its own.
LOST_JS = """
var opened = {};
document.querySelectorAll("img[data-chart]").forEach(function (img) {
  opened[img.dataset.chart] = {version: img.dataset.version, src: img.getAttribute("src"), alt: img.alt,
                               name: img.dataset.name, notes: []};
});
window.lost = {};
window.answer = function () {
  var charts = {};
  Object.keys(opened).forEach(function (id) {
    var why = window.lost[id];
    charts[id] = why ? {version: null, src: opened[id].src.split("?")[0] + "?v=" + why.length, status: 404,
                        error: why, alt: "This chart cannot be drawn: " + why, name: opened[id].name, notes: []}
      : opened[id];
  });
  return Promise.resolve({ok: true, json: function () { return Promise.resolve({ok: true, charts: charts}); }});
};
"""


def tall_told_on_the_clock(driver, live_site) -> str:
    """Open the tall dashboard on the test's clock, its polls answered by `window.lost` (LOST_JS) and what
    it tells recorded (TOLD_JS): the name its charts, all alike, are told by."""
    driver.get(live_site.url + EXTRA_PREFIX + "/d/tall")  # refresh = 1
    driver.execute_script(AS_SHOWN_JS)
    advance(driver, 1)
    driver.execute_script(LOST_JS)
    driver.execute_script(TOLD_JS)
    return driver.execute_script(NAME_JS, "c1")


def test_some_charts_of_one_cause_are_told_once_by_name_and_a_chart_alone_of_its_cause_in_its_own_line(clocked,
                                                                                                      live_site):
    driver = clocked
    name = tall_told_on_the_clock(driver, live_site)
    assert name == "Line chart of n by day"
    driver.execute_script("window.lost = arguments[0];", {"c1": "no dataset 'x'", "c2": "no dataset 'x'",
                                                           "c3": "no dataset 'x'", "c4": "no dataset 'yy'"})
    advance(driver, 1)
    until(lambda: told(driver, "c4"), what="the chart alone of its cause told of")
    lost = until(lambda: told(driver, PAGE), what="the charts of one cause told of")
    assert lost == [f"{apart(name, 1, 2, 3)} can no longer be drawn: no dataset 'x'"], lost
    assert told(driver, "c4") == [f"{name} (chart 4) can no longer be drawn: no dataset 'yy'"]
    assert all(told(driver, chart) == [] for chart in ("c1", "c2", "c3", "c5")), "told by each chart"
    driver.execute_script("window.lost = {c4: arguments[0]};", "no dataset 'yy'")
    advance(driver, 1)
    again = until(lambda: told(driver, PAGE), lambda said: len(said) > 1, what="the charts drawn again told of")
    assert again == [*lost, f"{apart(name, 1, 2, 3)} are drawn again"], again
    advance(driver, 2)
    assert told(driver, PAGE) == again
    assert all(told(driver, chart) == [] for chart in ("c1", "c2", "c3")), "told by each chart"


def test_charts_named_alike_are_told_apart_in_the_outage_line_by_their_place_on_the_page(clocked, live_site):
    # A screen reader heard "Line chart of n by day, Line chart of n by day and …", which of the board's 12 alike
    # it did not say; a sighted reader tells them by where they stand.
    driver = clocked
    name = tall_told_on_the_clock(driver, live_site)
    driver.execute_script("window.lost = arguments[0];", {"c2": "no dataset 'x'", "c5": "no dataset 'x'"})
    advance(driver, 1)
    lost = until(lambda: told(driver, PAGE), what="the charts of one cause told of")
    assert lost == [f"{name} (chart 2) and {name} (chart 5) can no longer be drawn: no dataset 'x'"], lost
    # Held back for a reason, told as an outage is: named apart too.
    driver.execute_script(DOWN_JS)
    driver.execute_script("window.down = arguments[0];", {"c1": "the pond cannot be reached",
                                                           "c4": "the pond cannot be reached"})
    advance(driver, 1)
    held = until(lambda: told(driver, PAGE), lambda said: len(said) > 1, what="the charts held back told of")
    assert held[1] == f"{name} (chart 1), {name} (chart 4): {stale_words(driver, 'c1')}", held


def test_a_chart_named_alike_is_told_apart_in_its_own_status_line_by_its_place_on_the_page(clocked, live_site):
    # Its own line said the bare name, "Line chart of n by day can no longer be drawn: …", which of the board's 12
    # alike it did not say, where the outage line before the charts says "(chart 4)".
    driver = clocked
    name = tall_told_on_the_clock(driver, live_site)
    driver.execute_script("window.lost = {c4: arguments[0]};", "no dataset 'x'")
    advance(driver, 1)
    until(lambda: told(driver, "c4"), what="the chart told of in its own line")
    driver.execute_script("window.lost = {c4: arguments[0]};", "no dataset 'yy'")
    advance(driver, 1)
    until(lambda: told(driver, "c4"), lambda said: len(said) > 1, what="its other reason told")
    driver.execute_script("window.lost = {};")
    advance(driver, 1)
    said = until(lambda: told(driver, "c4"), lambda said: len(said) > 2, what="the chart drawn again told of")
    assert said[:3] == [f"{name} (chart 4) can no longer be drawn: no dataset 'x'",
                        f"{name} (chart 4) still cannot be drawn: no dataset 'yy'",
                        f"{name} (chart 4) is drawn again"], said
    assert told(driver, PAGE) == [], "told in the outage line"
