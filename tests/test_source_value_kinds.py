"""The kind of each value of an SQLite column of no type, which its description types it by: one CASE
a value (`source_counts.value_kind`) tells the same kinds as a test of each kind over every value
did, and a query's columns are typed by the kinds they hold, however many of each."""
from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import and_, case, column, create_engine, func, literal_column, not_, or_, select, table

from app.store.source_counts import KIND_NAMES, KINDS, kinds_in, value_kind
from app.store.source_sql import blank_or_word
from app.store.source_sql_dialects import SqliteFunctions
from app.store.sqlite_moments import given_its_colon_a_moment
from tests.statements import statements_run
from tests.test_source_date_text import READ_TEXTS
from tests.test_source_values import sqlite_file

# Besides moments in every form: blanks and words for a missing value, in any case and with spaces
# around them (Unicode's too), text beginning as such a word does, numbers, a blob and a lower-case `t`.
OTHER_VALUES = ["", " ", "\t", "\u3000", "n/a", " NA ", "#N/A", "None", "null\n", "\u00a0na\u2003", "nan", "n",
                "nope", "N/A!", "#", "lab-1", "hello", "test", "7", " 2024-01-01", "2024-01-01 ", "2024-01-01t",
                "2024-01-01T10:00:00+0200x", "10:00+01", 7, -3, 2.5, 0.0, b"\x00\x01", b"2024-01-01", None]


def _kinds_each_by_itself(value):
    """What the description asked of each value before, a test of each kind `KIND_NAMES` names alone (but
    blank and other text, which it told by counting): whether the value is an integer, a real …"""
    functions = SqliteFunctions()

    def of(kind: str):
        return func.typeof(value) == literal_column(f"'{kind}'")

    short_offset = functions.holds_short_offset(value)
    moment_t = and_(functions.holds_lower_t(value), functions.present(functions.date_as_read(value), "datetime"))
    moment_offset = and_(short_offset, not_(functions.holds_lower_t(value)),
                         given_its_colon_a_moment(value, functions.colon_offset(value)))
    moment = functions.present(value, "datetime")
    return {"integer": of("integer"), "real": of("real"), "blob": of("blob"), "null": value.is_(None),
            "text": and_(of("text"), not_(blank_or_word(value))), "blank": and_(of("text"), blank_or_word(value)),
            "moment": moment, "moment_t": moment_t, "moment_offset": moment_offset, "short_offset": short_offset,
            # Text none of whose tests of a moment holds (each is NULL or false, whose NOT is NULL or true).
            "other text": and_(of("text"), not_(blank_or_word(value)),
                               case((or_(moment, moment_t, moment_offset), 0), else_=1) == 1)}


def test_a_values_one_kind_is_what_each_kinds_own_test_says():
    values = [*READ_TEXTS, *OTHER_VALUES]
    kept = table("kept", column("i"), column("v"))
    asked = _kinds_each_by_itself(kept.c.v)
    assert set(asked) == {name for names in KIND_NAMES.values() for name in names}
    with create_engine("sqlite://").begin() as conn:
        conn.exec_driver_sql("CREATE TABLE kept (i INTEGER, v)")  # of no type, as a query's column is
        conn.execute(kept.insert(), [{"i": i, "v": v} for i, v in enumerate(values)])
        found = conn.execute(select(value_kind(kept.c.v), *(case((test, 1), else_=0) for test in asked.values()))
                             .order_by(kept.c.i)).all()
    for value, (kind, *each) in zip(values, found):
        assert kind in KINDS.values(), value
        assert kinds_in(kind) == {name for name, held in zip(asked, each) if held}, value
    assert {kind for kind, *_ in found} == set(KINDS.values())  # every kind met


# A logger's readings: a sensor, a moment with its local offset, numbers, one reading a minute.
READINGS = [(f"lab-{1 + i % 2}", f"2026-03-29T0{i // 60}:{i % 60:02d}:00+0{1 + i // 120}:00", 20.5 + i / 8, 40 + i % 3, 99)
            for i in range(240)]
QUERY = "SELECT sensor, taken_at, temperature, humidity, battery FROM readings WHERE temperature > -100"


def _types(tmp_path: Path, source_client, rows: list[tuple]) -> list[tuple[str, str]]:
    """The columns of the query QUERY over `rows` of readings, as its description types them."""
    url = sqlite_file(tmp_path / "lab.db", {"readings": (
        "sensor TEXT, taken_at TEXT, temperature REAL, humidity REAL, battery INTEGER", rows)})
    client = source_client(tmp_path, url, [], {"lab": {"source": "db", "sql": QUERY}})
    answer = client.get("/api/datasets/lab")
    assert answer.status_code == 200, answer.json
    return [(c["name"], c["type"]) for c in answer.json["dataset"]["columns"]]


def test_a_querys_columns_are_typed_by_the_kinds_they_hold(tmp_path: Path, source_client):
    assert _types(tmp_path, source_client, READINGS) == [
        ("sensor", "text"), ("taken_at", "datetime"), ("temperature", "float"), ("humidity", "float"),
        ("battery", "integer")]


def test_one_value_of_another_kind_among_many_types_its_column(tmp_path: Path, source_client):
    odd = [*READINGS[:100], ("lab-3", "29/03/2026 04:00", 21, 40.5, None), *READINGS[100:],
           ("lab-4", None, 22.0, "n/a", 2.5)]
    assert _types(tmp_path, source_client, odd) == [
        ("sensor", "text"), ("taken_at", "text"), ("temperature", "float"), ("humidity", "float"),
        ("battery", "float")]


def test_a_querys_values_are_each_told_once_in_its_description(tmp_path: Path, source_client):
    # Each kind of each column counted by a test of its own took 1.4 s of CPU over 345,600 rows of
    # five columns, which a count of its rows takes 0.02 s over.
    with statements_run() as statements:
        _types(tmp_path, source_client, READINGS)
    [described] = [s for s in statements if s.startswith("SELECT count(*)")]
    assert described.count("sum(DISTINCT") == 5, described
    assert described.count("count(") == 1, described  # the rows' alone
    with sqlite3.connect(tmp_path / "lab.db") as conn:
        plan = [row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {described.replace('?', '-1')}")]
    conn.close()
    assert sum(step.startswith("SCAN readings") for step in plan) == 1, plan
