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
