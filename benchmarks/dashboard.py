"""A 12-chart dashboard in headless Chromium: page-complete time cold and warm, by server setup.

    python benchmarks/dashboard.py [--rounds 3] [--warm 5] [--screenshot benchmarks/out/dashboard.png]

The dashboard holds the first charts of two sample dashboards (4 over `animals`, 8 over the
10,958 rows of `weather`: line, area, bar, barh, scatter, hist, box): 12 whatever charts the samples
gain after them, so that figures stay comparable. Page complete is the browser's load event
(`loadEventEnd - navigationStart`: the HTML and the SVGs of the first view; the charts past the first
rows load lazily, as a reader scrolls to them, and are then each scrolled to and checked to draw). Visits:

- fresh: the first visit after the server started: processes start their render workers, read
  the datasets and render every chart;
- cold: the first visit after warming each process up on other charts of the same datasets:
  an empty render cache, every chart rendered;
- warm: later visits: charts from the render cache (the browser's own cache is off, so every
  visit requests every chart).

Setups, each started anew per round, compared in one run:

- gunicorn -w 1: one request at a time, so the 12 charts render one after another;
- gunicorn -w 2: two processes render a page's charts in parallel (one per core here);
- gunicorn -w 2 --threads 4: each process also hands concurrent renders to its render workers.

Prints medians in milliseconds and each setup's cold time as a ratio of the one-process setup.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.serving import free_port, get, start_gunicorn, stop_server  # noqa: E402

SETUPS = {
    "gunicorn -w 1": ["-w", "1"],
    "gunicorn -w 2": ["-w", "2"],
    "gunicorn -w 2 --threads 4": ["-w", "2", "--threads", "4"],
}
PAGE = "/d/bench"


def bench_app():
    """The site with the benchmark's dashboard folder added to the sample dashboards."""
    from app import create_app
    from app.config import DEFAULT_DASHBOARD_DIR

    return create_app({"DASHBOARD_DIRS": [str(DEFAULT_DASHBOARD_DIR), os.environ["SVGPLOTS_BENCH_DASHBOARDS"]]})


def _toml_value(value) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_dashboard(folder: Path) -> int:
    """bench.toml: the first 4 charts of the animals sample and the first 8 of the weather's; returns how many."""
    charts = []
    for name, first in (("animals", 4), ("weather", 8)):
        board = tomllib.loads((ROOT / "site" / "dashboards" / f"{name}.toml").read_text(encoding="utf-8"))
        for chart in board["charts"][:first]:
            charts.append({**chart, "id": f"{name}-{chart['id']}"})
    lines = ['title = "Every sample chart"', "columns = 3", ""]
    for chart in charts:
        lines.append("[[charts]]")
        lines.extend(f"{key} = {_toml_value(value)}" for key, value in chart.items())
        lines.append("")
    (folder / "bench.toml").write_text("\n".join(lines), encoding="utf-8")
    return len(charts)


def start(args: list[str], port: int, dashboards: Path) -> subprocess.Popen:
    return start_gunicorn("benchmarks.dashboard:bench_app()", port, args,
                          {"SVGPLOTS_BENCH_DASHBOARDS": str(dashboards)})


def warm_up(port: int, workers: int) -> None:
    """Start every process' render workers and read both datasets there, on charts not on the page."""
    from concurrent.futures import ThreadPoolExecutor

    urls = [f"/plot/{name}.svg?title=warm-up+{i}" for i in range(4 * workers) for name in ("animals", "weather")]
    with ThreadPoolExecutor(2 * workers) as pool:
        statuses = list(pool.map(lambda url: get(port, url)[0], urls))
    if set(statuses) != {200}:
        raise SystemExit(f"warm-up requests failed: {statuses}")


# Every chart image of the page, and how many have drawn. Charts past the first rows load lazily, as the
# reader scrolls: each is brought into view to be checked, after the load event is timed.
CHART_IMAGES = ("const imgs = [...document.images].filter(i => i.src.includes('.svg'));"
                "imgs.forEach(i => { if (!(i.naturalWidth > 0)) i.scrollIntoView(); });"
                "return [imgs.length, imgs.filter(i => i.naturalWidth > 0).length];")


def page_complete_ms(driver, url: str, charts: int) -> float:
    """Milliseconds from navigation start to the load event (the first view: charts past the first rows
    load lazily), after checking that every chart draws once scrolled to."""
    driver.get(url)
    total = driver.execute_script("const t = performance.timing; return t.loadEventEnd - t.navigationStart;")
    deadline = time.monotonic() + 20
    while True:
        found, drawn = driver.execute_script(CHART_IMAGES)
        if found >= charts and drawn >= found:
            break
        if time.monotonic() > deadline:
            raise SystemExit(f"{url}: {drawn} of {found} chart images drew, expected {charts}")
        time.sleep(0.1)
    driver.execute_script("window.scrollTo(0, 0);")
    return float(total)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3, help="fresh server starts per setup")
    parser.add_argument("--warm", type=int, default=5, help="warm visits per round")
    parser.add_argument("--screenshot", help="save a screenshot of the page to this PNG file")
    args = parser.parse_args(argv)

    from shots import Browser

    results: dict[str, dict[str, list[float]]] = {name: {"fresh": [], "cold": [], "warm": []} for name in SETUPS}
    with tempfile.TemporaryDirectory() as tmp, Browser(width=1280, height=1600) as browser:
        charts = write_dashboard(Path(tmp))
        for _ in range(args.rounds):
            for name, setup in SETUPS.items():
                port = free_port()
                server = start(setup, port, Path(tmp))
                try:
                    url = f"http://127.0.0.1:{port}{PAGE}"
                    results[name]["fresh"].append(page_complete_ms(browser.driver, url, charts))
                finally:
                    stop_server(server)
                server = start(setup, port, Path(tmp))
                try:
                    warm_up(port, int(setup[1]) * (int(setup[3]) if len(setup) > 3 else 1))
                    results[name]["cold"].append(page_complete_ms(browser.driver, url, charts))
                    for _ in range(args.warm):
                        results[name]["warm"].append(page_complete_ms(browser.driver, url, charts))
                    if args.screenshot:
                        Path(args.screenshot).parent.mkdir(parents=True, exist_ok=True)
                        Path(args.screenshot).write_bytes(browser.screenshot())
                finally:
                    stop_server(server)

    print(f"{charts}-chart dashboard in headless Chromium, page complete in ms; {args.rounds} fresh and cold, "
          f"{args.rounds * args.warm} warm visits per setup (browser cache off)")
    base = statistics.median(results["gunicorn -w 1"]["cold"])
    print(f"{'setup':28} {'fresh':>7} {'cold':>7} {'warm':>7} {'cold ÷ -w 1':>12}")
    for name, times in results.items():
        fresh, cold, warm = (statistics.median(times[k]) for k in ("fresh", "cold", "warm"))
        print(f"{name:28} {fresh:7.0f} {cold:7.0f} {warm:7.0f} {cold / base:12.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
