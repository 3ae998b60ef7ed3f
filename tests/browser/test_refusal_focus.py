"""Where the focus is when a form comes back refused, in real Chromium: on the first field it marks, or
else on its message, so that a screen reader reads what to mend first and the keyboard goes on from
there; a page that refused nothing leaves the focus where the browser puts it."""
from __future__ import annotations

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from tests.browser.waits import until


def sent(driver, url: str, fields: dict[str, str], button: str = "form button[type=submit]") -> None:
    """Open `url`, type `fields` into its form (a file field is given a path) and send it."""
    driver.get(url)
    for name, value in fields.items():
        field = driver.find_element(By.NAME, name)
        if field.get_attribute("type") != "file":
            field.clear()
        field.send_keys(value)
    driver.find_element(By.CSS_SELECTOR, button).click()
    until(lambda: driver.title, lambda title: title.startswith("Error: "), what="the refusal's page")
    # Chromium gives the focus to an autofocus element at a rendering step after the page is parsed, not
    # as its title is read: wait for it to be taken (a page may have none).
    until(lambda: driver.execute_script(
              "const wanted = document.querySelector('[autofocus]');"
              "return !wanted || document.activeElement === wanted;"),
          what="the refusal page's autofocus taken")


def focused(driver):
    return driver.switch_to.active_element


def test_a_dashboard_sent_with_a_bad_date_has_the_focus_on_that_field_described_by_the_refusal(browser, live_site):
    driver = browser.driver
    sent(driver, live_site.url + "/d/stations", {"from": "garbage"})
    field = focused(driver)
    assert field.get_attribute("name") == "from" and field.get_attribute("aria-invalid") == "true"
    message = driver.find_element(By.ID, field.get_attribute("aria-describedby"))
    assert message.text.startswith("Not applied: from must be a date")


def test_a_dashboard_refusal_of_no_field_has_the_focus_on_its_message(browser, live_site):
    driver = browser.driver
    driver.get(live_site.url + "/d/stations?range=bogus")
    assert focused(driver).get_attribute("id") == "rows-error"
    assert focused(driver).text.startswith("Not applied: range must be one of")


def test_a_chart_page_sent_with_a_bad_field_has_the_focus_on_the_first_it_marks(browser, live_site):
    driver = browser.driver
    sent(driver, live_site.url + "/d/stations/temperature", {"ymin": "abc", "ymax": "xyz"})
    field = focused(driver)
    assert field.get_attribute("name") == "ymin" and field.get_attribute("aria-describedby") == "spec-error"


def test_a_chart_page_refusing_its_rows_alone_has_the_focus_on_that_message(browser, live_site):
    driver = browser.driver
    driver.get(live_site.url + "/d/stations/temperature?from=yesterday")
    assert focused(driver).get_attribute("id") == "rows-error"


def test_a_refused_upload_has_the_focus_on_its_message_and_the_next_tab_on_the_form(browser, live_site, tmp_path):
    driver = browser.driver
    csv = tmp_path / "frogs.csv"
    csv.write_text("day,frogs\n1,3\n")
    sent(driver, live_site.url + "/upload", {"name": "frogs", "file": str(csv), "token": "wrong"})
    assert focused(driver).get_attribute("id") == "upload-error"
    assert focused(driver).text.startswith("Not created: ")
    ActionChains(driver).send_keys(Keys.TAB).perform()
    assert focused(driver).get_attribute("name") == "name"


def test_a_refused_append_has_the_focus_on_its_message(browser, live_site):
    driver = browser.driver
    sent(driver, live_site.url + "/datasets/animals/append", {"token": "wrong"})
    assert focused(driver).text.startswith("Nothing was added: ")


def test_a_page_that_refused_nothing_takes_no_focus(browser, live_site):
    driver = browser.driver
    for path in ("/d/stations", "/d/stations/temperature", "/upload", "/datasets/animals/append"):
        driver.get(live_site.url + path)
        assert focused(driver).tag_name == "body", path
