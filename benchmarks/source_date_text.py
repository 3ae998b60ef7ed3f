"""What an SQLite source's date text with short UTC offsets costs: a table of 1,000,000 moments each
written with an offset of no colon (`2020-01-01 00:00:10+01`, `…+0200`), which SQLite's date
functions do not read and the site writes with its colon in SQL, against the same moments written
with it (`…+01:00`, `…+02:00`), in the same run; and each as a dataset defined by a query of its
table (`sql = "SELECT t, value FROM walk"`), whose columns SQLite gives no type, so that its
description types them from their values.

    python benchmarks/source_date_text.py [--rows 1000000] [--rounds 3] [--before REV]

Each table is a random walk over a moment every 10 s in a `DATETIME` column of text, in a temporary
SQLite file. For each, CPU seconds (SQLite runs in the process) of its description (a new store's
first look at it: one pass over its rows counting what its date column holds) and of two charts
drawn cold once it is described: a line of the whole range (M4 per pixel column) and its sum by day.
With `--before REV`, the short offsets' table again with SQLite's expressions
(`app/store/source_sql_dialects.py`) as they were at that revision, the rest of the code as it is.
Printed: the median of each, and its ratio to the baseline's (the table of moments with their colons).
Rounds alternate the ways.
"""
from __future__ import annotations

import argparse
import contextlib
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from app.store import load_sources, source_sql_dialects  # noqa: E402
from app.store.sources import SourceStore  # noqa: E402
from benchmarks.sources import functions_at  # noqa: E402
from plots import Limits, parse_spec, render_svg  # noqa: E402

# The offsets each table's moments take in turn, written short and with their colons.
OFFSETS = {"short": ("+01", "+0200"), "colon": ("+01:00", "+02:00")}
CHARTS = {"line": {"y": ["value"]}, "sum by day": {"y": ["value"], "resample": ["day"], "agg": ["sum"]}}
LIMITS = Limits(max_points=10**9)
WIDTH = 640


def make_table(path: Path, rows: int, offsets: tuple[str, str]) -> None:
    """The walk in an SQLite file: `rows` moments 10 s apart, each written with the next of `offsets`."""
    values = np.cumsum(np.random.default_rng(42).random(rows) - 0.5)
    start = datetime(2020, 1, 1)
    with contextlib.closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("CREATE TABLE walk (t DATETIME, value REAL)")
        conn.executemany("INSERT INTO walk VALUES (?, ?)",
                         (((start + timedelta(seconds=10 * (i + 1))).isoformat(sep=" ") + offsets[i % 2], float(v))
                          for i, v in enumerate(values)))


def store_of(folder: Path, path: Path, query: bool = False) -> SourceStore:
    """A new store (nothing described or cached) of the walk in `path`, its table or a `query` of it."""
    config = folder / f"{path.stem}.toml"
    defined = 'sql = "SELECT t, value FROM walk"' if query else 'table = "walk"'
    config.write_text(f'[sources.bench]\nurl = "sqlite:///{path}"\n\n[datasets.walk]\nsource = "bench"\n'
                      f'{defined}\n', encoding="utf-8")
    return SourceStore(load_sources(config), timeout=600.0, max_rows=10**9)


def measured(folder: Path, path: Path, functions: type | None = None, query: bool = False) -> dict[str, float]:
    """CPU seconds of the walk's description and of each chart, cold (`functions`: SQLite's
    expressions of another revision; `query`: the walk as a query of its table)."""
    now = source_sql_dialects.FUNCTIONS["sqlite"]
    if functions is not None:
        source_sql_dialects.FUNCTIONS["sqlite"] = functions
    try:
        seconds = {}
        for name, fields in {"description": None, **CHARTS}.items():
            store = store_of(folder, path, query)
            try:
                started = time.process_time()
                types = store.info("walk").column_types()
                if fields is not None:
                    started = time.process_time()
                    spec = parse_spec({**fields, "width": [str(WIDTH)]}, types)
                    render_svg(spec, store.chart_rows("walk", spec, LIMITS, WIDTH).frame, LIMITS)
                seconds[name] = time.process_time() - started
            finally:
                store.close()
        return seconds
    finally:
        source_sql_dialects.FUNCTIONS["sqlite"] = now


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--before", default="", help="a revision whose SQLite expressions to measure too")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as made:
        folder = Path(made)
        started = time.perf_counter()
        for name, offsets in OFFSETS.items():
            make_table(folder / f"{name}.db", args.rows, offsets)
        print(f"made two SQLite files of {args.rows:,} rows in {time.perf_counter() - started:.0f} s")
        ways = {"short": (folder / "short.db", None), "colon": (folder / "colon.db", None)}
        if args.before:
            ways["short, before"] = (folder / "short.db", functions_at(args.before, "sqlite"))
        ways |= {"short, query": (folder / "short.db", None, True), "colon, query": (folder / "colon.db", None, True)}
        results: dict[str, list[dict[str, float]]] = {}
        for round_ in range(args.rounds):
            for way in list(ways) if round_ % 2 == 0 else list(ways)[::-1]:
                results.setdefault(way, []).append(measured(folder, *ways[way]))
                print(f"  round {round_ + 1}, {way}: " + ", ".join(f"{name} {s:.2f} s"
                                                                     for name, s in results[way][-1].items()),
                      flush=True)
    report(results, args)
    return 0


def report(results: dict[str, list[dict[str, float]]], args: argparse.Namespace) -> None:
    print(f"\nSQLite, {args.rows:,} rows, CPU seconds, median of {args.rounds} rounds; ratio to the moments "
          f"with their colons, a table")
    medians = {way: {name: statistics.median(r[name] for r in rounds) for name in rounds[0]}
               for way, rounds in results.items()}
    baseline = medians["colon"]
    print(f"{'':24}" + "".join(f"{name:>20}" for name in baseline))
    for way, seconds in medians.items():
        label = f"{way} ({args.before})" if way.endswith("before") else way
        print(f"{label:24}" + "".join(f"{s:9.2f} s {s / baseline[name]:7.1f}x" for name, s in seconds.items()))


if __name__ == "__main__":
    sys.exit(main())
