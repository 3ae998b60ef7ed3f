"""Headless Chromium via Selenium: start once, capture many pages, quit."""
from __future__ import annotations

import base64
import math
import os
import re
import subprocess
import tempfile
import time
import weakref
from typing import Any, Sequence

from .compare import MASK_RECTS_JS, paint_masks
from .landing import visit_answered
from .network import NetworkEntry, parse_performance_log
from .profile_folder import remove_profile
from .results import Capture
from .site_urls import page_name

DEFAULT_CHROMIUM = "/usr/bin/chromium"
DEFAULT_CHROMEDRIVER = "/usr/bin/chromedriver"

# Flags measured in BROWSER.md: no stray traffic, no DNS beyond localhost, stable pixels.
CHROMIUM_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
    "--font-render-hinting=none",
    "--disable-lcd-text",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost",
)

# Very tall pages would make huge PNGs; Chromium's own texture limit is 16384.
MAX_PAGE_HEIGHT = 16384

_SETTLE_JS = """
const timeoutMs = arguments[0], done = arguments[arguments.length - 1];
const images = Array.from(document.images);
images.forEach(img => { if (img.loading === 'lazy') img.loading = 'eager'; });
const settled = images.map(img => img.complete
  ? (img.naturalWidth > 0 ? img.decode().catch(() => null) : null)
  : new Promise(ok => { img.addEventListener('load', ok, {once: true});
                        img.addEventListener('error', ok, {once: true}); }));
const timer = new Promise(ok => setTimeout(() => ok('timeout'), timeoutMs));
Promise.race([Promise.all([document.fonts.ready, ...settled]), timer]).then(result =>
  requestAnimationFrame(() => requestAnimationFrame(() => done(result === 'timeout' ? 'timeout' : 'ok'))));
"""

# Whether the page draws a frame. A document stopped before its <body> was parsed is never drawn, and
# Chromium's screenshot of it waits for a frame for ever, chromedriver answering no command meanwhile.
_DRAWS_JS = """
const done = arguments[arguments.length - 1];
requestAnimationFrame(() => done(true));
setTimeout(() => done(false), arguments[0]);
"""

# How long selenium waits for chromedriver's answer beyond the page timeout (its own default is 120 s,
# a command tried up to four times): no command of a capture takes longer than the page timeout and 5 s.
ANSWER_MARGIN_SECONDS = 30

# Animations, transitions and blinking carets are the usual reason two shots differ. A constructed
# stylesheet, unlike an injected <style>, is not blocked by the site's CSP (style-src 'self').
_FREEZE_JS = """
if (!window.__shotsFrozen) {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync('*, *::before, *::after { animation-duration: 0s !important; ' +
    'animation-delay: 0s !important; animation-iteration-count: 1 !important; ' +
    'transition: none !important; caret-color: transparent !important; scroll-behavior: auto !important; }');
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  window.__shotsFrozen = true;
}
document.getAnimations().forEach(a => { try { a.finish(); } catch (e) { a.cancel(); } });
if (document.activeElement && document.activeElement.blur) document.activeElement.blur();
window.scrollTo(0, 0);
"""

_PAGE_INFO_JS = """
const nav = performance.getEntriesByType('navigation')[0];
return {
  title: document.title,
  url: location.href,
  images: Array.from(document.images).map(img => ({
    src: img.currentSrc || img.src, attr_src: img.getAttribute('src') || '',
    id: img.id, alt: img.alt, complete: img.complete,
    natural_width: img.naturalWidth, natural_height: img.naturalHeight,
    width: img.width, height: img.height,
    // Where it is in the full-page screenshot (document pixels; the page is scrolled to 0, 0).
    box: (r => [r.left + scrollX, r.top + scrollY, r.right + scrollX, r.bottom + scrollY])(img.getBoundingClientRect())})),
  links: Array.from(document.links).map(a => a.href),
  on_content_load_ms: nav ? nav.domContentLoadedEventEnd : -1,
  on_load_ms: nav ? nav.loadEventEnd : -1,
};
"""


def _did_not_load(seconds: float) -> str:
    """A page's verdict when it did not load within the page timeout."""
    return f"page did not load within {seconds:g} s (the page timeout, --timeout)"


