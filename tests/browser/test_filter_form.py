"""A filter over more values than a select lists, in a real browser: the field takes a typed value,
the form sends it, and the page passes the accessibility audit."""
from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

from selenium.webdriver.common.by import By

from tests.browser.conftest import EXTRA_PREFIX
from tests.browser.waits import until

CROWD = EXTRA_PREFIX + "/d/crowd"


def test_a_typed_filter_value_is_sent_and_narrows_the_charts(browser, live_site):
    driver = browser.driver
    driver.get(live_site.url + CROWD)
    [field] = driver.find_elements(By.CSS_SELECTOR, 'input[name="filter.who"]')
    suggested = driver.execute_script(
        "return document.getElementById(arguments[0].getAttribute('list')).options.length", field)
    assert suggested == 250
    field.send_keys("name240")
    driver.find_element(By.CSS_SELECTOR, ".rows-form button[type=submit]:not([name])").click()
    until(lambda: driver.current_url, lambda at: "filter.who=" in at, what="the page of the form sent")
    assert dict(parse_qsl(urlsplit(driver.current_url).query)) == {"filter.who": "name240"}
    fields = driver.find_elements(By.CSS_SELECTOR, 'input[name="filter.who"]')
    assert [f.get_attribute("value") for f in fields] == ["name240", ""]  # and a field for another
    image = driver.find_element(By.CSS_SELECTOR, "img[data-chart=visits]")
    assert dict(parse_qsl(urlsplit(image.get_attribute("src")).query))["filter.who"] == "name240"
    assert driver.execute_script("return arguments[0].complete && arguments[0].naturalWidth > 0", image)


def test_the_typed_filter_passes_the_accessibility_audit(check, accessibility):
    result = check(CROWD + "?filter.who=name007", settings=accessibility)
    [page] = result.pages
    assert page.accessibility == [], page.accessibility
    assert page.images and all(image.drawn and image.status == 200 for image in page.images)
