"""`gap` breaks a line the same way whichever way its rows reach the site: a big line thinned per pixel
column (M4) in memory, or by an SQLite or a PostgreSQL source's database, draws the same bytes and says the
same words, its line broken at the stretch of days without rows and nowhere else; its data holds the rows a
line without a gap does."""
from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pandas as pd
import pytest

from tests.conftest import described
from tests.source_data import PATHS, path_clients
from tests.test_line_gaps import pieces

HOURS = 24 * 120  # more than four rows a pixel column of a chart 200 pixels wide: thinned


@pytest.fixture(scope="module")
def clients(postgres_url: str, tmp_path_factory) -> Iterator[dict]:
    """A test client of each path's site, its dataset `t` hourly readings over 120 days but for the
    first ten days of March, when the sensor was offline; a stored dataset of more than 1,000 rows is
    charted by its database."""
    hours = pd.date_range("2024-01-01", periods=HOURS, freq="h")
    hours = hours[(hours < "2024-03-01") | (hours >= "2024-03-11")]
    rng = np.random.default_rng(3)
    frame = pd.DataFrame({"when": hours, "v": np.round(np.cumsum(rng.normal(0, 1, len(hours))), 3)})
    with path_clients(postgres_url, tmp_path_factory.mktemp("gaps"), frame, frame.to_csv(index=False), PATHS,
                      settings={"RENDER_CACHE_BYTES": 0}, pushdown_above_rows=1_000) as made:
        yield made


@pytest.mark.parametrize("kind", ["line", "area"])
def test_a_big_line_breaks_at_its_gap_the_same_on_every_path(clients, kind):
    drawn = {path: clients[path].get(f"/plot/t.svg?kind={kind}&x=when&y=v&width=200&gap=1d") for path in PATHS}
    assert all(answer.status_code == 200 for answer in drawn.values()), {p: a.status_code for p, a in drawn.items()}
    first = drawn[PATHS[0]].data
    assert all(answer.data == first for answer in drawn.values()), {p: described(a.data) for p, a in drawn.items()}
    words = described(first)
    assert (f"the {kind} breaks at 1 gap of more than 1 day between its rows, 10 days, "
            "from 2024-02-29T23:00:00Z to 2024-03-11T00:00:00Z.") in words, words
    if kind == "line":
        joined = clients[PATHS[0]].get("/plot/t.svg?x=when&y=v&width=200").data
        assert (pieces(joined), pieces(first)) == (1, 2)


def test_a_gap_narrower_than_a_pixel_column_breaks_no_thinned_line_on_any_path(clients):
    # An hour a row: a gap of 90 minutes is met only at March, where every path breaks the line.
    for path in PATHS:
        svg = clients[path].get("/plot/t.svg?x=when&y=v&width=200&gap=90m").data
        assert pieces(svg) == 2, path


def test_the_words_of_a_gap_narrower_than_a_pixel_column_count_the_gaps_wider_than_one_on_every_path(clients):
    # 120 days over 200 pixel columns: some 14.4 hours a column, which a gap must pass to break the line.
    drawn = {path: clients[path].get("/plot/t.svg?x=when&y=v&width=200&gap=90m").data for path in PATHS}
    first = drawn[PATHS[0]]
    assert all(svg == first for svg in drawn.values()), {p: described(svg) for p, svg in drawn.items()}
    assert ("the line breaks at 1 gap of more than 90 minutes and a pixel column (14.4 hours) between its rows, "
            "10 days, from 2024-02-29T23:00:00Z to 2024-03-11T00:00:00Z.") in described(first)


def test_a_gapped_line_s_data_holds_the_rows_of_the_joined_one_on_every_path(clients):
    for path in PATHS:
        gapped, joined = (clients[path].get(f"/plot/t.json?x=when&y=v&width=200{extra}").get_json()
                          for extra in ("&gap=1d", ""))
        assert gapped["rows"] == joined["rows"], path
