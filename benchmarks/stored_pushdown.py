"""A stored dataset of 2,000,000 rows: its charts computed by the database against the frame path
(every row read into a frame, then drawn), and against the pushdown of an earlier revision, on
SQLite and PostgreSQL, in the same run.

    python benchmarks/stored_pushdown.py [--rows 2000000] [--rounds 3] [--width 640]
        [--backends sqlite,postgresql] [--postgres-url URL] [--before REV] [--charts NAME,...]

The dataset is made through `SqlStore.create`, as an upload stores it: a time every 10 seconds,
in order, a random walk and a text column of 4 values (the frame path reads every column, as the
site does). SQLite in a temporary file; PostgreSQL on a throwaway server started from Debian's
binaries, or on a new database of `--postgres-url`'s server. Each chart is drawn cold (a new
store: nothing kept in memory; the database's own caches warm for every way alike):

- line, whole range; line, 1 % window (`xmin`/`xmax`); scatter and box plot of every row; a line
  refused for drawing more values than allowed (`Limits.max_points` half the rows);
- pushdown: `SqlStore.chart_rows` (the database filters; a line whose x never decreases by row id
  is thinned per pixel column over ranges of row ids, `pushdown_row_ranges`) and `render_svg` of
  its rows; for a line, its first chart of the dataset's version, which checks the order of x
  once, and (`order known`) a later chart of the same version;
- before (with `--before REV`): the same through `app/store/stored_pushdown.py` as it was at
  revision REV of this repository (the rest of the code as it is now);
- frame path: `SqlStore.read` of the whole dataset (what the site kept in memory per process for
  every chart of it) and `render_svg` of the chart over it.

Printed: wall time of each way (the median of the rounds), the bytes of the frame the frame path
keeps in memory (the pushdown keeps none), and the ratios. Every way draws the same SVG bytes (or
refuses in the same words): checked each round. Rounds take the ways in turn, in another order
each round.
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
import types
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from app.store import Column  # noqa: E402
from app.store import sql_big_reads  # noqa: E402
from app.store.frames import frame_bytes  # noqa: E402
from app.store.sql_store import SqlStore  # noqa: E402
from app.store.tables import Table  # noqa: E402
from plots import Limits, SpecError, parse_spec, render_svg  # noqa: E402
from plots.selection import NO_SELECTION  # noqa: E402
from tests.postgres import create_database, drop_database, postgres_server  # noqa: E402

DATABASE = "svgplots_bench_stored_pushdown"
COLUMNS = (Column("t", "datetime"), Column("value", "float"), Column("station", "text"))
TYPES = {c.name: c.type for c in COLUMNS}
START = np.datetime64("2020-01-01T00:00:00")
STEP_SECONDS = 10
LIMITS = Limits()
CHARTS = ("line", "line window", "scatter", "box", "refused line")


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


def stored_pushdown_at(revision: str) -> types.ModuleType:
    """`app/store/stored_pushdown.py` as it was at `revision`, importing the rest of the store as it is now."""
    source = subprocess.run(["git", "-C", str(ROOT), "show", f"{revision}:app/store/stored_pushdown.py"],
                            capture_output=True, text=True, check=True).stdout
    module = types.ModuleType(f"app.store.stored_pushdown_at_{revision}")
    module.__package__ = "app.store"
    sys.modules[module.__name__] = module  # where its dataclasses look their annotations up
    exec(compile(source, f"{revision}:app/store/stored_pushdown.py", "exec"), module.__dict__)
    return module


def drawn(spec, frame, limits: Limits) -> bytes:
    """The chart's SVG, or the words of its refusal (a 422)."""
    try:
        return render_svg(spec, frame, limits)
    except SpecError as refusal:
        return f"{refusal.status} {refusal}".encode()


def pushdown(url: str, fields: dict, limits: Limits, width: int, order_known: bool = False,
             computed: Callable | None = None) -> tuple[float, bytes, int]:
    """Seconds and SVG of the chart computed by the database, through a new store (whatever the
    dataset's rows: `--rows` below the threshold measures the pushdown too). `order_known`: after
    a first line of the same version, not timed; `computed`: `stored_pushdown.chart_rows` of
    another revision."""
    store = SqlStore(url, pushdown_above_rows=0)
    now = sql_big_reads.chart_rows
    try:
        if computed is not None:
            sql_big_reads.chart_rows = computed
        if order_known:
            store.chart_rows("walk", parse_spec({"y": ["value"], "width": ["100"]}, TYPES), LIMITS, 100, NO_SELECTION)
        started = time.perf_counter()
        spec = parse_spec(fields, TYPES)
        try:
            frame = store.chart_rows("walk", spec, limits, width, NO_SELECTION).frame
        except SpecError as refusal:
            return time.perf_counter() - started, f"{refusal.status} {refusal}".encode(), 0
        svg = drawn(spec, frame, limits)
        return time.perf_counter() - started, svg, 0
    finally:
        sql_big_reads.chart_rows = now
        store.close()


