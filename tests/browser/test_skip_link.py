"""The keyboard's way past the site's bar of links, in real Chromium: on every page the first Tab
reaches a link to the page's own content, out of sight until then and shown while it has focus, and
the Tab after following it reaches the first link or field of the page's content."""
from __future__ import annotations

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

PAGES = ["/", "/d/stations", "/d/stations/temperature", "/datasets/animals", "/upload", "/datasets/animals/append",
         "/d/nowhere"]
BOX = "const box = arguments[0].getBoundingClientRect(); return [box.left, box.top, box.right, box.bottom];"
FIRST_IN_MAIN = ("return document.querySelector('main').querySelector("
                 "'a[href], button, input:not([type=hidden]), select, textarea, [tabindex=\"0\"]');")


def press(driver, key: str) -> None:
    ActionChains(driver).send_keys(key).perform()


@pytest.mark.parametrize("path", PAGES)
def test_the_first_tab_shows_a_link_past_the_bar_that_leads_the_next_tab_into_the_page(browser, live_site, path):
    driver = browser.driver
    driver.get(live_site.url + path)
    [skip] = driver.find_elements(By.CSS_SELECTOR, "body > a:first-child")
    assert skip.get_attribute("textContent") == "Skip to the page's content"
    assert driver.execute_script(BOX, skip)[2] <= 0  # out of sight: the page looks as it did
    press(driver, Keys.TAB)
    assert driver.switch_to.active_element == skip
    left, top, right, bottom = driver.execute_script(BOX, skip)
    assert left >= 0 and top >= 0 and right - left > 100 and bottom - top > 10
    press(driver, Keys.ENTER)
    press(driver, Keys.TAB)
    assert driver.switch_to.active_element == driver.execute_script(FIRST_IN_MAIN)
