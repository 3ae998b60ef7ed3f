"""`series=<column>` draws one y column as a series per value of a text column: long rows (`day, region,
sales`) draw as the wide table of the same numbers pivoted by hand does, byte for byte, whichever way the
rows reach the site (stored, a data-folder file, an SQLite or a PostgreSQL source); a series is named by
its value, the values sorted as text, the first 20 drawn and the others named in the words."""
from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pandas as pd
import pytest

from tests.conftest import described
from tests.source_data import PATHS, path_clients

REGIONS = ["West", "North", "East", "South"]  # as the rows give them first: drawn sorted, East first


def long_frame() -> pd.DataFrame:
    rng = np.random.default_rng(5)
    days = pd.date_range("2024-01-01", periods=60, freq="D")
    rows = [(day, region, int(rng.integers(0, 100))) for day in days for region in REGIONS]
    return pd.DataFrame(rows, columns=["day", "region", "sales"])


def wide_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` pivoted by hand: a column per region, sorted as text."""
    wide = frame.pivot(index="day", columns="region", values="sales").reset_index()
    wide.columns.name = None
    return wide[["day", *sorted(REGIONS)]]


@pytest.fixture(scope="module")
def clients(postgres_url: str, tmp_path_factory) -> Iterator[dict]:
    """A test client of each path's site, its dataset `t` the long rows."""
    frame = long_frame()
    with path_clients(postgres_url, tmp_path_factory.mktemp("series"), frame, frame.to_csv(index=False), PATHS,
                      settings={"RENDER_CACHE_BYTES": 0}) as made:
        yield made


@pytest.fixture(scope="module")
def wide(postgres_url: str, tmp_path_factory):
    """A test client of a site whose dataset `t` is the rows pivoted by hand, in the data folder."""
    frame = wide_frame(long_frame())
    with path_clients(postgres_url, tmp_path_factory.mktemp("wide"), frame, frame.to_csv(index=False),
                      ("data folder",), settings={"RENDER_CACHE_BYTES": 0}) as made:
        yield made["data folder"]


WIDE_Y = "y=East,North,South,West&ylabel=sales&legend=true"


@pytest.mark.parametrize("query", ["kind=line", "kind=line&resample=week&agg=sum", "kind=bar&resample=month&agg=sum",
                                   "kind=area&resample=week&stack=stacked", "kind=bar&resample=month&stack=percent"])
def test_a_split_chart_draws_as_the_wide_table_pivoted_by_hand_on_every_path(clients, wide, query):
    expected = wide.get(f"/plot/t.svg?x=day&{WIDE_Y}&{query}")
    assert expected.status_code == 200, expected.get_data(as_text=True)
    for path in PATHS:
        answer = clients[path].get(f"/plot/t.svg?x=day&y=sales&series=region&{query}")
        assert answer.status_code == 200, (path, answer.get_data(as_text=True))
        assert answer.data == expected.data, (path, described(answer.data), described(expected.data))


def test_a_split_chart_s_data_is_the_wide_table_on_every_path(clients, wide):
    expected = wide.get(f"/plot/t.csv?x=day&{WIDE_Y}&resample=month&agg=sum").data
    for path in PATHS:
        assert clients[path].get("/plot/t.csv?x=day&y=sales&series=region&resample=month&agg=sum").data == expected
    rows = clients["sqlite source"].get("/plot/t.json?x=day&y=sales&series=region").get_json()
    assert rows["columns"] == ["day", "East", "North", "South", "West"]
    assert rows["spec"]["series"] == "region"


def test_a_filter_on_the_series_column_draws_fewer_series(clients, wide):
    expected = wide.get("/plot/t.svg?x=day&y=East,West&ylabel=sales&legend=true").data
    for path in PATHS:
        answer = clients[path].get("/plot/t.svg?x=day&y=sales&series=region&filter.region=West&filter.region=East")
        assert answer.data == expected, (path, described(answer.data))


def test_series_none_undoes_a_split(clients):
    plain = clients["data folder"].get("/plot/t.svg?x=day&y=sales").data
    assert clients["data folder"].get("/plot/t.svg?x=day&y=sales&series=region&series=none").status_code == 400
    assert clients["data folder"].get("/plot/t.svg?x=day&y=sales&series=none").data == plain


@pytest.mark.parametrize("query, said", [
    ("y=sales,sales2&series=region", "series splits one y column into a series per value of 'region', and y names 2"),
    ("y=sales&series=sales", "series=sales is the chart's y column"),
    ("y=sales&series=day", "series=day is the chart's x column"),
    ("y=sales&series=sales2", "series takes a text column, whose values name the series, and 'sales2' holds numbers; "
                              "the text columns are 'region'"),
])
def test_a_series_that_cannot_split_the_chart_is_400_saying_why(tmp_path, query, said):
    frame = long_frame().assign(sales2=1)
    with path_clients("", tmp_path, frame, frame.to_csv(index=False), ("data folder",)) as made:
        answer = made["data folder"].get(f"/plot/t.json?x=day&{query}")
    assert answer.status_code == 400 and said in answer.get_json()["error"], answer.get_json()


def test_an_unknown_series_column_is_404_naming_the_columns(clients):
    answer = clients["sqlite source"].get("/plot/t.json?x=day&y=sales&series=regoin")
    assert answer.status_code == 404
    assert "series: no column 'regoin'" in answer.get_json()["error"]


def test_values_past_the_cap_are_left_out_and_named_and_rows_without_one_counted(tmp_path):
    names = [f"s{n:02d}" for n in range(23)]
    frame = pd.DataFrame({"day": np.repeat(pd.date_range("2024-01-01", periods=3), len(names) + 1),
                          "region": [*names, ""] * 3, "sales": range(3 * (len(names) + 1))})
    with path_clients("", tmp_path, frame, frame.to_csv(index=False), ("data folder",)) as made:
        answer = made["data folder"].get("/plot/t.svg?x=day&y=sales&series=region")
        rows = made["data folder"].get("/plot/t.json?x=day&y=sales&series=region").get_json()
    words = described(answer.data)
    assert rows["columns"] == ["day", *names[:20]]
    assert ("3 more values of region are not drawn, as at most 20 series are: s20, s21 and s22; choose the values "
            "to draw with filter.region") in words, words
    assert "3 rows have no region and are in no series" in words, words
