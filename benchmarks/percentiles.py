"""What computing a percentile in the database saves a source dataset: a cold chart of request latencies'
daily 95th percentiles (`resample=day&agg=p95`) and of each endpoint's (`kind=bar&x=endpoint&agg=p95`),
its groups' percentiles read from the database (`app/store/pushdown_medians.py`: PostgreSQL's values of a
group sorted into an array and subscripted, SQLite's sorted once by the site's own aggregate,
`app/store/sqlite_ranks.py`), against every row read into a frame and the chart drawn from it, on an
SQLite file and on PostgreSQL; then, on the SQLite file, the site's aggregate against the way it found
them before, every row numbered by a window function.

    python benchmarks/percentiles.py [--rows 1000000] [--rounds 3] [--backends sqlite,postgresql] [--postgres-url URL]

The table holds `rows` requests, one every 10 seconds (a timestamp; ISO text in SQLite), an endpoint of
twelve and a latency in milliseconds (a float, gamma-distributed). Each chart is drawn cold (a new store,
nothing cached; the database's own caches warm for both ways alike). Printed: the median seconds of
each way and the ratio of reading the rows to the database's. Both ways draw the same bytes, checked
every round. Rounds alternate the two ways.

SQLite's two ways (`--backends` naming sqlite): each group's 95th percentile and median of the latency,
in 12 groups (the endpoints), 116 (the days) and 100,000 (of about ten rows each), by the site's
aggregate (`site_percentile`, `site_median`) and by the query the site sent before (`WINDOW_NUMBERING`:
each group's rows numbered in order of their value and counted, the values at the two ranks read
back), interpolated as it then did. Printed: the median CPU seconds of each way (SQLite runs in the
benchmark's process; on a busy machine its wall time moves with the load) and their ratio; the same
answers, to the bit, checked every round. Then the peak memory (tracemalloc) of one group's median over
every row, its values held in the aggregate's array against a Python list (as it held them before), of
the double latencies and of them as integers: MB each way, their ratio and the bytes a value.
"""
from __future__ import annotations

import argparse
import contextlib
import math
import sqlite3
import statistics
import sys
import tempfile
import time
import tracemalloc
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import psycopg  # noqa: E402
from sqlalchemy import create_engine  # noqa: E402

from app.store import load_sources  # noqa: E402
from app.store.pushdown_medians import HALVED_ABOVE  # noqa: E402
from app.store.sources import SourceStore  # noqa: E402
from app.store.sqlite_ranks import median_of_doubles, register_rank_aggregates  # noqa: E402
from benchmarks import throwaway_sources  # noqa: E402
from plots import Limits, parse_spec, render_svg  # noqa: E402
from plots.aggregates import mean_of_middles  # noqa: E402
from plots.percentiles import interpolated, percentile_of  # noqa: E402
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


# The statement the site sent SQLite for each group's median or percentile until 2026-12-07
# (`pushdown_medians.ranked_rows`): every row of a group numbered in order of its value, missing
# ones last, and the group's values counted, by window functions; the values at the two ranks read
# back, `{lower}` and `{upper}` (of `n` values). A float column's median was their mean in the same
# statement (`MIDDLE_MEAN`, `pushdown_medians.middle_mean`); a percentile, and an integer column's
# median, were made of them by the site (`plots.percentiles.interpolated`, `exact_medians`).
WINDOW_NUMBERING = """SELECT ranked.k, {made}
FROM (SELECT chosen.k AS k, chosen.v AS v,
             row_number() OVER (PARTITION BY chosen.k ORDER BY chosen.v IS NULL, chosen.v) AS r,
             count(chosen.v) OVER (PARTITION BY chosen.k) AS n
      FROM (SELECT {key} AS k, {value} AS v FROM {table}) AS chosen) AS ranked
GROUP BY ranked.k ORDER BY ranked.k"""
AT_RANK = "max(CASE WHEN (ranked.r = {rank}) THEN ranked.v END)"
MIDDLE_MEAN = ("CASE WHEN (abs(CAST({lower} AS DOUBLE)) > ? OR abs(CAST({upper} AS DOUBLE)) > ?) "
               "THEN CAST({lower} AS DOUBLE) / 2.0 + CAST({upper} AS DOUBLE) / 2.0 "
               "ELSE (CAST({lower} AS DOUBLE) + CAST({upper} AS DOUBLE)) / 2.0 END")
