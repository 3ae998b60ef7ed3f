"""How fast is the screenshot check? Browser start, each page cold and warm, whole runs.

    python benchmarks/shots.py [--repeat 3]

Cold: the first visit of a page on a freshly started site (every chart rendered by matplotlib).
Warm: later visits (charts from the server's render cache; the browser cache is always off, so
every visit makes every request). Figures are wall-clock seconds on this machine; ratios are
warm / cold (below 1: warm is faster).
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app import create_app  # noqa: E402
from shots import Browser, LiveServer, Settings, check_site  # noqa: E402
from shots.check import linked_pages  # noqa: E402


def _ratio(warm: float, cold: float) -> str:
    return f"{warm / cold:6.2f}" if cold else "     -"


def time_browser_start() -> float:
    """Seconds from nothing to a browser ready to capture (exact viewport set)."""
    started = time.perf_counter()
    Browser().quit()
    return time.perf_counter() - started


def crawl_cold(browser: Browser, base_url: str, max_pages: int) -> tuple[dict[str, float], dict[str, dict[str, float]]]:
    """Visit every page once, following links from `/`: seconds and phases per page."""
    seconds: dict[str, float] = {}
    phases: dict[str, dict[str, float]] = {}
    queue, seen = ["/"], {"/"}
    while queue and len(seconds) < max_pages:
        path = queue.pop(0)
        started = time.perf_counter()
        capture = browser.capture(base_url + path, mask=Settings().mask)
        seconds[path] = time.perf_counter() - started
        phases[path] = capture.timings
        for link in linked_pages(capture, base_url):
            if link not in seen:
                seen.add(link)
                queue.append(link)
    return seconds, phases


def time_warm(browser: Browser, base_url: str, paths: list[str], repeat: int) -> tuple[dict[str, float], dict[str, float]]:
    """Median seconds per page over `repeat` visits, and the median of each capture phase."""
    seconds: dict[str, float] = {}
    phases: dict[str, list[float]] = {}
    for path in paths:
        runs = []
        for _ in range(repeat):
            started = time.perf_counter()
            capture = browser.capture(base_url + path, mask=Settings().mask)
            runs.append(time.perf_counter() - started)
            for name, value in capture.timings.items():
                phases.setdefault(name, []).append(value)
        seconds[path] = statistics.median(runs)
    return seconds, {name: statistics.median(values) for name, values in phases.items()}


def time_whole_run(base_url: str, out: Path, update: bool) -> tuple[float, int, bool]:
    """One `check_site` as the CLI runs it (own browser, discovery, files, report)."""
    started = time.perf_counter()
    result = check_site(base_url, out_dir=out / "chrome-debug", update_baselines=update,
                        settings=Settings(baseline_dir=out / "baselines"))
    return time.perf_counter() - started, len(result.pages), result.passed


def main() -> int:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="warm visits per page (median); default 3")
    parser.add_argument("--max-pages", type=int, default=Settings().max_pages)
    args = parser.parse_args()

    start_cold = time_browser_start()
    start_warm = statistics.median(time_browser_start() for _ in range(max(1, args.repeat)))

    with LiveServer(create_app()) as server, Browser() as browser:
        cold, cold_phases = crawl_cold(browser, server.url, args.max_pages)
        warm, warm_phases = time_warm(browser, server.url, list(cold), args.repeat)

    with tempfile.TemporaryDirectory() as tmp:
        with LiveServer(create_app()) as server:  # a fresh site: an empty render cache
            run_cold, pages, _ = time_whole_run(server.url, Path(tmp), update=True)
            run_warm, _, passed = time_whole_run(server.url, Path(tmp), update=False)

    print(f"Chromium screenshot check, sample site: {len(cold)} pages, warm = median of {args.repeat}\n")
    print(f"{'':40s} {'cold s':>8s} {'warm s':>8s} {'warm/cold':>9s}")
    print(f"{'browser start (to ready)':40s} {start_cold:8.3f} {start_warm:8.3f} {_ratio(start_warm, start_cold):>9s}")
    for path in cold:
        print(f"{'page ' + path:40s} {cold[path]:8.3f} {warm[path]:8.3f} {_ratio(warm[path], cold[path]):>9s}")
    total_cold, total_warm = sum(cold.values()), sum(warm.values())
    print(f"{'all pages (sum of captures)':40s} {total_cold:8.3f} {total_warm:8.3f} {_ratio(total_warm, total_cold):>9s}")
    print(f"{'per page (mean)':40s} {total_cold / len(cold):8.3f} {total_warm / len(cold):8.3f}")
    for phase, value in warm_phases.items():
        cold_value = statistics.median(p[phase] for p in cold_phases.values())
        print(f"{'  phase ' + phase + ' (median)':40s} {cold_value:8.3f} {value:8.3f} {_ratio(value, cold_value):>9s}")
    print(f"{'whole run, check_site (' + str(pages) + ' pages)':40s} {run_cold:8.3f} {run_warm:8.3f} {_ratio(run_warm, run_cold):>9s}")
    print("\n(whole run cold: fresh site, baselines written; warm: same site, compared with them"
          f" -> {'all passed' if passed else 'NOT all passed'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
