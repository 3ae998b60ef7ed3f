"""A thinned line over integer x between fractional bounds counts and draws the rows within them alike on
every path: a database thinning it (a source's, a big stored dataset's on PostgreSQL) took the row just
below xmin for one within it (`xmin=1500.5` drew and counted t=1500), as the frame path does not."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from app.store.source_conditions import integer_bound
from tests.conftest import described
from tests.source_data import BIG_STORES, PATHS, path_clients

EVERY_PATH = (*PATHS, *BIG_STORES)
# More rows within the bounds than a chart 100 pixels wide draws whole: each path thins them.
READINGS = pd.DataFrame({"t": range(5000), "reading": np.cos(np.arange(5000) / 90.0)})


@pytest.mark.parametrize("bounds", ["xmin=1500.5&xmax=3500.5", "xmin=1500.25&xmax=3500.75",
                                    "xmin=-0.5&xmax=2999.5", "xmin=2500.5"])
def test_a_thinned_line_of_integers_between_fractional_bounds_counts_and_draws_the_rows_within_them_alike(
        postgres_url, tmp_path, bounds):
    frame = READINGS
    url = f"/plot/t.svg?x=t&y=reading&width=100&{bounds}"
    with path_clients(postgres_url, tmp_path, frame, frame.to_csv(index=False), EVERY_PATH,
                      settings={"RENDER_CACHE_BYTES": 0}) as made:
        expected = made["data folder"].get(url)
        assert expected.status_code == 200, expected.get_data(as_text=True)[:300]
        for path in EVERY_PATH:
            answer = made[path].get(url)
            assert answer.status_code == 200, (path, answer.get_data(as_text=True)[:300])
            assert described(answer.data) == described(expected.data), (path, described(answer.data))


@pytest.mark.parametrize(("value", "op", "whole"), [(1500.5, ">=", 1501), (1500.25, ">=", 1501), (3500.5, "<=", 3500),
                                                    (2.5, "<=", 2), (-0.5, ">=", 0), (-2.5, "<=", -3)])
def test_a_fractional_bound_of_an_integer_column_is_the_whole_number_the_integers_meeting_it_start_or_end_at(
        value, op, whole):
    # Bound as the column's integer type, PostgreSQL rounded 1500.5 to 1500 (half to even), 2.5 to 2.
    found = integer_bound(op, value)
    assert (found, type(found)) == (whole, int)
