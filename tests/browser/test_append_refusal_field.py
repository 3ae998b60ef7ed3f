"""Where the append form's refusal of its rows leaves the focus, in real Chromium: on the field the rows
came from, marked as refused and described by the refusal, holding what was pasted, so that a screen
reader reads the field and what to mend in it together and the keyboard is where the mending is; the
focus was on the message, above the table of columns, away from the field. A refused token is not the
rows': its message keeps the focus, as the upload form's does."""
from __future__ import annotations

from selenium.webdriver.common.by import By

from shots import LiveServer
from tests.browser.test_refusal_focus import focused, sent
from tests.conftest import WRITE_TOKEN, writable_app

PASTED = "year,Bear,Deer,Wolf\n2030,many,2,3\n"


def refused(driver, url: str, rows: str, token: str) -> None:
    """Send the append form at `url` with `rows` pasted and `token`, and wait for its refusal."""
    sent(driver, url, {"rows": rows, "token": token}, "form.spec-form button[type=submit]")


def test_refused_rows_have_the_focus_on_their_field_described_by_the_refusal(browser, tmp_path):
    (tmp_path / "data").mkdir()
    with LiveServer(writable_app(tmp_path / "data")) as server:
        driver = browser.driver
        refused(driver, f"{server.url}/datasets/animals/append", PASTED, WRITE_TOKEN)
        field = focused(driver)
        assert field.get_attribute("name") == "rows" and field.get_attribute("aria-invalid") == "true"
        assert field.get_attribute("value") == PASTED
        said = [driver.find_element(By.ID, id_).text for id_ in field.get_attribute("aria-describedby").split()]
        assert said[0].startswith("Nothing was added: ") and "many" in said[0], said
        assert said[1].startswith("Cells copied from a spreadsheet"), said  # the field's hint, as before


def test_a_refused_token_leaves_the_rows_unmarked_and_the_focus_on_the_message(browser, tmp_path):
    (tmp_path / "data").mkdir()
    with LiveServer(writable_app(tmp_path / "data")) as server:
        driver = browser.driver
        refused(driver, f"{server.url}/datasets/animals/append", PASTED, "wrong")
        assert focused(driver).text.startswith("Nothing was added: ")
        assert driver.find_element(By.NAME, "rows").get_attribute("aria-invalid") is None
