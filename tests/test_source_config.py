"""The sources file: read once at start-up; anything wrong stops the start with one line naming
the file, the entry and the field."""
from __future__ import annotations

import json
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from app import SourceConfigError, create_app
from app.config import DEFAULT_SOURCES_FILE, SAMPLE_DATA_DIR
from app.store import load_sources
from tests.conftest import ROOT, free_port

GOOD_SOURCE = '[sources.shop]\nurl = "sqlite:///shop.db"\n'
GOOD_DATASET = '[datasets.orders]\nsource = "shop"\ntable = "orders"\n'


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sources.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(("text", "expected"), [
    ("[sources.shop\n", "sources.toml: not valid TOML"),
    ("[colours.shop]\n", "sources.toml: unknown key 'colours'; the keys are sources, datasets"),
    ("[sources.Shop]\nurl = 'sqlite:///a.db'\n", "source 'Shop': the name must be"),
    ("[sources.shop]\ncache_seconds = 60\n", "source 'shop': give either url_env"),
    ("[sources.shop]\nurl = 'sqlite:///a.db'\nurl_env = 'A_URL'\n", "source 'shop': give either url_env"),
    ("[sources.shop]\nurl_env = 'NOT_SET_ANYWHERE'\n",
     "source 'shop': url_env: the environment variable NOT_SET_ANYWHERE is not set"),
    ("[sources.shop]\nurl_env = 'A URL'\n", "source 'shop': url_env must be an environment variable's name"),
    ("[sources.shop]\nurl = 'mysql://me@db/shop'\n", "source 'shop': url: url must be sqlite:///"),
    ("[sources.shop]\nurl = 'sqlite://'\n", "source 'shop': url: an SQLite source needs a file"),
    ("[sources.shop]\nurl = 'postgresql://me:secret@db/shop'\n",
     "source 'shop': url: a URL with a password belongs in an environment variable; name it with url_env"),
    ("[sources.shop]\nurl = 'sqlite:///a.db'\ncache_seconds = 0\n",
     "source 'shop': cache_seconds must be a whole number from 1 to 86400, got 0"),
    ("[sources.shop]\nurl = 'sqlite:///a.db'\npassword = 'x'\n", "source 'shop': unknown key 'password'"),
    ("[sources.shop]\nurl = 'sqlite:///a.db'\ncache_second = 5\n",
     "source 'shop': unknown key 'cache_second' (did you mean 'cache_seconds'?); the keys are url, url_env"),
    (GOOD_SOURCE + "[datasets.orders]\nsource = 'shed'\ntable = 'orders'\n",
     "dataset 'orders': source must name a [sources.<name>] entry (shop), got 'shed'"),
    (GOOD_SOURCE + "[datasets.orders]\nsource = 'shop'\n", "dataset 'orders': give either table"),
    (GOOD_SOURCE + "[datasets.orders]\nsource = 'shop'\ntable = 'o'\nsql = 'SELECT 1'\n",
     "dataset 'orders': give either table"),
    (GOOD_SOURCE + "[datasets.orders]\nsource = 'shop'\nsql = 'DELETE FROM orders'\n",
     "dataset 'orders': sql must be a query: SELECT …, WITH … or VALUES …"),
    (GOOD_SOURCE + "[datasets.orders]\nsource = 'shop'\nsql = 'SELECT 1; DROP TABLE orders'\n",
     "dataset 'orders': sql must be one statement; a ';' may only end it, not begin another"),
    (GOOD_SOURCE + "[datasets.orders]\nsource = 'shop'\nsql = \"SELECT 'a;b'; -- x\\nDROP TABLE orders\"\n",
     "dataset 'orders': sql must be one statement; a ';' may only end it"),
    (GOOD_SOURCE + "[datasets.orders]\nsource = 'shop'\nsql = \"'SELECT' ; DROP TABLE orders\"\n",
     "dataset 'orders': sql must be one statement"),
    (GOOD_SOURCE + "[datasets.orders]\nsource = 'shop'\nsql = \"-- clean up\\nDELETE FROM orders\"\n",
     "dataset 'orders': sql must be a query: SELECT …, WITH … or VALUES …; it begins 'DELETE'"),
    (GOOD_SOURCE + "[datasets.orders]\nsource = 'shop'\nsql = '/* SELECT */ DROP TABLE orders'\n",
     "dataset 'orders': sql must be a query: SELECT …, WITH … or VALUES …; it begins 'DROP'"),
    (GOOD_SOURCE + "[datasets.orders]\nsource = 'shop'\nsql = 'WITH x AS (SELECT 1) DELETE FROM empty'\n",
     "dataset 'orders': sql must be a query: SELECT …, WITH … or VALUES …; its WITH clause leads to 'DELETE', "
     "which is no query"),
    (GOOD_SOURCE + "[datasets.orders]\nsource = 'shop'\nsql = \"with \\\"a b\\\"(n) as (select ')'), y as "
                   "(insert into t values (1) returning n) select * from y\"\n",
     "dataset 'orders': sql must be a query: SELECT …, WITH … or VALUES …; its WITH clause leads to 'insert'"),
    (GOOD_SOURCE + "[datasets.orders]\nsource = 'shop'\ntable = 'orders'\n"
                   "version_sql = 'WITH RECURSIVE x AS (SELECT 1) UPDATE t SET a = 1'\n",
     "dataset 'orders': version_sql must be a query: SELECT …, WITH … or VALUES …; its WITH clause leads to 'UPDATE'"),
    (GOOD_SOURCE + "[datasets.orders]\nsource = 'shop'\nsql = \"WITH RECURSIVE t(n) AS (SELECT 1) SEARCH DEPTH FIRST BY n "
                   "SET \\\"order\\\" CYCLE n SET seen TO 'y' DEFAULT 'n' USING path DELETE FROM t\"\n",
     "dataset 'orders': sql must be a query: SELECT …, WITH … or VALUES …; its WITH clause leads to 'DELETE'"),
    (GOOD_SOURCE + "[datasets.orders]\nsource = 'shop'\nsql = '-- SELECT 1'\n",
     "dataset 'orders': sql must be a query: SELECT …, WITH … or VALUES …; it holds only comments"),
    (GOOD_SOURCE + "[datasets.orders]\nsource = 'shop'\nsql = \"SELECT 1\\nWHERE a = 'x;\"\n",
     "dataset 'orders': sql: a string ('…') that begins on line 2 is never closed"),
    (GOOD_SOURCE + "[datasets.orders]\nsource = 'shop'\nsql = 'SELECT 1 /* note'\n",
     "dataset 'orders': sql: a comment (/* … */) that begins on line 1 is never closed"),
    (GOOD_SOURCE + "[datasets.orders]\nsource = 'shop'\ntable = 'orders'\nversion_sql = \"-- newest\\nDROP TABLE x\"\n",
     "dataset 'orders': version_sql must be a query: SELECT …, WITH … or VALUES …; it begins 'DROP'"),
    (GOOD_SOURCE + "[datasets.orders]\nsource = 'shop'\ntable = 'orders'\nversion_sql = 'UPDATE x SET y = 1'\n",
     "dataset 'orders': version_sql must be a query"),
    (GOOD_SOURCE + "[datasets.orders]\nsource = 'shop'\ntable = \"or\\u0007ders\"\n",
     "dataset 'orders': table must be a table or view name of 1 to 128 characters, none of them a control "
     "character, got 'or\\x07ders'"),
    (GOOD_SOURCE + "[datasets.orders]\nsource = 'shop'\ntable = 'orders'\ncolumns = []\n",
     "dataset 'orders': columns must be a non-empty list of column names, got []"),
    (GOOD_SOURCE + "[datasets.orders]\nsource = 'shop'\ntable = 'orders'\ncolumns = ['day', \"a\\tb\", 3]\n",
     "dataset 'orders': columns must name each column as text of 1 to 128 characters, none of them a control "
     "character, got 'a\\tb'"),
    (GOOD_SOURCE + "[datasets.orders]\nsource = 'shop'\ntable = 'orders'\ncolumns = ['day', 3]\n",
     "dataset 'orders': columns must name each column as text of 1 to 128 characters, none of them a control "
     "character, got 3"),
    (GOOD_SOURCE + "[datasets.Orders]\nsource = 'shop'\ntable = 'orders'\n", "dataset 'Orders': the name must be"),
    (GOOD_SOURCE + "[datasets.orders]\nsource = ['shop']\ntable = 'orders'\n",
     "dataset 'orders': source must name a [sources.<name>] entry (shop), got ['shop']"),
    (GOOD_SOURCE + "[datasets.orders]\nsource = {a = 1}\ntable = 'orders'\n",
     "dataset 'orders': source must name a [sources.<name>] entry (shop), got {a = 1}"),
    (GOOD_SOURCE + "[datasets.orders]\nsource = 'shop'\ntable = 'orders'\ntitle = \"a\\u202eb\"\n",
     "dataset 'orders': title contains the bidirectional control U+202E (RIGHT-TO-LEFT OVERRIDE); only printable"),
    (GOOD_SOURCE + "[datasets.orders]\nsource = 'shop'\ntable = 'orders'\ntitle = \"a\\u0007b\"\n",
     "dataset 'orders': title contains the control character U+0007; only printable characters are allowed"),
    (GOOD_SOURCE + f"[datasets.orders]\nsource = 'shop'\ntable = 'orders'\ntitle = '{'t' * 201}'\n",
     "dataset 'orders': title must be at most 200 characters, got 201"),
])
def test_a_bad_sources_file_is_refused_naming_the_file_the_entry_and_the_field(tmp_path, text, expected):
    with pytest.raises(SourceConfigError) as raised:
        load_sources(write(tmp_path, text), environ={})
    assert expected in str(raised.value)
    assert "\n" not in str(raised.value)


