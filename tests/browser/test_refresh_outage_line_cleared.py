"""The page's outage line on a refreshing dashboard says nothing past, in real Chromium: news of charts of one
cause ("… can no longer be drawn: …") leaves it, unannounced, once those charts are all drawn again or cannot be
for another reason, each told of in its own status line; a reason charts were held back for leaves it once it
ends, another staying; and news of a moment ("… are drawn again", "Every chart is updated again") leaves it once
told, as a chart's status line's does. Each news leaves alone, the rest of the line staying: a moment's beside
charts still lost, one of two reasons told at once; and the timer of news replaced takes none of the newer out.
A screen reader reaching the line later read the charts' state of then as now. News comes beside the news still
so, told alone: a chart's reason still held back stays as charts are drawn again or lost."""
from __future__ import annotations

from tests.browser.page_clock import UNREACHED_JS, advance
from tests.browser.test_refresh_one_cause_told import apart, tall_told_on_the_clock
from tests.browser.test_refresh_outage_told import wall_held_back_on_the_clock
from tests.browser.test_refresh_stale import stale_words
from tests.browser.test_refresh_told import PAGE, told
from tests.browser.waits import until

OUTAGE_JS = "return document.querySelector('.outage').textContent;"
GONE = "no dataset 'x'"
OTHER = "no dataset 'yy'"  # of another length: the image URL of a chart that cannot be drawn for it is another


# The tall dashboard's polls (LOST_JS) answered with the charts `window.down` names held back for its reasons (503s).
DOWN_TOO_JS = """
window.down = {};
var answered = window.answer;
window.answer = function () {
  return answered().then(function (response) { return response.json(); }).then(function (body) {
    Object.keys(window.down).forEach(function (id) {
      body.charts[id] = {status: 503, error: window.down[id], notes: []};
    });
    return {ok: true, json: function () { return Promise.resolve(body); }};
  });
};
"""


def lose(driver, **why: str) -> None:
    """Answer the next poll with the charts `why` names unable to be drawn, for that reason, the others drawn."""
    driver.execute_script("window.lost = arguments[0];", why)
    advance(driver, 1)


def opened_with_three_charts_lost(driver, live_site) -> str:
    """Open the tall dashboard on the test's clock, and have charts c1 to c3 lost at one poll: the outage line's news."""
    name = tall_told_on_the_clock(driver, live_site)
    lose(driver, c1=GONE, c2=GONE, c3=GONE)
    lost = until(lambda: told(driver, PAGE), what="the charts of one cause told of")
    assert lost == [f"{apart(name, 1, 2, 3)} can no longer be drawn: {GONE}"], lost
    return name


def first_two_drawn_again_one_at_a_time(driver) -> None:
    """c1, then c2, drawn again at polls of their own, each told of in its own line; c3 still lost."""
    lose(driver, c2=GONE, c3=GONE)
    until(lambda: told(driver, "c1"), what="the first chart told of in its own line")
    lose(driver, c3=GONE)
    until(lambda: told(driver, "c2"), what="the second chart told of in its own line")


def still_lost(name: str) -> list[str]:
    """What the outage line says of charts c1 to c3, all named `name`, told lost together, as c1 and then c2 are
    drawn again one at a time (`first_two_drawn_again_one_at_a_time`): each time, the charts still lost."""
    return [f"{apart(name, *places)} can no longer be drawn: {GONE}" for places in ((1, 2, 3), (2, 3), (3,))]


def test_charts_told_lost_together_and_drawn_again_one_at_a_time_leave_the_outage_line(clocked, live_site):
    # The line kept "… can no longer be drawn" for good, the charts drawn long since.
    driver = clocked
    name = opened_with_three_charts_lost(driver, live_site)
    first_two_drawn_again_one_at_a_time(driver)
    assert driver.execute_script(OUTAGE_JS) != "", "emptied while a chart it told of still cannot be drawn"
    lose(driver)
    said = until(lambda: told(driver, PAGE), lambda said: said[-1] == "", what="the outage line emptied")
    # Each drawn again, the line named those still lost, its words rewritten, unannounced.
    assert said == [*still_lost(name), ""], said
    assert driver.execute_script(OUTAGE_JS) == ""
    assert told(driver, "c3")[0] == f"{name} (chart 3) is drawn again"
    advance(driver, 3)
    assert told(driver, PAGE) == said, "told again"


def test_charts_told_lost_together_that_each_leave_that_reason_leave_the_outage_line(clocked, live_site):
    # Two drawn again, one at a time, the last unable to be drawn for another reason: the line kept "… can no
    # longer be drawn: no dataset 'x'", which no chart could any longer be said to be for.
    driver = clocked
    name = opened_with_three_charts_lost(driver, live_site)
    first_two_drawn_again_one_at_a_time(driver)
    lose(driver, c3=OTHER)
    still = until(lambda: told(driver, "c3"), what="the last chart's other reason told in its own line")
    assert still == [f"{name} (chart 3) still cannot be drawn: {OTHER}"], still
    assert told(driver, PAGE) == [*still_lost(name), ""]
    assert driver.execute_script(OUTAGE_JS) == ""


