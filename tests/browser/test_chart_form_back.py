"""A chart page's form after the Back button, in a real browser: it shows the chart beside it, not
what was typed into it and sent. Chromium brings the page back whole from its back/forward cache
(`static/form-reset.js` resets the form) or loads it anew and fills in the fields' old values (which
`autocomplete="off"` on the form stops)."""
from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from tests.browser.test_dashboard_form_back import NOT_KEPT
from tests.browser.waits import until

BEARS = "/d/animals/bears"  # a bar chart, 640 pixels wide


def _changed_then_back(driver, url: str, script: str = "") -> tuple[str, str, str]:
    """On the chart page at `url`: choose kind line and width 400, send the form, press Back (`script`
    runs on the page before); what the form then holds, and the chart's image URL."""
    driver.get(url)
    driver.execute_script("window.leftAt = 'first visit';" + script)
    Select(driver.find_element(By.CSS_SELECTOR, '.spec-form select[name="kind"]')).select_by_value("line")
    width = driver.find_element(By.CSS_SELECTOR, '.spec-form input[name="width"]')
    width.clear()
    width.send_keys("400")
    driver.find_element(By.CSS_SELECTOR, ".spec-form button[type=submit]").click()
    until(lambda: driver.current_url, lambda at: "kind=line" in at, what="the page of the form sent")
    driver.back()
    until(lambda: (driver.current_url, driver.execute_script("return document.readyState")),
          lambda page: page == (url, "complete"), what="the form's page back and loaded")
    kind = Select(driver.find_element(By.CSS_SELECTOR, '.spec-form select[name="kind"]')).first_selected_option
    width = driver.find_element(By.CSS_SELECTOR, '.spec-form input[name="width"]').get_attribute("value")
    return kind.get_attribute("value"), width, driver.find_element(By.ID, "chart").get_attribute("src")


@pytest.mark.parametrize("script, kept", [("", True), (NOT_KEPT, False)])
def test_back_to_a_chart_page_shows_the_form_as_the_chart_is(browser, live_site, script, kept):
    driver = browser.driver
    kind, width, src = _changed_then_back(driver, live_site.url + BEARS, script)
    assert (driver.execute_script("return window.leftAt") == "first visit") == kept  # whole, or loaded anew
    assert "kind=" not in src and "width=" not in src  # the bar chart at 640
    assert (kind, width) == ("bar", "640")
