"""The site in a browser that runs no JavaScript (Chromium's scripts turned off through DevTools, as a
reader's setting or a locked-down wall screen does): its charts show, its forms answer, and a
refreshing dashboard says what it does instead of the updates its script would make."""
from __future__ import annotations

from typing import Iterator

import pytest
from selenium.webdriver.common.by import By

from tests.browser.conftest import EXTRA_PREFIX, TALL_CHARTS
from tests.browser.waits import until


@pytest.fixture
def scriptless(browser) -> Iterator[object]:
    """The session's browser with its pages' scripts turned off until the test ends."""
    driver = browser.driver
    driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        yield driver
    finally:
        driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})
        driver.get("about:blank")


def shown_text(driver) -> str:
    """The words the page shows, as a reader sees them."""
    return driver.find_element(By.TAG_NAME, "main").text


def test_a_refreshing_dashboard_without_scripts_says_it_reloads_and_cannot_be_paused(scriptless, live_site):
    driver = scriptless
    driver.get(live_site.url + EXTRA_PREFIX + "/d/wall")  # refresh = 60
    text = shown_text(driver)
    assert "Without JavaScript this page reloads itself every 60 seconds to show new data, and cannot be paused" in text
    assert "Pause updates" not in text


def test_a_refreshing_dashboard_without_scripts_or_styles_shows_no_pause_button(scriptless, live_site):
    # Its stylesheet off (a reader's "no style", or a browser that knows no `scripting` media feature reads no rule
    # that hides it), the button that nothing would make work showed all the same.
    driver = scriptless
    driver.get(live_site.url + EXTRA_PREFIX + "/d/wall")
    turned_off = driver.execute_script("""
        var sheets = Array.from(document.styleSheets);
        sheets.forEach(function (sheet) { sheet.disabled = true; });
        return sheets.length;""")
    assert turned_off, "the page has no stylesheet to turn off"
    assert not driver.find_element(By.CSS_SELECTOR, ".pause-control button").is_displayed()
    assert "Pause updates" not in shown_text(driver)


def test_a_refreshing_dashboard_with_scripts_shows_its_pause_button_alone(browser, live_site):
    driver = browser.driver
    driver.get(live_site.url + EXTRA_PREFIX + "/d/wall")
    assert driver.find_element(By.CSS_SELECTOR, ".refresh-control button").text == "Pause updates"
    assert "reloads itself" not in shown_text(driver)


def test_a_dashboard_without_scripts_draws_every_chart_those_past_its_first_rows_too(scriptless, live_site):
    # Chromium loads a lazy image at once where no script runs: no chart waits for one to come into view.
    driver = scriptless
    driver.get(live_site.url + EXTRA_PREFIX + "/d/tall")  # one chart a row, past the screen's height
    images = driver.find_elements(By.CSS_SELECTOR, "img[data-chart]")
    assert len(images) == TALL_CHARTS and images[-1].get_attribute("loading") == "lazy"
    drawn = until(lambda: [image.get_property("naturalWidth") for image in images], lambda widths: all(widths),
                  what="every chart of the tall dashboard drawn")
    assert len(drawn) == TALL_CHARTS
