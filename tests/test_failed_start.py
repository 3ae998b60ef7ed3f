"""A site that refuses to start closes the database connections it opened on the way."""
from __future__ import annotations

import psycopg
import pytest

from app import DashboardError, create_app
from tests.postgres import libpq_url


def other_connections(url: str) -> int:
    with psycopg.connect(libpq_url(url)) as conn:
        return conn.execute("SELECT count(*) FROM pg_stat_activity "
                            "WHERE datname = current_database() AND pid <> pg_backend_pid()").fetchone()[0]


def test_a_start_refused_by_a_dashboard_leaves_no_connection_open(tmp_path, postgres_database_url):
    boards = tmp_path / "boards"
    boards.mkdir()
    (boards / "bad.toml").write_text('[[charts]]\ndataset = "nothing"\n')
    with pytest.raises(DashboardError):
        create_app({"TESTING": True, "DATA_DIR": str(tmp_path), "DATABASE_URL": postgres_database_url,
                    "DASHBOARD_DIRS": [str(boards)]})
    assert other_connections(postgres_database_url) == 0
