"""PostgreSQL plans every statement the site sends for its values, however often one pooled connection has
sent it: psycopg prepares no statement on the server (`prepare_threshold=None`), where it prepared one sent
five times and PostgreSQL, after five plans for its values, might keep one plan for any values, in which
the M4 pass finding the rows that hold each pixel column's extremes took 40x its time
(benchmarks/generic_plans.py). A source's connections and the PostgreSQL store's alike."""
from __future__ import annotations

from collections.abc import Iterator

import pandas as pd
import pytest
from sqlalchemy import Engine, text

from tests.source_data import path_clients
from tests.test_stack_thinned_paths import stack_frame

HOURS = 4_000  # thinned at every width below
ASKED = 12  # more than the five executions psycopg prepared after, and PostgreSQL's five custom plans
# Another width each time: the same statements with other values, and no chart kept to answer it.
URL = "/plot/t.svg?kind=area&x=when&y=base,spiky,crossing,top&stack=stacked&width={width}"
PATHS = ("postgresql store", "postgresql source")


@pytest.fixture(scope="module")
def clients(postgres_url: str, tmp_path_factory) -> Iterator[dict]:
    """A site of a PostgreSQL store charting its dataset `t` in the database, and one of a PostgreSQL source."""
    frame = stack_frame(HOURS)
    frame.insert(0, "when", pd.date_range("2024-01-01", periods=HOURS, freq="h"))
    with path_clients(postgres_url, tmp_path_factory.mktemp("plans"), frame, frame.to_csv(index=False), PATHS,
                      settings={"RENDER_CACHE_BYTES": 0}, pushdown_above_rows=1_000) as made:
        yield made


def engine_of(client, path: str) -> Engine:
    store = client.application.extensions["svgplots"].store
    if path == "postgresql source":
        return store.sources._engine(store.sources.config.sources["db"])
    return store.database._engine


@pytest.mark.parametrize("path", PATHS)
def test_a_chart_asked_many_times_on_one_connection_prepares_no_statement_a_plan_could_be_kept_for(clients, path):
    client = clients[path]
    for width in range(200, 200 + ASKED):
        assert client.get(URL.format(width=width)).status_code == 200
    engine = engine_of(client, path)
    assert engine.pool.checkedout() == 0 and engine.pool.checkedin() == 1  # every chart on one connection
    with engine.connect() as conn:
        prepared = conn.execute(text("SELECT generic_plans, custom_plans, left(statement, 80) "
                                     "FROM pg_prepared_statements ORDER BY generic_plans DESC")).all()
    assert prepared == []