def frame_path(url: str, fields: dict, limits: Limits) -> tuple[float, bytes, int]:
    """Seconds and SVG of the chart drawn from the whole dataset read into a frame, through a new
    store, and the bytes of that frame (kept in memory by the store)."""
    store = SqlStore(url)
    try:
        started = time.perf_counter()
        spec = parse_spec(fields, TYPES)
        frame = store.read("walk").frame
        svg = drawn(spec, frame.loc[:, list(spec.columns())], limits)
        return time.perf_counter() - started, svg, frame_bytes(frame)
    finally:
        store.close()


def window(rows: int, share: float = 0.01) -> dict[str, list[str]]:
    """xmin/xmax of `share` of the range, in its middle."""
    start = START + np.timedelta64(int(STEP_SECONDS * rows * (0.5 - share / 2)), "s")
    end = start + np.timedelta64(int(STEP_SECONDS * rows * share), "s")
    return {"xmin": [str(start)], "xmax": [str(end)]}


def charts(args: argparse.Namespace) -> dict[str, tuple[dict, Limits]]:
    """Each chart measured: its fields and limits."""
    width = {"width": [str(args.width)]}
    every = {"line": ({"y": ["value"], **width}, LIMITS),
             "line window": ({"y": ["value"], **width, **window(args.rows)}, LIMITS),
             "scatter": ({"kind": ["scatter"], "y": ["value"], **width}, LIMITS),
             "box": ({"kind": ["box"], "y": ["value"], **width}, LIMITS),
             "refused line": ({"y": ["value"], **width}, Limits(max_points=args.rows // 2))}
    return {name: every[name] for name in args.charts.split(",")}


def measure(url: str, args: argparse.Namespace) -> dict:
    """Each chart's seconds per way (medians of `args.rounds` rounds) and the frame path's frame bytes."""
    before = stored_pushdown_at(args.before).chart_rows if args.before else None
    results: dict[tuple[str, str], list[tuple[float, bytes, int]]] = {}
    for round_ in range(args.rounds):
        for name, (fields, limits) in charts(args).items():
            ways = [("pushdown", lambda: pushdown(url, fields, limits, args.width))]
            if "line" in name:
                ways.append(("order known", lambda: pushdown(url, fields, limits, args.width, order_known=True)))
            if before is not None:
                ways.append(("before", lambda: pushdown(url, fields, limits, args.width, computed=before)))
            ways.append(("frame path", lambda: frame_path(url, fields, limits)))
            turn = round_ % len(ways)
            for way, run in ways[turn:] + ways[:turn]:
                results.setdefault((name, way), []).append(run())
                print(f"  round {round_ + 1}, {name}, {way}: {results[(name, way)][-1][0]:.2f} s", flush=True)
            drawings = {way: results[(name, way)][-1][1] for way, _ in ways}
            assert len(set(drawings.values())) == 1, f"{name}: the ways drew different SVGs"
    figures = {}
    for (name, way), found in results.items():
        figures.setdefault(name, {})[way] = statistics.median(r[0] for r in found)
        if way == "frame path":
            figures[name]["frame kept"] = found[0][2]
    return figures


def report(backend: str, figures: dict, args: argparse.Namespace) -> None:
    print(f"\n{backend}: {args.rows:,} rows, charts {args.width} pixel columns wide, median of {args.rounds} rounds")
    print(f"{'chart':13} {'pushdown s':>11} {'order known':>12} {'before s':>9} {'frame path s':>13} "
          f"{'before/ours':>12} {'frame/ours':>11} {'frame kept':>11}")
    for name, ways in figures.items():
        ours = ways["pushdown"]
        known = f"{ways['order known']:12.2f}" if "order known" in ways else f"{'':12}"
        before = f"{ways['before']:9.2f}" if "before" in ways else f"{'':9}"
        ratio = f"{ways['before'] / ours:11.1f}x" if "before" in ways else f"{'':12}"
        print(f"{name:13} {ours:11.2f} {known} {before} {ways['frame path']:13.2f} {ratio} "
              f"{ways['frame path'] / ours:10.1f}x {ways['frame kept'] / 2**20:8.0f} MB")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=2_000_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--width", type=int, default=640, help="the chart's width in CSS pixels (its pixel columns)")
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--postgres-url",
                        help="a server to make the benchmark's database on (default: a throwaway one)")
    parser.add_argument("--before", help="a revision whose app/store/stored_pushdown.py to measure too")
    parser.add_argument("--charts", default=",".join(CHARTS), help=f"some of {', '.join(CHARTS)}")
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
