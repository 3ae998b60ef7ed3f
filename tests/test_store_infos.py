"""Every kind of store describes all its datasets (`infos`) in one shape: a dict of each dataset's
name, in the order `names` gives them, to its description as `info` gives it, or to the StoreError
`info` raises of it; the front page and /api/datasets read it so whatever the store."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from app.store import CsvStore, SiteStore, StoreError, load_sources, table_from_csv
from app.store.sources import SourceStore
from app.store.sql_store import SqlStore
from tests.source_data import sources_toml, write_sqlite

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