def still_loading(requests: Sequence[NetworkEntry]) -> str:
    """"; still loading: <paths>" for the page and the images not answered when the page timed out, or ""."""
    # At the timeout chromedriver stops the page: the requests still open then end ERR_ABORTED.
    paths = [page_name(e.url) for e in requests if e.resource_type in ("Document", "Image") and e.status is None
             and (not e.finished or e.error == "net::ERR_ABORTED")]
    return f"; still loading: {', '.join(paths)}" if paths else ""


# Chromium listens on <temp>/org.chromium.Chromium.XXXXXX/SingletonSocket, in the temporary folder
# it is given (TMPDIR), and a UNIX socket's path holds 107 bytes (108 with the closing NUL): past
# that, it exits at start. The standard folders tried, in order, when TMPDIR is too long a path.
SOCKET_PATH_BYTES = 107
SOCKET_IN_TEMP = os.path.join("org.chromium.Chromium.XXXXXX", "SingletonSocket")
SHORT_TEMP_DIRS = ("/tmp", "/var/tmp", "/dev/shm")


class BrowserMissing(RuntimeError):
    """Chromium or chromedriver is not installed where we look for it."""


class BrowserDidNotStart(RuntimeError):
    """Chromium or chromedriver is installed but did not start."""


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    # Selenium's own advice ("; For documentation on this error, please visit: …") is left out.
    return text.splitlines()[0].removeprefix("Message: ").split("; For documentation")[0] if text else type(exc).__name__


def chromium_path(chromium: str | None = None) -> str:
    """The Chromium the check runs: `chromium`, else CHROMIUM_BIN, else the system's."""
    return chromium or os.environ.get("CHROMIUM_BIN") or DEFAULT_CHROMIUM


