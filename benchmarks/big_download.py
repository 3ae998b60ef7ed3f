"""A big stored dataset's rows downloaded (`/datasets/<name>.csv`, `.json`): streamed, read from the
database a piece at a time and written as they come, against the file read and written whole (the
way every dataset's rows were written before, and a dataset's of at most `STREAM_PAST_ROWS` rows
still is), on SQLite and PostgreSQL, in the same run.

    python benchmarks/big_download.py [--rows 1000000] [--rounds 2] [--formats csv,json]
        [--backends sqlite,postgresql] [--postgres-url URL]

The dataset is `big_dataset_pages.py`'s (a time every 10 seconds shared by four stations, a random
walk, two text columns), made through `SqlStore.create`: SQLite in a temporary file, PostgreSQL on
a throwaway server started from Debian's binaries, or on a new database of `--postgres-url`'s server.

Each download runs in a process of its own (a new app over the store, its caches empty), read
through Flask's test client a chunk at a time as a server sends it, each chunk let go once counted:
its wall seconds, the growth of the process's RSS (looked at every 5 ms by a thread) over its RSS
before the request, and, in a
run more with tracemalloc on, the peak of memory traced. The whole way is the site's path for a
dataset of fewer rows (`STREAM_PAST_ROWS` set past the dataset's rows). Both ways' bytes are
checked the same (SHA-256) each round; the rounds alternate the ways.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.big_dataset_pages import make_dataset  # noqa: E402
from tests.postgres import read_only_database  # noqa: E402

DATABASE = "svgplots_bench_big_download"
WAYS = ("streamed", "whole")


def rss_bytes() -> int:
    """The resident memory of this process now."""
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize()


class RssWatch:
    """The most RSS this process had since it was made, looked at every few milliseconds by a thread
    of its own: the process's own peak (`ru_maxrss`) may be that of its start, before the request."""

    def __init__(self, every: float = 0.005) -> None:
        self.most, self._done = rss_bytes(), threading.Event()
        self._thread = threading.Thread(target=self._watch, args=(every,), daemon=True)
        self._thread.start()

    def _watch(self, every: float) -> None:
        while not self._done.wait(every):
            self.most = max(self.most, rss_bytes())

    def stop(self) -> int:
        self._done.set()
        self._thread.join()
        return max(self.most, rss_bytes())


def one_download(folder: str, url: str, way: str, fmt: str, traced: bool) -> dict:
    """Download the dataset's rows as `fmt` the `way` says, in this process: seconds, bytes, digest,
    RSS growth and, `traced`, the peak of memory traced."""
    from app import create_app
    from app.views import dataset_rows

    app = create_app({"DATA_DIR": f"{folder}/data", "DATABASE_URL": url, "RENDER_WORKERS": 0,
                      "DASHBOARD_DIRS": [f"{folder}/dashboards"], "SAMPLE_DATA_DIR": f"{folder}/none"})
    if way == "whole":
        dataset_rows.STREAM_PAST_ROWS = 10**12
    client = app.test_client()
    before, watched = rss_bytes(), RssWatch()
    if traced:
        tracemalloc.start()
    started = time.perf_counter()
    answer = client.get(f"/datasets/walk.{fmt}", buffered=False)
    assert answer.status_code == 200, answer.get_data()[:300]
    digest, size = hashlib.sha256(), 0
    for chunk in answer.response:
        digest.update(chunk)
        size += len(chunk)
    answer.close()
    seconds = time.perf_counter() - started
    most = watched.stop()
    peak_traced = tracemalloc.get_traced_memory()[1] if traced else 0
    app.extensions["svgplots"].store.close()
    return {"seconds": seconds, "bytes": size, "sha256": digest.hexdigest(), "rss_growth": most - before,
            "traced_peak": peak_traced, "streamed": "Content-Length" not in answer.headers}


def in_a_process(folder: str, url: str, way: str, fmt: str, traced: bool = False) -> dict:
    """`one_download` in a new Python process."""
    found = subprocess.run([sys.executable, __file__, "--child", json.dumps([folder, url, way, fmt, traced])],
                           check=True, capture_output=True, text=True)
    return json.loads(found.stdout.strip().splitlines()[-1])


def measure(folder: str, url: str, args: argparse.Namespace) -> dict:
    """Each format's figures of both ways: seconds of each round, RSS growth, traced peak."""
    figures = {}
    for fmt in args.formats.split(","):
        runs: dict[str, list[dict]] = {way: [] for way in WAYS}
        for round_ in range(args.rounds):
            for way in (WAYS if round_ % 2 == 0 else WAYS[::-1]):
                runs[way].append(in_a_process(folder, url, way, fmt))
                run = runs[way][-1]
                print(f"  round {round_ + 1}, .{fmt}, {way}: {run['seconds']:.1f} s, {run['bytes'] / 2**20:.1f} MB, "
                      f"peak RSS +{run['rss_growth'] / 2**20:.0f} MB", flush=True)
            assert runs["streamed"][-1]["sha256"] == runs["whole"][-1]["sha256"], f".{fmt}: the two ways' bytes differ"
            assert runs["streamed"][-1]["streamed"] and not runs["whole"][-1]["streamed"]
        traced = {way: in_a_process(folder, url, way, fmt, traced=True)["traced_peak"] for way in WAYS}
        figures[fmt] = {way: {"seconds": statistics.median(r["seconds"] for r in runs[way]),
                              "rss_growth": statistics.median(r["rss_growth"] for r in runs[way]),
                              "traced_peak": traced[way], "bytes": runs[way][0]["bytes"]} for way in WAYS}
    return figures


def report(backend: str, figures: dict, args: argparse.Namespace) -> None:
    print(f"\n{backend}: {args.rows:,} rows, median of {args.rounds} rounds; peak RSS growth and peak traced memory")
    print(f"{'file':6} {'MB':>6} {'streamed':>30} {'whole':>30} {'time':>6} {'RSS':>6} {'traced':>7}")
    for fmt, ways in figures.items():
        cells = [f"{w['seconds']:5.1f} s, +{w['rss_growth'] / 2**20:5.0f} MB, {w['traced_peak'] / 2**20:5.0f} MB"
                 for w in (ways["streamed"], ways["whole"])]
        streamed, whole = ways["streamed"], ways["whole"]
        print(f".{fmt:5} {streamed['bytes'] / 2**20:6.1f} {cells[0]:>30} {cells[1]:>30} "
              f"{streamed['seconds'] / whole['seconds']:5.2f}x {streamed['rss_growth'] / max(whole['rss_growth'], 1):5.3f}x "
              f"{streamed['traced_peak'] / max(whole['traced_peak'], 1):6.3f}x")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--formats", default="csv,json")
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--postgres-url",
                        help="a server to make the benchmark's database on (default: a throwaway one)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(one_download(*json.loads(args.child))))
        return 0
    backends = args.backends.split(",")
    figures = {}
    with tempfile.TemporaryDirectory() as folder:
        for made in ("data", "dashboards", "none"):
            (Path(folder) / made).mkdir()
        if "sqlite" in backends:
            url = f"sqlite:///{folder}/bench.sqlite"
            print(f"sqlite: stored {args.rows:,} rows in {make_dataset(url, args.rows):.0f} s", flush=True)
            figures["sqlite"] = measure(folder, url, args)
        if "postgresql" in backends:
            with read_only_database(args.postgres_url, DATABASE) as url:
                print(f"postgresql: stored {args.rows:,} rows in {make_dataset(url, args.rows):.0f} s", flush=True)
                figures["postgresql"] = measure(folder, url, args)
    for backend, measured in figures.items():
        report(backend, measured, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
