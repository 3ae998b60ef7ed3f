"""A PostgreSQL URL's own connect_timeout, the dataset database's or a source's, is the one its
connections are opened with; the site's own applies where the URL gives none. One that waits for its
server without limit (0), or longer than the site waits for its answers, stops the start in one line:
no deadline of the site cuts a connection that is not yet open."""
from __future__ import annotations

from types import SimpleNamespace

import pytest
from sqlalchemy.engine import make_url

from app import create_app_or_exit
from app.store.sql_store import SqlStore
from app.store.source_connections import make_engine
from tests.source_data import sources_toml


def connect_timeout(engine) -> str:
    """The connect_timeout that a connection of `engine` was opened with."""
    with engine.connect() as conn:
        return conn.connection.dbapi_connection.info.get_parameters()["connect_timeout"]


def test_the_dataset_databases_url_keeps_its_own_connect_timeout(postgres_database_url, closing):
    store = closing(SqlStore(f"{postgres_database_url}?connect_timeout=17"))
    assert connect_timeout(store._engine) == "17"


def test_the_dataset_database_takes_the_sites_connect_timeout_where_its_url_gives_none(postgres_database_url,
                                                                                       closing):
    store = closing(SqlStore(postgres_database_url))
    assert connect_timeout(store._engine) == "5"


def test_the_dataset_databases_own_connect_timeout_is_no_longer_than_the_answer_timeout(postgres_database_url,
                                                                                          closing):
    # It was STORE_BUSY_TIMEOUT's alone: a longer one held a transaction as long, past the answer timeout.
    store = closing(SqlStore(postgres_database_url, busy_timeout=10, answer_timeout=3))
    assert connect_timeout(store._engine) == "3"


def test_a_sources_url_keeps_its_own_connect_timeout(postgres_database_url):
    source = SimpleNamespace(backend="postgresql", url=make_url(f"{postgres_database_url}?connect_timeout=17"),
                             connections=5)
    engine = make_engine(source, 30.0)
    try:
        assert connect_timeout(engine) == "17"
    finally:
        engine.dispose()


def test_a_source_takes_the_sites_connect_timeout_where_its_url_gives_none(postgres_database_url):
    engine = make_engine(SimpleNamespace(backend="postgresql", url=make_url(postgres_database_url), connections=5), 30.0)
    try:
        assert connect_timeout(engine) == "30"
    finally:
        engine.dispose()


def start_refused(tmp_path, **settings) -> str:
    """The one line a start with `settings` ends with."""
    with pytest.raises(SystemExit) as exited:
        create_app_or_exit({"TESTING": True, "DATA_DIR": str(tmp_path), "RENDER_WORKERS": 0, **settings})
    assert "\n" not in exited.value.code
    return exited.value.code


UNLIMITED = "waits for its server without limit (libpq reads 0 or less so)"


@pytest.mark.parametrize(("given", "refused"), [
    ("0", f"connect_timeout=0 {UNLIMITED}"),
    ("-5", f"connect_timeout=-5 {UNLIMITED}"),
    ("31", "connect_timeout=31 waits for its server longer than STORE_ANSWER_TIMEOUT, 30 seconds, after which the "
           "site gives up on it"),
    # These two were let through, for the driver to refuse as each request connected ("bad value").
    ("2.5", "connect_timeout=2.5 is no whole number"),
    ("3&connect_timeout=4", "connect_timeout is given 2 times (3, 4)"),
])
def test_a_database_url_whose_connect_timeout_outwaits_the_answer_timeout_stops_the_start(
        postgres_database_url, tmp_path, given, refused):
    # A server that took the connection and answered nothing (its processes stopped) held the start, and
    # every request, for as long: the answer timeout cuts a connection's socket only once it is open.
    said = start_refused(tmp_path, DATABASE_URL=f"{postgres_database_url}?connect_timeout={given}")
    once = ", once" if "times" in refused else ""
    assert said == (f"error: the database URL's {refused}: give it a whole number of seconds from 1 to 30, or leave "
                    f"it out for the site's own{once} (--database-url or SVGPLOTS_DATABASE_URL)")


def test_a_database_url_may_wait_as_long_as_the_answer_timeout_to_connect(postgres_database_url, closing):
    store = closing(SqlStore(f"{postgres_database_url}?connect_timeout=30", answer_timeout=30))
    assert connect_timeout(store._engine) == "30"


@pytest.mark.parametrize(("given", "refused"), [
    ("0", f"connect_timeout=0 {UNLIMITED}"),
    ("11", "connect_timeout=11 waits for its server longer than SOURCE_TIMEOUT, 10 seconds, after which the site "
           "gives up on it"),
    ("ten", "connect_timeout=ten is no whole number"),
    ("3&connect_timeout=3", "connect_timeout is given 2 times (3, 3)"),
])
def test_a_sources_url_whose_connect_timeout_outwaits_the_source_timeout_stops_the_start(
        postgres_database_url, tmp_path, monkeypatch, given, refused):
    # Each request of its datasets waited that long for a connection before the source was held down.
    monkeypatch.setenv("SHOP_URL", f"{postgres_database_url}?connect_timeout={given}")
    sources = sources_toml(tmp_path / "sources.toml", {"shop": {"url_env": "SHOP_URL"}},
                           {"orders": {"source": "shop", "table": "orders"}})
    said = start_refused(tmp_path, SOURCES=str(sources))
    once = ", once" if "times" in refused else ""
    assert said == (f"error: sources sources.toml: source 'shop': its URL's {refused}: give it a whole number of "
                    f"seconds from 1 to 10, or leave it out for the site's own{once}")
