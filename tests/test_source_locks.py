"""A source whose database is locked (an SQLite file a writer holds, a PostgreSQL table a migration
holds): its datasets answer 503 saying so, with the Retry-After of its hold, the index and the list
of datasets wait for the locked file once, and for a locked table a lock wait each, not a statement
timeout each, a slow source's too, and the rest of the site goes on."""
from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from html import unescape
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import make_url

from app import create_app
from app.store.source_connections import NARROWER_ADVICE
from app.store.source_config import Source, SourceDataset, SourcesConfig
from app.store.sources import SourceStore
from tests.postgres import libpq_url, set_up
from tests.source_data import orders_frame, postgres_tables, sources_toml, walk_frame, write_postgres
from tests.test_source_values import sqlite_file

LOCKED = "is locked by another program writing its database"
HELD_LOCKED = "was locked by another program writing its database a moment ago"


@pytest.fixture
def locked_file(tmp_path: Path, closing):
    """`locked_file(datasets, hold_seconds, timeout)`: the app over an SQLite file of `datasets`
    datasets (d0, d1 …, each its table `t`), with a writer holding the file locked meanwhile."""
    writers = []

    def make(datasets: int = 1, hold_seconds: int = 2, timeout: float = 0.3):
        url = sqlite_file(tmp_path / "s.db", {"t": ("d DATETIME, v REAL", [("2024-01-01", 1.0), ("2024-01-02", 2.0)])})
        path = sources_toml(tmp_path / "s.toml", {"db": {"url": url, "hold_seconds": hold_seconds}},
                            {f"d{i}": {"source": "db", "table": "t"} for i in range(datasets)})
        (tmp_path / "data").mkdir()
        app = closing(create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "data"), "SOURCES": str(path),
                                  "RENDER_WORKERS": 0, "DASHBOARD_DIRS": [], "SOURCE_TIMEOUT": timeout}))
        writer = sqlite3.connect(tmp_path / "s.db", isolation_level=None)
        writer.execute("BEGIN EXCLUSIVE")  # a write under way, in rollback-journal mode
        writers.append(writer)
        return app

    yield make
    for writer in writers:
        writer.execute("ROLLBACK")
        writer.close()


def test_an_sqlite_source_waits_for_a_lock_the_source_timeout_and_not_sqlites_own_five_seconds(tmp_path, closing):
    url = sqlite_file(tmp_path / "s.db", {"t": ("v REAL", [(1.0,)])})
    path = sources_toml(tmp_path / "s.toml", {"db": {"url": url}},
                        {"busy": {"source": "db", "sql": "SELECT timeout FROM pragma_busy_timeout"}})
    (tmp_path / "data").mkdir()
    client = closing(create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "data"), "SOURCES": str(path),
                                 "RENDER_WORKERS": 0, "DASHBOARD_DIRS": [], "SOURCE_TIMEOUT": 1.5})).test_client()
    read = client.get("/datasets/busy.json")
    assert read.status_code == 200, read.get_data(as_text=True)
    assert read.get_json()["rows"] == [[1500]]


def test_a_locked_sqlite_source_is_503_saying_it_is_locked_with_the_retry_after_of_its_hold(locked_file):
    client = locked_file(hold_seconds=2).test_client()
    first = client.get("/plot/d0.json?y=v")
    assert first.status_code == 503 and first.headers["Retry-After"] == "2"
    said = first.get_json()["error"]
    assert said == ("the source 'db' of dataset 'd0' is locked by another program writing its database (it stayed "
                    "locked for longer than the 0.3 s limit); try again in 2 s")
    held = client.get("/plot/d0.svg?y=v")
    assert held.status_code == 503 and held.headers["Retry-After"] in ("1", "2")
    assert HELD_LOCKED in unescape(held.get_data(as_text=True))


