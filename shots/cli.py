"""`python run.py shots`: check every page of the site in headless Chromium."""
from __future__ import annotations

import argparse
import importlib.util
import re
import signal
import sys
import urllib.parse
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Iterator

# The command drives Chromium through Selenium, which `shots.browser` imports only when a browser
# starts: a missing package must stop `run.py shots` before the site starts, with run.py's message
# saying what to install. Looked up, not imported, so that serving the site does not load it.
if importlib.util.find_spec("selenium") is None:
    raise ModuleNotFoundError("No module named 'selenium'", name="selenium")

from .accessibility import AxeMissing, axe_version, load_axe
from .browser import Browser, BrowserDidNotStart, BrowserMissing, chromium_version
from .check import check_site, linked_pages, page_targets
from .masks import MaskRefused
from .compare import Tolerance, ToleranceError
from .report import start_run, write_report
from .results import CheckResult, PageResult
from .server import SiteUnavailable, running_site
from .settings import DEFAULT_OUT_DIR, PROJECT_ROOT, Settings


# The option that sets each tolerance: a refusal names what the user typed, not the setting.
TOLERANCE_OPTIONS = {"pixel_threshold": "--threshold", "max_diff_ratio": "--max-diff-ratio",
                     "chart_pixel_threshold": "--chart-threshold", "chart_max_pixels": "--chart-max-pixels"}

EPILOG = """\
Each page fails when a chart did not draw or is an error image, a request failed, an image has
the wrong type, the console logged an error, axe-core finds a WCAG A or AA violation, the page
looks different from its baseline, or it did not load within --timeout seconds (the page and its
charts; the failure names the charts still loading).

exit status: 0 every page passed; 1 a page failed (or pages were left at --max-pages);
2 a wrong option, a missing package, a site that did not start or cannot be reached, a browser
missing or not starting, a missing axe-core, a folder or file it cannot write (each a failed report and
one line saying what was wrong);
130 / 143 stopped by Ctrl-C / SIGTERM (the report then holds the pages checked until then)."""


# Numbers as the command line takes them: the digits 0-9, a minus before them for the refusal to say
# a value is out of range, and in a decimal a point and an exponent (0.25, 1e-3). int() and float()
# take more: +3, 1_000, " 3", other scripts' digits (٣), and float() nan and inf.
WHOLE_NUMBER = re.compile("-?[0-9]+")
DECIMAL_NUMBER = re.compile(r"-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")


def shown_option_value(text: str) -> str:
    """An option's value as a refusal quotes it, as every refusal of the site quotes a value
    ('cafe\\u0301' apart from 'café', which repr writes alike; one past 100 characters cut, with its length)."""
    # Imported here: a command line that is taken imports nothing of plots.
    from plots.text import quoted

    return quoted(text)


# The most digits a whole number option takes (leading zeros aside): more than any count of pages or
# pixels, and far below the 4,300 int() reads, past which argparse wrote its own refusal, the number whole.
MOST_DIGITS = 18


def whole_number(text: str) -> int:
    """An argparse type: a whole number, in the digits 0-9, of at most MOST_DIGITS digits."""
    if not WHOLE_NUMBER.fullmatch(text):
        raise argparse.ArgumentTypeError(f"{shown_option_value(text)} is not a whole number")
    if len(text.lstrip("-").lstrip("0")) > MOST_DIGITS:
        raise argparse.ArgumentTypeError(f"{shown_option_value(text)} is too large: give at most "
                                         f"{MOST_DIGITS} digits")
    return int(text)


def decimal_number(text: str) -> float:
    """An argparse type: a number, in the digits 0-9 with a point or an exponent if need be (0.25, 1e-3)."""
    if not DECIMAL_NUMBER.fullmatch(text):
        raise argparse.ArgumentTypeError(f"{shown_option_value(text)} is not a number")
    return float(text)


def positive_int(text: str) -> int:
    """An argparse type: a whole number of at least 1, in the digits 0-9."""
    value = whole_number(text) if WHOLE_NUMBER.fullmatch(text) else 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{shown_option_value(text)} is not a whole number of at least 1")
    return value


