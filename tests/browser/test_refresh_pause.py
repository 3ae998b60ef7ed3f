"""A refreshing dashboard's updates can be paused (WCAG 2.2.2) by a button before its charts, reached
by the keyboard: paused, the page asks nothing of the site and its charts stay as they are, a line
saying so; resumed, it asks at once and the charts are updated. The button shows under forced
colours and does not print; a dashboard that does not refresh has none. Where its script does not load, scripts
running (blocked, not found), its room stays empty: no button that pauses nothing, and nothing moves as the
script, where it loads, shows the button."""
from __future__ import annotations

import time

import pytest

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


# Where the page's pause button, and the charts after it, stand, and whether the button can be seen and focused.
PLACES_JS = """
var control = document.querySelector('.pause-control'), button = control.querySelector('button');
function box(element) {
  var found = element.getBoundingClientRect();
  return [found.left, found.top, found.width, found.height];
}
button.focus();
return {control: box(control), grid: box(document.querySelector('.grid')),
        visible: getComputedStyle(button).visibility, focused: document.activeElement === button};
"""


def places(driver) -> dict:
    return driver.execute_script(PLACES_JS)


@pytest.mark.parametrize("script", ["refresh.js", "refresh-words.js"])
def test_a_pause_button_whose_script_does_not_load_leaves_its_room_empty(browser, live_site, script):
    # Scripts running, the stylesheet showed the button from the start, before its script took charge of it:
    # with that script blocked or not found, a button showed that paused nothing.
    driver = browser.driver
    driver.get(live_site.url + EXTRA_PREFIX + "/d/live")
    running = places(driver)
    assert running["visible"] == "visible" and running["focused"] and control(driver)["shown"]
    driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": [f"*/static/{script}*"]})
    try:
        driver.get("about:blank")
        driver.get(live_site.url + EXTRA_PREFIX + "/d/live")
        until(lambda: driver.execute_script("return document.readyState;"), lambda state: state == "complete",
              what="the page loaded without its script")
        assert driver.execute_script("return Boolean(window.refreshWords && window.refreshWords.pauseControl);") \
            == (script == "refresh.js"), "the other scripts did not load as they do"
        blocked = places(driver)
        button = driver.find_element(By.CSS_SELECTOR, ".pause-control button")
        assert not button.is_displayed() and blocked["visible"] == "hidden" and not blocked["focused"], blocked
        assert "Pause updates" not in driver.find_element(By.TAG_NAME, "main").text
        driver.find_element(By.CSS_SELECTOR, "a[type='application/pdf']").send_keys(Keys.TAB)
        assert not control(driver)["focused"], "Tab from the link before it reached the button"
        # Its room kept, as the script finds it: where the script runs, nothing moves as it shows the button.
        assert (blocked["control"], blocked["grid"]) == (running["control"], running["grid"])
        assert blocked["control"][3] > 0
    finally:
        driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": []})
        driver.get("about:blank")

