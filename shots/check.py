"""The screenshot check: visit pages, judge each one, compare with its baseline."""
from __future__ import annotations

import functools
import time
from collections import deque
from pathlib import Path
from typing import Callable, Iterable
from urllib.parse import urljoin, urlsplit

from .accessibility import INSTALL_HINT, AxeMissing, audit_page, axe_version, load_axe
from .browser import Browser
from .baseline_charts import baseline_places, places_path, read_places, write_baseline
from .compare import (Area, Box, compare_images, difference_files, drawn_box, not_a_png, one_colour, rgb_image,
                      write_difference)
from .file_names import RunFileNames, page_slug, shared_name_problem, unmatched_baselines
from .landing import document_problems, landing_page, visit_landing
from .masks import check_mask
from .moved_charts import drawn_at_baseline_places
from .network import NetworkEntry, final_hop, har_timings
from .report import record_files, start_run, write_page_files, write_report
from .results import Capture, CheckResult, ImageReport, PageResult, PageTarget
from .settings import DEFAULT_OUT_DIR, Settings
from .site_urls import is_chart, page_name, page_url, site_path

def image_name(img: dict) -> str:
    """How a report names an image besides its URL: `#id` and its alt text on one line, whole, either alone
    where the other is missing: a chart that cannot be drawn says why there (`This chart cannot be drawn: …`),
    the only words of its 4xx, and a chart's own page gives it an id (`#chart "This chart cannot be drawn: …"`)."""
    alt = " ".join(str(img.get("alt") or "").split())
    return " ".join(part for part in (f"#{img['id']}" if img.get("id") else "", f'"{alt}"' if alt else "") if part)


def judge_images(capture: Capture, settings: Settings, site_url: str) -> list[ImageReport]:
    """Join each `<img>` to its request and say what is wrong with it; the charts are those of the
    site at `site_url` (`is_chart`)."""
    reports = []
    # Decoded at the first chart judged, once for them all: a long page's screenshot takes a while.
    screenshot = functools.cache(lambda: rgb_image(capture.png))
    for number, img in enumerate(capture.images, start=1):
        src = img.get("src", "")
        entry = None if src.startswith("data:") else final_hop(capture.requests, src)
        report = ImageReport(
            name=image_name(img), src=src, status=entry.status if entry else None,
            content_type=entry.mime_type if entry else "",
            natural_width=int(img.get("natural_width") or 0),
            natural_height=int(img.get("natural_height") or 0),
            chart=is_chart(src, site_url),
            # A page that did not load is judged without its images' places: its charts may be loading still.
            box=None if capture.error or not img.get("box") else drawn_box(img["box"]), number=number)
        if report.chart and not str(img.get("alt") or "").strip():
            # axe takes alt="" for decorative; a chart is never decorative.
            report.problems.append("has no alt text: a chart's <img> needs an alt saying what it draws")
        if not src:
            report.problems.append("has no src")
        elif entry is not None:
            if entry.error:
                report.problems.append(f"request failed: {entry.error}")
            if entry.status and entry.status >= 400:
                report.problems.append(f"HTTP {entry.status} {entry.status_text}".rstrip())
            elif entry.chart_error:
                # errors=image: the site's error image, drawn in the chart's place with a 200.
                report.problems.append(f"an error in the chart's place: {entry.chart_error}")
            if entry.status and entry.mime_type not in settings.image_types:
                report.problems.append(
                    f"served as {entry.mime_type or 'no content type'}, not {' or '.join(settings.image_types)}")
        if not report.drawn:
            why = "" if report.problems else (
                ": no request was recorded" if entry is None and not src.startswith("data:")
                else ": the body could not be decoded")
            report.problems.append(f"not drawn (naturalWidth 0){why}")
        elif report.chart and report.box and capture.png and one_colour(screenshot(), report.box):
            report.problems.append("the chart draws nothing: every pixel is the same colour")
        reports.append(report)
    return reports


