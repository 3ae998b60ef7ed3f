"""A parameter placeholder in a source's query stops the start wherever a value belongs: after any
keyword that a value follows (BETWEEN, LIKE, OFFSET …), not only after the few the check once knew;
while a % or a PostgreSQL ? after a value (an operator there) is left to the database.

Each query is also given to its database as the site sends it, with the start-time check left out:
what the check refuses fails there on the first chart, and what it lets through is answered."""
from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from app.store import DatasetUnreadable, SourceConfigError, load_sources
from app.store.sources import SourceStore
from tests.source_data import SourceDb, sources_toml

# Where a value belongs, after a keyword (or punctuation) that a value follows: (query, placeholder, after).
BOTH = [
    ("SELECT * FROM orders WHERE total BETWEEN %s AND 100", "%s", "BETWEEN"),
    ("SELECT * FROM orders WHERE total BETWEEN %(low)s AND 100", "%(low)s", "BETWEEN"),
    ("SELECT * FROM orders WHERE region LIKE %s", "%s", "LIKE"),
    ("SELECT * FROM orders WHERE region NOT LIKE %(r)s", "%(r)s", "LIKE"),
    ("SELECT * FROM orders WHERE region LIKE 'n%' ESCAPE %s", "%s", "ESCAPE"),
    ("SELECT * FROM orders ORDER BY day LIMIT 10 OFFSET %s", "%s", "OFFSET"),
    ("SELECT * FROM orders ORDER BY %s", "%s", "BY"),
    ("SELECT * FROM orders WHERE region IS DISTINCT FROM %s", "%s", "FROM"),
    ("SELECT * FROM orders WHERE region IN (%s)", "%s", "("),
    ("SELECT CASE WHEN region = %s THEN total END AS mine FROM orders", "%s", "="),
    ("SELECT * FROM orders WHERE total <= %s", "%s", "<="),
    ("SELECT * FROM orders WHERE region <> %(r)s", "%(r)s", "<>"),
    ("SELECT * FROM orders LIMIT\n  %s", "%s", "LIMIT"),
]
ONLY = {
    "sqlite": [
        ("SELECT * FROM orders WHERE region GLOB %s", "%s", "GLOB"),
        ("SELECT * FROM orders WHERE total > :1", ":1", None),
        ("SELECT * FROM orders WHERE total > @1", "@1", None),
        ("SELECT * FROM orders WHERE total > $1", "$1", None),
        ("SELECT * FROM orders WHERE total>?", "?", None),
        ("SELECT * FROM orders WHERE region=?2", "?2", None),
    ],
    "postgresql": [
        ("SELECT * FROM orders WHERE region ILIKE %s", "%s", "ILIKE"),
        ("SELECT * FROM orders WHERE region SIMILAR TO %s", "%s", "TO"),
        ("SELECT * FROM orders FETCH FIRST %s ROWS ONLY", "%s", "FIRST"),
        ("SELECT day AT TIME ZONE %s AS local FROM orders", "%s", "ZONE"),
        ("SELECT * FROM orders WHERE total > ?", "?", ">"),
        ("SELECT * FROM orders WHERE total >= ?", "?", ">="),
        ("SELECT * FROM orders WHERE region IN (?, ?)", "?", "("),
        ("SELECT * FROM orders LIMIT ?", "?", "LIMIT"),
        # A colon before a number is as much a syntax error there as one before a name: the site hands
        # PostgreSQL every colon as written (none is a bind parameter of SQLAlchemy's text()).
        ("SELECT * FROM orders WHERE total > :1", ":1", None),
        ("SELECT * FROM orders WHERE total>:1::int", ":1", None),
        ("SELECT * FROM orders ORDER BY day\nLIMIT :2", ":2", None),
        ("SELECT * FROM orders WHERE region = (:region)", ":region", None),
        ("SELECT (array[total, 2])[1:2] AS pair FROM orders WHERE total > :1", ":1", None),
        # A ? right after another operator's characters is read with them as one operator, which
        # PostgreSQL does not have (=?, >?): the placeholder is named with the operator before it.
        ("SELECT * FROM orders WHERE total=?", "?", "="),
        ("SELECT * FROM orders WHERE total>? AND region = 'north'", "?", ">"),
        ("SELECT * FROM orders WHERE total <=?/* the least */", "?", "<="),
        ("SELECT * FROM orders WHERE region<>?", "?", "<>"),
        ("SELECT * FROM orders WHERE total=-?", "?", "=-"),
        ("SELECT total*? AS scaled FROM orders", "?", "*"),
        ("SELECT region||? AS named FROM orders", "?", "||"),
        ("SELECT * FROM orders WHERE day=?::date", "?", "="),
    ],
}
# No placeholder: a % after a value is the modulo (a keyword's name after a table's, o.first, is a
# column's), a ? after a value PostgreSQL's jsonb operator, and a ? before an operator's other
# characters a geometric operator of its own (?- is "is horizontal").
QUALIFIED = "SELECT o.first%s AS rest FROM (SELECT total AS first, 7 AS s FROM orders) AS o"
ANSWERED = {
    "sqlite": [
        QUALIFIED,
        "SELECT total%s AS rest FROM (SELECT total, 7 AS s FROM orders) AS o",
        "SELECT (total + 1)%s AS rest, 'x'%s AS text_rest FROM (SELECT total, 7 AS s FROM orders) AS o",
        # A ? or :1 inside a string, a quoted name or a comment is none.
        "SELECT total, 'a?b' AS q, ':1' AS colon, 'x=?' AS eq, total AS \":1?\" FROM orders"
        " /* WHERE total > :1 AND day=? */ -- OFFSET ?2",
    ],
    "postgresql": [
        QUALIFIED,
        "SELECT total%s AS rest FROM (SELECT total, 7 AS s FROM orders) AS o",
        "SELECT v ? 'a' AS has_a, v ?| array['b', 'c'] AS has_b_or_c FROM (SELECT '{\"a\": 1}'::jsonb AS v) AS j",
        "SELECT '{\"a\": 1}'::jsonb @? '$.a' AS found, ?- lseg '((-1,0),(1,0))' AS flat",
        # Its operators that hold a ?, written without spaces: jsonb's and the geometric ones.
        "SELECT v?'a' AS has_a, v?|array['b'] AS b, v?&array['a'] AS all_a, v@?'$.a' AS found"
        " FROM (SELECT '{\"a\": 1}'::jsonb AS v) AS j",
        "SELECT lseg '((0,0),(0,1))'?-|lseg '((0,0),(1,0))' AS perpendicular,"
        " lseg '((0,0),(1,0))'?||lseg '((0,1),(1,1))' AS parallel, lseg '((0,0),(1,1))'?#box '((0,0),(1,1))' AS meet",
        # A colon PostgreSQL reads: a cast's, a named argument's and an array slice's, with or without spaces.
        "SELECT total::int AS whole, total:: numeric AS exact, (total)::text AS written FROM orders",
        "SELECT extract(day FROM make_interval(days := 2)) AS two, extract(day FROM make_interval(days:=3)) AS three",
        "SELECT array_length((array[total, 2, 3])[1 :n], 1) AS head, array_length((array[total, 2, 3])[ :2], 1) AS two,"
        " (array[total, 2, 3])[(1):n][1] AS first FROM (SELECT total, 2 AS n FROM orders) AS o",
        # A ? or :1 inside a string, a quoted name or a comment is none.
        "SELECT total, 'a?b' AS q, ':1' AS colon, 'x=?' AS eq, $$:n$$ AS dollars, total AS \":1?\" FROM orders"
        " /* WHERE total > :1 AND day=? */ -- OFFSET :2",
    ],
}


