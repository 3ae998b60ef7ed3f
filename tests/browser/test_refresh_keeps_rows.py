"""Auto-refresh in a real browser keeps the rows the page chose: the swapped image carries them."""
from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

from tests.browser.conftest import EXTRA_PREFIX, POND
from tests.browser.test_refresh import frogs_after_writing, images


def test_a_swapped_chart_keeps_the_pages_range(browser, live_site):
    driver = browser.driver
    driver.get(live_site.url + EXTRA_PREFIX + "/d/live?from=2020-01-01")
    before = images(driver)
    assert all(dict(parse_qsl(urlsplit(i["src"]).query))["from"] == "2020-01-01" for i in before.values())

    # Other rows than any other test writes, so that the version surely changes.
    after = frogs_after_writing(driver, live_site, POND + "3,8\n4,13\n5,21\n", before)
    swapped = dict(parse_qsl(urlsplit(after["frogs"]["src"]).query))
    assert swapped["v"] != dict(parse_qsl(urlsplit(before["frogs"]["src"]).query))["v"], "the chart was not swapped"
    assert swapped["from"] == "2020-01-01"
    assert after["frogs"]["drawn"]
    assert after["bears"] == before["bears"]
