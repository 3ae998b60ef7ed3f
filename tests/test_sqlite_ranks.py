"""SQLite's medians and percentiles by the site's own aggregates (`app/store/sqlite_ranks.py`), which
sort each group's values once: the answers the site gave when SQLite numbered every row of a group by
a window function (`benchmarks/percentiles.py` keeps that statement), to the bit and of the same
types, over ties, missing values, groups of one value or none, integers past 2**53 and doubles near
the largest; a source's and a big stored dataset's statements name no window function."""
from __future__ import annotations

import contextlib
import math
import random
import sqlite3
import tracemalloc
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from app.store import load_sources
from app.store.sources import SourceStore
from app.store.sqlite_ranks import register_rank_aggregates
from benchmarks.percentiles import same_answers, site_aggregate, window_numbering
from plots import Limits, chart_frame
from plots.percentiles import group_percentile, interpolated, ranks
from tests.conftest import created, writable_app
from tests.source_data import sources_toml
from tests.test_source_medians import spec_of, statements

BIG = 2**53
# Groups of every shape a rank meets: ties, missing values, one value, none, integers past 2**53 and
# near 2**63, doubles near the largest (their difference, and their sum, past it), a -0.0, ints beside
# doubles in a column SQLite gives no type (a source's query), and an odd sum of two middle integers.
GROUPS = {
    "ties": [(2.5, 5, 2.5), (2.5, 5, 2), (1.0, 1, 1.0), (2.5, 5, 2.5), (7.0, 9, 7), (2.5, 5, 2.5)],
    "gaps": [(None, None, None), (3.0, 3, 3), (None, None, None), (1.0, 1, 1.5)],
    "one": [(4.25, -7, 4.25)],
    "none": [(None, None, None), (None, None, None)],
    "big": [(1.7e308, BIG + 1, BIG + 1), (-1.7e308, BIG + 3, 1.5), (1.75e308, 2**62 + 1, 2**62 + 1),
            (1e-300, 2**63 - 1, -0.0), (-1.75e308, -(2**63), 3)],
    "odd sum": [(1.0, BIG + 1, -0.0), (2.0, BIG + 4, -0.0)],
    "near largest": [(1.7e308, 9, 1.7e308), (1.75e308, 11, 1.6e308)],
}
AGGS = ["median", *(f"p{k}" for k in range(1, 100))]


def random_groups(count: int) -> dict[str, list[tuple]]:
    """`count` groups of 1 to 40 rows of values repeated often and missing one time in six."""
    rng = random.Random(7)
    made = {}
    for g in range(count):
        rows = []
        for _ in range(rng.randint(1, 40)):
            f = None if rng.random() < 1 / 6 else round(rng.uniform(-5, 5), 1)
            n = None if rng.random() < 1 / 6 else rng.choice([rng.randint(-3, 3), BIG + rng.randint(0, 9)])
            a = None if f is None else (int(f) if rng.random() < 0.5 else f)
            rows.append((f, n, a))
        made[f"r{g:02d}"] = rows
    return made


@pytest.fixture(scope="module")
def groups_db(tmp_path_factory) -> sqlite3.Connection:
    """`GROUPS` and 40 random groups in a table `t` (g, f REAL, n INTEGER, a of no type), with the
    site's aggregates."""
    conn = sqlite3.connect(tmp_path_factory.mktemp("ranks") / "groups.db")
    register_rank_aggregates(conn)
    conn.execute("CREATE TABLE t (g TEXT, f REAL, n INTEGER, a)")
    rows = [(g, *values) for g, group in {**GROUPS, **random_groups(40)}.items() for values in group]
    conn.executemany("INSERT INTO t VALUES (?, ?, ?, ?)", rows)
    yield conn
    conn.close()


@pytest.mark.parametrize("column, exact", [("f", False), ("n", True), ("a", False)])
def test_the_aggregates_answer_as_the_window_numbering_did_to_the_bit(groups_db, column, exact):
    for agg in AGGS:
        ours = site_aggregate(groups_db, "t", "g", column, agg, exact)
        before = window_numbering(groups_db, "t", "g", column, agg, exact)
        assert len(ours) == len(GROUPS) + 40
        assert same_answers(ours, before), (agg, [(a, b) for a, b in zip(ours, before) if not same_answers([a], [b])])


def test_the_aggregates_answers_are_exact_past_2_to_the_53_and_none_without_values(groups_db):
    medians = dict(site_aggregate(groups_db, "t", "g", "n", "median", exact=True))
    assert medians["big"] == BIG + 3 and isinstance(medians["big"], int)
    assert medians["odd sum"] == (2 * BIG + 5) / 2 and medians["one"] == -7 and medians["none"] is None
    p95 = dict(site_aggregate(groups_db, "t", "g", "f", "p95"))
    assert math.isnan(p95["none"]) and p95["one"] == 4.25 and math.isfinite(p95["big"])
    assert dict(site_aggregate(groups_db, "t", "g", "a", "median"))["odd sum"] == 0.0


def test_one_groups_percentile_is_interpolateds_to_the_bit():
    rng = np.random.default_rng(3)
    for _ in range(300):
        count, k = int(rng.integers(1, 30)), int(rng.integers(1, 100))
        integer = bool(rng.integers(0, 2))
        if integer:
            values = sorted(int(v) for v in rng.integers(-(2**63), 2**63 - 1, count, dtype=np.int64))
        else:
            pool = [1.7e308, -1.75e308, -0.0, 0.0, 1e-300, float(BIG + 1), 2.5]
            values = sorted(pool[int(i)] if rng.random() < 0.4 else float(rng.normal()) * 10 ** int(rng.integers(-5, 300))
                            for i in rng.integers(0, len(pool), count))
        lower, upper, _ = ranks(np.array([count]), k)
        expected = interpolated([values[lower[0] - 1]], [values[upper[0] - 1]], [count], k, integer)[0]
        ours = group_percentile(values, k, integer)
        assert (type(ours), ours) == (type(expected), expected) or (math.isnan(ours) and math.isnan(expected))


