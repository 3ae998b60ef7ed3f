"""A stored dataset of 2,000,000 rows: its line chart computed by the database against the frame
path (every row read into a frame, then drawn), on SQLite and PostgreSQL, in the same run.

    python benchmarks/stored_pushdown.py [--rows 2000000] [--rounds 3] [--width 640]
        [--backends sqlite,postgresql] [--postgres-url URL]

The dataset is made through `SqlStore.create`, as an upload stores it: a time every 10 seconds,
in order, a random walk and a text column of 4 values (the frame path reads every column, as the
site does). SQLite in a temporary file; PostgreSQL on a throwaway server started from Debian's
binaries, or on a new database of `--postgres-url`'s server. Two line charts, each drawn cold (a
new store: nothing kept in memory; the database's own caches warm for both ways alike):

- the whole range, and a window of 1 % of it (`xmin`/`xmax`);
- pushdown: `SqlStore.chart_rows` (the database filters; PostgreSQL thins the line to M4 per pixel
  column, SQLite's rows are read, of the chart's columns alone, and thinned as the frame path
  thins them) and `render_svg` of its rows;
- frame path: `SqlStore.read` of the whole dataset (what the site kept in memory per process for
  every chart of it) and `render_svg` of the chart over it.

Printed: wall time of each way, the bytes of the frame the frame path keeps in memory (the
pushdown keeps none), and the speed-up. Both ways draw the same SVG bytes: checked each round.
Rounds alternate the two ways.
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

import numpy as np  # noqa: E402

from app.store import Column  # noqa: E402
from app.store.frames import frame_bytes  # noqa: E402
from app.store.sql_store import SqlStore  # noqa: E402
from app.store.tables import Table  # noqa: E402
from plots import Limits, parse_spec, render_svg  # noqa: E402
from plots.selection import NO_SELECTION  # noqa: E402
from tests.postgres import create_database, drop_database, postgres_server  # noqa: E402

DATABASE = "svgplots_bench_stored_pushdown"
COLUMNS = (Column("t", "datetime"), Column("value", "float"), Column("station", "text"))
TYPES = {c.name: c.type for c in COLUMNS}
START = np.datetime64("2020-01-01T00:00:00")
STEP_SECONDS = 10
LIMITS = Limits()


def make_dataset(url: str, rows: int) -> float:
    """Store the dataset `walk` of `rows` rows; returns the seconds it took."""
    rng = np.random.default_rng(42)
    times = np.datetime_as_string(START + np.arange(rows) * np.timedelta64(STEP_SECONDS, "s"), unit="s").tolist()
    walk = np.cumsum(rng.random(rows) - 0.5).tolist()
    stations = [("North", "South", "East", "West")[i % 4] for i in range(rows)]
    store = SqlStore(url)
    try:
        started = time.perf_counter()
        store.create("walk", "Walk", Table(COLUMNS, list(zip(times, walk, stations))))
        return time.perf_counter() - started
    finally:
        store.close()


def pushdown(url: str, fields: dict, width: int) -> tuple[float, bytes, int]:
    """Seconds and SVG of the chart computed by the database, through a new store (whatever the
    dataset's rows: `--rows` below the threshold measures the pushdown too)."""
    store = SqlStore(url, pushdown_above_rows=0)
    try:
        started = time.perf_counter()
        spec = parse_spec(fields, TYPES)
        snapshot = store.chart_rows("walk", spec, LIMITS, width, NO_SELECTION)
        svg = render_svg(spec, snapshot.frame, LIMITS)
        return time.perf_counter() - started, svg, 0
    finally:
        store.close()


def frame_path(url: str, fields: dict) -> tuple[float, bytes, int]:
    """Seconds and SVG of the chart drawn from the whole dataset read into a frame, through a new
    store, and the bytes of that frame (kept in memory by the store)."""
    store = SqlStore(url)
    try:
        started = time.perf_counter()
        spec = parse_spec(fields, TYPES)
        frame = store.read("walk").frame
        svg = render_svg(spec, frame.loc[:, list(spec.columns())], LIMITS)
        return time.perf_counter() - started, svg, frame_bytes(frame)
    finally:
        store.close()


def window(rows: int, share: float = 0.01) -> dict[str, list[str]]:
    """xmin/xmax of `share` of the range, in its middle."""
    start = START + np.timedelta64(int(STEP_SECONDS * rows * (0.5 - share / 2)), "s")
    end = start + np.timedelta64(int(STEP_SECONDS * rows * share), "s")
    return {"xmin": [str(start)], "xmax": [str(end)]}


def measure(url: str, args: argparse.Namespace) -> dict:
    """Each chart's figures of both ways, `args.rounds` rounds, the ways taking turns."""
    charts = {"whole range": {}, "1 % window": window(args.rows)}
    results: dict[tuple[str, str], list[tuple[float, bytes, int]]] = {}
    for round_ in range(args.rounds):
        for name, bounds in charts.items():
            fields = {"y": ["value"], "width": [str(args.width)], **bounds}
            ways = [("pushdown", lambda: pushdown(url, fields, args.width)),
                    ("frame path", lambda: frame_path(url, fields))]
            for way, run in ways if round_ % 2 == 0 else ways[::-1]:
                results.setdefault((name, way), []).append(run())
                print(f"  round {round_ + 1}, {name}, {way}: {results[(name, way)][-1][0]:.2f} s", flush=True)
            same = results[(name, "pushdown")][-1][1] == results[(name, "frame path")][-1][1]
            assert same, f"{name}: the two ways drew different SVGs"
    return {name: (statistics.median(r[0] for r in results[(name, "pushdown")]),
                   statistics.median(r[0] for r in results[(name, "frame path")]),
                   results[(name, "frame path")][0][2]) for name in charts}


def report(backend: str, figures: dict, args: argparse.Namespace) -> None:
    print(f"\n{backend}: {args.rows:,} rows, line chart {args.width} pixel columns wide, "
          f"median of {args.rounds} rounds")
    print(f"{'chart':13} {'pushdown s':>11} {'frame path s':>13} {'speed-up':>9} {'frame kept':>11}")
    for name, (ours, theirs, kept) in figures.items():
        print(f"{name:13} {ours:11.2f} {theirs:13.2f} {theirs / ours:8.1f}x {kept / 2**20:9.0f} MB")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=2_000_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--width", type=int, default=640, help="the chart's width in CSS pixels (its pixel columns)")
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--postgres-url",
                        help="a server to make the benchmark's database on (default: a throwaway one)")
    args = parser.parse_args(argv)
    backends = args.backends.split(",")
    figures = {}
    if "sqlite" in backends:
        with tempfile.TemporaryDirectory() as folder:
            url = f"sqlite:///{folder}/bench.sqlite"
            print(f"sqlite: stored {args.rows:,} rows in {make_dataset(url, args.rows):.0f} s")
            figures["sqlite"] = measure(url, args)
    if "postgresql" in backends:
        # The dataset is made once and only read after: a throwaway server needs no fsync.
        with postgres_server(args.postgres_url, durable=False) as server_url:
            try:
                drop_database(server_url, DATABASE)
                url = create_database(server_url, DATABASE)
                print(f"postgresql: stored {args.rows:,} rows in {make_dataset(url, args.rows):.0f} s")
                figures["postgresql"] = measure(url, args)
            finally:
                drop_database(server_url, DATABASE)
    for backend, measured in figures.items():
        report(backend, measured, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
