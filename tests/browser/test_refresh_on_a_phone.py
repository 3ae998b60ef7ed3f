"""A refreshing dashboard on a phone: each new version of a chart is shown drawn 360 px wide, as the page's
first was, and the phone asks for that image alone; so is a chart that could not be drawn as the page loaded,
once it can, and the image saying why of one that can no longer be drawn."""
from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

from tests.browser.conftest import EXTRA_PREFIX, POND
from tests.browser.screens import phone
from tests.browser.test_refresh import drawn_images, frogs_after, frogs_after_writing, images, replace_pond
from tests.browser.waits import until

# The frogs chart's image: [the URL it shows, its drawn width, its shown width].
FROGS_JS = """const img = document.querySelector('img[data-chart="frogs"]');
    return [img.currentSrc, img.naturalWidth, img.getBoundingClientRect().width];"""
# The chart images the page asked for, in the order it asked.
ASKED_JS = """return performance.getEntriesByType('resource').map(e => e.name).filter(n => n.includes('.svg'));"""


def query(url: str) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(url).query))


def frogs_shown(driver, src: str) -> list:
    """The frogs chart's image (`FROGS_JS`) once the one its `src` stands for has loaded."""
    return until(lambda: driver.execute_script(FROGS_JS),
                 lambda shown: query(shown[0]).get("v") == query(src)["v"] and shown[1] > 0,
                 what="the frogs chart's new image shown")


def test_a_phone_shows_each_new_version_of_a_refreshing_chart_drawn_360_px_wide(browser, live_site):
    with phone(browser) as driver:
        driver.get(live_site.url + EXTRA_PREFIX + "/d/live")
        before = drawn_images(driver)
        first = frogs_shown(driver, before["frogs"]["src"])
        assert first[1] == 360 and query(first[0])["width"] == "360", first

        # Other rows than any other test writes, so that the version surely changes.
        after = frogs_after_writing(driver, live_site, POND + "4,21\n5,2\n", before)
        shown = frogs_shown(driver, after["frogs"]["src"])
        asked = driver.execute_script(ASKED_JS)
    assert query(after["frogs"]["src"])["v"] != query(before["frogs"]["src"])["v"]
    # The new version, drawn as wide as the phone shows it (324 px), where it was drawn 640 wide.
    assert shown[1] == 360 and 0.8 <= shown[1] / shown[2] <= 1.25, shown
    assert query(shown[0]) == {**query(after["frogs"]["src"]), "width": "360", "height": query(first[0])["height"]}
    # The phone asked for the new version's 360 px image, and never for its 640 px one.
    assert {url for url in asked if query(url).get("v") == query(after["frogs"]["src"])["v"]} == {shown[0]}, asked


def test_a_chart_that_could_not_be_drawn_as_the_page_loaded_is_shown_drawn_360_px_wide_once_it_can(browser, live_site):
    # Its <picture> was left out, and the chart drawn anew showed 640 px wide on the phone until a reload.
    data_dir = live_site.data_dir
    with phone(browser) as driver:
        replace_pond(data_dir, "day,toads\n1,3\n")  # the frogs chart's column gone
        try:
            driver.get(live_site.url + EXTRA_PREFIX + "/d/live")
            before = drawn_images(driver)
            assert before["frogs"]["version"] is None, before
        finally:
            # Other rows than any other test writes, so that the version surely changes.
            after = frogs_after(driver, lambda: replace_pond(data_dir, POND + "7,55\n"), before)
        shown = frogs_shown(driver, after["frogs"]["src"])
        asked = driver.execute_script(ASKED_JS)
    assert after["frogs"]["version"], after
    assert shown[1] == 360 and 0.8 <= shown[1] / shown[2] <= 1.25, shown
    assert query(shown[0]) == {**query(after["frogs"]["src"]), "width": "360", "height": "202"}
    assert {url for url in asked if query(url).get("v") == query(after["frogs"]["src"])["v"]} == {shown[0]}, asked


def test_a_chart_that_can_no_longer_be_drawn_shows_why_drawn_360_px_wide(browser, live_site):
    # Its image saying why was asked for at the chart's own size, 640 px wide, its words half their size on a phone.
    data_dir = live_site.data_dir
    with phone(browser) as driver:
        driver.get(live_site.url + EXTRA_PREFIX + "/d/live")
        before = drawn_images(driver)
        frogs_shown(driver, before["frogs"]["src"])
        try:
            broken = frogs_after(driver, lambda: replace_pond(data_dir, "day,toads\n1,3\n"), before)
            shown = frogs_shown(driver, broken["frogs"]["src"])
        finally:
            # Other rows than any other test writes, so that the version surely changes.
            frogs_after(driver, lambda: replace_pond(data_dir, POND + "9,34\n"), images(driver))
    assert broken["frogs"]["version"] is None, broken
    assert shown[1] == 360 and 0.8 <= shown[1] / shown[2] <= 1.25, shown
    assert query(shown[0]) == {**query(broken["frogs"]["src"]), "width": "360", "height": "202"}
