"""Where the keyboard's focus is, as a sighted keyboard user sees it, in real Chromium: on every kind of
page, Tab reaches each link, field and button in the order the page reads, and each one it reaches draws
a solid outline at least 2px wide whose colour stands out 3:1 from what is around it (WCAG 2.4.11 and
1.4.11), in the site's blue on the page and a light blue on the dark bar of links, where the browser's
own thin ring of 1px was all there was; and so in a dark scheme, where the blue is a lighter one."""
from __future__ import annotations

import re

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

from tests.browser.test_auto_theme import colour_scheme
from tests.browser.test_skip_link import PAGES as SKIP_LINK_PAGES

# Every kind of page the skip link is tried on, and two dashboards of the extra folder, in a light scheme; in a
# dark one, a dashboard, a chart page whose refusal of its width is boxed in red, the focus on that field as
# the page loads, and the upload form. Each with the name of the field the page puts the focus on (None: none).
PAGES = [*SKIP_LINK_PAGES, "/extra/d/live", "/extra/d/crowd"]
SCHEMES_AND_PAGES = [*(("light", path, None) for path in PAGES), ("dark", "/d/stations", None),
                     ("dark", "/d/stations/temperature?width=5", "width"), ("dark", "/upload", None)]

# What a keyboard can reach, in the order the page's HTML reads.
FOCUSABLE = ("return [...document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, "
             "[tabindex]')].filter(e => e.tabIndex >= 0 && !e.disabled);")
# The focused element, its outline and the colour behind it: that of the first element with a background at
# a point just past its outline (left of it, or right where the page's edge is there), found as painted.
FOCUSED = """
const e = document.activeElement, s = getComputedStyle(e), box = e.getBoundingClientRect();
const past = parseFloat(s.outlineOffset) + parseFloat(s.outlineWidth) + 2;
const x = box.left - past >= 0 ? box.left - past : box.right + past;
const y = Math.min(Math.max((box.top + box.bottom) / 2, 0), innerHeight - 1);
let behind = getComputedStyle(document.documentElement).backgroundColor;
for (const under of document.elementsFromPoint(x, y)) {
  const colour = getComputedStyle(under).backgroundColor;
  if (!/^rgba\\(.*, 0\\)$/.test(colour) && colour !== 'transparent') { behind = colour; break; }
}
return {element: e, style: s.outlineStyle, width: parseFloat(s.outlineWidth), colour: s.outlineColor, behind};
"""


def luminance(colour: str) -> float:
    """The relative luminance of a CSS `rgb(...)` colour, as WCAG defines it."""
    channels = [int(c) / 255 for c in re.findall(r"\d+", colour)[:3]]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG's contrast ratio of two colours, 1 to 21."""
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def tab_stops(driver) -> list[dict]:
    """What each Tab from the top of the page focuses, until the focus leaves the page's content."""
    stops = []
    for _ in range(100):
        ActionChains(driver).send_keys(Keys.TAB).perform()
        stop = driver.execute_script(FOCUSED)
        if stop["element"].tag_name == "body" or (stops and stop["element"] == stops[0]["element"]):
            break
        stops.append(stop)
    return stops


@pytest.mark.parametrize("scheme, path, focused", SCHEMES_AND_PAGES)
def test_tab_reaches_every_control_in_reading_order_each_with_an_outline_that_stands_out(browser, live_site, scheme,
                                                                                          path, focused):
    driver = browser.driver
    with colour_scheme(driver, scheme):
        driver.get(live_site.url + path)
        on_load = driver.switch_to.active_element
        stops = tab_stops(driver)
        focusable = driver.execute_script(FOCUSABLE)
    assert (None if on_load.tag_name == "body" else on_load.get_attribute("name")) == focused
    # From the top of the page, or on from the field a refusal put the focus on.
    start = focusable.index(on_load) + 1 if focused else 0
    assert len(stops) >= 3  # the skip link and the bar's links at least
    assert [stop["element"] for stop in stops] == focusable[start:]
    for stop in stops:
        element = stop["element"]
        named = f"{element.tag_name} {element.get_attribute('name') or element.get_attribute('textContent')[:40]!r}"
        assert stop["style"] == "solid" and stop["width"] >= 2, (named, stop)
        assert contrast(stop["colour"], stop["behind"]) >= 3, (named, stop["colour"], stop["behind"])