def test_charts_told_drawn_again_together_leave_the_outage_line_once_told(clocked, live_site):
    driver = clocked
    name = opened_with_three_charts_lost(driver, live_site)
    lose(driver)
    again = until(lambda: told(driver, PAGE), lambda said: len(said) > 1, what="the charts drawn again told of")
    assert again[1] == f"{apart(name, 1, 2, 3)} are drawn again", again
    advance(driver, 6)
    assert told(driver, PAGE) == [*again, ""]
    assert driver.execute_script(OUTAGE_JS) == ""


def test_a_reason_told_that_ends_while_another_stays_leaves_the_outage_line(clocked, live_site):
    # The line kept the woods' words once they were reached again, the pond still not.
    driver = clocked
    frogs, bears, down = wall_held_back_on_the_clock(driver, live_site)
    down(frogs="the pond cannot be reached")
    first = f"{frogs}: {stale_words(driver, 'frogs')}"
    down(frogs="the pond cannot be reached", bears="the woods cannot be reached")
    second = f"{bears}: {stale_words(driver, 'bears')}"
    assert told(driver, PAGE) == [first, second]
    assert driver.execute_script(OUTAGE_JS) == f"{first}. {second}"
    down(frogs="the pond cannot be reached")
    assert stale_words(driver, "bears") == ""
    # The woods' words taken out, unannounced: the pond's left, not told again.
    assert told(driver, PAGE) == [first, second, first], "the woods' words kept, or the pond's told again"
    assert driver.execute_script(OUTAGE_JS) == first
    down()
    assert told(driver, PAGE) == [first, second, first, "Every chart is updated again"]
    advance(driver, 6)
    assert told(driver, PAGE) == [first, second, first, "Every chart is updated again", ""]


def test_charts_told_lost_together_and_partly_drawn_again_together_are_told_still_lost_until_drawn(clocked,
                                                                                                   live_site):
    # "… are drawn again" took the line's place, which told then of no chart still lost, and was emptied.
    driver = clocked
    name = opened_with_three_charts_lost(driver, live_site)
    lose(driver, c3=GONE)
    said = until(lambda: told(driver, PAGE), lambda said: len(said) > 1, what="the charts drawn again told of")
    assert said[1] == f"{apart(name, 1, 2)} are drawn again; {name} (chart 3) still cannot be drawn: {GONE}", said
    assert all(told(driver, chart) == [] for chart in ("c1", "c2", "c3")), "told by each chart"
    # News of a moment, it leaves the line once told; the chart still lost stays told.
    advance(driver, 6)
    assert told(driver, PAGE) == [*said, f"{name} (chart 3) still cannot be drawn: {GONE}"]
    lose(driver)
    # Told as its image is shown, which the poll's answer is not waited for to the end of.
    drawn = until(lambda: told(driver, "c3"), lambda said: len(said) > 0, what="chart 3 told drawn again")
    assert drawn == [f"{name} (chart 3) is drawn again"]
    assert until(lambda: told(driver, PAGE), lambda said: bool(said) and said[-1] == "", what="the line emptied")[-1] == ""
    assert driver.execute_script(OUTAGE_JS) == ""


def test_an_outage_told_over_leaves_the_outage_line_once_told_beside_charts_that_can_no_longer_be_drawn(clocked,
                                                                                                        live_site):
    # Told in one line as the charts' last image was shown, "Every chart is updated again" stayed there as long as
    # those charts could not be drawn.
    driver = clocked
    name = tall_told_on_the_clock(driver, live_site)
    driver.execute_script("window.lostAnswer = window.answer;" + UNREACHED_JS)
    advance(driver, 1)
    line = stale_words(driver, "c1")
    outage = f"Every chart: {line}"
    assert told(driver, PAGE) == [outage]
    driver.execute_script("window.answer = window.lostAnswer; window.lost = arguments[0];",
                          {"c1": GONE, "c2": GONE, "c3": GONE})
    advance(driver, 2)  # the next poll, after a wait twice as long
    lost = f"{apart(name, 1, 2, 3)} can no longer be drawn: {GONE}"
    said = until(lambda: told(driver, PAGE), lambda said: said[-1].endswith("Every chart is updated again"),
                 what="the outage told over")
    assert [said[0], said[-1]] == [outage, f"{lost}. Every chart is updated again"], said
    # Meanwhile the outage's words named the charts not updated yet, rewritten, unannounced, as each other chart
    # was updated at once and each of the three as its image was shown, in whatever order they came.
    held = [", ".join(f"{name} (chart {place})" for place in places) + f": {line}"
            for places in ((1, 2, 3), (1, 2), (1, 3), (2, 3), (1,), (2,), (3,))]
    assert said[1] == held[0] and set(said[2:-1]) <= set(held[1:]), said
    advance(driver, 6)
    assert told(driver, PAGE) == [*said, lost]