@pytest.mark.parametrize("value", ["", "  "])
def test_a_url_env_set_but_empty_is_refused_saying_so_not_that_it_is_not_set(tmp_path, value):
    # As a compose file's SHOP_URL=${SHOP_URL} sets it where the host's own is unset.
    with pytest.raises(SourceConfigError) as raised:
        load_sources(write(tmp_path, "[sources.shop]\nurl_env = 'SHOP_URL'\n"), environ={"SHOP_URL": value})
    assert str(raised.value).endswith("source 'shop': url_env: the environment variable SHOP_URL is set but empty; "
                                      "set it to the source's URL")


# "cafe" and a combining accent: Python's repr wrote it as the café it looks like.
@pytest.mark.parametrize(("text", "expected"), [
    (GOOD_SOURCE + '[datasets."cafe\\u0301"]\nsource = "shop"\ntable = "orders"\n',
     "dataset 'cafe\\u0301': the name must be"),
    (GOOD_SOURCE + '[datasets.orders]\nsource = "sho\\u0301p"\ntable = "orders"\n',
     "source must name a [sources.<name>] entry (shop), got 'sho\\u0301p'"),
    (GOOD_SOURCE + '[datasets.orders]\nsource = "shop"\ntable = "cafe\\u0301\\\\\\u0007"\n',
     "character, got 'cafe\\u0301\\\\\\x07'"),
    (GOOD_SOURCE + '[datasets.orders]\nsource = "shop"\ntable = "orders"\ncolumns = ["day", "cafe\\u0301\\t"]\n',
     "character, got 'cafe\\u0301\\t'"),
    (GOOD_SOURCE + '[datasets.orders]\nsource = "shop"\nsql = "DE\\u0301LETE FROM orders"\n',
     "it begins 'DE\\u0301LETE'"),
    ('[sources.shop]\nurl = "sqlite:///shop.db"\ncache_seconds = "cafe\\u0301"\n',
     "source 'shop': cache_seconds must be a whole number from 1 to 86400, got 'cafe\\u0301'"),
    ('[sources.shop]\nurl = "sqlite:///shop.db"\nhold_seconds = true\n',
     "source 'shop': hold_seconds must be a whole number from 1 to 3600, got true"),
])
def test_a_sources_file_s_refusal_quotes_its_text_as_the_site_s_refusals_do(tmp_path, text, expected):
    with pytest.raises(SourceConfigError) as raised:
        load_sources(write(tmp_path, text), environ={})
    assert expected in str(raised.value)


