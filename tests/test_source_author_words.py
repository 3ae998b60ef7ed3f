"""What a sources file's author is told of a mistake in it: at start, and in every answer it makes
go wrong, each naming the entry and the field, never only the first answer."""
from __future__ import annotations

import json
import logging
import sqlite3
from pathlib import Path

import pytest

from app import create_app
from app.store import SourceConfigError, load_sources
from tests.source_data import sources_toml, weather_frame, write_sqlite

NOT_THERE = "its SQLite file is not there: put the file back, or correct its path in the sources file"


@pytest.fixture
def app_over(tmp_path: Path, closing):
    """Make the app over `sources` and `datasets`, an SQLite file `shop.db` of the weather beside them."""
    write_sqlite(tmp_path / "shop.db", {"weather": weather_frame()})

    def make(sources: dict, datasets: dict):
        path = sources_toml(tmp_path / "sources.toml", sources, datasets)
        data = tmp_path / "data"
        data.mkdir(exist_ok=True)
        return closing(create_app({"TESTING": True, "DATA_DIR": str(data), "SOURCES": str(path),
                                   "RENDER_WORKERS": 0}))

    return make


def test_every_503_of_a_source_held_down_says_why_it_cannot_be_reached(app_over):
    # A page's request usually meets the failure first: the chart the author opens next must say it too.
    app = app_over({"gone": {"url": "sqlite:///missing.db"}}, {"w": {"source": "gone", "table": "weather"}})
    client = app.test_client()
    for attempt in range(3):
        response = client.get("/plot/w.json?y=temperature_c")
        assert response.status_code == 503, attempt
        error = response.get_json()["error"]
        assert f"the source 'gone' of dataset 'w' cannot be opened: {NOT_THERE}" in error, attempt
        assert "Retry-After" not in response.headers, attempt
        assert "missing.db" not in error


def test_start_warns_of_an_sqlite_source_whose_file_does_not_exist(app_over, caplog):
    with caplog.at_level(logging.WARNING, logger="app.store"):
        app_over({"gone": {"url": "sqlite:///missing.db"}, "shop": {"url": "sqlite:///shop.db"}},
                 {"w": {"source": "gone", "table": "weather"}, "v": {"source": "shop", "table": "weather"}})
    lines = [r.getMessage() for r in caplog.records if "does not exist" in r.getMessage()]
    assert len(lines) == 1
    assert "source 'gone'" in lines[0] and "missing.db" in lines[0] and "sources.toml" in lines[0]


def test_start_warns_of_an_sqlite_source_whose_file_is_a_folder(app_over, tmp_path, caplog):
    (tmp_path / "folder.db").mkdir()
    with caplog.at_level(logging.WARNING, logger="app.store"):
        app_over({"here": {"url": "sqlite:///folder.db"}}, {"w": {"source": "here", "table": "weather"}})
    [line] = [r.getMessage() for r in caplog.records if "is a folder" in r.getMessage()]
    assert "source 'here'" in line and "folder.db" in line and "sources.toml" in line


@pytest.mark.parametrize(("contents", "words", "status"), [
    (b"not a database, only text\n", "is not an SQLite database: its datasets answer 503", 503),
    (b"", "is empty, a database of no tables: dataset 'w' reads a table it does not have: it answers 422", 422),
], ids=["text", "empty"])
def test_start_warns_of_an_sqlite_source_whose_file_is_no_database(app_over, tmp_path, caplog, contents, words,
                                                                   status):
    # SQLite reads an empty file as a database of no tables: its datasets are told their table is not there.
    (tmp_path / "notes.db").write_bytes(contents)
    with caplog.at_level(logging.WARNING, logger="app.store"):
        app = app_over({"here": {"url": "sqlite:///notes.db"}, "shop": {"url": "sqlite:///shop.db"}},
                       {"w": {"source": "here", "table": "weather"}, "v": {"source": "shop", "table": "weather"}})
    [line] = [r.getMessage() for r in caplog.records if "its SQLite file" in r.getMessage()]
    assert f"notes.db {words}" in line and "source 'here'" in line and "sources.toml" in line
    assert app.test_client().get("/plot/w.json?y=temperature_c").status_code == status


def test_an_empty_sqlite_files_warning_names_the_datasets_that_read_a_table(app_over, tmp_path, caplog):
    # A query reading no table is answered from a database of no tables: the warning said every
    # dataset of the file answers 422.
    (tmp_path / "notes.db").write_bytes(b"")
    datasets = {"w": {"source": "here", "table": "weather"},
                "joined": {"source": "here", "sql": "SELECT 1 AS x FROM weather"},
                "versioned": {"source": "here", "sql": "SELECT 1 AS x", "version_sql": "SELECT max(day) FROM weather"},
                "one": {"source": "here", "sql": "SELECT 1 AS x"},
                "listed": {"source": "here", "sql": "SELECT count(*) AS n FROM sqlite_master"}}
    with caplog.at_level(logging.WARNING, logger="app.store"):
        app = app_over({"here": {"url": "sqlite:///notes.db"}}, datasets)
    [line] = [r.getMessage() for r in caplog.records if "its SQLite file" in r.getMessage()]
    assert "notes.db is empty, a database of no tables: datasets 'joined', 'versioned', 'w' read tables it does not " \
           "have: they answer 422 until their tables are there" in line, line
    client = app.test_client()
    for name in datasets:
        assert client.get(f"/datasets/{name}.json").status_code == (200 if name in ("one", "listed") else 422), name


