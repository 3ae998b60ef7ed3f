"""A refreshing dashboard's chart that cannot be drawn anew says so beside it, in a line that a
screen reader tells as it comes (by the page's outage line): since when it is not updated, and why (a 503 of its source, in
versions.json or of its new image; versions.json refused or not answered), until it is drawn again;
the chart shown stays."""
from __future__ import annotations

import os
import re
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from datetime import datetime, timedelta, timezone

from shots.accessibility import audit_page, load_axe
from tests.browser.conftest import CROWD, EXTRA_PREFIX
from tests.browser.page_clock import advance
from tests.browser.test_refresh import drawn_images, images, replace_file
from tests.browser.waits import WAIT_SECONDS, until


# The line beside a chart, and its status line, which a screen reader reads in its place: its role and words.
STALE_JS = """
var figure = document.querySelector('img[data-chart="' + arguments[0] + '"]').closest('figure');
var line = figure.querySelector('.stale'), said = figure.querySelector('.chart-status');
return line ? {words: line.textContent, role: said && said.getAttribute('role'), said: said && said.textContent} : null;
"""


# A chart image's URL (the site's, under a prefix or not) answered 503 in the browser's log: a render worker
# busy under load, or a source down as the image was asked for. The page keeps the chart it shows and says
# why beside it: what the test checks, not a fault of the page.
CHART_IMAGE_503 = re.compile(r"\S+/d/[^/?\s]+/[^/?\s]+\.(?:svg|png)(?:\?\S*)? - Failed to load resource: "
                             r"the server responded with a status of 503\b")


def page_faults(entries: list[dict]) -> list[dict]:
    """The browser log's SEVERE entries that say the page broke: a script's error (an exception no script
    caught, a `console.error`), or a load that failed of anything but a chart's image answered 503 (the
    page, its scripts, its stylesheet, versions.json, an image of another status)."""
    return [entry for entry in entries
            if entry["level"] == "SEVERE" and not CHART_IMAGE_503.match(entry["message"])]


def stale_line(driver, chart: str, done: Callable[[dict], bool], seconds: float = WAIT_SECONDS) -> dict:
    """The line beside the chart `chart` that says it is not updated, once it is there and `done`
    holds for it."""
    return until(lambda: driver.execute_script(STALE_JS, chart), lambda line: line is not None and done(line),
                 what=f"the line beside the chart {chart} that says it is not updated ({done.__name__})",
                 seconds=seconds)


def stale_words(driver, chart: str) -> str:
    """The words of the line beside the chart `chart` that says it is not updated, as they are now."""
    return driver.execute_script(STALE_JS, chart)["words"]


def has_words(line: dict) -> bool:
    return bool(line["words"])


def is_empty(line: dict) -> bool:
    return line["words"] == ""


def test_a_chart_kept_through_a_503_says_since_when_it_is_not_updated_and_why_until_it_draws_again(
        browser, live_site, accessibility):
    driver = browser.driver
    driver.get_log("browser")
    loaded = datetime.now(timezone.utc)
    driver.get(live_site.url + EXTRA_PREFIX + "/d/marsh")
    before = drawn_images(driver)["herons"]
    assert before["version"] and before["drawn"]
    assert stale_line(driver, "herons", is_empty) == {"words": "", "role": "status", "said": ""}
    away = live_site.marsh.with_name("marsh-away.db")
    os.replace(live_site.marsh, away)  # no wait mends it: its 503 has no Retry-After
    try:
        stale = stale_line(driver, "herons", has_words)
        seen = datetime.now(timezone.utc)
        # Told by the page's outage line, the chart's own told nothing of it.
        told = until(lambda: driver.execute_script("return document.querySelector('.outage').textContent;"), bool,
                     what="the page's outage line told of it")
        assert (told, stale["said"]) == (f"Line chart of herons by day: {stale['words']}", ""), "not told"
        assert images(driver)["herons"] == before, "the chart shown was not kept"
        assert audit_page(driver, load_axe(accessibility.axe_script), accessibility.axe_tags) == []
    finally:
        os.replace(away, live_site.marsh)
    # The moment of the last answer that found it current: after the page's load, and before the answer that
    # found it down came, which may be one the site began to answer before the file was moved.
    since = {(loaded + timedelta(seconds=passed)).strftime("%H:%M UTC")
             for passed in range(int((seen - loaded).total_seconds()) + 2)}
    assert re.fullmatch(r"Not updated since (\d\d:\d\d UTC): (.*)", stale["words"]).group(1) in since, stale
    assert stale["words"].endswith(": the source 'marsh' of dataset 'herons' cannot be opened: its SQLite file is "
                                   "not there: put the file back, or correct its path in the sources file (a ? or # "
                                   "in it written %3F or %23); it is read again once it is there"), stale
    # Read again a second after it was found down: drawn as before, it is current again.
    assert stale_line(driver, "herons", is_empty, 15)["words"] == "", "the line stayed"
    assert images(driver)["herons"] == before
    faults = page_faults(driver.get_log("browser"))
    assert not faults, faults


