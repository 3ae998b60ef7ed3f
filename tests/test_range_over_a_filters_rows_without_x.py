"""A filter choosing only rows without an x, the column a chart places its rows by, says "No rows to
draw" and counts them in its words ("40 rows have no when and are not drawn"), with a time range over
x as without one: the range chooses no row without a time, but those rows were left out for having no
x, not by it. A frame and a big stored dataset's database count them alike; a source, which counts no
rows without an x, says "No rows to draw" alone."""
from __future__ import annotations

from collections.abc import Iterator

import pandas as pd
import pytest

from tests.source_data import PATHS, path_clients
from tests.test_bounds_over_rows_without_x import note_and_words

COUNTED = ("data folder", "sqlite store", "postgresql store")
ROWS = 40
# Station B's rows have no time; A's are all of 2020.
FRAME = pd.DataFrame({"when": pd.Series([pd.Timestamp(2020, 1, i % 28 + 1) for i in range(ROWS)] + [pd.NaT] * ROWS,
                                        dtype="datetime64[ns]"),
                      "station": ["A"] * ROWS + ["B"] * ROWS, "v": [float(i) for i in range(2 * ROWS)]})
CSV = FRAME.to_csv(index=False, date_format="%Y-%m-%d")


@pytest.fixture(scope="module")
def clients(postgres_url: str, tmp_path_factory) -> Iterator[dict]:
    """A test client of each path's site, its dataset `t` holding FRAME's rows; a stored dataset of
    more than 10 rows is charted by its database."""
    with path_clients(postgres_url, tmp_path_factory.mktemp("untimed_x"), FRAME, CSV, PATHS,
                      settings={"RENDER_CACHE_BYTES": 0}, pushdown_above_rows=10) as made:
        yield made


@pytest.mark.parametrize("query", ["x=when&y=v&filter.station=B", "x=when&y=v&filter.station=B&from=2000-01-01",
                                   "kind=bar&x=when&y=v&filter.station=B", "kind=scatter&x=when&y=v&filter.station=B",
                                   "kind=bar&x=when&y=v&filter.station=B&from=2000-01-01",
                                   "kind=scatter&x=when&y=v&filter.station=B&to=2030-01-01"])
def test_a_filters_rows_without_an_x_are_counted_with_a_range_over_x_as_without(clients, query):
    for path in PATHS:
        texts, words = note_and_words(clients[path], query, "t")
        counted = f" {ROWS} rows have no when and are not drawn." if path in COUNTED else ""
        assert "No rows to draw" in texts and words.endswith(f", 0 rows. No rows to draw.{counted}"), (path, words)


def test_a_range_over_x_leaving_out_rows_with_times_counts_none_without(clients):
    for path in PATHS:
        texts, words = note_and_words(clients[path], "x=when&y=v&from=2021-01-01", "t")
        assert "No rows in this range" in texts and words.endswith(", 0 rows. No rows in this range."), (path, words)
