"""Names and values in Hebrew and Arabic inside a page's English sentences, as Chromium lays them out: each
stays where the sentence puts it, left to right in the order written, rather than the run of
right-to-left names and the words and punctuation between them being turned around as one."""
from __future__ import annotations

import re

import pytest

from app.config import STATIC_DIR
from tests.right_to_left_site import BOTH_CITIES, FILTERED, right_to_left_site

SITE_CSS = (STATIC_DIR / "site.css").read_text(encoding="utf-8")
# The left edge, on the screen, of each of `arguments[1]` (texts, in the order the page holds them) in the
# first element `arguments[0]` selects: each found in its text after the one before it.
LEFT_EDGES = """
const [selector, texts] = arguments, element = document.querySelector(selector);
const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT), nodes = [];
while (walker.nextNode()) nodes.push(walker.currentNode);
let at = 0, offset = 0;
return texts.map(text => {
  for (; at < nodes.length; at++, offset = 0) {
    const found = nodes[at].data.indexOf(text, offset);
    if (found < 0) continue;
    const range = document.createRange();
    range.setStart(nodes[at], found);
    range.setEnd(nodes[at], found + text.length);
    offset = found + text.length;
    return range.getBoundingClientRect().left;
  }
  return null;
});
"""


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    """The HTML of the right-to-left site's pages by path, as its server writes them."""
    client = right_to_left_site(tmp_path_factory.mktemp("rtl")).test_client()
    return {path: client.get(path).get_data(as_text=True)
            for path in ("/d/m" + FILTERED, "/d/m/cities" + FILTERED, "/", "/d/m" + BOTH_CITIES,
                         "/d/m/cities" + BOTH_CITIES)}


def left_edges(driver, html: str, selector: str, texts: list[str]) -> list[float]:
    """Where each of `texts` starts on the screen, in `selector`'s element of the page `html`, laid out with
    the site's style sheet (which gives titles and cells the direction of their first letter)."""
    styled = re.sub(r'<link rel="stylesheet" href="[^"]*">', lambda _: f"<style>{SITE_CSS}</style>", html, count=1)
    assert styled != html, "the page links no style sheet"
    driver.get("about:blank")
    driver.execute_script("document.open(); document.write(arguments[0]); document.close();", styled)
    return driver.execute_script(LEFT_EDGES, selector, texts)


@pytest.mark.parametrize(("path", "selector", "texts"), [
    ("/d/m" + FILTERED, ".rows-form p.active", ["Showing:", "עיר", "תל אביב", "מוצר", "חלב"]),
    ("/d/m/cities" + FILTERED, "p.active", ["Rows:", "עיר", "תל אביב", "מוצר", "חלב", "change on the dashboard"]),
    ("/d/m" + BOTH_CITIES, ".rows-form p.active", ["Showing:", "עיר", "תל אביב", "القاهرة"]),
    ("/d/m/cities" + BOTH_CITIES, "p.active", ["Rows:", "עיר", "תל אביב", "القاهرة", "change on the dashboard"]),
    ("/", "a[href=\"/datasets/sales\"] ~ p.muted", ["3 rows", "day", "עיר", "מוצר", "מכירות", "مبيعات", "total"]),
])
def test_right_to_left_names_in_a_sentence_are_laid_out_in_the_order_written(browser, pages, path, selector, texts):
    edges = left_edges(browser.driver, pages[path], selector, texts)

    assert None not in edges, dict(zip(texts, edges))
    assert edges == sorted(edges), dict(zip(texts, edges))


def test_a_title_field_holding_hebrew_lays_it_out_right_to_left(browser, pages):
    driver = browser.driver
    left_edges(driver, pages["/d/m/cities" + FILTERED], "p.active", [])
    field = 'document.querySelector("input[name=title]")'

    assert driver.execute_script(f"return {field}.value") == "מכירות לפי עיר"
    assert driver.execute_script(f"return getComputedStyle({field}).direction") == "rtl"