def chart_status(url: str) -> int:
    """The status a chart image's `url` answers now."""
    try:
        with urllib.request.urlopen(url) as answer:
            return answer.status
    except urllib.error.HTTPError as refused:
        return refused.code


# A script error thrown as the page runs, and an image of the herons chart asked for anew (`arguments[0]`).
THROW_AND_ASK_JS = """
setTimeout(function () { throw new Error('thrown by the test'); });
var img = document.createElement('img');
img.src = arguments[0];
document.body.appendChild(img);
"""


def test_the_stale_chart_s_check_fails_on_a_script_error_and_not_on_a_chart_image_s_503(browser, live_site):
    # What the check above fails on: the page's script error, not a chart image answered 503, which a
    # site under heavy load may answer any image of.
    driver = browser.driver
    driver.get(live_site.url + EXTRA_PREFIX + "/d/marsh")
    driver.get_log("browser")
    away = live_site.marsh.with_name("marsh-away.db")
    os.replace(live_site.marsh, away)
    logged: list[dict] = []
    try:
        driver.execute_script(THROW_AND_ASK_JS, f"{EXTRA_PREFIX}/d/marsh/herons.svg?title=Herons+again")

        def read() -> list[dict]:
            logged.extend(driver.get_log("browser"))
            return logged
        until(read, lambda entries: len([e for e in entries if e["level"] == "SEVERE"]) >= 2,
              what="the script error and the image's 503 logged")
    finally:
        os.replace(away, live_site.marsh)
        # The source read again before the next test's page: its herons chart drawn as before.
        until(lambda: chart_status(live_site.url + EXTRA_PREFIX + "/d/marsh/herons.svg?title=Herons+again"),
              lambda status: status == 200, what="the herons chart drawn again once its source is back", seconds=20)
    severe = [entry["message"] for entry in logged if entry["level"] == "SEVERE"]
    assert any(" 503 " in message for message in severe), severe  # which failed the check before
    [fault] = page_faults(logged)
    assert "Uncaught Error: thrown by the test" in fault["message"], fault


# versions.json as the test answers it, every poll alike: the herons chart as `arguments[0]` gives it.
FAKE_HERONS_JS = """
var herons = arguments[0];
var fetched = window.fetch;
window.fetch = function (url) {
  if (String(url).indexOf("/versions.json") < 0) return fetched.apply(this, arguments);
  return Promise.resolve({ok: true, json: function () { return Promise.resolve({ok: true, charts: {herons: herons}}); }});
};
"""


def test_a_chart_kept_through_a_503_of_versions_json_says_why_in_the_words_of_its_error(clocked, live_site):
    # Not the chart's alt text taken back off: the answer gives its reason beside its status.
    driver = clocked  # no poll of the site's, whose Date would tell its time, before the test answers them
    driver.get(live_site.url + EXTRA_PREFIX + "/d/marsh")
    before = drawn_images(driver)["herons"]
    assert before["version"] and before["drawn"]
    # The herons chart cannot be drawn now, for a reason its alt text words otherwise than the site would.
    driver.execute_script(FAKE_HERONS_JS, {"dataset": "herons", "version": None, "status": 503,
                                           "src": f"{EXTRA_PREFIX}/d/marsh/herons.svg", "alt": "Herons, resting",
                                           "error": "the heronry is closed for a moment", "notes": []})
    advance(driver, 1)  # its first poll
    words = stale_line(driver, "herons", has_words)["words"]
    # An answer without a Date (the site's send one) tells no time: since the page was opened.
    assert words == "Not updated since the page was opened: the heronry is closed for a moment", words
    assert images(driver)["herons"] == before


def test_a_chart_whose_new_image_answers_503_is_kept_saying_why_until_the_image_draws(clocked, live_site):
    # As when every render worker is busy, or the source goes down between the answer and the image:
    # an image of the words of its 503, which an <img> draws as any other, is not swapped in.
    driver = clocked  # no poll of the site's, whose Date would tell its time, before the test answers them
    driver.get(live_site.url + EXTRA_PREFIX + "/d/marsh")
    before = drawn_images(driver)["herons"]
    assert before["version"] and before["drawn"]
    anew = f"{EXTRA_PREFIX}/d/marsh/herons.svg?title=Herons+{time.monotonic_ns()}"
    away = live_site.marsh.with_name("marsh-away.db")
    os.replace(live_site.marsh, away)
    try:
        driver.execute_script(FAKE_HERONS_JS, {"dataset": "herons", "version": "anew", "src": anew,
                                               "alt": "Herons drawn anew", "notes": []})
        advance(driver, 1)  # its first poll names the new image
        stale = stale_line(driver, "herons", has_words)
        assert images(driver)["herons"] == before, "the image of the 503 was swapped in"
    finally:
        os.replace(away, live_site.marsh)
    assert re.fullmatch(r"Not updated since the page was opened: the source 'marsh' of dataset 'herons' cannot be opened: "
                        r"its SQLite file is not there: .*; it is read again once it is there", stale["words"]), stale
    # Asked for again as each wait after a 503 ends, on the test's clock, until the site (which reads the source
    # again a second after it found it down, on its own clock) draws it.
    def words_after_a_wait() -> str:
        advance(driver, 10)
        return stale_words(driver, "herons")

    assert until(words_after_a_wait, lambda words: words == "", what="the line gone once the image draws",
                 seconds=15) == "", "the line stayed"
    after = drawn_images(driver)["herons"]
    assert (after["src"], after["version"], after["alt"], after["drawn"]) == (anew, "anew", "Herons drawn anew", True)


