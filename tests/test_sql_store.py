"""The SQL store on SQLite and PostgreSQL: the same guarantees on both backends.

What several instances of it do to one database is in test_sql_store_instances.py."""
from __future__ import annotations

import json
import math
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine, delete, select, text

from app.config import SAMPLE_DATA_DIR
from app.store import (
    Appended,
    Column,
    CsvStore,
    DatasetConflict,
    DatasetNotFound,
    NewerStore,
    StoreConfigError,
    WriteRejected,
    rows_from_json,
    table_from_csv,
)
from app.store.schema import datasets, schema_migrations
from app.store.site_parts import sample_table
from app.store.sql_store import SqlStore
from plots.text import line_feeds
from tests.conftest import ROOT, assert_close_waits, storable_text
from tests.statements import once_before, statements_run

# A database file written by SqliteStore, the sqlite3 store this one replaced: the animals sample, "sales"
# with a keyed append, and "gone", created and deleted (versions 1 to 5).
FIRST_STORE_FILE = Path(__file__).parent / "data" / "first-store.sqlite"

SALES = "month,units,price,note\n2024-01-01,5,1.5,first\n2024-02-01,7,2.25,\n"
COLUMNS = (Column("month", "datetime"), Column("units", "integer"), Column("price", "float"), Column("note", "text"))
SAMPLES = ("animals", "weather")


@pytest.fixture
def store(store_url: str) -> Iterator[SqlStore]:
    """An SqlStore on a fresh database of each backend."""
    opened = SqlStore(store_url)
    yield opened
    opened.close()


def sales(store: SqlStore, name: str = "sales") -> tuple[Column, ...]:
    return store.create(name, "Sales", table_from_csv(SALES)).columns


def test_every_write_gives_a_new_higher_version_never_reused_after_delete_and_create(store):
    columns = sales(store)
    versions = [int(store.info("sales").version)]
    for month in range(3, 6):
        versions.append(int(store.append("sales", columns, [(f"2024-0{month}-01", month, 1.0, None)]).info.version))
    store.delete("sales")
    again = store.create("sales", "Sales", table_from_csv(SALES))
    versions.append(int(again.version))
    assert versions == sorted(set(versions)) and len(versions) == 5
    assert store.info("sales").version == again.version and again.rows == 2
    assert store.read("sales").info == again


def test_the_cheap_version_is_the_version_info_gives_as_it_moves_on(store):
    columns = sales(store)
    seen = [store.version("sales")]
    assert seen[0] == store.info("sales").version
    for month in (3, 4):
        appended = store.append("sales", columns, [(f"2024-0{month}-01", month, 1.0, None)]).info.version
        seen.append(store.version("sales"))
        assert seen[-1] == appended == store.info("sales").version
    assert len(set(seen)) == 3
    store.delete("sales")
    with pytest.raises(DatasetNotFound):
        store.version("sales")
    # A name is a bound value, never SQL.
    with pytest.raises(DatasetNotFound):
        store.version("sales' OR '1'='1")


def test_a_row_that_does_not_fit_stores_nothing(store):
    columns = sales(store)
    before = store.read("sales")
    broken = ("2024-04-01", None, 3.0, "integer columns are NOT NULL in the table too")
    with pytest.raises(WriteRejected, match="nothing was stored"):
        store.append("sales", columns, [("2024-03-01", 9, 3.0, "ok"), broken])
    after = store.read("sales")
    assert after.info == before.info
    pd.testing.assert_frame_equal(after.frame, before.frame, check_exact=True)


def test_a_create_with_a_row_that_does_not_fit_leaves_no_dataset(store):
    table = table_from_csv(SALES)
    table.rows.append(("2024-03-01", "not a number", 1.0, None))
    with pytest.raises(WriteRejected):
        store.create("sales", "Sales", table)
    assert store.names() == []
    assert store.create("sales", "Sales", table_from_csv(SALES)).rows == 2