def test_a_cached_chart_whose_version_meets_the_lock_says_it_is_locked_and_not_that_it_was(tmp_path, closing):
    # The chart's version is looked up ahead of Flask, which held the source down from there.
    url = sqlite_file(tmp_path / "s.db", {"t": ("d DATETIME, v REAL", [("2024-01-01", 1.0), ("2024-01-02", 2.0)])})
    path = sources_toml(tmp_path / "s.toml", {"db": {"url": url, "hold_seconds": 2}},
                        {"d0": {"source": "db", "table": "t", "version_sql": "SELECT max(v) FROM t"}})
    (tmp_path / "data").mkdir()
    app = closing(create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "data"), "SOURCES": str(path),
                              "RENDER_WORKERS": 0, "DASHBOARD_DIRS": [], "SOURCE_TIMEOUT": 0.3}))
    now = [1_000_000.0]
    app.extensions["svgplots"].store.sources.clock = lambda: now[0]
    client = app.test_client()
    assert client.get("/plot/d0.json?y=v").status_code == 200
    now[0] += 2  # its version_sql is asked anew
    writer = sqlite3.connect(tmp_path / "s.db", isolation_level=None)
    writer.execute("BEGIN EXCLUSIVE")
    try:
        first = client.get("/plot/d0.json?y=v")
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert first.status_code == 503 and first.headers["Retry-After"] == "2"
    assert first.get_json()["error"] == ("the source 'db' of dataset 'd0' is locked by another program writing its "
                                         "database (it stayed locked for longer than the 0.3 s limit); try again in 2 s")


def test_a_locked_sqlite_file_is_asked_once_by_the_index_and_the_list_of_datasets(locked_file, caplog):
    app = locked_file(datasets=13, hold_seconds=600)
    client = app.test_client()
    page = client.get("/")
    assert page.status_code == 200
    shown = unescape(page.get_data(as_text=True))
    assert shown.count(LOCKED) == 1 and shown.count(HELD_LOCKED) == 12
    listed = client.get("/api/datasets").get_json()["datasets"]
    assert [d["name"] for d in listed if HELD_LOCKED in d.get("error", "")] == sorted(f"d{i}" for i in range(13))
    held = client.get("/api/datasets/d7")
    assert held.status_code == 503 and 590 <= int(held.headers["Retry-After"]) <= 600
    # The file was read once: every other dataset was held down with it.
    assert caplog.text.count("database is locked") == 1
    assert "animals" in client.get("/api/datasets").get_data(as_text=True)


@pytest.fixture
def described_then_locked(tmp_path: Path, postgres_database_url: str, closing):
    """The app over a PostgreSQL source whose table `orders` four datasets read (o0 … o3, each with a
    `version_sql` of it), all described before a migration locks the table; timeout 2 s, held 600 s."""
    write_postgres(postgres_database_url, {"orders": orders_frame(), "walk": walk_frame(100)})
    path = sources_toml(tmp_path / "s.toml", {"shop": {"url": postgres_database_url}},
                        {**{f"o{i}": {"source": "shop", "table": "orders",
                                      "version_sql": "SELECT max(updated_at) FROM orders"} for i in range(4)},
                         "walk": {"source": "shop", "table": "walk"}})
    (tmp_path / "data").mkdir()
    app = closing(create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "data"), "SOURCES": str(path),
                              "RENDER_WORKERS": 0, "DASHBOARD_DIRS": [], "SOURCE_TIMEOUT": 2}))
    sources = app.extensions["svgplots"].store.sources
    sources.held.seconds = 600
    client = app.test_client()
    assert all(client.get(f"/api/datasets/o{i}").status_code == 200 for i in range(4))
    sources.descriptions.versions.reuse = 0  # each request asks version_sql, as a second later
    holder = psycopg.connect(libpq_url(postgres_database_url))
    holder.execute("LOCK TABLE orders IN ACCESS EXCLUSIVE MODE")
    yield app
    holder.rollback()
    holder.close()


TABLE_LOCKED = "the source 'shop' of dataset '{}' has its table locked by another session"
# The datasets of `described_then_locked` ask their version_sql first, which waits for the lock.
VERSION_LOCKED = "the source 'shop' of dataset '{}' has a table its version_sql reads locked by another session"
VERSION_HELD = ("the source 'shop' of dataset '{}' had a table its version_sql reads locked by another session "
                "a moment ago, and is tried again meanwhile")


