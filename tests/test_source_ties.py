"""Rows a source's database sorts as equal come in one order, whatever the order its table holds them
in, on SQLite and PostgreSQL alike, so that a chart and its data are the same at every request: a
bar chart's rows of one x, whose sum or mean of floats added in another order may be another."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from tests.conftest import json_rows
from tests.source_data import write_postgres, write_sqlite, write_tables

# The first day's (and shop's) values add up to 1.0 or to 0.0 by the order they are added in.
DAYS = pd.DataFrame({"day": pd.to_datetime(["2024-01-01", "2024-01-01", "2024-01-01", "2024-01-02"]),
                     "shop": ["Nord", "Nord", "Nord", "Süd"], "v": [1.0, 1e100, -1e100, 2.0]})


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path: Path) -> str:
    """A database of the tables `given` (DAYS) and `turned` (its first day's rows in another order)."""
    return write_tables(request, tmp_path / "days.db", {"given": DAYS, "turned": DAYS.iloc[[1, 2, 0, 3]]})


@pytest.mark.parametrize("query", ["x=day&kind=bar&agg=sum", "x=day&kind=barh&agg=mean", "x=shop&kind=bar&agg=sum"])
def test_bars_of_rows_at_one_x_are_the_same_whatever_order_the_table_holds_them_in(
        tmp_path, url, source_client, query):
    client = source_client(tmp_path, url, ["given", "turned"])
    given, turned = (json_rows(client, f"/plot/{name}.json?y=v&{query}") for name in ("given", "turned"))
    assert given == turned
    assert len(given) == 2


# Rows of one day, one of them without a value: SQLite sorts a missing value first, PostgreSQL last.
GAPPED = pd.DataFrame({"day": pd.to_datetime(["2024-01-01", "2024-01-02", "2024-01-02", "2024-01-04", "2024-01-04"]),
                       "v": [1.0, None, 2.0, None, 3.0]})


@pytest.mark.parametrize("query", ["x=day", "x=day&xmin=2024-01-03T00:00:00&xmax=2024-01-03T12:00:00", "x=day&kind=area"])
def test_rows_of_one_x_with_a_missing_value_come_in_one_order_from_sqlite_and_postgresql(
        tmp_path, postgres_database_url, source_client, query):
    write_postgres(postgres_database_url, {"gapped": GAPPED})
    urls = {"sqlite": write_sqlite(tmp_path / "gapped.db", {"gapped": GAPPED}), "postgresql": postgres_database_url}
    rows = {}
    for backend, url in urls.items():
        (tmp_path / backend).mkdir()
        rows[backend] = json_rows(source_client(tmp_path / backend, url, ["gapped"]), f"/plot/gapped.json?y=v&{query}")
    assert rows["sqlite"] == rows["postgresql"]
    # Missing values last, as rows of one x come: the last of a day's before xmin, the first after xmax.
    assert [v for _, v in rows["sqlite"]][-2:] == ([None, 3.0] if "xmin" in query else [3.0, None])
