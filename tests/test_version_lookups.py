"""A stored dataset's version look-up, which every render-cache hit makes, reads the store's identity
beside it only when it may have changed: on a connection that has not read it, when the dataset's
version moved, and at least once every `IDENTITY_SECONDS`; a store made anew is noticed all the same."""
from __future__ import annotations

import pytest
from sqlalchemy import create_engine, update

from app.store import table_from_csv
from app.store.schema import STORE_IDENTITY, datasets, meta
from app.store.sql_store import SqlStore
from app.store.types import DatasetNotFound
from app.store.version_lookups import IDENTITY_SECONDS

OTHER = "another store's identity"


class Clock:
    """A clock that moves only when told."""

    def __init__(self):
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def forgotten() -> list[str]:
    """The identities of the stores the `store` found made anew, in turn."""
    return []


@pytest.fixture
def store(tmp_path, clock, forgotten):
    """A store of one dataset, `sales`, whose look-ups read `clock`."""
    opened = SqlStore(f"sqlite:///{tmp_path / 'store.sqlite'}")
    opened.create("sales", "Sales", table_from_csv("x,y\n1,1\n"))
    opened._versions.clock = clock
    opened.when_replaced(lambda: forgotten.append(opened.identity))
    yield opened
    opened.close()


def change(store, statement) -> None:
    """Run `statement` on the store's database through a connection of its own, as another instance."""
    engine = create_engine(store.backend.url)
    try:
        with engine.begin() as conn:
            conn.execute(statement)
    finally:
        engine.dispose()


def new_identity():
    return update(meta).where(meta.c.key == STORE_IDENTITY).values(value=OTHER)


def test_a_look_up_within_a_second_of_the_last_reads_no_identity(store, clock, forgotten):
    version = store.version("sales")
    change(store, new_identity())
    clock.now += IDENTITY_SECONDS / 2
    assert store.version("sales") == version
    assert store.identity != OTHER and forgotten == []


def test_a_look_up_a_second_after_the_last_reads_the_identity_again(store, clock, forgotten):
    store.version("sales")
    change(store, new_identity())
    clock.now += IDENTITY_SECONDS
    store.version("sales")
    assert store.identity == OTHER and forgotten == [OTHER]


def test_a_look_up_whose_version_moved_reads_the_identity_at_once(store, forgotten):
    version = store.version("sales")
    change(store, new_identity())
    change(store, update(datasets).where(datasets.c.name == "sales").values(version=datasets.c.version + 1))
    assert store.version("sales") == str(int(version) + 1)
    assert store.identity == OTHER and forgotten == [OTHER]


def test_a_look_up_on_a_new_connection_reads_the_identity_at_once(store, forgotten):
    store.version("sales")
    change(store, new_identity())
    store.close()  # the pool's connections closed: a store made anew is reached through new ones
    store.version("sales")
    assert store.identity == OTHER and forgotten == [OTHER]


def test_a_deleted_dataset_is_forgotten_by_the_look_ups(store):
    store.version("sales")
    store.create("gone", "Gone", table_from_csv("x,y\n1,1\n"))
    store.version("gone")
    assert "version" in store.kept_of("sales") and "version" in store.kept_of("gone")
    store.delete("gone")
    assert "version" in store.kept_of("sales") and store.kept_of("gone") == []


def test_a_dataset_another_instance_deleted_is_forgotten_at_its_next_look_up(store):
    store.version("sales")
    change(store, datasets.delete().where(datasets.c.name == "sales"))
    with pytest.raises(DatasetNotFound):
        store.version("sales")
    assert store.kept_of("sales") == []
