"""A source dataset of 10,000,000 rows on PostgreSQL (or 1,000,000 in an SQLite file): the chart
computed in the database against fetching every row into pandas and drawing it, in the same run.

    python benchmarks/sources.py [--backend postgresql|sqlite] [--rows N] [--rounds 3] [--width 640]
                                 [--postgres-url URL] [--x text|real] [--before REV] [--unindexed]

The table is a random walk over a timestamp every 10 seconds, made with generate_series, with an
index on the timestamp (none with `--unindexed`), on a throwaway PostgreSQL server (or a new database of `--postgres-url`'s
server); with `--backend sqlite`, the same walk in a `DATETIME` column of ISO text
(`2020-01-01 00:00:10`), or with `--x real` in a `REAL` column of epoch seconds, with an index on
it, in a temporary SQLite file. Two line charts, each drawn cold (a new store, nothing cached; the
server's own caches warm for both ways alike):

- the whole range, and a window of 1 % of it (`xmin`/`xmax`);
- ours: `SourceStore.chart_rows` (the database filters and thins the line to M4 per pixel
  column) and `render_svg` of its rows;
- baseline: every row of the table fetched into a DataFrame (as the site reads rows) and
  `render_svg` of the chart over it (which cuts it to the window and thins it in memory);
- "before", where `--before` is given: ours with SQLite's expressions (`app/store/source_sql_dialects.py`, and
  its M4 statement, `app/store/sqlite_m4.py`; PostgreSQL's are `app/store/postgres_source_sql.py`'s)
  as they were at `--before` (none by default; a revision since a line's M4 became one hook of each
  database's expressions, `THINNED_LINE_HOOK`: an earlier one's have none, and is refused so), the rest
  of the code as it is: the old query, with its ratio to ours.

Printed: wall time, the table's rows fetched (what is drawn), every row the site fetched from the
database over all of a chart's queries (M4's passes also send two rows of minima and maxima per
pixel column), and the ratios. Targets: at most 4 of the table's rows per pixel column fetched; the whole range
at least 2x faster, the 1 % window at least 10x faster. Rounds alternate the two ways.
"""
from __future__ import annotations

import argparse
import contextlib
import inspect
import sqlite3
import statistics
import sys
import subprocess
import tempfile
import time
import types
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import psycopg  # noqa: E402
from sqlalchemy import event, select  # noqa: E402

from app.store import Column, load_sources, source_sql_dialects  # noqa: E402
from app.store.source_sql import M4Rows, SqlFunctions  # noqa: E402
from app.store.source_values import rows_frame  # noqa: E402
from app.store.sources import SourceStore  # noqa: E402
from benchmarks import throwaway_sources  # noqa: E402
from plots import Limits, parse_spec, render_svg  # noqa: E402
from tests.postgres import libpq_url, read_only_database  # noqa: E402

DATABASE = "svgplots_bench_sources"
STEP_SECONDS = 10
ROWS_TARGET = 4  # rows fetched per pixel column, at most
SPEED_TARGETS = {"whole range": 2.0, "1 % window": 10.0}
# The revision before SQLite's M4 became one statement that reads the table once.
# Where a line's M4 became one hook of each database's expressions: an earlier revision's have none.
THINNED_LINE_HOOK = "95bb4cb8"


def make_table(url: str, rows: int, index: bool = True) -> None:
    """The random walk: `rows` rows, a timestamp every 10 s (`index`: with an index on it) and a
    running sum of random steps."""
    with psycopg.connect(libpq_url(url), autocommit=True) as conn:
        conn.execute("SELECT setseed(0.42)")
        conn.execute(f"""CREATE TABLE walk AS
            SELECT timestamp '2020-01-01' + s.i * interval '{STEP_SECONDS} seconds' AS t,
                   sum(random() - 0.5) OVER (ORDER BY s.i) AS value
            FROM generate_series(1, {int(rows)}) AS s(i)""")
        if index:
            conn.execute("CREATE INDEX walk_t ON walk (t)")
        conn.execute("VACUUM ANALYZE walk")


