"""One pooled connection asked the same thinned chart again and again: PostgreSQL's generic plans.

    python benchmarks/generic_plans.py [--rows 200000] [--rounds 15] [--width 640] [--postgres-url URL]

psycopg prepares on the server a statement one connection has sent five times (`prepare_threshold`,
5 by default), and PostgreSQL, after planning a prepared statement for its values five times, may
keep one generic plan for any values: M4's pass finding the rows that hold each pixel column's
extremes (`postgres_source_sql`) then took 5 to 8 s where it took 0.1 to 0.2 s. The site's
connections prepare nothing (`prepare_threshold=None`); this shows what that saves a long-lived
connection, and what it costs (a parse of every statement).

The stack of `benchmarks/stack_thinning.py` (four series, hourly, `rows` rows) as a PostgreSQL source's
table with an index on its x, on a throwaway server (or a new database of `--postgres-url`'s); a
stacked area of it `--rounds` times through one `SourceStore` (one connection), each round 1 pixel
wider than the last (the same statements, other values, nothing kept from the last), for each way:

- site: as the site connects (no statement prepared);
- prepared: psycopg's default (prepared after five runs), as the site connected before;
- custom plans: prepared after five runs, with `plan_cache_mode = force_custom_plan` (each run of a
  prepared statement planned for its values, its parse saved).

Printed: each round's seconds, each way's median of its first five rounds and of its last five and
their ratio (last/first), and the ratio of each way's medians to the site's, first rounds and last.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import event  # noqa: E402

from app.store import load_sources  # noqa: E402
from app.store.sources import SourceStore  # noqa: E402
from plots import Limits, parse_spec  # noqa: E402
from tests.postgres import database, postgres_server  # noqa: E402
from tests.source_data import postgres_tables, sources_toml  # noqa: E402
from tests.test_stack_thinned_paths import stack_frame  # noqa: E402

WAYS = ("site", "prepared", "custom plans")
EDGE = 5  # the first and last rounds compared


def connected(way: str):
    """What a new connection of `way` is set to, on top of the site's own settings."""
    def connect(dbapi_connection, record) -> None:
        if way == "site":
            return
        dbapi_connection.prepare_threshold = 5  # psycopg's default
        if way == "custom plans":
            dbapi_connection.execute("SET plan_cache_mode = force_custom_plan")
            dbapi_connection.commit()
    return connect


def rounds_of(config: Path, way: str, rounds: int, width: int) -> list[float]:
    """The seconds of each round of `way`, on one new store's one connection."""
    store = SourceStore(load_sources(config), timeout=600.0, max_rows=10**9)
    try:
        event.listen(store._engine(store.config.sources["db"]), "connect", connected(way))
        fields = {"kind": ["area"], "x": ["when"], "y": ["base,spiky,crossing,top"], "stack": ["stacked"]}
        spec = parse_spec(fields, store.info("t").column_types())
        times = []
        for round_ in range(rounds):
            started = time.perf_counter()
            store.chart_rows("t", spec, Limits(max_points=10**9), width + round_)
            times.append(time.perf_counter() - started)
            print(f"  {way:12} round {round_ + 1:2}: {times[-1]:.3f} s", flush=True)
        return times
    finally:
        store.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--width", type=int, default=640)
    parser.add_argument("--postgres-url")
    args = parser.parse_args()
    if args.rounds < 2 * EDGE:
        parser.error(f"--rounds must be at least {2 * EDGE}")
    frame = stack_frame(args.rows)
    frame.insert(0, "when", pd.date_range("2000-01-01", periods=args.rows, freq="h"))
    print(f"a stacked area of {args.rows:,} rows of four series, {args.width}+ pixels wide, {args.rounds} "
          "rounds on one connection; seconds of SourceStore.chart_rows")
    with tempfile.TemporaryDirectory() as folder, postgres_server(args.postgres_url, durable=False) as server:
        tables = postgres_tables({"t": frame}) + ['CREATE INDEX ON "t" ("when")', 'ANALYZE "t"']
        with database(server, "svgplots_bench_plans", *tables) as url:
            config = sources_toml(Path(folder) / "sources.toml", {"db": {"url": url}},
                                  {"t": {"source": "db", "table": "t"}})
            times = {way: rounds_of(config, way, args.rounds, args.width) for way in WAYS}
    medians = {way: (statistics.median(t[:EDGE]), statistics.median(t[-EDGE:])) for way, t in times.items()}
    for way, (first, last) in medians.items():
        print(f"{way:12} first {EDGE} rounds {first:.3f} s, last {EDGE} {last:.3f} s: last/first {last / first:.2f}x; "
              f"against the site's, first {first / medians['site'][0]:.2f}x, last {last / medians['site'][1]:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
