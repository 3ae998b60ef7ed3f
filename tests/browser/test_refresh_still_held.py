"""The page's outage line on a refreshing dashboard names the charts a reason still holds back, in real Chromium: told
"Every chart: Not updated since …" or "Every chart can no longer be drawn: …", it said so for as long as any chart
was held back for it, after the others were updated or drawn again. Its words follow the charts still held, named
as the line names them, "Every chart" only while every chart of the page is; rewritten in place, which the line
does not announce (it tells additions alone): the news is not new, and charts updated one by one would tell it
once a chart."""
from __future__ import annotations

from tests.browser.test_refresh_one_cause_told import CHARTS, apart, tall_told_on_the_clock
from tests.browser.test_refresh_outage_line_cleared import GONE, OUTAGE_JS, lose
from tests.browser.test_refresh_outage_told import wall_held_back_on_the_clock
from tests.browser.test_refresh_stale import stale_words
from tests.browser.test_refresh_told import PAGE, told
from tests.browser.waits import until

POND = "the pond cannot be reached"
RELEVANT_JS = "return document.querySelector('.outage').getAttribute('aria-relevant');"


def test_a_reason_every_chart_was_held_back_for_names_the_charts_it_still_holds_back(clocked, live_site):
    driver = clocked
    _, bears, down = wall_held_back_on_the_clock(driver, live_site)
    down(frogs=POND, bears=POND)
    line = stale_words(driver, "bears")
    assert line.endswith(f": {POND}") and stale_words(driver, "frogs") == line, line
    assert told(driver, PAGE) == [f"Every chart: {line}"]
    down(bears=POND)
    assert stale_words(driver, "frogs") == "" and stale_words(driver, "bears") == line
    assert driver.execute_script(OUTAGE_JS) == f"{bears}: {line}", "still says every chart"
    # Its words changed in place, no words added: not announced as news (TOLD_JS keeps such a change as the line).
    assert told(driver, PAGE) == [f"Every chart: {line}", f"{bears}: {line}"]
    assert driver.execute_script(RELEVANT_JS) == "additions"
    down()
    assert told(driver, PAGE) == [f"Every chart: {line}", f"{bears}: {line}", "Every chart is updated again"]


def test_every_chart_told_lost_names_the_charts_still_lost_once_one_is_drawn_again_in_its_own_line(clocked,
                                                                                                  live_site):
    driver = clocked
    name = tall_told_on_the_clock(driver, live_site)
    lose(driver, **{chart: GONE for chart in CHARTS})
    lost = until(lambda: told(driver, PAGE), what="every chart told lost")
    assert lost == [f"Every chart can no longer be drawn: {GONE}"], lost
    lose(driver, **{chart: GONE for chart in CHARTS[1:]})
    until(lambda: told(driver, "c1"), what="the first chart told drawn again in its own line")
    still = f"{apart(name, *range(2, len(CHARTS) + 1))} can no longer be drawn: {GONE}"
    assert driver.execute_script(OUTAGE_JS) == still, "still says every chart"
    assert told(driver, PAGE) == [*lost, still]

