"""The peak memory of a site started over a stored dataset of 2,000,000 rows, against the same site
over a dataset of 4 rows, measured in the same run.

    python benchmarks/start_memory.py [--rows 2000000] [--rounds 2]

Both stores are SQLite files in a temporary folder, each holding `big_dataset_pages.py`'s dataset
`walk` (a time every 10 seconds shared by four stations, a random walk, a text column), made
through `SqlStore.create` as an upload stores it, and a dashboard of it with a filter of its
stations. Each round starts `run.py` in a new process on each store in turn and reads the server's
peak resident memory (VmHWM in /proc) once it serves, then after each of its first requests in
order: the front page, the sitemap, the API's list of datasets and the dataset's description, the
dashboard (its filter's stations), the dataset's page and a line chart of the whole walk. Printed:
the median peak in MB of each step on the big store and on the small one, and their ratio; a
listing or a start that read every row shows as a ratio well past 1.
"""
from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from big_dataset_pages import DASHBOARD, make_dataset  # noqa: E402

STEPS = ("/", "/sitemap.xml", "/api/datasets", "/api/datasets/walk", "/d/walk", "/datasets/walk",
         "/plot/walk.svg?x=t&y=value")
BOARD = DASHBOARD.replace("columns = 2\n", 'columns = 2\n\n[[filters]]\ncolumn = "station"\n', 1)


def peak_mb(pid: int) -> float:
    """The peak resident memory of process `pid` so far, in MB (VmHWM)."""
    with open(f"/proc/{pid}/status") as status:
        line = next(line for line in status if line.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024


def make_site(folder: Path, rows: int) -> Path:
    """A store of `rows` rows and a dashboard of it under `folder`; returns `folder`."""
    (folder / "data").mkdir(parents=True)
    (folder / "boards").mkdir()
    (folder / "boards" / "walk.toml").write_text(BOARD, "utf-8")
    make_dataset(f"sqlite:///{folder}/store.sqlite", rows)
    return folder


def measure(folder: Path) -> dict[str, float]:
    """The server's peak memory in MB once it serves ("start") and after each of STEPS."""
    env = {**os.environ, "SVGPLOTS_DASHBOARD_DIRS": f'["{folder / "boards"}"]'}
    server = subprocess.Popen([sys.executable, "run.py", "--port", "0", "--data-dir", str(folder / "data"),
                               "--database-url", f"sqlite:///{folder}/store.sqlite"], cwd=ROOT, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, start_new_session=True)
    try:
        url = next(line.split()[-1].rstrip("/") for line in server.stdout if line.startswith("Serving on"))
        peaks = {"start": peak_mb(server.pid)}
        for path in STEPS:
            with urllib.request.urlopen(url + path, timeout=120) as answer:
                assert answer.status == 200, (path, answer.status)
                answer.read()
            peaks[path] = peak_mb(server.pid)
        return peaks
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=2_000_000)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as temporary:
        sites = {"small": make_site(Path(temporary) / "small", 4), "big": make_site(Path(temporary) / "big", args.rows)}
        figures: dict[str, list[dict[str, float]]] = {name: [] for name in sites}
        for _ in range(args.rounds):
            for name, folder in sites.items():
                figures[name].append(measure(folder))
    print(f"peak RSS of run.py's process, MB (median of {args.rounds} rounds): {args.rows:,} rows against 4")
    for step in ("start", *STEPS):
        big, small = (statistics.median(round_[step] for round_ in figures[name]) for name in ("big", "small"))
        print(f"  after {step:<28} {big:8.1f}  {small:8.1f}  {big / small:5.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
