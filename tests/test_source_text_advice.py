"""A source column the database declares text, whose values are dates or numbers: the refusal says
how an entry gets them typed, and following it draws the chart."""
from __future__ import annotations

import pytest

from tests.test_source_values import sqlite_file

ORDERS = ("id INTEGER PRIMARY KEY, day TEXT, total TEXT",
          [(1, "2025-01-01", "10"), (2, "2025-01-15", "12.5"), (3, "2025-02-03", "7")])


@pytest.fixture
def orders(tmp_path, source_client):  # noqa: F811 (the fixture imported above)
    url = sqlite_file(tmp_path / "shop.db", {"orders": ORDERS})
    return source_client(tmp_path, url, ["orders"],
                         {"orders_typed": {"source": "db", "sql": "SELECT day, CAST(total AS REAL) AS total FROM orders"}})


def test_a_text_date_column_of_an_sqlite_table_advises_a_query_not_a_cast(orders):
    error = orders.get("/plot/orders.json?x=day&y=id&resample=month").get_json()["error"]
    assert "in a column the database declares as text" in error
    assert 'sql = "SELECT day, … FROM …"' in error and "DATETIME or DATE" in error
    assert "a CAST to DATE gives the year alone" in error and "day::timestamptz AS day" in error


def test_a_text_number_column_of_an_sqlite_table_advises_a_query_or_a_number_type(orders):
    error = orders.get("/plot/orders.json?x=id&y=total").get_json()["error"]
    assert "CAST(total AS REAL) AS total" in error and "total::numeric AS total" in error


def test_the_advised_query_draws_the_chart(orders):
    response = orders.get("/plot/orders_typed.json?resample=month&agg=sum")
    assert response.status_code == 200
    assert [row[1] for row in response.get_json()["rows"]] == [22.5, 7]


def test_postgresql_is_advised_a_cast_that_keeps_offsets_and_an_odd_name_quoted(tmp_path, source_client):
    # `::timestamp` dropped a text's offset, moving every time by it; `Order Day` was written bare.
    url = sqlite_file(tmp_path / "shop.db", {"orders": ('id INTEGER PRIMARY KEY, "Order Day" TEXT',
                                                        [(1, "2025-01-01 10:00:00-05"), (2, "2025-01-02")])})
    client = source_client(tmp_path, url, ["orders"])
    error = client.get("/plot/orders.json?x=Order+Day&y=id&resample=month").get_json()["error"]
    assert '"Order Day"::timestamptz AS "Order Day"' in error
    assert """sql = 'SELECT "Order Day", … FROM …'""" in error  # TOML's literal string: as the query is written
    assert "::timestamp " not in error

