"""Where the upload form's refusal leaves the focus, in real Chromium: on the field it is about, marked as
refused and described by the refusal, so that a screen reader reads that field with what to mend in it and
the keyboard is where the mending is: the name field for a name taken, holding what was typed; the file
field for a file whose rows are refused, the message saying to choose the file again, as no browser
refills a file field. Both had the focus on the message, and no field marked. A refused token is no
field's: its message keeps the focus (test_refusal_focus)."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from selenium.webdriver.common.by import By

from shots import LiveServer
from tests.browser.test_refusal_focus import focused, sent
from tests.conftest import WRITE_TOKEN, writable_app


def described(driver, field) -> list[str]:
    """The texts of what describes `field` (its aria-describedby), in their order."""
    return [driver.find_element(By.ID, id_).text for id_ in field.get_attribute("aria-describedby").split()]


@contextmanager
def refused_upload(browser, tmp_path, csv_text: str, fields: dict[str, str]) -> Iterator[tuple]:
    """The upload form sent with `fields` and a file of `csv_text` to a writable site of its own, an empty
    data folder beside the sample data: the driver and the field that has the focus then."""
    (tmp_path / "data").mkdir()
    csv = tmp_path / "sent.csv"
    csv.write_text(csv_text)
    with LiveServer(writable_app(tmp_path / "data")) as server:
        driver = browser.driver
        sent(driver, f"{server.url}/upload", {**fields, "file": str(csv), "token": WRITE_TOKEN},
             "form.spec-form button[type=submit]")
        yield driver, focused(driver)


def test_a_taken_name_has_the_focus_on_the_name_field_described_by_the_refusal(browser, tmp_path):
    fields = {"name": "animals", "title": "Frogs of the pond"}
    with refused_upload(browser, tmp_path, "day,frogs\n1,3\n", fields) as (driver, field):
        assert field.get_attribute("name") == "name" and field.get_attribute("aria-invalid") == "true"
        assert field.get_attribute("value") == "animals"
        assert driver.find_element(By.NAME, "title").get_attribute("value") == "Frogs of the pond"
        [said] = described(driver, field)
        assert said.startswith("Not created: a dataset named 'animals' exists already"), said
        assert "Choose the file again" in said, said
        assert driver.find_element(By.NAME, "file").get_attribute("aria-invalid") is None


def test_a_file_whose_rows_are_refused_has_the_focus_on_the_file_field_saying_to_choose_it_again(browser, tmp_path):
    with refused_upload(browser, tmp_path, "day,frogs\n1,3\n2\n", {"name": "frogs"}) as (driver, field):
        assert field.get_attribute("name") == "file" and field.get_attribute("aria-invalid") == "true"
        [said] = described(driver, field)
        assert said.startswith("Not created: ") and "row 2" in said, said
        assert "Choose the file again" in said, said
        assert driver.find_element(By.NAME, "name").get_attribute("value") == "frogs"
        assert driver.find_element(By.NAME, "name").get_attribute("aria-invalid") is None