def test_datasets_of_a_locked_table_wait_for_the_lock_once_and_not_the_timeout(described_then_locked, caplog):
    client = described_then_locked.test_client()
    page = unescape(client.get("/").get_data(as_text=True))
    said = VERSION_LOCKED.format("o0") + " (it stayed locked for longer than the 1 s a read waits for a lock)"
    assert said in page
    # The other datasets of the table are told at once, without a lock wait each.
    for i in range(1, 4):
        assert VERSION_HELD.format(f"o{i}") in page
    assert caplog.text.count("lock timeout") == 1
    assert NARROWER_ADVICE not in page and "limit" not in page
    listed = {d["name"]: d for d in client.get("/api/datasets").get_json()["datasets"]}
    assert "error" not in listed["walk"] and listed["walk"]["row_count"] == 100


def test_a_locked_postgresql_table_is_503_saying_so_with_the_retry_after_of_its_hold(described_then_locked):
    client = described_then_locked.test_client()
    first = client.get("/plot/o1.json?y=total")
    assert first.status_code == 503 and first.headers["Retry-After"] == "600"
    assert first.get_json()["error"] == (VERSION_LOCKED.format("o1") + " (it stayed locked for longer than the 1 s a "
                                         "read waits for a lock); try again in 600 s")
    held = client.get("/plot/o1.svg?y=total")
    assert held.status_code == 503 and 590 <= int(held.headers["Retry-After"]) <= 600
    assert VERSION_HELD.format("o1") + "; try again in" in unescape(held.get_data(as_text=True))
    assert client.get("/plot/walk.svg?y=value").status_code == 200


def test_a_locked_table_of_a_slow_source_is_said_locked_and_not_slow_to_describe(tmp_path, postgres_database_url,
                                                                              closing):
    write_postgres(postgres_database_url, {"orders": orders_frame()})
    path = sources_toml(tmp_path / "s.toml", {"shop": {"url": postgres_database_url}},
                        {"orders": {"source": "shop", "table": "orders"}})
    (tmp_path / "data").mkdir()
    app = closing(create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "data"), "SOURCES": str(path),
                              "RENDER_WORKERS": 0, "DASHBOARD_DIRS": [], "SOURCE_TIMEOUT": 4}))
    sources = app.extensions["svgplots"].store.sources
    # Slow a moment ago: its datasets get the short time, as long as the lock wait, to be described.
    assert sources.descriptions.budget == sources.lock_wait == 1
    sources.held.hold(("slow", "shop"), 600)
    holder = psycopg.connect(libpq_url(postgres_database_url))
    try:
        holder.execute("LOCK TABLE orders IN ACCESS EXCLUSIVE MODE")
        answer = app.test_client().get("/api/datasets/orders")
    finally:
        holder.rollback()
        holder.close()
    assert answer.status_code == 503
    assert answer.get_json()["error"].startswith(TABLE_LOCKED.format("orders") + " (it stayed locked for longer than "
                                                                              "the 1 s a read waits for a lock)")


@pytest.mark.parametrize(("url", "default_schema"), [("postgresql://db.example/shop", "public"),
                                                     ("sqlite:///shop.db", "main")])
def test_a_table_named_with_its_default_schema_and_without_one_is_held_as_one_table(url, default_schema):
    config = SourcesConfig(sources={"shop": Source("shop", make_url(url))},
                           datasets={"named": SourceDataset("named", "shop", "Named", "orders", default_schema),
                                     "bare": SourceDataset("bare", "shop", "Bare", "orders"),
                                     "other": SourceDataset("other", "shop", "Other", "orders", "archive")})
    sources = SourceStore(config)
    assert sources.tables.key("named") == sources.tables.key("bare") != sources.tables.key("other")


def locked_source_app(tmp_path: Path, source: dict, datasets: dict) -> object:
    """The app over a PostgreSQL source `shop` (its entry `source`) of `datasets`, each described,
    then asking each version_sql every time (timeout 2 s, held 600 s)."""
    path = sources_toml(tmp_path / "s.toml", {"shop": source}, datasets)
    (tmp_path / "data").mkdir()
    app = create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "data"), "SOURCES": str(path),
                      "RENDER_WORKERS": 0, "DASHBOARD_DIRS": [], "SOURCE_TIMEOUT": 2})
    sources = app.extensions["svgplots"].store.sources
    sources.held.seconds = 600
    client = app.test_client()
    assert all(client.get(f"/api/datasets/{name}").status_code == 200 for name in datasets)
    sources.descriptions.versions.reuse = 0
    return app


