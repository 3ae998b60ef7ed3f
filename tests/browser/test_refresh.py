"""Auto-refresh in a real browser: only the chart whose data changed is swapped, and it draws; the
swapped image keeps the rows the page chose; a chart that can no longer be drawn shows why."""
from __future__ import annotations

import os
import re
import time
from collections.abc import Callable
from urllib.parse import parse_qsl, urlsplit

import pytest
from selenium.webdriver.common.by import By

from tests.browser.conftest import EXTRA_PREFIX, POND
from tests.browser.waits import until
from tests.error_image_text import reason_image_url

IMAGES_JS = """
return Array.from(document.querySelectorAll('img[data-chart]')).map(function (img) {
  return {chart: img.dataset.chart, src: img.getAttribute('src'), version: img.dataset.version,
          alt: img.alt, drawn: img.complete && img.naturalWidth > 0};
});
"""


def images(driver) -> dict[str, dict]:
    return {image["chart"]: image for image in driver.execute_script(IMAGES_JS)}


def drawn_images(driver, *charts: str) -> dict[str, dict]:
    """The page's images once those of `charts` (none named: every one) are drawn: an image whose URL
    the page before showed too may still be loading when the page's load has ended."""
    def drawn(shown: dict[str, dict]) -> bool:
        return all(image["drawn"] for chart, image in shown.items() if not charts or chart in charts)

    return until(lambda: images(driver), drawn, what=f"the charts {', '.join(charts) or 'of the page'} drawn")


# The polls of versions.json the page has had answered so far.
ANSWERED_POLLS_JS = """
return performance.getEntriesByType("resource").filter(function (entry) {
  return entry.name.indexOf("/versions.json") >= 0;
}).length;
"""


def advance_polls(driver, count: int) -> None:
    """Wait for `count` more polls of the page's versions.json to be answered."""
    start = driver.execute_script(ANSWERED_POLLS_JS)
    until(lambda: driver.execute_script(ANSWERED_POLLS_JS), lambda seen: seen >= start + count,
          what=f"{count} more polls answered")


def frogs_after_writing(driver, live_site, pond: str, before: dict[str, dict]) -> dict[str, dict]:
    """Write `pond` as pond.csv, then the page's images once the frogs chart has been swapped and drawn."""
    return frogs_after(driver, lambda: (live_site.data_dir / "pond.csv").write_text(pond), before)


def frogs_after(driver, change: Callable[[], object], before: dict[str, dict]) -> dict[str, dict]:
    """`change` the data, then the page's images once the frogs chart has been swapped and drawn."""
    change()
    return until(lambda: images(driver),
                 lambda after: after["frogs"]["src"] != before["frogs"]["src"] and after["frogs"]["drawn"],
                 what="the frogs chart swapped and drawn")


def test_a_refreshing_dashboard_swaps_only_the_chart_whose_data_changed(browser, live_site):
    driver = browser.driver
    driver.get_log("browser")  # earlier pages' messages: the errors asserted on below are this page's
    driver.get(live_site.url + EXTRA_PREFIX + "/d/live")
    before = drawn_images(driver)
    assert set(before) == {"frogs", "bears"} and all(i["drawn"] for i in before.values())

    after = frogs_after_writing(driver, live_site, POND + "3,8\n", before)
    assert after["frogs"]["src"] != before["frogs"]["src"], "the changed chart was not swapped"
    assert after["frogs"]["version"] != before["frogs"]["version"]
    assert after["frogs"]["drawn"]
    assert after["bears"] == before["bears"], "a chart whose data did not change was swapped"
    errors = [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]
    assert not errors, errors


def test_a_swapped_chart_keeps_the_pages_range(browser, live_site):
    driver = browser.driver
    # Frogs counted by date, which the range narrows; the bears' years are numbers, which it cannot.
    replace_pond(live_site.data_dir, DATED_POND)
    driver.get(live_site.url + EXTRA_PREFIX + "/d/live?from=2020-01-01")
    before = drawn_images(driver)
    assert dict(parse_qsl(urlsplit(before["frogs"]["src"]).query))["from"] == "2020-01-01"
    assert "from" not in dict(parse_qsl(urlsplit(before["bears"]["src"]).query)), "a range that narrows nothing"

    # Other rows than any other test writes, so that the version surely changes.
    after = frogs_after_writing(driver, live_site, DATED_POND + "2020-01-03,8\n2020-01-04,13\n", before)
    swapped = dict(parse_qsl(urlsplit(after["frogs"]["src"]).query))
    assert swapped["v"] != dict(parse_qsl(urlsplit(before["frogs"]["src"]).query))["v"], "the chart was not swapped"
    assert swapped["from"] == "2020-01-01"
    assert after["frogs"]["drawn"]
    assert after["bears"] == before["bears"]


DATED_POND = "day,frogs\n2020-01-01,3\n2020-01-02,5\n"


