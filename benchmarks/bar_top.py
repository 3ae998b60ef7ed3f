"""What sorting and cutting a ranking in the database saves a source dataset: a cold bar chart of the
top 10 of many categories (`sort=-value&top=10`) sorted and cut by its database in one statement
(`app/store/pushdown_top.py`: the groups numbered, the first 10 kept, the count and the sum of those
left out read by window functions) against every group read and sorted by the site (the way it
takes where the database cannot order them, a median say), on an SQLite file and on PostgreSQL.

    python benchmarks/bar_top.py [--rows 1000000] [--categories 100000] [--rounds 3] [--backends sqlite,postgresql] [--postgres-url URL]

The table holds `rows` sales of `categories` products (a product's name, its revenue, a float).
Charts, each drawn cold (a new store, nothing cached; the database's own caches warm for both ways
alike): the sum of revenue by product and its mean, each the top 10. Printed: the median seconds of
each way and their ratio. Both ways draw the same bytes, checked every round. Rounds alternate the
two ways.
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
import psycopg  # noqa: E402
from app.store import load_sources, pushdown_groups  # noqa: E402
from app.store.sources import SourceStore  # noqa: E402
from benchmarks import throwaway_sources  # noqa: E402
from plots import Limits, parse_spec, render_svg  # noqa: E402
from tests.postgres import libpq_url  # noqa: E402

DATABASE = "svgplots_bench_bar_top"
CHARTS = {"sum top 10": {"agg": ["sum"]}, "mean top 10": {"agg": ["mean"]}}
FIELDS = {"kind": ["bar"], "x": ["product"], "y": ["revenue"], "sort": ["-value"], "top": ["10"], "width": ["640"]}
LIMITS = Limits()


def sqlite_table(path: Path, rows: int, categories: int) -> str:
    """The sales in an SQLite file; its URL."""
    rng = np.random.default_rng(42)
    products = rng.integers(0, categories, rows)
    revenue = np.round(rng.gamma(2.0, 50.0, rows), 2)
    with contextlib.closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("CREATE TABLE sales (product TEXT, revenue REAL)")
        conn.executemany("INSERT INTO sales VALUES (?, ?)",
                         ((f"p{p:06d}", float(v)) for p, v in zip(products, revenue)))
        conn.execute("ANALYZE")
    return f"sqlite:///{path}"


def postgres_table(url: str, rows: int, categories: int) -> None:
    """The sales in the PostgreSQL database of `url`."""
    with psycopg.connect(libpq_url(url), autocommit=True) as conn:
        conn.execute("SELECT setseed(0.42)")
        conn.execute(f"""CREATE TABLE sales AS
            SELECT 'p' || lpad(floor(random() * {int(categories)})::int::text, 6, '0') AS product,
                   round((random() * 200)::numeric, 2)::float8 AS revenue
            FROM generate_series(1, {int(rows)}) AS s(i)""")
        conn.execute("VACUUM ANALYZE sales")


def chart(config: Path, fields: dict, in_database: bool) -> tuple[float, bytes]:
    """Seconds and SVG bytes of one cold chart (a new store), sorted and cut by the database or by the site."""
    store = SourceStore(load_sources(config), timeout=600.0, max_rows=10**9)
    site_way = pushdown_groups.ordered_groups
    if not in_database:
        pushdown_groups.ordered_groups = lambda *args: None  # as for a median: every group read
    try:
        spec = parse_spec({**FIELDS, **fields}, store.info("sales").column_types())
        started = time.perf_counter()
        svg = render_svg(spec, store.chart_rows("sales", spec, LIMITS, 640).frame, LIMITS)
        return time.perf_counter() - started, svg
    finally:
        pushdown_groups.ordered_groups = site_way
        store.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    throwaway_sources.add_arguments(parser)
    parser.add_argument("--categories", type=int, default=100_000)
    args = parser.parse_args(argv)
    print(f"{args.rows:,} sales of {args.categories:,} products, median of {args.rounds} cold charts")
    print(f"{'backend':11} {'chart':12} {'database s':>11} {'site s':>8} {'ratio':>6}")
    for backend in args.backends.split(","):
        with (throwaway_sources.database_url(
                backend, args.postgres_url, DATABASE, "sales.db", partial(sqlite_table, rows=args.rows, categories=args.categories),
                partial(postgres_table, rows=args.rows, categories=args.categories)) as url,
              tempfile.TemporaryDirectory() as folder):
            config = throwaway_sources.sources_file(Path(folder), url, ("sales",))
            for name, fields in CHARTS.items():
                times: dict[bool, list[float]] = {True: [], False: []}
                for round_ in range(args.rounds):
                    drawn = {}
                    for in_database in (True, False) if round_ % 2 == 0 else (False, True):
                        seconds, drawn[in_database] = chart(config, fields, in_database)
                        times[in_database].append(seconds)
                    assert drawn[True] == drawn[False], f"{backend} {name}: the two ways drew different bytes"
                database, site = (statistics.median(times[way]) for way in (True, False))
                print(f"{backend:11} {name:12} {database:11.2f} {site:8.2f} {site / database:5.2f}x", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
