"""What keeping a split line's rows without a y in their series costs a big stored dataset's chart: the
statement asking the database for those rows' series (`pushdown_series._series_without_y`), sent only
where rows without a y were read, against the same chart with those rows left out unasked (the way
before), and against a chart of rows that all hold a y, in the same run.

    python benchmarks/split_rows_without_y.py [--rows 1000000] [--rounds 3] [--width 640] [--missing 0.0005]

Two datasets are stored through `SqlStore.create` in a temporary SQLite file, and in the PostgreSQL
database of `--postgres-url` where given: a time every 10 seconds, each held by one row of each of four
stations, a random walk; in the second a share `--missing` of the readings is blank. The chart,
`series=station` of the whole range, is drawn through `SqlStore.chart_rows` and `render_svg` by a new
store, each way in turn. Printed: median seconds of each and the ratios to the way before.
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

from app.store import Column, pushdown_series  # noqa: E402
from app.store.sql_store import SqlStore  # noqa: E402
from app.store.tables import Table  # noqa: E402
from plots import Limits, parse_spec, render_svg  # noqa: E402
from plots.selection import NO_SELECTION  # noqa: E402

COLUMNS = (Column("t", "datetime"), Column("value", "float"), Column("station", "text"))
TYPES = {c.name: c.type for c in COLUMNS}
STATIONS = ("East", "North", "South", "West")
START = np.datetime64("2020-01-01T00:00:00")
LIMITS = Limits()


def make_datasets(url: str, rows: int, missing: float) -> None:
    """Store `walk` (every reading held) and `gappy` (a share `missing` of them blank) of `rows` rows."""
    rng = np.random.default_rng(42)
    times = np.datetime_as_string(START + (np.arange(rows) // len(STATIONS)) * np.timedelta64(10, "s"),
                                  unit="s").tolist()
    walk = np.cumsum(rng.integers(-5, 6, rows)).astype(float).tolist()
    stations = [STATIONS[i % len(STATIONS)] for i in range(rows)]
    blank = rng.random(rows) < missing
    store = SqlStore(url)
    try:
        store.create("walk", "Walk", Table(COLUMNS, list(zip(times, walk, stations))))
        gappy = [None if gone else value for value, gone in zip(walk, blank)]
        store.create("gappy", "Gappy", Table(COLUMNS, list(zip(times, gappy, stations))))
    finally:
        store.close()


def chart(url: str, name: str, width: int, asked: bool = True) -> float:
    """Seconds to draw the split line of `name` by a new store; `asked`: its rows without a y's series asked."""
    store = SqlStore(url, pushdown_above_rows=0)
    ours = pushdown_series._series_without_y
    if not asked:
        pushdown_series._series_without_y = lambda *args: None
    try:
        started = time.perf_counter()
        spec = parse_spec({"x": ["t"], "y": ["value"], "series": ["station"], "width": [str(width)]}, TYPES)
        render_svg(spec, store.chart_rows(name, spec, LIMITS, width, NO_SELECTION).frame, LIMITS)
        return time.perf_counter() - started
    finally:
        pushdown_series._series_without_y = ours
        store.close()


def measure(url: str, label: str, args: argparse.Namespace) -> None:
    """Store the datasets at `url`, draw each chart `--rounds` times in turn, and print."""
    make_datasets(url, args.rows, args.missing)
    ways = {"every y": ("walk", True), "blanks asked": ("gappy", True), "blanks unasked": ("gappy", False)}
    seconds: dict[str, list[float]] = {way: [] for way in ways}
    for round_ in range(args.rounds):
        for way in (list(ways) if round_ % 2 == 0 else list(ways)[::-1]):
            name, asked = ways[way]
            seconds[way].append(chart(url, name, args.width, asked))
    median = {way: statistics.median(taken) for way, taken in seconds.items()}
    before = median["blanks unasked"]
    print(f"{label}: split line of {args.rows:,} rows, {args.width} px, {args.missing:.2%} blank: "
          + ", ".join(f"{way} {median[way]:.3f} s ({median[way] / before:.2f}x)" for way in ways))


def main(argv: list[str] | None = None) -> int:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--width", type=int, default=640)
    parser.add_argument("--missing", type=float, default=0.0005)
    parser.add_argument("--postgres-url", default=None)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        measure(f"sqlite:///{Path(folder) / 'store.db'}", "SQLite", args)
    if args.postgres_url:
        measure(args.postgres_url, "PostgreSQL", args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