def test_an_append_with_a_key_seen_before_is_a_replay_that_stores_nothing(store):
    columns = sales(store)
    rows = [("2024-03-01", 9, 3.0, "new"), ("2024-04-01", 10, 3.5, None)]
    first = store.append("sales", columns, rows, key="batch-1", digest="a" * 64)
    again = store.append("sales", columns, rows, key="batch-1", digest="a" * 64)
    assert (first.rows_added, first.replayed, first.info.rows) == (2, False, 4)
    assert (again.rows_added, again.replayed, again.info) == (2, True, first.info)
    assert store.append("sales", columns, rows, key="batch-2").info.rows == 6
    assert store.append("sales", columns, rows).info.rows == 8
    assert len(store.read("sales").frame) == 8


def test_a_replay_answers_the_dataset_as_the_first_append_left_it(store):
    columns = sales(store)
    row = [("2024-03-01", 9, 3.0, None)]
    first = store.append("sales", columns, row, key="batch-1", digest="a" * 64)
    nothing = store.append("sales", columns, [], key="batch-2", digest="b" * 64)
    store.append("sales", columns, row)
    assert store.append("sales", columns, row, key="batch-1", digest="a" * 64) == Appended(first.info, 1, True)
    assert store.append("sales", columns, [], key="batch-2", digest="b" * 64) == Appended(nothing.info, 0, True)
    assert nothing.info == first.info and store.info("sales").rows == 4


def test_a_key_belongs_to_one_dataset_and_is_forgotten_with_it(store):
    columns = sales(store)
    sales(store, "other")
    row = [("2024-03-01", 9, 3.0, None)]
    store.append("sales", columns, row, key="k")
    assert store.append("other", columns, row, key="k").replayed is False
    store.delete("sales")
    columns = sales(store)
    assert store.append("sales", columns, row, key="k").replayed is False


def test_an_append_checked_against_other_columns_is_a_conflict_and_stores_nothing(store):
    sales(store)
    with pytest.raises(DatasetConflict, match=r"month \(datetime\), units \(integer\), price \(float\), note \(text\)$"):
        store.append("sales", (Column("month", "datetime"),), [("2024-03-01",)])
    assert store.info("sales").rows == 2


def test_an_append_conflict_lists_the_columns_now_each_named_apart_with_its_type(store):
    columns = store.create("odd", "Odd", table_from_csv('"a, b",v\u200b,c\n1,2,x\n')).columns
    with pytest.raises(DatasetConflict) as conflict:
        store.append("odd", columns[:1], [(3,)])
    assert str(conflict.value).endswith("its columns are now 'a, b' (integer), 'v\\u200b' (integer), c (text)")


def test_creating_a_name_that_exists_is_a_conflict(store):
    sales(store)
    with pytest.raises(DatasetConflict, match="exists already"):
        store.create("sales", "Sales", table_from_csv("a\n1\n"))


def test_delete_removes_the_dataset_and_unknown_names_are_not_found(store):
    columns = sales(store)
    sales(store, "kept")
    store.read("sales")
    store.delete("sales")
    assert store.names() == ["kept"]
    for call in (lambda: store.info("sales"), lambda: store.read("sales"), lambda: store.delete("sales"),
                 lambda: store.append("sales", columns, [])):
        with pytest.raises(DatasetNotFound, match="'sales'"):
            call()


def test_a_deleted_datasets_columns_are_not_kept(store):
    """Kept by the dataset's id, they would stay for good: its id is never given again."""
    sales(store)
    sales(store, "kept")
    store.info("sales")
    store.delete("sales")
    assert store.kept_of("sales") == [] and "columns" in store.kept_of("kept")


