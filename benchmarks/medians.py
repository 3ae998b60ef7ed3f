"""Medians of groups computed by PostgreSQL: the site's one sort of each group's values
(`percentile_disc` of two fractions) against the two sorts it made before (the lower middle value
sorted up, the upper one sorted down) and another one-sort form, in the same run.

    python benchmarks/medians.py [--rows 1000000] [--rounds 5] [--postgres-url URL]

The table holds `rows` rows of a group number per grouping and a value (one in twenty missing,
values repeated, groups of odd and of even counts), on a throwaway PostgreSQL server (or a new
database of `--postgres-url`'s server, which must run on this machine). Each way reads every
group's two middle values (the middle one twice for an odd count) and their mean (`middle_mean`, a
chart's median); its answers are checked against two sorts', group by group, every round:

- two sorts (before): `percentile_disc(0.5)` ascending and descending, the baseline;
- `percentile_disc(ARRAY)`: the site's `middle_values`, `percentile_disc(ARRAY[0.5, 0.5 + 1e-12])`,
  both from one sort, exact for groups of fewer than 500,000,000,000 values (`MIDDLE_FRACTIONS`);
- `array_agg subscripted`: the values sorted into an array, subscripted at the middle positions of
  their count: one sort, exact for any count, each group's values held in an array.

Printed: the median CPU seconds the server spent on each way's answer over the rounds (the ways
taking turns; read from `/proc`: the wall time of a busy machine moved by a third from run to run,
the order of the ways with it), and its ratio to two sorts'. Three groupings: 10 groups of 100,000
values, 365 groups (a year of days) and 100,000 groups of about ten values.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402
from sqlalchemy import (  # noqa: E402
    ColumnElement,
    Double,
    Integer,
    Select,
    cast,
    column,
    create_engine,
    func,
    select,
    table,
    type_coerce,
)
from sqlalchemy.dialects.postgresql import ARRAY, aggregate_order_by  # noqa: E402
from sqlalchemy.sql.elements import Grouping  # noqa: E402

from app.store.pushdown_medians import middle_mean  # noqa: E402
from app.store.source_sql_dialects import functions_for  # noqa: E402
from tests.postgres import libpq_url, read_only_database  # noqa: E402

DATABASE = "svgplots_bench_medians"
GROUPINGS = {"10 groups": 10, "365 groups": 365, "100,000 groups": 100_000}


def make_table(url: str, rows: int) -> None:
    """`rows` rows: a group number per grouping (`g365`, `g100000`), a value of 0.1 steps (so repeated)
    or NULL one time in twenty."""
    with psycopg.connect(libpq_url(url), autocommit=True) as conn:
        conn.execute("SELECT setseed(0.42)")
        groups = ", ".join(f"floor(random() * {count})::int AS g{count}" for count in GROUPINGS.values())
        conn.execute(f"""CREATE TABLE m AS
            SELECT {groups}, CASE WHEN random() < 0.05 THEN NULL ELSE round((random() * 1000)::numeric, 1)::float8
                   END AS v
            FROM generate_series(1, {int(rows)}) AS s(i)""")
        conn.execute("VACUUM ANALYZE m")


def two_sorts(value: ColumnElement) -> tuple[ColumnElement, ColumnElement]:
    """The two middle values as the site found them before: the lower one sorted up, and the
    lower one sorted down (the upper one), each its own sort of the group."""
    value = cast(value, Double)
    return (func.percentile_disc(0.5).within_group(value), func.percentile_disc(0.5).within_group(value.desc()))


def array_agg_subscripted(value: ColumnElement) -> tuple[ColumnElement, ColumnElement]:
    """The two middle values subscripted from the group's values sorted into an array."""
    value = cast(value, Double)
    values = type_coerce(Grouping(func.array_agg(aggregate_order_by(value, value)).filter(value.is_not(None))),
                         ARRAY(Double))
    count = cast(func.count(value), Integer)
    return values[(count + 1) // 2], values[(count + 2) // 2]


WAYS = {"two sorts (before)": two_sorts, "percentile_disc(ARRAY)": functions_for("postgresql").middle_values,
        "array_agg subscripted": array_agg_subscripted}


def query(group: str, middle_values) -> Select:
    """Each group's two middle values and their mean (`middle_mean`, as a chart's median), by group."""
    rows = table("m", column(group, Integer), column("v", Double))
    lower, upper = middle_values(rows.c.v)
    return select(rows.c[group], lower, upper, middle_mean(lower, upper)).group_by(rows.c[group]).order_by(rows.c[group])


def backend_cpu(pid: int) -> float:
    """The CPU seconds the server process `pid` has used (Linux `/proc`): on a busy machine, what the
    database worked, without the time it waited for a core."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime


def timed(conn, sql: Select, pid: int) -> tuple[float, list]:
    """The server's CPU seconds for the query's answer, and its rows."""
    started = backend_cpu(pid)
    rows = conn.execute(sql).all()
    return backend_cpu(pid) - started, rows


def counts_of_both_parities(conn, group: str) -> tuple[int, int]:
    """How many groups have an odd and an even count of values."""
    odd, even = conn.exec_driver_sql(f"""SELECT count(*) FILTER (WHERE mod(n, 2) = 1), count(*) FILTER (WHERE mod(n, 2) = 0)
        FROM (SELECT count(v) AS n FROM m GROUP BY {group}) AS c""").one()
    return odd, even


def measure(url: str, rounds: int) -> dict[str, dict[str, list[float]]]:
    """The server's CPU seconds of each way of each grouping, per round, the ways taking turns; answers checked."""
    engine = create_engine(url)
    seconds: dict[str, dict[str, list[float]]] = {}
    try:
        with engine.connect() as conn:
            pid = conn.exec_driver_sql("SELECT pg_backend_pid()").scalar_one()
            for name, count in GROUPINGS.items():
                group = f"g{count}"
                odd, even = counts_of_both_parities(conn, group)
                print(f"{name}: {odd:,} of an odd count of values, {even:,} of an even one")
                queries = [(way, query(group, middle_values)) for way, middle_values in WAYS.items()]
                for round_ in range(rounds):
                    answers = {}
                    for way, sql in queries if round_ % 2 == 0 else queries[::-1]:
                        took, answers[way] = timed(conn, sql, pid)
                        seconds.setdefault(name, {}).setdefault(way, []).append(took)
                    before = answers["two sorts (before)"]
                    for way, rows in answers.items():
                        if [tuple(r) for r in rows] != [tuple(r) for r in before]:
                            raise SystemExit(f"{way} gives other middle values than two sorts ({name})")
                    print(f"  round {round_ + 1}: " + ", ".join(f"{way} {seconds[name][way][-1]:.2f} s CPU"
                                                              for way, _ in queries), flush=True)
    finally:
        engine.dispose()
    return seconds


def report(seconds: dict[str, dict[str, list[float]]], args: argparse.Namespace) -> None:
    print(f"\n{args.rows:,} rows, median of {args.rounds} rounds; the same middle values checked every round")
    print(f"{'grouping':15} {'way':24} {'CPU s':>8} {'÷ two sorts':>12}")
    for name, by_way in seconds.items():
        before = statistics.median(by_way["two sorts (before)"])
        for way, took in by_way.items():
            median = statistics.median(took)
            ratio = f"{median / before:12.2f}" if before else f"{'(too few rows)':>12}"  # the server's CPU clock ticks by 10 ms
            print(f"{name:15} {way:24} {median:8.3f} {ratio}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--postgres-url", help="a server to make the benchmark's database on (default: a throwaway one)")
    args = parser.parse_args(argv)
    with read_only_database(args.postgres_url, DATABASE) as url:
        started = time.perf_counter()
        make_table(url, args.rows)
        print(f"made a table of {args.rows:,} rows in {time.perf_counter() - started:.1f} s")
        report(measure(url, args.rounds), args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
