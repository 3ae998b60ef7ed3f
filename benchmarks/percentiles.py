"""What computing a percentile in the database saves a source dataset: a cold chart of request latencies'
daily 95th percentiles (`resample=day&agg=p95`) and of each endpoint's (`kind=bar&x=endpoint&agg=p95`),
its groups' two values either side of the rank and their counts read from the database
(`app/store/pushdown_medians.py`: PostgreSQL's values of a group sorted into an array and subscripted,
SQLite's numbered by a window function), against every row read into a frame and the chart drawn from
it, on an SQLite file and on PostgreSQL.

    python benchmarks/percentiles.py [--rows 1000000] [--rounds 3] [--backends sqlite,postgresql] [--postgres-url URL]

The table holds `rows` requests, one every 10 seconds (a timestamp; ISO text in SQLite), an endpoint of
twelve and a latency in milliseconds (a float, gamma-distributed). Each chart is drawn cold (a new store,
nothing cached; the database's own caches warm for both ways alike). Printed: the median seconds of
each way and the ratio of reading the rows to the database's. Both ways draw the same bytes, checked
every round. Rounds alternate the two ways.
"""
from __future__ import annotations

import argparse
import contextlib
import sqlite3
import statistics
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import psycopg  # noqa: E402
from sqlalchemy import create_engine  # noqa: E402

from app.store import load_sources  # noqa: E402
from app.store.sources import SourceStore  # noqa: E402
from benchmarks import throwaway_sources  # noqa: E402
from plots import Limits, parse_spec, render_svg  # noqa: E402
from tests.postgres import libpq_url  # noqa: E402

DATABASE = "svgplots_bench_percentiles"
CHARTS = {"daily p95": {"x": ["t"], "resample": ["day"]}, "endpoint p95": {"kind": ["bar"], "x": ["endpoint"]}}
FIELDS = {"y": ["latency_ms"], "agg": ["p95"], "width": ["640"]}
ENDPOINTS = 12
LIMITS = Limits()


def sqlite_table(path: Path, rows: int) -> str:
    """The requests in an SQLite file; its URL."""
    rng = np.random.default_rng(42)
    times = pd.date_range("2024-01-01", periods=rows, freq="10s").strftime("%Y-%m-%d %H:%M:%S")
    endpoints = rng.integers(0, ENDPOINTS, rows)
    latency = np.round(rng.gamma(2.0, 40.0, rows), 3)
    with contextlib.closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("CREATE TABLE requests (t DATETIME, endpoint TEXT, latency_ms REAL)")
        conn.executemany("INSERT INTO requests VALUES (?, ?, ?)",
                         ((t, f"/e{e:02d}", float(v)) for t, e, v in zip(times, endpoints, latency)))
        conn.execute("ANALYZE")
    return f"sqlite:///{path}"


def postgres_table(url: str, rows: int) -> None:
    """The requests in the PostgreSQL database of `url`."""
    with psycopg.connect(libpq_url(url), autocommit=True) as conn:
        conn.execute("SELECT setseed(0.42)")
        conn.execute(f"""CREATE TABLE requests AS
            SELECT timestamp '2024-01-01' + (i - 1) * interval '10 seconds' AS t,
                   '/e' || lpad(floor(random() * {ENDPOINTS})::int::text, 2, '0') AS endpoint,
                   round((-40 * ln(random() * random() + 1e-12))::numeric, 3)::float8 AS latency_ms
            FROM generate_series(1, {int(rows)}) AS s(i)""")
        conn.execute("VACUUM ANALYZE requests")


def chart(config: Path, url: str, fields: dict, in_database: bool) -> tuple[float, bytes]:
    """Seconds and SVG bytes of one cold chart (a new store): its groups read from the database, or
    every row read into a frame and the chart drawn from it."""
    store = SourceStore(load_sources(config), timeout=600.0, max_rows=10**9)
    try:
        spec = parse_spec({**FIELDS, **fields}, store.info("requests").column_types())
        started = time.perf_counter()
        if in_database:
            frame = store.chart_rows("requests", spec, LIMITS, 640).frame
        else:
            engine = create_engine(url)
            try:
                with engine.connect() as conn:
                    # In x's order, as a source's database orders its bars (a frame's come as the rows do).
                    frame = pd.read_sql_query(f"SELECT t, endpoint, latency_ms FROM requests ORDER BY {spec.x}, t",
                                              conn)
            finally:
                engine.dispose()
            frame["t"] = pd.to_datetime(frame["t"])
        svg = render_svg(spec, frame, LIMITS)
        return time.perf_counter() - started, svg
    finally:
        store.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    throwaway_sources.add_arguments(parser)
    args = parser.parse_args(argv)
    print(f"{args.rows:,} requests, median of {args.rounds} cold charts")
    print(f"{'backend':11} {'chart':13} {'database s':>11} {'rows read s':>12} {'ratio':>6}")
    for backend in args.backends.split(","):
        with throwaway_sources.database_url(
                backend, args.postgres_url, DATABASE, "requests.db", partial(sqlite_table, rows=args.rows),
                partial(postgres_table, rows=args.rows)) as url, tempfile.TemporaryDirectory() as folder:
            config = throwaway_sources.sources_file(Path(folder), url, ("requests",))
            for name, fields in CHARTS.items():
                times: dict[bool, list[float]] = {True: [], False: []}
                for round_ in range(args.rounds):
                    drawn = {}
                    for in_database in (True, False) if round_ % 2 == 0 else (False, True):
                        seconds, drawn[in_database] = chart(config, url, fields, in_database)
                        times[in_database].append(seconds)
                    assert drawn[True] == drawn[False], f"{backend} {name}: the two ways drew different bytes"
                database, rows_read = (statistics.median(times[way]) for way in (True, False))
                print(f"{backend:11} {name:13} {database:11.2f} {rows_read:12.2f} {rows_read / database:5.2f}x",
                      flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
