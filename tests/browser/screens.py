"""The session's browser on a screen of another size, for the tests of how a page fits it."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from shots import Browser


@contextmanager
def screen(browser: Browser, width: int, height: int = 740, scale: int = 1) -> Iterator:
    """The session's browser with a viewport `width` × `height` CSS pixels, `scale` device pixels to one
    (2 is a screen zoomed to 200 %); as it was afterwards."""
    def size(w: int, h: int, scale: int) -> None:
        browser.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": w, "height": h, "deviceScaleFactor": scale, "mobile": False})

    size(width, height, scale)
    try:
        yield browser.driver
    finally:
        size(browser.width, browser.height, 1)


@contextmanager
def phone(browser: Browser, width: int = 390, height: int = 844) -> Iterator:
    """The session's browser as a phone's, in Chromium's mobile emulation: a viewport `width` × `height`
    CSS pixels (390 × 844 held upright, 844 × 390 turned on its side), 3 device pixels to one, touched
    rather than pointed at (`pointer: coarse`); as it was afterwards."""
    driver = browser.driver
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": height, "deviceScaleFactor": 3, "mobile": True})
    driver.execute_cdp_cmd("Emulation.setTouchEmulationEnabled", {"enabled": True, "maxTouchPoints": 5})
    try:
        yield driver
    finally:
        driver.execute_cdp_cmd("Emulation.setTouchEmulationEnabled", {"enabled": False})
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": browser.width, "height": browser.height, "deviceScaleFactor": 1, "mobile": False})


def page_width(driver, url: str) -> int:
    """How wide the page at `url` is laid out: the viewport's width, or more when something sticks out."""
    driver.get(url)
    return driver.execute_script("return document.documentElement.scrollWidth")
