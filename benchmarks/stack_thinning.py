"""A stacked area thinned per pixel column (M4) against the whole stack: which rows to keep.

    python benchmarks/stack_thinning.py [--rows 50000] [--seeds 3,4]
    python benchmarks/stack_thinning.py --speed [--rows 1000000] [--rounds 5] [--postgres-url URL] [--before REV]

The stack of tests/test_stack_thinned_paths.py (a random walk, a spiky inner series, a walk crossing 0
and a walk on top), `stack=stacked` and `stack=percent`, PNG at 300×200 and 640×360, scale 1 and 2.
For each way of choosing the rows every band is drawn over, the share of pixels of which a channel
is off by more than 64 against the same stack drawn from every row (as tests/test_downsample.py
measures a line), and in brackets the rows kept per pixel column:

- total: M4 of the total of the x's values alone (how memory thinned a stack before);
- series: M4 of each series alone, all of them (how a database thinned it before, where drawing
  did not thin its rows again);
- series + total: both (the site's rule, `plots.downsample.thinned_stack`);
- band edges: M4 of each band's edge, the running sums above and below 0 that are drawn.

`--speed` times instead what the total costs a database: the rows of the same four series, hourly,
as a source's table (an SQLite file, its x a `DATETIME` of ISO text, and PostgreSQL, its x a
`timestamp` with an index, on a throwaway server or a new database of `--postgres-url`'s), and an
area chart of them 640 pixels wide, unstacked (M4 of each series) and stacked (of each series and
of their total, one more value a row in the same passes), each cold (a new store), rounds
alternating; the median seconds of `SourceStore.chart_rows` and their ratio, and the rows each kept.
With `--before REV`, the same with each database's expressions and M4 statements as they were at
that revision (`benchmarks/sources.py`'s `functions_at`), the rest of the code as it is, taking
turns with today's in each round: the ratio of each chart's median seconds now to before, and the
ratio of the two medians of each round's ratios.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from plots import downsample, line_kinds, parse_spec, render_png  # noqa: E402
from plots.stacking import AreaBands, stacked_values  # noqa: E402
from tests.test_downsample import differing_ratio  # noqa: E402
from tests.test_stack_thinned_paths import COLUMNS, stack_frame  # noqa: E402

RULES = ("total", "series", "series + total", "band edges")


def kept_by(rule: str, x: np.ndarray, frame: pd.DataFrame, spec, columns: int) -> np.ndarray | None:
    """The rows `rule` keeps of the stack of `frame` in `columns` pixel columns; None: drawn whole."""
    def m4(values) -> np.ndarray:
        chosen = downsample.thin_line(x, pd.Series(values), columns, spec.xmin, spec.xmax)
        return np.arange(len(x)) if chosen is None else chosen

    total = downsample.stack_total(frame, spec)
    if downsample.thin_line(x, total, columns, spec.xmin, spec.xmax) is None:
        return None
    if rule == "series + total":
        return downsample.thinned_stack(x, frame, spec, columns)
    kept = []
    if rule == "total":
        kept.append(m4(total))
    if rule == "series":
        kept += [m4(frame[name]) for name in spec.y]
    if rule == "band edges":
        values = stacked_values(frame, spec)
        bands = AreaBands(x, values, np.zeros(values.shape, dtype=bool))
        kept += [m4(edge) for edges in (bands.up_to, bands.down_to) for edge in edges]
    return np.unique(np.concatenate(kept))


def speed(rows: int, rounds: int, postgres_url: str | None, before: str | None = None) -> None:
    """`--speed`: the seconds a source's database takes to thin the four series unstacked and stacked
    (`before`: also with its expressions of that revision)."""
    from app.store import load_sources, source_sql_dialects
    from app.store.sources import SourceStore
    from benchmarks.sources import functions_at
    from plots import Limits
    from tests.postgres import database, postgres_server
    from tests.source_data import postgres_tables, sources_toml, write_sqlite

    frame = stack_frame(rows)
    frame.insert(0, "when", pd.date_range("2000-01-01", periods=rows, freq="h"))
    fields = {"kind": ["area"], "x": ["when"], "y": ["base,spiky,crossing,top"]}
    print(f"{rows:,} rows of four series; seconds of the database's thinning, median of {rounds}")
    ways = ("now", "before") if before else ("now",)
    with tempfile.TemporaryDirectory() as folder, postgres_server(postgres_url, durable=False) as server:
        tables = postgres_tables({"t": frame}) + ['CREATE INDEX ON "t" ("when")', 'ANALYZE "t"']
        with database(server, "svgplots_bench_stacks", *tables) as pg_url:
            urls = {"sqlite": write_sqlite(Path(folder) / "t.db", {"t": frame}), "postgresql": pg_url}
            for backend, url in urls.items():
                config = sources_toml(Path(folder) / f"{backend}.toml", {"db": {"url": url}},
                                      {"t": {"source": "db", "table": "t"}})
                functions = {"now": source_sql_dialects.FUNCTIONS[backend]}
                if before:
                    functions["before"] = functions_at(before, backend)
                times = {(way, stack): [] for way in ways for stack in ("none", "stacked")}
                kept = {}
                for round_ in range(rounds):
                    for way, stack in list(times) if round_ % 2 == 0 else list(times)[::-1]:
                        source_sql_dialects.FUNCTIONS[backend] = functions[way]
                        store = SourceStore(load_sources(config), timeout=600.0, max_rows=10**9)
                        try:
                            spec = parse_spec({**fields, "stack": [stack]}, store.info("t").column_types())
                            started = time.perf_counter()
                            kept[way, stack] = len(store.chart_rows("t", spec, Limits(max_points=10**9), 640).frame)
                            times[way, stack].append(time.perf_counter() - started)
                        finally:
                            store.close()
                            source_sql_dialects.FUNCTIONS[backend] = functions["now"]
                for way in ways:
                    none, stacked = (statistics.median(times[way, stack]) for stack in ("none", "stacked"))
                    print(f"{backend:10} {way:6} unstacked {none:.3f} s ({kept[way, 'none']:,} rows), stacked "
                          f"{stacked:.3f} s ({kept[way, 'stacked']:,} rows): {stacked / none:.2f}x", flush=True)
                if before:
                    for stack in ("none", "stacked"):
                        now_s, before_s = (statistics.median(times[way, stack]) for way in ways)
                        each = [n / b for n, b in zip(times["now", stack], times["before", stack])]
                        print(f"{backend:10} {stack:9} now/before {now_s / before_s:.2f}x (median of the rounds' "
                              f"ratios {statistics.median(each):.2f}x: {', '.join(f'{r:.2f}' for r in each)})",
                              flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=None)
    parser.add_argument("--seeds", default="3,4")
    parser.add_argument("--speed", action="store_true")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--postgres-url")
    parser.add_argument("--before", help="--speed: also each database's expressions as they were at this revision")
    args = parser.parse_args()
    if args.speed:
        speed(args.rows or 1_000_000, args.rounds, args.postgres_url, args.before)
        return 0
    args.rows = args.rows or 50_000
    print("Pixels off by > 64 against the whole stack (rows kept per pixel column in brackets)")
    print(f"{'seed':4} {'stack':8} {'size':8} {'scale':>5} " + " ".join(f"{rule:>16}" for rule in RULES))
    for seed in (int(s) for s in args.seeds.split(",")):
        frame = stack_frame(args.rows, seed)
        frame.insert(0, "t", np.arange(len(frame), dtype=float))
        for stack in ("stacked", "percent"):
            for width, height in ((300, 200), (640, 360)):
                spec = parse_spec({"kind": ["area"], "x": ["t"], "y": ["base,spiky,crossing,top"], "stack": [stack],
                                   "width": [str(width)], "height": [str(height)]}, COLUMNS)
                for scale in (1, 2):
                    columns = downsample.pixel_columns(width, scale)
                    line_kinds.thinned_stack = lambda x, frame, spec, columns: None
                    whole = render_png(spec, frame, scale)
                    cells = []
                    for rule in RULES:
                        kept = kept_by(rule, frame["t"].to_numpy(), frame, spec, columns)
                        line_kinds.thinned_stack = lambda x, frame, spec, columns, rule=rule: kept_by(
                            rule, x, frame, spec, columns)
                        ratio = differing_ratio(render_png(spec, frame, scale), whole) * 100
                        cells.append(f"{ratio:.3f} % ({len(kept) / columns:4.1f})")
                    print(f"{seed:4} {stack:8} {width}x{height:<4} {scale:5} " + " ".join(f"{c:>16}" for c in cells),
                          flush=True)
    line_kinds.thinned_stack = downsample.thinned_stack
    return 0


if __name__ == "__main__":
    sys.exit(main())
