"""What finding the rows a bounded split line runs on to beyond its x bounds costs a big stored
dataset's chart on SQLite where some of its rows are drawn in no series (a blank station, one past
the series cap): from the row ids its search for the window found, against the query ordering the
rows by x (the way before), in the same run.

    python benchmarks/split_line_neighbours.py [--rows 1000000] [--rounds 3] [--width 640]

The dataset is stored through `SqlStore.create` in a temporary SQLite file: a time every 10 seconds,
in order (x in row order), each held by one row of each of five stations in turn: a blank one,
`East`, `North`, `South` and `Zed`, past a series cap of 3 (`LIMITS`: the chart draws the first
three by name), so that the row just beyond either bound, a time's last before xmin and its first
after xmax, is one the chart draws in no series. The chart, `series=station` of a 1 % window in the middle whose
bounds lie between two times, is drawn through `SqlStore.chart_rows` and `render_svg` by a store
that drew another window of it just before (untimed: the order of x and the series are known, as
for a reader panning), each way in turn. The way before finds each row beyond a bound by
`ChartQuery._nearest`, ORDER BY x … LIMIT 1, which reads every row (x has no index). Printed:
median seconds of each way and the ratio before / ours; each round checks the two draw the same
SVG bytes.
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

from app.store import Column, pushdown_query, stored_pushdown  # noqa: E402
from app.store.sql_store import SqlStore  # noqa: E402
from app.store.tables import Table  # noqa: E402
from plots import Limits, parse_spec, render_svg  # noqa: E402
from plots.selection import NO_SELECTION  # noqa: E402

COLUMNS = (Column("t", "datetime"), Column("value", "float"), Column("station", "text"))
TYPES = {c.name: c.type for c in COLUMNS}
STATIONS = ("", "East", "North", "South", "Zed")  # a time's first and last rows drawn in no series
START = np.datetime64("2020-01-01T00:00:00")
STEP_SECONDS = 10
LIMITS = Limits(max_series=3)


def make_dataset(url: str, rows: int) -> float:
    """Store the dataset `walk` of `rows` rows, the stations sharing each time; the seconds it took."""
    rng = np.random.default_rng(42)
    times = np.datetime_as_string(START + (np.arange(rows) // len(STATIONS)) * np.timedelta64(STEP_SECONDS, "s"),
                                  unit="s").tolist()
    walk = np.cumsum(rng.integers(-5, 6, rows)).astype(float).tolist()
    stations = [STATIONS[i % len(STATIONS)] for i in range(rows)]
    store = SqlStore(url)
    try:
        started = time.perf_counter()
        store.create("walk", "Walk", Table(COLUMNS, list(zip(times, walk, stations))))
        return time.perf_counter() - started
    finally:
        store.close()


def window(rows: int, width: int, middle: float, share: float = 0.01) -> dict[str, list[str]]:
    """A split line of `share` of the range around `middle` (a share of it), its bounds half a step off any time."""
    times = rows // len(STATIONS)
    half = np.timedelta64(STEP_SECONDS // 2, "s")
    start = START + np.timedelta64(int(STEP_SECONDS * times * (middle - share / 2)), "s") + half
    end = start + np.timedelta64(int(STEP_SECONDS * times * share), "s")
    return {"x": ["t"], "y": ["value"], "series": ["station"], "width": [str(width)],
            "xmin": [str(start)], "xmax": [str(end)]}


def chart(store: SqlStore, fields: dict, width: int, by_x: bool) -> tuple[float, bytes]:
    """Seconds and SVG of the chart; `by_x`: the rows beyond its bounds found by the query ordering by x."""
    ours = stored_pushdown.StoredChartQuery._nearest
    if by_x:
        stored_pushdown.StoredChartQuery._nearest = pushdown_query.ChartQuery._nearest
    try:
        started = time.perf_counter()
        spec = parse_spec(fields, TYPES)
        svg = render_svg(spec, store.chart_rows("walk", spec, LIMITS, width, NO_SELECTION).frame, LIMITS)
        return time.perf_counter() - started, svg
    finally:
        stored_pushdown.StoredChartQuery._nearest = ours


def main(argv: list[str] | None = None) -> int:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--width", type=int, default=640)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'store.db'}"
        print(f"stored {args.rows:,} rows in {make_dataset(url, args.rows):.1f} s")
        fields = window(args.rows, args.width, 0.5)
        seconds: dict[bool, list[float]] = {True: [], False: []}
        for round_ in range(args.rounds):
            store = SqlStore(url, pushdown_above_rows=0)
            try:
                chart(store, window(args.rows, args.width, 0.25), args.width, by_x=False)  # untimed
                svgs = {}
                for by_x in ((False, True) if round_ % 2 == 0 else (True, False)):
                    took, svgs[by_x] = chart(store, fields, args.width, by_x)
                    seconds[by_x].append(took)
            finally:
                store.close()
            if svgs[True] != svgs[False]:
                raise SystemExit(f"round {round_ + 1}: the two ways drew different SVGs")
        ours, before = statistics.median(seconds[False]), statistics.median(seconds[True])
        print(f"split line, 1 % window, {args.width} px: by row id {ours:.3f} s, by x {before:.3f} s, "
              f"ratio {before / ours:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