def test_a_timer_of_news_replaced_leaves_the_newer_news_told(clocked, live_site):
    # Drawn again, lost and drawn again within 5 seconds: the first "drawn again"'s time to leave is not the second's.
    driver = clocked
    name = tall_told_on_the_clock(driver, live_site)
    for why in ({"c1": GONE, "c2": GONE, "c4": OTHER}, {}, {"c1": GONE, "c2": GONE, "c4": OTHER}, {}):
        lose(driver, **why)
    drawn = f"{apart(name, 1, 2)} are drawn again"
    said = until(lambda: told(driver, PAGE), lambda said: len(said) == 4, what="the charts told of four times")
    assert said[1] == said[3] == drawn, said
    until(lambda: told(driver, "c4"), lambda said: len(said) == 4, what="the chart alone told of four times")
    advance(driver, 3)  # 5 seconds after the first "drawn again", 3 after the second
    assert driver.execute_script(OUTAGE_JS) == drawn
    assert told(driver, "c4")[-1] == f"{name} (chart 4) is drawn again"
    advance(driver, 3)
    assert told(driver, PAGE) == [*said, ""]
    assert told(driver, "c4")[-1] == ""


def test_reasons_told_together_that_end_one_at_a_time_each_leave_the_outage_line(clocked, live_site):
    # Told at one poll, the woods' words stayed beside the pond's once the woods were reached again.
    driver = clocked
    frogs, bears, down = wall_held_back_on_the_clock(driver, live_site)
    down(frogs="the pond cannot be reached", bears="the woods cannot be reached")
    pond = f"{frogs}: {stale_words(driver, 'frogs')}"
    said = told(driver, PAGE)
    assert said == [f"{pond}. {bears}: {stale_words(driver, 'bears')}"], said
    down(frogs="the pond cannot be reached")
    assert told(driver, PAGE) == [*said, pond]
    down()
    assert told(driver, PAGE) == [*said, pond, "Every chart is updated again"]


def test_charts_told_lost_together_of_which_some_are_told_another_reason_together_tell_the_others_still_lost(
        clocked, live_site):
    driver = clocked
    name = opened_with_three_charts_lost(driver, live_site)
    lose(driver, c1=OTHER, c2=OTHER, c3=GONE)
    said = until(lambda: told(driver, PAGE), lambda said: len(said) > 1, what="the other reason told of")
    assert said[1] == (f"{apart(name, 1, 2)} still cannot be drawn: {OTHER}; "
                       f"{name} (chart 3) still cannot be drawn: {GONE}"), said
    lose(driver, c1=OTHER, c2=OTHER)  # the last drawn again, told in its own line: its words leave the line
    # Told as chart 3's image has loaded again, which may end after the poll that asked for it.
    again = until(lambda: told(driver, "c3"), lambda again: len(again) > 0, what="chart 3 told drawn again")
    assert again == [f"{name} (chart 3) is drawn again"]
    page = until(lambda: told(driver, PAGE), lambda page: len(page) > len(said), what="the charts still lost told")
    assert page == [*said, f"{apart(name, 1, 2)} still cannot be drawn: {OTHER}"]


def test_a_reason_still_so_stays_in_the_outage_line_as_charts_are_lost_and_drawn_again_beside_it(clocked, live_site):
    # Each news replaced the line: a reason a chart was still held back for left it as others were lost or drawn
    # again, and the charts still lost left it as a chart was held back.
    driver = clocked
    name = tall_told_on_the_clock(driver, live_site)
    driver.execute_script(DOWN_TOO_JS)
    lose(driver, c1=GONE, c2=GONE)
    lost = f"{apart(name, 1, 2)} can no longer be drawn: {GONE}"
    until(lambda: told(driver, PAGE), what="the charts of one cause told of")
    driver.execute_script("window.down = {c3: 'the pond cannot be reached'};")
    lose(driver, c1=GONE, c2=GONE)
    held = until(lambda: stale_words(driver, "c3"), what="the held back chart's line")
    stale = f"{apart(name, 3)}: {held}"
    assert until(lambda: driver.execute_script(OUTAGE_JS), lambda line: stale in line,
                 what="the reason told") == f"{lost}. {stale}", "the charts still lost left the line"
    lose(driver)
    drawn = f"{apart(name, 1, 2)} are drawn again"
    line = until(lambda: driver.execute_script(OUTAGE_JS), lambda line: drawn in line, what="the charts drawn again")
    assert line == f"{stale}. {drawn}", "the reason still so left the line"
    assert told(driver, PAGE) == [lost, stale, drawn], "a reason told again beside news"
    advance(driver, 6)
    assert driver.execute_script(OUTAGE_JS) == stale
    assert told(driver, PAGE) == [lost, stale, drawn, stale]
