"""A median of a source dataset is computed by its database, SQLite's too (which has no median
aggregate of its own: the site's, `sqlite_ranks`): a chart's image or its .json and .csv reads the
groups, never the rows behind them."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine

from app import create_app
from app.store import load_sources
from app.store.sources import SourceStore
from plots import Limits, chart_frame, parse_spec
from tests.source_data import (
    SourceDb,
    orders_frame,
    sources_toml,
    walk_frame,
    write_sqlite,
    write_tables,
)

DATASETS = {"walk": {"source": "shop", "table": "walk"}, "orders": {"source": "shop", "table": "orders"}}
# Fewer values than the walk's 100,000 rows: a median that read them would be refused.
FEW = Limits(max_points=50_000)


@contextmanager
def statements() -> Iterator[list[str]]:
    """The SQL statements run meanwhile, by any engine."""
    seen: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    event.listen(Engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(Engine, "before_cursor_execute", record)


def source_app(tmp_path: Path, url: str, datasets=DATASETS, **settings):
    sources = sources_toml(tmp_path / "sources.toml", {"shop": {"url": url}}, datasets)
    data = tmp_path / "data"
    data.mkdir(exist_ok=True)
    return create_app({"TESTING": True, "DATA_DIR": str(data), "SOURCES": str(sources), "RENDER_WORKERS": 0,
                       "SOURCE_TIMEOUT": 120, **settings})


def grouped_download(tmp_path: Path, source_db: SourceDb, closing, extension: str, agg: str) -> tuple[list, list]:
    """The statements a source ran for the daily `agg` of two columns downloaded as `extension`, and those
    of them grouping the rows, once the download is checked to hold what a frame's chart holds."""
    app = closing(source_app(tmp_path, source_db.url, LIMITS=FEW))
    with statements() as ran:
        response = app.test_client().get(f"/plot/walk.{extension}?x=t&y=value,spiky&resample=day&agg={agg}")
    assert response.status_code == 200, response.get_data(as_text=True)
    spec = parse_spec({"x": ["t"], "y": ["value,spiky"], "resample": ["day"], "agg": [agg]},
                      {"t": "datetime", "value": "float", "spiky": "float", "gappy": "float"})
    expected = chart_frame(spec, walk_frame())
    if extension == "json":
        rows = response.get_json()["rows"]
        assert [r[0][:10] for r in rows] == [d.strftime("%Y-%m-%d") for d in expected["t"]]
        np.testing.assert_allclose([r[1:] for r in rows], expected[["value", "spiky"]].to_numpy(), rtol=1e-12)
    else:
        assert len(response.get_data(as_text=True).splitlines()) == 1 + len(expected)
    grouped = [s for s in ran if "walk" in s and "GROUP BY" in s]
    assert grouped
    return ran, grouped


@pytest.mark.parametrize("extension", ["json", "csv"])
def test_a_median_download_reads_the_groups_not_the_rows_behind_them(tmp_path, source_db, closing, extension):
    # SQLite sorts each day's values once in the site's own aggregate, no row numbered by a window
    # function; PostgreSQL finds each day's middle values with its own aggregate.
    ran, medians = grouped_download(tmp_path, source_db, closing, extension, "median")
    if source_db.backend == "sqlite":
        assert all("site_median(" in s for s in medians) and not any("percentile_disc" in s for s in ran)
        assert not any("row_number()" in s or " OVER " in s for s in ran if "walk" in s)
    else:
        assert all("percentile_disc" in s for s in medians) and not any("row_number()" in s for s in ran)
        # Both middle values from one sort of each day's values: none sorted the other way too.
        assert not any(" DESC)" in s for s in medians)


@pytest.fixture
def store(tmp_path: Path, source_db: SourceDb) -> Iterator[SourceStore]:
    opened = SourceStore(load_sources(sources_toml(tmp_path / "s.toml", {"shop": {"url": source_db.url}}, DATASETS)),
                         timeout=120.0)
    yield opened
    opened.close()


def spec_of(store: SourceStore, name: str, **fields):
    return parse_spec({k: [v] for k, v in fields.items()}, store.info(name).column_types())


@pytest.mark.parametrize("fields", [{"name": "walk", "x": "t", "y": "value,gappy", "resample": "week"},
                                    {"name": "walk", "kind": "bar", "x": "t", "y": "gappy", "resample": "week"},
                                    {"name": "orders", "kind": "bar", "x": "region", "y": "total"},
                                    {"name": "orders", "kind": "bar", "x": "day", "y": "total"}])