@pytest.fixture
def odd_source(tmp_path: Path):
    """An SQLite source of a table whose REAL column holds text too ('n/a', a blank), which the site
    reads as missing values, and whose INTEGER column holds integers past 2**53; and that table as a
    frame, its text as NaN."""
    path = tmp_path / "odd.db"
    cats = ["a"] * 5 + ["b"] + ["c"] * 4 + ["d"] * 2
    values = [2.5, 2.5, "n/a", 1.0, 2.5, 4.0, None, "", 7.5, 7.5, None, None]
    counts = [BIG + 1, BIG + 1, 3, None, BIG + 7, -5, 2**62, 2**62 + 3, None, 1, None, 4]
    with contextlib.closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("CREATE TABLE odd (cat TEXT, v REAL, n INTEGER)")
        conn.executemany("INSERT INTO odd VALUES (?, ?, ?)", zip(cats, values, counts))
    frame = pd.DataFrame({"cat": cats, "v": [v if isinstance(v, float) else np.nan for v in values],
                          "n": pd.array(counts, dtype="Int64")})
    sources = sources_toml(tmp_path / "s.toml", {"shop": {"url": f"sqlite:///{path}"}},
                           {"odd": {"source": "shop", "table": "odd"}})
    store = SourceStore(load_sources(sources), timeout=120.0)
    yield store, frame
    store.close()


@pytest.mark.parametrize("agg", ["median", "p1", "p50", "p95", "p99"])
def test_an_sqlite_sources_bars_by_the_aggregates_are_the_frames_with_no_window_function(odd_source, agg):
    store, frame = odd_source
    spec = spec_of(store, "odd", kind="bar", x="cat", y="v,n", agg=agg)
    with statements() as ran:
        # More rows than bars may be drawn: the database groups them.
        ours = store.chart_rows("odd", spec, Limits(max_points=9, max_categories=4), None).frame
    grouped = [s for s in ran if "GROUP BY" in s]
    assert grouped and all(f"site_{'median' if agg == 'median' else 'percentile'}(" in s for s in grouped)
    assert not any(" OVER " in s for s in ran)
    expected = chart_frame(spec, frame)
    assert ours["n"].tolist() == expected["n"].tolist()  # integers past 2**53, exact
    pd.testing.assert_frame_equal(ours.reset_index(drop=True), expected.reset_index(drop=True),
                                  check_dtype=False, check_exact=True)


STORED = "c,v,n\n" + "".join(f"{'abc'[i % 3]},{'' if i % 5 == 4 else round((i * 7919) % 101 / 10, 1)},"
                             f"{BIG + (i * 31) % 17}\n" for i in range(60))


@pytest.mark.parametrize("agg", ["median", "p95"])
def test_a_big_stored_datasets_bars_by_the_aggregates_are_the_frame_paths(data_dir, closing, agg):
    # More rows than bars may be drawn: the database groups them.
    limits = Limits(max_categories=3)
    frame_client = closing(writable_app(data_dir, RENDER_WORKERS=0, LIMITS=limits)).test_client()
    created(frame_client, "stored", STORED)
    pushdown = closing(writable_app(data_dir, RENDER_WORKERS=0, LIMITS=limits))
    pushdown.extensions["svgplots"].store.database.pushdown_above_rows = 10
    url = f"/plot/stored.json?kind=bar&x=c&y=v,n&agg={agg}"
    with statements() as ran:
        ours = pushdown.test_client().get(url)
    assert ours.status_code == 200, ours.get_data(as_text=True)
    grouped = [s for s in ran if "GROUP BY" in s]
    assert grouped and all(f"site_{'median' if agg == 'median' else 'percentile'}(" in s for s in grouped)
    assert not any(" OVER " in s for s in ran)
    assert ours.get_json()["rows"] == frame_client.get(url).get_json()["rows"]


def test_a_groups_values_are_held_in_an_array_of_some_8_bytes_a_value(tmp_path):
    conn = sqlite3.connect(tmp_path / "one.db")
    register_rank_aggregates(conn)
    conn.execute("CREATE TABLE t (f REAL, n INTEGER)")
    conn.executemany("INSERT INTO t VALUES (?, ?)", ((i * 0.5, i) for i in range(200_000)))
    for column, exact in (("f", 0), ("n", 1)):
        tracemalloc.start()
        conn.execute(f"SELECT site_median({column}, {exact}), site_percentile({column}, 95, {exact}) FROM t").fetchall()
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert peak / 200_000 < 2 * 12, (column, peak / 200_000)  # two groups' values, a list's some 32 each
    conn.close()


def test_an_integer_columns_group_meeting_a_double_is_answered_exactly_as_by_a_list(tmp_path):
    conn = sqlite3.connect(tmp_path / "mixed.db")
    register_rank_aggregates(conn)
    conn.execute("CREATE TABLE t (g TEXT, n INTEGER)")
    rows = [("a", BIG + 1), ("a", 2.5), ("a", BIG + 3), ("a", -(2**63)), ("b", 1.5), ("b", BIG + 1), ("b", BIG + 2)]
    conn.executemany("INSERT INTO t VALUES (?, ?)", rows)
    for agg in ("median", "p50", "p75"):
        assert same_answers(site_aggregate(conn, "t", "g", "n", agg, True), window_numbering(conn, "t", "g", "n", agg, True))
    median = dict(site_aggregate(conn, "t", "g", "n", "median", True))["b"]
    assert median == BIG + 1 and isinstance(median, int)
    conn.close()
