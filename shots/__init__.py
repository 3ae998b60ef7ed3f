"""Headless-Chromium screenshot check: every page rendered, every chart drawn, nothing changed."""
from .browser import Browser, BrowserMissing, Capture
from .check import (
    DEFAULT_BASELINE_DIR,
    DEFAULT_OUT_DIR,
    CheckResult,
    ImageReport,
    PageResult,
    PageTarget,
    Settings,
    check_page,
    check_site,
    page_slug,
)
from .compare import Comparison, Tolerance, compare_images
from .server import LiveServer

__all__ = [
    "Browser", "BrowserMissing", "Capture", "CheckResult", "Comparison", "DEFAULT_BASELINE_DIR",
    "DEFAULT_OUT_DIR", "ImageReport", "LiveServer", "PageResult", "PageTarget", "Settings",
    "Tolerance", "check_page", "check_site", "compare_images", "page_slug",
]
