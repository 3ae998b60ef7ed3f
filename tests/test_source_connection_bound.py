"""A burst of requests for a source's datasets opens no more connections to it than its `connections`
(5 unless the sources file says): a request that finds them all in use waits for one for at most
SOURCE_TIMEOUT, then answers 503 with a Retry-After naming the source and its bound; the source is
not held down for it, as it is for an outage: the next request, a connection free, is answered."""
from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator

import pytest

from app.store.source_config import SourceConfigError, load_sources
from tests.source_data import sources_toml

WAIT = 0.3  # SOURCE_TIMEOUT: how long a request waits for a free connection
CHART = "/plot/orders.svg?kind=bar&x=region&y=total"


@pytest.fixture
def bounded(source_db, app_over):
    """The app over the tests' source with `connections = 2`, a short SOURCE_TIMEOUT."""
    return app_over({"db": {"url": source_db.url, "connections": 2}},
                    {"orders": {"source": "db", "table": "orders"}}, SOURCE_TIMEOUT=WAIT)


@contextlib.contextmanager
def connections_held(site, count: int) -> Iterator[None]:
    """`count` connections of the source "db" taken out of the site's pool for the block, as requests
    drawing charts of it hold them."""
    sources = site.extensions["svgplots"].store.sources
    engine = sources._engine(sources.config.sources["db"])
    with contextlib.ExitStack() as held:
        for _ in range(count):
            held.enter_context(engine.connect())
        yield


def test_a_request_finding_every_connection_in_use_is_a_503_naming_the_source_and_its_bound(bounded, caplog):
    client = bounded.test_client()
    with connections_held(bounded, 2), caplog.at_level(logging.WARNING):
        refused = client.get(CHART)
    assert refused.status_code == 503
    assert refused.headers["Retry-After"] == "1"
    words = refused.get_data(as_text=True)
    assert ("the source 'db' of dataset 'orders' has all its 2 connections in use by other requests "
            f"of this process, and none was free within {WAIT:g} s") in words
    assert "connections = 2 of [sources.db] in the sources file bounds them" in words  # where to raise it
    assert ("source 'db', dataset 'orders': all its 2 connections were in use by other requests for the whole wait"
            in caplog.text)
    assert "cannot be reached" not in caplog.text


def test_a_source_whose_connections_were_all_in_use_is_not_held_down(bounded):
    client = bounded.test_client()
    with connections_held(bounded, 2):
        assert client.get(CHART).status_code == 503
    assert client.get(CHART).status_code == 200


def test_a_source_opens_no_more_connections_than_its_bound(bounded):
    sources = bounded.extensions["svgplots"].store.sources
    pool = sources._engine(sources.config.sources["db"]).pool
    assert pool.size() == 2 and pool._max_overflow == 0


def test_a_source_s_bound_is_five_connections_unless_the_sources_file_says(tmp_path, source_db):
    path = sources_toml(tmp_path / "sources.toml", {"db": {"url": source_db.url}},
                        {"orders": {"source": "db", "table": "orders"}})
    assert load_sources(path).sources["db"].connections == 5


@pytest.mark.parametrize("value", [0, 1001, "5", 2.5, True])
def test_a_bound_of_connections_that_is_no_whole_number_from_1_to_1000_stops_the_start(tmp_path, value):
    path = sources_toml(tmp_path / "sources.toml", {"db": {"url": "sqlite:///shop.db", "connections": value}},
                        {"orders": {"source": "db", "table": "orders"}})
    with pytest.raises(SourceConfigError) as refused:
        load_sources(path)
    assert "source 'db': connections must be a whole number from 1 to 1000, got " in str(refused.value)


def test_a_chart_answered_before_waits_for_a_connection_once_not_again_behind_the_cache_layer(source_db, app_over,
                                                                                                caplog):
    """A chart answered before is looked up ahead of Flask (its dataset's version asked of the source):
    the 503 of that wait is its answer, not a second wait of Flask's own."""
    site = app_over({"db": {"url": source_db.url, "connections": 2}},
                    {"orders": {"source": "db", "table": "orders",
                                "version_sql": "SELECT max(updated_at) FROM orders"}}, SOURCE_TIMEOUT=WAIT)
    now = [1000.0]
    site.extensions["svgplots"].store.sources.clock = lambda: now[0]
    client = site.test_client()
    assert client.get(CHART).status_code == 200
    now[0] += 60  # its version asked again, not reused
    with connections_held(site, 2), caplog.at_level(logging.WARNING):
        refused = client.get(CHART)
    assert refused.status_code == 503 and refused.headers["Retry-After"] == "1"
    assert caplog.text.count("connections were in use by other requests for the whole wait") == 1