@pytest.fixture
def archive_first(postgres_database_url: str) -> Iterator[str]:
    """The URL of a role of its own on `postgres_database_url`'s database, whose search_path finds
    a table in the schema `archive` first, then in `public`: both hold a table `orders`."""
    role = make_url(postgres_database_url).database + "_archivist"
    set_up(postgres_database_url, *postgres_tables({"orders": orders_frame()}), "CREATE SCHEMA archive",
           "CREATE TABLE archive.orders AS SELECT * FROM public.orders",
           f'CREATE ROLE "{role}" LOGIN PASSWORD \'archivist\'',
           f'ALTER ROLE "{role}" SET search_path = archive, public',
           f'GRANT USAGE ON SCHEMA archive TO "{role}"',
           f'GRANT SELECT ON ALL TABLES IN SCHEMA archive, public TO "{role}"')
    yield make_url(postgres_database_url).set(username=role, password="archivist").render_as_string(hide_password=False)
    set_up(postgres_database_url, f'DROP OWNED BY "{role}"', f'DROP ROLE "{role}"')


def test_a_table_named_without_a_schema_is_held_as_the_one_its_roles_search_path_finds(archive_first, tmp_path,
                                                                                       postgres_database_url, closing,
                                                                                       monkeypatch):
    monkeypatch.setenv("ARCHIVIST_URL", archive_first)
    app = closing(locked_source_app(tmp_path, {"url_env": "ARCHIVIST_URL"}, {
        "bare": {"source": "shop", "table": "orders"},
        "archived": {"source": "shop", "table": "orders", "schema": "archive"},
        "current": {"source": "shop", "table": "orders", "schema": "public"}}))
    client = app.test_client()
    holder = psycopg.connect(libpq_url(postgres_database_url))
    try:
        holder.execute("LOCK TABLE archive.orders IN ACCESS EXCLUSIVE MODE")
        bare, archived, current = (client.get(f"/plot/{name}.json?y=total") for name in ("bare", "archived", "current"))
    finally:
        holder.rollback()
        holder.close()
    assert bare.status_code == 503
    assert bare.get_json()["error"].startswith(TABLE_LOCKED.format("bare") + " (it stayed locked")
    # The same table, told at once without a lock wait of its own; public.orders is another table.
    assert archived.status_code == 503
    assert archived.get_json()["error"].startswith("the source 'shop' of dataset 'archived' had its table locked by "
                                                   "another session a moment ago")
    assert current.status_code == 200


def test_a_version_sql_waiting_for_another_locked_table_holds_the_datasets_of_that_query_not_of_its_table(
        tmp_path, postgres_database_url, closing):
    write_postgres(postgres_database_url, {"orders": orders_frame(), "walk": walk_frame(100)})
    set_up(postgres_database_url, "CREATE TABLE audit (at timestamp)", "INSERT INTO audit VALUES ('2024-04-01')")
    audit = "SELECT max(at) FROM audit"
    app = closing(locked_source_app(tmp_path, {"url": postgres_database_url}, {
        "audited": {"source": "shop", "table": "orders", "version_sql": audit},
        "orders": {"source": "shop", "table": "orders"},
        "walk": {"source": "shop", "table": "walk", "version_sql": audit}}))
    client = app.test_client()
    holder = psycopg.connect(libpq_url(postgres_database_url))
    try:
        holder.execute("LOCK TABLE audit IN ACCESS EXCLUSIVE MODE")
        audited, orders = client.get("/plot/audited.json?y=total"), client.get("/plot/orders.json?y=total")
        walk = client.get("/plot/walk.json?y=value")
    finally:
        holder.rollback()
        holder.close()
    assert audited.status_code == 503
    assert audited.get_json()["error"].startswith(VERSION_LOCKED.format("audited") + " (it stayed locked")
    assert orders.status_code == 200  # its table is not locked
    assert walk.status_code == 503 and walk.get_json()["error"].startswith(VERSION_HELD.format("walk"))