def replace_pond(data_dir, text: str) -> None:
    """Replace pond.csv whole by a file of `text`, as README says to."""
    replace_file(data_dir / "pond.csv", text)


def replace_file(path, text: str) -> None:
    """Replace the data-folder file `path` whole by a file of `text`, as README says to."""
    path.with_name(path.name + ".new").write_text(text)
    os.replace(path.with_name(path.name + ".new"), path)


@pytest.mark.parametrize(("how", "why"), [("unreadable", "row 1 (line 2) has 3 values; the header has 2 columns"),
                                          ("removed", "no dataset 'pond'"),
                                          ("without its column", "y: no column 'frogs'")])
def test_a_chart_that_can_no_longer_be_drawn_is_swapped_for_its_error_and_back(browser, live_site, how, why):
    driver = browser.driver
    data_dir = live_site.data_dir
    driver.get(live_site.url + EXTRA_PREFIX + "/d/live")
    before = drawn_images(driver)
    assert before["frogs"]["version"] and before["frogs"]["drawn"]
    breaks = {"unreadable": lambda: replace_pond(data_dir, "day,frogs\n9,1,2\n"),
              "removed": lambda: (data_dir / "pond.csv").unlink(),
              "without its column": lambda: replace_pond(data_dir, "day,toads\n1,3\n")}
    try:
        broken = frogs_after(driver, breaks[how], before)
        # Its URL's `v` a digest of why in place of the data version: another for each reason.
        src = broken["frogs"]["src"]
        assert re.fullmatch(reason_image_url(EXTRA_PREFIX + "/d/live/frogs.svg"), src), src
        assert broken["frogs"]["alt"].startswith("This chart cannot be drawn: ") and why in broken["frogs"]["alt"]
        assert broken["frogs"]["version"] is None and broken["frogs"]["drawn"]
        assert broken["bears"] == before["bears"]
    finally:
        # Other rows than any other test writes, so that the version surely changes.
        mended = frogs_after(driver, lambda: replace_pond(data_dir, POND + "6,34\n"), images(driver))
    assert mended["frogs"]["version"] and "v=" in mended["frogs"]["src"] and mended["frogs"]["drawn"]
    assert not mended["frogs"]["alt"].startswith("This chart cannot be drawn")


# versions.json as the test answers it: each poll (the first ones in turn, then the last for good)
# after `delay` ms, naming `src` as the frogs chart's image, or failing (a 503) without a `src`;
# window.pollsAsked counts the polls, window.lateAnswered is set once a delayed answer has been given.
# Images are asked of the site.
FAKE_POLLS_JS = """
var answers = arguments[0], polls = 0;
window.lateAnswered = false;
window.pollsAsked = 0;
var fetched = window.fetch;
window.fetch = function (url) {
  if (String(url).indexOf("/versions.json") < 0) return fetched.apply(this, arguments);
  window.pollsAsked = polls + 1;
  var answer = answers[Math.min(polls++, answers.length - 1)];
  var body = {ok: true, charts: {frogs: {dataset: "pond", version: answer.version, src: answer.src, alt: answer.alt}}};
  return new Promise(function (resolve) {
    setTimeout(function () {
      if (answer.delay) window.lateAnswered = true;
      resolve({ok: Boolean(answer.src), json: function () { return Promise.resolve(body); }});
    }, answer.delay);
  });
};
"""


def fake_answer(src: str | None, delay_ms: int = 0) -> dict:
    return {"src": src, "version": src, "alt": f"Frogs from {src}", "delay": delay_ms}


# The polls after the test's answers fail, as while the site restarts: a wrong image swapped in by
# then would stay, where a later poll would swap the right one back.
FAILED = fake_answer(None)


def frogs_once(driver, done_js: str) -> dict:
    """The frogs image once `done_js` (a script returning true or false) is true, and half a second
    more for an image load it may have started."""
    until(lambda: driver.execute_script(done_js), what=f"the awaited answer ({done_js})")
    time.sleep(0.5)
    return images(driver)["frogs"]


def test_an_older_image_that_loads_late_does_not_replace_a_newer_one(browser, live_site):
    driver = browser.driver
    driver.get(live_site.url + EXTRA_PREFIX + "/d/live")
    token = time.monotonic_ns()  # new URLs: nothing cached from an earlier run
    older, newer = f"/slow/plot/older-{token}.svg?ms=2500", f"/slow/plot/newer-{token}.svg?ms=0"
    # The first poll names a chart that takes 2.5 s to load; the next, answered meanwhile, a newer one.
    driver.execute_script(FAKE_POLLS_JS, [fake_answer(older), fake_answer(newer), FAILED])
    # Loaded as an image, not only fetched for its status.
    loaded_js = (f"return performance.getEntriesByName(location.origin + {older!r})"
                 ".some(function (entry) {{ return entry.initiatorType === 'img'; }});")
    frogs = frogs_once(driver, loaded_js)
    assert frogs["src"] == newer, "the older image, loaded last, replaced the newer one"
    assert frogs["alt"] == f"Frogs from {newer}" and frogs["drawn"]


