"""A source dataset's `version_sql`: asked at most once a second per dataset, so that the charts of
one page share one answer, and asked again after that second, so that new data is seen."""
from __future__ import annotations

import logging
import re
import sqlite3

from sqlalchemy import event
from sqlalchemy.engine import make_url

from app import create_app
from app.store import load_sources
from app.store.source_versions import VERSION_REUSE
from app.store.sources import SourceStore
from tests.postgres import set_up
from tests.source_data import sources_toml

VERSION_SQL = "SELECT max(updated_at) FROM orders"
CHARTS = ("total", "day", "region")


def counted(store: SourceStore, source: str, statement: str) -> list[str]:
    """The statements holding `statement` that the store's engine for `source` runs from now on."""
    ran: list[str] = []

    def before(conn, cursor, text, parameters, context, executemany) -> None:
        if statement in text:
            ran.append(text)

    event.listen(store._engine(store.config.sources[source]), "before_cursor_execute", before)
    return ran


def test_a_page_of_eight_source_charts_and_their_images_ask_the_version_query_once(tmp_path, source_db, closing):
    boards = tmp_path / "boards"
    boards.mkdir()
    charts = [("bar", "region", "total", agg) for agg in ("sum", "mean", "min", "max", "count")]
    charts += [("line", "day", "total", ""), ("scatter", "day", "total", ""), ("hist", "", "total", "")]
    (boards / "shop.toml").write_text("".join(
        f'[[charts]]\nid = "c{i}"\ndataset = "orders"\nkind = "{kind}"\ny = ["{y}"]\n'
        + (f'x = "{x}"\n' if x else "") + (f'agg = "{agg}"\n' if agg else "")
        for i, (kind, x, y, agg) in enumerate(charts)), "utf-8")
    path = sources_toml(tmp_path / "sources.toml", {"shop": {"url": source_db.url}},
                        {"orders": {"source": "shop", "table": "orders", "version_sql": VERSION_SQL}})
    (tmp_path / "data").mkdir()
    app = closing(create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "data"), "SOURCES": str(path),
                              "DASHBOARD_DIRS": [str(boards)], "RENDER_WORKERS": 0}))
    sources = app.extensions["svgplots"].store.sources
    sources.clock = lambda: 1000.0  # the page and its images within one second, however slow the machine
    ran = counted(sources, "shop", "max(updated_at)")
    client = app.test_client()
    page = client.get("/d/shop")
    assert page.status_code == 200
    images = [src.replace("&amp;", "&") for src in re.findall(r'<img src="([^"]+)"', page.get_data(as_text=True))]
    assert len(images) == 8
    for src in images:
        assert client.get(src).status_code == 200, src
    assert len(ran) == 1


def test_the_version_query_is_asked_again_after_a_second_and_new_data_moves_the_version(tmp_path):
    path = tmp_path / "shop.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE orders (day DATETIME, total REAL, updated_at DATETIME)")
        conn.execute("INSERT INTO orders VALUES ('2024-01-01', 5, '2024-01-01 10:00')")
    conn.close()
    config = load_sources(sources_toml(tmp_path / "s.toml", {"shop": {"url": f"sqlite:///{path}"}},
                                       {"orders": {"source": "shop", "table": "orders", "version_sql": VERSION_SQL}}))
    now = [1000.0]
    store = SourceStore(config, clock=lambda: now[0])
    try:
        ran = counted(store, "shop", "max(updated_at)")
        before = store.version("orders")
        assert store.info("orders").rows == 1
        with sqlite3.connect(path) as conn:
            conn.execute("INSERT INTO orders VALUES ('2024-01-02', 7, '2024-01-02 10:00')")
        conn.close()
        now[0] += VERSION_REUSE / 2
        assert store.version("orders") == before and len(ran) == 1  # within the second: the answer reused
        now[0] += VERSION_REUSE
        assert store.version("orders") != before and len(ran) == 2  # asked again: the new row is seen
        assert store.info("orders").rows == 2
    finally:
        store.close()