def make_sqlite_table(path: Path, rows: int, real: bool = False, index: bool = True) -> None:
    """The random walk in an SQLite file: `rows` rows, a timestamp every 10 s written as ISO text in a
    DATETIME column (`real`: as epoch seconds in a REAL column), with an index on it, and a running
    sum of random steps."""
    steps = np.random.default_rng(42).random(rows) - 0.5
    start = datetime(2020, 1, 1)

    def moment(i: int):
        at = start + timedelta(seconds=STEP_SECONDS * (i + 1))
        return at.timestamp() if real else at.isoformat(sep=" ")

    with contextlib.closing(sqlite3.connect(path)) as conn:
        conn.execute(f"CREATE TABLE walk (t {'REAL' if real else 'DATETIME'}, value REAL)")
        conn.executemany("INSERT INTO walk VALUES (?, ?)", ((moment(i), float(v)) for i, v in enumerate(np.cumsum(steps))))
        if index:
            conn.execute("CREATE INDEX walk_t ON walk (t)")
        conn.commit()


@contextlib.contextmanager
def database(args: argparse.Namespace):
    """The URL of a database holding the walk, made for the run, and what was made."""
    if args.backend == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "walk.db"
            make_sqlite_table(path, args.rows, real=args.x == "real", index=not args.unindexed)
            yield f"sqlite:///{path}", (f"an SQLite file of a table of {{rows:,}} rows, its x {args.x} "
                                        f"{'without' if args.unindexed else 'with'} an index")
        return
    with read_only_database(args.postgres_url, DATABASE) as url:
        make_table(url, args.rows, index=not args.unindexed)
        yield url, f"a table of {{rows:,}} rows {'without' if args.unindexed else 'with'} an index on its timestamp"


class Counted:
    """A new SourceStore (nothing cached) that counts every row its queries bring back, as the site
    fetches them from each statement's cursor: sqlite3 gives no count of a SELECT's rows (its
    `rowcount` is -1), where psycopg's is the rows of the whole result."""

    def __init__(self, config_path: Path):
        self.store = SourceStore(load_sources(config_path), timeout=600.0, max_rows=10**9)
        self.rows = 0
        engine = self.store._engine(self.store.config.sources["bench"])
        event.listen(engine, "after_cursor_execute", self._count)

    def _count(self, conn, cursor, statement, parameters, context, executemany) -> None:
        context.cursor = CountingCursor(cursor, self)  # the cursor SQLAlchemy's result fetches from

    def close(self) -> None:
        self.store.close()


class CountingCursor:
    """A DB-API cursor that adds the rows fetched from it to `counted.rows`; anything else is the cursor's own."""

    def __init__(self, cursor, counted: Counted):
        self._cursor, self._counted = cursor, counted

    def fetchone(self):
        row = self._cursor.fetchone()
        self._counted.rows += row is not None
        return row

    def fetchmany(self, *size):
        return self._fetched(self._cursor.fetchmany(*size))

    def fetchall(self):
        return self._fetched(self._cursor.fetchall())

    def _fetched(self, rows):
        self._counted.rows += len(rows)
        return rows

    def __getattr__(self, name):
        return getattr(self._cursor, name)


def module_at(revision: str, name: str) -> types.ModuleType:
    """The module `app/store/<name>.py` as it was at `revision`, importing the rest of the store as it is now."""
    source = subprocess.run(["git", "-C", str(ROOT), "show", f"{revision}:app/store/{name}.py"],
                            capture_output=True, text=True, check=True).stdout
    module = types.ModuleType(f"app.store.{name}_at_{revision}")
    module.__package__ = "app.store"
    sys.modules[module.__name__] = module
    exec(compile(source, f"{revision}:app/store/{name}.py", "exec"), module.__dict__)
    return module


def functions_at(revision: str, backend: str) -> type:
    """The `SqlFunctions` of `backend` of `app/store/source_sql_dialects.py` as it was at `revision`,
    with SQLite's M4 statement (`sqlite_m4.py`) of then where it had one. M4 then told no runs at the
    line's ends (`M4Rows.end_runs`): it tells none here."""
    module = module_at(revision, "source_sql_dialects")
    if hasattr(module, "sqlite_m4"):
        module.sqlite_m4 = module_at(revision, "sqlite_m4")
        module.sqlite_m4.M4Rows = rows_without_runs
    module.M4Rows = rows_without_runs
    if backend == "postgresql" and has_module(revision, "postgres_source_sql"):  # in a module of their own
        postgres = module_at(revision, "postgres_source_sql")
        postgres.M4Rows = rows_without_runs
        functions = postgres.PostgresFunctions
    else:
        functions = module.FUNCTIONS[backend]
    if lacking := lacking_hooks(functions):
        sys.exit(f"--before {revision}: its expressions of {backend} have no {', '.join(lacking)}, which the "
                 f"site asks them for now; give a revision since {THINNED_LINE_HOOK}")
    return functions


