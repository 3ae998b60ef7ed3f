"""A big stored dataset's charts split by a text column (`series=station`), computed by its database a
column per series, against its rows read as they are within the chart's bounds and split in the web
process, on SQLite and PostgreSQL, in the same run.

    python benchmarks/stored_split.py [--rows 1000000] [--series 4] [--rounds 3] [--width 640]
        [--backends sqlite,postgresql] [--postgres-url URL] [--charts NAME,...]

The dataset is made through `SqlStore.create`, as an upload stores it: a time every 10 seconds, in
order, each held by one row of each station (`--series` of them), a random walk of whole steps per
station (in a column of floats).
SQLite in a temporary file; PostgreSQL on a throwaway server started from Debian's binaries, or on a
new database of `--postgres-url`'s server. Each chart is drawn cold (a new store: nothing kept in
memory; the database's own caches warm for both ways alike):

- line of the whole range and of a 1 % window (`xmin`/`xmax`), a stacked area, daily sums, weekly
  bars and a histogram, each split by station; and a second window, the 1 % after the first, drawn
  by the store that drew the first (untimed) just before: the series found for the first are kept
  for it (a reader panning or zooming);
- split by the database: `SqlStore.chart_rows` (`pushdown_series`: the series found, then the chart
  of a column per series: M4 per pixel column and series, on SQLite over ranges of row ids;
  GROUP BY of the period, the category or the bin) and `render_svg` of its rows;
- every row: the same store asked for the rows within the chart's bounds as they are, in the
  columns x, y and station (`read_spec`, the way before), which `render_svg`
  sets side by side and draws.

Then the count of the histogram's wide rows (`pushdown_series._rows_side_by_side`: at each time as
many as its longest series has there, which its words count), asked of the database in the chart's
own transaction `--rounds` times in each form, the forms taking turns and checked to give the same
count: the greatest of the series' counts in one GROUP BY of x (the site's way), against a window
numbering each x's rows of each series (the way before) and the rows counted by x and series then
by x (two GROUP BYs).

And the histogram's data (its `.json` and `.csv`, `chart_rows` without pixel columns), `--rounds`
times each by a new store: answered (every row holds a value in its bins), and refused under a cap of a
tenth of the rows (`Limits.max_points`); the seconds each takes, and the refusal's words.

Printed: wall time of each way (the median of the rounds), the rows each read into the process, and
the ratio. Each round checks that both ways draw the same SVG bytes, but for the lines and the area,
thinned by M4 before the series are set side by side on one way and after on the other (which may
differ by a pixel): their figures say whether they drew the same. Rounds take the ways in turn.
"""
from __future__ import annotations

import argparse
import dataclasses
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from app.store import Column  # noqa: E402
from app.store import pushdown_series, sql_big_reads, stored_pushdown  # noqa: E402
from app.store.source_conditions import where_clauses  # noqa: E402
from app.store.sql_store import SqlStore  # noqa: E402
from app.store.tables import Table  # noqa: E402
from plots import Limits, SpecError, parse_spec, render_svg  # noqa: E402
from plots.selection import NO_SELECTION  # noqa: E402
from plots.kind import CHART_KINDS  # noqa: E402
from tests.postgres import create_database, drop_database, postgres_server  # noqa: E402

DATABASE = "svgplots_bench_stored_split"
COLUMNS = (Column("t", "datetime"), Column("value", "float"), Column("station", "text"))
TYPES = {c.name: c.type for c in COLUMNS}
START = np.datetime64("2020-01-01T00:00:00")
STEP_SECONDS = 10
LIMITS = Limits()
NAMES = ("North", "South", "East", "West", "Hill", "Harbour", "Airport", "Bridge")
CHARTS = ("line", "line window", "second window", "stacked area", "daily sums", "weekly bars", "histogram")
# Thinned by M4: the two ways may keep other rows of a pixel column.
THINNED = ("line", "line window", "second window", "stacked area")
# A chart drawn by a store that drew another just before (untimed): the chart it follows.
FOLLOWS = {"second window": "line window"}