# (system, a query as written, as it is kept): a ';' that ends the query is left out, nothing else.
GOOD_QUERIES = [
    ("sqlite", "SELECT day, total FROM orders -- every order", "SELECT day, total FROM orders -- every order"),
    ("sqlite", "-- days and totals\nSELECT day, total FROM orders", "-- days and totals\nSELECT day, total FROM orders"),
    ("sqlite", "/* days */ SELECT day FROM orders;", "/* days */ SELECT day FROM orders"),
    ("sqlite", "SELECT day FROM orders WHERE note <> 'x;y'", "SELECT day FROM orders WHERE note <> 'x;y'"),
    ("sqlite", 'SELECT "a;b", [c;d], `e;f` FROM orders; -- done; really',
     'SELECT "a;b", [c;d], `e;f` FROM orders  -- done; really'),
    ("sqlite", "SELECT 'it''s; fine' -- a ';' here\n", "SELECT 'it''s; fine' -- a ';' here"),
    ("sqlite", "WITH t AS (SELECT 1 AS n) SELECT n FROM t /* ; */", "WITH t AS (SELECT 1 AS n) SELECT n FROM t /* ; */"),
    ("sqlite", "WITH RECURSIVE t(n) AS (VALUES (1) UNION ALL SELECT n + 1 FROM t), u AS MATERIALIZED "
               "(WITH v AS (SELECT 2) SELECT * FROM v) SELECT * FROM t, u",
     "WITH RECURSIVE t(n) AS (VALUES (1) UNION ALL SELECT n + 1 FROM t), u AS MATERIALIZED "
     "(WITH v AS (SELECT 2) SELECT * FROM v) SELECT * FROM t, u"),
    # PostgreSQL's SEARCH and CYCLE clauses of a recursive query are no statement the clause leads to.
    ("postgresql", 'WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 3) SEARCH DEPTH FIRST BY n '
                   'SET "order" CYCLE n SET seen USING path SELECT n FROM t',
     'WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 3) SEARCH DEPTH FIRST BY n '
     'SET "order" CYCLE n SET seen USING path SELECT n FROM t'),
    # Parentheses nested deeper than Python's recursion limit are read, not a crash of the start.
    pytest.param("sqlite", "WITH t AS " + "(" * 2000 + "SELECT 1" + ")" * 2000 + " SELECT * FROM t",
                 "WITH t AS " + "(" * 2000 + "SELECT 1" + ")" * 2000 + " SELECT * FROM t", id="deep-parentheses"),
    ("postgresql", "/* outer /* nested; */ still a comment; */ VALUES (1)",
     "/* outer /* nested; */ still a comment; */ VALUES (1)"),
    ("postgresql", "SELECT E'it\\'s; fine', $$a;b$$, $tag$c;$$d$tag$", "SELECT E'it\\'s; fine', $$a;b$$, $tag$c;$$d$tag$"),
]