# The hooks the site asks for only where a database's expressions give no aggregate of their own: a median's
# two middle values where it has no `median` (SQLite's is the site's own), a percentile's ranks likewise.
ASKED_WITHOUT = {"middle_values": "median", "ranked_values": "percentile"}


def lacking_hooks(functions: type) -> list[str]:
    """The methods of `SqlFunctions` each database's expressions must fill in (the base's raise
    NotImplementedError) that `functions` leaves as the base's, but those asked for only where it has no
    aggregate of its own (`ASKED_WITHOUT`) that it has."""
    return [name for name, method in vars(SqlFunctions).items()
            if callable(method) and getattr(functions, name) is method
            and "NotImplementedError" in inspect.getsource(method)
            and not (name in ASKED_WITHOUT
                     and getattr(functions, ASKED_WITHOUT[name]) is not getattr(SqlFunctions, ASKED_WITHOUT[name]))]


def has_module(revision: str, name: str) -> bool:
    """Whether `app/store/<name>.py` was there at `revision`."""
    return subprocess.run(["git", "-C", str(ROOT), "cat-file", "-e", f"{revision}:app/store/{name}.py"],
                          capture_output=True).returncode == 0


def rows_without_runs(rows: list, total: int, nulls: list, end_runs: tuple[bool, bool] = (False, False)) -> M4Rows:
    """`M4Rows` as a revision that told no runs at a line's ends made them."""
    return M4Rows(rows, total, nulls, end_runs)


def pushdown(config_path: Path, fields: dict, width: int, functions: type | None = None,
             backend: str = "sqlite") -> tuple[float, int, int]:
    """Seconds, rows sent and table rows fetched (drawn) of the chart computed in the database
    (`functions`: `backend`'s expressions of another revision)."""
    counted = Counted(config_path)
    now = source_sql_dialects.FUNCTIONS[backend]
    if functions is not None:
        source_sql_dialects.FUNCTIONS[backend] = functions
    try:
        started = time.perf_counter()
        spec = parse_spec(fields, counted.store.info("walk").column_types())
        counted.rows = 0  # the description (columns, count) is not the chart's
        frame = counted.store.chart_rows("walk", spec, Limits(max_points=10**9), width).frame
        render_svg(spec, frame, Limits(max_points=10**9))
        return time.perf_counter() - started, counted.rows, len(frame)
    finally:
        source_sql_dialects.FUNCTIONS[backend] = now
        counted.close()


def fetch_everything(config_path: Path, fields: dict) -> tuple[float, int, int]:
    """Seconds and rows fetched of every row into a DataFrame, then the chart drawn from it."""
    counted = Counted(config_path)
    try:
        started = time.perf_counter()
        spec = parse_spec(fields, counted.store.info("walk").column_types())
        counted.rows = 0
        with counted.store._reading("walk") as conn:
            relation = counted.store._describe("walk", conn).relation
            rows = conn.execute(select(relation.column("t"), relation.column("value"))
                                .select_from(relation.selectable)).all()
        types = counted.store.info("walk").column_types()
        frame = rows_frame((Column("t", types["t"]), Column("value", "float")), rows)
        del rows
        render_svg(spec, frame, Limits(max_points=10**9))
        return time.perf_counter() - started, counted.rows, len(frame)
    finally:
        counted.close()


