"""An SQLite source's thinned line (`app/store/sqlite_m4.py`) keeps the rows a plain Python M4 keeps:
per pixel column, of its rows by x and rows of one x by y (as a frame of them sorted so draws
them), the first and the last and the first holding its lowest and highest y, whatever order the
table holds them in, on small random tables whose x and y repeat (ties), of numbers and of moments
written as ISO text, with and without x bounds; and it reads the table in one statement that sorts
its rows once, a window of it through an index on x."""
from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from app.store import Column, load_sources
from app.store.source_conditions import Condition
from app.store.source_values import rows_frame
from app.store.sources import SourceStore
from plots import Limits, parse_spec
from plots.downsample import column_scale, epoch_of
from tests.source_data import sources_toml
from tests.statements import statements_run

PIXELS = 12
ROWS = 300  # 25 a pixel column: more than four, so the database thins the line


def moment_text(seconds: int, rng: np.random.Generator) -> str:
    """A moment of 2024 as ISO text, its date and time parted by a space or a `T` at random: one moment
    written two ways is one x to the chart, and two texts to the table."""
    moment = pd.Timestamp("2024-01-01") + pd.Timedelta(seconds=int(seconds))
    return moment.isoformat(sep=str(rng.choice([" ", "T"])))


def table_rows(x_type: str, seed: int, shuffled: bool = False) -> list[tuple]:
    """ROWS rows (x, y) by x, as a table appended in time order holds them (`shuffled`: in no order),
    x of 90 values and y of 5: many ties of each."""
    rng = np.random.default_rng(seed)
    xs, ys = np.sort(rng.integers(0, 90, ROWS)) * 60, rng.integers(0, 5, ROWS).astype(float)
    if shuffled:
        xs = rng.permutation(xs)
    if x_type == "datetime":
        return [(moment_text(x, rng), y) for x, y in zip(xs, ys)]
    return [(float(x) if x_type == "float" else int(x), y) for x, y in zip(xs, ys)]


def seconds_of(x, x_type: str) -> float:
    """x as the pixel columns place it: epoch seconds (of a moment's whole microseconds), or the number."""
    return epoch_of(pd.Timestamp(x)) if x_type == "datetime" else float(x)


def brute_force_m4(rows: list[tuple], x_type: str, lo=None, hi=None) -> pd.DataFrame:
    """Per pixel column of the rows within the bounds, by x and rows of one x by y, the first and
    the last and the first holding the least and the greatest y; as `pushdown_m4.line` orders them
    (by x, then y) without repeats."""
    seconds = [seconds_of(x, x_type) for x, _ in rows]
    inside = [i for i in sorted(range(len(rows)), key=lambda i: (seconds[i], rows[i][1]))
              if (lo is None or seconds[i] >= epoch_of(lo)) and (hi is None or seconds[i] <= epoch_of(hi))]
    start = epoch_of(lo) if lo is not None else min(seconds[i] for i in inside)
    end = epoch_of(hi) if hi is not None else max(seconds[i] for i in inside)
    scale = column_scale(start, end, PIXELS)
    columns: dict[int, list[int]] = {}
    for i in inside:
        columns.setdefault(int(np.floor((seconds[i] - start) * scale)), []).append(i)
    kept = set()
    for members in columns.values():
        kept.update((members[0], members[-1]))
        kept.add(min(members, key=lambda i: rows[i][1]))  # min() and max() keep the first of equals
        kept.add(max(members, key=lambda i: rows[i][1]))
    frame = rows_frame((Column("x", x_type), Column("y", "float")), [rows[i] for i in sorted(kept)])
    return frame.sort_values(["x", "y"], kind="stable").drop_duplicates().reset_index(drop=True)


