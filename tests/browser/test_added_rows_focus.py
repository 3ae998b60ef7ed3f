"""Where the focus is once the append form has added rows, in real Chromium: on the dataset page's
words saying how many, where a screen reader starts reading, not nowhere at the top of the page."""
from __future__ import annotations

from selenium.webdriver.common.by import By

from shots import LiveServer
from tests.browser.waits import until
from tests.conftest import WRITE_TOKEN, writable_app


def test_rows_added_by_the_form_open_the_dataset_page_with_the_focus_on_how_many(browser, tmp_path):
    (tmp_path / "data").mkdir()
    with LiveServer(writable_app(tmp_path / "data")) as server:
        driver = browser.driver
        driver.get(f"{server.url}/datasets/animals/append")
        driver.find_element(By.NAME, "rows").send_keys("2030,1,2,3\n2031,2,3,4\n")
        driver.find_element(By.NAME, "token").send_keys(WRITE_TOKEN)
        driver.find_element(By.CSS_SELECTOR, "form.spec-form button[type=submit]").click()
        until(lambda: driver.current_url, lambda at: at == f"{server.url}/datasets/animals", what="the dataset's page")
        assert driver.switch_to.active_element.text == "Added 2 rows."
        driver.refresh()  # the notice is shown once, and the page opened again takes no focus
        assert driver.switch_to.active_element.tag_name == "body"
