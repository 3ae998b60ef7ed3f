"""A chart page's reference lines in real Chromium: a line typed into the form's box and sent draws the chart
with it; each box stands under its words as wide as the form, its hint close under it, on a phone 320 pixels
wide, a screen 800 pixels wide and a wide one; and a page whose line was refused passes the accessibility audit."""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from selenium.webdriver.common.by import By

from tests.browser.screens import phone, screen
from tests.browser.test_reflow import DESKTOP_NARROW, NARROW_UPRIGHT
from tests.browser.waits import until

PAGE = "/d/animals/bears"
# Whether the chart's image is loaded and drawn, and its width in image pixels.
DRAWN = "const image = document.getElementById('chart'); return [image.complete, image.naturalWidth];"
# For each box of lines: its left and right edges, the form's content's, and the room down to its hint.
BOXES = """const form = document.querySelector('form.spec-form'), style = getComputedStyle(form);
const inner = form.getBoundingClientRect();
const left = inner.left + parseFloat(style.borderLeftWidth) + parseFloat(style.paddingLeft);
const right = inner.right - parseFloat(style.borderRightWidth) - parseFloat(style.paddingRight);
return ['yline', 'xline'].map(name => {
  const box = document.querySelector(`textarea[name=${name}]`).getBoundingClientRect();
  const hint = document.getElementById(`${name}-hint`).getBoundingClientRect();
  return [name, box.left - left, right - box.right, hint.top - box.bottom, box.width];
});"""


def test_a_line_typed_into_the_form_is_drawn_on_the_chart(browser, live_site):
    driver = browser.driver
    driver.get(live_site.url + PAGE)
    box = driver.find_element(By.CSS_SELECTOR, '.spec-form textarea[name="yline"]')
    assert box.get_attribute("value") == ""
    box.send_keys("10:Watch\n5")
    driver.find_element(By.CSS_SELECTOR, ".spec-form button[type=submit]").click()
    until(lambda: driver.current_url, lambda at: "yline=" in at, what="the page of the form sent")
    assert driver.find_elements(By.ID, "spec-error") == []
    src = driver.find_element(By.ID, "chart").get_attribute("src")
    assert parse_qs(urlsplit(src).query)["yline"] == ["10:Watch\n5"]
    complete, width = until(lambda: driver.execute_script(DRAWN), lambda found: found[0], what="the chart drawn")
    assert width > 0
    # The form shows the lines it drew, to change them again.
    assert driver.find_element(By.CSS_SELECTOR, '.spec-form textarea[name="yline"]').get_attribute("value") == \
        "10:Watch\n5"


@pytest.mark.parametrize("size", [NARROW_UPRIGHT, DESKTOP_NARROW, (1280, 900)], ids=["phone", "800px", "wide"])
def test_each_box_of_lines_stands_as_wide_as_the_form_its_hint_close_under_it(browser, live_site, size):
    with (phone(browser, *size) if size == NARROW_UPRIGHT else screen(browser, *size)) as driver:
        driver.get(live_site.url + PAGE)
        found = driver.execute_script(BOXES)
    for name, left, right, hint, width in found:
        assert -0.5 <= left <= 0.5 and -0.5 <= right <= 0.5, (name, left, right)
        assert 0 <= hint <= 6, (name, hint)
        assert width >= 200, (name, width)


def test_a_chart_page_whose_line_was_refused_passes_the_accessibility_audit(check, accessibility):
    result = check(PAGE + "?yline=abc@400", settings=accessibility)
    [page] = result.pages
    assert page.accessibility == [], page.accessibility
