"""A chart page whose form was refused, in a real browser: the form holds what was sent, the refused
field marked, so that correcting that one field and sending the form draws the rest as asked; and
the page passes the accessibility audit."""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from tests.browser.waits import until

REFUSED = "/d/weather/temperature?kind=scatter&title=My+title&width=800&ymin=abc"


def test_a_refused_form_corrected_in_one_field_draws_the_rest_as_sent(browser, live_site):
    driver = browser.driver
    driver.get(live_site.url + REFUSED)
    assert driver.find_element(By.ID, "spec-error").text.startswith("Not applied: ymin must be a number")
    ymin = driver.find_element(By.CSS_SELECTOR, '.spec-form input[name="ymin"]')
    assert ymin.get_attribute("value") == "abc" and ymin.get_attribute("aria-invalid") == "true"
    ymin.clear()
    ymin.send_keys("5")
    driver.find_element(By.CSS_SELECTOR, ".spec-form button[type=submit]").click()
    until(lambda: driver.current_url, lambda at: "ymin=5" in at, what="the page of the form sent")
    assert driver.find_elements(By.ID, "spec-error") == []
    kind = Select(driver.find_element(By.CSS_SELECTOR, '.spec-form select[name="kind"]')).first_selected_option
    assert kind.get_attribute("value") == "scatter"
    drawn = parse_qs(urlsplit(driver.find_element(By.ID, "chart").get_attribute("src")).query)
    assert (drawn["kind"], drawn["title"], drawn["width"], drawn["ymin"]) == (["scatter"], ["My title"], ["800"],
                                                                             ["5"])


def test_a_refused_chart_page_passes_the_accessibility_audit(check, accessibility):
    result = check(REFUSED + "&theme=sepia@400", settings=accessibility)
    [page] = result.pages
    assert page.accessibility == [], page.accessibility
    assert page.images and all(image.drawn and image.status == 200 for image in page.images)