def test_a_dataset_deleted_by_another_instance_is_forgotten_once_its_name_is_found_gone(store, store_url, closing):
    other = closing(SqlStore(store_url))
    sales(store)
    sales(store, "kept")
    store.read("sales")
    other.delete("sales")
    with pytest.raises(DatasetNotFound):
        store.version("sales")
    assert store.kept_of("sales") == [] and "columns" in store.kept_of("kept")
    # Made again there, and deleted there between this store's read of its catalog row and of its
    # columns: the read, whose snapshot still holds the dataset, keeps its columns.
    sales(other)
    with statements_run(once_before("dataset_columns", lambda: other.delete("sales"))) as run:
        assert store.info("sales").rows == 2
    assert any("dataset_columns" in statement for statement in run)
    assert "columns" in store.kept_of("sales")
    with pytest.raises(DatasetNotFound):
        store.info("sales")
    assert store.kept_of("sales") == [] and "columns" in store.kept_of("kept")


def test_every_datasets_description_is_read_at_once_as_info_reads_each(store, store_url, closing):
    sales(store)
    for name in ("a_b", "a-c"):  # sorted as `names` sorts them, not by the database's collation
        store.create(name, name, table_from_csv("x,label\n1,a\n"))
    fresh = closing(SqlStore(store_url))  # keeps no dataset's columns yet
    for statements in (2, 1):  # the catalog's rows and the columns, then the catalog's rows alone
        with statements_run() as run:
            infos = fresh.infos()
        assert infos == {name: store.info(name) for name in store.names()}
        assert len([statement for statement in run if re.search(r"\bFROM dataset(s|_columns)\b", statement)]) == statements
    store.delete("sales")
    assert list(fresh.infos()) == ["a-c", "a_b"]


def test_names_are_sorted_as_python_sorts_them(store):
    for name in ("b", "a_b", "a-c", "ab", "a0"):
        store.create(name, name, table_from_csv("x\n1\n"))
    assert store.names() == sorted(["b", "a_b", "a-c", "ab", "a0"])


def test_every_column_type_reads_back_with_its_exact_dtype(store):
    table = table_from_csv("i,f,when,label\n"
                           "-9223372036854775808,-1.5,2024-01-01,\"a, \"\"quoted\"\"\ttab\"\n"
                           "9223372036854775807,5e-324,2024-02-29T23:59:59.123456,émoji 🎉\n"
                           "0,,1970-01-01T00:00:00+02:00,\n"
                           "1,1.7976931348623157e+308,,\"line\nbreak\"\n")
    store.create("types", "Types", table)
    columns = store.info("types").columns
    # An empty text a store holds (a dataset's stored before JSON appends made it missing) reads back as one.
    store.append("types", columns, [(2, 0.1, None, "")])
    frame = store.read("types").frame
    assert frame.dtypes.astype(str).to_dict() == {"i": "int64", "f": "float64", "when": "datetime64[us]", "label": "str"}
    assert frame["i"].tolist() == [-(2**63), 2**63 - 1, 0, 1, 2]
    assert [str(v) for v in frame["f"]] == ["-1.5", "5e-324", "nan", "1.7976931348623157e+308", "0.1"]
    assert [str(v) for v in frame["when"]] == ["2024-01-01 00:00:00", "2024-02-29 23:59:59.123456",
                                               "1969-12-31 22:00:00", "NaT", "NaT"]
    assert [None if pd.isna(v) else v for v in frame["label"]] == [
        'a, "quoted"\ttab', "émoji 🎉", None, "line\nbreak", ""]
    assert store.read("types", ["label", "i"]).frame.columns.tolist() == ["label", "i"]


@pytest.mark.parametrize("name", SAMPLES)
def test_samples_read_back_exactly_as_from_their_csv(store, name):
    path = SAMPLE_DATA_DIR / f"{name}.csv"
    assert store.load_once(name, name.title(), lambda: sample_table(path))
    expected = CsvStore([SAMPLE_DATA_DIR]).read(name)
    snapshot = store.read(name)
    pd.testing.assert_frame_equal(snapshot.frame, expected.frame, check_exact=True)
    assert snapshot.info.columns == expected.info.columns
    assert snapshot.info.rows == expected.info.rows == len(snapshot.frame)
    assert snapshot.info.writable is True


