"""A site's start, and its listings of datasets, read no stored dataset of many rows whole: a store of
millions of rows starts in the memory of one of a few (`benchmarks/start_memory.py` measures it)."""
from __future__ import annotations

from pathlib import Path

import pytest

from app.store.sql_reads import SqlReads
from tests.conftest import site_holding, writable_app

WALK = "t,station,value\n" + "".join(f"2024-01-01T00:00:{i:02d},{'NS'[i % 2]},{i / 4}\n" for i in range(40))
BOARD = ('title = "Walk"\n[[filters]]\ncolumn = "station"\n'
         '[[charts]]\nid = "line"\ndataset = "walk"\nx = "t"\ny = ["value"]\n')


def test_a_start_and_the_listings_read_no_dataset_whole(tmp_path: Path, data_dir: Path, monkeypatch):
    site_holding(data_dir, {"walk": WALK})
    boards = tmp_path / "boards"
    boards.mkdir()
    (boards / "walk.toml").write_text(BOARD, "utf-8")

    def whole_read(*args, **kwargs):
        raise AssertionError("a stored dataset was read whole")

    monkeypatch.setattr(SqlReads, "_read", whole_read)
    app = writable_app(data_dir, DASHBOARD_DIRS=[str(boards)])
    store = app.extensions["svgplots"].store
    store.database.pushdown_above_rows = 0  # every dataset one of many rows, as one of millions is
    with pytest.raises(AssertionError):
        store.read("walk")  # what a whole read meets
    client = app.test_client()
    for path in ("/", "/sitemap.xml", "/api/datasets", "/api/datasets/walk", "/d/walk"):
        assert client.get(path).status_code == 200, path
