"""Pages on a phone's screen, in real Chromium: none is wider than the screen, a dashboard draws its
charts one to a row (at most two on a tablet), a long word wraps, and a wide screen keeps the
dashboard's columns. A desktop's screen zoomed to 200 % is as narrow as a small tablet's: it draws
each chart at least half its drawn width, not smaller than the page at 100 % drew it. A chart's page shows its
chart as wide as the screen allows, in its ratio, drawn about as wide as it is shown, whatever width its form
asks for."""
from __future__ import annotations

import pytest

from tests.browser.conftest import EXTRA_PREFIX, LONG_WORD
from tests.browser.screens import page_width, screen
from tests.browser.waits import until

PHONE, TABLET, DESKTOP = 360, 800, 1280
ZOOMED = (640, 720)  # 1280 and 1440 pixels wide at 200 %
WIDE = EXTRA_PREFIX + "/d/wide"  # six columns, and a long word in its title, description and a caption
TALLY = EXTRA_PREFIX + "/datasets/tally"  # a column name of one 200-character word

# Each chart's box on the page: its left edge and its width.
CHART_BOXES = """return [...document.querySelectorAll('.grid figure.chart')]
    .map(f => f.getBoundingClientRect()).map(r => [Math.round(r.left), r.width]);"""
# Each element that shows the long word as text: its tag, its right edge and how much of it its
# box hides. A table of rows is left out: it scrolls in a box of its own (the page width tells
# that it stays inside the screen).
LONG_WORD_EDGES = """return [...document.querySelectorAll('body *')]
    .filter(e => [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.includes(arguments[0])))
    .filter(e => !e.closest('.table-wrap'))
    .map(e => [e.tagName, e.getBoundingClientRect().right, e.scrollWidth - e.clientWidth]);"""


def chart_columns(driver) -> tuple[int, float]:
    """How many columns the page's grid of charts has, and the narrowest chart's width."""
    boxes = driver.execute_script(CHART_BOXES)
    assert boxes, "no charts on the page"
    return len({left for left, _ in boxes}), min(width for _, width in boxes)


@pytest.mark.parametrize("path", ["/d/weather", WIDE])
def test_a_dashboard_on_a_phone_draws_one_chart_to_a_row_as_wide_as_the_screen(browser, live_site, path):
    with screen(browser, PHONE) as driver:
        assert page_width(driver, live_site.url + path) <= PHONE
        columns, narrowest = chart_columns(driver)
    assert columns == 1
    assert narrowest >= PHONE - 60  # the page's margins only


@pytest.mark.parametrize("path", ["/d/weather", WIDE])
def test_a_dashboard_on_a_tablet_draws_at_most_two_charts_to_a_row(browser, live_site, path):
    with screen(browser, TABLET) as driver:
        assert page_width(driver, live_site.url + path) <= TABLET
        columns, narrowest = chart_columns(driver)
    assert columns == 2
    assert narrowest >= 300


@pytest.mark.parametrize("path, columns", [("/d/weather", 2), (WIDE, 6)])
def test_a_wide_screen_keeps_the_dashboard_s_columns(browser, live_site, path, columns):
    with screen(browser, DESKTOP) as driver:
        assert page_width(driver, live_site.url + path) <= DESKTOP
        assert chart_columns(driver)[0] == columns


@pytest.mark.parametrize("width", ZOOMED)
@pytest.mark.parametrize("path", ["/d/animals", "/datasets/weather"])
def test_a_screen_zoomed_to_200_percent_draws_each_chart_at_least_half_its_drawn_width(browser, live_site, path, width):
    with screen(browser, width, scale=2) as driver:
        assert page_width(driver, live_site.url + path) <= width
        columns, narrowest = chart_columns(driver)
        drawn = driver.execute_script("return Math.max(...[...document.querySelectorAll('.grid img')].map(i => +i.getAttribute('width')));")
    assert columns == 1
    assert narrowest >= drawn / 2, (narrowest, drawn)


def test_the_append_form_fits_a_phone(browser, live_site):
    with screen(browser, PHONE) as driver:
        assert page_width(driver, live_site.url + "/datasets/animals/append") <= PHONE
        form, rows = (driver.execute_script("return arguments[0].getBoundingClientRect().right;",
                                            driver.find_element("css selector", selector))
                      for selector in (".spec-form", ".spec-form textarea[name=rows]"))
    assert rows <= form


def test_a_chart_page_fits_a_phone_with_its_embed_snippets_inside_their_box(browser, live_site):
    with screen(browser, PHONE) as driver:
        assert page_width(driver, live_site.url + "/d/animals/bears") <= PHONE
        edges = driver.execute_script("""return [...document.querySelectorAll('.embed dd > *')]
            .map(e => [e.id, e.getBoundingClientRect().right, e.parentElement.getBoundingClientRect().right]);""")
    assert len(edges) == 4
    assert [(name, right <= box) for name, right, box in edges] == [(name, True) for name, _, _ in edges], edges


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
@pytest.mark.parametrize("path", [EXTRA_PREFIX + "/", WIDE, WIDE + "/c1", TALLY])
def test_a_long_word_wraps_inside_the_screen(browser, live_site, path, width):
    with screen(browser, width) as driver:
        assert page_width(driver, live_site.url + path) <= width
        edges = driver.execute_script(LONG_WORD_EDGES, LONG_WORD)
    assert edges, f"the long word is not on {path}"
    # Shown whole, on several lines, not cut off by its box.
    assert [(tag, right <= width, hidden) for tag, right, hidden in edges] == [(tag, True, 0) for tag, _, _ in edges]


# The chart page's image: [the URL it shows, its drawn width, its shown width and height].
CHART_IMAGE = """const img = document.getElementById('chart'); const box = img.getBoundingClientRect();
    return [img.currentSrc, img.naturalWidth, box.width, box.height];"""


@pytest.mark.parametrize("width", [600, 800, 1000, 1280, 1600])
def test_a_chart_page_draws_its_chart_about_as_wide_as_the_screen_shows_it(browser, live_site, width):
    # A chart 1200 px wide was drawn 1200 px wide on every screen from 540 px: a screen of 600 showed it 534 wide,
    # its words at less than half their size.
    with screen(browser, width) as driver:
        assert page_width(driver, live_site.url + "/d/animals/bears?width=1200&height=400") <= width
        src, drawn, shown, high = until(lambda: driver.execute_script(CHART_IMAGE), lambda image: image[1] > 0,
                                        what="the chart drawn")
    assert shown <= width - 66 and abs(high / shown - 400 / 1200) < 0.01, (src, shown, high)
    assert shown <= drawn <= shown * 1.35 or drawn == shown == 1200, (src, drawn, shown)
