"""A sources file's `columns` naming a column the database has in another case (`upper` for a
PostgreSQL column made as `"UPPER"` or `"Upper"`) is refused saying so, and how to write it."""
from __future__ import annotations

import sqlite3

import pytest

from tests.postgres import set_up


@pytest.fixture(params=["sqlite", "postgresql"])
def cased(request, tmp_path):
    """A database whose table `readings` has the columns day, "UPPER" and "Upper" (on SQLite, UPPER
    alone: it holds no two names apart only by case)."""
    if request.param == "sqlite":
        path = tmp_path / "cased.db"
        with sqlite3.connect(path) as conn:
            conn.execute("CREATE TABLE readings (day TEXT, UPPER REAL)")
            conn.execute("INSERT INTO readings VALUES ('2024-01-01', 1.5)")
        conn.close()
        return f"sqlite:///{path}", ["UPPER"]
    url = request.getfixturevalue("postgres_database_url")
    set_up(url, 'CREATE TABLE readings (day date, "UPPER" float8, "Upper" float8)',
           "INSERT INTO readings VALUES ('2024-01-01', 1.5, 2.5)")
    return url, ["UPPER", "Upper"]


def test_columns_naming_a_column_in_another_case_is_422_naming_it_as_the_database_has_it(tmp_path, cased,
                                                                                         source_client):
    url, alike = cased
    client = source_client(tmp_path, url, [], {"readings": {"source": "db", "table": "readings",
                                                            "columns": ["day", "upper"]}})
    response = client.get("/api/datasets/readings")
    assert response.status_code == 422
    names = " and ".join(repr(name) for name in alike)
    which = "a column" if len(alike) == 1 else "columns"
    assert response.get_json()["error"] == (
        "dataset 'readings' cannot be read: table 'readings' in the source 'db' has no column 'upper': the database "
        f"has {which} of that name in another case, {names}, and a name here is written as the database has it, "
        f'upper and lower case alike: write columns = ["day", "UPPER"]')
    (tmp_path / "fixed").mkdir()
    fixed = source_client(tmp_path / "fixed", url, [], {"readings": {"source": "db", "table": "readings",
                                                                     "columns": ["day", "UPPER"]}})
    assert fixed.get("/plot/readings.json?y=UPPER").status_code == 200