def judge_page(capture: Capture, target: PageTarget, settings: Settings,
               site_url: str) -> tuple[list[ImageReport], list[str]]:
    """Every reason the page fails, each naming what failed (its documents, images, requests, console)."""
    landing = visit_landing(capture, site_url)
    problems = ([capture.error] if capture.error else []) + document_problems(
        capture, landing, target.expected_status, site_url)
    # Request ids (all hops of a redirect share one), of the page visited and of the one it was sent on to.
    judged = {entry.request_id for entry in (landing.first, landing.document) if entry is not None}
    images = judge_images(capture, settings, site_url)
    for image in images:
        judged.update(e.request_id for e in capture.requests if e.url == image.src)
        if image.problems:
            label = image.label + (f" ({image.name})" if image.name else "")
            problems.append(f"{label}: {'; '.join(image.problems)}")
    for entry in capture.requests:
        if entry.request_id in judged:
            continue
        if entry.status and entry.status >= 400:
            problems.append(f"request {entry.method} {page_name(entry.url)} returned HTTP {entry.status}")
        elif entry.error:
            problems.append(f"request {entry.method} {page_name(entry.url)} failed: {entry.error}")
    urls = {e.url for e in capture.requests}
    for message in capture.console:
        if message.get("level") != "SEVERE":
            continue
        text = str(message.get("message", ""))
        # "<url> - Failed to load resource: ..." repeats a request judged above by its status.
        if message.get("source") == "network" and text.split(" ", 1)[0] in urls:
            continue
        problems.append(f"console error: {text}")
    if capture.shots_taken and not capture.stable:  # a page stopped before it drew has no shots
        problems.append(f"screenshot not stable: {capture.shots_taken} shots, no two consecutive alike")
    return images, problems


def answer_seconds(entry: NetworkEntry) -> float:
    """How long the server took over a request, from sending it to its last byte (HAR's send, wait and
    receive): not the time it queued behind the page's other requests, which is theirs."""
    timings = har_timings(entry)
    return sum(max(0.0, timings[phase]) for phase in ("send", "wait", "receive")) / 1000


def seconds_over(seconds: float, limit: float) -> str:
    """`seconds` written with the decimals `limit` is written with (one at least), or more where fewer would
    not show it over `limit` (0.13 s over 0.125 s is 0.130, not 0.1)."""
    digits = max(1, len(f"{limit:g}".partition(".")[2]))
    while digits < 6 and round(seconds, digits) <= limit:
        digits += 1
    return f"{seconds:.{digits}f}"


def slow_charts(capture: Capture, images: Iterable[ImageReport], settings: Settings) -> list[str]:
    """A warning for each chart that answered, but took longer than `settings.slow_chart_seconds`:
    it passes now, and a little slower it would keep its page from loading within the page timeout."""
    warnings = []
    for image in images:
        entry = final_hop(capture.requests, image.src) if image.chart else None
        if entry is None or entry.status is None or entry.finished_ts is None:
            continue  # not a chart, or no answer: a failure of its own when it matters
        seconds = answer_seconds(entry)
        if seconds > settings.slow_chart_seconds:
            warnings.append(
                f"chart {image.label} took {seconds_over(seconds, settings.slow_chart_seconds)} s to answer, more than {settings.slow_chart_seconds:g} s "
                f"(a quarter of the page timeout, --timeout {settings.page_timeout:g})")
    return warnings


def _write_baseline(baseline: Path, png: bytes, charts: list[tuple[ImageReport, Box]]) -> None:
    """Write the baseline, and beside it where it shows each chart (`baseline_charts`)."""
    write_baseline(baseline, png, [(image.src, box) for image, box in charts])


def _compare_with_baseline(result: PageResult, browser: Browser, baseline_dir: Path, out_dir: Path,
                           update: bool, settings: Settings) -> None:
    baseline, tolerance = baseline_dir / f"{result.slug}.png", settings.tolerance
    png = result.capture.png
    charts = [(image, image.box) for image in result.images if image.chart and image.box]
    if update and not result.problems and png:
        baseline_dir.mkdir(parents=True, exist_ok=True)
        changed = not baseline.exists() or baseline.read_bytes() != png
        _write_baseline(baseline, png, charts)
        result.verdict = "updated"
        result.notes.append(f"baseline {'written' if changed else 'unchanged'}: {baseline}")
        return
    if not baseline.exists():
        if result.problems or not png:
            result.notes.append(f"no baseline; none written because the page failed ({baseline})")
            return
        baseline_dir.mkdir(parents=True, exist_ok=True)
        _write_baseline(baseline, png, charts)
        result.verdict = "new"
        result.notes.append(f"no baseline: wrote {baseline}; look at it, commit it with "
                            f"{places_path(baseline).name} beside it, and re-run")
        return
    if not png:
        return
    unreadable = not_a_png(baseline)
    if unreadable:
        result.problems.append(unreadable)
        return
    places = baseline_places([(image.src, box) for image, box in charts], read_places(baseline))
    # A chart the baseline shows elsewhere is judged drawn again there: sideways, it is drawn otherwise.
    drawn = drawn_at_baseline_places(browser, [(image.number, image.src, box, place) for (image, box), place
                                               in zip(charts, places) if place is not None and place != box], settings.mask)
    areas = [Area(image.label, box, place, drawn.get(image.number)) for (image, box), place in zip(charts, places)]
    result.comparison = compare_images(png, baseline, tolerance, areas)
    if not result.comparison.page_matches:
        result.problems.append(f"screenshot differs from baseline {baseline.name}: {result.comparison.message}")
    result.problems.extend(
        f"chart {chart.area.name} differs from baseline {baseline.name}: {chart.differing_pixels} of its "
        f"{chart.total_pixels} pixels differ beyond threshold {tolerance.chart_pixel_threshold:g} "
        f"(allowed: {chart.allowed})" for chart in result.comparison.areas if not chart.matches)
    if not result.comparison.matches:
        out_dir.mkdir(parents=True, exist_ok=True)
        record_files(out_dir, (path.name for path in difference_files(out_dir, result.slug).values()))
        written = write_difference(png, baseline, result.comparison, out_dir, result.slug)
        result.files.update({kind: path.name for kind, path in written.items()})


