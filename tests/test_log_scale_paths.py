"""`yscale=log` changes the drawing only: a big line thinned per pixel column (M4, whose lowest and
highest values a log scale keeps as they are) draws the same bytes whichever way its rows reach the site,
and its words say that values at or below 0 are left out; its data holds the rows a linear chart's does."""
from __future__ import annotations

import re
from collections.abc import Iterator

import numpy as np
import pandas as pd
import pytest

from tests.conftest import described
from tests.source_data import PATHS, path_clients

ROWS = 2_000  # more than four a pixel column of a chart 200 pixels wide: thinned


@pytest.fixture(scope="module")
def clients(postgres_url: str, tmp_path_factory) -> Iterator[dict]:
    """A test client of each path's site, its dataset `t` a walk over five powers of ten whose every
    40th value is 0 or below; a stored dataset of more than 1,000 rows is charted by its database."""
    rng = np.random.default_rng(5)
    v = np.round(10 ** rng.uniform(-1, 4, ROWS), 3)
    v[::40] = -np.round(rng.uniform(0, 5, len(v[::40])), 2)
    frame = pd.DataFrame({"x": np.arange(ROWS), "v": v})
    with path_clients(postgres_url, tmp_path_factory.mktemp("log"), frame, frame.to_csv(index=False), PATHS,
                      settings={"RENDER_CACHE_BYTES": 0}, pushdown_above_rows=1_000) as made:
        yield made


@pytest.mark.parametrize("chart", ["x=x&y=v&width=200&yscale=log", "x=x&y=v&yscale=log&ymin=1",
                                   "kind=scatter&x=x&y=v&width=200&yscale=log"])
def test_a_big_log_line_is_the_same_bytes_on_every_path(clients, chart):
    drawn = {path: clients[path].get(f"/plot/t.svg?{chart}") for path in PATHS}
    assert all(answer.status_code == 200 for answer in drawn.values()), {p: a.status_code for p, a in drawn.items()}
    first = drawn[PATHS[0]].data
    assert all(answer.data == first for answer in drawn.values()), {
        p: described(a.data) for p, a in drawn.items()}
    words = described(first)
    assert "at or below 0 are not drawn on the log scale." in words, words
    labels = re.findall(r'text-anchor="end"[^>]*>([^<]*)</text>', first.decode())
    assert {"10", "100", "1000"} <= set(labels), labels


def test_a_big_log_line_s_data_holds_the_rows_of_the_linear_one_on_every_path(clients):
    for path in PATHS:
        log, linear = (clients[path].get(f"/plot/t.json?x=x&y=v&width=200{extra}").get_json()
                       for extra in ("&yscale=log", ""))
        assert log["rows"] == linear["rows"], path
