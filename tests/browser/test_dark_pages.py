"""A reader whose system prefers dark, in real Chromium (its colour scheme emulated with CDP, as the
system's setting would give it): every kind of page is dark, its text, links, fields, the bar, tables, cards
and error boxes standing out as WCAG asks (4.5:1 for text, 3:1 for a field's border), and axe-core finds
nothing; the browser's own fields and scrollbars follow the scheme. Paper stays white. The focus outline
stands out in either scheme (test_focus_outlines.py). A light reader's pages are unchanged
(test_shots_pages.py's baselines)."""
from __future__ import annotations

import pytest

from shots.accessibility import audit_page, load_axe
from tests.browser.test_auto_theme import DRAWN_JS, colour_scheme
from tests.browser.screens import phone
from tests.browser.test_focus_outlines import contrast, luminance
from tests.browser.waits import until

# Each kind of page: the front page, a dashboard (a form of ranges and a select), a chart page, one with
# its refusal boxed in red, a dataset, the upload and append forms (writes off: a notice boxed in red), a
# 404, a dashboard whose filter is a typed field, and a refreshing one with its pause button.
PAGES = ["/", "/d/stations", "/d/stations/temperature", "/d/stations/temperature?width=5", "/datasets/animals",
         "/upload", "/datasets/animals/append", "/d/nowhere", "/extra/d/crowd", "/extra/d/live"]

# The colour painted behind an element: the background of the nearest of it and its ancestors that has one,
# else the page's own.
BEHIND = """function behind(e) {
  for (let n = e; n; n = n.parentElement) {
    const c = getComputedStyle(n).backgroundColor;
    if (c !== 'transparent' && !/^rgba\\(.*, 0\\)$/.test(c)) return c;
  }
  return getComputedStyle(document.documentElement).backgroundColor;
}
const shown = e => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden'
  && !e.closest('noscript, option, datalist, .visually-hidden, .skip');
"""
# Each shown element that holds words of its own: its colour and the colour behind it.
TEXTS = BEHIND + """return [...document.body.querySelectorAll('*')].filter(shown)
  .filter(e => [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))
  .map(e => ({what: e.tagName + ' ' + e.textContent.trim().slice(0, 40), colour: getComputedStyle(e).color,
              behind: behind(e)}));"""
# Each shown field a reader types in or picks from: its border's colour and the colour of the box it is in.
FIELDS = BEHIND + """return [...document.querySelectorAll(
    'input:not([type=hidden], [type=checkbox], [type=radio], [type=file]), select, textarea')].filter(shown)
  .map(e => ({what: e.tagName + ' ' + (e.name || e.id), border: getComputedStyle(e).borderTopColor,
              width: parseFloat(getComputedStyle(e).borderTopWidth), behind: behind(e.parentElement),
              colour: getComputedStyle(e).color, back: behind(e)}));"""
PAGE = """const s = getComputedStyle(document.documentElement);
return {background: s.backgroundColor, colour: s.color, scheme: s.colorScheme};"""


@pytest.fixture
def dark(browser):
    """The session's browser with the reader's system preferring dark, until the test ends."""
    with colour_scheme(browser.driver, "dark"):
        yield browser.driver


@pytest.mark.parametrize("path", PAGES)
def test_in_a_dark_scheme_each_page_is_dark_its_words_and_fields_standing_out(dark, live_site, accessibility, path):
    dark.get(live_site.url + path)
    page = dark.execute_script(PAGE)
    assert luminance(page["background"]) < 0.02, page
    assert contrast(page["colour"], page["background"]) >= 7, page
    assert page["scheme"] == "light dark", page

    texts = dark.execute_script(TEXTS)
    assert texts
    low = [text for text in texts if contrast(text["colour"], text["behind"]) < 4.5]
    assert low == [], low
    # The dark page's boxes are dark too: no light box left behind dark-scheme text.
    assert all(luminance(text["behind"]) < 0.2 for text in texts), [t for t in texts if luminance(t["behind"]) >= 0.2]

    for field in dark.execute_script(FIELDS):
        assert field["width"] >= 1 and contrast(field["border"], field["behind"]) >= 3, field
        assert contrast(field["colour"], field["back"]) >= 4.5, field

    assert audit_page(dark, load_axe(accessibility.axe_script), accessibility.axe_tags) == []


