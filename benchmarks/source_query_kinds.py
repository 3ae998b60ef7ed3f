"""What describing an SQLite query's columns costs, which SQLite gives no type, so that the site types
each from its values: a lab's logger's file of readings (8 sensors, one reading a minute each for 30
days: 345,600 rows of a sensor's name, its time as ISO 8601 text with its local offset,
`2026-03-29T03:30:00+02:00`, two REAL readings and an INTEGER battery level), charted through a
dataset defined by a query of it (`sql = "SELECT sensor, taken_at, … FROM readings WHERE temperature >
-100"`), against counting the query's rows, in the same run.

    python benchmarks/source_query_kinds.py [--sensors 8] [--days 30] [--rounds 5] [--before REV]

CPU seconds (SQLite runs in the process) of a new store's description of the dataset (its one pass
over the query's rows, which tells the kinds of value each column holds), made again at each version
of the data a logger's append makes; and of counting the query's rows (`SELECT count(*) FROM (…)`, on
a connection of its own), the least a pass over them costs. With `--before REV`, the description
again with `app/store/source_counts.py` as it was at that revision, the rest of the code as it is.
Printed: the median of each and its ratio to the count's; each description's types checked the same.
Rounds alternate the ways.
"""
from __future__ import annotations

import argparse
import contextlib
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.store import load_sources, source_columns  # noqa: E402
from app.store.sources import SourceStore  # noqa: E402
from benchmarks.sources import module_at  # noqa: E402

QUERY = "SELECT sensor, taken_at, temperature, humidity, battery FROM readings WHERE temperature > -100"
# Summer time begins within the month: the offsets change from +01:00 to +02:00 there.
START = datetime(2026, 3, 10, tzinfo=timezone.utc)
SUMMER = datetime(2026, 3, 29, 1, tzinfo=timezone.utc)


def local_text(moment: datetime) -> str:
    """A UTC moment as the logger writes it: its local time, to the second, with that time's offset."""
    hours = 2 if moment >= SUMMER else 1
    return (moment + timedelta(hours=hours)).replace(tzinfo=None).isoformat() + f"+0{hours}:00"


def make_file(path: Path, sensors: int, days: int) -> int:
    """The logger's file: a reading of each sensor every minute for `days` days; its rows."""
    rng = random.Random(42)
    with contextlib.closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("CREATE TABLE readings (sensor TEXT, taken_at TEXT, temperature REAL, humidity REAL, "
                     "battery INTEGER)")
        conn.executemany("INSERT INTO readings VALUES (?, ?, ?, ?, ?)",
                         ((f"lab-{s + 1}", local_text(START + timedelta(minutes=m)), round(rng.gauss(20, 2), 2),
                           round(rng.gauss(50, 5), 1), 100 - m // 4000)
                          for m in range(days * 24 * 60) for s in range(sensors)))
        return conn.execute("SELECT count(*) FROM readings").fetchone()[0]


def store_of(folder: Path, path: Path) -> SourceStore:
    """A new store (nothing described) of the query of the readings in `path`."""
    config = folder / "sources.toml"
    config.write_text(f'[sources.lab]\nurl = "sqlite:///{path}"\n\n[datasets.readings]\nsource = "lab"\n'
                      f'sql = "{QUERY}"\n', encoding="utf-8")
    return SourceStore(load_sources(config), timeout=600.0, max_rows=10**9)


def measured(folder: Path, path: Path, way: str, before: str) -> tuple[float, dict[str, str]]:
    """CPU seconds of one `way` (`count`, `description` or `description before`) and the types found."""
    if way == "count":
        with contextlib.closing(sqlite3.connect(path)) as conn:
            started = time.process_time()
            conn.execute(f"SELECT count(*) FROM ({QUERY})").fetchone()
            return time.process_time() - started, {}
    store = store_of(folder, path)
    now = source_columns.counted_types
    if way == "description before":
        source_columns.counted_types = module_at(before, "source_counts").counted_types
    try:
        started = time.process_time()
        types = store.info("readings").column_types()
        return time.process_time() - started, types
    finally:
        source_columns.counted_types = now
        store.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sensors", type=int, default=8)
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--before", default="", help="a revision whose source_counts.py to measure too")
    args = parser.parse_args(argv)
    ways = ["count", "description"] + (["description before"] if args.before else [])
    with tempfile.TemporaryDirectory() as made:
        folder = Path(made)
        started = time.perf_counter()
        rows = make_file(folder / "lab.db", args.sensors, args.days)
        print(f"made an SQLite file of {rows:,} readings in {time.perf_counter() - started:.0f} s")
        results: dict[str, list[float]] = {way: [] for way in ways}
        types: dict[str, dict[str, str]] = {}
        for round_ in range(args.rounds):
            for way in ways if round_ % 2 == 0 else ways[::-1]:
                seconds, found = measured(folder, folder / "lab.db", way, args.before)
                results[way].append(seconds)
                if found:
                    types.setdefault(way, found)
                    if found != types[way]:
                        sys.exit(f"{way} typed the columns {found}, where it typed them {types[way]} before")
                print(f"  round {round_ + 1}, {way}: {seconds:.3f} s", flush=True)
    if len({repr(found) for found in types.values()}) > 1:
        sys.exit(f"the ways typed the columns apart: {types}")
    print(f"\nSQLite, a query of {rows:,} readings, CPU seconds, median of {args.rounds} rounds; "
          f"ratio to counting its rows")
    baseline = statistics.median(results["count"])
    for way, seconds in results.items():
        label = f"{way} ({args.before})" if way.endswith("before") else way
        median = statistics.median(seconds)
        print(f"{label:32}{median:8.3f} s {median / baseline:8.1f}x")
    print(f"types: {types.get('description')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
