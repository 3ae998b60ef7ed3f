"""Names and values in Hebrew and Arabic inside a page's English sentences, as Chromium lays them out: each
stays where the sentence puts it, left to right in the order written, rather than the run of
right-to-left names and the words and punctuation between them being turned around as one."""
from __future__ import annotations

import pytest

from tests.right_to_left_site import FILTERED, right_to_left_site

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
            for path in ("/d/m" + FILTERED, "/d/m/cities" + FILTERED, "/")}


def left_edges(driver, html: str, selector: str, texts: list[str]) -> list[float]:
    """Where each of `texts` starts on the screen, in `selector`'s element of the page `html`."""
    driver.get("about:blank")
    driver.execute_script("document.open(); document.write(arguments[0]); document.close();", html)
    return driver.execute_script(LEFT_EDGES, selector, texts)


@pytest.mark.parametrize(("path", "selector", "texts"), [
    ("/d/m" + FILTERED, ".rows-form p.active", ["Showing:", "עיר", "תל אביב", "מוצר", "חלב"]),
    ("/d/m/cities" + FILTERED, "p.active", ["Rows:", "עיר", "תל אביב", "מוצר", "חלב", "change on the dashboard"]),
    ("/", "a[href=\"/datasets/sales\"] ~ p.muted", ["3 rows", "day", "עיר", "מוצר", "מכירות", "مبيعات", "total"]),
])
def test_right_to_left_names_in_a_sentence_are_laid_out_in_the_order_written(browser, pages, path, selector, texts):
    edges = left_edges(browser.driver, pages[path], selector, texts)

    assert None not in edges, dict(zip(texts, edges))
    assert edges == sorted(edges), dict(zip(texts, edges))