@pytest.mark.parametrize(("backend", "sql", "kept"), GOOD_QUERIES)
def test_a_query_may_have_comments_anywhere_and_semicolons_in_strings_names_and_comments(tmp_path, backend, sql, kept):
    url = {"sqlite": "sqlite:///shop.db", "postgresql": "postgresql+psycopg://me:pw@db/shop"}[backend]
    text = (f"[sources.shop]\nurl_env = 'SHOP_URL'\n[datasets.query]\nsource = 'shop'\nsql = {json.dumps(sql)}\n"
            f"[datasets.orders]\nsource = 'shop'\ntable = 'orders'\nversion_sql = {json.dumps(sql)}\n")
    config = load_sources(write(tmp_path, text), environ={"SHOP_URL": url})
    assert config.datasets["query"].sql == config.datasets["orders"].version_sql == kept


@pytest.mark.parametrize("sql", ["SELECT [a;b] FROM t", "SELECT `a;b` FROM t"])
def test_brackets_and_backticks_quote_names_in_sqlite_only(tmp_path, sql):
    for backend, url in (("sqlite", "sqlite:///shop.db"), ("postgresql", "postgresql+psycopg://me:pw@db/shop")):
        path = write(tmp_path, f"[sources.shop]\nurl_env = 'SHOP_URL'\n[datasets.query]\nsource = 'shop'\n"
                               f"sql = {json.dumps(sql)}\n")
        if backend == "sqlite":
            assert load_sources(path, environ={"SHOP_URL": url}).datasets["query"].sql == sql
        else:
            with pytest.raises(SourceConfigError, match="sql must be one statement"):
                load_sources(path, environ={"SHOP_URL": url})


