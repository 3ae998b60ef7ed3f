"""How a refreshing dashboard left open for days waits between its polls: one poll at a time, a poll
the site does not answer given up and said so, none while the page is hidden, longer waits through an
outage and as long as a Retry-After asks, and so for a chart's image that fails. The page's clock is
the test's: its timers run as the test moves that clock on, so minutes pass in a moment and no
assertion rests on real time (tests/browser/page_clock.py)."""
from __future__ import annotations

from urllib.parse import unquote

import pytest

from tests.browser.conftest import EXTRA_PREFIX
from tests.browser.page_clock import (ANSWERED_JS, AS_SHOWN_JS, BUSY_FROGS_JS, CUT_OFF_503_JS, NEW_FROGS_JS, SHOW_JS,
                                      UNANSWERED_JS, UNREACHED_JS, advance, gaps, polls)
from tests.browser.test_refresh_broken import NO_IMAGE, NO_IMAGE_FROGS_JS
from tests.browser.test_refresh_stale import has_words, is_empty, stale_line, stale_words
from tests.browser.test_refresh_wall import offline


def test_a_poll_the_site_does_not_answer_is_given_up_and_said_so_with_no_other_sent_meanwhile(clocked, live_site):
    driver = clocked
    driver.get(live_site.url + EXTRA_PREFIX + "/d/live")
    driver.execute_script(UNANSWERED_JS)
    advance(driver, 30)
    assert len(polls(driver)) == 1, f"polls sent while one was on its way: {polls(driver)}"
    assert stale_words(driver, "frogs") == ""
    advance(driver, 60)
    # No answer has told the site's time: the page names no moment of the screen's clock.
    assert stale_words(driver, "frogs") == "Not updated since the page was opened: the site did not answer within 60 seconds"
    # Answered again: the next poll (its answer and the images it names come in the site's own time)
    # says the charts are current.
    driver.execute_script(ANSWERED_JS)
    advance(driver, 120)
    assert stale_line(driver, "frogs", is_empty)["words"] == "", "the line stayed once the site answered"


def test_a_hidden_page_sends_no_poll_and_asks_at_once_when_shown_again(clocked, live_site):
    driver = clocked
    driver.get(live_site.url + EXTRA_PREFIX + "/d/live")
    driver.execute_script(AS_SHOWN_JS)
    advance(driver, 1)
    assert len(polls(driver)) == 1
    driver.execute_script(SHOW_JS, True)
    advance(driver, 600)
    assert len(polls(driver)) == 1, "polls were sent while the page was hidden"
    driver.execute_script(SHOW_JS, False)
    advance(driver, 0)
    assert len(polls(driver)) == 2, "the page shown again did not ask at once"


def test_polls_not_answered_wait_twice_as_long_each_time_up_to_a_minute_then_as_set_once_answered(clocked, live_site):
    driver = clocked
    driver.get(live_site.url + EXTRA_PREFIX + "/d/live")  # refresh = 1
    driver.execute_script(UNREACHED_JS)
    advance(driver, 600)
    away = gaps(polls(driver))
    assert away[:6] == [2, 4, 8, 16, 32, 60] and set(away[6:]) == {60}, away
    driver.execute_script(AS_SHOWN_JS)
    advance(driver, 63)
    back = gaps(polls(driver))[len(away):]
    assert back[-3:] == [1, 1, 1], back
    assert stale_words(driver, "frogs") == ""


# A 503 with Retry-After, as the site answers while its dataset database is down.
RETRY_AFTER_JS = """
window.answer = function () {
  var body = {ok: false, status: 503, title: "Service Unavailable",
              error: "the dataset database did not answer within 2 seconds"};
  return Promise.resolve({ok: false, status: 503, statusText: "Service Unavailable",
                          headers: new Headers({"Content-Type": "application/json", "Retry-After": arguments[0]}),
                          json: function () { return Promise.resolve(body); }});
}.bind(null, arguments[0]);
"""


def test_a_poll_answered_503_with_retry_after_waits_as_long_before_the_next(clocked, live_site):
    driver = clocked
    driver.get(live_site.url + EXTRA_PREFIX + "/d/live")
    # Retry-After as a date, read against the answer's Date: tests/browser/test_refresh_wall.py.
    driver.execute_script(RETRY_AFTER_JS, "120")
    advance(driver, 300)
    waited = gaps(polls(driver))
    assert len(waited) == 2 and all(119 <= gap <= 120 for gap in waited), polls(driver)
    words = stale_line(driver, "frogs", has_words)["words"]
    # An answer without a Date (the site's send one) tells no time: since the page was opened.
    assert words == "Not updated since the page was opened: the dataset database did not answer within 2 seconds", words


def test_an_image_the_site_does_not_send_is_given_up_and_asked_for_again(clocked, live_site):
    driver = clocked
    driver.get(live_site.url + EXTRA_PREFIX + "/d/live")
    driver.execute_script(NEW_FROGS_JS)
    advance(driver, 30)
    assert driver.execute_script("return window.imagesAsked;") == ["/unanswered/frogs.svg?v=9"]
    advance(driver, 60)
    asked = driver.execute_script("return window.imagesAsked;")
    assert asked[1:2] == ["/unanswered/frogs.svg?v=9"], "the image was not asked for again"


