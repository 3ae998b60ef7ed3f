"""The mean of an integer column is its exact sum over its count, rounded once to the nearest double,
for a stored dataset and a source's alike: averaged as doubles, integers near 1e18 were rounded
to multiples of 128 before they were added up."""
from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path

import pandas as pd
import pytest

from app import create_app
from app.export_numbers import number_to_read
from tests.conftest import CSV_WRITE, writable_app
from tests.postgres import database
from tests.source_data import postgres_tables, sources_toml, write_sqlite

# Per category and month: values whose doubles add up to other means than theirs (10**18 + 1 is
# the double 10**18), one near 2**62 too. Thirty times over: more rows than bars (100) a source's
# bar chart reads as they are before its database groups them.
GROUPS = {("a", "2024-01-15"): [10**18 + 1, -(10**18), 1000, 162],
          ("b", "2024-03-15"): [2**62 + 1, 2**62 + 2, 2**62 + 5],
          ("c", "2024-04-15"): [-(10**18) - 1, -(10**18) - 3, 7]}
ROWS = [(c, d, v) for (c, d), values in GROUPS.items() for v in values] * 30
FRAME = pd.DataFrame(ROWS, columns=["c", "d", "n"]).assign(d=lambda f: pd.to_datetime(f["d"]))
EXACT = [float(Fraction(sum(values), len(values))) for values in GROUPS.values()]
# As a chart's data writes them: past 2**53, where a double's last digits are rounding, to 15 digits.
WRITTEN = [number_to_read(mean) for mean in EXACT]
CHARTS = ["kind=bar&x=c&y=n&agg=mean", "x=d&y=n&resample=month&agg=mean", "kind=bar&x=d&y=n&resample=month&agg=mean"]


def test_the_means_are_not_those_of_doubles():
    doubles = [float(sum(map(float, values)) / len(values)) for values in GROUPS.values()]
    assert doubles != EXACT and EXACT[0] == 290.75


def means(client, name: str, chart: str) -> list[float]:
    response = client.get(f"/plot/{name}.json?{chart}")
    assert response.status_code == 200, response.get_data(as_text=True)
    return [float(n) for _, n in response.get_json()["rows"]]


@pytest.mark.parametrize("chart", CHARTS)
def test_a_stored_datasets_mean_of_integers_is_exact(data_dir, chart):
    client = writable_app(data_dir).test_client()
    csv = "c,d,n\n" + "".join(f"{c},{d},{v}\n" for c, d, v in ROWS)
    assert client.post("/api/datasets?name=big", data=csv, headers=CSV_WRITE).status_code == 201
    assert means(client, "big", chart) == WRITTEN


@pytest.fixture(params=["sqlite", "postgresql"])
def source_url(request, tmp_path: Path) -> Iterator[str]:
    """A source database holding the table `big` of FRAME."""
    if request.param == "sqlite":
        yield write_sqlite(tmp_path / "big.db", {"big": FRAME})
        return
    server = request.getfixturevalue("postgres_url")
    with database(server, "svgplots_exact_means", *postgres_tables({"big": FRAME})) as url:
        yield url


@pytest.mark.parametrize("chart", CHARTS)
def test_a_sources_mean_of_integers_is_exact(tmp_path, source_url, closing, chart):
    sources = sources_toml(tmp_path / "sources.toml", {"shop": {"url": source_url}},
                           {"big": {"source": "shop", "table": "big"}})
    data = tmp_path / "data"
    data.mkdir()
    app = closing(create_app({"TESTING": True, "DATA_DIR": str(data), "SOURCES": str(sources), "RENDER_WORKERS": 0}))
    assert means(app.test_client(), "big", chart) == WRITTEN


# PostgreSQL's 32-bit integer and smallint shift within their own width (`5::int4 >> 32` is 5): a
# mean summed in halves must widen them first. Fifty times over, so that the database groups them.
NARROW = {"integer": [7, 8, 10], "smallint": [-3, 4, 5]}


@pytest.mark.parametrize("sql_type", NARROW)
def test_a_postgresql_mean_of_a_narrow_integer_column_is_its_mean(tmp_path, postgres_url, closing, sql_type):
    values = NARROW[sql_type]
    rows = ", ".join(f"('a', {v})" for v in values * 50)
    with database(postgres_url, f"svgplots_narrow_{sql_type}", f'CREATE TABLE narrow (c text, n {sql_type})',
                  f"INSERT INTO narrow VALUES {rows}") as url:
        sources = sources_toml(tmp_path / "sources.toml", {"shop": {"url": url}},
                               {"narrow": {"source": "shop", "table": "narrow"}})
        data = tmp_path / "data"
        data.mkdir()
        app = closing(create_app({"TESTING": True, "DATA_DIR": str(data), "SOURCES": str(sources),
                                  "RENDER_WORKERS": 0}))
        # The chart's data writes a mean that is no whole number to 15 significant digits.
        mean = number_to_read(sum(values) / len(values))
        assert means(app.test_client(), "narrow", "kind=bar&x=c&y=n&agg=mean") == [mean]
