"""A run's `--mask` selectors checked before its first page: one Chromium refuses would fail every screenshot."""
from __future__ import annotations

from typing import Iterable

from .browser import Browser
from .settings import Settings


# The selectors querySelectorAll refuses (a SyntaxError): each would fail every page's screenshot.
_REFUSED_SELECTORS_JS = """
return arguments[0].filter(s => { try { document.querySelectorAll(s); return false; } catch (e) { return true; } });
"""


_DEFAULT_MASK = frozenset(Settings().mask)


class MaskRefused(ValueError):
    """A selector of `Settings.mask` (`--mask`) that is not CSS Chromium takes."""


def check_mask(browser: Browser, mask: Iterable[str]) -> None:
    """Refuse a `--mask` selector Chromium does not take, before the first page; the default ones are."""
    given = [selector for selector in mask if selector not in _DEFAULT_MASK]
    if not given:
        return
    refused = browser.driver.execute_script(_REFUSED_SELECTORS_JS, given)
    if refused:
        what = "not a CSS selector" if len(refused) == 1 else "not CSS selectors"
        raise MaskRefused(f"--mask {', '.join(map(repr, refused))}: {what} Chromium takes "
                          "(document.querySelectorAll refuses it)")
