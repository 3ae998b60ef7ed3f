"""A read of a stored dataset begun before its delete keeps nothing of it after the delete forgot
what the store kept of it (its columns, its rows, its version), whatever the read still finds in
its snapshot: nothing of a deleted name stays in memory until the name is read again.

What the store keeps of a name is seen nowhere but in the memory it holds, so these tests ask the
store what it keeps of it (`kept_of`)."""
from __future__ import annotations

from sqlalchemy import Engine, create_engine

from app.store import DatasetNotFound
from app.store.sql_store import SqlStore
from tests.statements import once_before, statements_run
from tests.test_sql_store import sales


def test_a_read_begun_before_a_delete_keeps_neither_columns_nor_rows_of_the_deleted_name(store_url, closing):
    store, writer = closing(SqlStore(store_url)), closing(SqlStore(store_url))
    sales(writer)  # made by another instance: the store keeps nothing of it before its read
    # The catalog row read (the snapshot holds the dataset), the delete forgets it, then the read
    # reads its columns and rows.
    with statements_run(once_before("dataset_columns", lambda: store.delete("sales"))) as run:
        try:
            assert store.read("sales").info.rows == 2  # SQLite: the snapshot holds the rows
        except DatasetNotFound:  # PostgreSQL: the rows table went with the delete
            pass
    assert any("dataset_columns" in statement for statement in run)
    assert store.kept_of("sales") == []


def test_every_datasets_description_read_before_a_delete_keeps_no_columns_of_the_deleted_name(store_url, closing):
    store, writer = closing(SqlStore(store_url)), closing(SqlStore(store_url))
    sales(writer)
    sales(writer, "kept")
    # The catalog's rows read (the snapshot holds both), the delete forgets one, then the columns are read.
    with statements_run(once_before("dataset_columns", lambda: store.delete("sales"))):
        assert list(store.infos()) == ["kept", "sales"]
    assert store.kept_of("sales") == []


def test_a_version_looked_up_before_a_delete_is_not_kept_after_it(tmp_path):
    store = SqlStore(f"sqlite:///{tmp_path / 'store.sqlite'}")
    try:
        sales(store)
        lookups = store._versions
        engine = create_engine(f"sqlite:///{tmp_path / 'store.sqlite'}")
        found = lookups.look_up(_deleting_after_the_select(engine, store), "sales", store.identity)
        engine.dispose()
        assert found is not None  # the look-up's SELECT ran before the delete
        assert not lookups.holds("sales")
    finally:
        store.close()


def _deleting_after_the_select(engine: Engine, store: SqlStore) -> Engine:
    """`engine`, whose raw connections' cursors delete dataset `sales` through `store` once their
    first row is fetched, before the look-up keeps what it found."""
    class Cursor:
        def __init__(self, cursor):
            self.cursor = cursor

        def execute(self, *args):
            return self.cursor.execute(*args)

        def fetchone(self):
            row = self.cursor.fetchone()
            store.delete("sales")
            return row

        def close(self):
            self.cursor.close()

    class Connection:
        def __init__(self, connection):
            self.connection = connection
            self.info = connection.info

        def cursor(self):
            return Cursor(self.connection.cursor())

        def close(self):
            self.connection.close()

    class Deleting:
        dialect = engine.dialect

        def raw_connection(self):
            return Connection(engine.raw_connection())

    return Deleting()  # type: ignore[return-value]
