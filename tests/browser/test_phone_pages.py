"""Every kind of page on a phone, held upright (390 × 844) and on its side (844 × 390), in Chromium's
mobile emulation: nothing sticks out past the screen, a form's fields and buttons are big enough for a
fingertip, and their text is big enough that a phone's browser does not zoom the page in as one
takes the focus."""
from __future__ import annotations

import pytest

from tests.browser.conftest import EXTRA_PREFIX
from tests.browser.screens import phone
from tests.browser.waits import until

UPRIGHT, ON_ITS_SIDE = (390, 844), (844, 390)
PAGES = ["/", "/d/weather", "/d/animals", "/d/animals/bears", "/datasets/weather", "/datasets/animals/append",
         "/upload", "/no-such-page", "/datasets/no-such-dataset", EXTRA_PREFIX + "/d/crowd"]
FINGERTIP = 44  # CSS pixels: the height of a target a finger finds (WCAG 2.5.5)
ZOOMS_BELOW = 16  # CSS pixels: a field whose text is smaller has iOS Safari zoom the page in as it takes the focus

# The page's fields and buttons a finger taps, and the bar's links: each as [what it is, its height]. A box
# or a radio button is tapped through its label, which stands for it; a link in a sentence is left out, as
# WCAG leaves it out: it is as tall as the words around it.
TARGETS = """return [...document.querySelectorAll('.top a, input:not([type=hidden]), select, textarea, button')]
    .filter(e => e.getClientRects().length)
    .map(e => e.matches('input[type=checkbox], input[type=radio]') ? e.closest('label') : e)
    .map(e => [e.tagName + (e.name ? '[' + e.name + ']' : '') + ' ' + e.textContent.trim().slice(0, 20),
               e.getBoundingClientRect().height]);"""
# Each field a phone types in: [its name, the size of its text in CSS pixels].
FIELD_TEXT = """return [...document.querySelectorAll('input:not([type=hidden], [type=checkbox], [type=radio]), select, textarea')]
    .filter(e => e.getClientRects().length)
    .map(e => [e.tagName + '[' + (e.name || e.type) + ']', parseFloat(getComputedStyle(e).fontSize)]);"""


@pytest.mark.parametrize("size", [UPRIGHT, ON_ITS_SIDE], ids=["upright", "on-its-side"])
@pytest.mark.parametrize("path", PAGES)
def test_a_page_on_a_phone_fits_its_screen_and_a_fingertip(browser, live_site, path, size):
    with phone(browser, *size) as driver:
        driver.get(live_site.url + path)
        width = driver.execute_script("return [document.documentElement.scrollWidth, innerWidth];")
        targets = driver.execute_script(TARGETS)
        fields = driver.execute_script(FIELD_TEXT)
    assert width[0] <= width[1] == size[0]
    assert targets, f"nothing to tap on {path}"
    assert [(what, height >= FINGERTIP) for what, height in targets] == [(what, True) for what, _ in targets], targets
    assert [(name, px >= ZOOMS_BELOW) for name, px in fields] == [(name, True) for name, _ in fields], fields


# Each chart image of the page's grid, or a chart page's chart, brought into view (those past its first rows
# load as they come into view): [the URL it loaded, its drawn width and height, its shown width and height].
CHART_IMAGES = """const images = [...document.querySelectorAll('.grid img, img#chart')];
    images.forEach(i => i.scrollIntoView());
    return images.map(i => [i.currentSrc, i.naturalWidth, i.naturalHeight, i.getBoundingClientRect().width,
                            i.getBoundingClientRect().height]);"""


def chart_images(driver) -> list[list]:
    """The page's chart images (`CHART_IMAGES`), once each has loaded."""
    return until(lambda: driver.execute_script(CHART_IMAGES), lambda images: images and all(i[1] for i in images),
                 what="every chart image loaded")


@pytest.mark.parametrize("size", [UPRIGHT, ON_ITS_SIDE], ids=["upright", "on-its-side"])
@pytest.mark.parametrize("path", ["/d/weather", "/d/animals", "/datasets/weather", "/d/animals/bears",
                                  "/d/weather/temperature?width=900&height=300"])