def chromium_version(chromium: str | None = None) -> str:
    """The version the installed Chromium says it is (`150.0.7871.100`), without starting a
    browser; "" when it cannot say."""
    try:
        done = subprocess.run([chromium_path(chromium), "--version"], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return ""
    # "Chromium 150.0.7871.100 built on Debian GNU/Linux 12 (bookworm)"
    match = re.search(r"\b\d+(?:\.\d+){1,3}\b", done.stdout) if done.returncode == 0 else None
    return match.group(0) if match else ""


def _binary_paths(chromium: str | None, chromedriver: str | None) -> tuple[str, str]:
    chromium = chromium_path(chromium)
    chromedriver = chromedriver or os.environ.get("CHROMEDRIVER") or DEFAULT_CHROMEDRIVER
    missing = [p for p in (chromium, chromedriver) if not os.access(p, os.X_OK)]
    if missing:
        raise BrowserMissing(
            f"not found or not executable: {', '.join(missing)}; install the system packages "
            "chromium and chromium-driver, or set CHROMIUM_BIN / CHROMEDRIVER"
        )
    return chromium, chromedriver


def socket_fits(temp: str) -> bool:
    """Whether Chromium's socket in the temporary folder `temp` has a path a UNIX socket can take."""
    return len(os.fsencode(os.path.join(temp, SOCKET_IN_TEMP))) <= SOCKET_PATH_BYTES


def browser_temp_dir(temp: str | None = None, others: Sequence[str] = SHORT_TEMP_DIRS) -> str:
    """The temporary folder for Chromium's profile and socket: `temp` (the usual one), or when its
    path is too long for the socket, the first of `others` that is short enough and writable.

    Raises BrowserDidNotStart naming the path too long when none is.
    """
    temp = temp or tempfile.gettempdir()
    if socket_fits(temp):
        return temp
    for other in others:
        if socket_fits(other) and os.path.isdir(other) and os.access(other, os.W_OK | os.X_OK):
            return other
    limit = SOCKET_PATH_BYTES - len(os.fsencode(os.sep + SOCKET_IN_TEMP))
    raise BrowserDidNotStart(
        f"Chromium did not start: the temporary folder {temp} is too long a path for Chromium's socket "
        f"({len(os.fsencode(temp))} bytes; at most {limit}), and none of {', '.join(others)} is a "
        "writable folder to use instead: set TMPDIR to a shorter one")


def _cleanup(driver: Any, user_data_dir: str) -> None:
    try:
        if driver is not None:
            driver.quit()  # also ends chromedriver's process, even when it no longer answers
    except Exception:
        # A chromedriver already gone (Ctrl-C reaches the whole process group) must not hide why
        # the run ended; the profile is removed all the same.
        pass
    finally:
        remove_profile(user_data_dir)


def _stop_service(service: Any) -> None:
    try:
        service.stop()
    except Exception:
        pass  # it never started


class Browser:
    """One headless Chromium with an exact viewport; `capture(url)` visits a page."""

    def __init__(
        self,
        width: int = 1280,
        height: int = 800,
        *,
        chromium: str | None = None,
        chromedriver: str | None = None,
        disable_cache: bool = True,
        page_timeout: float = 30.0,
        max_shots: int = 5,
    ) -> None:
        # Imported here so that `shots` can be imported (e.g. for comparing) without Selenium.
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service

        # Second line of defence: Selenium Manager must never go online.
        os.environ["SE_OFFLINE"] = "true"
        os.environ["SE_AVOID_STATS"] = "true"
        chromium, chromedriver = _binary_paths(chromium, chromedriver)
        self.width, self.height, self.max_shots = width, height, max_shots
        started = time.perf_counter()
        temp = browser_temp_dir()
        self.user_data_dir = tempfile.mkdtemp(prefix="shots-chromium-", dir=temp)
        options = webdriver.ChromeOptions()
        options.binary_location = chromium
        for flag in CHROMIUM_FLAGS:
            options.add_argument(flag)
        options.add_argument(f"--user-data-dir={self.user_data_dir}")
        options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
        options.add_experimental_option("perfLoggingPrefs", {"enableNetwork": True, "enablePage": False})
        # Chromium makes its socket's folder in TMPDIR, which chromedriver passes on to it.
        service = Service(chromedriver, env={**os.environ, "TMPDIR": temp})
        try:
            self.driver = webdriver.Chrome(options=options, service=service)
        except BaseException as exc:  # a failed start, or SIGTERM during it: leave no chromedriver or profile
            _stop_service(service)
            remove_profile(self.user_data_dir)
            if isinstance(exc, Exception):
                raise BrowserDidNotStart(
                    f"Chromium did not start: {_first_line(exc)} ({chromium} with {chromedriver}; its "
                    f"profile folder was {self.user_data_dir})") from exc
            raise
        self._finalizer = weakref.finalize(self, _cleanup, self.driver, self.user_data_dir)
        self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})
        # Like DevTools' "Disable cache": every capture shows the real requests.
        self.driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": disable_cache})
        # The first tab is Chromium's new-tab page; let it finish and forget its ~80 requests.
        self.driver.get("about:blank")
        self._drain_logs()
        # Last: the browser's own start is not a page, and a page timeout shorter than it would cut it short.
        self.set_page_timeout(page_timeout)
        self.version = str(self.driver.capabilities.get("browserVersion", ""))
        self.start_seconds = time.perf_counter() - started

    def __enter__(self) -> "Browser":
        return self

    def __exit__(self, *exc: object) -> None:
        self.quit()

    def quit(self) -> None:
        """Close Chromium and remove its temporary profile."""
        self._finalizer()

    def set_page_timeout(self, seconds: float) -> None:
        """How long a page, its charts and fonts may take to load."""
        self.page_timeout = seconds
        self.settle_timeout_ms = int(seconds * 1000)
        self.driver.set_page_load_timeout(seconds)
        self.driver.set_script_timeout(seconds + 5)
        self.driver.command_executor.client_config.timeout = seconds + 5 + ANSWER_MARGIN_SECONDS

    def _drain_logs(self) -> None:
        self.driver.get_log("performance")
        self.driver.get_log("browser")

    def _collect_network(self, wait_s: float = 2.0) -> list[NetworkEntry]:
        # The performance log is filled asynchronously: poll until every request has finished.
        raw: list[dict[str, Any]] = []
        deadline = time.monotonic() + wait_s
        while True:
            raw.extend(self.driver.get_log("performance"))
            entries = parse_performance_log(raw)
            if all(e.finished for e in entries) or time.monotonic() > deadline:
                return entries
            time.sleep(0.05)

    def _take_screenshots(self, result: Capture, mask: Sequence[str]) -> None:
        """Shoot until two consecutive shots are identical (Playwright's rule), then paint the masks over it."""
        shots = [self.screenshot()]
        while len(shots) < self.max_shots and (len(shots) < 2 or shots[-1] != shots[-2]):
            shots.append(self.screenshot())
        result.png, result.shots_taken = shots[-1], len(shots)
        result.stable = len(shots) >= 2 and shots[-1] == shots[-2]
        if mask and not result.error:
            result.png, result.masked = self.masked(result.png, mask)

    def masked(self, png: bytes, mask: Sequence[str]) -> tuple[bytes, int]:
        """`png`, a screenshot of the page as it is now, with the elements the selectors `mask` pick
        painted over (`paint_masks`), and how many were: `png` itself where none was."""
        rects = self.driver.execute_script(MASK_RECTS_JS, list(mask)) if mask else []
        return (paint_masks(png, rects) if rects else png), len(rects)

    def _settle_and_read(self, result: Capture, mask: Sequence[str]) -> None:
        """Wait for fonts and images, then take `result`'s screenshot and read its page's images and links."""
        clock = time.perf_counter()
        if not result.error:
            if self.driver.execute_async_script(_SETTLE_JS, self.settle_timeout_ms) == "timeout":
                result.error = "fonts or images still loading after the page timeout"
            self.driver.execute_script(_FREEZE_JS)
        result.timings["settle"] = time.perf_counter() - clock

        clock = time.perf_counter()
        # A page stopped before it drew anything has no screenshot: Chromium would wait for one for ever.
        if not result.error or self.driver.execute_async_script(_DRAWS_JS, 2000):
            self._take_screenshots(result, mask)
        result.timings["screenshot"] = time.perf_counter() - clock

        info = self.driver.execute_script(_PAGE_INFO_JS)
        result.final_url, result.title = info["url"], info["title"]
        result.images, result.links = info["images"], info["links"]
        result.on_content_load_ms = float(info["on_content_load_ms"] or -1)
        result.on_load_ms = float(info["on_load_ms"] or -1)

    def screenshot(self) -> bytes:
        """A full-page PNG at device scale 1 (viewport width, document height)."""
        metrics = self.driver.execute_cdp_cmd("Page.getLayoutMetrics", {})
        size = metrics.get("cssContentSize") or metrics["contentSize"]
        width = max(self.width, math.ceil(size["width"]))
        height = min(MAX_PAGE_HEIGHT, max(1, math.ceil(size["height"])))
        shot = self.driver.execute_cdp_cmd("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": True, "fromSurface": True,
            "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}})
        return base64.b64decode(shot["data"])

    def capture(self, url: str, mask: Sequence[str] = ()) -> Capture:
        """Visit `url`; return its screenshot, requests, images, links and console.

        Elements matching a `mask` CSS selector are painted over in the screenshot (as
        Playwright's `mask`), for content that differs on every run such as the server's port.
        """
        from selenium.common.exceptions import TimeoutException

        result = Capture(url=url, started_wall=time.time())
        clock = time.perf_counter()
        self._drain_logs()
        timed_out = False
        try:
            self.driver.get(url)
        except TimeoutException:
            timed_out = True
            result.error = _did_not_load(self.page_timeout)
        except Exception as exc:  # a network error is a verdict, not a crash
            result.error = f"page did not load: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}"
        result.timings["navigate"] = time.perf_counter() - clock
        try:
            self._settle_and_read(result, mask)
        except TimeoutException:
            # Chromedriver waits for a navigation still under way before it runs a script or takes
            # a screenshot, and gives up after the page timeout: the page did not load, whichever
            # command met it. The verdict is that, with what was read before, not a crash.
            timed_out = timed_out or not result.error
            result.error = result.error or _did_not_load(self.page_timeout)
        clock = time.perf_counter()
        result.requests = self._collect_network()
        if timed_out:
            result.error += still_loading(result.requests)
            if not visit_answered(result):
                # Chromium still shows the page visited before: its address, screenshot, images and links
                # are none of this page's, and would be written and judged as its own.
                result.final_url, result.title, result.png, result.images, result.links = "", "", b"", [], []
        result.console = [dict(m) for m in self.driver.get_log("browser")]
        result.timings["logs"] = time.perf_counter() - clock
        return result