def _audit(browser: Browser, result: PageResult, axe: str, settings: Settings) -> None:
    try:
        result.accessibility = audit_page(browser.driver, axe, settings.axe_tags)
    except Exception as exc:  # AuditFailed or a WebDriver error: the page's failure, not a crash
        result.problems.append(f"accessibility audit failed: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}")
        return
    result.problems.extend(f"accessibility: {violation.describe()}" for violation in result.accessibility)


def check_page(browser: Browser, base_url: str, target: str | PageTarget, *, settings: Settings = Settings(),
               out_dir: Path = DEFAULT_OUT_DIR, update_baselines: bool = False, axe: str | None = None,
               names: RunFileNames | None = None) -> PageResult:
    """Capture one page and give it a verdict.

    The page is named by `page_target`, as `check_site` names it, and visited at that name; raises
    ValueError, before it visits it, for a page `page_target` refuses. `axe` is axe-core's script:
    when given, the page is audited too, and each violation is a problem naming its rule and elements.
    `names` holds the run's pages checked so far and their files' names: a page the site redirects to
    another of its pages, or that a script or a meta refresh sends on to one once it has loaded
    (`landing_page`), is checked as that page, under its name, or, when the run has checked that one, is a
    "redirect" with no files, which fails only when neither its first answer nor the landing's is the
    status it is expected to answer; a page whose own file name is another's fails.
    """
    started = time.perf_counter()
    target = page_target(target)
    names = RunFileNames() if names is None else names
    url = page_url(base_url, target.path)
    capture = browser.capture(url, mask=settings.mask)
    landed = landing_page(capture, target, base_url)
    if landed is not None and names.checked(landed.path):
        problems = ([capture.error] if capture.error else []) + document_problems(
            capture, visit_landing(capture, base_url), target.expected_status, base_url)
        result = PageResult(target, url, "", capture, [], problems, verdict="fail" if problems else "redirect",
                            redirects_to=landed.path)
        result.seconds = time.perf_counter() - started
        return result
    redirected_from = ""
    if landed is not None:
        target, redirected_from, url = landed, target.path, page_url(base_url, landed.path)
    slug, holder = names.claim(target.path)
    images, problems = judge_page(capture, target, settings, base_url)
    result = PageResult(target, url, slug, capture, images, problems, warnings=slow_charts(capture, images, settings),
                        redirected_from=redirected_from)
    if axe is not None and not capture.error:
        _audit(browser, result, axe, settings)
    if holder:  # the baseline by its name is the other page's: neither compared with it nor written over it
        result.problems.append(shared_name_problem(target.path, holder, page_slug(target.path), slug))
    else:
        _compare_with_baseline(result, browser, Path(settings.baseline_dir), Path(out_dir), update_baselines,
                               settings)
    if result.problems:
        result.verdict = "fail"
    result.seconds = time.perf_counter() - started
    return result


def linked_pages(capture: Capture, base_url: str) -> list[str]:
    """The links of a page that look like pages (not images or downloads), each resolved against the
    page's URL as a browser resolves it and named by its path and query below the site at `base_url`
    (`/d/x` of http://host/charts/d/x), by `PageTarget.named`, as `--page` names it; a link outside
    the site is left out, and so is one `PageTarget.named` refuses (a path beginning `//` below it,
    an image's or a download's), and a fragment, which names a place within a page, is dropped."""
    found = []
    for href in capture.links:
        url = urljoin(capture.final_url or capture.url, href)
        path = site_path(url, base_url)
        if path is None:
            continue
        # A name beginning `//` (a link `/..//x` is to the site's `//x`, and so is `/%2e%2e//x` once
        # its escaped dots are resolved) names no page: `//x` is a link to the host x; nor does the path
        # of an image or a download (`not_a_page`).
        try:
            name = PageTarget.named(f"{path}?{urlsplit(url).query}").path
        except ValueError:
            continue
        if name not in found:
            found.append(name)
    return found


def _load_axe(settings: Settings) -> tuple[str | None, list[str]]:
    """axe-core's script (None: no audit) and, when it is missing, a note saying so."""
    if settings.axe_script is None:
        return None, []
    try:
        return load_axe(settings.axe_script), []
    except AxeMissing:
        if settings.require_axe:
            raise
        return None, [f"accessibility not audited: axe-core not found at {settings.axe_script}; {INSTALL_HINT}"]


