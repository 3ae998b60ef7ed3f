"""`python run.py shots`: check every page of the site in headless Chromium."""
from __future__ import annotations

import argparse
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

# The command drives Chromium through Selenium, which `shots.browser` imports only when a browser
# starts: import it here so that a missing package stops `run.py shots` before the site starts,
# with a message saying what to install.
import selenium  # noqa: F401

from .accessibility import AxeMissing
from .browser import BrowserMissing
from .check import check_site, page_targets
from .compare import Tolerance
from .results import CheckResult, PageResult
from .server import LiveServer
from .settings import DEFAULT_OUT_DIR, PROJECT_ROOT, Settings


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the options of the `shots` command to `parser`."""
    defaults = Settings()
    parser.add_argument("--url", help="check the site running at URL instead of starting one (on a free port, with the sample data only)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT_DIR, metavar="DIR",
                        help="where screenshots, HAR files and report.html go (default: chrome-debug/)")
    parser.add_argument("--baselines", type=Path, default=defaults.baseline_dir, metavar="DIR",
                        help="directory of approved screenshots (default: "
                             f"{defaults.baseline_dir.relative_to(PROJECT_ROOT)}/ in the project)")
    parser.add_argument("--update-baselines", action="store_true",
                        help="accept the screenshots of passing pages as the new baselines")
    parser.add_argument("--page", dest="pages", action="extend", nargs="+", metavar="PATH",
                        help="check only these pages (no link discovery); PATH@404 expects that status")
    parser.add_argument("--max-pages", type=int, default=defaults.max_pages,
                        help=f"check at most this many pages; the run fails if it finds more (default: {defaults.max_pages})")
    parser.add_argument("--mask", action="extend", nargs="+", default=[], metavar="SELECTOR",
                        help="also paint over elements matching these CSS selectors before comparing "
                             f"(always: {', '.join(defaults.mask)})")
    audit = parser.add_mutually_exclusive_group()
    audit.add_argument("--axe", type=Path, metavar="FILE",
                       help="axe-core's axe.min.js for the accessibility audit; the run fails if it is missing "
                            "(default: node_modules/axe-core/axe.min.js of the project, when `npm ci` installed it)")
    audit.add_argument("--no-axe", action="store_true", help="skip the accessibility audit")
    parser.add_argument("--threshold", type=float, default=defaults.tolerance.pixel_threshold,
                        help="per-pixel colour difference ignored, 0..1 of full scale (default: %(default)s)")
    parser.add_argument("--max-diff-ratio", type=float, default=defaults.tolerance.max_diff_ratio,
                        help="share of pixels allowed to differ, 0..1 (default: %(default)s)")


@contextmanager
def running_site(url: str | None) -> Iterator[str]:
    """Yield `url`, or start the site on a free 127.0.0.1 port and yield its URL.

    The site it starts holds the sample data only, in a fresh data folder: screenshots must not
    depend on what a local database happens to hold.
    """
    if url:
        yield url.rstrip("/")
        return
    from app import create_app  # the site itself; imported late so `--url` works without it

    with tempfile.TemporaryDirectory(prefix="svgplots-shots-") as data_dir:
        with LiveServer(create_app({"DATA_DIR": data_dir})) as server:
            yield server.url


def progress_line(number: int, result: PageResult) -> str:
    """One line per page: verdict, path, counts and time; then its problems, indented."""
    drawn = sum(1 for i in result.images if i.drawn)
    expected = "" if result.target.expected_status == 200 else f" (expected {result.target.expected_status})"
    line = (f"[{number:3d}] {result.verdict.upper():7s} {result.target.path}{expected}  "
            f"({drawn}/{len(result.images)} images drawn, {len(result.capture.requests)} requests, "
            f"{result.seconds:.2f} s)")
    details = result.problems + (result.notes if result.verdict == "new" else [])
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
    print(f"report: {result.report_path}")
    print("PASSED" if result.passed else "FAILED")


def settings_from(args: argparse.Namespace) -> Settings:
    """The run's settings from the parsed options; raises ValueError for a bad tolerance.

    The accessibility audit uses the project's axe-core when it is installed; one named with
    `--axe` must exist.
    """
    defaults = Settings()
    return Settings(tolerance=Tolerance(args.threshold, args.max_diff_ratio), baseline_dir=args.baselines,
                    max_pages=args.max_pages, mask=defaults.mask + tuple(args.mask),
                    axe_script=None if args.no_axe else (args.axe or defaults.axe_script),
                    require_axe=args.axe is not None)


def main(args: argparse.Namespace) -> int:
    """Run the check; 0 only when every page passes."""
    try:
        settings = settings_from(args)
        pages = page_targets(args.pages) if args.pages else None  # before a site starts for nothing
    except ValueError as exc:
        print(f"shots: {exc}", file=sys.stderr)
        return 2
    try:
        with running_site(args.url) as base_url:
            print(f"checking {base_url} (out: {args.out}, baselines: {args.baselines})", flush=True)
            result = check_site(
                base_url, pages, out_dir=args.out, update_baselines=args.update_baselines, settings=settings,
                progress=lambda n, page: print(progress_line(n, page), flush=True))
    except (BrowserMissing, AxeMissing) as exc:
        print(f"shots: {exc}", file=sys.stderr)
        return 2
    print_summary(result)
    return 0 if result.passed else 1


def run(argv: list[str] | None = None) -> int:
    """Parse `argv` and run (for `python -m shots`)."""
    parser = argparse.ArgumentParser(prog="shots", description=__doc__)
    add_arguments(parser)
    return main(parser.parse_args(argv))