def placeholder_cases(backend: str) -> list[tuple[str, str, str | None]]:
    return BOTH + ONLY[backend]


def load_query(tmp_path: Path, backend: str, sql: str):
    """The sources file of one dataset `w` whose query is `sql`, loaded (its queries checked)."""
    url = {"sqlite": "sqlite:///shop.db", "postgresql": "postgresql+psycopg://me:pw@db/shop"}[backend]
    path = tmp_path / "sources.toml"
    path.write_text(f"[sources.shop]\nurl_env = 'SHOP_URL'\n[datasets.w]\nsource = 'shop'\nsql = {json.dumps(sql)}\n",
                    encoding="utf-8")
    return load_sources(path, environ={"SHOP_URL": url})


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_a_placeholder_where_a_value_belongs_stops_the_start_naming_it_and_what_comes_before(tmp_path, backend):
    for sql, placeholder, after in placeholder_cases(backend):
        with pytest.raises(SourceConfigError) as raised:
            load_query(tmp_path, backend, sql)
        message = str(raised.value)
        assert message.startswith(f"sources.toml: dataset 'w': sql holds the parameter placeholder {placeholder!r} "
                                  f"(line {sql.count(chr(10)) + 1}"), sql
        if after is not None:
            assert f"where a value belongs, after {after!r}" in message, message
        assert "write the value itself" in message, sql


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_a_percent_or_question_mark_after_a_value_is_an_operator_and_passes_the_start(tmp_path, backend):
    for sql in ANSWERED[backend]:
        assert load_query(tmp_path, backend, sql).datasets["w"].sql == sql