def positive_seconds(text: str) -> float:
    """An argparse type: a number of seconds above 0, in the digits 0-9 with a point or an exponent if need be."""
    value = float(text) if DECIMAL_NUMBER.fullmatch(text) else 0.0
    if not 0 < value < float("inf"):
        raise argparse.ArgumentTypeError(f"{shown_option_value(text)} is not a number of seconds above 0")
    return value


def _is_site_url(text: str) -> bool:
    """Whether `text` begins http:// or https:// and names a host."""
    try:
        parts = urllib.parse.urlsplit(text)
        return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
    except ValueError:  # a bracketed host that is no IPv6 address
        return False


def site_url(text: str) -> str:
    """An argparse type: the URL of a running site, http:// or https:// and a host, as written."""
    if _is_site_url(text):
        return text
    # urllib read 127.0.0.1:5000 as the scheme 127.0.0.1, and said only "unknown url type"; it tried
    # ftp://host/ as FTP, and a site that answered there was no site a browser's check could load.
    # One written without a scheme is told the URL it may mean, where that names a host (not /charts).
    written = text.strip()
    how = f"; write http://{written}" if "://" not in written and _is_site_url(f"http://{written}") else ""
    raise argparse.ArgumentTypeError(f"{shown_option_value(text)} is not the URL of a site: give one beginning "
                                     f"http:// or https:// and naming its host{how}")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the options of the `shots` command to `parser`, and its help's account of the exit codes."""
    defaults = Settings()
    parser.description = __doc__
    parser.epilog = EPILOG
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument("--url", type=site_url, help="check the site running at URL instead of starting one (on a free port, with the sample data "
                             "only); it must answer within --timeout seconds")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT_DIR, metavar="DIR",
                        help="where screenshots, HAR files and report.html go (default: chrome-debug/)")
    parser.add_argument("--baselines", type=Path, default=defaults.baseline_dir, metavar="DIR",
                        help="directory of approved screenshots (default: "
                             f"{defaults.baseline_dir.relative_to(PROJECT_ROOT)}/ in the project)")
    parser.add_argument("--update-baselines", action="store_true",
                        help="accept the screenshots of passing pages as the new baselines")
    parser.add_argument("--page", dest="pages", action="extend", nargs="+", metavar="PATH",
                        help="check only these pages (no link discovery), each by its path below the site's URL (a URL is "
                             "refused, and so is a path beginning //, as written or once its . and .. are resolved; a "
                             "#fragment is dropped); PATH@404 expects that status (100 to 599; an @ ending a path or query, "
                             "if not a status, is written %%40)")
    parser.add_argument("--max-pages", type=positive_int, default=defaults.max_pages,
                        help=f"check at most this many pages; the run fails if it finds more (default: {defaults.max_pages})")
    parser.add_argument("--timeout", type=positive_seconds, default=defaults.page_timeout, metavar="SECONDS",
                        help="how long a page and its charts may take to load (default: %(default)g)")
    parser.add_argument("--mask", action="extend", nargs="+", default=[], metavar="SELECTOR",
                        help="also paint over elements matching these CSS selectors before comparing "
                             f"(always: {', '.join(defaults.mask)})")
    audit = parser.add_mutually_exclusive_group()
    audit.add_argument("--axe", type=Path, metavar="FILE",
                       help="axe-core's axe.min.js for the accessibility audit; the run fails if it is missing "
                            "(default: node_modules/axe-core/axe.min.js of the project, when `npm ci` installed it)")
    audit.add_argument("--no-axe", action="store_true", help="skip the accessibility audit")
    parser.add_argument("--threshold", type=decimal_number, default=defaults.tolerance.pixel_threshold,
                        help="per-pixel colour difference ignored, 0..1 of full scale (default: %(default)s)")
    parser.add_argument("--max-diff-ratio", type=decimal_number, default=defaults.tolerance.max_diff_ratio,
                        help="share of pixels allowed to differ, 0..1 (default: %(default)s)")
    parser.add_argument("--chart-threshold", type=decimal_number, default=defaults.tolerance.chart_pixel_threshold,
                        help="inside each chart's area, the per-pixel colour difference ignored, 0..1 of full "
                             "scale (default: %(default)s)")
    parser.add_argument("--chart-max-pixels", type=whole_number, default=defaults.tolerance.chart_max_pixels, metavar="N",
                        help="inside each chart's area, how many pixels may differ beyond --chart-threshold "
                             "(default: %(default)s)")


