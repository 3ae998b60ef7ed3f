"""A site grown big: 200 data-folder CSVs (one in 40 of 300 columns, a third with names of some 60
characters), 260 stored datasets, 40 source tables and 60 dashboards, one of 80 charts. Measured: the
start (`create_app`; and in a fresh process, with its imports, and its peak memory once it has shown
the front page), the front page's first and second visit, a dataset's page of 300 columns, the
80-chart dashboard's page, a poll of its versions.json, its PDF report, `/api/datasets` and a 404 of a
dataset's typo; seconds and bytes of each (as it is, and as sent compressed), and the images a page
asks for at once.

    python benchmarks/big_site.py [--csvs 200] [--stored 260] [--sources 40] [--dashboards 60] [--charts 80] [--rounds 3]

Every dataset has six rows at most: the figures are the cost of how many there are, not of their
rows. The pages are asked in-process through Flask's test client, charts drawn in-process
(RENDER_WORKERS=0), each round of a new app over the same folders. Printed: the median of each
figure on the big site, on the site of the samples alone (3 datasets, 3 dashboards, the baseline
measured in the same run, the two taking turns), and their ratio.
"""
from __future__ import annotations

import argparse
import json
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import brotli

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app import create_app  # noqa: E402
from app.config import DEFAULT_DASHBOARD_DIR  # noqa: E402
from tests.conftest import WRITE_TOKEN, created  # noqa: E402

WORDS = "north south east west warehouse building floor zone sensor readings sales revenue orders".split()


def long_name(number: int) -> str:
    """A dataset name of some 60 characters, ending in its number."""
    words = [WORDS[(number * 7 + n * 3) % len(WORDS)] for n in range(7)]
    return ("-".join(words))[:55] + f"-{number:03d}"


def csv_text(columns: int, first_day: int = 1) -> str:
    """A CSV of a date, a text and `columns` - 2 numbers, six rows."""
    names = ["date", "region"] + [f"measure_{n:03d}_of_the_north_building" for n in range(columns - 2)]
    rows = [f"2024-01-{first_day + day:02d},{'ab'[day % 2]}," + ",".join(str((day * n) % 97) for n in range(columns - 2))
            for day in range(6)]
    return ",".join(names) + "\n" + "\n".join(rows) + "\n"


def make_site(folder: Path, args) -> dict:
    """The big site's data folder, sources file and dashboard folder under `folder`; its names."""
    data, boards = folder / "data", folder / "boards"
    data.mkdir()
    boards.mkdir()
    files = [long_name(n) if n % 3 == 0 else f"file{n:03d}" for n in range(args.csvs)]
    wide = []
    for number, name in enumerate(files):
        columns = 300 if number % 40 == 0 else 4
        (data / f"{name}.csv").write_text(csv_text(columns), encoding="utf-8")
        if columns == 300:
            wide.append(name)
    database = sqlite3.connect(folder / "sources.sqlite")
    entries = ['[sources.warehouse]\nurl = "sqlite:///sources.sqlite"\n']
    for number in range(args.sources):
        database.execute(f"CREATE TABLE t{number} (day TEXT, kind TEXT, total REAL)")
        database.executemany(f"INSERT INTO t{number} VALUES (?, ?, ?)", [(f"2024-02-{d + 1:02d}", "k", d * 1.5) for d in range(6)])
        entries.append(f'[datasets.source{number:02d}]\nsource = "warehouse"\ntable = "t{number}"\n')
    database.commit()
    database.close()
    (folder / "sources.toml").write_text("\n".join(entries), encoding="utf-8")
    for number in range(args.dashboards):
        charts = args.charts if number == 0 else 3
        text = [f'title = "Board {number}"\ncolumns = 2\n']
        for chart in range(charts):
            dataset = files[(number * 7 + chart) % len(files)]
            text.append(f'[[charts]]\nid = "c{chart}"\ndataset = "{dataset}"\nx = "date"\ny = ["measure_000_of_the_north_building"]\n'
                        if dataset in wide else f'[[charts]]\nid = "c{chart}"\ndataset = "{dataset}"\nx = "date"\n')
        (boards / f"board{number:02d}.toml").write_text("\n".join(text), encoding="utf-8")
    settings = {"DATA_DIR": str(data), "SOURCES": str(folder / "sources.toml"), "DASHBOARD_DIRS": [str(boards)]}
    app = app_of(settings)
    try:
        client = app.test_client()
        for number in range(args.stored):
            name = f"stored-dataset-{number:03d}" if number % 2 else f"quarterly-revenue-by-region-and-product-line-{number:03d}"
            created(client, name, csv_text(3))
    finally:
        app.extensions["svgplots"].store.close()
    return {"settings": settings, "wide": wide[0], "board": "board00", "typo": "stord-dataset-001"}


