"""The dataset store on PostgreSQL against SQLite, in the same run: appends, a bulk create, a cold read.

    python benchmarks/store.py [--create-rows 100000] [--read-rows 1000000] [--seconds 3] [--postgres-url URL]

Both backends go through `SqlStore` as the site runs it: SQLite in a temporary file (WAL,
synchronous=FULL), PostgreSQL on a throwaway server started from Debian's binaries with its
durable defaults (fsync on), or on a new database of `--postgres-url`'s server. Rows have one
column of each type (datetime, float, integer, text). Measured:

- appends per second, one append after another, of 1 row and of 1,000 rows (the append rates
  include the commit's flush to disk on both backends);
- creating a dataset of `--create-rows` rows in one transaction (PostgreSQL's COPY, SQLite's
  executemany); target: PostgreSQL at most 2x the SQLite time;
- reading a dataset of `--read-rows` rows cold (a new store, nothing cached) into a DataFrame.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.store import Column  # noqa: E402
from app.store.sql_store import SqlStore  # noqa: E402
from app.store.tables import Table  # noqa: E402
from tests.postgres import create_database, drop_database, postgres_server  # noqa: E402

COLUMNS = (Column("when", "datetime"), Column("value", "float"), Column("count", "integer"), Column("label", "text"))
CREATE_TARGET = 2.0  # PostgreSQL's create at most this many times SQLite's


def rows(count: int, start: int = 0) -> list[tuple]:
    """`count` rows as the upload parser hands them to the store."""
    base = datetime(2024, 1, 1)
    return [((base + timedelta(seconds=i)).isoformat(), i * 0.25, i, f"reading {i % 97}")
            for i in range(start, start + count)]


def appends_per_second(store: SqlStore, name: str, batch: int, seconds: float) -> float:
    """Appends of `batch` rows to `name`, one after another, for about `seconds`."""
    payload = rows(batch)
    done, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds or done < 3:
        store.append(name, COLUMNS, payload)
        done += 1
    return done / (time.perf_counter() - started)


def seconds_of(run: Callable[[], object]) -> float:
    """The wall time of one call."""
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def read_cold(url: str, rows_expected: int) -> None:
    """Read the big dataset through a new store: nothing cached, a new connection."""
    fresh = SqlStore(url)
    assert len(fresh.read("big").frame) == rows_expected
    fresh.close()


def interleaved(runs: dict[str, Callable[[int], float]], repeat: int) -> dict[str, list[float]]:
    """Each backend's figure, `repeat` rounds, the backends taking turns within each round: a
    shared machine's slow minutes then hit both alike."""
    figures: dict[str, list[float]] = {backend: [] for backend in runs}
    for round_ in range(repeat):
        for backend, run in runs.items():
            figures[backend].append(run(round_))
    return figures


def measure(urls: dict[str, str], args: argparse.Namespace) -> dict[str, dict[str, list[float]]]:
    """Every figure of every backend: {what: {backend: [one per round]}}."""
    stores = {backend: SqlStore(url) for backend, url in urls.items()}
    for store in stores.values():
        for batch in (1, 1000):
            store.create(f"a{batch}", "Appends", Table(COLUMNS, rows(1)))
    share = args.seconds / args.repeat
    figures = {}
    for batch in (1, 1000):
        figures[f"appends/s, {batch:,} row{'s' if batch > 1 else ''}"] = interleaved(
            {b: lambda _, s=s: appends_per_second(s, f"a{batch}", batch, share) for b, s in stores.items()},
            args.repeat)
    table = Table(COLUMNS, rows(args.create_rows))
    figures[f"create {args.create_rows:,} rows, s"] = interleaved(
        {b: lambda i, s=s: seconds_of(lambda: s.create(f"c{i}", "Created", table)) for b, s in stores.items()},
        args.repeat)
    big = Table(COLUMNS, rows(args.read_rows))
    for store in stores.values():
        store.create("big", "Big", big)
        store.close()
    figures[f"read {args.read_rows:,} rows cold, s"] = interleaved(
        {b: lambda _, u=u: seconds_of(lambda: read_cold(u, args.read_rows)) for b, u in urls.items()}, args.repeat)
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--create-rows", type=int, default=100_000)
    parser.add_argument("--read-rows", type=int, default=1_000_000)
    parser.add_argument("--seconds", type=float, default=4.0, help="how long each append rate is measured, in all")
    parser.add_argument("--repeat", type=int, default=5, help="rounds of each measurement (medians)")
    parser.add_argument("--postgres-url", help="a server to use (a database is created on it and dropped)")
    args = parser.parse_args(argv)

    database = f"svgplots_bench_{uuid.uuid4().hex[:8]}"
    with postgres_server(args.postgres_url) as server_url:
        try:
            with tempfile.TemporaryDirectory() as folder:
                urls = {"SQLite": f"sqlite:///{folder}/bench.sqlite",
                        "PostgreSQL": create_database(server_url, database)}
                figures = measure(urls, args)
        finally:
            drop_database(server_url, database)

    print(f"medians of {args.repeat} rounds, backends taking turns in each round")
    print(f"{'':30} {'SQLite':>10} {'PostgreSQL':>11} {'PostgreSQL / SQLite':>20}")
    ratios = {}
    for what, by_backend in figures.items():
        sqlite, postgres = by_backend["SQLite"], by_backend["PostgreSQL"]
        # The median of each round's ratio: both backends ran within seconds of each other.
        ratios[what] = statistics.median(p / s for p, s in zip(postgres, sqlite))
        print(f"{what:30} {statistics.median(sqlite):10.3f} {statistics.median(postgres):11.3f} "
              f"{ratios[what]:19.2f}x")
    create = ratios[next(what for what in figures if what.startswith("create"))]
    print(f"create target: PostgreSQL at most {CREATE_TARGET:g}x SQLite: {'met' if create <= CREATE_TARGET else 'MISSED'} "
          f"({create:.2f}x)")
    return 0 if create <= CREATE_TARGET else 1

if __name__ == "__main__":
    sys.exit(main())
