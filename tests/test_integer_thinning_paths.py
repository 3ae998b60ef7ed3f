"""A line of whole numbers past 2**53 thinned by a database (a big stored dataset's on SQLite: its rows
read and thinned in memory, or, x in row order, each pixel column's found over its row ids; on PostgreSQL, and a source's: M4's rows, those of one x kept as the frame
path keeps them) keeps each pixel column's lowest and highest row, compared as integers, as a line
thinned in memory does: as doubles, 2**53 + 1 read as 2**53 and 2**53 + 3 as 2**53 + 4, so a column's first row tied
its lowest or highest and was kept in its place, and the words named the wrong lowest or highest.
"""
from __future__ import annotations

import pandas as pd
import pytest

from app.store import pushdown_m4, pushdown_row_ranges, stored_pushdown
from tests.conftest import created, described, recorded, writable_app
from tests.source_data import write_tables

BIG = 2**53  # from here on a double holds every other integer only
# Ten rows a pixel column (x 0 to 999, 100 columns). As doubles a column's first row ties its lowest
# (2**53 + 1 reads as 2**53) in one column, its highest (2**53 + 3 reads as 2**53 + 4) in the next.
LOWEST_FIRST = [BIG + 1, BIG + 2, BIG] + [BIG + 2] * 7
HIGHEST_FIRST = [BIG + 3, BIG + 2, BIG + 4] + [BIG + 2] * 7
VALUES = (LOWEST_FIRST + HIGHEST_FIRST) * 50
CSV = "x,v\n" + "".join(f"{x},{v}\n" for x, v in enumerate(VALUES))
URL = "/plot/big.svg?x=x&y=v&width=100&height=100"
WORDS = f"lowest {BIG} (2), highest {BIG + 4} (12)"  # each first in the columns of x 0-9 and 10-19
EACH_COLUMNS_LOWEST_OR_HIGHEST = set(range(2, len(VALUES), 10))


@pytest.fixture
def sites(data_dir, store_url, closing):
    """The frame path's client, and the client of a site that computes the charts of datasets of more
    than 100 rows in the database (failing a test that reads one whole), both holding `big`."""
    return site_pair(data_dir, store_url, closing)


def site_pair(data_dir, store_url, closing):
    """`sites` over the store at `store_url`."""
    frame_site = closing(writable_app(data_dir, DATABASE_URL=store_url, RENDER_WORKERS=0, RENDER_CACHE_BYTES=0))
    created(frame_site.test_client(), "big", CSV)
    pushdown_site = closing(writable_app(data_dir, DATABASE_URL=store_url, RENDER_WORKERS=0, RENDER_CACHE_BYTES=0))
    database = pushdown_site.extensions["svgplots"].store.database
    database.pushdown_above_rows = 100

    def read_whole(name, columns=None):
        raise AssertionError(f"dataset {name!r} was read whole")

    database.read = read_whole
    return frame_site.test_client(), pushdown_site.test_client()


def test_a_big_stored_line_of_integers_past_2_53_keeps_each_columns_lowest_and_highest_row(sites, store_url,
                                                                                           monkeypatch):
    frame_client, pushdown_client = sites
    drawn, read_here, by_m4 = [], [], []
    recorded(monkeypatch, stored_pushdown.StoredChartQuery, "rows", drawn)
    recorded(monkeypatch, stored_pushdown.StoredChartQuery, "thinned_here", read_here)
    recorded(monkeypatch, pushdown_m4, "_kept_by_series", by_m4)
    ours = pushdown_client.get(URL)
    assert ours.status_code == 200 and len(drawn) == 1
    # SQLite reads the rows and thins them here; PostgreSQL's M4 finds the rows (no x repeats).
    assert (len(read_here), bool(by_m4)) == ((1, False) if store_url.startswith("sqlite") else (0, True))
    kept = set(drawn[0]["x"].tolist())
    assert len(kept) < len(VALUES)  # thinned
    assert EACH_COLUMNS_LOWEST_OR_HIGHEST <= kept
    words = described(ours.data)
    assert WORDS in words, words
    assert words == described(frame_client.get(URL).data)


def test_a_big_stored_line_thinned_over_row_ranges_keeps_each_columns_lowest_and_highest_row(data_dir, tmp_path,
                                                                                              closing, monkeypatch):
    # SQLite's store, x in row order and more rows a pixel column than it reads (0 here): each pixel
    # column's rows are found over its row ids, its lowest and highest value by a statement.
    frame_client, pushdown_client = site_pair(data_dir, f"sqlite:///{tmp_path / 'store.sqlite'}", closing)
    monkeypatch.setattr(pushdown_row_ranges, "READ_ROWS_PER_COLUMN", 0)
    drawn, by_row_ranges = [], []
    recorded(monkeypatch, stored_pushdown.StoredChartQuery, "rows", drawn)
    recorded(monkeypatch, pushdown_row_ranges, "kept_rows", by_row_ranges)
    ours = pushdown_client.get(URL)
    assert ours.status_code == 200 and len(drawn) == 1 and len(by_row_ranges) == 1
    kept = set(drawn[0]["x"].tolist())
    assert len(kept) < len(VALUES) and EACH_COLUMNS_LOWEST_OR_HIGHEST <= kept
    words = described(ours.data)
    assert WORDS in words, words
    assert words == described(frame_client.get(URL).data)


@pytest.fixture(params=["sqlite", "postgresql"])
def source_url(request, tmp_path) -> str:
    """A source database of each system holding the table `big`."""
    return write_tables(request, tmp_path / "big.db", {"big": pd.DataFrame({"x": range(len(VALUES)), "v": VALUES})})


def test_a_sources_line_of_integers_past_2_53_keeps_each_columns_lowest_and_highest_row(tmp_path, source_url,
                                                                                        source_client, monkeypatch):
    by_m4 = []
    recorded(monkeypatch, pushdown_m4, "line", by_m4)
    answer = source_client(tmp_path, source_url, ["big"]).get(URL)
    assert answer.status_code == 200 and len(by_m4) == 1
    kept = set(by_m4[0]["x"].tolist())
    assert len(kept) < len(VALUES) and EACH_COLUMNS_LOWEST_OR_HIGHEST <= kept
    assert WORDS in described(answer.data), described(answer.data)