def test_a_poll_answered_after_the_updates_were_paused_does_not_replace_the_one_sent_on_resuming(browser, live_site):
    # One poll is sent at a time, so an older answer can come after a newer one only across a pause,
    # which gives up the poll on its way: this one's answer comes all the same.
    driver = browser.driver
    driver.get(live_site.url + EXTRA_PREFIX + "/d/live")
    token = time.monotonic_ns()
    older, newer = f"/slow/plot/older-{token}.svg?ms=0", f"/slow/plot/newer-{token}.svg?ms=0"
    # The first poll is answered 2.5 s late, after the one sent on resuming.
    driver.execute_script(FAKE_POLLS_JS, [fake_answer(older, 2500), fake_answer(newer), FAILED])
    frogs_once(driver, "return window.pollsAsked === 1;")
    button = driver.find_element(By.CSS_SELECTOR, ".refresh-control button")
    button.click()
    button.click()
    frogs = frogs_once(driver, "return window.lateAnswered;")
    assert frogs["src"] == newer, "the older answer, come last, replaced the newer one"
    assert frogs["version"] == newer and frogs["drawn"]


# versions.json as the test answers it, every poll alike: the rows shown in `showing`, and the visits
# chart (its image as the page shows it) with `notes`.
FAKE_WORDS_JS = """
var img = document.querySelector('img[data-chart="visits"]');
var visits = {dataset: "crowd", version: img.dataset.version, src: img.getAttribute('src'), alt: img.alt,
              notes: arguments[1]};
var body = {ok: true, showing: arguments[0], charts: {visits: visits}};
window.fetch = function () {
  return Promise.resolve({ok: true, json: function () { return Promise.resolve(body); }});
};
"""

WORDS_JS = """
var figure = document.querySelector('img[data-chart="visits"]').closest('figure');
var caption = figure.querySelector('figcaption');
return {showing: document.querySelector('.rows-form p.active').textContent, caption: caption ? caption.innerHTML : null};
"""


def words_after(driver, showing: str, notes: list[str]) -> dict:
    """The page's line of the rows shown and the visits chart's caption, once a poll answered with
    `showing` and `notes` has been applied."""
    driver.execute_script(FAKE_WORDS_JS, showing, notes)
    return until(lambda: driver.execute_script(WORDS_JS), lambda words: words["showing"] == f"Showing: {showing}",
                 what=f"the line of the rows shown written anew as {showing!r}")


def test_a_refreshing_dashboard_writes_anew_the_rows_shown_and_the_notes_under_its_charts(browser, live_site):
    driver = browser.driver
    driver.get(live_site.url + EXTRA_PREFIX + "/d/crowd-live?from=now-7d&filter.who=name001")
    assert driver.execute_script(WORDS_JS)["caption"] is None, "the chart has a note before the test gives it one"
    # A relative range's moments move on; a note may come (and go) with the data.
    later = "now-7d (2031-01-01 00:00:00 UTC) onwards · Who: name001"
    words = words_after(driver, later, ["Not filtered by Who: crowd has no text column who."])
    assert words["showing"] == f"Showing: {later}", "the line of the rows shown was not written anew"
    assert words["caption"] == '<span class="note">Not filtered by Who: crowd has no text column who.</span>'
    words = words_after(driver, "all rows", ["One <b>", "two"])
    assert words["caption"] == '<span class="note">One &lt;b&gt;</span> <span class="note">two</span>'
    words = words_after(driver, "now-7d (2031-01-02 00:00:00 UTC) onwards", [])
    assert words["caption"] is None, "a caption of no notes was left"


# versions.json as the test answers it, every poll alike: the visits chart with its image as the
# page shows it and `alt` as its alt text.
FAKE_ALT_JS = """
var img = document.querySelector('img[data-chart="visits"]');
var visits = {dataset: "crowd", version: img.dataset.version, src: img.getAttribute('src'), alt: arguments[0],
              notes: []};
var body = {ok: true, charts: {visits: visits}};
window.fetch = function () {
  return Promise.resolve({ok: true, json: function () { return Promise.resolve(body); }});
};
"""


def test_a_refreshing_dashboard_writes_anew_a_charts_alt_text_whose_image_url_stays(browser, live_site):
    driver = browser.driver
    driver.get(live_site.url + EXTRA_PREFIX + "/d/crowd-live")
    before = images(driver)["visits"]
    # A chart whose words change (a filter's values named anew) keeps its image URL.
    alt = "This chart cannot be drawn: another reason than before."
    driver.execute_script(FAKE_ALT_JS, alt)
    after = until(lambda: images(driver)["visits"], lambda image: image["alt"] == alt,
                  what="the visits chart's alt text written anew")
    assert after["src"] == before["src"]

