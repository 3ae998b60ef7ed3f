"""A dashboard on paper, as Chromium prints it: the rows it shows in words, its charts whole, and
none of its form's fields, placeholders or buttons, which would read as values and words; a chart
page prints its chart without its form. No page prints the site's bar, and none cuts a card of the
front page across two sheets or leaves a heading at the foot of one, apart from what it heads."""
from __future__ import annotations

import base64
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from tests.browser.conftest import EXTRA_PREFIX

STATIONS = "/d/stations"  # a range, a filter of a few values (a select), quick ranges
CROWD = EXTRA_PREFIX + "/d/crowd"  # a filter of many values: a typed field with a placeholder

# What each chart image and the form's parts show on the medium the page is laid out for.
SHOWN = """const shown = e => getComputedStyle(e).display !== 'none' && e.getClientRects().length > 0;
return {
  charts: [...document.querySelectorAll('.grid img')].map(i => [i.alt, i.naturalWidth > 0, shown(i)]),
  fields: [...document.querySelectorAll('.rows-form input, .rows-form select, .rows-form button')].filter(shown).length,
  showing: shown(document.querySelector('.rows-form .active')),
  whole: [...document.querySelectorAll('figure.chart')].map(f => getComputedStyle(f).breakInside),
};"""


@contextmanager
def printed(browser) -> Iterator:
    """The session's browser laying pages out for print; for the screen afterwards."""
    browser.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        yield browser.driver
    finally:
        browser.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


def open_drawn(driver, url: str) -> None:
    """Open `url` and wait until its charts are drawn (a chart is drawn after the page has loaded; a
    lazy one out of sight would never be)."""
    driver.get(url)
    driver.execute_async_script("""const done = arguments[arguments.length - 1];
        [...document.images].forEach(i => { i.loading = 'eager'; });
        Promise.all([...document.images].map(i => i.decode().catch(() => null))).then(() => done(null));""")


def pdf_text(driver, *options: str) -> str:
    """The text of the page as Chromium prints it to PDF, as pdftotext reads it (each sheet ending in a form feed)."""
    pdf = base64.b64decode(driver.execute_cdp_cmd("Page.printToPDF", {"printBackground": False})["data"])
    return subprocess.run(["pdftotext", *(options or ("-layout",)), "-", "-"], input=pdf, capture_output=True,
                          check=True).stdout.decode()


def sheets(driver) -> list[list[str]]:
    """The lines of text of each printed sheet of the page, in the order they are read."""
    return [[line.strip() for line in sheet.splitlines()] for sheet in pdf_text(driver, "-raw").split("\f")]


@pytest.mark.parametrize("path", [STATIONS, CROWD])
def test_a_printed_dashboard_shows_its_rows_in_words_and_no_form(browser, live_site, path):
    with printed(browser) as driver:
        open_drawn(driver, live_site.url + path)
        shown = driver.execute_script(SHOWN)
    assert shown["fields"] == 0
    assert shown["showing"]
    assert shown["charts"] and all(alt and drawn and visible for alt, drawn, visible in shown["charts"]), shown
    assert set(shown["whole"]) == {"avoid"}


def test_a_dashboard_printed_to_pdf_holds_no_placeholder_or_button_words(browser, live_site):
    open_drawn(browser.driver, live_site.url + STATIONS)
    text = " ".join(pdf_text(browser.driver).split())
    for words in ("now-7d or 2024-01-31", "Apply", "Quick ranges", "Last 24 hours", "Last 7 days", "From", "Time range"):
        assert words not in text
    assert "Showing: 2025-01-01 onwards" in text
    assert "Weekly mean temperature" in text  # a chart's title, drawn in its SVG as text


def test_a_printed_chart_page_shows_its_chart_and_no_form(browser, live_site):
    with printed(browser) as driver:
        open_drawn(driver, live_site.url + "/d/animals/bears")
        shown = driver.execute_script("""const shown = e => getComputedStyle(e).display !== 'none' && e.getClientRects().length > 0;
            return [shown(document.querySelector('#chart')), shown(document.querySelector('.spec-form'))];""")
    assert shown == [True, False]


@pytest.mark.parametrize("path", ["/", STATIONS, "/d/animals/bears", "/datasets/weather", "/upload"])
def test_a_printed_page_leaves_out_the_site_s_bar(browser, live_site, path):
    with printed(browser) as driver:
        driver.get(live_site.url + path)
        bar = driver.execute_script("return document.querySelector('header.top').getClientRects().length;")
    assert bar == 0


def test_a_printed_card_of_the_front_page_is_not_cut_across_two_sheets(browser, live_site):
    open_drawn(browser.driver, live_site.url + "/")
    cards = browser.driver.execute_script("""return [...document.querySelectorAll('.card')].map(card =>
        [card.querySelector('.card-title').textContent, card.querySelector('p:last-child').textContent]
        .map(words => words.split(/\\s+/).join(' ').trim()));""")
    pages = sheets(browser.driver)
    assert len(cards) >= 6 and len(pages) >= 2, (cards, len(pages))
    # A card's title is a line of its own (one title is a word of another's), its last line may wrap.
    where = {title: ([n for n, lines in enumerate(pages) if title in lines],
                     [n for n, lines in enumerate(pages) if last in " ".join(lines)]) for title, last in cards}
    cut = {title: sheets for title, sheets in where.items() if len(sheets[0]) != 1 or sheets[0] != sheets[1]}
    assert cut == {}


def test_a_printed_heading_is_on_the_sheet_of_what_it_heads(browser, live_site):
    open_drawn(browser.driver, live_site.url + "/d/animals/bears")
    pages = sheets(browser.driver)
    heading = [n for n, lines in enumerate(pages) if "Data behind the chart" in lines]
    table = [n for n, lines in enumerate(pages) if "year Bear" in lines]  # its header, on each sheet it is on
    assert len(heading) == 1 and heading == table[:1], (heading, table)


@pytest.mark.parametrize("path", ["/datasets/weather", "/d/weather/temperature"])
def test_a_printed_table_of_rows_shows_every_row_its_page_shows_under_its_header(browser, live_site, path):
    open_drawn(browser.driver, live_site.url + path)
    header, firsts = browser.driver.execute_script("""const table = document.querySelector('.table-wrap table');
        return [[...table.tHead.rows[0].cells].map(cell => cell.textContent.trim()).join(' '),
                [...table.tBodies[0].rows].map(row => row.cells[0].textContent.trim())];""")
    pages = sheets(browser.driver)
    # Each row whole on a line of its own (not cut through its letters at a sheet's foot).
    missing = [cell for cell in firsts if not any(line.startswith(cell + " ") for lines in pages for line in lines)]
    assert len(firsts) == 100 and missing == [], (len(firsts), len(missing), missing[:3])
    with_rows = [n for n, lines in enumerate(pages) if any(line.startswith(tuple(firsts)) for line in lines)]
    assert [n for n in with_rows if header not in pages[n]] == [], (header, with_rows)