def test_load_once_loads_at_the_first_start_only_and_a_deleted_sample_stays_deleted(store_url, closing):
    path = SAMPLE_DATA_DIR / "animals.csv"
    first = closing(SqlStore(store_url))
    assert first.load_once("animals", "Animals", lambda: sample_table(path)) is True
    assert first.load_once("animals", "Animals", lambda: sample_table(path)) is False
    first.delete("animals")
    again = closing(SqlStore(store_url))
    assert again.load_once("animals", "Animals", lambda: sample_table(path)) is False
    assert again.names() == []
    with again._transaction() as conn:
        assert conn.execute(select(schema_migrations.c.version)).scalars().all() == [1, 2, 3, 4, 5]


def test_an_unchanged_dataset_is_not_read_again_and_an_append_adds_only_new_rows(store):
    columns = sales(store)
    first = store.read("sales").frame
    assert store.read("sales").frame is first
    store.append("sales", columns, [("2024-03-01", 9, 3.0, "new")])
    grown = store.read("sales").frame
    assert grown is not first and len(grown) == 3
    pd.testing.assert_frame_equal(grown.iloc[:2], first, check_exact=True)
    assert store.read("sales", ["units"]).frame["units"].tolist() == [5, 7, 9]


def test_names_and_titles_from_a_request_never_reach_the_sql(store):
    hostile = 'x"; DROP TABLE datasets; --\''
    header = '"' + hostile.replace('"', '""') + '",b'
    info = store.create("hostile", hostile, table_from_csv(f"{header}\n1,2\n"))
    assert store.info("hostile").title == hostile
    assert [c.name for c in info.columns] == [hostile, "b"]
    assert store.read("hostile").frame[hostile].tolist() == [1]
    with pytest.raises(DatasetNotFound):
        store.info(hostile)


def test_a_bulk_create_and_append_store_every_row_in_order(store):
    rows = [(i, i / 4, f"2024-01-01T00:00:{i % 60:02d}", f"row {i}") for i in range(20_000)]
    table = table_from_csv("i,x,when,label\n0,0.5,2024-01-01,a\n")
    store.create("bulk", "Bulk", type(table)(table.columns, rows))
    store.append("bulk", table.columns, rows[:5_000])
    frame = store.read("bulk").frame
    assert len(frame) == 25_000 and store.info("bulk").rows == 25_000
    assert frame["i"].tolist() == list(range(20_000)) + list(range(5_000))
    assert frame["label"].iloc[19_999] == "row 19999"


def test_a_read_while_another_thread_appends_is_always_one_snapshot(store):
    columns = sales(store)
    done = threading.Event()
    failures: list[str] = []

    def append() -> None:
        try:
            for batch in range(40):
                store.append("sales", columns, [("2024-03-01", batch, 1.0, str(i)) for i in range(batch % 7 + 1)])
        finally:
            done.set()

    writer = threading.Thread(target=append)
    writer.start()
    reads = 0
    while not done.is_set() or reads < 5:
        snapshot = store.read("sales")
        reads += 1
        if len(snapshot.frame) != snapshot.info.rows:
            failures.append(f"version {snapshot.info.version}: {snapshot.info.rows} rows, frame {len(snapshot.frame)}")
    writer.join()
    assert not failures, failures[:3]
    assert store.read("sales").info.rows == 2 + sum(batch % 7 + 1 for batch in range(40))