# SQLite's integer division truncates, the floor of a count of values (zero or more).
MIDDLE_RANKS = ("(ranked.n + 1) / 2", "(ranked.n + 2) / 2")
PERCENTILE_RANKS = ("(ranked.n - 1) * {k} / 100 + 1", "((ranked.n - 1) * {k} + 99) / 100 + 1")
# The site's aggregates, as `SqliteFunctions.median` and `.percentile` write them.
SITE_AGGREGATE = "SELECT {key} AS k, {made} FROM {table} GROUP BY k ORDER BY k"
SQLITE_GROUPINGS = {"12 endpoints": "endpoint", "116 days": "substr(t, 1, 10)", "100,000 groups": "rowid % 100000"}
SQLITE_AGGS = ("p95", "median")


def window_numbering(conn: sqlite3.Connection, table: str, key: str, value: str, agg: str,
                     exact: bool = False) -> list[tuple]:
    """Each group's `agg` (a median or a percentile) of `value` by `key`, as the site found it on SQLite
    before (`WINDOW_NUMBERING`): an integer column's (`exact`) exactly; a percentile of no values NaN,
    a median None."""
    k = percentile_of(agg)
    ranks = MIDDLE_RANKS if k is None else tuple(rank.format(k=k) for rank in PERCENTILE_RANKS)
    lower, upper = (AT_RANK.format(rank=rank) for rank in ranks)
    if k is None and not exact:
        made, parameters = MIDDLE_MEAN.format(lower=lower, upper=upper), (HALVED_ABOVE, HALVED_ABOVE)
    else:
        made, parameters = f"{lower}, {upper}, max(ranked.n)", ()
    rows = conn.execute(WINDOW_NUMBERING.format(made=made, key=key, value=value, table=table), parameters).fetchall()
    if k is None:
        return rows if not exact else [(g, None if a is None else mean_of_middles(a, b)) for g, a, b, _ in rows]
    return list(zip([row[0] for row in rows], interpolated([row[1] for row in rows], [row[2] for row in rows],
                                                           [row[3] or 0 for row in rows], k, exact)))


def site_aggregate(conn: sqlite3.Connection, table: str, key: str, value: str, agg: str,
                   exact: bool = False) -> list[tuple]:
    """`window_numbering`'s answers by the site's aggregates (`sqlite_ranks`, registered on `conn`), as
    `pushdown_medians` reads them: a percentile of no values NaN, a median None."""
    k = percentile_of(agg)
    flag = int(exact)
    made = f"site_median({value}, {flag})" if k is None else f"site_percentile({value}, {k}, {flag})"
    rows = conn.execute(SITE_AGGREGATE.format(key=key, made=made, table=table)).fetchall()
    return rows if k is None else [(g, math.nan if v is None else v) for g, v in rows]


def same_answers(ours: list[tuple], before: list[tuple]) -> bool:
    """Whether two ways' rows hold the same values of the same types, NaN as NaN."""
    def kept(row: tuple) -> list:
        return [("nan",) if isinstance(v, float) and math.isnan(v) else (type(v), v) for v in row]

    return [kept(row) for row in ours] == [kept(row) for row in before]


