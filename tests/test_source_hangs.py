"""A source database that hangs: the first request of a dataset waits the statement timeout, the
next ones answer 503 at once with Retry-After while a thread of the site tries the dataset again,
and the dataset answers once a try does."""
from __future__ import annotations

import threading
import time
from html import unescape
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import text

from app import create_app
from app.store import sources as sources_module
from tests.postgres import libpq_url
from tests.source_data import orders_frame, sources_toml, write_postgres, walk_frame

TIMEOUT = 0.5


@pytest.fixture
def hung_app(tmp_path: Path, postgres_database_url: str):
    """The app over a PostgreSQL source with a statement timeout of half a second: `orders` and
    `walk` (tables), and `slept` (a query that sleeps past the timeout)."""
    write_postgres(postgres_database_url, {"orders": orders_frame(), "walk": walk_frame(100)})
    path = sources_toml(tmp_path / "sources.toml", {"shop": {"url": postgres_database_url}},
                        {"orders": {"source": "shop", "table": "orders"}, "walk": {"source": "shop", "table": "walk"},
                         "slept": {"source": "shop", "sql": "SELECT 1 AS x, 2 AS y FROM pg_sleep(30)"}})
    (tmp_path / "data").mkdir()
    app = create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "data"), "SOURCES": str(path),
                      "RENDER_WORKERS": 0, "SOURCE_TIMEOUT": TIMEOUT})
    app.extensions["svgplots"].store.sources.held.seconds = 600  # not tried again unless a test says so
    yield app
    app.extensions["svgplots"].store.sources.close()


def at_once(app, urls: list[str]) -> list:
    """The answers to `urls`, asked all at once, each from a thread of its own."""
    answers: dict[str, object] = {}
    threads = [threading.Thread(target=lambda u=u: answers.__setitem__(u, app.test_client().get(u))) for u in urls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return [answers[u] for u in urls]


def until_answered(client, url: str) -> None:
    """Ask `url` until it answers 200 (503s meanwhile), for at most 30 s."""
    deadline = time.monotonic() + 30
    while (response := client.get(url)).status_code != 200:
        assert response.status_code == 503, response.get_data(as_text=True)
        assert time.monotonic() < deadline, response.get_data(as_text=True)
        time.sleep(0.05)


# What the first request of a dataset that hangs is told, its Retry-After, and what the next are told.
HANGS = {
    "orders": ("the source 'shop' of dataset 'orders' has its table locked by another session (it stayed locked "
               "for longer than the 0.25 s a read waits for a lock); try again in 600 s", "600",
               "dataset 'orders' had its table locked by another session a moment ago"),
    "slept": ("took longer than the 0.5 s limit to describe dataset 'slept' (to read its columns", "600",
              "to answer for dataset 'slept' a moment ago"),
}


@pytest.mark.parametrize(("dataset", "y"), [("orders", "total"), ("slept", "y")],
                         ids=["locked table", "sleeping query"])
def test_a_dataset_that_hangs_holds_one_request_and_the_next_answer_503_at_once(hung_app, postgres_database_url,
                                                                               dataset, y):
    told, retry_after, held = HANGS[dataset]
    holder = psycopg.connect(libpq_url(postgres_database_url))
    holder.execute("LOCK TABLE orders IN ACCESS EXCLUSIVE MODE")  # as a migration holds it
    try:
        client = hung_app.test_client()
        first = client.get(f"/plot/{dataset}.svg?y={y}")
        assert first.status_code == 503 and first.headers["Retry-After"] == retry_after
        assert told in unescape(first.get_data(as_text=True))
        # Each of these waited the timeout (or the lock wait) too, holding a server thread as long.
        urls = [f"/plot/{dataset}.svg?y={y}&title=Chart+{i}" for i in range(4)]
        urls += [f"/plot/{dataset}.json?y={y}", f"/datasets/{dataset}", f"/api/datasets/{dataset}"]
        for url, response in zip(urls, at_once(hung_app, urls)):
            assert response.status_code == 503, url
            assert 590 <= int(response.headers["Retry-After"]) <= 600, url  # the time it is held down
            assert held in unescape(response.get_data(as_text=True)), url
        # Only the dataset that hangs is held down: the source's other datasets answer.
        assert client.get("/plot/walk.svg?y=value").status_code == 200
    finally:
        holder.rollback()
        holder.close()
    if dataset == "orders":  # once the lock is gone and its hold is up, a try finds it answering
        sources = hung_app.extensions["svgplots"].store.sources
        sources.held.seconds = 0
        sources.held.hold(sources.tables.key("orders"))
        until_answered(client, "/plot/orders.svg?y=total")


def test_a_chart_too_slow_to_compute_holds_its_dataset_only_until_a_try_finds_it_answering(hung_app, monkeypatch,
                                                                                          caplog):
    real = sources_module.chart_rows

    def slow(conn, *args, **kwargs):
        if args[2].title == "Slow":
            conn.execute(text("SELECT pg_sleep(5)"))
        return real(conn, *args, **kwargs)

    monkeypatch.setattr(sources_module, "chart_rows", slow)
    client = hung_app.test_client()
    assert client.get("/plot/orders.svg?y=total&title=Slow").status_code == 503
    # Tried at once (its hold of 600 s is not waited out): the table answers, so its charts do.
    until_answered(client, "/plot/orders.svg?y=total")
    assert "dataset 'orders' of the source 'shop' answers again" in caplog.text
