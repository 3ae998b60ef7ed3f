"""A refreshing dashboard's updates paused by its button stay paused through a reload of the page, as the reader
left them, in that tab (the page's own sessionStorage): the page loaded anew asks nothing of the site, its button
offering to resume; resumed, a reload polls again. Another dashboard of the tab is not paused by it, nor the page
opened anew (a link followed, not a reload). The page's clock is the test's (tests/browser/page_clock.py)."""
from __future__ import annotations

from tests.browser.conftest import EXTRA_PREFIX
from tests.browser.page_clock import AS_SHOWN_JS, advance, polls
from tests.browser.test_refresh_pause import control

WALL = EXTRA_PREFIX + "/d/wall"  # refresh = 60


def _reloaded(driver) -> tuple[str, str]:
    """Reload the page; its button's words and its line's, once its clock has run 300 seconds."""
    driver.refresh()
    driver.execute_script(AS_SHOWN_JS)
    shown = control(driver)
    advance(driver, 300)
    return shown["button"], shown["said"]


def test_paused_updates_stay_paused_through_a_reload_until_resumed(clocked, live_site):
    driver = clocked
    driver.get(live_site.url + WALL)
    try:
        driver.execute_script(AS_SHOWN_JS + "document.querySelector('.refresh-control button').click()")
        assert _reloaded(driver) == ("Resume updates", "Updates paused")
        assert polls(driver) == [], "the page reloaded polls while its updates were paused"
        assert _reloaded(driver) == ("Resume updates", "Updates paused")
        assert polls(driver) == []

        driver.get(live_site.url + EXTRA_PREFIX + "/d/live")  # refresh = 1: another dashboard, not paused
        driver.execute_script(AS_SHOWN_JS)
        assert (control(driver)["button"], control(driver)["said"]) == ("Pause updates", "")

        driver.get(live_site.url + WALL)  # opened anew, as a link followed in the tab opens it: updating
        driver.execute_script(AS_SHOWN_JS)
        assert (control(driver)["button"], control(driver)["said"]) == ("Pause updates", "")
        driver.execute_script(AS_SHOWN_JS + "document.querySelector('.refresh-control button').click()")  # pause
        assert _reloaded(driver) == ("Resume updates", "Updates paused")
        driver.execute_script(AS_SHOWN_JS + "document.querySelector('.refresh-control button').click()")  # resume
        assert _reloaded(driver) == ("Pause updates", "")
        assert polls(driver) == [60, 120, 180, 240, 300]
    finally:
        driver.execute_script("sessionStorage.clear()")