def small_site(folder: Path) -> dict:
    """The site of the samples alone, its pages' counterparts of the big site's."""
    data = folder / "samples"
    data.mkdir()
    return {"settings": {"DATA_DIR": str(data), "DASHBOARD_DIRS": [str(DEFAULT_DASHBOARD_DIR)]},
            "wide": "weather", "board": "weather", "typo": "wether"}


def app_of(settings: dict):
    """A new app of `settings`, drawing in-process, accepting writes with WRITE_TOKEN."""
    return create_app({"RENDER_WORKERS": 0, "WRITE_TOKENS": WRITE_TOKEN, **settings})


def asked(client, url: str, status: int = 200) -> tuple[float, bytes, int]:
    """Seconds and bytes of `url`, which must answer `status`, and how many bytes it sent, asked as a
    browser asks (brotli)."""
    started = time.perf_counter()
    answer = client.get(url, headers={"Accept-Encoding": "br, gzip"})
    took = time.perf_counter() - started
    assert answer.status_code == status, (url, answer.status_code)
    sent = answer.get_data()
    return took, brotli.decompress(sent) if answer.headers.get("Content-Encoding") == "br" else sent, len(sent)


def eager_images(page: bytes) -> int:
    """How many images a page asks for as it opens: those not marked loading="lazy"."""
    return sum(b'loading="lazy"' not in image for image in re.findall(rb"<img [^>]*>", page))


def round_of(site: dict) -> dict[str, float]:
    """Each figure of one round on a new app of `site`."""
    figures = {}
    started = time.perf_counter()
    app = app_of(site["settings"])
    figures["start s"] = time.perf_counter() - started
    client = app.test_client()
    pages = {"front page, first visit": "/", "front page, second visit": "/",
             "dataset page, widest": f"/datasets/{site['wide']}", "dashboard page, biggest": f"/d/{site['board']}",
             "versions.json poll": f"/d/{site['board']}/versions.json", "PDF report": f"/d/{site['board']}.pdf",
             "/api/datasets": "/api/datasets"}
    for name, url in pages.items():
        seconds, body, sent = asked(client, url)
        figures[f"{name} s"], figures[f"{name} KB"], figures[f"{name} KB sent"] = seconds, len(body) / 1024, sent / 1024
        if name.endswith("page, widest") or name.endswith("page, biggest"):
            figures[f"{name} images at once"] = eager_images(body)
    seconds, body, _ = asked(client, f"/datasets/{site['typo']}", 404)
    figures["404 of a typo s"], figures["404 of a typo KB"] = seconds, len(body) / 1024
    app.extensions["svgplots"].store.close()
    return figures


# A fresh process: its start and its front page's first visit, then its peak memory (VmHWM). It makes
# the app of `app_of` itself: importing this module would import the tests' own modules too, and count
# them in its start and memory.
FRESH = """
import json, sys, time
sys.path.insert(0, sys.argv[1])
started = time.perf_counter()
from app import create_app
app = create_app({"RENDER_WORKERS": 0, "WRITE_TOKENS": sys.argv[3], **json.loads(sys.argv[2])})
start = time.perf_counter() - started
assert app.test_client().get("/").status_code == 200
peak = next(line for line in open("/proc/self/status") if line.startswith("VmHWM:")).split()[1]
print(json.dumps({"fresh process: import and start s": start, "fresh process: peak RSS MB": int(peak) / 1024}))
"""


def fresh_process(site: dict) -> dict[str, float]:
    """The start, imports and all, and the peak memory of a new process showing `site`'s front page."""
    found = subprocess.run([sys.executable, "-c", FRESH, str(ROOT), json.dumps(site["settings"]), WRITE_TOKEN],
                           capture_output=True, text=True, check=True)
    return json.loads(found.stdout.splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    """Make the site, measure and print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    for name, default in (("csvs", 200), ("stored", 260), ("sources", 40), ("dashboards", 60), ("charts", 80), ("rounds", 3)):
        parser.add_argument(f"--{name}", type=int, default=default)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        big, small = make_site(Path(folder), args), small_site(Path(folder))
        print(f"made the site in {time.perf_counter() - started:.1f} s")
        rounds: dict[str, list[dict]] = {"big": [], "small": []}
        for number in range(args.rounds):
            for name in (("big", "small") if number % 2 == 0 else ("small", "big")):
                site = big if name == "big" else small
                rounds[name].append(round_of(site) | fresh_process(site))
    median = {name: {figure: statistics.median(found[figure] for found in found_rounds) for figure in found_rounds[0]}
              for name, found_rounds in rounds.items()}
    print(f"{'':44} {'big site':>10} {'samples':>10} {'ratio':>8}")
    for figure, value in median["big"].items():
        base = median["small"][figure]
        ratio = f"{value / base:.1f}x" if base else "-"
        print(f"{figure:44} {value:10.3f} {base:10.3f} {ratio:>8}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