def ties_table(tmp_path: Path, x_type: str, declared: str, seed: int,
               shuffled: bool = False) -> tuple[list[tuple], Path]:
    """A table `ties` of `table_rows`, with an index on x, and the sources file naming it."""
    rows = table_rows(x_type, seed, shuffled)
    path = tmp_path / "ties.db"
    with contextlib.closing(sqlite3.connect(path)) as conn:
        conn.execute(f"CREATE TABLE ties (x {declared}, y REAL)")
        conn.executemany("INSERT INTO ties VALUES (?, ?)", rows)
        conn.execute("CREATE INDEX ties_x ON ties (x)")
        conn.commit()
    return rows, sources_toml(tmp_path / "sources.toml", {"db": {"url": f"sqlite:///{path}"}},
                              {"ties": {"source": "db", "table": "ties"}})


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("x_type, declared", [("float", "REAL"), ("integer", "INTEGER"), ("datetime", "DATETIME")])
@pytest.mark.parametrize("bounds", [{}, {"xmin": 600, "xmax": 4500}])
@pytest.mark.parametrize("shuffled", [False, True])
def test_a_thinned_line_keeps_the_rows_a_python_m4_keeps(tmp_path: Path, seed, x_type, declared, bounds, shuffled):
    rows, config = ties_table(tmp_path, x_type, declared, seed, shuffled)
    if x_type == "datetime":
        bounds = {k: (pd.Timestamp("2024-01-01") + pd.Timedelta(seconds=v)).to_pydatetime() for k, v in bounds.items()}
    store = SourceStore(load_sources(config), timeout=60.0, max_rows=10**6)
    try:
        fields = {"x": ["x"], "y": ["y"],
                  **{k: [v.isoformat() if x_type == "datetime" else str(v)] for k, v in bounds.items()}}
        spec = parse_spec(fields, store.info("ties").column_types())
        drawn = store.chart_rows("ties", spec, Limits(), PIXELS).frame
    finally:
        store.close()
    expected = brute_force_m4(rows, x_type, bounds.get("xmin"), bounds.get("xmax"))
    assert len(expected) < ROWS  # thinned
    pd.testing.assert_frame_equal(drawn.reset_index(drop=True), expected, check_dtype=False)


def test_a_thinned_line_reads_the_table_in_one_statement_that_sorts_every_row_once(tmp_path: Path):
    # Working out each row's moment from its text, and sorting every row, were most of a chart's
    # time: the x range read the table in a statement of its own, and each of M4's four picks per
    # pixel column sorted every row again. Now the picks sort only the few rows holding an extreme.
    _, config = ties_table(tmp_path, "datetime", "DATETIME", 1)
    store = SourceStore(load_sources(config), timeout=60.0, max_rows=10**6)
    try:
        spec = parse_spec({"x": ["x"], "y": ["y"]}, store.info("ties").column_types())
        with statements_run() as run:
            store.chart_rows("ties", spec, Limits(), PIXELS)
    finally:
        store.close()
    # Besides the count that stops past four rows a pixel column (whether to thin at all).
    [statement] = [s for s in run if ' FROM "ties" ' in " ".join(s.split()) and not s.startswith("SELECT count(*)")]
    assert statement.startswith("WITH svgplots_m4_rows AS MATERIALIZED")
    with contextlib.closing(sqlite3.connect(tmp_path / "ties.db")) as conn:
        sql = statement.replace("?", "NULL")  # the plan, whatever the values
        plan = [row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}")]
    scanned, sorted_every_row = None, 0
    for step in plan:
        if step.startswith("SCAN "):
            scanned = step
        elif step == "USE TEMP B-TREE FOR GROUP BY":
            sorted_every_row += scanned == "SCAN svgplots_m4_rows"
    assert plan.count("SCAN ties") == 1
    assert sorted_every_row == 1


# A window of 20 minutes of the table's 90: a line's x bounds, and a time range of a daily sum.
FIRST, LAST = dt.datetime(2024, 1, 1, 0, 20), dt.datetime(2024, 1, 1, 0, 40)
WINDOWS = [({"xmin": [FIRST.isoformat()], "xmax": [LAST.isoformat()]}, ()),
           ({"resample": ["day"], "agg": ["sum"]},
            (Condition("x", "not null"), Condition("x", ">=", FIRST), Condition("x", "<=", LAST)))]


@pytest.mark.parametrize("fields, conditions", WINDOWS)
def test_a_window_of_date_text_is_read_through_the_index_on_x(tmp_path: Path, fields, conditions):
    # Its bounds compared moments worked out from the text alone, which no index serves: a 1 %
    # window of a table read and worked out every row's text. The text a few days wider comes first.
    _, config = ties_table(tmp_path, "datetime", "DATETIME", 1)
    store = SourceStore(load_sources(config), timeout=60.0, max_rows=10**6)
    try:
        spec = parse_spec({"x": ["x"], "y": ["y"], **fields}, store.info("ties").column_types())
        with statements_run() as run:
            store.chart_rows("ties", spec, Limits(), PIXELS, conditions)
    finally:
        store.close()
    charted = [s for s in run if ' FROM "ties" ' in " ".join(s.split()) and "julianday" in s]
    assert charted
    with contextlib.closing(sqlite3.connect(tmp_path / "ties.db")) as conn:
        plans = [[row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {s.replace('?', 'NULL')}")] for s in charted]
    assert any("SEARCH ties USING INDEX ties_x (x>? AND x<?)" in plan for plan in plans), plans
