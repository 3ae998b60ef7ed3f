"""The append form after the Back button, in a real browser: it holds the header line the page fills
in, not the rows just added, which sent again would be added twice. Chromium loads the page anew (it
is kept in no cache) and fills in the fields' old values, which `autocomplete="off"` on the form stops."""
from __future__ import annotations

from selenium.webdriver.common.by import By

from shots import LiveServer
from tests.browser.waits import until
from tests.conftest import WRITE_TOKEN, writable_app


def test_back_to_the_append_form_holds_the_header_line_not_the_rows_added(browser, tmp_path):
    (tmp_path / "data").mkdir()
    with LiveServer(writable_app(tmp_path / "data")) as server:
        driver, form = browser.driver, f"{server.url}/datasets/animals/append"
        driver.get(form)
        rows = driver.find_element(By.NAME, "rows")
        assert rows.get_attribute("value") == "year,Bear,Deer,Wolf\n"
        rows.send_keys("2030,1,2,3\n")
        driver.find_element(By.NAME, "token").send_keys(WRITE_TOKEN)
        driver.find_element(By.CSS_SELECTOR, "form.spec-form button[type=submit]").click()
        until(lambda: driver.current_url, lambda at: at == f"{server.url}/datasets/animals", what="the dataset's page")
        assert "Added 1 row." in driver.find_element(By.TAG_NAME, "main").text
        driver.back()
        until(lambda: (driver.current_url, driver.execute_script("return document.readyState")),
              lambda page: page == (form, "complete"), what="the form's page back and loaded")
        assert driver.find_element(By.NAME, "rows").get_attribute("value") == "year,Bear,Deer,Wolf\n"
