"""How `agg` combines rows holding missing values, as README says: each aggregate over the values
present, a missing one left out, so that `count` counts a series' values, not its rows. That a
source's database and either store combine them so too: tests/test_paths_agree.py."""
from __future__ import annotations

import pytest

from tests.conftest import json_rows

# Category a: v 1, missing, 4 and n 1, 3, 5; b: v 2, 6 and n missing, 6; c: neither.
ROWS = [("a", 1.0, 1), ("b", 2.0, None), ("a", None, 3), ("c", None, None), ("a", 4.0, 5), ("b", 6.0, 6)]
EXPECTED = {
    "count": [["a", 2, 3], ["b", 2, 1], ["c", 0, 0]],
    "mean": [["a", 2.5, 3], ["b", 4, 6], ["c", None, None]],
    "sum": [["a", 5.0, 9], ["b", 8.0, 6], ["c", 0, 0]],
    "median": [["a", 2.5, 3], ["b", 4, 6], ["c", None, None]],
    "min": [["a", 1.0, 1], ["b", 2.0, 6], ["c", None, None]],
    "max": [["a", 4.0, 5], ["b", 6.0, 6], ["c", None, None]],
}


@pytest.fixture
def cats(client, data_dir):
    """A test client of the site with the rows as a data-folder file, `cats`."""
    text = "cat,v,n\n" + "".join(",".join("" if cell is None else str(cell) for cell in row) + "\n" for row in ROWS)
    (data_dir / "cats.csv").write_text(text, encoding="utf-8")
    return client


@pytest.mark.parametrize("agg", list(EXPECTED))
def test_each_aggregate_is_over_the_values_present(cats, agg):
    assert json_rows(cats, f"/plot/cats.json?kind=bar&x=cat&y=v,n&agg={agg}") == EXPECTED[agg]