class Stopped(BaseException):
    """SIGINT or SIGTERM arrived: unwinds like Ctrl-C, so that every `finally` cleans up."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def _stop(signum: int, frame: FrameType | None) -> None:
    # A second signal would cut the clean-up short and leave Chromium or a temporary folder behind.
    for each in (signal.SIGINT, signal.SIGTERM):
        signal.signal(each, signal.SIG_IGN)
    raise Stopped(signum)


@contextmanager
def stopped_by_signals() -> Iterator[None]:
    """Within: SIGINT and SIGTERM (CI's cancel, `timeout`) raise Stopped; the old handlers after."""
    previous = {each: signal.signal(each, _stop) for each in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for each, handler in previous.items():
            signal.signal(each, handler)


@dataclass
class Progress:
    """Prints each page's line as it is checked, and keeps what a run stopped early reports."""

    discover: bool
    limit: int
    base_url: str = ""
    pages: list[PageResult] = field(default_factory=list)
    given: list[str] = field(default_factory=lambda: ["/"])  # the pages asked for, or where the crawl starts
    browser_version: str = ""  # the Chromium that runs the check, once it has started

    def browser_started(self, browser: Browser) -> None:
        """Keep the version of the browser that runs the check, as its session says it (`browserVersion`)."""
        self.browser_version = browser.version

    def __call__(self, number: int, result: PageResult) -> None:
        self.pages.append(result)  # first: a signal during the print must not lose the page
        print(progress_line(number, result), flush=True)

    def left(self) -> list[str]:
        """The pages found (or given) and not checked, within the page limit."""
        found = dict.fromkeys(self.given)
        if self.discover:
            # The check's discovery, gone over again only when a run stops: the pages' links in
            # the order the pages were checked, as the check queues them.
            for page in self.pages:
                if not page.capture.error:
                    found.update(dict.fromkeys(linked_pages(page.capture, self.base_url)))
        checked = {p.target.path for p in self.pages} | {p.redirected_from for p in self.pages}
        return [path for path in list(found)[:self.limit] if path not in checked]


def progress_line(number: int, result: PageResult) -> str:
    """One line per page: verdict, path, counts (charts, then other images when it has any) and
    time; then its problems, indented."""
    charts = [i for i in result.images if i.chart]
    others = [i for i in result.images if not i.chart]
    counts = [f"{sum(i.drawn for i in charts)}/{len(charts)} charts drawn"]
    if others:  # a logo or an icon: judged as an image, not counted as a chart
        counts.append(f"{sum(i.drawn for i in others)}/{len(others)} other images drawn")
    expected = "" if result.target.expected_status == 200 else f" (expected {result.target.expected_status})"
    if result.redirects_to:  # the page it leads to has its own line, its images counted there
        counts = []
    line = (f"[{number:3d}] {result.verdict.upper():7s} {result.described}{expected}  "
            f"({', '.join(counts + [f'{len(result.capture.requests)} requests'])}, {result.seconds:.2f} s)")
    details = (result.problems + (result.notes if result.verdict == "new" else [])
               + [f"warning: {warning}" for warning in result.warnings])
    return "\n".join([line] + [f"        - {d}" for d in details])


def print_summary(result: CheckResult) -> None:
    """The end of a run: the counts, each failure naming its page, where the report is."""
    print(result.summary())
    print(f"accessibility: axe-core {result.axe_version}" if result.axe_version else
          "accessibility: not audited")
    for note in result.notes:
        print(f"  {note}")
    for line in result.failures:
        print(f"  {line}")
    for line in result.warnings:
        print(f"  warning: {line}")
    print(f"report: {result.report_path}")
    print("PASSED" if result.passed else "FAILED")


def settings_from(args: argparse.Namespace) -> Settings:
    """The run's settings from the parsed options; raises ValueError naming the option of a bad tolerance,
    or of a folder to write in (--out, --baselines) that is a file.

    The accessibility audit uses the project's axe-core when it is installed; one named with
    `--axe` must exist.
    """
    defaults = Settings()
    for option, folder in (("--out", Path(args.out)), ("--baselines", Path(args.baselines))):
        if folder.exists() and not folder.is_dir():
            raise ValueError(f"{option} {folder} is a file, not a folder")
    try:
        tolerance = Tolerance(args.threshold, args.max_diff_ratio, args.chart_threshold, args.chart_max_pixels)
    except ToleranceError as error:
        raise ValueError(error.message(TOLERANCE_OPTIONS[error.setting])) from None
    return Settings(tolerance=tolerance, baseline_dir=args.baselines,
                    max_pages=args.max_pages, page_timeout=args.timeout, mask=defaults.mask + tuple(args.mask),
                    axe_script=None if args.no_axe else (args.axe or defaults.axe_script),
                    require_axe=args.axe is not None)


def installed_versions(settings: Settings, browser_version: str = "") -> dict[str, str]:
    """The Chromium and the axe-core a run uses ("" for one that cannot be told): the report of a run
    that ended early names them, as a finished run's does. The Chromium is `browser_version`, the
    browser's that ran; when none started, the one installed (`chromium --version`, which may since
    have been replaced by another)."""
    axe = ""
    if settings.axe_script is not None:
        try:
            axe = axe_version(load_axe(settings.axe_script))
        except OSError:  # AxeMissing among them: the run says so itself
            pass
    return {"browser_version": browser_version or chromium_version(), "axe_version": axe}


def report_stopped(stop: Stopped, progress: Progress, args: argparse.Namespace, settings: Settings) -> int:
    """Write the report of the pages checked so far, marked not finished; say so in one line."""
    left = progress.left()
    total = len(progress.pages) + len(left)
    shown = ", ".join(left[:10]) + (" …" if len(left) > 10 else "")
    # Not `unvisited`: that says the run reached the page limit.
    check = CheckResult(progress.pages, Path(args.out), Path(args.baselines), notes=[
        f"not finished: stopped by {stop} after {len(progress.pages)} of {total} pages"
        + (f"; not checked: {shown}" if left else "")], stopped_by=str(stop),
        **installed_versions(settings, progress.browser_version))
    path = write_report(check)
    print(f"shots: stopped by {stop}: {len(progress.pages)} of {total} pages checked (report: {path})",
          file=sys.stderr, flush=True)
    return 128 + stop.signum


def report_set_up_error(error: Exception, args: argparse.Namespace, settings: Settings) -> int:
    """A failed report in place of the previous run's, where the out folder takes one, and one line saying
    why; exit status 2."""
    with suppress(OSError):
        write_report(CheckResult([], Path(args.out), Path(args.baselines), notes=[str(error)],
                                 **installed_versions(settings)))
    print(f"shots: {error}", file=sys.stderr)
    return 2


def main(args: argparse.Namespace) -> int:
    """Run the check; 0 only when every page passes."""
    try:
        settings = settings_from(args)
        pages = page_targets(args.pages) if args.pages else None  # before a site starts for nothing
    except ValueError as exc:
        print(f"shots: {exc}", file=sys.stderr)
        return 2
    progress = Progress(discover=pages is None, limit=settings.max_pages,
                        given=[t.path for t in pages] if pages else ["/"])
    try:
        with stopped_by_signals():
            # The previous run's report must not stand for this one, however this one ends.
            start_run(Path(args.out))
            with running_site(args.url, args.timeout) as base_url:
                progress.base_url = base_url
                print(f"checking {base_url} (out: {args.out}, baselines: {args.baselines})", flush=True)
                result = check_site(base_url, pages, out_dir=args.out, update_baselines=args.update_baselines,
                                    settings=settings, progress=progress, browser_started=progress.browser_started)
    except Stopped as stop:
        return report_stopped(stop, progress, args, settings)
    except (SiteUnavailable, BrowserMissing, BrowserDidNotStart, AxeMissing, MaskRefused) as exc:
        return report_set_up_error(exc, args, settings)
    except OSError as exc:  # the out folder cannot be made or written, or a baseline cannot be written
        return report_set_up_error(RuntimeError(f"cannot write {exc.filename or args.out}: {exc.strerror or exc}"),
                                   args, settings)
    print_summary(result)
    return 0 if result.passed else 1


def run(argv: list[str] | None = None) -> int:
    """Parse `argv` and run (for `python -m shots`)."""
    parser = argparse.ArgumentParser(prog="shots")
    add_arguments(parser)
    return main(parser.parse_args(argv))
