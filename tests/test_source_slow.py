"""A source slow to describe its datasets or to compute a chart: the index and the list of datasets
wait for it once, not a timeout per dataset, its other datasets described within a short time (never
past the whole timeout) or told to try again after its hold, and one chart too slow to compute leaves
the other datasets of its source their whole timeout."""
from __future__ import annotations

import sqlite3
from html import unescape
from pathlib import Path
from types import SimpleNamespace

import pytest

from app.store import source_descriptions
from tests.source_data import walk_frame, write_postgres
from tests.test_source_values import sqlite_file


@pytest.fixture
def slow_queries(postgres_database_url: str, app_over):
    """The app over a PostgreSQL source of three datasets whose query sleeps past the timeout of 2 s
    (o0, o1, o2), as a view of a table too big to count in time does, and `walk`, a table."""
    write_postgres(postgres_database_url, {"walk": walk_frame(100)})
    slept = "SELECT x FROM generate_series(1, 3) AS x, pg_sleep(30)"
    app = app_over({"shop": {"url": postgres_database_url}},
                   {**{f"o{i}": {"source": "shop", "sql": slept} for i in range(3)},
                    "walk": {"source": "shop", "table": "walk"}}, DASHBOARD_DIRS=[], SOURCE_TIMEOUT=2)
    sources = app.extensions["svgplots"].store.sources
    sources.held.seconds, sources.descriptions.budget = 600, 0.2
    return app


def test_a_postgresql_source_slow_to_describe_holds_the_index_one_timeout_and_not_one_per_dataset(slow_queries):
    client = slow_queries.test_client()
    page = unescape(client.get("/").get_data(as_text=True))
    assert "took longer than the 2 s limit to describe dataset 'o0'" in page
    # Described within the short budget while the source is slow, not within the whole timeout each.
    for name in ("o1", "o2"):
        assert f"the source 'shop' did not describe dataset '{name}' within 0.2 s" in page
    listed = {d["name"]: d for d in client.get("/api/datasets").get_json()["datasets"]}
    assert all("error" in listed[name] for name in ("o0", "o1", "o2"))
    # The source's other table answers, in the list and for its charts.
    assert "error" not in listed["walk"] and listed["walk"]["row_count"] == 100
    assert client.get("/plot/walk.svg?y=value").status_code == 200


# A query of 300,000 rows, described (its rows counted) well within a few seconds, and not within 0.01 s.
COUNTED = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < {rows}) SELECT x AS v FROM c"


@pytest.fixture
def slow_source(tmp_path: Path, app_over):
    """`slow_source(timeout, **datasets)`: the app over an SQLite source `db` (hold_seconds 600) of
    the table `t` (dataset `t`) and the query datasets given (name → SQL), whose datasets are
    described within 0.01 s while it is slow."""
    def make(timeout: float, **queries: str):
        url = sqlite_file(tmp_path / "s.db", {"t": ("d DATETIME, v REAL", [("2024-01-01", 1.0), ("2024-01-02", 2.0)])})
        app = app_over({"db": {"url": url, "hold_seconds": 600}},
                       {"t": {"source": "db", "table": "t"},
                        **{name: {"source": "db", "sql": sql} for name, sql in queries.items()}},
                       DASHBOARD_DIRS=[], SOURCE_TIMEOUT=timeout)
        app.extensions["svgplots"].store.sources.descriptions.budget = 0.01
        return app

    return make


def test_one_chart_too_slow_to_compute_leaves_the_other_datasets_of_its_source_their_whole_timeout(slow_source,
                                                                                                  monkeypatch):
    client = slow_source(5, big=COUNTED.format(rows=300_000)).test_client()

    def too_slow(*args, **kwargs):
        raise sqlite3.OperationalError("interrupted")  # what the progress handler's interruption raises

    monkeypatch.setattr("app.store.sources.chart_rows", too_slow)
    chart = client.get("/plot/t.json?y=v")
    assert chart.status_code == 503
    assert "took longer than the 5 s limit to answer for dataset 't'" in chart.get_json()["error"]
    described = client.get("/api/datasets/big")
    assert described.status_code == 200, described.get_data(as_text=True)
    assert described.get_json()["dataset"]["row_count"] == 300_000


def test_a_refused_description_of_a_slow_sources_dataset_is_logged_once(slow_source, caplog):
    client = slow_source(0.1, a=COUNTED.format(rows=3_000_000), broken="SELECT v FROM missing").test_client()
    assert client.get("/api/datasets/a").status_code == 503  # its description ran past the timeout: slow
    refused = client.get("/api/datasets/broken")
    assert refused.status_code == 422 and "no such table: missing" in refused.get_json()["error"]
    assert caplog.text.count("no such table: missing") == 1


def test_a_dataset_not_described_in_the_short_time_of_a_slow_source_says_retry_after_its_hold(slow_source):
    client = slow_source(0.1, a=COUNTED.format(rows=3_000_000), b=COUNTED.format(rows=3_000_000)).test_client()
    assert client.get("/api/datasets/a").status_code == 503  # its description ran past the timeout: slow
    held = client.get("/api/datasets/b")
    assert held.status_code == 503
    said = held.get_json()["error"]
    assert said.startswith("the source 'db' did not describe dataset 'b' within 0.01 s") and said.endswith(
        "try again in 600 s")
    assert held.headers["Retry-After"] == "600"


def test_a_slow_postgresql_sources_short_time_to_describe_is_never_past_its_whole_timeout(slow_source, monkeypatch):
    # SOURCE_TIMEOUT 1.5 s: a lock wait of 0.75 s, and the short time of 1 s after it would be 1.75 s.
    sources = slow_source(1.5).extensions["svgplots"].store.sources
    descriptions = sources.descriptions
    descriptions.budget = 1.0
    assert descriptions.lock_wait == 0.75
    sources.held.hold(("slow", "db"), 600)
    limits: list[float] = []
    monkeypatch.setattr(source_descriptions, "set_statement_timeout", lambda conn, seconds: limits.append(seconds))
    monkeypatch.setattr(source_descriptions, "dataset_relation", lambda name, dataset, conn: "described")
    postgresql = SimpleNamespace(dialect=SimpleNamespace(name="postgresql"))
    assert descriptions._relation("t", sources.config.sources["db"], postgresql, 1.5, hurry=True) == "described"
    assert limits == [1.5, 1.5]  # the whole timeout, then set again after it


def test_a_slow_sqlite_sources_short_time_to_describe_is_its_budget_alone(slow_source):
    # An SQLite file is locked whole, within the statement timeout: there is no lock wait to add.
    descriptions = slow_source(1.5).extensions["svgplots"].store.sources.descriptions
    descriptions.budget = 0.4
    sqlite = SimpleNamespace(dialect=SimpleNamespace(name="sqlite"))
    postgresql = SimpleNamespace(dialect=SimpleNamespace(name="postgresql"))
    assert descriptions._short_time(sqlite, 1.5) == 0.4
    assert descriptions._short_time(postgresql, 1.5) == 0.4 + descriptions.lock_wait
