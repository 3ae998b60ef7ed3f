"""What finding a PostgreSQL source's whole numbers past 2**53 in its description would cost: a table of
1,000,000 rows with a `numeric(30,0)` column, one of its values past 2**53 (read as a double, it
loses digits) in the row at 90 %, where a dataset's page warns of one only among the first 1,000 rows
it reads; against the description's one pass over the rows as it is, in the same run.

    python benchmarks/source_numeric_digits.py [--rows 1000000] [--rounds 5] [--postgres-url URL]

On a throwaway PostgreSQL server (or a new database of `--postgres-url`'s server), wall
milliseconds, medians of the rounds, which alternate the order of the ways:

- the description, a new store's first look at the table (`SourceStore.info`);
- its pass as it is (`source_counts.counted_types`: the statement the store sent, sent again);
- that pass also counting the column's values past 2**53, and also those that are not whole numbers
  (a `numeric` of no scale may hold fractions, which the page's warning leaves out);
- the statement that would find the first such row and its value, run when the pass counted one:
  it reads the rows up to it (with synchronized scans off, as PostgreSQL's own may start a scan
  where another is, and the first row found is then another each time);
- the page's read of the first 1,000 rows, which finds one now.

Printed: each median and its ratio to the pass as it is.
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

import psycopg  # noqa: E402
from sqlalchemy import event  # noqa: E402

from app.store import load_sources  # noqa: E402
from app.store.sources import SourceStore  # noqa: E402
from tests.postgres import libpq_url, read_only_database  # noqa: E402

DATABASE = "svgplots_bench_numeric_digits"
PAST = 2**53
# What each way adds to the description's pass, before its FROM.
PAST_COUNTED = f"count(CASE WHEN abs(n) >= {PAST} THEN 1 END)"
WHOLE_COUNTED = "count(CASE WHEN n <> trunc(n) THEN 1 END)"
FIRST_PAST = (f"SELECT r, n::text FROM (SELECT row_number() OVER () AS r, n FROM ids) AS s "
              f"WHERE abs(n) >= {PAST} LIMIT 1")
FIRST_ROWS = "SELECT id, t, v, n FROM ids LIMIT 1000"


def make_table(url: str, rows: int) -> None:
    """`rows` rows of an id, a moment, a double and a numeric(30,0) of whole numbers, 2**53 + 1 at 90 %."""
    with psycopg.connect(libpq_url(url), autocommit=True) as conn:
        conn.execute(f"""CREATE TABLE ids AS
            SELECT i AS id, timestamp '2020-01-01' + i * interval '10 seconds' AS t, random() AS v,
                   (CASE WHEN i = {int(rows * 0.9)} THEN {PAST + 1} ELSE i * 1000 END)::numeric(30, 0) AS n
            FROM generate_series(1, {int(rows)}) AS s(i)""")
        conn.execute("VACUUM ANALYZE ids")


def store_of(folder: Path, url: str) -> SourceStore:
    """A new store (nothing described or cached) of the table."""
    config = folder / "sources.toml"
    config.write_text(f'[sources.bench]\nurl = "{url}"\n\n[datasets.ids]\nsource = "bench"\ntable = "ids"\n',
                      encoding="utf-8")
    return SourceStore(load_sources(config), timeout=600.0, max_rows=10**9)


def described(folder: Path, url: str) -> tuple[float, str, dict]:
    """Milliseconds of a new store's description of the table, and the statement of its pass with its parameters."""
    store = store_of(folder, url)
    sent: list[tuple[str, dict]] = []
    engine = store._engine(store.config.sources["bench"])
    event.listen(engine, "before_cursor_execute",
                 lambda conn, cursor, statement, parameters, context, many: sent.append((statement, parameters)))
    try:
        started = time.perf_counter()
        store.info("ids").column_types()
        seconds = time.perf_counter() - started
    finally:
        store.close()
    statement, parameters = next((s, p) for s, p in sent if s.lstrip().upper().startswith("SELECT COUNT(*)"))
    return seconds * 1000, statement, parameters


def with_added(statement: str, *added: str) -> str:
    """The pass's statement asking `added` too, in its one SELECT list."""
    head, tail = statement.split("\nFROM ", 1)
    return f"{head}, {', '.join(added)} \nFROM {tail}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--postgres-url", help="a server to make the benchmark's database on (default: a throwaway one)")
    args = parser.parse_args(argv)
    with read_only_database(args.postgres_url, DATABASE) as url, tempfile.TemporaryDirectory() as made:
        started = time.perf_counter()
        make_table(url, args.rows)
        print(f"made a table of {args.rows:,} rows in {time.perf_counter() - started:.1f} s")
        folder = Path(made)
        _, statement, parameters = described(folder, url)
        ways = {"the pass as it is": statement,
                "+ values past 2**53 counted": with_added(statement, PAST_COUNTED),
                "+ those and fractions counted": with_added(statement, WHOLE_COUNTED, PAST_COUNTED),
                "the first row past 2**53 (at 90 %)": FIRST_PAST,
                "the page's first 1,000 rows": FIRST_ROWS}
        milliseconds: dict[str, list[float]] = {"the description": []}
        with psycopg.connect(libpq_url(url), autocommit=True) as conn:
            conn.execute("SET synchronize_seqscans = off")
            print("first row past 2**53 found:", conn.execute(FIRST_PAST).fetchall())
            for round_ in range(args.rounds):
                milliseconds["the description"].append(described(folder, url)[0])
                for way in list(ways) if round_ % 2 == 0 else list(ways)[::-1]:
                    started = time.perf_counter()
                    conn.execute(ways[way], parameters if "%(" in ways[way] else None).fetchall()
                    milliseconds.setdefault(way, []).append((time.perf_counter() - started) * 1000)
    medians = {way: statistics.median(times) for way, times in milliseconds.items()}
    baseline = medians["the pass as it is"]
    print(f"\nPostgreSQL, {args.rows:,} rows, wall ms, median of {args.rounds} rounds; ratio to the pass as it is")
    for way, median in medians.items():
        print(f"{way:40}{median:9.1f} ms {median / baseline:6.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