def test_an_empty_sqlite_file_whose_datasets_read_no_table_is_warned_of_as_such(app_over, tmp_path, caplog):
    (tmp_path / "notes.db").write_bytes(b"")
    with caplog.at_level(logging.WARNING, logger="app.store"):
        app_over({"here": {"url": "sqlite:///notes.db"}}, {"one": {"source": "here", "sql": "SELECT 1 AS x"}})
    [line] = [r.getMessage() for r in caplog.records if "its SQLite file" in r.getMessage()]
    assert "notes.db is empty, a database of no tables, which none of its datasets reads" in line, line


def load_query(tmp_path: Path, backend: str, key: str, sql: str):
    """The sources file of one dataset whose `key` (sql or version_sql) is `sql`, loaded."""
    url = {"sqlite": "sqlite:///shop.db", "postgresql": "postgresql+psycopg://me:pw@db/shop"}[backend]
    table = "" if key == "sql" else "table = 't'\n"
    path = tmp_path / "sources.toml"
    path.write_text(f"[sources.shop]\nurl_env = 'SHOP_URL'\n[datasets.w]\nsource = 'shop'\n{table}"
                    f"{key} = {json.dumps(sql)}\n", encoding="utf-8")
    return load_sources(path, environ={"SHOP_URL": url})


@pytest.mark.parametrize("key", ["sql", "version_sql"])
@pytest.mark.parametrize(("backend", "sql", "placeholder"), [
    ("sqlite", "SELECT * FROM weather WHERE temperature_c > ?", "?"),
    ("sqlite", "SELECT * FROM weather WHERE temperature_c > ?1", "?1"),
    ("sqlite", "SELECT * FROM weather\nWHERE temperature_c > :t", ":t"),
    ("sqlite", "SELECT * FROM weather WHERE temperature_c > @t", "@t"),
    ("sqlite", "SELECT * FROM weather WHERE temperature_c > $t", "$t"),
    ("sqlite", "SELECT * FROM weather WHERE temperature_c > %s", "%s"),
    ("sqlite", "SELECT * FROM weather WHERE temperature_c > %(t)s", "%(t)s"),
    ("postgresql", "SELECT * FROM weather WHERE temperature_c > $1", "$1"),
    ("postgresql", "SELECT * FROM weather WHERE temperature_c > :t", ":t"),
    ("postgresql", "SELECT * FROM weather WHERE temperature_c > %s", "%s"),
    ("postgresql", "SELECT * FROM weather WHERE temperature_c > %(t)s", "%(t)s"),
])
def test_a_query_with_a_parameter_placeholder_stops_the_start_naming_the_entry_and_the_field(tmp_path, key, backend,
                                                                                           sql, placeholder):
    # Nothing fills it: every chart was a 422 counting the site's own bound values.
    with pytest.raises(SourceConfigError) as raised:
        load_query(tmp_path, backend, key, sql)
    message = str(raised.value)
    assert message.startswith(f"sources.toml: dataset 'w': {key} holds the parameter placeholder {placeholder!r}")
    assert "write the value itself" in message


@pytest.mark.parametrize(("backend", "sql"), [
    ("sqlite", "SELECT * FROM weather WHERE note <> '?' AND note <> ':t' -- > ?\n/* :t %s */"),
    ("sqlite", 'SELECT "a?b", [c:d], `e@f`, price$usd FROM weather WHERE v%2 = 0'),
    ("postgresql", "SELECT day::date AS day, tags[1:n], data ? 'k', @ v, $$ ? :t $$ FROM weather"),
    ("postgresql", "SELECT E'it\\'s ?', a$1 FROM weather -- $1"),
])
def test_question_marks_and_colons_in_strings_names_comments_and_operators_are_no_placeholders(tmp_path, backend,
                                                                                              sql):
    assert load_query(tmp_path, backend, "sql", sql).datasets["w"].sql == sql


