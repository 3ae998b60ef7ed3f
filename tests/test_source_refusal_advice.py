"""A source's refusal of its query says what is wrong and how to mend it: a PostgreSQL role's missing
grant names the table, view or schema it may not read and the GRANT that mends it."""
from __future__ import annotations

import itertools
import os
from collections.abc import Iterator

import psycopg
import pytest
from sqlalchemy.engine import make_url

from tests.postgres import libpq_url, set_up

_roles = itertools.count(1)


@pytest.fixture
def reader_url(postgres_database_url: str) -> Iterator[str]:
    """The URL of the test's database as a role of its own that may log in and nothing more (no
    grant on any table), holding table `secret` (t, v) and view `secret_view` of it, and schema
    `vault` with table `vault.logs` (t, v), which only the database's owner may read."""
    role = f"svgplots_reader_{os.getpid()}_{next(_roles)}"
    set_up(postgres_database_url,
           "CREATE TABLE secret (t timestamp, v double precision)",
           "INSERT INTO secret VALUES ('2024-01-01', 1), ('2024-01-02', 2)",
           "CREATE VIEW secret_view AS SELECT t, v FROM secret",
           "CREATE SCHEMA vault", "CREATE TABLE vault.logs (t timestamp, v double precision)",
           f'CREATE ROLE "{role}" LOGIN')
    try:
        yield make_url(postgres_database_url).set(username=role).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(libpq_url(postgres_database_url), autocommit=True) as conn:
            conn.execute(f'DROP ROLE "{role}"')


@pytest.mark.parametrize("table, lacking, grant", [
    ({"table": "secret"}, "SELECT on table 'secret'", "GRANT SELECT ON secret TO <role>"),
    ({"table": "secret_view"}, "SELECT on view 'secret_view'", "GRANT SELECT ON secret_view TO <role>"),
    ({"sql": "SELECT t, v FROM secret"}, "SELECT on table 'secret'", "GRANT SELECT ON secret TO <role>"),
    ({"table": "logs", "schema": "vault"}, "USAGE on schema 'vault'", "GRANT USAGE ON SCHEMA vault TO <role>"),
])
def test_a_table_the_role_may_not_read_is_a_422_naming_it_and_the_grant(reader_url, app_over, table, lacking, grant):
    app = app_over({"ops": {"url": reader_url}}, {"logs": {"source": "ops", **table}})
    client = app.test_client()
    for url in ("/plot/logs.json?x=t&y=v", "/plot/logs.svg?x=t&y=v", "/datasets/logs.csv"):
        response = client.get(url)
        assert response.status_code == 422, (url, response.data[:300])
    error = client.get("/plot/logs.json?x=t&y=v").json["error"]
    assert error == (f"dataset 'logs' cannot be read: the source 'ops' refused its query (SQLSTATE 42501): the role "
                     f"its URL connects as lacks {lacking}; grant it ({grant}) or connect as a role that has it")
    assert "may have changed" not in error and "svgplots_reader" not in error


def test_a_version_sql_the_role_may_not_run_names_the_table_it_reads(reader_url, app_over, postgres_database_url):
    role = make_url(reader_url).username
    set_up(postgres_database_url, f'GRANT SELECT ON secret_view TO "{role}"')
    try:
        app = app_over({"ops": {"url": reader_url}},
                       {"logs": {"source": "ops", "table": "secret_view", "version_sql": "SELECT max(t) FROM secret"}})
        response = app.test_client().get("/plot/logs.json?x=t&y=v")
        assert response.status_code == 422, response.data[:300]
        assert response.json["error"] == (
            "dataset 'logs' cannot be read: the source 'ops' refused its version_sql (SQLSTATE 42501): the role its "
            "URL connects as lacks SELECT on table 'secret'; grant it (GRANT SELECT ON secret TO <role>) or connect "
            "as a role that has it")
    finally:
        set_up(postgres_database_url, f'REVOKE ALL ON secret, secret_view FROM "{role}"')
