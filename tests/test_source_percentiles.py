"""A percentile of a source dataset (`agg=p95`) is computed by its database, as a median is: PostgreSQL
sorts each group's values into an array read at the two closest ranks, SQLite's aggregate of the site's
own sorts them once;
the groups are read, never the rows behind them, and interpolated as a frame's are, to the same value."""
from __future__ import annotations


import numpy as np
import pandas as pd
import pytest

from app.store import load_sources
from app.store.sources import SourceStore
from plots import Limits, chart_frame, parse_spec
from tests.source_data import orders_frame, sources_toml, walk_frame, write_sqlite
from tests.test_source_medians import ODD, WIDE, grouped_download, source_app, spec_of, store, wide_url

__all__ = ["store", "wide_url"]  # fixtures


@pytest.mark.parametrize("extension", ["json", "csv"])
def test_a_percentile_download_reads_the_groups_not_the_rows_behind_them(tmp_path, source_db, closing, extension):
    ran, grouped = grouped_download(tmp_path, source_db, closing, extension, "p95")
    assert not any("percentile_cont" in s or "percentile_disc" in s for s in ran)
    if source_db.backend == "sqlite":
        # One aggregate sorting each day's values once, not every row numbered by a window function.
        assert all("site_percentile(" in s for s in grouped)
        assert not any("row_number()" in s or " OVER " in s for s in ran if "walk" in s)
    else:
        assert all("array_agg" in s for s in grouped) and not any("row_number()" in s for s in ran)


@pytest.mark.parametrize("fields", [{"name": "walk", "x": "t", "y": "value,gappy", "resample": "week"},
                                    {"name": "walk", "kind": "bar", "x": "t", "y": "gappy", "resample": "week"},
                                    {"name": "orders", "kind": "bar", "x": "region", "y": "total"},
                                    {"name": "orders", "kind": "bar", "x": "day", "y": "total"},
                                    {"name": "orders", "kind": "bar", "x": "region", "y": "total", "sort": "-value",
                                     "top": "2"}])
@pytest.mark.parametrize("agg", ["p1", "p90", "p95", "p99"])
def test_percentiles_of_more_rows_than_a_chart_may_draw_are_a_frames_own(store, fields, agg):
    name, fields = fields["name"], {k: v for k, v in fields.items() if k != "name"}
    spec = spec_of(store, name, agg=agg, **fields)
    stored = walk_frame() if name == "walk" else orders_frame().sort_values(spec.x, kind="stable")
    ours = store.chart_rows(name, spec, Limits(max_points=399), None).frame
    pd.testing.assert_frame_equal(ours.reset_index(drop=True), chart_frame(spec, stored).reset_index(drop=True),
                                  check_dtype=False, check_exact=True)


@pytest.mark.parametrize("fields", [{"x": "day", "resample": "day"}, {"kind": "bar", "x": "day", "resample": "day"},
                                    {"kind": "bar", "x": "cat"}])
@pytest.mark.parametrize("agg", ["p10", "p50", "p95"])
def test_an_sqlite_percentile_of_no_values_is_none_and_one_of_huge_values_is_no_infinity(tmp_path, fields, agg):
    url = write_sqlite(tmp_path / "odd.db", {"odd": ODD})
    opened = SourceStore(load_sources(sources_toml(tmp_path / "s.toml", {"shop": {"url": url}},
                                                   {"odd": {"source": "shop", "table": "odd"}})), timeout=120.0)
    try:
        spec = spec_of(opened, "odd", agg=agg, y="v,n", **fields)
        ours = opened.chart_rows("odd", spec, Limits(max_points=99), None).frame
    finally:
        opened.close()
    expected = chart_frame(spec, ODD)
    assert np.isfinite(ours["v"].dropna()).all() and len(ours) == len(expected)
    assert ours["n"].tolist() == expected["n"].tolist()  # integers past 2**62, exact
    pd.testing.assert_frame_equal(ours.reset_index(drop=True), expected.reset_index(drop=True),
                                  check_dtype=False, check_exact=True)


@pytest.mark.parametrize("query", ["x=day&y=v&resample=day&agg=p95", "kind=bar&x=day&y=v&resample=day&agg=p95",
                                   "kind=bar&x=cat&y=v&agg=p95"])
def test_a_percentile_of_values_near_the_largest_double_is_the_frames_in_either_database(tmp_path, wide_url, closing,
                                                                                       query):
    app = closing(source_app(tmp_path, wide_url, {"wide": {"source": "shop", "table": "wide"}},
                             LIMITS=Limits(max_categories=3), DASHBOARD_DIRS=[]))
    response = app.test_client().get(f"/plot/wide.json?{query}")
    assert response.status_code == 200, response.get_data(as_text=True)
    fields = {k: [v] for k, v in (part.split("=") for part in query.split("&"))}
    expected = chart_frame(parse_spec(fields, {"day": "datetime", "cat": "text", "v": "float"}), WIDE)
    # 95 % of the way from -1.7e308 to 1.7e308, where (upper - lower) is past the largest double.
    assert expected["v"].tolist() == [pytest.approx(1.53e308, rel=1e-15), pytest.approx(1.75e308 * 0.9, rel=1e-15),
                                      pytest.approx(1.7475e308, rel=1e-15)]
    assert [row[1] for row in response.get_json()["rows"]] == pytest.approx(expected["v"].tolist(), rel=1e-14)
    assert app.test_client().get(f"/plot/wide.svg?{query}").status_code == 200