def test_two_processes_described_at_different_moments_describe_again_at_the_same_period_boundary(tmp_path):
    path = tmp_path / "shop.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE orders (day DATETIME, total REAL, updated_at DATETIME)")
        conn.execute("INSERT INTO orders VALUES ('2024-01-01', 5, '2024-01-01 10:00')")
    conn.close()
    config = load_sources(sources_toml(tmp_path / "s.toml", {"shop": {"url": f"sqlite:///{path}", "cache_seconds": 60}},
                                       {"orders": {"source": "shop", "table": "orders", "version_sql": VERSION_SQL}}))
    now = [1210.0]  # within the period 1200 to 1260
    first, second = SourceStore(config, clock=lambda: now[0]), SourceStore(config, clock=lambda: now[0])
    try:
        versions = [first.info("orders").version]
        now[0] = 1250.0
        versions.append(second.info("orders").version)
        assert versions[0] == versions[1]
        # A row at the same version_sql value: seen only as the dataset is described again (a column
        # added would be seen at once, as it moves SQLite's schema version on).
        with sqlite3.connect(path) as conn:
            conn.execute("INSERT INTO orders VALUES ('2024-01-02', 7, '2024-01-01 10:00')")
        conn.close()
        now[0] = 1259.0
        assert [first.info("orders").version, second.info("orders").version] == versions
        assert first.info("orders").rows == second.info("orders").rows == 1
        now[0] = 1261.0  # the next period: both describe again, whenever each last did
        assert first.info("orders").rows == second.info("orders").rows == 2
    finally:
        first.close()
        second.close()


def orders_at(url: str, *statements: str) -> None:
    """Run `statements` on the database of `url` (an SQLite file or a PostgreSQL database)."""
    if url.startswith("sqlite"):
        with sqlite3.connect(make_url(url).database) as conn:
            for statement in statements:
                conn.execute(statement)
        conn.close()
    else:
        set_up(url, *statements)


def versioned(tmp_path, url: str, version_sql: str, now: list[float]) -> SourceStore:
    """A store over the table `orders` at `url`, versioned by `version_sql`, on the clock `now`."""
    config = load_sources(sources_toml(tmp_path / "s.toml", {"shop": {"url": url}}, {"orders": {
        "source": "shop", "table": "orders", "version_sql": version_sql}}))
    return SourceStore(config, clock=lambda: now[0])


def two_orders(store_url: str) -> None:
    """An orders table of two days' rows, each updated at its own time."""
    orders_at(store_url, "CREATE TABLE orders (day DATE, total REAL, updated_at TIMESTAMP)",
              "INSERT INTO orders VALUES ('2024-01-01', 5, '2024-01-01 10:00')",
              "INSERT INTO orders VALUES ('2024-01-02', 7, '2024-01-02 10:00')")


def test_each_value_of_the_version_querys_row_counts_a_row_deleted_moves_a_max_and_count(tmp_path, store_url):
    two_orders(store_url)
    now = [1000.0]
    store = versioned(tmp_path, store_url, "SELECT max(updated_at), count(*) FROM orders", now)
    try:
        before = store.version("orders")
        orders_at(store_url, "DELETE FROM orders WHERE total = 5")  # the max stays
        now[0] += 2 * VERSION_REUSE
        assert store.version("orders") != before
    finally:
        store.close()


def test_a_version_query_of_several_rows_is_versioned_by_its_first_and_logged_once(tmp_path, store_url, caplog):
    # Not refused, as it never was: read two rows at most, and told once in the log.
    two_orders(store_url)
    now = [1000.0]
    store = versioned(tmp_path, store_url, "SELECT updated_at FROM orders ORDER BY updated_at DESC", now)
    try:
        with caplog.at_level(logging.WARNING, logger="app.store.source_versions"):
            before = store.version("orders")
            orders_at(store_url, "UPDATE orders SET total = 6 WHERE total = 5")  # the first row stays
            now[0] += 2 * VERSION_REUSE
            assert store.version("orders") == before
            orders_at(store_url, "INSERT INTO orders VALUES ('2024-01-03', 9, '2024-01-03 10:00')")
            now[0] += 2 * VERSION_REUSE
            assert store.version("orders") != before
        told = [r.getMessage() for r in caplog.records if "version_sql gives more than one row" in r.getMessage()]
        assert told == ["source 'shop', dataset 'orders': version_sql gives more than one row; only the first "
                        "versions the dataset, so that a change to the others draws no chart anew: make "
                        "version_sql of [datasets.orders] in the sources file one row (one value that changes "
                        "with the data, such as the max of an indexed column)"]
        assert store.info("orders").rows == 3
    finally:
        store.close()
