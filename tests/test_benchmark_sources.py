"""benchmarks/sources.py counts the rows the site fetches for a chart of a source, on SQLite, whose
driver gives no count of a SELECT's rows, as on PostgreSQL."""
from __future__ import annotations

from pathlib import Path

import pytest

from app.store import source_sql_dialects
from benchmarks.sources import fetch_everything, functions_at, lacking_hooks, make_sqlite_table, make_table, pushdown
from benchmarks.throwaway_sources import sources_file


@pytest.fixture(params=["sqlite", "postgresql"])
def walk_url(request, tmp_path: Path) -> str:
    """The URL of a database of the benchmark's random walk of 500 rows, in SQLite or PostgreSQL."""
    if request.param == "sqlite":
        make_sqlite_table(tmp_path / "walk.db", 500)
        return f"sqlite:///{tmp_path / 'walk.db'}"
    url = request.getfixturevalue("postgres_database_url")
    make_table(url, 500)
    return url


def test_the_rows_fetched_for_a_chart_are_counted(tmp_path, walk_url):
    config = sources_file(tmp_path, walk_url, ("walk",))
    fields = {"y": ["value"], "width": ["100"]}
    _, fetched, drawn = pushdown(config, fields, 100)  # 500 rows over 100 pixel columns: thinned by M4
    assert 0 < drawn < 500
    assert fetched >= drawn  # those drawn, with M4's minima and maxima and the x range's row
    _, fetched, drawn = fetch_everything(config, fields)
    assert fetched >= drawn == 500  # and on PostgreSQL the row of its transaction's settings


def test_a_revisions_expressions_draw_the_chart_beside_ours(tmp_path, walk_url):
    # `--before`: the database's expressions (and SQLite's M4 statement) of a revision, the rest as it is.
    backend = "sqlite" if walk_url.startswith("sqlite") else "postgresql"
    config = sources_file(tmp_path, walk_url, ("walk",))
    fields = {"y": ["value"], "width": ["100"]}
    _, _, drawn = pushdown(config, fields, 100, functions_at("HEAD", backend), backend)
    assert drawn == pushdown(config, fields, 100)[2] < 500


def test_a_revisions_expressions_lacking_a_hook_the_site_asks_for_are_named():
    # An older revision's class, made on today's base, leaves `thinned_line` to the base, which raises
    # NotImplementedError midway through a chart: `functions_at` names it before any chart is drawn.
    sqlite = source_sql_dialects.FUNCTIONS["sqlite"]
    older = type("Older", sqlite.__bases__,
                 {name: method for name, method in vars(sqlite).items() if name != "thinned_line"})
    assert lacking_hooks(older) == ["thinned_line"]
    assert lacking_hooks(sqlite) == lacking_hooks(source_sql_dialects.FUNCTIONS["postgresql"]) == []