def test_a_read_whose_snapshot_is_older_than_the_kept_frame_gets_the_rows_of_its_own_version(store, monkeypatch):
    columns = sales(store)
    before = store.read("sales")
    later: list = []
    info_in_snapshot = store._info

    def info_then_another_append_and_read(conn, name, for_update=False):
        found = info_in_snapshot(conn, name, for_update)
        if not later:  # once: after this read's snapshot began, another thread appends and reads
            later.append(None)
            store.append("sales", columns, [("2024-03-01", 9, 3.0, "new")])
            later[0] = store.read("sales")
        return found

    monkeypatch.setattr(store, "_info", info_then_another_append_and_read)
    stale = store.read("sales")
    monkeypatch.undo()
    assert (stale.info, len(stale.frame)) == (before.info, 2)
    pd.testing.assert_frame_equal(stale.frame, before.frame, check_exact=True)
    assert int(later[0].info.version) > int(stale.info.version) and len(later[0].frame) == 3
    again = store.read("sales")
    assert again.info == later[0].info and again.frame is later[0].frame  # the later frame stays kept


def test_an_sqlite_file_written_by_the_first_store_opens_and_reads_unchanged(tmp_path):
    path = Path(shutil.copy(FIRST_STORE_FILE, tmp_path / "svgplots.sqlite"))
    store = SqlStore(f"sqlite:///{path}")
    assert store.names() == ["animals", "sales"]
    animals = store.read("animals")
    assert (animals.info.version, animals.info.title, animals.info.rows) == ("1", "Animals", 12)
    pd.testing.assert_frame_equal(animals.frame, CsvStore([SAMPLE_DATA_DIR]).read("animals").frame, check_exact=True)
    sales = store.read("sales")
    assert (sales.info.version, sales.info.rows, sales.info.columns) == ("3", 3, COLUMNS)
    assert sales.frame.astype(object).where(sales.frame.notna(), None).values.tolist() == [
        [pd.Timestamp("2024-01-01"), 5, 1.5, "first"], [pd.Timestamp("2024-02-01"), 7, 2.25, None],
        [pd.Timestamp("2024-03-01T10:30:00"), 9, 3.0, "x"]]
    assert store.append("sales", COLUMNS, [("2024-04-01", 1, 1.0, None)], key="k").replayed is True
    assert store.load_once("animals", "Animals", lambda: sample_table(SAMPLE_DATA_DIR / "animals.csv")) is False
    assert store.create("gone", "Gone", table_from_csv("a\n1\n")).version == "6"  # 4 and 5 stay used
    assert store.append("sales", COLUMNS, [("2024-04-01", 1, 1.0, None)]).info.version == "7"


def test_a_float_of_minus_zero_stored_before_is_zero_once_migrated(store_url, closing):
    # PostgreSQL kept the -0.0 of rows written before the store wrote 0.0 in its place, as SQLite
    # stores it: they read 0.0 from either store after migration 5.
    columns = sales(closing(SqlStore(store_url)))
    engine = create_engine(store_url)
    with engine.begin() as conn:
        dataset_id = conn.execute(select(datasets.c.id)).scalar()
        price = next(i for i, c in enumerate(columns) if c.name == "price")
        conn.execute(text(f"UPDATE rows_{dataset_id} SET c{price} = :zero"), {"zero": -0.0})
        conn.execute(delete(schema_migrations).where(schema_migrations.c.version == 5))
    engine.dispose()
    store = closing(SqlStore(store_url))
    assert [math.copysign(1.0, value) for value in store.read("sales").frame["price"]] == [1.0, 1.0]
    with store._transaction() as conn:
        assert conn.execute(select(schema_migrations.c.version)).scalars().all() == [1, 2, 3, 4, 5]


def test_a_database_migrated_by_a_newer_site_is_refused(store_url, closing):
    with closing(SqlStore(store_url))._transaction(write=True) as conn:
        conn.execute(schema_migrations.insert().values(version=99, applied_at="2030-01-01T00:00:00Z"))
    with pytest.raises(NewerStore, match="written by a newer release of the site, at schema 99"):
        SqlStore(store_url)


