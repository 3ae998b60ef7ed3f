"""Headless-Chromium screenshot check: every page rendered, every chart drawn, nothing changed.

It talks to the site over HTTP only; `python run.py shots` starts a local site when no URL is given.
"""
from .accessibility import AxeMissing
from .browser import Browser, BrowserDidNotStart, BrowserMissing
from .check import check_page, check_site
from .compare import Comparison, Tolerance, compare_images
from .file_names import page_slug
from .results import AxeViolation, Capture, CheckResult, ImageReport, PageResult, PageTarget
from .server import LiveServer
from .settings import DEFAULT_BASELINE_DIR, DEFAULT_OUT_DIR, Settings

__all__ = [
    "AxeMissing", "AxeViolation", "Browser", "BrowserDidNotStart", "BrowserMissing", "Capture", "CheckResult", "Comparison",
    "DEFAULT_BASELINE_DIR", "DEFAULT_OUT_DIR", "ImageReport", "LiveServer", "PageResult", "PageTarget",
    "Settings", "Tolerance", "check_page", "check_site", "compare_images", "page_slug",
]