def test_a_phone_asks_for_each_chart_drawn_about_as_wide_as_it_shows_it(browser, live_site, path, size):
    with phone(browser, *size) as driver:
        driver.get(live_site.url + path)
        images = chart_images(driver)
    # Drawn 640 wide and shown 324 (upright) or 372 (on its side), its words were half their size.
    assert [(src, 0.8 <= drawn / shown <= 1.25) for src, drawn, _, shown, _ in images] == \
        [(src, True) for src, *_ in images], images
    # Scaled to the width, the height keeps the chart's ratio.
    assert [(src, abs(shown_h / shown_w - drawn_h / drawn_w) < 0.02) for src, drawn_w, drawn_h, shown_w, shown_h in images] == \
        [(src, True) for src, *_ in images], images


@pytest.mark.parametrize("path", ["/d/weather", "/datasets/weather", "/d/animals/bears"])
def test_a_desktop_asks_for_the_charts_as_drawn_before(browser, live_site, path):
    browser.driver.get(live_site.url + path)
    images = chart_images(browser.driver)
    sources = browser.driver.execute_script("return [...document.querySelectorAll('.grid img, img#chart')].map(i => i.src);")
    assert [src for src, *_ in images] == sources
    assert {drawn for _, drawn, *_ in images} == {640}


# The links under a chart page's chart, to its dataset and its formats: [their words, width, height].
CAPTION_LINKS = """return [...document.querySelectorAll('.chart-page figcaption a')]
    .map(a => [a.textContent.trim(), a.getBoundingClientRect().width, a.getBoundingClientRect().height]);"""
# Each link and button of a page's form, the chart page's (Update chart, Reset), the dashboard's (Apply and the
# quick ranges) and the append form's (Append rows, Cancel): [their words, left, top, right, bottom]. A link in a
# sentence is left out, as WCAG leaves it out; the forms have none.
FORM_TARGETS = """return [...document.querySelectorAll('form a, form button')].filter(e => e.getClientRects().length)
    .map(e => [e.textContent.trim(), ...['left', 'top', 'right', 'bottom'].map(side => e.getBoundingClientRect()[side])]);"""
APART = 8  # CSS pixels between two targets that are not FINGERTIP square (WCAG 2.5.8's spacing, with room)


@pytest.mark.parametrize("size", [UPRIGHT, ON_ITS_SIDE], ids=["upright", "on-its-side"])
def test_a_chart_pages_links_to_its_data_and_formats_are_a_fingertip_square(browser, live_site, size):
    with phone(browser, *size) as driver:
        driver.get(live_site.url + "/d/animals/bears")
        links = driver.execute_script(CAPTION_LINKS)
    assert [words for words, *_ in links] == ["animals", "SVG of the chart", "PNG of the chart", "PDF of the chart",
                                               "JSON of the chart's data", "CSV of the chart's data"]
    assert [(words, width >= FINGERTIP and height >= FINGERTIP) for words, width, height in links] == \
        [(words, True) for words, *_ in links], links


@pytest.mark.parametrize("size", [UPRIGHT, ON_ITS_SIDE], ids=["upright", "on-its-side"])
@pytest.mark.parametrize("path", ["/d/weather", "/d/stations", "/d/animals/bears", "/datasets/animals/append"])
def test_a_forms_links_and_buttons_are_a_fingertip_square_and_stand_apart(browser, live_site, path, size):
    with phone(browser, *size) as driver:
        driver.get(live_site.url + path)
        targets = driver.execute_script(FORM_TARGETS)
    assert len(targets) >= 2, targets
    # "Reset" was 42 px wide and 18 high, "Cancel" 51 by 18, a dashboard's quick range "All" 36 wide.
    assert [(words, right - left >= FINGERTIP and bottom - top >= FINGERTIP) for words, left, top, right, bottom in targets] == \
        [(words, True) for words, *_ in targets], targets
    # Side by side or one row above the other, as they wrap: the room between two, whichever way they lie.
    gaps = [(a[0], b[0], max(b[1] - a[3], a[1] - b[3], b[2] - a[4], a[2] - b[4]))
            for i, a in enumerate(targets) for b in targets[i + 1:]]
    assert [(a, b) for a, b, gap in gaps if gap < APART - 0.01] == [], gaps