def test_a_question_mark_joined_to_an_operator_says_postgresql_reads_them_as_one(tmp_path):
    with pytest.raises(SourceConfigError) as raised:
        load_query(tmp_path, "postgresql", "SELECT * FROM orders WHERE total>=?")
    assert str(raised.value).startswith(
        "sources.toml: dataset 'w': sql holds the parameter placeholder '?' (line 1) where a value belongs, after "
        "'>=': a placeholder nothing fills: PostgreSQL reads '>=?' as one operator, which it does not have; "
        "write the value itself (WHERE temperature_c > 20)")


def test_a_colon_between_a_json_objects_key_and_its_value_passes_the_start_on_postgresql(tmp_path):
    # PostgreSQL 16's JSON_OBJECT('key' : value) and JSON_OBJECTAGG(key : value): the colon is no
    # placeholder there, written beside the value or not (the tests' PostgreSQL is older: not run there).
    for sql in ["SELECT json_object('total' :total, 'region': region) AS o FROM orders",
                "SELECT JSON_OBJECTAGG(region :1) AS o FROM orders",
                "SELECT json_object('first' :(array[total, 2])[1:2]) AS o FROM orders"]:
        assert load_query(tmp_path, "postgresql", sql).datasets["w"].sql == sql


def test_a_colon_placeholder_after_a_json_object_or_a_slice_still_stops_the_start_on_postgresql(tmp_path):
    for sql in ["SELECT json_object('total' : total) AS o FROM orders WHERE total > :1",
                "SELECT (array[total])[1:1] AS o FROM orders WHERE total > (:low)"]:
        with pytest.raises(SourceConfigError) as raised:
            load_query(tmp_path, "postgresql", sql)
        assert "sql holds the parameter placeholder ':" in str(raised.value), sql


def unchecked_store(tmp_path: Path, db: SourceDb, sql: str) -> SourceStore:
    """A store of one dataset `w` over `db` whose query is `sql`, as the site reads it, put in past the
    start-time check (a query it lets through)."""
    plain = "SELECT 1 AS one"
    config = load_sources(sources_toml(tmp_path / "sources.toml", {"shop": {"url": db.url}},
                                       {"w": {"source": "shop", "sql": plain}}))
    config = dataclasses.replace(config, datasets={"w": dataclasses.replace(config.datasets["w"], sql=sql)})
    return SourceStore(config)


def test_what_the_start_refuses_fails_at_the_database_and_what_it_lets_through_is_answered(tmp_path, source_db):
    for sql, _, _ in placeholder_cases(source_db.backend):
        store = unchecked_store(tmp_path, source_db, sql)
        try:
            with pytest.raises(DatasetUnreadable):
                store.info("w")
        finally:
            store.close()
    for sql in ANSWERED[source_db.backend]:
        store = unchecked_store(tmp_path, source_db, sql)
        try:
            assert store.info("w").rows >= 1, sql
        finally:
            store.close()
