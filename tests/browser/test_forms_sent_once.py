"""The upload and append forms, sent once, in a real browser: Reload, Back and Forward never send them again.
A success is answered with a redirect to the dataset's page (its history entry is that page's); a refusal is a
page answering the form sent, whose history entry would send the form again to be shown once more (the
browser's "Confirm Form Resubmission", which Chromium driven by chromedriver sends without asking): the
refusal's page makes its entry the form's page, loaded anew. And the upload form's page that Back brings
back whole from the browser's back/forward cache, once the form was sent from it, shows the form empty, not
the name, title and write token just sent, and one loaded anew (the form is `autocomplete="off"`) does not
fill them in either. A page left by a link, the form not sent, comes back holding what was typed."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from selenium.webdriver.common.by import By

from shots import LiveServer
from tests.browser.test_dashboard_form_back import NOT_KEPT
from tests.browser.test_refusal_focus import sent
from tests.browser.waits import until
from tests.conftest import WRITE_TOKEN, writable_app

APPEND = "/datasets/animals/append"
HEADER_LINE = "year,Bear,Deer,Wolf\n"


@contextmanager
def site_asked(tmp_path) -> Iterator[tuple[str, list[str]]]:
    """A writable site of its own, an empty data folder beside the sample data: its URL, and the
    requests it is sent for its pages and forms ("POST /upload"), in their order."""
    (tmp_path / "data").mkdir()
    app, asked = writable_app(tmp_path / "data"), []

    def logged(environ, start_response):
        if not environ["PATH_INFO"].startswith("/static/"):
            asked.append(f"{environ['REQUEST_METHOD']} {environ['PATH_INFO']}")
        return app(environ, start_response)

    with LiveServer(logged) as server:
        yield server.url, asked


def opened_anew(driver, site: str, path: str, script: str = "") -> None:
    """Open the form's page at `path` of `site`, marked as this visit's (`window.leftAt`), `script` run on it. The
    site's CSRF cookie is set anew by the page: Chromium keeps a page answered `no-store` (a form's) in
    its back/forward cache where the cookies it was answered with were not changed since, as a first
    visit's are not; a cookie set again by a later visit's answer keeps it out."""
    driver.get(site + "/robots.txt")
    driver.delete_all_cookies()
    driver.get(site + path)
    driver.execute_script("window.leftAt = 'first visit';" + script)


def asked_next(driver, asked: list[str], go) -> str:
    """The request the page sends as `go(driver)` takes it on (a reload, Back), once it is loaded."""
    asked.clear()
    go(driver)
    until(lambda: driver.execute_script("return document.readyState"), lambda state: state == "complete",
          what="the page loaded")
    return until(lambda: list(asked), what="the page's request")[0]


def test_reloading_a_refused_append_loads_the_form_anew_without_sending_it_again(browser, tmp_path):
    with site_asked(tmp_path) as (url, asked):
        driver = browser.driver
        sent(driver, url + APPEND, {"rows": HEADER_LINE + "2030,many,2,3\n", "token": WRITE_TOKEN},
             "form.spec-form button[type=submit]")
        assert asked[-1] == f"POST {APPEND}"
        assert asked_next(driver, asked, lambda d: d.refresh()) == f"GET {APPEND}"
        assert driver.find_element(By.NAME, "rows").get_attribute("value") == HEADER_LINE
        assert not driver.title.startswith("Error: ")


def test_back_to_a_refused_append_after_the_rows_were_added_does_not_send_them_again(browser, tmp_path):
    with site_asked(tmp_path) as (url, asked):
        driver = browser.driver
        sent(driver, url + APPEND, {"rows": HEADER_LINE + "2030,many,2,3\n", "token": WRITE_TOKEN},
             "form.spec-form button[type=submit]")
        rows = driver.find_element(By.NAME, "rows")
        rows.clear()
        rows.send_keys(HEADER_LINE + "2030,1,2,3\n")
        driver.find_element(By.NAME, "token").send_keys(WRITE_TOKEN)
        driver.find_element(By.CSS_SELECTOR, "form.spec-form button[type=submit]").click()
        until(lambda: driver.current_url, lambda at: at == url + "/datasets/animals", what="the dataset's page")
        assert "Added 1 row." in driver.find_element(By.TAG_NAME, "main").text
        assert asked_next(driver, asked, lambda d: d.back()) == f"GET {APPEND}"
        assert driver.find_element(By.NAME, "rows").get_attribute("value") == HEADER_LINE
        assert asked_next(driver, asked, lambda d: d.forward()) == "GET /datasets/animals"
        assert "POST" not in " ".join(asked)


def test_reloading_a_refused_upload_loads_the_form_anew_without_sending_it_again(browser, tmp_path):
    with site_asked(tmp_path) as (url, asked):
        driver = browser.driver
        sent(driver, url + "/upload", {"name": "animals", "title": "Taken", "token": WRITE_TOKEN,
                                       "file": str(_csv(tmp_path))}, "form.spec-form button[type=submit]")
        assert asked[-1] == "POST /upload"
        assert asked_next(driver, asked, lambda d: d.refresh()) == "GET /upload"
        assert driver.find_element(By.NAME, "name").get_attribute("value") == ""


def test_reloading_the_page_a_form_taken_leads_to_sends_nothing_again(browser, tmp_path):
    with site_asked(tmp_path) as (url, asked):
        driver = browser.driver
        driver.get(url + "/upload")
        for name, value in {"name": "frogs", "token": WRITE_TOKEN, "file": str(_csv(tmp_path))}.items():
            driver.find_element(By.NAME, name).send_keys(value)
        driver.find_element(By.CSS_SELECTOR, "form.spec-form button[type=submit]").click()
        until(lambda: driver.current_url, lambda at: at == url + "/datasets/frogs", what="the new dataset's page")
        assert asked_next(driver, asked, lambda d: d.refresh()) == "GET /datasets/frogs"
        driver.get(url + "/datasets/frogs/append")
        driver.find_element(By.NAME, "rows").send_keys("3,8\n")
        driver.find_element(By.NAME, "token").send_keys(WRITE_TOKEN)
        driver.find_element(By.CSS_SELECTOR, "form.spec-form button[type=submit]").click()
        until(lambda: driver.current_url, lambda at: at == url + "/datasets/frogs", what="the dataset's page")
        assert "Added 1 row." in driver.find_element(By.TAG_NAME, "main").text
        assert asked_next(driver, asked, lambda d: d.refresh()) == "GET /datasets/frogs"
        assert "POST" not in " ".join(asked)


@pytest.mark.parametrize("script, kept", [("", True), (NOT_KEPT, False)])
def test_back_to_the_upload_form_once_sent_shows_it_empty(browser, tmp_path, script, kept):
    with site_asked(tmp_path) as (url, asked):
        driver = browser.driver
        opened_anew(driver, url, "/upload", script)
        for name, value in {"name": "frogs", "title": "Frogs seen", "token": WRITE_TOKEN,
                            "file": str(_csv(tmp_path))}.items():
            driver.find_element(By.NAME, name).send_keys(value)
        driver.find_element(By.CSS_SELECTOR, "form.spec-form button[type=submit]").click()
        until(lambda: driver.current_url, lambda at: at == url + "/datasets/frogs", what="the new dataset's page")
        driver.back()
        until(lambda: (driver.current_url, driver.execute_script("return document.readyState")),
              lambda page: page == (url + "/upload", "complete"), what="the form's page back and loaded")
        assert (driver.execute_script("return window.leftAt") == "first visit") == kept  # whole, or loaded anew
        fields = [driver.find_element(By.NAME, name).get_attribute("value") for name in ("name", "title", "token", "file")]
        assert fields == ["", "", "", ""]
        assert "POST" not in " ".join(asked[asked.index("GET /datasets/frogs") + 1:])


def test_the_upload_form_left_by_a_link_keeps_what_was_typed_and_not_sent(browser, tmp_path):
    with site_asked(tmp_path) as (url, _):
        driver = browser.driver
        opened_anew(driver, url, "/upload")
        driver.find_element(By.NAME, "name").send_keys("frogs")
        driver.find_element(By.CSS_SELECTOR, "header.top a.brand").click()
        until(lambda: driver.current_url, lambda at: at == url + "/", what="the front page")
        driver.back()
        until(lambda: (driver.current_url, driver.execute_script("return document.readyState")),
              lambda page: page == (url + "/upload", "complete"), what="the form's page back and loaded")
        assert driver.execute_script("return window.leftAt") == "first visit"  # kept whole
        assert driver.find_element(By.NAME, "name").get_attribute("value") == "frogs"


def _csv(tmp_path):
    """A small CSV file to upload."""
    path = tmp_path / "frogs.csv"
    path.write_text("day,frogs\n1,2\n2,5\n")
    return path
