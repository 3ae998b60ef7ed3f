"""A refreshing dashboard's updates can be paused (WCAG 2.2.2) by a button before its charts, reached
by the keyboard: paused, the page asks nothing of the site and its charts stay as they are, a line
saying so; resumed, it asks at once and the charts are updated. The button shows under forced
colours and does not print; a dashboard that does not refresh has none."""
from __future__ import annotations

import time

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from shots.accessibility import audit_page, load_axe
from tests.browser.conftest import EXTRA_PREFIX, POND
from tests.browser.test_refresh import drawn_images, images, replace_pond
from tests.browser.waits import until

# Counts the page's polls of versions.json from now on, in window.polls.
COUNT_POLLS_JS = """
window.polls = 0;
var fetched = window.fetch;
window.fetch = function (url) {
  if (String(url).indexOf("/versions.json") >= 0) window.polls++;
  return fetched.apply(this, arguments);
};
"""

CONTROL_JS = """
var control = document.querySelector('.refresh-control');
if (!control) return null;
var button = control.querySelector('button'), line = control.querySelector('[role=status]');
var style = getComputedStyle(button), box = button.getBoundingClientRect();
return {button: button.textContent, said: line.textContent,
        focused: document.activeElement === button, shown: style.display !== 'none' && box.width > 0,
        color: style.color, background: style.backgroundColor, border: style.borderTopColor,
        borderWidth: style.borderTopWidth, before: control.compareDocumentPosition(document.querySelector('.grid')) === 4};
"""


def control(driver) -> dict | None:
    return driver.execute_script(CONTROL_JS)


def press_pause_button(driver) -> None:
    """Tab from the link before the button to it and press Enter, as a keyboard's reader would."""
    driver.find_element(By.CSS_SELECTOR, "a[type='application/pdf']").send_keys(Keys.TAB)
    assert control(driver)["focused"], "Tab from the link before it did not reach the button"
    driver.switch_to.active_element.send_keys(Keys.ENTER)


def test_paused_updates_ask_nothing_and_keep_the_charts_until_resumed(browser, live_site, accessibility):
    driver = browser.driver
    driver.get(live_site.url + EXTRA_PREFIX + "/d/live")
    before = drawn_images(driver)
    shown = control(driver)
    assert shown and shown["shown"] and shown["before"], "no pause button before the charts"
    assert (shown["button"], shown["said"]) == ("Pause updates", "")

    press_pause_button(driver)
    paused = control(driver)
    assert (paused["button"], paused["said"]) == ("Resume updates", "Updates paused")
    assert audit_page(driver, load_axe(accessibility.axe_script), accessibility.axe_tags) == []
    driver.execute_script(COUNT_POLLS_JS)
    # Other rows than any other test writes, so that the version surely changes.
    replace_pond(live_site.data_dir, POND + f"9,{time.monotonic_ns() % 1000 + 40}\n")
    time.sleep(3.5)  # three polls and more, at one a second
    assert driver.execute_script("return window.polls;") == 0, "versions.json was asked for while paused"
    assert images(driver)["frogs"] == before["frogs"], "a chart was updated while paused"

    driver.find_element(By.CSS_SELECTOR, ".refresh-control button").click()
    resumed = control(driver)
    assert (resumed["button"], resumed["said"]) == ("Pause updates", "")
    time.sleep(0.3)  # less than the second between polls: this one is the resume's own
    assert driver.execute_script("return window.polls;") == 1, "resuming did not poll at once"
    until(lambda: images(driver)["frogs"], lambda frogs: frogs["src"] != before["frogs"]["src"] and frogs["drawn"],
          what="the frogs chart swapped and drawn once resumed")


def test_the_pause_button_shows_under_forced_colours_and_does_not_print(browser, live_site):
    driver = browser.driver
    driver.get(live_site.url + EXTRA_PREFIX + "/d/live")
    try:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "forced-colors", "value": "active"}]})
        forced = control(driver)
        assert forced["shown"] and forced["color"] != forced["background"]
        assert forced["borderWidth"] != "0px" and forced["border"] != forced["background"]
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
        assert not control(driver)["shown"], "the pause button prints"
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "", "features": []})


def test_a_dashboard_that_does_not_refresh_has_no_pause_button(browser, live_site):
    driver = browser.driver
    driver.get(live_site.url + EXTRA_PREFIX + "/d/crowd")
    assert control(driver) is None
