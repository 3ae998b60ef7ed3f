"""A time range and a filter that together leave no rows name what left none alike on every path: the
range alone where it chooses no row of the dataset ("No rows in this range"), the filter alone where
it chooses none, both only where each chooses rows but none together ("No rows for this filter in this
range"). A small stored dataset's frame finds it of its rows; a big one's database and a source's,
which apply both at once, ask which (they named both whatever left none)."""
from __future__ import annotations

from collections.abc import Iterator

import pandas as pd
import pytest

from tests.source_data import PATHS, path_clients
from tests.test_bounds_over_rows_without_x import note_and_words

ROWS = 40
# Station A's rows are all of 2020, B's of 2005.
FRAME = pd.DataFrame({"when": pd.to_datetime([f"2020-01-{i % 28 + 1:02d}" for i in range(ROWS)]
                                             + [f"2005-03-{i % 28 + 1:02d}" for i in range(ROWS)]),
                      "station": ["A"] * ROWS + ["B"] * ROWS, "v": [float(i) for i in range(2 * ROWS)]})
CSV = FRAME.to_csv(index=False, date_format="%Y-%m-%d")


@pytest.fixture(scope="module")
def clients(postgres_url: str, tmp_path_factory) -> Iterator[dict]:
    """A test client of each path's site, its dataset `t` holding FRAME's rows; a stored dataset of
    more than 10 rows is charted by its database."""
    with path_clients(postgres_url, tmp_path_factory.mktemp("leaving"), FRAME, CSV, PATHS,
                      settings={"RENDER_CACHE_BYTES": 0}, pushdown_above_rows=10) as made:
        yield made


NAMED = [("x=when&y=v&filter.station=A&to=2000-01-01", "No rows in this range"),
         ("kind=scatter&x=v&y=v&filter.station=A&from=2030-01-01", "No rows in this range"),
         ("kind=hist&y=v&filter.station=A&to=2000-01-01", "No rows in this range"),
         ("x=when&y=v&filter.station=A&to=2010-01-01", "No rows for this filter in this range"),
         ("kind=bar&x=station&y=v&filter.station=B&from=2010-01-01", "No rows for this filter in this range")]


@pytest.mark.parametrize("query, said", NAMED)
def test_a_range_and_a_filter_leaving_none_name_what_left_none_alike_on_every_path(clients, query, said):
    drawn = {path: note_and_words(clients[path], query, "t") for path in PATHS}
    for path, (texts, words) in drawn.items():
        assert said in texts and words.endswith(f", 0 rows. {said}."), (path, texts, words)
