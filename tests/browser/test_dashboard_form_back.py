"""The dashboard's form after the Back button, in a real browser: it shows the range and filters
the page draws, not what was typed into it and sent. Chromium brings the page back either whole
from its back/forward cache (`static/form-reset.js` resets the form) or loads it anew and fills in
the fields' old values (which `autocomplete="off"` on the form stops)."""
from __future__ import annotations

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from tests.browser.waits import until

STATIONS = "/d/stations"
# A page with an unload listener is not kept in Chromium's back/forward cache: Back loads it anew.
NOT_KEPT = "window.addEventListener('unload', function () {})"


def _apply_then_back(driver, url: str, script: str = "") -> None:
    """On the dashboard at `url`: type From 2025-06-01, choose Hilltop, Apply, then press Back
    (`script` runs on the page before)."""
    driver.get(url)
    driver.execute_script("window.leftAt = 'first visit';" + script)
    start = driver.find_element(By.CSS_SELECTOR, '.rows-form input[name="from"]')
    assert start.get_attribute("value") == "2025-01-01"  # the range the dashboard opens on
    start.clear()
    start.send_keys("2025-06-01")
    Select(driver.find_element(By.CSS_SELECTOR, '.rows-form select[name="filter.station"]')).select_by_visible_text("Hilltop")
    driver.find_element(By.CSS_SELECTOR, ".rows-form button[type=submit]:not([name])").click()
    until(lambda: driver.current_url, lambda at: "filter.station=Hilltop" in at, what="the page of the form sent")
    driver.back()
    until(lambda: (driver.current_url, driver.execute_script("return document.readyState")),
          lambda page: page == (url, "complete"), what="the form's page back and loaded")


def _form_and_words(driver) -> tuple[str, str, str]:
    """What the form holds (From, Station) and what the page says it draws."""
    start = driver.find_element(By.CSS_SELECTOR, '.rows-form input[name="from"]').get_attribute("value")
    station = Select(driver.find_element(By.CSS_SELECTOR, '.rows-form select[name="filter.station"]'))
    return start, station.first_selected_option.text, driver.find_element(By.CSS_SELECTOR, ".rows-form .active").text


def test_back_to_a_page_kept_whole_shows_the_form_as_the_page_draws_it(browser, live_site):
    driver = browser.driver
    _apply_then_back(driver, live_site.url + STATIONS)
    assert driver.execute_script("return window.leftAt") == "first visit"  # kept whole, not loaded anew
    assert _form_and_words(driver) == ("2025-01-01", "All", "Showing: 2025-01-01 onwards")


def test_back_to_a_page_loaded_anew_shows_the_form_as_the_page_draws_it(browser, live_site):
    driver = browser.driver
    _apply_then_back(driver, live_site.url + STATIONS, NOT_KEPT)
    assert driver.execute_script("return window.leftAt") is None  # loaded anew
    assert _form_and_words(driver) == ("2025-01-01", "All", "Showing: 2025-01-01 onwards")
