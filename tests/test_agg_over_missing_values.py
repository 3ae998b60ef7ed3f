"""How `agg` combines rows holding missing values, as README says: each aggregate over the values
present, a missing one left out, so that `count` counts a series' values, not its rows; for a
data-folder file and for a source's database alike."""
from __future__ import annotations

import pytest

from tests.conftest import json_rows
from tests.test_source_values import sqlite_file

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
def client(tmp_path, source_client):
    """A site with the rows as a source's table, `cats`, and as a data-folder file, `cats_csv`."""
    url = sqlite_file(tmp_path / "cats.db", {"cats": ("cat TEXT, v REAL, n INTEGER", ROWS)})
    text = "cat,v,n\n" + "".join(",".join("" if cell is None else str(cell) for cell in row) + "\n" for row in ROWS)
    return source_client(tmp_path, url, ["cats"], files={"cats_csv.csv": text})


@pytest.mark.parametrize("agg", list(EXPECTED))
@pytest.mark.parametrize("name", ["cats", "cats_csv"])
def test_each_aggregate_is_over_the_values_present(client, name, agg):
    assert json_rows(client, f"/plot/{name}.json?kind=bar&x=cat&y=v,n&agg={agg}") == EXPECTED[agg]