def test_a_url_with_a_password_comes_from_the_environment_and_is_never_shown(tmp_path):
    config = load_sources(write(tmp_path, "[sources.shop]\nurl_env = 'SHOP_URL'\n" + GOOD_DATASET),
                          environ={"SHOP_URL": "postgresql://me:s3cret@db.internal:5432/shop"})
    source = config.sources["shop"]
    assert source.url.password == "s3cret" and source.url.drivername == "postgresql+psycopg"
    assert "s3cret" not in repr(config) and "db.internal" not in repr(config)


def test_a_relative_sqlite_path_is_relative_to_the_sources_file(tmp_path):
    (tmp_path / "conf").mkdir()
    config = load_sources(write(tmp_path / "conf", GOOD_SOURCE + GOOD_DATASET), environ={})
    assert config.sources["shop"].url.database == str(tmp_path / "conf" / "shop.db")
    assert config.sources["shop"].cache_seconds == 60
    assert config.datasets["orders"].title == "Orders"


def test_a_sources_file_saved_with_a_byte_order_mark_is_read_as_without_one(tmp_path):
    path = tmp_path / "sources.toml"
    path.write_bytes(b"\xef\xbb\xbf" + (GOOD_SOURCE + GOOD_DATASET).encode("utf-8"))
    assert load_sources(path, environ={}).datasets["orders"].table == "orders"


def test_a_sources_file_that_is_not_utf8_is_refused_naming_the_file(tmp_path):
    path = tmp_path / "sources.toml"
    path.write_bytes((GOOD_SOURCE + "# caf\xe9\n").encode("latin-1"))
    with pytest.raises(SourceConfigError, match=r"^sources\.toml: the file is not valid UTF-8: the byte 0xe9 on line 3 "):
        load_sources(path, environ={})


def test_no_sources_file_means_no_sources_unless_the_settings_name_one(tmp_path):
    assert not load_sources(tmp_path / "none.toml").datasets
    with pytest.raises(SourceConfigError, match="none.toml: no such file"):
        create_app({"TESTING": True, "DATA_DIR": str(tmp_path), "SOURCES": str(tmp_path / "none.toml")})


def test_the_sources_file_may_be_named_in_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("SVGPLOTS_SOURCES", str(write(tmp_path, "[sources.shop]\nurl = 'sqlite:///shop.db'\n"
                                                                "[datasets.orders]\nsource = 'shed'\ntable = 'o'\n")))
    with pytest.raises(SourceConfigError, match="dataset 'orders': source must name"):
        create_app({"TESTING": True, "DATA_DIR": str(tmp_path)})


def test_the_sample_sources_file_starts_on_a_fresh_clone(tmp_path):
    assert DEFAULT_SOURCES_FILE.is_file()
    assert load_sources(DEFAULT_SOURCES_FILE, environ={}).datasets == {}
    client = create_app({"TESTING": True, "DATA_DIR": str(tmp_path)}).test_client()
    assert client.get("/").status_code == 200


