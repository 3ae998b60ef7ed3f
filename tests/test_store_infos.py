"""Every kind of store describes all its datasets (`infos`) in one shape: a dict of each dataset's
name, in the order `names` gives them, to its description as `info` gives it, or to the StoreError
`info` raises of it; the front page and /api/datasets read it so whatever the store. Asked for some
datasets (`infos(names)`, as a dashboard asks for its own), it describes those, in their order. A
source's datasets are described in one transaction of their source, not one each."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pandas as pd
import pytest

from app.store import CsvStore, DatasetInfo, SiteStore, StoreError, load_sources, table_from_csv
from app.store.sources import SourceStore
from app.store.sql_store import SqlStore
from tests.source_data import sources_toml, write_sqlite
from tests.statements import statements_run

CSV = "x,label\n1,a\n2,b\n"
# Sorted as Python sorts them ('-' before '_'), which a database's collation may not.
NAMES = ("a_b", "a-c")


def described_alike(store) -> None:
    """`store.infos()` is that shape: each name `names` gives, in its order, to `info`'s answer."""
    infos = store.infos()
    assert type(infos) is dict
    assert list(infos) == store.names()
    for name, found in infos.items():
        if isinstance(found, StoreError):
            with pytest.raises(type(found)):
                store.info(name)
        else:
            assert found == store.info(name), name


def test_a_data_folder_of_csv_files_describes_its_datasets_in_the_shape_every_store_does(tmp_path: Path):
    for name in NAMES:
        (tmp_path / f"{name}.csv").write_text(CSV, encoding="utf-8")
    (tmp_path / "broken.csv").write_bytes(b"\xff\xfe\x00")  # no CSV: its error in its place
    described_alike(CsvStore([tmp_path]))
    assert isinstance(CsvStore([tmp_path]).infos()["broken"], StoreError)


def test_a_database_describes_its_datasets_in_the_shape_every_store_does(store_url: str, closing):
    store = closing(SqlStore(store_url))
    for name in NAMES:
        store.create(name, name, table_from_csv(CSV))
    described_alike(store)
    assert list(store.infos()) == ["a-c", "a_b"]


def test_the_sites_store_describes_stored_datasets_files_and_sources_in_the_shape_every_store_does(
        tmp_path: Path, closing):
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "a-c.csv").write_text(CSV, encoding="utf-8")
    shop = write_sqlite(tmp_path / "shop.db", {"t": pd.DataFrame({"x": [1, 2], "v": [3.5, 4.0]})})
    config = load_sources(sources_toml(
        tmp_path / "sources.toml",
        {"shop": {"url": shop}, "gone": {"url": f"sqlite:///{tmp_path / 'missing.db'}"}},
        {"a_b": {"source": "shop", "table": "t", "version_sql": "SELECT 1"},
         "down": {"source": "gone", "table": "t"}}), environ={})
    site = closing(SiteStore(SqlStore(f"sqlite:///{tmp_path / 'store.sqlite'}"), CsvStore([folder]),
                             SourceStore(config)))
    site.database.create("stored", "Stored", table_from_csv(CSV))
    described_alike(site)
    infos = site.infos()
    assert list(infos) == ["a-c", "a_b", "down", "stored"]
    assert isinstance(infos["down"], StoreError) and infos["a_b"].source == "shop"


def test_the_sites_store_describes_the_datasets_it_is_asked_for_in_their_order_each_as_info_does(
        tmp_path: Path, closing):
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "a-c.csv").write_text(CSV, encoding="utf-8")
    site = closing(SiteStore(SqlStore(f"sqlite:///{tmp_path / 'store.sqlite'}"), CsvStore([folder])))
    for name in ("stored", "kept"):
        site.database.create(name, name.title(), table_from_csv(CSV))
    infos = site.infos(["stored", "nope", "a-c", "stored", "kept"])
    assert list(infos) == ["stored", "nope", "a-c", "kept"]
    assert infos["stored"] == site.info("stored") and infos["a-c"] == site.info("a-c")
    with pytest.raises(StoreError) as raised:
        site.info("nope")
    assert type(infos["nope"]) is type(raised.value) and infos["nope"].message == raised.value.message