def test_a_dashboard_whose_filter_value_left_the_data_says_its_charts_are_not_updated_and_why(browser, live_site):
    # versions.json refuses the page's own filter from then on: the charts stay as they were.
    driver = browser.driver
    driver.get(live_site.url + EXTRA_PREFIX + "/d/crowd-live?filter.who=name001")
    before = drawn_images(driver)["visits"]
    assert before["drawn"] and stale_line(driver, "visits", is_empty)["words"] == ""
    crowd = live_site.data_dir / "crowd.csv"
    try:
        replace_file(crowd, "".join(line for line in CROWD.splitlines(True) if ",name001," not in line))
        words = stale_line(driver, "visits", has_words)["words"]
        assert images(driver)["visits"] == before
    finally:
        replace_file(crowd, CROWD)
    assert re.fullmatch(r"Not updated since \d\d:\d\d UTC: filter\.who: column 'who' holds no value 'name001'; .*",
                        words), words
    assert stale_line(driver, "visits", is_empty)["words"] == "", "the line stayed"


def test_a_dashboard_whose_site_cannot_be_reached_says_its_charts_are_not_updated(browser, live_site):
    driver = browser.driver
    driver.get(live_site.url + EXTRA_PREFIX + "/d/crowd-live")
    assert drawn_images(driver)["visits"]["drawn"]
    driver.execute_script("""var fetched = window.fetch;
        window.fetch = function (url) {
          return String(url).indexOf("/versions.json") < 0 ? fetched.apply(this, arguments)
                                                           : Promise.reject(new TypeError("Failed to fetch"));
        };""")
    words = stale_line(driver, "visits", has_words)["words"]
    # Since the page was opened where its first poll was not answered, or a moment of the site's clock.
    assert re.fullmatch(r"Not updated since (the page was opened|\d\d:\d\d UTC): the site cannot be reached", words), words


def test_a_chart_gone_from_the_dashboard_says_it_is_not_updated_and_to_reload_the_page(browser, live_site):
    # Its file changed and the site started again: versions.json names other charts than the page's.
    driver = browser.driver
    driver.get(live_site.url + EXTRA_PREFIX + "/d/crowd-live")
    before = drawn_images(driver)["visits"]
    driver.execute_script("""var fetched = window.fetch;
        window.fetch = function (url) {
          if (String(url).indexOf("/versions.json") < 0) return fetched.apply(this, arguments);
          return Promise.resolve({ok: true, json: function () { return Promise.resolve({ok: true, charts: {}}); }});
        };""")
    words = stale_line(driver, "visits", has_words)["words"]
    assert re.fullmatch(r"Not updated since (the page was opened|\d\d:\d\d UTC): the dashboard no longer has this chart: "
                        r"reload the page to see the dashboard as it is now", words), words
    assert images(driver)["visits"] == before


ADDED_JS = """
var line = document.querySelector('.refresh-control + .stale');
return line && line.compareDocumentPosition(document.querySelector('.grid')) === 4
       ? {words: line.textContent, role: line.getAttribute('role')} : null;
"""


def test_a_chart_added_to_the_dashboard_says_before_the_charts_to_reload_the_page(browser, live_site):
    # Its file changed and the site started again: versions.json names a chart the page does not show.
    driver = browser.driver
    driver.get(live_site.url + EXTRA_PREFIX + "/d/crowd-live")
    before = drawn_images(driver)["visits"]
    assert driver.execute_script(ADDED_JS) == {"words": "", "role": "status"}
    driver.execute_script("""var fetched = window.fetch;
        var img = document.querySelector('img[data-chart="visits"]');
        var visits = {version: img.dataset.version, src: img.getAttribute('src'), alt: img.alt, notes: []};
        var charts = {visits: visits, newcomer: {version: "1", src: "/newcomer.svg", alt: "New", notes: []}};
        window.fetch = function (url) {
          if (String(url).indexOf("/versions.json") < 0) return fetched.apply(this, arguments);
          return Promise.resolve({ok: true, json: function () { return Promise.resolve({ok: true, charts: charts}); }});
        };""")
    added = until(lambda: driver.execute_script(ADDED_JS), lambda line: line and line["words"],
                  what="the line before the charts that says the dashboard has more")
    assert added == {"words": "This dashboard has charts that this page does not show, added since it was opened: "
                              "reload the page to see the dashboard as it is now", "role": "status"}, added
    assert images(driver)["visits"] == before
    assert stale_line(driver, "visits", is_empty)["words"] == "", "a chart still shown was said to be out of date"
