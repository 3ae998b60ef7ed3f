"""The one rule for column names (`column_name_problem`), wherever a name comes from: an upload's
header, a source database, a data-folder file."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from app import create_app
from app.store import WriteRejected
from app.store.site_store import sample_table
from app.store.tables import column_name_problem
from tests.source_data import sources_toml

MARK = "\ufeff"
TWO_MARKS = ("begins with the byte-order mark U+FEFF twice; UTF-8 text may begin with one at most: remove the "
             "second (an invisible character)")
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


def test_a_data_folder_file_that_begins_with_two_byte_order_marks_is_unreadable_as_an_upload_is_refused(
        tmp_path: Path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "one.csv").write_bytes(f"{MARK}a,b\n1,2\n".encode())
    (data / "two.csv").write_bytes(f"{MARK}{MARK}a,b\n1,2\n".encode())
    client = create_app({"TESTING": True, "DATA_DIR": str(data)}).test_client()
    assert [c["name"] for c in client.get("/api/datasets/one").get_json()["dataset"]["columns"]] == ["a", "b"]
    response = client.get("/api/datasets/two")
    assert response.status_code == 422
    assert response.get_json()["error"] == f"dataset 'two' cannot be read as CSV: it {TWO_MARKS}"
    listed = {d["name"]: d for d in client.get("/api/datasets").get_json()["datasets"]}
    assert listed["two"] == {"name": "two", "error": f"dataset 'two' cannot be read as CSV: it {TWO_MARKS}"}


def test_a_sample_file_that_begins_with_two_byte_order_marks_is_refused_naming_the_file(tmp_path: Path):
    (tmp_path / "one.csv").write_bytes(f"{MARK}a,b\n1,2\n".encode())
    (tmp_path / "two.csv").write_bytes(f"{MARK}{MARK}a,b\n1,2\n".encode())
    assert [c.name for c in sample_table(tmp_path / "one.csv").columns] == ["a", "b"]
    with pytest.raises(WriteRejected) as refused:
        sample_table(tmp_path / "two.csv")
    assert refused.value.message == f"the sample file {tmp_path / 'two.csv'} cannot be loaded: it {TWO_MARKS}"


def test_a_data_folder_file_naming_a_column_twice_is_unreadable_as_an_upload_is_refused(tmp_path: Path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "twice.csv").write_text("day,value,value\n2024-01-01,1,2\n")
    (data / "dotted.csv").write_text("day,value.1\n2024-01-01,1\n")
    client = create_app({"TESTING": True, "DATA_DIR": str(data)}).test_client()
    response = client.get("/api/datasets/twice")
    assert response.status_code == 422
    assert response.get_json()["error"] == ("dataset 'twice' cannot be read as CSV: column 'value' appears twice in "
                                            "the header (spaces around names are trimmed)")
    assert [c["name"] for c in client.get("/api/datasets/dotted").get_json()["dataset"]["columns"]] == [
        "day", "value.1"]


def test_a_source_table_with_look_alike_column_names_is_unreadable_until_one_is_left_out(tmp_path: Path):
    composed, decomposed = "caf\u00e9", "cafe\u0301"
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    with sqlite3.connect(tmp_path / "db.sqlite") as conn:
        conn.execute(f'CREATE TABLE t (day TEXT, "{composed}" REAL, "{decomposed}" REAL)')
        conn.execute("INSERT INTO t VALUES ('2024-01-01', 1.5, 2.5)")
    conn.close()
    sources = sources_toml(tmp_path / "sources.toml", {"db": {"url": url}}, {
        "both": {"source": "db", "table": "t"},
        "one": {"source": "db", "table": "t", "columns": ["day", composed]},
    })
    data = tmp_path / "data"
    data.mkdir()
    client = create_app({"TESTING": True, "DATA_DIR": str(data), "SOURCES": str(sources)}).test_client()
    response = client.get("/api/datasets/both")
    assert response.status_code == 422
    assert response.get_json()["error"] == (
        f"dataset 'both' cannot be read: columns {composed!r} and {decomposed!r} of table 't' in the source 'db' "
        "look the same: é is U+00E9 in one and U+0065 U+0301 in the other (the same text in two Unicode forms); "
        "column names must differ visibly, as every page, chart legend and URL shows these two alike; leave one "
        f'out with columns = ["day", "{composed}"] in the sources file, or name one anew (… AS clean_name)')
    assert client.get("/api/datasets/one").status_code == 200
