"""A source dataset's `version_sql`: asked at most once a second per dataset, so that the charts of
one page share one answer, and asked again after that second, so that new data is seen."""
from __future__ import annotations

import re
import sqlite3

from sqlalchemy import event

from app import create_app
from app.store import load_sources
from app.store.source_versions import VERSION_REUSE
from app.store.sources import SourceStore
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
        with sqlite3.connect(path) as conn:
            conn.execute("ALTER TABLE orders ADD COLUMN region TEXT")
        conn.close()
        now[0] = 1259.0
        assert [first.info("orders").version, second.info("orders").version] == versions
        now[0] = 1261.0  # the next period: both describe again, whenever each last did
        assert [c.name for c in first.info("orders").columns][-1] == "region"
        assert [c.name for c in second.info("orders").columns][-1] == "region"
        assert first.info("orders").version == second.info("orders").version != versions[0]
    finally:
        first.close()
        second.close()