def make_dataset(url: str, rows: int, series: int) -> float:
    """Store the dataset `walk` of `rows` rows, `series` stations sharing each time; returns the seconds it took."""
    rng = np.random.default_rng(42)
    times = np.datetime_as_string(START + (np.arange(rows) // series) * np.timedelta64(STEP_SECONDS, "s"),
                                  unit="s").tolist()
    walk = np.zeros(rows)
    for station in range(series):
        # Whole steps: sums of them are exact whichever adds them, the database or pandas.
        walk[station::series] = np.cumsum(rng.integers(-5, 6, len(walk[station::series])))
    walk = walk.tolist()
    stations = [NAMES[i % series] for i in range(rows)]
    store = SqlStore(url)
    try:
        started = time.perf_counter()
        store.create("walk", "Walk", Table(COLUMNS, list(zip(times, walk, stations))))
        return time.perf_counter() - started
    finally:
        store.close()


def read_spec(spec):
    """The spec whose rows the store read for a split chart before: every row the selection and the x
    bounds choose, in the columns x, y and `series`, as they are (a scatter's or, without x, a box
    plot's: no store grouped or thinned them), for `render_svg` to set side by side."""
    kind = CHART_KINDS.get(spec.kind)
    placed = kind is not None and kind.uses_x and kind.x_bounds == "rows"
    return dataclasses.replace(spec, kind="scatter" if placed else "box", y=(*spec.y, spec.series), series=None,
                               resample=None, stack="none", gap=None, yline=(), xline=(), legend=None,
                               yscale="linear", xmin=spec.xmin if placed else None,
                               xmax=spec.xmax if placed else None)


def every_row(conn, dataset_id, name, columns, spec, limits, pixels, selection, counted=None, kept=None):
    """The way before: the rows within the chart's bounds read as they are, for the chart to split
    (no series are found, none kept)."""
    return stored_pushdown.chart_rows(conn, dataset_id, name, columns, read_spec(spec), limits, pixels, selection,
                                      counted)


def chart(url: str, fields: dict, width: int, split_here: bool, before: dict | None = None
          ) -> tuple[float, bytes, int]:
    """Seconds and SVG of the chart through a new store charting the dataset by its database, and the
    rows it read into the process (of a histogram by the database: its bins); `split_here`: every row
    read, split by `render_svg`; `before`: the fields of a chart the store draws first, untimed."""
    store = SqlStore(url, pushdown_above_rows=0)
    now = sql_big_reads.chart_rows
    try:
        if split_here:
            sql_big_reads.chart_rows = every_row
        if before is not None:
            store.chart_rows("walk", parse_spec(before, TYPES), LIMITS, width, NO_SELECTION)
        started = time.perf_counter()
        spec = parse_spec(fields, TYPES)
        try:
            frame = store.chart_rows("walk", spec, LIMITS, width, NO_SELECTION).frame
            svg = render_svg(spec, frame, LIMITS)
        except SpecError as refusal:
            return time.perf_counter() - started, f"{refusal.status} {refusal}".encode(), 0
        return time.perf_counter() - started, svg, len(frame)
    finally:
        sql_big_reads.chart_rows = now
        store.close()


def rows_numbered(conn, relation, functions, spec, conditions, found) -> int:
    """The way before of counting a split histogram's wide rows: each x's rows of each series numbered
    by a window, the distinct (x, number) pairs counted."""
    series, x = relation.column(spec.series), relation.column(spec.x)
    where = (*where_clauses(relation, functions, conditions), series.in_(found.drawn))
    nth = func.row_number().over(partition_by=(x, series)).label("nth")
    each = select(x.label("x"), nth).select_from(relation.selectable).where(*where).subquery()
    rows = select(each.c.x, each.c.nth).group_by(each.c.x, each.c.nth).subquery()
    return int(conn.execute(select(func.count()).select_from(rows)).scalar_one())


def rows_by_x_and_series(conn, relation, functions, spec, conditions, found) -> int:
    """Another way: the rows counted by x and series, the most of each x added up (two GROUP BYs)."""
    series, x = relation.column(spec.series), relation.column(spec.x)
    where = (*where_clauses(relation, functions, conditions), series.in_(found.drawn))
    each = (select(x.label("x"), func.count().label("n")).select_from(relation.selectable).where(*where)
            .group_by(x, series).subquery())
    most = select(func.max(each.c.n).label("n")).group_by(each.c.x).subquery()
    return int(conn.execute(select(func.coalesce(func.sum(most.c.n), 0))).scalar_one())


COUNTS = {"greatest count of each x": pushdown_series._rows_side_by_side, "numbered by a window": rows_numbered,
          "by x and series": rows_by_x_and_series}


def count_wide_rows(url: str, fields: dict, width: int, rounds: int) -> dict[str, float]:
    """Median seconds of each way (`COUNTS`) of counting the wide rows of the split histogram of
    `fields`: each round a new store draws it, the ways asked in turn in its transaction."""
    seconds: dict[str, list[float]] = {name: [] for name in COUNTS}
    counted = pushdown_series._rows_side_by_side
    for round_ in range(rounds):
        def each_way(*call) -> int:
            found = set()
            names = list(COUNTS)
            for name in names[round_ % len(names):] + names[:round_ % len(names)]:
                started = time.perf_counter()
                found.add(COUNTS[name](*call))
                seconds[name].append(time.perf_counter() - started)
            assert len(found) == 1, f"the ways counted different rows: {found}"
            return found.pop()

        store = SqlStore(url, pushdown_above_rows=0)
        try:
            pushdown_series._rows_side_by_side = each_way
            store.chart_rows("walk", parse_spec(fields, TYPES), LIMITS, width, NO_SELECTION)
        finally:
            pushdown_series._rows_side_by_side = counted
            store.close()
        print(f"  round {round_ + 1}, the histogram's wide rows counted: "
              + ", ".join(f"{name} {found[-1]:.2f} s" for name, found in seconds.items()), flush=True)
    return {name: statistics.median(found) for name, found in seconds.items()}


def data_read(url: str, fields: dict, rounds: int, limits: Limits) -> tuple[float, str]:
    """Median seconds of the split histogram of `fields`' data (no pixel columns: its `.json`) under
    `limits`, each round through a new store, and the words it was refused in ("" where answered)."""
    seconds, said = [], ""
    for round_ in range(rounds):
        store = SqlStore(url, pushdown_above_rows=0)
        try:
            started = time.perf_counter()
            try:
                store.chart_rows("walk", parse_spec(fields, TYPES), limits, None, NO_SELECTION)
                said = ""
            except SpecError as refusal:
                said = f"{refusal.status} {refusal}"
            seconds.append(time.perf_counter() - started)
        finally:
            store.close()
        print(f"  round {round_ + 1}, the histogram's data ({limits.max_points:,} values): {seconds[-1]:.2f} s",
              flush=True)
    return statistics.median(seconds), said


def window(rows: int, series: int, share: float = 0.01, after: int = 0) -> dict[str, list[str]]:
    """xmin/xmax of `share` of the range, in its middle (`after` windows later)."""
    span = STEP_SECONDS * rows // series
    start = START + np.timedelta64(int(span * (0.5 - share / 2 + after * share)), "s")
    end = start + np.timedelta64(int(span * share), "s")
    return {"xmin": [str(start)], "xmax": [str(end)]}


def charts(args: argparse.Namespace) -> dict[str, dict]:
    """Each chart measured: its fields."""
    split = {"y": ["value"], "series": ["station"], "width": [str(args.width)]}
    every = {"line": split,
             "line window": {**split, **window(args.rows, args.series)},
             "second window": {**split, **window(args.rows, args.series, after=1)},
             "stacked area": {**split, "kind": ["area"], "stack": ["stacked"]},
             "daily sums": {**split, "resample": ["day"], "agg": ["sum"]},
             "weekly bars": {**split, "kind": ["bar"], "resample": ["week"], "agg": ["sum"]},
             "histogram": {**split, "kind": ["hist"]}}
    return {name: every[name] for name in args.charts.split(",")}


def measure(url: str, args: argparse.Namespace) -> dict:
    """Each chart's seconds per way (medians of `args.rounds` rounds), the rows each read, and whether they drew alike."""
    results: dict[tuple[str, str], list[tuple[float, bytes, int]]] = {}
    alike: dict[str, bool] = {}
    every = charts(argparse.Namespace(**{**vars(args), "charts": ",".join(CHARTS)}))
    for round_ in range(args.rounds):
        for name, fields in charts(args).items():
            before = every[FOLLOWS[name]] if name in FOLLOWS else None
            ways = [("database", False), ("every row", True)]
            turn = round_ % len(ways)
            for way, split_here in ways[turn:] + ways[:turn]:
                results.setdefault((name, way), []).append(chart(url, fields, args.width, split_here, before))
                print(f"  round {round_ + 1}, {name}, {way}: {results[(name, way)][-1][0]:.2f} s", flush=True)
            same = results[(name, "database")][-1][1] == results[(name, "every row")][-1][1]
            assert same or name in THINNED, f"{name}: the ways drew different SVGs"
            alike[name] = alike.get(name, True) and same
    figures = {}
    for (name, way), found in results.items():
        figures.setdefault(name, {"alike": alike[name]})[way] = (statistics.median(r[0] for r in found), found[0][2])
    if "histogram" in charts(args):
        figures["counts"] = count_wide_rows(url, every["histogram"], args.width, args.rounds)
        # Answered under the values a chart may draw, and refused under a tenth of the rows.
        figures["data"] = [data_read(url, every["histogram"], args.rounds, limits)
                           for limits in (LIMITS, dataclasses.replace(LIMITS, max_points=args.rows // 10))]
    return figures


def report(backend: str, figures: dict, args: argparse.Namespace) -> None:
    print(f"\n{backend}: {args.rows:,} rows of {args.series} series, charts {args.width} pixel columns wide, "
          f"median of {args.rounds} rounds")
    print(f"{'chart':13} {'database s':>11} {'rows read':>10} {'every row s':>12} {'rows read':>10} "
          f"{'every/database':>15} {'same SVG':>9}")
    counts = figures.pop("counts", None)
    data = figures.pop("data", None)
    for name, ways in figures.items():
        (ours, ours_rows), (theirs, their_rows) = ways["database"], ways["every row"]
        print(f"{name:13} {ours:11.2f} {ours_rows:10,} {theirs:12.2f} {their_rows:10,} {theirs / ours:14.1f}x "
              f"{'yes' if ways['alike'] else 'no':>9}")
    if counts is not None:
        ours = counts["greatest count of each x"]
        print("the histogram's wide rows counted: "
              + ", ".join(f"{name} {seconds:.2f} s ({seconds / ours:.1f}x)" for name, seconds in counts.items()))
    for seconds, said in data or ():
        print(f"the histogram's data: {seconds:.2f} s, {said[:100] or 'answered'}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--series", type=int, default=4, choices=range(1, len(NAMES) + 1))
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--width", type=int, default=640, help="the chart's width in CSS pixels (its pixel columns)")
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--postgres-url",
                        help="a server to make the benchmark's database on (default: a throwaway one)")
    parser.add_argument("--charts", default=",".join(CHARTS), help=f"some of {', '.join(CHARTS)}")
    args = parser.parse_args(argv)
    backends = args.backends.split(",")
    figures = {}
    if "sqlite" in backends:
        with tempfile.TemporaryDirectory() as folder:
            url = f"sqlite:///{folder}/bench.sqlite"
            print(f"sqlite: stored {args.rows:,} rows in {make_dataset(url, args.rows, args.series):.0f} s")
            figures["sqlite"] = measure(url, args)
    if "postgresql" in backends:
        # The dataset is made once and only read after: a throwaway server needs no fsync.
        with postgres_server(args.postgres_url, durable=False) as server_url:
            try:
                drop_database(server_url, DATABASE)
                url = create_database(server_url, DATABASE)
                print(f"postgresql: stored {args.rows:,} rows in {make_dataset(url, args.rows, args.series):.0f} s")
                figures["postgresql"] = measure(url, args)
            finally:
                drop_database(server_url, DATABASE)
    for backend, measured in figures.items():
        report(backend, measured, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
