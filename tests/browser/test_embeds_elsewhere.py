"""Charts embedded by a page of another site, in real Chromium: a mangled URL still draws its
message, a redirect is followed, and the page tells a broken chart from a good one."""
from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

from shots import LiveServer

# Each image as a page of another site may embed it, asking to read it (crossorigin).
EMBEDS = {
    "escaped": "/plot/animals.svg%3Fy%3DBear",  # its ? escaped twice: a 404 SVG
    "slashed": "/plot/animals.svg/?y=Bear",  # redirected to the chart
    "proxied": "/plot/animals.svg?kind=pie&errors=image",  # an error as a 200 image
    "good": "/plot/animals.svg?y=Bear",
    # A PNG's refusal is a PNG of the same drawing (an e-mail's chart is a PNG): drawn as the chart's size,
    # at its scale, whether answered 400 or, with errors=image, 200.
    "png_refused": "/plot/animals.png?kind=pie",
    "png_proxied": "/plot/animals.png?kind=pie&errors=image",
    "png_scaled": "/plot/animals.png?kind=pie&scale=2&width=300",
}
PAGE = ('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Embeds</title></head><body>'
        '{images}</body></html>')
# Each image once it has loaded or failed: whether it drew, and the status Resource Timing gives it.
LOADED_JS = """
const done = arguments[arguments.length - 1];
Promise.all([...document.images].map(img => img.complete ? null : new Promise(ok => { img.onload = img.onerror = ok; })))
  .then(() => done(Object.fromEntries([...document.images].map(img => {
    const timing = performance.getEntriesByName(img.src).pop();
    return [img.id, {width: img.naturalWidth, status: timing ? timing.responseStatus : null}];
  }))));
"""
# What a script of the page reads of a chart it fetches: its status, X-Chart-Error and marker.
FETCHED_JS = """
const done = arguments[arguments.length - 1];
fetch(arguments[0]).then(async answer => done({status: answer.status, error: answer.headers.get("X-Chart-Error"),
                                               marked: (await answer.text()).includes('class="chart-error"')}))
  .catch(error => done({failed: String(error)}));
"""


@pytest.fixture
def embedding_page(live_site) -> Iterator[str]:
    """A page of another site (another origin) that embeds EMBEDS of the live site as <img crossorigin>."""
    other = Flask("elsewhere")
    images = "".join(f'<img id="{name}" crossorigin="anonymous" src="{live_site.url}{path}" alt="{name}">'
                     for name, path in EMBEDS.items())
    other.get("/")(lambda: PAGE.format(images=images))
    with LiveServer(other) as server:
        yield server.url + "/"


def test_embedded_charts_draw_and_tell_their_status_to_a_page_of_another_site(browser, embedding_page):
    browser.driver.get(embedding_page)
    loaded = browser.driver.execute_async_script(LOADED_JS)
    assert loaded == {"escaped": {"width": 640, "status": 404}, "slashed": {"width": 640, "status": 200},
                      "proxied": {"width": 640, "status": 200}, "good": {"width": 640, "status": 200},
                      "png_refused": {"width": 640, "status": 400}, "png_proxied": {"width": 640, "status": 200},
                      "png_scaled": {"width": 600, "status": 400}}


@pytest.mark.parametrize(("name", "seen"), [
    ("escaped", {"status": 404, "error": None, "marked": True}),
    ("slashed", {"status": 200, "error": None, "marked": False}),
    ("proxied", {"status": 200, "error": "400 kind must be one of line, bar, barh, scatter, area, hist, box; "
                                         "got 'pie'", "marked": True}),
])
def test_a_script_of_another_site_tells_a_broken_chart_from_a_good_one(browser, embedding_page, live_site, name, seen):
    browser.driver.get(embedding_page)
    assert browser.driver.execute_async_script(FETCHED_JS, live_site.url + EMBEDS[name]) == seen