def test_charts_are_asked_for_by_the_same_urls_in_either_scheme(browser, live_site):
    # A chart keeps the theme its URL or dashboard asks for: the animals dashboard's are light on a dark page.
    # Each image is brought into view and drawn first: one past the first rows loads only then.
    sources = "return [...document.images].map(i => i.currentSrc);"

    def drawn_sources() -> list[str]:
        browser.driver.execute_script("[...document.images].forEach(i => i.scrollIntoView());")
        until(lambda: browser.driver.execute_script(DRAWN_JS), what="every image of the page drawn")
        return browser.driver.execute_script(sources)

    browser.driver.get(live_site.url + "/d/animals")
    light = drawn_sources()
    assert len(light) == 5 and all(light), light
    with colour_scheme(browser.driver, "dark"):
        browser.driver.get(live_site.url + "/d/animals")
        assert drawn_sources() == light
        assert luminance(browser.driver.execute_script(PAGE)["background"]) < 0.02


def test_a_page_printed_by_a_reader_preferring_dark_is_dark_words_on_white(browser, live_site):
    driver = browser.driver
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {
        "media": "print", "features": [{"name": "prefers-color-scheme", "value": "dark"}]})
    try:
        driver.get(live_site.url + "/datasets/animals")
        page = driver.execute_script(PAGE)
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "", "features": []})
    assert luminance(page["colour"]) < 0.05, page
    assert luminance(page["background"]) > 0.9, page
    assert page["scheme"] == "light", page


# Each shown button: its words' colour, its own background and border, and the colour of the box it is in.
BUTTONS = BEHIND + """return [...document.querySelectorAll('#main button, #main input[type=submit]')].filter(shown)
  .map(e => ({what: e.tagName + ' ' + e.textContent.trim().slice(0, 20), colour: getComputedStyle(e).color,
              back: behind(e), border: getComputedStyle(e).borderTopColor,
              width: parseFloat(getComputedStyle(e).borderTopWidth), behind: behind(e.parentElement)}));"""
# The charts a phone is shown: the URL each image loaded, its <picture>'s phone image where it has one.
# The image each chart's <picture> chooses on this screen: its first <source> whose media matches, else its <img>'s
# own, read from the page's markup, as an image past the screen's first rows is not loaded yet (its currentSrc "").
PHONE_CHARTS = """
return [...document.querySelectorAll('.grid img, img#chart')].map(function (img) {
  var sources = img.parentElement.tagName === "PICTURE" ? [...img.parentElement.querySelectorAll("source")] : [];
  var chosen = sources.find(function (source) { return !source.media || matchMedia(source.media).matches; });
  return chosen ? chosen.srcset : img.getAttribute("src");
});
"""


# A dashboard (its quick ranges and Apply), a chart page (Update chart) and a dataset (no button).
@pytest.mark.parametrize("path, buttons", [("/d/stations", 6), ("/d/stations/temperature", 1), ("/datasets/animals", 0)])
def test_on_a_phone_in_a_dark_scheme_words_fields_and_its_big_buttons_stand_out(browser, live_site, path, buttons):
    with phone(browser) as driver:
        driver.get(live_site.url + path)
        light_charts = driver.execute_script(PHONE_CHARTS)
        with colour_scheme(driver, "dark"):
            driver.get(live_site.url + path)
            texts = driver.execute_script(TEXTS)
            fields = driver.execute_script(FIELDS)
            shown_buttons = driver.execute_script(BUTTONS)
            dark_charts = driver.execute_script(PHONE_CHARTS)
    assert texts
    low = [text for text in texts if contrast(text["colour"], text["behind"]) < 4.5]
    assert low == [], low
    assert [t for t in texts if luminance(t["behind"]) >= 0.2] == []
    for field in fields:
        assert field["width"] >= 1 and contrast(field["border"], field["behind"]) >= 3, field
        assert contrast(field["colour"], field["back"]) >= 4.5, field
    # The fingertip's buttons are the page's dark ones, not the browser's own grey.
    assert len(shown_buttons) == buttons, shown_buttons
    for button in shown_buttons:
        assert luminance(button["back"]) < 0.05, button
        assert contrast(button["colour"], button["back"]) >= 4.5, button
        assert button["width"] >= 1 and contrast(button["border"], button["behind"]) >= 3, button
    # The phone's images of the charts are the same in either scheme.
    assert dark_charts == light_charts and light_charts
    assert all("width=360" in url for url in light_charts if "/d/" in url), light_charts
