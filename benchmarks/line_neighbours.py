"""What finding the rows a bounded line runs on to beyond its x bounds costs a big stored dataset's
chart on SQLite: a cold line of a 1 % window (`xmin`/`xmax` between two rows, so that the line
runs on to a row beyond each) with them against the same chart without them.

    python benchmarks/line_neighbours.py [--rows 1000000] [--rounds 3] [--width 640]

The dataset is `stored_pushdown.py`'s (a time every 10 seconds, in order: x in row order), stored
through `SqlStore.create` in a temporary SQLite file. Each chart is drawn cold (a new store, its
first chart of the version; the database's own caches warm for both ways alike), through
`SqlStore.chart_rows` and `render_svg`. Without the neighbours, `ChartQuery.with_neighbours`
returns the rows within the bounds alone. Printed: median seconds of each way and the ratio
with / without. Rounds alternate the two ways.
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

from app.store import pushdown_query  # noqa: E402
from app.store.sql_store import SqlStore  # noqa: E402
from benchmarks.stored_pushdown import LIMITS, START, STEP_SECONDS, TYPES, make_dataset  # noqa: E402
from plots import parse_spec, render_svg  # noqa: E402
from plots.selection import NO_SELECTION  # noqa: E402


def window(rows: int, width: int, share: float = 0.01) -> dict[str, list[str]]:
    """A line of `share` of the range, in its middle, its bounds half a step off any row."""
    half = np.timedelta64(STEP_SECONDS // 2, "s")
    start = START + np.timedelta64(int(STEP_SECONDS * rows * (0.5 - share / 2)), "s") + half
    end = start + np.timedelta64(int(STEP_SECONDS * rows * share), "s")
    return {"y": ["value"], "width": [str(width)], "xmin": [str(start)], "xmax": [str(end)]}


def chart(url: str, fields: dict, width: int, neighbours: bool) -> tuple[float, bytes]:
    """Seconds and SVG of one cold chart (a new store), with or without the rows beyond the bounds."""
    store = SqlStore(url, pushdown_above_rows=0)
    site = pushdown_query.ChartQuery.with_neighbours
    if not neighbours:
        pushdown_query.ChartQuery.with_neighbours = lambda self, frame: frame
    try:
        started = time.perf_counter()
        spec = parse_spec(fields, TYPES)
        svg = render_svg(spec, store.chart_rows("walk", spec, LIMITS, width, NO_SELECTION).frame, LIMITS)
        return time.perf_counter() - started, svg
    finally:
        pushdown_query.ChartQuery.with_neighbours = site
        store.close()


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
        fields = window(args.rows, args.width)
        seconds: dict[bool, list[float]] = {True: [], False: []}
        for round_ in range(args.rounds):
            for neighbours in ((True, False) if round_ % 2 == 0 else (False, True)):
                took, _ = chart(url, fields, args.width, neighbours)
                seconds[neighbours].append(took)
        with_, without = statistics.median(seconds[True]), statistics.median(seconds[False])
        print(f"1 % window, {args.width} px: with neighbours {with_:.3f} s, without {without:.3f} s, "
              f"ratio {with_ / without:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
