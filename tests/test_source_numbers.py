"""Numbers of a source read one way everywhere: PostgreSQL's `real` (float4) as the shortest decimal
that is that float4 (what PostgreSQL prints, 0.7) in the rows and in every bound, bin and aggregate;
a `numeric` beyond a double a missing value in aggregates as in the rows; and a sum of doubles past
the largest double a 422 naming the column, in SQLite as in PostgreSQL."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.postgres import database
from tests.test_source_values import tables_source

NUMBERS_TABLES = """
CREATE TABLE numbers (day timestamp, r real, d double precision, n numeric);
INSERT INTO numbers
SELECT TIMESTAMP '2024-01-01' + g * interval '1 hour', (7 + g) / 10.0, (7 + g) / 10.0,
       CASE g WHEN 5 THEN 1e400 WHEN 6 THEN -1e400 ELSE g END
FROM generate_series(0, 36) g;
"""


@pytest.fixture(scope="module")
def numbers_url(postgres_url: str) -> Iterator[str]:
    """A PostgreSQL database holding `numbers`: r and d hold 0.7 … 4.3 in steps of 0.1 (37 rows),
    as float4 and as float8; n holds 0 … 36, but 1e400 and -1e400 in the rows 5 and 6."""
    with database(postgres_url, "svgplots_source_pg_numbers", NUMBERS_TABLES) as url:
        yield url


@pytest.fixture
def client(tmp_path: Path, numbers_url: str, source_client):
    """The site over `numbers` as a table and as a query."""
    return source_client(tmp_path, numbers_url, ["numbers"],
                         {"numbers_query": {"source": "db", "sql": "SELECT * FROM numbers"}})


def ok(response):
    assert response.status_code == 200, response.data[:400]
    return response


@pytest.mark.parametrize("name", ["numbers", "numbers_query"])
@pytest.mark.parametrize("column", ["r", "d"])
def test_a_histogram_of_a_real_column_counts_every_row_as_of_a_double_one(client, name, column):
    svg = ok(client.get(f"/plot/{name}.svg?kind=hist&y={column}")).data.decode()
    assert "37 rows" in svg and "from 0.7 to 4.3" in svg
    rows = ok(client.get(f"/plot/{name}.json?kind=hist&y={column}")).json["rows"]
    assert len(rows) == 37


@pytest.mark.parametrize("name", ["numbers", "numbers_query"])
def test_a_real_column_reads_as_it_is_printed_in_rows_and_bounds(client, name):
    rows = ok(client.get(f"/plot/{name}.json?kind=scatter&x=r&y=d")).json["rows"]
    assert [x for x, _ in rows] == [y for _, y in rows]
    assert rows[22] == [2.9, 2.9]
    bounded = ok(client.get(f"/plot/{name}.json?kind=scatter&x=r&y=d&xmin=0.7&xmax=2.9")).json["rows"]
    assert [x for x, _ in bounded] == [x for x, _ in rows[:23]]
    csv = ok(client.get(f"/datasets/{name}.csv")).data.decode().splitlines()
    assert csv[23].split(",")[1:3] == ["2.9", "2.9"]


@pytest.mark.parametrize("name", ["numbers", "numbers_query"])
@pytest.mark.parametrize("query", ["y=n&resample=day&agg=sum", "y=n&resample=day&agg=mean",
                                   "kind=hist&y=n", "kind=bar&x=day&y=n", "kind=box&y=n"])
def test_a_numeric_beyond_a_double_is_a_missing_value_in_aggregates_as_in_the_rows(client, name, query):
    ok(client.get(f"/plot/{name}.svg?{query}"))


@pytest.mark.parametrize("name", ["numbers", "numbers_query"])
def test_a_numeric_beyond_a_double_is_left_out_of_a_sum(client, name):
    # As it was already: the value is no finite number (`finite_number`).
    rows = ok(client.get(f"/plot/{name}.json?x=day&y=n&resample=day&agg=sum")).json["rows"]
    assert [value for _, value in rows] == [sum(range(24)) - 11, sum(range(24, 37))]
    shown = ok(client.get(f"/plot/{name}.json?x=day&y=n")).json["rows"]
    assert shown[5][1] is None and shown[6][1] is None


HUGE_ROWS = [("2024-01-01 00:00", 1e308), ("2024-01-01 01:00", 1e308), ("2024-01-01 02:00", -3.0),
             ("2024-01-02 00:00", 5.0), ("2024-01-02 01:00", 6.0)]


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def huge_url(request, tmp_path_factory) -> Iterator[str]:
    """A source database holding `huge` (t, v): two values of 1e308 and -3 on 2024-01-01, whose sum
    no double holds, and 5 and 6 on 2024-01-02; in SQLite, then in PostgreSQL."""
    yield from tables_source(request, tmp_path_factory, {"huge": ("t {time}, v {real}", HUGE_ROWS)}, "huge")


@pytest.fixture
def huge_client(tmp_path: Path, huge_url: str, source_client):
    return source_client(tmp_path, huge_url, ["huge"])


@pytest.mark.parametrize("query", ["x=t&y=v&resample=day&agg=sum", "kind=bar&x=t&y=v&resample=day&agg=sum"])
def test_a_sum_of_doubles_past_the_largest_is_a_422_naming_the_column(huge_client, query):
    response = huge_client.get(f"/plot/huge.json?{query}")
    assert response.status_code == 422, response.data[:400]
    error = response.json["error"]
    assert "the sum of v in one day is beyond the largest number a chart can hold" in error
    assert "agg=mean or agg=max" in error
    assert "refused its query" not in error


@pytest.mark.parametrize("query", ["x=t&y=v&resample=day&agg=mean", "kind=bar&x=t&y=v&resample=day"])
def test_a_mean_of_doubles_whose_sum_passes_the_largest_is_drawn(huge_client, query):
    # As a stored dataset's frame draws it: the values added up scaled, their mean scaled back.
    rows = ok(huge_client.get(f"/plot/huge.json?{query}")).json["rows"]
    assert [v for _, v in rows] == [pytest.approx(1e308 / 3 * 2, rel=1e-15), 5.5]
    ok(huge_client.get(f"/plot/huge.svg?{query}"))


def test_a_sum_of_doubles_within_the_largest_is_drawn(huge_client):
    rows = ok(huge_client.get("/plot/huge.json?x=t&y=v&resample=day&agg=max")).json["rows"]
    assert [v for _, v in rows] == [1e308, 6.0]