def window(rows: int, share: float = 0.01, real: bool = False) -> dict[str, list[str]]:
    """xmin/xmax of `share` of the range, in its middle (`real`: as epoch seconds)."""
    start = datetime(2020, 1, 1) + timedelta(seconds=STEP_SECONDS * rows * (0.5 - share / 2))
    end = start + timedelta(seconds=STEP_SECONDS * rows * share)
    if real:
        return {"xmin": [repr(start.timestamp())], "xmax": [repr(end.timestamp())]}
    return {"xmin": [start.isoformat()], "xmax": [end.isoformat()]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--backend", choices=("postgresql", "sqlite"), default="postgresql")
    parser.add_argument("--rows", type=int, help="the table's rows (10,000,000 on PostgreSQL, 1,000,000 on SQLite)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--width", type=int, default=640, help="the chart's width in CSS pixels (its pixel columns)")
    parser.add_argument("--postgres-url", help="a server to make the benchmark's database on (default: a throwaway one)")
    parser.add_argument("--x", choices=("text", "real"), default="text",
                        help="SQLite: x as ISO text in a DATETIME column, or epoch seconds in a REAL one")
    parser.add_argument("--before", default="",
                        help="the revision whose expressions of the database to measure too (none by default; "
                             f"{THINNED_LINE_HOOK} or later)")
    parser.add_argument("--unindexed", action="store_true", help="no index on the table's x")
    args = parser.parse_args(argv)
    if args.rows is None:
        args.rows = 1_000_000 if args.backend == "sqlite" else 10_000_000

    started = time.perf_counter()
    with database(args) as (url, made):
        print(f"made {made.format(rows=args.rows)} in {time.perf_counter() - started:.0f} s")
        with tempfile.TemporaryDirectory() as folder:
            config = throwaway_sources.sources_file(Path(folder), url, ("walk",))
            charts = {"whole range": {}, "1 % window": window(args.rows, real=args.x == "real")}
            before = functions_at(args.before, args.backend) if args.before else None
            results: dict[tuple[str, str], list[tuple[float, int, int]]] = {}
            for round_ in range(args.rounds):
                for name, bounds in charts.items():
                    fields = {"y": ["value"], "width": [str(args.width)], **bounds}
                    ways = [("ours", lambda: pushdown(config, fields, args.width)),
                            ("every row", lambda: fetch_everything(config, fields))]
                    if before is not None:
                        ways.insert(1, ("before", lambda: pushdown(config, fields, args.width, before, args.backend)))
                    for way, run in ways if round_ % 2 == 0 else ways[::-1]:
                        results.setdefault((name, way), []).append(run())
                        seconds, fetched, drawn = results[(name, way)][-1]
                        print(f"  round {round_ + 1}, {name}, {way}: {seconds:.2f} s, {fetched:,} rows fetched, "
                              f"{drawn:,} rows drawn", flush=True)
            report(results, charts, args)
    return 0


def report(results: dict, charts: dict, args: argparse.Namespace) -> None:
    print(f"\n{args.backend}, {args.rows:,} rows, line chart {args.width} pixel columns wide, "
          f"median of {args.rounds} rounds")
    print(f"{'chart':13} {'ours s':>7} {'table rows':>11} {'all sent':>9} {'every row s':>12} {'rows':>11} "
          f"{'speed-up':>9}  targets")
    for name in charts:
        ours, theirs = results[(name, "ours")], results[(name, "every row")]
        ours_s, theirs_s = statistics.median(r[0] for r in ours), statistics.median(r[0] for r in theirs)
        drawn, sent = max(r[2] for r in ours), max(r[1] for r in ours)
        speed = theirs_s / ours_s
        met = (drawn <= ROWS_TARGET * args.width, speed >= SPEED_TARGETS[name])
        print(f"{name:13} {ours_s:7.2f} {drawn:11,} {sent:9,} {theirs_s:12.2f} {theirs[0][1]:11,} {speed:8.1f}x  "
              f"rows ≤ {ROWS_TARGET * args.width:,}: {'met' if met[0] else 'NOT met'}; "
              f"≥ {SPEED_TARGETS[name]:g}x: {'met' if met[1] else 'NOT met'}")
    for name in charts:
        if (name, "before") in results:  # the old query, each round's ratio beside the medians'
            before = results[(name, "before")]
            rounds = ", ".join(f"{b[0] / o[0]:.1f}x" for b, o in zip(before, results[(name, "ours")]))
            before_s = statistics.median(r[0] for r in before)
            ours_s = statistics.median(r[0] for r in results[(name, "ours")])
            print(f"{name:13} before ({args.before}): {before_s:.2f} s, {max(r[2] for r in before):,} rows drawn; "
                  f"before/ours {before_s / ours_s:.1f}x (rounds: {rounds})")


if __name__ == "__main__":
    sys.exit(main())
