"""What counting a chart's rows without an x costs a source dataset: a cold chart of the whole range
with the count (the site's way) against the same chart without it, on an SQLite file and on
PostgreSQL, x unindexed and indexed.

    python benchmarks/rows_without_x.py [--rows 1000000] [--rounds 3] [--backends sqlite,postgresql] [--postgres-url URL]

Each table is a random walk over a timestamp every 10 s, one row in 100 without one, made twice:
without an index on the timestamp and with one. Charts, each drawn cold (a new store, nothing cached;
the database's own caches warm for both ways alike): a line of the whole range (M4 per pixel column)
and its sum by day (a GROUP BY). With the count, the statement a stored dataset's chart sends
(`pushdown.count_without_x`, which a source's chart does not send) is sent; without, none.
Printed: median seconds of each, the ratio with / without, and the median seconds of the count's
statement alone and its share of the chart without it (steadier than the ratio on a busy machine).
Rounds alternate the two ways.
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
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import psycopg  # noqa: E402
from app.store import load_sources, pushdown  # noqa: E402
from app.store.sources import SourceStore  # noqa: E402
from benchmarks import throwaway_sources  # noqa: E402
from plots import Limits, parse_spec, render_svg  # noqa: E402
from tests.postgres import libpq_url  # noqa: E402

DATABASE = "svgplots_bench_rows_without_x"
TABLES = {"unindexed": "walk", "indexed": "walk_ix"}
CHARTS = {"line": {"y": ["value"]}, "sum by day": {"y": ["value"], "resample": ["day"], "agg": ["sum"]}}
LIMITS = Limits(max_points=10**9)


def sqlite_tables(path: Path, rows: int) -> str:
    """Both tables in an SQLite file; its URL."""
    rng = np.random.default_rng(42)
    values = np.cumsum(rng.random(rows) - 0.5)
    start = datetime(2020, 1, 1)
    data = [(None if i % 100 == 0 else (start + timedelta(seconds=10 * i)).strftime("%Y-%m-%d %H:%M:%S"),
             float(v)) for i, v in enumerate(values)]
    with contextlib.closing(sqlite3.connect(path)) as conn, conn:
        for table in TABLES.values():
            conn.execute(f"CREATE TABLE {table} (t DATETIME, value REAL)")
            conn.executemany(f"INSERT INTO {table} VALUES (?, ?)", data)
        conn.execute("CREATE INDEX walk_ix_t ON walk_ix (t)")
        conn.execute("ANALYZE")
    return f"sqlite:///{path}"


def postgres_tables(url: str, rows: int) -> None:
    """Both tables in the PostgreSQL database of `url`."""
    with psycopg.connect(libpq_url(url), autocommit=True) as conn:
        conn.execute("SELECT setseed(0.42)")
        conn.execute(f"""CREATE TABLE walk AS
            SELECT CASE WHEN s.i % 100 = 0 THEN NULL
                        ELSE timestamp '2020-01-01' + s.i * interval '10 seconds' END AS t,
                   sum(random() - 0.5) OVER (ORDER BY s.i) AS value
            FROM generate_series(1, {int(rows)}) AS s(i)""")
        conn.execute("CREATE TABLE walk_ix AS SELECT * FROM walk")
        conn.execute("CREATE INDEX walk_ix_t ON walk_ix (t)")
        conn.execute("VACUUM ANALYZE walk")
        conn.execute("VACUUM ANALYZE walk_ix")


def chart_seconds(config: Path, table: str, fields: dict, counted: bool) -> tuple[float, float]:
    """Seconds of one cold chart (a new store) of `table`, with or without the count of rows without
    x, and of the count's statement alone (0 without it)."""
    store = SourceStore(load_sources(config), timeout=600.0, max_rows=10**9)
    site_count, counting = pushdown._rows_without_x, [0.0]

    def timed(conn, relation, functions, spec, conditions, kept=None) -> int | None:
        # The count a stored dataset's chart sends (`pushdown.count_without_x`), sent for a source's too.
        started = time.perf_counter()
        try:
            return pushdown.count_without_x(conn, relation, functions, spec.x, conditions) if counted else None
        finally:
            counting[0] += time.perf_counter() - started

    pushdown._rows_without_x = timed
    try:
        spec = parse_spec({**fields, "width": ["640"]}, store.info(table).column_types())
        started = time.perf_counter()
        render_svg(spec, store.chart_rows(table, spec, LIMITS, 640).frame, LIMITS)
        return time.perf_counter() - started, counting[0]
    finally:
        pushdown._rows_without_x = site_count
        store.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    throwaway_sources.add_arguments(parser)
    args = parser.parse_args(argv)
    print(f"{args.rows:,} rows, one in 100 without x, median of {args.rounds} cold charts")
    print(f"{'backend':11} {'x':10} {'chart':11} {'counted s':>10} {'uncounted s':>12} {'ratio':>6} {'count s':>8} {'share':>6}")
    for backend in args.backends.split(","):
        with throwaway_sources.database_url(
                backend, args.postgres_url, DATABASE, "walk.db", partial(sqlite_tables, rows=args.rows),
                partial(postgres_tables, rows=args.rows)) as url, tempfile.TemporaryDirectory() as folder:
            config = throwaway_sources.sources_file(Path(folder), url, TABLES.values())
            for index, table in TABLES.items():
                for chart, fields in CHARTS.items():
                    times: dict[bool, list[tuple[float, float]]] = {True: [], False: []}
                    for round_ in range(args.rounds):
                        for counted in (True, False) if round_ % 2 == 0 else (False, True):
                            times[counted].append(chart_seconds(config, table, fields, counted))
                    with_count, without = (statistics.median(t for t, _ in times[c]) for c in (True, False))
                    count = statistics.median(c for _, c in times[True])
                    print(f"{backend:11} {index:10} {chart:11} {with_count:10.2f} {without:12.2f} "
                          f"{with_count / without:5.2f}x {count:8.3f} {count / without:6.1%}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