@pytest.mark.parametrize("pixels", [None, 640])
def test_medians_of_more_rows_than_a_chart_may_draw_are_pandas_own(store, fields, pixels):
    name, fields = fields["name"], {k: v for k, v in fields.items() if k != "name"}
    spec = spec_of(store, name, agg="median", **fields)
    stored = walk_frame() if name == "walk" else orders_frame().sort_values(spec.x, kind="stable")
    ours = store.chart_rows(name, spec, Limits(max_points=399), pixels).frame
    pd.testing.assert_frame_equal(ours.reset_index(drop=True), chart_frame(spec, stored).reset_index(drop=True),
                                  check_dtype=False, check_exact=False, rtol=1e-12)


ODD = pd.DataFrame({
    "day": pd.to_datetime(["2024-01-01", "2024-01-01", "2024-01-01", "2024-01-02", "2024-01-02",
                           "2024-01-03", "2024-01-03", "2024-01-03", "2024-01-03"] * 20),
    "cat": ["a", "a", "a", "b", "b", "c", "c", "c", "c"] * 20,
    # a day of values, a day of none, a day of two middle values near the largest double
    "v": [3.0, 1.0, 2.0, np.nan, np.nan, 1.7e308, 1.7e308, 1.6e308, 1.75e308] * 20,
    "n": [2**62, 2**62 + 1, 3, 5, 7, -(2**62), 2**62, 1, 9] * 20,
})


@pytest.mark.parametrize("fields", [{"x": "day", "resample": "day"}, {"kind": "bar", "x": "day", "resample": "day"},
                                    {"kind": "bar", "x": "cat"}])
def test_an_sqlite_median_of_no_values_is_none_and_one_of_huge_values_is_no_infinity(tmp_path, fields):
    url = write_sqlite(tmp_path / "odd.db", {"odd": ODD})
    opened = SourceStore(load_sources(sources_toml(tmp_path / "s.toml", {"shop": {"url": url}},
                                                   {"odd": {"source": "shop", "table": "odd"}})), timeout=120.0)
    try:
        spec = spec_of(opened, "odd", agg="median", y="v,n", **fields)
        ours = opened.chart_rows("odd", spec, Limits(max_points=99), None).frame
    finally:
        opened.close()
    expected = chart_frame(spec, ODD)
    assert np.isfinite(ours["v"].dropna()).all() and len(ours) == len(expected)
    pd.testing.assert_frame_equal(ours.reset_index(drop=True), expected.reset_index(drop=True),
                                  check_dtype=False, check_exact=False, rtol=1e-12)


# A day of two middle values whose difference is past the largest double, a day of an odd count,
# and a day of two middle values whose sum is past it: each median a double, as a frame finds it.
WIDE = pd.DataFrame({
    "day": pd.to_datetime(["2024-01-01"] * 2 + ["2024-01-02"] * 3 + ["2024-01-03"] * 2),
    "cat": ["a"] * 2 + ["b"] * 3 + ["c"] * 2,
    "v": [-1.7e308, 1.7e308, 1.0, -1.75e308, 1.75e308, 1.7e308, 1.75e308],
})


@pytest.fixture(params=["sqlite", "postgresql"])
def wide_url(request, tmp_path: Path) -> str:
    """The URL of a database of the table `wide` (WIDE), in SQLite or PostgreSQL."""
    return write_tables(request, tmp_path / "wide.db", {"wide": WIDE})


@pytest.mark.parametrize("query", ["x=day&y=v&resample=day&agg=median", "kind=bar&x=day&y=v&resample=day&agg=median",
                                   "kind=bar&x=cat&y=v&agg=median"])
def test_a_median_of_values_near_the_largest_double_is_the_frames_in_either_database(tmp_path, wide_url, closing,
                                                                                   query):
    # As many bars as categories: more rows than that are grouped by the database.
    app = closing(source_app(tmp_path, wide_url, {"wide": {"source": "shop", "table": "wide"}},
                             LIMITS=Limits(max_categories=3)))
    response = app.test_client().get(f"/plot/wide.json?{query}")
    assert response.status_code == 200, response.get_data(as_text=True)
    fields = {k: [v] for k, v in (part.split("=") for part in query.split("&"))}
    expected = chart_frame(parse_spec(fields, {"day": "datetime", "cat": "text", "v": "float"}), WIDE)
    assert expected["v"].tolist() == [0.0, 1.0, pytest.approx(1.725e308, rel=1e-15)]
    assert [row[1] for row in response.get_json()["rows"]] == expected["v"].tolist()
    assert app.test_client().get(f"/plot/wide.svg?{query}").status_code == 200