def test_a_sources_datasets_are_described_in_one_transaction_of_their_source_one_it_refuses_in_its_place(
        tmp_path: Path, closing):
    table = pd.DataFrame({"x": [1, 2], "v": [3.5, 4.0]})
    shop = write_sqlite(tmp_path / "shop.db", {"t": table, "u": table})
    depot = write_sqlite(tmp_path / "depot.db", {"t": table})
    config = load_sources(sources_toml(
        tmp_path / "sources.toml", {"shop": {"url": shop}, "depot": {"url": depot}},
        {"a": {"source": "shop", "table": "t", "version_sql": "SELECT 1"},
         "b": {"source": "depot", "table": "t", "version_sql": "SELECT 1"},
         "c": {"source": "shop", "sql": "SELECT x, v FROM t WHERE v > 0", "version_sql": "SELECT 1"},
         "d": {"source": "shop", "table": "u", "version_sql": "SELECT 1"}}), environ={})
    (tmp_path / "data").mkdir()
    site = closing(SiteStore(SqlStore(f"sqlite:///{tmp_path / 'store.sqlite'}"), CsvStore([tmp_path / "data"]),
                             SourceStore(config)))
    with statements_run() as run:
        infos = site.infos()
    assert list(infos) == ["a", "b", "c", "d"] and all(isinstance(info, DatasetInfo) for info in infos.values())
    assert run.count("BEGIN") == 1 + 2, run  # the database's, then one of each source, not one of each dataset
    described_alike(site.sources)

    broken = closing(SourceStore(config))
    with sqlite3.connect(tmp_path / "shop.db") as conn:
        conn.execute("DROP TABLE t")  # `a` and `c` read it: a refused, the next described anew
    conn.close()
    with statements_run() as run:
        infos = broken.infos(["d", "a", "c"])
    assert list(infos) == ["d", "a", "c"]
    assert isinstance(infos["d"], DatasetInfo)
    assert isinstance(infos["a"], StoreError) and isinstance(infos["c"], StoreError), infos
    assert "dataset 'a'" in infos["a"].message and "dataset 'c'" in infos["c"].message
    assert run.count("BEGIN") == 2, run  # `c` in a transaction after the one `a` was refused in
    assert infos["c"].message == closing(SourceStore(config)).infos(["c"])["c"].message



def transactions(run: list[str]) -> int:
    """How many read-only transactions of a source the statements `run` began: an SQLite source's
    BEGIN, a PostgreSQL source's first statement, which sets its timeouts and time zone."""
    return sum(statement == "BEGIN" or statement.count("set_config(") >= 4 for statement in run)


def test_a_sources_datasets_are_described_in_one_transaction_until_one_is_refused_on_each_backend(
        source_db, tmp_path: Path, closing):
    # PostgreSQL runs no statement in a transaction after one it refused: the datasets after it are
    # described in another, each as `info` describes it alone.
    # A version of their own (`version_sql`), not the clock's, which may move on between two reads.
    tables = {name: {"source": "db", "table": name, "version_sql": "SELECT 1"}
              for name in ("orders", "walk", "weather")}
    config = load_sources(sources_toml(tmp_path / "sources.toml", {"db": {"url": source_db.url}},
                                       {**tables, "tide": {"source": "db", "table": "no_such_table"}}), environ={})
    with statements_run() as run:
        infos = closing(SourceStore(config)).infos()
    assert list(infos) == ["orders", "tide", "walk", "weather"]
    assert transactions(run) == 2, run  # orders and tide, then walk and weather
    alone = closing(SourceStore(config))
    for name, info in infos.items():
        if isinstance(info, StoreError):
            with pytest.raises(type(info)) as raised:
                alone.info(name)
            assert name == "tide" and info.message == raised.value.message
        else:
            assert info == alone.info(name), name
