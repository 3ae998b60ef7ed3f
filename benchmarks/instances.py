"""Several instances on one PostgreSQL: chart misses per second of two instances against one, and
a cold chart of a 1,000,000-row dataset on PostgreSQL against SQLite, in the same run.

    python benchmarks/instances.py [--rows 1000000] [--seconds 5] [--clients 8] [--postgres-url URL]

1. Chart misses: each request asks for a chart no instance has drawn (a new title each time), so
   every one reads the dataset's version and rows and renders in a render worker. One gunicorn
   instance (`-w 1`, its render workers), then two such instances on the same database with the
   clients taking turns between them. Prints misses/s of each and the ratio (on a 2-core machine
   the two instances share the cores, so the ratio says what a second host would add at most).
2. A cold chart over a `--rows`-row dataset: a fresh instance's first line chart of it, PostgreSQL
   against SQLite. Above 200,000 rows (`types.PUSHDOWN_ABOVE_ROWS`) the database computes
   it (M4 on PostgreSQL; on SQLite the chart's columns read and thinned); at or below, the store
   reads every row into a frame and the chart thins them to the pixel columns.
"""
from __future__ import annotations

import argparse
import itertools
import shutil
import statistics
import sys
import tempfile
import threading
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.store import Column  # noqa: E402
from app.store.sql_store import SqlStore  # noqa: E402
from app.store.tables import Table  # noqa: E402
from benchmarks.serving import free_port, start_gunicorn, stop_server  # noqa: E402
from tests.postgres import create_database, drop_database, postgres_server  # noqa: E402

SMALL_ROWS = 2_000


def series(count: int) -> Table:
    """A random-walk-like series of `count` rows: a timestamp and a value."""
    start = datetime(2020, 1, 1)
    rows = [((start + timedelta(minutes=i)).isoformat(), float((i * 7919) % 1000) / 10.0) for i in range(count)]
    return Table((Column("at", "datetime"), Column("value", "float")), rows)


def start_instance(database_url: str, data_dir: Path) -> tuple[object, str]:
    """One gunicorn instance (one worker) on the database; returns its process and base URL."""
    port = free_port()
    env = {"SVGPLOTS_DATABASE_URL": database_url, "SVGPLOTS_DATA_DIR": str(data_dir)}
    return start_gunicorn("app:create_app()", port, ["-w", "1", "--threads", "4"], env), f"http://127.0.0.1:{port}"


def misses_per_second(bases: list[str], seconds: float, clients: int) -> float:
    """Chart misses answered per second by `bases`, the clients taking turns between them."""
    counter = itertools.count()
    done: list[int] = []
    errors: list[int] = []
    stop_at = time.monotonic() + seconds

    def client() -> None:
        session = requests.Session()
        answered = 0
        while time.monotonic() < stop_at:
            base = bases[next(counter) % len(bases)]
            response = session.get(f"{base}/plot/small.svg?title=miss-{uuid.uuid4().hex}", timeout=60)
            if response.status_code == 200:
                answered += 1
            else:
                errors.append(response.status_code)
        done.append(answered)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        print(f"  ({len(errors)} errors: {sorted(set(errors))})")
    return sum(done) / (time.monotonic() - started)


def cold_chart_ms(database_url: str, data_dir: Path) -> float:
    """A fresh instance's first line chart of the big dataset, end to end, in ms."""
    process, base = start_instance(database_url, data_dir)
    try:
        started = time.perf_counter()
        response = requests.get(f"{base}/plot/big.svg?x=at&y=value", timeout=300)
        elapsed = (time.perf_counter() - started) * 1000
        assert response.status_code == 200, response.text[:300]
        return elapsed
    finally:
        stop_server(process)


def main(argv: list[str] | None = None) -> int:
    """Run both measurements and print them."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--postgres-url", help="a server URL whose user may create databases (default: a throwaway server)")
    args = parser.parse_args(argv)

    with postgres_server(args.postgres_url) as server_url:
        name = f"svgplots_bench_{uuid.uuid4().hex[:8]}"
        database_url = create_database(server_url, name)
        folder = Path(tempfile.mkdtemp(prefix="svgplots-instances-"))
        try:
            sqlite_url = f"sqlite:///{folder / 'bench.sqlite'}"
            big = series(args.rows)
            for url in (database_url, sqlite_url):
                store = SqlStore(url)
                store.create("big", "Big", big)
                store.create("small", "Small", series(SMALL_ROWS))
                store.close()

            print(f"1. chart misses (a {SMALL_ROWS}-row line chart, a new title each time), {args.clients} clients, "
                  f"{args.seconds:g} s each")
            rates = {}
            for count in (1, 2, 1, 2):
                instances = [start_instance(database_url, folder / f"data-{count}-{i}") for i in range(count)]
                try:
                    rate = misses_per_second([base for _, base in instances], args.seconds, args.clients)
                finally:
                    for process, _ in instances:
                        stop_server(process)
                rates.setdefault(count, []).append(rate)
                print(f"  {count} instance{'s' if count > 1 else ''}: {rate:6.1f} misses/s")
            one, two = statistics.median(rates[1]), statistics.median(rates[2])
            print(f"  two instances ÷ one: {two / one:.2f}")

            print(f"2. a fresh instance's first line chart of a {args.rows:,}-row dataset, end to end")
            cold = {"sqlite": [], "postgresql": []}
            for _ in range(2):
                cold["sqlite"].append(cold_chart_ms(sqlite_url, folder / "data-cold-sqlite"))
                cold["postgresql"].append(cold_chart_ms(database_url, folder / "data-cold-pg"))
            for backend, values in cold.items():
                print(f"  {backend:10} {statistics.median(values):8.0f} ms  ({', '.join(f'{v:.0f}' for v in values)})")
            print(f"  PostgreSQL ÷ SQLite: {statistics.median(cold['postgresql']) / statistics.median(cold['sqlite']):.2f}")
        finally:
            drop_database(server_url, name)
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