@pytest.mark.parametrize("url", ["mysql://user:s3cret@localhost/db", "postgresql+psycopg2://user:s3cret@h/db",
                                 "sqlite://", "sqlite:///:memory:", "user:s3cret@host"])
def test_an_unusable_url_is_refused_naming_the_usable_forms_but_not_the_password(url):
    with pytest.raises(StoreConfigError) as caught:
        SqlStore(url)
    assert "sqlite:///path/to/file.sqlite" in str(caught.value) and "s3cret" not in str(caught.value)


def test_importing_the_app_leaves_the_database_libraries_unloaded():
    # Render workers import the app to run their jobs: SQLAlchemy's import time must not count
    # against a render's time limit.
    code = "import sys, app.context; print([m for m in ('sqlalchemy', 'psycopg') if m in sys.modules])"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.stdout.strip() == "[]", done.stderr


def test_the_stores_connection_layer_does_not_import_the_charts_it_computes():
    # The connection layer takes the one limit it needs from the store's shared values (types.py),
    # not from the layer of the queries that compute a big dataset's charts, which builds on it.
    code = "import sys, app.store.sql_connection; print([m for m in sys.modules if 'pushdown' in m])"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.stdout.strip() == "[]", done.stderr


row_values = st.tuples(
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.one_of(st.none(), st.floats(allow_nan=False, allow_infinity=False)),
    st.one_of(st.none(), storable_text(max_size=20)),
    st.one_of(st.none(), st.datetimes().map(lambda moment: moment.isoformat())),
)
_examples = iter(range(1_000_000))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(row_values, min_size=1, max_size=20))
def test_any_json_rows_read_back_as_sent(store, rows):
    # Exactly, but for a text's line breaks, which are kept as line feeds, and an empty text, which
    # is a missing value as an empty CSV cell is.
    name = f"p{next(_examples)}"
    columns = store.create(name, "P", table_from_csv("i,f,t,d\n1,1.5,a,2024-01-01\n")).columns
    records = [{"i": i, "f": f, "t": t, "d": d} for i, f, t, d in rows]
    store.append(name, columns, rows_from_json(json.dumps(records), columns))
    frame = store.read(name).frame.iloc[1:]
    assert frame["i"].tolist() == [i for i, _, _, _ in rows]
    assert [None if pd.isna(v) else v for v in frame["f"]] == [f for _, f, _, _ in rows]
    assert [None if pd.isna(v) else v for v in frame["t"]] == [line_feeds(t) if t else None for _, _, t, _ in rows]
    assert [None if pd.isna(v) else v.isoformat() for v in frame["d"]] == [
        None if d is None else pd.Timestamp(d).isoformat() for _, _, _, d in rows]


def test_the_options_a_postgresql_url_gives_are_kept_beside_the_sites_own(postgres_database_url, closing):
    # The site's lock timeout took the place of the URL's `options`: a search_path or statement_timeout
    # given there was dropped without a word.
    url = f"{postgres_database_url}?options=-c%20statement_timeout%3D4321"
    store = closing(SqlStore(url))
    with store._engine.connect() as conn:
        assert conn.execute(text("SHOW statement_timeout")).scalar() == "4321ms"
        assert conn.execute(text("SHOW lock_timeout")).scalar() == "5s"


def test_closing_waits_for_a_transaction_under_way_and_then_closes_its_connection(store_url, closing):
    # A page's alt text of a big dataset is read in the background, and may still be read as the site
    # closes: its connection went back to the pool once disposed, open, for the garbage collector.
    store = closing(SqlStore(store_url))
    pool = store._engine.pool
    began, release = threading.Event(), threading.Event()

    def read() -> None:
        with store._transaction() as conn:
            conn.execute(select(1))
            began.set()
            release.wait(30)

    reader = threading.Thread(target=read)
    reader.start()
    assert began.wait(30)
    assert_close_waits(store.close, release, reader)
    assert pool.checkedin() == pool.checkedout() == 0
