"""A page the screenshot check moved, to draw a chart again on its baseline's pixels, is put back as it
was when a WebDriver call fails on the way, while the driver still answers: the page is not left shifted
for what the check reads of it next."""
from __future__ import annotations

from selenium.common.exceptions import WebDriverException

from shots.moved_charts import _MOVE_JS, _PUT_BACK_JS, drawn_at_baseline_places


class _Driver:
    def __init__(self):
        self.scripts = []

    def execute_script(self, script, *args):
        self.scripts.append(script)
        return [[10, 10, 30, 30]] if script == _MOVE_JS else None


class _ShotFails:
    """A browser whose screenshot fails once the page has moved."""

    def __init__(self):
        self.driver = _Driver()

    def screenshot(self) -> bytes:
        raise WebDriverException("the screenshot failed")


def test_a_page_moved_is_put_back_when_its_screenshot_fails():
    browser = _ShotFails()
    drawn = drawn_at_baseline_places(browser, [(1, "http://127.0.0.1:5000/a.svg", (9, 9, 29, 29), (10, 10, 30, 30))])
    assert drawn == {}
    assert browser.driver.scripts == [_MOVE_JS, _PUT_BACK_JS]
