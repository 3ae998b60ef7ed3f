"""A PostgreSQL URL's own connect_timeout, the dataset database's or a source's, is the one its
connections are opened with; the site's own applies where the URL gives none."""
from __future__ import annotations

from types import SimpleNamespace

from sqlalchemy.engine import make_url

from app.store.sql_store import SqlStore
from app.store.source_connections import make_engine


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


def test_a_sources_url_keeps_its_own_connect_timeout(postgres_database_url):
    source = SimpleNamespace(backend="postgresql", url=make_url(f"{postgres_database_url}?connect_timeout=17"))
    engine = make_engine(source, 30.0)
    try:
        assert connect_timeout(engine) == "17"
    finally:
        engine.dispose()


def test_a_source_takes_the_sites_connect_timeout_where_its_url_gives_none(postgres_database_url):
    engine = make_engine(SimpleNamespace(backend="postgresql", url=make_url(postgres_database_url)), 30.0)
    try:
        assert connect_timeout(engine) == "30"
    finally:
        engine.dispose()
