"""A reader of Windows' contrast themes (`forced-colors: active`, emulated with CDP as the system's setting
would give it, over a light and a dark palette), in real Chromium: the page takes the system's colours, and
what the site's colours drew stays drawn in them, never lost as an outline of `transparent` would be: each
Tab stop's outline, solid and 2px wide, on a desktop and on a phone, whose 44px targets keep theirs; the
border of every field and button; the frame round every chart and card; a field's placeholder, in the reader's
GrayText, as the system draws a hint, apart from what is typed."""
from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from tests.browser.screens import phone
from tests.browser.test_dark_pages import BEHIND
from tests.browser.test_focus_outlines import contrast, tab_stops

# A dashboard (its range, filter, Apply and quick ranges), a chart page whose refusal of its width is boxed
# in red, a dataset, the front page's cards, a refreshing dashboard's pause button and the upload form.
PAGES = ["/d/stations", "/d/stations/temperature?width=5", "/datasets/animals", "/", "/extra/d/live", "/upload"]

# Each shown field and button (a file field's button, which its own box has no border round), and each chart's
# and card's frame: its border and the colour behind it.
FRAMES = BEHIND + """return [...document.querySelectorAll(`#main :is(input:not([type=hidden], [type=checkbox], [type=radio]), select,
    textarea, button), figure.chart, .card`)].filter(e => e.getClientRects().length)
  .map(e => {const s = getComputedStyle(e, e.type === 'file' ? '::file-selector-button' : null);
    return {what: e.tagName + ' ' + (e.name || e.className || e.textContent.trim().slice(0, 20)),
            style: s.borderTopStyle, width: parseFloat(s.borderTopWidth), colour: s.borderTopColor,
            behind: behind(e.parentElement)};});"""


@contextmanager
def forced_colours(driver, scheme: str) -> Iterator[None]:
    """Emulate `forced-colors: active` over a `scheme` palette; back to the browser's own afterwards."""
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [
        {"name": "forced-colors", "value": "active"}, {"name": "prefers-color-scheme", "value": scheme}]})
    try:
        yield
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})


def opaque(colour: str) -> bool:
    """Whether a CSS `rgb(...)`/`rgba(...)` colour is drawn at least half opaque."""
    channels = re.findall(r"[\d.]+", colour)
    return len(channels) == 3 or float(channels[3]) >= 0.5


def assert_outlined(stops: list[dict]) -> None:
    """Each Tab stop draws a solid outline 2px wide at least, of a colour that stands out 3:1."""
    assert len(stops) >= 3, stops  # the skip link and the bar's links at least
    for stop in stops:
        element = stop["element"]
        named = f"{element.tag_name} {element.get_attribute('name') or element.get_attribute('textContent')[:40]!r}"
        assert stop["style"] == "solid" and stop["width"] >= 2, (named, stop)
        assert opaque(stop["colour"]) and contrast(stop["colour"], stop["behind"]) >= 3, (named, stop)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", PAGES)
def test_in_forced_colours_every_tab_stop_outline_and_every_frame_stays_drawn(browser, live_site, path, scheme):
    driver = browser.driver
    with forced_colours(driver, scheme):
        driver.get(live_site.url + path)
        assert driver.execute_script("return matchMedia('(forced-colors: active)').matches")
        frames = driver.execute_script(FRAMES)
        stops = tab_stops(driver)
    assert_outlined(stops)
    assert frames
    lost = [f for f in frames if f["style"] in ("none", "hidden") or f["width"] < 1 or not opaque(f["colour"])
            or contrast(f["colour"], f["behind"]) < 3]
    assert lost == [], lost


@pytest.mark.parametrize("path", ["/d/stations", "/d/animals/bears", "/datasets/animals/append"])
def test_in_forced_colours_a_phones_fingertip_targets_keep_their_outline(browser, live_site, path):
    with phone(browser) as driver, forced_colours(driver, "dark"):
        driver.get(live_site.url + path)
        stops = tab_stops(driver)
        tall = [stop for stop in stops if stop["element"].rect["height"] >= 44]
    assert tall, stops
    assert_outlined(stops)


# Each shown field with a placeholder: its name, its placeholder's colour, its own text's and its ground's.
PLACEHOLDERS = """return [...document.querySelectorAll('#main :is(input, textarea)[placeholder]')].filter(e => e.getClientRects().length)
  .map(e => {const s = getComputedStyle(e);
    return {name: e.name, colour: getComputedStyle(e, '::placeholder').color, text: s.color, ground: s.backgroundColor};});"""
# What a system colour keyword is drawn as now.
SYSTEM_COLOUR = """const probe = document.body.appendChild(document.createElement('div'));
probe.style.color = arguments[0];
const colour = getComputedStyle(probe).color;
probe.remove();
return colour;"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_in_forced_colours_a_placeholder_is_drawn_in_graytext_and_stands_out_from_its_field(browser, live_site, scheme):
    # The range's To field's "now" is dark red over the light palette and green over the dark: those are the
    # palettes' GrayText, the system's colour for a hint, which the site leaves to it.
    driver = browser.driver
    with forced_colours(driver, scheme):
        driver.get(live_site.url + "/d/stations")
        gray_text = driver.execute_script(SYSTEM_COLOUR, "GrayText")
        placeholders = driver.execute_script(PLACEHOLDERS)
    assert {"from", "to"} <= {field["name"] for field in placeholders}, placeholders
    for field in placeholders:
        assert field["colour"] == gray_text, (field, gray_text)
        assert contrast(field["colour"], field["ground"]) >= 4.5, field
