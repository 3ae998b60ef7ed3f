"""A title, description or caption in a right-to-left script reads right to left on the site's pages,
as the charts write it: the punctuation that ends it at its left, not turned to its right."""
from __future__ import annotations

from urllib.parse import quote

import pytest

# Where the first and the last character of an element's first text are drawn, left to right.
ENDS = """
const text = document.querySelector(arguments[0]).firstChild, range = document.createRange();
const at = i => { range.setStart(text, i); range.setEnd(text, i + 1); return range.getBoundingClientRect().left; };
return {text: text.textContent, first: at(0), last: at(text.textContent.length - 1)};
"""


@pytest.mark.parametrize("title, right_to_left", [("מזג אוויר: 2025!", True), ("حالة الطقس (2025)!", True),
                                                 ("Bears: 2025!", False)])
def test_a_chart_pages_heading_reads_in_the_direction_of_its_script(browser, live_site, title, right_to_left):
    browser.driver.get(f"{live_site.url}/d/animals/bears?title={quote(title)}")
    ends = browser.driver.execute_script(ENDS, "h1")
    assert ends["text"] == title
    assert (ends["last"] < ends["first"]) == right_to_left, ends
