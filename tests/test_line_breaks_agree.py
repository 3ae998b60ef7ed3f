"""A thinned line of a column with missing values is the same chart whichever way its rows reach the
site: a CSV file in the data folder (every row, thinned in memory), a big stored dataset (thinned
by the SQLite store, over ranges of row ids or in memory, or by the PostgreSQL one) or a table of
an SQLite or PostgreSQL source (thinned by that database). The missing value that breaks the line
after a pixel column's last value may lie in that column between its first and its last missing
values, where a database finds rows by a column's edges, and the rows after the line's last value
have none: each path draws the same bytes, words included ("last value: v 9.45 at x 1992")."""
from __future__ import annotations

from collections.abc import Iterator

import html

import numpy as np
import pandas as pd
import pytest

from app.store import pushdown_row_ranges
from plots.value_text import said_number
from tests.source_data import PATHS, path_clients

ROWS = 2_000  # more than four a pixel column of a chart 200 pixels wide: thinned


def gapped_frame(rows: int = ROWS, seed: int = 11) -> pd.DataFrame:
    """A walk over x = 0, 1, …: a value missing in some 3 rows of 10 (several in one pixel column,
    before its last value and after it), runs of missing values across pixel columns' edges, and
    the last rows' missing; `w` with no value missing, and `u` in rows of shuffled x."""
    rng = np.random.default_rng(seed)
    v = np.round(np.cumsum(rng.normal(size=rows)), 2)
    v[rng.random(rows) < 0.3] = np.nan
    for start in (400, 1010, 1500):
        v[start:start + 25] = np.nan
    v[-7:] = np.nan
    return pd.DataFrame({"x": np.arange(rows), "v": v, "w": np.round(rng.normal(size=rows), 2)})


def csv_text(frame: pd.DataFrame) -> str:
    return frame.to_csv(index=False)


@pytest.fixture(scope="module")
def clients(postgres_url: str, tmp_path_factory) -> Iterator[dict]:
    """A test client of each path's site (no samples, no dashboards), its dataset `t` holding the
    gapped frame's rows; a stored dataset of more than 1,000 rows is charted by its database."""
    frame = gapped_frame()
    with path_clients(postgres_url, tmp_path_factory.mktemp("breaks"), frame, csv_text(frame), PATHS,
                      settings={"RENDER_CACHE_BYTES": 0}, pushdown_above_rows=1_000) as made:
        yield made


CHARTS = ["x=x&y=v&width=200", "x=x&y=v&width=150", "x=x&y=v,w&width=200", "kind=area&x=x&y=v&width=200",
          "x=x&y=v&xmin=300&xmax=1600&width=150"]


@pytest.mark.parametrize("read_per_column", [0, pushdown_row_ranges.READ_ROWS_PER_COLUMN])
@pytest.mark.parametrize("chart", CHARTS)
def test_a_thinned_line_with_missing_values_is_the_same_bytes_on_every_path(clients, chart, read_per_column,
                                                                             monkeypatch):
    # 0: the SQLite store finds the rows of each pixel column over its row ids, not reading them.
    monkeypatch.setattr(pushdown_row_ranges, "READ_ROWS_PER_COLUMN", read_per_column)
    drawn = {path: clients[path].get(f"/plot/t.svg?{chart}") for path in PATHS}
    assert all(answer.status_code == 200 for answer in drawn.values()), {p: a.status_code for p, a in drawn.items()}
    differ = [path for path in PATHS[1:] if drawn[path].data != drawn["data folder"].data]
    assert not differ, differ


def test_the_words_of_a_thinned_line_whose_last_rows_have_no_value_name_its_last_value_s_x(clients):
    # The rows after x 1992 have no v: each path says where its line ends, as for a day not yet filled in.
    # And the whole line's lowest and highest, which thinning per pixel column keeps.
    v = gapped_frame()["v"]
    ends = f"lowest {said_number(v.min())} ({v.idxmin()}), highest {said_number(v.max())} ({v.idxmax()})"
    for path in PATHS:
        answer = clients[path].get("/plot/t.svg?x=x&y=v&width=200")
        assert f"last value: v 9.45 at x 1992, {ends}." in html.unescape(answer.get_data(as_text=True)), path
