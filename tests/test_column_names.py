"""The one rule for column names (`column_name_problem`), wherever a name comes from: an upload's
header, a source database, a data-folder file."""
from __future__ import annotations

import sqlite3
from pathlib import Path

from app import create_app
from app.store.tables import column_name_problem
from tests.source_data import sources_toml

MARK = "\ufeff"
MARK_REFUSED = "holds the character U+FEFF (ZERO WIDTH NO-BREAK SPACE), a byte-order mark, which draws as nothing"


def test_a_byte_order_mark_in_a_column_name_is_refused_by_the_rule_for_names():
    assert column_name_problem(f"{MARK}a").startswith(MARK_REFUSED)
    assert column_name_problem(f"a{MARK}b").startswith(MARK_REFUSED)
    assert column_name_problem("a") is None


def test_a_source_column_named_with_a_byte_order_mark_makes_its_dataset_unreadable_saying_so(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    with sqlite3.connect(tmp_path / "db.sqlite") as conn:
        conn.execute(f'CREATE TABLE t (day TEXT, "{MARK}v" REAL)')
        conn.execute("INSERT INTO t VALUES ('2024-01-01', 1.5)")
    conn.close()
    sources = sources_toml(tmp_path / "sources.toml", {"db": {"url": url}}, {
        "marked": {"source": "db", "table": "t"},
        "picked": {"source": "db", "table": "t", "columns": ["day"]},
    })
    data = tmp_path / "data"
    data.mkdir()
    client = create_app({"TESTING": True, "DATA_DIR": str(data), "SOURCES": str(sources)}).test_client()
    response = client.get("/api/datasets/marked")
    assert response.status_code == 422
    assert f"column '\\ufeffv' of table 't' in the source 'db' {MARK_REFUSED}" in response.get_json()["error"]
    assert client.get("/api/datasets/picked").status_code == 200