def test_run_py_stops_with_one_line_naming_the_file_the_entry_and_the_field(tmp_path):
    bad = write(tmp_path, GOOD_SOURCE + "[datasets.orders]\nsource = 'shop'\ntable = 'orders'\ncache_seconds = 5\n")
    done = subprocess.run([sys.executable, "run.py", "--data-dir", str(tmp_path / "data"), "--sources", str(bad),
                           "--port", str(free_port())], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert done.stderr.strip() == ("error: sources sources.toml: dataset 'orders': unknown key 'cache_seconds'; the keys "
                                   "are source, table, schema, sql, title, version_sql, columns")


def readme_section_blocks(language: str) -> list[str]:
    section = (ROOT / "README.md").read_text().split("## Charting your own database", 1)[1].split("\n## ", 1)[0]
    return re.findall(rf"```{language}\n(.*?)```", section, flags=re.S)


def run_readme_example(folder: Path) -> None:
    """The README's example script, run in `folder` beside a copy of the weather sample."""
    (folder / "site" / "data").mkdir(parents=True)
    shutil.copy(SAMPLE_DATA_DIR / "weather.csv", folder / "site" / "data" / "weather.csv")
    (script,) = readme_section_blocks("sh")
    done = subprocess.run(["bash", "-euc", script], cwd=folder, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr


def test_the_readme_example_makes_a_source_the_site_charts(tmp_path):
    run_readme_example(tmp_path)
    client = create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "data"),
                         "SOURCES": str(tmp_path / "instance" / "shop-sources.toml")}).test_client()
    assert client.get("/plot/shop-weather.svg?y=temperature_c").status_code == 200
    page = client.get("/datasets/shop-weather")
    assert page.status_code == 200 and "10958 rows" in page.get_data(as_text=True)


def test_the_readme_example_writes_only_files_git_ignores_in_a_clone(tmp_path):
    run_readme_example(tmp_path)
    written = [str(path.relative_to(tmp_path)) for path in tmp_path.rglob("*")
               if path.is_file() and path.relative_to(tmp_path).parts[:2] != ("site", "data")]
    assert written
    kept = subprocess.run(["git", "check-ignore", "--no-index", "--verbose", "--non-matching", *written], cwd=ROOT,
                          capture_output=True, text=True, timeout=60).stdout
    assert [line.split("\t")[1] for line in kept.splitlines() if line.startswith("::")] == []


def test_the_readme_sources_file_is_a_valid_one(tmp_path):
    (toml,) = readme_section_blocks("toml")
    config = load_sources(write(tmp_path, toml), environ={"WAREHOUSE_URL": "postgresql+psycopg://r:pw@db/shop"})
    assert config.datasets["orders"].version_sql == "SELECT max(updated_at) FROM orders"
    assert config.sources["warehouse"].cache_seconds == 60


def test_the_readme_s_advice_for_an_app_table_charts_its_dates_not_its_id(tmp_path):
    section = (ROOT / "README.md").read_text().split("## Charting your own database", 1)[1].split("\n## ", 1)[0]
    section = " ".join(section.split())
    query = re.search(r"an `id` key first .*? give `([^`]+)` in the chart URL", section)[1]
    entry = re.search(r"make it an entry `([^`]+)`", section)[1]
    with sqlite3.connect(tmp_path / "shop.db") as conn:
        conn.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, day TEXT, total REAL)")
        conn.executemany("INSERT INTO orders (day, total) VALUES (?, ?)", [("2024-01-01", 5.0), ("2024-01-02", 7.5)])
    conn.close()
    sources = write(tmp_path, f'{GOOD_SOURCE}{GOOD_DATASET}\n[datasets.daily]\nsource = "shop"\n{entry}\n')
    client = create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "data"), "SOURCES": str(sources)}).test_client()
    assert client.get("/plot/orders.json").get_json()["spec"]["x"] == "id"
    assert client.get(f"/plot/orders.json?{query}").get_json()["spec"] == {"x": "day", "y": "total"}
    columns = client.get("/api/datasets/daily").get_json()["dataset"]["columns"]
    assert [(column["name"], column["type"]) for column in columns] == [("day", "datetime"), ("total", "float")]
    assert client.get("/plot/daily.json").get_json()["spec"]["x"] == "day"


def test_a_column_listed_twice_is_named(tmp_path):
    path = write(tmp_path, GOOD_SOURCE + GOOD_DATASET + 'columns = ["day", "region", "day"]\n')
    with pytest.raises(SourceConfigError) as caught:
        load_sources(path, environ={})
    assert str(caught.value) == ("sources.toml: dataset 'orders': columns names the column 'day' twice; name each "
                                 "column once")