@pytest.mark.parametrize("key", ["sql", "version_sql"])
@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
@pytest.mark.parametrize("sql", [
    "SELECT v%s AS rest FROM t",
    "SELECT a%s, x % s, (a + 1)%s, count(*)%s FROM t",
    "SELECT 'text'%s, \"a name\"%s, v /* why */ %s FROM t",
    "SELECT v%(t)s FROM t",
    "SELECT v\n%s FROM t",
])
def test_a_percent_after_a_value_is_the_modulo_operator_not_a_placeholder(tmp_path, key, backend, sql):
    # The site's SQL reaches the database through SQLAlchemy's text(), which doubles each % for
    # psycopg: both databases read `v%s` as v modulo s.
    assert getattr(load_query(tmp_path, backend, key, sql).datasets["w"], key) == sql


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
@pytest.mark.parametrize(("sql", "placeholder"), [
    ("SELECT * FROM weather WHERE temperature_c > /* a bound */ %s", "%s"),
    ("SELECT * FROM weather WHERE temperature_c IN (%s, %s)", "%s"),
    ("SELECT * FROM weather LIMIT %s", "%s"),
    ("SELECT %(t)s FROM weather", "%(t)s"),
    ("SELECT v FROM weather WHERE v%s = 0 AND %s", "%s"),
])
def test_a_percent_placeholder_with_no_value_before_it_stops_the_start_saying_percent_is_the_modulo(
        tmp_path, backend, sql, placeholder):
    with pytest.raises(SourceConfigError) as raised:
        load_query(tmp_path, backend, "sql", sql)
    message = str(raised.value)
    assert message.startswith(f"sources.toml: dataset 'w': sql holds the parameter placeholder {placeholder!r}")
    assert ("a Python driver's placeholder, which the site does not use: it hands a % to the database as written, "
            "the modulo operator after a value (v % 7), with no %% to escape it") in message
    assert "write the value itself" in message


def test_a_version_sql_the_database_refuses_is_422_naming_the_entry_and_the_field(app_over):
    # Its table is fine: the message must not send the author looking there.
    app = app_over({"shop": {"url": "sqlite:///shop.db"}},
                   {"w": {"source": "shop", "table": "weather", "version_sql": "SELECT max(updatd) FROM weather"}})
    response = app.test_client().get("/plot/w.json?y=temperature_c")
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert "the source 'shop' refused its version_sql (no such column: updatd)" in error
    assert "fix version_sql of [datasets.w] in the sources file" in error
    assert "its table, view or query may have changed" not in error


@pytest.mark.parametrize(("dataset", "said"), [
    ({"table": "weather"}, "has no table 'weather', which its version_sql reads too"),
    ({"sql": "SELECT date, temperature_c FROM Weather"}, "has no table 'weather', which its query and its "
                                                         "version_sql read"),
], ids=["table", "query"])
def test_a_table_dropped_that_version_sql_reads_too_is_said_gone_not_version_sql_to_fix(app_over, tmp_path,
                                                                                        dataset, said):
    # The version query is asked first and meets the table missing: the table is what is gone.
    with sqlite3.connect(tmp_path / "shop.db") as conn:
        conn.execute("DROP TABLE weather")
    conn.close()
    app = app_over({"shop": {"url": "sqlite:///shop.db"}},
                   {"w": {"source": "shop", **dataset, "version_sql": "SELECT count(*) FROM main.weather"}})
    response = app.test_client().get("/plot/w.json?y=temperature_c")
    assert response.status_code == 422, response.data[:300]
    assert response.get_json()["error"] == f"dataset 'w' cannot be read: the source 'shop' {said}"


def test_a_table_only_version_sql_reads_dropped_is_version_sql_to_fix(app_over, tmp_path):
    app = app_over({"shop": {"url": "sqlite:///shop.db"}},
                   {"w": {"source": "shop", "table": "weather", "version_sql": "SELECT count(*) FROM changes"}})
    response = app.test_client().get("/plot/w.json?y=temperature_c")
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert "the source 'shop' refused its version_sql (no such table: changes)" in error
    assert "fix version_sql of [datasets.w] in the sources file" in error


def load_text(tmp_path: Path, text: str):
    path = tmp_path / "sources.toml"
    path.write_text(text, encoding="utf-8")
    return load_sources(path, environ={})


@pytest.mark.parametrize(("entry", "typed", "meant"), [
    ("[sources.shop]\n", "ulr", "url"),
    ("[sources.shop]\n", "uri", "url"),
    ("[sources.shop]\nurl = 'sqlite:///shop.db'\n[datasets.w]\nsource = 'shop'\ntable = 't'\n", "slq", "sql"),
    ("[sources.shop]\nurl = 'sqlite:///shop.db'\n[datasets.w]\nsource = 'shop'\ntable = 't'\n", "tabel", "table"),
])
def test_a_short_keys_typo_is_answered_with_the_key_it_looks_like(tmp_path, entry, typed, meant):
    with pytest.raises(SourceConfigError) as raised:
        load_text(tmp_path, f"{entry}{typed} = 'x'\n")
    assert f"unknown key {typed!r} (did you mean {meant!r}?); the keys are " in str(raised.value)


@pytest.mark.parametrize("typed", ["xyz", "src", "db", "sql"])
def test_a_key_like_none_of_a_sources_keys_gets_no_guess(tmp_path, typed):
    with pytest.raises(SourceConfigError) as raised:
        load_text(tmp_path, f"[sources.shop]\nurl = 'sqlite:///shop.db'\n{typed} = 'x'\n")
    assert f"unknown key {typed!r}; the keys are url, url_env, cache_seconds, hold_seconds" in str(raised.value)
