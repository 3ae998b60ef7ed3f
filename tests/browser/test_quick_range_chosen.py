"""A dashboard's quick range in force, as a sighted reader sees it, in real Chromium: its button is bold and
framed 2px in the links' colour, which stands out 3:1 from the form's box, its words 4.5:1 from its own
background, in a light and a dark scheme; under Windows' contrast themes it is filled in the reader's
Highlight, apart from the others. There the dark bar of links keeps an edge and the focus outline is the
reader's Highlight. A refreshing dashboard keeps the mark on the range in force as it polls. The buttons stand
where they stood whichever range is in force, as wide chosen, in bold, as not."""
from __future__ import annotations

import io
import re

import pytest
from PIL import Image
from selenium.webdriver.common.by import By

from tests.browser.conftest import EXTRA_PREFIX
from tests.browser.screens import phone
from tests.browser.test_auto_theme import colour_scheme
from tests.browser.test_dark_pages import BEHIND
from tests.browser.test_focus_outlines import contrast, tab_stops
from tests.browser.test_forced_colours import forced_colours
from tests.browser.test_refresh import advance_polls, words_after

# Each quick range button: its words, whether it is marked, its look and the colour behind it.
BUTTONS = BEHIND + """return [...document.querySelectorAll('.rows-form .quick button')].map(b => {const s = getComputedStyle(b);
  return {words: b.textContent, current: b.getAttribute('aria-current'), weight: parseInt(s.fontWeight),
          style: s.borderTopStyle, width: parseFloat(s.borderTopWidth), border: s.borderTopColor,
          colour: s.color, back: behind(b), behind: behind(b.parentElement)};});"""
# What a system colour keyword is drawn as now.
SYSTEM_COLOUR = """const probe = document.body.appendChild(document.createElement('div'));
probe.style.color = arguments[0];
const colour = getComputedStyle(probe).color;
probe.remove();
return colour;"""
# Each quick range button's words and box: left, top, width and height.
BOXES = """return [...document.querySelectorAll('.rows-form .quick button')].map(b => {const r = b.getBoundingClientRect();
  return [b.textContent, r.left, r.top, r.width, r.height];});"""
BAR = """const s = getComputedStyle(document.querySelector('.top'));
return {style: s.borderBottomStyle, width: parseFloat(s.borderBottomWidth), colour: s.borderBottomColor};"""


def drawn(colour: str, behind: str) -> str:
    """The `rgb(...)` a CSS colour, opaque or not (`rgba(5, 0, 73, 0.8)`), is drawn as over `behind`."""
    *channels, alpha = [*map(float, re.findall(r"[\d.]+", colour)), 1.0][:4]
    under = [float(c) for c in re.findall(r"[\d.]+", behind)[:3]]
    return "rgb({}, {}, {})".format(*(round(c * alpha + u * (1 - alpha)) for c, u in zip(channels, under)))


def channels(colour: str) -> tuple[int, ...]:
    """The red, green and blue of a CSS `rgb(...)` colour."""
    return tuple(int(c) for c in re.findall(r"\d+", colour)[:3])


def near(pixel: tuple[int, ...], colour: tuple[int, ...]) -> bool:
    """Whether a pixel is drawn in `colour`, but for rounding."""
    return all(abs(a - b) <= 3 for a, b in zip(pixel, colour))