def image(driver, chart: str) -> str:
    """The URL of the image shown of chart `chart`."""
    return driver.execute_script(
        'return document.querySelector(`img[data-chart="${arguments[0]}"]`).getAttribute("src");', chart)


@pytest.mark.parametrize("retry_after", [None, "120"])
def test_a_chart_whose_image_answers_503_is_asked_for_again_after_a_wait_as_a_poll_is(clocked, live_site, retry_after):
    # Its source out of reach, a render stopped at a limit: not asked for again at every poll, while
    # the other charts are asked for theirs at every poll.
    driver = clocked
    driver.get(live_site.url + EXTRA_PREFIX + "/d/live")  # refresh = 1
    driver.execute_script(BUSY_FROGS_JS, retry_after)
    advance(driver, 600)
    asked = driver.execute_script("return window.asked;")
    waited = gaps(asked["frogs"])
    if retry_after is None:
        assert waited[:6] == [2, 4, 8, 16, 32, 60] and set(waited[6:]) == {60}, waited
    else:
        assert len(waited) >= 3 and set(waited) == {120}, waited
    assert asked["bears"] == polls(driver), "the chart that loads was not asked for at every poll"
    assert stale_words(driver, "frogs") == "Not updated since the page was opened: every render worker is busy"
    # Drawn at the end of its wait, it is shown; failing again (no Retry-After now), it waits as after a
    # first failure.
    driver.execute_script("window.busy = false;")
    advance(driver, 121)
    assert stale_line(driver, "frogs", is_empty)["words"] == ""
    assert "Frogs" in unquote(image(driver, "frogs"))
    driver.execute_script("window.busy = true; window.retryAfter = null; window.frogs = 'Frogs again';")
    before = len(driver.execute_script("return window.asked.frogs;"))
    advance(driver, 20)
    assert gaps(driver.execute_script("return window.asked.frogs;")[before:]) == [2, 4, 8], "the wait was not set back"


def test_a_chart_whose_image_is_no_image_waits_twice_as_long_each_time_through_the_network_coming_back(
        clocked, live_site):
    # The site answered it: the browser online again every 10 seconds asks for it no sooner. (The image fails
    # in the browser's own time, not the page's clock's, which may move on a moment meanwhile: a wait of 2 may
    # end a few seconds late.)
    driver = clocked
    driver.get(live_site.url + EXTRA_PREFIX + "/d/live")  # refresh = 1
    driver.execute_script(NO_IMAGE_FROGS_JS)
    for _ in range(40):
        advance(driver, 10)
        offline(driver, True)
        offline(driver, False)
    waited = gaps(driver.execute_script("return window.asked.frogs;"))
    assert waited[:5] == sorted(waited[:5]) and waited[4] >= 32 and min(waited[5:]) >= 60, waited
    assert stale_words(driver, "frogs").endswith(NO_IMAGE)


def test_a_chart_whose_image_answered_503_says_why_again_once_a_poll_is_answered_after_one_was_not(
        clocked, live_site):
    # The line said "the site cannot be reached" while the polls failed; the image waits on, and the next
    # answered poll puts back the image's own words, not the poll's.
    driver = clocked
    driver.get(live_site.url + EXTRA_PREFIX + "/d/live")  # refresh = 1
    driver.execute_script(BUSY_FROGS_JS, "120")  # the frogs chart's image asked again after 120 seconds
    busy = "Not updated since the page was opened: every render worker is busy"
    advance(driver, 3)
    assert stale_line(driver, "frogs", lambda line: line["words"] == busy)["words"] == busy
    driver.execute_script("window.busyAnswer = window.answer;" + UNREACHED_JS)
    advance(driver, 5)
    assert stale_words(driver, "frogs") == "Not updated since the page was opened: the site cannot be reached"
    driver.execute_script("window.answer = window.busyAnswer;")
    advance(driver, 10)
    assert len(driver.execute_script("return window.asked.frogs;")) == 1, "the image was asked for before its wait"
    assert stale_words(driver, "frogs") == busy


def test_a_chart_whose_image_answered_503_with_words_cut_off_says_it_is_not_updated(clocked, live_site):
    # The connection lost as the 503's words came: none to read, but the chart is not updated all the same,
    # where the line beside it said nothing, through every poll that named the image, until its wait was over.
    driver = clocked
    driver.get(live_site.url + EXTRA_PREFIX + "/d/live")  # refresh = 1
    driver.execute_script(BUSY_FROGS_JS, "120")  # the frogs chart's image asked again after 120 seconds
    driver.execute_script(CUT_OFF_503_JS)
    said = "Not updated since the page was opened: it cannot be drawn now"
    advance(driver, 3)
    assert stale_line(driver, "frogs", lambda line: line["words"] == said)["words"] == said
    advance(driver, 10)
    assert len(driver.execute_script("return window.asked.frogs;")) == 1, "the image was asked for before its wait"
    assert stale_words(driver, "frogs") == said
