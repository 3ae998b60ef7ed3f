"""A page whose load outlasts the page timeout at any command after the navigation (chromedriver
waits for a navigation under way before a script or a screenshot) is a page that did not load: a
verdict naming the charts still loading, not a crash of the whole run."""
from __future__ import annotations

import pytest
from selenium.common.exceptions import TimeoutException

from shots.browser import Browser

RENDERER = "timeout: Timed out receiving message from renderer: 5.000"


class LateDriver:
    """A driver whose navigation returns but whose `failing` command meets the page timeout."""

    def __init__(self, failing: str) -> None:
        self.failing = failing

    def get(self, url: str) -> None:
        pass

    def get_log(self, kind: str) -> list:
        return []

    def _maybe_late(self, command: str) -> None:
        if command == self.failing:
            raise TimeoutException(RENDERER)

    def execute_async_script(self, *args):
        self._maybe_late("settle")
        return "settled"

    def execute_script(self, *args):
        self._maybe_late("script")
        return {"url": "u", "title": "t", "images": [], "links": [], "on_content_load_ms": 1, "on_load_ms": 2}

    def execute_cdp_cmd(self, command: str, params: dict):
        self._maybe_late("screenshot")
        if command == "Page.getLayoutMetrics":
            return {"cssContentSize": {"width": 10, "height": 10}}
        return {"data": ""}


def browser_over(driver: LateDriver) -> Browser:
    """A Browser over `driver`, as `Browser()` makes one over Chromium."""
    browser = Browser.__new__(Browser)
    browser.driver, browser.width, browser.max_shots = driver, 10, 2
    browser.page_timeout, browser.settle_timeout_ms = 5, 5000
    return browser


@pytest.mark.parametrize("failing", ["settle", "screenshot", "script"])
def test_a_command_after_the_navigation_that_meets_the_page_timeout_is_a_page_that_did_not_load(failing):
    capture = browser_over(LateDriver(failing)).capture("http://127.0.0.1:1/slow")
    assert capture.error.startswith("page did not load within 5 s (the page timeout, --timeout)")