def sqlite_ways(path: Path, rounds: int) -> None:
    """The CPU seconds of the site's aggregate and of the window numbering before, on the SQLite file
    at `path`, by grouping and aggregate, the ways taking turns; answers checked every round."""
    with contextlib.closing(sqlite3.connect(path)) as conn:
        register_rank_aggregates(conn)
        print(f"\n{'SQLite':11} {'grouping':15} {'agg':6} {'window (before) CPU s':>22} {'aggregate CPU s':>16} "
              f"{'ratio':>6}")
        for grouping, key in SQLITE_GROUPINGS.items():
            for agg in SQLITE_AGGS:
                ways = {"before": window_numbering, "now": site_aggregate}
                seconds: dict[str, list[float]] = {way: [] for way in ways}
                for round_ in range(rounds):
                    answers = {}
                    for way in ways if round_ % 2 == 0 else reversed(ways):
                        started = time.process_time()
                        answers[way] = ways[way](conn, "requests", key, "latency_ms", agg)
                        seconds[way].append(time.process_time() - started)
                    if not same_answers(answers["now"], answers["before"]):
                        raise SystemExit(f"the site's aggregate gives other answers than before ({grouping}, {agg})")
                before, now = (statistics.median(seconds[way]) for way in ("before", "now"))
                print(f"{'':11} {grouping:15} {agg:6} {before:22.2f} {now:16.2f} {now / before:5.2f}x", flush=True)


class ListMedian:
    """`site_median` as it held a group's values before: in a Python list, sorted at its end."""

    def __init__(self) -> None:
        self.values: list = []
        self.exact = False

    def step(self, value, exact) -> None:
        if isinstance(value, (int, float)):
            self.values.append(value)
        self.exact = bool(exact)

    def finalize(self) -> int | float | None:
        self.values.sort()
        count = len(self.values)
        lower, upper = self.values[(count - 1) // 2], self.values[count // 2]
        return mean_of_middles(lower, upper) if self.exact else median_of_doubles(lower, upper)


def held_memory(path: Path, rows: int) -> None:
    """The peak memory (tracemalloc) of one group's median over every row, its values held in an array
    (the site's aggregate) and in a list (before), a double column's and an integer column's."""
    print(f"\n{'SQLite':11} {'one group of':15} {'list (before) MB':>17} {'array MB':>9} {'ratio':>6} {'bytes a value':>14}")
    for column, exact in (("latency_ms", 0), ("CAST(latency_ms * 1000 AS INTEGER)", 1)):
        peaks, answers = {}, {}
        for way, registered in (("list", lambda conn: conn.create_aggregate("site_median", 2, ListMedian)),
                                ("array", register_rank_aggregates)):
            with contextlib.closing(sqlite3.connect(path)) as conn:
                registered(conn)
                tracemalloc.start()
                answers[way] = conn.execute(f"SELECT site_median({column}, {exact}) FROM requests").fetchall()
                peaks[way] = tracemalloc.get_traced_memory()[1]
                tracemalloc.stop()
        if not same_answers(answers["array"], answers["list"]):
            raise SystemExit("the array's median is not the list's")
        kind = "integers" if exact else "doubles"
        print(f"{'':11} {f'{rows:,} {kind}':15} {peaks['list'] / 1e6:17.1f} {peaks['array'] / 1e6:9.1f} "
              f"{peaks['array'] / peaks['list']:5.2f}x {peaks['array'] / rows:6.1f} ({peaks['list'] / rows:.1f})", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    throwaway_sources.add_arguments(parser)
    args = parser.parse_args(argv)
    print(f"{args.rows:,} requests, median of {args.rounds} cold charts")
    print(f"{'backend':11} {'chart':13} {'database s':>11} {'rows read s':>12} {'ratio':>6}")
    sqlite_file: list[Path] = []

    def kept_sqlite_table(path: Path) -> str:
        sqlite_file.append(path)
        return sqlite_table(path, args.rows)

    for backend in args.backends.split(","):
        with throwaway_sources.database_url(
                backend, args.postgres_url, DATABASE, "requests.db", kept_sqlite_table,
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
            if backend == "sqlite":
                sqlite_ways(sqlite_file[-1], args.rounds)
                held_memory(sqlite_file[-1], args.rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