def page_target(page: str | PageTarget) -> PageTarget:
    """A page to check, named by `PageTarget.named` whether given as text (`/d/x@404`, `PageTarget.parse`)
    or as a PageTarget made in Python: every way a page is given names it here, one page one file.
    Raises ValueError for a page `PageTarget.named` refuses (a URL, a path beginning `//`)."""
    if isinstance(page, PageTarget):
        return PageTarget.named(page.path, page.expected_status)
    return PageTarget.parse(page)


def page_targets(pages: Iterable[str | PageTarget]) -> list[PageTarget]:
    """The pages to check, each once (one page, one set of files), each named by `page_target`; raises
    ValueError for a page it refuses, and for a page given twice with two statuses (`/d/x/c` and
    `/d/x/c@422`), which one run cannot expect both."""
    targets: dict[str, PageTarget] = {}
    for page in pages:
        target = page_target(page)
        given = targets.setdefault(target.path, target)
        if given.expected_status != target.expected_status:
            raise ValueError(f"page {target.path} is given twice, expecting HTTP {given.expected_status} and "
                             f"{target.expected_status}: give it once, with the status it should answer")
    return list(targets.values())


def check_site(
    base_url: str,
    pages: Iterable[str | PageTarget] | None = None,
    *,
    out_dir: Path | str = DEFAULT_OUT_DIR,
    update_baselines: bool = False,
    settings: Settings = Settings(),
    browser: Browser | None = None,
    progress: Callable[[int, PageResult], None] | None = None,
    browser_started: Callable[[Browser], None] | None = None,
) -> CheckResult:
    """Check the given pages, or every page reachable from `/` by same-origin links (bounded).

    Screenshots are compared with `settings.baseline_dir`; every file goes to `out_dir`. Pages
    are audited with axe-core when `settings.axe_script` exists; raises AxeMissing when it does
    not and `settings.require_axe` is set, MaskRefused, before the first page, for a mask selector that is not
    CSS, and ValueError, before a browser starts, for a page
    `page_targets` refuses (a URL, a path beginning `//` as written or once resolved, a page given twice
    with two statuses); a page given as a PageTarget is named as the same page given as text is. Pages past
    `settings.max_pages` are not visited, and fail the run. A page is checked once, a redirect to it
    aside, and no two pages write one file (`check_page`).
    `browser_started` is called with the browser (given or started) before the first page.
    """
    started = time.perf_counter()
    out_dir = Path(out_dir)
    discover = pages is None
    # Pages refused before the run starts: the previous run's report and files are left as they are.
    queue: deque[PageTarget] = deque(page_targets(["/"] if discover else pages))
    axe, notes = _load_axe(settings)
    start_run(out_dir)
    seen = {target.path for target in queue}
    names = RunFileNames()
    own_browser = browser is None
    if browser is None:
        browser = Browser(settings.width, settings.height, page_timeout=settings.page_timeout)
    results: list[PageResult] = []
    try:
        if browser_started:
            browser_started(browser)
        check_mask(browser, settings.mask)
        while queue and len(results) < settings.max_pages:
            target = queue.popleft()
            if names.checked(target.path):
                continue  # the visit of a page queued before it was redirected to it, and checked it
            result = check_page(browser, base_url, target, settings=settings, out_dir=out_dir,
                                update_baselines=update_baselines, axe=axe, names=names)
            if not result.redirects_to:  # a redirect, failed or not, has no files of its own
                write_page_files(result, out_dir, browser.version)
            seen.add(result.target.path)
            results.append(result)
            if progress:
                progress(len(results), result)
            if discover and not result.capture.error:
                for path in linked_pages(result.capture, base_url):
                    if path not in seen:
                        seen.add(path)
                        queue.append(PageTarget(path))
    finally:
        version = browser.version
        if own_browser:
            browser.quit()
    unvisited = [t.path for t in queue if not names.checked(t.path)]
    check = CheckResult(results, out_dir, Path(settings.baseline_dir), version, unvisited,
                        settings.max_pages if unvisited else 0, time.perf_counter() - started,
                        axe_version=axe_version(axe) if axe else "", notes=notes)
    # Only a whole crawl knows every page: a baseline none of them is named by is stale. Pages given
    # are held to their own records only. Each is named by its path below the site's URL (`page_slug`
    # makes its name), as a visited page's files are; a redirect has none.
    check.unmatched_baselines = unmatched_baselines(
        Path(settings.baseline_dir), [r.target.path for r in results if not r.redirects_to] + unvisited,
        whole_site=discover)
    check.report_path = write_report(check)
    return check