def quick_buttons(driver, url: str) -> tuple[dict, list[dict]]:
    """The quick range button marked on the page at `url`, which must be one, and the others."""
    driver.get(url)
    buttons = driver.execute_script(BUTTONS)
    marked = [button for button in buttons if button["current"] == "true"]
    assert len(marked) == 1, buttons
    return marked[0], [button for button in buttons if button["current"] is None]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_quick_range_in_force_is_bold_and_framed_in_the_links_colour(browser, live_site, scheme):
    driver = browser.driver
    with colour_scheme(driver, scheme):
        chosen, others = quick_buttons(driver, live_site.url + "/d/weather?from=now-7d")
        link = driver.execute_script("return getComputedStyle(document.querySelector('main a[href]')).color")
    assert chosen["words"] == "Last 7 days"
    assert chosen["weight"] >= 700 and all(other["weight"] < 700 for other in others), (chosen, others)
    assert chosen["style"] == "solid" and chosen["width"] == 2 and chosen["border"] == link, chosen
    assert contrast(chosen["border"], chosen["behind"]) >= 3, chosen
    assert contrast(chosen["colour"], chosen["back"]) >= 4.5, chosen
    assert all(other["border"] != link for other in others), others


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_in_forced_colours_the_quick_range_in_force_is_filled_in_highlight(browser, live_site, scheme):
    driver = browser.driver
    with forced_colours(driver, scheme):
        chosen, others = quick_buttons(driver, live_site.url + "/d/weather")
        highlight, highlight_text = (driver.execute_script(SYSTEM_COLOUR, name) for name in ("Highlight", "HighlightText"))
        shot = driver.find_element(By.CSS_SELECTOR, ".quick [aria-current=true]").screenshot_as_png
    assert chosen["words"] == "All"
    assert chosen["back"] == highlight and chosen["colour"] == highlight_text, (chosen, highlight)
    # Chromium's emulated Highlight is 80 % opaque: its words stand out from it as it is drawn on the page.
    assert contrast(chosen["colour"], drawn(chosen["back"], chosen["behind"])) >= 4.5, chosen
    assert all(other["back"] != highlight for other in others), others
    # As painted: its ground is the Highlight it computes, not the system's colour for every button, and its
    # words show on it (the styles alone said so while Chromium painted white words on a white ground).
    pixels = Image.open(io.BytesIO(shot)).convert("RGB").getcolors(1 << 16)
    ground, words = (channels(drawn(colour, chosen["behind"])) for colour in (highlight, highlight_text))
    assert near(max(pixels)[1], ground), (max(pixels), ground)
    assert sum(count for count, pixel in pixels if near(pixel, words)) >= 20, (sorted(pixels)[-5:], words)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_in_forced_colours_the_bar_of_links_has_an_edge_and_the_focus_outline_is_highlight(browser, live_site,
                                                                                          scheme):
    driver = browser.driver
    with forced_colours(driver, scheme):
        driver.get(live_site.url + "/d/weather")
        bar = driver.execute_script(BAR)
        text, highlight = (driver.execute_script(SYSTEM_COLOUR, name) for name in ("CanvasText", "Highlight"))
        stops = tab_stops(driver)
    assert bar == {"style": "solid", "width": 1, "colour": text}, bar
    assert len(stops) >= 3 and all(stop["colour"] == highlight for stop in stops), [
        (stop["element"].tag_name, stop["colour"]) for stop in stops if stop["colour"] != highlight]


def test_a_refreshing_dashboard_keeps_the_mark_on_the_range_in_force_as_it_polls(browser, live_site):
    driver = browser.driver
    driver.get(live_site.url + EXTRA_PREFIX + "/d/crowd-live?from=now-30d")
    advance_polls(driver, 2)
    # A poll that writes the form's line of the rows shown anew leaves the quick ranges' mark where it was.
    later = "now-30d (2031-01-01 00:00:00 UTC) onwards"
    assert words_after(driver, later, [])["showing"] == f"Showing: {later}"
    marked = driver.execute_script("return [...document.querySelectorAll('.quick [aria-current=true]')]"
                                   ".map(b => b.textContent)")
    assert marked == ["Last 30 days"]


@pytest.mark.parametrize("screen", ["light", "dark", "phone"])
def test_the_quick_ranges_stand_still_whichever_is_in_force(browser, live_site, screen):
    # Bold and framed 2px, "Last 24 hours" was 13px wider chosen than not (15px in the dark scheme, 2px higher
    # too), which moved the buttons after it as the range changed.
    def boxes(driver) -> dict[str, list]:
        shown = {}
        for asked in ("from=now-24h", "from=now-7d", "from=now-30d", "from=now-1y", ""):
            driver.get(live_site.url + "/d/weather?" + asked)
            shown[quick_buttons(driver, driver.current_url)[0]["words"]] = driver.execute_script(BOXES)
        return shown

    if screen == "phone":
        with phone(browser) as driver:
            shown = boxes(driver)
    else:
        with colour_scheme(browser.driver, screen):
            shown = boxes(browser.driver)
    assert list(shown) == ["Last 24 hours", "Last 7 days", "Last 30 days", "Last year", "All"]
    first = shown["Last 24 hours"]
    assert all(boxes == first for boxes in shown.values()), shown
